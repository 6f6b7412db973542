"""Certificates under watch: OPS PMO's list, and its button to look again now (the
same service the `watch_certificates` command runs from cron)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import capabilities as cap
from certification.selectors import certificates_under_watch
from certification.watch import watch_certificates
from thaicalendar import dates


@login_required
def watch(request: HttpRequest) -> HttpResponse:
    cap.require(request.user, cap.RUN_CERTIFICATION)
    context = {
        "certificates": certificates_under_watch(),
        "today": dates.bangkok_today(),
        "watch_after": settings.CERTIFICATE_WATCH_AFTER_ROUNDS,
    }
    return render(request, "certification/watch.html", context)


@login_required
@require_POST
def watch_run(request: HttpRequest) -> HttpResponse:
    cap.require(request.user, cap.RUN_CERTIFICATION)
    marked = watch_certificates(actor=request.user, today=dates.bangkok_today())
    messages.success(
        request,
        ngettext(
            "%(n)s certificate put under watch.", "%(n)s certificates put under watch.", len(marked)
        )
        % {"n": len(marked)},
    )
    return redirect("certification:watch")


urlpatterns: list[URLPattern] = [
    path("watch/", watch, name="watch"),
    path("watch/run/", watch_run, name="watch_run"),
]
