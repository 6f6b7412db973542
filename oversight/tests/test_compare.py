"""The comparison: a scope's areas or units ranked on a measure, with their peers and
the change since the last round; only within what the viewer oversees."""

import itertools
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from oversight import compare, sections
from oversight.scopes import Scope
from oversight.tests.factories import many_units
from registry.models import Organisation, Province, ServiceCentre


def _rows(page: Any) -> list[tuple[str, str, str, str]]:
    """(rank, name, value, change) of each line of the ranking."""
    html = page.content.decode()
    return re.findall(
        r'<tr data-key="[^"]+">\s*<td class="num"[^>]*>([^<]*)</td>\s*'
        r'<th scope="row"[^>]*><a href="[^"]+">([^<]+)</a></th>\s*'
        r'<td class="num"[^>]*>([^<]*)</td>\s*<td class="num"[^>]*>([^<]*)</td>',
        html,
    )


def _unranked(page: Any) -> list[str]:
    """The names of the areas without a figure, listed after the ranking."""
    found = re.search(r'<p class="no-figure">[^<]*(.*?)</p>', page.content.decode(), re.S)
    return re.findall(r"(?:<a [^>]+>)?([^<>,]+?)(?:</a>)?(?:, |$)", found.group(1)) if found else []


def test_the_nation_ranks_its_provinces_best_first(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    page = client_as("opsadmin").get("/oversight/compare/?measure=centres")
    assert page.status_code == 200
    rows = _rows(page)
    # Only the provinces with a figure are lines; the others are named after the table.
    unranked = _unranked(page)
    assert len(rows) + len(unranked) == 77 and unranked
    assert str(Province.objects.get(code="10")) in unranked  # Bangkok has no centre here
    counted = [(int(r[0]), int(r[2].replace(",", ""))) for r in rows]
    assert counted and counted[0][0] == 1
    values = [v for _rank, v in counted]
    assert values == sorted(values, reverse=True)
    # Equal values share a rank; provinces without a figure come last, unranked.
    for (rank_a, a), (rank_b, b) in itertools.pairwise(counted):
        assert (rank_a == rank_b) == (a == b)
    pattani = next(r for r in rows if r[1] == str(Province.objects.get(code="94")))
    assert (
        int(pattani[2])
        == ServiceCentre.objects.filter(organisation__province_id="94", is_active=True).count()
    )
    # The registry keeps no history of centres: no change since the last round.
    assert pattani[3] == "±0"


def test_peers_rank_units_of_one_kind(
    client_as: Callable[[str], Client], world: dict[str, Organisation], django_user_model: Any
) -> None:
    client = client_as("overseer.dla")
    page = client.get(f"/oversight/{world['DLA'].pk}/compare/?measure=centres&peers=sao")
    names = {r[1] for r in _rows(page)} | set(_unranked(page))
    saos = Scope(django_user_model.objects.get(username="overseer.dla"), world["DLA"])
    expected = {
        str(o) for o in saos.organisations().filter(kind="local_government", lao_type="sao")
    }
    assert expected and names == expected
    every = client.get(f"/oversight/{world['DLA'].pk}/compare/?measure=centres&peers=units")
    listed = {r[1] for r in _rows(every)} | set(_unranked(every))
    assert str(world["5940101"]) in listed
    assert str(world["PHO-94"]) not in listed  # not DLA's


@pytest.mark.parametrize(
    "query", ["?measure=nonsense", "?measure=", "?peers=nonsense", "?page=x", "?measure=%00"]
)
def test_bad_input_falls_back_never_a_500(
    client_as: Callable[[str], Client], world: dict[str, Organisation], query: str
) -> None:
    page = client_as("opsadmin").get(f"/oversight/compare/{query}")
    assert page.status_code == 200
    first = next(iter(sections.MEASURES.values()))
    assert f'<option value="{first.code}" selected>' in page.content.decode()


@pytest.mark.parametrize(
    ("username", "code", "status"),
    [
        ("overseer.pattani", "P94", 200),
        ("overseer.pattani", "P50", 404),  # Chiang Mai's units by a guessed address
        ("overseer.pattani", "DLA-50", 404),
        ("overseer.chiangmai", "P94", 404),
        ("overseer.dla", "DLA-94", 200),
        ("admin.pattanitown", "5940101", 404),  # a unit's administrator oversees nothing
    ],
)
def test_comparison_only_within_oversight(
    client_as: Callable[[str], Client],
    world: dict[str, Organisation],
    username: str,
    code: str,
    status: int,
) -> None:
    page = client_as(username).get(f"/oversight/{world[code].pk}/compare/?peers=units")
    assert page.status_code == status


def test_a_province_overseer_s_comparison_is_its_own(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    client = client_as("overseer.pattani")
    assert client.get("/oversight/compare/?province=50&peers=units").status_code == 404
    start = client.get("/oversight/compare/?peers=units")
    assert start.status_code == 302
    assert start["Location"] == f"/oversight/{world['P94'].pk}/compare/?peers=units"
    page = client.get(start["Location"]).content.decode()
    assert str(world["5940101"]) in page
    assert str(world["3500101"]) not in page  # Chiang Mai's unit
    assert client_as("admin.pattanitown").get("/oversight/compare/").status_code == 404


def test_the_last_round_ended_on_a_round_s_period_end() -> None:
    # The last day of the period (30 September, 31 March), not the day after it.
    assert compare.last_round_end(date(2026, 12, 4)) == date(2026, 9, 30)
    assert compare.last_round_end(date(2026, 5, 1)) == date(2026, 3, 31)
    assert compare.last_round_end(date(2026, 10, 1)) == date(2026, 9, 30)
    assert compare.last_round_end(date(2026, 9, 30)) == date(2026, 3, 31)


def test_change_since_the_last_round_is_signed() -> None:
    measure = sections.MEASURES["centres"]
    area = compare.areas.Area("94", "ปัตตานี", "/oversight/?province=94")
    assert compare._place(measure, 1, area, 12, 9).change_text == "+3"
    assert compare._place(measure, 1, area, 7, 9).change_text == "−2"
    assert compare._place(measure, 1, area, 7, None).change_text == "–"


@pytest.mark.parametrize("query", ["?measure=centres", "?measure=centres&peers=sao"])
def test_queries_do_not_grow_with_the_units(
    client_as: Callable[[str], Client], world: dict[str, Organisation], query: str
) -> None:
    client = client_as("overseer.dla")
    url = f"/oversight/{world['DLA'].pk}/compare/{query}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    many_units(Province.objects.get(code="94"), world["DLA-94"], 30, "C")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
        assert page.status_code == 200
    assert len(many) == len(few)
    if "peers" in query:
        assert "หน่วยทดสอบ 29" in page.content.decode()
