"""Benchmark: the completeness page for a whole country.

Builds 10,000 centres (with their organisations) and one report each for an open round,
with a realistic mix of statuses, then times the completeness page as a national
reviewer sees it, through Django's full request stack. Prints the server time (median
and slowest of the runs) and the number of queries.

    .venv/bin/python bench/completeness.py                       # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/completeness.py
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CENTRES = int(os.environ.get("BENCH_CENTRES", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "15"))

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saduak.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.national import build_centres  # noqa: E402
from downloads.models import Download  # noqa: E402
from maintenance import services  # noqa: E402
from maintenance.models import Report  # noqa: E402
from saduak.background import run_queued_tasks  # noqa: E402


def build() -> int:
    call_command("migrate", verbosity=0)
    build_centres(CENTRES)
    ops = User.objects.get(username="opsadmin")
    rnd = services.set_round(actor=ops, fiscal_year=2569, months=6, deadline=date(2026, 4, 15))
    services.open_round(actor=ops, rnd=rnd)  # every certified centre now owes a report
    rng = random.Random(2569)
    now = timezone.now()
    reports = list(Report.objects.filter(round=rnd))
    for report in reports:
        report.status = rng.choices(
            ["owed", "draft", "submitted", "returned", "accepted"], [15, 10, 30, 5, 40]
        )[0]
        sent = report.status in ("submitted", "returned", "accepted")
        late = timedelta(days=rng.randint(1, 20)) if sent and rng.random() < 0.2 else timedelta(0)
        report.first_submitted_at = now if sent else None
        report.late_by = late if sent else None
    Report.objects.bulk_update(
        reports, ["status", "first_submitted_at", "late_by"], batch_size=2000
    )
    return rnd.pk


def main() -> None:
    started = time.perf_counter()
    round_pk = build()
    elapsed = time.perf_counter() - started
    print(f"built {CENTRES} centres and reports on {connection.vendor} in {elapsed:.1f} s")
    client = Client()
    client.force_login(User.objects.get(username="reviewer"))
    url = f"/reports/completeness/?round={round_pk}"
    client.get(url)  # warm caches (templates, translations)
    timings = []
    for _ in range(RUNS):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    print(
        f"completeness page, {CENTRES} centres, national reviewer: "
        f"median {statistics.median(timings):.0f} ms, slowest {max(timings):.0f} ms "
        f"over {RUNS} runs, {len(ctx.captured_queries)} queries (target: under 300 ms)"
    )
    # The export: asked for in the request (the POST stores the download and queues its
    # task), then made by the worker (here in this process), then downloaded.
    t0 = time.perf_counter()
    response = client.post(f"/reports/completeness.xlsx?round={round_pk}")
    asked = (time.perf_counter() - t0) * 1000
    assert response.status_code == 302, response.status_code
    t0 = time.perf_counter()
    run_queued_tasks()
    made = (time.perf_counter() - t0) * 1000
    download = Download.objects.get(user__username="reviewer")
    assert download.state == Download.State.READY, download.state
    print(
        f"Excel export of all {CENTRES} centres: asked in {asked:.0f} ms, "
        f"made by the worker in {made:.0f} ms, {download.size // 1024} KB"
    )


if __name__ == "__main__":
    main()
