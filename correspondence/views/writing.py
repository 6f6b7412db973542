"""Writing a letter: the page of a letter (and its PDF, its enclosures), the draft editor,
an organisation's letterhead and the emblem.

The editor is one form, without JavaScript: every button (save, add or remove a
reference, an enclosure, a question) posts the whole form to its own address, which
saves the draft as typed first, so nothing written is lost on the way."""

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import capabilities as cap
from correspondence import drafting, letter_pdf, receiving, selectors
from correspondence.compose_forms import (
    DraftForm,
    EmblemForm,
    EnclosureForm,
    LetterheadForm,
    QuestionForm,
    ReferenceForm,
    StartForm,
    show_problems,
)
from correspondence.models import Emblem, Enclosure, Letter, Letterhead, Question, Reference
from saduak.http import stored_file
from saduak.problems import DraftConflict, Incomplete
from thaicalendar import dates

# --- reading -----------------------------------------------------------------------------


@login_required
@require_safe
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as a page: what the PDF says, its enclosures, and the panels of
    sending, of the reader's own copy and of tracking."""
    user = request.user
    letter = cap.access_letter(user, pk)
    copy = selectors.copy_for(user, letter)
    if copy is not None:
        receiving.record_opening(copy=copy, user=user)  # type: ignore[arg-type]
    draft = letter.state == Letter.State.DRAFT
    may_write = draft and cap.can(user, cap.CORRESPOND, letter.sender)
    context = {
        **letter_pdf.letter_content(letter, request=request),
        "copy": copy,
        "may_send": may_write,
        "may_edit": may_write,
        "may_follow": cap.may_follow(user, letter),
    }
    return render(request, "correspondence/letter.html", context)


@login_required
@require_safe
def letter_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    letter = cap.access_letter(request.user, pk)
    response = HttpResponse(
        letter_pdf.render_letter(letter, request=request), content_type="application/pdf"
    )
    name = f"letter-{letter.pk}{'-draft' if letter.state == Letter.State.DRAFT else ''}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_safe
def enclosure_file(request: HttpRequest, pk: int, enclosure_pk: int) -> FileResponse:
    """An enclosure's file, for whoever reads the letter (404 for anyone else)."""
    letter = cap.access_letter(request.user, pk)
    enclosure = get_object_or_404(Enclosure, pk=enclosure_pk, letter=letter)
    return stored_file(enclosure)


# --- starting and editing a draft -------------------------------------------------------------


@login_required
def letter_new(request: HttpRequest) -> HttpResponse:
    """Start a draft for an organisation the account writes for (chosen when several)."""
    if not cap.can(request.user, cap.CORRESPOND):
        raise PermissionDenied
    senders = cap.organisations_for(request.user, need=cap.CORRESPOND).order_by("name_th")
    listed = list(senders[:100])
    initial = {"sender": listed[0].pk} if len(listed) == 1 else {}
    form = StartForm(request.POST or None, senders=senders, initial=initial)
    no_letterhead = None
    if request.method == "POST" and form.is_valid():
        sender = form.cleaned_data["sender"]
        try:
            letter = drafting.start_letter(user=request.user, sender=sender)
        except Incomplete as refusal:
            show_problems(form, refusal.problems)
            no_letterhead = sender
        else:
            messages.success(request, _("Draft started. Nothing is sent until you send it."))
            return redirect("correspondence:letter_edit", pk=letter.pk)
    context = {
        "form": form,
        "no_letterhead": no_letterhead,
        "letterheads": {
            h.organisation_id for h in Letterhead.objects.filter(organisation__in=listed)
        },
        "senders": listed,
    }
    return render(request, "correspondence/letter_new.html", context)


def _writable(request: HttpRequest, pk: int) -> Letter:
    """The draft the account writes for its sender: 404 unless it reads the letter, 403
    unless it writes for the sender or once the letter is sent (it never changes)."""
    letter = cap.access_letter(request.user, pk, need=cap.CORRESPOND)
    if letter.state != Letter.State.DRAFT:
        raise PermissionDenied
    return letter


def _editor(
    request: HttpRequest,
    letter: Letter,
    *,
    form: DraftForm | None = None,
    reference: ReferenceForm | None = None,
    enclosure: EnclosureForm | None = None,
    question: QuestionForm | None = None,
    conflict: Letter | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        initial: dict[str, Any] = {
            name: getattr(letter, name) for name in drafting.DRAFT_FIELDS if name != "due_date"
        }
        initial["revision"] = letter.revision
        if letter.due_date:
            initial["due_date"] = dates.format_date(letter.due_date, style="numeric")
        form = DraftForm(initial=initial, sender=letter.sender)
    context = {
        "letter": letter,
        "form": form,
        "reference_form": reference or ReferenceForm(),
        "enclosure_form": enclosure or EnclosureForm(),
        "question_form": question or QuestionForm(),
        "references": letter.references.select_related("cites"),
        "enclosures": letter.enclosures.all(),
        "questions": letter.questions.all(),
        "missing": _as_typed(letter, form).missing(),
        "letterhead": Letterhead.of(letter.sender_id),
        "conflict": conflict,
        "asks_answer": letter.action == Letter.Action.ANSWER,
    }
    return render(request, "correspondence/letter_edit.html", context, status=status)


def _as_typed(letter: Letter, form: DraftForm) -> Letter:
    """The draft with what was typed, when a save was refused: its "still missing" list
    must speak of the page in front of the person, not of the draft stored before."""
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        return letter
    typed = copy.copy(letter)
    for name, value in form.cleaned_data.items():
        if name in drafting.DRAFT_FIELDS:
            setattr(typed, name, value if value is not None or name in drafting.MAY_BE_NONE else "")
    return typed


def _save_posted(request: HttpRequest, letter: Letter) -> Letter | HttpResponse:
    """Save the draft as posted, when the editor's form was posted (it carries the
    revision): every button of the editor goes through here first. A post without it
    (a bare button) changes only what the button does."""
    if "revision" not in request.POST:
        return letter
    form = DraftForm(request.POST, sender=letter.sender)
    if not form.is_valid():
        return _editor(request, letter, form=form, status=422)
    try:
        return drafting.save_draft(
            user=request.user,
            letter=letter,
            data=form.draft_data(),
            revision=form.cleaned_data["revision"],
        )
    except DraftConflict as conflict:
        return _editor(request, letter, form=form, conflict=conflict.current, status=409)
    except Incomplete as refusal:
        show_problems(form, refusal.problems)
        return _editor(request, letter, form=form, status=422)


@login_required
def letter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft editor (GET); Save (POST)."""
    letter = _writable(request, pk)
    if request.method != "POST":
        return _editor(request, letter)
    saved = _save_posted(request, letter)
    if isinstance(saved, HttpResponse):
        return saved
    messages.success(request, _("Draft saved."))
    return redirect("correspondence:letter_edit", pk=saved.pk)


def _back(letter: Letter, anchor: str) -> HttpResponse:
    return redirect(reverse("correspondence:letter_edit", args=[letter.pk]) + anchor)


@login_required
@require_POST
def reference_add(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _save_posted(request, _writable(request, pk))
    if isinstance(saved, HttpResponse):
        return saved
    form = ReferenceForm(request.POST)
    if form.is_valid():
        try:
            drafting.add_reference(
                user=request.user,
                letter=saved,
                issuer=form.cleaned_data["issuer"],
                number=form.cleaned_data["number"],
                day=form.cleaned_data["date"],
            )
        except Incomplete as refusal:
            show_problems(form, refusal.problems)
        else:
            messages.success(request, _("Reference added."))
            return _back(saved, "#references")
    saved.refresh_from_db()
    return _editor(request, saved, reference=form, status=422)


@login_required
@require_POST
def reference_remove(request: HttpRequest, pk: int, reference_pk: int) -> HttpResponse:
    letter = _writable(request, pk)
    reference = get_object_or_404(Reference, pk=reference_pk, letter=letter)
    saved = _save_posted(request, letter)
    if isinstance(saved, HttpResponse):
        return saved
    drafting.remove_reference(user=request.user, reference=reference)
    messages.success(request, _("Reference removed."))
    return _back(saved, "#references")


@login_required
@require_POST
def enclosure_add(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _save_posted(request, _writable(request, pk))
    if isinstance(saved, HttpResponse):
        return saved
    form = EnclosureForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            drafting.add_enclosure(
                user=request.user,
                letter=saved,
                description=form.cleaned_data["description"],
                upload=form.cleaned_data["file"] or None,
            )
        except Incomplete as refusal:
            show_problems(form, refusal.problems)
        else:
            messages.success(request, _("Enclosure added."))
            return _back(saved, "#enclosures")
    saved.refresh_from_db()
    return _editor(request, saved, enclosure=form, status=422)


@login_required
@require_POST
def enclosure_remove(request: HttpRequest, pk: int, enclosure_pk: int) -> HttpResponse:
    letter = _writable(request, pk)
    enclosure = get_object_or_404(Enclosure, pk=enclosure_pk, letter=letter)
    saved = _save_posted(request, letter)
    if isinstance(saved, HttpResponse):
        return saved
    drafting.remove_enclosure(user=request.user, enclosure=enclosure)
    messages.success(request, _("Enclosure removed."))
    return _back(saved, "#enclosures")


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _save_posted(request, _writable(request, pk))
    if isinstance(saved, HttpResponse):
        return saved
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            drafting.add_question(
                user=request.user,
                letter=saved,
                kind=form.cleaned_data["kind"],
                label=form.cleaned_data["label"],
                required=form.cleaned_data["required"],
            )
        except Incomplete as refusal:
            show_problems(form, refusal.problems)
        else:
            messages.success(request, _("Question added to the reply form."))
            return _back(saved, "#questions")
    saved.refresh_from_db()
    return _editor(request, saved, question=form, status=422)


@login_required
@require_POST
def question_remove(request: HttpRequest, pk: int, reply_question_pk: int) -> HttpResponse:
    letter = _writable(request, pk)
    question = get_object_or_404(Question, pk=reply_question_pk, letter=letter)
    saved = _save_posted(request, letter)
    if isinstance(saved, HttpResponse):
        return saved
    drafting.remove_question(user=request.user, question=question)
    messages.success(request, _("Question removed from the reply form."))
    return _back(saved, "#questions")


@login_required
def letter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asked first (GET); the answer (POST) deletes the draft for good."""
    letter = _writable(request, pk)
    if request.method == "POST":
        drafting.delete_draft(user=request.user, letter=letter)
        messages.success(request, _("Draft deleted."))
        return redirect("home")
    return render(request, "correspondence/letter_delete.html", {"letter": letter})


# --- the letterhead and the emblem -----------------------------------------------------------


@login_required
def letterhead_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    """An organisation's letter code, address and contact: its correspondence officers
    keep them (404 unless the account reads the organisation, 403 unless it writes for
    it)."""
    organisation = cap.access_organisation(request.user, org_pk, need=cap.CORRESPOND)
    letterhead = Letterhead.of(organisation.pk)
    initial = (
        {
            "letter_code": letterhead.letter_code,
            "address": letterhead.address,
            "contact": letterhead.contact,
        }
        if letterhead
        else {}
    )
    form = LetterheadForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            drafting.save_letterhead(
                user=request.user, organisation=organisation, **form.cleaned_data
            )
        except Incomplete as refusal:
            show_problems(form, refusal.problems)
        else:
            messages.success(request, _("Letterhead saved."))
            return redirect("correspondence:letter_new")
    return render(
        request,
        "correspondence/letterhead.html",
        {"form": form, "organisation": organisation, "letterhead": letterhead},
    )


@login_required
def emblem_edit(request: HttpRequest) -> HttpResponse:
    """The emblem printed on every letter: OPS PMO replaces the placeholder."""
    cap.require(request.user, cap.ADMINISTER)
    form = EmblemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            drafting.upload_emblem(user=request.user, upload=form.cleaned_data["image"])
        except Incomplete as refusal:
            show_problems(form, refusal.problems)
        else:
            messages.success(request, _("Emblem saved: every letter now prints it."))
            return redirect("correspondence:emblem")
    current = Emblem.objects.select_related("uploaded_by").first()
    return render(request, "correspondence/emblem.html", {"form": form, "current": current})


@login_required
@require_safe
def emblem_image(request: HttpRequest) -> HttpResponse:
    """The emblem as the letter pages show it (the placeholder until one is uploaded)."""
    image = letter_pdf.current_emblem()
    if not image.content:
        raise Http404
    response = HttpResponse(image.content, content_type=image.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response


urlpatterns: list[URLPattern] = [
    path("new/", letter_new, name="letter_new"),
    path("<int:pk>/", letter_detail, name="letter"),
    path("<int:pk>/pdf/", letter_pdf_view, name="letter_pdf"),
    path("<int:pk>/edit/", letter_edit, name="letter_edit"),
    path("<int:pk>/delete/", letter_delete, name="letter_delete"),
    path("<int:pk>/references/add/", reference_add, name="reference_add"),
    path(
        "<int:pk>/references/<int:reference_pk>/remove/",
        reference_remove,
        name="reference_remove",
    ),
    path("<int:pk>/enclosures/add/", enclosure_add, name="enclosure_add"),
    path("<int:pk>/enclosures/<int:enclosure_pk>/", enclosure_file, name="enclosure_file"),
    path(
        "<int:pk>/enclosures/<int:enclosure_pk>/remove/",
        enclosure_remove,
        name="enclosure_remove",
    ),
    path("<int:pk>/questions/add/", question_add, name="question_add"),
    path(
        "<int:pk>/questions/<int:reply_question_pk>/remove/",
        question_remove,
        name="question_remove",
    ),
    path("letterheads/<int:org_pk>/", letterhead_edit, name="letterhead"),
    path("emblem/", emblem_edit, name="emblem"),
    path("emblem/image/", emblem_image, name="emblem_image"),
]
