"""A number no report can hold is refused with its field named, never a server error."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from maintenance.models import INTEGER_MAX, Report
from maintenance.tests.conftest import complete_draft

HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize("respondents", [str(2**31), str(2**63), "9" * 40])
@pytest.mark.parametrize("headers", [HTMX, {}], ids=["autosave", "without-javascript"])
def test_respondents_past_an_integer_are_refused_with_the_field_named(
    client_as: Any, pattani_report: Report, respondents: str, headers: dict[str, str]
) -> None:
    client = client_as("staff.pattanitown")
    client.raise_request_exception = False
    data = complete_draft(pattani_report, respondents=respondents)
    response = client.post(f"/reports/{pattani_report.pk}/", data, headers=headers)
    assert response.status_code == (422 if headers else 200)
    page = response.content.decode()
    assert "จำนวนผู้ตอบแบบสำรวจ" in page
    assert "ค่านี้ต้องน้อยกว่าหรือเท่ากับ 2147483647" in page
    pattani_report.refresh_from_db()
    assert pattani_report.respondents is None and pattani_report.revision == 0


def test_the_largest_number_an_integer_holds_is_saved(
    client_as: Any, pattani_report: Report
) -> None:
    data = complete_draft(pattani_report, respondents=str(INTEGER_MAX))
    client_as("staff.pattanitown").post(f"/reports/{pattani_report.pk}/", data, headers=HTMX)
    pattani_report.refresh_from_db()
    assert pattani_report.respondents == INTEGER_MAX


def test_full_clean_refuses_respondents_past_an_integer(pattani_report: Report) -> None:
    pattani_report.respondents = 2**31
    with pytest.raises(ValidationError) as refused:
        pattani_report.full_clean()
    assert list(refused.value.message_dict) == ["respondents"]


@pytest.mark.parametrize("attach", ["²", "①", str(2**63)])
def test_an_item_id_in_other_digits_is_refused_and_not_echoed_into_the_address(
    client_as: Any, pattani_report: Report, attach: str
) -> None:
    client = client_as("staff.pattanitown")
    client.raise_request_exception = False
    data = {**complete_draft(pattani_report), "attach": attach, f"link-{attach}": "https://a.th"}
    response = client.post(f"/reports/{pattani_report.pk}/evidence/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{pattani_report.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "ไม่ได้เพิ่มหลักฐาน" in page
    assert not pattani_report.evidence.exists()
