"""Reading letters. Every list starts from `accounts.capabilities.letters_for`."""

from typing import Any

from correspondence.models import Letter, Recipient


def copy_for(user: Any, letter: Letter) -> Recipient | None:
    """The copy of the letter in the inbox of an organisation the account works in, or
    None (an overseer or OPS PMO reading it from above has no copy of its own)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Recipient.objects.filter(
            letter=letter, organisation__in=user.roles.values("organisation_id")
        )
        .select_related("organisation", "opened_by", "acknowledged_by", "answered_by")
        .order_by("organisation__name_th")
        .first()
    )
