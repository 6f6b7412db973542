"""What a recipient does with a letter: opens it, acknowledges it in its own incoming
register (ลงรับ), answers it, forwards it. Each moment is written once, never changed."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from correspondence.models import Recipient


def record_opening(*, copy: Recipient, user: User) -> None:
    """The first time one of the recipient's own people opens the letter: who and
    when. Overseers reading it from above, and OPS PMO, do not count as opening."""
    if copy.opened_at is not None or not _works_there(user, copy):
        return
    with transaction.atomic():
        now = timezone.now()
        # Only the first opening is written, even when two people open it at once.
        if Recipient.objects.filter(pk=copy.pk, opened_at__isnull=True).update(
            opened_at=now, opened_by=user
        ):
            copy.opened_at, copy.opened_by = now, user


def _works_there(user: User, copy: Recipient) -> bool:
    return user.roles.filter(organisation=copy.organisation).exists()
