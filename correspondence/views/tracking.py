"""Following a sent letter: the tracking page, the answers as a spreadsheet, reminding
the silent, one recipient's history. Thin: who may see and do what is asked of
accounts.capabilities; the figures come from correspondence.tracking, the reminder
from correspondence.reminding."""

from itertools import chain
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts import capabilities as cap
from correspondence import makers, reminding, tracking
from correspondence.models import Letter
from downloads import views as downloads
from saduak.problems import Incomplete

COLUMNS = [
    ("recipients", _lazy("Recipients")),
    ("delivered", _lazy("Delivered to")),
    ("opened", _lazy("Opened")),
    ("acknowledged", _lazy("Acknowledged")),
    ("answered", _lazy("Answered")),
    ("overdue", _lazy("Overdue")),
    ("percent", _lazy("Share acknowledged, per cent")),
]
CELL = '<td data-label="{}">{}</td>'


def columns_for(letter: Letter) -> list[tuple[str, Any]]:
    """The figures worth a column for this letter: answers only where it asks for them,
    overdue only where it has a due date."""
    hidden = set()
    if letter.action != Letter.Action.ANSWER:
        hidden.add("answered")
    if not letter.due_date or letter.action == Letter.Action.READ:
        hidden.add("overdue")
    return [(key, label) for key, label in COLUMNS if key not in hidden]


def _headers(sort: str, columns: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """Each column's header: its label, the address that sorts by it (descending
    first for figures, ascending for names; a second click turns it round) and the
    direction it is sorted in now, for aria-sort."""
    headers = []
    for key, label in [("name", _lazy("Name")), *columns]:
        now = sort.lstrip("-") == key
        descending = sort.startswith("-")
        if now:
            following = key if descending else f"-{key}"
        else:
            following = key if key == "name" else f"-{key}"
        headers.append(
            {
                "key": key,
                "label": label,
                "sort": following,
                "aria": ("descending" if descending else "ascending") if now else "",
            }
        )
    return headers


def _sort_choices(columns: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """The orders a coverage table can take, for the form that sorts it on a phone,
    where a table shows as cards without its headings."""
    choices = [("name", _("Name, in dictionary order")), ("-name", _("Name, in reverse order"))]
    for key, label in columns:
        choices.append((f"-{key}", _("%(column)s, highest first") % {"column": label}))
        choices.append((key, _("%(column)s, lowest first") % {"column": label}))
    return choices


def _table(
    rows: list[tracking.Row],
    total: tracking.Row,
    columns: list[tuple[str, Any]],
    *,
    link: bool,
) -> list[dict[str, Any]]:
    """A coverage table's rows ready to print: each figure with its column's name (a
    phone shows one card per row) and formatted once here, not by a filter per cell:
    a page of every province has over a thousand cells, which a template loop makes
    the slowest part of the page (docs/correspondence.md)."""
    labels = [str(label) for _key, label in columns]

    def printed(row: tracking.Row, *, is_total: bool) -> dict[str, Any]:
        figures: list[Any] = [
            f"{row.percent:.1f}" if key == "percent" else f"{getattr(row, key):,}"
            for key, _label in columns
        ]
        keys = [key for key, _label in columns]
        if row.overdue and "overdue" in keys:
            overdue = keys.index("overdue")
            figures[overdue] = format_html('<span class="overdue">{}</span>', figures[overdue])
        # One format_html for the row's cells: it escapes what it is given.
        cells = format_html(CELL * len(columns), *chain(*zip(labels, figures, strict=True)))
        return {
            "key": row.key,
            "name": row.name,
            "link": link and bool(row.key),
            "total": is_total,
            "cells": cells,
        }

    return [*(printed(row, is_total=False) for row in rows), printed(total, is_total=True)]


@require_safe
@login_required
def tracking_page(request: HttpRequest, pk: int) -> HttpResponse:
    letter = cap.access_followed_letter(request.user, pk)
    sort = tracking.parse_sort(request.GET.get("sort"))
    province = tracking.parse_province(request.GET.get("province"))
    coverage = tracking.coverage(letter, sort=sort)
    columns = columns_for(letter)
    provinces = [row for row in coverage.provinces if row.key]
    chosen = next((row for row in provinces if row.key == province), None)
    return render(
        request,
        "correspondence/tracking.html",
        {
            "letter": letter,
            "coverage": coverage,
            "by_province": _table(coverage.provinces, coverage.total, columns, link=True),
            "by_level": _table(coverage.levels, coverage.total, columns, link=False),
            "headers": _headers(sort, columns),
            "sort_choices": _sort_choices(columns),
            "median": tracking.median_time_to_acknowledge(letter, coverage.total.acknowledged),
            "silent": tracking.silent_page(
                letter, province=province, number=request.GET.get("page")
            ),
            "province_choices": tracking.in_name_order(provinces),
            "chosen_province": chosen,
            "answers": tracking.answers_page(letter, number=request.GET.get("answers"))
            if letter.action == Letter.Action.ANSWER
            else None,
            "cascade": tracking.cascade(letter),
            "may_remind": cap.can(request.user, cap.CORRESPOND, letter.sender),
            "to_remind": tracking.silent_count(letter),
            "letter_url": tracking.letter_url(letter.pk),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def answers_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The answers as an Excel file, prepared by the worker (a letter to thousands has
    thousands of answers); the file's page follows its progress."""
    letter = cap.access_followed_letter(request.user, pk)
    title = _("Answers to letter %(reference)s") % {"reference": letter.official_reference}
    return downloads.start(
        request, maker=makers.ANSWERS, params=makers.answers_params(letter), title=title
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    letter = cap.access_letter(request.user, pk, need=cap.CORRESPOND)
    if letter.state == Letter.State.DRAFT:
        raise Http404
    problems: list[str] = []
    if request.method == "POST":
        try:
            reminded = reminding.remind_silent(user=request.user, letter=letter)
        except Incomplete as refused:
            problems = [p.message for p in refused.problems]
        else:
            messages.success(
                request,
                _("Reminded %(count)s recipients. The e-mails are on their way.")
                % {"count": f"{reminded:,}"},
            )
            return redirect("correspondence:tracking", pk=letter.pk)
    figures = tracking.headline(letter)
    figures.silent = tracking.silent_count(letter)  # down the cascade: whom it reaches
    last, when = reminding.last_round(letter)
    return render(
        request,
        "correspondence/remind.html",
        {
            "letter": letter,
            "figures": figures,
            "last_round": last,
            "last_reminded": when,
            "problems": problems,
        },
        status=400 if problems else 200,
    )


@require_safe
@login_required
def recipient_history(request: HttpRequest, pk: int, copy_id: int) -> HttpResponse:
    """One recipient's history: for those who follow the letter, and for the recipient's
    own people and those who oversee it (the copy's own readers, `access_copy`)."""
    copy = cap.access_copy(request.user, copy_id)
    if str(copy.letter_id) != str(pk) or copy.letter.state == Letter.State.DRAFT:
        raise Http404
    history = tracking.history(copy)
    return render(
        request,
        "correspondence/recipient_history.html",
        {
            "letter": copy.letter,
            "history": history,
            "may_follow": cap.may_follow(request.user, copy.letter),
            "letter_url": tracking.letter_url(copy.letter_id),
        },
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/tracking/", tracking_page, name="tracking"),
    path("<int:pk>/tracking/answers.xlsx", answers_xlsx, name="tracking_answers_xlsx"),
    path("<int:pk>/tracking/remind/", remind, name="tracking_remind"),
    path("<int:pk>/recipients/<int:copy_id>/", recipient_history, name="recipient_history"),
]
