"""Survey results: figures from tallies agree with the answers themselves, for a centre
and for an area; the pages keep to the account's jurisdiction."""

import random
import statistics as py_statistics
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from audit.models import AuditEvent
from maintenance.models import SATISFACTION_FIELDS, Report, Round
from registry.models import Organisation, ServiceCentre
from survey import questionnaire, selectors, tallies
from survey.models import PeopleServed, Response
from thaicalendar.dates import BANGKOK

# FY2568's first half: 1 October 2567 – 31 March 2568 (2024-10-01 – 2025-03-31).
START, END = date(2024, 10, 1), date(2025, 3, 31)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BANGKOK)


def answer(
    centre: ServiceCentre,
    when: datetime,
    scores: str,
    *,
    status: str = Response.Status.COUNTED,
    comment: str = "",
) -> Response:
    """An answer stored as the live path stores it: counted ones go into the tallies."""
    response = Response.objects.create(
        centre=centre,
        questionnaire=questionnaire.current(),
        submitted_at=when,
        scores=scores,
        comment=comment,
        status=status,
    )
    if status == Response.Status.COUNTED:
        tallies.count(response)
    return response


@pytest.fixture(autouse=True)
def no_cached_words() -> None:
    # Word lists are cached by the query behind them, and ids repeat between tests.
    cache.clear()


def test_the_round_is_the_period_these_tests_read(rnd: Round) -> None:
    assert (rnd.period_start, rnd.period_end) == (START, END)


def random_answers(centre: ServiceCentre, n: int, seed: int) -> list[Response]:
    """n answers spread over the round and a month either side, some items skipped,
    some comments; every fifth one suspect or rejected (and so not counted)."""
    rng = random.Random(seed)
    width = len(questionnaire.current().item_codes)
    first = START - timedelta(days=31)
    made = []
    for i in range(n):
        day = first + timedelta(days=rng.randrange((END - first).days + 31))
        scores = "".join(rng.choice("0123455445") for _ in range(width))
        status = Response.Status.COUNTED
        if i % 5 == 4:
            status = rng.choice([Response.Status.SUSPECT, Response.Status.REJECTED])
        comment = rng.choice(["", "", "ที่จอดรถไม่พอ", "เจ้าหน้าที่สุภาพ ที่จอดรถแคบ"])
        when = at(day, rng.randrange(24), rng.randrange(60))
        made.append(answer(centre, when, scores, status=status, comment=comment))
    return made


def straight(responses: Iterable[Response], start: date, end: date) -> dict[str, Any]:
    """The figures computed directly from the answers: counted ones, submitted on a
    Bangkok day from start to end."""
    codes = questionnaire.current().item_codes
    content = questionnaire.current().content
    chosen = [
        r
        for r in responses
        if r.status == Response.Status.COUNTED
        and start <= r.submitted_at.astimezone(BANGKOK).date() <= end
    ]
    scores: dict[str, list[int]] = {code: [] for code in codes}
    for r in chosen:
        for code, digit in zip(codes, r.scores, strict=True):
            if digit != "0":
                scores[code].append(int(digit))
    dims = {
        d["code"]: [s for item in d["items"] for s in scores[item["code"]]]
        for d in content["dimensions"]
    }
    return {
        "answers": len(chosen),
        "items": scores,
        "dimensions": dims,
        "overall": scores["O1"],
        "comments": sum(1 for r in chosen if r.comment),
    }


def assert_same(stats: selectors.Stats, expected: dict[str, Any]) -> None:
    assert stats.answers == expected["answers"]
    if stats.comments_read or stats.comments:
        assert stats.comments_read == expected["comments"]
    for item in [*stats.summary.items, stats.summary.overall]:
        values = expected["items"][item.code]
        assert item.figure.n == len(values), item.code
        if values:
            assert item.figure.mean == pytest.approx(py_statistics.mean(values)), item.code
        if len(values) > 1:
            assert item.figure.sd == pytest.approx(py_statistics.stdev(values)), item.code
    for dim in stats.summary.dimensions:
        values = expected["dimensions"][dim.code]
        assert dim.figure.n == len(values)
        assert dim.figure.mean == pytest.approx(py_statistics.mean(values)), dim.code


def test_a_centres_round_from_tallies_matches_its_answers(pattani: ServiceCentre) -> None:
    made = random_answers(pattani, 50, seed=2568)
    stats = selectors.centre_stats(pattani, START, END)
    assert_same(stats, straight(made, START, END))
    assert [p.month for p in stats.trend] == [date(2024, m, 1) for m in (10, 11, 12)] + [
        date(2025, m, 1) for m in (1, 2, 3)
    ]
    assert sum(p.answers for p in stats.trend) == stats.answers
    for point in stats.trend:
        month_end = selectors.month_end(point.month)
        assert point.answers == straight(made, point.month, month_end)["answers"]


def test_a_range_that_cuts_months_reads_the_answers_of_the_cut_days(
    pattani: ServiceCentre,
) -> None:
    made = random_answers(pattani, 50, seed=7)
    start, end = date(2024, 11, 15), date(2025, 2, 10)
    with CaptureQueriesContext(connection) as queries:
        stats = selectors.centre_stats(pattani, start, end, numbers_only=True)
    assert_same(stats, straight(made, start, end))
    # The questionnaires, the tallies of December and January, the answers of the cut
    # days; nothing of the intake's (reading never folds).
    assert len(queries) == 3


def test_a_day_is_bangkoks(pattani: ServiceCentre) -> None:
    # 30 November 23:30 in Bangkok is 16:30 UTC: a November answer, in tallies and cuts.
    answer(pattani, at(date(2024, 11, 30), 23, 30), "5" * 16)
    answer(pattani, at(date(2024, 12, 1), 0, 10), "1" * 16)
    november = selectors.centre_stats(pattani, date(2024, 11, 1), date(2024, 11, 30))
    assert november.answers == 1 and november.summary.overall.figure.mean == 5
    cut = selectors.centre_stats(pattani, date(2024, 11, 30), date(2024, 11, 30))
    assert cut.answers == 1 and cut.summary.overall.figure.mean == 5


def test_suspect_and_rejected_answers_are_not_counted(pattani: ServiceCentre) -> None:
    answer(pattani, at(date(2024, 11, 5)), "5" * 16)
    answer(pattani, at(date(2024, 11, 6)), "1" * 16, status=Response.Status.SUSPECT, comment="x1")
    answer(pattani, at(date(2024, 11, 7)), "1" * 16, status=Response.Status.REJECTED, comment="x2")
    for start, end in ((START, END), (date(2024, 11, 2), date(2024, 11, 20))):
        stats = selectors.centre_stats(pattani, start, end)
        assert stats.answers == 1
        assert stats.summary.overall.figure.counts == (0, 0, 0, 0, 1)
        assert stats.comments == []
    ops = User.objects.get(username="opsadmin")
    country = selectors.area_stats(ops, area=None, start=START, end=END)
    assert (country.answers, country.comments) == (1, [])


def test_areas_read_province_tallies_or_sum_their_centres(
    pattani: ServiceCentre, chiangmai: ServiceCentre
) -> None:
    in_pattani = random_answers(pattani, 40, seed=1)
    in_chiangmai = random_answers(chiangmai, 20, seed=2)
    users = {u.username: u for u in User.objects.all()}
    province = Organisation.objects.get(code="P94")
    expected = straight(in_pattani, START, END)
    # The Pattani overseer: its province from the province tallies, its whole scope by
    # summing centres; both the same as the answers.
    assert_same(
        selectors.area_stats(users["overseer.pattani"], area=province, start=START, end=END),
        expected,
    )
    assert_same(
        selectors.area_stats(users["overseer.pattani"], area=None, start=START, end=END),
        expected,
    )
    # The whole country for OPS PMO, from province tallies.
    everything = selectors.area_stats(users["opsadmin"], area=None, start=START, end=END)
    assert_same(everything, straight(in_pattani + in_chiangmai, START, END))
    # DLA's overseer reaches both municipalities through its subtree.
    dla = selectors.area_stats(users["overseer.dla"], area=None, start=START, end=END)
    assert dla.answers == everything.answers
    # Areas count whole months: the range widens to them.
    widened = selectors.area_stats(
        users["overseer.pattani"], area=province, start=date(2024, 11, 15), end=date(2025, 2, 10)
    )
    assert (widened.start, widened.end, widened.whole_months) == (
        date(2024, 11, 1),
        date(2025, 2, 28),
        True,
    )
    assert widened.answers == straight(in_pattani, widened.start, widened.end)["answers"]


def test_an_area_outside_the_scope_counts_nothing_of_it(
    pattani: ServiceCentre, chiangmai: ServiceCentre
) -> None:
    random_answers(pattani, 10, seed=3)
    chiangmai_user = User.objects.get(username="overseer.chiangmai")
    province = Organisation.objects.get(code="P94")
    # The view answers 404 first; the selector itself still keeps to the scope.
    stats = selectors.area_stats(chiangmai_user, area=province, start=START, end=END)
    assert stats.answers == 0 and stats.comments == []


def test_the_report_receives_the_rounds_figures(pattani: ServiceCentre, rnd: Round) -> None:
    report = Report.objects.get(round=rnd, centre=pattani)
    assert selectors.satisfaction_for_report(report) is None
    # Items: P1–P5 (process), S1–S4 (staff), F1–F4 (facilities), R1–R2 (outcome), O1.
    answer(pattani, at(date(2024, 10, 2)), "5555555555555555")
    answer(pattani, at(date(2025, 3, 31), 23, 59), "4444444444444444")
    answer(pattani, at(date(2025, 1, 15)), "3333344442222554")
    answer(pattani, at(date(2025, 4, 1), 0, 0), "1111111111111111")  # after the round
    answer(pattani, at(date(2025, 1, 16)), "1111111111111111", status=Response.Status.SUSPECT)
    figures = selectors.satisfaction_for_report(report)
    # process (5·5 + 5·4 + 5·3) / 15 = 4.00; staff (4·5 + 4·4 + 4·4) / 12 = 4.333 → 4.33;
    # facilities (20 + 16 + 8) / 12 = 3.667 → 3.67; outcome (10 + 8 + 10) / 6 = 4.667 →
    # 4.67; overall (5 + 4 + 4) / 3 = 4.333 × 20 = 86.667 → 86.67 %.
    assert figures == {
        "respondents": 3,
        "mean_process": Decimal("4.00"),
        "mean_staff": Decimal("4.33"),
        "mean_facilities": Decimal("3.67"),
        "mean_outcome": Decimal("4.67"),
        "overall_percentage": Decimal("86.67"),
        # Each from the unrounded mean: 4.333… × 20 = 86.67, not 4.33 × 20 = 86.60.
        "percentage_process": Decimal("80.00"),
        "percentage_staff": Decimal("86.67"),
        "percentage_facilities": Decimal("73.33"),
        "percentage_outcome": Decimal("93.33"),
    }
    assert tuple(figures)[: len(SATISFACTION_FIELDS)] == SATISFACTION_FIELDS


def test_people_served_wholly_inside_the_period_feed_the_sample_check(
    pattani: ServiceCentre,
) -> None:
    for _i in range(3):
        answer(pattani, at(date(2024, 10, 10)), "5" * 16)
    PeopleServed.objects.create(
        centre=pattani, period_start=date(2024, 10, 1), period_end=date(2024, 12, 31), people=600
    )
    PeopleServed.objects.create(
        centre=pattani, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31), people=400
    )
    # Overlaps the round's end: left out, but listed.
    PeopleServed.objects.create(
        centre=pattani, period_start=date(2025, 3, 1), period_end=date(2025, 4, 30), people=999
    )
    stats = selectors.centre_stats(pattani, START, END)
    assert stats.people == 1000
    assert stats.sample is not None
    assert (stats.sample.needed, stats.sample.answers, stats.sample.enough) == (286, 3, False)
    assert stats.served is not None and len(stats.served.partial) == 1


# --- pages ------------------------------------------------------------------------------


def url(centre: ServiceCentre) -> str:
    return f"/survey/centres/{centre.pk}/results/"


def test_the_centres_staff_and_its_overseer_see_the_results(
    client_as: Any, pattani: ServiceCentre, rnd: Round
) -> None:
    answer(pattani, at(date(2024, 12, 3)), "5" * 16, comment="ที่จอดรถไม่พอ")
    answer(pattani, at(date(2024, 12, 4)), "4" * 16, comment="อยากได้ที่จอดรถเพิ่ม")
    for username in ("staff.pattanitown", "overseer.pattani", "reviewer"):
        page = client_as(username).get(url(pattani), {"round": rnd.pk})
        assert page.status_code == 200, username
        stats = page.context["stats"]
        assert stats.answers == 2
        assert stats.words[0] == ("ที่จอดรถ", 2)
        text = page.content.decode()
        assert "4.50" in text and "90.00 %" in text
        assert "1 ตุลาคม 2567" in text  # the period in BE
        assert "ที่จอดรถไม่พอ" in text
    # The round's report figures are shown to the centre before it sends the report.
    page = client_as("staff.pattanitown").get(url(pattani), {"round": rnd.pk})
    half, whole = Decimal("4.50"), Decimal("90.00")
    assert page.context["report_respondents"] == 2
    assert [(row.mean, row.percentage) for row in page.context["report_rows"]] == [
        (half, whole),
        (half, whole),
        (half, whole),
        (half, whole),
        (None, whole),
    ]


def test_an_overseer_elsewhere_gets_404(client_as: Any, pattani: ServiceCentre) -> None:
    assert client_as("overseer.chiangmai").get(url(pattani)).status_code == 404
    assert client_as("staff.pattanitown").get("/survey/centres/999999/results/").status_code == 404


def test_a_typed_thai_date_range(client_as: Any, pattani: ServiceCentre) -> None:
    answer(pattani, at(date(2024, 11, 20)), "5" * 16)
    answer(pattani, at(date(2024, 11, 10)), "1" * 16)
    page = client_as("staff.pattanitown").get(
        url(pattani), {"start": "15/11/2567", "end": "๓๐ พ.ย. ๖๗"}
    )
    stats = page.context["stats"]
    assert (stats.start, stats.end, stats.answers) == (date(2024, 11, 15), date(2024, 11, 30), 1)
    wrong = client_as("staff.pattanitown").get(
        url(pattani), {"start": "30/11/2567", "end": "1/11/2567"}
    )
    assert wrong.status_code == 200
    assert "end" in wrong.context["period_form"].errors


def test_area_results_keep_to_the_scope(client_as: Any, pattani: ServiceCentre, rnd: Round) -> None:
    answer(pattani, at(date(2024, 12, 3)), "5" * 16)
    province = Organisation.objects.get(code="P94")
    page = client_as("overseer.pattani").get(
        "/survey/results/", {"area": province.pk, "round": rnd.pk}
    )
    assert page.status_code == 200
    assert page.context["stats"].answers == 1
    assert province in page.context["areas"]
    assert (
        client_as("overseer.chiangmai").get("/survey/results/", {"area": province.pk}).status_code
        == 404
    )
    own = client_as("overseer.chiangmai").get("/survey/results/", {"round": rnd.pk})
    assert own.status_code == 200 and own.context["stats"].answers == 0


def test_an_area_over_typed_dates_counts_whole_months(
    client_as: Any, pattani: ServiceCentre, rnd: Round
) -> None:
    answer(pattani, at(date(2024, 11, 2)), "5" * 16)
    answer(pattani, at(date(2025, 3, 2)), "5" * 16)
    overseer = client_as("overseer.pattani")
    province = Organisation.objects.get(code="P94")
    dates = {"area": province.pk, "start": "15/11/2567", "end": "10/2/2568"}
    stats = overseer.get("/survey/results/", dates).context["stats"]
    assert (stats.start, stats.end, stats.answers) == (date(2024, 11, 1), date(2025, 2, 28), 1)
    # A round chosen wins over dates still in the address.
    chosen = overseer.get("/survey/results/", {**dates, "round": rnd.pk}).context["stats"]
    assert (chosen.start, chosen.end, chosen.answers) == (START, END, 2)


def test_recording_people_served(client_as: Any, pattani: ServiceCentre, rnd: Round) -> None:
    staff = client_as("staff.pattanitown")
    bad = staff.post(
        url(pattani), {"period_start": "1/1/2568", "period_end": "1/12/2567", "people": "0"}
    )
    assert bad.status_code == 200
    assert set(bad.context["people_form"].errors) == {"period_end", "people"}
    unreadable = staff.post(url(pattani), {"period_start": "ไม่รู้", "period_end": "", "people": "5"})
    assert set(unreadable.context["people_form"].errors) == {"period_start", "period_end"}
    assert not PeopleServed.objects.exists()
    for _i in range(3):
        answer(pattani, at(date(2024, 12, 3)), "5" * 16)
    done = staff.post(
        f"{url(pattani)}?round={rnd.pk}",
        {"period_start": "1/10/2567", "period_end": "31/3/2568", "people": "1000"},
    )
    assert done.status_code == 302 and done["Location"] == f"{url(pattani)}?round={rnd.pk}"
    served = PeopleServed.objects.get()
    assert (served.centre, served.period_start, served.people) == (pattani, START, 1000)
    assert AuditEvent.objects.filter(object_type="survey.peopleserved").count() == 1
    # The round's page now checks the sample size: 286 needed for 1,000 people.
    sample = staff.get(done["Location"]).context["stats"].sample
    assert (sample.population, sample.needed, sample.enough) == (1000, 286, False)
    # Overseers read; they do not record.
    assert client_as("overseer.pattani").post(url(pattani), {"people": "5"}).status_code == 403


def test_errors_name_the_field(client_as: Any, pattani: ServiceCentre) -> None:
    bad = client_as("staff.pattanitown").post(
        url(pattani), {"period_start": "1/1/2568", "period_end": "1/12/2567", "people": "0"}
    )
    form = bad.context["people_form"]
    text = bad.content.decode()
    for name in ("period_end", "people"):
        assert f"{form[name].label}: {form.errors[name][0]}" in text


def test_the_centre_page_costs_the_same_queries_however_many_answers(
    client_as: Any, pattani: ServiceCentre, rnd: Round
) -> None:
    staff = client_as("staff.pattanitown")
    # A range that cuts two months, so the answers of the cut days are read too.
    params = {"start": "15/11/2567", "end": "10/2/2568"}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(url(pattani), params).status_code == 200
        return len(captured)

    random_answers(pattani, 5, seed=11)
    few = queries()
    random_answers(pattani, 40, seed=12)
    assert queries() == few
    # Session, account, roles, the centre, rounds, nothing waiting in the intake,
    # questionnaires, December and January's tallies, the cut days' answers, the centre's
    # own questions, comments, the answers left out (suspect, rejected), people served;
    # then the session's own save (a savepoint, the update, its release).
    assert few == 17


def test_word_lists_follow_new_comments_at_most_every_few_minutes(
    pattani: ServiceCentre,
) -> None:
    answer(pattani, at(date(2024, 12, 3)), "5" * 16, comment="ที่จอดรถไม่พอ")
    now = datetime(2025, 4, 1, 9, 0, tzinfo=BANGKOK)
    with time_machine.travel(now, tick=False):
        assert selectors.centre_stats(pattani, START, END).words == [("ที่จอดรถ", 1)]
        for _i in range(2):
            answer(pattani, at(date(2024, 12, 4)), "5" * 16, comment="ห้องน้ำสกปรก")
        # New comments show at once; their words within WORDS_LAG_SECONDS.
        lagging = selectors.centre_stats(pattani, START, END)
        assert len(lagging.comments) == 3 and lagging.words == [("ที่จอดรถ", 1)]
    later = now + timedelta(seconds=selectors.WORDS_LAG_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert selectors.centre_stats(pattani, START, END).words[0] == ("ห้องน้ำ", 2)


def test_an_overlapping_people_served_period_is_refused(
    client_as: Any, pattani: ServiceCentre
) -> None:
    staff = client_as("staff.pattanitown")
    first = {"period_start": "1/10/2567", "period_end": "31/3/2568", "people": "5000"}
    assert staff.post(url(pattani), first).status_code == 302
    again = {"period_start": "1/1/2568", "period_end": "31/1/2568", "people": "800"}
    page = staff.post(url(pattani), again).content.decode()
    assert "ซ้อนทับ" in page
    assert pattani.people_served.count() == 1
