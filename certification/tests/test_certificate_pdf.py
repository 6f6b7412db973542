"""The certificate PDF: A4 landscape, in Thai with Thai digits and BE dates, the centre,
its organisation, the level, the number and the dates of validity, and a QR code that
opens the certificate's public verification page."""

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from certification.models import Certificate
from certification.tests.factories_certify import certified, pattani_centre

pytestmark = pytest.mark.django_db
ClientAs = Callable[[str], Client]


@pytest.fixture
def certificate(world: Any) -> Certificate:
    return certified(pattani_centre(world), on=date(2022, 9, 15), at="basic")


def _pdf(client: Client, certificate: Certificate) -> PdfReader:
    response = client.get(reverse("certification:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def test_the_certificate_reads_in_thai_with_thai_digits_and_be_dates(
    certificate: Certificate, client_as: ClientAs
) -> None:
    pdf = _pdf(client_as("opsadmin"), certificate)
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595  # A4 landscape
    text = pdf.pages[0].extract_text()
    flat = "".join(text.split()).replace("ำ", "า")
    assert "ใบรับรองมาตรฐานศูนย์ราชการสะดวก" in flat
    assert "".join(certificate.centre.name_th.split()).replace("ำ", "า") in flat
    assert "GECC-๒๕๖๕-๐๐๐๑" in flat
    assert "๑๕กันยายน๒๕๖๕" in flat and "๑๔กันยายน๒๕๖๘" in flat
    assert "ระดับพื้นฐาน" in flat
    address = re.search(r"http://testserver/register/\S+/", text)
    assert address is not None
    assert re.findall(r"[0-9]", text.replace(address.group(0), "")) == []


def test_its_qr_code_opens_the_public_verification_page(world: Any, client_as: ClientAs) -> None:
    certificate = certified(pattani_centre(world))  # issued today, so valid
    pdf = _pdf(client_as("overseer.pattani"), certificate)
    image = pdf.pages[0].images[0].image
    assert image is not None
    found = zxingcpp.read_barcodes(image.convert("L"))
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    url = str(found[0].text)
    assert url == f"http://testserver/register/{certificate.number}/"
    page = Client().get(urlsplit(url).path)  # a citizen, not signed in
    assert page.status_code == 200
    assert page.resolver_match.view_name == "register:verify"
    assert "ใบรับรองนี้ยังมีผล" in page.content.decode()


def test_only_those_who_read_the_centre_get_its_certificate(
    certificate: Certificate, client_as: ClientAs
) -> None:
    url = reverse("certification:certificate_pdf", args=[certificate.pk])
    assert client_as("overseer.chiangmai").get(url).status_code == 404
    assert client_as("screener").get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in page


def test_a_copy_printed_after_revocation_says_on_its_face_that_it_is_not_valid(
    world: Any, client_as: ClientAs
) -> None:
    from accounts.models import User
    from certification import certificates

    certificate = certified(pattani_centre(world))  # decided today: valid
    client = client_as("opsadmin")
    valid = "".join(_pdf(client, certificate).pages[0].extract_text().split())
    assert "ไม่มีผล" not in valid
    certificates.revoke(
        actor=User.objects.get(username="opsadmin"), certificate=certificate, reason="ยุบศูนย์"
    )
    revoked = "".join(_pdf(client, certificate).pages[0].extract_text().split())
    assert "ไม่มีผล" in revoked and "เพิกถอน" in revoked
