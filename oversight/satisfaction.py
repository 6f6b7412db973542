"""The dashboard's satisfaction section: the citizens' overall satisfaction (the survey's
overall item) with the scope's centres over the current round, its 95 % interval and
the number of counted answers; its trend over the last rounds, as a line chart with its
table; and the share of the round's answers left out as suspect or rejected.

Read from the survey's monthly tallies, never from the answers: the sums of the overall
item's counts are taken in SQL over every tally of the scope (survey.selectors.
overall_sums), one row per month, and the mean and interval are worked from them as the
results pages work a centre's (survey.statistics.figure). A nation-wide scope of a
national viewer reads the country's own tallies (one row a month), a province of theirs
the province's; any other scope sums its centres' tallies (a ministry's or DLA's
thousands: see docs, "Speed"). The answers left out are counted as the results pages
count them (survey.selectors.left_out), from the partial indexes of suspect and
rejected answers.

Kept a while (Django's cache, keyed by the viewer's oversight and the scope): the months
of the rounds before the current one, an hour (closed months move only with a late
decision on a suspect answer), and the answers left out, five minutes (counting them
reads every suspect answer of the round). The current round's counted answers are
always read as they stand. Seven queries when nothing is kept, three when it is,
whatever the number of centres."""

import hashlib
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import capabilities as cap
from maintenance.models import Round
from maintenance.selectors import current_round, recent_rounds
from oversight import areas
from oversight.scopes import Scope
from oversight.sections import COUNT, SCORE, SHARE, Measure, Row, Section, measure, section
from saduak.charts import LineChart, Point
from survey import selectors
from survey.selectors import LeftOut, OverallSum
from survey.statistics import Figure

TREND_ROUNDS = 6  # the current round and the five before it, when there are
# How long the figures that move slowly are kept: the months of the rounds before the
# current one (closed: only a late decision on a suspect answer changes them) and the
# count of the current round's answers left out (seconds).
PAST_SECONDS = 3600
LEFT_OUT_SECONDS = 300


@dataclass(frozen=True)
class RoundPoint:
    round: Round
    answers: int  # counted answers
    figure: Figure  # the overall item's mean and interval

    @property
    def label(self) -> str:
        """The round's short name, for the chart's axis."""
        return _("%(months)s months %(year)s") % {
            "months": self.round.months,
            "year": self.round.fiscal_year,
        }


@dataclass(frozen=True)
class SatisfactionFigures:
    round: Round | None  # the current round; None before any is opened
    trend: list[RoundPoint]  # oldest first, the current round last
    left_out: LeftOut | None  # the current round's answers left out

    @property
    def current(self) -> RoundPoint | None:
        return self.trend[-1] if self.trend else None

    @property
    def suspect_share(self) -> float | None:
        """The share of the round's answers received that were left out (0..1)."""
        if self.left_out is None or not self.left_out.received:
            return None
        return self.left_out.answers / self.left_out.received

    @property
    def chart(self) -> LineChart:
        return LineChart(
            title=_("Overall satisfaction by round (mean, 1 to 5, with its 95 per cent interval)"),
            points=[
                Point(
                    p.label,
                    p.figure.mean,
                    str(p.figure.shown_mean) if p.figure.n else "–",
                    p.figure.ci_low,
                    p.figure.ci_high,
                )
                for p in self.trend
            ],
            ident="satisfaction-trend",
            minimum=1,
            maximum=5,
        )


def tallies_of(scope: Scope) -> Q:
    """Which tallies hold the scope's counted answers. The country's tallies for a
    nation-wide viewer's nation, a province's for the same cut to a province: both
    count exactly the answers of every centre there, in one row a month. Anything else
    (a ministry, a department, a province's own oversight, a district …) sums the
    tallies of its centres (index: the unique (centre, month))."""
    if _national(scope) and scope.district is None:
        if scope.province is None:
            return Q(centre__isnull=True, province__isnull=True)
        return Q(centre__isnull=True, province_id=scope.province.code)
    return _centres(scope)


def area_tallies_of(scope: Scope) -> tuple[Q, str]:
    """Which tallies hold the scope's counted answers area by area, and the lookup of
    theirs that gives the area: a nation-wide viewer's nation by the provinces' own
    tallies, anything else by its centres'."""
    if _national(scope) and scope.province is None and scope.district is None:
        return Q(centre__isnull=True, province__isnull=False), "province_id"
    return _centres(scope), _area(scope)


def _national(scope: Scope) -> bool:
    """Whether the scope is the whole country broken down by province, whose own
    tallies hold its figures; the comparison's units of the nation (`group` UNIT) are
    not."""
    reach = cap.where(scope.viewer, cap.OVERSEE)
    return (
        reach.everything
        and not reach.excluded_ids
        and scope.organisation is None
        and scope.group == areas.PROVINCE
    )


def _centres(scope: Scope) -> Q:
    return Q(centre__isnull=False) & scope.centres_q("centre__")


def _area(scope: Scope) -> str:
    return areas.field(scope, organisation="centre__organisation__", centre="centre_id")


def _months(rounds: list[Round]) -> tuple[date, date]:
    return min(r.period_start for r in rounds).replace(day=1), max(r.period_end for r in rounds)


def _sum(sums: dict[tuple[Any, date], OverallSum], rnd: Round, key: Any = None) -> OverallSum:
    """The sums of the months of a round (6-month and 12-month rounds overlap: each
    takes its own months)."""
    answers, counts = 0, [0, 0, 0, 0, 0]
    for (group, month), one in sums.items():
        if group == key and rnd.period_start <= month <= rnd.period_end:
            answers += one.answers
            counts = [a + b for a, b in zip(counts, one.counts, strict=True)]
    return OverallSum(answers, (counts[0], counts[1], counts[2], counts[3], counts[4]))


def read(scope: Scope, today: date) -> SatisfactionFigures:
    rounds = recent_rounds(today, TREND_ROUNDS)
    if not rounds:
        return SatisfactionFigures(None, [], None)
    current = rounds[0]
    where = tallies_of(scope)
    # The current round's months are read as they stand; those of the rounds before it
    # are closed, and kept for an hour (see the module's notes).
    sums = selectors.overall_sums(where, current.period_start, current.period_end)
    first = min(r.period_start for r in rounds)
    if first < current.period_start:
        last = current.period_start - timedelta(days=1)
        key = _key(scope, "past", first, last)
        past = cache.get(key)
        if past is None:
            past = selectors.overall_sums(where, first, last)
            cache.set(key, past, PAST_SECONDS)
        sums = {**past, **sums}
    trend: list[RoundPoint] = []
    for rnd in reversed(rounds):
        total = _sum(sums, rnd)
        if total.answers or trend or rnd == current:
            # The rounds before the scope's first answers are not drawn as empty points.
            trend.append(RoundPoint(rnd, total.answers, total.figure))
    key = _key(scope, "left_out", current.pk)
    left_out = cache.get(key)
    if left_out is None:
        left_out = selectors.left_out(
            scope.centres_q("centre__"), current.period_start, current.period_end
        )
        cache.set(key, left_out, LEFT_OUT_SECONDS)
    return SatisfactionFigures(current, trend, replace(left_out, counted=trend[-1].answers))


def _key(scope: Scope, what: str, *parts: Any) -> str:
    """A cache key for a figure of the scope, as its viewer oversees it now: a change
    of the viewer's oversight is a new key."""
    ident = (
        cap.where(scope.viewer, cap.OVERSEE),
        scope.organisation.pk if scope.organisation is not None else None,
        scope.province.code if scope.province is not None else None,
        scope.district.code if scope.district is not None else None,
        scope.group,  # the comparison's units are another breakdown of the same scope
        getattr(scope, "peers", None),  # and of one kind of unit only
        what,
        *parts,
    )
    return "oversight:satisfaction:" + hashlib.sha256(repr(ident).encode()).hexdigest()


def rows(figures: SatisfactionFigures) -> list[Row]:
    point = figures.current
    if point is None or figures.round is None:
        return [Row(_("Current round"), _("No round has been opened yet"))]
    shown = point.figure
    result = [
        Row(_("Current round"), figures.round.name),
        Row(_("Overall satisfaction: mean"), shown.mean, SCORE),
        Row(_("95 per cent interval: from"), shown.ci_low, SCORE),
        Row(_("95 per cent interval: to"), shown.ci_high, SCORE),
        Row(_("Counted answers"), point.answers, COUNT),
        Row(_("Answers left out as suspect"), figures.suspect_share, SHARE),
    ]
    for p in figures.trend:
        result.append(Row(_("Mean, %(round)s") % {"round": p.round.name}, p.figure.mean, SCORE))
    return result


def _area_sums(scope: Scope, rnd: Round) -> dict[str, OverallSum]:
    where, by = area_tallies_of(scope)
    sums = selectors.overall_sums(where, *_months([rnd]), by=by)
    # A centre whose organisation has no province (or district) is in no area.
    return {str(key): _sum(sums, rnd, key) for key in {k for k, _m in sums} if key is not None}


def satisfaction_by_area(scope: Scope, day: date) -> dict[str, float | None]:
    rnd = current_round(day)
    if rnd is None:
        return {}
    return {key: one.figure.mean for key, one in _area_sums(scope, rnd).items()}


def suspect_share_by_area(scope: Scope, day: date) -> dict[str, float | None]:
    rnd = current_round(day)
    if rnd is None:
        return {}
    counted = _area_sums(scope, rnd)
    key = _key(scope, "left_out_by_area", rnd.pk)
    out: dict[str, int] | None = cache.get(key)
    if out is None:
        left = selectors.left_out_counts(
            scope.centres_q("centre__"), rnd.period_start, rnd.period_end, by=_area(scope)
        )
        out = {str(k): n for k, n in left.items() if k is not None}
        cache.set(key, out, LEFT_OUT_SECONDS)
    shares: dict[str, float | None] = {}
    for key in set(counted) | set(out):
        received = out.get(key, 0) + (counted[key].answers if key in counted else 0)
        shares[key] = out.get(key, 0) / received if received else None
    return shares


section(
    Section(
        key="satisfaction",
        title=gettext_lazy("Citizens' satisfaction"),
        template="oversight/sections/satisfaction.html",
        read=read,
        rows=rows,
    )
)
measure(
    Measure(
        code="satisfaction",
        label=gettext_lazy("Overall satisfaction (mean, 1 to 5)"),
        unit=SCORE,
        higher_is_better=True,
        by_area=satisfaction_by_area,
    )
)
measure(
    Measure(
        code="suspect_share",
        label=gettext_lazy("Answers left out as suspect"),
        unit=SHARE,
        higher_is_better=False,
        by_area=suspect_share_by_area,
    )
)
