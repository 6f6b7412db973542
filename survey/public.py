"""The citizen's page: anonymous, Thai first, light enough for a cheap phone on a slow
link (no script, one small inline stylesheet), and usable with a keyboard and a screen
reader. Reached from the QR code at the counter: /q/<code>/."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from registry.models import Counter
from survey import protection, questionnaire, services
from survey.forms import AnswerForm

DEVICE_COOKIE_AGE = 365 * 24 * 3600


def _counter(code: str) -> Counter:
    try:
        return Counter.objects.select_related("centre__organisation").get(survey_code=code.upper())
    except Counter.DoesNotExist as exc:
        raise Http404 from exc


def _with_device(response: HttpResponse, device: str, new: bool) -> HttpResponse:
    if new:
        response.set_cookie(
            protection.DEVICE_COOKIE,
            device,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=not settings.DEBUG and getattr(settings, "SESSION_COOKIE_SECURE", False),
        )
    return response


# No CSRF token: the page has no session and no authority to borrow, and a browser that
# refuses cookies must still be able to answer (it is then checked as suspect instead).
@csrf_exempt
def answer(request: HttpRequest, code: str) -> HttpResponse:
    counter = _counter(code)
    if not (counter.is_active and counter.centre.is_active):
        return render(request, "survey/closed.html", {"counter": counter})
    version = questionnaire.current()
    local = list(counter.centre.local_questions.filter(is_active=True)[:5])
    device, new_device = protection.device_id(request)
    form = AnswerForm(
        request.POST or None,
        questionnaire=version,
        local=local,
        initial={"started": protection.started_token()},
    )
    if request.method == "POST" and form.is_valid():
        scores = form.scores()
        extra = {
            "local": form.local_scores(),
            "r": form.respondent(),
            "c": form.cleaned_data["comment"],
        }
        device_hash = protection.salted_hash(device if not new_device else "")
        network_hash = protection.salted_hash(request.META.get("REMOTE_ADDR", ""))
        print_ = protection.fingerprint(counter_id=counter.pk, scores=scores, extra=extra)
        reasons = protection.reasons_to_doubt(
            honeypot=form.cleaned_data["website"],
            token=form.cleaned_data["started"],
            device_hash=device_hash,
            network_hash=network_hash,
            print_=print_,
        )
        services.take_answer(
            counter=counter,
            questionnaire=version,
            scores=scores,
            local_scores=form.local_scores(),
            respondent=form.respondent(),
            comment=form.cleaned_data["comment"].strip(),
            reasons=reasons,
            device_hash=device_hash,
            network_hash=network_hash,
            fingerprint=print_,
        )
        # The same thank-you whatever the verdict: a bot learns nothing from it.
        return _with_device(redirect("survey:thanks", code=counter.survey_code), device, new_device)
    context = {"counter": counter, "form": form, "privacy": version.content["privacy"]}
    return _with_device(render(request, "survey/answer.html", context), device, new_device)


def thanks(request: HttpRequest, code: str) -> HttpResponse:
    counter = _counter(code)
    return render(request, "survey/thanks.html", {"counter": counter})
