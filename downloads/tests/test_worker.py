"""The task is safe to run twice, a stopped worker's downloads are taken up again, and
old files go."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from downloads import preparing
from downloads.models import Download
from downloads.tests.conftest import COMPLETENESS
from downloads.tests.fetch import ask, file_of
from maintenance.models import Round
from saduak.background import resume_unfinished, run_queued_tasks


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "downloads"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _asked(client_as: Any, rnd: Round) -> Download:
    ask(client_as("overseer.pattani"), COMPLETENESS, {"round": rnd.pk})
    return Download.objects.get(user__username="overseer.pattani")


def test_the_task_run_twice_makes_one_file(client_as: Any, rnd: Round) -> None:
    download = _asked(client_as, rnd)
    preparing.prepare.enqueue(download.pk)  # queued a second time, as a resume would
    run_queued_tasks()
    assert preparing.prepare.call(download.pk) == "taken"  # and once more, by hand
    download.refresh_from_db()
    assert download.state == Download.State.READY
    assert len(stored_files()) == 1
    assert Path(download.file.path) == stored_files()[0]
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
        "SUCCESSFUL",
        "SUCCESSFUL",
    ]


def test_a_stopped_workers_download_is_taken_up_again(client_as: Any, rnd: Round) -> None:
    download = _asked(client_as, rnd)
    # A worker claimed it, reported some progress, and was stopped; its task is gone.
    DBTaskResult.objects.all().delete()
    Download.objects.filter(pk=download.pk).update(
        state=Download.State.PREPARING, claim="stopped", worked_at=timezone.now(), done=1, total=2
    )
    # Another download was asked for, but its task was lost before it ran.
    ask(client_as("reviewer"), COMPLETENESS, {"round": rnd.pk})
    lost = Download.objects.get(user__username="reviewer")
    DBTaskResult.objects.all().delete()

    assert resume_unfinished()["downloads.preparing.resume"] == 2
    run_queued_tasks()
    lost.refresh_from_db()
    assert lost.state == Download.State.READY
    download.refresh_from_db()
    # The stopped worker may be alive and slow: its claim is respected for a while …
    assert download.state == Download.State.PREPARING
    assert download.claim == "stopped"
    # … then taken over, by the task the resume queued for that moment.
    later = timezone.now() + preparing.CLAIM_TIMEOUT + timedelta(seconds=5)
    with time_machine.travel(later, tick=False):
        run_queued_tasks()
    download.refresh_from_db()
    assert download.state == Download.State.READY
    assert download.claim == ""
    assert len(stored_files()) == 2
    assert file_of(client_as("overseer.pattani"), download.get_absolute_url()).status_code == 200


def test_a_worker_that_lost_its_claim_keeps_no_file(client_as: Any, rnd: Round) -> None:
    download = _asked(client_as, rnd)
    completeness = preparing.MAKERS["maintenance.completeness"]

    def overtaken(user: Any, params: dict[str, Any], progress: Any) -> Any:
        made = completeness.make(user, params, progress)
        # Meanwhile another worker took the download over and finished it.
        Download.objects.filter(pk=download.pk).update(claim="another", state="ready")
        return made

    preparing.MAKERS["test.overtaken"] = preparing.Registered(overtaken, completeness.check)
    Download.objects.filter(pk=download.pk).update(maker="test.overtaken")
    try:
        assert preparing.prepare.call(download.pk) == "taken"
    finally:
        del preparing.MAKERS["test.overtaken"]
    assert stored_files() == []


def test_old_files_are_removed_and_the_page_says_so(client_as: Any, rnd: Round) -> None:
    client = client_as("overseer.pattani")
    page = ask(client, COMPLETENESS, {"round": rnd.pk})
    run_queued_tasks()
    assert len(stored_files()) == 1
    days = settings.DOWNLOADS_KEEP_DAYS
    Download.objects.update(finished_at=timezone.now() - timedelta(days=days, hours=1))
    html = client.get(page).content.decode()
    assert "ถูกลบ" in html
    assert f'action="{COMPLETENESS}?round={rnd.pk}"' in html  # ask for it again
    assert client.get(f"{page}file/").status_code == 302
    # Reading never writes: the worker deletes the file when it next works.
    assert len(stored_files()) == 1
    resume_unfinished()  # what `manage.py work` does first
    assert stored_files() == []
    assert Download.objects.get().state == Download.State.EXPIRED


def test_the_command_removes_old_files_only(client_as: Any, rnd: Round) -> None:
    ask(client_as("overseer.pattani"), COMPLETENESS, {"round": rnd.pk})
    run_queued_tasks()
    ask(client_as("reviewer"), COMPLETENESS, {"round": rnd.pk})
    run_queued_tasks()
    Download.objects.filter(user__username="overseer.pattani").update(
        finished_at=timezone.now() - timedelta(days=settings.DOWNLOADS_KEEP_DAYS + 1)
    )
    call_command("forget_downloads")
    states = dict(Download.objects.values_list("user__username", "state"))
    assert states == {"overseer.pattani": "expired", "reviewer": "ready"}
    assert len(stored_files()) == 1
    assert User.objects.get(username="reviewer").downloads.get().file


def test_asking_again_while_it_is_prepared_gives_the_same_download(
    client_as: Any, rnd: Round
) -> None:
    client = client_as("overseer.pattani")
    pages = {ask(client, COMPLETENESS, {"round": rnd.pk}) for _ in range(5)}
    assert len(pages) == 1
    assert Download.objects.count() == 1
    run_queued_tasks()
    ask(client, COMPLETENESS, {"round": rnd.pk})  # once ready, a new one may be asked for
    assert Download.objects.count() == 2
