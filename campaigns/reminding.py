"""Reminding the silent of a campaign (issue 13 §2): one action reminds every
organisation asked, within the owner's scope, that has not answered yet. Like the
circulars' reminders (correspondence/reminding.py), each reminder is stored as notices
(notices/models.py): one in the organisation's inbox, and an e-mail to each of its
administrators (who answer for it), which the background worker sends. So "was this
unit reminded of that campaign, and when?" has an answer, on the tracking page and on
the unit's own answer page (`reminded_on`).
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Subquery
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from audit.models import AuditEvent
from audit.services import record
from campaigns import tracking
from campaigns.models import Campaign, Target
from notices import rounds, sending
from notices.models import Notice
from saduak.problems import Incomplete, Problem
from thaicalendar import dates


def _prefix(campaign: Campaign) -> str:
    return f"campaign-reminder:{campaign.pk}:"


def _key(
    campaign: Campaign, number: int, organisation_id: int, account_id: int | None = None
) -> str:
    """campaign-reminder:<campaign>:<round>:<organisation>[:<account>]"""
    key = f"{_prefix(campaign)}{number}:{organisation_id}"
    return key if account_id is None else f"{key}:{account_id}"


def last_round(campaign: Campaign) -> tuple[int, datetime | None]:
    """The number of the campaign's last reminder round and when it was made, or (0,
    None): one query."""
    return rounds.last_round(_prefix(campaign), Notice.Kind.CAMPAIGN_REMINDER)


def last_round_size(campaign: Campaign, number: int) -> int:
    """How many organisations round `number` reminded (its inbox notices): one query."""
    if not number:
        return 0
    return Notice.objects.filter(
        key__startswith=f"{_prefix(campaign)}{number}:",
        kind=Notice.Kind.CAMPAIGN_REMINDER,
        channel=Notice.Channel.INBOX,
    ).count()


def last_reminded() -> Subquery:
    """When the organisation of an outer Target row was last reminded of its campaign
    (the newest reminder in its inbox), for a list of targets in one query."""
    return rounds.last_reminded("campaign", Notice.Kind.CAMPAIGN_REMINDER)


def reminded_on(targets: Any) -> dict[int, datetime]:
    """When each of `targets` (Target rows, their ids, or a queryset of them) was last
    reminded, for those reminded at all: one query, however many targets. The unit's
    answer page shows it ("reminded on …")."""
    ids = [t.pk if isinstance(t, Target) else t for t in targets]
    rows = (
        Target.objects.filter(pk__in=ids)
        .annotate(last=last_reminded())
        .filter(last__isnull=False)
        .values_list("pk", "last")
    )
    return dict(rows)


def remind_silent(*, user: Any, campaign: Campaign | int) -> int:
    """Remind every organisation the campaign asked, within its owner's scope, that
    has not answered: an inbox notice for the organisation and an e-mail to each of its
    administrators, all in one transaction, the e-mails queued for the worker. The
    account must run the campaign (403 otherwise; 404 for one it does not follow).
    Returns how many organisations were reminded. Refused when the campaign is not
    open, when nobody is silent, or when it was already reminded today (Bangkok time):
    one reminder a day is enough for a unit's inbox."""
    pk = campaign.pk if isinstance(campaign, Campaign) else campaign
    with transaction.atomic():
        found = cap.access_campaign(user, pk, need=cap.RUN_CAMPAIGNS)
        # One round at a time per campaign: a second click waits for the first, then sees it.
        Campaign.objects.select_for_update().filter(pk=found.pk).first()
        if not found.accepts_answers:
            message = _(
                "Only the silent organisations of an open campaign can be reminded. "
                "This campaign is: %(state)s."
            ) % {"state": found.get_state_display()}
            raise Incomplete([Problem("campaign", message)])
        last, when = last_round(found)
        if rounds.made_today(when):
            message = _(
                "The silent organisations were already reminded today. Remind them again "
                "tomorrow if they still have not answered."
            )
            raise Incomplete([Problem("campaign", str(message))])
        targets = list(tracking.silent(found).select_related("organisation"))
        if not targets:
            message = _("Every organisation asked has answered: nobody is left to remind.")
            raise Incomplete([Problem("campaign", str(message))])
        number = last + 1
        admins = cap.holders_on(cap.ANSWER_CAMPAIGNS, [t.organisation_id for t in targets])
        sending.store(_notices(found, number, targets, admins, user))
        record(
            actor=user,
            action=AuditEvent.Action.CREATE,
            obj=found,
            before={},
            after={"reminder_round": number, "organisations_reminded": len(targets)},
        )
    return len(targets)


def _notices(
    campaign: Campaign,
    number: int,
    targets: list[Target],
    admins: list[tuple[int, int, str]],
    user: Any,
) -> list[Notice]:
    by_unit: dict[int, list[tuple[int, str]]] = {}
    for organisation, account, email in admins:
        by_unit.setdefault(organisation, []).append((account, email))
    notices: list[Notice] = []
    for target in targets:
        subject, body = _text(campaign, target)
        common = {
            "kind": Notice.Kind.CAMPAIGN_REMINDER,
            "organisation_id": target.organisation_id,
            "campaign": campaign,
            "subject": subject[:300],
            "body": body,
            "created_by": user,
        }
        notices.append(
            Notice(
                channel=Notice.Channel.INBOX,
                key=_key(campaign, number, target.organisation_id),
                **common,
            )
        )
        notices += [
            Notice(
                channel=Notice.Channel.EMAIL,
                account_id=account,
                address=email,
                key=_key(campaign, number, target.organisation_id, account),
                **common,
            )
            for account, email in by_unit.get(target.organisation_id, [])
        ]
    return notices


def _text(campaign: Campaign, target: Target) -> tuple[str, str]:
    """The reminder's subject and text for one organisation, with the link to its own
    answer page."""
    # Official mail to Thai offices: written in Thai whatever the sender's language.
    with translation.override("th"):
        subject = _("Reminder: please answer the survey %(title)s") % {"title": campaign.title_th}
        body = _(
            "%(owner)s reminds %(organisation)s that it has not yet answered the survey "
            "%(title)s.\nPlease answer it through the system by %(date)s.\n\n%(link)s"
        ) % {
            "owner": campaign.owner.name_th,
            "organisation": target.organisation.name_th,
            "title": campaign.title_th,
            "date": dates.format_date(campaign.closes_on, lang="th"),
            "link": sending.link(target.get_absolute_url()),
        }
    return subject, body
