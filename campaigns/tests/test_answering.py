"""An organisation answers a campaign: its list of surveys to answer, the questionnaire
kept as a draft and sent once by its administrator, read by the others (issue 13 §1)."""

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from campaigns import answering
from campaigns.models import Campaign, Response, Target
from campaigns.tests import factories_answering as f
from saduak.problems import Incomplete
from thaicalendar import dates


@pytest.fixture
def campaign(world: Any) -> Campaign:
    return f.launched()


@pytest.fixture
def target(campaign: Campaign) -> Target:
    return f.town(campaign)


def url(target: Target) -> str:
    return f"/campaigns/asked/{target.pk}/"


def page(response: Any) -> str:
    return str(response.content.decode())


def test_the_list_shows_each_survey_its_state_close_date_and_answer(
    client_as: Any, campaign: Campaign, target: Target, django_assert_max_num_queries: Any
) -> None:
    other = f.launched(title="สำรวจความพร้อม", opens_in=-30, closes_in=-1)
    admin = User.objects.get(username="admin.pattanitown")
    answering.save_draft(user=admin, target=target, data=f.form(), revision=0)
    client = client_as("admin.pattanitown")
    with django_assert_max_num_queries(12):
        html = page(client.get("/campaigns/asked/"))
    assert "สำรวจความต้องการสิ่งจูงใจ ปี 2569" in html and "สำรวจความพร้อม" in html
    assert "บันทึกร่างเมื่อ" in html  # the draft
    assert "ยังไม่ได้ตอบ" in html  # the closed one, never answered
    assert dates.format_date(campaign.closes_on) in html
    assert "ปิดรับคำตอบแล้ว" in html and "เปิดรับคำตอบ" in html
    assert url(target) in html and url(f.town(other)) in html
    # Many more surveys cost no more queries.
    for n in range(5):
        f.launched(title=f"สำรวจ {n}")
    with django_assert_max_num_queries(12):
        client.get("/campaigns/asked/")


def test_the_questionnaire_is_a_form_of_every_kind(client_as: Any, target: Target) -> None:
    html = page(client_as("admin.pattanitown").get(url(target)))
    assert "<legend>ส่วนที่ 1 สิ่งจูงใจ</legend>" in html
    assert 'type="checkbox" name="q-wanted" value="budget"' in html
    assert 'type="radio" name="q-paid_or_free"' in html
    assert 'type="radio" name="q-motivation" value="5"' in html and "5 มากที่สุด" in html
    assert '<select name="q-most_wanted-3"' in html and "อันดับ 3" in html
    assert 'inputmode="decimal" name="q-budget_needed"' in html and "บาท" in html
    assert '<textarea name="q-suggestions"' in html
    assert "<script>" not in html  # works without script


def test_a_draft_is_kept_and_shown_again(client_as: Any, target: Target) -> None:
    client = client_as("admin.pattanitown")
    sent = client.post(
        url(target), {"q-wanted": ["points"], "q-level": "basic", "revision": "0", "action": "save"}
    )
    assert sent.status_code == 302
    response = Response.objects.get(target=target)
    assert response.answers == {"wanted": ["points"], "level": "basic"}
    assert response.state == "draft" and response.revision == 1
    html = page(client.get(url(target)))
    assert 'value="points" checked' in html and 'value="basic" checked' in html
    assert "บันทึกร่างล่าสุดโดย" in html
    event = AuditEvent.objects.get(object_type="campaigns.response")
    assert event.action == "create" and event.actor.username == "admin.pattanitown"
    assert event.changes["answers"] == [None, {"wanted": ["points"], "level": "basic"}]


def test_send_asks_to_confirm_then_is_final(client_as: Any, target: Target) -> None:
    client = client_as("admin.pattanitown")
    confirm = client.post(url(target), {**f.COMPLETE, "revision": "0", "action": "send"})
    html = page(confirm)
    assert confirm.status_code == 200 and "ส่งแบบสำรวจนี้หรือไม่" in html
    assert "250,000 บาท" in html  # what will be sent, as people read it
    assert not Response.objects.exists()  # nothing saved until confirmed
    done = client.post(url(target), {**f.COMPLETE, "revision": "0", "action": "confirm"})
    assert done.status_code == 302
    response = Response.objects.get(target=target)
    admin_id = response.sent_by_id
    target.refresh_from_db()
    assert response.is_sent and response.sent_by.username == "admin.pattanitown"
    assert response.sent_on == dates.bangkok_today()
    assert target.answered_at == response.sent_at
    assert response.answers["budget_needed"] == "250000"
    event = AuditEvent.objects.get(object_type="campaigns.response")
    assert event.changes["state"] == [None, "sent"] and event.changes["sent_by_id"][1] == admin_id
    html = page(client.get(url(target)))
    assert "ส่งโดย รอฮานี ผู้ดูแลหน่วยงาน" in html
    assert response.sent_at and dates.format_datetime(response.sent_at) in html
    assert '<form method="post" novalidate>' not in html  # read only now
    again = client.post(url(target), {**f.COMPLETE, "revision": "1", "action": "confirm"})
    assert again.status_code == 400
    assert "ส่งแล้วโดย รอฮานี ผู้ดูแลหน่วยงาน" in page(again)


def test_a_send_with_missing_answers_shows_each_on_its_question(
    client_as: Any, target: Target
) -> None:
    form = f.form(**{"q-level": ""})
    response = client_as("admin.pattanitown").post(
        url(target), {**form, "revision": "0", "action": "send"}
    )
    html = page(response)
    assert response.status_code == 400
    assert 'id="q-level-e">กรุณาตอบข้อนี้' in html
    assert 'aria-describedby="q-level-e"' in html
    assert 'href="#q-level"' in html  # the summary at the top links to it
    assert 'value="budget" checked' in html  # what was typed is still there
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("changes", "question", "message"),
    [
        ({"q-paid_or_free": "cheap"}, "q-paid_or_free", "กรุณาเลือกจากตัวเลือกที่กำหนดเท่านั้น"),
        ({"q-most_wanted-2": "budget"}, "q-most_wanted", "ตัวเลือกหนึ่งใส่ได้เพียงอันดับเดียว"),
        ({"q-budget_needed": "มาก"}, "q-budget_needed", "กรุณากรอกตัวเลข"),
    ],
)
def test_an_answer_not_offered_is_refused_and_nothing_saved(
    client_as: Any, target: Target, changes: dict[str, str], question: str, message: str
) -> None:
    response = client_as("admin.pattanitown").post(
        url(target), {**f.form(**changes), "revision": "0", "action": "save"}
    )
    html = page(response)
    assert response.status_code == 400
    assert f'id="{question}-e">{message}' in html
    assert not Response.objects.exists()


def test_a_stale_draft_is_refused_showing_theirs_and_keeping_yours(
    client_as: Any, target: Target
) -> None:
    other = f.second_admin()
    answering.save_draft(user=other, target=target, data={"q-level": "excellent"}, revision=0)
    client = client_as("admin.pattanitown")
    response = client.post(url(target), {"q-level": "basic", "revision": "0", "action": "save"})
    html = page(response)
    assert response.status_code == 409
    assert "มีผู้อื่นบันทึกแบบสำรวจนี้ในระหว่างนั้น" in html
    assert "ฟาตีมะห์ ผู้ดูแลที่สอง" in html and "ระดับเป็นเลิศ" in html  # theirs
    assert 'value="basic" checked' in html  # yours, still in the form
    assert 'name="revision" value="1"' in html
    assert Response.objects.get(target=target).answers == {"level": "excellent"}


@pytest.mark.parametrize(
    ("opens_in", "closes_in", "message"),
    [(-20, -1, "แบบสำรวจนี้ปิดรับเมื่อ"), (3, 10, "แบบสำรวจนี้เปิดรับคำตอบวันที่")],
)
def test_a_campaign_not_open_takes_no_answer(
    client_as: Any, world: Any, opens_in: int, closes_in: int, message: str
) -> None:
    target = f.town(f.launched(opens_in=opens_in, closes_in=closes_in))
    client = client_as("admin.pattanitown")
    html = page(client.get(url(target)))
    assert "แบบสำรวจนี้ไม่รับคำตอบในขณะนี้" in html
    response = client.post(url(target), {**f.COMPLETE, "revision": "0", "action": "confirm"})
    assert response.status_code == 400
    assert message in page(response)
    assert not Response.objects.exists()


def test_a_campaign_closed_while_the_form_was_open_refuses_the_draft_with_its_day(
    client_as: Any, campaign: Campaign, target: Target
) -> None:
    client = client_as("admin.pattanitown")
    client.get(url(target))
    Campaign.objects.filter(pk=campaign.pk).update(closed_at=timezone.now())
    response = client.post(url(target), {"q-level": "basic", "revision": "0", "action": "save"})
    assert response.status_code == 400
    assert f"แบบสำรวจนี้ปิดรับเมื่อ {dates.format_date(dates.bangkok_today())}" in page(response)


def test_readers_see_the_draft_but_do_not_answer(client_as: Any, target: Target) -> None:
    admin = User.objects.get(username="admin.pattanitown")
    answering.save_draft(user=admin, target=target, data={"q-level": "basic"}, revision=0)
    for persona in ("staff.pattanitown", "overseer.pattani", "overseer.dla"):
        client = client_as(persona)
        html = page(client.get(url(target)))
        assert "ระดับพื้นฐาน" in html and 'name="action"' not in html, persona
        response = client.post(url(target), {"q-level": "advanced", "revision": "1"})
        assert response.status_code == 403, persona
    assert client_as("admin.yarang").get(url(target)).status_code == 404
    assert Response.objects.get(target=target).answers == {"level": "basic"}


def test_a_staff_survey_shows_the_units_people_their_link_and_the_count_only(
    client_as: Any, world: Any
) -> None:
    target = f.town(f.launched(audience=Campaign.Audience.STAFF))
    Response.objects.create(
        campaign=target.campaign,
        target=target,
        questionnaire=target.campaign.questionnaire,
        anonymous=True,
        answers={"level": "excellent"},
        state="sent",
    )
    html = page(client_as("admin.pattanitown").get(url(target)))
    assert f"/s/{target.staff_code}/" in html
    assert "ตอบแล้ว 1 คน" in html
    assert "ระดับเป็นเลิศ" not in html
    # The unit's staff are the ones who answer; its overseer reads the count only.
    staff = page(client_as("staff.pattanitown").get(url(target)))
    assert f"/s/{target.staff_code}/" in staff and "ตอบแล้ว 1 คน" in staff
    overseer = page(client_as("overseer.pattani").get(url(target)))
    assert f"/s/{target.staff_code}/" not in overseer and "ตอบแล้ว 1 คน" in overseer


def test_the_home_page_lists_open_surveys_to_answer(client_as: Any, target: Target) -> None:
    f.launched(title="สำรวจที่ปิดแล้ว", opens_in=-30, closes_in=-2)
    html = page(client_as("admin.pattanitown").get("/"))
    assert "แบบสำรวจที่ต้องตอบ" in html
    assert url(target) in html and "ยังไม่ได้ตอบ" in html
    assert "สำรวจที่ปิดแล้ว" not in html
    assert "แบบสำรวจที่ต้องตอบ" not in page(client_as("clerk.dla").get("/"))


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database refuses a second writer instead of"
    " making it wait; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_administrators_sending_at_once_make_one_response(world: Any) -> None:
    target = f.town(f.launched())
    f.second_admin()
    start = threading.Barrier(2)
    pages: dict[str, tuple[int, str]] = {}
    errors: list[BaseException] = []

    def send(username: str) -> None:
        try:
            client = Client()
            assert client.login(username=username, password="saduak-demo-2569")
            form = {**f.COMPLETE, "revision": "0", "action": "confirm"}
            start.wait()
            response = client.post(url(target), form)
            pages[username] = (response.status_code, response.content.decode())
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(u,))
        for u in ("admin.pattanitown", "admin2.pattanitown")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Response.objects.filter(target=target).count() == 1
    response = Response.objects.get(target=target)
    assert response.is_sent
    statuses = sorted(status for status, _html in pages.values())
    assert statuses == [302, 400]
    loser = next(html for status, html in pages.values() if status == 400)
    assert f"ส่งแล้วโดย {answering.person(response.sent_by)}" in loser
    assert response.sent_at and dates.format_datetime(response.sent_at) in loser


def test_the_service_refuses_a_second_send(target: Target) -> None:
    admin = User.objects.get(username="admin.pattanitown")
    answering.send(user=admin, target=target, data=f.form(), revision=0)
    with pytest.raises(Incomplete) as refused:
        answering.send(user=admin, target=target, data=f.form(), revision=0)
    assert "ส่งแล้วโดย" in refused.value.problems[0].message
    assert Response.objects.filter(target=target).count() == 1
    answered_at = Target.objects.get(pk=target.pk).answered_at
    assert answered_at and timezone.now() - answered_at < timedelta(minutes=1)
