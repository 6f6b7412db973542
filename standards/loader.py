"""Reading and checking a standard's data file (YAML) or workbook (Excel).

Both formats become the same plain dict and go through the same validator, which
collects every error, not only the first, each named by where it is: file, line and
field path for YAML (`gecc-2565-v1.yaml, line 42, criteria[3].max_points: …`), sheet,
row and column for Excel. A valid file gives the *canonical content*: every field
present, texts stripped, numbers as plain decimal strings, so that the same standard
typed in YAML or in Excel has the same `content_hash`. The format is documented in
docs/standards.md. Nothing here touches the database.
"""

import datetime
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from thaicalendar.dates import arabic_digits

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_FILE = DATA_DIR / "gecc-2565-v1.yaml"

FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2500, 2700
MAX_VERSION = 32767  # PositiveSmallIntegerField
MAX_NUMBER = Decimal("999.99")  # DecimalField(max_digits=5, decimal_places=2)
CODE_PATTERN = re.compile(r"^\S+$")

FieldPath = tuple[str | int, ...]
Content = dict[str, Any]


def header_fields(content: Content) -> dict[str, Any]:
    """The Standard row's fields that a standard's content sets, by field name."""
    return {
        "code": content["id"],
        "fiscal_year": content["fiscal_year"],
        "version": content["version"],
        "status": content["status"],
        "title_th": content["title_th"],
        "title_en": content["title_en"],
    }


TEXT, WHOLE, NUMBER = "text", "whole", "number"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None


CODE = Field("code", required=True, max_length=50)
# The order here is the order of the keys in the canonical content and of the columns
# in the Excel workbook.
TOP_FIELDS: tuple[Field, ...] = (
    Field("id", required=True, max_length=50),
    Field("fiscal_year", WHOLE, required=True),
    Field("version", WHOLE, required=True),
    Field("status", required=True),
    Field("title_th", required=True, max_length=255),
    Field("title_en", max_length=255),
)
SECTIONS: dict[str, tuple[Field, ...]] = {
    "levels": (
        CODE,
        Field("name_th", required=True, max_length=255),
        Field("name_en", max_length=255),
        Field("min_score", NUMBER, required=True),
    ),
    "dimensions": (
        CODE,
        Field("name_th", required=True, max_length=255),
        Field("name_en", max_length=255),
    ),
    "criteria": (
        CODE,
        Field("kind", required=True),
        Field("dimension", max_length=50),
        Field("text_th", required=True),
        Field("text_en"),
        Field("max_points", NUMBER),
        Field("evidence_th"),
        Field("evidence_en"),
        Field("guidance_th"),
        Field("guidance_en"),
    ),
    "checklist": (
        CODE,
        Field("text_th", required=True),
        Field("text_en"),
        Field("guidance_th"),
        Field("guidance_en"),
    ),
}
STATUSES = ("template", "official")
KINDS = ("basic", "scored")


@dataclass(frozen=True)
class StandardError:
    """One problem in a standard's file, with where it is. For a workbook, `source` is
    the sheet, `line` the row and `field` the column."""

    source: str
    line: int | None
    field: str
    message: str
    in_sheet: bool = False

    @property
    def where(self) -> str:
        if self.line is None:
            return ""
        if self.in_sheet:
            return _("row %(n)s") % {"n": self.line}
        return _("line %(n)s") % {"n": self.line}

    def __str__(self) -> str:
        parts = [part for part in (self.source, self.where, self.field) if part]
        return f"{', '.join(parts)}: {self.message}" if parts else self.message


class Locator:
    """Turns a field path such as ("criteria", 3, "max_points") into (source, line,
    field). The base class knows no lines: it names the field path only."""

    in_sheet = False

    def __init__(self, source: str) -> None:
        self.source = source

    def line(self, path: FieldPath) -> int | None:
        return None

    def __call__(self, path: FieldPath) -> tuple[str, int | None, str]:
        return self.source, self.line(path), field_name(path)

    def error(self, path: FieldPath, message: str) -> StandardError:
        source, line, name = self(path)
        return StandardError(source, line, name, message, in_sheet=self.in_sheet)


class YamlLocator(Locator):
    def __init__(self, source: str, lines: dict[FieldPath, int]) -> None:
        super().__init__(source)
        self.lines = lines

    def line(self, path: FieldPath) -> int | None:
        # A missing key is reported on the line of the mapping that lacks it.
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


class SheetLocator(Locator):
    in_sheet = True

    def __init__(
        self, source: str, top_rows: dict[str, int], item_rows: dict[str, list[int]]
    ) -> None:
        super().__init__(source)
        self.top_rows = top_rows
        self.item_rows = item_rows

    def __call__(self, path: FieldPath) -> tuple[str, int | None, str]:
        if not path:
            return self.source, None, ""
        head = str(path[0])
        if head not in SECTIONS:
            return "standard", self.top_rows.get(head), head
        rows = self.item_rows.get(head, [])
        index = path[1] if len(path) > 1 else None
        row = rows[index] if isinstance(index, int) and index < len(rows) else None
        return head, row, str(path[2]) if len(path) > 2 else ""


def field_name(path: FieldPath) -> str:
    """("criteria", 3, "max_points") → "criteria[3].max_points"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass
class Checked:
    """The result of reading a file: the canonical content when it is valid, else every
    error found."""

    source_name: str
    content: Content | None
    errors: list[StandardError] = field(default_factory=list)
    locate: Locator | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.content is not None

    @property
    def content_hash(self) -> str:
        assert self.content is not None
        return content_hash(self.content)

    def error(self, path: FieldPath, message: str) -> StandardError:
        """An error located in this file, for checks made after reading it."""
        return (self.locate or Locator(self.source_name)).error(path, message)


def content_hash(content: Content) -> str:
    """sha256 of the canonical content, independent of the file's layout and comments."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def decimal_text(value: Decimal) -> str:
    """60, 60.0 and 60.00 are one number: "60"."""
    return format(value.normalize(), "f")


def summary(content: Content) -> dict[str, Any]:
    """Counts a reviewer checks before publishing."""
    criteria = content["criteria"]
    scored = [c for c in criteria if c["kind"] == "scored"]
    return {
        "levels": len(content["levels"]),
        "dimensions": len(content["dimensions"]),
        "basic": len(criteria) - len(scored),
        "scored": len(scored),
        "total_points": sum((Decimal(c["max_points"]) for c in scored), Decimal(0)),
        "checklist": len(content["checklist"]),
    }


class _Validator:
    def __init__(self, locate: Locator) -> None:
        self.locate = locate
        self.errors: list[StandardError] = []

    def error(self, path: FieldPath, message: str) -> None:
        self.errors.append(self.locate.error(path, message))

    def where(self, path: FieldPath) -> str:
        _source, line, name = self.locate(path)
        if line is None:
            return name
        if self.locate.in_sheet:
            return _("row %(n)s") % {"n": line}
        return _("line %(n)s") % {"n": line}

    # Values ------------------------------------------------------------------------

    def value(self, mapping: dict[str, Any], spec: Field, path: FieldPath) -> Any:
        """The field's checked value; None (with an error recorded) when it is wrong."""
        here = (*path, spec.name)
        if spec.name not in mapping and spec.required:
            self.error(here, _("This field is missing."))
            return None
        raw = mapping.get(spec.name)
        if spec.kind == TEXT:
            return self.text(raw, spec, here)
        if spec.kind == WHOLE:
            return self.whole(raw, spec, here)
        return self.number(raw, spec, here)

    def text(self, raw: Any, spec: Field, path: FieldPath) -> str | None:
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            self.error(path, _("Must be text; put it in quotes."))
            return None
        value = raw.strip()
        if spec.required and not value:
            self.error(path, _("Must not be empty."))
            return None
        if spec.max_length and len(value) > spec.max_length:
            self.error(
                path,
                _("At most %(n)s characters (this has %(m)s).")
                % {
                    "n": spec.max_length,
                    "m": len(value),
                },
            )
            return None
        return value

    def whole(self, raw: Any, spec: Field, path: FieldPath) -> int | None:
        if raw is None:
            if spec.required:
                self.error(path, _("Must not be empty."))
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.error(path, _("Must be a whole number."))
            return None
        return raw

    def number(self, raw: Any, spec: Field, path: FieldPath) -> Decimal | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if spec.required:
                self.error(path, _("Must not be empty."))
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            self.error(path, _("Must be a number."))
            return None
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            self.error(path, _("Must be a number."))
            return None
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            self.error(path, _("At most 2 decimal places."))
            return None
        if abs(value) > MAX_NUMBER:
            self.error(path, _("Must be at most %(n)s.") % {"n": MAX_NUMBER})
            return None
        return value

    def unknown_keys(
        self, mapping: dict[Any, Any], allowed: Iterable[str], path: FieldPath
    ) -> None:
        names = list(allowed)
        for key in mapping:
            if key not in names:
                self.error(
                    (*path, str(key)),
                    _("Unknown field “%(key)s”. The fields are: %(fields)s.")
                    % {"key": key, "fields": ", ".join(names)},
                )

    def code(self, value: str | None, path: FieldPath) -> str | None:
        if value and not CODE_PATTERN.match(value):
            self.error(path, _("A code cannot contain spaces."))
            return None
        return value

    # The file ----------------------------------------------------------------------

    def standard(self, data: Any) -> Content | None:
        if data is None:
            self.error((), _("The file is empty."))
            return None
        if not isinstance(data, dict):
            self.error((), _("The file must be a mapping of fields such as id, fiscal_year, …"))
            return None
        self.unknown_keys(data, [f.name for f in TOP_FIELDS] + list(SECTIONS), ())
        content: Content = {}
        for spec in TOP_FIELDS:
            content[spec.name] = self.value(data, spec, ())
        self.code(content["id"], ("id",))
        fiscal_year = content["fiscal_year"]
        if fiscal_year is not None and not FIRST_FISCAL_YEAR <= fiscal_year <= LAST_FISCAL_YEAR:
            message = _("The fiscal year is a Buddhist Era year between %(first)s and %(last)s.")
            if FIRST_FISCAL_YEAR - 543 <= fiscal_year <= LAST_FISCAL_YEAR - 543:
                message += " " + _("%(year)s looks like a CE year: BE = CE + 543.")
            self.error(
                ("fiscal_year",),
                message
                % {"first": FIRST_FISCAL_YEAR, "last": LAST_FISCAL_YEAR, "year": fiscal_year},
            )
        version = content["version"]
        if version is not None and not 1 <= version <= MAX_VERSION:
            self.error(("version",), _("The version is a whole number from 1 up."))
        if content["status"] and content["status"] not in STATUSES:
            self.error(
                ("status",),
                _("The status is “template” or “official”, not “%(value)s”.")
                % {"value": content["status"]},
            )
        for section in SECTIONS:
            content[section] = self.items(data, section)
        self.levels(content["levels"])
        self.criteria(content["criteria"], content["dimensions"])
        if content["checklist"] is not None and not content["checklist"]:
            self.error(("checklist",), _("The maintenance checklist needs at least one item."))
        if self.errors:
            return None
        return _canonical(content)

    def items(self, data: dict[str, Any], section: str) -> list[dict[str, Any]] | None:
        """The section's entries, each checked field by field; None when the section
        itself is unusable. An entry with errors is kept (as None values) so that the
        checks across entries still run and report their own problems."""
        if section not in data:
            self.error((section,), _("This field is missing."))
            return None
        raw = data[section]
        if raw is None:
            raw = []
        if not isinstance(raw, list):
            self.error((section,), _("Must be a list of entries, each starting with “- ”."))
            return None
        fields = SECTIONS[section]
        entries: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(raw):
            path: FieldPath = (section, index)
            if not isinstance(item, dict):
                self.error(path, _("Each entry must be a mapping of fields (code: …)."))
                continue
            self.unknown_keys(item, [f.name for f in fields], path)
            entry = {spec.name: self.value(item, spec, path) for spec in fields}
            entry["_path"] = path
            code = self.code(entry["code"], (*path, "code"))
            if code:
                if code in seen:
                    self.error(
                        (*path, "code"),
                        _("The code “%(code)s” is used twice in %(section)s (first at %(where)s).")
                        % {
                            "code": code,
                            "section": section,
                            "where": self.where((section, seen[code])),
                        },
                    )
                else:
                    seen[code] = index
            entries.append(entry)
        return entries

    def levels(self, levels: list[dict[str, Any]] | None) -> None:
        if levels is None:
            return
        if not levels:
            self.error(("levels",), _("The standard needs at least one level."))
        previous: Decimal | None = None
        for level in levels:
            score = level["min_score"]
            if score is None:
                continue
            path = (*level["_path"], "min_score")
            if not 0 <= score <= 100:
                self.error(path, _("A level's min_score is a percentage from 0 to 100."))
            elif previous is not None and score <= previous:
                self.error(
                    path,
                    _(
                        "Levels go from low to high: min_score must be above the level "
                        "before (%(previous)s)."
                    )
                    % {"previous": decimal_text(previous)},
                )
            previous = score

    def criteria(
        self, criteria: list[dict[str, Any]] | None, dimensions: list[dict[str, Any]] | None
    ) -> None:
        if criteria is None:
            return
        known = {d["code"] for d in dimensions or [] if d["code"]}
        if not criteria:
            self.error(("criteria",), _("The standard needs at least one criterion."))
        scored = 0
        for criterion in criteria:
            path = criterion["_path"]
            kind = criterion["kind"]
            if kind and kind not in KINDS:
                self.error(
                    (*path, "kind"),
                    _("The kind is “basic” or “scored”, not “%(value)s”.") % {"value": kind},
                )
            dimension = criterion["dimension"]
            if dimension and dimensions is not None and dimension not in known:
                self.error(
                    (*path, "dimension"),
                    _("No dimension has the code “%(code)s”.") % {"code": dimension},
                )
            points = criterion["max_points"]
            if kind == "scored":
                scored += 1
                if dimension == "":
                    self.error((*path, "dimension"), _("A scored criterion needs a dimension."))
                # A value already reported as not a number is not reported twice.
                if (points is None or points <= 0) and not self._has_error((*path, "max_points")):
                    self.error(
                        (*path, "max_points"), _("A scored criterion needs max_points above 0.")
                    )
            elif kind == "basic" and points is not None:
                self.error(
                    (*path, "max_points"),
                    _("A basic requirement is passed or failed; leave max_points empty."),
                )
        if criteria and not scored:
            self.error(
                ("criteria",),
                _(
                    "The levels are thresholds on the scored total: add at least one scored "
                    "criterion."
                ),
            )

    def _has_error(self, path: FieldPath) -> bool:
        source, line, name = self.locate(path)
        return any((e.source, e.line, e.field) == (source, line, name) for e in self.errors)


def _canonical(content: Content) -> Content:
    def plain(value: Any) -> Any:
        return decimal_text(value) if isinstance(value, Decimal) else value

    result: Content = {spec.name: content[spec.name] for spec in TOP_FIELDS}
    for section, fields in SECTIONS.items():
        result[section] = [
            {spec.name: plain(entry[spec.name]) for spec in fields} for entry in content[section]
        ]
    for criterion in result["criteria"]:
        criterion["dimension"] = criterion["dimension"] or None
    return result


def validate(data: Any, *, locate: Locator) -> tuple[Content | None, list[StandardError]]:
    """Check a standard given as plain data (parsed YAML, a converted workbook, or a
    canonical content dict). Returns the canonical content, or None and every error."""
    validator = _Validator(locate)
    content = validator.standard(data)
    return content, validator.errors


# YAML ------------------------------------------------------------------------------


class AliasFound(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _node_lines(
    node: yaml.Node,
    path: FieldPath,
    lines: dict[FieldPath, int],
    duplicates: list[FieldPath],
    seen_nodes: set[int] | None = None,
) -> None:
    # A node met twice is an alias (*name). Aliases nest into exponential work for the
    # reader and the validator, and a standard has no use for them: they are refused.
    seen_nodes = set() if seen_nodes is None else seen_nodes
    if id(node) in seen_nodes:
        raise AliasFound(node.start_mark.line + 1)
    seen_nodes.add(id(node))
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            here = (*path, key)
            if key in seen:
                duplicates.append(here)
            seen.add(key)
            _node_lines(value_node, here, lines, duplicates, seen_nodes)
            # A field is reported on its key's line, even when its value starts below.
            lines[here] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _node_lines(item, (*path, index), lines, duplicates, seen_nodes)


def check_yaml(text: str | bytes, *, source: str) -> Checked:
    """Read and check a YAML data file; errors carry the file's line numbers."""
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        lines: dict[FieldPath, int] = {}
        duplicates: list[FieldPath] = []
        if node is not None:
            _node_lines(node, (), lines, duplicates)
        data = loader.construct_document(node) if node is not None else None
    except AliasFound as exc:
        message = _("YAML anchors and aliases (&name, *name) are not allowed; write the value out.")
        return Checked(source, None, [StandardError(source, exc.line, "", message)])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or ""
        message = _("This is not valid YAML: %(problem)s.") % {"problem": problem}
        return Checked(source, None, [StandardError(source, line, "", message)])
    except yaml.YAMLError as exc:
        message = _("This is not valid YAML: %(problem)s.") % {"problem": exc}
        return Checked(source, None, [StandardError(source, None, "", message)])
    finally:
        if loader is not None:
            loader.dispose()
    locate = YamlLocator(source, lines)
    errors = [locate.error(path, _("This field is given twice; keep one.")) for path in duplicates]
    content, found = validate(data, locate=locate)
    errors += found
    errors.sort(key=lambda e: e.line or 0)  # in the order a reader goes through the file
    return Checked(source, None if errors else content, errors, locate)


# Excel -----------------------------------------------------------------------------

SHEETS = ("standard", *SECTIONS)
_WHOLE_TEXT = re.compile(r"[0-9]{1,9}")


def _cell(value: Any, kind: str) -> Any:
    """A cell's value as the YAML would give it. Excel turns typed codes into numbers
    and may hold numbers typed as text, in Thai digits too."""
    if isinstance(value, str):
        value = value.strip()
        if kind == TEXT:
            return value or None
        value = arabic_digits(value)
        if not value:
            return None
        # 0-9 only, and few of them: str.isdigit() also takes "²", which int() refuses.
        if kind == WHOLE and _WHOLE_TEXT.fullmatch(value):
            return int(value)
        return value
    if isinstance(value, float) and value.is_integer() and kind != NUMBER:
        value = int(value)
    if kind == TEXT and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if kind == TEXT and isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _rows(book: Any, name: str) -> list[tuple[int, list[Any]]]:
    """(row number, cells) of each filled row of a sheet."""
    return [(row.number, row.cells) for row in book.rows(name)]


def check_workbook(content: bytes, *, source: str) -> Checked:
    """Read and check an Excel workbook; errors name the sheet, row and column."""
    from saduak import uploads

    def book_error(name: str, message: str) -> Checked:
        return Checked(source, None, [StandardError(source, None, name, message)])

    try:
        book = uploads.open_workbook(content)
    except uploads.FileRefused as exc:
        return book_error("", str(exc))
    try:
        sheets = {name.strip().lower(): name for name in book.sheetnames}
        missing = [name for name in SHEETS if name not in sheets]
        if missing:
            return book_error(
                ", ".join(missing),
                _("The workbook needs the sheets %(sheets)s; missing: %(missing)s.")
                % {"sheets": ", ".join(SHEETS), "missing": ", ".join(missing)},
            )
        errors: list[StandardError] = []
        data: dict[str, Any] = {}
        top_rows: dict[str, int] = {}
        kinds = {spec.name: spec.kind for spec in TOP_FIELDS}
        for number, cells in _rows(book, sheets["standard"]):
            key = str(cells[0] or "").strip()
            value = cells[1] if len(cells) > 1 else None
            if key.lower() == "key" and number == 1:
                continue  # the heading row
            if key not in kinds:
                errors.append(
                    StandardError(
                        "standard",
                        number,
                        key,
                        _("Unknown key “%(key)s”. The keys are: %(keys)s.")
                        % {"key": key, "keys": ", ".join(kinds)},
                        in_sheet=True,
                    )
                )
            elif key in data:
                errors.append(
                    StandardError(
                        "standard",
                        number,
                        key,
                        _("This key is also on row %(n)s.") % {"n": top_rows[key]},
                        in_sheet=True,
                    )
                )
            else:
                data[key] = _cell(value, kinds[key])
                top_rows[key] = number
        item_rows: dict[str, list[int]] = {}
        missing_columns: set[tuple[str, str]] = set()
        for section, fields in SECTIONS.items():
            rows = _rows(book, sheets[section])
            data[section] = []
            item_rows[section] = []
            if not rows:
                continue
            header_row, header = rows[0]
            kinds = {spec.name: spec.kind for spec in fields}
            columns: dict[str, int] = {}
            for index, heading in enumerate(header):
                name = str(heading or "").strip()
                if not name:
                    continue
                if name not in kinds:
                    errors.append(
                        StandardError(
                            section,
                            header_row,
                            name,
                            _("Unknown column “%(name)s”. The columns are: %(columns)s.")
                            % {"name": name, "columns": ", ".join(kinds)},
                            in_sheet=True,
                        )
                    )
                elif name in columns:
                    errors.append(
                        StandardError(
                            section,
                            header_row,
                            name,
                            _("This column is given twice."),
                            in_sheet=True,
                        )
                    )
                else:
                    columns[name] = index
            for spec in fields:
                if spec.required and spec.name not in columns:
                    missing_columns.add((section, spec.name))
                    errors.append(
                        StandardError(
                            section,
                            header_row,
                            spec.name,
                            _("The column “%(name)s” is missing from the heading row.")
                            % {"name": spec.name},
                            in_sheet=True,
                        )
                    )
            for number, cells in rows[1:]:
                item = {
                    name: _cell(cells[index] if index < len(cells) else None, kinds[name])
                    for name, index in columns.items()
                }
                data[section].append(item)
                item_rows[section].append(number)
    except uploads.FileRefused as exc:
        return book_error("", str(exc))
    finally:
        book.close()
    locate = SheetLocator(source, top_rows, item_rows)
    checked, found = validate(data, locate=locate)
    # A missing column is reported once, on the heading row, not again on every row.
    errors += [e for e in found if (e.source, e.field) not in missing_columns]
    order = {name: index for index, name in enumerate(SHEETS)}
    errors.sort(key=lambda e: (order.get(e.source, -1), e.line or 0))
    return Checked(source, None if errors else checked, errors, locate)


def workbook_for(content: Content) -> bytes:
    """The content as an Excel workbook in the import format (the template offered for
    download is the default standard written this way)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from saduak.exports import append, new_workbook, workbook_bytes

    def cell_value(spec: Field, value: Any) -> Any:
        if spec.kind == NUMBER and value is not None:
            number = Decimal(value)
            return int(number) if number == number.to_integral_value() else float(number)
        return value

    book = new_workbook()
    sheet = book.active
    sheet.title = "standard"
    append(sheet, ["key", "value"])
    for spec in TOP_FIELDS:
        append(sheet, [spec.name, content[spec.name]])
    status = DataValidation(type="list", formula1='"template,official"', allow_blank=False)
    sheet.add_data_validation(status)
    status.add(f"B{[s.name for s in TOP_FIELDS].index('status') + 2}")
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 80
    for section, fields in SECTIONS.items():
        sheet = book.create_sheet(section)
        append(sheet, [spec.name for spec in fields])
        for entry in content[section]:
            append(sheet, [cell_value(spec, entry[spec.name]) for spec in fields])
        for index, spec in enumerate(fields):
            letter = sheet.cell(row=1, column=index + 1).column_letter
            wide = spec.kind == TEXT and spec.name not in {"code", "kind", "dimension"}
            sheet.column_dimensions[letter].width = 50 if wide else 12
        if section == "criteria":
            kinds = DataValidation(type="list", formula1='"basic,scored"', allow_blank=False)
            sheet.add_data_validation(kinds)
            letter = sheet.cell(row=1, column=2).column_letter
            kinds.add(f"{letter}2:{letter}1000")
    for sheet in book.worksheets:
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(book)


# Any file --------------------------------------------------------------------------

YAML_SUFFIXES = (".yaml", ".yml")
EXCEL_SUFFIXES = (".xlsx",)


def check_upload(name: str, content: bytes) -> Checked:
    """Check a file by its name's suffix: YAML or Excel."""
    suffix = Path(name).suffix.lower()
    if suffix in YAML_SUFFIXES:
        return check_yaml(content, source=name)
    if suffix in EXCEL_SUFFIXES:
        return check_workbook(content, source=name)
    message = _("Give a .yaml or .xlsx file.")
    return Checked(name, None, [StandardError(name, None, "", message)])


def check_path(path: Path | str) -> Checked:
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        message = _("The file cannot be read: %(problem)s") % {"problem": exc.strerror}
        return Checked(path.name, None, [StandardError(path.name, None, "", message)])
    return check_upload(path.name, content)


def check_content(content: Content, *, source: str) -> Checked:
    """Check content built in code (or read back from the database)."""
    found, errors = validate(content, locate=Locator(source))
    return Checked(source, found, errors, Locator(source))
