from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import capabilities as cap
from saduak import previews
from saduak.exports import XLSX
from standards import loader, selectors, services
from standards.diff import compare
from thaicalendar.dates import bangkok_today, fiscal_year

SESSION_KEY = "standard_import"


@login_required
def standard_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.standards_with_counts(), 50).get_page(request.GET.get("page"))
    this_year = fiscal_year(bangkok_today())
    context = {
        "page": page,
        "templates": [s for s in page.object_list if s.is_template],
        "this_year": this_year,
        "in_force": selectors.standard_for_year(this_year),
        "can_import": cap.can(request.user, cap.ADMINISTER),
    }
    return render(request, "standards/list.html", context)


@login_required
def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    standard = selectors.standard_with_parts(pk)
    context = {"standard": standard, "layout": selectors.layout(standard)}
    return render(request, "standards/detail.html", context)


def _workbook_response(content: loader.Content) -> HttpResponse:
    name = f"{content['id']}-{content['fiscal_year']}-v{content['version']}.xlsx"
    response = HttpResponse(loader.workbook_for(content), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def standard_workbook(request: HttpRequest, pk: int) -> HttpResponse:
    """A stored version as an Excel workbook in the import format: the starting point
    for its correction (change it, raise the version, import it)."""
    return _workbook_response(selectors.content_of(selectors.standard_with_parts(pk)))


@login_required
def template_workbook(request: HttpRequest) -> HttpResponse:
    """The default standard shipped with the system, as an Excel template to fill in."""
    checked = loader.check_path(loader.DEFAULT_FILE)
    assert checked.content is not None, checked.errors  # the shipped file is tested
    return _workbook_response(checked.content)


def _preview(checked: loader.Checked) -> dict[str, Any]:
    """What the administrator reviews before publishing: every error, or the
    standard's summary and what it changes from the version before."""
    errors = list(checked.errors)
    context: dict[str, Any] = {"errors": errors}
    if checked.ok and checked.content is not None:
        existing, conflicts = services.published_twin(checked)
        errors += conflicts
        context["existing"] = existing
        if not errors:
            content = checked.content
            previous = selectors.predecessor(content)
            context.update(
                {
                    "standard": selectors.unsaved_standard(content),
                    "summary": loader.summary(content),
                    "previous": previous,
                    "changes": compare(selectors.content_of(previous), content) if previous else [],
                }
            )
    return context


@login_required
def standard_import(request: HttpRequest) -> HttpResponse:
    """Step 1: upload and preview. The file is kept under a random name, tied to the
    session, until the administrator confirms or leaves."""
    if not cap.can(request.user, cap.ADMINISTER):
        raise PermissionDenied
    context: dict[str, Any] = {}
    upload = request.FILES.get("file")
    if request.method == "POST":
        problem = previews.upload_problem(upload)
        if problem or upload is None:
            context["file_error"] = problem
        else:
            name = Path(upload.name or "").name
            content = upload.read()
            checked = loader.check_upload(name, content)
            context.update(_preview(checked))
            context.update({"checked": checked, "filename": name})
            if not context["errors"] and context.get("existing") is None:
                context["token"] = previews.keep(
                    request, key=SESSION_KEY, name=name, content=content
                )
    return render(request, "standards/import.html", context)


@login_required
@require_POST
def standard_import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: publish the previewed file, checked again, or nothing."""
    if not cap.can(request.user, cap.ADMINISTER):
        raise PermissionDenied
    kept = previews.take(request, key=SESSION_KEY, token=request.POST.get("token", ""))
    if kept is None:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("standards:import")
    try:
        checked = loader.check_upload(*kept)
        standard, created = services.publish_checked(actor=request.user, checked=checked)
    except services.StandardRejected:
        messages.error(request, _("The file has errors; nothing was published."))
        return redirect("standards:import")
    except IntegrityError:  # the same version published meanwhile, by another request
        messages.error(request, _("This version was published meanwhile; see the list."))
        return redirect("standards:list")
    if created:
        messages.success(request, _("%(standard)s is published.") % {"standard": standard})
    else:
        messages.success(
            request,
            _("%(standard)s was already published with this content.") % {"standard": standard},
        )
    return redirect(standard)
