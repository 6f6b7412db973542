import io
from datetime import datetime
from typing import Any

import time_machine
from pypdf import PdfReader

from downloads.tests.fetch import download
from maintenance.models import Report
from maintenance.tests.conftest import complete_draft, send
from thaicalendar.dates import BANGKOK


def test_the_pdf_of_a_submitted_report_reads_in_thai_with_thai_digits(
    client_as: Any, pattani_report: Report
) -> None:
    with time_machine.travel(datetime(2022, 4, 18, 10, 30, tzinfo=BANGKOK), tick=False):
        staff = client_as("staff.pattanitown")
        send(staff, pattani_report, complete_draft(pattani_report))
    response = download(client_as("reviewer"), f"/reports/{pattani_report.pk}/v1/pdf/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    # PDF text comes back with spaces of its own, and pypdf drops the nikhahit of sara am
    # (ำ is drawn as two glyphs), so compare with both removed.
    squeezed = "".join(text.split()).replace("ํ", "")

    def seen(words: str) -> bool:
        return words.replace("ำ", "า") in squeezed.replace("ำ", "า")

    assert seen("แบบรายงานผลการรักษามาตรฐานศูนย์ราชการสะดวก")
    assert seen("ศูนย์ราชการสะดวกเทศบาลเมืองปัตตานี")
    assert seen("รอบ๖เดือนปีงบประมาณ๒๕๖๕")
    assert seen("๑๘เมษายน๒๕๖๕")  # sent, in Thai digits
    assert seen("ล่าช้ากว่ากำหนด๒วัน๑๐ชั่วโมง")
    assert seen("๙๒.๗๕")  # overall satisfaction
    assert seen("ลงชื่อ")
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts
    names = " ".join(
        str(page["/Resources"]["/Font"][k].get_object()["/BaseFont"])
        for page in reader.pages
        for k in page["/Resources"]["/Font"]
    )
    assert "Laksaman" in names
