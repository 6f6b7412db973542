"""The committee's decision and the certificates: their list, detail, PDF and changes of
state. Thin: access through accounts.capabilities, rules in certification.certificates."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from accounts import capabilities as cap
from certification import certificate_selectors as selectors
from certification import certificates as services
from certification.certificate_forms import (
    DecisionForm,
    ReinstateForm,
    RevokeForm,
    SuspendForm,
    show_errors,
)
from certification.certificate_pdf import render_certificate, verify_url
from certification.models import Application, Certificate, Decision
from thaicalendar import dates


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = cap.access_application(request.user, pk, need=cap.RUN_CERTIFICATION)
    decided = Decision.objects.filter(application=application).first()
    form = DecisionForm(request.POST or None, application=application)
    if request.method == "POST" and decided is None and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_decision(
                actor=request.user,
                application=application,
                certified=data["outcome"] == Decision.Outcome.CERTIFIED,
                level=data["level"],
                reasons=data["reasons"],
                decided_on=data["decided_on"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            certificate = Certificate.objects.filter(application=application).first()
            if certificate is not None:
                messages.success(
                    request,
                    _("Decision recorded: certificate %(number)s issued.")
                    % {"number": certificate.number},
                )
                return redirect(certificate)
            messages.success(request, _("Decision recorded: not certified."))
            return redirect("certification:decide", pk=application.pk)
    elif request.method == "POST" and decided is not None:
        messages.error(request, _("The committee has already decided on this application."))
        return redirect("certification:decide", pk=application.pk)
    ready = (
        application.state == Application.State.ASSESSED
        and application.consensus_closed_at is not None
    )
    return render(
        request,
        "certification/decide.html",
        {
            "application": application,
            "decision": decided,
            "certificate": Certificate.objects.filter(application=application).first(),
            "form": form,
            "ready": ready,
        },
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )


@login_required
@require_safe
def certificate_list(request: HttpRequest) -> HttpResponse:
    today = dates.bangkok_today()
    filters = selectors.Filters.from_query(request.GET)
    rows = selectors.certificates_for(request.user, filters, today)
    page = selectors.page_of(rows, request.GET.get("page"), 50, few=bool(filters.text))
    for certificate in page:
        certificate.public_status = selectors.public_status(certificate, today)
    return render(
        request,
        "certification/certificate_list.html",
        {
            "page": page,
            "filters": filters,
            "districts": selectors.districts(filters.province),
            **selectors.choices(),
        },
    )


@login_required
@require_safe
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_for(request.user, pk)
    today = dates.bangkok_today()
    may_change = cap.can(request.user, cap.RUN_CERTIFICATION, certificate)
    return _detail(request, certificate, may_change=may_change, today=today)


def _detail(
    request: HttpRequest,
    certificate: Certificate,
    *,
    may_change: bool,
    today: Any,
    forms_given: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    given = forms_given or {}
    context = {
        "certificate": certificate,
        "events": selectors.events(certificate),
        "status": selectors.public_status(certificate, today),
        "statuses": dict(selectors.STATUSES),
        "may_change": may_change,
        "suspend_form": given.get("suspend", SuspendForm()),
        "reinstate_form": given.get("reinstate", ReinstateForm()),
        "revoke_form": given.get("revoke", RevokeForm()),
    }
    return render(request, "certification/certificate_detail.html", context, status=status)


def _change(
    name: str,
    form_class: type[forms.Form],
    act: Callable[..., Certificate],
    done: Any,
) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        certificate = selectors.certificate_for(request.user, pk, need=cap.RUN_CERTIFICATION)
        if request.method != "POST":
            return redirect(certificate)
        form = form_class(request.POST)
        if form.is_valid():
            try:
                act(actor=request.user, certificate=certificate, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(certificate)
        return _detail(
            request,
            certificate,
            may_change=True,
            today=dates.bangkok_today(),
            forms_given={name: form},
            status=400,
        )

    view.__name__ = f"certificate_{name}"
    return view


suspend = _change("suspend", SuspendForm, services.suspend, _lazy("Certificate suspended."))
reinstate = _change(
    "reinstate", ReinstateForm, services.reinstate, _lazy("Certificate reinstated: valid again.")
)
revoke = _change("revoke", RevokeForm, services.revoke, _lazy("Certificate revoked."))


@login_required
@require_safe
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_for(request.user, pk)
    content = render_certificate(certificate, url=verify_url(certificate, request=request))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.pk}.pdf"'
    return response


urlpatterns: list[URLPattern] = [
    path("applications/<int:pk>/decide/", decide, name="decide"),
    path("certificates/", certificate_list, name="certificates"),
    path("certificates/<int:pk>/", certificate_detail, name="certificate"),
    path("certificates/<int:pk>/suspend/", suspend, name="certificate_suspend"),
    path("certificates/<int:pk>/reinstate/", reinstate, name="certificate_reinstate"),
    path("certificates/<int:pk>/revoke/", revoke, name="certificate_revoke"),
    path("certificates/<int:pk>/pdf/", certificate_pdf, name="certificate_pdf"),
]
