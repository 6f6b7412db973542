"""Excel exports, with Thai headers and BE dates as Thai offices expect them."""

from collections.abc import Callable, Iterable

from django.db.models import QuerySet
from django.utils import timezone, translation
from openpyxl.styles import Font

from maintenance.models import Report
from maintenance.selectors import FIGURE_LABELS, Completeness
from saduak.exports import append, new_workbook, workbook_bytes

Progress = Callable[[int, int], None]
# Centres written between two reports of progress.
STEP = 500


def completeness_workbook(
    result: Completeness, reports: Iterable[Report], *, progress: Progress | None = None
) -> bytes:
    """Two sheets: the figures by province, and every centre behind them. Thai headers
    whatever the reader's language: the file goes into Thai official files. `progress`
    hears (centres written, centres in all) as the sheet fills."""
    with translation.override("th"):
        return _workbook(result, reports, progress or (lambda done, total: None))


def _workbook(result: Completeness, reports: Iterable[Report], progress: Progress) -> bytes:
    book = new_workbook()
    summary = book.active
    summary.title = "สรุป"
    append(summary, [f"ความครบถ้วนของรายงาน {result.round.calendar_round.name_th}"])
    summary["A1"].font = Font(bold=True, size=14)
    append(summary, ["ขอบเขต", result.area.name_th if result.area else "ทั้งหมดในความรับผิดชอบ"])
    append(summary, ["กำหนดส่ง", result.round.deadline])
    append(summary, ["ข้อมูล ณ", timezone.localtime()])
    append(summary, [])
    place = "อำเภอ" if result.group == "district" else "จังหวัด"
    append(summary, [place, *(str(label) for label in FIGURE_LABELS.values())])
    for row in result.rows:
        append(summary, [row["name_th"] or "-", *(row[key] for key in FIGURE_LABELS)])
    append(summary, ["รวม", *(result.totals[key] for key in FIGURE_LABELS)])
    for cell in summary[6]:
        cell.font = Font(bold=True)

    centres = book.create_sheet("รายศูนย์บริการ")
    append(centres, ["ลำดับ", "จังหวัด", "หน่วยงาน", "ศูนย์บริการ", "สถานะ", "ส่งครั้งแรก", "ล่าช้า (วัน)"])
    for cell in centres[1]:
        cell.font = Font(bold=True)
    if not isinstance(reports, QuerySet):
        reports = list(reports)
    total = reports.count() if isinstance(reports, QuerySet) else len(reports)
    progress(0, total)
    # iterator(): a whole country's centres are read in chunks, not held at once.
    rows = reports.iterator(chunk_size=STEP) if isinstance(reports, QuerySet) else reports
    for number, report in enumerate(rows, start=1):
        if number % STEP == 0:
            progress(number, total)
        org = report.centre.organisation
        first = report.first_submitted_at
        late_days = (
            round(report.late_by.total_seconds() / 86400, 2)
            if report.late_by and report.is_late
            else None
        )
        append(
            centres,
            [
                number,
                org.province.name_th if org.province else "",
                org.name_th,
                report.centre.name_th,
                str(report.get_status_display()),
                timezone.localtime(first).date() if first else None,
                late_days,
            ],
        )
    for sheet, widths in ((summary, [28, 10]), (centres, [7, 16, 40, 44, 18, 20, 12])):
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(65 + index)].width = width
    return workbook_bytes(book)
