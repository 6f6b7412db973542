"""A username is saved as one signs in with it (NFKC), and one that is another account's
name in other letters is refused with the field named, never a server error."""

from typing import Any

import pytest
from django.test import Client

from accounts import services
from accounts.models import User
from accounts.tests.test_staff import NEW_ACCOUNT

TAKEN = "ชื่อผู้ใช้: ชื่อผู้ใช้นี้มีบัญชีอื่นใช้อยู่แล้ว"


def new_account(client: Client, world: Any, username: str) -> Any:
    data = {
        **NEW_ACCOUNT,
        "username": username,
        "role-role": "centre_staff",
        "role-organisation": world["5940101"].pk,
    }
    return client.post("/staff/new/", data)


def as_admin(client_as: Any) -> Client:
    client: Client = client_as("admin.pattanitown")
    client.raise_request_exception = False
    return client


def test_a_full_width_name_is_saved_as_one_signs_in_with_it(client_as: Any, world: Any) -> None:
    response = new_account(as_admin(client_as), world, "ｃｌｅｒｋ.pattanitown")
    assert response.status_code == 302
    assert User.objects.filter(username="clerk.pattanitown").exists()
    signed_in = Client().post(
        "/login/", {"username": "ｃｌｅｒｋ.pattanitown", "password": NEW_ACCOUNT["password"]}
    )
    assert signed_in.status_code == 302  # the sign-in form reads the name in NFKC too


def test_the_same_full_width_name_twice_is_refused_the_second_time(
    client_as: Any, world: Any
) -> None:
    client = as_admin(client_as)
    assert new_account(client, world, "ｃｌｅｒｋ").status_code == 302
    response = new_account(client, world, "ｃｌｅｒｋ")
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert User.objects.filter(username__iexact="clerk").count() == 1


@pytest.mark.parametrize(
    "username",
    ["Admin.PattaniTown", "ADMIN.PATTANITOWN", "ａｄｍｉｎ.pattanitown", "Ａdmin.pattanitown"],
)
def test_another_accounts_name_in_other_letters_is_refused(
    client_as: Any, world: Any, username: str
) -> None:
    response = new_account(as_admin(client_as), world, username)
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert User.objects.filter(username__iexact="admin.pattanitown").count() == 1


def test_renaming_onto_a_colleagues_name_is_refused_but_ones_own_capitals_may_change(
    client_as: Any, world: Any
) -> None:
    client = as_admin(client_as)
    staff = User.objects.get(username="staff.pattanitown")
    data = {"username": "Admin.PattaniTown", "first_name": "ก", "last_name": "ข", "is_active": "on"}
    response = client.post(f"/staff/{staff.pk}/edit/", data)
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    response = client.post(f"/staff/{staff.pk}/edit/", {**data, "username": "Ｓtaff.PattaniTown"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.username == "Staff.PattaniTown"


def test_the_services_save_the_normalised_name(world: Any) -> None:
    ops = User.objects.get(username="opsadmin")
    account = services.create_account(actor=ops, data={"username": "ｆｉｓｈ"}, password="x" * 12)
    assert User.objects.get(pk=account.pk).username == "fish"
    services.update_account(actor=ops, account=account, data={"username": "ﬁsh.two"})
    assert User.objects.get(pk=account.pk).username == "fish.two"


@pytest.mark.parametrize("q", ["\x00", "admin\x00", "ก\x00ข"])
def test_a_search_with_a_null_character_finds_nobody(client_as: Any, q: str) -> None:
    client = as_admin(client_as)
    response = client.get("/staff/", {"q": q})
    assert response.status_code == 200
    assert "staff.pattanitown" not in response.content.decode()
    assert "staff.pattanitown" in client.get("/staff/", {"q": "staff"}).content.decode()
