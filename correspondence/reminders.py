"""When a unit was last reminded of a letter: read from the stored notices (the notice
in its inbox, one per reminder), for the tracking pages and the recipient's inbox."""

from django.db.models import Max, OuterRef, Subquery

from notices.models import Notice


def last_reminded() -> Subquery:
    """When the recipient (an outer Recipient row) was last reminded of its letter."""
    notices = (
        Notice.objects.filter(
            letter_id=OuterRef("letter_id"),
            organisation_id=OuterRef("organisation_id"),
            kind=Notice.Kind.REMINDER,
            channel=Notice.Channel.INBOX,
        )
        .order_by()
        .values("organisation_id")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    return Subquery(notices)
