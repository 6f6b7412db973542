"""What the figures leave out: the suspect and rejected answers of a centre or an area
over a period, counted by status and by reason, beside the satisfaction figure."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from maintenance.models import Round
from registry.models import ServiceCentre
from survey import questionnaire, reasons, selectors, services, tallies
from survey.models import Response
from thaicalendar.dates import BANGKOK

# FY2568's first half: 1 October 2567 – 31 March 2568.
START, END = date(2024, 10, 1), date(2025, 3, 31)
SUSPECT, REJECTED, COUNTED = (
    Response.Status.SUSPECT,
    Response.Status.REJECTED,
    Response.Status.COUNTED,
)


def answer(
    centre: ServiceCentre,
    day: date,
    *,
    status: str = COUNTED,
    why: list[str] | None = None,
    hour: int = 10,
) -> Response:
    """An answer as the intake stores it: counted ones go into the tallies."""
    response = Response.objects.create(
        centre=centre,
        questionnaire=questionnaire.current(),
        submitted_at=datetime(day.year, day.month, day.day, hour, tzinfo=BANGKOK),
        scores="5" * len(questionnaire.current().item_codes),
        status=status,
        reasons=why or [],
    )
    if status == COUNTED:
        tallies.count(response)
    return response


def a_stuffed_round(centre: ServiceCentre) -> None:
    """6 answers received in the round: 3 counted, 2 suspect, 1 rejected; and others
    outside the round, which say nothing about it."""
    day = date(2024, 12, 3)
    for _ in range(3):
        answer(centre, day)
    answer(centre, day, status=SUSPECT, why=["volume", "all_top"])
    answer(centre, day, status=SUSPECT, why=["volume"])
    answer(centre, day, status=REJECTED, why=["too_fast", "volume"])
    answer(centre, date(2024, 9, 30), status=SUSPECT, why=["after_hours"])  # before it
    answer(centre, date(2025, 4, 1), status=REJECTED, why=["after_hours"])  # after it


def test_left_out_answers_are_counted_by_status_and_by_reason(
    pattani: ServiceCentre, chiangmai: ServiceCentre
) -> None:
    a_stuffed_round(pattani)
    answer(chiangmai, date(2024, 12, 3), status=SUSPECT, why=["identical"])  # elsewhere
    left = selectors.left_out(Q(centre=pattani), START, END, counted=3)
    assert (left.suspect, left.rejected, left.answers) == (2, 1, 3)
    # An answer gives several reasons: 3 answers, 5 reasons between them.
    assert [(r.code, r.answers) for r in left.reasons] == [
        ("volume", 3),
        ("all_top", 1),
        ("too_fast", 1),
    ]
    assert left.reasons[0].th == "จำนวนคำตอบมากกว่าที่ช่องบริการนี้ได้รับตามปกติมาก"
    assert left.reasons[0].en == "far more answers than the counter usually receives"
    assert (left.received, left.share) == (6, Decimal("50.00"))
    # The centre's figures carry them, beside its 3 counted answers.
    stats = selectors.centre_stats(pattani, START, END)
    assert stats.answers == 3
    assert stats.left_out == left


def test_a_reason_given_twice_by_one_answer_counts_it_once(pattani: ServiceCentre) -> None:
    answer(pattani, date(2024, 12, 3), status=SUSPECT, why=["repeat", "repeat"])
    left = selectors.left_out(Q(centre=pattani), START, END)
    assert [(r.code, r.answers) for r in left.reasons] == [("repeat", 1)]
    # Nothing counted beside it: all of what was received was left out.
    assert left.share == Decimal("100.00")


def test_nothing_received_has_no_share(pattani: ServiceCentre) -> None:
    left = selectors.left_out(Q(centre=pattani), START, END)
    assert (left.answers, left.received, left.share, left.reasons) == (0, 0, None, ())


def test_the_centres_results_page_says_what_was_left_out_and_why(
    client_as: Any, pattani: ServiceCentre, rnd: Round
) -> None:
    a_stuffed_round(pattani)
    page = client_as("overseer.pattani").get(
        f"/survey/centres/{pattani.pk}/results/", {"round": rnd.pk}
    )
    text = page.content.decode()
    assert "คำตอบที่ไม่นับ" in text
    assert "ไม่นับ 3 คำตอบที่น่าสงสัย คิดเป็นร้อยละ 50.00 ของ 6 คำตอบที่ได้รับ: รอการตัดสิน 2 ปฏิเสธแล้ว 1" in text
    assert "เหตุ (คำตอบหนึ่งอาจมีหลายเหตุ):" in text
    assert f"<li>{reasons.text('volume')}: 3</li>" in text
    assert f"<li>{reasons.text('all_top')}: 1</li>" in text
    assert f"<li>{reasons.text('too_fast')}: 1</li>" in text
    assert reasons.text("after_hours") not in text  # outside the round
    assert "คำตอบที่รอการตัดสินจะนับรวมในผลเมื่อผู้ตรวจสอบตัดสินให้นับ" in text


def test_in_english_too(client_as: Any, pattani: ServiceCentre, rnd: Round) -> None:
    a_stuffed_round(pattani)
    client = client_as("staff.pattanitown")
    client.cookies["django_language"] = "en"
    text = client.get(f"/survey/centres/{pattani.pk}/results/", {"round": rnd.pk}).content
    assert (
        "3 answers left out as suspect, 50.00 % of the 6 received: 2 awaiting a decision, "
        "1 rejected." in text.decode()
    )
    assert "<li>far more answers than the counter usually receives: 3</li>" in text.decode()


def test_a_centre_with_nothing_left_out_says_so(
    client_as: Any, pattani: ServiceCentre, rnd: Round
) -> None:
    answer(pattani, date(2024, 12, 3))
    page = client_as("staff.pattanitown").get(
        f"/survey/centres/{pattani.pk}/results/", {"round": rnd.pk}
    )
    assert "ไม่มีคำตอบที่ไม่นับเพราะน่าสงสัย" in page.content.decode()


def test_deciding_moves_answers_from_awaiting_to_counted_or_rejected(
    pattani: ServiceCentre,
) -> None:
    a_stuffed_round(pattani)
    reviewer = User.objects.get(username="reviewer")
    suspects = Response.objects.filter(centre=pattani, status=SUSPECT, reasons=["volume"])
    services.decide(actor=reviewer, answers=suspects, count=True)
    stats = selectors.centre_stats(pattani, START, END)
    assert stats.answers == 4
    assert stats.left_out is not None
    assert (stats.left_out.suspect, stats.left_out.rejected, stats.left_out.share) == (
        1,
        1,
        Decimal("33.33"),
    )
    suspects = Response.objects.filter(centre=pattani, status=SUSPECT)
    services.decide(actor=reviewer, answers=suspects, count=False)
    left = selectors.centre_stats(pattani, START, END).left_out
    assert left is not None and (left.suspect, left.rejected, left.counted) == (0, 2, 4)


def test_an_area_counts_what_its_centres_left_out(
    client_as: Any, pattani: ServiceCentre, chiangmai: ServiceCentre, rnd: Round
) -> None:
    a_stuffed_round(pattani)
    answer(chiangmai, date(2024, 12, 3), status=REJECTED, why=["identical"])
    answer(chiangmai, date(2024, 12, 4))
    ops = User.objects.get(username="opsadmin")
    country = selectors.area_stats(ops, area=None, start=START, end=END)
    assert country.left_out is not None
    assert (country.left_out.suspect, country.left_out.rejected) == (2, 2)
    assert country.left_out.received == 8
    # Pattani's overseer sees Pattani's only (its jurisdiction, the centres filter the
    # area's figures use).
    page = client_as("overseer.pattani").get("/survey/results/", {"round": rnd.pk})
    left = page.context["stats"].left_out
    assert (left.suspect, left.rejected, left.received) == (2, 1, 6)
    assert "ไม่นับ 3 คำตอบที่น่าสงสัย" in page.content.decode()
    national = client_as("opsadmin").get("/survey/results/", {"round": rnd.pk})
    assert "ไม่นับ 4 คำตอบที่น่าสงสัย คิดเป็นร้อยละ 50.00 ของ 8" in national.content.decode()
    assert f"<li>{reasons.text('identical')}: 1</li>" in national.content.decode()


def test_left_out_costs_two_queries_however_many_answers_and_reasons(
    pattani: ServiceCentre, chiangmai: ServiceCentre
) -> None:
    def queries(centres: Q) -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.left_out(centres, START, END)
        return len(captured)

    answer(pattani, date(2024, 12, 3), status=SUSPECT, why=["volume"])
    few = queries(Q(centre=pattani)), queries(Q())
    codes = list(reasons.REASONS)
    for i in range(40):
        why = [codes[i % len(codes)], codes[(i * 7) % len(codes)]]
        answer(pattani, date(2024, 11, 1 + i % 28), status=[SUSPECT, REJECTED][i % 2], why=why)
        answer(chiangmai, date(2025, 1, 1 + i % 28), status=SUSPECT, why=why[:1])
    assert len(selectors.left_out(Q(centre=pattani), START, END).reasons) == len(codes)
    assert (queries(Q(centre=pattani)), queries(Q())) == few == (2, 2)
