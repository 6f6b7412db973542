"""The public register of certified centres, without login: search, the verification
page a certificate's QR code opens, and the register as open data (CSV and JSON).

Light like the citizen's survey page: plain HTML forms, no JavaScript, one small
stylesheet. Nothing personal is shown: centres, organisations, places and certificates
only, never who decided or changed what."""

import json
from typing import Any

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from certification import certificate_selectors as selectors
from certification.models import Certificate, CertificateEvent
from saduak import exports
from thaicalendar import dates

PAGE_SIZE = 20
# The changes whose date the verification page tells ("suspended since …").
CHANGES_SHOWN = (
    CertificateEvent.Kind.SUSPENDED,
    CertificateEvent.Kind.REVOKED,
    CertificateEvent.Kind.SUPERSEDED,
)

# What a national open-data catalogue (CKAN, as data.go.th) asks of a data set.
LICENCE = "Open Data Common"
LICENCE_URL = "https://data.go.th/pages/conditions"


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    today = dates.bangkok_today()
    filters = selectors.Filters.from_query(request.GET)
    page = selectors.page_of(selectors.register(filters, today), request.GET.get("page"), PAGE_SIZE)
    statuses = dict(selectors.STATUSES)
    for certificate in page:
        certificate.public_status = selectors.public_status(certificate, today)
        certificate.public_status_label = statuses[certificate.public_status]
    return render(
        request,
        "certification/register_search.html",
        {
            "page": page,
            "filters": filters,
            "districts": selectors.districts(filters.province),
            **selectors.choices(),
        },
    )


@require_safe
def verify(request: HttpRequest, number: str) -> HttpResponse:
    certificate = selectors.by_number(number[:50])
    if certificate is None:
        return render(
            request, "certification/register_verify.html", {"number": number[:50]}, status=404
        )
    today = dates.bangkok_today()
    status = selectors.public_status(certificate, today)
    last = (
        certificate.events.filter(
            kind__in=(
                CertificateEvent.Kind.SUSPENDED,
                CertificateEvent.Kind.REVOKED,
                CertificateEvent.Kind.SUPERSEDED,
            )
        )
        .order_by("-at", "-id")
        .first()
    )
    newer = None
    if status == "superseded":
        newer = (
            Certificate.objects.filter(
                centre_id=certificate.centre_id, valid_from__gte=certificate.valid_from
            )
            .exclude(pk=certificate.pk)
            .order_by("-valid_from")
            .first()
        )
    return render(
        request,
        "certification/register_verify.html",
        {
            "certificate": certificate,
            "status": status,
            "status_label": selectors.STATUSES[status],
            "since": dates.local_date(last.at) if last else None,
            "reason": last.reason if last and status in ("suspended", "revoked") else "",
            "newer": newer,
        },
    )


def _metadata(request: HttpRequest) -> dict[str, Any]:
    """The data set's description, as a national open-data catalogue lists it."""
    last = Certificate.objects.aggregate(issued=Max("issued_at"), changed=Max("state_changed_at"))
    moments = [m for m in (last["issued"], last["changed"]) if m is not None]
    modified = dates.local_date(max(moments)) if moments else None
    return {
        "title": _("Register of certified Government Easy Contact Centers (GECC)"),
        "description": _(
            "Every GECC certificate issued: the service centre, its organisation and "
            "place, the level, the dates of validity and the status today (valid, "
            "suspended, revoked, expired or superseded). No personal data."
        ),
        "publisher": _("Office of the Permanent Secretary, Prime Minister's Office (OPS PMO)"),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "update_frequency": _("Daily: the register changes with each decision"),
        "geographic_coverage": _("Thailand, all provinces"),
        "language": "th",
        "last_update": modified,
        "csv_url": request.build_absolute_uri(reverse("register:open_data_csv")),
        "json_url": request.build_absolute_uri(reverse("register:open_data_json")),
        "landing_url": request.build_absolute_uri(reverse("register:open_data")),
    }


FIELDS = [
    ("certificate_number", _lazy("Certificate number")),
    ("centre", _lazy("Service centre")),
    ("organisation", _lazy("Organisation")),
    ("organisation_code", _lazy("Organisation code")),
    ("province", _lazy("Province")),
    ("district", _lazy("District")),
    ("level", _lazy("Level")),
    ("fiscal_year", _lazy("Fiscal year (BE)")),
    ("valid_from", _lazy("Valid from")),
    ("valid_until", _lazy("Valid until")),
    ("status", _lazy("Status")),
    ("suspended_until", _lazy("To be fixed by")),
    ("status_since", _lazy("Status since")),
]


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "certification/register_open_data.html",
        {"meta": _metadata(request), "fields": FIELDS},
    )


@require_safe
def open_data_csv(request: HttpRequest) -> HttpResponse:
    rows = selectors.open_data_rows(dates.bangkok_today())
    content = exports.csv_bytes(
        [[key for key, _label in FIELDS], *([row[key] for key, _label in FIELDS] for row in rows)]
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gecc-register.csv"'
    return response


@require_safe
def open_data_json(request: HttpRequest) -> HttpResponse:
    rows = selectors.open_data_rows(dates.bangkok_today())
    meta = _metadata(request)
    body = {
        "metadata": {
            **{k: str(v) if v is not None else None for k, v in meta.items()},
            "fields": {key: str(label) for key, label in FIELDS},
            "records": len(rows),
        },
        "records": [
            {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}
            for row in rows
        ],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = 'inline; filename="gecc-register.json"'
    return response


urlpatterns: list[URLPattern] = [
    path("", search, name="search"),
    path("open-data/", open_data, name="open_data"),
    path("open-data/register.csv", open_data_csv, name="open_data_csv"),
    path("open-data/register.json", open_data_json, name="open_data_json"),
    path("<str:number>/", verify, name="verify"),
]
