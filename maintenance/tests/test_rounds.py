from typing import Any

from maintenance.models import Report, Round


def test_ops_pmo_sets_the_deadlines_of_a_fiscal_year(client_as: Any, world: Any) -> None:
    client = client_as("opsadmin")
    response = client.post(
        "/reports/rounds/",
        {"fiscal_year": "2566", "deadline_6": "๑๕ เม.ย. ๖๖", "deadline_12": "15/10/2566"},
    )
    assert response.status_code == 302
    six, twelve = Round.objects.filter(fiscal_year=2566).order_by("months")
    assert (six.period_start.isoformat(), six.period_end.isoformat()) == (
        "2022-10-01",
        "2023-03-31",
    )
    assert six.deadline.isoformat() == "2023-04-15"
    assert (twelve.period_end.isoformat(), twelve.deadline.isoformat()) == (
        "2023-09-30",
        "2023-10-15",
    )
    page = client.get("/reports/rounds/").content.decode()
    assert "15 เมษายน 2566" in page


def test_a_deadline_before_the_round_ends_or_unreadable_is_refused(
    client_as: Any, world: Any
) -> None:
    client = client_as("opsadmin")
    page = client.post(
        "/reports/rounds/",
        {"fiscal_year": "2566", "deadline_6": "1/3/2566", "deadline_12": "31/2/2566"},
    ).content.decode()
    assert "กำหนดส่งรอบ 6 เดือน: " in page and "31 มีนาคม 2566" in page
    assert "กำหนดส่งรอบ 12 เดือน: " in page
    assert not Round.objects.exists()


def test_opening_a_round_makes_certified_and_in_certification_centres_owe_a_report(
    rnd: Round,
) -> None:
    owing = set(
        Report.objects.filter(round=rnd).values_list("centre__organisation__code", flat=True)
    )
    assert owing == {"5940101", "3500101"}  # not Yarang, which is not in the programme
    assert rnd.standard is not None and rnd.standard.fiscal_year == 2565
    assert all(r.standard_id == rnd.standard_id for r in Report.objects.filter(round=rnd))


def test_opening_twice_changes_nothing(client_as: Any, rnd: Round) -> None:
    client_as("opsadmin").post(f"/reports/rounds/{rnd.pk}/open/")
    assert Report.objects.filter(round=rnd).count() == 2


def test_only_ops_pmo_administrators_manage_rounds(client_as: Any, rnd: Round) -> None:
    for username in ["reviewer", "overseer.dla", "admin.pattanitown"]:
        client = client_as(username)
        assert client.get("/reports/rounds/").status_code == 403
        assert client.post(f"/reports/rounds/{rnd.pk}/open/").status_code == 403


def test_moving_the_deadline_measures_sent_reports_again(client_as: Any, rnd: Round) -> None:
    from datetime import datetime, timedelta

    import time_machine

    from maintenance.tests.conftest import complete_draft, send
    from thaicalendar.dates import BANGKOK

    report = Report.objects.get(round=rnd, centre__organisation__code="5940101")
    with time_machine.travel(datetime(2022, 4, 18, 9, 0, tzinfo=BANGKOK), tick=False):
        send(client_as("staff.pattanitown"), report, complete_draft(report))
    report.refresh_from_db()
    assert report.is_late
    response = client_as("opsadmin").post(
        "/reports/rounds/",
        {"fiscal_year": "2565", "deadline_6": "30/4/2565", "deadline_12": "15/10/2565"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.late_by == timedelta(0)
    assert report.versions.get().late_by == timedelta(0)
