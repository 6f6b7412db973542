"""Units made in bulk for the oversight tests that show a page's queries do not grow
with the number of units."""

from registry.models import Organisation, Province, ServiceCentre


def many_units(province: Province, parent: Organisation, count: int, prefix: str) -> None:
    """`count` local governments of `province` under `parent`, each with one centre."""
    for i in range(count):
        unit = Organisation.objects.create(
            code=f"{prefix}{province.code}{i:04d}",
            name_th=f"หน่วยทดสอบ {i}",
            name_en=f"Test unit {i}",
            kind=Organisation.Kind.LOCAL_GOVERNMENT,
            lao_type=Organisation.LaoType.SAO,
            parent=parent,
            province=province,
            district=province.districts.first(),
        )
        ServiceCentre.objects.create(organisation=unit, name_th=f"ศูนย์ {i}", name_en=f"C{i}")
