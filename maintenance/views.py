from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import capabilities as cap
from downloads.views import start as start_download
from maintenance import makers, selectors, services, survey_shown
from maintenance.evidence import EvidenceRejected
from maintenance.forms import DraftForm, EvidenceForm, ReviewForm, RoundForm
from maintenance.models import (
    PERCENTAGE_FIELDS,
    SATISFACTION_FIELDS,
    Evidence,
    Report,
    ReportVersion,
    Round,
)
from registry.models import Organisation
from saduak.http import HtmxHttpRequest, parse_id, stored_file
from survey.selectors import (
    left_out_of_report,
    mean_percentages,
    report_values,
    satisfaction_for_report,
    still_counting,
)
from thaicalendar import dates


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports an account deals with: its own unit's, or those awaiting review."""
    reports = (
        selectors.reports_for(request.user)
        .select_related("round", "centre__organisation")
        .order_by("-round__fiscal_year", "-round__months", "centre__name_th")
    )
    status = request.GET.get("status", "")
    if status in Report.Status.values:
        reports = reports.filter(status=status)
    elif not status and cap.can(request.user, cap.REVIEW_REPORTS):
        reports = reports.filter(status=Report.Status.SUBMITTED)
        status = Report.Status.SUBMITTED
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "maintenance/report_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Report.Status.choices,
            "today": dates.bangkok_today(),
        },
    )


def _draft_page(
    request: HttpRequest, report: Report, form: DraftForm, **extra: Any
) -> HttpResponse:
    survey = satisfaction_for_report(report)
    if (
        survey
        and not form.is_bound
        and all(getattr(report, n) is None for n in SATISFACTION_FIELDS)
    ):
        # Nothing entered yet: the round's citizen survey fills the satisfaction part.
        # The centre sees the figures, may correct them, and they are saved with the draft.
        form.initial.update(survey)
    evidence = _evidence_by_item(report)
    returned = (
        report.versions.filter(outcome=ReportVersion.Outcome.RETURNED).last()
        if report.status == Report.Status.RETURNED
        else None
    )
    # The reviewer's comments are kept by item code; each goes beside its item.
    notes = returned.item_comments if returned else {}
    rows = [
        {
            **row,
            "evidence": evidence.get(row["item"].pk, []),
            "review_note": notes.get(row["item"].code, ""),
        }
        for row in form.item_rows()
    ]
    # Beside each mean, the percentage the report will carry for it once saved.
    shown = {name: form[name].value() for name in PERCENTAGE_FIELDS}
    carried = mean_percentages(shown, survey=survey, kept=report_values(report))
    percentages = {name: carried[field_name] for name, field_name in PERCENTAGE_FIELDS.items()}
    context = {
        "report": report,
        "form": form,
        "rows": rows,
        "versions": _versions(report),
        "survey": survey,
        "returned": returned,
        "file_fields": ",".join(f"file-{row['item'].pk}" for row in rows),
        "can_fill": True,
        "percentages": percentages,
        # Carried back by every save, which compares with it (maintenance/survey_shown.py).
        "survey_shown": survey_shown.sign(report, survey),
        "survey_shown_field": survey_shown.FIELD,
        "waiting": still_counting(
            Q(centre=report.centre_id), report.round.period_start, report.round.period_end
        ),
        "left_out": left_out_of_report(report, counted=survey["respondents"] if survey else 0),
        **extra,
    }
    return render(request, "maintenance/report_edit.html", context)


def _evidence_by_item(report: Report) -> dict[int, list[Evidence]]:
    grouped: dict[int, list[Evidence]] = {}
    for piece in report.evidence.filter(withdrawn=False):
        grouped.setdefault(piece.item_id, []).append(piece)
    return grouped


def _versions(report: Report) -> Any:
    return report.versions.defer("content").select_related("submitted_by")


def _items(report: Report) -> list[Any]:
    return list(report.standard.checklist_items.all())


def _save_posted_draft(request: HtmxHttpRequest, report: Report) -> Report | HttpResponse:
    """Save the draft as posted. Every button of the report page (save, send, attach,
    remove) goes through here first, so nothing typed is lost on the way."""
    form = DraftForm(request.POST, report=report, items=_items(report))
    if not form.is_valid():
        if request.htmx:
            return render(request, "maintenance/_draft_status.html", {"form": form}, status=422)
        return _draft_page(request, report, form)
    try:
        saved = services.save_draft(
            actor=request.user,
            report=report,
            base_revision=form.cleaned_data["revision"],
            answers=form.answers(),
            satisfaction=form.satisfaction(),
            # As the page showed them: an autosave never works the survey out again.
            survey_figures=survey_shown.read(report, request.POST.get(survey_shown.FIELD, "")),
        )
    except services.DraftConflict as conflict:
        context = {"conflict": conflict.current}
        if request.htmx:
            return render(request, "maintenance/_draft_status.html", context, status=409)
        return _draft_page(request, report, form, **context)
    except services.NotEditable as exc:
        raise PermissionDenied from exc
    return saved


@login_required
def report_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The centre's staff fill the draft here (autosaved by htmx, or saved with the
    button); everybody else in scope reads the latest state."""
    report = selectors.access_report(request.user, pk)
    can_fill = cap.can(request.user, cap.FILL, report)
    if not (can_fill and report.is_editable):
        if request.method == "POST":
            raise PermissionDenied
        context = {
            "report": report,
            "versions": _versions(report),
            "can_fill": can_fill,
            # What was last sent, with what the survey left out of its figures then.
            "latest": report.versions.order_by("-number").first(),
        }
        return render(request, "maintenance/report_view.html", context)
    if request.method != "POST":
        return _draft_page(request, report, DraftForm(report=report, items=_items(report)))
    saved = _save_posted_draft(request, report)
    if isinstance(saved, HttpResponse):
        return saved
    if request.htmx:
        return render(request, "maintenance/_draft_status.html", {"report": saved})
    messages.success(request, _("Draft saved."))
    return redirect(saved)


@login_required
@require_POST
def report_submit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Sending takes two steps, without JavaScript: the Send button saves what is on the
    screen and asks for confirmation, since sending freezes a version for good; the
    confirmation (confirm=1, with the revision it was asked about) sends it. A client
    that posts the draft itself with confirm=1 has it saved, then sent as posted."""
    report = selectors.access_report(request.user, pk, need=cap.FILL)
    confirmed = request.POST.get("confirm") == "1"
    if confirmed and not _carries_draft(request):
        try:
            base_revision = int(request.POST.get("revision", ""))
        except ValueError:
            return redirect(report)
        return _send_confirmed(request, report, base_revision=base_revision)
    saved = _save_posted_draft(request, report)
    if isinstance(saved, HttpResponse):
        return saved
    if confirmed:
        return _send_confirmed(request, saved, base_revision=saved.revision)
    problems = services.problems_before_submission(saved)
    if problems:
        fresh = DraftForm(report=saved, items=_items(saved))
        return _draft_page(request, saved, fresh, problems=problems)
    context = {
        "report": saved,
        "number": saved.versions.count() + 1,
        "after_deadline": timezone.now() > saved.round.due,
        "answered": saved.answers.exclude(value="").count(),
        "evidence_count": saved.evidence.filter(withdrawn=False).count(),
    }
    return render(request, "maintenance/report_confirm.html", context)


def _carries_draft(request: HttpRequest) -> bool:
    """Whether a POST brings the draft's fields, rather than only the confirmation's."""
    return bool(set(request.POST) - {"confirm", "revision", "csrfmiddlewaretoken"})


def _send_confirmed(
    request: HtmxHttpRequest, report: Report, *, base_revision: int
) -> HttpResponse:
    try:
        version = services.submit(actor=request.user, report=report, base_revision=base_revision)
    except services.DraftConflict:
        # Changed in another tab or by a colleague after the question was asked: what
        # was confirmed is not what would be sent.
        messages.error(
            request,
            _("Not sent: the draft changed after you were asked. Check it, then send again."),
        )
        return redirect(report)
    except services.Incomplete as incomplete:
        fresh = DraftForm(report=report, items=_items(report))
        return _draft_page(request, report, fresh, problems=incomplete.problems)
    except services.NotEditable:
        # Most often the confirmation pressed twice: the first press sent it.
        messages.info(request, _("This report has already been sent."))
        return redirect(report)
    if version.late_by:
        messages.warning(
            request,
            _("Version %(n)s sent after the deadline; it is recorded as late.")
            % {"n": version.number},
        )
    else:
        messages.success(request, _("Version %(n)s sent to OPS PMO.") % {"n": version.number})
    return redirect(version)


@login_required
@require_POST
def evidence_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The Attach button of one item: save the draft, then keep the file or link."""
    report = selectors.access_report(request.user, pk, need=cap.FILL)
    saved = _save_posted_draft(request, report)
    if isinstance(saved, HttpResponse):
        return saved
    item = request.POST.get("attach", "")
    form = EvidenceForm(
        {"item": item, "link": request.POST.get(f"link-{item}", "")},
        {"file": request.FILES[f"file-{item}"]} if f"file-{item}" in request.FILES else {},
        report=saved,
    )
    if form.is_valid():
        try:
            services.add_evidence(
                actor=request.user,
                report=saved,
                item=form.cleaned_data["item"],
                upload=form.cleaned_data["file"],
                link=form.cleaned_data["link"] or "",
            )
            messages.success(request, _("Evidence added."))
        except EvidenceRejected as exc:
            messages.error(request, _("Evidence not added: %(reason)s") % {"reason": exc})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("Evidence not added: %(reason)s") % {"reason": error})
    return redirect(saved.get_absolute_url() + (f"#item-{item}" if parse_id(item) else ""))


@login_required
@require_POST
def evidence_withdraw(request: HtmxHttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    report = selectors.access_report(request.user, pk, need=cap.FILL)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, report=report)
    saved = _save_posted_draft(request, report)
    if isinstance(saved, HttpResponse):
        return saved
    try:
        services.withdraw_evidence(actor=request.user, evidence=evidence)
    except services.NotEditable as exc:
        raise PermissionDenied from exc
    messages.success(request, _("Evidence removed from the draft."))
    return redirect(saved.get_absolute_url() + f"#item-{evidence.item_id}")


@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    """A stored evidence file, for anyone who may read the report."""
    report = selectors.access_report(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, report=report)
    return stored_file(evidence)


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = selectors.access_version(request.user, pk, number)
    codes = [item["code"] for item in version.content["items"]]
    can_review = (
        cap.can(request.user, cap.REVIEW_REPORTS)
        and version.outcome == ReportVersion.Outcome.PENDING
    )
    form = ReviewForm(request.POST or None, codes=codes) if can_review else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                if "accept" in request.POST:
                    services.accept_version(
                        actor=request.user, version=version, comment=form.cleaned_data["comment"]
                    )
                    messages.success(request, _("Version %(n)s accepted.") % {"n": version.number})
                else:
                    services.return_version(
                        actor=request.user,
                        version=version,
                        comment=form.cleaned_data["comment"],
                        item_comments=form.item_comments(),
                    )
                    messages.success(
                        request, _("Version %(n)s returned to the centre.") % {"n": version.number}
                    )
                return redirect(version)
            except services.Incomplete as incomplete:
                for problem in incomplete.problems:
                    form.add_error(None, problem.message)
            except services.NotEditable:
                messages.error(request, _("Someone reviewed this version meanwhile."))
                return redirect(version)
    return render(
        request,
        "maintenance/version_detail.html",
        {
            "version": version,
            "report": version.report,
            "form": form,
            "versions": _versions(version.report),
        },
    )


@login_required
def version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The printable PDF of a sent version, prepared in the background (downloads/)."""
    version = selectors.access_version(request.user, pk, number)
    return start_download(
        request,
        maker=makers.VERSION_PDF,
        params=makers.version_params(version),
        title=makers.version_title(version),
    )


# --- rounds (OPS PMO) ---------------------------------------------------------------------


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    if not cap.can(request.user, cap.ADMINISTER):
        raise PermissionDenied
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_deadlines(
            actor=request.user,
            fiscal_year=form.cleaned_data["fiscal_year"],
            deadlines={m: form.cleaned_data[f"deadline_{m}"] for m in (6, 12)},
        )
        messages.success(request, _("Deadlines saved."))
        return redirect("maintenance:rounds")
    rounds = Round.objects.select_related("standard").order_by("-fiscal_year", "months")
    return render(request, "maintenance/round_list.html", {"form": form, "rounds": rounds})


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    if not cap.can(request.user, cap.ADMINISTER):
        raise PermissionDenied
    rnd = get_object_or_404(Round, pk=pk)
    try:
        count = services.open_round(actor=request.user, rnd=rnd)
    except services.Incomplete as incomplete:
        for problem in incomplete.problems:
            messages.error(request, problem.message)
        return redirect("maintenance:rounds")
    messages.success(
        request,
        _("%(round)s is open: %(n)s centres owe a report.") % {"round": rnd, "n": count},
    )
    return redirect("maintenance:rounds")


# --- completeness -------------------------------------------------------------------------


def _completeness_args(
    request: HttpRequest,
) -> tuple[Round | None, Organisation | None, list[Round]]:
    rounds = list(Round.objects.filter(opened_at__isnull=False).order_by("-fiscal_year", "-months"))
    wanted = request.GET.get("round")
    rnd = next((r for r in rounds if str(r.pk) == wanted), rounds[0] if rounds else None)
    area = None
    if request.GET.get("area"):
        area = cap.access_organisation(request.user, request.GET["area"])
    return rnd, area, rounds


SHORT_LIST = 200


@login_required
def completeness(request: HttpRequest) -> HttpResponse:
    rnd, area, rounds = _completeness_args(request)
    if rnd is None:
        return render(request, "maintenance/completeness.html", {"rounds": rounds})
    result = selectors.completeness(request.user, rnd=rnd, area=area)
    figure = request.GET.get("figure", "")
    place = request.GET.get("place", "")
    listed = selectors.drill_down(result.reports, figure=figure, group=result.group, place=place)
    # A whole country's 10,000 centres make no useful list: show the centres once the
    # reader picks a figure or a place, or straight away for a small scope.
    show_centres = bool(figure or place) or result.totals["owed"] <= SHORT_LIST
    areas = cap.areas_for(request.user)
    context = {
        "rounds": rounds,
        "result": result,
        "figure": figure,
        "place": place,
        "page": Paginator(listed, 50).get_page(request.GET.get("page")) if show_centres else None,
        "areas": areas,
        "figure_labels": list(selectors.FIGURE_LABELS.items()),
        "figure_label": selectors.FIGURE_LABELS.get(figure, ""),
    }
    return render(request, "maintenance/completeness.html", context)


@login_required
def completeness_export(request: HttpRequest) -> HttpResponse:
    """The completeness workbook of what the page shows, prepared in the background."""
    rnd, area, _rounds = _completeness_args(request)
    if rnd is None:
        raise Http404
    params = makers.completeness_params(
        request.user,
        rnd=rnd,
        area=area,
        figure=request.GET.get("figure", ""),
        place=request.GET.get("place", ""),
    )
    return start_download(
        request,
        maker=makers.COMPLETENESS,
        params=params,
        title=makers.completeness_title(rnd, area),
    )
