"""Thai public holidays as data (thaicalendar/data/holidays.yaml)."""

from datetime import date, timedelta

import pytest

from thaicalendar import holidays


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2025, 1, 1), "วันขึ้นปีใหม่"),
        (date(2025, 2, 12), "วันมาฆบูชา"),
        (date(2025, 4, 16), "วันหยุดชดเชยวันสงกรานต์"),  # Songkran began on a Sunday
        (date(2025, 5, 12), "วันหยุดชดเชยวันวิสาขบูชา"),
        (date(2025, 6, 2), "วันหยุดราชการเพิ่มเป็นกรณีพิเศษ"),
        (date(2025, 7, 11), "วันเข้าพรรษา"),
        (date(2026, 1, 2), "วันหยุดราชการเพิ่มเป็นกรณีพิเศษ"),
        (date(2026, 3, 3), "วันมาฆบูชา"),
        (date(2026, 5, 13), "วันพืชมงคล"),
        (date(2026, 7, 29), "วันอาสาฬหบูชา"),
        (date(2026, 12, 7), "วันหยุดชดเชยวันพ่อแห่งชาติ"),
        (date(2027, 10, 25), "วันหยุดชดเชยวันปิยมหาราช"),
    ],
)
def test_holidays_of_the_cabinets_calendar(day: date, name: str) -> None:
    assert holidays.is_holiday(day)
    assert holidays.holidays()[day][0] == name


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 5, 1),  # Labour Day: the private sector's, not government offices'
        date(2026, 1, 10),  # Children's Day, a Saturday
        date(2026, 3, 10),
        date(2024, 1, 1),  # a year the data does not hold
    ],
)
def test_working_days_are_not_holidays(day: date) -> None:
    assert not holidays.is_holiday(day)


def test_every_year_is_whole_and_every_substitution_a_working_day() -> None:
    days = holidays.holidays()
    for year in (2025, 2026, 2027):
        of_year = [d for d in days if d.year == year]
        assert len(of_year) >= 20, year
        for fixed in ((1, 1), (4, 6), (4, 13), (7, 28), (8, 12), (10, 23), (12, 5), (12, 31)):
            assert date(year, *fixed) in days, (year, fixed)
    for day, (thai, english) in days.items():
        assert thai and english, day
        if "ชดเชย" in thai:
            assert day.weekday() < 5, day
            # It makes up for a holiday on the weekend just before it.
            assert any(days.get(day - timedelta(n)) for n in (1, 2, 3)), day
