"""Reads for document screening: the screener's queue, one application as its screening
page shows it (old and new versions side by side), and the results of a call within
the reader's scope. Selectors never write."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery

from accounts import capabilities as cap
from accounts.models import User
from certification.models import (
    Application,
    ApplicationVersion,
    Call,
    ItemScreening,
    ScreeningReason,
)
from standards.models import Criterion
from standards.selectors import layout, standard_with_parts

# What a screener's queue shows by default: the applications waiting for their judgement.
WAITING = (Application.State.SENT, Application.State.IN_SCREENING)
# Every state an application has once it reached screening.
SCREENING_STATES = (
    Application.State.SENT,
    Application.State.IN_SCREENING,
    Application.State.RETURNED,
    Application.State.PASSED,
    Application.State.NOT_ELIGIBLE,
)


def reasons_in_use() -> QuerySet[ScreeningReason]:
    return ScreeningReason.objects.filter(is_active=True)


def screeners() -> QuerySet[User]:
    """The accounts an application can be given to for screening."""
    return cap.assignable_accounts(cap.SCREEN)


def _listed(applications: QuerySet[Application]) -> QuerySet[Application]:
    # Everything a row shows, in a fixed number of queries whatever the length.
    return applications.select_related(
        "call",
        "centre__organisation__province",
        "centre__organisation__district",
        "level",
        "screener",
    ).annotate(version_number=Max("versions__number"))


def queue(user: Any, *, state: str = "", call: Call | None = None) -> QuerySet[Application]:
    """A screener's applications (only those assigned to them); for OPS PMO, every
    application in screening, with its screener."""
    if cap.can(user, cap.RUN_CERTIFICATION):
        applications = cap.applications_for(user)
    else:
        applications = cap.applications_for(user, need=cap.SCREEN)
    if state in Application.State.values:
        applications = applications.filter(state=state)
    elif state == "all":
        applications = applications.filter(state__in=SCREENING_STATES)
    else:
        applications = applications.filter(state__in=WAITING)
    if call is not None:
        applications = applications.filter(call=call)
    return _listed(applications).order_by(
        "correction_due", "centre__organisation__province__name_th", "centre__name_th", "pk"
    )


def assignable(
    call: Call, *, province: str = "", kind: str = "", lao_type: str = ""
) -> QuerySet[Application]:
    """The call's applications that may be given to a screener, by the filters of the
    assignment page."""
    from certification.screening import ASSIGNABLE

    applications = Application.objects.filter(call=call, state__in=ASSIGNABLE)
    if province:
        applications = applications.filter(centre__organisation__province_id=province)
    if kind:
        applications = applications.filter(centre__organisation__kind=kind)
    if lao_type:
        applications = applications.filter(centre__organisation__lao_type=lao_type)
    return _listed(applications).order_by(
        "centre__organisation__province__name_th", "centre__organisation__name_th", "pk"
    )


# --- one application -----------------------------------------------------------------------


def _same(old: dict[str, Any] | None, new: dict[str, Any] | None) -> bool:
    def key(item: dict[str, Any] | None) -> Any:
        item = item or {}
        evidence = [(e.get("id"), e.get("sha256"), e.get("link")) for e in item.get("evidence", [])]
        return (
            item.get("met"),
            item.get("self_score"),
            (item.get("comment") or "").strip(),
            evidence,
        )

    return key(old) == key(new)


@dataclass
class Row:
    criterion: Criterion
    sent: dict[str, Any]
    previous: dict[str, Any] | None
    changed: bool
    judgement: ItemScreening | None  # of the version shown, once decided
    previous_judgement: ItemScreening | None


@dataclass
class Group:
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Screening:
    application: Application
    version: ApplicationVersion | None
    previous: ApplicationVersion | None
    groups: list[Group]

    @property
    def side_by_side(self) -> bool:
        return self.previous is not None

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def changed_count(self) -> int:
        return sum(1 for row in self.rows if row.changed)


def _judgements(version: ApplicationVersion | None) -> dict[int, ItemScreening]:
    if version is None:
        return {}
    return {
        j.criterion_id: j for j in version.item_screenings.prefetch_related("reasons").order_by()
    }


def screening(application: Application, *, number: int | None = None) -> Screening:
    """The application as its screener reads it: per requirement and criterion of the
    call's standard, what the current (or given) version sent, and beside it what the
    version before sent, how it changed and how it was judged."""
    from django.utils.translation import gettext as _

    versions = list(
        application.versions.select_related("screened_by")
        .prefetch_related("outcome_reasons")
        .order_by("number")
    )
    if number is not None:
        versions = [v for v in versions if v.number <= number]
    version = versions[-1] if versions else None
    previous = versions[-2] if len(versions) > 1 else None
    standard = standard_with_parts(application.call.standard_id)
    parts = layout(standard)
    current = _judgements(version)
    before = _judgements(previous)
    sent = version.content if version else {}
    old = previous.content if previous else None

    def row(criterion: Criterion) -> Row:
        item = sent.get(criterion.code) or {}
        was = old.get(criterion.code) if old is not None else None
        return Row(
            criterion=criterion,
            sent=item,
            previous=was,
            changed=old is not None and not _same(was, item),
            judgement=current.get(criterion.pk),
            previous_judgement=before.get(criterion.pk),
        )

    groups = [Group(_("Basic requirements"), [row(c) for c in parts.basic])]
    for group in parts.groups:
        title = group.dimension.name if group.dimension else _("Scored criteria")
        groups.append(Group(title, [row(c) for c in group.criteria]))
    return Screening(application=application, version=version, previous=previous, groups=groups)


# --- results of a call -------------------------------------------------------------------------


def results(
    user: Any, call: Call, *, province: str = "", outcome: str = ""
) -> QuerySet[ApplicationVersion]:
    """The latest screening result of each application of the call that the account
    reads (an overseer: its area's units), one row each."""
    latest = (
        ApplicationVersion.objects.filter(application=OuterRef("pk"))
        .exclude(outcome=ApplicationVersion.Outcome.PENDING)
        .order_by("-number")
        .values("pk")[:1]
    )
    applications = (
        cap.applications_for(user)
        .filter(call=call)
        .annotate(result_id=Subquery(latest))
        .filter(result_id__isnull=False)
    )
    if province:
        applications = applications.filter(centre__organisation__province_id=province)
    versions = ApplicationVersion.objects.filter(pk__in=applications.values("result_id"))
    if outcome in ApplicationVersion.Outcome.values:
        versions = versions.filter(outcome=outcome)
    return (
        versions.select_related(
            "application__centre__organisation__province",
            "application__centre__organisation__district",
            "application__level",
        )
        .prefetch_related(
            Prefetch("outcome_reasons", queryset=ScreeningReason.objects.all()),
            Prefetch(
                "item_screenings",
                queryset=ItemScreening.objects.filter(complete=False)
                .select_related("criterion")
                .prefetch_related("reasons")
                .order_by("criterion__order"),
                to_attr="incomplete_items",
            ),
        )
        .order_by(
            "application__centre__organisation__province__name_th",
            "application__centre__organisation__name_th",
            "application__centre__name_th",
            "pk",
        )
    )


def result_reasons(version: ApplicationVersion) -> list[str]:
    """The reasons a result gives, as the sheet and the letter print them: the
    outcome's own, then each incomplete item's ("1.2: reason, reason; note")."""
    reasons = [r.text for r in version.outcome_reasons.all()]
    for item in getattr(version, "incomplete_items", []):
        texts = [r.text for r in item.reasons.all()]
        if item.note:
            texts.append(item.note)
        reasons.append(f"{item.criterion.code}: {', '.join(texts)}")
    if version.outcome_note:
        reasons.append(version.outcome_note)
    return reasons
