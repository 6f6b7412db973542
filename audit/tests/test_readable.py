"""The audit trail reads like the rest of the system: labels in the reader's language,
choices by their label, BE dates in Bangkok time, durations in words, kinds of object
by their Thai names; never field names, ISO UTC times or Python's durations."""

from datetime import date, datetime
from typing import Any

import time_machine

from accounts.models import User
from maintenance import services
from maintenance.models import Report
from maintenance.tests.conftest import complete_draft, send
from thaicalendar.dates import BANGKOK


def send_half_an_hour_late(client_as: Any) -> Report:
    ops = User.objects.get(username="opsadmin")
    rnd = services.set_round(actor=ops, fiscal_year=2565, months=6, deadline=date(2022, 4, 15))
    services.open_round(actor=ops, rnd=rnd)
    report = Report.objects.get(round=rnd, centre__organisation__code="5940101")
    # Half past midnight on the 16th in Bangkok: 17:30 on the 15th in UTC.
    with time_machine.travel(datetime(2022, 4, 16, 0, 30, tzinfo=BANGKOK), tick=False):
        response = send(client_as("staff.pattanitown"), report, complete_draft(report))
    assert response.status_code == 302
    return report


def trail(client_as: Any, **query: str) -> str:
    """The table of events (the filters above it name the kinds of object by value)."""
    page = client_as("opsadmin").get("/audit/", query).content.decode()
    return str(page[page.index("<table") : page.index("</table>")])


def test_a_late_report_reads_in_thai_in_the_trail(client_as: Any, world: Any) -> None:
    send_half_an_hour_late(client_as)
    page = trail(client_as, object_type="maintenance.report")
    assert "รายงานการรักษามาตรฐาน #" in page  # the kind of object by its Thai name
    assert "<strong>สถานะ</strong>: <del>ร่าง</del> → <ins>ส่งแล้ว รอตรวจ</ins>" in page
    assert "<strong>ส่งครั้งแรกเมื่อ</strong>: – → <ins>16 เมษายน 2565 เวลา 00:30 น.</ins>" in page
    assert "<strong>ระยะเวลาที่ล่าช้า</strong>: – → <ins>30 นาที</ins>" in page
    # The saved draft: each checklist answer by its item and answer, not item:<id>.
    assert "<strong>ข้อ M1 ศูนย์ยังเปิดให้บริการ" in page
    assert "– → <ins>ดำเนินการแล้ว</ins>" in page
    assert page.index("<strong>ข้อ M2 ") < page.index("<strong>ข้อ M10 ")  # items in order
    assert "ครั้งที่บันทึกร่าง" not in page  # the draft's locking counter is bookkeeping
    for raw in (
        "first_submitted_at",
        "late_by",
        "0:30:00",
        "2022-04-15T17:30",
        "item:",
        "draft_saved",
        "maintenance.report",
        ">submitted<",
    ):
        assert raw not in page, raw


def test_every_kind_of_object_and_every_label_reads_in_thai(client_as: Any, world: Any) -> None:
    send_half_an_hour_late(client_as)
    org = world["5940101"]
    client_as("admin.pattanitown").post(
        f"/registry/{org.pk}/edit/", {"name_th": org.name_th, "name_en": "Pattani Town"}
    )
    page = trail(client_as)
    assert "ฉบับของรายงาน" in page  # a report version, by its Thai name
    assert (
        "<strong>ชื่อ (ภาษาอังกฤษ)</strong>: "
        "<del>Pattani Town Municipality</del> → <ins>Pattani Town</ins>" in page
    )
    for raw in ("reportversion", "name_en", "_id<", "None"):
        assert raw not in page, raw


def test_the_trail_follows_the_reader_s_language(client_as: Any, world: Any) -> None:
    send_half_an_hour_late(client_as)
    client = client_as("opsadmin")
    client.post("/i18n/setlang/", {"language": "en", "next": "/audit/"})
    page = client.get("/audit/", {"object_type": "maintenance.report"}).content.decode()
    page = page[page.index("<table") : page.index("</table>")]
    assert "<strong>Late by</strong>: – → <ins>30 minutes</ins>" in page
    assert "16 April 2022, 00:30" in page
    assert "Submitted, awaiting review" in page


def test_every_kind_of_record_has_a_name_people_read() -> None:
    """A model that the audit trail may name has its own translated name: without one,
    Django's is the class name in English ("local question") even in Thai."""
    from django.apps import apps

    # Bookkeeping that no page and no audit record shows.
    unseen = {
        "accounts.FailedLogin",
        "survey.Arrival",
        "survey.IntakeLock",
        "survey.StreamWatch",
        "survey.Tally",
    }
    ours = ("accounts", "audit", "registry", "standards", "maintenance", "survey")
    nameless = [
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in ours
        and m._meta.label not in unseen
        and "verbose_name" not in m._meta.original_attrs
    ]
    assert nameless == []
