"""What the copy panel needs to know about the account and the copy, asked of
accounts.capabilities (a template never tests a role itself)."""

from typing import Any

from django import template

from accounts import capabilities as cap
from correspondence import selectors
from correspondence.models import Letter, Recipient
from correspondence.receiving import is_overdue
from correspondence.reminders import last_reminded
from thaicalendar import dates

register = template.Library()


@register.simple_tag(takes_context=True)
def copy_state(context: Any, copy: Recipient | None) -> dict[str, Any]:
    """For a copy shown on the letter page: whether the account acts for the recipient
    (acknowledge, answer, forward), whether it is overdue, and its answers."""
    if copy is None:
        return {}
    request = context.get("request")
    user = getattr(request, "user", None)
    letter = context.get("letter")
    if isinstance(letter, Letter) and letter.pk == copy.letter_id:
        copy.letter = letter  # the page's letter: no second query for it
    letter = copy.letter
    return {
        "acts": cap.can(user, cap.CORRESPOND, copy.organisation),
        "overdue": is_overdue(copy),
        "asks_answer": letter.action == Letter.Action.ANSWER,
        "asks_acknowledgement": letter.action != Letter.Action.READ,
        "answers": selectors.answers_of(copy) if copy.answered_at else [],
        "reminded": Recipient.objects.filter(pk=copy.pk)
        .annotate(last=last_reminded())
        .values_list("last", flat=True)
        .first(),
        # Most offices register a letter the day it arrives: the date is offered, and
        # can be changed.
        "today_typed": dates.format_date(dates.bangkok_today(), style="numeric"),
    }
