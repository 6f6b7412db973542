"""Rounds of reminders, read from the stored notices. A service that reminds many
organisations at once (a letter's silent recipients, a campaign's silent targets)
numbers each round and writes that number into the key of every notice of the round,
just after a prefix naming what is reminded ("reminder:<letter>:", "campaign-reminder:
<campaign>:"). Rounds only grow, so the newest inbox notice under the prefix names the
last round: one query, however many notices."""

from datetime import datetime

from django.db.models import Max, OuterRef, Subquery

from notices.models import Notice
from thaicalendar import dates


def last_round(prefix: str, kind: str) -> tuple[int, datetime | None]:
    """The number of the last round of notices of `kind` whose keys start with
    `prefix`, and when it was made; (0, None) before the first."""
    last = (
        Notice.objects.filter(key__startswith=prefix, kind=kind, channel=Notice.Channel.INBOX)
        .order_by("-created_at", "-pk")
        .values_list("key", "created_at")
        .first()
    )
    if last is None:
        return 0, None
    number = last[0][len(prefix) :].split(":", 1)[0]
    return (int(number) if number.isdigit() else 0), last[1]


def made_today(when: datetime | None) -> bool:
    """Whether a round made at `when` was made today, Bangkok time: one reminder a day
    is enough for a unit's inbox."""
    return when is not None and dates.local_date(when) == dates.bangkok_today()


def last_reminded(about: str, kind: str) -> Subquery:
    """When the organisation of an outer row was last reminded (the newest notice of
    `kind` in its inbox) of what the row is about: `about` names the row's foreign key,
    "letter" (a Recipient) or "campaign" (a Target). For a list in one query."""
    notices = (
        Notice.objects.filter(
            **{f"{about}_id": OuterRef(f"{about}_id")},
            organisation_id=OuterRef("organisation_id"),
            kind=kind,
            channel=Notice.Channel.INBOX,
        )
        .order_by()
        .values("organisation_id")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    return Subquery(notices)
