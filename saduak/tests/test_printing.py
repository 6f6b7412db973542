"""Every PDF Saduak makes reads correctly: the width of each glyph written into the PDF
is the width the font gives it (or Thai glyphs pile up and decimal points vanish), the
text is in Thai digits, and no internal name of the project is printed.

"Every PDF" is kept honest by `test_every_pdf_is_made_through_printing_and_checked_here`:
a module that makes a PDF elsewhere, or a new print template not rendered here, fails it.
"""

import io
import re
import subprocess
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polib
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from accounts.models import User
from downloads.tests.fetch import download
from maintenance import services
from maintenance.models import Report
from maintenance.tests.conftest import complete_draft, send
from registry.models import Organisation
from saduak import printing
from thaicalendar.dates import BANGKOK

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "var", ".git", "__pycache__", "node_modules", ".hypothesis"}

# Every module that makes a PDF, and the print template each renders: the PDFs below
# cover them all (checked against the code by the last test of this section).
PDF_MAKERS = {
    "maintenance/pdf.py": "maintenance/version_pdf.html",
    "survey/posters.py": "survey/poster.html",
    "certification/certificate_pdf.py": "certification/certificate_pdf.html",
    "certification/screening_exports.py": "certification/screening_results_pdf.html",
    "correspondence/letter_pdf.py": "correspondence/letter_pdf.html",
    "campaigns/qr.py": "campaigns/card.html",
    "campaigns/exports.py": "campaigns/results_pdf.html",
    "oversight/pdf.py": "oversight/report_pdf.html",
}

ClientAs = Callable[[str], Client]


# --- reading a PDF's fonts ----------------------------------------------------------------


def _fonts(resources: Any, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font of a page's resources, and of the forms (XObjects) it draws."""
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return
    for ref in (resources.get("/Font") or {}).values():
        if ref.idnum not in seen:
            seen.add(ref.idnum)
            yield ref.get_object()
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), seen)


def _cid_widths(w: ArrayObject) -> dict[int, float]:
    """A CIDFont's /W array as {cid: width}: `c [w1 w2 …]` and `c_first c_last w`."""
    widths: dict[int, float] = {}
    items = [x.get_object() for x in w]
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], list):
            for k, width in enumerate(items[i + 1]):
                widths[first + k] = float(width)
            i += 2
        else:
            for cid in range(first, int(items[i + 1]) + 1):
                widths[cid] = float(items[i + 2])
            i += 3
    return widths


def _installed_font(postscript_name: str) -> TTFont | None:
    """The font file fontconfig has under that PostScript name, if any."""
    found = (
        subprocess.run(
            ["fc-list", f":postscriptname={postscript_name}", "file"],
            capture_output=True,
            text=True,
            check=False,
        )
        .stdout.split(":")[0]
        .strip()
    )
    return TTFont(found) if found else None


def width_faults(pdf: bytes) -> list[str]:
    """Where a glyph's width in the PDF differs from its advance in the font: compared
    with the font program embedded in the PDF, and with the font file installed under
    the same name (a subset keeps the glyph ids). Empty when every width is right."""
    faults: list[str] = []
    seen: set[int] = set()
    reader = PdfReader(io.BytesIO(pdf))
    fonts = [font for page in reader.pages for font in _fonts(page.get("/Resources"), seen)]
    assert fonts, "the PDF has no fonts"
    for font in fonts:
        name = str(font["/BaseFont"])
        # WeasyPrint writes every font as Type0 over a TrueType CIDFont; a font of
        # another kind must get its own check here rather than pass unchecked.
        assert font["/Subtype"] == "/Type0", f"{name}: font type {font['/Subtype']} unchecked"
        cid_font = font["/DescendantFonts"][0].get_object()
        assert cid_font["/Subtype"] == "/CIDFontType2", f"{name}: {cid_font['/Subtype']}"
        assert cid_font.get("/CIDToGIDMap") == "/Identity", f"{name}: CID to glyph map"
        program = cid_font["/FontDescriptor"].get_object()["/FontFile2"].get_object()
        embedded = TTFont(io.BytesIO(program.get_data()))
        installed = _installed_font(embedded["name"].getDebugName(6) or "")
        for label, ttf in (("embedded", embedded), ("installed", installed)):
            if ttf is None:
                continue
            order = ttf.getGlyphOrder()
            scale = 1000 / ttf["head"].unitsPerEm
            for gid, width in _cid_widths(cid_font.get("/W", ArrayObject())).items():
                own = ttf["hmtx"][order[gid]][0] * scale
                if abs(own - width) > 1:  # PDF widths are rounded to thousandths of an em
                    faults.append(f"{name} glyph {gid}: {width:g} in the PDF, {own:g} {label}")
    return faults


def pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# --- every PDF the system makes -----------------------------------------------------------


@pytest.fixture
def report_pdf(client_as: ClientAs, world: dict[str, Organisation]) -> bytes:
    """The round report of Pattani Town Municipality's centre, as sent late, with
    figures that have decimals (4.21: the point must show)."""
    ops = User.objects.get(username="opsadmin")
    rnd = services.set_round(actor=ops, fiscal_year=2565, months=6, deadline=date(2022, 4, 15))
    services.open_round(actor=ops, rnd=rnd)
    report = Report.objects.get(round=rnd, centre__organisation__code="5940101")
    with time_machine.travel(datetime(2022, 4, 18, 10, 30, tzinfo=BANGKOK), tick=False):
        send(client_as("staff.pattanitown"), report, complete_draft(report, mean_process="4.21"))
    # Prepared in the background, as every report PDF is (downloads/).
    response = download(client_as("reviewer"), f"/reports/{report.pk}/v1/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def poster_pdf(client_as: ClientAs, world: dict[str, Organisation]) -> bytes:
    counter = world["5940101"].centres.get().counters.order_by("number").first()
    assert counter is not None
    response = client_as("admin.pattanitown").get(
        reverse("survey:counter_poster", args=[counter.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def certificate_pdf(client_as: ClientAs, world: dict[str, Organisation]) -> bytes:
    from certification.tests.factories_certify import certified

    certificate = certified(world["5940101"].centres.get(), on=date(2022, 9, 15))
    response = client_as("opsadmin").get(
        reverse("certification:certificate_pdf", args=[certificate.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def screening_results_pdf(client_as: ClientAs, world: dict[str, Organisation]) -> bytes:
    """The results of screening FY2565's applications as Pattani's overseer sends them
    down: one returned with an item's reasons, one passed."""
    from certification import screening
    from certification.models import ScreeningReason
    from certification.screening import Judgement
    from certification.tests.factories_screen import all_complete, make_application, make_call

    call = make_call()
    screener = User.objects.get(username="screener")
    missing = ScreeningReason.objects.get(code="R01")
    for code, outcome in (("5940101", "returned"), ("5941001", "passed")):
        application = make_application(world[code], call=call, screener=screener)
        judgements = all_complete(call)
        if outcome == "returned":
            b2 = call.standard.criteria.get(code="B2")
            judgements[b2.pk] = Judgement(complete=False, reason_ids=[missing.pk], note="ขาดคำสั่ง")
        with time_machine.travel(datetime(2022, 3, 10, 9, 0, tzinfo=BANGKOK), tick=False):
            screening.decide(
                actor=screener,
                application=application,
                version_number=1,
                outcome=outcome,
                judgements=judgements,
                reason_ids=[],
            )
    response = download(
        client_as("overseer.pattani"),
        reverse("certification:screening_results_pdf", args=[call.pk]),
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def letter_pdf(client_as: ClientAs, world: dict[str, Organisation]) -> bytes:
    """The founding letter, sent by DLA to Pattani province on 22 June 2565."""
    from correspondence.tests.factories_compose import draft, sent

    letter = sent(draft(), number=7555, day=date(2022, 6, 22))
    response = client_as("clerk.dla").get(reverse("correspondence:letter_pdf", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def campaign_card_pdf(client_as: ClientAs, world: dict[str, Organisation]) -> bytes:
    """The A6 card of a campaign's results; the letter fixture's founding letter
    carries the same QR code at its foot."""
    from campaigns.tests.factories_publication import campaign

    survey = campaign("DLA")
    response = client_as("overseer.dla").get(reverse("campaigns:results_card", args=[survey.pk]))
    assert response.status_code == 200
    return response.content


@pytest.fixture
def campaign_results_pdf(client_as: ClientAs, world: dict[str, Organisation]) -> bytes:
    """The results of DLA's incentive-needs campaign, with their charts."""
    from campaigns.tests.factories_results import dla_campaign

    campaign = dla_campaign()
    response = download(
        client_as("overseer.dla"), reverse("campaigns:export_results_pdf", args=[campaign.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def dashboard_pdf(client_as: ClientAs, world: dict[str, Organisation]) -> Iterator[bytes]:
    """The nation's dashboard as a printed report, with the tests' own section (whatever
    sections the dashboard has, the report prints them all)."""
    from oversight.tests.registered import registered

    for _ in registered():
        response = download(client_as("opsadmin"), reverse("oversight:export_pdf"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        yield response.content


@pytest.fixture(
    params=[
        "report_pdf",
        "poster_pdf",
        "screening_results_pdf",
        "certificate_pdf",
        "letter_pdf",
        "campaign_card_pdf",
        "campaign_results_pdf",
        "dashboard_pdf",
    ]
)
def any_pdf(request: pytest.FixtureRequest, db: None) -> bytes:
    pdf: bytes = request.getfixturevalue(request.param)
    return pdf


def test_every_glyph_is_as_wide_in_the_pdf_as_in_its_font(any_pdf: bytes) -> None:
    assert width_faults(any_pdf) == []


def test_the_print_font_is_laksaman(any_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(any_pdf))
    names = {str(font["/BaseFont"]).split("+")[-1] for font in _fonts_of(reader)}
    assert "Laksaman" in names


def _fonts_of(reader: PdfReader) -> list[DictionaryObject]:
    seen: set[int] = set()
    return [font for page in reader.pages for font in _fonts(page.get("/Resources"), seen)]


def test_a_report_prints_decimal_points_and_thai_digits_only(report_pdf: bytes) -> None:
    text = pdf_text(report_pdf)
    assert "๔.๒๑" in text  # the mean of the first dimension, with its point
    assert "๙๒.๗๕" in text
    assert "หน้า ๑ / ๒" in text  # page numbers in Thai digits
    assert re.findall(r"[0-9]", text) == []


def test_a_poster_prints_thai_digits_but_its_address_as_typed(poster_pdf: bytes) -> None:
    text = pdf_text(poster_pdf)
    assert "ช่องบริการที่ ๑" in text
    assert "ไม่ถึง ๑ นาที" in text
    address = re.search(r"http://testserver/q/\w+/", text)
    assert address is not None
    assert re.findall(r"[0-9]", text.replace(address.group(0), "")) == []


def test_a_certificate_prints_thai_digits_but_its_address_as_typed(
    certificate_pdf: bytes,
) -> None:
    text = pdf_text(certificate_pdf)
    assert "GECC-๒๕๖๕-๐๐๐๑" in text
    address = re.search(r"http://testserver/register/\S+/", text)
    assert address is not None
    assert re.findall(r"[0-9]", text.replace(address.group(0), "")) == []


def test_screening_results_print_in_thai_digits_with_be_dates(
    screening_results_pdf: bytes,
) -> None:
    text = pdf_text(screening_results_pdf)
    assert "ผลการตรวจกลั่นกรองเอกสารใบสมัคร" in text
    assert "พ.ศ. ๒๕๖๕" in text
    assert "๑๐ มีนาคม ๒๕๖๕" in text  # the day of the screening, BE
    assert "ส่งกลับแก้ไข" in text
    assert re.findall(r"[0-9]", text) == []
    # Landscape: wider than high.
    page = PdfReader(io.BytesIO(screening_results_pdf)).pages[0]
    assert page.mediabox.width > page.mediabox.height


def test_a_letter_prints_its_number_and_date_in_thai_digits(letter_pdf: bytes) -> None:
    text = pdf_text(letter_pdf)
    assert "ที่ มท ๐๘๑๐.๗/๗๕๕๕" in text
    assert "๒๒ มิถุนายน ๒๕๖๕" in text
    assert re.findall(r"[0-9]", text) == []


def test_the_old_font_list_is_caught() -> None:
    """The check above fails on the font list every PDF had before: "TH Sarabun New" in
    it makes fontconfig shrink Laksaman's widths to two thirds."""
    from weasyprint import HTML

    pdf = HTML(
        string="<p style=\"font-family: Laksaman, 'TH Sarabun New', serif\">ค่าเฉลี่ย ๔.๒๑</p>"
    ).write_pdf()
    assert width_faults(pdf)


def _sources(suffix: str) -> Iterator[Path]:
    for path in ROOT.rglob(f"*{suffix}"):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & SKIP_DIRS and "tests" not in parts:
            yield path


def test_every_pdf_is_made_through_printing_and_checked_here() -> None:
    engine_users = {
        str(p.relative_to(ROOT))
        for p in _sources(".py")
        if re.search(r"^\s*(from|import) weasyprint", p.read_text(), re.MULTILINE)
    }
    assert engine_users == {"saduak/printing.py"}
    makers = {
        str(p.relative_to(ROOT))
        for p in _sources(".py")
        if "render_pdf(" in p.read_text() and p.name != "printing.py"
    }
    assert makers == set(PDF_MAKERS), "a new PDF: add it to PDF_MAKERS and any_pdf"
    templates = {
        str(p.relative_to(p.parents[1]))
        for p in _sources(".html")
        if '{% extends "print_base.html" %}' in p.read_text()
    }
    assert templates == set(PDF_MAKERS.values())
    for maker, template in PDF_MAKERS.items():
        assert f'"{template}"' in (ROOT / maker).read_text()
    # No print template sets a font of its own: the stylesheet alone does.
    for name in templates:
        html = next(ROOT.glob(f"*/templates/{name}")).read_text()
        assert "font-family" not in html and "<style" not in html, name
    assert "TH Sarabun" not in printing.STYLESHEET.read_text().split("*/", 1)[1]


# --- no internal names --------------------------------------------------------------------

INTERNAL_NAME = re.compile(r"\b(DOMAIN|DESIGN|README)\.md\b|\b\w+\.py\b", re.IGNORECASE)


def _without_template_comments(html: str) -> str:
    html = re.sub(r"{#.*?#}", "", html, flags=re.DOTALL)
    return re.sub(r"{% comment %}.*?{% endcomment %}", "", html, flags=re.DOTALL)


def test_no_page_or_message_names_an_internal_file() -> None:
    catalogue = polib.pofile(str(ROOT / "locale" / "th" / "LC_MESSAGES" / "django.po"))
    named = [e.msgid for e in catalogue if INTERNAL_NAME.search(e.msgid + e.msgstr)]
    assert named == []
    for path in _sources(".html"):
        found = INTERNAL_NAME.search(_without_template_comments(path.read_text()))
        assert found is None, f"{path.relative_to(ROOT)}: {found and found.group(0)}"


def test_no_pdf_names_an_internal_file(any_pdf: bytes) -> None:
    assert INTERNAL_NAME.search(pdf_text(any_pdf)) is None


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def test_a_long_unbroken_name_stays_on_the_page(
    client_as: ClientAs, world: dict[str, Organisation]
) -> None:
    """A file name or a link with no space in it breaks inside its cell: nothing of an
    official document is printed past the paper's edge."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from maintenance import pdf
    from maintenance.models import ReportVersion
    from maintenance.tests.test_evidence import PDF as A_PDF

    ops = User.objects.get(username="opsadmin")
    rnd = services.set_round(actor=ops, fiscal_year=2565, months=6, deadline=date(2022, 4, 15))
    services.open_round(actor=ops, rnd=rnd)
    report = Report.objects.get(round=rnd, centre__organisation__code="5940101")
    staff = User.objects.get(username="staff.pattanitown")
    item = report.standard.checklist_items.all()[0]
    long_name = "x" * 200 + "รายงานผลการดำเนินงาน.pdf"
    services.add_evidence(
        actor=staff, report=report, item=item, upload=SimpleUploadedFile(long_name, A_PDF), link=""
    )
    services.add_evidence(
        actor=staff,
        report=report,
        item=item,
        upload=None,
        link="https://drive.example/" + "y" * 150,
    )
    assert send(client_as("staff.pattanitown"), report, complete_draft(report)).status_code == 302
    version = ReportVersion.objects.get(report=report)
    document = printing.laid_out(pdf.TEMPLATE, pdf.version_context(version))
    for number, page in enumerate(document.pages, 1):
        beyond = [
            box
            for box in _boxes(page._page_box)
            if hasattr(box, "position_x") and box.position_x + box.margin_width() > page.width + 0.5
        ]
        assert beyond == [], f"page {number}: {beyond[:3]}"


def test_a_document_prints_only_embedded_pictures(tmp_path: Path, settings: Any) -> None:
    """Whatever an address in a printed page says, the renderer fetches only embedded
    (data:) pictures: never a file of the server, never the network."""
    import copy

    from weasyprint.urls import URLFetcher

    (tmp_path / "hostile.html").write_text(
        '{% extends "print_base.html" %}{% block content %}'
        '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">{% endblock %}'
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0].get("DIRS", []), tmp_path]
    settings.TEMPLATES = templates
    fetched: list[str] = []
    original = URLFetcher.fetch

    def spy(self: Any, url: str, *args: Any, **kwargs: Any) -> Any:
        response = original(self, url, *args, **kwargs)  # raises when refused
        fetched.append(url.split(":")[0])
        return response

    URLFetcher.fetch = spy
    try:
        assert printing.render_pdf("hostile.html", {}).startswith(b"%PDF")
    finally:
        URLFetcher.fetch = original
    assert set(fetched) <= {"data"}  # neither the file nor the network was read
