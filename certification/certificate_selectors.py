"""Reading certificates: the staff list, the public register and its open data. Never
writes. "Expired" is derived from the date (Certificate.status_on), so a status filter
is a condition on the state and on valid_until."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import capabilities as cap
from certification.models import Certificate, CertificateEvent
from registry.models import District, Organisation, Province
from saduak.language import in_language
from thaicalendar import dates

# The statuses the public reads, in the order a filter offers them.
STATUSES = {
    "valid": _("Valid"),
    "suspended": _("Suspended"),
    "revoked": _("Revoked"),
    "expired": _("Expired"),
    "superseded": _("Superseded by a new certificate"),
}
_LIVE = Certificate.LIVE_STATES
FIRST_YEAR = 2561


def public_status(certificate: Certificate, today: date) -> str:
    """One of STATUSES: the certificate's state on `today`, "valid" for an active one."""
    status = certificate.status_on(today)
    return "valid" if status == Certificate.State.ACTIVE else status


def status_q(status: str, today: date) -> Q:
    """The certificates of a public status on `today`."""
    if status == "valid":
        return Q(state=Certificate.State.ACTIVE, valid_until__gte=today)
    if status == "suspended":
        return Q(state=Certificate.State.SUSPENDED, valid_until__gte=today)
    if status == "expired":
        return Q(state__in=_LIVE, valid_until__lt=today)
    if status in (Certificate.State.REVOKED, Certificate.State.SUPERSEDED):
        return Q(state=status)
    return Q()


@dataclass(frozen=True)
class Filters:
    text: str = ""
    province: str = ""
    district: str = ""
    level: str = ""
    year: int | None = None
    status: str = ""

    @classmethod
    def from_query(cls, query: Any) -> "Filters":
        """The filters of a page's address; anything unknown is ignored, never an error."""

        def text(name: str, length: int) -> str:
            # A NUL byte is no text a database stores: dropped, never an error.
            return str(query.get(name) or "").replace("\x00", "").strip()[:length]

        year_text = text("year", 4)
        year = int(year_text) if year_text.isascii() and year_text.isdigit() else None
        status = text("status", 20)
        return cls(
            text=text("q", 100),
            province=text("province", 2),
            district=text("district", 4),
            level=text("level", 50),
            year=year if year is not None and 2500 <= year <= 2700 else None,
            status=status if status in STATUSES else "",
        )


def _rows() -> QuerySet[Certificate]:
    return Certificate.objects.select_related(
        "centre__organisation__province", "centre__organisation__district", "level"
    )


def filtered(queryset: QuerySet[Certificate], filters: Filters, today: date) -> Any:
    if filters.text:
        # Thai has no capital letters: the Thai names are matched as typed (a plain LIKE,
        # much cheaper than comparing upper-cased Thai), the English name and the number
        # in either case. The organisation's name is matched in a subquery, so a search
        # joins no organisations (docs/certification.md, "Speed").
        organisations = Organisation.objects.filter(name_th__contains=filters.text)
        queryset = queryset.filter(
            Q(centre__name_th__contains=filters.text)
            | Q(centre__name_en__icontains=filters.text)
            | Q(centre__organisation__in=organisations.values("id"))
            | Q(number=filters.text.upper())
        )
    if filters.province:
        queryset = queryset.filter(centre__organisation__province_id=filters.province)
    if filters.district:
        queryset = queryset.filter(centre__organisation__district_id=filters.district)
    if filters.level:
        queryset = queryset.filter(level__code=filters.level)
    if filters.year:
        queryset = queryset.filter(fiscal_year=filters.year)
    if filters.status:
        queryset = queryset.filter(status_q(filters.status, today))
    return queryset.order_by("centre__name_th", "-valid_from", "id")


def register(filters: Filters, today: date) -> Any:
    """The public register: every certificate, filtered."""
    return filtered(_rows(), filters, today)


def page_of(queryset: Any, number: Any, size: int, *, few: bool = False) -> Any:
    """One page of a list of certificates, in two steps: the ids of the page, sorted with
    only the joins the filters need, then those rows with their centre, organisation,
    place and level. Sorting narrow rows is what keeps a search of the whole register
    fast (docs/certification.md, "Speed"). When the filters leave `few` rows (a name
    searched), every matching id comes in one query and is counted here, rather than
    by a second query that would repeat the search."""
    ids = queryset.select_related(None).values_list("id", flat=True)
    page = Paginator(list(ids) if few else ids, size).get_page(number)
    wanted = list(page.object_list)
    rows = {c.pk: c for c in _rows().filter(pk__in=wanted)}
    page.object_list = [rows[pk] for pk in wanted if pk in rows]
    return page


def certificates_for(user: Any, filters: Filters, today: date) -> Any:
    """The certificates the account reads, filtered: OPS PMO all, an overseer its area,
    a unit its own."""
    return filtered(cap.scoped(user, _rows(), via="centre__organisation__"), filters, today)


def certificate_for(user: Any, pk: Any, *, need: cap.Capability = cap.READ) -> Certificate:
    certificate: Certificate = cap.access(
        user,
        _rows().select_related("application__decision", "application__call"),
        pk,
        via="centre__organisation__",
        need=need,
    )
    return certificate


def events(certificate: Certificate) -> QuerySet[CertificateEvent]:
    return certificate.events.select_related("by").order_by("at", "id")


def by_number(number: str) -> Certificate | None:
    if "\x00" in number:
        return None
    return _rows().filter(number=number[:50]).first()


def choices() -> dict[str, Any]:
    """What the filters offer: provinces, districts, levels, years."""
    from standards.models import Level

    levels: dict[str, str] = {}
    for code, name_th, name_en in Level.objects.order_by("order").values_list(
        "code", "name_th", "name_en"
    ):
        levels.setdefault(code, in_language(name_th, name_en))
    # Every fiscal year since the first certificates (2561), without asking the database.
    years = list(range(dates.fiscal_year(dates.bangkok_today()), FIRST_YEAR - 1, -1))
    return {
        "provinces": list(Province.objects.order_by("name_th").values_list("code", "name_th")),
        "levels": list(levels.items()),
        "years": years,
        "statuses": list(STATUSES.items()),
    }


def districts(province: str) -> list[tuple[str, str]]:
    if not province:
        return []
    return list(
        District.objects.filter(province_id=province)
        .order_by("name_th")
        .values_list("code", "name_th")
    )


def open_data_rows(today: date) -> list[dict[str, Any]]:
    """Every certificate of the register as open data: no personal data (no names of
    people, no accounts), only the centre, its organisation and place, and the
    certificate."""
    rows = []
    for c in register(Filters(), today).order_by("number"):
        organisation = c.centre.organisation
        rows.append(
            {
                "certificate_number": c.number,
                "centre": c.centre.name_th,
                "organisation": organisation.name_th,
                "organisation_code": organisation.code,
                "province": organisation.province.name_th if organisation.province else "",
                "district": organisation.district.name_th if organisation.district else "",
                "level": c.level.name_th if c.level else "",
                "fiscal_year": c.fiscal_year,
                "valid_from": c.valid_from,
                "valid_until": c.valid_until,
                "status": public_status(c, today),
                "suspended_until": c.suspended_until,
                "status_since": c.state_changed_at.date() if c.state_changed_at else None,
            }
        )
    return rows
