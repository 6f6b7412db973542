"""Benchmark: certification for a whole country.

Builds 10,000 centres (bench/national.py), 3,000 certificates in every state over seven
fiscal years, and 1,000 applications of one call, then prints:

- the public register's search (median and slowest of the runs), for four searches a
  citizen makes: the first page, a name, a province, the valid ones of a level;
- the screening queue page's number of queries with 10 applications and with 1,000
  (it must not grow with the applications);
- the certificate PDF's time.

    .venv/bin/python bench/certification.py                       # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/certification.py
"""

import logging
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CENTRES = int(os.environ.get("BENCH_CENTRES", "10000"))
CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", "3000"))
APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "1000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saduak.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.national import build_centres  # noqa: E402
from certification.certificate_pdf import render_certificate  # noqa: E402
from certification.certificates import format_number, valid_until  # noqa: E402
from certification.models import Application, Call, Certificate  # noqa: E402
from standards.selectors import standard_for_year  # noqa: E402

FISCAL_YEAR = 2569
logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its layout steps are noise here


def build_call() -> Call:
    standard = standard_for_year(2565)
    assert standard is not None
    call = Call.objects.create(
        fiscal_year=FISCAL_YEAR,
        standard=standard,
        applications_open=date(2026, 1, 5),
        applications_close=date(2026, 2, 27),
        screening_deadline=date(2026, 3, 31),
        visits_from=date(2026, 5, 1),
        visits_until=date(2026, 7, 31),
        decision_on=date(2026, 9, 15),
        state=Call.State.OPEN,
    )
    call.levels.set(standard.levels.all())
    return call


def build_applications(call: Call, centre_ids: list[int], states: list[Any]) -> None:
    """One application per centre given, in the states given in turn (most of them
    waiting for or in screening: what the queue lists)."""
    admin = User.objects.get(username="opsadmin")
    levels = list(call.standard.levels.order_by("order"))
    now = timezone.now()
    Application.objects.bulk_create(
        [
            Application(
                call=call,
                centre_id=pk,
                level=levels[n % len(levels)],
                state=states[n % len(states)],
                created_by=admin,
                first_sent_at=now - timedelta(days=n % 30),
            )
            for n, pk in enumerate(centre_ids)
        ],
        batch_size=2000,
    )


def build_certificates(centre_ids: list[int], *, seed: int = 2565) -> None:
    """CERTIFICATES certificates over fiscal years 2563–2569: most valid, some
    suspended, revoked, superseded or expired (an old year's, still "active")."""
    rng = random.Random(seed)
    standard = standard_for_year(2565)
    assert standard is not None
    levels = list(standard.levels.order_by("order"))
    running: dict[int, int] = {}
    rows = []
    for pk in rng.sample(centre_ids, CERTIFICATES):
        year = rng.randint(2563, 2569)
        running[year] = running.get(year, 0) + 1
        start = date(year - 543 - 1, 10, 1) + timedelta(days=rng.randint(0, 360))
        state = rng.choices(["active", "suspended", "revoked", "superseded"], [85, 5, 4, 6])[0]
        rows.append(
            Certificate(
                number=format_number(year, running[year]),
                centre_id=pk,
                level=rng.choices(levels, [70, 25, 5])[0],
                fiscal_year=year,
                valid_from=start,
                valid_until=valid_until(start),
                state=state,
                state_changed_at=timezone.now(),
                suspended_until=start + timedelta(days=400) if state == "suspended" else None,
            )
        )
    Certificate.objects.bulk_create(rows, batch_size=2000)


def timed(client: Client, url: str, runs: int = RUNS) -> tuple[float, float, int, float]:
    """Median and slowest server time (ms), queries, and the median time in SQL (ms)."""
    client.get(url)  # warm caches (templates, translations)
    timings, in_sql = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        in_sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
    return (
        statistics.median(timings),
        max(timings),
        len(ctx.captured_queries),
        statistics.median(in_sql),
    )


# >>> THE LEAD POINTS THIS AT THE SCREENING QUEUE ------------------------------------------
def queue_url(call: Call) -> tuple[str, str]:
    """The screening queue page of the call, and what it is. The screening queue
    (certification:screening_queue) is built in another branch: where it does not exist
    yet, the certificates list (the same kind of list page) stands in for it. At merge,
    pass the arguments the queue takes here."""
    try:
        return reverse("certification:screening_queue"), "screening queue"
    except NoReverseMatch:
        return reverse("certification:certificates"), "certificates list (stand-in for the queue)"


# <<< ---------------------------------------------------------------------------------------


def queue_queries(call: Call) -> tuple[str, int, int]:
    client = Client()
    client.force_login(User.objects.get(username="opsadmin"))
    url, what = queue_url(call)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if what == "screening queue":
        rows = Application.objects.filter(call=call).count()
    else:
        rows = Certificate.objects.count()
    return what, rows, len(ctx.captured_queries)


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    centre_ids = build_centres(CENTRES)
    call = build_call()
    queue_states = [Application.State.SENT, Application.State.IN_SCREENING]
    # The queue with 10 applications (and 10 certificates for the stand-in list) …
    build_applications(call, centre_ids[:10], queue_states)
    first = Certificate.objects.count()
    Certificate.objects.bulk_create(
        [
            Certificate(
                number=format_number(2562, n + 1),
                centre_id=pk,
                fiscal_year=2562,
                valid_from=date(2019, 6, 1),
                valid_until=valid_until(date(2019, 6, 1)),
            )
            for n, pk in enumerate(centre_ids[:10])
        ]
    )
    what, rows_small, queries_small = queue_queries(call)
    # … and with the whole country's.
    build_applications(
        call,
        centre_ids[10:APPLICATIONS],
        [*queue_states, Application.State.PASSED, Application.State.RETURNED],
    )
    Certificate.objects.filter(fiscal_year=2562).delete()
    assert Certificate.objects.count() == first
    build_certificates(centre_ids)
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load
        cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    print(
        f"built {CENTRES} centres, {Certificate.objects.count()} certificates, "
        f"{Application.objects.count()} applications on {connection.vendor} in {elapsed:.1f} s"
    )
    _what, rows_large, queries_large = queue_queries(call)
    print(
        f"{what}, as OPS PMO: {queries_small} queries with {rows_small} rows, "
        f"{queries_large} with {rows_large} (target: the same)"
    )

    citizen = Client()
    sample = Certificate.objects.select_related("centre__organisation").order_by("id")[
        CERTIFICATES // 2
    ]
    searches: list[tuple[str, dict[str, Any]]] = [
        ("first page", {}),
        ("by name", {"q": "ทดสอบ 12"}),
        ("by province", {"province": sample.centre.organisation.province_id}),
        ("valid, basic level", {"status": "valid", "level": "basic"}),
    ]
    base = reverse("register:search")
    for label, query in searches:
        url = base + "?" + "&".join(f"{k}={v}" for k, v in query.items())
        median, slowest, queries, sql = timed(citizen, url)
        print(
            f"register search, {label}: median {median:.1f} ms, slowest {slowest:.1f} ms "
            f"over {RUNS} runs, {queries} queries taking {sql:.1f} ms "
            "(target: median 30 ms on PostgreSQL)"
        )
    median, slowest, queries, sql = timed(citizen, reverse("register:verify", args=[sample.number]))
    print(
        f"verification page: median {median:.1f} ms, slowest {slowest:.1f} ms, "
        f"{queries} queries taking {sql:.1f} ms"
    )
    # Other work on the machine slows every figure above: say how busy it was.
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    url = "http://saduak.example/register/" + sample.number + "/"
    timings = []
    for _ in range(5):
        t0 = time.perf_counter()
        pdf = render_certificate(sample, url=url)
        timings.append((time.perf_counter() - t0) * 1000)
    print(
        f"certificate PDF: first {timings[0]:.0f} ms, then median "
        f"{statistics.median(timings[1:]):.0f} ms, {len(pdf) // 1024} KB (target: 1 s)"
    )


if __name__ == "__main__":
    main()
