"""Forms of the call and of the application. They parse what is posted; the rules live
in the services (certification.calls, certification.applications) and the models."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from certification.models import Application, Call
from registry.models import ServiceCentre
from saduak.http import parse_id
from standards.models import Criterion, Level, Standard
from thaicalendar.dates import format_date
from thaicalendar.forms import ThaiDateField

DATE_HELP = _("e.g. 1/1/2569")


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown on the form: beside its field where the form has one,
    above the form otherwise."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, errors in error.error_dict.items():
        for item in errors:
            message = str(item.message % item.params if item.params else item.message)
            if name in form.fields:
                form.add_error(name, message)
            else:
                form.add_error(None, message)


class LevelChoice(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> QuerySet[Level]:
        # Each id through the one id parser first: a number no column holds is a wrong
        # choice, not a database error.
        for pk in value:
            if parse_id(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]

    def label_from_instance(self, obj: Level) -> str:
        return str(
            _("%(level)s (at least %(score)s %%) · %(standard)s")
            % {"level": obj.name, "score": obj.min_score, "standard": obj.standard}
        )


class CallForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (BE)"), min_value=2500, max_value=2700)
    standard = forms.ModelChoiceField(label=_("Standard"), queryset=Standard.objects.none())
    levels = LevelChoice(
        label=_("Levels open"),
        queryset=Level.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    applications_open = ThaiDateField(label=_("Applications open"), help_text=DATE_HELP)
    applications_close = ThaiDateField(label=_("Applications close"), help_text=DATE_HELP)
    screening_deadline = ThaiDateField(label=_("Screening deadline"), help_text=DATE_HELP)
    correction_days = forms.IntegerField(
        label=_("Days to correct a returned application"),
        min_value=1,
        max_value=365,
        initial=15,
    )
    visits_from = ThaiDateField(label=_("Site visits from"), help_text=DATE_HELP)
    visits_until = ThaiDateField(label=_("Site visits until"), help_text=DATE_HELP)
    decision_on = ThaiDateField(label=_("Decision date"), help_text=DATE_HELP)
    requires_endorsement = forms.BooleanField(
        label=_("The supervising organisation endorses applications before screening"),
        required=False,
    )

    def __init__(self, *args: Any, call: Call | None = None, **kwargs: Any) -> None:
        if call is not None:
            kwargs.setdefault(
                "initial",
                {
                    "fiscal_year": call.fiscal_year,
                    "standard": call.standard_id,
                    "levels": list(call.levels.values_list("pk", flat=True)),
                    "correction_days": call.correction_days,
                    "requires_endorsement": call.requires_endorsement,
                    **{
                        name: format_date(getattr(call, name), style="numeric")
                        for name in Call.DATE_ORDER
                    },
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.order_by("-fiscal_year", "-version")  # type: ignore[attr-defined]
        self.fields["levels"].queryset = Level.objects.select_related("standard").order_by(  # type: ignore[attr-defined]
            "-standard__fiscal_year", "-standard__version", "order"
        )

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "levels"}


class StartForm(forms.Form):
    centre = forms.ModelChoiceField(
        label=_("Service centre"), queryset=ServiceCentre.objects.none()
    )
    level = forms.ModelChoiceField(
        label=_("Level applied for"), queryset=Level.objects.none(), widget=forms.RadioSelect
    )

    def __init__(
        self, *args: Any, centres: QuerySet[ServiceCentre], call: Call, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]
        self.fields["level"].queryset = call.levels.order_by("order")  # type: ignore[attr-defined]


MET_CHOICES = [("yes", _("Met")), ("no", _("Not met"))]


def met_field(criterion: Criterion) -> str:
    return f"item-{criterion.pk}-met"


def score_field(criterion: Criterion) -> str:
    return f"item-{criterion.pk}-score"


def comment_field(criterion: Criterion) -> str:
    return f"item-{criterion.pk}-comment"


class DraftForm(forms.Form):
    """The whole draft: per basic requirement met or not, per scored criterion a
    self-score, and an explanation for each. Every field may be empty while drafting;
    sending checks completeness (applications.problems_before_sending)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def __init__(
        self, *args: Any, application: Application, criteria: list[Criterion], **kwargs: Any
    ) -> None:
        items = {i.criterion_id: i for i in application.items.all()}
        initial: dict[str, Any] = {"revision": application.revision}
        for criterion in criteria:
            item = items.get(criterion.pk)
            if item is None:
                continue
            met = item.met
            initial[met_field(criterion)] = "" if met is None else ("yes" if met else "no")
            initial[score_field(criterion)] = item.self_score
            initial[comment_field(criterion)] = item.comment
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            if criterion.is_scored:
                self.fields[score_field(criterion)] = forms.DecimalField(
                    label=_("Self-score for %(code)s (0 to %(max)s)")
                    % {"code": criterion.code, "max": criterion.max_points},
                    required=False,
                    max_digits=5,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
                )
            else:
                self.fields[met_field(criterion)] = forms.ChoiceField(
                    label=_("Is %(code)s met?") % {"code": criterion.code},
                    choices=MET_CHOICES,
                    required=False,
                    widget=forms.RadioSelect,
                )
            self.fields[comment_field(criterion)] = forms.CharField(
                label=_("Explanation for %(code)s") % {"code": criterion.code},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[int, tuple[bool | None, Decimal | None, str]]:
        data = self.cleaned_data
        result = {}
        for criterion in self.criteria:
            met_value = data.get(met_field(criterion)) or ""
            met = {"yes": True, "no": False}.get(met_value)
            score = data.get(score_field(criterion)) if criterion.is_scored else None
            comment = (data.get(comment_field(criterion)) or "").strip()
            result[criterion.pk] = (met, score, comment)
        return result

    def row(self, criterion: Criterion) -> dict[str, Any]:
        return {
            "criterion": criterion,
            "met": self[met_field(criterion)] if not criterion.is_scored else None,
            "score": self[score_field(criterion)] if criterion.is_scored else None,
            "comment": self[comment_field(criterion)],
        }


class EvidenceForm(forms.Form):
    criterion = forms.ModelChoiceField(queryset=Criterion.objects.none(), widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(
        label=_("or a link"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = application.call.standard.criteria.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("link"):
            raise forms.ValidationError(_("Choose a file or give a link."))
        if data.get("file") and data.get("link"):
            raise forms.ValidationError(_("Give either a file or a link, not both."))
        return data
