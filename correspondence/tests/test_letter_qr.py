"""A letter that carries the QR code of a campaign's results (as the founding letter
carries the incentive-needs survey's): its PDF prints the code, which opens the
results' public address; the editor offers only the sender's own campaigns."""

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from campaigns.tests.factories_publication import campaign
from correspondence.models import Letter
from correspondence.tests.factories_compose import draft, editor_post, sent

pytestmark = pytest.mark.django_db


def page_codes(pdf: bytes, tmp_path: Path) -> list[str]:
    """Every QR code on the PDF's pages, read from the pages as printed (150 dpi)."""
    source = tmp_path / "letter.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(source), str(tmp_path / "p")], check=True)
    found: list[str] = []
    for png in sorted(tmp_path.glob("p-*.png")):
        for code in zxingcpp.read_barcodes(Image.open(png).convert("L")):
            assert code.format == zxingcpp.BarcodeFormat.QRCode
            found.append(str(code.text))
    return found


def test_the_letters_pdf_carries_the_results_qr_code(
    world: Any, client_as: Any, tmp_path: Path
) -> None:
    survey = campaign("DLA")
    letter = sent(draft())
    Letter.objects.filter(pk=letter.pk).update(results_campaign=survey)
    response = client_as("clerk.pattani").get(
        reverse("correspondence:letter_pdf", args=[letter.pk])
    )
    assert response.status_code == 200
    address = f"http://testserver/r/{survey.public_code}/"
    assert page_codes(response.content, tmp_path) == [address]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    flat = "".join(text.split()).replace("ำ", "า")  # pypdf reads sara am as sara aa
    assert "ผลการสารวจความต้องการสิ่งจูงใจสแกนQRCode" in flat
    assert address in text
    # The letter's page shows it too, to a recipient who does not follow the campaign.
    page = client_as("clerk.pattani").get(reverse("correspondence:letter", args=[letter.pk]))
    assert address in page.content.decode()


def test_the_qr_code_stays_on_the_page_of_the_signature(world: Any, client_as: Any) -> None:
    """A body long enough to fill the first page: the signature and the QR code go on
    together, never the QR code alone on the last page."""
    letter = sent(draft())
    body = "\n\n".join(["ขอความร่วมมือหน่วยงานดำเนินการตามมติคณะรัฐมนตรี " * 6] * 5)
    Letter.objects.filter(pk=letter.pk).update(results_campaign=campaign("DLA"), body=body)
    pdf = client_as("clerk.dla").get(reverse("correspondence:letter_pdf", args=[letter.pk]))
    pages = ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages]
    assert len(pages) == 2
    with_code = [t for t in pages if "QRCode" in t]
    signatory = "".join(letter.signatory_name.split())
    assert len(with_code) == 1 and signatory in with_code[0]
    assert not any("{#" in t or "{%" in t for t in pages)


def test_a_letter_without_a_campaign_prints_no_code(
    world: Any, client_as: Any, tmp_path: Path
) -> None:
    letter = sent(draft())
    response = client_as("clerk.dla").get(reverse("correspondence:letter_pdf", args=[letter.pk]))
    assert page_codes(response.content, tmp_path) == []


def test_the_editor_offers_only_the_senders_campaigns(world: Any, client_as: Any) -> None:
    own = campaign("DLA", title="แบบสำรวจของกรม")
    own_draft = campaign("DLA", title="แบบสำรวจที่ยังเป็นร่าง", launched=False)
    other = campaign("P94", title="แบบสำรวจของจังหวัด")
    letter = draft()
    client = client_as("clerk.dla")
    html = client.get(reverse("correspondence:letter_edit", args=[letter.pk])).content.decode()
    assert f'value="{own.pk}"' in html and "แบบสำรวจของกรม" in html
    assert f'value="{own_draft.pk}"' in html  # its address is already fixed
    assert "แบบสำรวจของจังหวัด" not in html

    response = client.post(
        reverse("correspondence:letter_edit", args=[letter.pk]),
        editor_post(letter, results_campaign=str(other.pk), subject="เรื่องที่พิมพ์ไว้"),
    )
    assert response.status_code == 422
    assert "เรื่องที่พิมพ์ไว้" in response.content.decode()  # what was typed stays
    letter.refresh_from_db()
    assert letter.results_campaign is None and letter.subject != "เรื่องที่พิมพ์ไว้"

    response = client.post(
        reverse("correspondence:letter_edit", args=[letter.pk]),
        editor_post(letter, results_campaign=str(own.pk)),
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.results_campaign == own


def test_the_service_refuses_another_organisations_campaign(world: Any) -> None:
    from accounts.models import User
    from correspondence import drafting
    from saduak.problems import Incomplete

    other = campaign("P94")
    letter = draft()
    with pytest.raises(Incomplete) as refused:
        drafting.save_draft(
            user=User.objects.get(username="clerk.dla"),
            letter=letter,
            data={"results_campaign": other},
            revision=letter.revision,
        )
    assert [p.field for p in refused.value.problems] == ["results_campaign"]
    letter.refresh_from_db()
    assert letter.results_campaign is None
