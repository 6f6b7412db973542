"""A unit's application: the draft page, evidence, sending (confirmed), endorsement above
the unit, withdrawal; and, once assessed, what to do next year."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import capabilities as cap
from certification import applications as services
from certification import next_year
from certification.apply_forms import DraftForm, EvidenceForm, StartForm, add_errors
from certification.calls import is_taking_applications
from certification.models import (
    Application,
    ApplicationEvidence,
    Call,
    Certificate,
    ItemScreening,
)
from maintenance.evidence import EvidenceRejected
from saduak.http import HtmxHttpRequest, parse_id, stored_file
from thaicalendar import dates

PAGE_SIZE = 50


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """The applications the account reads, newest call first."""
    applications = (
        cap.applications_for(request.user)
        .select_related("call", "centre__organisation__province", "level")
        .order_by("-call__fiscal_year", "centre__name_th", "pk")
    )
    state = request.GET.get("state", "")
    if state in Application.State.values:
        applications = applications.filter(state=state)
    else:
        state = ""
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "certification/application_list.html",
        {"page": page, "state": state, "states": Application.State.choices},
    )


@login_required
def application_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Start an application in an open call, for one of the unit's centres."""
    number = parse_id(str(pk))
    call = Call.objects.filter(pk=number, state=Call.State.OPEN).first() if number else None
    if call is None:
        raise Http404
    if not cap.can(request.user, cap.APPLY):
        raise PermissionDenied
    centres = cap.centres_for(request.user, need=cap.APPLY).filter(is_active=True)
    # A unit with one centre (most local governments) has it chosen already.
    only = list(centres[:2])
    initial = {"centre": only[0].pk} if len(only) == 1 else {}
    form = StartForm(request.POST or None, centres=centres, call=call, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(
                actor=request.user,
                call=call,
                centre=form.cleaned_data["centre"],
                level=form.cleaned_data["level"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Application started. Fill it in as you gather the evidence.")
            )
            return redirect(application)
    return render(
        request,
        "certification/application_new.html",
        {"form": form, "call": call, "taking": is_taking_applications(call, dates.bangkok_today())},
    )


# --- the application page -------------------------------------------------------------


def _latest_screening(application: Application) -> dict[int, ItemScreening]:
    """The screener's judgement of each item of the latest version, when returned."""
    if application.state != Application.State.RETURNED:
        return {}
    latest = application.versions.order_by("-number").first()
    if latest is None:
        return {}
    found = ItemScreening.objects.filter(version=latest).prefetch_related("reasons")
    return {s.criterion_id: s for s in found}


def _evidence(application: Application) -> dict[int, list[ApplicationEvidence]]:
    grouped: dict[int, list[ApplicationEvidence]] = {}
    for piece in application.evidence.filter(withdrawn=False):
        grouped.setdefault(piece.criterion_id, []).append(piece)
    return grouped


def _page(
    request: HttpRequest,
    application: Application,
    form: DraftForm | None = None,
    **extra: Any,
) -> HttpResponse:
    user = request.user
    criteria = services.criteria_of(application)
    can_fill = cap.can(user, cap.APPLY, application) and application.is_editable_by_unit
    if can_fill and form is None:
        form = DraftForm(application=application, criteria=criteria)
    items = {i.criterion_id: i for i in application.items.all()}
    evidence = _evidence(application)
    screening = _latest_screening(application)
    flagged = services.flagged_ids(application)
    rows = []
    for criterion in criteria:
        rows.append(
            {
                "criterion": criterion,
                "item": items.get(criterion.pk),
                "evidence": evidence.get(criterion.pk, []),
                "screening": screening.get(criterion.pk),
                "open": can_fill and (flagged is None or criterion.pk in flagged),
                **(form.row(criterion) if form is not None else {}),
            }
        )
    context = {
        "application": application,
        "call": application.call,
        "form": form,
        "can_fill": can_fill,
        "rows": rows,
        "returned": application.state == Application.State.RETURNED,
        "flagged_count": len(flagged or ()),
        "versions": application.versions.defer("content").select_related("sent_by"),
        "can_endorse": application.state == Application.State.AWAITING_ENDORSEMENT
        and cap.can(user, cap.ENDORSE, application),
        "can_withdraw": not application.is_decided and cap.can(user, cap.APPLY, application),
        "assessed": application.consensus_closed_at is not None,
        "work": _work_on(user, application),
        "certificate": Certificate.objects.filter(application=application).first(),
        # What is still missing, listed on the draft page before any Send is pressed.
        "missing": services.problems_before_sending(application) if can_fill else [],
        # Files go with the Attach button only, never with the autosave.
        "file_fields": ",".join(f"file-{c.pk}" for c in criteria),
        **extra,
    }
    return render(request, "certification/application.html", context)


def _work_on(user: Any, application: Application) -> list[tuple[str, str]]:
    """The next steps others take on the application, for whoever may take them: each
    step's page is reached from here, never by typing its address."""
    State = Application.State
    pk = application.pk
    work: list[tuple[str, str]] = []
    if cap.can(user, cap.SCREEN, application) and application.state in (
        State.SENT,
        State.IN_SCREENING,
    ):
        work.append((_("Screen the documents"), reverse("certification:screening", args=[pk])))
    if cap.can(user, cap.ASSESS, application) and application.team_id:
        work.append((_("Scorebook"), reverse("certification:scorebook", args=[pk])))
        work.append((_("Team consensus"), reverse("certification:consensus", args=[pk])))
    if cap.can(user, cap.RUN_CERTIFICATION, application):
        if application.state in (State.SENT, State.IN_SCREENING):
            work.append((_("Assign a screener"), reverse("certification:screening_assign")))
        if application.state in (State.PASSED, State.VISIT_SCHEDULED):
            work.append(
                (
                    _("Assessment teams and visits"),
                    reverse("certification:teams", args=[application.call_id]),
                )
            )
        if application.state == State.ASSESSED:
            work.append(
                (_("Record the committee's decision"), reverse("certification:decide", args=[pk]))
            )
    return work


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = cap.access_application(request.user, pk)
    return _page(request, application)


def _fillable(request: HttpRequest, pk: int) -> Application:
    application = cap.access_application(request.user, pk, need=cap.APPLY)
    if not application.is_editable_by_unit:
        raise PermissionDenied
    return application


def _save_posted(request: HttpRequest, application: Application) -> Application | HttpResponse:
    """Save the draft as posted. Every button of the page (save, send, attach, remove)
    goes through here first, so nothing typed is lost on the way."""
    criteria = services.criteria_of(application)
    form = DraftForm(request.POST, application=application, criteria=criteria)
    if not form.is_valid():
        return _page(request, application, form)
    try:
        return services.save_draft(
            actor=request.user,
            application=application,
            base_revision=form.cleaned_data["revision"],
            answers=form.answers(),
        )
    except services.DraftConflict as conflict:
        return _page(request, application, form, conflict=conflict.current)
    except ValidationError as error:
        add_errors(form, error)
        return _page(request, application, form)
    except services.NotEditable as exc:
        raise PermissionDenied from exc


def _autosave(request: HttpRequest, application: Application) -> HttpResponse:
    """The draft saved by htmx as it is typed: only a status line comes back (with the
    new revision), 409 when someone saved meanwhile, 422 when an answer is refused."""
    status = "certification/_draft_status.html"
    criteria = services.criteria_of(application)
    form = DraftForm(request.POST, application=application, criteria=criteria)
    if not form.is_valid():
        return render(request, status, {"form": form}, status=422)
    try:
        saved = services.save_draft(
            actor=request.user,
            application=application,
            base_revision=form.cleaned_data["revision"],
            answers=form.answers(),
        )
    except services.DraftConflict:
        return render(request, status, {"conflict": True}, status=409)
    except ValidationError as error:
        add_errors(form, error)
        return render(request, status, {"form": form}, status=422)
    return render(request, status, {"application": saved})


@login_required
@require_POST
def application_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save draft: the button (a whole page back), or htmx's autosave (a status line)."""
    application = _fillable(request, pk)
    if request.htmx:
        return _autosave(request, application)
    saved = _save_posted(request, application)
    if isinstance(saved, HttpResponse):
        return saved
    messages.success(request, _("Draft saved."))
    return redirect(saved)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The Attach button of one criterion: save the draft, then keep the file or link."""
    saved = _save_posted(request, _fillable(request, pk))
    if isinstance(saved, HttpResponse):
        return saved
    criterion = request.POST.get("attach", "")
    form = EvidenceForm(
        {"criterion": criterion, "link": request.POST.get(f"link-{criterion}", "")},
        {"file": request.FILES[f"file-{criterion}"]}
        if f"file-{criterion}" in request.FILES
        else {},
        application=saved,
    )
    if form.is_valid():
        try:
            services.add_evidence(
                actor=request.user,
                application=saved,
                criterion=form.cleaned_data["criterion"],
                upload=form.cleaned_data["file"],
                link=form.cleaned_data["link"] or "",
            )
            messages.success(request, _("Evidence added."))
        except EvidenceRejected as exc:
            messages.error(request, _("Evidence not added: %(reason)s") % {"reason": exc})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, _("Evidence not added: %(reason)s") % {"reason": message})
    else:
        for errors in form.errors.values():
            for refusal in errors:
                messages.error(request, _("Evidence not added: %(reason)s") % {"reason": refusal})
    anchor = f"#item-{criterion}" if parse_id(criterion) else ""
    return redirect(saved.get_absolute_url() + anchor)


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, piece_pk: int) -> HttpResponse:
    application = _fillable(request, pk)
    evidence = get_object_or_404(
        ApplicationEvidence.objects.select_related("criterion"),
        pk=piece_pk,
        application=application,
        withdrawn=False,
    )
    saved = _save_posted(request, application)
    if isinstance(saved, HttpResponse):
        return saved
    try:
        services.withdraw_evidence(actor=request.user, evidence=evidence)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Evidence removed from the draft."))
    return redirect(saved.get_absolute_url() + f"#item-{evidence.criterion_id}")


@login_required
def evidence_file(request: HttpRequest, pk: int, piece_pk: int) -> FileResponse:
    """A stored evidence file, for anyone who reads the application."""
    application = cap.access_application(request.user, pk)
    evidence = get_object_or_404(ApplicationEvidence, pk=piece_pk, application=application)
    return stored_file(evidence)


# --- sending, endorsing, withdrawing --------------------------------------------------


def _carries_draft(request: HttpRequest) -> bool:
    return bool(set(request.POST) - {"confirm", "revision", "csrfmiddlewaretoken"})


@login_required
@require_POST
def application_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Two steps, without JavaScript: Send saves what is on the screen and lists what is
    missing, or asks for confirmation, since sending is final; the confirmation
    (confirm=1, with the revision it was asked about) sends."""
    application = _fillable(request, pk)
    confirmed = request.POST.get("confirm") == "1"
    if confirmed and not _carries_draft(request):
        revision = parse_id(request.POST.get("revision", ""))
        if revision is None and request.POST.get("revision") != "0":
            return redirect(application)
        return _send_confirmed(request, application, revision or 0)
    saved = _save_posted(request, application)
    if isinstance(saved, HttpResponse):
        return saved
    if confirmed:
        return _send_confirmed(request, saved, saved.revision)
    problems = services.problems_before_sending(saved)
    if problems:
        return _page(request, saved, problems=problems)
    endorsement = saved.call.requires_endorsement and saved.endorsed_at is None
    context = {
        "application": saved,
        "number": saved.versions.count() + 1,
        "endorsement": endorsement and saved.state == Application.State.DRAFT,
        "evidence_count": saved.evidence.filter(withdrawn=False).count(),
    }
    return render(request, "certification/application_confirm.html", context)


def _send_confirmed(request: HttpRequest, application: Application, revision: int) -> HttpResponse:
    try:
        version = services.send(actor=request.user, application=application, base_revision=revision)
    except services.DraftConflict:
        messages.error(
            request,
            _("Not sent: the draft changed after you were asked. Check it, then send again."),
        )
        return redirect(application)
    except services.Incomplete as incomplete:
        return _page(request, application, problems=incomplete.problems)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(application)
    application.refresh_from_db()
    if application.state == Application.State.AWAITING_ENDORSEMENT:
        messages.success(
            request,
            _("Version %(n)s sent: it now awaits the supervising organisation's endorsement.")
            % {"n": version.number},
        )
    else:
        messages.success(request, _("Version %(n)s sent for screening.") % {"n": version.number})
    return redirect(application)


@login_required
@require_POST
def application_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    application = cap.access_application(request.user, pk, need=cap.ENDORSE)
    try:
        services.endorse(actor=request.user, application=application)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Application endorsed: it goes to screening."))
    return redirect(application)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Asked first (the answer posts confirm=1): a withdrawn application stays withdrawn."""
    application = cap.access_application(request.user, pk, need=cap.APPLY)
    if request.POST.get("confirm") != "1":
        return render(
            request, "certification/application_withdraw.html", {"application": application}
        )
    try:
        services.withdraw(actor=request.user, application=application)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect(application)


# --- what to do next year ---------------------------------------------------------------


@login_required
def application_next_year(request: HttpRequest, pk: int) -> HttpResponse:
    application = cap.access_application(request.user, pk)
    return render(
        request,
        "certification/next_year.html",
        {"application": application, "advice": next_year.advice(application)},
    )


urlpatterns: list[URLPattern] = [
    path("applications/", application_list, name="applications"),
    path("calls/<int:pk>/apply/", application_new, name="application_new"),
    path("applications/<int:pk>/", application_detail, name="application"),
    path("applications/<int:pk>/save/", application_save, name="application_save"),
    path("applications/<int:pk>/evidence/", evidence_add, name="application_evidence"),
    path(
        "applications/<int:pk>/evidence/<int:piece_pk>/",
        evidence_file,
        name="application_evidence_file",
    ),
    path(
        "applications/<int:pk>/evidence/<int:piece_pk>/remove/",
        evidence_remove,
        name="application_evidence_remove",
    ),
    path("applications/<int:pk>/send/", application_send, name="application_send"),
    path("applications/<int:pk>/endorse/", application_endorse, name="application_endorse"),
    path("applications/<int:pk>/withdraw/", application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/next-year/", application_next_year, name="application_next_year"),
]
