"""When a centre serves people: its opening hours per day of the week, weekday office
hours when it has set none, and closed on Thai public holidays. Answers given while a
centre is closed weigh in the stream's judgement (survey/stream.py)."""

from collections.abc import Iterable
from datetime import datetime, time

from survey.models import OpeningHours
from thaicalendar import holidays
from thaicalendar.dates import local_datetime

Week = dict[int, tuple[time, time]]  # {weekday (Monday 0): (opens, closes)}

# Government office hours, Monday to Friday.
OFFICE_HOURS: Week = {day: (time(8, 30), time(16, 30)) for day in range(5)}


def hours_of(centre_ids: Iterable[int]) -> dict[int, Week]:
    """Each centre's week, in one query: its own rows, or OFFICE_HOURS without any."""
    centre_ids = set(centre_ids)
    weeks: dict[int, Week] = {}
    rows = OpeningHours.objects.filter(centre_id__in=centre_ids).values_list(
        "centre_id", "weekday", "opens", "closes"
    )
    for centre_id, weekday, opens, closes in rows:
        weeks.setdefault(centre_id, {})[weekday] = (opens, closes)
    return {pk: weeks.get(pk, OFFICE_HOURS) for pk in centre_ids}


def is_open(week: Week, moment: datetime) -> bool:
    """Whether a centre with this week is open at `moment` (Bangkok time)."""
    local = local_datetime(moment)
    if holidays.is_holiday(local.date()):
        return False
    hours = week.get(local.weekday())
    return hours is not None and hours[0] <= local.time() < hours[1]
