from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaicalendar import dates
from thaicalendar.dates import (
    BANGKOK,
    ENGLISH_MONTHS,
    ENGLISH_MONTHS_SHORT,
    THAI_MONTHS,
    THAI_MONTHS_SHORT,
    arabic_digits,
    bangkok_now,
    bangkok_today,
    be_year,
    ce_year,
    format_date,
    format_datetime,
    local_date,
    thai_digits,
)

JUNE_22 = date(2022, 6, 22)


def test_month_tables():
    assert len(THAI_MONTHS) == len(THAI_MONTHS_SHORT) == 12
    assert THAI_MONTHS[0] == "มกราคม"
    assert THAI_MONTHS[5] == "มิถุนายน"
    assert THAI_MONTHS[11] == "ธันวาคม"
    assert THAI_MONTHS_SHORT == (
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
    assert ENGLISH_MONTHS[8] == "September"
    assert ENGLISH_MONTHS_SHORT[8] == "Sep"


def test_be_and_ce_years():
    assert be_year(2022) == 2565
    assert ce_year(2565) == 2022
    assert be_year(1957) == 2500


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_year_conversion_round_trip(year):
    assert ce_year(be_year(year)) == year
    assert be_year(year) - year == 543


def test_thai_digits():
    assert thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"
    assert thai_digits(2565) == "๒๕๖๕"
    assert thai_digits(4.5) == "๔.๕"
    assert thai_digits("เลขที่ 12/3 หมู่ 4") == "เลขที่ ๑๒/๓ หมู่ ๔"
    assert arabic_digits("๒๒ มิ.ย. ๖๕") == "22 มิ.ย. 65"
    assert arabic_digits("no digits") == "no digits"


@given(st.text())
def test_digit_conversion_round_trip(text):
    thai = thai_digits(text)
    assert not any(ch in "0123456789" for ch in thai)
    assert thai_digits(arabic_digits(thai)) == thai
    assert arabic_digits(thai) == arabic_digits(text)
    # Text without Thai digits comes back unchanged.
    plain = arabic_digits(text)
    assert arabic_digits(thai_digits(plain)) == plain


@given(st.integers())
def test_thai_digits_of_integers_round_trip(number):
    assert int(arabic_digits(thai_digits(number))) == number


@pytest.mark.parametrize(
    ("style", "lang", "expected"),
    [
        ("long", "th", "22 มิถุนายน 2565"),
        ("short", "th", "22 มิ.ย. 65"),
        ("numeric", "th", "22/6/2565"),
        ("long", "en", "22 June 2022"),
        ("short", "en", "22 Jun 2022"),
        ("numeric", "en", "22/6/2022"),
        ("long", "en-us", "22 June 2022"),
        ("long", "th-TH", "22 มิถุนายน 2565"),
    ],
)
def test_format_date_styles(style, lang, expected):
    assert format_date(JUNE_22, style=style, lang=lang) == expected


def test_format_date_defaults_to_long_thai():
    assert format_date(JUNE_22) == "22 มิถุนายน 2565"


def test_format_date_thai_digits():
    assert format_date(JUNE_22, digits="thai") == "๒๒ มิถุนายน ๒๕๖๕"
    assert format_date(JUNE_22, style="short", digits="thai") == "๒๒ มิ.ย. ๖๕"
    assert format_date(JUNE_22, style="numeric", digits="thai") == "๒๒/๖/๒๕๖๕"
    assert format_date(JUNE_22, lang="en", digits="thai") == "๒๒ June ๒๐๒๒"


def test_short_style_pads_two_digit_year():
    # BE 2500 is CE 1957 and BE 2605 is CE 2062.
    assert format_date(date(1957, 1, 5), style="short") == "5 ม.ค. 00"
    assert format_date(date(2062, 12, 31), style="short") == "31 ธ.ค. 05"


def test_format_date_converts_aware_datetime_to_bangkok():
    evening_utc = datetime(2022, 6, 21, 17, 30, tzinfo=UTC)
    assert format_date(evening_utc) == "22 มิถุนายน 2565"
    assert format_date(evening_utc, lang="en") == "22 June 2022"
    assert format_date(datetime(2022, 6, 21, 16, 59, tzinfo=UTC)) == "21 มิถุนายน 2565"
    new_york = timezone(timedelta(hours=-4))
    assert format_date(datetime(2022, 6, 21, 13, 0, tzinfo=new_york)) == "22 มิถุนายน 2565"


def test_format_date_rejects_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        format_date(datetime(2022, 6, 22, 9, 5))


@pytest.mark.parametrize(
    "kwargs",
    [{"style": "iso"}, {"digits": "roman"}, {"lang": "fr"}],
)
def test_format_date_rejects_unknown_options(kwargs):
    with pytest.raises(ValueError):
        format_date(JUNE_22, **kwargs)


def test_format_date_rejects_non_dates():
    with pytest.raises(TypeError):
        format_date("2022-06-22")  # type: ignore[arg-type]


def test_format_datetime():
    moment = datetime(2022, 6, 22, 2, 5, tzinfo=UTC)
    assert format_datetime(moment) == "22 มิถุนายน 2565 เวลา 09:05 น."
    assert format_datetime(moment, lang="en") == "22 June 2022, 09:05"
    assert format_datetime(moment, style="short") == "22 มิ.ย. 65 เวลา 09:05 น."
    assert format_datetime(moment, style="numeric", lang="en") == "22/6/2022, 09:05"
    assert format_datetime(moment, digits="thai") == "๒๒ มิถุนายน ๒๕๖๕ เวลา ๐๙:๐๕ น."


def test_format_datetime_crosses_midnight_into_bangkok_day():
    moment = datetime(2022, 6, 21, 17, 30, tzinfo=UTC)
    assert format_datetime(moment) == "22 มิถุนายน 2565 เวลา 00:30 น."
    assert format_datetime(moment.astimezone(BANGKOK)) == "22 มิถุนายน 2565 เวลา 00:30 น."


def test_format_datetime_rejects_naive_and_plain_dates():
    with pytest.raises(ValueError):
        format_datetime(datetime(2022, 6, 22, 9, 5))
    with pytest.raises(TypeError):
        format_datetime(JUNE_22)  # type: ignore[arg-type]


def test_local_date():
    assert local_date(datetime(2022, 6, 21, 17, 0, tzinfo=UTC)) == date(2022, 6, 22)
    assert local_date(datetime(2022, 6, 21, 16, 59, 59, tzinfo=UTC)) == date(2022, 6, 21)
    with pytest.raises(ValueError):
        local_date(datetime(2022, 6, 22))
    with pytest.raises(TypeError):
        local_date(JUNE_22)  # type: ignore[arg-type]


@given(st.datetimes(timezones=st.just(UTC)))
def test_local_date_is_seven_hours_ahead_after_1920(moment):
    # Bangkok has been a fixed UTC+7 since 1 April 1920 (local mean time before that).
    if moment.year < 1921 or moment.year > 9998:
        return
    assert local_date(moment) == (moment + timedelta(hours=7)).date()


def test_bangkok_now_and_today():
    now = bangkok_now()
    assert now.utcoffset() == timedelta(hours=7)
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=1)
    assert bangkok_today() in {
        (datetime.now(UTC) + timedelta(hours=7)).date(),
        now.date(),
    }


@pytest.mark.parametrize(
    ("start", "end", "th", "en"),
    [
        (date(2022, 4, 15), date(2022, 4, 16), "1 วัน", "1 day"),
        (date(2022, 4, 15), date(2022, 5, 14), "29 วัน", "29 days"),
        (date(2022, 4, 15), date(2022, 5, 15), "1 เดือน", "1 month"),
        (date(2022, 1, 31), date(2022, 2, 28), "28 วัน", "28 days"),
        (date(2022, 1, 31), date(2022, 3, 1), "1 เดือน 1 วัน", "1 month 1 day"),
        (date(2022, 4, 15), date(2026, 12, 3), "4 ปี 7 เดือน", "4 years 7 months"),
        (date(2024, 2, 29), date(2025, 2, 28), "11 เดือน 30 วัน", "11 months 30 days"),
        (date(2022, 4, 15), date(2022, 4, 15), "0 วัน", "0 days"),
    ],
)
def test_spans_of_calendar_time_in_words(start: date, end: date, th: str, en: str) -> None:
    assert dates.format_span(start, end) == th
    assert dates.format_span(start, end, lang="en") == en
