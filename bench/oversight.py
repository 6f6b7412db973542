"""Benchmark: the oversight dashboards at national scale (issue 15 §7).

    make bench-oversight      (or: .venv/bin/python bench/oversight.py)

1. Builds a whole country: 10,000 units with one centre each under DLA's provincial
   offices (bench/national.py), 3,000 certificates of every level and state (some
   expiring within 6 months, some under watch, suspended, revoked), last fiscal year's
   two rounds and this year's first, opened, with reports on time, late, missing,
   returned and accepted; 10 million citizens' answers over the last 24 months (about
   3 % left out as suspect or rejected), written by the database itself from a plan of
   answers per centre and month, with the monthly tallies of centres, provinces and
   the country computed from the same plan; 100 letters to 7,850 units each, partly
   acknowledged and answered, some overdue; 5 open campaigns to 7,850 units, about 60 %
   answered; 1,000 applications on their way (bench/certification.py); the yearly
   targets of the nation, DLA and Pattani. Prints the build time.
2. Times the dashboard, through Django's test Client (the full request stack, warm, the
   median of BENCH_RUNS requests), as the nation (opsadmin), a province (its overseer),
   a department (DLA's overseer), a district and a unit, with its number of queries and
   time in SQL; then compares the number of queries of a scope of one unit with that of
   the nation: it must not grow with the units; and the nation's first visit of a day,
   when every unit's letters are counted again. Whatever sections are registered are
   timed (oversight/sections.py): the figures measure everything merged by then.

Settings: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_oversight,
dropped and made anew; a sqlite:/// address works too, with smaller defaults),
BENCH_REUSE=1 (keep a database built before, if it is complete, and only time),
BENCH_CENTRES, BENCH_CERTIFICATES, BENCH_APPLICATIONS, BENCH_ANSWERS, BENCH_LETTERS, BENCH_RECIPIENTS,
BENCH_CAMPAIGNS, BENCH_RUNS.
"""

import io
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_oversight")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saduak.settings")
SMALL = URL.startswith("sqlite")  # SQLite: the same country, smaller
CENTRES = int(os.environ.get("BENCH_CENTRES", "1000" if SMALL else "10000"))
CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", "300" if SMALL else "3000"))
ANSWERS = int(os.environ.get("BENCH_ANSWERS", "200000" if SMALL else "10000000"))
LETTERS = int(os.environ.get("BENCH_LETTERS", "10" if SMALL else "100"))
RECIPIENTS = min(CENTRES, int(os.environ.get("BENCH_RECIPIENTS", "785" if SMALL else "7850")))
APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "100" if SMALL else "1000"))
CAMPAIGNS = int(os.environ.get("BENCH_CAMPAIGNS", "5"))
RUNS = int(os.environ.get("BENCH_RUNS", "9"))
REUSE = os.environ.get("BENCH_REUSE", "") not in ("", "0")
MONTHS = 24  # of answers, up to this one
SHAPES = 64  # distinct sets of scores, answer k of a centre's month has shape k % 64


def fresh_database() -> None:
    if SMALL:
        path = Path(URL.removeprefix("sqlite:///"))
        if path.exists():
            path.unlink()
        return
    import psycopg

    name = URL.rsplit("/", 1)[1]
    with psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_exists() -> bool:
    if SMALL:
        return Path(URL.removeprefix("sqlite:///")).exists()
    import psycopg

    name = URL.rsplit("/", 1)[1]
    with psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def main() -> None:
    reuse = REUSE and database_exists()
    if not reuse:
        fresh_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if reuse and built():
        print(f"reusing the country built before in {URL.rsplit('/', 1)[1]}")
    else:
        if reuse:  # an earlier build did not finish: start again
            from django.db import connections

            connections.close_all()
            fresh_database()
            call_command("migrate", verbosity=0)
        build()
    time_dashboards()


def built() -> bool:
    """Whether the database holds a whole country (the last step of build() is done)."""
    from oversight.models import Target

    return Target.objects.filter(organisation__isnull=True).exists()


@contextmanager
def unchecked() -> Iterator[None]:
    """On PostgreSQL, rows written without their foreign keys' checks (the triggers of
    session_replication_role): the bench writes only rows it knows to be whole, ten
    million of them, and each check is a lookup in another table's index."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


def step(name: str, t0: float) -> float:
    now = time.perf_counter()
    print(f"  {name}: {now - t0:.1f} s", flush=True)
    return now


def build() -> None:
    from django.db import connection

    from bench.national import build_centres
    from registry.models import ServiceCentre

    print(
        f"building on {connection.vendor}: {CENTRES:,} centres, {CERTIFICATES:,} certificates, "
        f"{ANSWERS:,} answers, {LETTERS} letters to {RECIPIENTS:,} units, "
        f"{CAMPAIGNS} campaigns",
        flush=True,
    )
    started = t0 = time.perf_counter()
    build_centres(CENTRES, certified=0)
    centres = list(
        ServiceCentre.objects.filter(organisation__code__startswith="B")
        .order_by("pk")
        .values_list("pk", "organisation_id", "organisation__province_id")
    )
    t0 = step("centres", t0)
    certify([c for c, _o, _p in centres[:CERTIFICATES]])
    applications([c for c, _o, _p in centres[CERTIFICATES : CERTIFICATES + APPLICATIONS]])
    t0 = step("certificates and applications", t0)
    rounds()
    t0 = step("rounds and reports", t0)
    answers(centres)
    t0 = step("answers and tallies", t0)
    organisations = [o for _c, o, _p in centres[:RECIPIENTS]]
    letters(organisations)
    t0 = step("letters", t0)
    campaigns(organisations)
    t0 = step("campaigns", t0)
    targets()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    step("targets, VACUUM ANALYZE", t0)
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def certify(centre_ids: list[int]) -> None:
    """Certificates of every level: most valid, some expiring within 6 months, some
    under watch, suspended (to be fixed by a date), revoked or expired."""
    from django.utils import timezone

    from certification.models import Certificate
    from standards.models import Level
    from thaicalendar import dates

    rng = random.Random(15)
    today = dates.bangkok_today()
    levels = list(Level.objects.order_by("standard_id", "order"))
    now = timezone.now()
    rows = []
    for n, centre in enumerate(centre_ids):
        fate = rng.random()
        start = today - timedelta(days=rng.randint(30, 700))
        until = start + timedelta(days=3 * 365)
        certificate = Certificate(
            number=f"OV-{centre:06d}",
            centre_id=centre,
            level=levels[n % len(levels)] if levels else None,
            fiscal_year=dates.fiscal_year(start),
            valid_from=start,
            valid_until=until,
        )
        if fate < 0.10:  # expiring within 6 months
            certificate.valid_until = today + timedelta(days=rng.randint(10, 175))
            certificate.valid_from = certificate.valid_until - timedelta(days=3 * 365)
        elif fate < 0.14:
            certificate.under_watch = True
        elif fate < 0.17:
            certificate.state = Certificate.State.SUSPENDED
            certificate.state_changed_at = now - timedelta(days=rng.randint(1, 60))
            certificate.suspended_until = today + timedelta(days=rng.randint(10, 90))
        elif fate < 0.19:
            certificate.state = Certificate.State.REVOKED
            certificate.state_changed_at = now - timedelta(days=rng.randint(1, 200))
        elif fate < 0.21:  # expired, not renewed
            certificate.valid_until = today - timedelta(days=rng.randint(1, 200))
            certificate.valid_from = certificate.valid_until - timedelta(days=3 * 365)
        rows.append(certificate)
    Certificate.objects.bulk_create(rows, batch_size=2000)


def applications(centre_ids: list[int]) -> None:
    """This year's call, with applications on their way, as bench/certification.py
    builds them: sent, in screening, returned, passed, visit scheduled, assessed."""
    from bench.certification import build_applications, build_call
    from certification.models import Application

    S = Application.State
    states = [S.SENT, S.IN_SCREENING, S.RETURNED, S.PASSED, S.VISIT_SCHEDULED, S.ASSESSED]
    build_applications(build_call(), centre_ids, states)


def rounds() -> None:
    """Last fiscal year's two rounds and this year's first, opened; last year's reports
    nearly all in (some late, a few missing), this year's on their way."""
    from django.utils import timezone

    from accounts.models import User
    from maintenance import services
    from maintenance.models import Report
    from thaicalendar import dates

    ops = User.objects.get(username="opsadmin")
    this_year = dates.fiscal_year(dates.bangkok_today())
    rng = random.Random(2570)
    for fiscal_year, months, mix in (
        (this_year - 1, 6, [3, 2, 75, 5, 15]),
        (this_year - 1, 12, [8, 4, 30, 8, 50]),
        (this_year, 6, [35, 30, 20, 5, 10]),
    ):
        period = dates.round_for(fiscal_year, months)
        rnd = services.set_round(
            actor=ops, fiscal_year=fiscal_year, months=months, deadline=period.deadline
        )
        services.open_round(actor=ops, rnd=rnd)
        reports = list(Report.objects.filter(round=rnd))
        due = rnd.due
        now = timezone.now()
        for report in reports:
            report.status = rng.choices(
                ["owed", "draft", "accepted", "returned", "submitted"], mix
            )[0]
            if report.status in ("accepted", "returned", "submitted"):
                late = rng.random() < 0.2
                sent = (
                    due + timedelta(days=rng.randint(1, 20))
                    if late
                    else due - timedelta(days=rng.randint(0, 30))
                )
                report.first_submitted_at = min(sent, now)
                report.late_by = max(report.first_submitted_at - due, timedelta(0))
        Report.objects.bulk_update(
            reports, ["status", "first_submitted_at", "late_by"], batch_size=2000
        )


def month_starts(today: date) -> list[date]:
    """The first days of the last MONTHS months, this one included."""
    first = today.replace(day=1)
    out = []
    for back in range(MONTHS - 1, -1, -1):
        m = first.month - 1 - back
        out.append(date(first.year + m // 12, m % 12 + 1, 1))
    return out


def answers(centres: list[tuple[int, int, str]]) -> None:
    """ANSWERS answers over the centres and months: a plan of (centre, month, counted,
    left out) drawn here, then the rows written by the database from it (PostgreSQL:
    generate_series; SQLite: from Python), and the tallies computed from the same plan:
    answer k of a centre's month has shape k % 64, so its counts are known without
    reading the rows back."""
    from django.db import connection

    from registry.models import Counter
    from survey.models import Response, Tally
    from survey.questionnaire import current
    from thaicalendar import dates

    rng = random.Random(10_000_000)
    questionnaire = current()
    codes = questionnaire.item_codes
    weights = [2, 4, 12, 38, 44]  # most Thai service surveys come out "high"
    shapes = [
        "".join(str(rng.choices(range(1, 6), weights)[0]) for _ in codes) for _ in range(SHAPES)
    ]
    # prefix[r][i][d]: how many of shapes 0..r-1 give item i the score d+1.
    prefix = [[[0] * 5 for _ in codes]]
    for shape in shapes:
        row = [list(scores) for scores in prefix[-1]]
        for i, digit in enumerate(shape):
            row[i][int(digit) - 1] += 1
        prefix.append(row)
    months = month_starts(dates.bangkok_today())
    counter_of = dict(
        Counter.objects.filter(centre_id__in=[c for c, _o, _p in centres]).values_list(
            "centre_id", "pk"
        )
    )
    # The plan: each centre its own volume, certified ones busier; a few stuffed.
    certified = set(centres[:CERTIFICATES])
    volume = {
        c: rng.uniform(2, 4) if (c, o, p) in certified else rng.uniform(0.3, 1.5)
        for c, o, p in centres
    }
    stuffed = {c for c, _o, _p in centres[:CERTIFICATES:50]}
    scale = ANSWERS / (sum(volume.values()) * len(months))
    plan = []  # (centre, month index, counted, left out)
    for c, _o, _p in centres:
        for m in range(len(months)):
            n = max(0, round(volume[c] * scale * rng.uniform(0.6, 1.4)))
            out = round(n * (0.3 if c in stuffed else rng.uniform(0, 0.04)))
            plan.append((c, m, n - out, out))
    total = sum(n + out for _c, _m, n, out in plan)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'survey_response'"
                " AND indexname NOT LIKE '%%pkey'"
            )
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute(
                "CREATE TEMP TABLE bench_plan (centre_id int, counter_id int, month date,"
                " counted int, total int)"
            )
            cursor.execute("CREATE TEMP TABLE bench_shape (n int, scores text)")
            with cursor.copy("COPY bench_shape FROM STDIN") as copy:
                copy.write("".join(f"{n}\t{s}\n" for n, s in enumerate(shapes)))
            buffer = io.StringIO()
            for c, m, n, out in plan:
                buffer.write(f"{c}\t{counter_of[c]}\t{months[m].isoformat()}\t{n}\t{n + out}\n")
            with cursor.copy("COPY bench_plan FROM STDIN") as copy:
                copy.write(buffer.getvalue())
            # 10:00 to about 16:00 Bangkok (03:00 UTC on), days 2 to 27 of the month.
            t0 = time.perf_counter()
            with unchecked():
                cursor.execute(
                    "INSERT INTO survey_response (counter_id, centre_id, questionnaire_id,"
                    " submitted_at, scores, local_scores, respondent, comment, status, reasons,"
                    " source, device_hash, network_hash, fingerprint)"
                    " SELECT p.counter_id, p.centre_id, %s,"
                    " (p.month + (1 + k %% 26) * interval '1 day' + interval '3 hours'"
                    "  + (k * 37 %% 21600) * interval '1 second') AT TIME ZONE 'UTC',"
                    " s.scores, '{}', '{}', '',"
                    " CASE WHEN k < p.counted THEN 'counted' WHEN k %% 3 = 0 THEN 'suspect'"
                    "  ELSE 'rejected' END,"
                    " CASE WHEN k < p.counted THEN '[]' WHEN k %% 2 = 0 THEN '[\"repeat\"]'"
                    '  ELSE \'["too_fast", "device_burst"]\' END::jsonb,'
                    " 'web', '', '', ''"
                    " FROM bench_plan p CROSS JOIN LATERAL generate_series(0, p.total - 1) k"
                    " JOIN bench_shape s ON s.n = k %% 64",
                    [questionnaire.pk],
                )
            t0 = step(f"{total:,} answers inserted", t0)
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            step(f"their {len(indexes)} indexes built again", t0)
            cursor.execute("DROP TABLE bench_plan, bench_shape")
        else:
            batch: list[Response] = []
            for c, m, n, out in plan:
                for k in range(n + out):
                    counted = k < n
                    batch.append(
                        Response(
                            counter_id=counter_of[c],
                            centre_id=c,
                            questionnaire=questionnaire,
                            submitted_at=_utc(months[m], k),
                            scores=shapes[k % SHAPES],
                            status="counted"
                            if counted
                            else ("suspect" if k % 3 == 0 else "rejected"),
                            reasons=[] if counted else ["repeat"],
                        )
                    )
                if len(batch) > 20000:
                    Response.objects.bulk_create(batch)
                    batch = []
            Response.objects.bulk_create(batch)
    print(f"  {total:,} answers written", flush=True)
    # The tallies, from the plan: a centre's month of n counted answers has every shape
    # n // 64 times, and shapes 0 .. n % 64 - 1 once more.
    whole = prefix[SHAPES]

    def counts_of(q: int, r: int) -> dict[str, list[int]]:
        part = prefix[r]
        return {
            code: [q * a + b for a, b in zip(whole[i], part[i], strict=True)]
            for i, code in enumerate(codes)
        }

    province_of = {c: p for c, _o, p in centres}
    areas: dict[tuple[str | None, int], list[Any]] = {}  # (province, month): [q, {r: n}, n]
    rows = []
    for c, m, n, _out in plan:
        if not n:
            continue
        q, r = divmod(n, SHAPES)
        rows.append(Tally(centre_id=c, month=months[m], responses=n, counts=counts_of(q, r)))
        for key in ((province_of[c], m), (None, m)):
            acc = areas.setdefault(key, [0, {}, 0])
            acc[0] += q
            acc[1][r] = acc[1].get(r, 0) + 1
            acc[2] += n
    for (province, m), (q, rests, n) in areas.items():
        counts = counts_of(q, 0)
        for r, times in rests.items():
            for i, code in enumerate(codes):
                for d in range(5):
                    counts[code][d] += times * prefix[r][i][d]
        rows.append(Tally(province_id=province, month=months[m], responses=n, counts=counts))
    if connection.vendor == "postgresql":  # COPY: a quarter of a million rows
        import orjson

        null = "\\N"  # COPY's empty value
        with (
            connection.cursor() as cursor,
            unchecked(),
            cursor.copy(
                "COPY survey_tally (month, centre_id, province_id, responses, counts) FROM STDIN"
            ) as copy,
        ):
            for tally in rows:
                centre, province = tally.centre_id or null, tally.province_id or null
                scores = orjson.dumps(tally.counts).decode()
                copy.write(f"{tally.month}\t{centre}\t{province}\t{tally.responses}\t{scores}\n")
    else:
        Tally.objects.bulk_create(rows, batch_size=5000)
    print(f"  {len(rows):,} tallies written", flush=True)


def _utc(month: date, k: int) -> datetime:
    from datetime import UTC

    return datetime(month.year, month.month, 2 + k % 26, 3, k % 60, tzinfo=UTC)


def letters(organisations: list[int]) -> None:
    """LETTERS circulars from DLA to the units, sent over the last 100 days: the first
    built as bench/letters_tracking.py does (partly opened, acknowledged, answered,
    reminded), the others copied from it by the database, every other one asking for an
    answer, due in the past (overdue) or in the future."""
    from django.db import connection
    from django.utils import timezone

    from bench.letters_tracking import build_letter
    from correspondence.models import Letter, Party, Recipient

    first = build_letter(organisations, number=1)
    recipient_columns = [
        f.column
        for f in Recipient._meta.concrete_fields
        if not f.primary_key and f.name != "letter"
    ]
    party_columns = [
        f.column for f in Party._meta.concrete_fields if not f.primary_key and f.name != "letter"
    ]
    today = timezone.localdate()
    copies = []
    for number in range(2, LETTERS + 1):
        letter = Letter.objects.get(pk=first.pk)
        letter.pk = None
        letter.number = number
        sent = timezone.now() - timedelta(days=number % 100)
        letter.date = timezone.localdate(sent)
        letter.sent_at = letter.delivered_at = sent
        if number % 2:
            letter.action = Letter.Action.ANSWER
            letter.due_date = today + timedelta(days=number % 30 - 15)
        else:
            letter.action = Letter.Action.ACKNOWLEDGE
            letter.due_date = None
        letter.save()
        letter.root = letter
        letter.save(update_fields=["root"])
        copies.append(letter.pk)
    if not copies:
        return
    ids = ", ".join(str(pk) for pk in copies)
    letters_table = Letter._meta.db_table
    with connection.cursor() as cursor, unchecked():
        for table, columns in (
            (Recipient._meta.db_table, recipient_columns),
            (Party._meta.db_table, party_columns),
        ):
            listed = ", ".join(columns)
            taken = ", ".join(f"r.{column}" for column in columns)
            cursor.execute(
                f"INSERT INTO {table} (letter_id, {listed}) SELECT l.id, {taken}"
                f" FROM {table} r CROSS JOIN {letters_table} l"
                f" WHERE r.letter_id = %s AND l.id IN ({ids})",
                [first.pk],
            )


def campaigns(organisations: list[int]) -> None:
    from bench.campaigns_tracking import build_campaign

    for n in range(CAMPAIGNS):
        build_campaign(organisations, seed=2569 + n)


def targets() -> None:
    """The yearly targets OPS PMO sets: the nation's, DLA's and Pattani's."""
    from oversight.models import Target
    from registry.models import Organisation
    from thaicalendar import dates

    year = dates.fiscal_year(dates.bangkok_today())
    Target.objects.create(fiscal_year=year, organisation=None, certified=CERTIFICATES + 500)
    Target.objects.create(
        fiscal_year=year,
        organisation=Organisation.objects.get(code="DLA"),
        certified=CERTIFICATES,
    )
    Target.objects.create(
        fiscal_year=year, organisation=Organisation.objects.get(code="P94"), certified=40
    )


def time_dashboards() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from oversight import sections
    from oversight.scopes import Scope
    from registry.models import Organisation, ServiceCentre

    registered = [s.key for s in sections.SECTIONS]
    print(
        f"\nsections registered: {', '.join(registered) or 'none yet (the page alone)'}",
        flush=True,
    )
    centres = ServiceCentre.objects.filter(organisation__code__startswith="B")
    unit = centres.filter(organisation__province_id="94").order_by("pk").first() or centres.first()
    assert unit is not None
    district = unit.organisation.district_id
    in_province = centres.filter(organisation__province_id="94").count()
    in_district = centres.filter(organisation__district_id=district).count()
    total = centres.count()

    def units(n: int) -> str:
        return f"{n:,} unit" + ("" if n == 1 else "s")

    def url(username: str, code: str | None, **cut: Any) -> tuple[User, str]:
        user = User.objects.get(username=username)
        org = Organisation.objects.get(code=code) if code else None
        scope = Scope(user, org)
        if cut:
            from registry.models import District

            scope = scope.narrowed(district=District.objects.get(code=cut["district"]))
        return user, scope.url()

    cases = [
        ("the nation (opsadmin)", units(total), *url("opsadmin", None)),
        ("DLA (overseer.dla)", units(total), *url("overseer.dla", "DLA")),
        ("Pattani (overseer.pattani)", units(in_province), *url("overseer.pattani", "P94")),
        (
            "a district of Pattani",
            units(in_district),
            *url("overseer.pattani", "P94", district=district),
        ),
        ("a unit (opsadmin)", "1 unit", *url("opsadmin", unit.organisation.code)),
    ]
    if connection.vendor == "postgresql":
        # The kept counts of each unit's letters are rewritten whole by every earlier run's
        # "first visit of a day" below: their dead rows, which autovacuum clears in its
        # own time, are cleared before timing.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE correspondence_unittally")
    print(f"dashboard, median of {RUNS} warm requests through the test Client:")
    queries: dict[str, int] = {}
    for label, size, user, address in cases:
        client = Client()
        client.force_login(user)
        first = client.get(address)  # warm: templates, translations, the plan cache
        assert first.status_code == 200, (address, first.status_code)
        times, in_sql = [], []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(address)
                times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
            in_sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        queries[label] = len(ctx.captured_queries)
        print(
            f"  {label:<28} {size:>13}: {statistics.median(times):7.0f} ms "
            f"(slowest {max(times):.0f}, in SQL {statistics.median(in_sql):.0f}), "
            f"{len(ctx.captured_queries)} queries",
            flush=True,
        )
    # The first visit of a day counts every unit's letters again (correspondence/
    # tallies.py): the nation's dashboard as its first visitor of the day waits for it.
    from correspondence.models import UnitTally

    user, address = url("opsadmin", None)
    client = Client()
    client.force_login(user)
    firsts = []
    for _ in range(3):
        UnitTally.objects.update(day=None)
        t0 = time.perf_counter()
        assert client.get(address).status_code == 200
        firsts.append((time.perf_counter() - t0) * 1000)
    print(
        f"  the nation, first visit of a day (every unit's letters counted again): "
        f"{statistics.median(firsts):.0f} ms (median of 3)",
        flush=True,
    )
    few, many = queries["a unit (opsadmin)"], queries["the nation (opsadmin)"]
    print(
        f"queries, a scope of 1 unit: {few}; of {total:,} units: {many} "
        f"({'the same' if few == many else f'{many - few:+d}'}); target for the nation: "
        "300 ms on PostgreSQL"
    )


if __name__ == "__main__":
    main()
