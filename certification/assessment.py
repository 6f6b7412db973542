"""Site assessment: teams, conflicts of interest, the visit, scorebooks, the chair's
consensus and its computed result. Each change runs in a transaction and writes the
audit trail; mail goes out after commit. Bad input raises ValidationError keyed by the
form field it concerns, with nothing saved."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from accounts.models import RoleAssignment, User
from audit.models import AuditEvent
from audit.services import record, snapshot
from certification import scoring
from certification.models import (
    Application,
    AssessmentTeam,
    Call,
    ConflictOfInterest,
    Score,
    TeamMember,
)
from registry.models import Organisation
from standards.models import Criterion
from thaicalendar import dates

# Applications a team may be given, and be taken from while nobody has scored.
ASSIGNABLE = (Application.State.PASSED, Application.State.VISIT_SCHEDULED)
# The scorebook is open once the visit is scheduled, until the consensus closes.
SCORING = (Application.State.VISIT_SCHEDULED,)
SCORE_FIELDS = ("met", "points", "strengths", "improvements")
TEXT_MAX = 5000


class ScoreConflict(Exception):
    """Someone saved this criterion since the copy being saved was loaded."""

    def __init__(self, current: Score) -> None:
        super().__init__(current)
        self.current = current


# --- teams ------------------------------------------------------------------------------


@transaction.atomic
def create_team(*, actor: Any, call: Call, number: int | None = None) -> AssessmentTeam:
    """A new numbered team of the call: the next number unless one is given."""
    if number is None:
        number = (call.teams.aggregate(n=Max("number"))["n"] or 0) + 1
    team = AssessmentTeam(call=call, number=number)
    team.full_clean()
    team.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=team)
    return team


def conflict_reason(user: User, organisation: Organisation) -> str | None:
    """Why the account may not assess the organisation's application, or None."""
    if RoleAssignment.objects.filter(user=user, organisation=organisation).exists():
        return _("holds a role at %(org)s, the applying organisation") % {"org": organisation}
    declared = ConflictOfInterest.objects.filter(user=user, organisation=organisation).first()
    if declared:
        text = _("declared a conflict of interest with %(org)s") % {"org": organisation}
        return f"{text}: {declared.reason}" if declared.reason else text
    return None


def team_conflicts(team: AssessmentTeam, application: Application) -> list[str]:
    """One sentence per member who may not assess the application, saying why."""
    organisation = application.centre.organisation
    found = []
    for member in team.members.select_related("user"):
        if member.user is None:
            continue
        reason = conflict_reason(member.user, organisation)
        if reason:
            found.append(
                _("%(member)s (%(seat)s) %(reason)s")
                % {"member": member.name, "seat": member.get_seat_display(), "reason": reason}
            )
    return found


@transaction.atomic
def add_member(
    *,
    actor: Any,
    team: AssessmentTeam,
    seat: str,
    user: User | None = None,
    outside_name: str = "",
) -> TeamMember:
    """Seat an account holding the assessor role, or an outside expert by name."""
    AssessmentTeam.objects.select_for_update().get(pk=team.pk)
    outside_name = outside_name.strip()
    errors: dict[str, str] = {}
    if seat not in TeamMember.Seat.values:
        errors["seat"] = _("Choose a seat on the team.")
    if user is None and not outside_name:
        errors["user"] = _("Choose an assessor's account, or type an outside expert's name.")
    elif user is not None and outside_name:
        errors["outside_name"] = _(
            "Either an account or an outside expert's name, not both: clear the name."
        )
    elif user is not None:
        if not cap.may_be_assigned(user, cap.ASSESS):
            errors["user"] = _(
                "%(user)s does not hold the assessor role: grant it first, or seat an "
                "outside expert by name."
            ) % {"user": user}
        elif team.members.filter(user=user).exists():
            errors["user"] = _("%(user)s already sits on this team.") % {"user": user}
        else:
            problems = [
                _("%(application)s: %(reason)s") % {"application": app.centre, "reason": reason}
                for app in team.applications.select_related("centre__organisation")
                for reason in [conflict_reason(user, app.centre.organisation)]
                if reason
            ]
            if problems:
                errors["user"] = _(
                    "%(user)s may not sit on this team, which assesses an application "
                    "they have a conflict of interest with: %(problems)s"
                ) % {"user": user, "problems": "; ".join(problems)}
    if seat == TeamMember.Seat.CHAIR and team.members.filter(seat=TeamMember.Seat.CHAIR).exists():
        errors["seat"] = _("The team already has a chair: remove them first.")
    if errors:
        raise ValidationError(errors)
    member = TeamMember(team=team, seat=seat, user=user, outside_name=outside_name)
    member.full_clean()
    member.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=member)
    return member


@transaction.atomic
def remove_member(*, actor: Any, member: TeamMember) -> None:
    """Take a member off the team, unless they have started a scorebook: what they
    scored stays, with them."""
    if member.scores.exists():
        raise ValidationError(
            {
                "member": _(
                    "%(member)s has already scored an application of this team and stays on it."
                )
                % {"member": member.name}
            }
        )
    before = snapshot(member)
    record(actor=actor, action=AuditEvent.Action.DELETE, obj=member, before=before, after={})
    member.delete()


@transaction.atomic
def declare_conflict(*, actor: User, organisation: Organisation, reason: str) -> ConflictOfInterest:
    """The account declares a conflict of interest with an organisation. From then on it
    cannot be seated on a team with that organisation's application, and where it
    already sits on one it no longer scores it (`member_of`)."""
    reason = reason.strip()
    if len(reason) > TEXT_MAX:
        raise ValidationError({"reason": _("At most %(n)s characters.") % {"n": TEXT_MAX}})
    existing = ConflictOfInterest.objects.filter(user=actor, organisation=organisation).first()
    if existing:
        raise ValidationError(
            {
                "organisation": _("You have already declared a conflict with %(org)s.")
                % {"org": organisation}
            }
        )
    conflict = ConflictOfInterest(user=actor, organisation=organisation, reason=reason)
    conflict.full_clean()
    conflict.save()
    record(actor=actor, action=AuditEvent.Action.CREATE, obj=conflict)
    return conflict


@transaction.atomic
def assign_team(*, actor: Any, application: Application, team: AssessmentTeam) -> Application:
    """Give the application to a team of its call. Refused, saying who and why, when a
    member belongs to the applying organisation or declared a conflict with it."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.state not in ASSIGNABLE:
        raise ValidationError(
            {"application": _("Only an application that passed screening can be given to a team.")}
        )
    if team.call_id != current.call_id:
        raise ValidationError({"team": _("Choose a team of this application's call.")})
    if current.scores.exists() and current.team_id != team.pk:
        raise ValidationError(
            {"team": _("The current team has started scoring: the application stays with it.")}
        )
    conflicts = team_conflicts(team, current)
    if conflicts:
        raise ValidationError(
            {
                "team": _("%(team)s cannot assess this application: %(conflicts)s")
                % {"team": team, "conflicts": "; ".join(conflicts)}
            }
        )
    before = snapshot(current)
    current.team = team
    current.save(update_fields=["team"])
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=current, before=before)
    return current


# --- the visit --------------------------------------------------------------------------


@transaction.atomic
def schedule_visit(*, actor: Any, application: Application, visit_on: date | None) -> Application:
    """Set (or move) the visit date, within the call's visit period, and tell the unit."""
    current = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=application.pk)
    )
    if current.state not in ASSIGNABLE:
        raise ValidationError(
            {"visit_on": _("Only an application that passed screening can be visited.")}
        )
    if current.team_id is None:
        raise ValidationError({"visit_on": _("Give the application to a team first.")})
    call = current.call
    if visit_on is None:
        raise ValidationError({"visit_on": _("Enter the date of the visit.")})
    if not call.visits_from <= visit_on <= call.visits_until:
        raise ValidationError(
            {
                "visit_on": _("The visit must fall within the call's visit period, %(span)s.")
                % {"span": dates.format_span(call.visits_from, call.visits_until)}
            }
        )
    before = snapshot(current)
    current.visit_on = visit_on
    current.state = Application.State.VISIT_SCHEDULED
    current.save(update_fields=["visit_on", "state"])
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=current, before=before)
    recipients = sorted(
        set(
            User.objects.filter(roles__organisation=current.centre.organisation, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if recipients:
        pk = current.pk
        transaction.on_commit(lambda: _tell_unit_of_visit(pk, recipients))
    return current


def _tell_unit_of_visit(pk: int, recipients: list[str]) -> None:
    application = Application.objects.select_related("centre", "call", "team").get(pk=pk)
    context = {
        "application": application,
        "visit": dates.format_date(application.visit_on, lang="th") if application.visit_on else "",
    }
    send_mail(
        subject=_("Saduak: the site visit of %(centre)s is on %(date)s")
        % {"centre": application.centre, "date": context["visit"]},
        message=render_to_string("certification/assessment/email_visit.txt", context),
        from_email=None,
        recipient_list=recipients,
    )


# --- scorebooks -------------------------------------------------------------------------


@dataclass
class Entry:
    """What one save changes of one criterion: only the fields posted."""

    met: bool | None = None
    points: Decimal | None = None
    strengths: str | None = None
    improvements: str | None = None
    fields: tuple[str, ...] = ()


def parse_entry(criterion: Criterion, data: dict[str, str]) -> Entry:
    """A save's fields, checked against the criterion: met yes/no for a basic
    requirement, a score in 0..max_points and texts for a scored criterion. Only the
    fields present are taken; a field emptied is cleared."""
    errors: dict[str, str] = {}
    entry = Entry()
    fields: list[str] = []
    if criterion.is_scored:
        if "points" in data:
            fields.append("points")
            text = data["points"].strip().replace(",", ".")
            if text:
                try:
                    points = Decimal(dates.arabic_digits(text))
                except (InvalidOperation, ValueError):
                    points = None
                assert criterion.max_points is not None
                if points is None or not scoring.within_range(points, criterion.max_points):
                    errors["points"] = _(
                        "Score of %(code)s: a number from 0 to %(max)s, at most two decimals."
                    ) % {"code": criterion.code, "max": criterion.max_points.normalize()}
                else:
                    entry.points = points
        for name in ("strengths", "improvements"):
            if name in data:
                fields.append(name)
                value = data[name].strip()
                if len(value) > TEXT_MAX:
                    errors[name] = _("At most %(n)s characters.") % {"n": TEXT_MAX}
                setattr(entry, name, value)
    elif "met" in data:
        fields.append("met")
        value = data["met"]
        if value in ("yes", "no"):
            entry.met = value == "yes"
        elif value:
            errors["met"] = _("%(code)s: choose met or not met.") % {"code": criterion.code}
    if errors:
        raise ValidationError(errors)
    entry.fields = tuple(fields)
    return entry


def member_of(user: Any, application: Application) -> TeamMember | None:
    """The account's seat on the application's team, if it may score there: a member
    who has declared a conflict with the applying organisation since the team was given
    the application no longer scores it (OPS PMO re-seats the team)."""
    if application.team_id is None or not user.is_authenticated:
        return None
    conflicted = ConflictOfInterest.objects.filter(
        user=user, organisation_id=application.centre.organisation_id
    )
    if conflicted.exists():
        return None
    return TeamMember.objects.filter(team_id=application.team_id, user=user).first()


def is_chair(user: Any, application: Application) -> bool:
    member = member_of(user, application)
    return member is not None and member.seat == TeamMember.Seat.CHAIR


@transaction.atomic
def save_score(
    *,
    actor: Any,
    application: Application,
    criterion: Criterion,
    entry: Entry,
    base_revision: int,
    consensus: bool = False,
) -> Score:
    """Store one criterion of the actor's scorebook (or, for the chair, of the team's
    consensus). `base_revision` is the revision the change started from: when someone
    saved since and this save would change what they wrote, ScoreConflict is raised and
    nothing is stored."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.state not in SCORING or current.consensus_closed_at is not None:
        raise ValidationError({"book": _("The scorebook of this application is closed.")})
    if criterion.standard_id != application.call.standard_id:
        raise ValidationError({"criterion": _("This criterion is not in the call's standard.")})
    member = member_of(actor, current)
    if member is None:
        raise PermissionDenied
    if consensus and member.seat != TeamMember.Seat.CHAIR:
        raise PermissionDenied
    owner = None if consensus else member
    score = Score.objects.filter(application=current, member=owner, criterion=criterion).first()
    if score is None:
        score = Score(application=current, member=owner, criterion=criterion)
    before = snapshot(score) if score.pk else None
    changed = False
    for name in entry.fields:
        value = getattr(entry, name)
        if getattr(score, name) != value:
            setattr(score, name, value)
            changed = True
    if not changed:
        return score
    if score.pk and score.revision != base_revision:
        # A stale copy (another tablet, a tab left open) that would change what was
        # saved since: refused rather than overwriting unseen.
        raise ScoreConflict(Score.objects.get(pk=score.pk))
    score.revision += 1
    score.full_clean()
    try:
        with transaction.atomic():
            score.save()
    except IntegrityError as exc:
        # Two first saves of the same criterion at once: the other one won.
        raise ScoreConflict(
            Score.objects.get(application=current, member=owner, criterion=criterion)
        ) from exc
    record(
        actor=actor,
        action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
        obj=score,
        before=before,
    )
    return score


def is_filled(score: Score | None, criterion: Criterion) -> bool:
    if score is None:
        return False
    return score.points is not None if criterion.is_scored else score.met is not None


@transaction.atomic
def start_consensus_from_members(*, actor: Any, application: Application) -> int:
    """Fill every criterion that has no consensus entry yet from the members' scores:
    the median score, or met when most members say met (a tie stays for the chair).
    Returns how many criteria were filled."""
    if not is_chair(actor, application):
        raise PermissionDenied
    criteria = list(application.call.standard.criteria.all())
    scores = list(Score.objects.filter(application=application))
    filled = 0
    for criterion in criteria:
        mine = [s for s in scores if s.criterion_id == criterion.pk]
        if any(s.member_id is None and is_filled(s, criterion) for s in mine):
            continue
        members = [s for s in mine if s.member_id is not None]
        existing = next((s for s in mine if s.member_id is None), None)
        if criterion.is_scored:
            points = scoring.median([s.points for s in members if s.points is not None])
            if points is None:
                continue
            entry = Entry(points=points, fields=("points",))
        else:
            met = scoring.majority_met([s.met for s in members if s.met is not None])
            if met is None:
                continue
            entry = Entry(met=met, fields=("met",))
        save_score(
            actor=actor,
            application=application,
            criterion=criterion,
            entry=entry,
            base_revision=existing.revision if existing else 0,
            consensus=True,
        )
        filled += 1
    return filled


@transaction.atomic
def close_consensus(*, actor: Any, application: Application) -> Application:
    """The chair closes the team's consensus: every criterion agreed and every
    member's scorebook complete; the total, the basic requirements and the level follow
    from the call's standard (certification.scoring)."""
    current = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__standard", "team")
        .get(pk=application.pk)
    )
    if not is_chair(actor, current):
        raise PermissionDenied
    if current.state not in SCORING:
        raise ValidationError(
            {"consensus": _("The consensus can be closed only after the visit is scheduled.")}
        )
    standard = current.call.standard
    criteria = list(standard.criteria.all())
    levels = list(standard.levels.all())
    if not levels:
        raise ValidationError(
            {
                "consensus": _(
                    "The call's standard (%(standard)s) has no level thresholds, so no level "
                    "can follow from the score. OPS PMO must load a standard with levels; "
                    "nothing was saved."
                )
                % {"standard": standard}
            }
        )
    scores = list(Score.objects.filter(application=current))
    consensus = {s.criterion_id: s for s in scores if s.member_id is None}
    missing = [c.code for c in criteria if not is_filled(consensus.get(c.pk), c)]
    problems = []
    if missing:
        problems.append(
            _("These criteria have no consensus entry yet: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    assert current.team is not None
    for member in current.team.members.select_related("user").exclude(user=None):
        theirs = {s.criterion_id: s for s in scores if s.member_id == member.pk}
        left = [c.code for c in criteria if not is_filled(theirs.get(c.pk), c)]
        if left:
            problems.append(
                _("The scorebook of %(member)s is incomplete (%(count)s criteria left: %(codes)s).")
                % {"member": member.name, "count": len(left), "codes": ", ".join(left)}
            )
    if problems:
        raise ValidationError({"consensus": problems})
    try:
        outcome = scoring.result(
            scored=[
                (consensus[c.pk].points, c.max_points)  # type: ignore[misc]
                for c in criteria
                if c.is_scored
            ],
            mets=[bool(consensus[c.pk].met) for c in criteria if not c.is_scored],
            levels=[(level.min_score, level) for level in levels],
        )
    except scoring.NoScoredCriteria as exc:
        raise ValidationError(
            {"consensus": _("The call's standard has no scored criteria; nothing was saved.")}
        ) from exc
    before = snapshot(current)
    current.consensus_total = outcome.total
    current.consensus_basic_passed = outcome.basic_passed
    current.consensus_level = outcome.level
    current.consensus_closed_at = timezone.now()
    current.state = Application.State.ASSESSED
    current.full_clean()
    current.save()
    record(actor=actor, action=AuditEvent.Action.UPDATE, obj=current, before=before)
    return current
