from typing import Any

from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from oversight.models import TARGET_KINDS
from registry.models import Organisation


class ScopeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_kind_display()})"


def target_scopes() -> "QuerySet[Organisation]":
    """The organisations a target can be set for: ministries first, then departments,
    provinces and districts, each by name."""
    return (
        Organisation.objects.filter(kind__in=TARGET_KINDS, is_active=True)
        .annotate(
            rank=Case(
                *[When(kind=kind, then=Value(n)) for n, kind in enumerate(TARGET_KINDS)],
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "name_th")
    )


class TargetForm(forms.Form):
    """A scope's target for the current or the next fiscal year."""

    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int)
    organisation = ScopeChoiceField(
        label=_("Scope"),
        queryset=target_scopes(),
        required=False,
        empty_label=_("The nation"),
        help_text=_("The nation, a ministry, a department, a province or a district."),
    )
    certified = forms.IntegerField(
        label=_("Centres certified by the end of the year"), min_value=0, max_value=100000
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["fiscal_year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, str(y)) for y in years]
