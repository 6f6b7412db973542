"""Each member fills a scorebook, saved criterion by criterion as it is typed; a stale
save is refused rather than overwriting; the page works without JavaScript."""

from decimal import Decimal
from typing import Any

from django.test import Client

from accounts.models import User
from certification.assessment_selectors import assessments_for
from certification.models import Score
from certification.tests.factories_assess import criteria, fill, make_call, visited


def _scored(application: Any) -> Any:
    return next(c for c in criteria(application) if c.is_scored)


def _basic(application: Any) -> Any:
    return next(c for c in criteria(application) if not c.is_scored)


def _save(client: Client, application: Any, **data: Any) -> Any:
    return client.post(f"/certification/applications/{application.pk}/scorebook/save/", data)


def test_a_member_saves_one_field_at_a_time(client_as: Any, world: Any) -> None:
    application = visited()
    criterion = _scored(application)  # S1.1, up to 8 points
    client = client_as("assessor")
    first = _save(client, application, criterion=criterion.pk, revision=0, points="6.5")
    assert first.status_code == 200
    assert first.json()["revision"] == 1
    assert first.json()["status"].startswith("บันทึกแล้ว ")
    assert first.json()["progress"] == "กรอกแล้ว 1 จาก 18 เกณฑ์"
    second = _save(client, application, criterion=criterion.pk, revision=1, strengths="ป้ายชัดเจน")
    assert second.json()["revision"] == 2
    score = Score.objects.get(criterion=criterion, member__user__username="assessor")
    assert (score.points, score.strengths, score.revision) == (Decimal("6.5"), "ป้ายชัดเจน", 2)
    basic = _basic(application)
    assert _save(client, application, criterion=basic.pk, revision=0, met="yes").status_code == 200
    assert Score.objects.get(criterion=basic, member__isnull=False).met is True
    page = client.get(f"/certification/applications/{application.pk}/scorebook/").content.decode()
    assert "กรอกแล้ว 2 จาก 18 เกณฑ์" in page
    assert "บันทึกแล้ว" in page and "ยังไม่ได้กรอก" in page
    assert 'src="/static/certification/scorebook.js"' in page


def test_a_score_outside_the_range_is_refused_naming_the_criterion(
    client_as: Any, world: Any
) -> None:
    application = visited()
    criterion = _scored(application)
    client = client_as("assessor")
    for bad in ("8.01", "-1", "abc", "7.125", "NaN", "1e3"):
        response = _save(client, application, criterion=criterion.pk, revision=0, points=bad)
        assert response.status_code == 422, bad
        assert response.json()["message"] == (
            f"คะแนนของ {criterion.code}: ตัวเลขตั้งแต่ 0 ถึง 8 ทศนิยมไม่เกินสองตำแหน่ง"
        )
    assert not Score.objects.exists()
    # Thai digits are numbers too.
    thai = _save(client, application, criterion=criterion.pk, revision=0, points="๗")
    assert thai.status_code == 200
    assert Score.objects.get().points == Decimal("7")


def test_a_stale_save_is_refused_rather_than_overwriting(client_as: Any, world: Any) -> None:
    application = visited()
    criterion = _scored(application)
    client = client_as("assessor")
    _save(client, application, criterion=criterion.pk, revision=0, points="5")
    _save(client, application, criterion=criterion.pk, revision=1, points="6")  # another tab
    stale = _save(client, application, criterion=criterion.pk, revision=1, points="2")
    assert stale.status_code == 409
    assert "ถูกแก้ไขโดยผู้อื่นหลังจากที่ท่านเปิดหน้านี้" in stale.json()["message"]
    assert stale.json()["current"]["points"] == "6.00"
    assert Score.objects.get().points == Decimal("6")
    # The same value again from a stale copy changes nothing and is no conflict.
    same = _save(client, application, criterion=criterion.pk, revision=1, points="6")
    assert same.status_code == 200


def test_without_javascript_the_whole_book_is_saved_with_the_button_all_or_nothing(
    client_as: Any, world: Any
) -> None:
    application = visited()
    scored, basic = _scored(application), _basic(application)
    client = client_as("assessor")
    url = f"/certification/applications/{application.pk}/scorebook/"
    bad = client.post(
        url,
        {
            f"c{basic.pk}-met": "yes",
            f"c{basic.pk}-revision": "0",
            f"c{scored.pk}-points": "99",
            f"c{scored.pk}-revision": "0",
        },
    )
    assert bad.status_code == 422
    page = bad.content.decode()
    assert "ยังไม่ได้บันทึกสิ่งใด" in page and "ตัวเลขตั้งแต่ 0 ถึง 8" in page
    assert 'value="99"' in page  # what was typed is still there
    assert not Score.objects.exists()
    good = client.post(
        url,
        {
            f"c{basic.pk}-met": "yes",
            f"c{basic.pk}-revision": "0",
            f"c{scored.pk}-points": "7",
            f"c{scored.pk}-strengths": "บริการรวดเร็ว",
            f"c{scored.pk}-revision": "0",
        },
    )
    assert good.status_code == 302
    assert Score.objects.count() == 2


def test_an_assessor_sees_only_their_teams_applications(client_as: Any, world: Any) -> None:
    call = make_call()
    mine = visited(call)
    from certification import assessment
    from certification.tests.factories_assess import make_application, make_team

    other_app = make_application(call, org_code="5941001")
    other_team = make_team(call, chair="chair2", members=("expert2",))
    ops = User.objects.get(username="opsadmin")
    assessment.assign_team(actor=ops, application=other_app, team=other_team)
    client = client_as("assessor")
    listing = client.get("/certification/assessments/").content.decode()
    assert mine.centre.name_th in listing
    assert other_app.centre.name_th not in listing
    # A guessed id of another team's application: nothing there.
    for suffix in ("scorebook/", "consensus/"):
        assert client.get(f"/certification/applications/{other_app.pk}/{suffix}").status_code == 404
    guessed = _save(client, other_app, criterion=_scored(other_app).pk, revision=0, points="1")
    assert guessed.status_code == 404
    # The other team's chair does read it.
    other = client_as("chair2")
    assert other.get(f"/certification/applications/{other_app.pk}/scorebook/").status_code == 200
    assert Score.objects.filter(application=other_app).count() == 0


def test_the_units_own_administrator_reads_but_cannot_score(client_as: Any, world: Any) -> None:
    application = visited()
    client = client_as("admin.pattanitown")
    assert client.get(f"/certification/applications/{application.pk}/scorebook/").status_code == 403
    response = _save(client, application, criterion=_scored(application).pk, revision=0, points="8")
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_the_assessments_list_has_a_fixed_number_of_queries(
    client_as: Any, world: Any, django_assert_max_num_queries: Any
) -> None:
    call = make_call()
    visited(call)
    client = client_as("assessor")
    with django_assert_max_num_queries(12):
        assert client.get("/certification/assessments/").status_code == 200


def test_hostile_saves_are_refused_never_a_server_error(client_as: Any, world: Any) -> None:
    application = visited()
    scored, basic = _scored(application), _basic(application)
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="assessor"))
    hostile = ["²", "٣", str(2**31), str(2**63), "NaN", "1e999", "-0", "\x00", "ก" * 6000, ""]
    for value in hostile:
        for data in (
            {"criterion": value, "revision": "0", "points": "1"},
            {"criterion": scored.pk, "revision": value, "points": "1"},
            {"criterion": scored.pk, "revision": "0", "points": value},
            {"criterion": scored.pk, "revision": "0", "strengths": value},
            {"criterion": basic.pk, "revision": "0", "met": value},
        ):
            response = _save(client, application, **data)
            assert response.status_code in (200, 409, 422), (data, response.status_code)
    # Only what a person could type in range was kept.
    assert all(s.points is None or 0 <= s.points <= 8 for s in Score.objects.all())


def test_the_audit_trail_names_a_score_by_its_criterion_and_whose_it_is(world: Any) -> None:
    from audit.models import AuditEvent

    application = visited()
    fill(application, "assessor")
    code = criteria(application)[0].code
    member = application.team.members.get(user__username="assessor")
    reprs = set(
        AuditEvent.objects.filter(object_type="certification.score").values_list(
            "object_repr", flat=True
        )
    )
    assert f"{code} · {member.name}" in reprs
    assert not any("None" in text for text in reprs)


def test_an_assessor_sees_this_years_work_first(world: Any, client_as: Any) -> None:
    older = visited(call=make_call(fiscal_year=2565))
    newer = visited(call=make_call(fiscal_year=2566))
    selected = assessments_for(User.objects.get(username="assessor"))
    assert list(selected) == [newer, older]
