"""Bad input to the survey's staff pages is answered with a clear error, never a 500."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from survey.models import LocalQuestion, Response
from survey.questionnaire import current


@pytest.fixture
def suspect(world: Any) -> Response:
    counter = world["5940101"].centres.get().counters.get(number=1)
    return Response.objects.create(
        counter=counter,
        centre=counter.centre,
        questionnaire=current(),
        submitted_at=timezone.now(),
        scores="5" * len(current().item_codes),
        status=Response.Status.SUSPECT,
        reasons=["too_fast"],
    )


def reviewer(client_as: Any) -> Client:
    client: Client = client_as("reviewer")
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("written", ["²", "①", "٣", "๓", "1²", str(2**63), "9" * 30, "-1", " 1"])
def test_a_suspect_answer_id_that_is_not_a_plain_number_is_refused_clearly(
    client_as: Any, suspect: Response, written: str
) -> None:
    client = reviewer(client_as)
    response = client.post(
        "/survey/suspect/", {"answer": [str(suspect.pk), written], "decision": "count"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "เลือก: อ่านคำตอบที่เลือกบางรายการไม่ได้" in page
    suspect.refresh_from_db()
    assert suspect.status == Response.Status.SUSPECT  # nothing decided on a tampered form


def test_plain_ids_are_still_decided(client_as: Any, suspect: Response) -> None:
    reviewer(client_as).post("/survey/suspect/", {"answer": str(suspect.pk), "decision": "count"})
    suspect.refresh_from_db()
    assert suspect.status == Response.Status.COUNTED


NOT_A_FORM = [
    ("application/json", b'{"text_th": "\\u0e04\\u0e33\\u0e16\\u0e32\\u0e21"}'),
    ("application/octet-stream", b"\x00\xff\xfe binary"),
    ("text/plain", "คำถาม".encode()),
    ("application/x-www-form-urlencoded", b""),
]


@pytest.mark.parametrize(("content_type", "body"), NOT_A_FORM)
def test_a_body_that_is_not_a_form_is_answered_with_the_page_when_five_are_asked(
    client_as: Any, world: Any, content_type: str, body: bytes
) -> None:
    centre = world["5940101"].centres.get()
    for n in range(5):
        LocalQuestion.objects.create(centre=centre, text_th=f"คำถาม {n}")
    client = client_as("admin.pattanitown")
    client.raise_request_exception = False
    url = f"/survey/centres/{centre.pk}/questions/"
    response = client.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 200
    assert "ไม่เกิน 5" in response.content.decode()
    assert LocalQuestion.objects.count() == 5


@pytest.mark.parametrize(("content_type", "body"), NOT_A_FORM)
def test_a_body_that_is_not_a_form_names_the_missing_field(
    client_as: Any, world: Any, content_type: str, body: bytes
) -> None:
    centre = world["5940101"].centres.get()
    client = client_as("admin.pattanitown")
    client.raise_request_exception = False
    url = f"/survey/centres/{centre.pk}/questions/"
    response = client.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 200
    assert "คำถาม (ภาษาไทย): ฟิลด์นี้จำเป็น" in response.content.decode()
    assert not LocalQuestion.objects.exists()


@pytest.mark.parametrize(
    ("content_type", "status"),
    [("multipart/form-data", 400), ("multipart/form-data; boundary=x", 200)],
    ids=["no-boundary", "truncated"],
)
def test_a_malformed_multipart_body_is_refused(
    client_as: Any, world: Any, content_type: str, status: int
) -> None:
    centre = world["5940101"].centres.get()
    client = client_as("admin.pattanitown")
    client.raise_request_exception = False
    response = client.generic(
        "POST",
        f"/survey/centres/{centre.pk}/questions/",
        b'--x\r\nContent-Disposition: form-data; name="text_th"\r\n\r\n',
        content_type=content_type,
    )
    assert response.status_code == status
    assert not LocalQuestion.objects.exists()
