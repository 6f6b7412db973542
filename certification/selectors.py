"""Reading certification: where a centre stands towards the standard, derived from its
applications and certificates (never typed), and which centres owe maintenance reports
(docs/certification.md, "Standing and maintenance"). Selectors never write."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
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
from thaicalendar.dates import BANGKOK

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


def centres_owing_reports(today: date) -> QuerySet[ServiceCentre]:
    """Active centres that owe a maintenance report in a round whose reference day is
    `today`: a certificate in force (active or suspended, not expired), or an
    application in progress. One query."""
    in_force = Certificate.objects.filter(_in_force_on(today), centre=OuterRef("pk"))
    in_progress = Application.objects.filter(_in_progress_on(today), centre=OuterRef("pk"))
    return ServiceCentre.objects.filter(is_active=True).filter(
        Exists(in_force) | Exists(in_progress)
    )


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
