"""Each role's reach, allowed and refused, through the pages a person would open."""

from typing import Any

import pytest

from accounts import capabilities as cap
from accounts.models import User
from registry.models import Counter, Organisation, ServiceCentre

PATTANI = {"P94", "DLA-94", "D9401", "6940100", "5940101", "5941001", "6940103", "PHO-94"}
CHIANG_MAI = {"P50", "DLA-50", "3500101"}
DLA_LINE = {"DLA", "DLA-94", "DLA-50", "6940100", "5940101", "5941001", "6940103", "3500101"}
EVERYTHING = PATTANI | CHIANG_MAI | {"OPSPMO", "MOI", "DLA", "MOPH"}


def visible_codes(username: str, *, change: bool = False) -> set[str]:
    user = User.objects.get(username=username)
    need = cap.CHANGE if change else cap.READ
    return set(cap.organisations_for(user, need=need).values_list("code", flat=True))


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("opsadmin", EVERYTHING),
        ("reviewer", EVERYTHING),
        # Screeners and assessors read only the applications assigned to them.
        ("screener", set()),
        ("assessor", set()),
        ("chair.team1", set()),
        ("overseer.pattani", PATTANI),
        ("overseer.chiangmai", CHIANG_MAI),
        ("overseer.dla", DLA_LINE),
        ("admin.pattanitown", {"5940101"}),
        ("staff.pattanitown", {"5940101"}),
    ],
)
def test_each_role_reads_exactly_its_scope(world: Any, username: str, expected: set[str]) -> None:
    assert visible_codes(username) == expected


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("opsadmin", EVERYTHING),
        ("admin.pattanitown", {"5940101"}),
        ("overseer.pattani", set()),
        ("overseer.dla", set()),
        ("screener", set()),
        ("assessor", set()),
        ("staff.pattanitown", set()),
    ],
)
def test_only_administrators_change_the_registry(
    world: Any, username: str, expected: set[str]
) -> None:
    assert visible_codes(username, change=True) == expected


def test_a_district_overseer_sees_its_soil_only(world: Any) -> None:
    user = User.objects.create_user("overseer.mueang", password="x")
    user.roles.create(role="overseer", organisation=world["D9401"])
    # Units standing in Mueang Pattani district; Yarang (9407) and the PAO (no district) are not.
    assert visible_codes("overseer.mueang") == {"D9401", "DLA-94", "5940101", "6940103", "PHO-94"}


def test_the_pattani_overseer_lists_pattani_units_and_no_others(client_as: Any) -> None:
    page = client_as("overseer.pattani").get("/registry/").content.decode()
    assert "เทศบาลเมืองปัตตานี" in page
    assert "สำนักงานสาธารณสุขจังหวัดปัตตานี" in page
    assert "เทศบาลนครเชียงใหม่" not in page


def test_the_dla_overseer_sees_its_units_nationwide_but_not_other_ministries(
    client_as: Any,
) -> None:
    page = client_as("overseer.dla").get("/registry/").content.decode()
    assert "เทศบาลเมืองปัตตานี" in page
    assert "เทศบาลนครเชียงใหม่" in page
    assert "สำนักงานสาธารณสุขจังหวัดปัตตานี" not in page


def _urls_of(world: Any, code: str) -> list[str]:
    org = world[code]
    centre = ServiceCentre.objects.filter(organisation=org).first()
    counter = Counter.objects.filter(centre=centre).first()
    urls = [f"/registry/{org.pk}/", f"/registry/{org.pk}/edit/", f"/registry/{org.pk}/centres/new/"]
    if centre:
        urls += [f"/registry/centres/{centre.pk}/", f"/registry/centres/{centre.pk}/edit/"]
        urls += [f"/registry/centres/{centre.pk}/counters/new/"]
    if counter:
        urls.append(f"/registry/counters/{counter.pk}/edit/")
    return urls


@pytest.mark.parametrize("username", ["screener", "assessor", "chair.team1"])
def test_screeners_and_assessors_read_no_registry(
    client_as: Any, world: Any, username: str
) -> None:
    """They read only the applications assigned to them: Pattani Town Municipality's
    organisation and centre pages answer 404, as if they did not exist."""
    client = client_as(username)
    for url in _urls_of(world, "5940101"):
        assert client.get(url).status_code == 404, url
    listing = client.get("/registry/").content.decode()
    assert "เทศบาลเมืองปัตตานี" not in listing


@pytest.mark.parametrize("username", ["overseer.pattani", "admin.pattanitown", "staff.pattanitown"])
def test_a_guessed_id_outside_the_scope_answers_404(
    client_as: Any, world: Any, username: str
) -> None:
    client = client_as(username)
    for url in _urls_of(world, "3500101"):  # Chiang Mai City Municipality
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name_th": "hijacked"}).status_code == 404, url
    assert not Organisation.objects.filter(name_th="hijacked").exists()


def test_an_overseer_reads_but_cannot_change_units_in_scope(client_as: Any, world: Any) -> None:
    client = client_as("overseer.pattani")
    urls = _urls_of(world, "5940101")
    page = client.get(urls[0])
    assert page.status_code == 200
    assert urls[1] not in page.content.decode()  # no Edit button
    for url in urls[1:]:
        if "/edit/" in url or "/new/" in url:
            # Read but not changed: refused, not hidden (it can see the unit exists).
            assert client.get(url).status_code == 403, url


def test_the_unit_administrator_edits_own_unit_but_not_its_supervisor(
    client_as: Any, world: Any
) -> None:
    client = client_as("admin.pattanitown")
    org = world["5940101"]
    response = client.post(
        f"/registry/{org.pk}/edit/", {"name_th": "เทศบาลเมืองปัตตานี", "name_en": "Pattani Town"}
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name_en == "Pattani Town"
    # The details form has no code, kind or parent: those stay as OPS PMO set them.
    assert org.parent == world["DLA-94"]
    assert client.get(f"/registry/{world['DLA-94'].pk}/").status_code == 404


def test_centre_staff_read_their_centre_and_change_nothing(client_as: Any, world: Any) -> None:
    client = client_as("staff.pattanitown")
    urls = _urls_of(world, "5940101")
    assert client.get(urls[0]).status_code == 200
    assert client.get(urls[3]).status_code == 200  # the centre page
    for url in urls:
        if "/edit/" in url or "/new/" in url:
            # Read but not changed: refused, not hidden (it can see the unit exists).
            assert client.get(url).status_code == 403, url


def test_staff_accounts_follow_the_same_scope(client_as: Any, world: Any) -> None:
    outsider = User.objects.create_user("staff.chiangmai", password="x")
    outsider.roles.create(role="centre_staff", organisation=world["3500101"])
    pattani = client_as("overseer.pattani")
    assert pattani.get(f"/staff/{outsider.pk}/").status_code == 404
    assert "staff.chiangmai" not in pattani.get("/staff/").content.decode()
    assert "staff.pattanitown" in pattani.get("/staff/").content.decode()
    assert client_as("overseer.chiangmai").get(f"/staff/{outsider.pk}/").status_code == 200


def test_an_inactive_account_has_no_scope(world: Any) -> None:
    User.objects.filter(username="opsadmin").update(is_active=False)
    assert visible_codes("opsadmin") == set()
