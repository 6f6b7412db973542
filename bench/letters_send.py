"""Benchmark: one circular to every local government of the country.

Builds 7,850 local governments spread over the provinces (each with a correspondence
officer who has an e-mail), starts a real background worker (`manage.py work`), then
sends DLA's circular to every Subdistrict Administrative Organisation in the country
through the send page, and prints:

- the request that sends it (target: 2 s);
- the time from that request until every recipient's inbox holds the letter (target:
  30 s on a 2-core machine), and until every e-mail notice is sent.

    .venv/bin/python bench/letters_send.py                       # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/letters_send.py
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LOCAL_GOVERNMENTS = int(os.environ.get("BENCH_LOCAL_GOVERNMENTS", "7850"))
WAIT = float(os.environ.get("BENCH_WAIT_SECONDS", "300"))

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saduak.settings")
# The worker sends the e-mails to memory: the figure is the system's, not a mail server's.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from correspondence.models import Letter, Recipient  # noqa: E402
from correspondence.tests.factories_send import draft, letterhead  # noqa: E402
from correspondence.tests.worker_scene import local_governments  # noqa: E402
from demo import scenario  # noqa: E402
from notices.models import Notice  # noqa: E402
from registry.models import Organisation, Province  # noqa: E402


def build() -> Letter:
    scenario.load()
    provinces = list(Province.objects.order_by("code").values_list("code", flat=True))
    local_governments(LOCAL_GOVERNMENTS, prefix="B", provinces=provinces)
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load
        cursor.execute("ANALYZE")
    letterhead(Organisation.objects.get(code="DLA"))
    return draft(Organisation.objects.get(code="DLA"), subject="การสำรวจความพร้อมศูนย์ราชการสะดวก")


def wait_for(what: str, count: int, query: object, started: float) -> float:
    while time.perf_counter() - started < WAIT:
        if query.count() >= count:  # type: ignore[attr-defined]
            return time.perf_counter() - started
        time.sleep(0.1)
    raise SystemExit(f"{what}: not done after {WAIT:.0f} s")


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    letter = build()
    print(
        f"built {Organisation.objects.filter(kind='local_government').count()} local "
        f"governments on {connection.vendor} in {time.perf_counter() - started:.1f} s"
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "work"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(5)  # the worker is up and idle, as `make run` keeps it
        client = Client()
        client.force_login(User.objects.get(username="clerk.dla"))
        url = f"/letters/{letter.pk}/send/"
        form = {"lao_type": "sao", "revision": "0", "confirm": "1"}
        # The clerk first sees the count, then the confirmation, as on the page.
        for step in ({"lao_type": "sao"}, {"lao_type": "sao", "step": "confirm"}):
            t0 = time.perf_counter()
            assert client.get(url, step).status_code == 200
            what = "confirmation page" if "step" in step else "send page with the count"
            print(f"{what}: {(time.perf_counter() - t0) * 1000:.0f} ms")
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            response = client.post(url, form)
            request = time.perf_counter() - t0
        assert response.status_code == 302, response.status_code
        letter.refresh_from_db()
        total = letter.recipient_count
        in_sql = sum(float(q["time"]) for q in queries.captured_queries)
        print(
            f"send request, {total} recipients: {request * 1000:.0f} ms, "
            f"{len(queries.captured_queries)} queries taking {in_sql * 1000:.0f} ms (target: 2 s)"
        )
        if os.environ.get("BENCH_SHOW_QUERIES"):
            for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]:
                print(f"  {float(q['time']) * 1000:.0f} ms  {q['sql'][:150]}")
        inboxes = wait_for("inboxes", total, Recipient.objects.filter(letter=letter), t0 + request)
        print(f"every inbox filled {inboxes:.1f} s after the request (target: 30 s)")
        emails = Notice.objects.filter(letter=letter)
        told = emails.count()
        sent = wait_for("e-mails", told, emails.filter(status=Notice.Status.SENT), t0 + request)
        print(f"{told} e-mail notices sent {sent:.1f} s after the request")
        letter.refresh_from_db()
        assert letter.state == Letter.State.SENT, letter.state
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
