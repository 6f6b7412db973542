"""A dashboard as files: the Excel workbook and the figures the PDF report prints.

Both read the dashboard through the one registry (oversight/sections.py): every
section's rows, every measure by area, and the scope's centres, so that what a file
holds is what the page shows its viewer, never more (everything is read through the
viewer's Scope). Files are Thai whatever the reader's language: they go into Thai
official files. Dates are BE (saduak/exports.py), text typed by people is written as
text, never as a formula.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone, translation
from openpyxl.styles import Font

from oversight import areas as places
from oversight import sections
from oversight.areas import Area, areas, in_order
from oversight.scopes import Scope
from oversight.sections import Measure, Row
from registry.models import Province, ServiceCentre
from saduak.exports import append, new_workbook, put, workbook_bytes

Progress = Callable[[int, int], None]

# Centres written between two reports of progress (a whole country: 20 steps).
STEP = 500

NUMBER_FORMATS = {sections.SHARE: "0.0%", sections.SCORE: "0.00", sections.COUNT: "#,##0"}


@dataclass(frozen=True)
class Reading:
    """The whole dashboard of a scope, as labelled rows and a table of areas."""

    scope: Scope
    today: date
    sections: list[tuple[str, list[Row]]]  # (section title, its rows)
    measures: list[Measure]
    areas: list[Area]
    by_area: list[dict[str, float | None]]  # per measure, in the order of `measures`

    def table(self) -> Iterator[tuple[Area, list[float | None]]]:
        """Each area with its value for each measure."""
        for area in self.areas:
            yield area, [values.get(area.key) for values in self.by_area]


def read(scope: Scope, today: date, progress: Progress | None = None, extra: int = 0) -> Reading:
    """Every section's rows and every measure by area, in Thai. `progress` hears (steps
    done, steps in all), `extra` steps more to come after (the centres)."""
    report = progress or (lambda done, total: None)
    measures = list(sections.MEASURES.values())
    total = len(sections.SECTIONS) + len(measures) + extra
    done = 0
    with translation.override("th"):
        rows = []
        for section in sections.SECTIONS:
            rows.append((str(section.title), section.rows(section.read(scope, today))))
            done += 1
            report(done, total)
        by_area = []
        for item in measures:
            by_area.append(places.values(item, scope, today))
            done += 1
            report(done, total)
        return Reading(scope, today, rows, measures, areas(scope), by_area)


def centres(scope: Scope) -> Any:
    """The scope's service centres with their unit and its place, for the list: by
    province in Thai dictionary order (areas.in_order), then by unit (`in_thai_order`
    puts each province's units in that order too)."""
    provinces = in_order(Province.objects.all(), lambda p: p.name_th, thai=True)
    rank = Case(
        *(When(organisation__province_id=p.code, then=Value(n)) for n, p in enumerate(provinces)),
        default=Value(len(provinces)),
        output_field=IntegerField(),
    )
    return (
        ServiceCentre.objects.filter(scope.centres_q())
        .select_related("organisation__province", "organisation__district")
        .annotate(province_rank=rank)
        .order_by("province_rank", "organisation__name_th", "name_th", "pk")
    )


def in_thai_order(listed: Iterable[ServiceCentre]) -> Iterator[ServiceCentre]:
    """The centres of `centres`, read in chunks, with each province's centres put in
    Thai dictionary order of their unit and their own name: one province at a time is
    held, never the country."""
    for _province, group in groupby(listed, key=lambda c: c.organisation.province_id):
        units = list(group)
        names = in_order(units, lambda c: f"{c.organisation.name_th}\t{c.name_th}", thai=True)
        yield from names


def workbook(scope: Scope, today: date, progress: Progress | None = None) -> bytes:
    """Three sheets: the sections' figures, the areas by every measure, and every
    centre of the scope with its unit. `progress` hears how far it is."""
    report = progress or (lambda done, total: None)
    listed = centres(scope)
    count = listed.count()
    reading = read(scope, today, report, extra=count)
    steps = len(reading.sections) + len(reading.measures)
    with translation.override("th"):
        book = new_workbook()
        _summary(book.active, reading)
        _areas(book.create_sheet("รายพื้นที่"), reading)
        sheet = book.create_sheet("ศูนย์บริการ")
        append(sheet, ["ลำดับ", "จังหวัด", "อำเภอ", "หน่วยงาน", "ประเภทหน่วยงาน", "ศูนย์บริการ", "ใช้งาน"])
        _bold(sheet[1])
        kinds: dict[str, str] = {}
        # iterator(): a whole country's centres are read in chunks, not held at once.
        rows = in_thai_order(listed.iterator(chunk_size=STEP))
        for number, centre in enumerate(rows, start=1):
            unit = centre.organisation
            if unit.kind not in kinds:
                kinds[unit.kind] = str(unit.get_kind_display())
            append(
                sheet,
                [
                    number,
                    unit.province.name_th if unit.province else "",
                    unit.district.name_th if unit.district else "",
                    unit.name_th,
                    kinds[unit.kind],
                    centre.name_th,
                    "ใช้งาน" if centre.is_active else "ไม่ใช้งาน",
                ],
            )
            if number % STEP == 0:
                report(steps + number, steps + count)
        _widths(sheet, [7, 16, 18, 40, 20, 44, 10])
        report(steps + count, steps + count)
        return workbook_bytes(book)


def _summary(sheet: Any, reading: Reading) -> None:
    sheet.title = "สรุป"
    append(sheet, [f"แดชบอร์ด: {reading.scope.title}"])
    sheet["A1"].font = Font(bold=True, size=14)
    append(sheet, ["ข้อมูล ณ วันที่", reading.today])
    append(sheet, ["จัดทำเมื่อ", timezone.localtime()])
    for title, rows in reading.sections:
        append(sheet, [])
        _bold(sheet[append(sheet, [title])])
        for row in rows:
            number = append(sheet, [row.label, row.value if row.value is not None else "–"])
            if isinstance(row.value, int | float):
                sheet.cell(row=number, column=2).number_format = NUMBER_FORMATS.get(
                    row.unit, "General"
                )
    _widths(sheet, [60, 18])


def _areas(sheet: Any, reading: Reading) -> None:
    append(sheet, ["พื้นที่", *(str(m.label) for m in reading.measures)])
    _bold(sheet[1])
    for area, values in reading.table():
        number = append(sheet, [area.name])
        for column, (item, value) in enumerate(zip(reading.measures, values, strict=True), 2):
            cell = put(sheet.cell(row=number, column=column), value)
            if value is not None:
                cell.number_format = NUMBER_FORMATS.get(item.unit, "General")
    _widths(sheet, [36, *(18 for _ in reading.measures)])


def _bold(cells: Any) -> None:
    for cell in cells:
        cell.font = Font(bold=True)


def _widths(sheet: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
