"""E-mail notices: stored once, sent by the worker, retried, never sent twice."""

import socket
from typing import Any

import pytest
from django.core import mail

from accounts.models import User
from notices.models import Notice
from notices.sending import resume, store
from registry.models import Organisation
from saduak.background import run_queued_tasks


def _notice(world: dict[str, Organisation], key: str) -> Notice:
    account = User.objects.get(username="admin.pattanitown")
    return Notice(
        kind=Notice.Kind.NEW_LETTER,
        channel=Notice.Channel.EMAIL,
        organisation=world["5940101"],
        account=account,
        address=account.email,
        subject="หนังสือใหม่",
        body="มีหนังสือใหม่ในกล่องหนังสือเข้า",
        key=key,
    )


def test_a_notice_is_stored_then_sent_once_by_the_worker(world: Any) -> None:
    store([_notice(world, "k1")])
    assert mail.outbox == []  # nothing leaves inside the request
    run_queued_tasks()
    assert [m.subject for m in mail.outbox] == ["หนังสือใหม่"]
    assert Notice.objects.get(key="k1").status == Notice.Status.SENT

    store([_notice(world, "k1")])  # the same notice asked for again
    resume()
    run_queued_tasks()
    assert len(mail.outbox) == 1
    assert Notice.objects.count() == 1


def test_a_failed_email_is_retried_then_marked_failed(world: Any, settings: Any) -> None:
    # A real SMTP connection to a port where no server listens: refused, as by a relay
    # that is down.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_RETRY_SECONDS = 0
    settings.EMAIL_ATTEMPTS = 2
    store([_notice(world, "k2")])
    run_queued_tasks()
    notice = Notice.objects.get(key="k2")
    assert notice.status == Notice.Status.FAILED
    assert notice.attempts == 2
    assert "ConnectionRefusedError" in notice.last_error


@pytest.mark.parametrize("status", [Notice.Status.SENT, Notice.Status.FAILED])
def test_resume_does_not_resend_what_is_finished(world: Any, status: str) -> None:
    store([_notice(world, "k3")])
    Notice.objects.update(status=status)
    assert resume() == 0
    run_queued_tasks()
    assert mail.outbox == []


def test_resume_leaves_an_email_waiting_for_its_retry_alone(world: Any) -> None:
    """A worker started while an e-mail waits for its task (a retry after a failure, or
    a batch not reached yet) does not queue it a second time."""
    from django_tasks_db.models import DBTaskResult

    store([_notice(world, "k4")])
    assert DBTaskResult.objects.count() == 1
    assert resume() == 0
    assert DBTaskResult.objects.count() == 1
    run_queued_tasks()
    assert len(mail.outbox) == 1
