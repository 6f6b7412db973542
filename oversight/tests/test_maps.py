"""The map of the provinces: every province has a shape, its colour is its value's
class in the legend and in the table beside it, it links to its own dashboard, and the
picture is well-formed SVG with no inline style. A province's dashboard breaks down by
district instead."""

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from oversight import maps, sections
from oversight.tests.factories import many_units
from registry.models import Organisation, Province, ServiceCentre

SVG = "{http://www.w3.org/2000/svg}"


def test_every_province_has_a_shape(db: Any) -> None:
    shapes = maps.shapes()["provinces"]
    codes = set(Province.objects.values_list("code", flat=True))
    assert len(codes) == 77
    assert {"10", "38", "94", "50"} <= codes  # Bangkok, Bueng Kan, Pattani, Chiang Mai
    assert codes == set(shapes)
    for code in codes:
        assert re.fullmatch(r"(M[-\d. ]+l[-\d. ]+z)+", shapes[code]["d"]), code


def _map(page: Any) -> ET.Element:
    html = page.content.decode()
    found = re.search(r'<svg xmlns="http://www.w3.org/2000/svg".*?</svg>', html, re.S)
    assert found, "no map on the page"
    return ET.fromstring(found.group(0))  # well-formed XML, or this raises


def _table(page: Any) -> dict[str, tuple[str, str, str]]:
    """province code → (name, value, band) as the table beside the map shows them."""
    html = page.content.decode()
    rows = re.findall(
        r'<tr data-province="(\d+)">\s*<th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*'
        r'<td class="num">([^<]*)</td>\s*<td data-band="([^"]+)">',
        html,
    )
    return {code: (name, value, band) for code, _url, name, value, band in rows}


def _no_figure(page: Any) -> list[str]:
    """The names of the areas the table leaves out for having no figure."""
    found = re.search(r'<p class="no-figure">[^<]*(.*?)</p>', page.content.decode(), re.S)
    if not found:
        return []
    return [re.sub(r"<[^>]+>", "", n).strip() for n in found.group(1).split(", ")]


def test_the_nation_s_map_matches_its_table_and_legend(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    page = client_as("opsadmin").get("/oversight/?measure=centres")
    assert page.status_code == 200
    svg = _map(page)
    table = _table(page)
    # The table lists the provinces with a figure; the others are named after it, and
    # hatched on the map: both say the same of all 77.
    empty = _no_figure(page)
    assert len(table) + len(empty) == 77 and table and empty
    legend = {
        rect.get("data-band"): rect.get("fill")
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("data-band")
    }
    assert legend["none"] == maps.NO_DATA
    links = {a.get("data-province"): a for a in svg.iter(f"{SVG}a")}
    assert len(links) == 77  # all drawn
    names = {a.get("data-province"): a.find(f"{SVG}path/{SVG}title").text for a in links.values()}
    for code, title in names.items():
        if code not in table:
            assert title.endswith(": –") and title.removesuffix(": –") in empty
    counts = {
        code: ServiceCentre.objects.filter(organisation__province_id=code, is_active=True).count()
        for code in ("94", "50", "10")
    }
    for code, (name, value, band) in table.items():
        assert band != "none"
        path = links[code].find(f"{SVG}path")
        assert path is not None
        assert path.get("fill") == legend[band], name  # map colour = table's class = legend
        title = path.find(f"{SVG}title")
        assert title is not None and title.text == f"{name}: {value}"
    # The figures are the registry's: Pattani's centres counted, Bangkok's none.
    assert counts["94"] > 0
    assert table["94"][1] == str(counts["94"])
    assert "10" not in table and str(Province.objects.get(code="10")) in empty
    # Each province leads to the nation's dashboard cut to it.
    assert links["94"].get("href") == "/oversight/?province=94"
    assert client_as("opsadmin").get(str(links["94"].get("href"))).status_code == 200
    # Presentation attributes only: the policy forbids inline styles.
    assert "style=" not in page.content.decode()


def test_a_department_s_map_links_to_its_own_province_cuts(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    dla = world["DLA"].pk
    page = client_as("overseer.dla").get(f"/oversight/{dla}/")
    links = {a.get("data-province"): a.get("href") for a in _map(page).iter(f"{SVG}a")}
    assert links["94"] == f"/oversight/{dla}/?province=94"
    assert client_as("overseer.dla").get(str(links["94"])).status_code == 200


def test_a_bad_measure_shows_the_first_one(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    page = client_as("opsadmin").get("/oversight/?measure=<script>")
    assert page.status_code == 200
    assert maps.pick("<script>") == next(iter(sections.MEASURES.values()))
    assert "<script>" not in page.content.decode().split("<main", 1)[-1]


def test_classes_darken_towards_better() -> None:
    better_high = sections.MEASURES["centres"]
    values = [0.0, 1.0, 2.0, 3.0, 10.0, 20.0, 50.0]
    legend = maps.bands(better_high, values)
    assert [b.colour for b in legend] == list(maps.PALETTE)
    assert maps.band_of(legend, 50.0) is legend[-1]
    assert maps.band_of(legend, 0.0) is legend[0]
    assert maps.band_of(legend, None) is None
    lower = sections.Measure("late", better_high.label, sections.COUNT, False, lambda s, d: {})
    assert [b.colour for b in maps.bands(lower, values)] == list(reversed(maps.PALETTE))
    # Few distinct values: one class each, spread over the palette.
    two = maps.bands(better_high, [1.0, 1.0, 4.0])
    assert [b.label for b in two] == ["1", "4"]
    assert [b.colour for b in two] == [maps.PALETTE[1], maps.PALETTE[-1]]


def test_a_province_breaks_down_by_district_and_a_district_by_unit(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    client = client_as("overseer.pattani")
    page = client.get(f"/oversight/{world['P94'].pk}/").content.decode()
    assert 'id="breakdown"' in page and 'class="province-map"' not in page
    town = world["5940101"]
    district = town.district_id
    assert f'href="/oversight/{world["P94"].pk}/?district={district}"' in page
    unit_page = client.get(f"/oversight/{world['P94'].pk}/?district={district}").content.decode()
    assert f'href="/oversight/{town.pk}/"' in unit_page
    centres = ServiceCentre.objects.filter(organisation=town, is_active=True).count()
    row = re.search(rf'href="/oversight/{town.pk}/">[^<]+</a></th>(.*?)</tr>', unit_page, re.S)
    assert row
    cells = re.findall(r'<td class="num"[^>]*>([^<]*)<', row.group(1))
    assert cells[list(sections.MEASURES).index("centres")] == str(centres)
    # Nothing of Chiang Mai on Pattani's page.
    assert str(world["3500101"]) not in page + unit_page


@pytest.mark.parametrize("address", ["/oversight/", "/oversight/{P94}/?district={district}"])
def test_the_map_and_breakdown_queries_do_not_grow_with_the_units(
    client_as: Callable[[str], Client], world: dict[str, Organisation], address: str
) -> None:
    client = client_as("opsadmin")
    province = Province.objects.get(code="94")
    url = address.format(P94=world["P94"].pk, district=province.districts.first().code)
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    many_units(province, world["DLA-94"], 25, "T")
    client.get(url)  # the new units' letters counted and kept (correspondence/tallies.py)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_nations_map_comes_first_and_a_provinces_areas_after_its_figures(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    """At a glance then in detail: a province's table of its districts is a long list
    on a phone, so it follows the figures (review finding: the way to the standard began
    14,000 px down); the page names its parts at the top, each one tap away."""
    nation = client_as("opsadmin").get("/oversight/").content.decode()
    assert nation.index('id="map"') < nation.index('id="pipeline"')
    province = client_as("overseer.pattani").get(f"/oversight/{world['P94'].pk}/")
    page = province.content.decode()
    assert page.index('id="chase"') < page.index('id="breakdown"')
    contents = page[
        page.index('class="on-this-page"') : page.index(
            "</nav>", page.index('class="on-this-page"')
        )
    ]
    assert '<a href="#pipeline">เส้นทางสู่มาตรฐาน</a>' in contents
    assert 'href="#breakdown"' in contents
