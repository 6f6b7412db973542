from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import Counter, District, Organisation, Province, ServiceCentre


class OrganisationForm(forms.ModelForm):
    """The full form, for OPS PMO administrators."""

    class Meta:
        model = Organisation
        fields = [
            "code",
            "name_th",
            "name_en",
            "kind",
            "lao_type",
            "parent",
            "province",
            "district",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Organisation.objects.order_by("name_th")  # type: ignore[attr-defined]
        self.fields["province"].queryset = Province.objects.order_by("name_th")  # type: ignore[attr-defined]
        self.fields["district"].queryset = District.objects.select_related("province")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        parent = data.get("parent")
        province = data.get("province")
        district = data.get("district")
        Kind = Organisation.Kind
        if parent and self.instance.pk and parent.is_within(self.instance):
            self.add_error(
                "parent", _("An organisation cannot be supervised by itself or its own unit.")
            )
        if kind == Kind.LOCAL_GOVERNMENT and not data.get("lao_type"):
            self.add_error("lao_type", _("Choose the type of local government."))
        if kind != Kind.LOCAL_GOVERNMENT and data.get("lao_type"):
            self.add_error("lao_type", _("Only a local government has a local government type."))
        if kind in (Kind.PROVINCE, Kind.PROVINCIAL_OFFICE) and not province:
            self.add_error("province", _("A province or provincial office needs its province."))
        if kind in (Kind.DISTRICT, Kind.DISTRICT_OFFICE) and not district:
            self.add_error("district", _("A district or district office needs its district."))
        if district and province and district.province_id != province.pk:
            self.add_error(
                "district",
                _("District %(district)s is not in province %(province)s.")
                % {"district": district, "province": province},
            )
        if district and not province:
            data["province"] = district.province
        return data


class OrganisationDetailsForm(forms.ModelForm):
    """What a unit administrator may change about their own organisation."""

    class Meta:
        model = Organisation
        fields = ["name_th", "name_en"]


class ServiceCentreForm(forms.ModelForm):
    class Meta:
        model = ServiceCentre
        fields = ["name_th", "name_en", "address", "phone", "is_active"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class CounterForm(forms.ModelForm):
    class Meta:
        model = Counter
        fields = ["number", "name_th", "name_en", "is_active"]

    def __init__(self, *args: Any, centre: ServiceCentre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.centre = centre

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        taken = Counter.objects.filter(centre=self.instance.centre, number=number)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This centre already has counter %(n)s."), params={"n": number}
            )
        return number


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or code"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organisation.Kind.choices]
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=Province.objects.all(),
        empty_label=_("All provinces"),
    )
