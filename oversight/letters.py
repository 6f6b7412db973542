"""The dashboard's letters section: the official letters that reached the scope's
organisations, how many copies were acknowledged in the recipients' registers (ลงรับ),
overall and for the last letters, and the answers overdue. The figures are read by
correspondence/selectors.py, cut to the scope; a letter links to its tracking page only
for a viewer who follows it (`capabilities.may_follow`)."""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import capabilities as cap
from correspondence import selectors
from correspondence.selectors import Coverage
from oversight import areas
from oversight.scopes import CENTRE, Scope
from oversight.sections import COUNT, SHARE, Measure, Row, Section, measure, section
from thaicalendar.dates import BANGKOK

# How many of the last letters the section shows with their own coverage, and how many
# letters with overdue answers.
RECENT = 5


@dataclass
class Item:
    """A letter's figures among the scope's copies, with its tracking page's address
    when the viewer follows the letter ("" otherwise)."""

    coverage: Coverage
    url: str = ""


@dataclass
class Letters:
    total: Coverage
    recent: list[Item]
    overdue: list[Item]


def copies(scope: Scope) -> Any:
    """The copies that count: those delivered to the scope's organisations."""
    return scope.q("organisation__")


def _shown(scope: Scope, coverage: Coverage) -> Item:
    letter = coverage.letter
    url = ""
    if letter is not None and cap.may_follow(scope.viewer, letter):
        url = reverse("correspondence:tracking", args=[letter.pk])
    return Item(coverage=coverage, url=url)


def read(scope: Scope, today: date) -> Letters:
    """Five queries, whatever the number of organisations and copies (seven on the
    first visit of a day or after a change: correspondence/tallies.py)."""
    return Letters(
        total=selectors.coverage_of_units(scope.organisations(), today=today),
        recent=[
            _shown(scope, c)
            for c in selectors.recent_coverage(copies(scope), today=today, count=RECENT)
        ],
        overdue=[
            _shown(scope, c)
            for c in selectors.overdue_answers(copies(scope), today=today, count=RECENT)
        ],
    )


def _name(coverage: Coverage) -> str:
    letter = coverage.letter
    if letter is None:
        return ""
    return f"{letter.official_reference} {letter.subject}".strip()


def rows(figures: Letters) -> list[Row]:
    total = figures.total
    found = [
        Row(_("Copies of letters delivered"), total.delivered, COUNT),
        Row(_("Copies acknowledged"), total.acknowledged, COUNT),
        Row(_("Share of copies acknowledged"), total.acknowledged_share, SHARE),
        Row(_("Answers overdue"), total.answers_overdue, COUNT),
    ]
    for item in figures.recent:
        label = _("Acknowledged: %(letter)s") % {"letter": _name(item.coverage)}
        found.append(Row(label, item.coverage.acknowledged_share, SHARE))
    for item in figures.overdue:
        label = _("Answers overdue: %(letter)s") % {"letter": _name(item.coverage)}
        found.append(Row(label, item.coverage.answers_overdue, COUNT))
    return found


section(
    Section(
        key="letters",
        title=_lazy("Letters"),
        template="oversight/sections/letters.html",
        read=read,
        rows=rows,
    )
)


# --- measures by area ----------------------------------------------------------------------


def _group(scope: Scope) -> str | None:
    """The lookup that gives a copy's area; None for a unit's dashboard, whose areas
    are its centres (a letter reaches the unit, not a centre)."""
    if scope.group == CENTRE:
        return None
    return areas.field(scope, organisation="organisation__", centre="")


def acknowledged_share_by_area(scope: Scope, day: date) -> dict[str, float | None]:
    """Copies acknowledged among those delivered, by the end of `day`: one query."""
    group = _group(scope)
    if group is None:
        return {}
    until = datetime.combine(day, time.max, tzinfo=BANGKOK)
    found = selectors.acknowledgement_by(copies(scope), group=group, until=until)
    return {str(key): c.acknowledged_share for key, c in found.items() if key is not None}


def answers_overdue_by_area(scope: Scope, day: date) -> dict[str, float | None]:
    """Copies overdue for their answer on `day` (an area with copies, all in time: 0):
    one query."""
    group = _group(scope)
    if group is None:
        return {}
    found = selectors.answers_overdue_by(copies(scope), group=group, today=day)
    return {str(key): n for key, n in found.items() if key is not None}


measure(
    Measure(
        code="letters_acknowledged_share",
        label=_lazy("Letters acknowledged"),
        unit=SHARE,
        higher_is_better=True,
        by_area=acknowledged_share_by_area,
    )
)
measure(
    Measure(
        code="answers_overdue",
        label=_lazy("Answers overdue"),
        unit=COUNT,
        higher_is_better=False,
        by_area=answers_overdue_by_area,
    )
)
