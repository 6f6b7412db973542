"""The questionnaire format and the one reading of an answer (campaigns/questionnaire.py)."""

import copy

import pytest
from django.http import QueryDict

from campaigns import questionnaire as q


@pytest.fixture
def content():
    return q.read_file(q.TEMPLATES["incentive-needs"])


def form(**fields):
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        for v in value if isinstance(value, list) else [value]:
            data.appendlist(name.replace("__", "-"), v)
    return data


def test_the_shipped_template_reads_in_thai_and_english(content):
    codes = [x["code"] for x in q.questions(content)]
    assert codes[:2] == ["wanted", "most_wanted"] and "level" in codes
    assert all(x["th"] and x["en"] for x in q.questions(content))
    costs = {c["code"] for c in q.question_map(content)["wanted"]["choices"] if c.get("costs")}
    assert costs == {"budget", "training", "bonus"}


def test_a_complete_answer_is_stored_by_codes(content):
    reading = q.read_answers(
        content,
        form(
            **{
                "q-wanted": ["points", "budget"],
                "q-most_wanted__1": "budget",
                "q-most_wanted__2": "awards",
                "q-most_wanted__3": "points",
                "q-paid_or_free": "both",
                "q-motivation": "4",
                "q-budget_needed": "๑,๕๐๐.๕๐",
                "q-obstacles": "it",
                "q-level": "basic",
                "q-biggest_obstacle": "  ขาด   คน ",
            }
        ),
        complete=True,
    )
    assert reading.errors == {}
    assert reading.answers["wanted"] == ["budget", "points"]  # in the question's order
    assert reading.answers["most_wanted"] == ["budget", "awards", "points"]
    assert reading.answers["motivation"] == 4
    assert reading.answers["budget_needed"] == "1500.5"
    assert reading.answers["biggest_obstacle"] == "ขาด คน"


def test_what_the_question_does_not_offer_is_an_error_never_dropped(content):
    reading = q.read_answers(
        content,
        form(
            **{
                "q-wanted": ["budget", "holiday"],
                "q-level": "platinum",
                "q-motivation": "6",
                "q-budget_needed": "lots",
                "q-most_wanted__1": "budget",
                "q-most_wanted__2": "budget",
                "q-most_wanted__3": "points",
            }
        ),
        complete=False,
    )
    assert set(reading.errors) == {"wanted", "level", "motivation", "budget_needed", "most_wanted"}
    assert reading.errors["most_wanted"] == "ตัวเลือกหนึ่งใส่ได้เพียงอันดับเดียว ห้ามเลือกซ้ำ"
    assert reading.answers == {}


def test_a_draft_may_leave_questions_out_a_final_send_may_not(content):
    assert q.read_answers(content, form(**{"q-level": "basic"}), complete=False).ok
    final = q.read_answers(content, form(**{"q-level": "basic"}), complete=True)
    assert "wanted" in final.errors and "level" not in final.errors
    assert "suggestions" not in final.errors  # not required


def test_a_questionnaire_with_a_repeated_code_is_refused_naming_the_place(content):
    broken = copy.deepcopy(content)
    broken["sections"][1]["questions"][0]["code"] = "wanted"
    with pytest.raises(q.QuestionnaireError, match=r"sections\[1\].questions\[0\].*twice"):
        q.check(broken)


@pytest.mark.django_db
def test_a_stored_version_never_changes(content):
    first = q.template("incentive-needs")
    assert q.template("incentive-needs").pk == first.pk
    changed = copy.deepcopy(content)
    changed["title_th"] = "อื่น"
    with pytest.raises(q.QuestionnaireError, match="cannot change"):
        q.store(changed)
    changed["version"] = 2
    assert q.store(changed).version == 2


def test_stored_answers_show_again_in_the_form(content):
    answers = {"most_wanted": ["a", "b"], "wanted": ["budget"], "motivation": 3}
    data = q.as_form_data(content, answers)
    assert data["q-most_wanted-1"] == ["a"] and data["q-wanted"] == ["budget"]
    assert data["q-motivation"] == ["3"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("๑,๕๐๐", "1500"), ("12.50", "12.5"), ("-0", "0"), (".5", "0.5"), (" 2 000 ", "2000")],
)
def test_numbers_are_read_as_people_type_them(content, typed, stored):
    reading = q.read_answers(content, form(**{"q-budget_needed": typed}), complete=False)
    assert reading.answers == {"budget_needed": stored}


@pytest.mark.parametrize(
    "typed", ["1e10000000", "1e-999999", "1_000", "NaN", "Infinity", "1" * 16, "0.1234567", "--1"]
)
def test_a_number_beyond_what_people_type_is_refused_not_stored(content, typed):
    reading = q.read_answers(content, form(**{"q-budget_needed": typed}), complete=False)
    assert reading.answers == {}
    assert reading.errors == {"budget_needed": "กรุณากรอกตัวเลข เช่น 1500 หรือ 12.5"}


def test_a_text_with_a_nul_or_another_control_character_is_refused(content):
    for text in ["a\x00b", "a\x1bb", "a\x7fb"]:
        reading = q.read_answers(content, form(**{"q-suggestions": text}), complete=False)
        assert reading.answers == {} and "suggestions" in reading.errors
    kept = q.read_answers(content, form(**{"q-suggestions": "บรรทัด\r\nสอง\tแท็บ"}), complete=False)
    assert kept.answers == {"suggestions": "บรรทัด\r\nสอง\tแท็บ"}
