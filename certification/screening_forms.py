"""Forms of document screening: the reason catalogue, assignment, and reading the
screener's judgement as posted."""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from certification.models import ApplicationVersion, ScreeningReason
from certification.screening import Judgement
from certification.screening_selectors import screeners
from registry.models import Organisation, Province
from saduak.http import parse_id, parse_ids


class ReasonForm(forms.ModelForm):
    class Meta:
        model = ScreeningReason
        fields = ["text_th", "text_en", "is_active"]


class FilterForm(forms.Form):
    """The assignment page's filters: which applications of the call are listed."""

    province = forms.ChoiceField(label=_("province"), required=False)
    kind = forms.ChoiceField(
        label=_("kind of organisation"),
        required=False,
        choices=[("", _("All kinds")), *Organisation.Kind.choices],
    )
    lao_type = forms.ChoiceField(
        label=_("local government type"),
        required=False,
        choices=[("", _("All types")), *Organisation.LaoType.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices rather than a lookup: a posted code is compared with the list, never
        # sent to the database (PostgreSQL refuses text holding a NUL byte).
        province = self.fields["province"]
        assert isinstance(province, forms.ChoiceField)
        province.choices = [
            ("", _("All provinces")),
            *Province.objects.order_by("name_th").values_list("code", "name_th"),
        ]

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {"province": "", "kind": "", "lao_type": ""}
        return {
            "province": self.cleaned_data["province"],
            "kind": self.cleaned_data["kind"],
            "lao_type": self.cleaned_data["lao_type"],
        }


class AssignForm(forms.Form):
    screener = forms.ModelChoiceField(
        screeners(),
        label=_("screener"),
        error_messages={
            "required": _("Choose the screener."),
            "invalid_choice": _("Choose an account that holds the document screener role."),
        },
    )
    scope = forms.ChoiceField(
        label=_("applications"),
        choices=[("selected", _("The applications ticked")), ("all", _("All that match"))],
        initial="selected",
    )
    applications = forms.TypedMultipleChoiceField(
        label=_("applications"), required=False, coerce=int, choices=[]
    )

    def __init__(self, *args: Any, choices: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        screener = self.fields["screener"]
        assert isinstance(screener, forms.ModelChoiceField)
        screener.queryset = screeners()
        applications = self.fields["applications"]
        assert isinstance(applications, forms.TypedMultipleChoiceField)
        applications.choices = [(pk, str(pk)) for pk in choices]
        self.fields["applications"].error_messages["invalid_choice"] = _(
            "An application ticked can no longer be assigned: reload the page."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == "selected" and not data.get("applications"):
            self.add_error("applications", _("Tick at least one application."))
        return data


def posted_judgements(post: QueryDict, criteria: list[Any]) -> dict[int, Any]:
    """The judgement of each criterion as posted: c<pk>-complete "yes" or "no",
    c<pk>-reasons (reason ids) and c<pk>-note. An id that cannot be one is dropped
    here and its item reads as not judged."""
    judgements: dict[int, Judgement] = {}
    for criterion in criteria:
        key = f"c{criterion.pk}"
        answer = post.get(f"{key}-complete", "")
        complete = {"yes": True, "no": False}.get(answer)
        reason_ids = parse_ids(post.getlist(f"{key}-reasons")) or []
        note = _text(post.get(f"{key}-note", ""))
        if complete is None and not reason_ids and not note:
            continue
        judgements[criterion.pk] = Judgement(complete=complete, reason_ids=reason_ids, note=note)
    return judgements


def posted_outcome(post: QueryDict) -> tuple[int | None, str, list[int], str]:
    """(version number, outcome, outcome reason ids, note) as posted."""
    number = parse_id(post.get("version", ""))
    outcome = post.get("outcome", "")
    if outcome not in ApplicationVersion.Outcome.values:
        outcome = ""
    reasons = parse_ids(post.getlist("reasons")) or []
    return number, outcome, reasons, _text(post.get("note", ""))


def _text(value: str) -> str:
    # A NUL byte is no character anyone types, and PostgreSQL refuses to store it. A
    # note too long is refused by the service, naming the item, never cut short.
    return value.replace("\x00", "")
