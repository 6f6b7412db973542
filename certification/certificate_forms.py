"""Forms of the committee's decision and of a certificate's changes of state. They only
read what was typed; the rules live in certification.certificates."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from certification.models import Application, Decision
from standards.models import Level
from thaicalendar.forms import ThaiDateField


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names, or above the form."""
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    level = forms.ModelChoiceField(
        label=_("Level certified"),
        queryset=Level.objects.none(),
        required=False,
        empty_label=_("— choose —"),
        help_text=_("At most the level the assessment reached."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the centre is not certified."),
    )
    decided_on = ThaiDateField(
        label=_("Date of the committee's decision"),
        required=False,
        help_text=_("e.g. 15/9/2565; empty for today"),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reached = application.consensus_level
        levels = Level.objects.filter(standard_id=application.call.standard_id)
        if reached is not None:
            levels = levels.filter(order__lte=reached.order)
            self.initial.setdefault("level", reached.pk)
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ModelChoiceField)
        level_field.queryset = levels.order_by("order")


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the suspension"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = ThaiDateField(
        label=_("To be fixed by"),
        help_text=_("After today and at most six months ahead (day/month/BE year)"),
    )


class ReinstateForm(forms.Form):
    reason = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
