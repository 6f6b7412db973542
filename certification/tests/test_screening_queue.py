"""A screener's queue holds only the applications assigned to them, read in a fixed
number of queries; any other application answers 404, even by a guessed address."""

from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from certification.tests.factories_screen import another_screener, make_application, make_call
from registry.models import Organisation, ServiceCentre

QUEUE = reverse("certification:screening_queue")


def test_a_screener_sees_only_what_is_assigned_and_404_elsewhere(
    client_as: Any, world: Any
) -> None:
    call = make_call()
    screener = User.objects.get(username="screener")
    mine = make_application(world["5940101"], call=call, screener=screener)
    theirs = make_application(world["5941001"], call=call, screener=another_screener())
    client = client_as("screener")
    page = client.get(QUEUE).content.decode()
    assert mine.centre.name_th in page
    assert theirs.centre.name_th not in page
    assert client.get(reverse("certification:screening", args=[mine.pk])).status_code == 200
    assert client.get(reverse("certification:screening", args=[theirs.pk])).status_code == 404
    post = client.post(reverse("certification:screening_decide", args=[theirs.pk]), {})
    assert post.status_code == 404
    # The registry is not theirs to read either.
    assert client.get(f"/registry/{world['5941001'].pk}/").status_code == 404


def test_ops_pmo_sees_every_application_with_its_screener(client_as: Any, world: Any) -> None:
    call = make_call()
    make_application(world["5940101"], call=call, screener=User.objects.get(username="screener"))
    make_application(world["3500101"], call=call)
    page = client_as("opsadmin").get(QUEUE).content.decode()
    assert "2 ใบสมัคร" in page
    assert "วิไล ตรวจเอกสาร" in page  # the demo screener's name
    assert "ยังไม่มอบหมาย" in page


def test_units_and_overseers_have_no_queue(client_as: Any, world: Any) -> None:
    for persona in ("admin.pattanitown", "overseer.pattani"):
        assert client_as(persona).get(QUEUE).status_code == 403


def _centres(world: Any, count: int) -> list[ServiceCentre]:
    org = world["5940101"]
    return [
        ServiceCentre.objects.create(organisation=org, name_th=f"ศูนย์ทดสอบ {n}")
        for n in range(count)
    ]


@pytest.mark.parametrize("persona", ["screener", "opsadmin"])
def test_the_queue_reads_in_the_same_number_of_queries_for_3_or_30(
    client_as: Any, world: Any, django_assert_num_queries: Any, persona: str
) -> None:
    call = make_call()
    screener = User.objects.get(username="screener")
    client = client_as(persona)
    counts = []
    made = 0
    for total in (3, 30):
        for centre in _centres(world, total - made):
            make_application(centre, call=call, screener=screener)
        made = total
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            page = client.get(QUEUE)
        assert page.status_code == 200
        assert f"{total} ใบสมัคร" in page.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(QUEUE)
    assert Organisation.objects.exists()
