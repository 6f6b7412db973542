"""Sending a letter: choosing its recipients (with their number counted as they are
chosen), confirming, and following its delivery; and the saved lists of recipients.
Thin: access through accounts.capabilities, rules in correspondence.sending,
correspondence.recipients and correspondence.lists."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import capabilities as cap
from correspondence import lists, recipients, sending
from correspondence.models import Letter, Letterhead, RecipientList
from registry.models import Organisation
from saduak.http import parse_id
from saduak.problems import Incomplete, Problem, by_field
from thaicalendar import dates

# A search typed on the page, cut to what a name or a code can be.


def _revision(data: QueryDict) -> int:
    raw = data.get("revision", "")
    if raw == "0":
        return 0
    number = parse_id(raw)
    # A revision the draft never had is stale, whatever it says.
    return number if number is not None else -1


def _choice_context(
    letter: Letter, data: QueryDict, groups: list[recipients.Group], problems: list[Problem]
) -> dict[str, Any]:
    sender = letter.sender
    chosen_ids = [pk for g in groups if g.kind == recipients.CHOSEN for pk in g.ids]
    chosen = recipients.chosen(chosen_ids, sender=sender)
    found = [
        o
        for o in recipients.search(recipients.search_text(data), sender=sender)
        if o.pk not in chosen_ids
    ]
    ids = recipients.resolve(groups, sender=sender)
    letterhead = Letterhead.of(sender.pk)
    return {
        **recipients.picker(groups, data, sender=sender),
        "letter": letter,
        "letterhead": letterhead,
        "future_reference": _future_reference(letter, letterhead),
        "year": dates.be_year(dates.bangkok_today().year),
        "groups": groups,
        "described": recipients.describe(groups, sender=sender),
        "count": len(ids),
        "problems": by_field(problems),
        "chosen": chosen,
        "found": found,
        "query": recipients.as_query(groups),
    }


def _future_reference(letter: Letter, letterhead: Letterhead | None) -> str:
    """The reference the letter will carry, its number still to come: มท ๐๘๑๐.๗/ว …"""
    if letterhead is None:
        return ""
    circular = "ว " if letter.kind == Letter.Kind.CIRCULAR else ""
    return dates.thai_digits(f"{letterhead.letter_code}/{circular}") + "…"


@login_required
def send(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: choose the recipients (the page counts them as they are chosen); with
    step=confirm, the confirmation. POST with confirm=1 and the draft's revision: send.
    Sending is final, so a POST without the confirmation only asks for it."""
    letter = cap.access_letter(request.user, pk, need=cap.CORRESPOND)
    if letter.state != Letter.State.DRAFT:
        messages.info(request, _("This letter has already been sent."))
        return redirect("correspondence:sending", pk=letter.pk)
    data = request.POST if request.method == "POST" else request.GET
    groups, problems = recipients.from_form(data, sender=letter.sender)
    confirming = request.method == "POST" or data.get("step") == "confirm"
    if not confirming or problems:
        status = 400 if problems else 200
        context = _choice_context(letter, data, groups, problems)
        return render(request, "correspondence/send.html", context, status=status)
    confirmed = request.method == "POST" and data.get("confirm") == "1"
    revision = _revision(data) if confirmed else letter.revision
    if confirmed:
        try:
            sent = sending.send_letter(
                user=request.user, letter=letter, selection=groups, revision=revision
            )
        except Incomplete as refused:
            context = _choice_context(letter, data, groups, refused.problems)
            return render(request, "correspondence/send.html", context, status=400)
        messages.success(
            request,
            _("Letter %(reference)s sent: it is being delivered to %(count)s organisations.")
            % {"reference": sent.official_reference, "count": sent.recipient_count},
        )
        return redirect("correspondence:sending", pk=sent.pk)
    refusals, ids, letterhead = sending.problems_before_sending(letter, groups, revision)
    if refusals:
        context = _choice_context(letter, data, groups, refusals)
        return render(request, "correspondence/send.html", context, status=400)
    sample = list(Organisation.objects.filter(pk__in=ids[:1000]).order_by("name_th")[:20])
    context = {
        "letter": letter,
        "future_reference": _future_reference(letter, letterhead),
        "year": dates.be_year(dates.bangkok_today().year),
        "described": recipients.describe(groups, sender=letter.sender),
        "count": len(ids),
        "sample": sample,
        "query": recipients.as_query(groups),
        "revision": letter.revision,
    }
    return render(request, "correspondence/send_confirm.html", context)


@login_required
@require_safe
def sending_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter's delivery as it goes, for those who follow the letter (a recipient
    reads the letter, not how many others got it: 403); htmx asks for the panel alone
    every 2 s."""
    letter = cap.access_letter(request.user, pk)
    if not cap.may_follow(request.user, letter):
        raise PermissionDenied
    context = {
        "letter": letter,
        "may_send": letter.state == Letter.State.DRAFT
        and cap.can(request.user, cap.CORRESPOND, letter.sender),
        "may_follow": cap.may_follow(request.user, letter),
    }
    if getattr(request, "htmx", False):
        return render(request, "correspondence/_sending_panel.html", context)
    return render(request, "correspondence/sending.html", context)


# --- saved lists ------------------------------------------------------------------------


def _owners(request: HttpRequest) -> list[Organisation]:
    return list(cap.organisations_for(request.user, need=cap.CORRESPOND).order_by("name_th"))


@login_required
@require_safe
def recipient_lists(request: HttpRequest) -> HttpResponse:
    cap.require(request.user, cap.CORRESPOND)
    rows = (
        cap.recipient_lists_for(request.user)
        .select_related("owner")
        .order_by("owner__name_th", "name")
    )
    return render(request, "correspondence/recipient_lists.html", {"lists": rows})


def _list_form(request: HttpRequest, recipient_list: RecipientList | None) -> HttpResponse:
    owners = _owners(request)
    data = request.POST if request.method == "POST" else QueryDict()
    if recipient_list is not None:
        owner = recipient_list.owner
        name = data.get("name", recipient_list.name) if data else recipient_list.name
        member_ids = list(recipient_list.memberships.values_list("organisation_id", flat=True))
    else:
        wanted = parse_id(data.get("owner", ""))
        owner = next((o for o in owners if o.pk == wanted), owners[0])
        name, member_ids = data.get("name", ""), []
    name = name.replace("\x00", "")
    if data:
        member_ids = [pk for pk in (parse_id(v) for v in data.getlist("org")) if pk is not None]
    problems: list[Problem] = []
    if request.method == "POST" and data.get("action") != "search":
        try:
            saved = lists.save_list(
                user=request.user,
                owner=owner,
                name=name,
                organisation_ids=member_ids,
                recipient_list=recipient_list,
            )
        except Incomplete as refused:
            problems = refused.problems
        else:
            messages.success(request, _("List “%(name)s” saved.") % {"name": saved.name})
            return redirect("correspondence:recipient_lists")
    members = recipients.chosen(member_ids, sender=owner)
    found = [
        o
        for o in recipients.search(recipients.search_text(data), sender=owner)
        if o.pk not in set(member_ids)
    ]
    context = {
        "recipient_list": recipient_list,
        "owners": owners,
        "owner": owner,
        "name": name,
        "members": members,
        "found": found,
        "q": recipients.search_text(data),
        "problems": by_field(problems),
    }
    return render(
        request,
        "correspondence/recipient_list_form.html",
        context,
        status=400 if problems else 200,
    )


@login_required
def recipient_list_new(request: HttpRequest) -> HttpResponse:
    cap.require(request.user, cap.CORRESPOND)
    return _list_form(request, None)


@login_required
def recipient_list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _list_form(request, cap.access_recipient_list(request.user, pk))


@login_required
def recipient_list_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asked first; the answer (a POST) removes the list."""
    recipient_list = cap.access_recipient_list(request.user, pk)
    if request.method == "POST":
        lists.delete_list(user=request.user, recipient_list=recipient_list)
        messages.success(request, _("List “%(name)s” removed.") % {"name": recipient_list.name})
        return redirect("correspondence:recipient_lists")
    return render(
        request, "correspondence/recipient_list_delete.html", {"recipient_list": recipient_list}
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/send/", send, name="send"),
    path("<int:pk>/sending/", sending_progress, name="sending"),
    path("lists/", recipient_lists, name="recipient_lists"),
    path("lists/new/", recipient_list_new, name="recipient_list_new"),
    path("lists/<int:pk>/", recipient_list_edit, name="recipient_list_edit"),
    path("lists/<int:pk>/delete/", recipient_list_delete, name="recipient_list_delete"),
]
