"""One reading of the citizen's answer (survey/answers.py): what it accepts and what it
says is wrong, and that the quick path (a form sent exactly right, taken without the
page) and the page path (anything else) take and refuse the same answers."""

import re
from datetime import timedelta
from html import unescape
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.models import Counter
from survey import answers, questionnaire
from survey.models import Arrival, LocalQuestion, Questionnaire
from survey.tests.test_citizen import FORM_ENCODED

LOCAL = {"local-7": 7}


@pytest.fixture
def version(db: Any) -> Questionnaire:
    return questionnaire.current()


def good(version: Questionnaire, **changes: str) -> dict[str, str]:
    body = {code: "4" for code in version.item_codes}
    body.update({"r-sex": "f", "comment": "", "started": "token", "website": ""})
    body.update(changes)
    return body


def test_a_good_body_is_read_into_the_answer(version: Questionnaire) -> None:
    body = good(version, P1="5", comment="  บริการดี\r\nมาก  ", started=" t ", **{"local-7": "2"})
    body["local-9"] = "5"  # a question the centre does not ask (any more): ignored
    reading = answers.read(body, version, LOCAL)
    assert reading.errors == {}
    assert reading.answer == {
        "scores": "5" + "4" * (len(version.item_codes) - 1),
        "local_scores": {"7": 2},
        "respondent": {"sex": "f"},
        "comment": "บริการดี\nมาก",  # stripped; a line break counted and kept once
        "started": "t",
        "website": "",
    }


def test_what_may_be_left_out(version: Questionnaire) -> None:
    body = {code: "3" for code in version.item_codes}  # nothing else at all
    reading = answers.read(body, version, LOCAL)
    assert reading.errors == {}
    assert reading.answer is not None
    assert (reading.answer["local_scores"], reading.answer["respondent"]) == ({}, {})


BAD = [
    # (what is changed, the fields said to be wrong)
    ({"P1": ""}, {"P1"}),
    ({"P1": "0", "O1": "6"}, {"P1", "O1"}),
    ({"P2": " 5"}, {"P2"}),
    ({"P3": "5 "}, {"P3"}),
    ({"P4": "x"}, {"P4"}),
    ({"P5": "\x00"}, {"P5"}),
    ({"local-7": "9"}, {"local-7"}),
    ({"r-sex": "z"}, {"r-sex"}),
    ({"r-age": "f"}, {"r-age"}),  # a code of another question
    ({"comment": "ก" * 2001}, {"comment"}),
    ({"comment": "a\x00b"}, {"comment"}),
    ({"comment": "ก\x00" * 2000}, {"comment"}),  # said once, for the null character
    ({"started": "t\x00"}, {"started"}),
    ({"website": "\x00"}, {"website"}),
]


@pytest.mark.parametrize(("changes", "wrong"), BAD)
def test_a_bad_body_says_which_fields_are_wrong(
    version: Questionnaire, changes: dict[str, str], wrong: set[str]
) -> None:
    reading = answers.read(good(version, **changes), version, LOCAL)
    assert reading.answer is None
    assert set(reading.errors) == wrong
    assert all(reading.errors.values())


def test_the_messages_say_what_to_do_in_thai(version: Questionnaire) -> None:
    body = good(version, P1="", P2="6", comment="ก" * 2001, website="\x00")
    errors = answers.read(body, version, LOCAL).errors
    assert errors == {
        "P1": "โปรดเลือกหนึ่งข้อ",
        "P2": "โปรดเลือกจากคำตอบที่มีให้เลือก",
        "comment": "โปรดพิมพ์ไม่เกิน 2000 ตัวอักษร",
        "website": "มีอักขระ null ซึ่งไม่อนุญาตให้ใช้",
    }


def test_a_comment_of_2000_characters_with_line_breaks_is_read(version: Questionnaire) -> None:
    # 1000 lines sent as \r\n are 2999 characters as sent, 1999 as typed.
    reading = answers.read(good(version, comment="ก\r\n" * 1000), version, LOCAL)
    assert reading.answer is not None and reading.answer["comment"] == ("ก\n" * 1000).strip()


# --- the two paths agree ------------------------------------------------------------------


@pytest.fixture
def counter(world: Any) -> Counter:
    return world["5940101"].centres.get().counters.get(number=1)


def _sent(client: Client, counter: Counter, body: dict[str, str], *, quick: bool) -> Any:
    """POST the body urlencoded (the quick path reads it) or as multipart (which the
    quick path leaves to the page)."""
    url = f"/q/{counter.survey_code}/"
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        if quick:
            return client.post(url, urlencode(body), content_type=FORM_ENCODED)
        return client.post(url, body)


def _kept() -> Any:
    arrival = Arrival.objects.order_by("-pk").first()
    if arrival is None:
        return None
    return (
        arrival.scores,
        arrival.local_scores,
        arrival.respondent,
        arrival.comment,
        arrival.reasons,
    )


def _shown_errors(page: str) -> dict[str, str]:
    """The errors the page shows beside the items (core and local), by field name."""
    return {
        name: unescape(text)
        for name, text in re.findall(r'<p class="e" id="id_([^"]+)_e">([^<]*)</p>', page)
    }


def _both_paths(counter: Counter, asked: LocalQuestion, body: dict[str, str]) -> None:
    version = questionnaire.current()
    reading = answers.read(body, version, {asked.code: asked.pk})
    results = []
    for quick in (True, False):
        client = Client()
        client.get(f"/q/{counter.survey_code}/")  # the device cookie, as a browser has it
        with transaction.atomic():
            response = _sent(client, counter, body, quick=quick)
            results.append((response.status_code, _kept()))
            page = response.content.decode()
            transaction.set_rollback(True)
        if reading.answer is None:
            assert response.status_code == 200
            # Beside each item (core or local) its own error, and beside no other.
            beside_items = {
                name: message
                for name, message in reading.errors.items()
                if name not in answers.FREE_TEXT and not name.startswith("r-")
            }
            assert _shown_errors(page) == beside_items
            for name, message in reading.errors.items():
                assert message in page, name
        else:
            assert response.status_code == 302
            assert results[-1][1][:4] == (
                reading.answer["scores"],
                reading.answer["local_scores"],
                reading.answer["respondent"],
                reading.answer["comment"],
            )
    assert results[0] == results[1], body


def _page_body(client: Client, counter: Counter) -> dict[str, str]:
    page = client.get(f"/q/{counter.survey_code}/").content.decode()
    started = re.search(r'name="started" value="([^"]+)"', page)
    assert started
    return {"started": started.group(1)}


@pytest.mark.django_db(transaction=False)
def test_the_quick_path_and_the_page_agree_on_good_and_bad_bodies(counter: Counter) -> None:
    asked = LocalQuestion.objects.create(centre=counter.centre, text_th="ความสะอาด")
    version = questionnaire.current()
    base = {**good(version), **_page_body(Client(), counter)}
    bodies = [base, {**base, asked.code: "5"}, {**base, "comment": "ก\r\n" * 1000}]
    for changes, _wrong in BAD:
        changes = {asked.code if k == "local-7" else k: v for k, v in changes.items()}
        bodies.append({**base, **changes})
    for body in bodies:
        _both_paths(counter, asked, body)


CHOICES = ["", "1", "3", "5", "0", "6", "x", " 5", "5 ", "\x00", "f", "a3"]


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_the_paths_agree_on_made_up_bodies(world: Any, data: st.DataObject) -> None:
    counter = world["5940101"].centres.get().counters.get(number=1)
    asked, _made = LocalQuestion.objects.get_or_create(centre=counter.centre, text_th="สะอาด")
    version = questionnaire.current()
    fields = [*version.item_codes, asked.code, "local-99999"]
    fields += [f"r-{p['code']}" for p in version.content["respondent"]]
    body = data.draw(st.dictionaries(st.sampled_from(fields), st.sampled_from(CHOICES)))
    # Mostly complete forms, so that good ones are common.
    for code in version.item_codes:
        if data.draw(st.integers(0, 9)):
            body.setdefault(code, data.draw(st.sampled_from("12345")))
    body["comment"] = data.draw(
        st.sampled_from(["", "  บริการดี  ", "ก\r\nข", "ก" * 2000, "ก" * 2001, "a\x00b"])
    )
    body["website"] = data.draw(st.sampled_from(["", " ", "http://spam.example"]))
    body["started"] = " token "
    _both_paths(counter, asked, body)
