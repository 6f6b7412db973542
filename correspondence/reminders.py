"""When a unit was last reminded of a letter: read from the stored notices (the notice
in its inbox, one per reminder), for the tracking pages and the recipient's inbox."""

from django.db.models import Subquery

from notices import rounds
from notices.models import Notice


def last_reminded() -> Subquery:
    """When the recipient (an outer Recipient row) was last reminded of its letter."""
    return rounds.last_reminded("letter", Notice.Kind.REMINDER)
