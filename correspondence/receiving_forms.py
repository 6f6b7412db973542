"""The recipient's forms: the registration (ลงรับ) and the reply form the sender defined.
They only carry what was typed; correspondence/receiving.py decides what is right."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from correspondence.models import Question, Recipient
from correspondence.receiving import field_name
from saduak.problems import Problem
from thaicalendar.dates import bangkok_today, format_date
from thaicalendar.forms import ThaiDateField

DATE_HELP = _("e.g. 22/6/2565")


class RegisterForm(forms.Form):
    register_number = forms.CharField(
        label=_("Incoming register number"),
        max_length=30,
        required=False,
        help_text=_("The number your own incoming register gave, such as 1234 or 1234/2569."),
    )
    register_date = ThaiDateField(label=_("Registration date"), required=False, help_text=DATE_HELP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Most offices register a letter the day it arrives: offered, and can be changed.
        self.fields["register_date"].initial = format_date(bangkok_today(), style="numeric")


class ReplyForm(RegisterForm):
    """The register's two fields first when the letter is not yet registered, so one
    visit does both; then one field per question of the letter's reply form."""

    def __init__(self, *args: Any, copy: Recipient, questions: list[Question], **kwargs: Any):
        super().__init__(*args, **kwargs)
        if copy.acknowledged_at is not None:
            del self.fields["register_number"]
            del self.fields["register_date"]
        self.questions = questions
        # Marked as required on the page; the service says which one is missing, by name.
        self.required_names = {"register_number", "register_date"} & set(self.fields)
        for question in questions:
            self.fields[field_name(question)] = _field_for(question)
            if question.required:
                self.required_names.add(field_name(question))

    @property
    def registers(self) -> bool:
        return "register_number" in self.fields

    def values(self) -> dict[int, Any]:
        """What was typed for each question; for a file question, any text sent in its
        place, so the service can say that it takes a file."""
        return {
            q.pk: (
                self.data.get(field_name(q), "")
                if q.kind == Question.Kind.FILE
                else self.cleaned_data.get(field_name(q)) or ""
            )
            for q in self.questions
        }

    def files_sent(self) -> dict[int, Any]:
        sent = {}
        for q in self.questions:
            upload = self.files.get(field_name(q)) if q.kind == Question.Kind.FILE else None
            if upload is not None:
                sent[q.pk] = upload
        return sent


def _field_for(question: Question) -> forms.Field:
    # Not required here: the service says which required question is missing, by name.
    label = question.label
    if question.kind == Question.Kind.YES_NO:
        return forms.CharField(
            label=label,
            required=False,
            widget=forms.RadioSelect(choices=[("yes", _("Yes")), ("no", _("No"))]),
        )
    if question.kind == Question.Kind.NUMBER:
        return forms.CharField(
            label=label,
            required=False,
            max_length=40,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            help_text=_("A number, in Thai or Arabic digits."),
        )
    if question.kind == Question.Kind.FILE:
        return forms.FileField(
            label=label,
            required=False,
            help_text=_("PDF, an image or an office document."),
        )
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))


def show_problems(form: forms.Form, problems: list[Problem]) -> None:
    """A service's refusal on the form: beside its field, above the form otherwise."""
    for problem in problems:
        if problem.field not in form.fields:
            form.add_error(None, problem.message)
            continue
        # Beside its field, the message needs not name the question again.
        label = f"{form.fields[problem.field].label}: "
        form.add_error(problem.field, problem.message.removeprefix(label))
