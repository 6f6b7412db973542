"""Template filters for Thai dates; installed as a template builtin in settings.

``thaidate``, ``thaidate_short`` and ``thaidatetime`` follow the active language
(Thai with BE years, English with CE years); ``thai_official_date`` is always Thai
with Thai digits. Every filter renders None (or "") as "".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django import template
from django.utils.translation import get_language

from thaicalendar import dates

register = template.Library()


def _lang() -> str:
    language = (get_language() or "th").lower()
    return "en" if language.split("-")[0] == "en" else "th"


@register.filter
def thaidate(value: date | None) -> str:
    """Long date in the active language: "22 มิถุนายน 2565" or "22 June 2022"."""
    # Dates are always truthy, so this only catches None and "".
    if not value:
        return ""
    return dates.format_date(value, lang=_lang())


@register.filter
def thaidate_short(value: date | None) -> str:
    """Short date in the active language: "22 มิ.ย. 65" or "22 Jun 2022"."""
    if not value:
        return ""
    return dates.format_date(value, style="short", lang=_lang())


@register.filter
def thaidatetime(value: date | None) -> str:
    """Date and Bangkok time in the active language; a plain date shows as thaidate."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return dates.format_date(value, lang=_lang())
    return dates.format_datetime(value, lang=_lang())


@register.filter(is_safe=True)
def thaidigits(value: object) -> str:
    """Replace 0-9 with Thai digits ๐-๙."""
    if value is None or value == "":
        return ""
    return dates.thai_digits(value)


@register.filter
def thai_official_date(value: date | None) -> str:
    """Long Thai date with Thai digits for official documents: "๒๒ มิถุนายน ๒๕๖๕"."""
    if not value:
        return ""
    return dates.format_date(value, digits="thai", lang="th")


@register.filter
def thai_official_datetime(value: datetime | None) -> str:
    """Thai date and Bangkok time with Thai digits: "๒๒ มิถุนายน ๒๕๖๕ เวลา ๐๙:๐๕ น."."""
    if not value:
        return ""
    return dates.format_datetime(value, digits="thai", lang="th")


@register.filter
def duration_words(value: timedelta | None) -> str:
    """A length of time in days and hours in the active language ("2 วัน 3 ชั่วโมง")."""
    if value is None:
        return ""
    return dates.format_duration(value, lang=_lang())


@register.filter
def fiscal_year(value: date | None) -> int | str:
    """Thai fiscal year (BE) of a date or aware datetime."""
    if not value:
        return ""
    return dates.fiscal_year(value)
