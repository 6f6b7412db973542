"""Reading the registry for figures. Selectors never write."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from registry.models import Organisation, ServiceCentre


def units_without_centre(where: Q, kinds: Iterable[str]) -> int:
    """How many active organisations of `kinds` (the units that serve the public
    themselves) among those `where` selects have no active service centre registered
    yet: the units still to bring into the programme. One query."""
    centre = ServiceCentre.objects.filter(organisation=OuterRef("pk"), is_active=True)
    return (
        Organisation.objects.filter(where)
        .filter(kind__in=list(kinds), is_active=True)
        .exclude(Exists(centre))
        .count()
    )
