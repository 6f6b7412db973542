"""The demo's stuffed window (issue 14): on the last working afternoon, thirty fresh
browsers on Chiang Mai City Municipality's Wi-Fi gave the top score to everything
within twenty minutes, each waiting the minimum time, at a counter whose citizens
answer a few times a week. Stored as the intake would have counted them, then judged
by the stream as the intake process does, so that OPS PMO's reviewer finds a window to
decide on, and the centre's results say what they leave out."""

from datetime import date, datetime, time, timedelta

from registry.models import Counter
from survey import protection, questionnaire, stream, tallies
from survey.models import Response
from thaicalendar import holidays
from thaicalendar.dates import BANGKOK, bangkok_today

BURST = 30


def _last_working_day(today: date) -> date:
    day = today - timedelta(days=1)
    while day.weekday() >= 5 or holidays.is_holiday(day):
        day -= timedelta(days=1)
    return day


def load() -> int:
    """The burst at Chiang Mai City Municipality's first counter, judged; returns the
    answers made suspect (none if the demo has it already)."""
    counter = Counter.objects.get(centre__organisation__code="3500101", number=1)
    if Response.objects.filter(centre=counter.centre, window__isnull=False).exists():
        return 0
    version = questionnaire.current()
    start = datetime.combine(_last_working_day(bangkok_today()), time(14, 0), BANGKOK)
    burst = [
        Response(
            counter=counter,
            centre=counter.centre,
            questionnaire=version,
            submitted_at=start + timedelta(seconds=40 * n),
            scores="5" * len(version.item_codes),
            device_hash=protection.salted_hash(f"demo fresh browser {n}"),
            network_hash=protection.salted_hash("demo Chiang Mai city hall Wi-Fi"),
            fingerprint=protection.fingerprint(counter=counter.survey_code, answer={"n": n}),
            fill_seconds=9,
        )
        for n in range(BURST)
    ]
    Response.objects.bulk_create(burst)
    tallies.count_many(burst)
    return stream.watch()
