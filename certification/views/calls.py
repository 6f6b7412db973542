"""The yearly call: OPS PMO writes and steps it; units see the open call and apply."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import capabilities as cap
from certification import calls as services
from certification.apply_forms import CallForm, add_errors
from certification.models import Call
from saduak.http import parse_id
from thaicalendar import dates


def _runs(request: HttpRequest) -> bool:
    return cap.can(request.user, cap.RUN_CERTIFICATION)


def _call(request: HttpRequest, pk: int) -> Call:
    """The call, if the account may see it: every call for OPS PMO, the calls past their
    draft for everyone else (404 for a draft, as for anything not readable)."""
    calls = Call.objects.select_related("standard", "opened_by")
    if not _runs(request):
        calls = calls.exclude(state=Call.State.DRAFT)
    number = parse_id(str(pk))
    found = calls.filter(pk=number).first() if number else None
    if found is None:
        raise Http404
    return found


@login_required
def call_list(request: HttpRequest) -> HttpResponse:
    runs = _runs(request)
    calls = Call.objects.select_related("standard").prefetch_related("levels")
    if not runs:
        calls = calls.filter(state=Call.State.OPEN)
    today = dates.bangkok_today()
    rows = [
        {"call": call, "taking": services.is_taking_applications(call, today)} for call in calls
    ]
    return render(
        request,
        "certification/call_list.html",
        {"rows": rows, "runs": runs, "can_apply": cap.can(request.user, cap.APPLY)},
    )


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    today = dates.bangkok_today()
    mine = (
        cap.applications_for(request.user, need=cap.APPLY)
        .filter(call=call)
        .select_related("centre", "level")
        if cap.can(request.user, cap.APPLY)
        else []
    )
    return render(
        request,
        "certification/call_detail.html",
        {
            "call": call,
            "levels": call.levels.order_by("order"),
            "runs": _runs(request),
            "oversees": cap.can(request.user, cap.OVERSEE),
            "can_apply": cap.can(request.user, cap.APPLY),
            "taking": services.is_taking_applications(call, today),
            "mine": mine,
        },
    )


def _form_page(request: HttpRequest, form: CallForm, call: Call | None) -> HttpResponse:
    title = _("New certification call") if call is None else _("Change %(call)s") % {"call": call}
    cancel = call.get_absolute_url() if call else reverse("certification:calls")
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel})


def _save(request: HttpRequest, call: Call | None) -> HttpResponse:
    if not _runs(request):
        raise PermissionDenied
    form = CallForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_call(
                actor=request.user,
                call=call,
                values=form.values(),
                levels=form.cleaned_data["levels"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Call saved."))
            return redirect(saved)
    return _form_page(request, form, call)


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not _runs(request):
        raise PermissionDenied
    return _save(request, _call(request, pk))


def _stepper(step: str, done: str) -> Callable[..., HttpResponse]:
    action = {
        "open": services.open_call,
        "close": services.close_call,
        "archive": services.archive_call,
    }[step]

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        if not _runs(request):
            raise PermissionDenied
        call = _call(request, pk)
        try:
            action(actor=request.user, call=call)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _(done))
        return redirect(call)

    view.__name__ = f"call_{step}"
    return view


# Said after each step (translated when shown).
_("The call is open to applications.")
_("The call is closed.")
_("The call is archived.")

urlpatterns: list[URLPattern] = [
    path("calls/", call_list, name="calls"),
    path("calls/new/", call_new, name="call_new"),
    path("calls/<int:pk>/", call_detail, name="call"),
    path("calls/<int:pk>/edit/", call_edit, name="call_edit"),
    path(
        "calls/<int:pk>/open/",
        _stepper("open", "The call is open to applications."),
        name="call_open",
    ),
    path("calls/<int:pk>/close/", _stepper("close", "The call is closed."), name="call_close"),
    path(
        "calls/<int:pk>/archive/", _stepper("archive", "The call is archived."), name="call_archive"
    ),
]
