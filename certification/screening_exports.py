"""The results of document screening as DLA sends them down the chain: an Excel sheet
(through saduak/exports.py) and a Thai official PDF (through saduak/printing.py). Thai
whatever the reader's language: both go into Thai official files."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone, translation
from openpyxl.styles import Alignment, Font

from certification.models import ApplicationVersion, Call
from certification.screening_selectors import result_reasons
from registry.models import Province
from saduak.exports import append, new_workbook, workbook_bytes
from saduak.printing import render_pdf
from thaicalendar import dates

TEMPLATE = "certification/screening_results_pdf.html"
HEADERS = [
    "ลำดับ",
    "จังหวัด",
    "อำเภอ",
    "หน่วยงาน",
    "ศูนย์บริการ",
    "ระดับที่สมัคร",
    "ผลการตรวจกลั่นกรอง",
    "เหตุผล",
    "วันที่ตรวจ",
]


def _title(call: Call) -> str:
    return (
        "ผลการตรวจกลั่นกรองเอกสารใบสมัครขอรับรองมาตรฐานศูนย์ราชการสะดวก"
        f" ประจำปีงบประมาณ พ.ศ. {call.fiscal_year}"
    )


def _scope(province: str, outcome: str) -> str:
    parts = []
    if province:
        name = Province.objects.filter(code=province).values_list("name_th", flat=True).first()
        parts.append(f"จังหวัด{name}")
    if outcome:
        parts.append(str(ApplicationVersion.Outcome(outcome).label))
    return " · ".join(parts) or "ทั้งหมดในความรับผิดชอบ"


def _rows(versions: Iterable[ApplicationVersion]) -> list[dict[str, Any]]:
    rows = []
    for number, version in enumerate(versions, start=1):
        application = version.application
        org = application.centre.organisation
        rows.append(
            {
                "number": number,
                "province": org.province.name_th if org.province else "",
                "district": org.district.name_th if org.district else "",
                "organisation": org.name_th,
                "centre": application.centre.name_th,
                "level": application.level.name_th,
                "outcome": str(version.get_outcome_display()),
                "outcome_code": version.outcome,
                "reasons": result_reasons(version),
                "screened_on": timezone.localtime(version.screened_at).date()
                if version.screened_at
                else None,
            }
        )
    return rows


def results_workbook(
    call: Call, versions: Iterable[ApplicationVersion], *, province: str = "", outcome: str = ""
) -> bytes:
    with translation.override("th"):
        rows = _rows(versions)
        book = new_workbook()
        sheet = book.active
        sheet.title = "ผลการตรวจกลั่นกรอง"
        append(sheet, [_title(call)])
        sheet["A1"].font = Font(bold=True, size=14)
        append(sheet, ["ขอบเขต", _scope(province, outcome)])
        append(sheet, ["ข้อมูล ณ", timezone.localtime()])
        append(sheet, [])
        append(sheet, HEADERS)
        for cell in sheet[5]:
            cell.font = Font(bold=True)
        for row in rows:
            line = append(
                sheet,
                [
                    row["number"],
                    row["province"],
                    row["district"],
                    row["organisation"],
                    row["centre"],
                    row["level"],
                    row["outcome"],
                    "\n".join(row["reasons"]),
                    row["screened_on"],
                ],
            )
            sheet.cell(row=line, column=8).alignment = Alignment(wrap_text=True, vertical="top")
        for index, width in enumerate([7, 16, 16, 34, 40, 16, 26, 60, 18]):
            sheet.column_dimensions[chr(65 + index)].width = width
        return workbook_bytes(book)


def results_context(
    call: Call, versions: Iterable[ApplicationVersion], *, province: str = "", outcome: str = ""
) -> dict[str, Any]:
    with translation.override("th"):
        rows = _rows(versions)
        counts = {
            label: sum(1 for r in rows if r["outcome_code"] == value)
            for value, label in ApplicationVersion.Outcome.choices
            if value != ApplicationVersion.Outcome.PENDING
        }
        return {
            "call": call,
            "title": _title(call),
            "scope": _scope(province, outcome),
            "rows": rows,
            "counts": {str(k): v for k, v in counts.items()},
            "total": len(rows),
            "today": dates.bangkok_today(),
        }


def results_pdf(
    call: Call, versions: Iterable[ApplicationVersion], *, province: str = "", outcome: str = ""
) -> bytes:
    return render_pdf(TEMPLATE, results_context(call, versions, province=province, outcome=outcome))
