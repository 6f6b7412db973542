"""The pages of an organisation asked by a campaign: its list of campaigns to answer,
and one campaign's questionnaire, kept as a draft and then sent by its administrator;
read only by the organisation's other people and its overseers."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from accounts import capabilities as cap
from campaigns import answering, qr, questionnaire, reminding
from campaigns.models import Response, Target
from saduak.http import parse_id
from saduak.language import in_language
from saduak.problems import DraftConflict, Incomplete

PAGE_SIZE = 50
SAVE, SEND, CONFIRM = "save", "send", "confirm"


@login_required
def to_answer(request: HttpRequest) -> HttpResponse:
    page = Paginator(answering.asked(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    reminded = reminding.reminded_on(page)
    rows = [
        {
            "target": t,
            "reminded": reminded.get(t.pk),
            "response": answering.response_of(t),
            "state": t.campaign.get_state_display(),
        }
        for t in page
    ]
    return render(request, "campaigns/to_answer.html", {"page": page, "rows": rows})


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    target = cap.access_target(request.user, pk)
    may_answer = cap.can(request.user, cap.ANSWER_CAMPAIGNS, target.organisation)
    if target.campaign.is_staff_survey:
        if request.method == "POST":
            return HttpResponseNotAllowed(["GET"])
        return _staff_link(request, target, may_answer)
    if request.method == "POST" and not may_answer:
        raise PermissionDenied
    content = target.campaign.questionnaire.content
    response = answering.response_of(target)
    context: dict[str, Any] = {"target": target, "campaign": target.campaign}
    context["state"] = target.campaign.get_state_display()
    context["reminded"] = reminding.reminded_on([target]).get(target.pk)
    context |= {"response": response, "may_answer": may_answer}
    if request.method != "POST":
        stored = response.answers if response else {}
        context |= {
            "data": questionnaire.as_form_data(content, stored),
            "revision": response.revision if response else 0,
        }
        return _page(request, context)
    action = request.POST.get("action", SAVE)
    revision = parse_id(request.POST.get("revision")) or 0
    context |= {"data": request.POST, "revision": revision}
    if action == SEND:
        # Read it whole first; the confirmation carries the answers back, nothing saved.
        reading = questionnaire.read_answers(content, request.POST, complete=True)
        if reading.ok and target.campaign.accepts_answers and not (response and response.is_sent):
            hidden = questionnaire.as_form_data(content, reading.answers)
            context |= {
                "hidden": [(name, v) for name, values in hidden.items() for v in values],
                "shown": answering.shown(content, reading.answers),
            }
            return render(request, "campaigns/answer_confirm.html", context)
    write = answering.send if action in (SEND, CONFIRM) else answering.save_draft
    try:
        write(user=request.user, target=target, data=request.POST, revision=revision)
    except Incomplete as refused:
        context["errors"] = {p.field: p.message for p in refused.problems}
        return _page(request, context, status=400)
    except DraftConflict as conflict:
        theirs: Response | None = conflict.current
        context |= {
            "conflict": theirs,
            "theirs": answering.shown(content, theirs.answers) if theirs else [],
            # Saving again is a choice made after seeing theirs: it replaces them.
            "revision": theirs.revision if theirs else 0,
        }
        return _page(request, context, status=409)
    return redirect("campaigns:answer", target.pk)


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    target: Target = context["target"]
    content = target.campaign.questionnaire.content
    response: Response | None = context["response"]
    errors: dict[str, str] = context.get("errors", {})
    sent = response is not None and response.is_sent
    context |= {
        "sections": answering.form_of(content, context["data"], errors),
        "whole": errors.get(answering.WHOLE, ""),
        "question_errors": [
            (q.name, q.label, q.error)
            for section in answering.form_of(content, context["data"], errors)
            for q in section.questions
            if q.error
        ],
        "editable": context["may_answer"] and not sent and target.campaign.accepts_answers,
        "shown": answering.shown(content, response.answers) if response else [],
        "sent": sent,
        "intro": _intro(content),
    }
    return render(request, "campaigns/answer.html", context, status=status)


def _intro(content: dict[str, Any]) -> str:
    return in_language(content.get("intro_th", ""), content.get("intro_en"))


def _staff_link(request: HttpRequest, target: Target, may_answer: bool) -> HttpResponse:
    """A staff survey: the organisation's own link for its staff, and how many answered
    (never what they answered)."""
    counted = (
        Response.objects.filter(target=target, anonymous=True)
        .exclude(status=Response.Status.REJECTED)
        .count()
    )
    link = qr.staff_url(target, request=request) if target.staff_code else ""
    return render(
        request,
        "campaigns/answer.html",
        {
            "target": target,
            "campaign": target.campaign,
            "staff_survey": True,
            # The unit's own people answer it (and the administrator passes it on);
            # those who read the unit from above do not get a link to answer as staff.
            "staff_link": link
            if may_answer or cap.works_in(request.user, target.organisation)
            else "",
            "staff_answers": counted,
            "state": target.campaign.get_state_display(),
        },
    )
