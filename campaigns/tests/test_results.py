"""A campaign's results: figures against hand-worked expectations (from the answers in
factories_results.py), the minimum group, who may see them, and the page's cost."""

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from campaigns.results import Filters, results
from campaigns.tests.factories_results import dla_campaign, staff_campaign

pytestmark = pytest.mark.django_db


def by_code(found: Any) -> dict[str, Any]:
    return {q.code: q for q in found.questions}


def rows(question: Any) -> list[tuple[str, int, str]]:
    return [(r.label, r.count, str(r.percentage)) for r in question.rows]


def test_pattani_figures_as_worked_by_hand(world: Any) -> None:
    campaign = dla_campaign(more=True)  # Chiang Mai 5: Pattani may be shown apart
    found = results(campaign, Filters(province="94"))
    assert (found.count, found.total, found.too_few) == (8, 13, False)
    q = by_code(found)
    # several: per cent of the 8 who answered
    assert rows(q["wanted"])[:2] == [
        ("การสนับสนุนงบประมาณ", 5, "62.50"),
        ("คะแนนในการประเมินส่วนราชการระดับชาติ", 3, "37.50"),
    ]
    assert [r.count for r in q["wanted"].rows] == [5, 3, 1, 1, 1, 1]
    assert [(r.count, str(r.percentage)) for r in q["paid_or_free"].rows] == [
        (4, "50.00"),
        (3, "37.50"),
        (1, "12.50"),
    ]
    # scale: 5,4,4,3,5,2,4,1 → 28/8
    assert [r.count for r in q["motivation"].rows] == [2, 3, 1, 1, 1]
    assert q["motivation"].rows[0].label.startswith("5 ")
    assert q["motivation"].mean == Decimal("3.50")
    # number: 0, 10000, 20000.5, 50000, 80000, 100000, 250000 (one left blank)
    n = q["budget_needed"]
    assert (n.answered, n.mean, n.median) == (7, Decimal("72857.21"), Decimal("50000.00"))
    assert (n.lowest, n.highest) == (Decimal("0"), Decimal("250000"))
    # ranking: first place 3 points, second 2, third 1; ties by first places, then order
    ranking = q["most_wanted"]
    assert [(r.label[:10], r.places, r.score) for r in ranking.rows] == [
        ("การสนับสนุ", [3, 3, 0], 15),
        ("คะแนนในการ", [2, 1, 3], 11),
        ("การฝึกอบรม", [1, 1, 2], 7),
        ("เงินรางวัล", [1, 1, 0], 5),
        ("การสร้างขว", [1, 0, 2], 5),
        ("การยกย่องเ", [0, 2, 1], 5),
    ]
    # texts: sorted, with their words
    assert q["biggest_obstacle"].texts == sorted(
        ["งบประมาณไม่พอ", "ขาดบุคลากร", "สถานที่คับแคบ", "ขาดบุคลากร", "งบประมาณไม่พอ"]
    )
    words = dict(q["biggest_obstacle"].words)
    assert words["งบประมาณ"] == 2 and words["บุคลากร"] == 2
    assert [r.count for r in q["level"].rows] == [3, 2, 1, 2]


def test_everyone_and_the_breakdowns(world: Any) -> None:
    found = results(dla_campaign(more=True))
    assert found.count == 13  # the draft does not count
    provinces = {b.label: b for b in found.by_province}
    assert provinces["ปัตตานี"].count == 8 and provinces["ปัตตานี"].means == [Decimal("3.50")]
    assert provinces["เชียงใหม่"].count == 5 and not provinces["เชียงใหม่"].too_few


def test_a_row_that_would_reveal_a_hidden_one_is_hidden_too(world: Any) -> None:
    found = results(dla_campaign())  # Pattani 8, Chiang Mai 3
    assert found.count == 11 and not found.too_few
    assert by_code(found)["motivation"].mean == Decimal("3.64")  # 40/11
    provinces = {b.label: b for b in found.by_province}
    # Chiang Mai is under the minimum; Pattani's 8 and its mean would give Chiang Mai's
    # 3 and their mean from everyone's 11: both are hidden, no count, no mean.
    assert provinces["เชียงใหม่"].too_few and provinces["เชียงใหม่"].means == []
    assert provinces["ปัตตานี"].too_few and provinces["ปัตตานี"].means == []
    assert provinces["ปัตตานี"].count == 0 == provinces["เชียงใหม่"].count


def test_a_group_of_three_shows_only_too_few_answers(world: Any) -> None:
    campaign = dla_campaign()
    found = results(campaign, Filters(province="50"))
    assert (found.count, found.too_few, found.questions) == (3, True, [])
    city = results(campaign, Filters(kind="city_municipality"))
    assert city.too_few and city.questions == []
    saos = results(campaign, Filters(kind="sao"))
    assert saos.count == 7 and saos.too_few  # the other 4 would be singled out


def test_staff_answers_suspect_and_rejected_are_left_out(world: Any) -> None:
    found = results(staff_campaign(counted=6))
    assert found.count == 6
    q = by_code(found)
    # 1st answer four times (5), then 4, 3: (20 + 4 + 3) / 6 = 4.5
    assert q["motivation"].mean == Decimal("4.50")
    assert "อยากได้ห้องใหม่" in q["biggest_obstacle"].texts
    assert "bonus" not in str(q["wanted"].rows)
    assert [r.count for r in q["wanted"].rows][4] == 0  # the suspect's "bonus"


def test_the_staff_page_shows_figures_charts_and_tables(client_as: Any, world: Any) -> None:
    campaign = dla_campaign()
    page = client_as("overseer.dla").get(reverse("campaigns:results", args=[campaign.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'role="img"' in html and "aria-labelledby=" in html
    assert "63.64" in html and "3.64" in html and "ตอบ 11 ราย" in html
    assert "11 คำตอบ" in html or "11" in html
    assert " style=" not in html


def test_a_filter_on_a_small_group_shows_no_figure(client_as: Any, world: Any) -> None:
    campaign = dla_campaign()
    url = reverse("campaigns:results", args=[campaign.pk])
    html = client_as("overseer.dla").get(url, {"province": "50"}).content.decode()
    assert "too-few" in html
    assert "<svg" not in html and "ระบบไอทีไม่พร้อม" not in html and "ไอที" not in html


def test_staff_page_of_three_staff_answers_is_too_few(client_as: Any, world: Any) -> None:
    campaign = staff_campaign()
    page = client_as("overseer.pattani").get(reverse("campaigns:results", args=[campaign.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "too-few" in html
    assert "อยากได้ห้องใหม่" not in html and "<svg" not in html
    assert "2 คำตอบ" in html  # suspect and rejected left out, said so


@pytest.mark.parametrize("persona", ["overseer.chiangmai", "admin.yarang", "overseer.pattani"])
def test_others_get_404(client_as: Any, world: Any, persona: str) -> None:
    campaign = dla_campaign()
    client = client_as(persona)
    assert client.get(reverse("campaigns:results", args=[campaign.pk])).status_code == 404
    for name in ("campaigns:export_answers_xlsx", "campaigns:export_results_pdf"):
        assert client.post(reverse(name, args=[campaign.pk])).status_code == 404


def test_another_provinces_overseer_gets_404_for_a_staff_survey(client_as: Any, world: Any) -> None:
    campaign = staff_campaign(counted=6)
    client = client_as("overseer.chiangmai")
    assert client.get(reverse("campaigns:results", args=[campaign.pk])).status_code == 404
    assert (
        client.post(reverse("campaigns:export_answers_csv", args=[campaign.pk])).status_code == 404
    )


def test_a_draft_campaign_has_no_results_page(client_as: Any, world: Any) -> None:
    campaign = dla_campaign()
    campaign.launched_at = None
    campaign.save()
    page = client_as("overseer.dla").get(reverse("campaigns:results", args=[campaign.pk]))
    assert page.status_code == 404


def test_the_page_costs_the_same_whatever_the_answers(
    client_as: Any, world: Any, django_assert_max_num_queries: Any
) -> None:
    campaign = dla_campaign()
    client = client_as("opsadmin")
    url = reverse("campaigns:results", args=[campaign.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_amounts_read_with_thousands_separators(world: Any, client_as: Any) -> None:
    campaign = dla_campaign(more=True)
    page = client_as("overseer.dla").get(
        reverse("campaigns:results", args=[campaign.pk]), {"province": "94"}
    )
    html = page.content.decode()
    assert "72,857.21 บาท" in html and "50,000.00 บาท" in html and "250,000 บาท" in html
