"""The citizen's page: anonymous, Thai first, light enough for a cheap phone on a slow
link (no script, one small inline stylesheet that the Content-Security-Policy allows by
its hash: docs/architecture.md, "Headers"), and usable with a keyboard and a screen
reader. Reached from the QR code at the counter: /q/<code>/.

Sending an answer is the busiest request of the whole system at a national peak, so a
form sent exactly right is taken in one statement (`_take_quickly`); anything else (the
page itself, a closed counter, a missing answer) comes back as the page, which shows
what to fix. Both read the answer with the same function (survey/answers.py)."""

from typing import Any
from urllib.parse import unquote_plus

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from registry.models import Counter
from saduak.network import client_address
from survey import answers, intake, protection, questionnaire
from survey.forms import AnswerForm
from survey.local_questions import MAX_ASKED
from survey.models import LOCAL_PREFIX, LocalQuestion, Questionnaire, local_code


def _counter(code: str) -> Counter:
    try:
        return Counter.objects.select_related("centre__organisation").get(survey_code=code.upper())
    except Counter.DoesNotExist as exc:
        raise Http404 from exc


def _asked(**where: object) -> QuerySet[LocalQuestion]:
    """The centre's local questions on its page, in order."""
    return LocalQuestion.objects.filter(is_active=True, **where)[:MAX_ASKED]


def _take(
    request: HttpRequest, *, code: str, version: Questionnaire, sent: dict[str, Any]
) -> HttpResponse | None:
    """Keep an answer (`sent`, as answers.read reads it) for the intake, judged
    at the door for what it shows itself; then the thank-you page. None, and nothing
    kept, if the counter is closed or `version` is no longer in force."""
    device, new_device = protection.device_id(request)
    device_hash = protection.salted_hash(device if not new_device else "")
    answer = {key: sent[key] for key in ("scores", "local_scores", "respondent")}
    answer["comment"] = protection.without_contacts(sent["comment"])  # as the page says
    taken = intake.receive(
        code=code,
        questionnaire=version,
        **answer,
        reasons=protection.reasons_at_the_door(
            honeypot=sent["website"], token=sent["started"], device_hash=device_hash
        ),
        device_hash=device_hash,
        network_hash=protection.salted_hash(client_address(request)),
        fingerprint=protection.fingerprint(counter=code, answer=answer),
        fill_seconds=protection.fill_seconds(sent["started"]),
    )
    if not taken:
        return None
    # The same thank-you whatever the verdict: a bot learns nothing from it. Its address
    # is this page's plus thanks/ (survey/urls.py), without the cost of a reverse().
    return protection.with_device(
        HttpResponseRedirect(f"{request.path}thanks/"), device, new_device
    )


def form_fields(body: str) -> dict[str, str] | None:
    """The fields of a form sent urlencoded, as QueryDict reads them (parse_qsl with
    blank values kept; the last of repeated names wins), or None past Django's limit on
    their number. A citizen's form holds plain names and digits: only a field that has
    something to unquote is unquoted, which parse_qsl does for every name and value."""
    pairs = body.split("&")
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    if limit is not None and len(pairs) > limit:
        return None
    fields = {}
    for pair in pairs:
        if pair:
            name, _, value = pair.partition("=")
            if "%" in pair or "+" in pair:
                name, value = unquote_plus(name), unquote_plus(value)
            fields[name] = value
    return fields


def _take_quickly(request: HttpRequest, code: str) -> HttpResponse | None:
    """Take a form sent exactly right, in one statement (two if local questions were
    answered), or None to let the page explain. It is read against the questionnaire
    version this process last saw in force; the insert checks that it still is, and
    that the counter is open."""
    version = questionnaire.last_seen()
    if version is None or request.content_type != "application/x-www-form-urlencoded":
        return None
    # Read as request.POST reads a UTF-8 body (the last of repeated names wins), without
    # building a QueryDict. Anything else (another charset, bytes that are not UTF-8, too
    # many fields) is left to request.POST and the form.
    if (request.encoding or "utf-8").lower().replace("_", "-") != "utf-8":
        return None
    try:
        data = form_fields(request.body.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    if data is None:
        return None
    code = code.upper()
    local: dict[str, int] = {}
    if any(key.startswith(LOCAL_PREFIX) for key in data):
        asked = _asked(centre__counters__survey_code=code).values_list("pk", flat=True)
        local = {local_code(pk): pk for pk in asked}
    sent = answers.read(data, version, local).answer
    if sent is None:
        return None  # the page says what is wrong
    return _take(request, code=code, version=version, sent=sent)


# No CSRF token: the page has no session and no authority to borrow, and a browser that
# refuses cookies must still be able to answer (it is then checked as suspect instead).
@csrf_exempt
def answer(request: HttpRequest, code: str) -> HttpResponse:
    if request.method == "POST" and (taken := _take_quickly(request, code)):
        return taken
    counter = _counter(code)
    if not (counter.is_active and counter.centre.is_active):
        return render(request, "survey/closed.html", {"counter": counter})
    version = questionnaire.current()
    local = list(_asked(centre_id=counter.centre_id))
    # A POST with no fields at all (not a form) is shown the page afresh, as a GET.
    posted = request.POST if request.method == "POST" and request.POST else None
    form = AnswerForm(
        posted,
        questionnaire=version,
        local=local,
        initial={"started": protection.started_token()},
    )
    if posted is not None:
        reading = answers.read(posted.dict(), version, {q.code: q.pk for q in local})
        if reading.answer is not None:
            code = counter.survey_code
            if taken := _take(request, code=code, version=version, sent=reading.answer):
                return taken
            # Closed, or a new version put in force, in the instant since the look-up:
            # the page comes back with the answers as they were chosen, to send again.
        form.explain(reading.errors)
    device, new_device = protection.device_id(request)
    context = {"counter": counter, "form": form, "privacy": version.content["privacy"]}
    return protection.with_device(
        render(request, "survey/answer.html", context), device, new_device
    )


def thanks(request: HttpRequest, code: str) -> HttpResponse:
    counter = _counter(code)
    return render(request, "survey/thanks.html", {"counter": counter})
