"""The recipient's pages: register a letter (ลงรับ), answer its reply form, pass it
down with a covering letter, and the answered files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import capabilities as cap
from correspondence import receiving, selectors
from correspondence.models import Answer, Recipient
from correspondence.receiving_forms import RegisterForm, ReplyForm, show_problems
from saduak.http import parse_id
from saduak.problems import Incomplete


def _back(copy: Recipient) -> str:
    return reverse("correspondence:letter", args=[copy.letter_id])


@login_required
@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest, copy_id: int) -> HttpResponse:
    """The registration (ลงรับ). Posted from the letter page's panel; shown as a page of
    its own when something typed must be corrected."""
    copy = cap.access_copy(request.user, copy_id, need=cap.CORRESPOND)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            receiving.acknowledge(
                user=request.user,
                copy=copy,
                register_number=form.cleaned_data["register_number"],
                register_date=form.cleaned_data["register_date"],
            )
        except Incomplete as incomplete:
            show_problems(form, incomplete.problems)
        else:
            messages.success(request, _("The letter is registered as received."))
            return redirect(_back(copy))
    return render(
        request,
        "correspondence/acknowledge.html",
        {"copy": copy, "letter": copy.letter, "form": form, "back_url": _back(copy)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, copy_id: int) -> HttpResponse:
    copy = cap.access_copy(request.user, copy_id, need=cap.CORRESPOND)
    letter = copy.letter
    receiving.record_opening(copy=copy, user=request.user)  # type: ignore[arg-type]
    questions = list(letter.questions.all())
    answered = copy.answered_at is not None
    form = ReplyForm(
        None if answered else (request.POST or None),
        None if answered else (request.FILES or None),
        copy=copy,
        questions=questions,
    )
    if request.method == "POST" and not answered and form.is_valid():
        register = (
            (form.cleaned_data["register_number"], form.cleaned_data["register_date"])
            if form.registers
            else None
        )
        try:
            receiving.register_and_answer(
                user=request.user,
                copy=copy,
                register=register,
                values=form.values(),
                files=form.files_sent(),
            )
        except Incomplete as incomplete:
            show_problems(form, incomplete.problems)
        else:
            messages.success(request, _("Your answer is sent to %(org)s.") % {"org": letter.sender})
            return redirect(_back(copy))
    return render(
        request,
        "correspondence/answer.html",
        {
            "copy": copy,
            "letter": letter,
            "form": form,
            "answered": answered,
            "answers": selectors.answers_of(copy) if answered else [],
            "asks": letter.action == letter.Action.ANSWER and bool(questions),
            "back_url": _back(copy),
        },
    )


@login_required
@require_POST
def forward(request: HttpRequest, copy_id: int) -> HttpResponse:
    """Start the covering letter that passes the letter down, then edit it."""
    copy = cap.access_copy(request.user, copy_id, need=cap.CORRESPOND)
    try:
        draft = receiving.start_forward(user=request.user, copy=copy)
    except Incomplete as incomplete:
        for problem in incomplete.problems:
            messages.error(request, problem.message)
        return redirect(_back(copy))
    messages.success(
        request, _("A covering letter is started. Check it, then choose whom to send it to.")
    )
    return redirect(reverse("correspondence:letter_edit", args=[draft.pk]))


@login_required
def answer_file(request: HttpRequest, copy_id: int, answer_id: int) -> FileResponse:
    """A file a recipient answered with: for the recipient's people (and those who
    oversee it) and whoever follows the letter; 404 for everyone else."""
    copy = cap.access_copy(request.user, copy_id)
    number = parse_id(str(answer_id))
    if number is None:
        raise Http404
    found = Answer.objects.filter(pk=number, recipient=copy).exclude(file="").first()
    if found is None:
        raise Http404
    stem = (found.original_name.rsplit(".", 1)[0] if found.original_name else "") or "answer"
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=f"{stem}{found.extension}",
        content_type=found.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("copies/<int:copy_id>/acknowledge/", acknowledge, name="copy_acknowledge"),
    path("copies/<int:copy_id>/answer/", answer, name="copy_answer"),
    path("copies/<int:copy_id>/forward/", forward, name="copy_forward"),
    path("copies/<int:copy_id>/answer-files/<int:answer_id>/", answer_file, name="answer_file"),
]
