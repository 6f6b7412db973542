"""Answering a campaign: an organisation's one response, kept as a draft and then sent
by its administrator, and the anonymous answers of its staff (issue 13 §1, §7).

Every answer is read by `questionnaire.read_answers`, the one reading, and written here
in a transaction that locks the organisation's Target row: two administrators of one
organisation saving or sending at the same instant take turns, and the second is told
what the first did. The DB constraint `one_response_per_organisation` backs the lock.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from audit.models import AuditEvent
from audit.services import record, snapshot
from campaigns import protection, questionnaire
from campaigns.models import Campaign, Response, Sighting, Target, open_on
from saduak.language import in_language
from saduak.problems import DraftConflict, Incomplete, Problem
from thaicalendar import dates

# The field a refusal that is about the whole response is shown on (top of the page).
WHOLE = "__all__"


# --- reading --------------------------------------------------------------------------


def own_responses() -> Prefetch:
    """Each target's organisation response (at most one), with who sent it."""
    return Prefetch(
        "responses",
        queryset=Response.objects.filter(anonymous=False).select_related("sent_by", "updated_by"),
        to_attr="own",
    )


def asked(user: Any) -> QuerySet[Target]:
    """The places in launched campaigns of the organisations the account reads, with
    their response and the count of staff answers taken: three queries for the list."""
    return (
        cap.targets_for(user)
        .select_related("campaign__owner", "organisation")
        .annotate(
            staff_answers=Count(
                "responses",
                filter=Q(responses__anonymous=True)
                & ~Q(responses__status=Response.Status.REJECTED),
            )
        )
        .prefetch_related(own_responses())
        .order_by("-campaign__closes_on", "campaign_id", "organisation__name_th")
    )


def open_for(user: Any) -> QuerySet[Target]:
    """The open campaigns the account's own organisations (those it holds a role on)
    are asked: the home page's panel."""
    today = dates.bangkok_today()
    own = {a.organisation_id for a in cap.assignments(user)}
    return asked(user).filter(open_on(today, "campaign__"), organisation_id__in=own)


def response_of(target: Target) -> Response | None:
    found = getattr(target, "own", None)
    if found is not None:
        return found[0] if found else None
    return (
        Response.objects.filter(target=target, anonymous=False)
        .select_related("sent_by", "updated_by")
        .first()
    )


def _lang() -> str:
    return (get_language() or "th")[:2]


def person(user: Any) -> str:
    if user is None:
        return _("an administrator who has left")
    return str(user.get_full_name() or user.get_username())


def closed_message(campaign: Campaign) -> str:
    if campaign.state == Campaign.State.SCHEDULED:
        return _("This survey opens on %(day)s; answers are taken from then.") % {
            "day": dates.format_date(campaign.opens_on, lang=_lang())
        }
    day = dates.local_date(campaign.closed_at) if campaign.closed_at else campaign.closes_on
    return _("This survey closed on %(day)s and takes no more answers.") % {
        "day": dates.format_date(day, lang=_lang())
    }


def already_sent_message(response: Response) -> str:
    return _("This response was already sent by %(name)s on %(when)s.") % {
        "name": person(response.sent_by),
        "when": dates.format_datetime(response.sent_at, lang=_lang()) if response.sent_at else "",
    }


# --- the questionnaire as a form, and answers as text ----------------------------------


@dataclass
class Question:
    code: str
    kind: str
    label: str
    help: str
    required: bool
    name: str
    error: str = ""
    value: str = ""
    unit: str = ""
    max_length: int = 0
    choices: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Section:
    title: str
    questions: list[Question]


def _text(entry: Mapping[str, Any], key: str = "") -> str:
    return in_language(entry.get(f"{key}th" if key else "th", ""), entry.get(f"{key}en"))


def _values(data: Any, name: str) -> list[str]:
    getlist = getattr(data, "getlist", None)
    raw = getlist(name) if getlist else data.get(name, [])
    return [raw] if isinstance(raw, str) else [str(v) for v in raw]


def form_of(content: Mapping[str, Any], data: Any, errors: Mapping[str, str]) -> list[Section]:
    """The questionnaire as the form's sections and questions, filled with `data` (the
    form as sent, or `questionnaire.as_form_data` of stored answers) and the errors of
    its reading, for campaigns/_questions.html."""
    sections = []
    for section in content["sections"]:
        items = []
        for q in section["questions"]:
            name = questionnaire.field_name(q)
            given = _values(data, name)
            item = Question(
                code=q["code"],
                kind=q["kind"],
                label=_text(q),
                help=_text(q, "help_") if q.get("help_th") else "",
                required=bool(q.get("required")),
                name=name,
                error=errors.get(q["code"], ""),
                value=given[0] if given else "",
                unit=_text(q, "unit_") if q.get("unit_th") else "",
                max_length=q.get("max_length", questionnaire.TEXT_LIMITS.get(q["kind"], 0)),
            )
            if q["kind"] in (questionnaire.SINGLE, questionnaire.SEVERAL):
                item.choices = [
                    {"value": c["code"], "label": _text(c), "checked": c["code"] in given}
                    for c in q["choices"]
                ]
            elif q["kind"] == questionnaire.SCALE:
                item.choices = [
                    {
                        "value": str(level),
                        "label": f"{level} {label}",
                        "checked": str(level) in given,
                    }
                    for level, label in questionnaire.SCALE_LABELS.items()
                ]
            elif q["kind"] == questionnaire.RANKING:
                options = [(c["code"], _text(c)) for c in q["choices"]]
                for place in range(1, q["rank"] + 1):
                    chosen = _values(data, questionnaire.field_name(q, place))
                    item.places.append(
                        {
                            "name": questionnaire.field_name(q, place),
                            "label": _("Ranking place %(n)s") % {"n": place},
                            "options": [
                                {"value": v, "label": t, "selected": v in chosen}
                                for v, t in options
                            ],
                        }
                    )
            items.append(item)
        sections.append(Section(title=_text(section), questions=items))
    return sections


def shown(content: Mapping[str, Any], answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Stored answers as people read them: [{title, rows: [(question, answer text)]}]."""
    out = []
    for section in content["sections"]:
        rows = []
        for q in section["questions"]:
            value = answers.get(q["code"])
            labels = {c["code"]: _text(c) for c in q.get("choices", [])}
            if value is None or value == [] or value == "":
                text = _("(not answered)")
            elif q["kind"] == questionnaire.RANKING:
                text = "; ".join(f"{n}. {labels.get(v, v)}" for n, v in enumerate(value, 1))
            elif q["kind"] == questionnaire.SEVERAL:
                text = "; ".join(labels.get(v, v) for v in value)
            elif q["kind"] == questionnaire.SINGLE:
                text = labels.get(value, value)
            elif q["kind"] == questionnaire.SCALE:
                text = f"{value} {questionnaire.SCALE_LABELS.get(int(value), '')}"
            elif q["kind"] == questionnaire.NUMBER:
                unit = _text(q, "unit_") if q.get("unit_th") else ""
                text = f"{Decimal(value):,} {unit}".strip()
            else:
                text = str(value)
            rows.append((_text(q), text))
        out.append({"title": _text(section), "rows": rows})
    return out


# --- an organisation's response ----------------------------------------------------------


def save_draft(*, user: Any, target: Target, data: Any, revision: int) -> Response:
    """Keep what was typed as the organisation's draft; only what is given is checked."""
    return _write(user=user, target=target, data=data, revision=revision, complete=False)


def send(*, user: Any, target: Target, data: Any, revision: int) -> Response:
    """Send the organisation's response, final: every required question answered."""
    return _write(user=user, target=target, data=data, revision=revision, complete=True)


def _write(*, user: Any, target: Target, data: Any, revision: int, complete: bool) -> Response:
    """Incomplete (each problem on its question, or WHOLE) or DraftConflict (another
    administrator saved meanwhile), with nothing saved; else the response as stored."""
    reading = questionnaire.read_answers(
        target.campaign.questionnaire.content, data, complete=complete
    )
    try:
        with transaction.atomic():
            return _write_locked(
                user=user, target=target, reading=reading, revision=revision, complete=complete
            )
    except IntegrityError:
        # Two first saves racing past the lock cannot happen while the lock holds; if
        # one ever does, the constraint refuses the second, which is told what is there.
        current = response_of(Target(pk=target.pk))
        if current is not None and current.is_sent:
            raise Incomplete([Problem(WHOLE, already_sent_message(current))]) from None
        raise DraftConflict(current) from None


def _write_locked(
    *, user: Any, target: Target, reading: questionnaire.Reading, revision: int, complete: bool
) -> Response:
    locked = Target.objects.select_for_update().select_related("campaign").get(pk=target.pk)
    campaign = locked.campaign
    if not campaign.accepts_answers:
        raise Incomplete([Problem(WHOLE, closed_message(campaign))])
    response = (
        Response.objects.filter(target=locked, anonymous=False)
        .select_related("sent_by", "updated_by")
        .first()
    )
    if response is not None and response.is_sent:
        raise Incomplete([Problem(WHOLE, already_sent_message(response))])
    if revision != (response.revision if response else 0):
        raise DraftConflict(response)
    if not reading.ok:
        raise Incomplete([Problem(code, message) for code, message in reading.errors.items()])
    before = snapshot(response) if response is not None else None
    if response is None:
        response = Response(campaign=campaign, target=locked, questionnaire=campaign.questionnaire)
    now = timezone.now()
    response.answers = reading.answers
    response.revision += 1
    response.updated_at, response.updated_by = now, user
    if complete:
        response.state = Response.State.SENT
        response.sent_at, response.sent_by = now, user
        response.sent_on = dates.local_date(now)
        locked.answered_at = now
        locked.save(update_fields=["answered_at"])
    response.save()
    record(
        actor=user,
        action=AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE,
        obj=response,
        before=before,
    )
    return response


# --- staff answers --------------------------------------------------------------------


def take_staff_answer(
    *,
    target: Target,
    answers: dict[str, Any],
    at_the_door: list[str],
    device_hash: str,
    network_hash: str,
) -> Response | None:
    """Keep an anonymous staff answer (already read, complete) for the target's
    organisation, judged against the campaign's sightings; None, and nothing kept, if
    the campaign does not take answers. The answer keeps no account and no time finer
    than its day; the sighting keeps the hashes (`protection.sender_hash`, keyed by the
    campaign), the hour, a random key and no link to the answer. Nothing else records
    it: no audit entry, no notice, no log line."""
    with transaction.atomic():
        locked = Target.objects.select_for_update().select_related("campaign").get(pk=target.pk)
        campaign = locked.campaign
        if not campaign.accepts_answers:
            return None
        now = timezone.now()
        fingerprint = protection.fingerprint(
            campaign=campaign, code=locked.staff_code or "", answers=answers
        )
        reasons = at_the_door + protection.judge(
            campaign=campaign,
            device_hash=device_hash,
            network_hash=network_hash,
            fingerprint=fingerprint,
            now=now,
        )
        response = Response.objects.create(
            campaign=campaign,
            target=locked,
            questionnaire=campaign.questionnaire,
            anonymous=True,
            answers=answers,
            state=Response.State.SENT,
            status=Response.Status.SUSPECT if reasons else Response.Status.COUNTED,
            reasons=reasons,
            sent_on=dates.local_date(now),
        )
        Sighting.objects.create(
            campaign=campaign,
            device_hash=device_hash,
            network_hash=network_hash,
            fingerprint=fingerprint,
            seen_at=protection.hour_of(now),
        )
        if not reasons and locked.answered_at is None:
            # The day only: the first counted answer's time would point at a person.
            locked.answered_at = _day_start(dates.local_date(now))
            locked.save(update_fields=["answered_at"])
        return response


def _day_start(day: date) -> datetime:
    """Midnight in Bangkok of a day: a staff answer is known by its day only."""
    return datetime.combine(day, time.min, tzinfo=dates.BANGKOK)


def suspects(campaign: Campaign) -> QuerySet[Response]:
    return Response.objects.filter(
        campaign=campaign, anonymous=True, status=Response.Status.SUSPECT
    )


@dataclass
class SuspectCount:
    """How many suspect staff answers a campaign holds, in all and by reason: all the
    owner is shown, never one answer (its organisation, day or key), so that deciding
    on one and comparing the results cannot reveal what one person answered."""

    total: int = 0
    by_reason: list[tuple[str, int]] = field(default_factory=list)


def count_suspects(campaign: Campaign) -> SuspectCount:
    """One query: the reasons of the suspect answers, tallied here (an answer with two
    reasons counts under each)."""
    tally: dict[str, int] = {}
    total = 0
    for reasons in suspects(campaign).values_list("reasons", flat=True):
        total += 1
        for reason in reasons or ["other"]:
            tally[reason] = tally.get(reason, 0) + 1
    order = list(protection.REASONS)
    by_reason = sorted(
        tally.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
    )
    return SuspectCount(
        total=total,
        by_reason=[(protection.reason_labels([r])[0], n) for r, n in by_reason],
    )


COUNT, REJECT = "count", "reject"


def decided_after_close_message(campaign: Campaign) -> str:
    return _(
        "This survey no longer takes answers, so its suspect answers can no longer be "
        "decided: they stay out of the results."
    )


def decide_suspects(*, user: Any, campaign: Campaign, decision: str, expected: int) -> int:
    """Count or reject ALL the campaign's suspect staff answers at once; how many
    changed. Only while the campaign takes answers: a staff survey's results are shown
    after its close, so a decision cannot be compared with results seen before it, and
    after the close the suspects stay out. `expected` is the number the owner confirmed:
    if answers arrived or were decided meanwhile, nothing changes (Incomplete), so the
    owner never decides on an answer they were not told of. A counted one marks its
    organisation answered if none was before."""
    status = {COUNT: Response.Status.COUNTED, REJECT: Response.Status.REJECTED}[decision]
    with transaction.atomic():
        # The campaign's row first: the same lock as a staff answer's arrival takes on
        # its target would not do, the campaign's suspects span all its targets.
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not locked.accepts_answers:
            raise Incomplete([Problem(WHOLE, decided_after_close_message(locked))])
        chosen = list(
            suspects(locked)
            .select_for_update(of=("self",))
            .values_list("pk", "target_id", "sent_on")
        )
        if len(chosen) != expected:
            raise Incomplete(
                [
                    Problem(
                        WHOLE,
                        _(
                            "The number of suspect answers changed while you looked: "
                            "read it again and decide."
                        ),
                    )
                ]
            )
        if not chosen:
            return 0
        Response.objects.filter(pk__in=[pk for pk, _t, _d in chosen]).update(status=status)
        if status == Response.Status.COUNTED:
            first: dict[int, date] = {}
            for _pk, target_id, sent_on in chosen:
                day = sent_on or dates.bangkok_today()
                first[target_id] = min(day, first.get(target_id, day))
            for target_id, day in first.items():
                Target.objects.filter(pk=target_id, answered_at__isnull=True).update(
                    answered_at=_day_start(day)
                )
        # On the campaign, by number only: no answer's key, day or organisation.
        record(
            actor=user,
            action=AuditEvent.Action.UPDATE,
            obj=locked,
            before={"suspect_staff_answers": len(chosen)},
            after={f"staff_answers_{status}": len(chosen)},
        )
        return len(chosen)
