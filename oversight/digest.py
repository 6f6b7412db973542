"""The weekly digest by e-mail: each overseer who turned it on (oversight.models.Digest)
gets, once a week, the figures of their own dashboards and whom to chase, read through
a Scope built with them as its viewer: what they would see on the page, never more.

It goes out through the stored notices (notices/sending.py), one notice per person and
week under the key "digest:<ISO week>:<account>", so however often the job runs in a
week, a person gets one e-mail. The job is a task that queues itself again for the next
Monday morning; `resume` (saduak/background.RESUME, run by `manage.py work` when it
starts) queues it when it is not waiting, so a worker keeps the weekly digest going
without cron. `manage.py send_digest` runs it by hand or from cron, with the same key.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts import capabilities as cap
from accounts.scope import assignments
from audit.models import AuditEvent
from audit.services import record
from notices import sending
from notices.models import Notice
from oversight import sections
from oversight.maps import figure
from oversight.models import Digest
from oversight.scopes import own_scopes
from saduak import background
from thaicalendar.dates import BANGKOK, bangkok_now, format_date

# When the week's digest goes out: Monday, 07:00 in Bangkok.
WEEKDAY, HOUR = 0, 7


def is_on(user: Any) -> bool:
    return bool(user.is_authenticated) and Digest.objects.filter(user=user).exists()


def turn(user: Any, *, on: bool) -> bool:
    """Turn the person's digest on or off. Returns whether anything changed."""
    if on:
        digest, created = Digest.objects.get_or_create(user=user)
        if created:
            record(actor=user, action=AuditEvent.Action.CREATE, obj=digest)
        return created
    found = Digest.objects.filter(user=user).first()
    if found is None:
        return False
    record(actor=user, action=AuditEvent.Action.DELETE, obj=found, after={})
    found.delete()
    return True


def week_of(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def compose(user: Any, today: date) -> tuple[str, str] | None:
    """The person's digest (subject, text) in Thai, or None when they oversee nothing
    any more. Every figure is read through a Scope whose viewer is the person."""
    scopes = own_scopes(user)
    if not scopes:
        return None
    with translation.override("th"):
        shown_scopes = []
        for scope in scopes:
            read = []
            for section in sections.SECTIONS:
                rows = section.rows(section.read(scope, today))
                read.append(
                    {
                        "title": str(section.title),
                        "rows": [
                            {"label": r.label, "shown": figure(r.value, r.unit)} for r in rows
                        ],
                    }
                )
            shown_scopes.append(
                {"title": scope.title, "link": sending.link(scope.url()), "sections": read}
            )
        subject = _("Weekly digest of your dashboards, %(day)s") % {
            "day": format_date(today, lang="th")
        }
        body = render_to_string(
            "oversight/digest_email.txt",
            {
                "person": str(user),
                "today": today,
                "scopes": shown_scopes,
                "off": sending.link(scopes[0].url()),
            },
        )
    return subject, body


def _organisation_of(user: Any) -> Any:
    """The organisation the notice is logged under: where the person oversees from."""
    for held in assignments(user):
        if cap.grants(held.role, cap.OVERSEE):
            return held.organisation
    return None


def send_week(today: date, week: str | None = None) -> int:
    """Store this week's digest for every subscriber who has an e-mail address and
    still oversees something, and queue the e-mails. Returns how many were queued now
    (0 for people who already have this week's)."""
    week = week or week_of(today)
    queued = 0
    subscribers = (
        Digest.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    for digest in subscribers:
        user = digest.user
        key = f"digest:{week}:{user.pk}"
        if Notice.objects.filter(key=key).exists():
            continue
        organisation = _organisation_of(user)
        made = compose(user, today) if organisation is not None else None
        if made is None:
            continue
        subject, body = made
        with transaction.atomic():
            queued += len(
                sending.store(
                    [
                        Notice(
                            kind=Notice.Kind.DIGEST,
                            channel=Notice.Channel.EMAIL,
                            organisation=organisation,
                            account=user,
                            address=user.email,
                            subject=subject[:300],
                            body=body,
                            key=key,
                        )
                    ]
                )
            )
    return queued


def next_run(now: datetime) -> datetime:
    """The next Monday 07:00 in Bangkok after `now`."""
    local = timezone.localtime(now, BANGKOK)
    day = local.date() + timedelta(days=(WEEKDAY - local.weekday()) % 7)
    moment = datetime.combine(day, time(HOUR), tzinfo=BANGKOK)
    if moment <= local:
        moment += timedelta(days=7)
    return moment


@task()
def send_digests(week: str) -> int:
    """The weekly job: this week's digests, then the job queued again for next week."""
    queued = send_week(bangkok_now().date(), week)
    schedule()
    return queued


def schedule(now: datetime | None = None) -> str:
    """Queue the job for its next run, unless it is already waiting. Returns its week."""
    moment = next_run(now or timezone.now())
    week = week_of(moment.date())
    if week not in background.waiting(f"{__name__}.send_digests"):
        send_digests.using(run_after=moment).enqueue(week)
    return week


def resume() -> int:
    """For `manage.py work`: the weekly job is waiting for its next Monday (1 if it had
    to be queued, 0 if it was)."""
    waiting = background.waiting(f"{__name__}.send_digests")
    schedule()
    return 0 if waiting else 1
