"""QR codes, short links and posters: the codes printed for a counter lead to its survey
page, stay the same when the counter changes, and only staff in scope can make them."""

import io
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import zxingcpp
from django.test import Client
from django.urls import resolve, reverse
from PIL import Image
from pypdf import PdfReader

from registry.models import Counter, Organisation
from thaicalendar.dates import thai_digits

ClientAs = Callable[[str], Client]


@pytest.fixture
def counters(world: dict[str, Organisation]) -> list[Counter]:
    """Pattani Town Municipality's counters 1 and 2."""
    return list(world["5940101"].centres.get().counters.order_by("number"))


def decode(image: Image.Image) -> str:
    found = zxingcpp.read_barcodes(image.convert("L"))
    assert len(found) == 1
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode
    return str(found[0].text)


def png_qr(client: Client, counter: Counter) -> str:
    response = client.get(reverse("survey:counter_qr_png", args=[counter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return decode(Image.open(io.BytesIO(response.content)))


def poster(client: Client, counter: Counter) -> PdfReader:
    response = client.get(reverse("survey:counter_poster", args=[counter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    return PdfReader(io.BytesIO(response.content))


def poster_qr(pdf: PdfReader) -> str:
    image = pdf.pages[0].images[0].image
    assert image is not None
    return decode(image)


def squeezed(text: str) -> str:
    # pypdf drops the nikhahit of sara am (ำ comes out as า): compare both sides alike.
    return "".join(text.split()).replace("ำ", "า").replace("\u0e4d", "")


def assert_leads_to_survey(client: Client, url: str, counter: Counter) -> None:
    path = f"/q/{counter.survey_code}/"
    assert url.endswith(path)
    assert resolve(urlsplit(url).path).view_name == "survey:answer"
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    assert response.resolver_match.view_name == "survey:answer"
    assert response.resolver_match.kwargs == {"code": counter.survey_code}


def test_png_qr_code_leads_to_the_counters_survey_page(
    client_as: ClientAs, counters: list[Counter]
) -> None:
    client = client_as("admin.pattanitown")
    urls = [png_qr(client, counter) for counter in counters]
    assert urls[0] != urls[1]
    for url, counter in zip(urls, counters, strict=True):
        assert url == f"http://testserver/q/{counter.survey_code}/"
        assert_leads_to_survey(Client(), url, counter)


def test_poster_carries_a_qr_code_leading_to_the_counters_page(
    client_as: ClientAs, counters: list[Counter]
) -> None:
    counter = counters[1]
    pdf = poster(client_as("admin.pattanitown"), counter)
    assert len(pdf.pages) == 1
    width, height = (float(v) for v in pdf.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    url = poster_qr(pdf)
    assert_leads_to_survey(Client(), url, counter)


def test_poster_text_is_thai_with_the_centre_and_the_short_address(
    client_as: ClientAs, counters: list[Counter]
) -> None:
    counter = counters[0]
    centre = counter.centre
    text = squeezed(poster(client_as("admin.pattanitown"), counter).pages[0].extract_text())
    url = f"http://testserver/q/{counter.survey_code}/"
    for expected in (
        "ประเมินความพึงพอใจการให้บริการ",
        centre.name_th,
        centre.organisation.name_th,
        f"ช่องบริการที่{thai_digits(counter.number)}:{counter.name_th}",
        url,
        "สแกนเพื่อตอบแบบสำรวจ",
    ):
        assert squeezed(expected) in text, expected


def test_poster_is_thai_even_for_an_english_reader(
    client_as: ClientAs, counters: list[Counter]
) -> None:
    client = client_as("admin.pattanitown")
    client.cookies["django_language"] = "en"
    text = squeezed(poster(client, counters[0]).pages[0].extract_text())
    assert squeezed(counters[0].centre.name_th) in text


def test_svg_is_an_svg_image_of_modules_only(client_as: ClientAs, counters: list[Counter]) -> None:
    response = client_as("admin.pattanitown").get(
        reverse("survey:counter_qr_svg", args=[counters[0].pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert not root.findall(".//{http://www.w3.org/2000/svg}text")


def test_the_code_stays_when_the_counter_is_renamed(
    client_as: ClientAs, counters: list[Counter]
) -> None:
    client = client_as("admin.pattanitown")
    counter = counters[0]
    before = png_qr(client, counter)
    response = client.post(
        reverse("registry:counter_edit", args=[counter.pk]),
        {"number": "7", "name_th": "งานทะเบียนราษฎร (ย้ายที่)", "name_en": "Moved"},
    )
    assert response.status_code == 302
    counter.refresh_from_db()
    assert counter.name_th == "งานทะเบียนราษฎร (ย้ายที่)"
    assert counter.number == 7
    assert png_qr(client, counter) == before


def test_base_url_setting_is_printed_instead_of_the_request_host(
    client_as: ClientAs, counters: list[Counter], settings: Any
) -> None:
    settings.SURVEY_BASE_URL = "https://saduak.example.go.th/"
    client = client_as("admin.pattanitown")
    counter = counters[0]
    expected = f"https://saduak.example.go.th/q/{counter.survey_code}/"
    assert png_qr(client, counter) == expected
    pdf = poster(client, counter)
    assert poster_qr(pdf) == expected
    assert expected in squeezed(pdf.pages[0].extract_text())
    page = client.get(reverse("survey:centre_codes", args=[counter.centre_id]))
    assert expected in page.content.decode()


def test_codes_page_lists_every_counter_with_its_address_and_downloads(
    client_as: ClientAs, counters: list[Counter]
) -> None:
    client = client_as("staff.pattanitown")
    client.cookies["django_language"] = "en"
    response = client.get(reverse("survey:centre_codes", args=[counters[0].centre_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert [row["counter"] for row in response.context["rows"]] == counters
    for counter, row in zip(counters, response.context["rows"], strict=True):
        url = f"http://testserver/q/{counter.survey_code}/"
        assert row["url"] == url
        assert row["qr"].startswith("data:image/svg+xml")
        assert f'alt="QR code leading to {url}"' in html
        for name in ("survey:counter_poster", "survey:counter_qr_png", "survey:counter_qr_svg"):
            assert reverse(name, args=[counter.pk]) in html


@pytest.mark.parametrize("name", ["counter_qr_svg", "counter_qr_png", "counter_poster"])
def test_overseer_of_another_province_gets_404_for_a_counter(
    client_as: ClientAs, counters: list[Counter], name: str
) -> None:
    response = client_as("overseer.chiangmai").get(reverse(f"survey:{name}", args=[counters[0].pk]))
    assert response.status_code == 404


def test_overseer_of_another_province_gets_404_for_the_codes_page(
    client_as: ClientAs, counters: list[Counter]
) -> None:
    response = client_as("overseer.chiangmai").get(
        reverse("survey:centre_codes", args=[counters[0].centre_id])
    )
    assert response.status_code == 404


def test_overseer_of_the_province_may_print_them(
    client_as: ClientAs, counters: list[Counter]
) -> None:
    client = client_as("overseer.pattani")
    assert png_qr(client, counters[0]).endswith(f"/q/{counters[0].survey_code}/")


@pytest.mark.parametrize("name", ["counter_qr_svg", "counter_qr_png", "counter_poster"])
def test_anonymous_visitors_are_sent_to_sign_in(
    world: dict[str, Organisation], counters: list[Counter], name: str
) -> None:
    response = Client().get(reverse(f"survey:{name}", args=[counters[0].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
