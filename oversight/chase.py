"""The dashboard's whom to chase: the units of the scope that are late or silent today,
each with its reasons, gathered from what the other sections count: a maintenance
report of the current round not sent, a letter not acknowledged in time or its answer
overdue, an open campaign survey not answered, a certificate at risk (expiring without
a renewal, or under watch). Each rule is its domain's (maintenance.selectors.FIGURES,
correspondence.tallies (each unit's copies counted), campaigns.tracking.silent_q,
certification.selectors.at_risk_q); this module only groups them by unit.

`read` costs eight queries whatever the number of units (more on the first visit of a
day, when the units' letters are counted again): each reason is counted by the
database, grouped by unit, the letters' from each unit's kept counts in two; the names,
and the reminders already sent today from the notice log, in one each.
Reminding them is oversight/reminding.py.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from accounts import capabilities as cap
from campaigns import tracking as campaign_tracking
from campaigns.models import Target
from certification import selectors as certification
from certification.models import Certificate
from correspondence import tallies as letter_tallies
from correspondence import tracking as letter_tracking
from maintenance.models import Report, Round
from maintenance.selectors import FIGURES, current_round
from notices.models import Notice
from oversight import areas, sections
from oversight.scopes import Scope
from saduak.language import in_language
from thaicalendar.templatetags.thaidate import thaidate

# How many units the dashboard shows; the list page shows them all, page by page.
SHOWN = 50
PAGE = 50
# Each reason, in the order a unit's reasons are listed.
REASONS = ("missing", "unacknowledged", "overdue", "campaigns", "expiring", "watched")


def key_prefix(day: date) -> str:
    """The start of the key of every chase notice made on `day` (Bangkok): a unit is
    reminded at most once a day, whoever reminds it (notices.models.Notice.key)."""
    return f"chase:{day.isoformat()}:"


@dataclass
class Unit:
    """A unit to chase and how many things of each reason it owes."""

    pk: int
    name_th: str
    name_en: str
    province_th: str
    province_en: str
    counts: dict[str, int] = field(default_factory=dict)
    reminded_today: bool = False

    @property
    def name(self) -> str:
        return in_language(self.name_th, self.name_en)

    @property
    def province(self) -> str:
        return in_language(self.province_th, self.province_en) if self.province_th else ""

    @property
    def url(self) -> str:
        return reverse("oversight:dashboard", args=[self.pk])

    def reasons(self, rnd: Round | None) -> list[str]:
        """What the unit owes, in the active language, one line per reason."""
        lines = []
        for code in REASONS:
            n = self.counts.get(code, 0)
            if n:
                lines.append(_reason(code, n, rnd))
        return lines


def _reason(code: str, n: int, rnd: Round | None) -> str:
    if code == "missing":
        round_name = rnd.name if rnd is not None else ""
        due = thaidate(rnd.deadline) if rnd is not None else ""
        return ngettext(
            "The %(round)s report of %(n)s centre not sent (due %(date)s)",
            "The %(round)s reports of %(n)s centres not sent (due %(date)s)",
            n,
        ) % {"n": n, "round": round_name, "date": due}
    if code == "unacknowledged":
        return ngettext(
            "%(n)s letter not acknowledged after %(days)s days",
            "%(n)s letters not acknowledged after %(days)s days",
            n,
        ) % {"n": n, "days": letter_tracking.ACKNOWLEDGE_WITHIN_DAYS}
    if code == "overdue":
        return ngettext(
            "The answer to %(n)s letter is overdue",
            "The answers to %(n)s letters are overdue",
            n,
        ) % {"n": n}
    if code == "campaigns":
        return ngettext(
            "%(n)s open campaign survey not answered",
            "%(n)s open campaign surveys not answered",
            n,
        ) % {"n": n}
    if code == "expiring":
        return ngettext(
            "%(n)s certificate expiring within %(months)s months without a renewal application",
            "%(n)s certificates expiring within %(months)s months without a renewal application",
            n,
        ) % {"n": n, "months": certification.RENEWAL_MONTHS}
    return ngettext("%(n)s certificate under watch", "%(n)s certificates under watch", n) % {"n": n}


@dataclass
class Chase:
    """Whom to chase in a scope today: every unit (worst first), the current round the
    missing reports are of, and whether the viewer may remind them."""

    units: list[Unit]
    round: Round | None
    may_remind: bool
    reminded_today: int = 0
    list_url: str = ""  # the whole list, page by page
    remind_url: str = ""  # where the reminder is posted

    @property
    def total(self) -> int:
        return len(self.units)

    @property
    def shown(self) -> list[Unit]:
        return self.units[:SHOWN]

    @property
    def to_remind(self) -> int:
        return self.total - self.reminded_today

    def rows_of(self, units: Iterable[Unit]) -> list[dict[str, Any]]:
        """Units with their reasons as text, for a template."""
        return [{"unit": unit, "reasons": unit.reasons(self.round)} for unit in units]

    @property
    def shown_rows(self) -> list[dict[str, Any]]:
        return self.rows_of(self.shown)


def _grouped(queryset: Any, via: str, counts: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows grouped by the id of the unit reached through `via` ("organisation__",
    "centre__organisation__"), with the counts. Grouped by the id alone: grouping by the
    names as well made the nation's letters sort 250,000 wide rows on disk (0.5 s)."""
    return list(queryset.order_by().values(unit_id=F(f"{via}id")).annotate(**counts))


def may_remind(scope: Scope) -> bool:
    """Whether the scope's viewer may remind its units: CHASE on the scope's
    organisation, or everywhere for the nation's."""
    if scope.organisation is None:
        return cap.is_national(scope.viewer, cap.CHASE)
    return cap.can(scope.viewer, cap.CHASE, scope.organisation)


def read(scope: Scope, today: date) -> Chase:
    """Every unit of the scope to chase on `today`, worst first (most reasons), then by
    name. A constant number of queries."""
    rnd = current_round(today)
    found: list[list[dict[str, Any]]] = []
    if rnd is not None:
        reports = Report.objects.filter(scope.centres_q("centre__"), FIGURES["missing"], round=rnd)
        found.append(_grouped(reports, "centre__organisation__", {"missing": Count("pk")}))
    # The letters' reasons from each unit's kept counts (correspondence/tallies.py),
    # not from its copies: the nation's are 785,000.
    letters = letter_tallies.current(scope.organisations(), today).filter(
        Q(unacknowledged__gt=0) | Q(answers_overdue__gt=0)
    )
    found.append(
        [
            {"unit_id": pk, "unacknowledged": unacknowledged, "overdue": overdue}
            for pk, unacknowledged, overdue in letters.values_list(
                "organisation_id", "unacknowledged", "answers_overdue"
            )
        ]
    )
    targets = Target.objects.filter(scope.q("organisation__"), campaign_tracking.silent_q(today))
    found.append(_grouped(targets, "organisation__", {"campaigns": Count("pk")}))
    certificates = Certificate.objects.filter(
        scope.centres_q("centre__"), certification.at_risk_q(today)
    )
    counts = {
        "expiring": Count("pk", filter=certification.expiring_unrenewed_q(today)),
        "watched": Count("pk", filter=certification.watched_q(today)),
    }
    found.append(_grouped(certificates, "centre__organisation__", counts))

    owed: dict[int, dict[str, int]] = {}
    for rows in found:
        for row in rows:
            of_unit = owed.setdefault(row["unit_id"], {})
            for code in REASONS:
                if row.get(code):
                    of_unit[code] = of_unit.get(code, 0) + row[code]
    # The names of the whole scope rather than of a list of the thousands of ids owed:
    # sending the list cost more than reading the names not needed.
    named = (
        scope.organisations()
        .order_by("pk")  # units of one name in a stable order
        .values_list("pk", "name_th", "name_en", "province__name_th", "province__name_en")
    )
    units = {
        pk: Unit(pk, name_th, name_en or "", province_th or "", province_en or "", owed[pk])
        for pk, name_th, name_en, province_th, province_en in named
        if pk in owed
    }
    reminded = set(
        Notice.objects.filter(
            scope.q("organisation__"),
            kind=Notice.Kind.CHASE,
            channel=Notice.Channel.INBOX,
            key__startswith=key_prefix(today),
        ).values_list("organisation_id", flat=True)
    )
    for pk in reminded & units.keys():
        units[pk].reminded_today = True
    return Chase(
        units=_in_order(list(units.values())),
        round=rnd,
        may_remind=may_remind(scope),
        reminded_today=len(reminded & units.keys()),
        list_url=scope.url("oversight:chase_list"),
        remind_url=scope.url("oversight:remind"),
    )


def _in_order(units: list[Unit]) -> list[Unit]:
    """Most reasons first, then in Thai dictionary order (a stable sort keeps it)."""
    by_name = areas.in_order(units, lambda unit: unit.name_th, thai=True)
    return sorted(by_name, key=lambda unit: -len(unit.counts))


def log(scope: Scope) -> Any:
    """The chase notices sent to the units of the scope, newest first: the notice log
    of chasing (in the inbox and each e-mail, with its delivery status)."""
    return (
        Notice.objects.filter(scope.q("organisation__"), kind=Notice.Kind.CHASE)
        .select_related("organisation", "created_by", "account")
        .order_by("-created_at", "organisation_id", "channel", "pk")
    )


def rows(figures: Chase) -> list[sections.Row]:
    """The units to chase as lines of a file or an e-mail: the total, then each unit
    shown on the dashboard with its reasons."""
    lines = [sections.Row(str(_lazy("Units to chase")), figures.total)]
    for unit in figures.shown:
        lines.append(sections.Row(unit.name, "; ".join(unit.reasons(figures.round))))
    return lines


sections.section(
    sections.Section(
        key="chase",
        title=_lazy("Whom to chase"),
        template="oversight/sections/chase.html",
        read=read,
        rows=rows,
    )
)
