"""The reviewer decides a suspect window of a counter's stream as a whole, after reading
why it was flagged, with its figures, and what was sent."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from audit.models import AuditEvent
from registry.models import Counter
from survey import review, services, stream
from survey.models import Response, SuspectWindow, Tally
from survey.questionnaire import current
from thaicalendar.dates import BANGKOK

START = datetime(2026, 3, 10, 9, 0, tzinfo=BANGKOK)


@pytest.fixture
def counter(world: Any) -> Counter:
    return world["5940101"].centres.get().counters.get(number=1)


def stuffed(counter: Counter, *, answers: int = 42, minutes: int = 30) -> SuspectWindow:
    """A window as survey/stream.py leaves it: 42 answers in 30 minutes, nearly all
    giving 5 to everything, every one suspect with the window's codes."""
    window = SuspectWindow.objects.create(
        counter=counter,
        centre=counter.centre,
        starts_at=START,
        ends_at=START + timedelta(minutes=minutes),
        signals=[
            {"code": "volume", "seen": answers, "usual": 3, "minutes": minutes},
            {"code": "all_top", "seen": 0.87, "usual": 0.31},
            {"code": "new_devices", "seen": 38, "usual": None},
        ],
    )
    items = len(current().item_codes)
    for n in range(answers):
        Response.objects.create(
            centre=counter.centre,
            counter=counter,
            questionnaire=current(),
            scores="5" * items if n % 8 else "4" * items,
            submitted_at=START + timedelta(seconds=40 * n),
            status=Response.Status.SUSPECT,
            reasons=["volume", "all_top", "new_devices"],
            window=window,
            device_hash=f"{n:064x}",
            network_hash="ab" * 32,
        )
    return window


def post(client: Client, window: SuspectWindow, **data: str) -> Any:
    return client.post(f"/survey/suspect/windows/{window.pk}/", data)


def test_the_reviewer_reads_why_and_what_was_sent(client_as: Any, counter: Counter) -> None:
    window = stuffed(counter)
    page = client_as("reviewer").get("/survey/suspect/").content.decode()
    assert "ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี" in page
    assert "10 มีนาคม 2569 เวลา 09:00 น. – 10 มีนาคม 2569 เวลา 09:30 น." in page
    assert "42 คำตอบใน 30 นาที ปกติช่องบริการนี้ได้รับ 3 คำตอบ" in page
    assert "ให้คะแนนสูงสุดทุกข้อ 87% ปกติศูนย์นี้มี 31%" in page
    assert "อุปกรณ์ใหม่ 38 เครื่องจากเครือข่ายเดียวกัน" in page
    # What was sent: two patterns, 36 and 6 answers, and no trace of who sent them.
    items = len(current().item_codes)
    assert "รูปแบบคะแนน 2 แบบ" in page
    assert f"<code>{'5' * items}</code></td><td>36<" in page
    assert f"<code>{'4' * items}</code></td><td>6<" in page
    assert "ab" * 32 not in page and f"{1:064x}" not in page
    assert "นับคำตอบทั้ง 42 คำตอบ" in page and "ปฏิเสธคำตอบทั้ง 42 คำตอบ" in page
    # The window's answers are not offered one by one.
    assert 'name="answer"' not in page
    assert window.status == SuspectWindow.Status.OPEN


def test_counting_asks_to_confirm_the_number_then_counts_them_all(
    client_as: Any, counter: Counter
) -> None:
    window = stuffed(counter)
    reviewer = client_as("reviewer")
    asked = post(reviewer, window, decision="count")
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "นับคำตอบทั้ง 42 คำตอบของช่วงเวลานี้ในผลสำรวจของศูนย์หรือไม่" in page
    assert 'name="expected" value="42"' in page
    assert Response.objects.filter(status="suspect").count() == 42  # nothing yet
    done = post(reviewer, window, decision="count", confirm="1", expected="42")
    assert done.status_code == 302
    window.refresh_from_db()
    assert window.status == SuspectWindow.Status.COUNTED
    assert window.decided_by == User.objects.get(username="reviewer")
    assert window.decided_at is not None
    assert Response.objects.filter(window=window, status="counted").count() == 42
    assert Tally.objects.get(centre=counter.centre).responses == 42
    event = AuditEvent.objects.get(object_type="survey.suspectwindow")
    assert event.actor_label == "reviewer"
    assert event.changes["status"] == ["open", "counted"]
    assert event.changes["answers"] == [None, 42]
    page = reviewer.get("/survey/suspect/").content.decode()
    assert "นับคำตอบทั้ง 42 คำตอบของช่วงเวลานี้แล้ว" in page
    assert "ช่วงเวลาที่คำตอบดูเหมือนการปั่นคะแนน" not in page  # no window left open


def test_rejecting_keeps_them_out_of_the_figures(client_as: Any, counter: Counter) -> None:
    window = stuffed(counter, answers=5)
    post(client_as("overseer.pattani"), window, decision="reject", confirm="1", expected="5")
    window.refresh_from_db()
    assert window.status == SuspectWindow.Status.REJECTED
    assert Response.objects.filter(window=window, status="rejected").count() == 5
    assert not Tally.objects.filter(centre=counter.centre, responses__gt=0).exists()


def test_a_window_decided_meanwhile_says_who_and_when(client_as: Any, counter: Counter) -> None:
    window = stuffed(counter, answers=3)
    post(client_as("overseer.pattani"), window, decision="reject", confirm="1", expected="3")
    second = post(client_as("reviewer"), window, decision="count", confirm="1", expected="3")
    assert second.status_code == 409
    page = second.content.decode()
    assert "ช่วงเวลานี้ได้รับการตัดสินให้ปฏิเสธคำตอบแล้ว โดย" in page
    overseer = User.objects.get(username="overseer.pattani")
    assert f"โดย {overseer.get_full_name()} เมื่อ" in page
    assert page.count("ได้รับการตัดสินให้ปฏิเสธคำตอบแล้ว") == 1
    assert "3 คำตอบ</strong>" in page  # what the window held, all decided
    assert Response.objects.filter(window=window, status="rejected").count() == 3


def test_the_service_refuses_a_window_decided_already(counter: Counter) -> None:
    from survey import services

    window = stuffed(counter, answers=2)
    reviewer = User.objects.get(username="reviewer")
    assert services.decide_window(actor=reviewer, window=window, count=True) == 2
    with pytest.raises(services.WindowDecided) as refused:
        services.decide_window(
            actor=User.objects.get(username="opsadmin"), window=window, count=False
        )
    assert refused.value.window.decided_by == reviewer
    assert Response.objects.filter(window=window, status="counted").count() == 2


def test_answers_added_since_the_confirmation_decide_nothing(
    client_as: Any, counter: Counter
) -> None:
    window = stuffed(counter, answers=4)
    response = post(client_as("reviewer"), window, decision="count", confirm="1", expected="3")
    assert response.status_code == 409
    assert "ขณะนี้มี 4 คำตอบรอการตัดสิน" in response.content.decode()
    assert Response.objects.filter(window=window, status="suspect").count() == 4
    tampered = post(client_as("reviewer"), window, decision="count", confirm="1", expected="๔")
    assert tampered.status_code == 409
    window.refresh_from_db()
    assert window.status == SuspectWindow.Status.OPEN


def test_a_decision_other_than_count_or_reject_is_refused(client_as: Any, counter: Counter) -> None:
    window = stuffed(counter, answers=2)
    response = post(client_as("reviewer"), window, decision="delete", confirm="1", expected="2")
    assert response.status_code == 400
    assert "เลือกว่าจะนับหรือปฏิเสธคำตอบ" in response.content.decode()


def test_the_unit_sees_its_window_and_why_but_does_not_decide(
    client_as: Any, counter: Counter
) -> None:
    window = stuffed(counter, answers=3)
    admin = client_as("admin.pattanitown")
    page = admin.get("/survey/suspect/").content.decode()
    assert "3 คำตอบใน 30 นาที" in page
    assert 'name="decision"' not in page
    alone = admin.get(f"/survey/suspect/windows/{window.pk}/").content.decode()
    assert "หน่วยงานไม่ตัดสินคำตอบที่ประเมินบริการของตนเอง" in alone
    assert post(admin, window, decision="count", confirm="1", expected="3").status_code == 403
    # Out of reach: Chiang Mai's overseer is told nothing exists.
    chiangmai = client_as("overseer.chiangmai")
    assert chiangmai.get(f"/survey/suspect/windows/{window.pk}/").status_code == 404
    assert "3 คำตอบใน 30 นาที" not in chiangmai.get("/survey/suspect/").content.decode()
    assert Response.objects.filter(window=window, status="suspect").count() == 3


def test_answers_judged_alone_are_still_chosen_one_by_one(client_as: Any, counter: Counter) -> None:
    window = stuffed(counter, answers=2)
    alone = Response.objects.create(
        centre=counter.centre,
        counter=counter,
        questionnaire=current(),
        scores="4" * len(current().item_codes),
        submitted_at=START,
        status=Response.Status.SUSPECT,
        reasons=["too_fast"],
    )
    reviewer = client_as("reviewer")
    page = reviewer.get("/survey/suspect/").content.decode()
    assert f'name="answer" value="{alone.pk}"' in page
    assert "คำตอบที่พิจารณาทีละคำตอบ" in page
    # A window's answer sent as if chosen alone is not decided alone.
    in_window = Response.objects.filter(window=window).first()
    assert in_window is not None
    reviewer.post("/survey/suspect/", {"answer": [alone.pk, in_window.pk], "decision": "count"})
    alone.refresh_from_db()
    in_window.refresh_from_db()
    assert (alone.status, in_window.status) == ("counted", "suspect")


def test_the_list_only_reads(
    client_as: Any, counter: Counter, django_assert_max_num_queries: Any
) -> None:
    """Reading the list folds nothing: an answer still waiting in the intake stays
    there (issue 14 §5)."""
    from survey.models import Arrival

    for _ in range(3):
        stuffed(counter, answers=5)
    Arrival.objects.create(
        counter=counter,
        centre=counter.centre,
        questionnaire=current(),
        submitted_at=START,
        scores="5" * len(current().item_codes),
    )
    reviewer = client_as("reviewer")
    with django_assert_max_num_queries(20):
        assert reviewer.get("/survey/suspect/").status_code == 200
    assert Arrival.objects.count() == 1


def _found(window: SuspectWindow, *extra: int) -> stream.Found:
    """The stream's finding of a window, as watch() read it."""
    ids = list(Response.objects.filter(window=window).values_list("pk", flat=True))
    return stream.Found(window.starts_at, window.ends_at, [*ids, *extra], list(window.signals))


def _counters(counter: Counter) -> dict[int, tuple[int, Any]]:
    return {counter.pk: (counter.centre_id, START.date())}


def test_a_window_counted_while_the_stream_judges_stays_counted(counter: Counter) -> None:
    window = stuffed(counter)
    judged = {counter.pk: [_found(window)]}  # the stream read the answers before...
    reviewer = User.objects.get(username="reviewer")
    services.decide_window(actor=reviewer, window=window, count=True)  # ...the decision
    stream._flag(judged, _counters(counter))
    assert Response.objects.filter(window=window, status="counted").count() == 42
    assert not SuspectWindow.objects.filter(status=SuspectWindow.Status.OPEN).exists()


def test_an_answer_held_back_for_its_own_reasons_is_decided_alone(counter: Counter) -> None:
    window = stuffed(counter)
    first = Response.objects.filter(window=window).first()
    assert first is not None
    robot = Response.objects.create(
        centre=counter.centre,
        counter=counter,
        questionnaire=first.questionnaire,
        scores=first.scores,
        submitted_at=START + timedelta(minutes=5),
        status=Response.Status.SUSPECT,
        reasons=["honeypot"],
    )
    stream._flag(
        {counter.pk: [_found(window, robot.pk)]}, {counter.pk: (counter.centre_id, START.date())}
    )
    robot.refresh_from_db()
    assert (robot.window_id, robot.reasons) == (None, ["honeypot"])
    reviewer = User.objects.get(username="reviewer")
    assert robot in review.decidable(reviewer)  # on the list of answers decided alone
    services.decide_window(actor=reviewer, window=window, count=True)
    robot.refresh_from_db()
    assert robot.status == Response.Status.SUSPECT


def test_an_answer_counted_by_a_person_is_not_taken_back_by_the_stream(counter: Counter) -> None:
    window = stuffed(counter)
    decided = Response.objects.filter(window=window).first()
    assert decided is not None
    # Held back alone, then counted by a reviewer: it keeps its reasons.
    Response.objects.filter(pk=decided.pk).update(
        window=None, status=Response.Status.COUNTED, reasons=["too_fast"]
    )
    stream._flag(
        {counter.pk: [_found(window, decided.pk)]}, {counter.pk: (counter.centre_id, START.date())}
    )
    decided.refresh_from_db()
    assert (decided.status, decided.window_id) == (Response.Status.COUNTED, None)
