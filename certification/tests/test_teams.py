"""OPS PMO numbers the teams of a call and seats their members."""

from typing import Any

from accounts.models import User
from audit.models import AuditEvent
from certification.models import AssessmentTeam, TeamMember
from certification.tests.factories_assess import assessor, make_call


def test_ops_pmo_numbers_teams_and_seats_assessors_and_an_outside_expert(
    client_as: Any, world: Any
) -> None:
    call = make_call()
    client = client_as("opsadmin")
    first = client.post(f"/certification/calls/{call.pk}/teams/new/")
    second = client.post(f"/certification/calls/{call.pk}/teams/new/")
    assert first.status_code == second.status_code == 302
    assert list(call.teams.values_list("number", flat=True)) == [1, 2]
    team = call.teams.get(number=1)
    chair = User.objects.get(username="assessor")
    response = client.post(
        f"/certification/teams/{team.pk}/members/", {"seat": "chair", "user": chair.pk}
    )
    assert response.status_code == 302
    client.post(
        f"/certification/teams/{team.pk}/members/",
        {"seat": "opdc", "outside_name": "ดร.สมชาย ภายนอก"},
    )
    page = client.get(f"/certification/teams/{team.pk}/").content.decode()
    assert "คณะผู้ตรวจประเมินที่ 1" in page
    assert "ประเสริฐ" in page and "ดร.สมชาย ภายนอก" in page
    assert AuditEvent.objects.filter(object_type="certification.teammember").count() == 2
    listing = client.get(f"/certification/calls/{call.pk}/teams/").content.decode()
    assert "คณะผู้ตรวจประเมินที่ 2" in listing


def test_an_account_without_the_assessor_role_is_refused_naming_the_field(
    client_as: Any, world: Any
) -> None:
    team = AssessmentTeam.objects.create(call=make_call(), number=1)
    screener = User.objects.get(username="screener")
    response = client_as("opsadmin").post(
        f"/certification/teams/{team.pk}/members/", {"seat": "expert", "user": screener.pk}
    )
    assert response.status_code == 422
    errors = response.context["member_form"].errors
    assert "ไม่มีบทบาทผู้ตรวจประเมิน" in errors["user"][0]
    assert not team.members.exists()


def test_a_member_is_an_account_or_a_name_and_a_team_has_one_chair(world: Any) -> None:
    from django.core.exceptions import ValidationError

    from certification import assessment

    ops = User.objects.get(username="opsadmin")
    team = AssessmentTeam.objects.create(call=make_call(), number=1)
    assessment.add_member(actor=ops, team=team, seat="chair", user=assessor("assessor"))
    cases: list[tuple[dict[str, Any], str]] = [
        ({"seat": "chair", "user": assessor("second")}, "seat"),
        ({"seat": "expert"}, "user"),
        ({"seat": "expert", "user": assessor("x1"), "outside_name": "นาย ก"}, "outside_name"),
        ({"seat": "expert", "user": assessor("assessor")}, "user"),
    ]
    for kwargs, field in cases:
        try:
            assessment.add_member(actor=ops, team=team, **kwargs)
        except ValidationError as error:
            assert field in error.message_dict, kwargs
        else:
            raise AssertionError(f"{kwargs} was accepted")
    assert team.members.count() == 1


def test_a_member_is_taken_off_until_they_have_scored(client_as: Any, world: Any) -> None:
    team = AssessmentTeam.objects.create(call=make_call(), number=1)
    member = TeamMember.objects.create(team=team, seat="expert", outside_name="นาย ข")
    response = client_as("opsadmin").post(
        f"/certification/teams/{team.pk}/members/{member.pk}/remove/"
    )
    assert response.status_code == 302
    assert not team.members.exists()


def test_only_ops_pmo_runs_teams(client_as: Any, world: Any) -> None:
    call = make_call()
    for persona in ("assessor", "screener", "admin.pattanitown"):
        client = client_as(persona)
        assert client.post(f"/certification/calls/{call.pk}/teams/new/").status_code == 403
        assert client.get(f"/certification/calls/{call.pk}/teams/").status_code == 403
    assert not call.teams.exists()


def test_the_teams_page_has_a_fixed_number_of_queries(
    client_as: Any, world: Any, django_assert_max_num_queries: Any
) -> None:
    from certification.tests.factories_assess import make_team

    call = make_call()
    for n in range(3):
        make_team(call, chair=f"chair{n}", members=(f"expert{n}",))
    client = client_as("opsadmin")
    with django_assert_max_num_queries(10):
        assert client.get(f"/certification/calls/{call.pk}/teams/").status_code == 200
