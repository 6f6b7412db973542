"""A dashboard's scope is what its viewer oversees, and nothing else: another area's
dashboard by a guessed address is 404."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from registry.models import Organisation


@pytest.mark.parametrize(
    ("username", "code", "status"),
    [
        ("overseer.pattani", "P94", 200),
        ("overseer.pattani", "P50", 404),  # another province, by a guessed address
        ("overseer.chiangmai", "P94", 404),
        ("overseer.dla", "DLA-94", 200),
        ("overseer.dla", "P94", 404),  # the province is not DLA's
        ("admin.pattanitown", "5940101", 404),  # a unit administrator oversees nothing
        ("opsadmin", "P50", 200),
        ("reviewer", "DLA", 200),
    ],
)
def test_a_dashboard_is_reached_only_within_oversight(
    client_as: Callable[[str], Client],
    world: dict[str, Organisation],
    username: str,
    code: str,
    status: int,
) -> None:
    response = client_as(username).get(f"/oversight/{world[code].pk}/")
    assert response.status_code == status


def test_the_nation_for_ops_pmo_and_a_province_cut_for_a_department(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    page = client_as("opsadmin").get("/oversight/")
    assert page.status_code == 200
    assert "ทั้งประเทศ" in page.content.decode()
    dla = client_as("overseer.dla").get(f"/oversight/{world['DLA'].pk}/?province=94")
    assert "ปัตตานี" in dla.content.decode()
    unknown = client_as("overseer.dla").get(f"/oversight/{world['DLA'].pk}/?province=XX")
    assert unknown.status_code == 404
    # The nation is OPS PMO's: an overseer of a province has no nation-wide dashboard
    # beyond what it oversees, and one who oversees nothing has none at all.
    assert client_as("admin.pattanitown").get("/oversight/").status_code == 404


def test_what_a_scope_covers(world: dict[str, Organisation], django_user_model: Any) -> None:
    from oversight.scopes import Scope

    dla = django_user_model.objects.get(username="overseer.dla")
    pattani = django_user_model.objects.get(username="overseer.pattani")
    dla_units = set(Scope(dla, world["DLA"]).organisations().values_list("code", flat=True))
    assert {"DLA-94", "5940101", "DLA-50", "3500101"} <= dla_units
    assert "PHO-94" not in dla_units
    on_pattani = set(Scope(pattani, world["P94"]).organisations().values_list("code", flat=True))
    assert {"5940101", "PHO-94"} <= on_pattani and "3500101" not in on_pattani


@pytest.mark.parametrize("page", ["", "compare/", "chase/", "export.xlsx", "export.pdf"])
def test_an_overseer_s_pages_without_an_organisation_are_its_own(
    client_as: Callable[[str], Client], world: dict[str, Organisation], page: str
) -> None:
    # Not "the nation" with Pattani's figures under its name (review finding).
    response = client_as("overseer.pattani").get(f"/oversight/{page}")
    assert response.status_code == 302
    assert response["Location"] == f"/oversight/{world['P94'].pk}/{page}"


@pytest.mark.parametrize(
    ("page", "method"),
    [
        ("", "get"),
        ("compare/", "get"),
        ("chase/", "get"),
        ("export.xlsx", "post"),
        ("export.pdf", "post"),
        ("chase/remind/", "post"),
    ],
)
def test_another_provinces_soil_in_the_address_is_404(
    client_as: Callable[[str], Client], world: dict[str, Organisation], page: str, method: str
) -> None:
    """Chiang Mai's overseer naming Pattani (or one of its districts) in the address of
    its own pages, or of the nation's, is answered 404: not an empty page, file or
    reminder named after Pattani (review finding)."""
    client = client_as("overseer.chiangmai")
    yarang = world["6940103"].district_id
    own = world["3500101"].district_id
    addresses = [
        f"/oversight/{world['P50'].pk}/{page}?province=94",
        f"/oversight/{world['P50'].pk}/{page}?district={yarang}",
        f"/oversight/{page}?province=94",
        f"/oversight/{world['3500101'].pk}/{page}?district={yarang}",
    ]
    for address in addresses:
        response = getattr(client, method)(address)
        assert response.status_code == 404, address
    # Its own soil is its own.
    if method == "get":
        assert client.get(f"/oversight/{world['P50'].pk}/{page}?district={own}").status_code == 200
    # A department's units are everywhere: DLA cuts to any province.
    dla = client_as("overseer.dla")
    assert dla.get(f"/oversight/{world['DLA'].pk}/?province=50").status_code == 200
    assert client_as("opsadmin").get("/oversight/?province=10").status_code == 200


@pytest.mark.parametrize(
    "cut",
    [
        "province=\x00",
        "province=9\x004",
        "district=94\x0010",
        "province=๙๔",
        "district=9" * 3,
        "province=" + "9" * 40,
    ],
)
def test_a_garbled_cut_is_404(
    client_as: Callable[[str], Client], world: dict[str, Organisation], cut: str
) -> None:
    # On PostgreSQL a NUL byte in a code made the page fail (review finding).
    for username, page in (
        ("opsadmin", "/oversight/"),
        ("overseer.pattani", f"/oversight/{world['P94'].pk}/"),
    ):
        key, value = cut.split("=", 1)
        assert client_as(username).get(page, {key: value}).status_code == 404
        assert client_as(username).get(page + "compare/", {key: value}).status_code == 404


def test_the_redirect_to_ones_own_keeps_the_cut_and_the_measure(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    response = client_as("overseer.dla").get("/oversight/?province=94&measure=answers_overdue")
    assert response.status_code == 302
    assert (
        response["Location"] == f"/oversight/{world['DLA'].pk}/?province=94&measure=answers_overdue"
    )
    assert client_as("overseer.dla").get(response["Location"]).status_code == 200
