"""Building and launching a campaign: its owner's side (issue 13 §1).

A campaign is created as a draft with its OWN questionnaire, stored as code
`campaign-<pk>` version 1 (a copy of a shipped template, or one empty section). Every
saved change of the questionnaire is stored as the next version and the campaign points
at it; the template and earlier versions never change. Every change of the draft bumps
`Campaign.revision`: a form loaded before another change is refused, nothing applied.

Launching resolves the chosen groups to `Target` rows in one bulk insert, in the
transaction that marks the campaign launched; the notices go out in the background
(campaigns/launching.py).
"""

import copy
import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record, snapshot
from campaigns import questionnaire as qn
from campaigns import targeting
from campaigns.models import Campaign, Questionnaire, Target, new_code
from correspondence.recipients import Group
from registry.models import Organisation
from saduak.problems import Incomplete, Problem
from thaicalendar import dates

TEMPLATE = "incentive-needs"
BLANK = "blank"
DETAILS = ("title_th", "title_en", "purpose_th", "purpose_en", "audience", "opens_on", "closes_on")
UP, DOWN = "up", "down"


def questionnaire_code(campaign: Campaign) -> str:
    return f"campaign-{campaign.pk}"


def _stale() -> Incomplete:
    return Incomplete(
        [
            Problem(
                "revision",
                _(
                    "The campaign was changed by someone else (or in another tab) after "
                    "this page was opened: nothing was saved. Here it is as it is now."
                ),
            )
        ]
    )


def _not_draft() -> Incomplete:
    return Incomplete(
        [Problem("state", _("This campaign has been launched: it can no longer be changed."))]
    )


def date_problems(opens_on: date | None, closes_on: date | None) -> list[Problem]:
    today = dates.bangkok_today()
    problems = []
    if opens_on and closes_on and closes_on < opens_on:
        problems.append(
            Problem("closes_on", _("The closing date must not be before the opening date."))
        )
    if closes_on and closes_on < today:
        problems.append(Problem("closes_on", _("The closing date has already passed.")))
    return problems


def _full_clean(campaign: Campaign) -> None:
    try:
        campaign.full_clean(exclude=["questionnaire", "public_code"])
    except ValidationError as error:
        raise Incomplete(
            [
                Problem(name, str(m))
                for name, messages in error.message_dict.items()
                for m in messages
            ]
        ) from error


# --- creating and editing the details ----------------------------------------------------


def _blank(title_th: str, title_en: str) -> dict[str, Any]:
    return {
        "code": "",
        "version": 1,
        "title_th": title_th,
        "title_en": title_en,
        "sections": [{"code": "s1", "th": _("Part 1"), "en": "Part 1", "questions": []}],
    }


def create_campaign(
    *, user: Any, owner: Organisation, values: dict[str, Any], start: str = TEMPLATE
) -> Campaign:
    """A new draft campaign of `owner` with its own questionnaire, version 1."""
    problems = date_problems(values.get("opens_on"), values.get("closes_on"))
    if problems:
        raise Incomplete(problems)
    with transaction.atomic():
        shipped = qn.template(TEMPLATE)
        campaign = Campaign(owner=owner, questionnaire=shipped, created_by=user)
        for name in DETAILS:
            setattr(campaign, name, values.get(name) or "")
        _full_clean(campaign)
        campaign.save()
        if start == TEMPLATE:
            content = copy.deepcopy(shipped.content)
        else:
            content = _blank(campaign.title_th, campaign.title_en)
        content["code"], content["version"] = questionnaire_code(campaign), 1
        campaign.questionnaire = qn.store(content, draft=True)
        campaign.save(update_fields=["questionnaire"])
        record(actor=user, action="campaign.create", obj=campaign)
    return campaign


def _locked(campaign: Campaign, revision: int) -> Campaign:
    locked = (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("owner", "questionnaire")
        .get(pk=campaign.pk)
    )
    if locked.launched_at is not None:
        raise _not_draft()
    if locked.revision != revision:
        raise _stale()
    return locked


def update_campaign(
    *, user: Any, campaign: Campaign, revision: int, values: dict[str, Any]
) -> Campaign:
    """Change a draft's details."""
    problems = date_problems(values.get("opens_on"), values.get("closes_on"))
    if problems:
        raise Incomplete(problems)
    with transaction.atomic():
        locked = _locked(campaign, revision)
        before = snapshot(locked)
        for name in DETAILS:
            setattr(locked, name, values.get(name) or "")
        _full_clean(locked)
        locked.revision += 1
        locked.save()
        record(actor=user, action="campaign.edit", obj=locked, before=before)
    return locked


# --- the questionnaire ---------------------------------------------------------------------


def change_questionnaire(*, user: Any, campaign: Campaign, revision: int, edit: Any) -> Campaign:
    """Apply `edit` (a function changing a copy of the content, raising Incomplete when
    what was asked cannot be done) and store the result as the questionnaire's next
    version."""
    with transaction.atomic():
        locked = _locked(campaign, revision)
        content = copy.deepcopy(locked.questionnaire.content)
        edit(content)
        code = questionnaire_code(locked)
        latest = Questionnaire.objects.filter(code=code).aggregate(v=Max("version"))["v"] or 0
        content["code"], content["version"] = code, latest + 1
        try:
            stored = qn.store(content, draft=True)
        except qn.QuestionnaireError as error:
            raise Incomplete(
                [
                    Problem(
                        "questionnaire",
                        _(
                            "This change would leave a questionnaire that cannot be asked: "
                            "nothing was saved."
                        ),
                    )
                ]
            ) from error
        locked.questionnaire = stored
        locked.revision += 1
        locked.save(update_fields=["questionnaire", "revision"])
    return locked


def _section(content: dict[str, Any], index: int) -> dict[str, Any]:
    if not 0 <= index < len(content["sections"]):
        raise Incomplete([Problem("section", _("That section is no longer in the questionnaire."))])
    section: dict[str, Any] = content["sections"][index]
    return section


def _find(content: dict[str, Any], code: str) -> tuple[int, int]:
    for s, section in enumerate(content["sections"]):
        for q, question in enumerate(section["questions"]):
            if question["code"] == code:
                return s, q
    raise Incomplete([Problem("question", _("That question is no longer in the questionnaire."))])


def _next_code(taken: set[str], prefix: str) -> str:
    numbers = [int(c[len(prefix) :]) for c in taken if re.fullmatch(rf"{prefix}\d+", c)]
    return f"{prefix}{max(numbers, default=0) + 1}"


def save_section(index: int | None, *, th: str, en: str) -> Any:
    th, en = " ".join(th.split()), " ".join(en.split())

    def edit(content: dict[str, Any]) -> None:
        if not th:
            raise Incomplete([Problem("th", _("Give the section a title in Thai."))])
        if index is None:
            taken = {s["code"] for s in content["sections"]}
            content["sections"].append(
                {"code": _next_code(taken, "s"), "th": th, "en": en, "questions": []}
            )
        else:
            section = _section(content, index)
            section["th"], section["en"] = th, en

    return edit


def delete_section(index: int) -> Any:
    def edit(content: dict[str, Any]) -> None:
        _section(content, index)
        if len(content["sections"]) == 1:
            raise Incomplete([Problem("section", _("A questionnaire keeps at least one section."))])
        del content["sections"][index]

    return edit


def move_section(index: int, direction: str) -> Any:
    def edit(content: dict[str, Any]) -> None:
        _section(content, index)
        other = index - 1 if direction == UP else index + 1
        sections = content["sections"]
        if 0 <= other < len(sections):
            sections[index], sections[other] = sections[other], sections[index]

    return edit


def delete_question(code: str) -> Any:
    def edit(content: dict[str, Any]) -> None:
        s, q = _find(content, code)
        del content["sections"][s]["questions"][q]

    return edit


def move_question(code: str, direction: str) -> Any:
    """Up or down within its section; past the section's edge into the next one."""

    def edit(content: dict[str, Any]) -> None:
        s, q = _find(content, code)
        sections = content["sections"]
        questions = sections[s]["questions"]
        other = q - 1 if direction == UP else q + 1
        if 0 <= other < len(questions):
            questions[q], questions[other] = questions[other], questions[q]
        elif direction == UP and s > 0:
            sections[s - 1]["questions"].append(questions.pop(q))
        elif direction == DOWN and s + 1 < len(sections):
            sections[s + 1]["questions"].insert(0, questions.pop(q))

    return edit


def parse_choices(text: str, existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Choices typed one a line, "Thai | English". A choice whose Thai text was there
    before keeps its code (answers are stored by it) and its other marks; a new one gets
    the next c1, c2, …"""
    by_text = {c["th"]: c for c in existing}
    taken = {c["code"] for c in existing}
    choices: list[dict[str, Any]] = []
    for line in text.splitlines():
        th, _bar, en = line.partition("|")
        th, en = " ".join(th.split()), " ".join(en.split())
        if not th:
            continue
        old = by_text.get(th)
        if old is not None and all(c["code"] != old["code"] for c in choices):
            choices.append({**old, "th": th, "en": en})
        else:
            code = _next_code(taken, "c")
            taken.add(code)
            choices.append({"code": code, "th": th, "en": en})
    return choices


def _number(value: Any) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def build_question(values: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    """The question as the questionnaire stores it, from the question form's cleaned
    values; Incomplete names each field that cannot be taken."""
    kind = values["kind"]
    question: dict[str, Any] = {
        "code": existing["code"] if existing else "",
        "kind": kind,
        "th": values["th"].strip(),
        "en": (values.get("en") or "").strip(),
        "required": bool(values.get("required")),
    }
    for name in ("help_th", "help_en"):
        if (values.get(name) or "").strip():
            question[name] = values[name].strip()
    problems = []
    if not question["th"]:
        problems.append(Problem("th", _("Write the question in Thai.")))
    if kind in qn.WITH_CHOICES:
        old = existing.get("choices", []) if existing else []
        choices = parse_choices(values.get("choices") or "", old)
        if not 2 <= len(choices) <= qn.MAX_CHOICES:
            problems.append(
                Problem(
                    "choices", _("Give 2 to %(max)s choices, one a line.") % {"max": qn.MAX_CHOICES}
                )
            )
        elif len({c["th"] for c in choices}) != len(choices):
            problems.append(Problem("choices", _("Two choices have the same Thai text.")))
        question["choices"] = choices
        if kind == qn.RANKING:
            rank = values.get("rank") or min(3, len(choices))
            if not 2 <= rank <= max(len(choices), 2):
                problems.append(
                    Problem(
                        "rank",
                        _("Rank 2 to %(n)s places (the number of choices).") % {"n": len(choices)},
                    )
                )
            question["rank"] = rank
    if kind == qn.NUMBER:
        low, high = _number(values.get("min")), _number(values.get("max"))
        if low is not None and high is not None and low > high:
            problems.append(Problem("max", _("The largest number must not be below the smallest.")))
        if low is not None:
            question["min"] = low
        if high is not None:
            question["max"] = high
        for name in ("unit_th", "unit_en"):
            if (values.get(name) or "").strip():
                question[name] = values[name].strip()
    if kind in qn.TEXTS:
        limit = values.get("max_length") or qn.TEXT_LIMITS[kind]
        if not 1 <= limit <= qn.TEXT_LIMITS[kind]:
            problems.append(
                Problem(
                    "max_length",
                    _("At most %(limit)s characters for this kind of answer.")
                    % {"limit": qn.TEXT_LIMITS[kind]},
                )
            )
        question["max_length"] = limit
    if problems:
        raise Incomplete(problems)
    return question


def save_question(section: int, code: str | None, values: dict[str, Any]) -> Any:
    """Add a question at the end of a section (code None), or change one in place."""

    def edit(content: dict[str, Any]) -> None:
        if code is None:
            place = _section(content, section)
            question = build_question(values, None)
            taken = set(qn.question_map(content))
            question["code"] = _next_code(taken, "q")
            if len(taken) >= qn.MAX_QUESTIONS:
                raise Incomplete(
                    [
                        Problem(
                            "question", _("At most %(max)s questions.") % {"max": qn.MAX_QUESTIONS}
                        )
                    ]
                )
            place["questions"].append(question)
        else:
            s, q = _find(content, code)
            content["sections"][s]["questions"][q] = build_question(
                values, content["sections"][s]["questions"][q]
            )

    return edit


# --- targets -------------------------------------------------------------------------------


def set_targets(*, user: Any, campaign: Campaign, revision: int, groups: list[Group]) -> Campaign:
    """Keep what was chosen; it is resolved to organisations at launch."""
    with transaction.atomic():
        locked = _locked(campaign, revision)
        locked.selection = targeting.stored(groups, owner=locked.owner)
        locked.revision += 1
        locked.save(update_fields=["selection", "revision"])
    return locked


# --- launching and closing -----------------------------------------------------------------


def launch_problems(campaign: Campaign) -> tuple[list[Problem], list[int]]:
    """What stops the launch, each on its part of the page, and the organisations the
    campaign would ask."""
    problems = []
    ids = targeting.resolve(targeting.groups_of(campaign.selection), owner=campaign.owner)
    if not ids:
        problems.append(Problem("targets", _("No organisation is chosen to answer.")))
    content = campaign.questionnaire.content
    if not qn.questions(content):
        problems.append(Problem("questions", _("The questionnaire has no question yet.")))
    else:
        for section in content["sections"]:
            if not section["questions"]:
                problems.append(
                    Problem(
                        "questions",
                        _("Section “%(section)s” has no question: add one or delete the section.")
                        % {"section": section["th"]},
                    )
                )
        try:
            qn.check(content)
        except qn.QuestionnaireError:
            if not problems:
                problems.append(
                    Problem("questions", _("The questionnaire cannot be asked as it is."))
                )
    problems.extend(
        Problem("dates", p.message) for p in date_problems(campaign.opens_on, campaign.closes_on)
    )
    return problems, ids


def _staff_codes(count: int) -> list[str]:
    """`count` new anonymous link codes, none in use (one query to make sure)."""
    codes: set[str] = set()
    while len(codes) < count:
        drawn = {new_code() for _ in range(count - len(codes))} - codes
        used = set(Target.objects.filter(staff_code__in=drawn).values_list("staff_code", flat=True))
        codes |= drawn - used
    return list(codes)


def launch(*, user: Any, campaign: Campaign, revision: int) -> Campaign:
    """Launch the draft: its targets as it resolves now, in one bulk insert; the notices
    queued. Refused (Incomplete) twice, when stale, or with what is missing."""
    from campaigns import launching

    with transaction.atomic():
        locked = (
            Campaign.objects.select_for_update(of=("self",))
            .select_related("owner", "questionnaire")
            .get(pk=campaign.pk)
        )
        if locked.launched_at is not None:
            raise Incomplete([Problem("state", _("This campaign has already been launched."))])
        if locked.revision != revision:
            raise _stale()
        problems, ids = launch_problems(locked)
        if problems:
            raise Incomplete(problems)
        before = snapshot(locked)
        codes = _staff_codes(len(ids)) if locked.is_staff_survey else [None] * len(ids)
        Target.objects.bulk_create(
            [
                Target(campaign=locked, organisation_id=pk, staff_code=code)
                for pk, code in zip(ids, codes, strict=True)
            ]
        )
        locked.selection = targeting.stored(
            targeting.groups_of(locked.selection), owner=locked.owner
        )
        locked.launched_at = timezone.now()
        locked.launched_by = user
        locked.target_count = len(ids)
        locked.revision += 1
        locked.save()
        record(actor=user, action="campaign.launch", obj=locked, before=before)
        launching.announce.enqueue(locked.pk)
    return locked


def close(*, user: Any, campaign: Campaign) -> Campaign:
    """Close a launched campaign before its closing date: no answer is taken after."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)
        if locked.state not in (Campaign.State.OPEN, Campaign.State.SCHEDULED):
            raise Incomplete([Problem("state", _("Only an open campaign can be closed."))])
        before = snapshot(locked)
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        record(actor=user, action="campaign.close", obj=locked, before=before)
    return locked
