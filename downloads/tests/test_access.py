"""A download is its requester's alone, and its file is handed over only while the
requester still reads what it holds."""

from typing import Any

import pytest
from django.http import Http404

from accounts.models import RoleAssignment, User
from downloads.models import Download
from downloads.preparing import check_access
from downloads.tests.conftest import COMPLETENESS
from downloads.tests.fetch import ask, file_of
from maintenance.models import Round
from registry.models import Organisation
from saduak.background import run_queued_tasks


def test_another_account_gets_404_even_the_ops_administrator(client_as: Any, rnd: Round) -> None:
    page = ask(client_as("overseer.pattani"), COMPLETENESS, {"round": rnd.pk})
    run_queued_tasks()
    for persona in ("overseer.dla", "opsadmin", "admin.pattanitown"):
        other = client_as(persona)
        for address in (page, f"{page}status/", f"{page}file/"):
            assert other.get(address).status_code == 404, (persona, address)
        assert page not in other.get("/downloads/").content.decode()
    assert file_of(client_as("overseer.pattani"), page).status_code == 200


def test_a_guessed_or_broken_id_is_404(client_as: Any, world: Any) -> None:
    client = client_as("overseer.pattani")
    for address in ("/downloads/999999/", f"/downloads/{2**63}/file/", "/downloads/0/status/"):
        assert client.get(address).status_code == 404


def test_a_role_removed_after_the_file_was_made_closes_the_file(client_as: Any, rnd: Round) -> None:
    pattani = Organisation.objects.get(code="P94")
    client = client_as("overseer.pattani")
    whole = ask(client, COMPLETENESS, {"round": rnd.pk})
    area = ask(client, COMPLETENESS, {"round": rnd.pk, "area": pattani.pk})
    run_queued_tasks()
    assert file_of(client, whole).status_code == 200
    assert file_of(client, area).status_code == 200
    RoleAssignment.objects.filter(user__username="overseer.pattani").delete()
    assert file_of(client, whole).status_code == 404
    assert file_of(client, area).status_code == 404
    # The page itself still says what the download was; only the file is refused.
    assert client.get(whole).status_code == 200


def test_a_role_moved_elsewhere_closes_a_file_of_the_old_scope(client_as: Any, rnd: Round) -> None:
    client = client_as("overseer.pattani")
    page = ask(client, COMPLETENESS, {"round": rnd.pk})
    run_queued_tasks()
    chiang_mai = Organisation.objects.get(code="P50")
    RoleAssignment.objects.filter(user__username="overseer.pattani").update(organisation=chiang_mai)
    assert file_of(client, page).status_code == 404


def test_a_role_removed_before_the_worker_ran_fails_the_download(
    client_as: Any, rnd: Round
) -> None:
    client = client_as("reviewer")
    page = ask(client, "/reports/completeness.xlsx", {"round": rnd.pk})
    RoleAssignment.objects.filter(user__username="reviewer").delete()
    run_queued_tasks()
    download = Download.objects.get(user__username="reviewer")
    assert download.state == Download.State.FAILED
    assert download.failure == Download.Failure.REFUSED
    assert not download.file
    assert "ไม่มีสิทธิ์" in client.get(page).content.decode()


def test_an_inactive_account_gets_nothing(client_as: Any, rnd: Round) -> None:
    client = client_as("overseer.pattani")
    page = ask(client, COMPLETENESS, {"round": rnd.pk})
    run_queued_tasks()
    download = Download.objects.get(pk=page.split("/")[2])
    User.objects.filter(username="overseer.pattani").update(is_active=False)
    download.refresh_from_db()
    with pytest.raises(Http404):
        check_access(download)


def test_an_export_the_account_may_not_ask_for_is_refused_before_anything_is_stored(
    client_as: Any, rnd: Round
) -> None:
    chiang_mai = Organisation.objects.get(code="P50")
    client = client_as("overseer.pattani")
    response = client.post(f"{COMPLETENESS}?round={rnd.pk}&area={chiang_mai.pk}")
    assert response.status_code == 404
    assert not Download.objects.exists()
