"""Benchmark: how much coordinated stuffing the stream's judgement catches, and how many
genuine answers it flags (survey/stream.py; docs/survey.md, "Stuffing: signals over a
counter's stream").

    make bench-survey-stuffing     (or: .venv/bin/python bench/survey_stuffing.py)

For each seed: builds centres of very different sizes with four weeks of genuine history
and two judged weeks, stores every answer as the intake would have counted it (each
one passes the per-answer checks: a cookie, the minimum time, the limits per device and
per network), injects five kinds of stuffing on the judged days, and runs the
production code, `stream.watch()`, on the database every BENCH_WATCH_HOURS of simulated
time, as the intake process would every minute. Then it counts, per kind, the injected
answers left in a suspect window, and the genuine ones.

Settings: DATABASE_URL (default: SQLite in a temporary file, made anew), BENCH_CENTRES
(120), BENCH_ATTACKS (6 of each kind per seed), BENCH_SEEDS ("1,2,3"), BENCH_WATCH_HOURS (3),
BENCH_VERBOSE (prints every attack and every window).
A PostgreSQL DATABASE_URL names a database that is dropped and made anew.
"""

import math
import os
import random
import shutil
import sys
import tempfile
import time as clock
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TEMP = tempfile.mkdtemp(prefix="bench-stuffing-")
URL = os.environ.get("DATABASE_URL", f"sqlite:///{TEMP}/bench.sqlite3")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saduak.settings")
CENTRES = int(os.environ.get("BENCH_CENTRES", "120"))
ATTACKS = int(os.environ.get("BENCH_ATTACKS", "6"))
SEEDS = [int(s) for s in os.environ.get("BENCH_SEEDS", "1,2,3").split(",")]
WATCH_HOURS = int(os.environ.get("BENCH_WATCH_HOURS", "3"))

# Four weeks of history, then two judged weeks that hold New Year's Day (a holiday).
HISTORY_START = date(2025, 11, 24)
JUDGED_START = date(2025, 12, 22)
JUDGED_DAYS = 14
KINDS = ["burst", "drip", "phones", "varied", "after_hours", "big_drip"]
TARGETS = KINDS[:5]
KIND_NAMES = {
    "burst": "(1) a burst from one network, fresh devices",
    "drip": "(2) a slow drip of all-top answers through a day",
    "phones": "(3) a few phones switching between mobile networks",
    "varied": "(4) stuffing that varies its answers a little",
    "after_hours": "(5) staff answering for citizens after closing",
    "big_drip": "not a target: (2) at a counter of 30-60 answers a day",
}
ITEMS = 16
CARRIER_NAT = 40  # mobile operators' shared addresses, used by citizens everywhere
TZ: Any = None  # Asia/Bangkok, once Django is loaded


@dataclass
class Centre:
    pk: int
    counter: int
    per_day: float  # answers on an ordinary open weekday
    all_top: float  # its citizens' share of all-5 answers
    quality: float  # -1 .. 1: how high its other answers run
    fill_median: float
    wifi: list[str]
    on_wifi: float
    saturday: bool  # open on Saturday mornings
    hours_set: bool  # has told Saduak its opening hours
    devices: list[str] = field(default_factory=list)


@dataclass
class Answer:
    at: datetime
    scores: str
    device: str
    network: str
    fill: int
    kind: str = ""  # empty: genuine


def fresh_database() -> None:
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()
    if URL.startswith("postgres"):
        import psycopg

        name = URL.rsplit("/", 1)[1]
        with psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        Path(URL.removeprefix("sqlite:///")).unlink(missing_ok=True)


def is_open(centre: Centre, day: date, moment: time) -> bool:
    from thaicalendar import holidays

    if holidays.is_holiday(day):
        return False
    if day.weekday() < 5:
        return time(8, 30) <= moment < time(16, 30)
    return centre.saturday and day.weekday() == 5 and time(8, 30) <= moment < time(12)


def at(day: date, hours: float) -> datetime:
    return datetime.combine(day, time(), TZ) + timedelta(hours=hours)


# An open day's rhythm: a busy morning, a lunch dip, a quiet afternoon (hours from
# midnight, weight).
RHYTHM = [(8.5, 1.0), (9, 1.7), (10, 1.8), (11, 1.3), (12, 0.5), (13, 1.0), (14, 0.8), (15, 0.6)]
WEEKDAY = [1.25, 1.05, 1.0, 0.95, 0.8, 0.5, 0.0]


def genuine_scores(rng: random.Random, centre: Centre, top_today: float) -> str:
    if rng.random() < top_today:
        return "5" * ITEMS
    if rng.random() < 0.08:  # the same middle score for everything
        return rng.choice("4443") * ITEMS
    weights = [1, 3, 10 - 4 * centre.quality, 36, 40 + 15 * centre.quality]
    while True:
        scores = "".join(rng.choices("12345", weights, k=ITEMS))
        if scores != "5" * ITEMS:
            return scores


def genuine_fill(rng: random.Random, centre: Centre) -> int:
    return max(8, int(rng.lognormvariate(math.log(centre.fill_median), 0.5)))


def sender(rng: random.Random, centre: Centre) -> tuple[str, str]:
    network = (
        rng.choice(centre.wifi)
        if rng.random() < centre.on_wifi
        else f"nat{rng.randrange(CARRIER_NAT)}"
    )
    if centre.devices and rng.random() < 0.12:  # someone who came before
        return rng.choice(centre.devices), network
    device = f"d{rng.getrandbits(64):x}"
    centre.devices.append(device)
    return device, network


def genuine_day(rng: random.Random, centre: Centre, day: date) -> list[Answer]:
    """A counter's genuine answers on one day: its size, the day of the week, the day's
    own mood (and now and then a very busy day), its rhythm, stragglers who answer on the
    way home."""
    from thaicalendar import holidays

    if holidays.is_holiday(day) or WEEKDAY[day.weekday()] == 0:
        return []
    if day.weekday() == 5 and not centre.saturday:
        return []
    mood = rng.gammavariate(10, 0.1) * (2.5 if rng.random() < 0.02 else 1.0)
    mean = centre.per_day * WEEKDAY[day.weekday()] * mood
    n = poisson(rng, mean)
    top_today = rng.betavariate(centre.all_top * 60, (1 - centre.all_top) * 60)
    closes = 12.0 if day.weekday() == 5 else 16.5
    hours = [(h, w) for h, w in RHYTHM if h < closes]
    answers = []
    for _ in range(n):
        start, _w = rng.choices(hours, [w for _h, w in hours])[0]
        end = next((h for h, _w in hours if h > start), closes)
        moment = rng.uniform(start, end)
        if rng.random() < 0.04:  # answered later, on the way home
            moment = closes + rng.expovariate(1 / 0.7)
        device, network = sender(rng, centre)
        answers.append(
            Answer(
                at(day, moment),
                genuine_scores(rng, centre, top_today),
                device,
                network,
                genuine_fill(rng, centre),
            )
        )
    return answers


def poisson(rng: random.Random, mean: float) -> int:
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def fresh(rng: random.Random) -> str:
    return f"x{rng.getrandbits(64):x}"


def near_top(rng: random.Random, changes: int) -> str:
    scores = ["5"] * ITEMS
    for i in rng.sample(range(ITEMS), changes):
        scores[i] = "4"
    return "".join(scores)


def inject(rng: random.Random, kind: str, centre: Centre, day: date) -> list[Answer]:
    """One attack of a kind on a counter's day."""
    v = centre.per_day * WEEKDAY[day.weekday()]
    if kind == "burst":
        n = min(120, max(30, round(v)))
        start, minutes = rng.uniform(9, 15), rng.uniform(20, 30)
        network = rng.choice([*centre.wifi, fresh(rng)])
        return [
            Answer(
                at(day, start + rng.uniform(0, minutes) / 60),
                "5" * ITEMS if rng.random() < 0.95 else near_top(rng, 1),
                fresh(rng),
                network,
                rng.randint(9, 14),
                kind,
            )
            for _ in range(n)
        ]
    if kind in ("drip", "big_drip"):
        n = max(20, round(v))
        return [
            Answer(
                at(day, rng.uniform(8.5, 16.5)),
                "5" * ITEMS,
                fresh(rng),
                f"nat{rng.randrange(CARRIER_NAT)}",
                genuine_fill(rng, centre),
                kind,
            )
            for _ in range(n)
        ]
    if kind == "phones":
        n = max(30, round(0.8 * v))
        start, hours = rng.uniform(8.5, 14.5), rng.uniform(1, 2)
        return [
            Answer(
                at(day, start + rng.uniform(0, hours)),
                "5" * ITEMS if rng.random() < 0.8 else near_top(rng, 1),
                fresh(rng),  # a private window each time
                f"nat{rng.randrange(CARRIER_NAT)}",  # flight mode on and off
                rng.randint(10, 20),
                kind,
            )
            for _ in range(n)
        ]
    if kind == "varied":
        n = min(150, max(30, round(v)))
        start, hours = rng.uniform(8.5, 15), rng.uniform(0.75, 1.5)
        networks = [rng.choice(centre.wifi), fresh(rng), f"nat{rng.randrange(CARRIER_NAT)}"]
        return [
            Answer(
                at(day, start + rng.uniform(0, hours)),
                "".join(rng.choices("543", [75, 20, 5], k=ITEMS)),
                fresh(rng),
                rng.choice(networks),
                max(8, int(rng.lognormvariate(math.log(30), 0.3))),
                kind,
            )
            for _ in range(n)
        ]
    # Staff typing in paper forms after closing, on the office's computers.
    n = max(20, round(0.5 * v))
    closes = 12.0 if day.weekday() == 5 else 16.5
    start = closes + rng.uniform(0.3, 1.0)
    office = [fresh(rng) for _ in range(3)]
    return [
        Answer(
            at(day, start + rng.uniform(0, 2)),
            genuine_scores(rng, centre, 0.5),
            rng.choice(office),
            centre.wifi[0],
            max(8, int(rng.lognormvariate(math.log(40), 0.3))),
            kind,
        )
        for _ in range(n)
    ]


def make_centres(rng: random.Random) -> list[Centre]:
    from bench.national import build_centres
    from registry.models import Counter as CounterModel
    from survey.models import OpeningHours

    ids = build_centres(CENTRES, seed=rng.randrange(10**6))
    counters = dict(CounterModel.objects.filter(centre_id__in=ids).values_list("centre_id", "pk"))
    centres = []
    hours = []
    for pk in ids:
        saturday = rng.random() < 0.12
        centre = Centre(
            pk=pk,
            counter=counters[pk],
            per_day=math.exp(rng.uniform(math.log(0.5), math.log(250))),
            all_top=rng.uniform(0.08, 0.62),
            quality=rng.uniform(-1, 1),
            fill_median=rng.uniform(50, 130),
            wifi=[f"wifi{pk}-{i}" for i in range(rng.choice([1, 1, 2]))],
            on_wifi=rng.uniform(0.1, 0.7),
            saturday=saturday,
            hours_set=saturday and rng.random() < 0.5,
        )
        centres.append(centre)
        if centre.hours_set:
            for weekday in range(6):
                closes = time(12) if weekday == 5 else time(16, 30)
                hours.append(
                    OpeningHours(centre_id=pk, weekday=weekday, opens=time(8, 30), closes=closes)
                )
    OpeningHours.objects.bulk_create(hours)
    return centres


def store(answers: list[tuple[Centre, Answer]], version: Any) -> None:
    """As the intake stores answers that passed every per-answer check: counted, in
    the order they came, and counted in the tallies."""
    from survey import tallies
    from survey.models import Response

    answers.sort(key=lambda pair: pair[1].at)
    rows = [
        Response(
            counter_id=c.counter,
            centre_id=c.pk,
            questionnaire=version,
            submitted_at=a.at,
            scores=a.scores,
            device_hash=a.device,
            network_hash=a.network,
            fill_seconds=a.fill,
            fingerprint=f"{a.device}{a.scores}",
            comment=a.kind,
            status=Response.Status.COUNTED,
        )
        for c, a in answers
    ]
    for first in range(0, len(rows), 5000):
        chunk = rows[first : first + 5000]
        Response.objects.bulk_create(chunk)
        tallies.count_many(chunk)


TEMPLATE = Path(TEMP) / "migrated.sqlite3"


def migrated_database() -> None:
    """A fresh database with every migration: made once, then copied (SQLite)."""
    import django

    fresh_database()
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if URL.startswith("postgres"):
        call_command("migrate", verbosity=0)
        return
    path = Path(URL.removeprefix("sqlite:///"))
    if not TEMPLATE.exists():
        call_command("migrate", verbosity=0)
        connections.close_all()
        shutil.copy(path, TEMPLATE)
    else:
        shutil.copy(TEMPLATE, path)


def run(seed: int) -> dict[str, Any]:
    migrated_database()
    global TZ
    from thaicalendar.dates import BANGKOK

    TZ = BANGKOK
    from survey import questionnaire, stream
    from survey.models import Response, StreamWatch, SuspectWindow

    stream.forget_usual()
    rng = random.Random(seed)
    t0 = clock.perf_counter()
    centres = make_centres(rng)
    version = questionnaire.current()
    history: list[tuple[Centre, Answer]] = []
    for d in range((JUDGED_START - HISTORY_START).days):
        day = HISTORY_START + timedelta(d)
        history += [(c, a) for c in centres for a in genuine_day(rng, c, day)]
    store(history, version)
    StreamWatch.objects.update_or_create(
        pk=1, defaults={"judged_upto": Response.objects.latest("pk").pk}
    )
    judged: list[tuple[Centre, Answer]] = []
    days = [JUDGED_START + timedelta(d) for d in range(JUDGED_DAYS)]
    for judged_day in days:
        judged += [(c, a) for c in centres for a in genuine_day(rng, c, judged_day)]
    attacked: dict[str, int] = Counter()
    # Each attack on its own counter. A slow drip: at a counter of at most 30 answers
    # a day (and, not a target, of 30 to 60), a day's worth of them, all-top.
    sizes = {"drip": (0, 30), "big_drip": (30, 60)}
    free = list(centres)
    rng.shuffle(free)
    plan = []
    for n in range(ATTACKS * len(KINDS)):
        kind = KINDS[n % len(KINDS)]
        low, high = sizes.get(kind, (0, 10**6))
        centre = next((c for c in free if low <= c.per_day < high), None)
        if centre is not None:
            free.remove(centre)
            plan.append((kind, centre))
    attacks = []
    for kind, centre in plan:
        day = rng.choice([d for d in days if is_open(centre, d, time(10)) and d.weekday() < 5])
        judged += [(centre, a) for a in inject(rng, kind, centre, day)]
        attacked[kind] += 1
        attacks.append((kind, centre, day))
        if os.environ.get("BENCH_VERBOSE"):
            print(kind, "counter", centre.counter, f"{centre.per_day:.1f}/day", day)
    built = clock.perf_counter() - t0
    judged.sort(key=lambda pair: pair[1].at)
    t1 = clock.perf_counter()
    watches = 0
    position = 0
    for day in days:
        for hour in range(WATCH_HOURS, 24 + WATCH_HOURS, WATCH_HOURS):
            now = at(day, min(hour, 24)) - timedelta(seconds=1)
            end = position
            while end < len(judged) and judged[end][1].at <= now:
                end += 1
            store(judged[position:end], version)
            position = end
            stream.watch(now=now)
            watches += 1
    watched = clock.perf_counter() - t1
    flagged = Counter(
        Response.objects.filter(submitted_at__gte=at(JUDGED_START, 0))
        .exclude(window=None)
        .values_list("comment", flat=True)
    )
    total = Counter(
        Response.objects.filter(submitted_at__gte=at(JUDGED_START, 0)).values_list(
            "comment", flat=True
        )
    )
    if os.environ.get("BENCH_VERBOSE"):
        for w in SuspectWindow.objects.order_by("starts_at"):
            kinds = Counter(w.answers.values_list("comment", flat=True))
            print(
                w.counter_id,
                w.starts_at.astimezone(TZ),
                w.ends_at.astimezone(TZ),
                dict(kinds),
                w.signals,
            )
    if os.environ.get("BENCH_VERBOSE"):
        for kind, centre, day in attacks:
            missed(kind, centre, day)
    windows = SuspectWindow.objects.count()
    codes = Counter(c for w in SuspectWindow.objects.all() for c in w.codes)
    genuine_windows = sum(
        1 for w in SuspectWindow.objects.all() if not w.answers.exclude(comment="").exists()
    )
    return {
        "seed": seed,
        "flagged": flagged,
        "total": total,
        "attacked": attacked,
        "windows": windows,
        "genuine_windows": genuine_windows,
        "codes": codes,
        "built": built,
        "watched": watched,
        "watches": watches,
        "history": len(history),
    }


def missed(kind: str, centre: Centre, day: date) -> None:
    """An attack caught below the target: what its whole day showed (BENCH_VERBOSE)."""
    from survey import stream
    from survey.models import Response

    answers = Response.objects.filter(
        counter_id=centre.counter, submitted_at__gte=at(day, 0), submitted_at__lt=at(day, 24)
    )
    injected = answers.filter(comment=kind)
    caught = injected.exclude(window=None).count()
    if caught >= 0.95 * injected.count():
        return
    usual = stream._usual.get((centre.counter, day)) or next(
        u
        for (c, d), u in sorted(stream._usual.items(), key=lambda kv: kv[0][1])
        if c == centre.counter
    )
    seen = [
        stream.Seen(pk, t, sc, dev, net, fill, True)
        for pk, t, sc, dev, net, fill in answers.order_by("submitted_at").values_list(
            "pk", "submitted_at", "scores", "device_hash", "network_hash", "fill_seconds"
        )
    ]
    clock_ = stream._Clock(usual, day, day)
    judged = stream._Stream(seen, usual, clock_, at(day, 24))
    signals = judged.signals(0, len(seen), at(day, 0), at(day, 24), whole_day=True)
    expected, _closed = clock_.expected(at(day, 0), at(day, 24))
    print(
        f"missed {kind} counter {centre.counter} ({centre.per_day:.1f}/day) {day}: caught"
        f" {caught}/{injected.count()}, day of {len(seen)} (usual {expected:.1f}),"
        f" all-top {sum(a.all_top for a in seen)}, usual all-top {usual.all_top:.2f}"
        f" high {usual.high:.2f}; day signals {[(x['code'], x['strength']) for x in signals]}"
    )


def report(result: dict[str, Any]) -> bool:
    total, flagged = result["total"], result["flagged"]
    print(
        f"\nseed {result['seed']}: {CENTRES} counters, {result['history']:,} answers of history,"
        f" {total['']:,} genuine answers judged over {JUDGED_DAYS} days;"
        f" built in {result['built']:.0f} s, {result['watches']} watches in {result['watched']:.0f} s"
    )
    print(f"{'kind':<55} {'attacks':>7} {'injected':>9} {'flagged':>8}")
    ok = True
    for kind in KINDS:
        n, f = total[kind], flagged[kind]
        share = f / n if n else 0.0
        ok &= share >= 0.95 or kind not in TARGETS
        print(f"{KIND_NAMES[kind]:<55} {result['attacked'][kind]:>7} {n:>9,} {share:>8.1%}")
    share = flagged[""] / total[""] if total[""] else 0.0
    ok &= share <= 0.01
    print(f"{'genuine answers':<55} {'':>7} {total['']:>9,} {share:>8.2%}  ({flagged['']:,})")
    print(
        f"windows: {result['windows']}, of which {result['genuine_windows']} hold only genuine answers;"
        f" signals: {dict(result['codes'])}"
    )
    return ok


def main() -> None:
    results = [run(seed) for seed in SEEDS]
    print(
        f"\ndatabase: {'PostgreSQL' if URL.startswith('postgres') else 'SQLite'}; watch every {WATCH_HOURS} h of simulated time"
    )
    ok = all([report(r) for r in results])
    print("\ntargets (>= 95 % of each kind, <= 1 % of genuine):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
