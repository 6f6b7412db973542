"""Publishing a campaign's results, and the QR codes and cards of its public address and
of its staff links: who may see and print them, who may publish, what the codes open."""

import io
from collections.abc import Callable
from typing import Any

import pytest
import zxingcpp
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from audit.models import AuditEvent
from campaigns.models import Campaign
from campaigns.tests.factories_publication import campaign

pytestmark = pytest.mark.django_db
ClientAs = Callable[[str], Client]


def decode(image: Image.Image) -> str:
    found = zxingcpp.read_barcodes(image.convert("L"))
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    return str(found[0].text)


def squeezed(text: str) -> str:
    # pypdf drops the nikhahit of sara am (ำ comes out as า): compare both sides alike.
    return "".join(text.split()).replace("ำ", "า").replace("\u0e4d", "")


def test_the_page_says_the_results_are_private_and_gives_the_address(
    world: Any, client_as: ClientAs
) -> None:
    survey = campaign()
    page = client_as("overseer.dla").get(reverse("campaigns:publication", args=[survey.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"http://testserver/r/{survey.public_code}/" in html
    assert "ยังไม่เผยแพร่" in html
    assert reverse("campaigns:results_qr_svg", args=[survey.pk]) in html
    assert reverse("campaigns:results_card", args=[survey.pk]) in html
    assert "?confirm=publish" in html


def test_publishing_asks_first_then_publishes_with_its_record(
    world: Any, client_as: ClientAs
) -> None:
    survey = campaign()
    client = client_as("overseer.dla")
    url = reverse("campaigns:publication", args=[survey.pk])
    confirm = client.get(url + "?confirm=publish").content.decode()
    assert reverse("campaigns:publish", args=[survey.pk]) in confirm
    response = client.post(reverse("campaigns:publish", args=[survey.pk]))
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.is_published and survey.published_by.username == "overseer.dla"
    event = AuditEvent.objects.get(object_type="campaigns.campaign", object_id=str(survey.pk))
    assert "published_at" in event.changes
    assert "เผยแพร่แล้ว" in client.get(url).content.decode()
    # A second click changes nothing: the first publication stays.
    first = survey.published_at
    client.post(reverse("campaigns:publish", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.published_at == first


def test_unpublishing_takes_the_page_down_and_keeps_the_address(
    world: Any, client_as: ClientAs
) -> None:
    survey = campaign()
    code = survey.public_code
    client = client_as("overseer.dla")
    client.post(reverse("campaigns:publish", args=[survey.pk]))
    client.post(reverse("campaigns:unpublish", args=[survey.pk]))
    survey.refresh_from_db()
    assert not survey.is_published and survey.published_by is None
    assert survey.public_code == code


def test_almost_allowed_people_may_not_publish(world: Any, client_as: ClientAs) -> None:
    survey = campaign()
    publish = reverse("campaigns:publish", args=[survey.pk])
    assert client_as("clerk.dla").post(publish).status_code == 403  # follows, does not run
    assert client_as("overseer.chiangmai").post(publish).status_code == 404
    assert Client().post(publish).status_code == 302  # to the sign-in page
    assert not Campaign.objects.get(pk=survey.pk).is_published
    page = client_as("clerk.dla").get(reverse("campaigns:publication", args=[survey.pk]))
    assert page.status_code == 200
    assert "?confirm=publish" not in page.content.decode()


def test_a_draft_has_no_publication(world: Any, client_as: ClientAs) -> None:
    survey = campaign(launched=False)
    client = client_as("overseer.dla")
    assert client.get(reverse("campaigns:publication", args=[survey.pk])).status_code == 404
    assert client.post(reverse("campaigns:publish", args=[survey.pk])).status_code == 404
    assert not Campaign.objects.get(pk=survey.pk).is_published


def test_the_qr_codes_and_card_open_the_public_address(world: Any, client_as: ClientAs) -> None:
    survey = campaign()
    client = client_as("overseer.dla")
    address = f"http://testserver/r/{survey.public_code}/"
    png = client.get(reverse("campaigns:results_qr_png", args=[survey.pk]))
    assert png["Content-Type"] == "image/png"
    assert decode(Image.open(io.BytesIO(png.content))) == address
    svg = client.get(reverse("campaigns:results_qr_svg", args=[survey.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    card = client.get(reverse("campaigns:results_card", args=[survey.pk]))
    assert card["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(card.content))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert round(float(box.width)) == 298 and round(float(box.height)) == 420  # A6
    text = squeezed(pdf.pages[0].extract_text())
    assert squeezed("แบบสำรวจความต้องการสิ่งจูงใจ") in text
    assert squeezed("กรมส่งเสริมการปกครองท้องถิ่น") in text
    assert squeezed("สแกน QR Code เพื่อดูผลการสำรวจ") in text
    assert address in pdf.pages[0].extract_text()
    image = pdf.pages[0].images[0].image
    assert image is not None and decode(image) == address


def test_the_base_url_setting_is_encoded(world: Any, client_as: ClientAs, settings: Any) -> None:
    settings.SURVEY_BASE_URL = "https://saduak.example.go.th/"
    survey = campaign()
    png = client_as("overseer.dla").get(reverse("campaigns:results_qr_png", args=[survey.pk]))
    decoded = decode(Image.open(io.BytesIO(png.content)))
    assert decoded == f"https://saduak.example.go.th/r/{survey.public_code}/"


def test_only_the_campaigns_followers_get_its_codes(world: Any, client_as: ClientAs) -> None:
    survey = campaign()
    for name in ("results_qr_png", "results_qr_svg", "results_card"):
        url = reverse(f"campaigns:{name}", args=[survey.pk])
        assert client_as("overseer.chiangmai").get(url).status_code == 404
        assert client_as("admin.pattanitown").get(url).status_code == 404  # asked, not following
        assert Client().get(url).status_code == 302
        assert client_as("clerk.dla").get(url).status_code == 200


def test_a_staff_link_opens_the_units_own_page(world: Any, client_as: ClientAs) -> None:
    survey = campaign("P94", staff=True)
    target = survey.targets.get(organisation__code="5940101")
    address = f"http://testserver/s/{target.staff_code}/"
    for person in ("admin.pattanitown", "staff.pattanitown", "overseer.pattani"):
        png = client_as(person).get(reverse("campaigns:staff_qr_png", args=[target.pk]))
        assert png.status_code == 200, person
        assert decode(Image.open(io.BytesIO(png.content))) == address
    card = client_as("admin.pattanitown").get(reverse("campaigns:staff_card", args=[target.pk]))
    pdf = PdfReader(io.BytesIO(card.content))
    text = squeezed(pdf.pages[0].extract_text())
    assert squeezed("เทศบาลเมืองปัตตานี") in text
    image = pdf.pages[0].images[0].image
    assert image is not None and decode(image) == address
    page = client_as("overseer.pattani").get(reverse("campaigns:publication", args=[survey.pk]))
    assert address in page.content.decode()


def test_a_staff_link_is_not_for_a_neighbour(world: Any, client_as: ClientAs) -> None:
    survey = campaign("P94", staff=True)
    target = survey.targets.get(organisation__code="5940101")
    for name in ("staff_qr_png", "staff_qr_svg", "staff_card"):
        url = reverse(f"campaigns:{name}", args=[target.pk])
        assert client_as("admin.yarang").get(url).status_code == 404
        assert client_as("overseer.chiangmai").get(url).status_code == 404
        assert Client().get(url).status_code == 302


def test_an_organisations_survey_has_no_staff_links(world: Any, client_as: ClientAs) -> None:
    survey = campaign()
    target = survey.targets.first()
    assert target is not None
    url = reverse("campaigns:staff_qr_png", args=[target.pk])
    assert client_as("overseer.dla").get(url).status_code == 404


def test_the_page_costs_the_same_for_many_staff_links(
    world: Any, client_as: ClientAs, django_assert_max_num_queries: Any
) -> None:
    survey = campaign("DLA", staff=True, targets=("5940101", "5941001", "6940103", "6940100"))
    client = client_as("overseer.dla")
    with django_assert_max_num_queries(15):
        page = client.get(reverse("campaigns:publication", args=[survey.pk]))
    assert page.content.decode().count("/s/") == 4
