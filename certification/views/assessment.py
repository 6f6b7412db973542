"""Site assessment: OPS PMO's teams and visits, the assessors' scorebooks (saved field by
field, for tablets on weak connections), the chair's consensus."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import capabilities as cap
from certification import assessment
from certification import assessment_selectors as selectors
from certification.models import Application, Call, TeamMember
from saduak.http import parse_id
from thaicalendar.forms import ThaiDateField

# --- forms ------------------------------------------------------------------------------


class MemberForm(forms.Form):
    seat = forms.ChoiceField(label=gettext_lazy("Seat"), choices=TeamMember.Seat.choices)
    user = forms.ModelChoiceField(
        label=gettext_lazy("Assessor's account"),
        queryset=selectors.assessor_accounts(),
        required=False,
        help_text=gettext_lazy("An account holding the assessor role."),
        error_messages={
            "invalid_choice": gettext_lazy(
                "This account does not hold the assessor role: grant it first, or seat an "
                "outside expert by name."
            )
        },
    )
    outside_name = forms.CharField(
        label=gettext_lazy("or an outside expert's name"), max_length=255, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.assessor_accounts()  # type: ignore[attr-defined]


class VisitForm(forms.Form):
    visit_on = ThaiDateField(
        label=gettext_lazy("Date of the site visit"),
        help_text=gettext_lazy("For example 15/7/2565."),
    )


class ConflictForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Applying organisation"), queryset=selectors.conflict_organisations()
    )
    reason = forms.CharField(
        label=gettext_lazy("Why (for OPS PMO)"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            selectors.conflict_organisations()
        )


def _errors_into(form: forms.Form, error: ValidationError) -> None:
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for problems in error.message_dict.values() for m in problems]
    return list(error.messages)


# --- teams (OPS PMO) --------------------------------------------------------------------


def _call(user: Any, pk: Any) -> Call:
    cap.require(user, cap.RUN_CERTIFICATION)
    number = parse_id(str(pk))
    call = Call.objects.select_related("standard").filter(pk=number).first() if number else None
    if call is None:
        raise Http404
    return call


def _team(user: Any, pk: Any) -> Any:
    cap.require(user, cap.RUN_CERTIFICATION)
    number = parse_id(str(pk))
    team = selectors.team_of(number) if number else None
    if team is None:
        raise Http404
    return team


@login_required
def teams(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request.user, pk)
    return render(
        request,
        "certification/assessment/teams.html",
        {"call": call, "teams": selectors.teams_of_call(call)},
    )


@login_required
@require_POST
def team_new(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request.user, pk)
    team = assessment.create_team(actor=request.user, call=call)
    messages.success(request, _("%(team)s created: now seat its members.") % {"team": team})
    return redirect("certification:team", team.pk)


def _team_page(request: HttpRequest, team: Any, **extra: Any) -> HttpResponse:
    status = extra.pop("status", 200)
    context = {
        "team": team,
        "member_form": extra.pop("member_form", None) or MemberForm(),
        "assignable": selectors.assignable_applications(team.call),
        **extra,
    }
    return render(request, "certification/assessment/team.html", context, status=status)


@login_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    return _team_page(request, _team(request.user, pk))


@login_required
@require_POST
def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request.user, pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            member = assessment.add_member(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(
                request,
                _("%(member)s seated as %(seat)s.")
                % {"member": member.name, "seat": member.get_seat_display()},
            )
            return redirect("certification:team", team.pk)
    return _team_page(request, team, member_form=form, status=422)


@login_required
@require_POST
def team_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    team = _team(request.user, pk)
    member = next((m for m in team.members.all() if m.pk == member_pk), None)
    if member is None:
        raise Http404
    try:
        assessment.remove_member(actor=request.user, member=member)
    except ValidationError as error:
        for text in _messages(error):
            messages.error(request, text)
    else:
        messages.success(request, _("%(member)s taken off the team.") % {"member": member.name})
    return redirect("certification:team", team.pk)


@login_required
@require_POST
def team_assign(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team(request.user, pk)
    if parse_id(request.POST.get("application", "")) is None:
        messages.error(request, _("Application: choose an application to give to the team."))
        return redirect("certification:team", team.pk)
    application = cap.access_application(
        request.user, request.POST["application"], need=cap.RUN_CERTIFICATION
    )
    try:
        assessment.assign_team(actor=request.user, application=application, team=team)
    except ValidationError as error:
        for text in _messages(error):
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("%(centre)s given to %(team)s.") % {"centre": application.centre, "team": team},
        )
    return redirect("certification:team", team.pk)


# --- the visit ------------------------------------------------------------------------


@login_required
def visit_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """OPS PMO sets the date of the visit; the unit's accounts are told by e-mail."""
    application = cap.access_application(request.user, pk, need=cap.RUN_CERTIFICATION)
    form = VisitForm(request.POST or None, initial={"visit_on": application.visit_on})
    if request.method == "POST" and form.is_valid():
        try:
            assessment.schedule_visit(
                actor=request.user, application=application, visit_on=form.cleaned_data["visit_on"]
            )
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("Visit scheduled; the unit is told by e-mail."))
            if application.team_id:
                return redirect("certification:team", application.team_id)
            return redirect("certification:visit_schedule", application.pk)
    return render(
        request,
        "certification/assessment/visit.html",
        {"application": application, "form": form},
        status=422 if form.errors else 200,
    )


# --- conflicts of interest --------------------------------------------------------------


@login_required
def conflict_declare(request: HttpRequest) -> HttpResponse:
    """An assessor declares a conflict of interest with an applying organisation."""
    if not cap.can(request.user, cap.ASSESS):
        raise PermissionDenied
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment.declare_conflict(
                actor=request.user,  # type: ignore[arg-type]
                organisation=form.cleaned_data["organisation"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("Conflict of interest declared."))
            return redirect("certification:conflict_declare")
    return render(
        request,
        "certification/assessment/conflicts.html",
        {"form": form, "declared": selectors.declared_by(request.user)},
        status=422 if form.errors else 200,
    )


# --- scorebooks -------------------------------------------------------------------------


@login_required
def assessments(request: HttpRequest) -> HttpResponse:
    """The applications of the teams the account sits on."""
    return render(
        request,
        "certification/assessment/assessments.html",
        {"applications": selectors.assessments_for(request.user)},
    )


def _book_page(
    request: HttpRequest,
    application: Application,
    member: TeamMember,
    *,
    consensus: bool,
    rows: list[selectors.Row] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    if rows is None:
        rows = selectors.scorebook_rows(
            application, None if consensus else member, with_members=consensus
        )
    done, total = selectors.progress(rows)
    open_ = application.state in assessment.SCORING and application.consensus_closed_at is None
    context = {
        "application": application,
        "member": member,
        "consensus": consensus,
        "rows": rows,
        "done": done,
        "total": total,
        "open": open_,
        "problems": problems or [],
        "is_chair": member.seat == TeamMember.Seat.CHAIR,
        "storage_key": f"{application.pk}:{member.pk}:{'consensus' if consensus else 'member'}",
    }
    return render(request, "certification/assessment/scorebook.html", context, status=status)


def _member(request: HttpRequest, pk: int) -> tuple[Application, TeamMember]:
    application = cap.access_application(request.user, pk, need=cap.ASSESS)
    member = assessment.member_of(request.user, application)
    if member is None:
        raise PermissionDenied
    return application, member


def _save_whole_book(
    request: HttpRequest, application: Application, member: TeamMember, *, consensus: bool
) -> HttpResponse:
    """The button's save, without JavaScript: every criterion as posted, all or
    nothing."""
    rows = selectors.scorebook_rows(application, None if consensus else member)
    problems: list[str] = []
    entries = []
    for row in rows:
        prefix = f"c{row.criterion.pk}-"
        data = {
            name: request.POST[prefix + name]
            for name in assessment.SCORE_FIELDS
            if prefix + name in request.POST
        }
        if row.criterion.is_scored:
            data.pop("met", None)
        elif "met" not in data and any(k.startswith(prefix) for k in request.POST):
            data["met"] = ""  # no radio ticked: nothing chosen
        row.shown = dict(data)
        try:
            entry = assessment.parse_entry(row.criterion, data)
        except ValidationError as error:
            row.errors = _messages(error)
            problems.extend(row.errors)
            continue
        revision = parse_id(request.POST.get(prefix + "revision", "")) or 0
        entries.append((row, entry, revision))
    if not problems:
        try:
            with transaction.atomic():
                for row, entry, revision in entries:
                    assessment.save_score(
                        actor=request.user,
                        application=application,
                        criterion=row.criterion,
                        entry=entry,
                        base_revision=revision,
                        consensus=consensus,
                    )
        except assessment.ScoreConflict as conflict:
            code = conflict.current.criterion.code
            problems.append(_conflict_message(code))
        except ValidationError as error:
            problems.extend(_messages(error))
    if problems:
        if consensus:
            fresh = {
                r.criterion.pk: r
                for r in selectors.scorebook_rows(application, None, with_members=True)
            }
            for row in rows:
                row.others = fresh[row.criterion.pk].others
                row.suggestion = fresh[row.criterion.pk].suggestion
        return _book_page(
            request,
            application,
            member,
            consensus=consensus,
            rows=rows,
            problems=[_("Nothing was saved. Correct these first:"), *problems],
            status=422,
        )
    messages.success(request, _("Scorebook saved."))
    return redirect(request.path)


def _conflict_message(code: str) -> str:
    return _(
        "%(code)s was changed by someone else since this page was opened; your change was "
        "not saved. Reload the page to see theirs, then enter yours again."
    ) % {"code": code}


@login_required
def scorebook(request: HttpRequest, pk: int) -> HttpResponse:
    application, member = _member(request, pk)
    if request.method == "POST":
        return _save_whole_book(request, application, member, consensus=False)
    return _book_page(request, application, member, consensus=False)


@login_required
def consensus(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair's consensus, criterion by criterion, beside the members' scores; the
    other members read it."""
    application, member = _member(request, pk)
    if request.method == "POST":
        if member.seat != TeamMember.Seat.CHAIR:
            raise PermissionDenied
        if request.POST.get("start") == "median":
            try:
                filled = assessment.start_consensus_from_members(
                    actor=request.user, application=application
                )
            except ValidationError as error:
                for text in _messages(error):
                    messages.error(request, text)
            except assessment.ScoreConflict:
                messages.error(request, _("Someone saved meanwhile: try again."))
            else:
                messages.success(
                    request,
                    _("%(n)s criteria filled from the members' scores; check each one.")
                    % {"n": filled},
                )
            return redirect(request.path)
        return _save_whole_book(request, application, member, consensus=True)
    return _book_page(request, application, member, consensus=True)


@login_required
@require_POST
def scorebook_save(request: HttpRequest, pk: int) -> HttpResponse:
    """One criterion's change, as the scorebook's script sends it while the assessor
    types: JSON back, with the new revision or why it was refused."""
    application, member = _member(request, pk)
    number = parse_id(request.POST.get("criterion", ""))
    criterion = application.call.standard.criteria.filter(pk=number).first() if number else None
    if criterion is None:
        return JsonResponse(
            {"message": _("This criterion is not in the call's standard.")}, status=422
        )
    consensus_book = request.POST.get("book") == "consensus"
    revision_text = request.POST.get("revision", "0")
    revision = 0 if revision_text == "0" else parse_id(revision_text)
    if revision is None:
        return JsonResponse({"message": _("Reload the page and enter it again.")}, status=422)
    data = {n: request.POST[n] for n in assessment.SCORE_FIELDS if n in request.POST}
    try:
        entry = assessment.parse_entry(criterion, data)
        score = assessment.save_score(
            actor=request.user,
            application=application,
            criterion=criterion,
            entry=entry,
            base_revision=revision,
            consensus=consensus_book,
        )
    except ValidationError as error:
        texts = _messages(error)
        return JsonResponse(
            {
                "message": " ".join(texts),
                "errors": {k: " ".join(v) for k, v in error.message_dict.items()},
            },
            status=422,
        )
    except assessment.ScoreConflict as conflict:
        current = conflict.current
        return JsonResponse(
            {
                "message": _conflict_message(criterion.code),
                "revision": current.revision,
                "current": {
                    "points": str(current.points) if current.points is not None else "",
                    "met": {True: "yes", False: "no"}.get(current.met, ""),  # type: ignore[arg-type]
                    "strengths": current.strengths,
                    "improvements": current.improvements,
                },
            },
            status=409,
        )
    done, total = selectors.progress(
        selectors.scorebook_rows(application, None if consensus_book else member)
    )
    return JsonResponse(
        {
            "progress": _("%(done)s of %(total)s criteria filled") % {"done": done, "total": total},
            "revision": score.revision,
            "status": selectors.saved_label(score.saved_at) if score.pk else _("Saved"),
            "filled": assessment.is_filled(score, criterion),
        }
    )


@login_required
@require_POST
def consensus_close(request: HttpRequest, pk: int) -> HttpResponse:
    application, _seat = _member(request, pk)
    try:
        closed = assessment.close_consensus(actor=request.user, application=application)
    except ValidationError as error:
        for text in _messages(error):
            messages.error(request, text)
        return redirect("certification:consensus", application.pk)
    level = closed.consensus_level
    messages.success(
        request,
        _("Consensus closed: %(total)s%%, %(level)s.")
        % {
            "total": closed.consensus_total,
            "level": level.name if level else _("no level reached"),
        },
    )
    return redirect(reverse("certification:consensus", args=[closed.pk]))


urlpatterns: list[URLPattern] = [
    path("calls/<int:pk>/teams/", teams, name="teams"),
    path("calls/<int:pk>/teams/new/", team_new, name="team_new"),
    path("teams/<int:pk>/", team, name="team"),
    path("teams/<int:pk>/members/", team_member_add, name="team_member_add"),
    path(
        "teams/<int:pk>/members/<int:member_pk>/remove/",
        team_member_remove,
        name="team_member_remove",
    ),
    path("teams/<int:pk>/assign/", team_assign, name="team_assign"),
    path("applications/<int:pk>/visit/", visit_schedule, name="visit_schedule"),
    path("conflicts/", conflict_declare, name="conflict_declare"),
    path("assessments/", assessments, name="assessments"),
    path("applications/<int:pk>/scorebook/", scorebook, name="scorebook"),
    path("applications/<int:pk>/scorebook/save/", scorebook_save, name="scorebook_save"),
    path("applications/<int:pk>/consensus/", consensus, name="consensus"),
    path("applications/<int:pk>/consensus/close/", consensus_close, name="consensus_close"),
]
