"""Document screening: the reason catalogue (OPS PMO), assignment (OPS PMO), the
screener's queue and screening page, and the results of a call for every overseer."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import capabilities as cap
from certification import makers
from certification import screening as services
from certification import screening_selectors as selectors
from certification.models import Application, ApplicationVersion, Call, ScreeningReason
from certification.screening_forms import (
    AssignForm,
    FilterForm,
    ReasonForm,
    posted_judgements,
    posted_outcome,
)
from downloads.views import start as start_download
from registry.models import Province
from saduak.http import parse_id

# --- the reason catalogue ----------------------------------------------------------------


@login_required
def reason_list(request: HttpRequest) -> HttpResponse:
    cap.require(request.user, cap.RUN_CERTIFICATION)
    reasons = ScreeningReason.objects.order_by("-is_active", "code")
    return render(request, "certification/reason_list.html", {"reasons": reasons})


@login_required
def reason_new(request: HttpRequest) -> HttpResponse:
    cap.require(request.user, cap.RUN_CERTIFICATION)
    form = ReasonForm(request.POST or None)
    del form.fields["is_active"]
    if request.method == "POST" and form.is_valid():
        services.add_reason(
            actor=request.user,
            text_th=form.cleaned_data["text_th"],
            text_en=form.cleaned_data["text_en"],
        )
        messages.success(request, _("Reason added to the catalogue."))
        return redirect("certification:reasons")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("New screening reason"),
            "cancel_url": reverse("certification:reasons"),
        },
    )


@login_required
def reason_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cap.require(request.user, cap.RUN_CERTIFICATION)
    number = parse_id(str(pk))
    reason = ScreeningReason.objects.filter(pk=number).first() if number else None
    if reason is None:
        raise Http404
    form = ReasonForm(request.POST or None, instance=ScreeningReason.objects.get(pk=reason.pk))
    if request.method == "POST" and form.is_valid():
        services.change_reason(
            actor=request.user,
            reason=reason,
            text_th=form.cleaned_data["text_th"],
            text_en=form.cleaned_data["text_en"],
            is_active=form.cleaned_data["is_active"],
        )
        messages.success(request, _("Reason saved."))
        return redirect("certification:reasons")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Change a screening reason"),
            "cancel_url": reverse("certification:reasons"),
        },
    )


# --- assignment ------------------------------------------------------------------------------


def _call_from(request: HttpRequest, *, open_first: bool = True) -> tuple[Call | None, list[Call]]:
    calls = list(Call.objects.exclude(state=Call.State.DRAFT).order_by("-fiscal_year"))
    wanted = parse_id(request.GET.get("call", "") or request.POST.get("call", ""))
    chosen = next((c for c in calls if c.pk == wanted), None)
    if chosen is None and calls:
        chosen = next((c for c in calls if c.state == Call.State.OPEN), calls[0])
    return chosen, calls


@login_required
def assign(request: HttpRequest) -> HttpResponse:
    """OPS PMO gives applications of a call to a screener: those ticked, or every one
    matching the filters (province, kind of organisation, kind of local government)."""
    cap.require(request.user, cap.RUN_CERTIFICATION)
    call, calls = _call_from(request)
    source = request.POST if request.method == "POST" else request.GET
    filters = FilterForm(source)
    chosen = filters.values()
    applications = selectors.assignable(call, **chosen) if call else Application.objects.none()
    page = Paginator(applications, 100).get_page(request.GET.get("page"))
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        choices=[a.pk for a in page.object_list]
        if request.method != "POST"
        else list(applications.values_list("pk", flat=True)),
    )
    if request.method == "POST" and not filters.is_valid():
        # A bulk assignment goes to what the filters name: filters that cannot be read
        # must not widen it to the whole call.
        form.add_error(None, _("The filters could not be read: choose them again."))
    elif request.method == "POST" and call is not None and form.is_valid():
        if form.cleaned_data["scope"] == "all":
            targets = list(applications)
        else:
            targets = list(applications.filter(pk__in=form.cleaned_data["applications"]))
        try:
            count = services.assign(
                actor=request.user, applications=targets, screener=form.cleaned_data["screener"]
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(
                request,
                _("%(n)s applications given to %(screener)s.")
                % {"n": count, "screener": form.cleaned_data["screener"]},
            )
            query = "&".join(f"{k}={v}" for k, v in chosen.items() if v)
            return redirect(reverse("certification:screening_assign") + f"?call={call.pk}&{query}")
    return render(
        request,
        "certification/screening_assign.html",
        {
            "call": call,
            "calls": calls,
            "filters": filters,
            "chosen": chosen,
            "page": page,
            "form": form,
            "total": page.paginator.count,
        },
    )


# --- the queue -------------------------------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """A screener's applications; OPS PMO sees every one, with its screener."""
    national = cap.can(request.user, cap.RUN_CERTIFICATION)
    if not (national or cap.can(request.user, cap.SCREEN)):
        raise PermissionDenied
    state = request.GET.get("state", "")
    applications = selectors.queue(request.user, state=state)
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    states = [(s.value, s.label) for s in Application.State if s in selectors.SCREENING_STATES]
    return render(
        request,
        "certification/screening_queue.html",
        {
            "page": page,
            "state": state if state in Application.State.values or state == "all" else "",
            "states": states,
            "national": national,
            "calls": Call.objects.exclude(state=Call.State.DRAFT).order_by("-fiscal_year"),
        },
    )


# --- screening one application ------------------------------------------------------------------


def _screening_access(request: HttpRequest, pk: Any) -> tuple[Application, bool]:
    """The application (404 unless read) and whether this account decides it. Its
    assigned screener decides; OPS PMO reads the page (it assigns, the screener
    judges); anyone else who reads the application reads its own pages, not this one."""
    application = cap.access_application(request.user, pk)
    decides = cap.can(request.user, cap.SCREEN, application)
    if not (decides or cap.is_national(request.user, cap.READ)):
        raise PermissionDenied
    return application, decides


def _screening_page(
    request: HttpRequest,
    application: Application,
    decides: bool,
    *,
    problems: list[services.Problem] | None = None,
    status: int = 200,
) -> HttpResponse:
    view = selectors.screening(application)
    open_for_decision = (
        decides
        and view.version is not None
        and view.version.outcome == ApplicationVersion.Outcome.PENDING
        and application.state == Application.State.IN_SCREENING
    )
    posted = request.POST if request.method == "POST" else None
    errors: dict[str, list[str]] = {}
    for problem in problems or []:
        errors.setdefault(problem.field, []).append(problem.message)
    rows = []
    for row in view.rows:
        key = f"c{row.criterion.pk}"
        if posted is not None:
            complete = posted.get(f"{key}-complete", "")
            reason_ids = set(posted.getlist(f"{key}-reasons"))
            note = posted.get(f"{key}-note", "")
        elif row.previous_judgement is not None and not row.changed:
            # Unchanged since the last screening: start from the judgement given then.
            complete = "yes" if row.previous_judgement.complete else "no"
            reason_ids = {str(r.pk) for r in row.previous_judgement.reasons.all()}
            note = row.previous_judgement.note
        else:
            complete, reason_ids, note = "", set(), ""
        rows.append(
            {
                "row": row,
                "key": key,
                "complete": complete,
                "reason_ids": reason_ids,
                "note": note,
                "errors": errors.get(key, []),
            }
        )
    groups = []
    index = 0
    for group in view.groups:
        groups.append({"title": group.title, "rows": rows[index : index + len(group.rows)]})
        index += len(group.rows)
    context = {
        "application": application,
        "view": view,
        "groups": groups,
        "decides": open_for_decision,
        "reasons": list(selectors.reasons_in_use()),
        "errors": errors,
        "problems": problems or [],
        "outcome": posted.get("outcome", "") if posted else "",
        "outcome_reason_ids": set(posted.getlist("reasons")) if posted else set(),
        "note": posted.get("note", "") if posted else "",
        "outcomes": [
            (o.value, o.label)
            for o in ApplicationVersion.Outcome
            if o != ApplicationVersion.Outcome.PENDING
        ],
    }
    return render(request, "certification/screening.html", context, status=status)


@login_required
def screening_page(request: HttpRequest, pk: int) -> HttpResponse:
    application, decides = _screening_access(request, pk)
    return _screening_page(request, application, decides)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The screener's judgement of every item and the outcome, saved together."""
    application = cap.access_application(request.user, pk, need=cap.SCREEN)
    criteria = list(application.call.standard.criteria.all())
    number, outcome, reason_ids, note = posted_outcome(request.POST)
    try:
        version = services.decide(
            actor=request.user,
            application=application,
            version_number=number or 0,
            outcome=outcome,
            judgements=posted_judgements(request.POST, criteria),
            reason_ids=reason_ids,
            note=note,
        )
    except services.ScreeningConflict:
        messages.error(
            request,
            _(
                "Not saved: this application was decided, or a newer version was sent, "
                "after you opened it. Read it again below."
            ),
        )
        return redirect("certification:screening", pk=application.pk)
    except services.ScreeningRefused as refused:
        return _screening_page(request, application, True, problems=refused.problems, status=422)
    messages.success(
        request,
        _("Screening of version %(n)s recorded: %(outcome)s.")
        % {"n": version.number, "outcome": version.get_outcome_display()},
    )
    return redirect("certification:screening_queue")


# --- results of a call ---------------------------------------------------------------------------


def _results(request: HttpRequest, pk: int) -> tuple[Call, Any, dict[str, Any]]:
    if not cap.can(request.user, cap.OVERSEE):
        raise PermissionDenied
    number = parse_id(str(pk))
    call = Call.objects.select_related("standard").filter(pk=number).first() if number else None
    if call is None:
        raise Http404
    province = request.GET.get("province", "")
    if not (len(province) == 2 and province.isascii() and province.isdigit()):
        province = ""  # a province code is two digits; nothing else reaches the database
    outcome = request.GET.get("outcome", "")
    if outcome not in ApplicationVersion.Outcome.values:
        outcome = ""
    rows = selectors.results(request.user, call, province=province, outcome=outcome)
    return call, rows, {"province": province, "outcome": outcome}


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    call, rows, chosen = _results(request, pk)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    for version in page.object_list:
        version.reasons_text = selectors.result_reasons(version)
    provinces = Province.objects.filter(
        code__in=cap.applications_for(request.user)
        .filter(call=call)
        .values("centre__organisation__province_id")
    )
    query = "&".join(f"{k}={v}" for k, v in chosen.items() if v)
    return render(
        request,
        "certification/screening_results.html",
        {
            "call": call,
            "page": page,
            "chosen": chosen,
            "query": query,
            "provinces": provinces,
            "outcomes": [
                (o.value, o.label)
                for o in ApplicationVersion.Outcome
                if o != ApplicationVersion.Outcome.PENDING
            ],
        },
    )


@login_required
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The results as an Excel sheet, prepared in the background (downloads/)."""
    call, _rows, chosen = _results(request, pk)
    return start_download(
        request,
        maker=makers.RESULTS_SHEET,
        params=makers.results_params(request.user, call, **chosen),
        title=makers.results_title(call, pdf=False),
    )


@login_required
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The results as the PDF sent down the chain, prepared in the background."""
    call, _rows, chosen = _results(request, pk)
    return start_download(
        request,
        maker=makers.RESULTS_PDF,
        params=makers.results_params(request.user, call, **chosen),
        title=makers.results_title(call, pdf=True),
    )


urlpatterns: list[URLPattern] = [
    path("reasons/", reason_list, name="reasons"),
    path("reasons/new/", reason_new, name="reason_new"),
    path("reasons/<int:pk>/edit/", reason_edit, name="reason_edit"),
    path("screening/", queue, name="screening_queue"),
    path("screening/assign/", assign, name="screening_assign"),
    path("screening/<int:pk>/", screening_page, name="screening"),
    path("screening/<int:pk>/decide/", decide, name="screening_decide"),
    path("screening/results/<int:pk>/", results, name="screening_results"),
    path("screening/results/<int:pk>/sheet.xlsx", results_xlsx, name="screening_results_xlsx"),
    path("screening/results/<int:pk>/letter.pdf", results_pdf, name="screening_results_pdf"),
]
