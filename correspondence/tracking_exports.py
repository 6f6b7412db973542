"""The answers to a letter as an Excel sheet, through the one writer (saduak/exports.py):
answers typed by recipients are written as text, never as formulas; dates in BE. Thai
whatever the reader's language, like the other files sent between offices."""

from django.utils import timezone
from openpyxl.styles import Font

from correspondence.models import Letter
from correspondence.tracking import Answers
from notices.sending import link
from saduak.exports import append, new_workbook, put, workbook_bytes
from thaicalendar import dates

HEADERS = ["ลำดับ", "จังหวัด", "หน่วยงาน", "รหัสหน่วยงาน", "ตอบหนังสือที่", "ตอบเมื่อ", "ผู้ตอบ"]


def answers_workbook(letter: Letter, answers: Answers) -> bytes:
    book = new_workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "คำตอบ"
    append(sheet, [f"คำตอบหนังสือที่ {dates.thai_digits(letter.reference)} เรื่อง {letter.subject}"])
    sheet.cell(row=1, column=1).font = Font(bold=True)
    append(
        sheet,
        [
            "ส่งออกเมื่อ",
            timezone.now(),
            "จำนวนหน่วยที่ตอบ",
            len(answers.rows),
        ],
    )
    append(sheet, [])
    header = append(sheet, [*HEADERS, *(q.label for q in answers.questions)])
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    for number, row in enumerate(answers.rows, start=1):
        org = row.copy.organisation
        by = row.copy.answered_by
        line = append(
            sheet,
            [
                number,
                org.province.name_th if org.province else "",
                org.name_th,
                org.code,
                dates.thai_digits(row.copy.letter.reference),
                row.copy.answered_at,
                (by.get_full_name() or by.get_username()) if by else "",
                *(cell.value for cell in row.cells),
            ],
        )
        for position, cell in enumerate(row.cells, start=len(HEADERS) + 1):
            if cell.url:
                target = sheet.cell(row=line, column=position)
                put(target, cell.text)
                target.hyperlink = link(cell.url)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=len(HEADERS) + 1)
    for letter_of_column, width in zip("ABCDEFG", [7, 18, 40, 12, 22, 20, 24], strict=True):
        sheet.column_dimensions[letter_of_column].width = width
    return workbook_bytes(book)
