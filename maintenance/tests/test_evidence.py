"""Evidence files: PDF, images and office documents, recognised by their content, not
their name, within a size limit; or links."""

import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from maintenance.models import Evidence, Report
from maintenance.tests.conftest import complete_draft


def _pdf() -> bytes:
    import pikepdf

    buffer = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(buffer)
    return buffer.getvalue()


PDF = _pdf()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def attach(client: Any, report: Report, name: str, content: bytes) -> Any:
    """The Attach button of the first item: it posts the whole draft with the file."""
    report.refresh_from_db()
    item = report.standard.checklist_items.first()
    upload = SimpleUploadedFile(name, content)
    data = {**complete_draft(report), "attach": item.pk, f"file-{item.pk}": upload}
    return client.post(f"/reports/{report.pk}/evidence/", data, follow=True)


def test_a_pdf_an_image_and_a_word_file_are_kept(client_as: Any, pattani_report: Report) -> None:
    client = client_as("staff.pattanitown")
    for name, content, kind in [
        ("คำสั่ง.pdf", PDF, "pdf"),
        ("ป้าย.png", PNG, "png"),
        ("แผน.docx", docx(), "docx"),
    ]:
        assert "เพิ่มหลักฐานแล้ว" in attach(client, pattani_report, name, content).content.decode()
        assert Evidence.objects.get(original_name=name).kind == kind
    stored = Evidence.objects.get(original_name="ป้าย.png")
    assert stored.file.name.endswith(".png") and stored.size == len(PNG)


def test_the_type_comes_from_the_content_not_the_name(
    client_as: Any, pattani_report: Report
) -> None:
    client = client_as("staff.pattanitown")
    page = attach(
        client, pattani_report, "รายงาน.pdf", b"MZ\x90\x00 this is a program"
    ).content.decode()
    assert "ไม่ใช่ไฟล์ PDF" in page and "รายงาน.pdf" in page
    assert not Evidence.objects.exists()
    attach(client, pattani_report, "photo.txt", PNG)  # a PNG whatever its name
    assert Evidence.objects.get().kind == "png"


def test_an_oversized_file_is_refused(
    client_as: Any, pattani_report: Report, settings: Any
) -> None:
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    page = attach(client_as("staff.pattanitown"), pattani_report, "big.pdf", PDF + b"0" * 1_100_000)
    assert "จำกัดไว้ที่ 1 MB" in page.content.decode()
    assert not Evidence.objects.exists()


def test_a_link_is_evidence_too(client_as: Any, pattani_report: Report) -> None:
    item = pattani_report.standard.checklist_items.first()
    client = client_as("staff.pattanitown")
    link = {"attach": item.pk, f"link-{item.pk}": "https://pattanicity.go.th/gecc"}
    client.post(
        f"/reports/{pattani_report.pk}/evidence/", {**complete_draft(pattani_report), **link}
    )
    assert Evidence.objects.get().link == "https://pattanicity.go.th/gecc"
    pattani_report.refresh_from_db()
    nothing = {**complete_draft(pattani_report), "attach": item.pk}
    page = client.post(f"/reports/{pattani_report.pk}/evidence/", nothing, follow=True)
    assert "เลือกไฟล์หรือระบุลิงก์" in page.content.decode()


def test_evidence_is_read_within_the_scope_only(client_as: Any, pattani_report: Report) -> None:
    attach(client_as("staff.pattanitown"), pattani_report, "คำสั่ง.pdf", PDF)
    evidence = Evidence.objects.get()
    url = f"/reports/{pattani_report.pk}/evidence/{evidence.pk}/"
    response = client_as("overseer.dla").get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_as("overseer.chiangmai").get(url).status_code == 404


def test_withdrawn_evidence_leaves_the_draft(client_as: Any, pattani_report: Report) -> None:
    client = client_as("staff.pattanitown")
    attach(client, pattani_report, "คำสั่ง.pdf", PDF)
    evidence = Evidence.objects.get()
    pattani_report.refresh_from_db()
    client.post(
        f"/reports/{pattani_report.pk}/evidence/{evidence.pk}/withdraw/",
        complete_draft(pattani_report),
    )
    evidence.refresh_from_db()
    assert evidence.withdrawn and evidence.file  # the file stays for any version that lists it
    assert "คำสั่ง.pdf" not in client.get(f"/reports/{pattani_report.pk}/").content.decode()


def ole2(stream: str, *, macros: bool = False) -> bytes:
    """Enough of an OLE2 compound file for the sniffer: the header and a directory
    entry naming the main stream."""
    body = stream.encode("utf-16-le") + (
        b"_\x00V\x00B\x00A\x00_\x00P\x00R\x00O\x00J\x00E\x00C\x00T" if macros else b""
    )
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + body


def test_downloads_carry_the_type_found_in_the_content(
    client_as: Any, pattani_report: Report
) -> None:
    attach(client_as("staff.pattanitown"), pattani_report, "evil.html", PDF)
    evidence = Evidence.objects.get()
    response = client_as("overseer.pattani").get(
        f"/reports/{pattani_report.pk}/evidence/{evidence.pk}/"
    )
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="evil.pdf"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")


def test_old_office_files_pass_but_installers_and_macros_do_not(
    client_as: Any, pattani_report: Report
) -> None:
    client = client_as("staff.pattanitown")
    attach(client, pattani_report, "งบ.xls", ole2("Workbook"))
    assert Evidence.objects.get().kind == "xls"
    page = attach(client, pattani_report, "setup.msi", ole2("SummaryInformation"))
    assert "ไม่ใช่ไฟล์ PDF" in page.content.decode()
    page = attach(client, pattani_report, "แผน.doc", ole2("WordDocument", macros=True))
    assert "มีแมโคร" in page.content.decode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", "macro")
    assert "มีแมโคร" in attach(client, pattani_report, "m.docm", buffer.getvalue()).content.decode()
    assert Evidence.objects.count() == 1


def test_a_zip_bomb_is_not_inflated(client_as: Any, pattani_report: Report) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"a" * 200_000_000)  # 200 MB of nothing, a few KB zipped
    import tracemalloc

    tracemalloc.start()
    attach(client_as("staff.pattanitown"), pattani_report, "bomb.odt", buffer.getvalue())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50_000_000
    assert not Evidence.objects.exists()


def test_attaching_keeps_what_was_typed_but_not_saved(
    client_as: Any, pattani_report: Report
) -> None:
    item = pattani_report.standard.checklist_items.first()
    data = {
        **complete_draft(pattani_report, **{f"item-{item.pk}-comment": "พิมพ์แล้วกดแนบทันที"}),
        "attach": item.pk,
        f"file-{item.pk}": SimpleUploadedFile("คำสั่ง.pdf", PDF),
    }
    client_as("staff.pattanitown").post(f"/reports/{pattani_report.pk}/evidence/", data)
    assert pattani_report.answers.get(item=item).comment == "พิมพ์แล้วกดแนบทันที"
    assert Evidence.objects.get().original_name == "คำสั่ง.pdf"
