"""The stream's judgement: windows of a counter's answers that look stuffed as a whole
are made suspect, out of the statistics, until a person decides; genuine traffic is
left alone."""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from registry.models import Counter
from survey import intake, protection, questionnaire, stream, tallies
from survey.models import Response, StreamWatch, SuspectWindow, Tally
from survey.stream import Seen, judge, usual_from
from thaicalendar import holidays
from thaicalendar.dates import BANGKOK

ITEMS = 16
TOP = "5" * ITEMS
TUESDAY = date(2026, 11, 24)
HISTORY = [TUESDAY - timedelta(days=d) for d in range(28, 0, -1)]


def at(day: date, hour: float) -> datetime:
    return datetime.combine(day, time(), BANGKOK) + timedelta(hours=hour)


def genuine(rng: random.Random, day: date, per_day: float, pk: list[int]) -> list[Seen]:
    """A counter's genuine answers on an open weekday: busy mornings, varied scores
    (a third all-5), fill times around a minute and a half, many networks."""
    if day.weekday() >= 5 or holidays.is_holiday(day):
        return []
    answers = []
    for _ in range(int(rng.gauss(per_day, per_day**0.5))):
        hour = rng.choice([9, 9, 10, 10, 11, 13, 14, 15]) + rng.random()
        scores = TOP if rng.random() < 0.33 else "".join(rng.choices("345", k=ITEMS))
        pk[0] += 1
        answers.append(
            Seen(
                pk[0],
                at(day, hour),
                scores,
                f"d{pk[0]}",
                rng.choice(["wifi", "wifi", "nat1", "nat2", "nat3", "nat4"]),
                int(rng.lognormvariate(4.4, 0.5)),
                rng.random() < 0.85,
            )
        )
    return answers


def _usual(rng: random.Random, per_day: float = 60) -> stream.Usual:
    pk = [0]
    history = [a for day in HISTORY for a in genuine(rng, day, per_day, pk)]
    return usual_from(
        history,
        first_day=HISTORY[0],
        last_day=HISTORY[-1],
        week=dict(stream.opening.OFFICE_HOURS),
        province_all_top=0.3,
    )


def burst(
    start: datetime,
    count: int,
    *,
    scores: str = TOP,
    network: str = "wifi",
    new: bool = True,
    fill: int | None = 10,
    minutes: float = 20,
    first_pk: int = 10**6,
) -> list[Seen]:
    step = timedelta(minutes=minutes) / count
    return [
        Seen(first_pk + n, start + n * step, scores, f"x{n}", network, fill, new)
        for n in range(count)
    ]


def codes_of(windows: list[stream.Found]) -> set[str]:
    return {code for window in windows for code in window.codes}


# The pure judgement ---------------------------------------------------------------------


def test_a_genuine_fortnight_is_left_alone() -> None:
    rng = random.Random(7)
    usual = _usual(rng)
    pk = [10**5]
    for d in range(14):
        day = TUESDAY + timedelta(days=d)
        # Some days much busier than usual: a deadline, a queue out of the door.
        per_day = 60 * (2.2 if d in (3, 8) else 1.0)
        answers = genuine(rng, day, per_day, pk)
        assert judge(answers, usual, now=at(day, 23.9)) == [], day


def test_a_burst_of_fresh_devices_on_one_network_is_found() -> None:
    rng = random.Random(1)
    usual = _usual(rng)
    day = genuine(rng, TUESDAY, 60, [10**5])
    stuffed = burst(at(TUESDAY, 10.2), 50, fill=None)
    windows = judge(day + stuffed, usual, now=at(TUESDAY, 18))
    assert len(windows) == 1
    window = windows[0]
    assert {a.pk for a in stuffed} <= set(window.answers)
    assert {"volume", "all_top", "new_devices"} <= set(window.codes)
    volume = next(s for s in window.signals if s["code"] == "volume")
    assert volume["seen"] >= 50 and volume["seen"] > 2 * volume["usual"]
    # Trimmed to the burst: not the whole morning's genuine answers with it.
    assert len(window.answers) < 50 + 20


def test_a_genuine_answer_from_another_network_inside_a_burst_stays_counted() -> None:
    """The window takes the answers that share what made it suspect (fresh devices of
    the one network, all-top, filled alike), not every answer of its span."""
    rng = random.Random(1)
    usual = _usual(rng)
    day = genuine(rng, TUESDAY, 60, [10**5])
    stuffed = burst(at(TUESDAY, 10.2), 50, network="town hall")
    inside = [
        Seen(
            2 * 10**6 + n,
            at(TUESDAY, 10.2) + timedelta(minutes=2 + 4 * n),
            scores,
            f"citizen{n}",
            f"nat{n}",
            95,
            True,
        )
        for n, scores in enumerate(["4" * 8 + "3" * 8, "5" * 8 + "4" * 8, "3" * 16, "45" * 8])
    ]
    windows = judge(day + stuffed + inside, usual, now=at(TUESDAY, 18))
    flagged = {pk for w in windows for pk in w.answers}
    assert {a.pk for a in stuffed} <= flagged
    assert not flagged & {a.pk for a in inside}
    window = next(w for w in windows if stuffed[0].pk in w.answers)
    assert window.starts_at <= inside[0].at and inside[-1].at <= window.ends_at


def test_a_slow_drip_of_all_top_answers_through_a_day_is_found_alone() -> None:
    rng = random.Random(4)
    usual = _usual(rng, per_day=15)
    day = genuine(rng, TUESDAY, 15, [10**5])
    drip = [
        Seen(10**6 + n, at(TUESDAY, 8.6 + n * 0.3), TOP, f"x{n}", f"nat{n % 5}", 80 + n, True)
        for n in range(25)
    ]
    windows = judge(day + drip, usual, now=at(TUESDAY, 23))
    flagged = {pk for w in windows for pk in w.answers}
    assert {a.pk for a in drip} <= flagged
    assert "all_top" in codes_of(windows)
    # Only its all-top answers: the day's genuine others stay counted.
    left = {a.pk for a in day if a.scores.count("5") < ITEMS - 1}
    assert left and not flagged & left


def test_a_drip_on_a_busier_day_is_weighed_against_the_days_other_answers() -> None:
    # A small counter's day: its ordinary answers, and an all-top answer every 25
    # minutes. The day's share of all-top answers alone is within what a day can show;
    # beside the day's other answers (no more of them than usual), it is not.
    rng = random.Random(11)
    usual = _usual(rng, per_day=10)
    day = genuine(rng, TUESDAY, 10, [10**5])
    drip = [
        Seen(10**6 + n, at(TUESDAY, 8.6 + n * 0.42), TOP, f"x{n}", f"nat{n % 5}", 70 + 3 * n, True)
        for n in range(18)
    ]
    windows = judge(day + drip, usual, now=at(TUESDAY, 23))
    assert {a.pk for a in drip} <= {pk for w in windows for pk in w.answers}
    assert {"volume", "all_top"} <= codes_of(windows)


def test_stuffing_that_varies_its_scores_a_little_is_found_by_them() -> None:
    # Thirty answers in an hour at a counter of fifteen a day: mostly 5, a few 4s in
    # different places, so no two alike and hardly any all-top; from three networks,
    # filled in at a person's pace.
    rng = random.Random(12)
    usual = _usual(rng, per_day=15)
    day = genuine(rng, TUESDAY, 15, [10**5])
    varied = []
    for n in range(30):
        scores = list(TOP)
        for item in rng.sample(range(ITEMS), rng.randint(1, 5)):
            scores[item] = "4"
        varied.append(
            Seen(
                10**6 + n,
                at(TUESDAY, 10 + n / 30),
                "".join(scores),
                f"x{n}",
                ["wifi", "nat1", "nat2"][n % 3],
                int(rng.lognormvariate(4.4, 0.5)),
                True,
            )
        )
    windows = judge(day + varied, usual, now=at(TUESDAY, 23))
    flagged = {pk for w in windows for pk in w.answers}
    assert {a.pk for a in varied} <= flagged
    assert "high_scores" in codes_of(windows)
    high = next(s for w in windows for s in w.signals if s["code"] == "high_scores")
    assert high["seen"] >= 0.75 and high["usual"] < 0.1
    # The day's ordinary answers in that hour stay counted.
    ordinary = {a.pk for a in day if not a.all_top and not a.high}
    assert ordinary and not flagged & ordinary


def test_a_window_points_at_the_answers_its_signals_describe() -> None:
    week = dict(stream.opening.OFFICE_HOURS)

    def seen(pk: int, hour: float, scores: str, network: str, fill: int, new: bool) -> Seen:
        return Seen(pk, at(TUESDAY, hour), scores, f"d{pk}", network, fill, new)

    stuffing = [seen(n, 16 + n / 10, TOP, "wifi", 10 + n % 4, True) for n in range(1, 9)]
    answers = [
        *stuffing,
        seen(9, 16.2, "4" + TOP[1:], "wifi", 11, True),  # near-top: all three
        seen(10, 16.3, "3" * ITEMS, "wifi", 12, True),  # network and fill: two of three
        seen(11, 16.4, TOP, "nat1", 90, True),  # all-top only: one of three
        seen(12, 16.6, "4" * ITEMS, "wifi", 95, False),  # none
    ]
    signals = [{"code": c} for c in ("volume", "all_top", "new_devices", "fill_alike")]
    taken = [a.pk for a in stream.pointed(answers, signals, week)]
    assert sorted(taken) == [*range(1, 9), 9, 10]
    # Two signals: either is enough (the all-top answer, and those given after 16:30).
    two = [{"code": "all_top"}, {"code": "after_hours"}]
    assert sorted(a.pk for a in stream.pointed(answers, two, week)) == [*range(1, 10), 11, 12]
    # Volume alone points at nothing in particular: the whole window.
    assert len(stream.pointed(answers, [{"code": "volume"}], week)) == len(answers)
    # Just outside the window, every signal must point at an answer.
    around = [
        seen(20, 15.0, TOP, "wifi", 12, True),  # the burst's early edge: all three
        seen(21, 15.1, TOP, "wifi", 80, True),  # all-top, new on the Wi-Fi: two of three
        seen(22, 15.2, "3" * ITEMS, "wifi", 11, True),  # two of three
    ]
    taken = [a.pk for a in stream.pointed(answers, signals, week, around=around)]
    assert sorted(taken) == [*range(1, 11), 20]


def test_a_quiet_counter_is_judged_on_its_own_few_answers_and_a_new_one_generously() -> None:
    rng = random.Random(6)
    pk = [0]
    quiet = [a for day in HISTORY for a in genuine(rng, day, 1.2, pk)]
    assert 0 < len(quiet) < stream.THIN_HISTORY
    week = dict(stream.opening.OFFICE_HOURS)
    usual = usual_from(quiet, first_day=HISTORY[0], last_day=HISTORY[-1], week=week)
    assert sum(usual.rate[TUESDAY.weekday()]) < 5
    # Twenty all-top answers through its day are far beyond it.
    drip = [
        Seen(10**6 + n, at(TUESDAY, 8.6 + n * 0.38), TOP, f"x{n}", f"nat{n % 5}", 80 + n, True)
        for n in range(20)
    ]
    windows = judge(drip, usual, now=at(TUESDAY, 23))
    assert {a.pk for a in drip} <= {pk for w in windows for pk in w.answers}
    # The same few answers, all in its last days: a new counter, given a generous day.
    recent = [a for a in quiet if a.at >= at(HISTORY[-8], 0)] or quiet[-3:]
    new = usual_from(recent, first_day=HISTORY[0], last_day=HISTORY[-1], week=week)
    assert sum(new.rate[TUESDAY.weekday()]) >= stream.NEW_COUNTER_DAY


def test_answers_exactly_alike_and_filled_alike_are_found() -> None:
    rng = random.Random(2)
    usual = _usual(rng)
    day = genuine(rng, TUESDAY, 60, [10**5])
    stuffed = burst(at(TUESDAY, 14), 30, scores="4" * ITEMS, network="nat1", new=False)
    windows = judge(day + stuffed, usual, now=at(TUESDAY, 18))
    assert {"identical", "fill_alike"} <= codes_of(windows)
    assert "all_top" not in codes_of(windows)
    fill = next(s for w in windows for s in w.signals if s["code"] == "fill_alike")
    assert fill["seen"] <= 2 and fill["usual"] > 30


def test_staff_answering_after_closing_is_found() -> None:
    rng = random.Random(3)
    usual = _usual(rng)
    day = genuine(rng, TUESDAY, 60, [10**5])
    evening = [
        Seen(
            10**6 + n,
            at(TUESDAY, 18 + n / 15),
            "".join(rng.choices("45", k=ITEMS)),
            "office",
            "wifi",
            rng.randint(25, 90),
            False,
        )
        for n in range(25)
    ]
    windows = judge(day + evening, usual, now=at(TUESDAY, 23))
    assert "after_hours" in codes_of(windows)
    flagged = {pk for w in windows for pk in w.answers}
    assert {a.pk for a in evening} <= flagged
    assert len(flagged - {a.pk for a in evening}) <= 5


def test_one_signal_alone_flags_nothing() -> None:
    """A busy afternoon hour of ordinary answers (several times the usual) raises the
    volume, and nothing else."""
    rng = random.Random(5)
    usual = _usual(rng)
    day = genuine(rng, TUESDAY, 60, [10**5])
    crowd = [
        Seen(
            10**6 + n,
            at(TUESDAY, 13 + n / 60),
            TOP if rng.random() < 0.33 else "".join(rng.choices("345", k=ITEMS)),
            f"x{n}",
            rng.choice(["wifi", "nat1", "nat2", "nat3"]),
            int(rng.lognormvariate(4.4, 0.5)),
            True,
        )
        for n in range(30)
    ]
    assert judge(day + crowd, usual, now=at(TUESDAY, 18)) == []


def test_windows_that_overlap_are_merged_with_their_strongest_signals() -> None:
    one = stream.Found(at(TUESDAY, 10), at(TUESDAY, 11), [1, 2], [_signal("volume", 5.0)])
    two = stream.Found(at(TUESDAY, 10.5), at(TUESDAY, 12), [2, 3], [_signal("volume", 9.0)])
    apart = stream.Found(at(TUESDAY, 15), at(TUESDAY, 16), [4], [_signal("all_top", 3.0)])
    merged = stream.merge([two, apart, one])
    assert [(w.starts_at, w.ends_at, w.answers) for w in merged] == [
        (at(TUESDAY, 10), at(TUESDAY, 12), [1, 2, 3]),
        (at(TUESDAY, 15), at(TUESDAY, 16), [4]),
    ]
    assert merged[0].signals == [_signal("volume", 9.0)]


def _signal(code: str, strength: float) -> dict[str, Any]:
    return {"code": code, "seen": 1, "usual": None, "strength": strength}


# The database side ------------------------------------------------------------------------


@pytest.fixture
def counter(world: Any) -> Counter:
    return world["5940101"].centres.get().counters.get(number=1)


def _receive(counter: Counter, moment: datetime, n: int, **answer: Any) -> None:
    version = questionnaire.current()
    with time_machine.travel(moment, tick=False):
        assert intake.receive(
            code=counter.survey_code,
            questionnaire=version,
            fingerprint=f"f{n}{moment}",
            **answer,
        )


def _send_burst(counter: Counter, start: datetime, count: int) -> None:
    for n in range(count):
        _receive(
            counter,
            start + timedelta(seconds=25 * n),
            n,
            scores=TOP,
            device_hash=protection.salted_hash(f"fresh {start} {n}"),
            network_hash=protection.salted_hash("town hall wifi"),
            fill_seconds=9,
        )


def _send_genuine(counter: Counter, start: datetime, count: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    for n in range(count):
        _receive(
            counter,
            start + timedelta(minutes=7 * n),
            n,
            scores="".join(rng.choices("345", k=ITEMS)),
            device_hash=protection.salted_hash(f"citizen {seed} {n}"),
            network_hash=protection.salted_hash(f"carrier {n % 4}"),
            fill_seconds=rng.randint(40, 200),
        )


def _centre_responses(counter: Counter) -> int:
    return sum(t.responses for t in Tally.objects.filter(centre_id=counter.centre_id))


def _once(moment: datetime) -> str:
    from io import StringIO

    out = StringIO()
    with time_machine.travel(moment, tick=False):
        call_command("survey_intake", "--once", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_intake_makes_a_stuffed_window_suspect_and_out_of_the_figures(
    counter: Counter,
) -> None:
    _send_genuine(counter, at(TUESDAY, 9), 6)
    _send_burst(counter, at(TUESDAY, 10), 40)
    printed = _once(at(TUESDAY, 10.5))
    made = int(printed.split("made ")[1].split(" answers suspect")[0])
    assert 40 <= made <= 46  # the burst, and at most the genuine morning with it
    window = SuspectWindow.objects.get()
    assert window.status == SuspectWindow.Status.OPEN
    assert (window.counter_id, window.centre_id) == (counter.pk, counter.centre_id)
    assert {"volume", "all_top", "new_devices", "fill_alike"} <= set(window.codes)
    for signal in window.signals:
        assert {"code", "seen", "usual"} <= signal.keys()
    burst_answers = Response.objects.filter(scores=TOP)
    assert burst_answers.count() == 40
    assert set(burst_answers.values_list("status", "window")) == {
        (Response.Status.SUSPECT, window.pk)
    }
    for answer in burst_answers:
        assert set(window.codes) <= set(answer.reasons)
    # Only what is left counts: the genuine morning, and whatever of it the window holds
    # waits with the burst.
    counted = Response.objects.filter(status=Response.Status.COUNTED).count()
    assert counted >= 4
    assert _centre_responses(counter) == counted


@pytest.mark.django_db
def test_watching_again_changes_nothing(counter: Counter) -> None:
    _send_burst(counter, at(TUESDAY, 10), 40)
    _once(at(TUESDAY, 10.5))
    before = list(Response.objects.values_list("pk", "status", "window", "reasons"))
    windows = list(SuspectWindow.objects.values())
    figures = _centre_responses(counter)
    assert stream.watch(now=at(TUESDAY, 10.6)) == 0
    # Even judging every answer again from the start.
    StreamWatch.objects.update(judged_upto=0)
    stream.forget_usual()
    assert stream.watch(now=at(TUESDAY, 10.7)) == 0
    assert list(Response.objects.values_list("pk", "status", "window", "reasons")) == before
    assert list(SuspectWindow.objects.values()) == windows
    assert _centre_responses(counter) == figures


@pytest.mark.django_db
def test_a_window_overlapping_open_ones_joins_them(counter: Counter) -> None:
    _send_burst(counter, at(TUESDAY, 10), 40)
    intake.fold()
    StreamWatch.objects.update_or_create(pk=1, defaults={"judged_upto": 0})
    # Two open windows already hold parts of the burst (found by earlier watches).
    early = SuspectWindow.objects.create(
        counter=counter,
        centre_id=counter.centre_id,
        starts_at=at(TUESDAY, 9.9),
        ends_at=at(TUESDAY, 10.05),
        signals=[{"code": "volume", "seen": 9, "usual": 1.0, "strength": 3.0}],
    )
    late = SuspectWindow.objects.create(
        counter=counter,
        centre_id=counter.centre_id,
        starts_at=at(TUESDAY, 10.2),
        ends_at=at(TUESDAY, 10.4),
        signals=[{"code": "fill_alike", "seen": 0, "usual": 60, "strength": 99.0}],
    )
    Response.objects.filter(submitted_at__gte=at(TUESDAY, 10.2)).update(
        status=Response.Status.SUSPECT, window=late
    )
    tallies.uncount_many(Response.objects.filter(window=late))
    stream.watch(now=at(TUESDAY, 10.5))
    window = SuspectWindow.objects.get()
    assert window.pk == early.pk
    assert window.starts_at == at(TUESDAY, 9.9)
    assert window.answers.count() == 40
    fill = next(s for s in window.signals if s["code"] == "fill_alike")
    assert fill["strength"] == 99.0  # the strongest of each code is kept
    assert _centre_responses(counter) == 0


@pytest.mark.django_db
def test_a_window_decided_as_counted_comes_back_and_is_not_flagged_again(
    counter: Counter,
) -> None:
    _send_genuine(counter, at(TUESDAY, 9), 4)
    _send_burst(counter, at(TUESDAY, 10), 40)
    _once(at(TUESDAY, 10.5))
    window = SuspectWindow.objects.get()
    held = list(window.answers.all())
    assert _centre_responses(counter) == 4 - sum(1 for a in held if a.scores != TOP)
    # A reviewer counts the whole window (the decision page does this through
    # survey/services.py): its answers come back into the figures.
    window.status = SuspectWindow.Status.COUNTED
    window.save()
    Response.objects.filter(window=window).update(status=Response.Status.COUNTED)
    tallies.count_many(Response.objects.filter(window=window))
    assert _centre_responses(counter) == 44
    # More answers that day: the counter is judged again, without taking the decided
    # window's answers back.
    _send_genuine(counter, at(TUESDAY, 11), 3, seed=1)
    _once(at(TUESDAY, 11.5))
    assert SuspectWindow.objects.count() == 1
    assert Response.objects.filter(status=Response.Status.COUNTED).count() == 47
    assert _centre_responses(counter) == 47


@pytest.mark.django_db
def test_rejected_answers_are_never_made_suspect(counter: Counter) -> None:
    _send_burst(counter, at(TUESDAY, 10), 40)
    intake.fold()
    first = Response.objects.order_by("pk").first()
    assert first is not None
    Response.objects.filter(pk=first.pk).update(status=Response.Status.REJECTED)
    tallies.uncount_many([first])
    stream.watch(now=at(TUESDAY, 10.5))
    first.refresh_from_db()
    assert (first.status, first.window_id) == (Response.Status.REJECTED, None)
    assert Response.objects.filter(status=Response.Status.SUSPECT).count() == 39


@pytest.mark.django_db
def test_a_genuine_morning_is_left_alone(counter: Counter) -> None:
    _send_genuine(counter, at(TUESDAY, 8.6), 40)
    printed = _once(at(TUESDAY, 14))
    assert "made 0 answers suspect" in printed
    assert not SuspectWindow.objects.exists()
    assert _centre_responses(counter) == 40


@pytest.mark.django_db
def test_a_watch_asks_a_handful_of_queries_whatever_the_answers(
    counter: Counter, django_assert_max_num_queries: Any
) -> None:
    _send_genuine(counter, at(TUESDAY, 8.6), 30)
    _send_burst(counter, at(TUESDAY, 13), 60)
    intake.fold()
    with django_assert_max_num_queries(25):
        assert stream.watch(now=at(TUESDAY, 15)) >= 60
