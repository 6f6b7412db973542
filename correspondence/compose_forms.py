"""Forms of the letter editor, the letterhead and the emblem. They parse what is posted;
the rules live in correspondence/drafting.py and the models."""

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from correspondence.models import Letter, Question
from registry.models import Organisation
from saduak.http import parse_id
from saduak.problems import Problem
from thaicalendar.forms import ThaiDateField

DATE_HELP = _("e.g. 22/6/2565")


def show_problems(form: forms.Form, problems: list[Problem]) -> None:
    """A service's refusal shown on the form: beside its field where the form has one,
    above the form otherwise."""
    for problem in problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


class OrganisationChoice(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        # Through the one id parser first: a number no column holds is a wrong choice,
        # not a database error.
        if value in self.empty_values:
            return None
        if parse_id(str(value)) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)

    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name_th


class CampaignChoice(OrganisationChoice):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title_th)


class StartForm(forms.Form):
    sender = OrganisationChoice(
        label=_("Issuing organisation"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, senders: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sender"]
        assert isinstance(field, OrganisationChoice)
        field.queryset = senders


class DraftForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    kind = forms.ChoiceField(label=_("Kind of letter"), choices=Letter.Kind.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Letter.Urgency.choices, required=False)
    subject = forms.CharField(label=_("Subject (เรื่อง)"), max_length=300, required=False)
    salutation = forms.CharField(
        label=_("Salutation (เรียน)"),
        max_length=300,
        required=False,
        help_text=_("Whom the letter addresses, such as ผู้ว่าราชการจังหวัดปัตตานี."),
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("A blank line starts a new paragraph. Digits are printed in Thai."),
    )
    closing = forms.CharField(label=_("Closing"), max_length=100, required=False)
    signatory_name = forms.CharField(
        label=_("Signatory's name"),
        max_length=200,
        required=False,
        help_text=_("Printed in brackets under the signature, such as นายประยูร รัตนเสนีย์."),
    )
    signatory_position = forms.CharField(
        label=_("Signatory's position"), max_length=300, required=False
    )
    action = forms.ChoiceField(label=_("What recipients must do"), choices=Letter.Action.choices)
    due_date = ThaiDateField(label=_("Due date"), required=False, help_text=DATE_HELP)
    results_campaign = CampaignChoice(
        label=_("QR code of a campaign survey's results"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_(
            "Printed at the foot of the letter: the QR code and short address of the "
            "results of one of your organisation's campaign surveys. The address never "
            "changes; the page shows the results once they are published."
        ),
    )

    def __init__(self, *args: Any, sender: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["results_campaign"]
        assert isinstance(field, CampaignChoice)
        # The sender's own campaigns, in any state: the public address is drawn when
        # a campaign is created and never changes.
        field.queryset = Campaign.objects.filter(owner=sender).order_by("-created_at", "-pk")

    def draft_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "revision"}
        data["closing"] = data.get("closing") or "ขอแสดงความนับถือ"
        return data


class ReferenceForm(forms.Form):
    prefix = "ref"
    issuer = forms.CharField(
        label=_("Issued by"),
        max_length=300,
        help_text=_("The organisation, as printed after หนังสือ: กรมส่งเสริมการปกครองท้องถิ่น."),
    )
    number = forms.CharField(
        label=_("Letter number"),
        max_length=60,
        help_text=_("Such as มท 0810.7/ว 1408, in Thai or Arabic digits."),
    )
    date = ThaiDateField(label=_("Dated"), help_text=DATE_HELP)


class EnclosureForm(forms.Form):
    prefix = "enc"
    description = forms.CharField(
        label=_("Enclosure"),
        max_length=500,
        help_text=_("As it is printed: สำเนาหนังสือกระทรวงมหาดไทย … จำนวน 1 ชุด."),
    )
    file = forms.FileField(label=_("File"), required=False)


class QuestionForm(forms.Form):
    prefix = "q"
    label = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)


class LetterheadForm(forms.Form):
    letter_code = forms.CharField(
        label=_("Letter code"),
        max_length=40,
        help_text=_("The code before the number on every letter, such as มท 0810.7."),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed under the emblem, on the right of the letter."),
    )
    contact = forms.CharField(
        label=_("Contact unit and telephone"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed at the foot of the first page, such as กองคลัง โทร. 0-2241-9000."),
    )


class EmblemForm(forms.Form):
    image = forms.FileField(label=_("Emblem image"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _("A PNG or JPEG picture of at most %(size)s MB.") % {
            "size": settings.EMBLEM_MAX_BYTES // (1024 * 1024)
        }
