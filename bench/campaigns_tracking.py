"""Benchmark: following a campaign sent to every local government (issue 13 §2).

Builds DLA's incentive-needs campaign to 7,850 local governments over 76 provinces
(bench/letters_tracking.py builds them), about 60 % answered (each with a sent
response), and before it the same campaign to the first 1,000. Then prints:

- the tracking page's number of queries at 1,000 and at 7,850 targets (it must not grow
  with the targets), and its server time as DLA's overseer sees it through Django's test
  Client: median and slowest of the runs, and the time in SQL;
- the same for the figures fragment the page polls every 30 seconds, and for the page
  filtered by province and kind, sorted by rate;
- reminding every silent unit (stored notices and queued e-mails), once, for scale.

    .venv/bin/python bench/campaigns_tracking.py                   # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_campaigns .venv/bin/python \\
        bench/campaigns_tracking.py                                  # an empty database
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGETS = int(os.environ.get("BENCH_TARGETS", "7850"))
SMALL = int(os.environ.get("BENCH_SMALL", "1000"))
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
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.letters_tracking import build_local_governments  # noqa: E402
from campaigns import questionnaire, reminding  # noqa: E402
from campaigns.models import Campaign, Response, Target  # noqa: E402
from notices.models import Notice  # noqa: E402
from registry.models import Organisation  # noqa: E402
from thaicalendar import dates  # noqa: E402


def build_campaign(org_ids: list[int], *, seed: int = 2569) -> Campaign:
    """DLA's campaign to the organisations, launched 10 days ago, 60 % answered."""
    rng = random.Random(seed)
    today = dates.bangkok_today()
    overseer = User.objects.get(username="overseer.dla")
    campaign = Campaign.objects.create(
        owner=Organisation.objects.get(code="DLA"),
        title_th="ความต้องการสิ่งจูงใจในการขอรับรองมาตรฐานศูนย์ราชการสะดวก",
        questionnaire=questionnaire.template("incentive-needs"),
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=20),
        target_count=len(org_ids),
        launched_at=timezone.now() - timedelta(days=10),
        launched_by=overseer,
        created_by=overseer,
    )
    now = timezone.now()
    targets = Target.objects.bulk_create(
        [
            Target(
                campaign=campaign,
                organisation_id=pk,
                answered_at=now if rng.random() < 0.6 else None,
            )
            for pk in org_ids
        ],
        batch_size=2000,
    )
    Response.objects.bulk_create(
        [
            Response(
                campaign=campaign,
                target=target,
                questionnaire=campaign.questionnaire,
                state=Response.State.SENT,
                sent_on=today,
                sent_at=now,
            )
            for target in targets
            if target.answered_at
        ],
        batch_size=2000,
    )
    return campaign


def measure(client: Client, url: str) -> tuple[int, float, float, float]:
    """(queries, median ms, slowest ms, median ms in SQL) over RUNS requests."""
    client.get(url)  # warm
    times, sql, queries = [], [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    return queries, statistics.median(times), max(times), statistics.median(sql)


def main() -> None:
    call_command("migrate", verbosity=0)
    org_ids = build_local_governments(TARGETS)
    small = build_campaign(org_ids[:SMALL])
    big = build_campaign(org_ids)
    client = Client()
    client.force_login(User.objects.get(username="overseer.dla"))
    print(f"{connection.vendor}: {TARGETS:,} targets, {RUNS} runs each")
    for label, campaign in ((f"{SMALL:,}", small), (f"{TARGETS:,}", big)):
        base = f"/campaigns/{campaign.pk}/tracking/"
        for what, url in (
            ("page", base),
            ("figures fragment", f"{base}figures/"),
            ("filtered, by rate", f"{base}?province=94&kind=sao&sort=-rate&page=2"),
        ):
            queries, median, slowest, sql = measure(client, url)
            print(
                f"  {label:>6} targets, {what:<18} {queries:>3} queries, "
                f"median {median:7.1f} ms, slowest {slowest:7.1f} ms, SQL {sql:6.1f} ms"
            )
    overseer = User.objects.get(username="overseer.dla")
    start = time.perf_counter()
    reminded = reminding.remind_silent(user=overseer, campaign=big)
    took = time.perf_counter() - start
    notices = Notice.objects.filter(campaign=big).count()
    print(f"  remind: {reminded:,} organisations, {notices:,} notices in {took:.2f} s")
    queries, median, slowest, sql = measure(client, f"/campaigns/{big.pk}/tracking/")
    print(f"  page after the reminder: {queries} queries, median {median:.1f} ms")


if __name__ == "__main__":
    main()
