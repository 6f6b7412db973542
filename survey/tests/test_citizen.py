"""The citizen's page: anonymous, light, Thai first; answers counted, or kept and
flagged when they look like abuse."""

import io
import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from registry.models import Counter
from survey import intake
from survey.models import Arrival, Response, Tally
from survey.questionnaire import current

PAGE_BUDGET = 50 * 1024
FORM_ENCODED = "application/x-www-form-urlencoded"


@pytest.fixture
def counter(world: Any) -> Counter:
    return world["5940101"].centres.get().counters.get(number=1)


def answers(client: Client, counter: Counter, **overrides: str) -> dict[str, str]:
    """Open the page (as a person does) and fill every item: 5s, one 4."""
    page = client.get(f"/q/{counter.survey_code}/").content.decode()
    started = re.search(r'name="started" value="([^"]+)"', page)
    assert started
    data = {code: "5" for code in current().item_codes}
    data.update(
        {"P2": "4", "started": started.group(1), "r-sex": "f", "r-age": "a3", "comment": ""}
    )
    data.update(overrides)
    return data


def send(
    client: Client, counter: Counter, data: dict[str, str], *, after: int = 30, fold: bool = True
) -> Any:
    """Send the form `after` seconds, encoded as a browser sends it; then, unless told
    not to, the intake process folds it (as `manage.py survey_intake` does within a
    second)."""
    with time_machine.travel(timezone.now() + timedelta(seconds=after)):
        response = client.post(
            f"/q/{counter.survey_code}/", urlencode(data), content_type=FORM_ENCODED
        )
    if fold:
        call_command("survey_intake", "--once", stdout=io.StringIO())
    return response


def test_the_page_is_light_anonymous_and_thai(counter: Counter) -> None:
    response = Client().get(f"/q/{counter.survey_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < PAGE_BUDGET  # and it loads nothing else:
    assert "<script" not in html and "<img" not in html and 'rel="stylesheet"' not in html
    assert '<html lang="th">' in html
    assert "ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี" in html
    assert "ขั้นตอนการให้บริการไม่ยุ่งยาก ซับซ้อน" in html
    assert "ไม่เก็บชื่อ เลขประจำตัว หรือข้อมูลติดต่อ" in html  # the PDPA notice
    # Every scale choice is a labelled radio inside a fieldset with a legend.
    assert html.count('type="radio"') == 5 * len(current().item_codes)
    assert html.count("<legend>") >= len(current().item_codes)


def test_the_page_in_english(counter: Counter) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": f"/q/{counter.survey_code}/"})
    html = client.get(f"/q/{counter.survey_code}/").content.decode()
    assert '<html lang="en">' in html and "The steps were simple" in html


def test_an_answer_is_counted_in_the_month_tally(counter: Counter) -> None:
    client = Client()
    response = send(client, counter, answers(client, counter))
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    stored = Response.objects.get()
    assert stored.status == "counted" and stored.respondent == {"sex": "f", "age": "a3"}
    assert stored.scores == "".join("4" if c == "P2" else "5" for c in current().item_codes)
    tally = Tally.objects.get(centre=counter.centre)
    assert tally.responses == 1 and tally.counts["P2"] == [0, 0, 0, 1, 0]
    province = Tally.objects.get(centre=None, province_id="94")
    assert province.counts["O1"] == [0, 0, 0, 0, 1]
    assert "ขอบคุณ" in client.get(response["Location"]).content.decode()


def test_a_missing_answer_is_asked_for_and_nothing_is_lost(counter: Counter) -> None:
    client = Client()
    data = answers(client, counter, comment="ที่จอดรถไม่พอ")
    del data["S3"]
    page = send(client, counter, data).content.decode()
    assert "โปรดตอบข้อที่มีเครื่องหมายด้านล่าง" in page
    assert "ที่จอดรถไม่พอ" in page
    assert re.search(r'name="P2" value="4"[^>]*checked', page)  # what was chosen stays chosen
    assert not Response.objects.exists()


def test_too_fast_is_kept_but_not_counted(counter: Counter) -> None:
    client = Client()
    send(client, counter, answers(client, counter), after=2)
    stored = Response.objects.get()
    assert (stored.status, stored.reasons) == ("suspect", ["too_fast"])
    assert not Tally.objects.exists()


@pytest.mark.parametrize("change", ["forged", "stale", "missing"])
def test_a_page_time_that_cannot_be_trusted_is_kept_but_not_counted(
    counter: Counter, change: str
) -> None:
    """The time the page was served: a form whose stamp was changed (to look slow), or
    that was served more than a day before, or that has none, proves nothing."""
    client = Client()
    data = answers(client, counter)
    _stamp, mac = data["started"].split(":")
    after = 30
    if change == "forged":
        earlier = int(timezone.now().timestamp()) - 600
        data["started"] = f"{signing.b62_encode(earlier)}:{mac}"
    elif change == "stale":
        after = 24 * 3600 + 60
    else:
        del data["started"]
    send(client, counter, data, after=after)
    stored = Response.objects.get()
    assert (stored.status, stored.reasons) == ("suspect", ["no_start"])
    assert not Tally.objects.exists()


def test_a_robot_filling_the_honeypot_is_flagged(counter: Counter) -> None:
    client = Client()
    send(client, counter, answers(client, counter, website="http://spam.example"))
    assert Response.objects.get().reasons == ["honeypot"]


def test_the_same_answer_twice_is_suppressed(counter: Counter) -> None:
    client = Client()
    data = answers(client, counter)
    send(client, counter, data)
    send(client, counter, answers(client, counter), after=60)
    first, second = Response.objects.order_by("submitted_at")
    assert first.status == "counted"
    assert (second.status, second.reasons) == ("suspect", ["repeat"])
    assert Tally.objects.get(centre=counter.centre).responses == 1


def test_a_burst_from_one_device_is_flagged(counter: Counter, settings: Any) -> None:
    settings.SURVEY_PER_DEVICE = 2
    client = Client()
    for n, score in enumerate(["1", "2", "3"]):
        send(client, counter, answers(client, counter, O1=score), after=30 + n * 60)
    statuses = list(Response.objects.order_by("submitted_at").values_list("status", flat=True))
    assert statuses == ["counted", "counted", "suspect"]


def test_a_burst_folded_in_one_batch_is_judged_answer_by_answer(
    counter: Counter, settings: Any
) -> None:
    settings.SURVEY_PER_DEVICE = 2
    client = Client()
    for n, score in enumerate(["1", "2", "3", "3"]):
        send(client, counter, answers(client, counter, O1=score), after=30 + n, fold=False)
    assert Arrival.objects.count() == 4 and not Response.objects.exists()
    assert intake.fold() == 4
    assert not Arrival.objects.exists()
    stored = Response.objects.order_by("pk")
    assert [r.reasons for r in stored] == [[], [], ["device_burst"], ["repeat"]]
    assert Tally.objects.get(centre=counter.centre).responses == 2


def test_an_answer_waits_for_the_intake_and_the_figures_say_so(
    counter: Counter, client_as: Any
) -> None:
    client = Client()
    send(client, counter, answers(client, counter), fold=False)
    assert Arrival.objects.count() == 1 and not Tally.objects.exists()
    results = f"/survey/centres/{counter.centre.pk}/results/"
    staff = client_as("admin.pattanitown")
    # Reading the figures folds nothing: the page says the answer is still coming.
    page = staff.get(results).content.decode()
    assert "อีก 1 คำตอบที่ส่งมาแล้วกำลังนับ" in page
    # So do the area's, for the areas the answer belongs to only.
    province = client_as("overseer.pattani").get("/survey/results/").content.decode()
    assert "อีก 1 คำตอบที่ส่งมาแล้วกำลังนับ" in province
    elsewhere = client_as("overseer.chiangmai").get("/survey/results/").content.decode()
    assert "กำลังนับ" not in elsewhere
    assert Arrival.objects.count() == 1 and not Tally.objects.exists()
    # The intake process folds it (`manage.py survey_intake`): counted, nothing waits.
    assert intake.fold() == 1
    page = staff.get(results).content.decode()
    assert "กำลังนับ" not in page
    assert Tally.objects.get(centre=counter.centre).responses == 1


def test_a_burst_from_one_network_is_flagged(counter: Counter, settings: Any) -> None:
    settings.SURVEY_PER_NETWORK = 2
    for n, score in enumerate(["1", "2", "3"]):
        client = Client(REMOTE_ADDR="203.0.113.9")  # a new device each time
        send(client, counter, answers(client, counter, O1=score), after=30 + n)
    stored = Response.objects.order_by("submitted_at")
    assert [r.status for r in stored] == ["counted", "counted", "suspect"]
    assert stored.last().reasons == ["network_burst"]
    # Only salted hashes are kept: nothing in the row says 203.0.113.9.
    assert all("203.0.113" not in r.network_hash and len(r.network_hash) == 64 for r in stored)


def test_a_closed_counter_says_so(counter: Counter) -> None:
    Counter.objects.filter(pk=counter.pk).update(is_active=False)
    html = Client().get(f"/q/{counter.survey_code}/").content.decode()
    assert "ช่องบริการนี้ปิดให้บริการ" in html
    assert 'type="radio"' not in html


def test_an_unknown_code_is_not_found(db: Any) -> None:
    assert Client().get("/q/NOSUCHCD/").status_code == 404


def test_a_reviewer_counts_a_suspect_answer(counter: Counter, client_as: Any) -> None:
    client = Client()
    send(client, counter, answers(client, counter), after=1)
    suspect = Response.objects.get()
    centre = "ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี"
    assert centre not in client_as("overseer.chiangmai").get("/survey/suspect/").content.decode()
    # The unit rated is told its answer waits, but does not decide it.
    own = client_as("admin.pattanitown").get("/survey/suspect/").content.decode()
    assert "คำตอบที่น่าสงสัย 1 รายการของศูนย์ในหน่วยงานของท่าน" in own
    client_as("overseer.chiangmai").post(
        "/survey/suspect/", {"answer": suspect.pk, "decision": "count"}
    )
    suspect.refresh_from_db()
    assert suspect.status == "suspect"  # not theirs to decide
    page = client_as("reviewer").get("/survey/suspect/").content.decode()
    assert "เร็วเกินกว่า" in page
    client_as("reviewer").post("/survey/suspect/", {"answer": suspect.pk, "decision": "count"})
    suspect.refresh_from_db()
    assert suspect.status == "counted"
    assert Tally.objects.get(centre=counter.centre).responses == 1


def test_a_program_without_the_cookie_is_kept_as_suspect(counter: Counter) -> None:
    client = Client()
    data = answers(client, counter)
    client.cookies.pop("saduak_device", None)
    send(client, counter, data)
    assert Response.objects.get().reasons == ["no_device"]
    assert not Tally.objects.exists()


def test_a_long_comment_is_refused_with_a_visible_message(counter: Counter) -> None:
    client = Client()
    page = send(client, counter, answers(client, counter, comment="ก" * 2001)).content.decode()
    assert "ไม่เกิน 2000 ตัวอักษร" in page
    assert not Response.objects.exists()
    # Line breaks count once, as the browser counted them.
    send(client, counter, answers(client, counter, comment="ก\r\n" * 1000))
    assert Response.objects.get().comment == ("ก\n" * 1000).strip()


def test_an_odd_code_is_simply_not_found(db: Any) -> None:
    assert Client().get("/q/%00/").status_code == 404
    assert Client().get("/q/ABC%2F..%2F/").status_code == 404


def test_contact_details_in_a_comment_are_removed_as_the_page_says(counter: Counter) -> None:
    client = Client()
    page = client.get(f"/q/{counter.survey_code}/").content.decode()
    assert "หมายเลขโทรศัพท์ อีเมล และเลขประจำตัวที่เขียนไว้ที่นี่จะถูกลบออก" in page
    comment = (
        "รอ 45 นาที ติดต่อกลับ 081-234-5678 หรือ ๐๒๑๒๓๔๕๖๗ "
        "somchai@example.com บัตร 1-2345-67890-12-3 ปี 2568"
    )
    send(client, counter, answers(client, counter, comment=comment))
    assert Response.objects.get().comment == ("รอ 45 นาที ติดต่อกลับ […] หรือ […] […] บัตร […] ปี 2568")
