"""Evidence files: PDF, images and office documents, recognised by their content, not
their name, within a size limit; or links."""

import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from maintenance.models import Evidence, Report

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def attach(client: Any, report: Report, name: str, content: bytes) -> Any:
    item = report.standard.checklist_items.first()
    upload = SimpleUploadedFile(name, content)
    return client.post(
        f"/reports/{report.pk}/evidence/", {"item": item.pk, "file": upload}, follow=True
    )


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
    client.post(
        f"/reports/{pattani_report.pk}/evidence/",
        {"item": item.pk, "link": "https://pattanicity.go.th/gecc"},
    )
    assert Evidence.objects.get().link == "https://pattanicity.go.th/gecc"
    page = client.post(f"/reports/{pattani_report.pk}/evidence/", {"item": item.pk}, follow=True)
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
    client.post(f"/reports/{pattani_report.pk}/evidence/{evidence.pk}/withdraw/")
    evidence.refresh_from_db()
    assert evidence.withdrawn and evidence.file  # the file stays for any version that lists it
    assert "คำสั่ง.pdf" not in client.get(f"/reports/{pattani_report.pk}/").content.decode()
