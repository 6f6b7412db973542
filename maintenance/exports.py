"""Excel exports, with Thai headers and BE dates as Thai offices expect them."""

import io
from collections.abc import Iterable

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from maintenance.models import Report
from maintenance.selectors import FIGURE_LABELS, Completeness

# Excel shows these dates in BE with Thai month names whatever the machine's locale.
BE_DATE = "[$-107041E]d mmmm yyyy"
BE_DATETIME = "[$-107041E]d mmm yy hh:mm"
FORMULA_STARTS = ("=", "+", "-", "@")


def completeness_workbook(result: Completeness, reports: Iterable[Report]) -> bytes:
    """Two sheets: the figures by province, and every centre behind them. Thai headers
    whatever the reader's language: the file goes into Thai official files."""
    with translation.override("th"):
        return _workbook(result, reports)


def _workbook(result: Completeness, reports: Iterable[Report]) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "สรุป"
    summary.append([f"ความครบถ้วนของรายงาน {result.round.calendar_round.name_th}"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(["ขอบเขต", result.area.name_th if result.area else "ทั้งหมดในความรับผิดชอบ"])
    summary.append(["กำหนดส่ง", result.round.deadline])
    summary["B3"].number_format = BE_DATE
    summary.append(["ข้อมูล ณ", timezone.localtime().replace(tzinfo=None)])
    summary["B4"].number_format = BE_DATETIME
    summary.append([])
    place = "อำเภอ" if result.group == "district" else "จังหวัด"
    summary.append([place, *(str(label) for label in FIGURE_LABELS.values())])
    for row in result.rows:
        summary.append([row["name_th"] or "-", *(row[key] for key in FIGURE_LABELS)])
    summary.append(["รวม", *(result.totals[key] for key in FIGURE_LABELS)])
    for cell in summary[6]:
        cell.font = Font(bold=True)

    centres = book.create_sheet("รายศูนย์บริการ")
    centres.append(["ลำดับ", "จังหวัด", "หน่วยงาน", "ศูนย์บริการ", "สถานะ", "ส่งครั้งแรก", "ล่าช้า (วัน)"])
    for cell in centres[1]:
        cell.font = Font(bold=True)
    for number, report in enumerate(reports, start=1):
        org = report.centre.organisation
        first = report.first_submitted_at
        late_days = (
            round(report.late_by.total_seconds() / 86400, 2)
            if report.late_by and report.is_late
            else None
        )
        centres.append(
            [
                number,
                org.province.name_th if org.province else "",
                org.name_th,
                report.centre.name_th,
                str(report.get_status_display()),
                timezone.localtime(first).date() if first else None,
                late_days,
            ]
        )
        centres.cell(row=number + 1, column=6).number_format = BE_DATE
    for sheet, widths in ((summary, [28, 10]), (centres, [7, 16, 40, 44, 18, 20, 12])):
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(65 + index)].width = width
    for sheet in book.worksheets:
        _as_text(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _as_text(sheet: Worksheet) -> None:
    """Names typed by users stay text: a centre called "=HYPERLINK(…)" must not become a
    formula in the file OPS PMO opens (spreadsheet formula injection)."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in FORMULA_STARTS:
                cell.data_type = "s"
                cell.quotePrefix = True
