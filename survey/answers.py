"""Reading a citizen's answer: the one place that says what an answer sent from the page
is, and what is wrong with it.

Both ways an answer comes in read it here: a form sent exactly right, taken at once
without building the page (survey/public.py `_take_quickly`, the busiest request at a
national peak), and the page itself, whose form (survey/forms.py AnswerForm) only
draws the questions and shows the errors found here beside their fields. One reading,
so the two can never disagree on what is accepted.
"""

from collections.abc import Mapping
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from survey.models import Questionnaire

COMMENT_LIMIT = 2000
SCORES = frozenset("12345")
FREE_TEXT = ("comment", "started", "website")


class Reading(NamedTuple):
    """What was read: the answer (None if anything is wrong) and, by form field name,
    what is wrong (empty when the answer was read)."""

    answer: dict[str, Any] | None
    errors: dict[str, str]


_layouts: dict[str, tuple[list[str], dict[str, frozenset[str]]]] = {}


def _layout(questionnaire: Questionnaire) -> tuple[list[str], dict[str, frozenset[str]]]:
    """The version's scored items, and the codes each respondent question allows; kept
    per content (a stored version never changes)."""
    found = _layouts.get(questionnaire.content_hash)
    if found is None:
        parts = {
            f"r-{p['code']}": frozenset(c["code"] for c in p["choices"])
            for p in questionnaire.content["respondent"]
        }
        found = _layouts[questionnaire.content_hash] = (questionnaire.item_codes, parts)
    return found


def read(
    data: Mapping[str, str], questionnaire: Questionnaire, local: Mapping[str, int]
) -> Reading:
    """Read the form's fields (`data`, the last value of each name) against the
    questionnaire version and the centre's local questions asked now (`local`: their
    form names mapped to their ids; answers to others are ignored).

    Every scored item of the core needs a score 1-5; local questions and the questions
    about the respondent may be left out, but what is given must be one of their
    choices; the comment is at most COMMENT_LIMIT characters, a line break counted once
    as the browser counts it (it sends two, \\r\\n); no free text holds a null
    character. The answer's keys: scores (one digit per item), local_scores, respondent,
    comment, started, website (free texts stripped, as Django's forms strip them).

    Written for speed: a body read right goes through each loop once and makes no
    message; only a wrong one is gone over again to say what is wrong with it."""
    codes, parts = _layout(questionnaire)
    errors: dict[str, str] = {}
    scores = [data.get(code, "") for code in codes]
    if not all(score in SCORES for score in scores):
        for code, score in zip(codes, scores, strict=True):
            if score not in SCORES:
                errors[code] = _("Choose one.") if score == "" else _not_offered()
    respondent = {}
    for name, allowed in parts.items():
        value = data.get(name, "")
        if value:
            if value in allowed:
                respondent[name[2:]] = value
            else:
                errors[name] = _not_offered()
    local_scores = {}
    for name, question_id in local.items():
        value = data.get(name, "")
        if value:
            if value in SCORES:
                local_scores[str(question_id)] = int(value)
            else:
                errors[name] = _not_offered()
    comment, started, website = (
        data.get("comment", ""),
        data.get("started", ""),
        data.get("website", ""),
    )
    if "\x00" in comment or "\x00" in started or "\x00" in website:
        for name, value in zip(FREE_TEXT, (comment, started, website), strict=True):
            if "\x00" in value:
                errors[name] = _("Null characters are not allowed.")
    comment = comment.strip().replace("\r\n", "\n")
    if len(comment) > COMMENT_LIMIT and "comment" not in errors:
        errors["comment"] = _("At most %(n)s characters, please.") % {"n": COMMENT_LIMIT}
    if errors:
        return Reading(None, errors)
    answer = {
        "scores": "".join(scores),
        "local_scores": local_scores,
        "respondent": respondent,
        "comment": comment,
        "started": started.strip(),
        "website": website.strip(),
    }
    return Reading(answer, errors)


def _not_offered() -> str:
    return _("Choose one of the answers offered.")
