"""Measures read from the registry itself: how many service centres each area has."""

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from oversight import areas, sections
from oversight.scopes import Scope
from registry.models import ServiceCentre


def centres_by_area(scope: Scope, day: date) -> dict[str, float | None]:
    """The active service centres of the scope, per area, in one query. The registry
    keeps no history of when a centre was added, so `day` does not change the count."""
    key = areas.field(scope, organisation="organisation__", centre="id")
    rows = (
        ServiceCentre.objects.filter(scope.centres_q(), is_active=True)
        .values(key)
        .annotate(n=Count("id"))
        .order_by()
    )
    return {str(row[key]): row["n"] for row in rows if row[key] is not None}


CENTRES = sections.measure(
    sections.Measure(
        code="centres",
        label=_("Service centres"),
        unit=sections.COUNT,
        higher_is_better=True,
        by_area=centres_by_area,
    )
)
