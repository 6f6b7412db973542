"""A member may not assess an application where they have a conflict of interest: the
assignment is refused and says who and why."""

from typing import Any

from accounts.models import Role, RoleAssignment, User
from certification.models import ConflictOfInterest
from certification.tests.factories_assess import (
    assessor,
    criteria,
    make_application,
    make_call,
    make_team,
    visited,
)


def test_an_assessor_declares_a_conflict(client_as: Any, world: Any) -> None:
    call = make_call()
    make_application(call)
    client = client_as("assessor")
    response = client.post(
        "/certification/conflicts/",
        {"organisation": world["5940101"].pk, "reason": "ญาติทำงานที่เทศบาล"},
    )
    assert response.status_code == 302
    assert ConflictOfInterest.objects.filter(
        user__username="assessor", organisation=world["5940101"]
    ).exists()
    page = client.get("/certification/conflicts/").content.decode()
    assert "ญาติทำงานที่เทศบาล" in page
    # Only assessors declare.
    assert client_as("admin.yarang").get("/certification/conflicts/").status_code == 403


def test_assignment_is_refused_when_a_member_declared_a_conflict(
    client_as: Any, world: Any
) -> None:
    call = make_call()
    application = make_application(call)
    team = make_team(call)
    ConflictOfInterest.objects.create(
        user=User.objects.get(username="expert1"),
        organisation=world["5940101"],
        reason="อดีตพนักงาน",
    )
    client = client_as("opsadmin")
    response = client.post(
        f"/certification/teams/{team.pk}/assign/", {"application": application.pk}, follow=True
    )
    page = response.content.decode()
    assert "expert1" in page and "ประกาศว่ามีส่วนได้เสีย" in page and "อดีตพนักงาน" in page
    application.refresh_from_db()
    assert application.team is None


def test_assignment_is_refused_when_a_member_belongs_to_the_applying_organisation(
    client_as: Any, world: Any
) -> None:
    call = make_call()
    application = make_application(call)
    team = make_team(call)
    RoleAssignment.objects.create(
        user=User.objects.get(username="expert1"),
        role=Role.CENTRE_STAFF,
        organisation=world["5940101"],
    )
    url = f"/certification/teams/{team.pk}/assign/"
    response = client_as("opsadmin").post(url, {"application": application.pk}, follow=True)
    page = response.content.decode()
    assert "expert1" in page and "มีบทบาทใน" in page and "หน่วยงานผู้สมัคร" in page
    application.refresh_from_db()
    assert application.team is None
    # A team without them is given it.
    other = make_team(call, chair="chair2", members=("expert2",))
    client_as("opsadmin").post(
        f"/certification/teams/{other.pk}/assign/", {"application": application.pk}
    )
    application.refresh_from_db()
    assert application.team == other


def test_seating_a_member_with_a_conflict_on_the_teams_application_is_refused(
    client_as: Any, world: Any
) -> None:
    call = make_call()
    application = make_application(call)
    team = make_team(call)
    client = client_as("opsadmin")
    client.post(f"/certification/teams/{team.pk}/assign/", {"application": application.pk})
    conflicted = assessor("conflicted")
    ConflictOfInterest.objects.create(user=conflicted, organisation=world["5940101"])
    response = client.post(
        f"/certification/teams/{team.pk}/members/", {"seat": "secretary", "user": conflicted.pk}
    )
    assert response.status_code == 422
    error = response.context["member_form"].errors["user"][0]
    assert "conflicted" in error and "เทศบาลเมืองปัตตานี" in error
    assert not team.members.filter(user=conflicted).exists()


def test_a_conflict_declared_after_the_team_got_the_application_stops_the_scoring(
    world: Any, client_as: Any
) -> None:
    application = visited()
    criterion = next(c for c in criteria(application) if c.is_scored)
    save = f"/certification/applications/{application.pk}/scorebook/save/"
    client = client_as("assessor")
    declared = client.post(
        "/certification/conflicts/",
        {"organisation": application.centre.organisation_id, "reason": "พี่ชายเป็นนายกเทศมนตรี"},
    )
    assert declared.status_code == 302
    refused = client.post(save, {"criterion": criterion.pk, "revision": "0", "points": "1"})
    assert refused.status_code == 403
    assert not application.scores.exists()
