import calendar
import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import override_settings
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from thaicalendar.dates import (
    BANGKOK,
    Round,
    be_year,
    ce_year,
    deadline_moment,
    fiscal_year,
    fiscal_year_bounds,
    round_for,
    rounds,
)

FIRST_BE, LAST_BE = 2400, 2700
ALL_CE_YEARS = range(ce_year(FIRST_BE), ce_year(LAST_BE) + 1)
wide_dates = st.dates(
    min_value=date(ALL_CE_YEARS[0], 1, 1), max_value=date(ALL_CE_YEARS[-1], 12, 31)
)
fiscal_years = st.integers(min_value=FIRST_BE + 1, max_value=LAST_BE)


def test_fiscal_year_examples():
    assert fiscal_year(date(2021, 9, 30)) == 2564
    assert fiscal_year(date(2021, 10, 1)) == 2565
    assert fiscal_year(date(2022, 6, 22)) == 2565
    assert fiscal_year(date(2022, 9, 30)) == 2565
    assert fiscal_year(date(2022, 10, 1)) == 2566


def test_fiscal_year_bounds_2565():
    assert fiscal_year_bounds(2565) == (date(2021, 10, 1), date(2022, 9, 30))


def test_fiscal_year_boundaries_every_year():
    for year in ALL_CE_YEARS:
        be = be_year(year)
        assert fiscal_year(date(year, 9, 30)) == be
        assert fiscal_year(date(year, 10, 1)) == be + 1
        # The calendar new year falls inside a fiscal year.
        assert fiscal_year(date(year, 12, 31)) == be + 1
        assert fiscal_year(date(year + 1, 1, 1)) == be + 1


@given(wide_dates)
def test_every_date_lies_within_its_fiscal_year(day):
    start, end = fiscal_year_bounds(fiscal_year(day))
    assert start <= day <= end
    assert fiscal_year(day) == be_year(day.year) + (day.month >= 10)


@given(fiscal_years)
def test_fiscal_years_tile_the_calendar(fy):
    start, end = fiscal_year_bounds(fy)
    assert (start.month, start.day, end.month, end.day) == (10, 1, 9, 30)
    assert end.year == ce_year(fy) == start.year + 1
    assert fiscal_year(start) == fiscal_year(end) == fy
    assert fiscal_year(start - timedelta(days=1)) == fy - 1
    assert fiscal_year(end + timedelta(days=1)) == fy + 1
    assert fiscal_year_bounds(fy - 1)[1] + timedelta(days=1) == start


def test_leap_day():
    assert fiscal_year(date(2024, 2, 29)) == 2567
    assert fiscal_year(date(2000, 2, 29)) == 2543
    assert fiscal_year_bounds(2567) == (date(2023, 10, 1), date(2024, 9, 30))


@given(st.sampled_from([y for y in ALL_CE_YEARS if calendar.isleap(y)]))
def test_leap_day_is_in_the_fiscal_year_ending_that_year(year):
    assert fiscal_year(date(year, 2, 29)) == be_year(year)


@given(
    st.integers(min_value=1920, max_value=ALL_CE_YEARS[-1]),
    st.times(min_value=time(17, 0)),
)
def test_utc_evening_of_30_september_is_next_fiscal_year(year, clock):
    # From 17:00 UTC it is already 1 October in Bangkok (UTC+7 since 1920).
    moment = datetime.combine(date(year, 9, 30), clock, tzinfo=UTC)
    assert fiscal_year(moment) == be_year(year) + 1
    assert fiscal_year(moment.date()) == be_year(year)


@given(
    st.integers(min_value=1920, max_value=ALL_CE_YEARS[-1]),
    st.times(max_value=time(16, 59, 59, 999_999)),
)
def test_utc_daytime_of_30_september_is_same_fiscal_year(year, clock):
    moment = datetime.combine(date(year, 9, 30), clock, tzinfo=UTC)
    assert fiscal_year(moment) == be_year(year)


def test_fiscal_year_uses_tz_database_before_1920():
    # Bangkok was UTC+6:42:04 then, so 17:10 UTC was still 30 September.
    assert fiscal_year(datetime(1900, 9, 30, 17, 10, tzinfo=UTC)) == 2443
    assert fiscal_year(datetime(1900, 9, 30, 17, 20, tzinfo=UTC)) == 2444


def test_fiscal_year_rejects_naive_datetime():
    with pytest.raises(ValueError):
        fiscal_year(datetime(2022, 9, 30, 23, 0))


def test_rounds_2565_with_default_deadline(settings):
    settings.ROUND_DEADLINE_DAYS = 15
    six, twelve = rounds(2565)
    assert six == Round(2565, 6, date(2021, 10, 1), date(2022, 3, 31), date(2022, 4, 15))
    assert twelve == Round(2565, 12, date(2021, 10, 1), date(2022, 9, 30), date(2022, 10, 15))


@pytest.mark.parametrize(
    ("days", "six_deadline", "twelve_deadline"),
    [
        (0, date(2022, 3, 31), date(2022, 9, 30)),
        (1, date(2022, 4, 1), date(2022, 10, 1)),
        (30, date(2022, 4, 30), date(2022, 10, 30)),
        (45, date(2022, 5, 15), date(2022, 11, 14)),
    ],
)
def test_rounds_follow_setting(settings, days, six_deadline, twelve_deadline):
    settings.ROUND_DEADLINE_DAYS = days
    six, twelve = rounds(2565)
    assert six.deadline == six_deadline
    assert twelve.deadline == twelve_deadline
    assert round_for(2565, 6).deadline == six_deadline


def test_explicit_deadline_days_beats_setting(settings):
    settings.ROUND_DEADLINE_DAYS = 15
    six, twelve = rounds(2565, deadline_days=7)
    assert six.deadline == date(2022, 4, 7)
    assert twelve.deadline == date(2022, 10, 7)
    assert round_for(2565, 12, deadline_days=0).deadline == date(2022, 9, 30)


def test_negative_deadline_days_rejected():
    with pytest.raises(ValueError):
        rounds(2565, deadline_days=-1)


@given(fiscal_years, st.integers(min_value=0, max_value=120))
def test_rounds_partition_the_fiscal_year(fy, days):
    with override_settings(ROUND_DEADLINE_DAYS=days):
        six, twelve = rounds(fy)
    start, end = fiscal_year_bounds(fy)
    assert (six.fiscal_year, six.months, twelve.fiscal_year, twelve.months) == (fy, 6, fy, 12)
    assert six.start == twelve.start == start
    assert six.end == date(ce_year(fy), 3, 31)
    assert twelve.end == end == date(ce_year(fy), 9, 30)
    # The first half ends the day before the second half (1 April) starts.
    assert six.end + timedelta(days=1) == date(ce_year(fy), 4, 1)
    assert six.deadline - six.end == twelve.deadline - twelve.end == timedelta(days=days)
    assert fiscal_year(six.end) == fiscal_year(twelve.end) == fy


def test_round_for():
    assert round_for(2565, 6, deadline_days=15) == rounds(2565, deadline_days=15)[0]
    assert round_for(2565, 12, deadline_days=15) == rounds(2565, deadline_days=15)[1]
    with pytest.raises(ValueError):
        round_for(2565, 3)


def test_round_is_frozen():
    six = round_for(2565, 6, deadline_days=15)
    with pytest.raises(dataclasses.FrozenInstanceError):
        six.months = 12


def test_round_names():
    six, twelve = rounds(2565, deadline_days=15)
    assert six.name_th == "รอบ 6 เดือน ปีงบประมาณ 2565"
    assert twelve.name_th == "รอบ 12 เดือน ปีงบประมาณ 2565"
    assert six.name_en == "6-month round, fiscal year 2565 (2022)"
    assert twelve.name_en == "12-month round, fiscal year 2565 (2022)"
    with translation.override("en"):
        assert six.name == six.name_en
    with translation.override("th"):
        assert six.name == six.name_th


def test_deadline_moment_is_end_of_bangkok_day():
    six = round_for(2565, 6, deadline_days=15)
    moment = deadline_moment(six)
    assert moment == datetime(2022, 4, 15, 23, 59, 59, 999_999, tzinfo=BANGKOK)
    assert moment.astimezone(UTC) == datetime(2022, 4, 15, 16, 59, 59, 999_999, tzinfo=UTC)
    # Submitted 23:59 Bangkok time on the deadline day: on time. A moment later: late.
    assert datetime(2022, 4, 15, 16, 59, tzinfo=UTC) <= moment
    assert datetime(2022, 4, 15, 17, 0, tzinfo=UTC) > moment


@given(fiscal_years, st.integers(min_value=0, max_value=120), st.sampled_from([6, 12]))
def test_deadline_moment_is_last_instant_of_deadline_day(fy, days, months):
    rnd = round_for(fy, months, deadline_days=days)
    moment = deadline_moment(rnd)
    assert moment.tzinfo is BANGKOK
    assert moment.date() == rnd.deadline
    assert (moment + timedelta(microseconds=1)).date() == rnd.deadline + timedelta(days=1)
