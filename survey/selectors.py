"""Reading survey results: statistics for a centre, or for an area within an account's
jurisdiction, over a round or any range of dates.

Whole months come from the monthly Tally rows, never from the answers: a centre's round
is a handful of rows, a province's year a dozen, the whole country's year one row per
province and month. Only a date range that cuts a month, for a centre, reads that
centre's answers for the cut months (index centre, submitted_at) and counts their
scores here. Areas always work in whole months (see `area_stats`).
"""

import hashlib
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from maintenance.models import PERCENTAGE_FIELDS, SATISFACTION_FIELDS, Report
from registry.models import Organisation, ServiceCentre
from saduak.language import in_language
from survey import questionnaire, reasons, statistics, tallies
from survey.models import Arrival, PeopleServed, Questionnaire, Response, Tally, local_code
from survey.statistics import ItemStats
from thaicalendar.dates import BANGKOK, ENGLISH_MONTHS, THAI_MONTHS, be_year

# The latest comments shown on the page, and how many of the latest feed the word count:
# cutting Thai into words costs about 0.3 ms a comment, so the count is capped and the
# result cached (see `_words`).
COMMENTS_SHOWN = 200
COMMENTS_FOR_WORDS = 2000
TOP_WORDS = 20
WORDS_CACHE_SECONDS = 24 * 3600
WORDS_LAG_SECONDS = 5 * 60

# The dimension behind each mean of the maintenance report (survey/data/core-v1.yaml).
REPORT_DIMENSIONS = {
    "mean_process": "process",
    "mean_staff": "staff",
    "mean_facilities": "facilities",
    "mean_outcome": "outcome",
}


@dataclass(frozen=True)
class MonthPoint:
    """One month of the trend: how many answered, and the overall item (O1)."""

    month: date
    answers: int
    overall: statistics.Figure

    @property
    def label(self) -> str:
        """ "ตุลาคม 2568" in Thai (BE), "October 2025" in English."""
        if get_language() == "en":
            return f"{ENGLISH_MONTHS[self.month.month - 1]} {self.month.year}"
        return f"{THAI_MONTHS[self.month.month - 1]} {be_year(self.month.year)}"


@dataclass(frozen=True)
class Comment:
    submitted_at: datetime
    text: str


@dataclass(frozen=True)
class PeopleServedTotal:
    """The people served in a period, from the periods a centre reported.

    Only reported periods lying wholly inside the period count: a period that only
    overlaps it cannot be split without guessing how its people spread over the days.
    Those are listed (`partial`) so the reader sees what was left out.
    """

    start: date
    end: date
    periods: list[PeopleServed]

    @property
    def inside(self) -> list[PeopleServed]:
        return [
            p for p in self.periods if self.start <= p.period_start and p.period_end <= self.end
        ]

    @property
    def partial(self) -> list[PeopleServed]:
        inside = self.inside
        return [p for p in self.periods if p not in inside]

    @property
    def people(self) -> int:
        return sum(p.people for p in self.inside)


@dataclass(frozen=True)
class Stats:
    """The survey's figures over a period, for a centre or an area."""

    start: date
    end: date
    answers: int  # counted answers (respondents)
    summary: statistics.Summary
    trend: list[MonthPoint]
    # Areas are counted in whole months: start and end are then widened to them.
    whole_months: bool = False
    comments: list[Comment] = field(default_factory=list)  # the latest, newest first
    comments_read: int = 0  # comments behind the words (at most COMMENTS_FOR_WORDS)
    words: list[tuple[str, int]] = field(default_factory=list)
    people: int | None = None  # people served, when reported
    sample: statistics.SampleCheck | None = None
    served: PeopleServedTotal | None = None  # a centre's reported periods behind `people`
    counts: dict[str, list[int]] = field(default_factory=dict)  # per item, the whole period
    local_items: list[ItemStats] = field(default_factory=list)  # a centre's own questions
    waiting: int = 0  # answers of the period already sent, not yet counted (`still_counting`)
    left_out: "LeftOut | None" = None  # suspect and rejected answers of the period


# --- periods ------------------------------------------------------------------------------


def month_end(month: date) -> date:
    return month.replace(day=monthrange(month.year, month.month)[1])


def months_between(start: date, end: date) -> list[date]:
    """The first days of the months from start's to end's, both included."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = month_end(month) + timedelta(days=1)
    return months


def whole_months(start: date, end: date) -> tuple[date, date]:
    """The period widened to whole months: the first of start's month to the last of
    end's."""
    return start.replace(day=1), month_end(end.replace(day=1))


def _moment(day: date) -> datetime:
    # Months and days are Bangkok's, as the tallies count them (survey/tallies.py).
    return datetime.combine(day, time.min, tzinfo=BANGKOK)


def _bounds(start: date, end: date) -> dict[str, datetime]:
    return {"submitted_at__gte": _moment(start), "submitted_at__lt": _moment(end + timedelta(1))}


# --- counting -----------------------------------------------------------------------------


class _Months:
    """Counts per month, summed from tallies and from parsed answers."""

    def __init__(self, months: list[date]) -> None:
        self.answers = dict.fromkeys(months, 0)
        self.counts: dict[date, dict[str, list[int]]] = {month: {} for month in months}

    def add_tally(self, month: date, responses: int, counts: dict[str, list[int]]) -> None:
        self.answers[month] += responses
        into = self.counts[month]
        # Added in place: a country's year is some 900 tallies, and copying the running
        # sum for each of them cost more than everything else.
        for code, row in counts.items():
            have = into.get(code)
            if have is None:
                into[code] = list(row[:5])
            else:
                have[0] += row[0]
                have[1] += row[1]
                have[2] += row[2]
                have[3] += row[3]
                have[4] += row[4]

    def add_answer(
        self, month: date, codes: list[str], scores: str, local_scores: dict[str, int]
    ) -> None:
        self.answers[month] += 1
        counts = self.counts[month]
        for code, digit in zip(codes, scores, strict=False):
            if digit != "0":
                counts.setdefault(code, [0, 0, 0, 0, 0])[int(digit) - 1] += 1
        for question_id, score in local_scores.items():
            counts.setdefault(local_code(question_id), [0, 0, 0, 0, 0])[score - 1] += 1

    def stats(
        self, start: date, end: date, content: dict[str, Any], *, whole_months: bool = False
    ) -> Stats:
        total = statistics.merge(*self.counts.values())
        overall = str(content["overall"]["code"])
        trend = [
            MonthPoint(month, self.answers[month], statistics.figure(counts.get(overall, ())))
            for month, counts in self.counts.items()
        ]
        return Stats(
            start=start,
            end=end,
            answers=sum(self.answers.values()),
            summary=statistics.summarise(total, content),
            trend=trend,
            whole_months=whole_months,
            counts=total,
        )


def _questionnaires() -> tuple[Questionnaire, dict[int, list[str]]]:
    """The current questionnaire (which lays out the figures) and every version's item
    codes, to read answers given on any of them."""
    stored = questionnaire.versions()
    current = stored[0] if stored else questionnaire.current()
    return current, {q.pk: q.item_codes for q in stored or [current]}


def _count(months: _Months, tallies: QuerySet[Tally], wanted: list[date]) -> None:
    for month, responses, counts in tallies.filter(month__in=wanted).values_list(
        "month", "responses", "counts"
    ):
        months.add_tally(month, responses, counts)


def _words(source: str, rows: list[tuple[datetime, str]]) -> list[tuple[str, int]]:
    """The most frequent words of the comments read (newest first), cached per set of
    comments asked for (`source`, the query). A cached list serves while the comments
    are the same; once new ones arrive it still serves for WORDS_LAG_SECONDS, so a busy
    province or the whole country, where comments arrive every minute, cuts words at
    most that often instead of on every view."""
    if not rows:
        return []
    key = "survey:words:" + hashlib.sha256(source.encode()).hexdigest()
    fingerprint = (len(rows), rows[0][0].isoformat(), rows[-1][0].isoformat())
    now = timezone.now().timestamp()
    cached = cache.get(key)
    if cached is not None and (cached[0] == fingerprint or now - cached[2] < WORDS_LAG_SECONDS):
        return list(cached[1])
    words = statistics.top_words([text for _at, text in rows], TOP_WORDS)
    cache.set(key, (fingerprint, words, now), WORDS_CACHE_SECONDS)
    return words


def _counted(answers: QuerySet[Response]) -> QuerySet[Response]:
    # "Not suspect or rejected" rather than "counted": the same answers, but without an
    # equality on status the database walks the (centre, submitted_at) or submitted_at
    # index instead of the (status, centre) one, which for a busy centre or the whole
    # country means reading every counted answer and sorting them.
    return answers.exclude(status__in=[Response.Status.SUSPECT, Response.Status.REJECTED])


def _comments(
    answers: QuerySet[Response], start: date, end: date, *, windowed: bool
) -> tuple[str, list[tuple[datetime, str]]]:
    """The latest comments from start to end, newest first, at most COMMENTS_FOR_WORDS,
    with the query that asked for them. windowed (for areas) asks the last month first
    and the rest only if it falls short: sorting one province-month's comments is cheap,
    sorting a province-year's is not."""
    comments = (_counted(answers).exclude(comment="").order_by("-submitted_at", "-pk")).values_list(
        "submitted_at", "comment"
    )
    last_month = max(start, end.replace(day=1)) if windowed else start
    rows = list(comments.filter(**_bounds(last_month, end))[:COMMENTS_FOR_WORDS])
    if last_month > start and len(rows) < COMMENTS_FOR_WORDS:
        earlier = comments.filter(**_bounds(start, last_month - timedelta(1)))
        rows += earlier[: COMMENTS_FOR_WORDS - len(rows)]
    return str(comments.filter(**_bounds(start, end)).query), rows


def _with_comments(stats: Stats, answers: QuerySet[Response], *, windowed: bool = False) -> Stats:
    source, rows = _comments(answers, stats.start, stats.end, windowed=windowed)
    return replace(
        stats,
        comments=[Comment(at, text) for at, text in rows[:COMMENTS_SHOWN]],
        comments_read=len(rows),
        words=_words(source, rows),
    )


def _with_people(stats: Stats, people: int) -> Stats:
    return replace(stats, people=people or None, sample=sample_check(people, stats.answers))


def people_served(centre: ServiceCentre, start: date, end: date) -> PeopleServedTotal:
    """The periods the centre reported that overlap start–end (one query); the total
    counts those wholly inside."""
    periods = list(
        PeopleServed.objects.filter(
            centre=centre, period_start__lte=end, period_end__gte=start
        ).order_by("period_start", "pk")
    )
    return PeopleServedTotal(start, end, periods)


def sample_check(people: int, answers: int) -> statistics.SampleCheck | None:
    """Taro Yamane's check of the answers against the people served, at the margin
    OPS PMO sets (settings.SURVEY_MARGIN); None when no people served are known."""
    if not people:
        return None
    return statistics.sample_check(
        population=people, margin=settings.SURVEY_MARGIN, answers=answers
    )


def still_counting(centres: Q, start: date, end: date) -> int:
    """How many answers sent from start to end to the centres `centres` selects (a
    condition on the answer's centre, as Response and Arrival both have one) wait in the
    intake, not yet in the figures. Reading figures never folds them (that is the
    intake process's work, within seconds): a page says how many are still coming
    instead. One count over Arrival, which the intake keeps nearly empty."""
    return Arrival.objects.filter(centres, **_bounds(start, end)).count()


# --- what the figures leave out -----------------------------------------------------------


@dataclass(frozen=True)
class LeftOutReason:
    """One reason of the answers left out, and how many of them give it; its wording in
    Thai and English, so that a version of a report keeps the words it was sent with."""

    code: str
    answers: int
    th: str
    en: str

    @property
    def label(self) -> str:
        return in_language(self.th, self.en)


@dataclass(frozen=True)
class LeftOut:
    """The answers of a period kept out of the figures as suspect: those awaiting a
    decision and those rejected, and why. An answer may give several reasons, so the
    reasons' answers may add up to more than `answers`."""

    suspect: int = 0
    rejected: int = 0
    reasons: tuple[LeftOutReason, ...] = ()  # most answers first
    counted: int = 0  # the counted answers beside them, for the share

    @property
    def answers(self) -> int:
        return self.suspect + self.rejected

    @property
    def received(self) -> int:
        return self.counted + self.answers

    @property
    def share(self) -> Decimal | None:
        """The percentage of the answers received that were left out (2 decimals)."""
        if not self.received:
            return None
        return statistics.half_up(Fraction(100 * self.answers, self.received))

    def as_record(self) -> dict[str, Any]:
        """As a version of a report freezes it (JSON)."""
        return {
            "suspect": self.suspect,
            "rejected": self.rejected,
            "counted": self.counted,
            "reasons": [
                {"code": r.code, "answers": r.answers, "th": r.th, "en": r.en} for r in self.reasons
            ],
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "LeftOut":
        return cls(
            suspect=int(record.get("suspect", 0)),
            rejected=int(record.get("rejected", 0)),
            counted=int(record.get("counted", 0)),
            reasons=tuple(
                LeftOutReason(
                    str(r["code"]), int(r["answers"]), str(r.get("th", "")), str(r.get("en", ""))
                )
                for r in record.get("reasons", [])
            ),
        )


def left_out(centres: Q, start: date, end: date, *, counted: int = 0) -> LeftOut:
    """The suspect and rejected answers of the centres (a filter on Response) from start
    to end (Bangkok days), by status and by reason: two queries however many answers
    and reasons, each grouped by list of reasons, of which there are few.

    One query per status, each with an equality on it, so that PostgreSQL reads each
    from its partial index (survey_response_suspect, survey_response_rejected), for an
    area centre by centre too, and never walks the counted answers: neither
    `status IN (…)` nor an OR of the two lets it do that for an area.
    counted: the counted answers of the same period, for the share left out."""
    found = {Response.Status.SUSPECT: 0, Response.Status.REJECTED: 0}
    by_reason: dict[str, int] = {}
    for status in found:
        groups = (
            Response.objects.filter(centres, status=status, **_bounds(start, end))
            .values_list("reasons")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for codes, n in groups:
            found[status] += n
            for code in dict.fromkeys(codes or []):  # a reason given twice is one answer
                by_reason[str(code)] = by_reason.get(str(code), 0) + n
    ordered = sorted(by_reason.items(), key=lambda pair: (-pair[1], pair[0]))
    return LeftOut(
        suspect=found[Response.Status.SUSPECT],
        rejected=found[Response.Status.REJECTED],
        reasons=tuple(LeftOutReason(code, n, *_wordings(code)) for code, n in ordered),
        counted=counted,
    )


def _wordings(code: str) -> tuple[str, str]:
    with translation.override("th"):
        th = reasons.text(code)
    with translation.override("en"):
        en = reasons.text(code)
    return th, en


def left_out_of_report(report: Report, *, counted: int) -> LeftOut:
    """What the survey leaves out of the report's centre's figures over its round."""
    return left_out(
        Q(centre=report.centre_id),
        report.round.period_start,
        report.round.period_end,
        counted=counted,
    )


# --- a centre -----------------------------------------------------------------------------


def centre_stats(
    centre: ServiceCentre, start: date, end: date, *, numbers_only: bool = False
) -> Stats:
    """The centre's figures from start to end (both included; Bangkok days).

    Whole months are read from the centre's tallies; a month the period cuts is counted
    from the centre's counted answers of those days. With numbers_only, the comments
    and the people served are left out (what a report needs).
    """
    current, codes = _questionnaires()
    months = months_between(start, end)
    counting = _Months(months)
    whole = [m for m in months if start <= m and month_end(m) <= end]
    if whole:
        for month, responses, counts in tallies.of_centre(centre.pk, whole[0], whole[-1]):
            counting.add_tally(month, responses, counts)
    cut = [(max(start, m), min(end, month_end(m))) for m in months if m not in whole]
    if cut:
        within = Q()
        for first, last in cut:
            within |= Q(**_bounds(first, last))
        answers = (
            _counted(Response.objects.filter(centre=centre))
            .filter(within)
            .values_list("questionnaire_id", "submitted_at", "scores", "local_scores")
        )
        for questionnaire_id, submitted_at, scores, local in answers.iterator(chunk_size=2000):
            month = tallies.month_of(submitted_at)
            counting.add_answer(month, codes.get(questionnaire_id, []), scores, local)
    stats = counting.stats(start, end, current.content)
    if numbers_only:
        return stats
    stats = replace(stats, local_items=_local_items(centre, stats.counts))
    stats = _with_comments(stats, Response.objects.filter(centre=centre))
    served = people_served(centre, start, end)
    stats = replace(stats, left_out=left_out(Q(centre=centre), start, end, counted=stats.answers))
    waiting = still_counting(Q(centre=centre), start, end)
    return replace(_with_people(stats, served.people), served=served, waiting=waiting)


def _local_items(centre: ServiceCentre, counts: dict[str, list[int]]) -> list[ItemStats]:
    """The centre's own questions: those asked now, and those no longer asked that
    were answered in the period."""
    shown: list[ItemStats] = []
    for question in centre.local_questions.all():
        figure = statistics.figure(counts.get(question.code, ()))
        if figure.n or question.is_active:
            # Numbered L1, L2 … in the order the centre asks them, after the core items.
            shown.append(
                ItemStats(f"L{len(shown) + 1}", question.text_th, question.text_en, figure)
            )
    return shown


def report_figures(stats: Stats) -> dict[str, Any] | None:
    """The satisfaction part of a maintenance report from a centre's figures, keyed by
    maintenance.models.SATISFACTION_FIELDS, then the percentage of each mean
    (PERCENTAGE_FIELDS); None when there are no counted answers.

    respondents is the number of counted answers; the four means are the dimensions'
    (pooled) means with their percentages, and overall_percentage is the overall item's,
    each exactly as the results pages show them (statistics.Figure.shown_mean and
    shown_percentage; None if nobody answered that part).
    """
    if not stats.answers:
        return None
    figures: dict[str, Any] = {"respondents": stats.answers}
    for name, code in REPORT_DIMENSIONS.items():
        dimension = stats.summary.dimension(code)
        figures[name] = dimension.figure.shown_mean if dimension else None
        figures[PERCENTAGE_FIELDS[name]] = dimension.figure.shown_percentage if dimension else None
    figures["overall_percentage"] = stats.summary.overall.figure.shown_percentage
    return {name: figures[name] for name in (*SATISFACTION_FIELDS, *PERCENTAGE_FIELDS.values())}


def mean_percentages(
    means: Mapping[str, Any],
    *,
    survey: Mapping[str, Any] | None,
    kept: Mapping[str, Any] | None = None,
) -> dict[str, Decimal | None]:
    """The percentage a report carries for each mean it is given (keyed by
    PERCENTAGE_FIELDS' values): the survey's, worked from the unrounded mean, when the
    mean is the survey's; the one kept with the report while its mean is unchanged (the
    survey may have counted more answers since); otherwise the typed mean × 20."""
    percentages: dict[str, Decimal | None] = {}
    for name, field_name in PERCENTAGE_FIELDS.items():
        mean = _decimal(means.get(name))
        if mean is None:
            percentage = None
        elif survey and _decimal(survey.get(name)) == mean:
            percentage = survey[field_name]
        elif kept and _decimal(kept.get(name)) == mean and _decimal(kept.get(field_name)):
            percentage = _decimal(kept.get(field_name))
        else:
            percentage = statistics.percentage_of_mean(mean)
        percentages[field_name] = percentage
    return percentages


def _decimal(value: Any) -> Decimal | None:
    """A figure as stored in a report, or as frozen in a version's text ("None" for none).
    Also reads what a person typed, before the form has refused it: "NaN" or "1e999"
    are no figure."""
    if value is None or value in ("", "None"):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) < 1000 else None


def report_names() -> dict[str, dict[str, str]]:
    """The names of the report's satisfaction figures, in Thai and English, from the
    questionnaire the survey asks: each mean is named by its dimension, the overall
    percentage by the overall item, as the results pages name them."""
    content = questionnaire.current().content
    names: dict[str, dict[str, str]] = {}
    for name, code in REPORT_DIMENSIONS.items():
        dimension = next(d for d in content["dimensions"] if d["code"] == code)
        names[name] = {"th": str(dimension["th"]), "en": str(dimension.get("en", ""))}
    overall = content["overall"]
    names["overall_percentage"] = {"th": str(overall["th"]), "en": str(overall.get("en", ""))}
    return names


def satisfaction_label(name: str, names: dict[str, dict[str, str]] | None = None) -> str:
    """The label of a report's satisfaction field (SATISFACTION_FIELDS), in the
    reader's language, under the names of `report_names` (pass them when labelling
    several fields: each reading asks the database for the current questionnaire)."""
    if name == "respondents":
        return _("Number of respondents")
    named = (names or report_names())[name]
    label = in_language(named["th"], named["en"])
    if name == "overall_percentage":
        return _("%(item)s (%%)") % {"item": label}
    return _("Mean: %(dimension)s") % {"dimension": label}


@dataclass(frozen=True)
class ReportFigure:
    """One line of a report's satisfaction part: a name, a mean (None for the overall
    line, which is a percentage only) and a percentage."""

    th: str
    en: str
    mean: Decimal | None
    percentage: Decimal | None

    @property
    def label(self) -> str:
        return in_language(self.th, self.en)


def report_rows(values: Mapping[str, Any]) -> list[ReportFigure]:
    """The satisfaction part of a report as every page and the PDF show it: each
    dimension's mean and percentage, then the overall percentage.

    values: a report's figures by field name (`report_values`), a version's frozen
    satisfaction, or `report_figures`. A version frozen before percentages and names
    were kept shows what it showed then: the mean × 20, under today's names.
    """
    names = values.get("names") or report_names()
    rows = []
    for name, field_name in PERCENTAGE_FIELDS.items():
        mean = _decimal(values.get(name))
        percentage = _decimal(values.get(field_name))
        if percentage is None and mean is not None and field_name not in values:
            percentage = statistics.percentage_of_mean(mean)
        rows.append(ReportFigure(names[name]["th"], names[name]["en"], mean, percentage))
    overall = names["overall_percentage"]
    rows.append(
        ReportFigure(overall["th"], overall["en"], None, _decimal(values.get("overall_percentage")))
    )
    return rows


def report_values(report: Report) -> dict[str, Any]:
    """A report's satisfaction figures by field name, as `report_rows` reads them."""
    return {
        name: getattr(report, name) for name in (*SATISFACTION_FIELDS, *PERCENTAGE_FIELDS.values())
    }


def satisfaction_for_report(report: Report) -> dict[str, Any] | None:
    """The round's satisfaction figures for the report's centre, over the round's
    period (see `report_figures`), ready to fill the report; None without answers."""
    stats = centre_stats(
        report.centre, report.round.period_start, report.round.period_end, numbers_only=True
    )
    return report_figures(stats)


# --- an area ------------------------------------------------------------------------------


def _is_whole_province(user: Any, area: Organisation | None) -> bool:
    """Whether the province's own tallies answer for the area: the area is a province
    (whose oversight is everything on its soil) and the account sees all of that soil.
    A provincial office's oversight is only its own subtree, so it is summed by centre."""
    if area is None or area.kind != Organisation.Kind.PROVINCE or not area.province_id:
        return False
    reach = cap.where(user, cap.READ)
    return reach.everything or area.province_id in reach.province_codes


def area_stats(
    user: Any,
    *,
    area: Organisation | None,
    start: date,
    end: date,
    numbers_only: bool = False,
) -> Stats:
    """The figures of every centre in an area, within the account's jurisdiction, in
    whole months (the period is widened to them: reading the answers of the cut days
    of a province or a country would cost what the tallies exist to save).

    area None is everything the account sees. A province seen whole, and the whole
    country for a national account, read the province tallies (a dozen rows a year per
    province). Any other area (a ministry, a department, a provincial office, a
    district, or an overseer's own scope) sums the tallies of its centres: slower, in
    proportion to the number of centres.
    """
    start, end = whole_months(start, end)
    current, _codes = _questionnaires()
    months = months_between(start, end)
    counting = _Months(months)
    # Which centres' answers the area covers, for comments and people served.
    centres: Q
    if area is None and cap.is_national(user, cap.READ):
        # The country's own tallies: a dozen rows a year.
        _count(counting, Tally.objects.filter(centre__isnull=True, province__isnull=True), months)
        centres = Q()
    elif area is not None and _is_whole_province(user, area):
        provincial = Tally.objects.filter(centre__isnull=True, province_id=area.province_id)
        _count(counting, provincial, months)
        centres = Q(centre__organisation__province_id=area.province_id)
    else:
        inside = ServiceCentre.objects.all()
        if area is not None:
            inside = inside.filter(cap.oversight_of(area).q("organisation__"))
        inside = cap.scoped(user, inside, via="organisation__")
        _count(counting, Tally.objects.filter(centre__in=inside.values("pk")), months)
        centres = Q(centre__in=inside.values("pk"))
    stats = counting.stats(start, end, current.content, whole_months=True)
    if numbers_only:
        return stats
    stats = _with_comments(stats, Response.objects.filter(centres), windowed=True)
    stats = replace(stats, left_out=left_out(centres, start, end, counted=stats.answers))
    # As for a centre, only reported periods wholly inside the period count.
    people = PeopleServed.objects.filter(
        centres, period_start__gte=start, period_end__lte=end
    ).aggregate(total=Sum("people"))["total"]
    return replace(_with_people(stats, people or 0), waiting=still_counting(centres, start, end))


# --- many centres at once -----------------------------------------------------------------


@dataclass(frozen=True)
class OverallSum:
    """The counted answers of some tallies, and their overall item's counts summed."""

    answers: int
    counts: tuple[int, int, int, int, int]

    @property
    def figure(self) -> statistics.Figure:
        """The overall item's mean and 95 % interval, as the results pages work them
        (statistics.figure) for a centre or an area."""
        return statistics.figure(self.counts)


def overall_sums(
    where: Q, first: date, last: date, *, by: str | None = None
) -> dict[tuple[Any, date], OverallSum]:
    """The counted answers and the overall item's (O1) counts of the tallies `where`
    selects (centres' tallies, a province's, or the country's), from month `first` to
    month `last`, summed by the database per month and, with `by`, per that lookup from
    the tally ("centre__organisation__province_id"): {(group or None, month): sum}.

    One query however many centres: the sums are taken from the JSON counts in SQL, so
    a scope of 10,000 centres sends back one row per month (and group), not its tallies.
    Index: the unique (centre, month) of the tallies, or the province's and the
    country's partial ones."""
    code = str(_questionnaires()[0].content["overall"]["code"])
    scores = {f"n{i}": Sum(Cast(KT(f"counts__{code}__{i}"), IntegerField())) for i in range(5)}
    groups = ["month"] + ([by] if by else [])
    rows = (
        Tally.objects.filter(where, month__gte=first, month__lte=last)
        .values(*groups)
        .annotate(answers=Sum("responses"), **scores)
        .order_by()
    )
    sums: dict[tuple[Any, date], OverallSum] = {}
    for row in rows:
        n = [int(row[f"n{i}"] or 0) for i in range(5)]
        key = (row[by] if by else None, row["month"])
        sums[key] = OverallSum(row["answers"] or 0, (n[0], n[1], n[2], n[3], n[4]))
    return sums


def left_out_counts(centres: Q, start: date, end: date, *, by: str) -> dict[Any, int]:
    """How many answers of the centres (a filter on Response) from start to end were
    left out as suspect or rejected, per `by` (a lookup from the answer): one query per
    status, each read from its partial index, as `left_out` does."""
    found: dict[Any, int] = {}
    for status in (Response.Status.SUSPECT, Response.Status.REJECTED):
        groups = (
            Response.objects.filter(centres, status=status, **_bounds(start, end))
            .values_list(by)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for key, n in groups:
            found[key] = found.get(key, 0) + n
    return found
