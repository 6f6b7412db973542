from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import capabilities as cap
from certification.selectors import certificates_with_status, standing
from registry import lao_register
from registry.forms import (
    CounterForm,
    OrganisationDetailsForm,
    OrganisationFilterForm,
    OrganisationForm,
    ServiceCentreForm,
)
from registry.models import Counter, ServiceCentre
from registry.services import save_audited, save_organisation
from saduak import previews
from saduak.http import HtmxHttpRequest
from thaicalendar import dates


def _form_page(request: HttpRequest, form: Any, title: str, cancel_url: str) -> HttpResponse:
    return render(
        request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url}
    )


@login_required
def organisation_list(request: HtmxHttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    organisations = cap.organisations_for(request.user).select_related(
        "province", "district", "parent"
    )
    if form.is_valid():
        organisations = organisations.search(form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["province"]:
            organisations = organisations.filter(province=form.cleaned_data["province"])
    page = Paginator(organisations.order_by("name_th", "pk"), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_add": cap.can(request.user, cap.ADMINISTER)}
    template = (
        "registry/_organisation_rows.html" if request.htmx else "registry/organisation_list.html"
    )
    return render(request, template, context)


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = cap.access_organisation(request.user, pk)
    visible = cap.organisations_for(request.user)
    children = visible.filter(parent=org).select_related("province").order_by("name_th")
    centres = org.centres.annotate(counter_count=Count("counters")).order_by("name_th")
    staff = cap.users_for(request.user).filter(roles__organisation=org).distinct()
    context = {
        "org": org,
        "ancestors": visible.filter(pk__in=org.ancestors().values("pk")).order_by("path"),
        "children": children[:200],
        "child_count": children.count(),
        "centres": centres,
        "staff": staff.order_by("username"),
        "can_change": cap.can(request.user, cap.CHANGE, org),
    }
    return render(request, "registry/organisation_detail.html", context)


@login_required
def organisation_new(request: HttpRequest) -> HttpResponse:
    if not cap.can(request.user, cap.ADMINISTER):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = save_organisation(actor=request.user, org=form.save(commit=False))
        messages.success(request, _("Organisation %(name)s added.") % {"name": org})
        return redirect(org)
    return _form_page(
        request, form, _("Add an organisation"), reverse("registry:organisation_list")
    )


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = cap.access_organisation(request.user, pk, need=cap.CHANGE)
    form_class = (
        OrganisationForm if cap.can(request.user, cap.ADMINISTER) else OrganisationDetailsForm
    )
    form = form_class(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        save_organisation(actor=request.user, org=form.save(commit=False))
        messages.success(request, _("Changes saved."))
        return redirect(org)
    return _form_page(
        request, form, _("Edit organisation: %(name)s") % {"name": org}, org.get_absolute_url()
    )


@login_required
def centre_new(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = cap.access_organisation(request.user, org_pk, need=cap.CHANGE)
    form = ServiceCentreForm(request.POST or None, instance=ServiceCentre(organisation=org))
    if request.method == "POST" and form.is_valid():
        centre = save_audited(actor=request.user, obj=form.save(commit=False))
        messages.success(request, _("Service centre %(name)s added.") % {"name": centre})
        return redirect(centre)
    return _form_page(
        request, form, _("Add a service centre to %(name)s") % {"name": org}, org.get_absolute_url()
    )


@login_required
def centre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    centre = cap.access_centre(request.user, pk)
    today = dates.bangkok_today()
    context = {
        "centre": centre,
        "today": today,
        "standing": standing(centre, today),
        "certificates": certificates_with_status(centre, today),
        "applications": cap.applications_for(request.user)
        .filter(centre=centre)
        .select_related("call", "level")
        .order_by("-call__fiscal_year", "-pk"),
        "counters": centre.counters.all(),
        "can_change": cap.can(request.user, cap.CHANGE, centre),
        "can_fill": cap.can(request.user, cap.FILL, centre),
    }
    return render(request, "registry/centre_detail.html", context)


@login_required
def centre_edit(request: HttpRequest, pk: int) -> HttpResponse:
    centre = cap.access_centre(request.user, pk, need=cap.CHANGE)
    form = ServiceCentreForm(request.POST or None, instance=centre)
    if request.method == "POST" and form.is_valid():
        save_audited(actor=request.user, obj=form.save(commit=False))
        messages.success(request, _("Changes saved."))
        return redirect(centre)
    return _form_page(
        request,
        form,
        _("Edit service centre: %(name)s") % {"name": centre},
        centre.get_absolute_url(),
    )


@login_required
def counter_new(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = cap.access_centre(request.user, centre_pk, need=cap.CHANGE)
    next_number = (
        centre.counters.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    form = CounterForm(request.POST or None, centre=centre, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        save_audited(actor=request.user, obj=form.save(commit=False))
        messages.success(request, _("Counter added."))
        return redirect(centre)
    return _form_page(
        request, form, _("Add a counter to %(name)s") % {"name": centre}, centre.get_absolute_url()
    )


@login_required
def counter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    counter: Counter = cap.access_counter(request.user, pk, need=cap.CHANGE)
    form = CounterForm(request.POST or None, instance=counter, centre=counter.centre)
    if request.method == "POST" and form.is_valid():
        save_audited(actor=request.user, obj=form.save(commit=False))
        messages.success(request, _("Changes saved."))
        return redirect(counter.centre)
    return _form_page(
        request,
        form,
        _("Edit counter: %(name)s") % {"name": counter},
        counter.centre.get_absolute_url(),
    )


# --- LAO register import ----------------------------------------------------------------

PREVIEW_KEY = "lao_import"


@login_required
def lao_import(request: HttpRequest) -> HttpResponse:
    """Step 1: upload and preview. The file is kept under a random name, tied to the
    session, until the administrator confirms or leaves."""
    if not cap.can(request.user, cap.ADMINISTER):
        raise PermissionDenied
    context: dict[str, object] = {}
    upload = request.FILES.get("file")
    if request.method == "POST":
        problem = previews.upload_problem(upload)
        if problem or upload is None:
            context["file_error"] = problem
        else:
            content = upload.read()
            try:
                checked = lao_register.preview(upload.name or "", content)
            except lao_register.RegisterFileError as exc:
                context["file_error"] = str(exc)
            else:
                token = previews.keep(
                    request, key=PREVIEW_KEY, name=upload.name or "", content=content
                )
                context.update({"preview": checked, "filename": upload.name, "token": token})
    return render(request, "registry/lao_import.html", context)


@login_required
@require_POST
def lao_import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: write every row of the previewed file, or none."""
    if not cap.can(request.user, cap.ADMINISTER):
        raise PermissionDenied
    kept = previews.take(request, key=PREVIEW_KEY, token=request.POST.get("token", ""))
    if kept is None:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("registry:lao_import")
    name, content = kept
    try:
        result = lao_register.commit(actor=request.user, filename=name, content=content)
    except lao_register.RegisterFileError:
        messages.error(request, _("The file has errors; nothing was imported."))
        return redirect("registry:lao_import")
    if result.changes_nothing:
        messages.info(
            request,
            _("Nothing changed: every local government in the file was already registered so."),
        )
    else:
        messages.success(
            request,
            _("Imported: %(new)s new, %(updated)s updated local governments.")
            % {"new": result.new_count, "updated": result.update_count},
        )
    return redirect("registry:organisation_list")
