"""The areas as people read them on the map, its table, the breakdown, the comparison
and the files: figures rounded half up like the sections, a province's units in no
district as a row of their own, names in Thai dictionary order, no table row for an
area without any figure, and the map's legend title in HTML."""

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from pythainlp.util import collate

from maintenance.models import Round
from maintenance.selectors import current_round
from oversight import areas, compare, pdf, sections
from oversight.exports import read
from oversight.maps import figure
from oversight.scopes import Scope
from registry.models import Organisation, Province, ServiceCentre
from thaicalendar.dates import BANGKOK

ClientAs = Callable[[str], Client]
SCORE = 4.308333333333334  # Pattani's satisfaction in the demo: 4.31, not 4.30
SHARE = 4 / 6  # Chiang Mai's certified share: 66.7%, not 66%


def _fixed(scope: Scope, day: date) -> dict[str, float | None]:
    return {"94": SCORE, "9401": SCORE}


def _share(scope: Scope, day: date) -> dict[str, float | None]:
    return {"94": SHARE, "9401": SHARE}


@pytest.fixture
def fixed() -> Iterator[None]:
    """Two measures of fixed values: a score and a share, for Pattani and its first
    district."""
    added = [
        sections.Measure("t_score", "คะแนนทดสอบ", sections.SCORE, True, _fixed),  # type: ignore[arg-type]
        sections.Measure("t_share", "สัดส่วนทดสอบ", sections.SHARE, True, _share),  # type: ignore[arg-type]
    ]
    for item in added:
        sections.MEASURES[item.code] = item
    yield
    for item in added:
        sections.MEASURES.pop(item.code)


def _breakdown(page: Any) -> dict[str, list[str]]:
    """name → cells of each row of the breakdown table."""
    html = page.content.decode().split('id="breakdown"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">(?:<a [^>]+>)?([^<]+)(?:</a>)?</th>(.*?)</tr>', html, re.S)
    return {name: re.findall(r'<td class="num"[^>]*>([^<]*)<', cells) for name, cells in rows}


def _no_figure(page: Any) -> list[str]:
    found = re.search(r'<p class="no-figure">[^<]*(.*?)</p>', page.content.decode(), re.S)
    if not found:
        return []
    return [re.sub(r"<[^>]+>", "", n).strip() for n in found.group(1).split(", ")]


def test_figures_are_rounded_half_up() -> None:
    assert figure(SCORE, sections.SCORE) == "4.31"
    assert figure(0.125, sections.SCORE) == "0.13"
    assert figure(SHARE, sections.SHARE) == "66.7%"
    assert figure(0.00145, sections.SHARE) == "0.1%"  # 0.145 %, half up
    assert figure(1234, sections.COUNT) == "1,234"
    assert figure(2.25, sections.COUNT) == "2.3"
    assert figure(None, sections.COUNT) == "–"


def test_the_map_the_breakdown_and_the_ranking_round_like_the_sections(
    client_as: ClientAs, world: dict[str, Organisation], fixed: None
) -> None:
    nation = client_as("opsadmin").get("/oversight/?measure=t_score").content.decode()
    assert re.search(r'data-province="94">.*?<td class="num">4\.31</td>', nation, re.S)
    client = client_as("overseer.pattani")
    rows = _breakdown(client.get(f"/oversight/{world['P94'].pk}/"))
    district = str(Province.objects.get(code="94").districts.get(code="9401"))
    codes = list(sections.MEASURES)
    assert rows[district][codes.index("t_score")] == "4.31"
    assert rows[district][codes.index("t_share")] == "66.7%"
    ranking = client.get(f"/oversight/{world['P94'].pk}/compare/?measure=t_share")
    assert ">66.7%<" in ranking.content.decode()


def test_a_province_s_units_in_no_district_are_a_row_and_the_rows_add_up(
    client_as: ClientAs, world: dict[str, Organisation]
) -> None:
    ServiceCentre.objects.create(organisation=world["6940100"], name_th="ศูนย์ อบจ.ปัตตานี")
    page = client_as("overseer.pattani").get(f"/oversight/{world['P94'].pk}/")
    rows = _breakdown(page)
    column = list(sections.MEASURES).index("centres")
    assert "ไม่สังกัดอำเภอ" in rows  # the PAO, the provincial office
    active = ServiceCentre.objects.filter(organisation__province_id="94", is_active=True)
    assert rows["ไม่สังกัดอำเภอ"][column] == str(
        active.filter(organisation__district__isnull=True).count()
    )
    total = sum(int(cells[column]) for cells in rows.values() if cells[column] != "–")
    assert total == active.count()


def test_names_are_in_thai_dictionary_order(world: dict[str, Organisation]) -> None:
    from accounts.models import User

    nation = Scope(User.objects.get(username="opsadmin"), None)
    names = [a.name for a in areas.areas(nation)]
    assert names == collate(names)
    # เชียงใหม่ is with the ช, not after ฮ with the leading vowels.
    assert names.index("เชียงใหม่") < names.index("ตาก") < names.index("แพร่")
    with translation.override("en"):
        english = [a.name for a in areas.areas(nation)]
    assert english == sorted(english, key=str.casefold)
    province = Scope(User.objects.get(username="overseer.pattani"), world["P94"])
    districts = [a.name for a in areas.areas(province)]
    assert districts[:-1] == collate(districts[:-1]) and districts[-1] == "ไม่สังกัดอำเภอ"


def test_areas_without_any_figure_are_named_not_rows(
    client_as: ClientAs, world: dict[str, Organisation]
) -> None:
    page = client_as("overseer.pattani").get(f"/oversight/{world['P94'].pk}/")
    rows = _breakdown(page)
    empty = _no_figure(page)
    assert rows and empty
    assert all(any(c != "–" for c in cells) for cells in rows.values())
    districts = Province.objects.get(code="94").districts.count()
    assert len(rows) + len(empty) == districts + 1  # and the units in no district
    named = [n for n in empty if n != "ไม่สังกัดอำเภอ"]  # the last of the areas
    assert named == collate(named)


def test_the_map_legend_s_title_is_html_never_cut_inside_the_picture(
    client_as: ClientAs, world: dict[str, Organisation]
) -> None:
    page = client_as("opsadmin").get("/oversight/?measure=certified_share").content.decode()
    label = str(sections.MEASURES["certified_share"].label)
    svg = re.search(r"<svg xmlns=.*?</svg>", page, re.S)
    assert svg
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg.group(0))
    assert not any(t and t in label for t in texts if len(t) > 6)  # no piece of the label
    assert f'<p class="province-map-legend-title" id="map-legend-title">{label}</p>' in page


def test_a_share_s_change_is_in_points() -> None:
    share = sections.MEASURES["certified_share"]
    area = areas.Area("94", "ปัตตานี", "")
    assert compare._place(share, 1, area, 0.5, 1 / 3).change_text == "+16.7 จุด"
    assert compare._place(share, 1, area, 0.0, 1.0).change_text == "−100.0 จุด"
    score = sections.MEASURES["satisfaction"]
    assert compare._place(score, 1, area, SCORE, 4.1686).change_text == "+0.14"


def test_the_change_reads_the_round_before_the_current_one(db: Any) -> None:
    """On the last day of the last round's period, the round current is that round (if
    opened by then), never the next one, opened ahead of its period that begins the day
    after: the satisfaction of the current round is compared with the round before."""
    Round.objects.all().delete()
    opened = datetime.combine(date(2026, 9, 1), time(9), tzinfo=BANGKOK)
    before = Round.objects.create(
        fiscal_year=2569, months=12, period_start=date(2025, 10, 1),
        period_end=date(2026, 9, 30), deadline=date(2026, 10, 15), opened_at=opened,
    )  # fmt: skip
    now = Round.objects.create(
        fiscal_year=2570, months=6, period_start=date(2026, 10, 1),
        period_end=date(2027, 3, 31), deadline=date(2027, 4, 15), opened_at=opened,
    )  # fmt: skip
    today = date(2026, 12, 4)
    assert current_round(today) == now
    assert current_round(compare.last_round_end(today)) == before


def test_the_pdf_keeps_each_ranking_whole_and_names_the_areas_without_figures(
    world: dict[str, Organisation],
) -> None:
    from django.template.loader import render_to_string

    from accounts.models import User

    ServiceCentre.objects.create(organisation=world["6940100"], name_th="ศูนย์ อบจ.ปัตตานี")
    scope = Scope(User.objects.get(username="overseer.pattani"), world["P94"])
    context = pdf.report_context(read(scope, date.today()))
    names = [a["name"] for a in context["areas"]]
    assert all(any(v != "–" for v in a["values"]) for a in context["areas"])
    assert context["empty"] and "ไม่สังกัดอำเภอ" in names
    html = render_to_string(pdf.TEMPLATE, context)
    assert html.count('<div class="ranking">') == len(context["charts"]) > 0
    assert "ไม่มีข้อมูล: " in html
