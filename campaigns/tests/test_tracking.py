"""Following a launched campaign: the response figures overall, by province and by kind
of organisation, counted against hand-counted fixtures; only the organisations within
the owner's scope counted or listed; the silent list and its filters; the page and its
live fragment, with a number of queries that does not grow with the targets.

DLA's campaign (factories_tracking.launched) asks, in Pattani, the PAO (6940100), the
town (5940101), Yarang subdistrict municipality (5941001, answered) and Bana SAO
(6940103, answered); in Chiang Mai, the city municipality (3500101, answered); and
Pattani's public health office (PHO-94), which DLA does not oversee. Counted: 5 asked,
3 answered (60 %); Pattani 2 of 4 (50 %), Chiang Mai 1 of 1 (100 %).
"""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from campaigns import reminding, tracking
from campaigns.models import Campaign, Response, Target
from campaigns.tests.factories_tracking import launched, many_local_governments
from notices.models import Notice
from registry.models import Organisation


@pytest.fixture
def campaign(world: dict[str, Organisation]) -> Campaign:
    return launched()


def _by_key(rows: list[tracking.Row]) -> dict[str, tuple[int, int, float]]:
    return {r.key: (r.asked, r.answered, round(r.rate, 1)) for r in rows}


def test_figures_overall_by_province_and_by_kind(campaign: Campaign) -> None:
    figures = tracking.figures(campaign)
    assert (figures.total.asked, figures.total.answered, figures.total.rate) == (5, 3, 60.0)
    assert _by_key(figures.provinces) == {"94": (4, 2, 50.0), "50": (1, 1, 100.0)}
    assert _by_key(figures.kinds) == {
        "pao": (1, 0, 0.0),
        "town_municipality": (1, 0, 0.0),
        "subdistrict_municipality": (1, 1, 100.0),
        "sao": (1, 1, 100.0),
        "city_municipality": (1, 1, 100.0),
    }
    # Kinds by their names, in the reader's language; never a code.
    names = [r.name for r in figures.kinds]
    assert "เทศบาลเมือง" in names or "Town municipality" not in names
    assert not any("_" in name for name in names)
    # Thai dictionary order: a leading vowel does not count first (เชียงใหม่ under ช).
    assert [r.name for r in tracking.in_name_order(figures.provinces)] == ["เชียงใหม่", "ปัตตานี"]


def test_an_organisation_outside_the_owners_scope_is_neither_counted_nor_listed(
    campaign: Campaign,
) -> None:
    assert Target.objects.filter(campaign=campaign).count() == 6
    figures = tracking.figures(campaign)
    assert "other" not in {r.key for r in figures.kinds}
    assert "provincial_office" not in {r.key for r in figures.kinds}
    silent = tracking.silent(campaign)
    assert [t.organisation.code for t in silent] == ["6940100", "5940101"]


def test_the_tables_sort_by_rate_and_by_name(campaign: Campaign) -> None:
    assert [r.key for r in tracking.figures(campaign, sort="-rate").provinces] == ["50", "94"]
    assert [r.key for r in tracking.figures(campaign, sort="rate").provinces] == ["94", "50"]
    assert [r.key for r in tracking.figures(campaign, sort="-name").provinces] == ["94", "50"]
    by_rate = [r.key for r in tracking.figures(campaign, sort="rate").kinds]
    # Ties in Thai dictionary order: เทศบาลเมือง (ท) before องค์การบริหารส่วนจังหวัด (อ).
    assert by_rate[:2] == ["town_municipality", "pao"]
    assert tracking.parse_sort("-drop table") == "name"


def test_the_silent_list_is_filtered_by_province_and_kind(campaign: Campaign) -> None:
    codes = lambda **f: [t.organisation.code for t in tracking.silent(campaign, **f)]  # noqa: E731
    assert codes(province="94") == ["6940100", "5940101"]
    assert codes(province="50") == []
    assert codes(kind="pao") == ["6940100"]
    assert codes(province="94", kind="town_municipality") == ["5940101"]
    assert tracking.parse_kind("no_such_kind") == ""
    assert tracking.parse_province("๙๔") == ""


def test_a_staff_survey_counts_its_staff_answers_per_group(
    world: dict[str, Any], client_as: Callable[[str], Client]
) -> None:
    campaign = launched(audience=Campaign.Audience.STAFF)
    yarang = Target.objects.get(campaign=campaign, organisation__code="5941001")
    # Two more counted answers at Yarang, one suspect and one rejected (not counted),
    # and one at the office outside DLA's scope (not counted either).
    for status in ("counted", "counted", "suspect", "rejected"):
        Response.objects.create(
            campaign=campaign,
            target=yarang,
            questionnaire=campaign.questionnaire,
            anonymous=True,
            state=Response.State.SENT,
            status=status,
        )
    outside = Target.objects.get(campaign=campaign, organisation__code="PHO-94")
    Response.objects.create(
        campaign=campaign,
        target=outside,
        questionnaire=campaign.questionnaire,
        anonymous=True,
        state=Response.State.SENT,
    )
    figures = tracking.figures(campaign)
    assert figures.staff
    assert figures.total.staff_answers == 5  # 3 from the factory + 2 at Yarang
    assert {r.key: r.staff_answers for r in figures.provinces} == {"94": 4, "50": 1}
    assert {r.key: r.staff_answers for r in figures.kinds}["subdistrict_municipality"] == 3
    html = client_as("overseer.dla").get(f"/campaigns/{campaign.pk}/tracking/").content.decode()
    assert "นับคำตอบของเจ้าหน้าที่ 5 คำตอบ" in html
    assert '<th scope="col">คำตอบของเจ้าหน้าที่ที่นับ</th>' in html


def test_the_tracking_page_shows_figures_tables_and_the_silent(
    campaign: Campaign, client_as: Callable[[str], Client]
) -> None:
    page = client_as("overseer.dla").get(f"/campaigns/{campaign.pk}/tracking/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<caption>" in html and 'scope="row"' in html and 'scope="col"' in html
    assert '<meter class="rate" min="0" max="100" value="60.0"' in html
    assert "60.0 %" in html  # the rate as text, read without the bar
    assert "style=" not in html
    assert 'hx-trigger="every 30s"' in html
    assert f'hx-get="/campaigns/{campaign.pk}/tracking/figures/' in html
    assert "เทศบาลเมืองปัตตานี" in html and "องค์การบริหารส่วนจังหวัดปัตตานี" in html
    assert "สำนักงานสาธารณสุขจังหวัดปัตตานี" not in html  # outside DLA's scope
    assert "town_municipality" not in re.sub(r'(value|href)="[^"]*"', "", html)
    # The owner may remind: the button says how many.
    assert f'action="/campaigns/{campaign.pk}/remind/"' in html
    filtered = client_as("overseer.dla").get(
        f"/campaigns/{campaign.pk}/tracking/?kind=pao&province=94"
    )
    assert "องค์การบริหารส่วนจังหวัดปัตตานี" in filtered.content.decode()
    assert "เทศบาลเมืองปัตตานี</a>" not in filtered.content.decode()


def test_those_who_follow_without_running_see_no_button(
    campaign: Campaign, client_as: Callable[[str], Client]
) -> None:
    html = client_as("clerk.dla").get(f"/campaigns/{campaign.pk}/tracking/").content.decode()
    assert "/remind/" not in html
    assert client_as("admin.yarang").get(f"/campaigns/{campaign.pk}/tracking/").status_code == 404


def test_a_draft_has_no_tracking_page(
    campaign: Campaign, client_as: Callable[[str], Client]
) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(launched_at=None)
    client = client_as("overseer.dla")
    assert client.get(f"/campaigns/{campaign.pk}/tracking/").status_code == 404
    assert client.get(f"/campaigns/{campaign.pk}/tracking/figures/").status_code == 404


def test_the_live_fragment_follows_new_answers(
    campaign: Campaign, client_as: Callable[[str], Client]
) -> None:
    client = client_as("overseer.dla")
    url = f"/campaigns/{campaign.pk}/tracking/figures/?sort=-rate"
    first = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert first.lstrip().startswith('<div id="figures"')
    assert "<html" not in first  # only the fragment, swapped in place of the old one
    assert f'hx-get="/campaigns/{campaign.pk}/tracking/figures/?sort=-rate"' in first
    assert "ตอบแล้ว 3 จาก 5 หน่วยงาน: ร้อยละ 60.0" in first
    Target.objects.filter(campaign=campaign, organisation__code="5940101").update(
        answered_at=timezone.now()
    )
    second = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "80.0 %" in second


def test_the_last_reminder_round_is_shown(
    campaign: Campaign, client_as: Callable[[str], Client]
) -> None:
    client = client_as("overseer.dla")
    assert (
        "ยังไม่ได้แจ้งเตือนหน่วยงานใด"
        in client.get(f"/campaigns/{campaign.pk}/tracking/").content.decode()
    )
    reminding.remind_silent(user=User.objects.get(username="overseer.dla"), campaign=campaign)
    html = client.get(f"/campaigns/{campaign.pk}/tracking/").content.decode()
    assert "ครั้งที่ 1" in html and "2 หน่วยงาน" in html
    assert "วันนี้" in html  # reminded today: no button, a note instead
    assert f'action="/campaigns/{campaign.pk}/remind/"' not in html
    assert None not in tracking.silent(campaign).values_list("last_reminded", flat=True)


@pytest.mark.parametrize("extra", [0, 300])
def test_the_page_runs_a_fixed_number_of_queries(
    world: dict[str, Organisation],
    client_as: Callable[[str], Client],
    django_assert_max_num_queries: Any,
    extra: int,
) -> None:
    more = many_local_governments(extra)
    campaign = launched(
        asked=["6940100", "5940101", "3500101", *more],
        answered=["3500101", *more[: extra // 2]],
    )
    client = client_as("overseer.dla")
    reminding.remind_silent(user=User.objects.get(username="overseer.dla"), campaign=campaign)
    with django_assert_max_num_queries(16):
        page = client.get(f"/campaigns/{campaign.pk}/tracking/")
    assert page.status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/campaigns/{campaign.pk}/tracking/figures/").status_code == 200


def test_reminded_on_answers_for_many_targets_in_one_query(
    campaign: Campaign, django_assert_num_queries: Any
) -> None:
    reminding.remind_silent(user=User.objects.get(username="overseer.dla"), campaign=campaign)
    targets = list(Target.objects.filter(campaign=campaign))
    with django_assert_num_queries(1):
        found = reminding.reminded_on(targets)
    codes = {t.pk: t.organisation.code for t in targets}
    assert {codes[pk] for pk in found} == {"6940100", "5940101"}
    notice = Notice.objects.get(
        campaign=campaign, organisation__code="5940101", channel=Notice.Channel.INBOX
    )
    assert found[Target.objects.get(campaign=campaign, organisation__code="5940101").pk] == (
        notice.created_at
    )
    assert abs(notice.created_at - timezone.now()) < timedelta(minutes=1)
