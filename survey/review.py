"""Deciding on suspect answers: kept out of the statistics until OPS PMO's reviewers,
or an overseer above the unit, count them or reject them. The unit whose service is
rated sees its answers wait, and why, but does not decide on them.

Answers that looked stuffed together, a window of a counter's stream (survey/stream.py),
are decided together: the reviewer reads why the window was flagged, with its figures,
and what was sent, then counts or rejects the whole window after confirming how many
answers that is. Answers judged alone are chosen one by one, as before.

This page only reads: answers still waiting in the intake appear once it has judged
them (within seconds while `manage.py survey_intake` runs)."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts import capabilities as cap
from saduak.http import parse_id, parse_ids
from survey import reasons, services
from survey.models import Response, SuspectWindow
from thaicalendar.templatetags.thaidate import thaidatetime

# Only a page that was tampered with sends ids that are not numbers of answers.
UNREADABLE_CHOICE = gettext_lazy(
    "Choose: some of the chosen answers could not be read. Nothing was decided; "
    "choose the answers again from the list."
)
# Open windows shown at once: deciding them takes them off the list.
WINDOWS_SHOWN = 25
# Patterns of answers shown for a window: a stuffed window has few, a genuine one many.
PATTERNS_SHOWN = 12
COUNT, REJECT = "count", "reject"
NUMBER = re.compile(r"[0-9]{1,9}")


def decidable(user: Any) -> QuerySet[Response]:
    """Suspect answers judged alone that the account decides (a window's are decided
    with their window)."""
    answers = Response.objects.filter(status=Response.Status.SUSPECT, window__isnull=True)
    return cap.scoped(user, answers, via="centre__organisation__", need=cap.DECIDE_SUSPECTS)


def waiting_for_others(user: Any) -> int:
    """Suspect answers judged alone that the account sees but may not decide: its own
    unit's."""
    answers = Response.objects.filter(status=Response.Status.SUSPECT, window__isnull=True)
    seen = cap.scoped(user, answers, via="centre__organisation__", need=cap.SEE_SUSPECTS)
    return seen.exclude(pk__in=decidable(user).values("pk")).count()


def windows_seen(user: Any) -> QuerySet[SuspectWindow]:
    windows = SuspectWindow.objects.select_related("centre", "counter", "decided_by")
    return cap.scoped(user, windows, via="centre__organisation__", need=cap.SEE_SUSPECTS)


@dataclass
class Shown:
    """A window as the reviewer reads it."""

    window: SuspectWindow
    waiting: int  # its answers still suspect
    total: int  # all its answers, decided or not
    may_decide: bool
    why: list[str] = field(default_factory=list)
    # (scores, answers) of all its answers: a decided window still shows what was sent.
    patterns: list[tuple[str, int]] = field(default_factory=list)
    other_patterns: int = 0  # patterns beyond those shown
    pattern_count: int = 0


def shown(user: Any, windows: list[SuspectWindow]) -> list[Shown]:
    """Each window with its figures in words, its answers' patterns and whether the
    account decides it: three queries however many windows."""
    ids = [w.pk for w in windows]
    waiting = dict(
        Response.objects.filter(window__in=ids, status=Response.Status.SUSPECT)
        .values("window_id")
        .annotate(n=Count("pk"))
        .values_list("window_id", "n")
    )
    deciding = set(
        cap.scoped(
            user,
            SuspectWindow.objects.filter(pk__in=ids),
            via="centre__organisation__",
            need=cap.DECIDE_SUSPECTS,
        ).values_list("pk", flat=True)
    )
    patterns: dict[int, list[tuple[str, int]]] = {}
    rows = (
        Response.objects.filter(window__in=ids)
        .values("window_id", "scores")
        .annotate(n=Count("pk"))
        .order_by("window_id", "-n", "scores")
        .values_list("window_id", "scores", "n")
    )
    for window_id, scores, n in rows:
        patterns.setdefault(window_id, []).append((scores, n))
    result = []
    for window in windows:
        minutes = round((window.ends_at - window.starts_at).total_seconds() / 60)
        found = patterns.get(window.pk, [])
        result.append(
            Shown(
                window=window,
                waiting=waiting.get(window.pk, 0),
                total=sum(n for _scores, n in found),
                may_decide=window.pk in deciding and window.status == SuspectWindow.Status.OPEN,
                why=[reasons.describe(signal, minutes=minutes) for signal in window.signals],
                patterns=found[:PATTERNS_SHOWN],
                other_patterns=max(0, len(found) - PATTERNS_SHOWN),
                pattern_count=len(found),
            )
        )
    return result


@login_required
def suspect_list(request: HttpRequest) -> HttpResponse:
    if not cap.can(request.user, cap.SEE_SUSPECTS):
        raise PermissionDenied
    answers = decidable(request.user)
    if request.method == "POST":
        if not cap.can(request.user, cap.DECIDE_SUSPECTS):
            raise PermissionDenied
        ids = parse_ids(request.POST.getlist("answer"))
        if ids is None:
            messages.error(request, UNREADABLE_CHOICE)
            return redirect("survey:suspect_list")
        chosen = answers.filter(pk__in=ids)
        count = request.POST.get("decision") == COUNT
        if request.POST.get("decision") not in (COUNT, REJECT):
            raise PermissionDenied
        decided = services.decide(actor=request.user, answers=chosen, count=count)
        messages.success(
            request,
            (_("%(n)s answers counted.") if count else _("%(n)s answers rejected."))
            % {"n": decided},
        )
        return redirect("survey:suspect_list")
    page = Paginator(
        answers.select_related("centre", "counter").order_by("-submitted_at"), 50
    ).get_page(request.GET.get("page"))
    for answer in page.object_list:
        answer.reason_text = [reasons.text(r) for r in answer.reasons]
    open_windows = windows_seen(request.user).filter(status=SuspectWindow.Status.OPEN)
    windows = list(open_windows.order_by("-starts_at")[:WINDOWS_SHOWN])
    context = {
        "page": page,
        "windows": shown(request.user, windows),
        "windows_total": open_windows.count() if len(windows) == WINDOWS_SHOWN else len(windows),
        "may_decide": cap.can(request.user, cap.DECIDE_SUSPECTS),
        "waiting_for_others": waiting_for_others(request.user),
    }
    return render(request, "survey/suspect_list.html", context)


def already_decided(window: SuspectWindow) -> str:
    """Who decided the window, and when, as the reviewer who came second reads it."""
    by = window.decided_by
    who = (by.get_full_name() or by.get_username()) if by else "–"
    when = thaidatetime(window.decided_at) or "–"  # in the reader's language
    if window.status == SuspectWindow.Status.COUNTED:
        return _("This window was already counted by %(who)s on %(when)s.") % {
            "who": who,
            "when": when,
        }
    return _("This window was already rejected by %(who)s on %(when)s.") % {
        "who": who,
        "when": when,
    }


def _window_page(
    request: HttpRequest,
    window: SuspectWindow,
    *,
    confirming: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    (item,) = shown(request.user, [window])
    context = {
        "w": item,
        "confirming": confirming,
        # The two decisions, unless the page asks to confirm one.
        "buttons": not confirming,
        "error": error,
        "decided": "" if window.status == SuspectWindow.Status.OPEN else already_decided(window),
    }
    return render(request, "survey/suspect_window.html", context, status=status)


@login_required
def suspect_window(request: HttpRequest, pk: int) -> HttpResponse:
    """One window: why it was flagged and what was sent. Its decision is two POSTs: the
    first (a decision) asks to confirm how many answers it decides, the second
    (`confirm=1`, with that number as `expected`) decides."""
    window = _access_window(request.user, pk)
    if request.method != "POST":
        return _window_page(request, window)
    if not cap.can(request.user, cap.DECIDE_SUSPECTS, window):
        raise PermissionDenied
    decision = request.POST.get("decision", "")
    if decision not in (COUNT, REJECT):
        return _window_page(
            request, window, error=_("Choose to count or to reject the answers."), status=400
        )
    if window.status != SuspectWindow.Status.OPEN:
        return _window_page(request, window, error=already_decided(window), status=409)
    if request.POST.get("confirm") != "1":
        return _window_page(request, window, confirming=decision)
    expected = request.POST.get("expected", "")
    try:
        decided = services.decide_window(
            actor=request.user,
            window=window,
            count=decision == COUNT,
            # A number the page did not send (tampered) matches no window: refused.
            expected=int(expected) if NUMBER.fullmatch(expected) else -1,
        )
    except services.WindowDecided as refused:
        return _window_page(
            request, refused.window, error=already_decided(refused.window), status=409
        )
    except services.WindowChanged as changed:
        message = ngettext(
            "The window's answers changed while you looked: %(n)s answer now waits. "
            "Read it again and decide.",
            "The window's answers changed while you looked: %(n)s answers now wait. "
            "Read them again and decide.",
            changed.waiting,
        ) % {"n": f"{changed.waiting:,}"}
        return _window_page(request, window, confirming=decision, error=message, status=409)
    if decision == COUNT:
        text = ngettext(
            "%(n)s answer of the window counted.",
            "All %(n)s answers of the window counted.",
            decided,
        )
    else:
        text = ngettext(
            "%(n)s answer of the window rejected.",
            "All %(n)s answers of the window rejected.",
            decided,
        )
    messages.success(request, text % {"n": f"{decided:,}"})
    return redirect("survey:suspect_list")


def _access_window(user: Any, pk: int) -> SuspectWindow:
    """The window if the account sees suspect answers of its centre (404 otherwise, like
    any object out of reach)."""
    number = parse_id(str(pk))
    window = windows_seen(user).filter(pk=number).first() if number else None
    if window is None:
        raise Http404
    return window
