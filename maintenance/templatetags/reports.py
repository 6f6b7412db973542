from datetime import date
from typing import Any

from django import forms, template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maintenance.models import Answer, Report
from survey.selectors import LeftOut, ReportFigure, report_rows
from thaicalendar.dates import format_span

register = template.Library()


@register.filter
def satisfaction_rows(values: dict[str, Any]) -> list[ReportFigure]:
    """A version's frozen satisfaction figures as lines to show (survey.selectors)."""
    return report_rows(values)


@register.filter
def left_out_when_sent(values: dict[str, Any]) -> LeftOut | None:
    """The answers the survey left out of a version's figures, frozen when it was sent;
    None for figures the centre typed, and for versions sent before they were kept."""
    record = values.get("left_out")
    if values.get("source") != Report.Source.SURVEY or not isinstance(record, dict):
        return None
    return LeftOut.from_record(record)


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
    if not report.overdue_by(today):
        return ""
    span = format_span(report.round.deadline, today, lang=get_language() or "th")
    return _("overdue by %(span)s") % {"span": span}
