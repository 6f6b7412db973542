from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maintenance.models import INTEGER_MAX, SATISFACTION_FIELDS, Answer, Report
from standards.models import ChecklistItem
from survey.selectors import report_names, satisfaction_label
from thaicalendar.dates import format_date, round_for
from thaicalendar.forms import ThaiDateField


def value_field(item: ChecklistItem) -> str:
    return f"item-{item.pk}-value"


def comment_field(item: ChecklistItem) -> str:
    return f"item-{item.pk}-comment"


def _mean() -> forms.DecimalField:
    """A mean on the 5-level scale (DOMAIN.md §3)."""
    return forms.DecimalField(
        required=False, min_value=Decimal(1), max_value=Decimal(5), decimal_places=2
    )


class DraftForm(forms.Form):
    """The whole draft: one answer and comment per checklist item, and the round's
    satisfaction results. Every field may be empty while drafting; submission checks
    completeness separately (services.problems_before_submission)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    respondents = forms.IntegerField(
        label=_("Number of respondents"), required=False, min_value=1, max_value=INTEGER_MAX
    )
    # The labels of the means and the overall percentage name the survey's dimensions and
    # overall item (set in __init__, satisfaction_label).
    mean_process = _mean()
    mean_staff = _mean()
    mean_facilities = _mean()
    mean_outcome = _mean()
    overall_percentage = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
    )

    def __init__(
        self, *args: Any, report: Report, items: list[ChecklistItem], **kwargs: Any
    ) -> None:
        answers = {a.item_id: a for a in report.answers.all()}
        initial = {
            "revision": report.revision,
            **{n: getattr(report, n) for n in SATISFACTION_FIELDS},
        }
        for item in items:
            answer = answers.get(item.pk)
            initial[value_field(item)] = answer.value if answer else ""
            initial[comment_field(item)] = answer.comment if answer else ""
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.items = items
        # Named as the survey's results and the report's PDF name them.
        names = report_names()
        for name in SATISFACTION_FIELDS:
            self.fields[name].label = satisfaction_label(name, names)
        for item in items:
            self.fields[value_field(item)] = forms.ChoiceField(
                label=f"{item.code} {item.text}",
                choices=Answer.Value.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[comment_field(item)] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": item.code},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            item.pk: (
                data.get(value_field(item)) or "",
                (data.get(comment_field(item)) or "").strip(),
            )
            for item in self.items
        }

    def satisfaction(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in SATISFACTION_FIELDS}

    def satisfaction_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in SATISFACTION_FIELDS]

    def item_rows(self) -> list[dict[str, Any]]:
        return [
            {"item": item, "value": self[value_field(item)], "comment": self[comment_field(item)]}
            for item in self.items
        ]


class EvidenceForm(forms.Form):
    item = forms.ModelChoiceField(queryset=ChecklistItem.objects.none(), widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(
        label=_("or a link"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = report.standard.checklist_items.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("link"):
            raise forms.ValidationError(_("Choose a file or give a link."))
        if data.get("file") and data.get("link"):
            raise forms.ValidationError(_("Give either a file or a link, not both."))
        return data


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the centre"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = codes
        for code in codes:
            self.fields[f"item-{code}"] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def item_comments(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"item-{code}", "") for code in self.codes}


class RoundForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (BE)"), min_value=2500, max_value=2700)
    deadline_6 = ThaiDateField(
        label=_("Deadline of the 6-month round"), help_text=_("e.g. 15/4/2569")
    )
    deadline_12 = ThaiDateField(
        label=_("Deadline of the 12-month round"), help_text=_("e.g. 15/10/2569")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("fiscal_year") is None:
            return data
        for months in (6, 12):
            deadline = data.get(f"deadline_{months}")
            period = round_for(data["fiscal_year"], months)
            if deadline and deadline <= period.end:
                self.add_error(
                    f"deadline_{months}",
                    _("The deadline must come after the round ends (%(end)s).")
                    % {"end": format_date(period.end)},
                )
        return data
