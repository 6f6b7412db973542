"""Telling the organisations a launched campaign asks, in the background: a notice in
each target organisation's inbox, and an e-mail to each of its administrators (who
answer for it) with an e-mail address.

The work goes in chunks of CHUNK targets, each chunk one transaction. Every notice has
a key (`new-campaign:<campaign>:<organisation>[:<account>]`) and is stored once however
often the task runs, so a task that a stopped worker left half done is simply run again:
`resume` (run by `manage.py work` before it starts) queues every launched campaign whose
targets are not all told yet.
"""

from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts import capabilities as cap
from campaigns.models import Campaign, Target
from notices import sending as notices
from notices.models import Notice
from saduak import background
from thaicalendar import dates

# Targets told per transaction: the 7,850 local governments in eight.
CHUNK = 1000


def _key(campaign: Campaign, organisation_id: int, account_id: int | None = None) -> str:
    tail = f":{account_id}" if account_id is not None else ""
    return f"new-campaign:{campaign.pk}:{organisation_id}{tail}"


def _notices(campaign: Campaign, targets: list[tuple[int, int, str]]) -> list[Notice]:
    """(target id, organisation id, organisation name) → the inbox notices and e-mails."""
    holders = cap.holders_on(cap.ANSWER_CAMPAIGNS, [org for _t, org, _n in targets])
    by_organisation: dict[int, list[tuple[int, str]]] = {}
    for organisation_id, account_id, address in holders:
        by_organisation.setdefault(organisation_id, []).append((account_id, address))
    made = []
    # Notices are official correspondence: written in Thai, whoever runs the worker.
    with translation.override("th"):
        subject = _("Campaign survey to answer: %(title)s") % {"title": campaign.title_th}
        period = _("Answers are taken from %(opens)s to %(closes)s.") % {
            "opens": dates.format_date(campaign.opens_on, lang="th"),
            "closes": dates.format_date(campaign.closes_on, lang="th"),
        }
        for target_id, organisation_id, name in targets:
            link = notices.link(Target(pk=target_id).get_absolute_url())
            body = _(
                "%(owner)s asks %(organisation)s to answer the campaign survey “%(title)s”.\n\n"
                "%(period)s\n\nOpen the survey: %(link)s\n"
            ) % {
                "owner": campaign.owner.name_th,
                "organisation": name,
                "title": campaign.title_th,
                "period": period,
                "link": link,
            }
            common = {
                "kind": Notice.Kind.NEW_CAMPAIGN,
                "organisation_id": organisation_id,
                "campaign": campaign,
                "subject": subject[:300],
                "body": body,
                "created_by_id": campaign.launched_by_id,
            }
            made.append(
                Notice(channel=Notice.Channel.INBOX, key=_key(campaign, organisation_id), **common)
            )
            for account_id, address in by_organisation.get(organisation_id, []):
                made.append(
                    Notice(
                        channel=Notice.Channel.EMAIL,
                        account_id=account_id,
                        address=address,
                        key=_key(campaign, organisation_id, account_id),
                        **common,
                    )
                )
    return made


@task()
def announce(campaign_id: int) -> dict[str, Any]:
    """Store the NEW_CAMPAIGN notices of every target not told yet. Safe to run twice,
    or in two workers at once."""
    campaign = Campaign.objects.select_related("owner").filter(pk=campaign_id).first()
    if campaign is None or campaign.launched_at is None:
        return {"told": 0}
    told = set(
        Notice.objects.filter(
            campaign=campaign, kind=Notice.Kind.NEW_CAMPAIGN, channel=Notice.Channel.INBOX
        ).values_list("organisation_id", flat=True)
    )
    targets = [
        row
        for row in Target.objects.filter(campaign=campaign)
        .order_by("pk")
        .values_list("pk", "organisation_id", "organisation__name_th")
        if row[1] not in told
    ]
    for start in range(0, len(targets), CHUNK):
        with transaction.atomic():
            notices.store(_notices(campaign, targets[start : start + CHUNK]))
    return {"told": len(targets)}


def progress(campaign: Campaign) -> int:
    """How many of the targets have been told (their inbox notice stored)."""
    return Notice.objects.filter(
        campaign=campaign, kind=Notice.Kind.NEW_CAMPAIGN, channel=Notice.Channel.INBOX
    ).count()


def resume() -> int:
    """Queue again the announcement of every launched campaign with targets not told yet
    whose task is not waiting in the queue any more. Returns how many were queued."""
    waiting = set(background.waiting(f"{__name__}.announce"))
    told = Count(
        "notices",
        filter=Q(notices__kind=Notice.Kind.NEW_CAMPAIGN, notices__channel=Notice.Channel.INBOX),
    )
    ids = [
        pk
        for pk in Campaign.objects.filter(launched_at__isnull=False, closed_at__isnull=True)
        .annotate(told=told)
        .filter(told__lt=F("target_count"))
        .values_list("pk", flat=True)
        if pk not in waiting
    ]
    for pk in ids:
        announce.enqueue(pk)
    return len(ids)
