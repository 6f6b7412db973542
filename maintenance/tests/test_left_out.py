"""The round report says what the survey left out of its satisfaction figures: on the
draft, and frozen with each version sent (its page, the report's page and the PDF), so
that deciding on the answers later does not change a signed report."""

import io
from datetime import datetime
from typing import Any

from pypdf import PdfReader

from accounts.models import User
from downloads.tests.fetch import download
from maintenance.models import Report, ReportVersion
from maintenance.tests.conftest import complete_draft, send, shown_on_page
from survey import reasons, services, tallies
from survey.models import Response
from survey.questionnaire import current
from thaicalendar.dates import BANGKOK

# 2 counted answers and 3 left out: 60.00 % of the 5 received.
SENTENCE = "ไม่นับ 3 คำตอบที่น่าสงสัย คิดเป็นร้อยละ 60.00 ของ 5 คำตอบที่ได้รับ: รอการตัดสิน 2 ปฏิเสธแล้ว 1"


def answer(
    report: Report, digit: str, status: str = "counted", why: list[str] | None = None
) -> None:
    response = Response.objects.create(
        centre=report.centre,
        questionnaire=current(),
        submitted_at=datetime(2022, 1, 10, 10, 0, tzinfo=BANGKOK),  # inside the round
        scores=digit * len(current().item_codes),
        status=status,
        reasons=why or [],
    )
    if status == "counted":
        tallies.count(response)


def a_round_with_suspects(report: Report) -> None:
    answer(report, "5")
    answer(report, "4")
    answer(report, "5", "suspect", ["volume", "all_top"])
    answer(report, "5", "suspect", ["volume"])
    answer(report, "5", "rejected", ["too_fast"])


SURVEY = {
    "respondents": "2",
    "mean_process": "4.50",
    "mean_staff": "4.50",
    "mean_facilities": "4.50",
    "mean_outcome": "4.50",
    "overall_percentage": "90.00",
}


def pdf_text(client: Any, report: Report) -> str:
    response = download(client, f"/reports/{report.pk}/v1/pdf/")
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    # As in test_pdf: extracted Thai has spaces of its own and loses sara am's nikhahit.
    return "".join(text.split()).replace("ํ", "").replace("ำ", "า")


def squeezed(words: str) -> str:
    return "".join(words.split()).replace("ำ", "า")


def test_the_draft_shows_what_the_survey_leaves_out(client_as: Any, pattani_report: Report) -> None:
    a_round_with_suspects(pattani_report)
    page = client_as("staff.pattanitown").get(f"/reports/{pattani_report.pk}/").content.decode()
    assert 'name="respondents" value="2"' in page
    assert "คำตอบที่ระบบสำรวจไม่นับ" in page
    assert SENTENCE in page
    assert f"<li>{reasons.text('volume')}: 2</li>" in page
    assert f"<li>{reasons.text('too_fast')}: 1</li>" in page


def test_a_sent_version_keeps_the_left_out_answers_as_they_were(
    client_as: Any, pattani_report: Report
) -> None:
    a_round_with_suspects(pattani_report)
    staff = client_as("staff.pattanitown")
    shown = shown_on_page(staff, pattani_report)  # the figures the page showed, signed
    send(staff, pattani_report, complete_draft(pattani_report, **SURVEY, **shown))
    version = ReportVersion.objects.get(report=pattani_report, number=1)
    assert version.content["satisfaction"]["source"] == "survey"
    frozen = version.content["satisfaction"]["left_out"]
    assert (frozen["suspect"], frozen["rejected"], frozen["counted"]) == (2, 1, 2)
    assert [(r["code"], r["answers"]) for r in frozen["reasons"]] == [
        ("volume", 2),
        ("all_top", 1),
        ("too_fast", 1),
    ]
    reviewer = client_as("reviewer")
    before_pdf = pdf_text(reviewer, pattani_report)

    # The reviewer counts the two suspect answers afterwards.
    decider = User.objects.get(username="reviewer")
    services.decide(
        actor=decider,
        answers=Response.objects.filter(centre=pattani_report.centre, status="suspect"),
        count=True,
    )
    results = staff.get(
        f"/survey/centres/{pattani_report.centre_id}/results/",
        {"round": pattani_report.round_id},
    ).content.decode()
    assert "ไม่นับ 1 คำตอบที่น่าสงสัย คิดเป็นร้อยละ 20.00 ของ 5 คำตอบที่ได้รับ" in results

    version.refresh_from_db()
    assert version.content["satisfaction"]["left_out"] == frozen
    page = reviewer.get(f"/reports/{pattani_report.pk}/v1/").content.decode()
    assert "คำตอบที่ไม่นับ ณ วันที่ส่ง" in page
    assert SENTENCE in page
    assert f"<li>{reasons.text('volume')}: 2</li>" in page
    # The report's own page shows what was sent, the same.
    report_page = staff.get(f"/reports/{pattani_report.pk}/").content.decode()
    assert "ตามที่ส่งในฉบับที่ 1" in report_page
    assert SENTENCE in report_page

    text = pdf_text(reviewer, pattani_report)
    assert text == before_pdf
    for words in (
        "คำตอบที่ไม่นับเพราะน่าสงสัย ณ วันที่ส่งรายงาน ๓ คำตอบ",
        "(ร้อยละ ๖๐.๐๐ ของคำตอบที่ได้รับ ๕ คำตอบ)",
        "รอการตัดสิน ๒ คำตอบ ปฏิเสธแล้ว ๑ คำตอบ",
        "เหตุ (คำตอบหนึ่งอาจมีหลายเหตุ):",
        f"{reasons.text('volume')} ๒ คำตอบ",
        f"{reasons.text('too_fast')} ๑ คำตอบ",
    ):
        assert squeezed(words) in text, words


def test_nothing_left_out_is_said_too(client_as: Any, pattani_report: Report) -> None:
    answer(pattani_report, "5")
    answer(pattani_report, "4")
    staff = client_as("staff.pattanitown")
    shown = shown_on_page(staff, pattani_report)
    send(staff, pattani_report, complete_draft(pattani_report, **SURVEY, **shown))
    reviewer = client_as("reviewer")
    page = reviewer.get(f"/reports/{pattani_report.pk}/v1/").content.decode()
    assert "ไม่มีคำตอบที่ไม่นับเพราะน่าสงสัย" in page
    assert squeezed("ไม่มีคำตอบที่ไม่นับเพราะน่าสงสัย ณ วันที่ส่งรายงาน") in pdf_text(reviewer, pattani_report)


def test_figures_typed_by_the_centre_say_so_instead(client_as: Any, pattani_report: Report) -> None:
    a_round_with_suspects(pattani_report)
    # The centre types its own figures (384 respondents), not the survey's.
    send(client_as("staff.pattanitown"), pattani_report, complete_draft(pattani_report))
    version = ReportVersion.objects.get(report=pattani_report, number=1)
    assert version.content["satisfaction"]["source"] == "manual"
    assert version.content["satisfaction"]["left_out"] is None
    reviewer = client_as("reviewer")
    page = reviewer.get(f"/reports/{pattani_report.pk}/v1/").content.decode()
    assert "ศูนย์บริการกรอกเอง ไม่ได้นำมาจากระบบสำรวจความพึงพอใจ" in page
    assert "ไม่นับ 3 คำตอบ" not in page
    text = pdf_text(reviewer, pattani_report)
    assert squeezed("ผลความพึงพอใจข้างต้นศูนย์บริการกรอกเอง") in text
    assert squeezed("ไม่นับเพราะน่าสงสัย ณ วันที่ส่งรายงาน") not in text


def test_a_version_sent_before_left_out_answers_were_kept_says_nothing_of_them(
    client_as: Any, pattani_report: Report
) -> None:
    a_round_with_suspects(pattani_report)
    staff = client_as("staff.pattanitown")
    shown = shown_on_page(staff, pattani_report)
    send(staff, pattani_report, complete_draft(pattani_report, **SURVEY, **shown))
    version = ReportVersion.objects.get(report=pattani_report, number=1)
    del version.content["satisfaction"]["left_out"]
    version.save(update_fields=["content"])
    page = client_as("reviewer").get(f"/reports/{pattani_report.pk}/v1/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "90.00 %" in text
    assert "คำตอบที่ไม่นับ" not in text and "ศูนย์บริการกรอกเอง" not in text
