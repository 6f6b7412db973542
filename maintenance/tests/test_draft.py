"""The draft saves as the user types, survives a closed browser, and two open tabs
cannot overwrite each other silently."""

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from maintenance.models import Report
from maintenance.tests.conftest import complete_draft

HTMX = {"HX-Request": "true"}


def first_item(report: Report) -> Any:
    return report.standard.checklist_items.first()


def test_the_draft_autosaves_and_is_there_after_the_browser_is_closed(
    client_as: Any, pattani_report: Report
) -> None:
    item = first_item(pattani_report)
    data = complete_draft(pattani_report, **{f"item-{item.pk}-comment": "เปิดบริการวันเสาร์ด้วย"})
    response = client_as("staff.pattanitown").post(
        f"/reports/{pattani_report.pk}/", data, headers=HTMX
    )
    assert response.status_code == 200
    assert "บันทึกร่างแล้ว" in response.content.decode()
    # A new session (the browser was closed) finds the draft as typed.
    page = client_as("staff.pattanitown").get(f"/reports/{pattani_report.pk}/").content.decode()
    assert "เปิดบริการวันเสาร์ด้วย" in page
    pattani_report.refresh_from_db()
    assert pattani_report.status == "draft" and pattani_report.revision == 1
    assert pattani_report.answers.get(item=item).value == "met"


def test_saving_without_javascript_works_too(client_as: Any, pattani_report: Report) -> None:
    response = client_as("admin.pattanitown").post(
        f"/reports/{pattani_report.pk}/", complete_draft(pattani_report)
    )
    assert response.status_code == 302
    pattani_report.refresh_from_db()
    assert str(pattani_report.mean_staff) == "4.71"


def test_a_second_tab_cannot_overwrite_the_first_silently(
    client_as: Any, pattani_report: Report
) -> None:
    item = first_item(pattani_report)
    tab_a = complete_draft(pattani_report, **{f"item-{item.pk}-comment": "จากแท็บแรก"})
    tab_b = complete_draft(pattani_report, **{f"item-{item.pk}-comment": "จากแท็บที่สอง"})
    client = client_as("staff.pattanitown")
    assert client.post(f"/reports/{pattani_report.pk}/", tab_a, headers=HTMX).status_code == 200
    response = client.post(f"/reports/{pattani_report.pk}/", tab_b, headers=HTMX)
    assert response.status_code == 409
    assert "ไม่ได้บันทึก" in response.content.decode()
    assert pattani_report.answers.get(item=item).comment == "จากแท็บแรก"
    # Without JavaScript the same conflict re-shows the page with the person's own text.
    page = client.post(f"/reports/{pattani_report.pk}/", tab_b).content.decode()
    assert "ไม่ได้บันทึก" in page and "จากแท็บที่สอง" in page
    assert pattani_report.answers.get(item=item).comment == "จากแท็บแรก"


def test_a_mean_outside_1_to_5_is_refused_with_the_field_named(
    client_as: Any, pattani_report: Report
) -> None:
    data = complete_draft(pattani_report, mean_staff="7")
    response = client_as("staff.pattanitown").post(
        f"/reports/{pattani_report.pk}/", data, headers=HTMX
    )
    assert response.status_code == 422
    assert "ค่าเฉลี่ย: ด้านเจ้าหน้าที่" in response.content.decode()
    pattani_report.refresh_from_db()
    assert pattani_report.mean_staff is None and pattani_report.revision == 0  # nothing half-saved


def test_only_the_units_own_staff_fill_the_report(
    client_as: Any, pattani_report: Report, chiangmai_report: Report
) -> None:
    data = complete_draft(pattani_report)
    for username in ["overseer.pattani", "reviewer", "opsadmin"]:
        assert (
            client_as(username).post(f"/reports/{pattani_report.pk}/", data).status_code == 403
        ), username
    # Outside the scope the report does not exist.
    assert client_as("staff.pattanitown").get(f"/reports/{chiangmai_report.pk}/").status_code == 404
    assert client_as("overseer.pattani").get(f"/reports/{chiangmai_report.pk}/").status_code == 404
    assert client_as("overseer.pattani").get(f"/reports/{pattani_report.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mean_process", "NaN"),
        ("mean_process", "Infinity"),
        ("mean_process", "sNaN"),
        ("mean_process", "-inf"),
        ("mean_process", "1e999"),
        ("respondents", "9223372036854775808"),
        ("respondents", "2147483648"),
    ],
)
def test_a_number_no_one_can_mean_is_refused_on_its_field(
    client_as: Any, pattani_report: Report, field: str, value: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="staff.pattanitown"))
    response = client.post(
        f"/reports/{pattani_report.pk}/", complete_draft(pattani_report, **{field: value})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    pattani_report.refresh_from_db()
    assert pattani_report.revision == 0  # nothing saved


def test_the_audit_trail_keeps_an_empty_figure_empty_and_shows_only_what_was_typed(
    client_as: Any, pattani_report: Report
) -> None:
    from audit.models import AuditEvent

    staff = client_as("staff.pattanitown")
    staff.post(f"/reports/{pattani_report.pk}/", complete_draft(pattani_report))
    pattani_report.refresh_from_db()
    staff.post(f"/reports/{pattani_report.pk}/", complete_draft(pattani_report, mean_staff=""))
    event = AuditEvent.objects.filter(object_type="maintenance.report").latest("id")
    assert event.changes["mean_staff"] == ["4.71", None]
    assert "percentage_staff" in event.changes  # kept, though never typed…
    page = client_as("opsadmin").get("/audit/").content.decode()
    assert "percentage" not in page  # …and not shown: the mean's change says it
    assert "None" not in page


def test_the_draft_page_asks_for_the_questionnaire_once(
    client_as: Any, pattani_report: Report
) -> None:
    """The satisfaction fields are named from the current questionnaire: read once for
    the page, not once per field."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("staff.pattanitown")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/reports/{pattani_report.pk}/").status_code == 200
    questionnaires = [q for q in queries if 'FROM "survey_questionnaire"' in (q["sql"] or "")]
    assert len(questionnaires) <= 3, [q["sql"] for q in questionnaires]
