"""Reading certification: where a centre stands towards the standard, derived from its
applications and certificates (never typed), and which centres owe maintenance reports
(docs/certification.md, "Standing and maintenance"). Selectors never write."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from certification.certificates import add_months
from certification.models import IN_PROGRESS, Application, Certificate, CertificateEvent
from registry.models import ServiceCentre
from saduak.language import in_language
from thaicalendar.dates import BANGKOK, fiscal_year, fiscal_year_bounds

# What a centre's standing is called, for pages and lists.
NONE = "none"
IN_CERTIFICATION = "in_certification"
CERTIFIED = "certified"
SUSPENDED = "suspended"
LABELS = {
    NONE: _("Not in the programme"),
    IN_CERTIFICATION: _("In certification"),
    CERTIFIED: _("Certified"),
    SUSPENDED: _("Certificate suspended"),
}
# Certificates that still bind their centre (to maintenance, on the register) until
# they expire. A revoked or superseded one binds nothing.
IN_FORCE = Certificate.LIVE_STATES


@dataclass(frozen=True)
class Standing:
    """A centre's standing on a day: `kind` is one of NONE, IN_CERTIFICATION, CERTIFIED,
    SUSPENDED; `certificate` the one in force (certified or suspended), `application`
    the one in progress (if any, whatever the kind)."""

    kind: str
    certificate: Certificate | None = None
    application: Application | None = None

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])

    @property
    def owes_reports(self) -> bool:
        return self.kind != NONE


def _end_of(day: date) -> datetime:
    """The first moment after `day` in Bangkok, for comparing stored moments with it."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=BANGKOK)


def _in_force_on(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}state__in": IN_FORCE, f"{prefix}valid_until__gte": today})


def _in_progress_on(today: date, prefix: str = "") -> Q:
    """An application in progress that had been sent by `today`: a round of an earlier
    year opened late owes nothing for an application sent after it. (An application
    carried over from the hand-typed status has no sending moment: it counts.)"""
    return Q(**{f"{prefix}state__in": IN_PROGRESS}) & (
        Q(**{f"{prefix}first_sent_at__isnull": True})
        | Q(**{f"{prefix}first_sent_at__lt": _end_of(today)})
    )


def standing(centre: ServiceCentre, today: date) -> Standing:
    """Where the centre stands on `today`: certified (or suspended) while a certificate
    is in force, in certification while an application is in progress, otherwise not
    in the programme. Two queries."""
    certificate = (
        Certificate.objects.filter(_in_force_on(today), centre=centre)
        .select_related("level")
        .order_by("-valid_from", "-pk")
        .first()
    )
    application = (
        Application.objects.filter(centre=centre, state__in=IN_PROGRESS)
        .select_related("call", "level")
        .order_by("-call__fiscal_year", "-pk")
        .first()
    )
    if certificate is not None:
        kind = SUSPENDED if certificate.state == Certificate.State.SUSPENDED else CERTIFIED
        return Standing(kind, certificate, application)
    if application is not None:
        return Standing(IN_CERTIFICATION, None, application)
    return Standing(NONE)


def in_programme(today: date) -> Q:
    """A filter for centres in the programme on `today`: a certificate in force (active
    or suspended, not expired), or an application in progress. Its negation is "not in
    the programme" (the standing NONE)."""
    in_force = Certificate.objects.filter(_in_force_on(today), centre=OuterRef("pk"))
    in_progress = Application.objects.filter(_in_progress_on(today), centre=OuterRef("pk"))
    return Q(Exists(in_force)) | Q(Exists(in_progress))


def centres_owing_reports(today: date) -> QuerySet[ServiceCentre]:
    """Active centres that owe a maintenance report in a round whose reference day is
    `today`: those in the programme. One query."""
    return ServiceCentre.objects.filter(is_active=True).filter(in_programme(today))


def with_standing(queryset: QuerySet[Any], today: date, via: str = "") -> QuerySet[Any]:
    """Annotate a list of centres (or of things with a centre, through `via`, such as
    "centre__") with its standing, in the same query: `standing` (a kind),
    `standing_certificate` (the number of the certificate in force) and
    `standing_valid_until`. `standing_label(kind)` names the kind."""
    outer = OuterRef(f"{via}pk") if via else OuterRef("pk")
    current = Certificate.objects.filter(_in_force_on(today), centre=outer).order_by(
        "-valid_from", "-pk"
    )
    in_progress = Application.objects.filter(state__in=IN_PROGRESS, centre=outer)
    return queryset.annotate(
        standing_certificate=Subquery(current.values("number")[:1]),
        standing_certificate_state=Subquery(current.values("state")[:1]),
        standing_valid_until=Subquery(current.values("valid_until")[:1]),
        standing_in_progress=Exists(in_progress),
    ).annotate(
        standing=Case(
            When(standing_certificate_state=Certificate.State.SUSPENDED, then=Value(SUSPENDED)),
            When(standing_certificate__isnull=False, then=Value(CERTIFIED)),
            When(standing_in_progress=True, then=Value(IN_CERTIFICATION)),
            default=Value(NONE),
            output_field=CharField(),
        )
    )


def standing_label(kind: str) -> str:
    return str(LABELS.get(kind, LABELS[NONE]))


def certificate_status_label(certificate: Certificate, today: date) -> str:
    """What a certificate's status is called on `today`: its state, or expired."""
    if certificate.status_on(today) == "expired":
        return str(_("Expired"))
    return str(certificate.get_state_display())


def certificates_with_status(centre: ServiceCentre, today: date) -> list[Certificate]:
    """The centre's certificates, newest first, each with `status_today` to show."""
    certificates = list(
        Certificate.objects.filter(centre=centre).select_related("level").order_by("-valid_from")
    )
    for certificate in certificates:
        certificate.status_today = certificate_status_label(certificate, today)  # type: ignore[attr-defined]
    return certificates


# A certificate expiring within this many months, with no application in progress for
# its centre, is at risk: a renewal takes a call, screening and a visit.
RENEWAL_MONTHS = 6


def expiring_unrenewed_q(today: date, prefix: str = "") -> Q:
    """Certificates in force on `today` that end within RENEWAL_MONTHS months, whose
    centre has no application in progress (no renewal under way)."""
    renewing = Application.objects.filter(
        state__in=IN_PROGRESS, centre_id=OuterRef(f"{prefix}centre_id")
    )
    return (
        _in_force_on(today, prefix)
        & Q(**{f"{prefix}valid_until__lte": add_months(today, RENEWAL_MONTHS)})
        & Q(~Exists(renewing))
    )


def watched_q(today: date, prefix: str = "") -> Q:
    """Certificates in force on `today` and under watch (as `certificates_under_watch`
    lists them: active ones, OPS PMO deciding whether to suspend)."""
    return Q(
        **{
            f"{prefix}under_watch": True,
            f"{prefix}state": Certificate.State.ACTIVE,
            f"{prefix}valid_until__gte": today,
        }
    )


def at_risk_q(today: date, prefix: str = "") -> Q:
    """Certificates at risk on `today`: expiring soon without a renewal, or under watch."""
    return expiring_unrenewed_q(today, prefix) | watched_q(today, prefix)


def certificates_under_watch() -> QuerySet[Certificate]:
    """Certificates marked under watch and still active: OPS PMO decides whether to
    suspend them (docs/certification.md)."""
    watched = CertificateEvent.objects.filter(
        certificate=OuterRef("pk"), kind=CertificateEvent.Kind.WATCHED
    ).order_by("-at", "-pk")
    return (
        Certificate.objects.filter(under_watch=True, state=Certificate.State.ACTIVE)
        .select_related("centre__organisation", "level")
        .annotate(
            watched_at=Subquery(watched.values("at")[:1]),
            watch_reason=Subquery(watched.values("reason")[:1]),
        )
        .order_by("centre__name_th")
    )


# --- the way to the standard, counted (oversight's pipeline) -----------------------------

# An application in progress is at one stage of the way, named as overseers name it.
APPLIED, IN_SCREENING, RETURNED, TO_VISIT, ASSESSED = (
    "applied",
    "in_screening",
    "returned",
    "to_visit",
    "assessed",
)
STAGES: dict[str, tuple[str, ...]] = {
    APPLIED: (Application.State.AWAITING_ENDORSEMENT, Application.State.SENT),
    IN_SCREENING: (Application.State.IN_SCREENING,),
    RETURNED: (Application.State.RETURNED,),
    TO_VISIT: (Application.State.PASSED, Application.State.VISIT_SCHEDULED),
    ASSESSED: (Application.State.ASSESSED,),
}
STAGE_LABELS = {
    APPLIED: _("Applied"),
    IN_SCREENING: _("In screening"),
    RETURNED: _("Returned for correction"),
    TO_VISIT: _("Awaiting the site visit"),
    ASSESSED: _("Visited, awaiting the decision"),
}
# A certificate "expires soon" within this many months.
EXPIRING_MONTHS = 6


def in_force_on(day: date, prefix: str = "") -> Q:
    """Certificates that bind their centre on `day`: active or suspended, not expired."""
    return _in_force_on(day, prefix)


def certified_on(day: date, prefix: str = "") -> Q:
    """Certificates that made their centre certified on `day` (valid, not suspended).
    For a past day, a certificate suspended, revoked or superseded after that day
    counts as it stood then; one suspended and reinstated in between counts as valid
    (the state history is in CertificateEvent, which this does not read)."""
    changed_later = Q(
        **{
            f"{prefix}state__in": (
                Certificate.State.SUSPENDED,
                Certificate.State.REVOKED,
                Certificate.State.SUPERSEDED,
            ),
            f"{prefix}state_changed_at__gte": _end_of(day),
        }
    )
    return Q(**{f"{prefix}valid_from__lte": day, f"{prefix}valid_until__gte": day}) & (
        Q(**{f"{prefix}state": Certificate.State.ACTIVE}) | changed_later
    )


def under_watch(day: date, prefix: str = "") -> Q:
    """Valid certificates marked under watch on `day` (OPS PMO decides on them)."""
    return Q(
        **{
            f"{prefix}under_watch": True,
            f"{prefix}state": Certificate.State.ACTIVE,
            f"{prefix}valid_until__gte": day,
        }
    )


def expiring(day: date, prefix: str = "") -> Q:
    """Certificates in force on `day` that expire within EXPIRING_MONTHS of it."""
    return _in_force_on(day, prefix) & Q(
        **{f"{prefix}valid_until__lte": add_months(day, EXPIRING_MONTHS)}
    )


def revoked_between(start: date, end: date, prefix: str = "") -> Q:
    """Certificates revoked from `start` to `end`, both days included (Bangkok)."""
    return Q(
        **{
            f"{prefix}state": Certificate.State.REVOKED,
            f"{prefix}state_changed_at__gte": datetime.combine(start, time.min, tzinfo=BANGKOK),
            f"{prefix}state_changed_at__lt": _end_of(end),
        }
    )


def applications_by_stage(where: Q, today: date) -> dict[str, int]:
    """{stage: number of centres} of the applications in progress on `today` among
    those `where` selects (e.g. a scope's centres with the prefix "centre__"). A draft
    has not applied yet. One query."""
    counted = (
        Application.objects.filter(where)
        .filter(_in_progress_on(today))
        .values("state")
        .annotate(n=Count("centre", distinct=True))
        .order_by()
    )
    by_state = {row["state"]: row["n"] for row in counted}
    return {stage: sum(by_state.get(s, 0) for s in states) for stage, states in STAGES.items()}


@dataclass(frozen=True)
class CertificateCounts:
    """The certificates of a set of centres on a day: centres certified (valid) by
    level, and the certificates suspended, under watch, expiring within
    EXPIRING_MONTHS, and revoked in the day's fiscal year."""

    by_level: list[tuple[str, int]]
    certified: int
    suspended: int
    expiring: int
    under_watch: int
    revoked: int


def certificate_counts(where: Q, today: date) -> CertificateCounts:
    """CertificateCounts of the certificates `where` selects (e.g. a scope's centres
    with the prefix "centre__"), on `today`. One query, grouped by level."""
    start, end = fiscal_year_bounds(fiscal_year(today))
    revoked = revoked_between(start, end)
    rows = (
        Certificate.objects.filter(where)
        .filter(in_force_on(today) | revoked)
        .values("level__order", "level__name_th", "level__name_en")
        .annotate(
            certified=Count("centre", distinct=True, filter=certified_on(today)),
            suspended=Count("pk", filter=in_force_on(today) & Q(state=Certificate.State.SUSPENDED)),
            expiring=Count("pk", filter=expiring(today)),
            watched=Count("pk", filter=under_watch(today)),
            revoked=Count("pk", filter=revoked),
        )
        .order_by("level__order", "level__name_th")
    )
    by_level: dict[str, int] = {}
    totals = {"certified": 0, "suspended": 0, "expiring": 0, "watched": 0, "revoked": 0}
    for row in rows:
        for key in totals:
            totals[key] += row[key]
        if row["level__name_th"] is None:
            name = str(_("Level not recorded"))
        else:
            name = in_language(row["level__name_th"], row["level__name_en"] or "")
        # Levels of several versions of the standard bearing one name count together.
        if row["certified"]:
            by_level[name] = by_level.get(name, 0) + row["certified"]
    return CertificateCounts(
        by_level=list(by_level.items()),
        certified=totals["certified"],
        suspended=totals["suspended"],
        expiring=totals["expiring"],
        under_watch=totals["watched"],
        revoked=totals["revoked"],
    )
