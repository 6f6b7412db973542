from collections.abc import Mapping
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from saduak.language import entry_text
from survey.answers import COMMENT_LIMIT
from survey.models import LocalQuestion, Questionnaire


class AnswerForm(forms.Form):
    """The citizen's page, drawn from the questionnaire version in force and the
    centre's local questions: fields, labels, groups. What an answer must be is read
    by survey.answers.read alone; the form shows its errors (`explain`)."""

    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "maxlength": COMMENT_LIMIT, "aria-describedby": "comment_help"}
        ),
    )
    started = forms.CharField(
        required=False, label=_("The time the page was opened"), widget=forms.HiddenInput
    )
    # The honeypot: hidden from people by CSS and labelled to be left alone; bots fill it.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(
        self, *args: Any, questionnaire: Questionnaire, local: list[LocalQuestion], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        content = questionnaire.content
        self.questionnaire = questionnaire
        self.local = local
        scale = [(str(s["value"]), f"{s['value']} {entry_text(s)}") for s in content["scale"]]
        self.groups: list[tuple[str, list[str]]] = []
        for dim in content["dimensions"]:
            names = []
            for item in dim["items"]:
                self.fields[item["code"]] = forms.ChoiceField(
                    label=entry_text(item), choices=scale, widget=forms.RadioSelect
                )
                names.append(item["code"])
            self.groups.append((entry_text(dim), names))
        overall = content["overall"]
        self.fields[overall["code"]] = forms.ChoiceField(
            label=entry_text(overall), choices=scale, widget=forms.RadioSelect
        )
        self.groups.append((entry_text(overall), [overall["code"]]))
        for question in local:
            self.fields[question.code] = forms.ChoiceField(
                label=question.text, choices=scale, widget=forms.RadioSelect, required=False
            )
        for part in content["respondent"]:
            choices = [("", "–"), *((c["code"], entry_text(c)) for c in part["choices"])]
            self.fields[f"r-{part['code']}"] = forms.ChoiceField(
                label=entry_text(part), choices=choices, required=False
            )
        self.fields["comment"].label = entry_text(content["comment"])

    def explain(self, errors: Mapping[str, str]) -> None:
        """Show what the reading found wrong (survey.answers.read), each error beside
        its field; the form judges nothing itself. Called on every page sent back, so
        that Django's own validation never runs: an empty `errors` shows none."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        for name, message in errors.items():
            self.add_error(name, message)

    def unseen_errors(self) -> list[tuple[str, str]]:
        """Errors of the fields a person cannot see (the page's time, the honeypot),
        named, to be said at the top of the page."""
        return [
            (str(self[name].label), str(error))
            for name in ("started", "website")
            for error in self[name].errors
        ]

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.groups]

    def local_fields(self) -> list[forms.BoundField]:
        return [self[q.code] for q in self.local]

    def respondent_fields(self) -> list[forms.BoundField]:
        return [self[f"r-{p['code']}"] for p in self.questionnaire.content["respondent"]]
