"""The dashboard's rounds section: how the reports of the current round (the 6- or
12-month round of the fiscal year, maintenance.selectors.current_round) stand among the
scope's certified centres, which owe one each since the round opened.

Owed, sent, on time, late, returned and accepted are maintenance's completeness figures
(maintenance.selectors.FIGURES); "missing" follows the one overdue rule
(Report.overdue_by): a report never sent once the deadline has passed. Before the
deadline those reports are "not yet sent", and none is missing. One query for the
round, one for the figures, whatever the number of centres."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maintenance import selectors
from maintenance.models import Round
from oversight import areas
from oversight.scopes import Scope
from oversight.sections import COUNT, SHARE, Measure, Row, Section, measure, section
from survey.statistics import half_up
from thaicalendar.dates import bangkok_today
from thaicalendar.templatetags.thaidate import thaidate

# The figures in the order the section shows them (keys of round_figures).
SHOWN = ("owed", "submitted", "on_time", "late", "missing", "pending", "returned", "accepted")


def _labels() -> dict[str, str]:
    return {
        "owed": _("Owed"),
        "submitted": _("Sent"),
        "on_time": _("Sent on time"),
        "late": _("Sent late"),
        "missing": _("Missing (deadline passed)"),
        "pending": _("Not yet sent"),
        "returned": _("Returned for correction"),
        "accepted": _("Accepted"),
    }


@dataclass(frozen=True)
class RoundFigures:
    round: Round | None  # None: no round has been opened yet
    today: date
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def overdue(self) -> bool:
        return self.round is not None and self.today > self.round.deadline

    @property
    def on_time_share(self) -> float | None:
        """The share of the reports decided that were sent by the deadline (0..1)."""
        return _share(self.counts)

    @property
    def on_time_percentage(self) -> Decimal | None:
        """The same share as a percentage, 2 decimals half up, as reports show them."""
        decided = _decided(self.counts)
        on_time = self.counts.get("on_time") or 0
        return half_up(Fraction(100 * on_time, decided)) if decided else None

    @property
    def shown(self) -> list[tuple[str, str, int]]:
        """(key, label, count) of each figure, as the page lists them: "missing" once
        the deadline has passed, "not yet sent" before."""
        labels = _labels()
        skip = "pending" if self.overdue else "missing"
        return [(k, labels[k], self.counts.get(k, 0)) for k in SHOWN if k != skip]


def _decided(counts: dict[str, Any]) -> int:
    """The reports owed whose fate is known: all of them once the deadline has passed;
    before it, those sent, since one not yet sent is not late yet (a district whose
    units have not sent is not "0 % on time" months before the deadline)."""
    return (counts.get("owed") or 0) - (counts.get("pending") or 0)


def _share(counts: dict[str, Any]) -> float | None:
    decided = _decided(counts)
    return (counts.get("on_time") or 0) / decided if decided else None


def read(scope: Scope, today: date) -> RoundFigures:
    rnd = selectors.current_round(today)
    if rnd is None:
        return RoundFigures(None, today)
    counts = selectors.round_figures(rnd, scope.centres_q("centre__"), today)
    return RoundFigures(rnd, today, {k: int(v or 0) for k, v in counts.items()})


def rows(figures: RoundFigures) -> list[Row]:
    if figures.round is None:
        return [Row(_("Current round"), _("No round has been opened yet"))]
    return [
        Row(_("Current round"), figures.round.name),
        Row(_("Deadline"), thaidate(figures.round.deadline)),
        *(Row(label, n, COUNT) for _key, label, n in figures.shown),
        Row(_("Share sent on time"), figures.on_time_share, SHARE),
    ]


def _by_area(scope: Scope, day: date) -> list[dict[str, Any]]:
    rnd = selectors.current_round(day)
    if rnd is None:
        return []
    by = areas.field(scope, organisation="centre__organisation__", centre="centre_id")
    # A round no longer current is read as it closed, every report owed decided: the
    # reports keep no history, so read on a day before its deadline (the comparison's
    # last day of its period) they would count today's reports as "not yet due" and
    # the share on time over those sent alone (review finding).
    as_of = day
    if rnd != selectors.current_round(bangkok_today()):
        as_of = max(day, rnd.deadline + timedelta(days=1))
    return selectors.round_figures(rnd, scope.centres_q("centre__"), as_of, by=by)


def on_time_by_area(scope: Scope, day: date) -> dict[str, float | None]:
    return {str(row["area"]): _share(row) for row in _by_area(scope, day) if row["area"]}


def missing_by_area(scope: Scope, day: date) -> dict[str, float | None]:
    return {str(row["area"]): float(row["missing"]) for row in _by_area(scope, day) if row["area"]}


section(
    Section(
        key="rounds",
        title=gettext_lazy("The current round"),
        template="oversight/sections/rounds.html",
        read=read,
        rows=rows,
    )
)
measure(
    Measure(
        code="reports_on_time_share",
        label=gettext_lazy("Reports sent on time"),
        unit=SHARE,
        higher_is_better=True,
        by_area=on_time_by_area,
    )
)
measure(
    Measure(
        code="reports_missing",
        label=gettext_lazy("Reports missing"),
        unit=COUNT,
        higher_is_better=False,
        by_area=missing_by_area,
    )
)
