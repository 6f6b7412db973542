"""Preparing files in the background: the makers, asking for a file, and the task.

A maker is registered under a name with `register(name, check=...)`. It is a function
`(user, params, progress) -> (filename, content_type, bytes)` that makes the file as
the account that asked for it, and `check(user, params)` is its permission check:
it raises Http404 (the account no longer reads what the file is about) or
PermissionDenied. The check runs when the file is asked for, again when the worker
makes it (a role may have been removed meanwhile), and again each time the file is
downloaded. `progress(done, total)` shows the person how far the maker is.

`request_download` stores the download and queues its task in the caller's
transaction, so a download exists if and only if its preparation was asked for.

The task `prepare` is safe to run twice: a worker claims the download (one UPDATE,
which only one worker can win) under a token of its own, and stores the file only if
its claim still holds; a download already ready is not made again. A worker stopped
in the middle leaves the download "preparing": `resume` (saduak/background.py, run
when `manage.py work` starts) queues it again, and the task takes it over once its
claim has shown no sign of life for CLAIM_TIMEOUT.
"""

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from audit.models import AuditEvent
from audit.services import record
from downloads.models import Download

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Made = tuple[str, str, bytes]
Maker = Callable[[Any, dict[str, Any], Progress], Made]
Check = Callable[[Any, dict[str, Any]], None]

# A claim that showed no sign of life (progress) for this long is a stopped worker's.
CLAIM_TIMEOUT = timedelta(minutes=5)


@dataclass(frozen=True)
class Registered:
    make: Maker
    check: Check


MAKERS: dict[str, Registered] = {}


def register(name: str, *, check: Check) -> Callable[[Maker], Maker]:
    """Register a maker under `name`, with the permission check asked before it is
    queued, when it runs and at each download."""

    def decorate(make: Maker) -> Maker:
        MAKERS[name] = Registered(make=make, check=check)
        return make

    return decorate


def registered(name: str) -> Registered:
    """The maker of that name. The makers live beside what they export, in each app's
    `makers.py`, which the downloads app imports when Django starts (apps.py)."""
    return MAKERS[name]


def request_download(
    *, user: Any, maker: str, params: dict[str, Any], title: str, again_url: str = ""
) -> Download:
    """Store a download for the account and queue its preparation. The maker's check
    runs first: Http404 or PermissionDenied go to the caller, as for any page."""
    registered(maker).check(user, params)
    with transaction.atomic():
        # The same file asked for again while it is being prepared (a double click, a
        # page reloaded, a script): the one on the way is the answer, so a loop of
        # requests cannot fill the queue that also delivers letters.
        pending = (
            Download.objects.select_for_update()
            .filter(
                user=user,
                maker=maker,
                params=params,
                state__in=[Download.State.QUEUED, Download.State.PREPARING],
            )
            .first()
        )
        if pending is not None:
            return pending
        download = Download.objects.create(
            user=user, maker=maker, params=params, title=title[:300], again_url=again_url[:1000]
        )
        record(actor=user, action=AuditEvent.Action.CREATE, obj=download)
        prepare.enqueue(download.pk)
    return download


def check_access(download: Download) -> None:
    """Ask the maker's permission check again, for the download's own account: Http404
    or PermissionDenied when it may no longer read what the file holds."""
    try:
        found = registered(download.maker)
    except KeyError as exc:  # a maker retired since: nothing vouches for the file
        raise Http404 from exc
    found.check(download.user, download.params)


def _claim(pk: int) -> str | None:
    """Take the download for this worker: a queued one, or one whose worker stopped."""
    token = secrets.token_hex(16)
    now = timezone.now()
    stale = now - CLAIM_TIMEOUT
    taken = Download.objects.filter(
        Q(state=Download.State.QUEUED)
        | Q(state=Download.State.PREPARING, worked_at__lt=stale)
        | Q(state=Download.State.PREPARING, worked_at__isnull=True),
        pk=pk,
    ).update(state=Download.State.PREPARING, claim=token, worked_at=now, done=0)
    return token if taken else None


def _mine(pk: int, token: str) -> Any:
    return Download.objects.filter(pk=pk, claim=token, state=Download.State.PREPARING)


@task()
def prepare(download_id: int) -> str:
    """Make the download's file as its account. Returns what became of it. Old files
    are removed first: the worker is where files are written and deleted."""
    forget_old()
    token = _claim(download_id)
    if token is None:
        return "taken"  # ready, failed, gone, or another worker's now
    download = Download.objects.select_related("user").get(pk=download_id)

    steps = [1]  # the total the maker last reported, for the finished bar

    def progress(done: int, total: int) -> None:
        steps[0] = max(1, total)
        # Also the claim's sign of life.
        _mine(download_id, token).update(
            done=max(0, done), total=max(0, total), worked_at=timezone.now()
        )

    try:
        found = registered(download.maker)
        found.check(download.user, download.params)
        filename, content_type, content = found.make(download.user, download.params, progress)
    except (Http404, PermissionDenied):
        return _fail(download_id, token, Download.Failure.REFUSED)
    except Exception:  # any fault of a maker: the person is told, the log has the cause
        log.exception("download %s (%s) could not be prepared", download_id, download.maker)
        return _fail(download_id, token, Download.Failure.ERROR)

    stored = ContentFile(content)
    download.file.save(filename, stored, save=False)
    finished = _mine(download_id, token).update(
        state=Download.State.READY,
        file=download.file.name,
        filename=filename[:200],
        content_type=content_type[:100],
        size=len(content),
        done=steps[0],
        total=steps[0],
        finished_at=timezone.now(),
        claim="",
    )
    if not finished:
        # Another worker took it over meanwhile and keeps its own file.
        download.file.storage.delete(download.file.name)
        return "taken"
    return "ready"


def _fail(pk: int, token: str, failure: str) -> str:
    _mine(pk, token).update(
        state=Download.State.FAILED, failure=failure, finished_at=timezone.now(), claim=""
    )
    return "failed"


def resume() -> int:
    """Queue again the downloads a stopped worker left waiting or half made (a half made
    one is taken over once its claim goes stale), and remove old files. Returns how many
    were queued."""
    forget_old()
    now = timezone.now()
    count = 0
    pending = Download.objects.filter(
        state__in=[Download.State.QUEUED, Download.State.PREPARING]
    ).values_list("pk", "state", "worked_at")
    for pk, state, worked_at in pending:
        if state == Download.State.PREPARING and worked_at and worked_at + CLAIM_TIMEOUT > now:
            after = worked_at + CLAIM_TIMEOUT + timedelta(seconds=1)
            prepare.using(run_after=after).enqueue(pk)
        else:
            prepare.enqueue(pk)
        count += 1
    return count


def forget(download: Download) -> None:
    """Remove a download's file once its time is over; the record stays, saying so."""
    if download.state != Download.State.READY or download.expires_at is None:
        return
    if download.expires_at > timezone.now():
        return
    name = download.file.name
    if Download.objects.filter(pk=download.pk, state=Download.State.READY).update(
        state=Download.State.EXPIRED, file=""
    ):
        if name:
            download.file.storage.delete(name)
        download.state = Download.State.EXPIRED
        download.file.name = ""


def forget_old() -> int:
    """Remove every file whose time is over. Returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.DOWNLOADS_KEEP_DAYS)
    old = Download.objects.filter(state=Download.State.READY, finished_at__lte=cutoff)
    count = 0
    for download in old.iterator():
        forget(download)
        count += 1
    return count
