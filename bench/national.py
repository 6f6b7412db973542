"""A whole country for the benchmarks: 10,000 organisations with one service centre
each, on real districts, under DLA's provincial offices; province organisations too."""

import random
from datetime import timedelta

from certification.models import Certificate
from demo import scenario
from registry.models import (
    Counter,
    District,
    Organisation,
    Province,
    ServiceCentre,
)
from thaicalendar import dates


def build_centres(count: int, *, seed: int = 2569, certified: int | None = None) -> list[int]:
    """Create `count` centres (each with one counter); returns their ids. `certified`:
    how many of them (the first) get a certificate; all of them if None."""
    scenario.load()
    rng = random.Random(seed)
    districts = list(District.objects.values_list("code", "province_id"))
    dla = Organisation.objects.get(code="DLA")
    moi = Organisation.objects.get(code="MOI")
    for province in Province.objects.exclude(code__in=["94", "50"]):
        Organisation.objects.get_or_create(
            code=f"P{province.code}",
            defaults={
                "name_th": f"จังหวัด{province.name_th}",
                "kind": "province",
                "parent": moi,
                "province": province,
            },
        )
    orgs = [
        Organisation(
            code=f"B{n:05d}",
            name_th=f"องค์การบริหารส่วนตำบลทดสอบ {n}",
            kind="local_government",
            lao_type="sao",
            parent=dla,
            path="",
            province_id=province,
            district_id=district,
        )
        for n, (district, province) in enumerate(rng.choice(districts) for _ in range(count))
    ]
    Organisation.objects.bulk_create(orgs, batch_size=2000)
    orgs = list(Organisation.objects.filter(code__startswith="B"))
    for org in orgs:
        org.path = f"{dla.path}{org.pk}/"
    Organisation.objects.bulk_update(orgs, ["path"], batch_size=2000)
    ServiceCentre.objects.bulk_create(
        [ServiceCentre(organisation=o, name_th=f"ศูนย์บริการ {o.code}") for o in orgs],
        batch_size=2000,
    )
    centres = list(ServiceCentre.objects.filter(organisation__code__startswith="B").order_by("pk"))
    # Certified centres owe maintenance reports.
    today = dates.bangkok_today()
    Certificate.objects.bulk_create(
        [
            Certificate(
                number=f"BENCH-{c.pk:06d}",
                centre=c,
                fiscal_year=dates.fiscal_year(today),
                valid_from=today - timedelta(days=365),
                valid_until=today + timedelta(days=2 * 365),
            )
            for c in centres[:certified]
        ],
        batch_size=2000,
    )
    Counter.objects.bulk_create(
        [Counter(centre=c, number=1, name_th="งานทะเบียน") for c in centres], batch_size=2000
    )
    return [c.pk for c in centres]
