import calendar
from datetime import date

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from thaicalendar.dates import be_year, ce_year, format_date, parse_date

JUNE_22 = date(2022, 6, 22)

be_range_dates = st.dates(
    min_value=date(ce_year(2400), 1, 1), max_value=date(ce_year(2700), 12, 31)
)
# Four-digit years below 2400 read as CE, so English text round-trips for CE 1000-2399.
ce_range_dates = st.dates(min_value=date(1000, 1, 1), max_value=date(2399, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "22/6/2565",
        "22/06/2565",
        "22-06-2565",
        "22.6.2565",
        "22 6 2565",
        "22/6/65",
        "๒๒ มิ.ย. ๖๕",
        "๒๒/๖/๒๕๖๕",
        "22 มิถุนายน 2565",
        "22 มิ.ย. 2565",
        "22 มิ.ย. 65",
        "22 มิย 65",
        "22มิ.ย.65",
        "22 มิ. ย. 65",
        "22 มิถุนายน พ.ศ. 2565",
        "วันที่ 22 มิถุนายน 2565",
        "วันที่ ๒๒ มิถุนายน พ.ศ. ๒๕๖๕",
        "2022-06-22",
        "2022-6-22",
        "2565-06-22",
        "22/6/2022",
        "22 June 2022",
        "22 june, 2022",
        "22 Jun 2022",
        "22 มิถุนายน ค.ศ. 2022",
        "  22 / 6 / 2565  ",
        "22\u00a0มิถุนายน\u00a02565",
        "22\u200bมิถุนายน\u200b2565",
        "\t22\n/6/๒๕๖๕ ",
    ],
)
def test_parse_accepts_what_people_type(text):
    assert parse_date(text) == JUNE_22


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/1/00", date(1957, 1, 1)),
        ("31/12/99", date(2056, 12, 31)),
        ("1 ม.ค. 2400", date(1857, 1, 1)),
        ("31/12/2399", date(2399, 12, 31)),
        ("1/10/2564", date(2021, 10, 1)),
        ("30 ก.ย. 2565", date(2022, 9, 30)),
        ("1 ตค 64", date(2021, 10, 1)),
        ("5 Sept 2022", date(2022, 9, 5)),
    ],
)
def test_year_rules(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        *["", "   ", "hello", "22/6", "22/6/565", "22/6/25650", "22 มิถุนา 2565", "22/6-2565"],
        *["ค.ศ.", "22/6/" + "9" * 5000, "22 มิถุนายน " + "๙" * 5000, "22 June ค.ศ. 22"],
    ],
)
def test_unreadable_text(text):
    with translation.override("en"), pytest.raises(ValueError) as excinfo:
        parse_date(text)
    assert str(excinfo.value) == (
        f"Cannot read the date “{text.strip()}”. Write it like 22/6/2565 or 22 มิถุนายน 2565."
    )


def test_messages_are_translated_to_thai():
    with translation.override("th"), pytest.raises(ValueError) as excinfo:
        parse_date(" 22 มิถุ 2565 ")
    assert str(excinfo.value) == (
        "อ่านวันที่ “22 มิถุ 2565” ไม่ได้ กรุณาเขียนแบบ 22/6/2565 หรือ 22 มิถุนายน 2565"
    )
    with translation.override("th"), pytest.raises(ValueError) as excinfo:
        parse_date("31/2/2565")
    assert str(excinfo.value) == "ไม่มีวันที่ “31/2/2565” เพราะเดือนกุมภาพันธ์ 2565 มี 28 วัน"


@pytest.mark.parametrize("text", ["31/2/2565", "30 กุมภาพันธ์ 2565", "31/4/2565", "0/6/2565"])
def test_impossible_days(text):
    with translation.override("en"), pytest.raises(ValueError, match="does not exist"):
        parse_date(text)


def test_impossible_day_message_names_the_month():
    with translation.override("en"), pytest.raises(ValueError) as excinfo:
        parse_date("31/2/2565")
    assert str(excinfo.value) == "The date “31/2/2565” does not exist: February 2022 has 28 days."


@pytest.mark.parametrize("text", ["22/13/2565", "22/0/2565"])
def test_impossible_months(text):
    with translation.override("en"), pytest.raises(ValueError, match="must be between 1 and 12"):
        parse_date(text)


def test_year_out_of_range():
    with translation.override("en"), pytest.raises(ValueError, match="out of range"):
        parse_date("1/1/0000")


def test_leap_days_in_buddhist_era():
    assert parse_date("29/2/2567") == date(2024, 2, 29)
    assert parse_date("29 ก.พ. 67") == date(2024, 2, 29)
    assert parse_date("29/2/2543") == date(2000, 2, 29)
    for not_leap in ("29/2/2566", "29/2/2443", "29 ก.พ. 66"):
        with translation.override("en"), pytest.raises(ValueError, match="has 28 days"):
            parse_date(not_leap)


@given(st.integers(min_value=2400, max_value=2700))
def test_leap_day_valid_exactly_in_leap_years(be):
    text = f"29/2/{be}"
    if calendar.isleap(ce_year(be)):
        assert parse_date(text) == date(ce_year(be), 2, 29)
    else:
        with pytest.raises(ValueError):
            parse_date(text)


@given(
    be_range_dates,
    st.sampled_from(["long", "numeric"]),
    st.sampled_from(["arabic", "thai"]),
)
def test_thai_format_parse_round_trip(day, style, digits):
    assert parse_date(format_date(day, style=style, digits=digits)) == day


@given(
    st.dates(min_value=date(ce_year(2500), 1, 1), max_value=date(ce_year(2599), 12, 31)),
    st.sampled_from(["arabic", "thai"]),
)
def test_short_thai_round_trip_within_2500s(day, digits):
    assert parse_date(format_date(day, style="short", digits=digits)) == day


@given(
    ce_range_dates,
    st.sampled_from(["long", "short", "numeric"]),
    st.sampled_from(["arabic", "thai"]),
)
def test_english_format_parse_round_trip(day, style, digits):
    assert parse_date(format_date(day, style=style, digits=digits, lang="en")) == day


@given(be_range_dates)
def test_iso_round_trip(day):
    assert parse_date(day.isoformat()) == day


@given(be_range_dates)
def test_zero_padded_numeric_round_trip(day):
    text = f"{day.day:02d}-{day.month:02d}-{be_year(day.year)}"
    assert parse_date(text) == day
