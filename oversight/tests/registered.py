"""A small section and measure of the tests' own, registered for a test and removed
after it, so that the exports' and the digest's tests read the dashboard through the
registry (oversight/sections.py) without depending on the real sections."""

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Count

from oversight import sections
from oversight.areas import field
from oversight.scopes import UNIT_KINDS, Scope
from oversight.sections import COUNT, SHARE, Measure, Row, Section
from registry.models import ServiceCentre


def _read(scope: Scope, today: date) -> dict[str, Any]:
    units = list(
        scope.organisations()
        .filter(kind__in=UNIT_KINDS)
        .order_by("name_th")
        .values_list("name_th", flat=True)
    )
    return {"units": units, "today": today}


def _rows(figures: dict[str, Any]) -> list[Row]:
    return [
        Row("หน่วยงานที่ให้บริการ", len(figures["units"]), COUNT),
        Row("สัดส่วนทดสอบ", 0.25, SHARE),
        Row("ยังไม่มีข้อมูล", None),
        *(Row(f"ติดตาม: {name}", "ยังไม่ส่งรายงาน", COUNT) for name in figures["units"]),
    ]


def _centres_by_area(scope: Scope, day: date) -> dict[str, float | None]:
    key = field(scope, organisation="organisation__", centre="id")
    found = (
        ServiceCentre.objects.filter(scope.centres_q())
        .values(key)
        .annotate(n=Count("id"))
        .values_list(key, "n")
    )
    return {str(area): n for area, n in found}


SECTION = Section(
    key="test_units",
    title="หน่วยงานในขอบเขต (ทดสอบ)",  # type: ignore[arg-type]
    template="oversight/_tools.html",
    read=_read,
    rows=_rows,
)
MEASURE = Measure(
    code="test_centres",
    label="จำนวนศูนย์บริการ (ทดสอบ)",  # type: ignore[arg-type]
    unit=COUNT,
    higher_is_better=True,
    by_area=_centres_by_area,
)


def registered() -> Iterator[None]:
    """Add the test section and measure, then take them away again."""
    sections.SECTIONS.append(SECTION)
    sections.MEASURES[MEASURE.code] = MEASURE
    try:
        yield
    finally:
        sections.SECTIONS.remove(SECTION)
        sections.MEASURES.pop(MEASURE.code, None)
