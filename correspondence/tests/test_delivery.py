"""Delivery in the background: every recipient gets the letter in its inbox exactly once
and its correspondence officers an e-mail with a link, however often the task runs,
and even when a real worker is killed in the middle of a large send and started again."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from correspondence import delivery, recipients, sending
from correspondence.models import Letter, Party, Recipient
from correspondence.recipients import Group
from correspondence.tests.factories_send import draft, letterhead
from correspondence.tests.worker_scene import local_governments
from notices.models import Notice
from registry.models import Organisation
from saduak.background import run_queued_tasks

ROOT = Path(__file__).resolve().parents[2]


def _send(letter: Letter, groups: list[Group], user: str = "clerk.dla") -> Letter:
    return sending.send_letter(
        user=User.objects.get(username=user), letter=letter, selection=groups, revision=0
    )


def _parties(letter: Letter) -> set[str]:
    return set(Party.objects.filter(letter=letter).values_list("organisation__code", flat=True))


def test_every_recipient_gets_the_letter_and_its_officers_an_e_mail(
    world: Any, mailoutbox: Any
) -> None:
    letterhead(world["DLA"])
    letter = _send(draft(world["DLA"]), [Group(recipients.PROVINCES)])
    run_queued_tasks()
    letter.refresh_from_db()
    assert letter.state == Letter.State.SENT and letter.delivered_at is not None
    copies = Recipient.objects.filter(letter=letter)
    assert {c.organisation.code for c in copies} == {"P94", "P50"}
    assert all(c.delivered_at for c in copies)
    assert _parties(letter) == {"DLA", "P94", "P50"}
    # Pattani's correspondence officer is told; its overseer, who does not act, is not.
    notices = Notice.objects.filter(letter=letter)
    assert [(n.kind, n.channel, n.account.username, n.status) for n in notices] == [
        ("new_letter", "email", "clerk.pattani", "sent")
    ]
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["clerk.pattani@demo.saduak.local"]
    assert mail.subject == ("หนังสือเข้าใหม่ ที่ มท ๐๘๑๐.๗/ว ๑ เรื่อง การขับเคลื่อนนโยบายศูนย์ราชการสะดวก")
    assert f"{settings.SITE_URL}/letters/{letter.pk}/" in mail.body
    assert "จังหวัดปัตตานี" in mail.body


def test_a_second_run_delivers_nothing_twice(world: Any, mailoutbox: Any) -> None:
    letterhead(world["DLA"])
    letter = _send(draft(world["DLA"]), [Group(recipients.PROVINCE, province="94")])
    extra = User.objects.create_user("admin2.pattanitown", email="a2@pattani.go.th")
    extra.roles.create(role="unit_admin", organisation=world["5940101"])
    run_queued_tasks()
    # As if a worker had stopped before marking the letter sent, and a second one came.
    Letter.objects.filter(pk=letter.pk).update(state=Letter.State.SENDING, delivered_at=None)
    delivery.deliver.enqueue(letter.pk)
    delivery.deliver.enqueue(letter.pk)
    run_queued_tasks()
    assert Recipient.objects.filter(letter=letter).count() == 4
    assert Party.objects.filter(letter=letter).count() == 5
    # Pattani Town's two administrators, Yarang's; the others have no account.
    addresses = sorted(m.to[0] for m in mailoutbox)
    assert addresses == [
        "a2@pattani.go.th",
        "admin.pattanitown@demo.saduak.local",
        "admin.yarang@demo.saduak.local",
    ]
    assert Notice.objects.filter(letter=letter).count() == 3
    assert Letter.objects.get(pk=letter.pk).state == Letter.State.SENT


def test_a_half_delivered_letter_is_finished_by_the_next_run(world: Any, settings: Any) -> None:
    settings.LETTER_DELIVERY_CHUNK = 7
    local_governments(40)
    letterhead(world["DLA"])
    letter = _send(draft(world["DLA"]), [Group(recipients.PROVINCE, province="94")])
    # What a worker stopped after three chunks leaves: three chunks' copies and e-mails
    # (each chunk commits whole or not at all), and its task "running" for ever.
    for start in (0, 7, 14):
        chunk = letter.chosen_ids[start : start + 7]
        delivery._deliver_chunk(letter, chunk, [], timezone.now())
    assert Recipient.objects.filter(letter=letter).count() == 21
    DBTaskResult.objects.update(status="RUNNING")
    assert delivery.resume() == 1
    assert delivery.resume() == 0  # queued once, not once per call
    run_queued_tasks()
    assert Recipient.objects.filter(letter=letter).count() == 44
    assert Notice.objects.filter(letter=letter).count() == 42  # 40 clerks, 2 administrators
    assert Letter.objects.get(pk=letter.pk).state == Letter.State.SENT


def test_a_forward_makes_the_whole_cascade_readable_both_ways(world: Any) -> None:
    """DLA → Pattani province → its local governments → one more level: every letter up
    the cascade has the new recipients as parties, and each forward every sender above
    it, so DLA follows the cascade and a local government reads what it came from."""
    for code in ("DLA", "P94", "5940101"):
        letterhead(world[code])
    first = _send(
        draft(world["DLA"], kind="single"), [Group(recipients.CHOSEN, ids=(world["P94"].pk,))]
    )
    run_queued_tasks()
    copy = Recipient.objects.get(letter=first, organisation=world["P94"])
    second = draft(world["P94"], by="clerk.pattani", forwards=copy, root=first, depth=1)
    _send(second, [Group(recipients.PROVINCE, province="94")], user="clerk.pattani")
    assert _parties(second) == {"P94", "DLA"}  # before delivery: the senders above
    run_queued_tasks()
    lgs = {"6940100", "5940101", "5941001", "6940103"}
    assert _parties(second) == {"P94", "DLA"} | lgs
    assert _parties(first) == {"DLA", "P94"} | lgs
    town = Recipient.objects.get(letter=second, organisation=world["5940101"])
    User.objects.get(username="admin.pattanitown")
    # A forward goes down the line only: the town to a division under it.
    division = Organisation.objects.create(
        code="5940101-REG",
        name_th="งานทะเบียนราษฎร เทศบาลเมืองปัตตานี",
        kind=Organisation.Kind.OTHER,
        parent=world["5940101"],
        province_id="94",
    )
    third = draft(world["5940101"], by="admin.pattanitown", forwards=town, root=first, depth=2)
    _send(third, [Group(recipients.CHOSEN, ids=(division.pk,))], user="admin.pattanitown")
    run_queued_tasks()
    assert _parties(third) == {"5940101", "P94", "DLA", "5940101-REG"}
    assert "5940101-REG" in _parties(second) and "5940101-REG" in _parties(first)


# --- the sending panel ------------------------------------------------------------------


def test_the_sender_sees_the_delivery_progress_and_it_stops_polling_when_done(
    world: Any, client_as: Any
) -> None:
    letterhead(world["DLA"])
    letter = _send(draft(world["DLA"]), [Group(recipients.PROVINCE, province="94")])
    clerk = client_as("clerk.dla")
    url = f"/letters/{letter.pk}/sending/"
    page = clerk.get(url).content.decode()
    assert "ส่งถึงแล้ว 0 จาก 4 หน่วยงาน" in page
    assert 'hx-trigger="every 2s"' in page
    assert f'href="{url}"' in page  # without JavaScript: refresh by hand
    Recipient.objects.create(
        letter=letter, organisation=world["5940101"], delivered_at=letter.sent_at
    )
    panel = clerk.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "ส่งถึงแล้ว 1 จาก 4 หน่วยงาน" in panel
    assert "<html" not in panel  # the panel alone, swapped in place
    run_queued_tasks()
    page = clerk.get(url).content.decode()
    assert "ส่งถึงครบทั้ง 4 หน่วยงานแล้ว" in page
    assert "hx-trigger" not in page


def test_someone_who_does_not_read_the_letter_sees_no_progress(world: Any, client_as: Any) -> None:
    letterhead(world["DLA"])
    letter = _send(draft(world["DLA"]), [Group(recipients.PROVINCE, province="94")])
    assert client_as("overseer.chiangmai").get(f"/letters/{letter.pk}/sending/").status_code == 404
    assert client_as("clerk.pattani").get(f"/letters/{letter.pk}/sending/").status_code == 404


# --- a real worker, killed in the middle, then started again ---------------------------


def _run(args: list[str], env: dict[str, str], timeout: float = 300) -> None:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _count(database: Path, sql: str) -> int:
    with sqlite3.connect(database, timeout=30) as db:
        return int(db.execute(sql).fetchone()[0])


def test_a_worker_killed_in_the_middle_of_a_large_send_delivers_each_copy_once(
    tmp_path: Path,
) -> None:
    count = 3000
    database = tmp_path / "letters.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "saduak.settings",
        "LETTER_DELIVERY_CHUNK": "50",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }
    _run(["manage.py", "migrate", "--noinput", "-v0"], env)
    build = (
        "import django; django.setup(); "
        "from correspondence.tests.worker_scene import build; "
        f"print(build({count}))"
    )
    _run(["-c", build], env)
    copies = "SELECT count(*) FROM correspondence_recipient"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "work"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        delivered = 0
        while time.monotonic() < deadline:
            delivered = _count(database, copies)
            if delivered >= count // 5:
                break
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    stopped_at = _count(database, copies)
    assert 0 < stopped_at < count // 2, f"the worker must be killed mid-delivery ({stopped_at})"
    assert _count(database, "SELECT count(*) FROM correspondence_letter WHERE state='sending'") == 1

    # Started again (the batch mode stops when the queue is empty).
    _run(["manage.py", "work", "--batch"], env)
    # The new local governments and the demo's four of Pattani; the sender; the new
    # clerks and the administrators of Pattani Town and Yarang.
    total, told = count + 4, count + 2
    assert _count(database, copies) == total
    distinct = "SELECT count(DISTINCT organisation_id) FROM correspondence_recipient"
    assert _count(database, distinct) == total
    assert _count(database, "SELECT count(*) FROM correspondence_party") == total + 1
    assert _count(database, "SELECT count(*) FROM notices_notice") == told
    assert _count(database, "SELECT count(DISTINCT account_id) FROM notices_notice") == told
    # Each e-mail sent once: the killed worker had not reached the e-mails yet.
    sent = "SELECT count(*) FROM notices_notice WHERE status='sent' AND attempts=1"
    assert _count(database, sent) == told
    assert _count(database, "SELECT count(*) FROM correspondence_letter WHERE state='sent'") == 1


def test_a_recipient_reads_the_letter_but_not_its_delivery(world: Any, client_as: Any) -> None:
    letterhead(world["DLA"])
    letter = _send(draft(world["DLA"]), [Group(recipients.PROVINCE, province="94")])
    run_queued_tasks()
    town = client_as("admin.pattanitown")
    assert town.get(f"/letters/{letter.pk}/").status_code == 200
    assert town.get(f"/letters/{letter.pk}/sending/").status_code == 403
    assert client_as("overseer.dla").get(f"/letters/{letter.pk}/sending/").status_code == 200
