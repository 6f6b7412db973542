"""Following a sent letter (issue 12 §4–6): who received it, who opened, acknowledged and
answered it, who is silent, the answers gathered, the cascade of forwards below it, and
one recipient's history. Selectors: they read, never write.

Who may read these is decided by `accounts.capabilities.may_follow` (asked by the
views); every function here takes a letter already fetched through
`access_letter`. Each one runs a fixed number of queries whatever the number of
recipients: figures are counted by the database (grouped), lists are paginated, and
the cascade is read in two queries for the whole tree.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
)
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from correspondence.models import Answer, Letter, Question, Recipient
from correspondence.reminders import last_reminded
from notices.models import Notice
from registry.models import Organisation
from saduak.language import in_language
from thaicalendar import dates

# The figures counted for every group of recipients, in the order the tables show them.
FIGURES = ("recipients", "delivered", "opened", "acknowledged", "answered", "overdue")
# What a coverage table may be sorted by (the GET parameter `sort`, "-" for descending).
SORTS = ("name", *FIGURES, "percent")
SILENT_PAGE = 50
ANSWERS_PAGE = 50

# A recipient's level: the type of a local government, or its kind for other units.
LEVELS: list[tuple[str, Any]] = [
    (Organisation.LaoType.PAO.value, Organisation.LaoType.PAO.label),
    (Organisation.LaoType.CITY_MUNICIPALITY.value, Organisation.LaoType.CITY_MUNICIPALITY.label),
    (Organisation.LaoType.TOWN_MUNICIPALITY.value, Organisation.LaoType.TOWN_MUNICIPALITY.label),
    (
        Organisation.LaoType.SUBDISTRICT_MUNICIPALITY.value,
        Organisation.LaoType.SUBDISTRICT_MUNICIPALITY.label,
    ),
    (Organisation.LaoType.SAO.value, Organisation.LaoType.SAO.label),
    (Organisation.LaoType.SPECIAL.value, Organisation.LaoType.SPECIAL.label),
    ("province", _lazy("Province")),
    ("other", _lazy("Other units")),
]


def level_of(kind: str, lao_type: str) -> str:
    if kind == Organisation.Kind.LOCAL_GOVERNMENT and lao_type:
        return lao_type
    if kind == Organisation.Kind.PROVINCE:
        return "province"
    return "other"


# --- what the letter asks, and who has not done it --------------------------------------


def asked_field(letter: Letter) -> str:
    """The moment that says a recipient did what the letter asks: it answered a letter
    that asks for an answer, acknowledged one that asks for that, and at least opened
    one sent for information."""
    if letter.action == Letter.Action.ANSWER:
        return "answered_at"
    if letter.action == Letter.Action.ACKNOWLEDGE:
        return "acknowledged_at"
    return "opened_at"


def silent_q(letter: Letter, prefix: str = "") -> Q:
    """Recipients that have not done what the letter asks (overdue ones included)."""
    return Q(**{f"{prefix}{asked_field(letter)}__isnull": True})


def is_past_due(letter: Letter) -> bool:
    return bool(letter.due_date and dates.bangkok_today() > letter.due_date)


def overdue_q(letter: Letter, prefix: str = "") -> Q:
    """Recipients past the due date without having done what the letter asks. A letter
    for information only, or without a due date, has nobody overdue."""
    if letter.action == Letter.Action.READ or not is_past_due(letter):
        return Q(**{f"{prefix}pk__isnull": True})  # nobody
    return silent_q(letter, prefix)


# A copy of a letter that asks for acknowledgement is chased once it has waited this
# many days unacknowledged (the issue leaves it open; a week is one office's week).
ACKNOWLEDGE_WITHIN_DAYS = 7


def unacknowledged_q(today: date, prefix: str = "") -> Q:
    """Copies, of any letter, that ask for acknowledgement, delivered more than
    ACKNOWLEDGE_WITHIN_DAYS days before `today` (Bangkok) and still not acknowledged."""
    cutoff = datetime.combine(
        today - timedelta(days=ACKNOWLEDGE_WITHIN_DAYS), time.min, tzinfo=dates.BANGKOK
    )
    return Q(
        **{
            f"{prefix}letter__action": Letter.Action.ACKNOWLEDGE,
            f"{prefix}acknowledged_at__isnull": True,
            f"{prefix}delivered_at__lt": cutoff,
        }
    )


def _figures(letter: Letter) -> dict[str, Any]:
    return {
        "recipients": Count("pk"),
        "delivered": Count("delivered_at"),
        "opened": Count("opened_at"),
        "acknowledged": Count("acknowledged_at"),
        "answered": Count("answered_at"),
        "overdue": Count("pk", filter=overdue_q(letter)),
        "silent": Count("pk", filter=silent_q(letter)),
    }


# --- coverage ---------------------------------------------------------------------------


@dataclass
class Row:
    """One group of recipients (a province, a level, or all of them) and its figures."""

    key: str
    name: str
    recipients: int = 0
    delivered: int = 0
    opened: int = 0
    acknowledged: int = 0
    answered: int = 0
    overdue: int = 0
    silent: int = 0

    @property
    def percent(self) -> float:
        """The share acknowledged, in per cent (0 for a group without recipients)."""
        return 100 * self.acknowledged / self.recipients if self.recipients else 0.0

    def add(self, other: "Row") -> None:
        for name in (*FIGURES, "silent"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Coverage:
    provinces: list[Row]
    levels: list[Row]
    total: Row
    sort: str


def parse_sort(value: str | None) -> str:
    """A sort parameter from the address, or the default (by name)."""
    if value and value.lstrip("-") in SORTS:
        return value
    return "name"


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    from pythainlp.util import collate  # slow to import: only when a table is sorted

    key = sort.lstrip("-")
    # Names in Thai dictionary order (a leading vowel such as เ does not count first:
    # เชียงใหม่ sorts under ช); ties on a figure stay in the order of names.
    rank = {name: n for n, name in enumerate(collate([r.name for r in rows]))}
    rows = sorted(rows, key=lambda r: rank[r.name])
    if key == "name":
        return list(reversed(rows)) if sort.startswith("-") else rows
    return sorted(rows, key=lambda r: getattr(r, key), reverse=sort.startswith("-"))


def in_name_order(rows: list[Row]) -> list[Row]:
    return _sorted(rows, "name")


def coverage(letter: Letter, *, sort: str = "name") -> Coverage:
    """The recipients' figures by province and by level, each table sorted by `sort`.
    One query, grouped by province and level together (at most 77 × 8 groups), both
    tables summed from it."""
    sort = parse_sort(sort)
    groups = (
        Recipient.objects.filter(letter=letter)
        .order_by()
        .values(
            "organisation__province_id",
            "organisation__province__name_th",
            "organisation__province__name_en",
            "organisation__kind",
            "organisation__lao_type",
        )
        .annotate(**_figures(letter))
    )
    names = dict(LEVELS)
    provinces: dict[str, Row] = {}
    levels: dict[str, Row] = {}
    total = Row(key="", name=str(_("Total")))
    for group in groups:
        figures = Row(key="", name="", **_only_figures(group))
        code = group["organisation__province_id"] or ""
        if code not in provinces:
            name = (
                in_language(
                    group["organisation__province__name_th"],
                    group["organisation__province__name_en"],
                )
                if code
                else str(_("No province"))
            )
            provinces[code] = Row(key=code, name=name)
        provinces[code].add(figures)
        key = level_of(group["organisation__kind"], group["organisation__lao_type"])
        levels.setdefault(key, Row(key=key, name=str(names[key]))).add(figures)
        total.add(figures)
    order = [key for key, _label in LEVELS]
    level_rows = sorted(levels.values(), key=lambda r: order.index(r.key))
    if sort.lstrip("-") != "name":
        level_rows = _sorted(level_rows, sort)
    elif sort.startswith("-"):
        level_rows.reverse()
    return Coverage(
        provinces=_sorted(list(provinces.values()), sort),
        levels=level_rows,
        total=total,
        sort=sort,
    )


def _only_figures(group: dict[str, Any]) -> dict[str, int]:
    return {name: group[name] for name in (*FIGURES, "silent")}


def headline(letter: Letter) -> Row:
    """The figures for all the letter's recipients, in one query."""
    figures = Recipient.objects.filter(letter=letter).order_by().aggregate(**_figures(letter))
    return Row(key="", name=str(_("Total")), **{k: v or 0 for k, v in figures.items()})


# --- the silent ---------------------------------------------------------------------------


def parse_province(value: str | None) -> str:
    """A province code from the address (two digits), or "" for every province."""
    if value and len(value) == 2 and value.isascii() and value.isdigit():
        return value
    return ""


def silent_below(letter: Letter) -> Q:
    """Copies, down the cascade from the letter, that have not done what their own
    letter asks: the letter's recipients, and the units its forwards reached (DLA sees
    and reminds Pattani's silent local governments). One query (the letters' asks)."""
    condition = Q(pk__isnull=True)  # nobody, when the letters below ask nothing
    below = Letter.objects.filter(pk__in=letters_below(letter)).only("pk", "action", "due_date")
    for each in below:
        condition |= Q(letter_id=each.pk) & silent_q(each)
    return condition


def silent_count(letter: Letter) -> int:
    """How many units down the cascade a reminder would reach now."""
    return Recipient.objects.filter(silent_below(letter)).count()


def silent(letter: Letter, *, province: str = "") -> QuerySet[Recipient]:
    """The recipients down the cascade that have not done what their letter asks, by
    province then name, each with `last_reminded`, optionally of one province."""
    queryset = (
        Recipient.objects.filter(silent_below(letter))
        .select_related("organisation__province", "letter")
        .annotate(last_reminded=last_reminded())
        .order_by("organisation__province__name_th", "organisation__name_th", "pk")
    )
    if province:
        queryset = queryset.filter(organisation__province_id=province)
    return queryset


def silent_page(letter: Letter, *, province: str = "", number: Any = None) -> Page:
    """One page of the silent list: two queries (the count and the page)."""
    return Paginator(silent(letter, province=province), SILENT_PAGE).get_page(number)


# --- the answers ------------------------------------------------------------------------


def answer_file_url(answer: Answer) -> str:
    """Where the answer's file is downloaded, checked there by the copy's scope."""
    return reverse(
        "correspondence:answer_file",
        kwargs={"copy_id": answer.recipient_id, "answer_id": answer.pk},
    )


@dataclass
class Cell:
    text: str = ""
    url: str = ""
    value: Any = None  # for the spreadsheet: a number as a number, else the text
    label: str = ""  # the question's, for the cell's name on a phone


def answer_cell(answer: Answer | None, question: Question) -> Cell:
    if answer is None:
        return Cell()
    if question.kind == Question.Kind.YES_NO:
        if answer.yes is None:
            return Cell()
        text = str(_("Yes") if answer.yes else _("No"))
        return Cell(text=text, value=text)
    if question.kind == Question.Kind.NUMBER:
        if answer.number is None:
            return Cell()
        number: Decimal | int = answer.number
        if answer.number == answer.number.to_integral_value():
            number = int(answer.number)  # 12, not 12.00
        return Cell(text=f"{number:,}", value=number)
    if question.kind == Question.Kind.FILE:
        if not answer.file:
            return Cell()
        name = answer.original_name or answer.file.name.rsplit("/", 1)[-1]
        return Cell(text=name, url=answer_file_url(answer), value=name)
    return Cell(text=answer.text, value=answer.text)


def _labelled(cell: Cell, question: Question) -> Cell:
    cell.label = question.label
    return cell


@dataclass
class AnswerRow:
    copy: Recipient
    cells: list[Cell]


@dataclass
class Answers:
    questions: list[Question]
    rows: list[AnswerRow]
    page: Page | None = None


def letters_below(letter: Letter) -> list[int]:
    """The letter and every forward below it in its cascade. A forward copies the reply
    form, so the units it reaches answer the first sender's questions too (DLA reads
    the answers of Pattani's local governments through Pattani's covering letter), and
    whoever follows the letter follows them. One query, whatever the depth."""
    root_id = letter.root_id or letter.pk
    below: dict[int, list[int]] = defaultdict(list)
    for pk, parent in (
        Letter.objects.filter(root_id=root_id, forwards__isnull=False)
        .exclude(state=Letter.State.DRAFT)
        .values_list("pk", "forwards__letter_id")
    ):
        below[parent].append(pk)
    found, generation = [letter.pk], [letter.pk]
    while generation:
        generation = [child for pk in generation for child in below[pk] if child not in found]
        found += generation
    return found


def _answered(letters: list[int]) -> QuerySet[Recipient]:
    return (
        Recipient.objects.filter(letter_id__in=letters, answered_at__isnull=False)
        .select_related("organisation__province", "answered_by", "letter")
        .order_by("organisation__province__name_th", "organisation__name_th", "pk")
    )


def _same_questions(questions: list[Question], letters: list[int]) -> dict[int, int]:
    """Each question of the letters' reply forms, as the question of `questions` it
    copies (the same wording and kind of answer)."""
    wanted = {(q.label, q.kind): q.pk for q in questions}
    return {
        pk: wanted[(label, kind)]
        for pk, label, kind in Question.objects.filter(letter_id__in=letters).values_list(
            "pk", "label", "kind"
        )
        if (label, kind) in wanted
    }


def _rows(
    copies: Iterable[Recipient],
    questions: list[Question],
    answers: Iterable[Answer],
    same: dict[int, int],
) -> list[AnswerRow]:
    by_copy: dict[int, dict[int, Answer]] = defaultdict(dict)
    for answer in answers:
        if answer.question_id in same:
            by_copy[answer.recipient_id][same[answer.question_id]] = answer
    return [
        AnswerRow(
            copy=copy,
            cells=[_labelled(answer_cell(by_copy[copy.pk].get(q.pk), q), q) for q in questions],
        )
        for copy in copies
    ]


def answers_page(letter: Letter, *, number: Any = None) -> Answers:
    """One page of the answers table, down the cascade: a row per answering recipient,
    a column per question. Six queries (the cascade, questions and the forms copying
    them, the count, the page, their answers)."""
    letters = letters_below(letter)
    questions = list(Question.objects.filter(letter=letter).order_by("position", "pk"))
    page = Paginator(_answered(letters), ANSWERS_PAGE).get_page(number)
    copies = list(page.object_list)
    answers = Answer.objects.filter(recipient__in=[c.pk for c in copies])
    rows = _rows(copies, questions, answers, _same_questions(questions, letters))
    return Answers(questions=questions, rows=rows, page=page)


def all_answers(letter: Letter) -> Answers:
    """Every answering recipient's answers down the cascade, for the spreadsheet."""
    letters = letters_below(letter)
    questions = list(Question.objects.filter(letter=letter).order_by("position", "pk"))
    copies = list(_answered(letters))
    answers = Answer.objects.filter(
        recipient__letter_id__in=letters, recipient__answered_at__isnull=False
    ).order_by()
    rows = _rows(copies, questions, answers, _same_questions(questions, letters))
    return Answers(questions=questions, rows=rows)


# --- time to acknowledge ----------------------------------------------------------------


def median_time_to_acknowledge(letter: Letter, acknowledged: int) -> timedelta | None:
    """The median time from delivery to acknowledgement among the `acknowledged`
    recipients that acknowledged (the count the coverage already has): one query that
    lets the database sort the durations and reads the middle one or two."""
    if not acknowledged:
        return None
    middle = (acknowledged - 1) // 2
    values = list(
        Recipient.objects.filter(letter=letter, acknowledged_at__isnull=False)
        .annotate(took=_time_to_acknowledge())
        .order_by("took")
        .values_list("took", flat=True)[middle : middle + 2]
    )
    if not values:
        return None
    if acknowledged % 2 or len(values) == 1:
        return _duration(values[0])
    return (_duration(values[0]) + _duration(values[1])) / 2


def _time_to_acknowledge() -> Any:
    """Delivered → acknowledged, as the database computes it. SQLite has no interval
    type: Django subtracts its datetimes with a function written in Python, called for
    every row (measured in docs/correspondence.md), where
    SQLite's own julianday() gives the difference in days at once."""
    if connection.vendor == "sqlite":
        return ExpressionWrapper(
            Func(F("acknowledged_at"), function="julianday", output_field=FloatField())
            - Func(F("delivered_at"), function="julianday", output_field=FloatField()),
            output_field=FloatField(),
        )
    return ExpressionWrapper(F("acknowledged_at") - F("delivered_at"), output_field=DurationField())


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    # SQLite's difference of julian days: a float, exact to about a millisecond.
    return timedelta(seconds=round(float(value) * 86400))


def median_in_words(length: timedelta | None) -> str:
    if length is None:
        return ""
    lang = "en" if (get_language() or "th").startswith("en") else "th"
    return dates.format_duration(max(length, timedelta(0)), lang=lang)


# --- the cascade ------------------------------------------------------------------------


@dataclass
class Node:
    """A letter of the cascade with its recipients' figures, and the forwards its
    recipients made below it."""

    pk: int
    reference: str
    subject: str
    sender: str
    forwarded_by: str
    depth: int
    figures: Row
    children: list["Node"] = field(default_factory=list)

    @property
    def forwarded(self) -> int:
        """How many of its recipients passed it down."""
        return len({child.forwarded_by for child in self.children})


@dataclass
class Cascade:
    top: Node
    # Figures summed by generation below the letter itself: 1 = its own recipients,
    # 2 = the recipients of their forwards, and so on.
    levels: list[Row]

    @property
    def is_flat(self) -> bool:
        return not self.top.children


def cascade(letter: Letter) -> Cascade:
    """The letter and every forward below it, as a tree with its recipients' figures at
    each node. Two queries for the whole cascade (its letters; their recipients counted
    by letter), whatever its size; the tree starts at `letter`, so a province following
    its own forward sees its part, and the first sender the whole."""
    root_id = letter.root_id or letter.pk
    in_cascade = Q(pk=root_id) | Q(root_id=root_id)
    letters = list(
        Letter.objects.filter(in_cascade)
        .exclude(state=Letter.State.DRAFT)
        .order_by()
        .values(
            "pk",
            "kind",
            "letter_code",
            "number",
            "subject",
            "depth",
            "forwards__letter_id",
            "forwards__organisation__name_th",
            "forwards__organisation__name_en",
            "sender__name_th",
            "sender__name_en",
        )
    )
    counted = (
        Recipient.objects.filter(Q(letter_id=root_id) | Q(letter__root_id=root_id))
        .order_by()
        .values("letter_id")
        .annotate(**_figures_for_cascade())
    )
    figures = {group["letter_id"]: group for group in counted}
    nodes: dict[int, Node] = {}
    for item in letters:
        shell = Letter(kind=item["kind"], letter_code=item["letter_code"], number=item["number"])
        group = figures.get(item["pk"], {})
        nodes[item["pk"]] = Node(
            pk=item["pk"],
            reference=shell.reference,
            subject=item["subject"],
            sender=in_language(item["sender__name_th"], item["sender__name_en"]),
            forwarded_by=in_language(
                item["forwards__organisation__name_th"] or "",
                item["forwards__organisation__name_en"] or "",
            ),
            depth=item["depth"],
            figures=Row(
                key=str(item["pk"]),
                name="",
                **{name: group.get(name, 0) for name in (*FIGURES, "silent")},
            ),
        )
    for item in letters:
        parent = item["forwards__letter_id"]
        if parent in nodes and parent != item["pk"]:
            nodes[parent].children.append(nodes[item["pk"]])
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.forwarded_by, n.pk))
    top = nodes[letter.pk]
    levels: list[Row] = []
    generation, depth = [top], 1
    while generation:
        row = Row(key=str(depth), name="")
        for node in generation:
            row.add(node.figures)
        levels.append(row)
        generation = [child for node in generation for child in node.children]
        depth += 1
    return Cascade(top=top, levels=levels)


def _figures_for_cascade() -> dict[str, Any]:
    # Each letter of the cascade asks its own thing; the cascade shows what is common
    # to all: received, opened, acknowledged, answered.
    return {
        "recipients": Count("pk"),
        "delivered": Count("delivered_at"),
        "opened": Count("opened_at"),
        "acknowledged": Count("acknowledged_at"),
        "answered": Count("answered_at"),
    }


# --- one recipient's history ------------------------------------------------------------


@dataclass
class Event:
    at: datetime
    what: str
    who: str = ""
    detail: str = ""
    url: str = ""


@dataclass
class History:
    copy: Recipient
    events: list[Event]
    reminders: list[Notice]
    forwards: list[Letter]
    answers: list[tuple[Question, Cell]]


def letter_url(pk: int) -> str:
    return reverse("correspondence:letter", args=[pk])


def _day(day: Any) -> str:
    if not day:
        return "–"
    lang = "en" if (get_language() or "th").startswith("en") else "th"
    return dates.format_date(day, lang=lang)


def _person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def history(copy: Recipient) -> History:
    """What happened to one recipient's copy, in time order: delivered, first opened,
    acknowledged in its register, answered, forwarded, and every reminder sent to it.
    Five queries."""
    copy = Recipient.objects.select_related(
        "organisation__province", "opened_by", "acknowledged_by", "answered_by", "letter"
    ).get(pk=copy.pk)
    events = [Event(at=copy.delivered_at, what=str(_("Delivered to the inbox")))]
    if copy.opened_at:
        events.append(
            Event(at=copy.opened_at, what=str(_("First opened")), who=_person(copy.opened_by))
        )
    if copy.acknowledged_at:
        detail = ""
        if copy.register_number:
            detail = str(_("Incoming register no. %(number)s of %(date)s")) % {
                "number": copy.register_number,
                "date": _day(copy.register_date),
            }
        events.append(
            Event(
                at=copy.acknowledged_at,
                what=str(_("Acknowledged")),
                who=_person(copy.acknowledged_by),
                detail=detail,
            )
        )
    if copy.answered_at:
        events.append(
            Event(at=copy.answered_at, what=str(_("Answered")), who=_person(copy.answered_by))
        )
    forwards = list(
        Letter.objects.filter(forwards=copy)
        .exclude(state=Letter.State.DRAFT)
        .order_by("sent_at", "pk")
    )
    for forward in forwards:
        if forward.sent_at:
            events.append(
                Event(
                    at=forward.sent_at,
                    what=str(_("Forwarded with its covering letter")),
                    detail=f"{forward.reference} {forward.subject}",
                    url=letter_url(forward.pk),
                )
            )
    reminders = list(
        Notice.objects.filter(
            letter_id=copy.letter_id,
            organisation_id=copy.organisation_id,
            kind=Notice.Kind.REMINDER,
        )
        .select_related("created_by", "account")
        .order_by("created_at", "pk")
    )
    for notice in reminders:
        if notice.channel == Notice.Channel.INBOX:
            events.append(
                Event(at=notice.created_at, what=str(_("Reminded")), who=_person(notice.created_by))
            )
    events.sort(key=lambda e: e.at)
    questions = list(Question.objects.filter(letter_id=copy.letter_id).order_by("position", "pk"))
    answers = {a.question_id: a for a in Answer.objects.filter(recipient=copy)}
    return History(
        copy=copy,
        events=events,
        reminders=reminders,
        forwards=forwards,
        answers=[(q, answer_cell(answers.get(q.pk), q)) for q in questions] if answers else [],
    )
