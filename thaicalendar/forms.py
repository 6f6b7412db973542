from datetime import date
from typing import Any

from django import forms

from thaicalendar.dates import parse_date


class ThaiDateField(forms.CharField):
    """A date typed the way Thai offices write it (22/6/2565, ๒๒ มิ.ย. ๖๕ …)."""

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
