from typing import Any

from accounts.models import RoleAssignment, User
from audit.models import AuditEvent

NEW_ACCOUNT = {
    "username": "clerk.pattanitown",
    "first_name": "มารีนา",
    "last_name": "สะมะแอ",
    "email": "clerk@pattani.example",
    "position": "นักวิชาการ",
    "phone": "073-000000",
    "is_active": "on",
    "password": "counter-desk-2569",
}


def test_a_unit_administrator_adds_a_colleague_to_their_own_unit(
    client_as: Any, world: Any
) -> None:
    client = client_as("admin.pattanitown")
    data = {**NEW_ACCOUNT, "role-role": "centre_staff", "role-organisation": world["5940101"].pk}
    response = client.post("/staff/new/", data)
    assert response.status_code == 302
    account = User.objects.get(username="clerk.pattanitown")
    assert account.check_password("counter-desk-2569")
    assert [(r.role, r.organisation.code) for r in account.roles.all()] == [
        ("centre_staff", "5940101")
    ]
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(account.pk))
    assert event.actor_label == "admin.pattanitown"
    assert "password" not in event.changes  # secrets stay out of the trail


def test_a_unit_administrator_cannot_grant_more_than_their_own_powers(
    client_as: Any, world: Any
) -> None:
    client = client_as("admin.pattanitown")
    for role, org in [
        ("ops_admin", "5940101"),
        ("overseer", "5940101"),
        ("centre_staff", "3500101"),
    ]:
        data = {**NEW_ACCOUNT, "role-role": role, "role-organisation": world[org].pk}
        page = client.post("/staff/new/", data)
        assert page.status_code == 200, (role, org)
        assert 'id="id_role-' in page.content.decode()
    assert not User.objects.filter(username="clerk.pattanitown").exists()  # nothing half-saved


def test_a_unit_administrator_cannot_take_over_an_account_with_roles_elsewhere(
    client_as: Any, world: Any
) -> None:
    ops = User.objects.get(username="opsadmin")
    # Even if the OPS PMO administrator also works at Pattani Town…
    RoleAssignment.objects.create(user=ops, role="centre_staff", organisation=world["5940101"])
    client = client_as("admin.pattanitown")
    assert client.get(f"/staff/{ops.pk}/").status_code == 200  # a colleague, visible
    # Seen, so refused rather than hidden.
    assert client.get(f"/staff/{ops.pk}/edit/").status_code == 403
    assert client.post(f"/staff/{ops.pk}/edit/", {"username": "x"}).status_code == 403
    ops.refresh_from_db()
    assert ops.username == "opsadmin"


def test_granting_and_removing_roles_is_audited(client_as: Any, world: Any) -> None:
    staff = User.objects.get(username="staff.pattanitown")
    client = client_as("opsadmin")
    response = client.post(
        f"/staff/{staff.pk}/roles/",
        {"role-role": "assessor", "role-organisation": world["OPSPMO"].pk},
    )
    assert response.status_code == 302
    granted = staff.roles.get(role="assessor")
    client.post(f"/staff/{staff.pk}/roles/{granted.pk}/revoke/")
    assert not staff.roles.filter(role="assessor").exists()
    actions = list(
        AuditEvent.objects.filter(object_type="accounts.roleassignment").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "delete"]


def test_overseers_and_staff_cannot_manage_accounts(client_as: Any) -> None:
    for username in ["overseer.pattani", "staff.pattanitown", "screener"]:
        client = client_as(username)
        assert client.get("/staff/new/").status_code == 403, username
    staff = User.objects.get(username="staff.pattanitown")
    assert client_as("overseer.pattani").get(f"/staff/{staff.pk}/edit/").status_code == 403


def test_a_bad_email_is_refused_with_the_field_named(client_as: Any, world: Any) -> None:
    client = client_as("opsadmin")
    data = {
        **NEW_ACCOUNT,
        "email": "not-an-address",
        "role-role": "assessor",
        "role-organisation": world["OPSPMO"].pk,
    }
    page = client.post("/staff/new/", data).content.decode()
    assert "อีเมล: " in page  # the field's label leads the message
    assert not User.objects.filter(username="clerk.pattanitown").exists()
