"""Benchmark: following a circular sent to every local government (issue 12 §12).

Builds DLA's circular to 7,850 local governments over 76 provinces, asking for an
answer: about a third answered (three questions each), a third acknowledged only, the
rest silent (some of them opened it, some reminded once); and, before it, the same
letter to the first 1,000 of them. Then prints:

- the tracking page's number of queries at 1,000 and at 7,850 recipients (it must not
  grow with the recipients);
- the tracking page's server time as DLA's correspondence officer sees it through
  Django's test Client: median and slowest of the runs (target: median 200 ms), the
  time in SQL, and the same for a page filtered by province, sorted and paged;
- the answers' Excel sheet, one recipient's history, and reminding every silent unit
  (stored notices and queued e-mails), once each, for scale.

    .venv/bin/python bench/letters_tracking.py                     # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_follow .venv/bin/python \\
        bench/letters_tracking.py                                    # an empty database
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "7850"))
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
from correspondence import makers, reminding  # noqa: E402
from correspondence.models import Answer, Letter, Party, Question, Recipient  # noqa: E402
from demo import scenario  # noqa: E402
from notices.models import Notice  # noqa: E402
from registry.models import Organisation, Province  # noqa: E402

TYPES = ["sao"] * 55 + ["subdistrict_municipality"] * 30 + ["town_municipality"] * 5
TYPES += ["city_municipality"] * 1 + ["pao"] * 1


def build_local_governments(count: int, *, seed: int = 2569) -> list[int]:
    """`count` local governments over the 76 provinces (Bangkok has none), under DLA's
    provincial offices, with the mix of types the register has."""
    scenario.load()
    rng = random.Random(seed)
    dla = Organisation.objects.get(code="DLA")
    provinces = list(Province.objects.exclude(code="10").order_by("code"))[:76]
    Organisation.objects.bulk_create(
        [
            Organisation(
                code=f"L{n:05d}",
                name_th=f"องค์กรปกครองส่วนท้องถิ่นทดสอบ {n}",
                kind="local_government",
                lao_type=rng.choice(TYPES),
                parent=dla,
                province_id=provinces[n % len(provinces)].code,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    orgs = list(Organisation.objects.filter(code__startswith="L").order_by("code"))
    for org in orgs:
        org.path = f"{dla.path}{org.pk}/"
    Organisation.objects.bulk_update(orgs, ["path"], batch_size=2000)
    return [org.pk for org in orgs]


def build_letter(org_ids: list[int], *, number: int, seed: int = 2565) -> Letter:
    """DLA's circular to the organisations, as sending leaves it, and what its
    recipients did with it since."""
    rng = random.Random(seed)
    dla = Organisation.objects.get(code="DLA")
    clerk = User.objects.get(username="clerk.dla")
    sent = timezone.now() - timedelta(days=20)
    letter = Letter.objects.create(
        sender=dla,
        kind=Letter.Kind.CIRCULAR,
        letter_code="มท 0810.7",
        year=2569,
        number=number,
        date=timezone.localdate(sent),
        subject="การขับเคลื่อนนโยบายศูนย์ราชการสะดวก",
        salutation="นายกองค์กรปกครองส่วนท้องถิ่นทุกแห่ง",
        body="ตามที่ …",
        signatory_name="นายทดสอบ ระบบ",
        signatory_position="อธิบดีกรมส่งเสริมการปกครองท้องถิ่น",
        action=Letter.Action.ANSWER,
        due_date=timezone.localdate() - timedelta(days=5),
        state=Letter.State.SENT,
        created_by=clerk,
        sent_by=clerk,
        sent_at=sent,
        delivered_at=sent,
        recipient_count=len(org_ids),
    )
    letter.root = letter
    letter.save(update_fields=["root"])
    questions = [
        Question.objects.create(letter=letter, position=0, kind="yes_no", label="พร้อมหรือไม่"),
        Question.objects.create(letter=letter, position=1, kind="number", label="จำนวน"),
        Question.objects.create(letter=letter, position=2, kind="text", label="ข้อเสนอแนะ"),
    ]
    rows = []
    for pk in org_ids:
        fate = rng.random()
        copy = Recipient(letter=letter, organisation_id=pk, delivered_at=sent)
        opened = sent + timedelta(minutes=rng.randint(5, 3000))
        if fate < 0.7 or fate > 0.85:  # opened
            copy.opened_at, copy.opened_by = opened, clerk
        if fate < 0.7:  # acknowledged, and a half of them answered
            acknowledged = opened + timedelta(minutes=rng.randint(1, 6000))
            copy.acknowledged_at, copy.acknowledged_by = acknowledged, clerk
            copy.register_number = str(rng.randint(1, 9999))
            copy.register_date = timezone.localdate(acknowledged)
            if fate < 0.35:
                copy.answered_at = acknowledged + timedelta(hours=rng.randint(1, 200))
                copy.answered_by = clerk
        rows.append(copy)
    Recipient.objects.bulk_create(rows, batch_size=2000)
    Party.objects.bulk_create(
        [Party(letter=letter, organisation_id=pk) for pk in [dla.pk, *org_ids]], batch_size=2000
    )
    answered = Recipient.objects.filter(letter=letter, answered_at__isnull=False)
    Answer.objects.bulk_create(
        [
            answer
            for copy in answered
            for answer in (
                Answer(recipient=copy, question=questions[0], yes=rng.random() < 0.8),
                Answer(recipient=copy, question=questions[1], number=Decimal(rng.randint(1, 40))),
                Answer(recipient=copy, question=questions[2], text=rng.choice(["", "=1+1", "ดี"])),
            )
        ],
        batch_size=2000,
    )
    # One reminder round for part of the silent, a week ago.
    silent = Recipient.objects.filter(letter=letter, answered_at__isnull=True)
    Notice.objects.bulk_create(
        [
            Notice(
                kind=Notice.Kind.REMINDER,
                channel=Notice.Channel.INBOX,
                status=Notice.Status.SENT,
                organisation_id=copy.organisation_id,
                letter=letter,
                subject="แจ้งเตือน",
                body="แจ้งเตือน",
                key=f"reminder:{letter.pk}:1:{copy.organisation_id}",
                created_by=clerk,
            )
            for copy in silent[: len(org_ids) // 4]
        ],
        batch_size=2000,
    )
    Notice.objects.filter(letter=letter).update(created_at=timezone.now() - timedelta(days=7))
    return letter


def queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


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


def once(client: Client, url: str) -> float:
    t0 = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    org_ids = build_local_governments(RECIPIENTS)
    small = build_letter(org_ids[:SMALL], number=1)
    large = build_letter(org_ids, number=2)
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load
        cursor.execute("ANALYZE")
    print(
        f"built {RECIPIENTS} local governments and letters to {SMALL} and {RECIPIENTS} of "
        f"them on {connection.vendor} in {time.perf_counter() - started:.1f} s"
    )
    client = Client()
    client.force_login(User.objects.get(username="clerk.dla"))
    page = "/letters/{}/tracking/"
    few, many = queries(client, page.format(small.pk)), queries(client, page.format(large.pk))
    print(
        f"tracking page, as DLA's clerk: {few} queries with {SMALL} recipients, "
        f"{many} with {RECIPIENTS} (target: the same)"
    )
    for label, query in [
        ("first view", ""),
        ("a province, sorted by share acknowledged, page 2", "?province=94&sort=-percent&page=2"),
    ]:
        median, slowest, count, sql = timed(client, page.format(large.pk) + query)
        print(
            f"tracking page at {RECIPIENTS} recipients, {label}: median {median:.1f} ms, "
            f"slowest {slowest:.1f} ms over {RUNS} runs, {count} queries taking {sql:.1f} ms "
            "(target: median 200 ms)"
        )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    answering = Recipient.objects.filter(letter=large, answered_at__isnull=False).count()
    t0 = time.perf_counter()
    makers.answers(User.objects.get(username="clerk.dla"), {"letter": large.pk}, lambda *_: None)
    took = (time.perf_counter() - t0) * 1000
    print(f"answers' Excel sheet, {answering} answering units, made by the worker: {took:.0f} ms")
    copy = Recipient.objects.filter(letter=large).order_by("pk").first()
    assert copy is not None
    took = once(client, f"/letters/{large.pk}/recipients/{copy.pk}/")
    print(f"one recipient's history: {took:.1f} ms")
    t0 = time.perf_counter()
    reminded = reminding.remind_silent(user=User.objects.get(username="clerk.dla"), letter=large)
    print(
        f"reminding the silent: {reminded} units, "
        f"{Notice.objects.filter(letter=large, key__startswith=f'reminder:{large.pk}:2:').count()}"
        f" notices stored and e-mails queued in {(time.perf_counter() - t0) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
