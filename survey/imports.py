"""Import of citizens' answers collected elsewhere: a spreadsheet exported from another
form tool, or paper forms keyed in. Rules and messages: docs/survey-import.md.

Three steps. The file is read and its header row offered for a column mapping (each
questionnaire field pre-matched to a heading where one fits); with the mapping, every
row is checked and every error listed with its row and column; on confirmation the file
is checked again and all its rows are written in one transaction, each counted in the
monthly tallies, or none. A file already imported for the centre is refused: its
SHA-256 is kept in the import's audit record and looked up there.
"""

import hashlib
import re
import unicodedata
from collections import Counter as Tallied
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import record
from registry.models import ServiceCentre
from saduak import uploads
from saduak.language import entry_text
from survey import protection, tallies
from survey.models import Questionnaire, Response
from survey.questionnaire import current
from thaicalendar.dates import (
    BANGKOK,
    ENGLISH_MONTHS,
    THAI_MONTHS,
    arabic_digits,
    be_year,
    format_datetime,
    parse_date,
)

MAX_LISTED_ERRORS = 1_000  # shown on the page; all are counted, per column too
# The programme began with the Cabinet meeting of 1 Sep 2558 BE (DOMAIN.md §2): an
# earlier date is a typing slip or a zero in an Excel date cell (30 Dec 1899).
EARLIEST = date(2015, 9, 1)
NOON = time(12, 0)

DATE = "submitted_at"
COMMENT = "comment"

# Headings other tools give the date and comment columns (Google Forms, Microsoft Forms,
# KoboToolbox, hand-made sheets), in order of preference.
DATE_NAMES = (
    "submitted_at",
    "timestamp",
    "ประทับเวลา",
    "completion time",
    "เวลาที่เสร็จสมบูรณ์",
    "submission time",
    "submission date",
    "submitted",
    "submitted on",
    "date",
    "date time",
    "datetime",
    "วันที่",
    "วันเวลา",
    "วันที่ตอบ",
    "วันที่ตอบแบบสอบถาม",
    "วันที่ประเมิน",
    "วันที่รับบริการ",
    "วันที่มารับบริการ",
    "start time",
    "เวลาเริ่มต้น",
    "created",
    "created at",
)
COMMENT_NAMES = (
    "comment",
    "comments",
    "ข้อเสนอแนะ",
    "ข้อเสนอแนะเพิ่มเติม",
    "ข้อเสนอแนะอื่นๆ",
    "ความคิดเห็น",
    "ความคิดเห็นเพิ่มเติม",
    "suggestion",
    "suggestions",
    "feedback",
)
RESPONDENT_NAMES: dict[str, tuple[str, ...]] = {
    "sex": ("gender", "เพศ"),
    "age": ("อายุ", "ช่วงอายุ", "age group", "age band"),
    "education": ("การศึกษา", "ระดับการศึกษา", "วุฒิการศึกษา", "education level"),
    "occupation": ("อาชีพ", "อาชีพหลัก", "job"),
    "service": (
        "บริการ",
        "บริการที่ใช้",
        "บริการที่มาใช้",
        "บริการที่มารับ",
        "เรื่องที่มาติดต่อ",
        "งานที่มาติดต่อ",
        "service used",
        "services",
    ),
}
# A score cell holding one of these means the item was not answered.
NOT_ANSWERED = {"", "na", "ไม่ตอบ", "ไม่ประเมิน", "ไม่เกี่ยวข้อง"}

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_NUMBERING = re.compile(r"^\s*(?:ข้อ(?:ที่)?\s*)?\d+(?:\.\d+)*\s*[.):]?\s+")
_CODE_FIRST = re.compile(r"^\s*([A-Za-z]{1,3}\d{1,2})(?:[\s.:)\-–]|$)")
_BRACKETED = re.compile(r"\[([^\]]+)\]\s*$")
_WHOLE = re.compile(r"[+-]?\d+(?:\.0+)?")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_TIME = re.compile(
    r"(?:\s*,\s*|\s+|T)(?:เวลา\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?"
    r"\s*(?:([AaPp])\.?[Mm]\.?)?\s*(?:น\.?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


class ImportFileError(Exception):
    """The file as a whole cannot be used (format, encoding, size, no rows)."""


class AlreadyImported(ImportFileError):
    """This very file was imported for the centre before."""

    def __init__(self, event: AuditEvent) -> None:
        lang = "en" if (get_language() or "th").startswith("en") else "th"
        super().__init__(
            _(
                "This file was already imported for this centre on %(when)s by %(who)s. "
                "Importing it again would count its answers twice, so nothing has changed."
            )
            % {"when": format_datetime(event.at, lang=lang), "who": event.actor_label or "–"}
        )
        self.event = event


# --- reading the file -----------------------------------------------------------------


@dataclass
class Table:
    """A sheet: its header row and its other non-blank rows, each with the row number
    the spreadsheet shows (the first line is row 1)."""

    header: list[str]
    header_row: int
    rows: list[tuple[int, list[Any]]]

    def column_label(self, index: int) -> str:
        """The column as people will look for it: its heading, or its letter."""
        heading = self.header[index] if index < len(self.header) else ""
        return heading or column_letter(index)

    @property
    def columns(self) -> list[str]:
        """One choice label per column: "C · เพศ"."""
        return [
            f"{column_letter(i)} · {heading}" if heading else column_letter(i)
            for i, heading in enumerate(self.header)
        ]


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _text(value: Any) -> str:
    """A cell as text: numbers without a needless ".0", dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value).strip()


def read_table(filename: str, content: bytes) -> Table:
    """The file's first sheet. The header is the row among the first ones that names
    the most fields of the questionnaire (a title may stand above it), else the first
    filled row."""
    try:
        filled = uploads.read_table(filename, content)
    except uploads.FileRefused as exc:
        raise ImportFileError(str(exc)) from exc
    if not filled:
        raise ImportFileError(_("The file is empty."))
    fields = targets(current())

    def named(cells: list[Any]) -> int:
        return sum(
            1 for index in suggest([_text(c) for c in cells], fields).values() if index is not None
        )

    at = uploads.find_header(filled, named) or 0
    header = [_text(c) for c in filled[at].cells]
    while header and not header[-1]:
        header.pop()
    rows = [(row.number, row.cells) for row in filled[at + 1 :]]
    if not rows:
        raise ImportFileError(_("The file has a header row but no data rows."))
    return Table(header=header, header_row=filled[at].number, rows=rows)


def file_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def previous_import(centre: ServiceCentre, digest: str) -> AuditEvent | None:
    """The audit record of an earlier import of this very file for the centre."""
    return (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.IMPORT,
            object_type=ServiceCentre._meta.label_lower,
            object_id=str(centre.pk),
            # record() keeps each value as [before, after]
            changes__file_sha256__1=digest,
        )
        .order_by("at")
        .first()
    )


# --- what a column can fill -------------------------------------------------------------


def key(text: str) -> str:
    """A heading or a cell value as compared: letters, marks and digits only, casefolded,
    Thai digits as Arabic, and the two ways of typing สระอำ made one."""
    text = arabic_digits(unicodedata.normalize("NFC", text)).translate(_INVISIBLE)
    text = text.replace("\u0e4d\u0e32", "\u0e33").casefold()
    return "".join(c for c in text if unicodedata.category(c)[0] in "LMN")


@dataclass(frozen=True)
class Target:
    """A questionnaire field that a column of the file can fill."""

    key: str
    kind: str  # "score", "respondent", "comment" or "date"
    label: str
    group: str
    names: tuple[str, ...]  # normalised headings that pick this column, best first
    choices: tuple[tuple[str, str], ...] = ()  # respondent: (code, label shown)


def targets(questionnaire: Questionnaire) -> list[Target]:
    """Every field of the questionnaire an import can fill, in the order of the form."""
    content = questionnaire.content
    found: list[Target] = []

    def names(*texts: Any) -> tuple[str, ...]:
        keys = [key(str(t)) for t in texts if t]
        return tuple(dict.fromkeys(k for k in keys if k))

    items = [(dim, item) for dim in content["dimensions"] for item in dim["items"]]
    items.append(({"th": _("Overall"), "en": _("Overall")}, content["overall"]))
    for dim, item in items:
        found.append(
            Target(
                key=item["code"],
                kind="score",
                label=f"{item['code']} · {entry_text(item)}",
                group=entry_text(dim),
                names=names(item["code"], item["th"], item.get("en")),
            )
        )
    about = _("About the respondent")
    for part in content["respondent"]:
        found.append(
            Target(
                key=part["code"],
                kind="respondent",
                label=entry_text(part),
                group=about,
                names=names(
                    part["code"],
                    part["th"],
                    part.get("en"),
                    *RESPONDENT_NAMES.get(part["code"], ()),
                ),
                choices=tuple((c["code"], entry_text(c)) for c in part["choices"]),
            )
        )
    other = _("Comment and date")
    comment = content.get("comment") or {}
    found.append(
        Target(
            key=COMMENT,
            kind="comment",
            label=_("Comment"),
            group=other,
            names=names(*COMMENT_NAMES, comment.get("th"), comment.get("en")),
        )
    )
    found.append(
        Target(
            key=DATE,
            kind="date",
            label=_("Date and time of the answer"),
            group=other,
            names=names(*DATE_NAMES),
        )
    )
    return found


def _heading_keys(heading: str) -> set[str]:
    """The ways a heading may name a field: as written, inside the brackets of a Google
    Forms grid ("ด้านกระบวนการ [ขั้นตอน…]"), without its numbering ("1.1 ขั้นตอน…"),
    and the item code it starts with ("P1. ขั้นตอน…")."""
    text = arabic_digits(heading)
    found = {key(text), key(_NUMBERING.sub("", text))}
    if match := _BRACKETED.search(text):
        found.add(key(match.group(1)))
    if match := _CODE_FIRST.match(text):
        found.add(key(match.group(1)))
    return {k for k in found if k}


def suggest(header: list[str], fields: list[Target]) -> dict[str, int | None]:
    """The column each field most likely comes from; each column used at most once.
    Exact matches first, best heading first; then a heading that contains an item's
    text (a question reworded around it: "ท่านคิดว่าได้รับบริการรวดเร็ว ทันเวลา")."""
    keys = [_heading_keys(h) for h in header]
    mapping: dict[str, int | None] = dict.fromkeys((t.key for t in fields), None)
    taken: set[int] = set()
    for target in fields:
        for name in target.names:
            index = next((i for i, ks in enumerate(keys) if i not in taken and name in ks), None)
            if index is not None:
                mapping[target.key] = index
                taken.add(index)
                break
    for target in fields:
        if mapping[target.key] is not None or target.kind != "score":
            continue
        long_names = [n for n in target.names if len(n) >= 10]
        for index, ks in enumerate(keys):
            if index not in taken and any(n in k for n in long_names for k in ks):
                mapping[target.key] = index
                taken.add(index)
                break
    return mapping


# --- reading the cells -------------------------------------------------------------------


class CellError(ValueError):
    pass


def _scale_words(questionnaire: Questionnaire) -> dict[str, int]:
    words: dict[str, int] = {}
    for step in questionnaire.content["scale"]:
        for label in (step["th"], step.get("en")):
            if label:
                words[key(str(label))] = int(step["value"])
        words[key("พึงพอใจ" + step["th"])] = int(step["value"])  # "พึงพอใจมาก"
    return words


def parse_score(value: Any, words: dict[str, int]) -> int:
    """1–5, or 0 for an item not answered. Accepts digits (Thai too), the scale's words
    (มากที่สุด … น้อยที่สุด, "พึงพอใจมาก", Very satisfied …) and both together ("5 มากที่สุด")."""
    if isinstance(value, bool):
        value = str(value)
    text = arabic_digits(_text(value)).translate(_INVISIBLE).strip()
    if key(text) in NOT_ANSWERED and not any(c.isdigit() for c in text):
        return 0
    if _WHOLE.fullmatch(text):
        score = int(float(text))
        if 1 <= score <= 5:
            return score
        raise CellError(
            _("The score %(value)s is outside the scale: scores go from 1 to 5.") % {"value": text}
        )
    word = words.get(key(text))
    if word:
        return word
    digits = re.findall(r"\d+", text)
    if len(digits) == 1 and words.get(key(re.sub(r"\d+", "", text))) == int(digits[0]):
        return int(digits[0])  # "5 = มากที่สุด", "มาก (4)"
    if _NUMBER.fullmatch(text):
        raise CellError(
            _("The score %(value)s is not a whole number from 1 to 5.") % {"value": text}
        )
    raise CellError(
        _(
            "“%(value)s” is not a score: write a number from 1 to 5, a word of the scale "
            "(มากที่สุด, มาก, ปานกลาง, น้อย, น้อยที่สุด), or leave the cell empty."
        )
        % {"value": text}
    )


def _choice_words(target: Target, part: dict[str, Any]) -> dict[str, str]:
    words: dict[str, str] = {}
    for choice in part["choices"]:
        for label in (choice["code"], choice["th"], choice.get("en")):
            if label:
                words[key(str(label))] = choice["code"]
        words[key(part["th"] + choice["th"])] = choice["code"]  # "เพศชาย"
    return words


def parse_choice(value: Any, target: Target, words: dict[str, str]) -> str:
    """The choice's code, or "" when the cell is empty."""
    text = _text(value)
    found = key(text)
    if not found:
        return ""
    if found in words:
        return words[found]
    labels = ", ".join(label for _code, label in target.choices)
    codes = ", ".join(code for code, _label in target.choices)
    raise CellError(
        _(
            "“%(value)s” is not a choice for %(field)s. The choices are: %(labels)s "
            "(or the codes %(codes)s)."
        )
        % {"value": text, "field": target.label, "labels": labels, "codes": codes}
    )


def _moment(day: date, clock: time | None, now: datetime) -> datetime:
    if clock is None:
        # A date without a time: noon, so that it stays on its day in any time zone
        # (and "now" for today's answers before noon, which cannot be in the future).
        moment = datetime.combine(day, NOON, tzinfo=BANGKOK)
        return min(moment, now) if day == now.astimezone(BANGKOK).date() else moment
    return datetime.combine(day, clock, tzinfo=BANGKOK)


def _from_datetime(value: datetime, now: datetime) -> datetime:
    if value.tzinfo is not None:
        return value.astimezone(BANGKOK)
    # A date-formatted Excel cell arrives as midnight: that is a date without a time.
    if value.time() == time(0, 0):
        return _moment(value.date(), None, now)
    return value.replace(tzinfo=BANGKOK)


def _parse_text_moment(text: str, now: datetime) -> datetime:
    normalised = " ".join(arabic_digits(text).translate(_INVISIBLE).split())
    clock: time | None = None
    offset: str | None = None
    day_text = normalised
    if match := _TIME.search(normalised):
        hour, minute, second, half, offset = match.groups()
        h, m, s = int(hour), int(minute), int(second or 0)
        if half:
            if not 1 <= h <= 12:
                raise CellError(_("Cannot read the time in “%(text)s”.") % {"text": text})
            h = h % 12 + (12 if half.lower() == "p" else 0)
        if h > 23 or m > 59 or s > 59:
            raise CellError(_("Cannot read the time in “%(text)s”.") % {"text": text})
        clock = time(h, m, s)
        day_text = normalised[: match.start()]
    try:
        day = parse_date(day_text)
    except ValueError as exc:
        raise CellError(str(exc)) from exc
    if offset == "Z" and clock is not None:
        return datetime.combine(day, clock, tzinfo=UTC).astimezone(BANGKOK)
    if offset and clock is not None:
        sign = -1 if offset.startswith("-") else 1
        hh, mm = int(offset[1:3]), int(offset[-2:])
        zone = timezone.get_fixed_timezone(sign * (hh * 60 + mm))
        return datetime.combine(day, clock, tzinfo=zone).astimezone(BANGKOK)
    return _moment(day, clock, now)


def parse_moment(value: Any, now: datetime) -> datetime:
    """When the answer was given, as an aware datetime in Asia/Bangkok. Accepts Excel
    date cells (and date serial numbers), ISO dates and dates typed the Thai way, with
    or without a time; a date alone is taken at noon."""
    if isinstance(value, datetime):
        moment = _from_datetime(value, now)
        shown = _text(value)
    elif isinstance(value, date):
        moment, shown = _moment(value, None, now), value.isoformat()
    elif isinstance(value, time):
        raise CellError(_("The cell holds a time but no date."))
    elif isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 2958466:
        from openpyxl.utils.datetime import from_excel

        converted = from_excel(value)
        shown = _text(value)
        if isinstance(converted, datetime):
            moment = _from_datetime(converted, now)
        else:
            raise CellError(_("Cannot read the date “%(text)s”.") % {"text": shown})
    else:
        shown = _text(value)
        if not shown:
            raise CellError(_("The date is empty."))
        moment = _parse_text_moment(shown, now)
    if moment > now:
        raise CellError(_("The date “%(text)s” is in the future.") % {"text": shown})
    if moment.astimezone(BANGKOK).date() < EARLIEST:
        raise CellError(
            _("The date “%(text)s” is before the GECC programme began (1 September 2015).")
            % {"text": shown}
        )
    return moment


# --- checking every row ------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str  # the column's heading in the file
    message: str
    letter: str = ""  # the column's letter, as the spreadsheet shows it


@dataclass
class Answer:
    row: int
    submitted_at: datetime
    scores: str
    respondent: dict[str, str]
    comment: str
    described: list[str] = field(default_factory=list)  # the respondent's choices, as labels

    @property
    def answered(self) -> int:
        return sum(1 for d in self.scores if d != "0")

    @property
    def mean(self) -> float:
        given = [int(d) for d in self.scores if d != "0"]
        return sum(given) / len(given) if given else 0.0


@dataclass
class Checked:
    answers: list[Answer] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    overlapping: int = 0  # rows that look like answers imported before

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.answers)

    @property
    def listed_errors(self) -> list[RowError]:
        return self.errors[:MAX_LISTED_ERRORS]

    @property
    def errors_by_column(self) -> list[tuple[str, int]]:
        return Tallied(e.column for e in self.errors).most_common()

    @property
    def months(self) -> list[tuple[str, int]]:
        """How many answers land in each month's tally, oldest first."""
        counted = Tallied(tallies.month_of(a.submitted_at) for a in self.answers)
        return [(month_label(m), n) for m, n in sorted(counted.items())]

    @property
    def first(self) -> datetime | None:
        return min((a.submitted_at for a in self.answers), default=None)

    @property
    def last(self) -> datetime | None:
        return max((a.submitted_at for a in self.answers), default=None)


def month_label(month: date) -> str:
    if (get_language() or "th").startswith("en"):
        return f"{ENGLISH_MONTHS[month.month - 1]} {month.year}"
    return f"{THAI_MONTHS[month.month - 1]} {be_year(month.year)}"


def check(
    table: Table,
    mapping: dict[str, int | None],
    questionnaire: Questionnaire,
    *,
    date_for_all: date | None = None,
    centre: ServiceCentre | None = None,
) -> Checked:
    """Check every row with the mapping; nothing is written. `date_for_all` stands in
    for a date column (paper forms of one day keyed in)."""
    now = timezone.now()
    result = Checked(rows=len(table.rows))
    fields = {t.key: t for t in targets(questionnaire)}
    parts = {p["code"]: p for p in questionnaire.content["respondent"]}
    choice_words = {code: _choice_words(fields[code], part) for code, part in parts.items()}
    labels = {code: dict(fields[code].choices) for code in parts}
    words = _scale_words(questionnaire)
    codes = questionnaire.item_codes
    scored = [(code, mapping.get(code)) for code in codes]
    fixed_moment = _moment(date_for_all, None, now) if date_for_all else None

    for line, cells in table.rows:

        def cell(index: int | None, cells: list[Any] = cells) -> Any:
            return cells[index] if index is not None and index < len(cells) else None

        def error(index: int | None, message: str, line: int = line) -> None:
            if index is None:
                result.errors.append(RowError(line, _("all score columns"), message))
            else:
                result.errors.append(
                    RowError(line, table.column_label(index), message, column_letter(index))
                )

        before = len(result.errors)
        digits: list[str] = []
        for _code, index in scored:
            try:
                digits.append(str(parse_score(cell(index), words)))
            except CellError as exc:
                error(index, str(exc))
                digits.append("0")
        if len(result.errors) == before and not any(d != "0" for d in digits):
            error(None, _("No item is scored: a row needs at least one score from 1 to 5."))

        respondent: dict[str, str] = {}
        for code in parts:
            index = mapping.get(code)
            if index is None:
                continue
            try:
                choice = parse_choice(cell(index), fields[code], choice_words[code])
            except CellError as exc:
                error(index, str(exc))
            else:
                if choice:
                    respondent[code] = choice

        comment = protection.without_contacts(_text(cell(mapping.get(COMMENT))))

        moment = fixed_moment
        date_index = mapping.get(DATE)
        if date_index is not None:
            try:
                moment = parse_moment(cell(date_index), now)
            except CellError as exc:
                error(date_index, str(exc))

        if len(result.errors) == before and moment is not None:
            described = [labels[code][choice] for code, choice in respondent.items()]
            answer = Answer(line, moment, "".join(digits), respondent, comment, described)
            result.answers.append(answer)

    if centre is not None and result.ok:
        result.overlapping = _overlapping(centre, result.answers)
    return result


def _overlapping(centre: ServiceCentre, answers: list[Answer]) -> int:
    """Rows with the same moment and scores as answers already imported for the centre:
    a second export that repeats part of the first one."""
    first = min(a.submitted_at for a in answers)
    last = max(a.submitted_at for a in answers)
    existing = set(
        Response.objects.filter(
            centre=centre,
            source=Response.Source.IMPORT,
            submitted_at__gte=first,
            submitted_at__lte=last,
        ).values_list("submitted_at", "scores")
    )
    return sum(1 for a in answers if (a.submitted_at, a.scores) in existing) if existing else 0


# --- writing ---------------------------------------------------------------------------------


@transaction.atomic
def commit(
    *,
    actor: Any,
    centre: ServiceCentre,
    filename: str,
    content: bytes,
    mapping: dict[str, int | None],
    date_for_all: date | None = None,
) -> int:
    """Check the file again and write every row as a counted answer of the centre, each
    added to its tallies, or raise and write nothing. Returns how many were written."""
    # Two confirmations of the same file must not both pass the check below: imports
    # for one centre queue on its row (SQLite's immediate transactions queue anyway).
    ServiceCentre.objects.select_for_update().filter(pk=centre.pk).first()
    digest = file_digest(content)
    earlier = previous_import(centre, digest)
    if earlier is not None:
        raise AlreadyImported(earlier)
    questionnaire = current()
    checked = check(
        read_table(filename, content), mapping, questionnaire, date_for_all=date_for_all
    )
    if not checked.ok:
        raise ImportFileError(_("The file has errors; nothing was imported."))
    responses = Response.objects.bulk_create(
        [
            Response(
                centre=centre,
                counter=None,
                questionnaire=questionnaire,
                submitted_at=answer.submitted_at,
                scores=answer.scores,
                respondent=answer.respondent,
                comment=answer.comment,
                status=Response.Status.COUNTED,
                source=Response.Source.IMPORT,
            )
            for answer in checked.answers
        ],
        batch_size=1000,
    )
    tallies.count_many(responses)
    record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        obj=centre,
        before={},
        after={
            "imported_answers": len(responses),
            "file": filename,
            "file_sha256": digest,
            "questionnaire": str(questionnaire),
        },
    )
    return len(responses)


def template_header(questionnaire: Questionnaire) -> list[str]:
    """The headings of an empty sheet to key paper forms into; each one is matched by
    the mapping without help."""
    english = (get_language() or "th").startswith("en")
    content = questionnaire.content
    items = [item for dim in content["dimensions"] for item in dim["items"]]
    items.append(content["overall"])
    return [
        *(f"{item['code']} {entry_text(item)}" for item in items),
        *(entry_text(part) for part in content["respondent"]),
        "comment" if english else "ข้อเสนอแนะ",
        "date" if english else "วันที่",
    ]
