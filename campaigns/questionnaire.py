"""A campaign's questionnaire as data: its format, its check, its stored versions, and
the one reading of what a person answered.

A questionnaire is a mapping (a YAML file in campaigns/data/ for the shipped templates,
or built on the campaign's pages), in Thai with English beside it:

    code, version, title_th, title_en, intro_th, intro_en
    sections: [{code, th, en, questions: [...]}]
    question: {code, kind, th, en, required, help_th, help_en, ...}
      kind single | several | ranking: choices [{code, th, en, costs}] (costs: the
                                 choice costs money, for the incentive questions)
      kind ranking:              rank, how many places to fill (2 to the choices' count)
      kind scale:                the 5-level scale, 5 = มากที่สุด … 1 = น้อยที่สุด
      kind number:               min, max, unit_th, unit_en (whole or decimal numbers)
      kind short_text | long_text: max_length

Question codes are unique in the questionnaire, choice codes in their question: answers
are stored by them, `{question code: value}`:

    single: "code"    several: ["code", …]    ranking: ["first", "second", …]
    scale: 1..5       number: "12.5" (a decimal as text, exact)    texts: "…"

A stored version (campaigns.models.Questionnaire) never changes: a changed questionnaire
is stored as the next version, and every response keeps the version it answered.
"""

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Questionnaire

DATA = Path(__file__).parent / "data"
TEMPLATES = {"incentive-needs": DATA / "incentive-needs-v1.yaml"}

SINGLE, SEVERAL, RANKING, SCALE, NUMBER, SHORT_TEXT, LONG_TEXT = (
    "single",
    "several",
    "ranking",
    "scale",
    "number",
    "short_text",
    "long_text",
)
KINDS = {
    SINGLE: gettext_lazy("One choice"),
    SEVERAL: gettext_lazy("Several choices"),
    RANKING: gettext_lazy("Ranking"),
    SCALE: gettext_lazy("5-level scale"),
    NUMBER: gettext_lazy("Amount (a number)"),
    SHORT_TEXT: gettext_lazy("Short text"),
    LONG_TEXT: gettext_lazy("Long text"),
}
WITH_CHOICES = (SINGLE, SEVERAL, RANKING)
TEXTS = (SHORT_TEXT, LONG_TEXT)
# DOMAIN.md §3: 5 = มากที่สุด (most) … 1 = น้อยที่สุด (least).
SCALE_LABELS = {
    5: gettext_lazy("Most"),
    4: gettext_lazy("Much"),
    3: gettext_lazy("Moderate"),
    2: gettext_lazy("Little"),
    1: gettext_lazy("Least"),
}
TEXT_LIMITS = {SHORT_TEXT: 200, LONG_TEXT: 4000}
MAX_QUESTIONS = 60
MAX_CHOICES = 20
# The form's field of a question: q-<code>; a ranking's places q-<code>-1, q-<code>-2, …
FIELD_PREFIX = "q-"


class QuestionnaireError(Exception):
    """The questionnaire itself is wrong: the message names where."""


def questions(content: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every question, in order."""
    return [q for section in content["sections"] for q in section["questions"]]


def question_map(content: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["code"]: q for q in questions(content)}


def field_name(question: Mapping[str, Any], place: int | None = None) -> str:
    name = f"{FIELD_PREFIX}{question['code']}"
    return name if place is None else f"{name}-{place}"


def check(content: Any, *, source: str = "questionnaire", draft: bool = False) -> dict[str, Any]:
    """The content if it is a questionnaire this module can ask and read; otherwise
    QuestionnaireError naming the place (`source`, the section, the question). A
    `draft` (a campaign's questionnaire while it is built) may have a section with no
    question yet; a campaign is launched only with a questionnaire that passes in full."""

    def need(condition: bool, where: str, message: str) -> None:
        if not condition:
            raise QuestionnaireError(f"{source}, {where}: {message}")

    need(isinstance(content, dict), "(top)", "must be a mapping")
    for key in ("code", "version", "title_th", "sections"):
        need(bool(content.get(key)), key, "missing")
    need(isinstance(content["version"], int) and content["version"] >= 1, "version", "1 or more")
    seen: set[str] = set()
    for s, section in enumerate(content["sections"]):
        where = f"sections[{s}]"
        need(bool(section.get("th")), where, "needs a Thai title (th)")
        need(draft or bool(section.get("questions")), where, "needs at least one question")
        for i, question in enumerate(section.get("questions") or []):
            here = f"{where}.questions[{i}]"
            code = question.get("code")
            need(isinstance(code, str) and code.isidentifier(), here, "code: letters, digits, _")
            need(code not in seen, here, f"code {code} is used twice")
            seen.add(code)
            need(bool(question.get("th")), here, "needs the question in Thai (th)")
            kind = question.get("kind")
            need(kind in KINDS, here, f"kind must be one of {', '.join(KINDS)}")
            if kind in WITH_CHOICES:
                choices = question.get("choices") or []
                codes = [c.get("code") for c in choices]
                need(2 <= len(choices) <= MAX_CHOICES, here, f"2 to {MAX_CHOICES} choices")
                need(all(isinstance(c, str) and c for c in codes), here, "every choice a code")
                need(len(set(codes)) == len(codes), here, "choice codes must differ")
                need(all(c.get("th") for c in choices), here, "every choice in Thai (th)")
            if kind == RANKING:
                rank = question.get("rank")
                need(
                    isinstance(rank, int) and 2 <= rank <= len(question["choices"]),
                    here,
                    "rank: 2 to the number of choices",
                )
            if kind == NUMBER:
                low, high = question.get("min"), question.get("max")
                need(low is None or isinstance(low, int | float), here, "min must be a number")
                need(high is None or isinstance(high, int | float), here, "max must be a number")
                need(low is None or high is None or low <= high, here, "min above max")
            if kind in TEXTS:
                limit = question.get("max_length", TEXT_LIMITS[kind])
                need(
                    isinstance(limit, int) and 1 <= limit <= TEXT_LIMITS[kind],
                    here,
                    f"max_length: 1 to {TEXT_LIMITS[kind]}",
                )
    need(len(seen) <= MAX_QUESTIONS, "sections", f"at most {MAX_QUESTIONS} questions")
    return content


def read_file(path: Path) -> dict[str, Any]:
    return check(yaml.safe_load(path.read_text(encoding="utf-8")), source=path.name)


def digest(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def store(content: dict[str, Any], *, draft: bool = False) -> Questionnaire:
    """Store a version, or return it if stored; a stored version never changes."""
    content = check(content, draft=draft)
    found = Questionnaire.objects.filter(code=content["code"], version=content["version"]).first()
    if found is not None:
        if found.content_hash != digest(content):
            raise QuestionnaireError(
                f"{content['code']} version {content['version']} is stored and cannot change"
            )
        return found
    return Questionnaire.objects.create(
        code=content["code"],
        version=content["version"],
        content=content,
        content_hash=digest(content),
    )


def template(code: str) -> Questionnaire:
    """A shipped template's stored version (stored on first use)."""
    return store(read_file(TEMPLATES[code]))


# --- reading an answer ------------------------------------------------------------------


@dataclass
class Reading:
    """What a person sent, read against the questionnaire: the answers as stored, and
    a translated message per question code for what cannot be taken."""

    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


# A number answer is what a person types for a budget, a count, a share: at most 15
# digits before the point and 6 after. Anything beyond is a typing mistake or an attack
# (1e-999999 is a million characters once written out).
NUMBER_DIGITS = re.compile(r"[+-]?(\d{1,15}(\.\d{0,6})?|\.\d{1,6})")


def parse_number(text: str) -> Decimal | None:
    """A number as people type it: Thai or Arabic digits, thousands commas, spaces; no
    exponent, at most 15 digits before the point and 6 after."""
    cleaned = text.translate(THAI_DIGITS).replace(",", "").replace(" ", "").strip()
    if not NUMBER_DIGITS.fullmatch(cleaned):
        return None
    value = Decimal(cleaned)
    return value if value else Decimal(0)  # "-0" is 0


# Characters no answer needs and PostgreSQL cannot store (NUL) or a reader cannot see:
# the C0 controls but tab, line feed and carriage return, and DEL.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _values(data: Any, name: str) -> list[str]:
    getlist = getattr(data, "getlist", None)
    raw = getlist(name) if getlist else data.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    return [str(v).strip() for v in raw if str(v).strip()]


def read_answers(content: Mapping[str, Any], data: Any, *, complete: bool) -> Reading:
    """The one reading of a filled questionnaire (`data`: a QueryDict, or a mapping of
    field name to a value or a list of values). With `complete`, every required question
    must be answered (a final send); without, only what is given is checked (a draft).
    A value the question does not offer is an error, never dropped."""
    reading = Reading()
    for question in questions(content):
        code, kind = question["code"], question["kind"]
        error = _read_one(question, data, reading.answers)
        if error:
            reading.errors[code] = error
        elif complete and question.get("required") and code not in reading.answers:
            reading.errors[code] = str(
                _("Rank %(n)s choices.") % {"n": question["rank"]}
                if kind == RANKING
                else _("This question must be answered.")
            )
    return reading


def _read_one(question: Mapping[str, Any], data: Any, answers: dict[str, Any]) -> str | None:
    """Put the question's answer into `answers` if one was given; the error if it is
    not one the question takes."""
    code, kind = question["code"], question["kind"]
    offered = {c["code"] for c in question.get("choices", [])}
    if kind == RANKING:
        places = [
            (_values(data, field_name(question, p)) or [""])[0]
            for p in range(1, question["rank"] + 1)
        ]
        given = [p for p in places if p]
        if not given:
            return None
        if any(p not in offered for p in given):
            return str(_("Choose among the options given."))
        if len(set(given)) != len(given):
            return str(_("Each choice can take only one place in the ranking."))
        if len(given) != len(places) or "" in places[: len(given)]:
            return str(
                _("Fill every place of the ranking, from the first: %(n)s choices.")
                % {"n": question["rank"]}
            )
        answers[code] = given
        return None
    values = _values(data, field_name(question))
    if not values:
        return None
    if kind == SEVERAL:
        if any(v not in offered for v in values):
            return str(_("Choose among the options given."))
        # In the question's order, each once, whatever order the browser sent them in.
        answers[code] = [c["code"] for c in question["choices"] if c["code"] in values]
        return None
    if len(values) > 1:
        return str(_("Give one answer."))
    value = values[0]
    if kind == SINGLE:
        if value not in offered:
            return str(_("Choose among the options given."))
        answers[code] = value
    elif kind == SCALE:
        if value not in {"1", "2", "3", "4", "5"}:
            return str(_("Choose a level from 1 to 5."))
        answers[code] = int(value)
    elif kind == NUMBER:
        number = parse_number(value)
        if number is None:
            return str(_("Enter a number, such as 1500 or 12.5."))
        low, high = question.get("min"), question.get("max")
        if (low is not None and number < Decimal(str(low))) or (
            high is not None and number > Decimal(str(high))
        ):
            return str(
                _("Enter a number from %(min)s to %(max)s.")
                % {
                    "min": f"{low:,}" if low is not None else "…",
                    "max": f"{high:,}" if high is not None else "…",
                }
            )
        answers[code] = format(number.normalize(), "f")
    else:
        limit = question.get("max_length", TEXT_LIMITS[kind])
        if CONTROL.search(value):
            return str(_("Remove the invisible control characters from this answer."))
        if len(value) > limit:
            return str(
                _("At most %(limit)s characters (this has %(count)s).")
                % {"limit": limit, "count": len(value)}
            )
        answers[code] = value if kind == LONG_TEXT else " ".join(value.split())
    return None


def as_form_data(content: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, list[str]]:
    """Stored answers as the form's fields, to show a saved draft again."""
    data: dict[str, list[str]] = {}
    for question in questions(content):
        value = answers.get(question["code"])
        if value is None:
            continue
        if question["kind"] == RANKING:
            for place, choice in enumerate(value, start=1):
                data[field_name(question, place)] = [choice]
        elif isinstance(value, list):
            data[field_name(question)] = list(value)
        else:
            data[field_name(question)] = [str(value)]
    return data
