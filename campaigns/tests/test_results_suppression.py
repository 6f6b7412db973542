"""The minimum group against inference: one filter axis at a time, a group shown only
when what lies outside it is empty or big enough, the breakdowns' secondary
suppression, and a staff survey's results only once it is closed (campaigns/results.py)."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts.models import User
from campaigns import makers
from campaigns.results import (
    CROSSED,
    FEW,
    FEW_OUTSIDE,
    HIDDEN_BESIDE,
    STAFF_OPEN,
    Answer,
    Filters,
    results,
    suppressed,
)
from campaigns.tests.factories_results import dla_campaign, staff_campaign
from downloads.models import Download
from downloads.tests.fetch import download
from thaicalendar.dates import format_date

pytestmark = pytest.mark.django_db


def one(province: str, kind: str, text: str = "") -> Answer:
    answers = {"motivation": 4, "biggest_obstacle": text} if text else {"motivation": 4}
    return Answer(answers=answers, province=province, kind=kind, organisation="", sent_on=None)


# --- F2: subtracting two allowed groups ----------------------------------------------


def test_the_hostile_reviews_subtraction_is_refused(world: Any) -> None:
    """10 answers of one kind, 6 of them in Pattani, 4 in Chiang Mai (one of which wrote
    a text): the kind alone is shown, the kind in Pattani is refused as crossed, and no
    figure or text of Chiang Mai's 4 can be had."""
    campaign = dla_campaign()
    kind = "subdistrict_municipality"
    answers = [one("94", kind) for _ in range(6)] + [one("50", kind) for _ in range(3)]
    answers.append(one("50", kind, "ความลับของเชียงใหม่"))
    answers += [one("94", "sao") for _ in range(5)] + [one("50", "sao") for _ in range(5)]
    everyone = results(campaign, Filters(kind=kind), answers=answers)
    assert not everyone.too_few and everyone.count == 10
    crossed = results(campaign, Filters(province="94", kind=kind), answers=answers)
    assert (crossed.too_few, crossed.reason, crossed.questions) == (True, CROSSED, [])
    assert "ไม่ใช่ทั้งสองอย่าง" in crossed.why
    # Chiang Mai (10) minus its subdistrict municipalities (4) is not a filter either.
    assert results(campaign, Filters(province="50", kind="sao"), answers=answers).too_few


def test_a_group_with_few_answers_outside_it_is_withheld(world: Any) -> None:
    campaign = dla_campaign()  # Pattani 8, Chiang Mai 3: everyone 11
    found = results(campaign, Filters(province="94"))
    assert (found.count, found.too_few, found.reason, found.questions) == (
        8,
        True,
        FEW_OUTSIDE,
        [],
    )
    assert "นอกกลุ่มนี้" in found.why and not found.count_shown
    assert not results(campaign).too_few  # everyone: nothing lies outside


def test_secondary_suppression() -> None:
    assert suppressed({"a": 8, "b": 3}, 5) == {"a", "b"}
    assert suppressed({"a": 8, "b": 6, "c": 3}, 5) == {"b", "c"}
    assert suppressed({"a": 8, "b": 6, "c": 5}, 5) == set()
    # 2 + 2 hidden: the smallest shown (6) joins them, 10 hidden in all
    assert suppressed({"a": 10, "b": 2, "c": 2, "d": 6}, 5) == {"b", "c", "d"}
    assert suppressed({"a": 10, "b": 5, "c": 5}, 5) == set()
    assert suppressed({"a": 3}, 5) == {"a"}
    assert suppressed({"a": 10}, 5) == set()


def test_no_hidden_row_can_be_worked_out_of_the_breakdowns(world: Any) -> None:
    campaign = dla_campaign()
    answers = (
        [one("94", "sao") for _ in range(8)]
        + [one("50", "sao") for _ in range(6)]
        + [one("96", "sao") for _ in range(3)]
    )
    found = results(campaign, answers=answers)
    assert found.count == 17
    rows: dict[bool, list[int]] = {b.too_few: [] for b in found.by_province}
    for b in found.by_province:
        rows[b.too_few].append(b.count)
    assert rows[False] == [8]  # Pattani alone is shown: hidden 6 + 3 = 9
    assert found.count - sum(rows[False]) >= campaign.min_group
    # A filter on a province follows its row: Chiang Mai's 6 would reveal the 3.
    beside = results(campaign, Filters(province="50"), answers=answers)
    assert (beside.too_few, beside.reason) == (True, HIDDEN_BESIDE)
    assert results(campaign, Filters(province="96"), answers=answers).reason == FEW
    assert not results(campaign, Filters(province="94"), answers=answers).too_few


def test_a_filtered_page_has_no_breakdown_crossing_the_axes(client_as: Any, world: Any) -> None:
    campaign = dla_campaign(more=True)
    html = (
        client_as("overseer.dla")
        .get(reverse("campaigns:results", args=[campaign.pk]), {"province": "94"})
        .content.decode()
    )
    assert "62.50" in html  # Pattani shown
    assert "คำตอบแยกตามประเภทหน่วยงาน" not in html


def test_both_filters_on_the_pages_and_files_are_refused(client_as: Any, world: Any) -> None:
    campaign = dla_campaign(published=True, more=True)
    both = {"province": "94", "kind": "sao"}
    client = client_as("overseer.dla")
    html = client.get(reverse("campaigns:results", args=[campaign.pk]), both).content.decode()
    assert "too-few" in html and "ไม่ใช่ทั้งสองอย่าง" in html and "<svg" not in html
    assert "นับคำตอบได้" not in html  # not even the crossed group's count
    public = Client().get(campaign.public_path, both).content.decode()
    assert "too-few" in public and "ไม่ใช่ทั้งสองอย่าง" in public and "<svg" not in public
    url = reverse("campaigns:export_results_csv", args=[campaign.pk])
    page = client.post(f"{url}?province=94&kind=sao", follow=True).content.decode()
    assert "ไม่ใช่ทั้งสองอย่าง" in page and not Download.objects.exists()
    # The maker itself refuses to show the crossed group if asked directly.
    user = User.objects.get(username="overseer.dla")
    _name, _type, content = makers.results(
        user, {"campaign": campaign.pk, "format": "csv", **both}, lambda d, t: None
    )
    text = content.decode("utf-8-sig")
    assert "ไม่ใช่ทั้งสองอย่าง" in text and "ขาดบุคลากร" not in text


def test_the_breakdown_on_the_page_shows_no_count_of_a_hidden_row(
    client_as: Any, world: Any
) -> None:
    campaign = dla_campaign()  # Pattani 8 hidden beside Chiang Mai's 3
    html = (
        client_as("overseer.dla")
        .get(reverse("campaigns:results", args=[campaign.pk]))
        .content.decode()
    )
    table = html[html.index("คำตอบแยกตามจังหวัด") :]
    table = table[: table.index("</table>")]
    assert ">8<" not in table and "3.50" not in table and ">3<" not in table


# --- F1: a staff survey's live results ----------------------------------------------------


def test_an_open_staff_survey_shows_no_results_until_it_closes(client_as: Any, world: Any) -> None:
    campaign = staff_campaign(counted=6, open=True, published=True)
    found = results(campaign)
    assert (found.too_few, found.reason, found.questions) == (True, STAFF_OPEN, [])
    closes = format_date(campaign.closes_on)
    client = client_as("overseer.pattani")
    page = client.get(reverse("campaigns:results", args=[campaign.pk])).content.decode()
    public = Client().get(campaign.public_path).content.decode()
    for html in (page, public):
        assert "เมื่อปิดรับคำตอบ" in html and closes in html
        assert "อยากได้ห้องใหม่" not in html and "<svg" not in html and "4.50" not in html
    # no file offered, none made
    assert "export_" not in page and "answers.csv" not in page and "results.pdf" not in page
    for name in ("export_answers_csv", "export_results_csv", "export_results_pdf"):
        answer = client.post(reverse(f"campaigns:{name}", args=[campaign.pk]), follow=True)
        assert "เมื่อปิดรับคำตอบ" in answer.content.decode() or "ยังส่งออก" in answer.content.decode()
    assert not Download.objects.exists()
    user = User.objects.get(username="overseer.pattani")
    with pytest.raises(PermissionDenied):
        makers.check_results(user, {"campaign": campaign.pk, "format": "pdf"})
    with pytest.raises(PermissionDenied):
        makers.check_answers(user, {"campaign": campaign.pk, "format": "csv"})


def test_a_closed_staff_survey_shows_its_results_and_files(client_as: Any, world: Any) -> None:
    campaign = staff_campaign(counted=6)
    client = client_as("overseer.pattani")
    html = client.get(reverse("campaigns:results", args=[campaign.pk])).content.decode()
    assert "อยากได้ห้องใหม่" in html and "4.50" in html
    assert reverse("campaigns:export_answers_csv", args=[campaign.pk]) in html
    response = download(client, reverse("campaigns:export_results_csv", args=[campaign.pk]))
    assert "4.50" in response.content.decode("utf-8-sig")


def test_an_open_organisation_survey_stays_live(client_as: Any, world: Any) -> None:
    campaign = dla_campaign()
    campaign.closes_on = campaign.opens_on.replace(year=campaign.opens_on.year + 5)
    campaign.save()
    html = (
        client_as("overseer.dla")
        .get(reverse("campaigns:results", args=[campaign.pk]))
        .content.decode()
    )
    assert "3.64" in html
