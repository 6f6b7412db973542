"""Sending notices: stored first, then sent by the background worker.

A notice is created once per key (a second attempt to create it is ignored), in the
caller's transaction, and its sending is queued in that same transaction (the queue is
the database), so a notice exists if and only if its sending was asked for.

A worker claims a notice before sending it (queued → sending, one UPDATE, which only
one worker can win), sends it, then marks it sent. A failed attempt puts it back to
queued with a later try, the wait doubling, until settings.EMAIL_ATTEMPTS; then it is
marked failed with the error. A worker stopped between sending and marking leaves the
notice "sending": `resume` puts such notices back after CLAIM_TIMEOUT, so an e-mail is
sent at least once; it is sent twice only if a worker dies in that instant.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from notices.models import Notice
from saduak import background

# Notices sent per task, over one connection to the mail server.
BATCH = 100
CLAIM_TIMEOUT = timedelta(minutes=10)


def link(path: str) -> str:
    """An absolute address for a link in an e-mail."""
    return f"{settings.SITE_URL}{path}"


def store(notices: Iterable[Notice]) -> list[int]:
    """Store notices not stored yet (by key) and queue the e-mails among them. Returns
    the ids of the e-mail notices queued now. Call inside the caller's transaction."""
    notices = list(notices)
    if not notices:
        return []
    for notice in notices:
        if notice.channel == Notice.Channel.INBOX:
            notice.status = Notice.Status.SENT
            notice.sent_at = timezone.now()
    keys = [n.key for n in notices]
    existing = set(Notice.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [n for n in notices if n.key not in existing]
    Notice.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=500)
    emails = list(
        Notice.objects.filter(
            key__in=[n.key for n in fresh if n.channel == Notice.Channel.EMAIL],
            status=Notice.Status.QUEUED,
            attempts=0,
        ).values_list("pk", flat=True)
    )
    _enqueue(emails)
    return emails


def _enqueue(ids: list[int], *, after: timedelta | None = None) -> None:
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        if after is None:
            send_emails.enqueue(batch)
        else:
            send_emails.using(run_after=timezone.now() + after).enqueue(batch)


def _claim(pk: int) -> bool:
    return bool(
        Notice.objects.filter(pk=pk, status=Notice.Status.QUEUED).update(
            status=Notice.Status.SENDING, claimed_at=timezone.now()
        )
    )


@task()
def send_emails(ids: list[int]) -> dict[str, int]:
    """Send the queued e-mail notices among `ids`; skip any another worker took or sent."""
    sent = retried = failed = 0
    # Opened by the first message, so a server that cannot be reached fails that
    # message (and is retried), not the task.
    connection = mail.get_connection(fail_silently=False)
    try:
        for pk in ids:
            if not _claim(pk):
                continue
            notice = Notice.objects.get(pk=pk)
            message = mail.EmailMessage(
                subject=notice.subject, body=notice.body, to=[notice.address], connection=connection
            )
            try:
                message.send()
            except Exception as exc:  # any failure of the mail server or the network
                outcome = _failed(notice, exc)
                retried += outcome == "retry"
                failed += outcome == "failed"
            else:
                Notice.objects.filter(pk=pk).update(
                    status=Notice.Status.SENT,
                    sent_at=timezone.now(),
                    attempts=notice.attempts + 1,
                    last_error="",
                )
                sent += 1
    finally:
        connection.close()
    return {"sent": sent, "retried": retried, "failed": failed}


def _failed(notice: Notice, exc: Exception) -> str:
    attempts = notice.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:500]
    if attempts >= settings.EMAIL_ATTEMPTS:
        Notice.objects.filter(pk=notice.pk).update(
            status=Notice.Status.FAILED, attempts=attempts, last_error=error
        )
        return "failed"
    with transaction.atomic():
        Notice.objects.filter(pk=notice.pk).update(
            status=Notice.Status.QUEUED, attempts=attempts, last_error=error
        )
        wait = timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 2 ** (attempts - 1))
        _enqueue([notice.pk], after=wait)
    return "retry"


def resume() -> int:
    """Put back e-mails a stopped worker left claimed, and queue again e-mails whose
    task is gone. Returns how many were queued."""
    stale = timezone.now() - CLAIM_TIMEOUT
    Notice.objects.filter(status=Notice.Status.SENDING, claimed_at__lt=stale).update(
        status=Notice.Status.QUEUED
    )
    # E-mails waiting for their task (a retry's included) keep it.
    waiting = {pk for batch in background.waiting(f"{__name__}.send_emails") for pk in batch}
    ids = [
        pk
        for pk in Notice.objects.filter(
            status=Notice.Status.QUEUED, channel=Notice.Channel.EMAIL
        ).values_list("pk", flat=True)
        if pk not in waiting
    ]
    _enqueue(ids)
    return len(ids)
