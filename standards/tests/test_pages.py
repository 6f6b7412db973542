"""The standards pages: every signed-in staff member reads every version; a template
says so on every page that shows it."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from standards.loader import Content
from standards.models import Standard
from standards.services import publish

NOTICE = "This is a TEMPLATE, not the official criteria."


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def default_standard() -> Standard:
    return Standard.objects.get(code="gecc", fiscal_year=2565, version=1)


@pytest.mark.django_db
def test_pages_need_a_signed_in_account(client: Client) -> None:
    for url in ["/standards/", f"/standards/{default_standard().pk}/", "/standards/template.xlsx"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_the_list_shows_every_version_and_the_template_notice(client_as: Any) -> None:
    client = english(client_as("staff.pattanitown"))
    page = client.get("/standards/").content.decode()
    standard = default_standard()
    assert f'href="/standards/{standard.pk}/"' in page
    assert "GECC standard, fiscal year 2565 – TEMPLATE" in page
    assert 'class="errors template-notice"' in page
    assert NOTICE in page
    assert "template – not official" in page


def test_the_detail_page_shows_every_part_and_the_template_notice(client_as: Any) -> None:
    client = english(client_as("overseer.pattani"))
    page = client.get(f"/standards/{default_standard().pk}/").content.decode()
    assert page.count('class="errors template-notice"') == 1
    assert NOTICE in page
    assert "GECC 2565 v1 is a placeholder for trying the system" in page
    assert "Results against it are not official" in page
    assert "OPS PMO must replace it with the official criteria" in page
    # Levels, in order, with their thresholds.
    assert re.search(r"Basic</th><td><code>basic</code></td><td>60</td>", page)
    assert page.index("Basic</th>") < page.index("Advanced</th>") < page.index("Excellent</th>")
    # Basic requirements, then the scored criteria under their dimension's heading.
    assert "Basic requirements" in page
    assert "A one-stop service counter where citizens get their business done" in page
    headings = re.findall(r'<h3 id="dimension-\d+">([^<]*) <span class="count">\(([^)]*)\)', page)
    assert headings == [
        ("Input (physical)", "30 points"),
        ("Process (quality of service)", "40 points"),
        ("Output (visible outcomes)", "30 points"),
    ]
    assert "100 points in all, by dimension." in page
    input_heading = page.index(">Input (physical) <")
    assert (
        input_heading
        < page.index("<code>S1.1</code>")
        < page.index(">Process (quality of service) <")
    )
    # The maintenance checklist.
    assert "Maintenance Self Checklist" in page
    assert "The centre is still open at the same place" in page
    assert "M10" in page


def test_the_detail_page_reads_in_thai_by_default(client_as: Any) -> None:
    page = client_as("staff.pattanitown").get(f"/standards/{default_standard().pk}/")
    text = page.content.decode()
    assert "มีจุดบริการแบบเบ็ดเสร็จ (One Stop Service)" in text
    assert "ด้านกระบวนการ (คุณภาพการให้บริการ)" in text
    assert 'class="errors template-notice"' in text


def test_an_official_version_shows_no_template_notice(
    client_as: Any, default_content: Content
) -> None:
    official = publish(
        actor=None,
        data={**default_content, "version": 2, "status": "official"},
        source_name="official.yaml",
    )
    client = english(client_as("assessor"))
    page = client.get(f"/standards/{official.pk}/").content.decode()
    assert "template-notice" not in page
    assert NOTICE not in page
    listing = client.get("/standards/").content.decode()
    assert listing.count('class="errors template-notice"') == 1  # only for version 1
    # The official version applies to this year too, the latest year with a standard.
    assert f'uses <a href="/standards/{official.pk}/">GECC 2565 v2</a>' in listing


def test_an_unknown_version_is_404(client_as: Any) -> None:
    assert client_as("staff.pattanitown").get("/standards/999999/").status_code == 404


def test_the_import_link_is_for_ops_pmo_administrators(client_as: Any) -> None:
    assert 'href="/standards/import/"' in client_as("opsadmin").get("/standards/").content.decode()
    staff_page = client_as("staff.pattanitown").get("/standards/").content.decode()
    assert 'href="/standards/import/"' not in staff_page


def test_the_import_page_offers_the_template(client_as: Any) -> None:
    page = english(client_as("opsadmin")).get("/standards/import/").content.decode()
    assert 'href="/standards/template.xlsx"' in page
    assert '<label for="id_file">' in page
