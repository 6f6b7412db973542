"""A centre's own questions, asked after the national core on the same 5-level scale.
The unit's administrator keeps them; the core itself can never be changed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import capabilities as cap
from registry.services import save_audited
from survey.models import LocalQuestion

MAX_ASKED = 5  # the citizen's page stays short
TOO_MANY = gettext_lazy("At most %(n)s questions are asked; stop asking one first.")


class LocalQuestionForm(forms.ModelForm):
    class Meta:
        model = LocalQuestion
        fields = ["text_th", "text_en"]


@login_required
def local_questions(request: HttpRequest, pk: int) -> HttpResponse:
    centre = cap.access_centre(request.user, pk)
    can_change = cap.can(request.user, cap.ASK_LOCAL_QUESTIONS, centre)
    questions = list(centre.local_questions.all())
    asked = [q for q in questions if q.is_active]
    # Bound on every POST, even one whose body is not a form (request.POST is then
    # empty): the form then says what is missing instead of failing unbound.
    form = LocalQuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if len(asked) >= MAX_ASKED:
            form.add_error(
                None,
                TOO_MANY % {"n": MAX_ASKED},
            )
        elif form.is_valid():
            question = form.save(commit=False)
            question.centre = centre
            question.order = len(questions) + 1
            save_audited(actor=request.user, obj=question)
            messages.success(request, _("Question added; it is asked from now on."))
            return redirect("survey:local_questions", pk=centre.pk)
    context = {"centre": centre, "questions": questions, "form": form, "can_change": can_change}
    return render(request, "survey/local_questions.html", context)


@login_required
def local_question_toggle(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    centre = cap.access_centre(request.user, pk, need=cap.ASK_LOCAL_QUESTIONS)
    question = get_object_or_404(LocalQuestion, pk=question_pk, centre=centre)
    if request.method != "POST":
        raise PermissionDenied
    if (
        not question.is_active
        and centre.local_questions.filter(is_active=True).count() >= MAX_ASKED
    ):
        messages.error(
            request,
            TOO_MANY % {"n": MAX_ASKED},
        )
    else:
        question.is_active = not question.is_active
        save_audited(actor=request.user, obj=question)
    return redirect("survey:local_questions", pk=centre.pk)
