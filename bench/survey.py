"""Benchmark: the citizen survey at national volume, on PostgreSQL.

    make bench-survey        (or: .venv/bin/python bench/survey.py)

1. Builds 10,000 centres and loads synthetic but realistic answers over three fiscal
   years (FY2567-2569): realistic score mixes, every centre and month, loaded with COPY,
   the monthly tallies built from the same numbers.
2. Times, at 1 million and at 10 million answers, full statistics (every item, CI,
   distribution) for one centre's round, one province's fiscal year and the whole
   country's fiscal year, beside plain PostgreSQL computing a few means straight from
   the answer rows with an index (the baseline), and prints the ratio.
3. Serves the site with gunicorn and the intake process (`manage.py survey_intake`),
   and sends real submissions through the whole HTTP stack, to counters drawn from the
   whole country's, beside a trivial view on the same server, for the same time:
   prints both rates and the ratio, then counts
   the answers stored against the 302s received, and how soon the intake had judged
   and counted them all.

Settings: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_survey, dropped
and made anew), BENCH_ANSWERS (10000000), BENCH_CENTRES (10000), BENCH_SECONDS (5, for
each of the 10 rounds of each kind of request).
"""

import io
import os
import random
import re
import statistics as stats
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_survey")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saduak.settings")
ANSWERS = int(os.environ.get("BENCH_ANSWERS", "10000000"))
CENTRES = int(os.environ.get("BENCH_CENTRES", "10000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = 10
PEOPLE = 20000  # per load process and kind: more than it sends in a run
CLIENTS = 8  # load processes
PORT = 8123
READY = 10.0  # seconds for every load process to make its people before the warm-up
STEADY = 2.0  # seconds to the start of each round after it (its people are made), LEAD in
LEAD = 1.0  # seconds of load before the clock starts, so that it finds the intake busy


def fresh_database() -> None:
    import psycopg

    name = URL.rsplit("/", 1)[1]
    with psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def months() -> list[date]:
    """The 36 months of FY2567-2569: October 2023 to September 2026."""
    return [date(2023 + (10 + m - 1) // 12, (10 + m - 1) % 12 + 1, 1) for m in range(36)]


def main() -> None:
    if os.environ.get("BENCH_REUSE"):  # time again the data a previous run loaded
        import django

        django.setup()
        from django.core.management import call_command

        from registry.models import ServiceCentre
        from survey.models import Response

        call_command("migrate", verbosity=0)
        country_tallies()
        ids = list(
            ServiceCentre.objects.filter(organisation__code__startswith="B").values_list(
                "pk", flat=True
            )
        )
        time_statistics(Response.objects.count(), ids)
        http_rates()
        return
    fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.national import build_centres

    t0 = time.perf_counter()
    centre_ids = build_centres(CENTRES)
    print(
        f"machine: {os.cpu_count()} cores; PostgreSQL; {CENTRES} centres built in {time.perf_counter() - t0:.0f} s"
    )
    loaded = 0
    for target in (1_000_000, ANSWERS):
        if target > loaded:
            load_answers(centre_ids, target - loaded, seed=target)
            loaded = target
            time_statistics(loaded, centre_ids)
    http_rates()


COUNTS: dict[tuple[int, int], list[int]] = {}


def patterns(rng: random.Random, count: int, items: int) -> list[str]:
    weights = [2, 4, 12, 38, 44]  # most Thai service surveys come out "high"
    return [
        "".join(str(rng.choices(range(1, 6), weights)[0]) for _ in range(items))
        for _ in range(count)
    ]


def load_answers(centre_ids: list[int], count: int, *, seed: int) -> None:
    """COPY `count` answers in, and add them to the tallies, as one batch."""
    from django.db import connection

    from registry.models import Counter, ServiceCentre
    from survey.models import Tally
    from survey.questionnaire import current

    t0 = time.perf_counter()
    rng = random.Random(seed)
    questionnaire = current()
    codes = questionnaire.item_codes
    shapes = patterns(random.Random(1), 64, len(codes))  # the same shapes in every batch
    counter_of = dict(
        Counter.objects.filter(centre_id__in=centre_ids).values_list("centre_id", "pk")
    )
    province_of = dict(
        ServiceCentre.objects.filter(pk__in=centre_ids).values_list(
            "pk", "organisation__province_id"
        )
    )
    month_list = months()
    counts = COUNTS  # answers per (centre, month, shape), over every batch so far
    buffer = io.StringIO()
    # A bulk load drops the secondary indexes and builds them again afterwards.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'survey_response'"
            " AND indexname NOT LIKE '%%pkey'"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')

    def flush() -> None:
        buffer.seek(0)
        with (
            connection.cursor() as cursor,
            cursor.copy(
                "COPY survey_response (counter_id, centre_id, questionnaire_id, submitted_at, scores,"
                " local_scores, respondent, comment, status, reasons, source, device_hash,"
                " network_hash, fingerprint) FROM STDIN"
            ) as copy,
        ):
            copy.write(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()

    for written in range(1, count + 1):
        centre = centre_ids[rng.randrange(len(centre_ids))]
        m = rng.randrange(36)
        shape = rng.randrange(64)
        month = month_list[m]
        moment = datetime(
            month.year, month.month, rng.randint(1, 28), rng.randint(1, 9), rng.randint(0, 59)
        )
        buffer.write(
            f"{counter_of[centre]}\t{centre}\t{questionnaire.pk}\t{moment.isoformat()}+00:00\t{shapes[shape]}"
            "\t{}\t{}\t\tcounted\t[]\tweb\t\t\t\n"
        )
        key = (centre, m)
        row = counts.get(key)
        if row is None:
            row = counts[key] = [0] * 64
        row[shape] += 1
        if written % 200_000 == 0:
            flush()
    flush()
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
    copied = time.perf_counter() - t0

    def add(tally: dict[str, list[int]], shape_counts: list[int]) -> int:
        total = 0
        for shape, n in enumerate(shape_counts):
            if n:
                total += n
                for code, digit in zip(codes, shapes[shape], strict=True):
                    tally.setdefault(code, [0, 0, 0, 0, 0])[int(digit) - 1] += n
        return total

    provinces: dict[tuple[str, int], list[int]] = {}
    for (centre, m), shape_counts in counts.items():
        pkey = (province_of[centre], m)
        acc = provinces.setdefault(pkey, [0] * 64)
        for i, n in enumerate(shape_counts):
            acc[i] += n
    tallies = []
    for (centre, m), shape_counts in counts.items():
        tally = Tally(centre_id=centre, month=month_list[m])
        tally.responses = add(tally.counts, shape_counts)
        tallies.append(tally)
    for (province, m), shape_counts in provinces.items():
        tally = Tally(province_id=province, month=month_list[m])
        tally.responses = add(tally.counts, shape_counts)
        tallies.append(tally)
    Tally.objects.all().delete()  # made again from every answer loaded so far
    Tally.objects.bulk_create(tallies, batch_size=5000)
    country_tallies()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"loaded {count:,} answers: COPY {copied:.0f} s, tallies {time.perf_counter() - t0 - copied:.0f} s"
    )


def country_tallies() -> None:
    """The country's monthly tallies, summed from the provinces' (older runs lack them)."""
    from survey.models import Tally

    Tally.objects.filter(centre__isnull=True, province__isnull=True).delete()
    months: dict[date, Tally] = {}
    for tally in Tally.objects.filter(centre__isnull=True, province__isnull=False).iterator():
        country = months.setdefault(tally.month, Tally(month=tally.month))
        country.responses += tally.responses
        for code, row in tally.counts.items():
            into = country.counts.setdefault(code, [0, 0, 0, 0, 0])
            for i, n in enumerate(row):
                into[i] += n
    Tally.objects.bulk_create(months.values())


def timed(fn: Callable[[], object], runs: int = 15) -> float:
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return stats.median(samples)


def time_statistics(loaded: int, centre_ids: list[int]) -> None:
    from django.db import connection

    from accounts.models import User
    from registry.models import Organisation, ServiceCentre
    from survey import selectors

    ops = User.objects.get(username="opsadmin")
    centre = ServiceCentre.objects.get(pk=centre_ids[0])
    province = Organisation.objects.get(code=f"P{centre.organisation.province_id}")
    r_start, r_end = date(2025, 10, 1), date(2026, 3, 31)  # FY2569's 6-month round
    y_start, y_end = date(2025, 10, 1), date(2026, 9, 30)  # FY2569

    def sql(query: str, params: list[Any]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            cursor.fetchall()

    from survey.questionnaire import current

    items = len(current().item_codes)
    means = ", ".join(f"avg(substr(scores, {i}, 1)::int)" for i in (1, 6, 10, 14, items))
    cases = [
        (
            "one centre's round",
            lambda: selectors.centre_stats(centre, r_start, r_end, numbers_only=True),
            lambda: sql(
                f"SELECT count(*), {means} FROM survey_response WHERE centre_id = %s"
                " AND submitted_at >= %s AND submitted_at < %s AND status = 'counted'",
                [centre.pk, r_start, r_end + timedelta(days=1)],
            ),
            5,
        ),
        (
            "one province's fiscal year",
            lambda: selectors.area_stats(
                ops, area=province, start=y_start, end=y_end, numbers_only=True
            ),
            lambda: sql(
                f"SELECT count(*), {means} FROM survey_response r JOIN registry_servicecentre c"
                " ON c.id = r.centre_id JOIN registry_organisation o ON o.id = c.organisation_id"
                " WHERE o.province_id = %s AND submitted_at >= %s AND submitted_at < %s"
                " AND r.status = 'counted'",
                [centre.organisation.province_id, y_start, y_end + timedelta(days=1)],
            ),
            20,
        ),
        (
            "the whole country's fiscal year",
            lambda: selectors.area_stats(
                ops, area=None, start=y_start, end=y_end, numbers_only=True
            ),
            lambda: sql(
                f"SELECT count(*), {means} FROM survey_response WHERE submitted_at >= %s"
                " AND submitted_at < %s AND status = 'counted'",
                [y_start, y_end + timedelta(days=1)],
            ),
            50,
        ),
    ]
    print(
        f"\nstatistics at {loaded:,} answers (median of 15; baseline = plain SQL means from the rows):"
    )
    for name, ours, baseline, target in cases:
        mine = timed(ours)
        base = timed(baseline, runs=3)
        print(
            f"  {name:<32} {mine:8.1f} ms (target {target} ms)   baseline {base:8.1f} ms   baseline/ours = {base / mine:5.1f}"
        )


Person = tuple[str, str, str, str]  # network address, device, form body, counter code
_crowds: dict[str, tuple[str, list[Person]]] = {}  # per load process and kind
_used: dict[str, int] = {}


def _crowd(path: str, codes: list[str]) -> tuple[str, list[Person]]:
    """The page's CSRF cookie and PEOPLE people of a load process, made at its first
    round (the warm-up) and kept: later rounds start at once, so that rounds can be
    short and neighbours in time. Each request is a different person, as at a national
    peak: its own phone (device cookie), its own network address (one of the loopback
    range's, 127.x.y.z), its own answers, at a counter drawn from all the country's."""
    import http.client

    if path in _crowds:
        return _crowds[path]
    rng = random.Random()
    token = started = ""
    items: list[str] = []
    if path == "survey":
        conn = http.client.HTTPConnection("127.0.0.1", PORT)
        conn.request("GET", f"/q/{codes[0]}/")  # every counter's form is the same
        page = conn.getresponse()
        # The cookies a phone sends back: the page's CSRF cookie (for its language
        # switch) beside the device's own.
        token = re.search(r"csrftoken=(\w+)", page.getheader("Set-Cookie", "")).group(1)  # type: ignore[union-attr]
        html = page.read().decode()
        started = re.search(r'name="started" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        items = re.findall(r'type="radio" name="(\w+)" value="5"', html)
    people = []
    for _ in range(PEOPLE):
        address = f"127.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        device = f"{rng.getrandbits(128):032x}"
        answers = "&".join(f"{i}={rng.choices('12345', (2, 4, 12, 38, 44))[0]}" for i in items)
        people.append((address, device, f"started={started}&{answers}", rng.choice(codes)))
    _crowds[path] = (token, people)
    return _crowds[path]


def _client(args: tuple[str, list[str], float, float]) -> tuple[int, int, int]:
    """One load process: sends requests from LEAD seconds before `start` (a time.time())
    until `seconds` after it; returns (counted, sent, ok), counted being those sent from
    `start` on. No person answers twice (see _crowd); the trivial view is asked the same
    way."""
    import http.client

    path, codes, start, seconds = args
    # Made before the clock starts, which is the same for every load process: the load
    # generator's work is not the server's. (Each process starting its own clock once
    # its people were made let the slower ones make theirs in the others' time.)
    token, people = _crowd(path, codes)
    counted = sent = ok = 0
    late = time.time() - (start - LEAD)
    if late > 0:
        raise RuntimeError(f"load process ready {late:.1f} s late; raise READY or STEADY")
    time.sleep(-late)
    end = start + seconds
    while (now := time.time()) < end:
        used = _used[path] = _used.get(path, 0) + 1
        if used > PEOPLE and path == "survey":  # asking /healthz again is no repeat
            raise RuntimeError("every person of a load process has answered; raise PEOPLE")
        address, device, body, code = people[(used - 1) % PEOPLE]
        conn = http.client.HTTPConnection("127.0.0.1", PORT, source_address=(address, 0))
        if path == "survey":
            headers = {
                "Cookie": f"saduak_device={device}; csrftoken={token}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            conn.request("POST", f"/q/{code}/", body=body, headers=headers)
        else:
            conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        conn.close()
        sent += 1
        ok += response.status in (200, 302)
        counted += now >= start
    return counted, sent, ok


def http_rates() -> None:
    from django.db.models import Count, Max

    from registry.models import Counter
    from survey.models import Arrival, Response

    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SURVEY_MIN_SECONDS": "0",  # the load sends at once; the other checks stay on
        "LOG_LEVEL": "WARNING",
    }
    workers = str(2 * (os.cpu_count() or 1) + 1)
    python = str(ROOT / ".venv/bin/python")
    # The production stack: gunicorn, and the intake process that judges and counts.
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "saduak.wsgi",
            "-w",
            workers,
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    folder = subprocess.Popen([python, "manage.py", "survey_intake"], cwd=ROOT, env=env)
    try:
        time.sleep(4)
        codes = list(Counter.objects.filter(is_active=True).values_list("survey_code", flat=True))
        # The two kinds take turns, ROUNDS times: the machine's pace drifts by a third
        # from minute to minute, and each ratio compares neighbours.
        rates: dict[str, list[float]] = {"trivial": [], "survey": []}
        acknowledged = sent_survey = 0
        with Pool(CLIENTS) as pool:
            for kind in ("trivial", "survey"):  # warm up: first requests are not measured
                pool.map(_client, [(kind, codes, time.time() + READY, 3)] * CLIENTS)
            while Arrival.objects.exists():  # the warm-up's answers folded away first
                time.sleep(0.1)
            before = Response.objects.count()
            last_before = Response.objects.aggregate(last=Max("pk"))["last"] or 0
            for _round in range(ROUNDS):
                for kind in ("trivial", "survey"):
                    # Each round starts with the answers before it judged and counted:
                    # their cost is the survey's, not the next round's.
                    while Arrival.objects.exists():
                        time.sleep(0.1)
                    start = time.time() + STEADY
                    results = pool.map(_client, [(kind, codes, start, SECONDS)] * CLIENTS)
                    rates[kind].append(sum(r[0] for r in results) / SECONDS)
                    if kind == "survey":
                        sent_survey += sum(r[1] for r in results)
                        acknowledged += sum(r[2] for r in results)
        waiting = Arrival.objects.count()
        t0 = time.perf_counter()
        while Arrival.objects.exists() and time.perf_counter() - t0 < 120:
            time.sleep(0.1)
        drained = time.perf_counter() - t0
        stored = Response.objects.count() + Arrival.objects.count() - before
        verdicts = dict(
            Response.objects.filter(pk__gt=last_before)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    finally:
        for process in (server, folder):
            process.terminate()
            process.wait()
    ratios = [100 * s / t for t, s in zip(rates["trivial"], rates["survey"], strict=True)]
    print(
        f"\nHTTP through gunicorn ({workers} workers) and the intake process,"
        f" {CLIENTS} load processes, {ROUNDS} rounds of {SECONDS} s for each kind:"
    )
    for n, (t, s, r) in enumerate(zip(rates["trivial"], rates["survey"], ratios, strict=True)):
        print(
            f"  round {n + 1}: trivial view {t:6.0f} requests/s, survey {s:6.0f} answers/s = {r:.0f} %"
        )
    print(
        f"  median: trivial view (/healthz) {stats.median(rates['trivial']):.0f} requests/s,"
        f" survey submissions {stats.median(rates['survey']):.0f} answers/s,"
        f" ratio {stats.median(ratios):.0f} % (target ≥ 60 %)"
    )
    print(
        f"  answers acknowledged {acknowledged:,}, stored {stored:,}: "
        f"{'none lost' if stored == acknowledged else 'MISMATCH'}"
        f"{f'; {sent_survey - acknowledged:,} requests failed' if sent_survey != acknowledged else ''}"
    )
    print(
        f"  the intake process: {waiting:,} answers waiting when the load stopped,"
        f" all judged and counted {drained:.1f} s later:"
        f" {verdicts.get('counted', 0):,} counted, {verdicts.get('suspect', 0):,} suspect"
    )


if __name__ == "__main__":
    main()
