"""The judgement of a counter's stream of answers: windows of time whose answers look
stuffed as a whole, though each looks innocent alone (fifty fresh browsers on the town
hall's Wi-Fi, each waiting the minimum time and answering 5 to everything).

The core, `judge`, is pure: one counter's answers and what is usual for it (`Usual`, from
its own history, its centre's people served, its province's share of all-top answers and
its opening hours) in, the windows that look stuffed out, each with its signals as
SuspectWindow keeps them. `watch` is the database side, run by the intake process
(survey_intake) every minute: it judges the counters that received answers since the
last watch, and makes every answer of a stuffed window suspect, out of the tallies, until
a person decides on the window (survey/services.py).

Each signal is a strength, in standard deviations above what is usual for the counter,
the day-to-day variation of genuine traffic included (a busy Monday, a centre whose
citizens answer 5 to everything more often one week than the next). A signal that fires
alone rarely means stuffing (a genuine busy morning raises the volume and nothing
else), so a window is stuffed when the strengths of its signals add up to STUFFED: two
clear signals together, or one overwhelming. docs/survey.md, "Stuffing: signals over a
counter's stream", has the method, its measured results and what it does not catch.
"""

import bisect
import math
from collections import Counter as Tally
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import quantiles
from typing import Any

from survey import opening, reasons
from thaicalendar import holidays
from thaicalendar.dates import BANGKOK

# Sliding windows (bursts) and the whole Bangkok day (slow drips).
SLIDING = (timedelta(minutes=30), timedelta(hours=2))
DAY = timedelta(days=1)
SLOT = timedelta(minutes=15)  # the grain of the usual volume
SLOTS = DAY // SLOT
HISTORY_DAYS = 28  # the counter's own past that says what is usual for it

# A fired signal has at least this strength; a window is stuffed when its fired
# signals add up to STUFFED, or when one alone reaches ALONE.
FIRES = 2.5
STUFFED = 8.0
ALONE = 15.0
# A day is judged once, where the sliding windows of a day are judged hundreds of
# times: a day can be believed on less.
STUFFED_DAY = 6.5
DAY_SHARE_ALONE = 4.5
# Day-to-day variation of genuine traffic beyond chance: a counter's volume varies by
# about a third of itself (negative binomial, VOLUME_SPREAD), and its share of all-top
# answers as a proportion over SHARE_SPREAD answers would (beta-binomial).
VOLUME_SPREAD = 10.0
SHARE_SPREAD = 50.0
# Fewest answers behind a signal, so that two or three answers never make one.
MIN_ANSWERS = {
    "volume": 8,
    "all_top": 6,
    "high_scores": 6,
    "identical": 6,
    "new_devices": 8,
    "after_hours": 5,
    "fill_alike": 12,
}
# A share must also be this much above the usual one, not only unlikely by chance.
SHARE_MARGIN = 0.2
# Fill times are too alike when their spread (interquartile range) is under this part
# of the usual spread.
FILL_ALIKE = 0.35
# Seconds either side of the alike fill times' quartiles still counted as alike, at least.
FILL_BAND_MIN = 3.0
# A burst's window is cut at each end where its signals' strength falls under this part
# of their best: the signals then pick its answers within (`pointed`).
TRIM_KEEP = 0.85
# What is assumed usual where the counter's history is too short to tell (a new
# counter): answers per open day, and the spread of fill times in seconds.
NEW_COUNTER_DAY = 40.0
THIN_HISTORY = 30  # answers
# A counter with thin history, answered within this many days of its history's start,
# is a quiet one, judged on its own rate.
QUIET_SINCE = 7
USUAL_FILL_SPREAD = 60.0
# How much the province's all-top share weighs against the centre's own, in answers.
PROVINCE_WEIGHT = 50.0
# An answer scores high, short of the top everywhere, when its answered items average
# at least this: a stuffer who varies the 5s with a few 4s to look genuine.
HIGH_MEAN = 4.5
# What is assumed of a counter's share of such answers before its history tells, and
# how many answers that assumption weighs.
USUAL_HIGH = 0.15


@dataclass(frozen=True, slots=True)
class Seen:
    """One answer of a counter's stream, as the judgement needs it."""

    pk: int
    at: datetime
    scores: str
    device: str
    network: str
    fill: int | None
    new_device: bool
    status: str = "counted"
    all_top: bool = field(init=False)  # 5 to every item
    high: bool = field(init=False)  # not all_top, but averaging HIGH_MEAN or more

    def __post_init__(self) -> None:
        top = bool(self.scores) and self.scores.count("5") == len(self.scores)
        answered = [int(c) for c in self.scores if c != "0"]
        high = not top and bool(answered) and sum(answered) >= HIGH_MEAN * len(answered)
        object.__setattr__(self, "all_top", top)
        object.__setattr__(self, "high", high)


@dataclass(slots=True)
class Usual:
    """What is usual for one counter: the baselines its stream is judged against."""

    # Answers per SLOT, by day kind (weekday 0-6, or HOLIDAY) and slot of the day.
    rate: dict[int, list[float]]
    all_top: float  # usual share of answers giving 5 to every item
    all_top_from: str  # "centre" or "province"
    high: float  # usual share of answers scoring high short of all-top (Seen.high)
    patterns: dict[str, float]  # usual share of each answer pattern
    fill_spread: float  # usual interquartile range of fill times, seconds
    new_from_network: float  # usual share of answers that are new devices from one network
    served_per_day: float | None  # people the centre serves on an open day, as it reports
    week: opening.Week = field(default_factory=lambda: dict(opening.OFFICE_HOURS))


HOLIDAY = 7


def day_kind(day: date) -> int:
    return HOLIDAY if holidays.is_holiday(day) else day.weekday()


def _slot_start(day: date, slot: int) -> datetime:
    return datetime.combine(day, time(), BANGKOK) + slot * SLOT


def usual_from(
    history: Sequence[Seen],
    *,
    first_day: date,
    last_day: date,
    week: opening.Week,
    province_all_top: float | None = None,
    served_per_day: float | None = None,
) -> Usual:
    """What is usual for a counter, from its counted answers of the Bangkok days
    `first_day` to `last_day` (its history) and what its centre and province say."""
    kinds = Tally(
        day_kind(first_day + timedelta(d)) for d in range((last_day - first_day).days + 1)
    )
    per_slot: dict[int, list[float]] = {k: [0.0] * SLOTS for k in range(8)}
    for seen in history:
        local = seen.at.astimezone(BANGKOK)
        slot = (local.hour * 60 + local.minute) * SLOTS // (24 * 60)
        per_slot[day_kind(local.date())][slot] += 1
    rate: dict[int, list[float]] = {}
    for kind in range(8):
        if kinds[kind]:
            raw = [n / kinds[kind] for n in per_slot[kind]]
            # Neighbouring quarters share their answers: four weeks of history hold
            # four of each, too few to tell 10:15 from 10:30.
            rate[kind] = [
                0.25 * raw[max(s - 1, 0)] + 0.5 * raw[s] + 0.25 * raw[min(s + 1, SLOTS - 1)]
                for s in range(SLOTS)
            ]
    if HOLIDAY not in rate:
        # No holiday in the history: as quiet as its quietest day of the week.
        quietest = min(rate.values(), key=sum, default=[0.0] * SLOTS)
        rate[HOLIDAY] = list(quietest)
    for kind in range(7):
        rate.setdefault(kind, list(rate[HOLIDAY]))
    if len(history) < THIN_HISTORY and not _quiet(history, first_day):
        # A new counter, too little history to tell: a generous day spread over the
        # opening hours.
        day = served_per_day or NEW_COUNTER_DAY
        for kind, hours in week.items():
            opens, closes = hours
            first = (opens.hour * 60 + opens.minute) // 15
            last = (closes.hour * 60 + closes.minute) // 15
            for s in range(first, max(last, first + 1)):
                rate[kind][s] = max(rate[kind][s], day / max(last - first, 1))
    n = len(history)
    top = sum(1 for s in history if s.all_top)
    prior = province_all_top if province_all_top is not None else 0.3
    all_top = (top + PROVINCE_WEIGHT * prior) / (n + PROVINCE_WEIGHT)
    high = sum(1 for s in history if s.high)
    patterns = {p: c / n for p, c in Tally(s.scores for s in history).items()} if n else {}
    fills = [s.fill for s in history if s.fill is not None]
    spread = _iqr(fills) if len(fills) >= 20 else USUAL_FILL_SPREAD
    by_network = Tally(s.network for s in history if s.new_device and s.network)
    new_share = max(by_network.values()) / n if by_network and n >= THIN_HISTORY else 0.5
    return Usual(
        rate=rate,
        all_top=all_top,
        all_top_from="centre" if n >= PROVINCE_WEIGHT else "province",
        high=(high + PROVINCE_WEIGHT * USUAL_HIGH) / (n + PROVINCE_WEIGHT),
        patterns=patterns,
        fill_spread=max(spread, 1.0),
        new_from_network=new_share,
        served_per_day=served_per_day,
        week=week,
    )


def _quiet(history: Sequence[Seen], first_day: date) -> bool:
    """A counter that has been answered since the start of its history, just seldom:
    its own few answers a day are its usual, not a new counter's generous guess."""
    if not history:
        return False
    first = min(s.at for s in history).astimezone(BANGKOK).date()
    return first <= first_day + timedelta(days=QUIET_SINCE)


def _iqr(values: Sequence[int]) -> float:
    q1, _median, q3 = quantiles(values, n=4)
    return q3 - q1


def _excess(seen: float, expected: float, variance: float) -> float:
    """How many standard deviations `seen` is above `expected`."""
    return (seen - expected) / math.sqrt(max(variance, 1e-9))


def _count_strength(seen: int, expected: float) -> float:
    # Negative binomial: chance, and the counter's day-to-day variation on top.
    return _excess(seen, expected, expected + expected * expected / VOLUME_SPREAD + 1.0)


def _share_strength(hits: int, n: int, usual: float) -> float:
    usual = min(max(usual, 0.01), 0.99)
    if hits / n < usual + SHARE_MARGIN:
        return 0.0
    # Beta-binomial: the usual share itself moves from one day to the next.
    variance = n * usual * (1 - usual) * (1 + (n - 1) / (SHARE_SPREAD + 1))
    return _excess(hits, n * usual, variance)


def _top_beside_rest(top: int, n: int, usual: float) -> float:
    """How far a count of all-top answers is above what the other answers of the same
    span imply: a drip adds all-top answers alone, where a busy day brings more of
    both. The others tell how busy the span was (by chance, as a count of m + 1), and
    the counter's share moves from one day to the next (SHARE_SPREAD). Asked only where
    the share itself is SHARE_MARGIN above the usual one."""
    usual = min(max(usual, 0.01), 0.99)
    rest = n - top + 1
    mean = rest * usual / (1 - usual)
    spread = 1 / rest + 1 / ((SHARE_SPREAD + 1) * usual * (1 - usual))
    return _excess(top, mean, mean + mean * mean * spread + 1.0)


@dataclass(slots=True)
class Found:
    """A window of one counter's stream that looks stuffed."""

    starts_at: datetime
    ends_at: datetime
    answers: list[int]  # ids of its answers
    signals: list[dict[str, Any]]

    @property
    def codes(self) -> list[str]:
        return [s["code"] for s in self.signals]


def _closed(week: opening.Week, moment: datetime) -> bool:
    """Whether the centre is closed at `moment`: opening.is_open, for many answers."""
    local = moment.astimezone(BANGKOK)
    day = local.date()
    hours = week.get(day.weekday())
    return hours is None or holidays.is_holiday(day) or not hours[0] <= local.time() < hours[1]


class _Clock:
    """The usual volume over any span of the judged days, in all and while the centre
    is closed, read off running sums of the usual answers per slot."""

    def __init__(self, usual: Usual, first: date, last: date) -> None:
        self.start = datetime.combine(first, time(), BANGKOK)
        self.total = [0.0]
        self.closed = [0.0]
        for d in range((last - first).days + 1):
            day = first + timedelta(d)
            rates = usual.rate[day_kind(day)]
            for slot in range(SLOTS):
                shut = _closed(usual.week, _slot_start(day, slot) + SLOT / 2)
                self.total.append(self.total[-1] + rates[slot])
                self.closed.append(self.closed[-1] + (rates[slot] if shut else 0.0))

    def _at(self, sums: list[float], moment: datetime) -> float:
        position = min(max((moment - self.start) / SLOT, 0.0), len(sums) - 1.0)
        whole = min(int(position), len(sums) - 2)
        return sums[whole] + (sums[whole + 1] - sums[whole]) * (position - whole)

    def expected(self, start: datetime, end: datetime) -> tuple[float, float]:
        """Usual answers from `start` to `end`: in all, and while the centre is closed."""
        return (
            self._at(self.total, end) - self._at(self.total, start),
            self._at(self.closed, end) - self._at(self.closed, start),
        )


class _Stream:
    """One counter's stream ready to be judged window after window: running counts of
    its all-top and after-hours answers, so that most windows cost a few additions."""

    def __init__(self, answers: list[Seen], usual: Usual, clock: _Clock, now: datetime) -> None:
        self.answers, self.usual, self.clock = answers, usual, clock
        self.times = [a.at for a in answers]
        self.top = [0]
        self.high = [0]
        self.after = [0]
        self.shut = [_closed(usual.week, a.at) for a in answers]
        for answer, shut in zip(answers, self.shut, strict=True):
            self.top.append(self.top[-1] + answer.all_top)
            self.high.append(self.high[-1] + answer.high)
            self.after.append(self.after[-1] + shut)
        # How busy each day was while open, against usual: answers after closing come
        # with the day's own crowd (a busy day has more people answering on the way home).
        self.busier: dict[date, float] = {}
        for day in {a.at.astimezone(BANGKOK).date() for a in answers}:
            begin = datetime.combine(day, time(), BANGKOK)
            i, j = (
                bisect.bisect_left(self.times, begin),
                bisect.bisect_left(self.times, begin + DAY),
            )
            open_seen = (j - i) - (self.after[j] - self.after[i])
            total, closed = clock.expected(begin, min(begin + DAY, max(now, begin + SLOT)))
            self.busier[day] = max(1.0, open_seen / max(total - closed, 1.0))

    def signals(
        self, i: int, j: int, start: datetime, end: datetime, *, whole_day: bool
    ) -> list[dict[str, Any]]:
        """The signals that fire over the answers i to j (excluded), from `start` to `end`."""
        n = j - i
        usual = self.usual
        minutes = round((end - start).total_seconds() / 60)
        expected, expected_closed = self.clock.expected(start, end)
        fired: list[dict[str, Any]] = []

        def fire(code: str, strength: float, seen: float, usual_value: float | None) -> None:
            if strength >= FIRES:
                fired.append(
                    {
                        "code": code,
                        "seen": seen,
                        "usual": usual_value,
                        "strength": round(strength, 1),
                        "minutes": minutes,
                    }
                )

        if n >= MIN_ANSWERS["volume"]:
            strength = _count_strength(n, expected)
            usual_n = round(expected, 1)
            if whole_day and usual.served_per_day and n > usual.served_per_day:
                # More answers than the centre says it serves people in a day.
                strength = max(strength, STUFFED)
                usual_n = round(usual.served_per_day, 1)
            fire("volume", strength, n, usual_n)
        top = self.top[j] - self.top[i]
        if top >= MIN_ANSWERS["all_top"]:
            strength = _share_strength(top, n, usual.all_top)
            if strength > 0 and whole_day and any(f["code"] == "volume" for f in fired):
                # A day busier than usual, and more all-top answers than its other
                # answers imply: a drip adds all-top answers alone, where a genuinely
                # busy day brings more of both.
                strength = max(strength, _top_beside_rest(top, n, usual.all_top))
            fire("all_top", strength, round(top / n, 3), round(usual.all_top, 3))
        high = self.high[j] - self.high[i]
        if high >= MIN_ANSWERS["high_scores"]:
            fire(
                "high_scores",
                _share_strength(high, n, usual.high),
                round(high / n, 3),
                round(usual.high, 3),
            )
        after = self.after[j] - self.after[i]
        if after >= MIN_ANSWERS["after_hours"]:
            busier = self.busier.get(start.astimezone(BANGKOK).date(), 1.0)
            fire("after_hours", _count_strength(after, expected_closed * busier), after, None)
        # The rest cost more to work out: only where the window is busy or something fired.
        if not fired and n < 1.5 * expected + 5:
            return fired
        answers = self.answers[i:j]
        patterns = Tally(a.scores for a in answers if not a.all_top)
        if patterns:
            pattern, alike = patterns.most_common(1)[0]
            if alike >= MIN_ANSWERS["identical"]:
                share = usual.patterns.get(pattern, 0.0)
                fire(
                    "identical",
                    _share_strength(alike, n, share),
                    round(alike / n, 3),
                    round(share, 3),
                )
        fresh = Tally(a.network for a in answers if a.new_device and a.network)
        if fresh:
            _network, new = fresh.most_common(1)[0]
            if new >= MIN_ANSWERS["new_devices"]:
                fire("new_devices", _share_strength(new, n, usual.new_from_network), new, None)
        fills = [a.fill for a in answers if a.fill is not None]
        if len(fills) >= MIN_ANSWERS["fill_alike"]:
            spread = _iqr(fills)
            limit = FILL_ALIKE * usual.fill_spread
            if spread <= limit:
                # From FIRES when just under the limit to FIRES + 4 when all alike.
                strength = FIRES + 4 * (1 - spread / limit)
                fire("fill_alike", strength, spread, round(usual.fill_spread, 1))
        return fired


def _stuffed(
    signals: Sequence[dict[str, Any]], enough: float = STUFFED, alone: float = ALONE
) -> bool:
    """Two signals or more that add up to `enough`, or one signal reaching `alone`."""
    strength = {s["code"]: s["strength"] for s in signals}
    # Answers after closing in a window that is after closing are its whole volume: one
    # piece of evidence, not two.
    if "volume" in strength and "after_hours" in strength:
        strength["volume"] = max(strength["volume"], strength.pop("after_hours"))
    if len(strength) == 1:
        return max(strength.values()) >= alone
    return sum(strength.values()) >= enough


def _stuffed_day(signals: Sequence[dict[str, Any]]) -> bool:
    """A whole day: on a lower bar, and a share far from the counter's usual one enough
    alone (a drip doubles a day's all-top answers without a volume out of the
    ordinary; a busy day's volume alone still needs ALONE)."""
    if _stuffed(signals, STUFFED_DAY):
        return True
    shares = [s for s in signals if s["code"] not in ("volume", "after_hours")]
    return any(s["strength"] >= DAY_SHARE_ALONE for s in shares)


def judge(
    stream: Sequence[Seen],
    usual: Usual,
    *,
    now: datetime,
    first_day: date | None = None,
    fresh_from: datetime | None = None,
) -> list[Found]:
    """The windows of one counter's stream that look stuffed, merged where they overlap.
    `stream`: its answers of the judged Bangkok days (from `first_day`, or the day of
    its first answer, to `now`), with a little before for the sliding windows. Answers a
    person has decided on, as part of a window, are not in it. With `fresh_from`, only
    windows that hold an answer from then on are judged (the others were, before)."""
    answers = sorted(stream, key=lambda a: (a.at, a.pk))
    if not answers:
        return []
    first = first_day or answers[0].at.astimezone(BANGKOK).date()
    last = max(now, answers[-1].at).astimezone(BANGKOK).date()
    judged = _Stream(answers, usual, _Clock(usual, first - timedelta(days=1), last), now)
    times = judged.times
    fresh = bisect.bisect_left(times, fresh_from) if fresh_from else 0
    bursts: list[Found] = []
    for length in SLIDING:
        j = 0
        for i, start in enumerate(times):
            j = max(j, i)
            while j < len(times) and times[j] < start + length:
                j += 1
            if j <= max(i, fresh):  # empty, or judged before
                continue
            end = min(start + length, max(now, times[j - 1]))
            signals = judged.signals(i, j, start, end, whole_day=False)
            if _stuffed(signals):
                ids = [a.pk for a in answers[i:j]]
                bursts.append(Found(answers[i].at, answers[j - 1].at, ids, signals))
    index = {a.pk: n for n, a in enumerate(answers)}
    found = [_trimmed(judged, w, index) for w in merge(bursts)]
    found = [w for w in found if w.answers]
    # A day is judged on what its bursts leave: a slow drip is spread over the day,
    # and a burst already found should not take the rest of its day with it.
    taken = {pk for window in found for pk in window.answers}
    day = first
    while day <= last:
        start = datetime.combine(day, time(), BANGKOK)
        end = max(min(start + DAY, now), start + SLOT)
        i, j = bisect.bisect_left(times, start), bisect.bisect_left(times, start + DAY)
        rest = [a for a in answers[i:j] if a.pk not in taken]
        if rest and j > fresh:
            signals = whole = judged.signals(i, j, start, end, whole_day=True)
            if len(rest) < j - i:
                left = _Stream(rest, usual, judged.clock, now)
                signals = left.signals(0, len(rest), start, end, whole_day=True)
            # What the bursts leave looks stuffed itself, or still shows something
            # other than volume on a day that looks stuffed as a whole (a drip that
            # the bursts only nibbled; a busy day's volume is no such sign).
            odd = [s for s in signals if s["code"] not in ("volume", "after_hours")]
            if _stuffed_day(signals) or (odd and _stuffed_day(whole)):
                # What the day's leftover itself shows points at its answers.
                kept = pointed(rest, signals if _stuffed_day(signals) else odd, usual.week)
                kept = kept or rest
                ids = [a.pk for a in kept]
                found.append(Found(kept[0].at, kept[-1].at, ids, strongest([*whole, *signals])))
        day += timedelta(days=1)
    return merge(found)


def _trimmed(judged: _Stream, window: Found, index: dict[int, int]) -> Found:
    """The window without the answers at its ends that only lengthen it: a sliding
    window that caught a burst also holds the genuine answers just before and after.
    Each end is cut where the signals are strongest, or short of it while they keep
    TRIM_KEEP of their strength (the stuffing's own answers at its edges change them
    little); `pointed` then takes the answers within that share what made it suspect."""
    positions = [index[pk] for pk in window.answers]
    i, j = min(positions), max(positions) + 1
    times = judged.times
    least = MIN_ANSWERS["volume"]

    def strength(i: int, j: int) -> float:
        end = max(times[j - 1], times[i] + timedelta(minutes=1))
        return sum(s["strength"] for s in judged.signals(i, j, times[i], end, whole_day=False))

    if j - i > least:
        tried = {a: strength(a, j) for a in range(i, j - least)}
        best = max(tried.values())
        i = min(a for a, found in tried.items() if found >= TRIM_KEEP * best)
    if j - i > least:
        tried = {b: strength(i, b) for b in range(i + least, j + 1)}
        best = max(tried.values())
        j = max(b for b, found in tried.items() if found >= TRIM_KEEP * best)
    end = max(times[j - 1], times[i] + timedelta(minutes=1))
    signals = judged.signals(i, j, times[i], end, whole_day=False)
    if not _stuffed(signals):
        # Trimming lost it: the whole window, pointed by the signals it was found on.
        within = [judged.answers[index[pk]] for pk in window.answers]
        kept = pointed(within, window.signals, judged.usual.week)
    else:
        # Within the longest sliding window of either end: where a burst's own first
        # and last answers may lie, though windows over them alone were too mixed to
        # look stuffed.
        first = bisect.bisect_left(times, times[i] - max(SLIDING))
        last = bisect.bisect_right(times, times[j - 1] + max(SLIDING))
        around = [*judged.answers[first:i], *judged.answers[j:last]]
        kept = pointed(judged.answers[i:j], signals, judged.usual.week, around=around)
    if not kept:
        return window
    ids = [a.pk for a in kept]
    return Found(kept[0].at, kept[-1].at, ids, strongest([*window.signals, *signals]))


def _near_top(answer: Seen) -> bool:
    """5 to every item, or to all but one (a stuffer's touch of variety)."""
    return bool(answer.scores) and answer.scores.count("5") >= len(answer.scores) - 1


def pointed(
    answers: Sequence[Seen],
    signals: Sequence[dict[str, Any]],
    week: opening.Week,
    *,
    around: Sequence[Seen] = (),
) -> list[Seen]:
    """The answers of a stuffed window that share what made it suspect. Each signal
    but volume and after hours points at answers of its own (all-top: those giving 5 to
    every item, or to all but one; identical: the most common pattern; new devices: the
    new devices of the network with most; fill times: those within the tight band), and
    an answer is taken when all those signals but one point at it (one, when there are
    one or two). After hours takes every answer given while the centre was closed (the
    genuine stragglers among them cannot be told apart). A window found on volume alone
    takes all its answers. Genuine answers that happen to fall inside a burst's span,
    from another network, with other scores, taking their time, stay counted.

    `around`: answers just outside the window (the rest of the sliding windows it was
    found in). Of these, an answer is taken only when every signal (two at least)
    points at it, or it was given while closed: the edges of a burst that trimming
    cut, without the genuine answers around it."""
    codes = {s["code"] for s in signals}
    tests: list[Any] = []
    if "all_top" in codes:
        tests.append(_near_top)
    if "high_scores" in codes:
        tests.append(lambda a: a.high)
    if "identical" in codes:
        patterns = Tally(a.scores for a in answers if not a.all_top)
        if patterns:
            modal = patterns.most_common(1)[0][0]
            tests.append(lambda a: a.scores == modal)
    if "new_devices" in codes:
        fresh = Tally(a.network for a in answers if a.new_device and a.network)
        if fresh:
            network = fresh.most_common(1)[0][0]
            tests.append(lambda a: a.new_device and a.network == network)
    if "fill_alike" in codes:
        fills = [a.fill for a in answers if a.fill is not None]
        if len(fills) >= 4:
            q1, _median, q3 = quantiles(fills, n=4)
            # The band the alike fill times keep, with room for the stuffing's own
            # scatter at its edges.
            margin = max(q3 - q1, FILL_BAND_MIN)
            low, high = q1 - margin, q3 + margin
            tests.append(lambda a: a.fill is not None and low <= a.fill <= high)
    # Answers while closed are what an after-hours window is made of: all taken (the
    # genuine stragglers among them cannot be told apart; the reviewer sees them).
    closed = "after_hours" in codes

    def points(answer: Seen, need: int) -> bool:
        return (closed and _closed(week, answer.at)) or (
            bool(tests) and sum(bool(test(answer)) for test in tests) >= need
        )

    inside = (
        list(answers)
        if not tests and not closed
        else [a for a in answers if points(a, max(1, len(tests) - 1))]
    )
    outside = [a for a in around if points(a, max(2, len(tests)))]
    return sorted([*inside, *outside], key=lambda a: (a.at, a.pk))


def merge(found: Iterable[Found]) -> list[Found]:
    """Windows that overlap or touch, as one: its answers all theirs, and each signal as
    strongest in any of them."""
    merged: list[Found] = []
    for window in sorted(found, key=lambda w: (w.starts_at, w.ends_at)):
        if merged and window.starts_at <= merged[-1].ends_at:
            last = merged[-1]
            last.ends_at = max(last.ends_at, window.ends_at)
            last.answers = sorted(set(last.answers) | set(window.answers))
            last.signals = strongest([*last.signals, *window.signals])
        else:
            merged.append(
                Found(
                    window.starts_at,
                    window.ends_at,
                    list(window.answers),
                    strongest(window.signals),
                )
            )
    return merged


def strongest(signals: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One of each code, the strongest, in the order of survey.reasons.STREAM."""
    best: dict[str, dict[str, Any]] = {}
    for signal in signals:
        known = best.get(signal["code"])
        if known is None or signal.get("strength", 0) > known.get("strength", 0):
            best[signal["code"]] = signal
    order = list(reasons.STREAM)
    return sorted(best.values(), key=lambda s: order.index(s["code"]) if s["code"] in order else 99)


# The database side ---------------------------------------------------------------------
#
# Costs, for the docs' sake of 10,000 centres: a watch reads the new answers' ids through
# the key (one query), then for the counters they came to: their answers of the judged
# days (one query, through the (centre, submitted_at) index), their devices' first
# answers (one query per 500 devices, through the (device_hash, submitted_at) index),
# the open windows (one), and once a day per counter its history, its province's
# all-top share, its centre's people served and opening hours (a query each for all of
# them, kept in the process until the day changes). Writes: per stuffed window one row,
# one update of its answers, one count of the tallies.

# What is usual for a counter, kept by the intake process for the day it was made for:
# the history behind it ends the day before, so it holds all day.
_usual: dict[tuple[int, date], Usual] = {}
_province_all_top: dict[tuple[str, date], float] = {}


def forget_usual() -> None:
    """Drop the kept baselines (a test, or the benchmark, changing history)."""
    _usual.clear()
    _province_all_top.clear()


def watch(now: datetime | None = None) -> int:
    """Judge the streams of the counters that received answers since the last watch, and
    make the answers of every stuffed window suspect (survey.reasons.STREAM codes), out
    of the tallies, in one transaction. Returns how many answers it made suspect or
    added to a window. Run by the intake process (survey_intake) every minute and by
    `survey_intake --once`; nothing reads through it. Running it again changes nothing."""
    from django.db import transaction
    from django.utils import timezone

    from survey.models import Response, StreamWatch

    now = now or timezone.now()
    with transaction.atomic():
        StreamWatch.objects.bulk_create([StreamWatch(pk=1)], ignore_conflicts=True)
        mark = StreamWatch.objects.select_for_update().get(pk=1)
        # Only answers from the page, which folds store in order of id one fold at a
        # time: none can appear behind the mark later. (Imported answers are judged by
        # whoever imports them.)
        new = Response.objects.filter(
            pk__gt=mark.judged_upto, source=Response.Source.WEB, counter__isnull=False
        ).values_list("pk", "counter_id", "centre_id", "submitted_at")
        counters: dict[int, tuple[int, date]] = {}
        fresh: dict[int, datetime] = {}  # each counter's first new answer
        upto = mark.judged_upto
        for pk, counter_id, centre_id, submitted_at in new:
            upto = max(upto, pk)
            fresh[counter_id] = min(submitted_at, fresh.get(counter_id, submitted_at))
            counters[counter_id] = (centre_id, fresh[counter_id].astimezone(BANGKOK).date())
        changed = _judge_counters(counters, fresh, now) if counters else 0
        mark.judged_upto = upto
        mark.watched_at = now
        mark.save()
    return changed


# What the stream reads of an answer: a Seen, but for whether its device is new.
_SEEN = (
    "pk",
    "counter_id",
    "submitted_at",
    "scores",
    "device_hash",
    "network_hash",
    "fill_seconds",
)


def _judge_counters(
    counters: dict[int, tuple[int, date]], fresh: dict[int, datetime], now: datetime
) -> int:
    from django.db.models import Q

    from survey.models import Response

    centres = {centre for centre, _day in counters.values()}
    first = min(day for _centre, day in counters.values())
    since = datetime.combine(first, time(), BANGKOK) - max(SLIDING)
    stored = (
        Response.objects.filter(
            centre_id__in=centres,
            counter_id__in=list(counters),
            submitted_at__gte=since,
            submitted_at__lte=now,
            status__in=[Response.Status.COUNTED, Response.Status.SUSPECT],
        )
        # Answers a person has decided on, as part of a window, are theirs to judge.
        .filter(Q(window__isnull=True) | Q(window__status="open"))
        .values_list(
            *_SEEN,
            "status",
        )
    )
    rows = list(stored)
    first_answer = _first_answers({row[4] for row in rows if row[4]})
    streams: dict[int, list[Seen]] = {}
    for pk, counter_id, at, scores, device, network, fill, status in rows:
        new_device = not device or first_answer.get(device) == pk
        streams.setdefault(counter_id, []).append(
            Seen(pk, at, scores, device, network, fill, new_device, status)
        )
    usuals = _usuals(counters)
    found: dict[int, list[Found]] = {}
    for counter_id, stream in streams.items():
        _centre, day = counters[counter_id]
        windows = judge(
            stream, usuals[counter_id], now=now, first_day=day, fresh_from=fresh[counter_id]
        )
        if windows:
            found[counter_id] = windows
    return _flag(found, counters) if found else 0


def _first_answers(devices: set[str]) -> dict[str, int]:
    """The id of each device's first answer still known (hashes are forgotten after
    SURVEY_SENDER_DAYS): a device is new at that answer."""
    from django.db.models import Min

    from survey.models import Response

    ordered = sorted(devices)
    first: dict[str, int] = {}
    for start in range(0, len(ordered), 500):
        some = ordered[start : start + 500]
        rows = (
            Response.objects.filter(device_hash__in=some)
            .values("device_hash")
            .annotate(first=Min("pk"))
            .values_list("device_hash", "first")
        )
        first.update(rows)
    return first


def _usuals(counters: dict[int, tuple[int, date]]) -> dict[int, Usual]:
    """What is usual for each counter on its first judged day, kept for the day."""
    from registry.models import ServiceCentre
    from survey.models import Response

    wanted = {c: v for c, v in counters.items() if (c, v[1]) not in _usual}
    if wanted:
        centres = {centre for centre, _day in wanted.values()}
        weeks = opening.hours_of(centres)
        province_of = dict(
            ServiceCentre.objects.filter(pk__in=centres).values_list(
                "pk", "organisation__province_id"
            )
        )
        by_day: dict[date, list[int]] = {}
        for counter_id, (_centre, day) in wanted.items():
            by_day.setdefault(day, []).append(counter_id)
        for day, ids in by_day.items():
            start = day - timedelta(days=HISTORY_DAYS)
            begin = datetime.combine(start, time(), BANGKOK)
            end = datetime.combine(day, time(), BANGKOK)
            shares = _province_shares({province_of[wanted[c][0]] for c in ids}, day)
            served = _served_per_day({wanted[c][0] for c in ids}, day, weeks)
            history: dict[int, list[Seen]] = {c: [] for c in ids}
            seen_devices: set[str] = set()
            rows = (
                Response.objects.filter(
                    centre_id__in={wanted[c][0] for c in ids},
                    counter_id__in=ids,
                    submitted_at__gte=begin,
                    submitted_at__lt=end,
                    status=Response.Status.COUNTED,
                )
                .order_by("pk")
                .values_list(*_SEEN)
            )
            for pk, counter_id, at, scores, device, network, fill in rows:
                new_device = device not in seen_devices
                seen_devices.add(device)
                history[counter_id].append(Seen(pk, at, scores, device, network, fill, new_device))
            for counter_id in ids:
                centre = wanted[counter_id][0]
                _usual[(counter_id, day)] = usual_from(
                    history[counter_id],
                    first_day=start,
                    last_day=day - timedelta(days=1),
                    week=weeks[centre],
                    province_all_top=shares.get(province_of[centre]),
                    served_per_day=served.get(centre),
                )
    return {c: _usual[(c, day)] for c, (_centre, day) in counters.items()}


def _all_top_patterns() -> list[str]:
    from survey.models import Questionnaire

    return sorted({"5" * len(q.item_codes) for q in Questionnaire.objects.all()})


def _province_shares(provinces: set[str | None], day: date) -> dict[str, float]:
    """Each province's share of counted answers giving 5 to every item, over the
    history before `day`."""
    from django.db.models import Count, Q

    from survey.models import Response

    wanted = {p for p in provinces if p is not None and (p, day) not in _province_all_top}
    if wanted:
        begin = datetime.combine(day - timedelta(days=HISTORY_DAYS), time(), BANGKOK)
        end = datetime.combine(day, time(), BANGKOK)
        rows = (
            Response.objects.filter(
                centre__organisation__province_id__in=wanted,
                submitted_at__gte=begin,
                submitted_at__lt=end,
                status=Response.Status.COUNTED,
            )
            .values("centre__organisation__province_id")
            .annotate(n=Count("pk"), top=Count("pk", filter=Q(scores__in=_all_top_patterns())))
            .values_list("centre__organisation__province_id", "n", "top")
        )
        for province, n, top in rows:
            if n >= PROVINCE_WEIGHT:
                _province_all_top[(province, day)] = top / n
        for province in wanted:
            _province_all_top.setdefault((province, day), 0.3)
    return {p: _province_all_top[(p, day)] for p in provinces if p is not None}


def _served_per_day(
    centres: set[int], day: date, weeks: dict[int, opening.Week]
) -> dict[int, float]:
    """People each centre serves on an open day, from the period it reported that holds
    `day` (PeopleServed), over the open days of that period."""
    from survey.models import PeopleServed

    served: dict[int, float] = {}
    rows = PeopleServed.objects.filter(
        centre_id__in=centres, period_start__lte=day, period_end__gte=day
    ).values_list("centre_id", "period_start", "period_end", "people")
    for centre, start, end, people in rows:
        week = weeks[centre]
        open_days = sum(
            1
            for d in range((end - start).days + 1)
            if (start + timedelta(d)).weekday() in week
            and not holidays.is_holiday(start + timedelta(d))
        )
        if open_days:
            served[centre] = max(served.get(centre, 0.0), people / open_days)
    return served


def _flag(found: dict[int, list[Found]], counters: dict[int, tuple[int, date]]) -> int:
    """Make every answer of the stuffed windows suspect, in a SuspectWindow each: a new
    one, or the open one it overlaps, extended (several it joins become one)."""
    from survey import tallies
    from survey.models import Response, SuspectWindow

    earliest = min(w.starts_at for windows in found.values() for w in windows)
    open_windows: dict[int, list[SuspectWindow]] = {}
    for window in (
        SuspectWindow.objects.select_for_update()
        .filter(counter_id__in=list(found), status=SuspectWindow.Status.OPEN, ends_at__gte=earliest)
        .order_by("starts_at", "pk")
    ):
        open_windows.setdefault(window.counter_id, []).append(window)
    target: dict[int, SuspectWindow] = {}  # answer id: its window
    made: list[int] = []
    for counter_id, windows in found.items():
        known = open_windows.get(counter_id, [])
        for stuffed in windows:
            overlapping = [
                w
                for w in known
                if w.starts_at <= stuffed.ends_at and w.ends_at >= stuffed.starts_at
            ]
            if not overlapping:
                window = SuspectWindow.objects.create(
                    counter_id=counter_id,
                    centre_id=counters[counter_id][0],
                    starts_at=stuffed.starts_at,
                    ends_at=stuffed.ends_at,
                    signals=stuffed.signals,
                )
                made.append(window.pk)
                known.append(window)
            else:
                window, *others = overlapping
                starts = min([stuffed.starts_at, *(w.starts_at for w in overlapping)])
                ends = max([stuffed.ends_at, *(w.ends_at for w in overlapping)])
                signals = strongest(
                    [*(s for w in overlapping for s in w.signals), *stuffed.signals]
                )
                if (starts, ends, signals) != (window.starts_at, window.ends_at, window.signals):
                    window.starts_at, window.ends_at, window.signals = starts, ends, signals
                    window.save(update_fields=["starts_at", "ends_at", "signals"])
                if others:
                    Response.objects.filter(window__in=others).update(window=window)
                    for other in others:
                        known.remove(other)
                        other.delete()
            for pk in stuffed.answers:
                target[pk] = window
    answers = list(
        Response.objects.select_for_update()
        .filter(pk__in=list(target), status__in=[Response.Status.COUNTED, Response.Status.SUSPECT])
        .only(
            "pk",
            "status",
            "window_id",
            "reasons",
            "centre_id",
            "questionnaire_id",
            "scores",
            "local_scores",
            "submitted_at",
        )
    )
    changed, formerly_counted = [], []
    for answer in answers:
        if not _for_the_stream(answer):
            continue
        window = target[answer.pk]
        reasons = answer.reasons + [c for c in window.codes if c not in answer.reasons]
        if (answer.status, answer.window_id, answer.reasons) == (
            Response.Status.SUSPECT,
            window.pk,
            reasons,
        ):
            continue
        if answer.status == Response.Status.COUNTED:
            formerly_counted.append(answer)
        answer.status, answer.window_id, answer.reasons = (
            Response.Status.SUSPECT,
            window.pk,
            reasons,
        )
        changed.append(answer)
    Response.objects.bulk_update(changed, ["status", "window", "reasons"], batch_size=1000)
    tallies.uncount_many(formerly_counted)
    # A window made now whose answers were all someone else's to decide holds nothing.
    SuspectWindow.objects.filter(pk__in=made, answers__isnull=True).delete()
    return len(changed)


def _for_the_stream(answer: Any) -> bool:
    """Whether the stream may put an answer (read again under lock) in a window: one
    counted as it came, or already in an open window. Not one a person decided (counted
    after being held back: it keeps its reasons), even in the instant between the
    stream's reading and its lock; not one held back for its own reasons (a robot's,
    a repeat's), which stays to be decided alone, with those reasons shown."""
    from survey.models import Response

    if answer.status == Response.Status.COUNTED:
        return not answer.reasons
    return answer.window_id is not None
