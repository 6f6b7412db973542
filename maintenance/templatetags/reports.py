from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms, template
from django.utils.translation import ngettext

from maintenance.models import Answer, Report

register = template.Library()


@register.filter
def percent_of_mean(mean: Any) -> str:
    """DOMAIN.md §3: a 5-level mean shown as a percentage, mean × 20 (4.6375 → 92.75)."""
    try:
        return f"{Decimal(str(mean)) * 20:.2f}"
    except (InvalidOperation, ValueError):
        return ""


@register.filter
def answer_label(value: str) -> str:
    return str(dict(Answer.Value.choices).get(value, "–"))


@register.filter
def review_field(form: forms.Form, code: str) -> forms.BoundField:
    return form[f"item-{code}"]


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def overdue(report: Report, today: date) -> str:
    """ "เกินกำหนด 3 วัน" for a report not sent past its deadline (the rule is
    Report.overdue_by); "" otherwise."""
    days = report.overdue_by(today)
    if not days:
        return ""
    return ngettext("overdue by %(n)s day", "overdue by %(n)s days", days) % {"n": days}
