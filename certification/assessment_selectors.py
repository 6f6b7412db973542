"""Reads of site assessment: teams, an assessor's applications, a scorebook's rows.
Nothing here writes."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from accounts.models import User
from certification import scoring
from certification.assessment import ASSIGNABLE, is_filled
from certification.models import (
    Application,
    ApplicationItem,
    AssessmentTeam,
    Call,
    ConflictOfInterest,
    Score,
    TeamMember,
)
from registry.models import Organisation
from standards.models import Criterion
from thaicalendar import dates


def teams_of_call(call: Call) -> QuerySet[AssessmentTeam]:
    return call.teams.prefetch_related(
        Prefetch("members", queryset=TeamMember.objects.select_related("user")),
        Prefetch(
            "applications",
            queryset=Application.objects.select_related("centre__organisation", "level"),
        ),
    )


def team_of(pk: int) -> AssessmentTeam | None:
    return (
        AssessmentTeam.objects.select_related("call")
        .prefetch_related(
            Prefetch("members", queryset=TeamMember.objects.select_related("user")),
            Prefetch(
                "applications",
                queryset=Application.objects.select_related("centre__organisation", "level"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def assessor_accounts() -> QuerySet[User]:
    """The accounts a team can seat."""
    return cap.assignable_accounts(cap.ASSESS)


def assignable_applications(call: Call) -> QuerySet[Application]:
    return (
        call.applications.filter(state__in=ASSIGNABLE)
        .select_related("centre__organisation", "team")
        .order_by("centre__name_th")
    )


def conflict_organisations() -> QuerySet[Organisation]:
    """Organisations an assessor may declare a conflict with: those with an application
    on its way to a decision."""
    live = Application.objects.exclude(
        state__in=[
            Application.State.DRAFT,
            Application.State.WITHDRAWN,
            Application.State.CERTIFIED,
            Application.State.NOT_CERTIFIED,
            Application.State.NOT_ELIGIBLE,
        ]
    ).values("centre__organisation")
    return Organisation.objects.filter(pk__in=live).order_by("name_th")


def declared_by(user: Any) -> QuerySet[ConflictOfInterest]:
    return ConflictOfInterest.objects.filter(user=user).select_related("organisation")


def assessments_for(user: Any) -> QuerySet[Application]:
    """The applications of the teams the account sits on: this year's work first, the
    visits in the order they come."""
    return (
        cap.applications_for(user, need=cap.ASSESS)
        .select_related("centre__organisation", "call", "team", "level", "consensus_level")
        .order_by("-call__fiscal_year", "visit_on", "centre__name_th")
    )


def saved_label(moment: datetime | None) -> str:
    """ "Saved 10:42" (today), or with the date for an older save."""
    if moment is None:
        return ""
    local = dates.bangkok_now().date()
    when = (
        f"{moment.astimezone(dates.bangkok_now().tzinfo):%H:%M}"
        if dates.local_date(moment) == local
        else dates.format_datetime(moment, style="short")
    )
    return _("Saved %(time)s") % {"time": when}


@dataclass
class Row:
    criterion: Criterion
    score: Score | None
    item: ApplicationItem | None
    others: list[tuple[str, Score]] = field(default_factory=list)
    suggestion: Any = None
    # What the form shows when it comes back with errors: the posted values.
    shown: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def filled(self) -> bool:
        return is_filled(self.score, self.criterion)

    @property
    def saved(self) -> str:
        return saved_label(self.score.saved_at) if self.score and self.score.pk else ""

    def value(self, name: str) -> Any:
        if name in self.shown:
            return self.shown[name]
        value = getattr(self.score, name, None) if self.score else None
        if name == "met":
            return {True: "yes", False: "no"}.get(value, "")  # type: ignore[arg-type]
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return value or ""

    @property
    def met_value(self) -> str:
        return str(self.value("met"))

    @property
    def points_value(self) -> str:
        return str(self.value("points"))

    @property
    def strengths_value(self) -> str:
        return str(self.value("strengths"))

    @property
    def improvements_value(self) -> str:
        return str(self.value("improvements"))

    @property
    def revision(self) -> int:
        return self.score.revision if self.score else 0


def scorebook_rows(
    application: Application, member: TeamMember | None, *, with_members: bool = False
) -> list[Row]:
    """One row per criterion of the call's standard (basic requirements first): the
    member's score (or the consensus, member None), the unit's own answer, and for the
    consensus the members' scores with the median or majority to start from."""
    criteria = list(
        application.call.standard.criteria.select_related("dimension").order_by("kind", "order")
    )
    scores = list(
        Score.objects.filter(application=application).select_related("member__user")
        if with_members
        else Score.objects.filter(application=application, member=member)
    )
    items = {i.criterion_id: i for i in application.items.all()}
    rows = []
    owner_id = member.pk if member else None
    for criterion in criteria:
        mine = [s for s in scores if s.criterion_id == criterion.pk]
        row = Row(
            criterion=criterion,
            score=next((s for s in mine if s.member_id == owner_id), None),
            item=items.get(criterion.pk),
        )
        if with_members:
            row.others = [(s.member.name, s) for s in mine if s.member is not None]
            if criterion.is_scored:
                row.suggestion = scoring.median(
                    [s.points for _n, s in row.others if s.points is not None]
                )
            else:
                row.suggestion = scoring.majority_met(
                    [s.met for _n, s in row.others if s.met is not None]
                )
        rows.append(row)
    return rows


def progress(rows: list[Row]) -> tuple[int, int]:
    return sum(1 for r in rows if r.filled), len(rows)
