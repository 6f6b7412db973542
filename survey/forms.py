from collections.abc import Mapping
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
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "maxlength": COMMENT_LIMIT, "aria-describedby": "comment_help"}
        ),
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
            self.fields[question.code] = forms.ChoiceField(
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
            str(q.pk): int(self.cleaned_data[q.code])
            for q in self.local
            if self.cleaned_data.get(q.code)
        }

    def respondent(self) -> dict[str, str]:
        parts = self.questionnaire.content["respondent"]
        return {
            p["code"]: self.cleaned_data[f"r-{p['code']}"]
            for p in parts
            if self.cleaned_data.get(f"r-{p['code']}")
        }

    def answer(self) -> dict[str, Any]:
        """The valid form's answer, as `quick_answer` reads it."""
        return {
            "scores": self.scores(),
            "local_scores": self.local_scores(),
            "respondent": self.respondent(),
            "comment": self.cleaned_data["comment"].strip(),
            "started": self.cleaned_data["started"],
            "website": self.cleaned_data["website"],
        }

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.groups]

    def local_fields(self) -> list[forms.BoundField]:
        return [self[q.code] for q in self.local]

    def respondent_fields(self) -> list[forms.BoundField]:
        return [self[f"r-{p['code']}"] for p in self.questionnaire.content["respondent"]]


_layouts: dict[str, tuple[list[str], dict[str, frozenset[str]]]] = {}


def _layout(questionnaire: Questionnaire) -> tuple[list[str], dict[str, frozenset[str]]]:
    """The version's scored items, and the codes each respondent question allows; kept
    per content (a stored version never changes)."""
    found = _layouts.get(questionnaire.content_hash)
    if found is None:
        parts = {
            f"r-{p['code']}": frozenset(c["code"] for c in p["choices"])
            for p in questionnaire.content["respondent"]
        }
        found = _layouts[questionnaire.content_hash] = (questionnaire.item_codes, parts)
    return found


SCORES = frozenset("12345")


def quick_answer(
    data: Mapping[str, str], questionnaire: Questionnaire, local: Mapping[str, int]
) -> dict[str, Any] | None:
    """The answer of a form sent exactly as AnswerForm accepts it, read without building
    the form (the citizen's page at a national peak); None for anything else, which
    AnswerForm then judges and explains. `local` maps the codes of the centre's local
    questions asked now to their ids. Keys are those of the view's answer: scores,
    local_scores, respondent, comment, started, website."""
    free = [data.get(name, "") for name in ("comment", "started", "website")]
    if any("\x00" in value for value in free):
        return None  # AnswerForm refuses null characters in free text; let it say so
    codes, parts = _layout(questionnaire)
    scores = [data.get(code, "") for code in codes]
    if not all(score in SCORES for score in scores):
        return None
    respondent = {}
    for name, allowed in parts.items():
        value = data.get(name, "")
        if value and value not in allowed:
            return None
        if value:
            respondent[name[2:]] = value
    local_scores = {}
    for name, question_id in local.items():
        value = data.get(name, "")
        if value and value not in SCORES:
            return None
        if value:
            local_scores[str(question_id)] = int(value)
    comment = data.get("comment", "").strip().replace("\r\n", "\n")
    if len(comment) > COMMENT_LIMIT:
        return None
    return {
        "scores": "".join(scores),
        "local_scores": local_scores,
        "respondent": respondent,
        "comment": comment,
        "started": data.get("started", "").strip(),
        "website": data.get("website", "").strip(),
    }
