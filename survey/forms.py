from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from saduak.language import entry_text
from survey.models import LocalQuestion, Questionnaire

COMMENT_LIMIT = 2000


class AnswerForm(forms.Form):
    """The citizen's form, built from the questionnaire version in force and the
    centre's local questions. Every scored core item must be answered; the rest may be
    left out."""

    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_LIMIT})
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)
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
            self.fields[f"local-{question.pk}"] = forms.ChoiceField(
                label=question.text, choices=scale, widget=forms.RadioSelect, required=False
            )
        for part in content["respondent"]:
            choices = [("", "–"), *((c["code"], entry_text(c)) for c in part["choices"])]
            self.fields[f"r-{part['code']}"] = forms.ChoiceField(
                label=entry_text(part), choices=choices, required=False
            )
        self.fields["comment"].label = entry_text(content["comment"])

    def clean_comment(self) -> str:
        # Browsers count a line break as one character and send two (\r\n): count it
        # as the person's browser did.
        comment = str(self.cleaned_data.get("comment") or "").replace("\r\n", "\n")
        if len(comment) > COMMENT_LIMIT:
            raise forms.ValidationError(
                _("At most %(n)s characters, please."), params={"n": COMMENT_LIMIT}
            )
        return comment

    def scores(self) -> str:
        return "".join(self.cleaned_data.get(code) or "0" for code in self.questionnaire.item_codes)

    def local_scores(self) -> dict[str, int]:
        return {
            str(q.pk): int(self.cleaned_data[f"local-{q.pk}"])
            for q in self.local
            if self.cleaned_data.get(f"local-{q.pk}")
        }

    def respondent(self) -> dict[str, str]:
        parts = self.questionnaire.content["respondent"]
        return {
            p["code"]: self.cleaned_data[f"r-{p['code']}"]
            for p in parts
            if self.cleaned_data.get(f"r-{p['code']}")
        }

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.groups]

    def local_fields(self) -> list[forms.BoundField]:
        return [self[f"local-{q.pk}"] for q in self.local]

    def respondent_fields(self) -> list[forms.BoundField]:
        return [self[f"r-{p['code']}"] for p in self.questionnaire.content["respondent"]]
