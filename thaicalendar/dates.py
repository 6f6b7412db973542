"""Thai dates: Buddhist-Era years, month names, Thai digits, fiscal years,
reporting rounds and a forgiving parser for dates as Thai people type them.

Every calendar decision is taken in Asia/Bangkok, whatever the server's
TIME_ZONE: a Thai government date is a Bangkok date, so an aware datetime is
always converted to Bangkok before its day is read. Naive datetimes are refused.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, gettext

__all__ = [
    "BANGKOK",
    "BE_OFFSET",
    "ENGLISH_MONTHS",
    "ENGLISH_MONTHS_SHORT",
    "THAI_MONTHS",
    "THAI_MONTHS_SHORT",
    "Round",
    "arabic_digits",
    "bangkok_now",
    "bangkok_today",
    "be_year",
    "ce_year",
    "deadline_moment",
    "fiscal_year",
    "fiscal_year_bounds",
    "format_date",
    "format_datetime",
    "local_date",
    "parse_date",
    "round_for",
    "rounds",
    "thai_digits",
]

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543

# Month tuples hold 12 names: the name of month m is NAMES[m - 1].
THAI_MONTHS: tuple[str, ...] = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT: tuple[str, ...] = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ENGLISH_MONTHS_SHORT: tuple[str, ...] = tuple(name[:3] for name in ENGLISH_MONTHS)

Style = Literal["long", "short", "numeric"]
Digits = Literal["arabic", "thai"]

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")

# Four-digit years from here on are Buddhist Era; below it, Common Era.
# BE 2400 is CE 1857 and CE 2400 is far away, so the ranges cannot collide in practice.
_BE_THRESHOLD = 2400


# --- years and digits -------------------------------------------------------


def be_year(ce_year: int) -> int:
    """Return the Buddhist-Era year for a Common-Era year (BE = CE + 543)."""
    return ce_year + BE_OFFSET


def ce_year(be_year: int) -> int:
    """Return the Common-Era year for a Buddhist-Era year (CE = BE - 543)."""
    return be_year - BE_OFFSET


def thai_digits(value: object) -> str:
    """Return ``str(value)`` with the digits 0-9 replaced by ๐-๙."""
    return str(value).translate(_TO_THAI)


def arabic_digits(text: str) -> str:
    """Return ``text`` with the Thai digits ๐-๙ replaced by 0-9."""
    return text.translate(_TO_ARABIC)


# --- Bangkok time -----------------------------------------------------------


def bangkok_now() -> datetime:
    """Return the current moment as an aware datetime in Asia/Bangkok."""
    # Going through timezone.now() keeps this freezable by the usual test tools.
    return timezone.now().astimezone(BANGKOK)


def bangkok_today() -> date:
    """Return today's date in Asia/Bangkok."""
    return bangkok_now().date()


def local_date(dt: datetime) -> date:
    """Return the Asia/Bangkok calendar date of an aware datetime."""
    if not isinstance(dt, datetime):
        raise TypeError(f"local_date() needs a datetime, not {type(dt).__name__}")
    return _to_bangkok(dt).date()


def local_datetime(dt: datetime) -> datetime:
    """The same moment on Bangkok's clock (an aware datetime)."""
    return _to_bangkok(dt)


def _to_bangkok(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"Naive datetime {dt!r}: only timezone-aware datetimes are allowed")
    return dt.astimezone(BANGKOK)


def _as_date(value: date) -> date:
    # datetime is a subclass of date, so it has to be checked first.
    if isinstance(value, datetime):
        return _to_bangkok(value).date()
    if isinstance(value, date):
        return value
    raise TypeError(f"Expected a date or datetime, not {type(value).__name__}")


# --- formatting -------------------------------------------------------------


def _language(lang: str) -> str:
    base = lang.replace("_", "-").split("-")[0].lower()
    if base not in ("th", "en"):
        raise ValueError(f"Unsupported language {lang!r}; use 'th' or 'en'")
    return base


def _format_day(day: date, style: str, lang: str) -> str:
    index = day.month - 1
    if lang == "th":
        year = be_year(day.year)
        if style == "long":
            return f"{day.day} {THAI_MONTHS[index]} {year}"
        if style == "short":
            return f"{day.day} {THAI_MONTHS_SHORT[index]} {year % 100:02d}"
    else:
        year = day.year
        if style == "long":
            return f"{day.day} {ENGLISH_MONTHS[index]} {year}"
        if style == "short":
            return f"{day.day} {ENGLISH_MONTHS_SHORT[index]} {year}"
    if style == "numeric":
        return f"{day.day}/{day.month}/{year}"
    raise ValueError(f"Unknown style {style!r}; use 'long', 'short' or 'numeric'")


def _apply_digits(text: str, digits: str) -> str:
    if digits == "arabic":
        return text
    if digits == "thai":
        return thai_digits(text)
    raise ValueError(f"Unknown digits {digits!r}; use 'arabic' or 'thai'")


def format_date(
    d: date, *, style: Style = "long", digits: Digits = "arabic", lang: str = "th"
) -> str:
    """Format a date (or an aware datetime, read in Bangkok) for display.

    Thai (``lang="th"``) uses Buddhist-Era years, English (``"en"``) Common-Era years:
    ``long`` "22 มิถุนายน 2565" / "22 June 2022", ``short`` "22 มิ.ย. 65" / "22 Jun 2022",
    ``numeric`` "22/6/2565" / "22/6/2022". ``digits="thai"`` gives "๒๒ มิถุนายน ๒๕๖๕".
    Raises ValueError for a naive datetime.
    """
    text = _format_day(_as_date(d), style, _language(lang))
    return _apply_digits(text, digits)


def format_datetime(
    dt: datetime, *, style: Style = "long", digits: Digits = "arabic", lang: str = "th"
) -> str:
    """Format an aware datetime in Bangkok time, e.g. "22 มิถุนายน 2565 เวลา 09:05 น."

    English gives "22 June 2022, 09:05". Raises ValueError for a naive datetime.
    """
    if not isinstance(dt, datetime):
        raise TypeError(f"format_datetime() needs a datetime, not {type(dt).__name__}")
    local = _to_bangkok(dt)
    language = _language(lang)
    day_text = _format_day(local.date(), style, language)
    clock = f"{local:%H:%M}"
    text = f"{day_text} เวลา {clock} น." if language == "th" else f"{day_text}, {clock}"
    return _apply_digits(text, digits)


def format_duration(length: timedelta, *, lang: str = "th") -> str:
    """Days, hours and minutes, the largest two that are not zero: "2 วัน 3 ชั่วโมง",
    "45 minutes". Used to say how late a report was."""
    minutes = int(length.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    words = _in_words([days, hours, minutes], ["day", "hour", "minute"], lang)
    if words.startswith("0 ") and length > timedelta(0):  # late by seconds is still late
        return "ไม่ถึง 1 นาที" if _language(lang) == "th" else "less than a minute"
    return words


_UNITS_TH = {"year": "ปี", "month": "เดือน", "day": "วัน", "hour": "ชั่วโมง", "minute": "นาที"}


def _in_words(counts: list[int], units: list[str], lang: str) -> str:
    """The largest two counts that are not zero, with their units ("2 วัน 3 ชั่วโมง",
    "1 year 2 months"); "0" of the smallest unit when all are zero."""
    thai = _language(lang) == "th"

    def name(n: int, unit: str) -> str:
        return _UNITS_TH[unit] if thai else (unit if n == 1 else unit + "s")

    parts = [f"{n} {name(n, unit)}" for n, unit in zip(counts, units, strict=True) if n][:2]
    return " ".join(parts) or f"0 {name(0, units[-1])}"


def format_span(start: date, end: date, *, lang: str = "th") -> str:
    """The calendar time from one date to a later one, in its largest two units of
    years, months and days: "1 ปี 2 เดือน", "3 days". A report overdue for years reads
    as years, not as 1,693 days."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    anniversary = _add_months(start, months)
    days = (end - anniversary).days
    years, months = divmod(months, 12)
    return _in_words([years, months, days], ["year", "month", "day"], lang)


def _add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or the month's last day if it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


# --- fiscal years and rounds ------------------------------------------------


def fiscal_year(d: date) -> int:
    """Return the Thai fiscal year (BE) of a date or aware datetime.

    A fiscal year runs 1 October – 30 September and is named by the BE year in which
    it ends, so 1 Oct 2021 – 30 Sep 2022 is FY 2565. A datetime counts by its Bangkok date.
    """
    day = _as_date(d)
    return be_year(day.year) + (1 if day.month >= 10 else 0)


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """Return the first and last day of fiscal year ``fy`` (BE), both inclusive."""
    end_year = ce_year(fy)
    return date(end_year - 1, 10, 1), date(end_year, 9, 30)


@dataclass(frozen=True)
class Round:
    """A reporting round: the period it covers and the last day to report on it."""

    fiscal_year: int
    months: int
    start: date
    end: date
    deadline: date

    @property
    def name_th(self) -> str:
        """Thai name, e.g. "รอบ 6 เดือน ปีงบประมาณ 2565"."""
        return f"รอบ {self.months} เดือน ปีงบประมาณ {self.fiscal_year}"

    @property
    def name_en(self) -> str:
        """English name, e.g. "6-month round, fiscal year 2565 (2022)"."""
        return (
            f"{self.months}-month round, fiscal year {self.fiscal_year} "
            f"({ce_year(self.fiscal_year)})"
        )

    @property
    def name(self) -> str:
        """The name in the active language (English for "en", Thai otherwise)."""
        return self.name_en if _active_language() == "en" else self.name_th


def _active_language() -> str:
    try:
        return _language(get_language() or "th")
    except ValueError:
        return "th"


def rounds(fy: int, *, deadline_days: int | None = None) -> tuple[Round, Round]:
    """Return the 6-month and 12-month rounds of fiscal year ``fy`` (BE).

    The 6-month round covers 1 Oct – 31 Mar, the 12-month round 1 Oct – 30 Sep.
    Each deadline is ``deadline_days`` after the round's end, by default
    ``settings.ROUND_DEADLINE_DAYS``.
    """
    days = settings.ROUND_DEADLINE_DAYS if deadline_days is None else deadline_days
    if days < 0:
        raise ValueError(f"deadline_days must not be negative, got {days}")
    start, end = fiscal_year_bounds(fy)
    half_end = date(ce_year(fy), 3, 31)
    grace = timedelta(days=days)
    return (
        Round(fy, 6, start, half_end, half_end + grace),
        Round(fy, 12, start, end, end + grace),
    )


def round_for(fy: int, months: int, *, deadline_days: int | None = None) -> Round:
    """Return the ``months``-month round (6 or 12) of fiscal year ``fy`` (BE)."""
    six, twelve = rounds(fy, deadline_days=deadline_days)
    if months == 6:
        return six
    if months == 12:
        return twelve
    raise ValueError(f"A round lasts 6 or 12 months, not {months}")


class HasDeadline(Protocol):
    @property
    def deadline(self) -> date: ...


def deadline_moment(rnd: HasDeadline) -> datetime:
    """Return the last instant of the round's deadline day in Bangkok (23:59:59.999999).

    Anything submitted after this aware datetime is late.
    """
    return datetime.combine(rnd.deadline, time.max, tzinfo=BANGKOK)


# --- parsing ----------------------------------------------------------------


def _month_key(name: str) -> str:
    return re.sub(r"[\s.,]", "", name).lower()


_MONTHS_BY_NAME: dict[str, int] = {
    _month_key(name): number
    for names in (THAI_MONTHS, THAI_MONTHS_SHORT, ENGLISH_MONTHS, ENGLISH_MONTHS_SHORT)
    for number, name in enumerate(names, start=1)
}
_MONTHS_BY_NAME["sept"] = 9

_ERA_MARKS = {"พศ": "be", "คศ": "ce"}
# Thai text has no spaces between words, so editors often slip in invisible
# zero-width characters; they must not make a date unreadable.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_DAY_FIRST = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d+)")
_DAY_FIRST_SPACED = re.compile(r"(\d{1,2}) (\d{1,2}) (\d+)")
_YEAR_FIRST = re.compile(r"(\d{4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,2})")
_NAMED = re.compile(r"(\d{1,2})\s*([^\d]+?)\s*(\d+)")


class _Unreadable(Exception):
    pass


def _resolve_year(raw: str, era: str | None) -> int:
    # Length first: int() of thousands of digits fails with Python's own message.
    if len(raw) not in (2, 4) or (len(raw) == 2 and era == "ce"):
        raise _Unreadable
    number = int(raw)
    if len(raw) == 2:
        return ce_year(2500 + number)
    if era == "be" or (era is None and number >= _BE_THRESHOLD):
        return ce_year(number)
    return number


def _split(text: str) -> tuple[int, int, int]:
    """Return (day, month, CE year) read from normalised text."""
    if match := _YEAR_FIRST.fullmatch(text):
        year, _sep, month, day = match.groups()
        return int(day), int(month), _resolve_year(year, None)
    if match := _DAY_FIRST.fullmatch(text):
        day, _sep, month, year = match.groups()
        return int(day), int(month), _resolve_year(year, None)
    if match := _DAY_FIRST_SPACED.fullmatch(text):
        day, month, year = match.groups()
        return int(day), int(month), _resolve_year(year, None)
    if match := _NAMED.fullmatch(text):
        day, name, year = match.groups()
        key = _month_key(name)
        era = None
        for mark, mark_era in _ERA_MARKS.items():
            if key.endswith(mark):
                key, era = key.removesuffix(mark), mark_era
        if key in _MONTHS_BY_NAME:
            return int(day), _MONTHS_BY_NAME[key], _resolve_year(year, era)
    raise _Unreadable


def parse_date(text: str) -> date:
    """Read a date typed by a Thai user; raise ValueError with a translated message.

    Accepted: "22/6/2565", "22-06-2565", "22.6.2565", "22 6 2565", "22/6/65",
    "22 มิถุนายน 2565", "22 มิ.ย. 65", "22 มิย 65", "วันที่ 22 มิถุนายน พ.ศ. 2565",
    "22 June 2022", "22 Jun 2022" and ISO "2022-06-22"; Thai digits anywhere and
    any spacing. Year rules: 2 digits are BE 25YY; 4 digits are BE when >= 2400 and
    CE below that (so ISO dates are CE); "พ.ศ."/"ค.ศ." before the year force the era.
    """
    shown = text.strip()
    normalised = " ".join(arabic_digits(text).translate(_INVISIBLE).split())
    normalised = normalised.removeprefix("วันที่").strip()
    try:
        day, month, year = _split(normalised)
    except _Unreadable:
        raise ValueError(
            gettext("Cannot read the date “%(text)s”. Write it like 22/6/2565 or 22 มิถุนายน 2565.")
            % {"text": shown}
        ) from None
    if not 1 <= month <= 12:
        raise ValueError(
            gettext("The month in “%(text)s” must be between 1 and 12.") % {"text": shown}
        )
    if not 1 <= year <= 9999:
        raise ValueError(gettext("The year in “%(text)s” is out of range.") % {"text": shown})
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        lang = _active_language()
        month_name = (ENGLISH_MONTHS if lang == "en" else THAI_MONTHS)[month - 1]
        shown_year = year if lang == "en" else be_year(year)
        raise ValueError(
            gettext("The date “%(text)s” does not exist: %(month)s has %(days)d days.")
            % {"text": shown, "month": f"{month_name} {shown_year}", "days": days_in_month}
        )
    return date(year, month, day)
