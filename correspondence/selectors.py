"""Reading letters. Every list starts from what `accounts.capabilities` lets the account
read: `letters_for`, or an organisation on which it holds READ_LETTERS (whose inbox
holds only letters it is a party to)."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from accounts import capabilities as cap
from correspondence import tallies
from correspondence.models import Answer, Letter, Recipient
from correspondence.receiving import answer_overdue_q, overdue_q
from correspondence.reminders import last_reminded
from registry.models import Organisation
from thaicalendar import dates


def copy_for(user: Any, letter: Letter) -> Recipient | None:
    """The copy of the letter in the inbox of an organisation the account works in, or
    None (an overseer or OPS PMO reading it from above has no copy of its own)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Recipient.objects.filter(letter=letter, organisation__in=cap.organisations_worked_in(user))
        .select_related("organisation", "opened_by", "acknowledged_by", "answered_by")
        .order_by("organisation__name_th")
        .first()
    )


def answers_of(copy: Recipient) -> list[Answer]:
    """A copy's answers in the order of the reply form."""
    return list(
        copy.answers.select_related("question").order_by("question__position", "question_id")
    )


# --- the organisations whose boxes an account opens ------------------------------------------


def own_box_organisations(user: Any) -> list[Organisation]:
    """The organisations the account works in and reads the letters of: its inboxes and
    outboxes, for the boxes' picker and the home page."""
    if not getattr(user, "is_authenticated", False):
        return []
    reach = cap.where(user, cap.READ_LETTERS)
    held = Organisation.objects.filter(pk__in=cap.organisations_worked_in(user))
    return list(held.filter(reach.q()).order_by("name_th"))


# --- searching ---------------------------------------------------------------------------------

# A number as typed: a bare running number (๗๕๕๕), or with its code and "/" (0810.7/7555,
# มท ๐๘๑๐.๗/ว ๗๕๕๕).
_NUMBER = re.compile(
    r"^(?:(?P<code>[ก-ฮ]{0,4} ?[0-9][0-9.]*) ?/ ?)?(?:ว ?)?(?P<number>[0-9]{1,9})$"
)


@dataclass
class Search:
    text: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def given(self) -> bool:
        return bool(self.text or self.date_from or self.date_to)


def number_q(text: str, prefix: str = "") -> Q | None:
    """The letters whose number is the one typed (Thai or Arabic digits), or None when
    the text cannot be a number."""
    typed = " ".join(dates.arabic_digits(text).split())
    match = _NUMBER.match(typed)
    if not match:
        return None
    found = Q(**{f"{prefix}number": int(match["number"])})
    if match["code"]:
        code = re.sub(r"^([ก-ฮ]+) ?", r"\1 ", match["code"].strip())
        found &= Q(**{f"{prefix}letter_code__icontains": code})
    return found


def _searched(letters: Any, search: Search, prefix: str = "", also: Q | None = None) -> Any:
    """Letters (or copies, through `prefix`) by number or subject, and by date. `also`:
    another condition the text may meet instead."""
    if search.text:
        condition = Q(**{f"{prefix}subject__icontains": search.text})
        by_number = number_q(search.text, prefix)
        if by_number is not None:
            condition |= by_number
        if also is not None:
            condition |= also
        letters = letters.filter(condition)
    if search.date_from:
        letters = letters.filter(**{f"{prefix}date__gte": search.date_from})
    if search.date_to:
        letters = letters.filter(**{f"{prefix}date__lte": search.date_to})
    return letters


# --- inbox and outbox --------------------------------------------------------------------------

SHOW = ("all", "unread", "overdue")


def inbox(
    organisation: Organisation, *, search: Search, show: str = "all", today: date | None = None
) -> QuerySet[Recipient]:
    """The copies an organisation received, newest first. The caller has checked that
    the account reads this organisation's letters; it is a party to every one of them."""
    today = today or dates.bangkok_today()
    copies = Recipient.objects.filter(organisation=organisation)
    # The recipient's own incoming register number is a number it searches by too.
    register = Q(register_number=dates.arabic_digits(search.text.strip()))
    copies = _searched(copies, search, "letter__", also=register)
    if show == "unread":
        copies = copies.filter(opened_at__isnull=True)
    elif show == "overdue":
        copies = copies.filter(overdue_q(today))
    return (
        copies.select_related("letter__sender")
        .annotate(last_reminded=last_reminded())
        .order_by("-delivered_at", "-id")
    )


def outbox(user: Any, organisation: Organisation, *, search: Search) -> QuerySet[Letter]:
    """The letters an organisation wrote: its drafts (for those who write for it), the
    ones being delivered and the sent ones, with how many recipients acknowledged and
    answered."""
    letters = cap.letters_for(user).filter(sender=organisation)
    letters = _searched(letters, search)
    return letters.annotate(
        acknowledged=Count("recipients", filter=Q(recipients__acknowledged_at__isnull=False)),
        answered=Count("recipients", filter=Q(recipients__answered_at__isnull=False)),
    ).order_by(F("sent_at").desc(nulls_first=True), "-id")


def box_counts(user: Any, today: date | None = None) -> list[dict[str, Any]]:
    """For the home page: each of the account's own inboxes, with how many letters are
    not yet opened and how many are overdue. Two queries whatever the number of letters."""
    organisations = own_box_organisations(user)
    if not organisations:
        return []
    today = today or dates.bangkok_today()
    counted = {
        row["organisation_id"]: row
        for row in Recipient.objects.filter(organisation__in=organisations)
        .values("organisation_id")
        .annotate(
            unread=Count("pk", filter=Q(opened_at__isnull=True)),
            overdue=Count("pk", filter=overdue_q(today)),
        )
        .order_by()
    }
    return [
        {
            "organisation": org,
            "unread": counted.get(org.pk, {}).get("unread", 0),
            "overdue": counted.get(org.pk, {}).get("overdue", 0),
        }
        for org in organisations
    ]


# --- the letters an area received (oversight's dashboards) ------------------------------------
# `copies` is a filter on Recipient for the copies that count (an overseer's scope:
# "organisation__" and what follows); every function here runs a fixed number of
# queries whatever the number of organisations and copies.


@dataclass
class Coverage:
    """How many copies were delivered, acknowledged, answered, and are overdue for their
    answer; with a letter when the figures are that letter's."""

    delivered: int = 0
    acknowledged: int = 0
    answered: int = 0
    answers_overdue: int = 0
    letter: Letter | None = None

    @property
    def acknowledged_share(self) -> float | None:
        """Acknowledged copies among those delivered (0..1), None when none was."""
        return self.acknowledged / self.delivered if self.delivered else None

    @property
    def percent(self) -> float:
        """The same share in per cent (0 when no copy was delivered)."""
        return 100 * self.acknowledged / self.delivered if self.delivered else 0.0


def _coverage_figures(today: date) -> dict[str, Any]:
    return {
        "delivered": Count("delivered_at"),
        "acknowledged": Count("acknowledged_at"),
        "answered": Count("answered_at"),
        "answers_overdue": Count("pk", filter=answer_overdue_q(today)),
    }


def _coverage(row: dict[str, Any], letter: Letter | None = None) -> Coverage:
    return Coverage(
        delivered=row.get("delivered") or 0,
        acknowledged=row.get("acknowledged") or 0,
        answered=row.get("answered") or 0,
        answers_overdue=row.get("answers_overdue") or 0,
        letter=letter,
    )


def coverage_of_units(units: Any, *, today: date) -> Coverage:
    """The figures of every copy delivered to the organisations `units` selects, summed
    from their kept counts (tallies.py): two queries when those are current."""
    return _coverage(
        tallies.current(units, today).aggregate(
            **{
                name: Sum(name)
                for name in ("delivered", "acknowledged", "answered", "answers_overdue")
            }
        )
    )


def recent_coverage(copies: Q, *, today: date, count: int = 5) -> list[Coverage]:
    """The `count` letters sent last that reached a copy `copies` selects, newest first,
    each with the figures of those copies only (each letter with its sender and its
    first sender, for `capabilities.may_follow`): two queries."""
    reached = Recipient.objects.filter(copies, letter=OuterRef("pk"))
    letters = list(
        Letter.objects.filter(Exists(reached))
        .exclude(state=Letter.State.DRAFT)
        .select_related("sender", "root__sender")
        .order_by(F("sent_at").desc(nulls_last=True), "-pk")[:count]
    )
    counted = {
        row["letter_id"]: row
        for row in Recipient.objects.filter(copies, letter__in=[lt.pk for lt in letters])
        .order_by()
        .values("letter_id")
        .annotate(**_coverage_figures(today))
    }
    return [_coverage(counted.get(letter.pk, {}), letter) for letter in letters]


def overdue_answers(copies: Q, *, today: date, count: int = 5) -> list[Coverage]:
    """The letters with copies overdue for their answer among `copies`, the longest
    overdue first (by due date), each with how many (`answers_overdue`): two queries.
    The letters are found first and only their copies counted: grouping every overdue
    copy of the nation by letter read some 200,000 copies."""
    overdue = Q(copies, answer_overdue_q(today))
    letters = list(
        Letter.objects.filter(
            Exists(Recipient.objects.filter(overdue, letter=OuterRef("pk"))),
            action=Letter.Action.ANSWER,
            due_date__lt=today,
        )
        .select_related("sender", "root__sender")
        .order_by("due_date", "pk")[:count]
    )
    counted = dict(
        Recipient.objects.filter(overdue, letter__in=[letter.pk for letter in letters])
        .order_by()
        .values_list("letter_id")
        .annotate(n=Count("pk"))
    )
    return [Coverage(letter=lt, answers_overdue=counted.get(lt.pk, 0)) for lt in letters]


def acknowledgement_by(copies: Q, *, group: str, until: datetime) -> dict[Any, Coverage]:
    """Copies delivered and acknowledged by the moment `until`, grouped by the lookup
    `group` (such as "organisation__province_id"): one query."""
    by = Q(acknowledged_at__lte=until)
    return {
        row[group]: Coverage(delivered=row["delivered"], acknowledged=row["acknowledged"])
        for row in Recipient.objects.filter(copies, delivered_at__lte=until)
        .order_by()
        .values(group)
        .annotate(delivered=Count("pk"), acknowledged=Count("pk", filter=by))
    }


def answers_overdue_by(copies: Q, *, group: str, today: date) -> dict[Any, int]:
    """Copies overdue for their answer on `today`, counted by the lookup `group` (0 for
    a group whose copies are all in time): one query."""
    return {
        row[group]: row["n"]
        for row in Recipient.objects.filter(copies)
        .order_by()
        .values(group)
        .annotate(n=Count("pk", filter=answer_overdue_q(today)))
    }
