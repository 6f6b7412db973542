"""Building a campaign: its owner creates it, changes its own questionnaire version by
version, chooses whom to ask, launches it once and may close it early."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from audit.models import AuditEvent
from campaigns import building
from campaigns import questionnaire as qn
from campaigns.models import Campaign, Questionnaire, Target
from campaigns.tests import factories_build as make
from correspondence.recipients import CHOSEN, OVERSEEN, PROVINCE, Group
from registry.models import Organisation
from saduak.problems import Incomplete
from thaicalendar import dates

pytestmark = pytest.mark.django_db


def _bangkok(day: Any) -> str:
    return dates.format_date(day, style="numeric")


def _details(**changes: Any) -> dict[str, Any]:
    today = dates.bangkok_today()
    return {
        "title_th": "สำรวจความต้องการ",
        "title_en": "",
        "purpose_th": "",
        "purpose_en": "",
        "audience": "organisations",
        "opens_on": _bangkok(today),
        "closes_on": _bangkok(today + timedelta(days=14)),
        "start": "incentive-needs",
        **changes,
    }


# --- creating --------------------------------------------------------------------------


def test_a_new_campaign_gets_its_own_copy_of_the_template(client_as: Any, world: Any) -> None:
    dla = Organisation.objects.get(code="DLA")
    client = client_as("overseer.dla")
    page = client.get("/campaigns/new/").content.decode()
    assert f'value="{dla.pk}" checked' in page or f'value="{dla.pk}" selected' in page
    response = client.post("/campaigns/new/", {**_details(), "owner": dla.pk})
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert response["Location"] == f"/campaigns/{campaign.pk}/"
    assert campaign.owner == dla and campaign.state == Campaign.State.DRAFT
    assert (campaign.questionnaire.code, campaign.questionnaire.version) == (
        f"campaign-{campaign.pk}",
        1,
    )
    template = qn.template("incentive-needs")
    assert qn.questions(campaign.questionnaire.content) == qn.questions(template.content)
    assert AuditEvent.objects.filter(action="campaign.create", object_id=str(campaign.pk)).exists()


def test_a_blank_campaign_starts_with_one_empty_section(world: Any) -> None:
    campaign = make.draft(start=building.BLANK)
    content = campaign.questionnaire.content
    assert len(content["sections"]) == 1 and qn.questions(content) == []


def test_bad_dates_are_named_and_what_was_typed_comes_back(client_as: Any, world: Any) -> None:
    dla = Organisation.objects.get(code="DLA")
    today = dates.bangkok_today()
    response = client_as("overseer.dla").post(
        "/campaigns/new/",
        {
            **_details(title_th="สำรวจที่ยังไม่บันทึก"),
            "owner": dla.pk,
            "opens_on": _bangkok(today + timedelta(days=5)),
            "closes_on": _bangkok(today + timedelta(days=1)),
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "สำรวจที่ยังไม่บันทึก" in page
    assert "วันปิดรับคำตอบ" in page  # the field is named
    assert not Campaign.objects.exists()


def test_an_owner_the_account_does_not_run_is_refused_on_the_form(
    client_as: Any, world: Any
) -> None:
    dla = Organisation.objects.get(code="DLA")
    response = client_as("overseer.pattani").post(
        "/campaigns/new/", {**_details(), "owner": dla.pk}
    )
    assert response.status_code == 400
    assert not Campaign.objects.exists()


# --- the list and the hub ------------------------------------------------------------------


def test_the_list_shows_each_campaign_without_a_query_per_row(
    client_as: Any, world: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        make.draft(title_th=f"สำรวจที่ {n}")
    make.launched(make.draft(title_th="สำรวจที่เปิดแล้ว"))
    client = client_as("overseer.dla")
    client.get("/campaigns/")
    with django_assert_max_num_queries(12):
        page = client.get("/campaigns/").content.decode()
    assert "สำรวจที่ 4" in page and "สำรวจที่เปิดแล้ว" in page
    assert "ร่าง" in page and "/campaigns/new/" in page
    # The DLA clerk follows DLA's campaigns but runs none: no "new" button.
    clerk = client_as("clerk.dla").get("/campaigns/").content.decode()
    assert "สำรวจที่เปิดแล้ว" in clerk and "/campaigns/new/" not in clerk
    # Chiang Mai's overseer follows none of them.
    assert "สำรวจที่ 4" not in client_as("overseer.chiangmai").get("/campaigns/").content.decode()


def test_the_hub_shows_the_questionnaire_and_edit_buttons_only_to_who_runs_a_draft(
    client_as: Any, world: Any
) -> None:
    campaign = make.draft()
    page = client_as("overseer.dla").get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "สิ่งจูงใจใดที่จะทำให้หน่วยงานของท่านขอรับการรับรองมาตรฐาน GECC" in page
    assert f"/campaigns/{campaign.pk}/questions/" in page
    clerk = client_as("clerk.dla").get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "สิ่งจูงใจใดที่จะทำให้" in clerk
    assert f"/campaigns/{campaign.pk}/questions/" not in clerk
    assert client_as("overseer.chiangmai").get(f"/campaigns/{campaign.pk}/").status_code == 404


# --- the questionnaire builder -------------------------------------------------------------


def _question_post(campaign: Campaign, **changes: Any) -> dict[str, Any]:
    return {
        "revision": campaign.revision,
        "section": "0",
        "kind": "single",
        "th": "หน่วยงานของท่านมีศูนย์บริการหรือไม่",
        "en": "Does your organisation have a service centre?",
        "required": "on",
        "choices": "มี | Yes\nไม่มี | No",
        **changes,
    }


def test_each_change_stores_the_next_version_and_leaves_the_template(
    client_as: Any, world: Any
) -> None:
    campaign = make.draft(start=building.BLANK)
    client = client_as("overseer.dla")
    response = client.post(
        f"/campaigns/{campaign.pk}/questions/question/", _question_post(campaign)
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.questionnaire.version == 2
    [question] = qn.questions(campaign.questionnaire.content)
    assert question["kind"] == "single" and question["required"] is True
    assert [(c["code"], c["th"], c["en"]) for c in question["choices"]] == [
        ("c1", "มี", "Yes"),
        ("c2", "ไม่มี", "No"),
    ]
    # Changing the choices keeps the codes of those that stay.
    response = client.post(
        f"/campaigns/{campaign.pk}/questions/question/",
        _question_post(campaign, question=question["code"], choices="ไม่มี | No\nกำลังจัดตั้ง\nมี | Yes"),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    [question] = qn.questions(campaign.questionnaire.content)
    assert [c["code"] for c in question["choices"]] == ["c2", "c3", "c1"]
    assert campaign.questionnaire.version == 3
    assert Questionnaire.objects.filter(code=f"campaign-{campaign.pk}").count() == 3
    assert qn.template("incentive-needs").version == 1


def test_sections_and_questions_move_and_go(client_as: Any, world: Any) -> None:
    campaign = make.draft()
    client = client_as("overseer.dla")

    def act(action: str, **extra: Any) -> Any:
        campaign.refresh_from_db()
        return client.post(
            f"/campaigns/{campaign.pk}/questions/",
            {"action": action, "revision": campaign.revision, **extra},
        )

    assert act("section_add", th="ส่วนที่ 4 ข้อมูลทั่วไป", en="Part 4").status_code == 302
    assert act("section_up", section="3").status_code == 302
    assert act("question_down", question="wanted").status_code == 302
    assert act("question_delete", question="most_wanted").status_code == 302
    campaign.refresh_from_db()
    content = campaign.questionnaire.content
    assert [s["th"] for s in content["sections"]][2] == "ส่วนที่ 4 ข้อมูลทั่วไป"
    codes = [q["code"] for q in content["sections"][0]["questions"]]
    assert codes[:2] == ["wanted", "paid_or_free"]
    assert "most_wanted" not in qn.question_map(content)
    # An empty title is refused with a message; nothing stored.
    response = act("section_save", section="0", th="  ")
    assert response.status_code == 400
    assert "ชื่อส่วนเป็นภาษาไทย" in response.content.decode()


def test_a_question_that_cannot_be_asked_is_refused_on_its_field(
    client_as: Any, world: Any
) -> None:
    campaign = make.draft(start=building.BLANK)
    response = client_as("overseer.dla").post(
        f"/campaigns/{campaign.pk}/questions/question/",
        _question_post(campaign, kind="ranking", choices="หนึ่ง", rank="5"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "หนึ่ง" in page  # what was typed comes back
    assert "ตัวเลือก" in page
    campaign.refresh_from_db()
    assert campaign.questionnaire.version == 1


def test_a_stale_builder_form_is_refused_and_nothing_is_applied(client_as: Any, world: Any) -> None:
    campaign = make.draft(start=building.BLANK)
    stale = campaign.revision
    client = client_as("overseer.dla")
    client.post(f"/campaigns/{campaign.pk}/questions/question/", _question_post(campaign))
    response = client.post(
        f"/campaigns/{campaign.pk}/questions/question/",
        {**_question_post(campaign), "revision": stale, "th": "คำถามจากแท็บเก่า"},
    )
    assert response.status_code == 400
    assert "ไม่มีการบันทึก" in response.content.decode()
    campaign.refresh_from_db()
    assert [q["th"] for q in qn.questions(campaign.questionnaire.content)] == [
        "หน่วยงานของท่านมีศูนย์บริการหรือไม่"
    ]


# --- targets -------------------------------------------------------------------------------


def test_targets_are_counted_live_and_stored_as_chosen(client_as: Any, world: Any) -> None:
    campaign = make.draft()
    client = client_as("overseer.dla")
    page = client.post(
        f"/campaigns/{campaign.pk}/targets/", {"province": "94", "action": "count"}
    ).content.decode()
    pattani_lgs = Organisation.objects.filter(kind="local_government", province_id="94").count()
    assert f"จะขอให้หน่วยงาน {pattani_lgs} แห่งตอบ" in page
    campaign.refresh_from_db()
    assert campaign.selection == {}  # counted, not kept
    response = client.post(
        f"/campaigns/{campaign.pk}/targets/", {"province": "94", "revision": campaign.revision}
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.selection["groups"][0]["province"] == "94"
    assert "ปัตตานี" in campaign.selection["described"][0]


def test_targets_are_only_what_the_owner_may_ask(world: Any) -> None:
    """Pattani province's campaign: its own local governments, never Chiang Mai's nor
    itself, whatever is chosen."""
    campaign = make.draft("P94", by="overseer.pattani")
    chiangmai = Organisation.objects.filter(province_id="50").exclude(kind="province").first()
    groups = [
        Group(OVERSEEN),
        Group(PROVINCE, province="50"),
        Group(CHOSEN, ids=(chiangmai.pk, campaign.owner.pk) if chiangmai else (campaign.owner.pk,)),
    ]
    from campaigns import targeting

    ids = targeting.resolve(groups, owner=campaign.owner)
    assert ids
    assert not Organisation.objects.filter(pk__in=ids).exclude(province_id="94").exists()
    assert campaign.owner.pk not in ids


# --- launching and closing -----------------------------------------------------------------


def test_the_launch_page_lists_what_is_missing(client_as: Any, world: Any) -> None:
    campaign = make.draft(start=building.BLANK)
    client = client_as("overseer.dla")
    page = client.get(f"/campaigns/{campaign.pk}/launch/").content.decode()
    assert "ยังไม่ได้เลือกหน่วยงานที่จะถาม" in page
    assert "แบบสอบถามยังไม่มีคำถาม" in page
    response = client.post(
        f"/campaigns/{campaign.pk}/launch/", {"confirm": "1", "revision": campaign.revision}
    )
    assert response.status_code == 400
    campaign.refresh_from_db()
    assert campaign.launched_at is None and not Target.objects.exists()


def test_launching_makes_the_targets_once(client_as: Any, world: Any) -> None:
    campaign = make.with_targets(make.draft())
    client = client_as("overseer.dla")
    page = client.get(f"/campaigns/{campaign.pk}/launch/").content.decode()
    assert 'name="confirm"' in page
    response = client.post(
        f"/campaigns/{campaign.pk}/launch/", {"confirm": "1", "revision": campaign.revision}
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    count = Organisation.objects.filter(kind="local_government", province_id="94").count()
    assert campaign.launched_at and campaign.target_count == count
    assert Target.objects.filter(campaign=campaign).count() == count
    assert AuditEvent.objects.filter(action="campaign.launch", object_id=str(campaign.pk)).exists()
    # Twice: refused with a clear message, nothing more made.
    again = client.post(
        f"/campaigns/{campaign.pk}/launch/",
        {"confirm": "1", "revision": campaign.revision},
        follow=True,
    )
    assert "แบบสำรวจนี้เริ่มแล้ว" in again.content.decode()
    assert Target.objects.filter(campaign=campaign).count() == count
    with pytest.raises(Incomplete):
        building.launch(
            user=User.objects.get(username="overseer.dla"),
            campaign=campaign,
            revision=campaign.revision,
        )
    # Launched, it can no longer be changed.
    edit = client.post(
        f"/campaigns/{campaign.pk}/questions/",
        {"action": "section_add", "th": "ส่วนใหม่", "revision": campaign.revision},
    )
    assert edit.status_code == 302
    campaign.refresh_from_db()
    assert len(campaign.questionnaire.content["sections"]) == 3


def test_a_staff_survey_draws_a_code_for_each_target(world: Any) -> None:
    campaign = make.launched(make.draft(audience=Campaign.Audience.STAFF))
    codes = list(Target.objects.filter(campaign=campaign).values_list("staff_code", flat=True))
    assert codes and all(codes) and len(set(codes)) == len(codes)


def test_launching_2000_targets_is_one_bulk_insert(world: Any) -> None:
    dla = Organisation.objects.get(code="DLA")
    Organisation.objects.bulk_create(
        [
            Organisation(
                code=f"9{n:06d}",
                name_th=f"เทศบาลทดสอบ {n}",
                kind=Organisation.Kind.LOCAL_GOVERNMENT,
                lao_type=Organisation.LaoType.choices[0][0],
                province_id="94",
                parent=dla,
            )
            for n in range(2000)
        ]
    )
    made = list(Organisation.objects.filter(code__startswith="9", kind="local_government"))
    for org in made:
        org.path = f"{dla.path}{org.pk}/"
    Organisation.objects.bulk_update(made, ["path"], batch_size=1000)
    campaign = make.with_targets(make.draft())
    with CaptureQueriesContext(connection) as queries:
        launched = building.launch(
            user=User.objects.get(username="overseer.dla"),
            campaign=campaign,
            revision=campaign.revision,
        )
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "campaigns_target"')]
    assert launched.target_count >= 2000
    # One INSERT on PostgreSQL; SQLite's cap on parameters splits the same bulk insert.
    assert len(inserts) == (1 if connection.vendor == "postgresql" else len(inserts))
    assert len(inserts) <= 10
    assert len(queries) < 40


def test_closing_early_stops_the_answers(client_as: Any, world: Any) -> None:
    campaign = make.launched(make.draft())
    client = client_as("overseer.dla")
    assert client.post(f"/campaigns/{campaign.pk}/close/").status_code == 302
    campaign.refresh_from_db()
    assert campaign.closed_at and campaign.state == Campaign.State.CLOSED
    assert AuditEvent.objects.filter(action="campaign.close", object_id=str(campaign.pk)).exists()
    page = client.post(f"/campaigns/{campaign.pk}/close/", follow=True).content.decode()
    assert "ปิดได้เฉพาะแบบสำรวจที่เปิดอยู่" in page


def test_a_draft_cannot_be_closed(world: Any) -> None:
    campaign = make.draft()
    with pytest.raises(Incomplete):
        building.close(user=User.objects.get(username="overseer.dla"), campaign=campaign)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database refuses a second writer instead of"
    " making it wait as a database file does; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_launches_at_once_one_wins_the_other_is_refused(world: Any) -> None:
    """Two tabs (or the overseer and a colleague) confirm the launch at the same
    instant: the second waits for the first on the campaign's row, then finds it
    launched; the targets are made once."""
    import threading

    from django.db import transaction

    campaign = make.with_targets(make.draft())
    overseer = User.objects.get(username="overseer.dla")
    first_holds_the_lock = threading.Event()
    second_started = threading.Event()
    outcomes: dict[str, Any] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                building.launch(user=overseer, campaign=campaign, revision=campaign.revision)
                first_holds_the_lock.set()
                second_started.wait(5)
                threading.Event().wait(0.5)
            outcomes["first"] = "launched"
        except BaseException as exc:
            outcomes["first"] = exc
        finally:
            connection.close()

    def second() -> None:
        try:
            first_holds_the_lock.wait(5)
            second_started.set()
            building.launch(user=overseer, campaign=campaign, revision=campaign.revision)
            outcomes["second"] = "launched"
        except BaseException as exc:
            outcomes["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes["first"] == "launched"
    assert isinstance(outcomes["second"], Incomplete)
    assert outcomes["second"].problems[0].field == "state"
    campaign.refresh_from_db()
    assert Target.objects.filter(campaign=campaign).count() == campaign.target_count > 0


def test_a_new_campaign_starts_with_the_templates_title_and_introduction(client_as: Any) -> None:
    page = client_as("overseer.dla").get("/campaigns/new/").content.decode()
    assert 'value="แบบสำรวจความต้องการสิ่งจูงใจในการขอรับการรับรองมาตรฐานศูนย์ราชการสะดวก (GECC)"' in page
    assert "ขอความร่วมมือผู้ดูแลหน่วยงานตอบแบบสำรวจนี้ในนามของหน่วยงาน" in page
