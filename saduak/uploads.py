"""The one reader and the one check for every file a user sends.

Importers (the LAO register, survey answers, the standard's workbook) read tables
through `read_table` and `open_workbook`; evidence goes through `check_evidence`.
Both start from the bytes, never from the file's name or the sizes it declares: a
spreadsheet's dimension tag, a ZIP entry's declared size and a PDF's catalogue are
claims made by whoever made the file. Limits are settings (docs/configuration.md);
why each check exists and what it costs is in docs/architecture.md, "Files users send".
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from defusedxml.ElementTree import iterparse as safe_iterparse
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MEGABYTE = 1_048_576
# Title rows a person puts above the headings ("ทะเบียน อปท. จังหวัดปัตตานี ปี 2568"):
# the header row is looked for among this many first filled rows.
HEADER_WINDOW = 20


class FileRefused(Exception):
    """The file cannot be used; the message says why, for the person who sent it."""


def _number(n: int) -> str:
    return f"{n:,}"


def read_upload(upload: UploadedFile, *, limit: int) -> bytes:
    """The upload's bytes: never more than `limit` read, whatever size it declares."""
    if upload.size is not None and upload.size > limit:
        raise FileRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / MEGABYTE, 1), "limit": limit // MEGABYTE}
        )
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise FileRefused(_("The file is larger than %(limit)s MB.") % {"limit": limit // MEGABYTE})
    if not content:
        raise FileRefused(_("The file is empty."))
    return content


# --- ZIP packages (xlsx, docx, pptx, odt …) ---------------------------------------------

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# The OPC standard (ECMA-376 part 2, §8.1.4) forbids DTDs in an Office Open XML part, so
# one is never innocent there: it is how entity expansion ("billion laughs") and
# external entities get in. Looked for in UTF-8 and in both UTF-16 byte orders.
_DTD_MARKS = (
    b"<!DOCTYPE",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!DOCTYPE".encode("utf-16-be"),
    b"<!ENTITY",
    "<!ENTITY".encode("utf-16-le"),
    "<!ENTITY".encode("utf-16-be"),
)
_CHUNK = 1 << 16


@dataclass
class Part:
    name: str
    head: bytes  # the first bytes, for the part's magic
    size: int  # bytes actually inflated
    macro_text: bool  # holds an OpenDocument macro library or macro call


_ODF_MACRO_MARKS = (b"<script:module", b"<library:library", b"vnd.sun.star.script:")


def open_package(content: bytes) -> zipfile.ZipFile:
    """A ZIP archive whose entry count and declared sizes are within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise FileRefused(_("The file is damaged: its ZIP archive cannot be read.")) from exc
    if len(entries) > settings.UPLOAD_MAX_ZIP_ENTRIES:
        raise FileRefused(
            _("The file holds %(n)s parts; at most %(limit)s are accepted.")
            % {"n": _number(len(entries)), "limit": _number(settings.UPLOAD_MAX_ZIP_ENTRIES)}
        )
    declared = sum(entry.file_size for entry in entries)
    if declared > settings.UPLOAD_MAX_UNZIPPED_BYTES:
        raise _too_big_unzipped()
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise FileRefused(
            _(
                "The file is encrypted with a password, so it cannot be checked. "
                "Save it without one."
            )
        )
    return archive


def _too_big_unzipped() -> FileRefused:
    return FileRefused(
        _(
            "The file unpacks to more than %(limit)s MB (a “ZIP bomb”, or a document too "
            "large to check). Save it again, or split it."
        )
        % {"limit": settings.UPLOAD_MAX_UNZIPPED_BYTES // MEGABYTE}
    )


def inflate_parts(archive: zipfile.ZipFile, *, forbid_dtd: bool) -> list[Part]:
    """Inflate every part once, counting the bytes that really come out: a part may
    declare a few bytes and inflate to gigabytes (Python's zipfile stops at the declared
    size and then fails the checksum; both end here as a refusal)."""
    parts: list[Part] = []
    total = 0
    keep = max(len(mark) for mark in (*_DTD_MARKS, *_ODF_MACRO_MARKS)) - 1
    for entry in archive.infolist():
        if entry.is_dir():
            continue
        head = b""
        size = 0
        tail = b""
        macro_text = False
        xml_part = entry.filename.lower().endswith((".xml", ".rels", ".vml"))
        try:
            with archive.open(entry) as member:
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if total > settings.UPLOAD_MAX_UNZIPPED_BYTES:
                        raise _too_big_unzipped()
                    if len(head) < 16:
                        head = (head + chunk)[:16]
                    window = tail + chunk
                    if forbid_dtd and xml_part and any(m in window for m in _DTD_MARKS):
                        raise FileRefused(
                            _(
                                "The file carries an XML document type declaration, which "
                                "office files never have (it is how entity-expansion "
                                "attacks work)."
                            )
                        )
                    if any(mark in window for mark in _ODF_MACRO_MARKS):
                        macro_text = True
                    tail = window[-keep:]
        except FileRefused:
            raise
        except Exception as exc:
            # A wrong checksum, a part larger than declared, an unknown compression, a
            # zlib error from a crafted stream.
            raise FileRefused(_("The file is damaged: its ZIP archive cannot be read.")) from exc
        parts.append(Part(entry.filename, head, size, macro_text))
    return parts


# --- reading tables -----------------------------------------------------------------------


@dataclass
class Row:
    """A filled row: its number as the spreadsheet shows it (the first line is 1) and
    its cells, the first column first (None for an empty cell in a spreadsheet)."""

    number: int
    cells: list[Any]


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows_cap() -> FileRefused:
    return FileRefused(
        _("The sheet has more than %(n)s filled rows; split the file.")
        % {"n": _number(settings.UPLOAD_MAX_ROWS)}
    )


def _column_cap(number: int, column: int) -> FileRefused:
    from openpyxl.utils import get_column_letter

    return FileRefused(
        _(
            "Row %(row)s has a value in column %(column)s; at most %(n)s columns are read. "
            "Delete what lies beyond."
        )
        % {
            "row": _number(number),
            "column": get_column_letter(min(column, 18278)),
            "n": _number(settings.UPLOAD_MAX_COLUMNS),
        }
    )


def _cells_cap() -> FileRefused:
    return FileRefused(
        _("The sheet holds more than %(n)s cells; split the file.")
        % {"n": _number(settings.UPLOAD_MAX_CELLS)}
    )


def _decode(content: bytes) -> str:
    # Excel on Thai Windows saves CSV as TIS-620 (cp874), "Unicode text" as UTF-16 with
    # a byte-order mark; everything else sends UTF-8.
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(_("The file is not UTF-8 or TIS-620 text."))


def _delimiter(text: str) -> str:
    """The separator the first lines use most, quoted text left out."""
    head = re.sub(r'"[^"]*"', "", "\n".join(text.split("\n", HEADER_WINDOW)[:HEADER_WINDOW]))
    counts = {sep: head.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_csv(content: bytes) -> list[Row]:
    """The filled rows of a CSV file (comma, semicolon or tab separated)."""
    text = _decode(content).replace("\r\n", "\n").replace("\r", "\n")
    rows: list[Row] = []
    try:
        for number, cells in enumerate(
            csv.reader(io.StringIO(text), delimiter=_delimiter(text)), start=1
        ):
            if all(blank(c) for c in cells):
                continue
            last = max(i for i, c in enumerate(cells) if not blank(c)) + 1
            if last > settings.UPLOAD_MAX_COLUMNS:
                raise _column_cap(number, last)
            rows.append(Row(number, cells[:last]))
            if len(rows) > settings.UPLOAD_MAX_ROWS:
                raise _rows_cap()
    except csv.Error as exc:
        raise FileRefused(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    return rows


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _ROW = f"{_MAIN}c", f"{_MAIN}row"
_STRING, _TEXT, _RUN = f"{_MAIN}si", f"{_MAIN}t", f"{_MAIN}r"


class Workbook:
    """An .xlsx workbook opened for reading values: its sheet names, and each sheet's
    filled rows on demand. Nothing of a sheet is built from its dimension tag or from
    the rows and columns it skips: only the cells written in the file are visited, each
    one dropped as soon as it is read, so memory and time follow the cells that exist,
    and reading stops at the first limit reached."""

    def __init__(self, content: bytes) -> None:
        from openpyxl.packaging.relationship import get_rels_path
        from openpyxl.reader.excel import ExcelReader, _find_workbook_part
        from openpyxl.styles.stylesheet import apply_stylesheet
        from openpyxl.xml.constants import ARC_STYLE

        if not content.startswith(ZIP_MAGIC):
            raise FileRefused(_("The Excel file cannot be opened."))
        archive = open_package(content)
        sizes = {part.name: part.size for part in inflate_parts(archive, forbid_dtd=True)}

        def whole(name: str) -> None:
            """openpyxl builds these parts whole in memory, so they are capped (a small
            file's styles may unpack to hundreds of thousands of formats: docs/
            architecture.md, "Files users send")."""
            if sizes.get(name, 0) > settings.UPLOAD_MAX_XML_PART_BYTES:
                raise FileRefused(
                    _("The Excel file's part “%(part)s” is larger than %(limit)s MB.")
                    % {"part": name, "limit": settings.UPLOAD_MAX_XML_PART_BYTES // MEGABYTE}
                )

        try:
            # openpyxl's reader for the workbook's sheet list and styles, but neither its
            # shared-strings reader (it keeps every string's element) nor its sheet
            # reader (it trusts the dimension tag).
            reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
            whole("[Content_Types].xml")
            reader.read_manifest()
            workbook_part = _find_workbook_part(reader.package).PartName[1:]
            for name in (workbook_part, get_rels_path(workbook_part), ARC_STYLE):
                whole(name)
            reader.shared_strings = _shared_strings(reader)
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self._paths = {
                sheet.name: rel.target
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            }
        except FileRefused:
            raise
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise FileRefused(_("The Excel file cannot be opened.")) from exc
        self._reader = reader
        self.sheetnames = list(self._paths)

    def rows(self, name: str) -> list[Row]:
        """The filled rows of one sheet; a refusal names the limit reached."""
        try:
            return list(self._iter_rows(self._paths[name]))
        except FileRefused:
            raise
        except (ParseError, DefusedXmlException, SyntaxError) as exc:
            # The parser's own words are English; its position is what helps.
            line, column = getattr(exc, "position", None) or (None, None)
            if line is None:
                message = _("The sheet “%(sheet)s” is damaged: its XML cannot be read.")
            else:
                message = _(
                    "The sheet “%(sheet)s” is damaged: its XML cannot be read (line "
                    "%(line)s, character %(column)s of the sheet's file)."
                )
            raise FileRefused(message % {"sheet": name, "line": line, "column": column}) from exc
        except Exception as exc:  # a cell openpyxl cannot convert, a missing string
            raise FileRefused(
                _("The sheet “%(sheet)s” is damaged: a cell cannot be read.") % {"sheet": name}
            ) from exc

    def _iter_rows(self, path: str) -> Iterator[Row]:
        from openpyxl.worksheet._reader import WorkSheetParser

        wb = self._reader.wb
        cell_parser = WorkSheetParser(
            None,
            self._reader.shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        max_rows = settings.UPLOAD_MAX_ROWS
        max_columns = settings.UPLOAD_MAX_COLUMNS
        max_cells = settings.UPLOAD_MAX_CELLS
        # Other elements (merged ranges, formatting) are read and dropped; they are
        # bounded too, else a sheet of a million <mergeCell> would pass as "no cells".
        max_elements = 4 * max_cells
        filled = cells = elements = 0
        values: dict[int, Any] = {}
        stack: list[Element] = []
        in_cell = 0
        with self._reader.archive.open(path) as source:
            for event, element in safe_iterparse(source, events=("start", "end")):
                if event == "start":
                    stack.append(element)
                    if element.tag == _CELL:
                        in_cell += 1
                    elif element.tag == _ROW:
                        cell_parser.row_counter = _row_number(element, cell_parser.row_counter)
                        cell_parser.col_counter = 0
                        values = {}
                    continue
                stack.pop()
                elements += 1
                if elements > max_elements:
                    raise _cells_cap()
                if element.tag == _CELL:
                    in_cell -= 1
                    cells += 1
                    if cells > max_cells:
                        raise _cells_cap()
                    cell = cell_parser.parse_cell(element)
                    if not blank(cell["value"]):
                        if cell["column"] > max_columns:
                            raise _column_cap(cell["row"], cell["column"])
                        values[cell["column"]] = cell["value"]
                elif element.tag == _ROW and values:
                    filled += 1
                    if filled > max_rows:
                        raise _rows_cap()
                    row = [None] * max(values)
                    for column, value in values.items():
                        row[column - 1] = value
                    yield Row(cell_parser.row_counter, row)
                    values = {}
                if not in_cell and stack:
                    # Done with it: drop it from its parent so the tree never grows.
                    stack[-1].remove(element)

    def close(self) -> None:
        self._reader.archive.close()


def _shared_strings(reader: Any) -> list[str]:
    """The workbook's table of strings, at most as many as the cells a sheet may hold,
    each entry dropped from the tree once read (what openpyxl's reader does not do)."""
    from openpyxl.xml.constants import SHARED_STRINGS

    found = reader.package.find(SHARED_STRINGS)
    if found is None:
        return []
    strings: list[str] = []
    stack: list[Element] = []
    with reader.archive.open(found.PartName[1:]) as source:
        for event, element in safe_iterparse(source, events=("start", "end")):
            if event == "start":
                stack.append(element)
                continue
            stack.pop()
            if element.tag != _STRING:
                continue
            # As openpyxl reads it: the plain text and the text of each run, not the
            # phonetic guides.
            texts = [element.find(_TEXT), *element.findall(f"{_RUN}/{_TEXT}")]
            strings.append("".join(t.text or "" for t in texts if t is not None))
            if len(strings) > settings.UPLOAD_MAX_CELLS:
                raise _cells_cap()
            if stack:
                stack[-1].remove(element)
    return [text.replace("x005F_", "") for text in strings]


def _row_number(element: Element, previous: int) -> int:
    given = element.get("r")
    if given is None:
        return previous + 1
    number = int(given)
    if not 1 <= number <= 1_048_576:  # Excel's last row
        raise ValueError(given)
    return number


def open_workbook(content: bytes) -> Workbook:
    return Workbook(content)


TABLE_SUFFIXES = (".csv", ".txt", ".tsv")


def read_table(filename: str, content: bytes) -> list[Row]:
    """The filled rows of a CSV file or of an .xlsx workbook's first sheet."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        book = open_workbook(content)
        try:
            if not book.sheetnames:
                raise FileRefused(_("The Excel file has no sheet."))
            return book.rows(book.sheetnames[0])
        finally:
            book.close()
    if name.endswith(TABLE_SUFFIXES):
        return read_csv(content)
    raise FileRefused(_("Upload a .csv or .xlsx file."))


def find_header(rows: list[Row], score: Callable[[list[Any]], int]) -> int | None:
    """The index of the header row among the first filled rows: the one that names the
    most expected columns (the first of equals), or None when none names any."""
    best, best_score = None, 0
    for index, row in enumerate(rows[:HEADER_WINDOW]):
        found = score(row.cells)
        if found > best_score:
            best, best_score = index, found
    return best


# --- evidence -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    kind: str
    extension: str
    content_type: str


PDF = Kind("pdf", ".pdf", "application/pdf")
PNG = Kind("png", ".png", "image/png")
JPEG = Kind("jpeg", ".jpg", "image/jpeg")
WEBP = Kind("webp", ".webp", "image/webp")
# Office Open XML and OpenDocument files are ZIP archives; what is inside says which.
_OOXML = {
    "word/": Kind(
        "docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xl/": Kind(
        "xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "ppt/": Kind(
        "pptx", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
_ODF = {
    b"application/vnd.oasis.opendocument.text": Kind(
        "odt", ".odt", "application/vnd.oasis.opendocument.text"
    ),
    b"application/vnd.oasis.opendocument.spreadsheet": Kind(
        "ods", ".ods", "application/vnd.oasis.opendocument.spreadsheet"
    ),
    b"application/vnd.oasis.opendocument.presentation": Kind(
        "odp", ".odp", "application/vnd.oasis.opendocument.presentation"
    ),
}
# Old Office files are OLE2 compound files, like installers (.msi) and Outlook messages;
# the name of the main stream (UTF-16 in the directory) says which it is.
_OLE2_STREAMS = {
    "WordDocument": Kind("doc", ".doc", "application/msword"),
    "Workbook": Kind("xls", ".xls", "application/vnd.ms-excel"),
    "Book": Kind("xls", ".xls", "application/vnd.ms-excel"),
    "PowerPoint Document": Kind("ppt", ".ppt", "application/vnd.ms-powerpoint"),
}
OLE2_KINDS = {".doc", ".xls", ".ppt"}
# A VBA project is an OLE2 storage with this stream, whatever the part is called.
_VBA_STREAM = "_VBA_PROJECT".encode("utf-16-le")[:-1]
# Content types that carry code run when the file opens: VBA projects, the
# macro-enabled main parts (.docm, .xlsm, .pptm), Excel 4 macro sheets, ActiveX controls.
_ACTIVE_CONTENT_TYPE = re.compile(r"macro|vba|activex", re.IGNORECASE)
# A web page or a script inside an image or a PDF makes it a "polyglot": harmless as
# an image, live as a page if a browser or a mail client is ever led to read it so.
# Each mark is six bytes or more, so that compressed image data, which looks random,
# all but never holds one by chance (a bare "<svg" or "<img" would, in large photos:
# the odds are in docs/architecture.md, "Files users send").
_WEB_WORDS = (
    "script",
    "html",
    "iframe",
    "frame",
    "object",
    "embed",
    "applet",
    "!doctype html",
    "meta http-equiv",
    "base href",
)
_WEB_MARKS = re.compile(
    rb"<\s*(?:" + b"|".join(w.replace(" ", r"\s+").encode() for w in _WEB_WORDS) + rb")\b"
    # any tag with an event handler: <img src=x onerror=…>, <svg/onload=…>
    rb"|<[a-z][a-z0-9]{0,9}[\s/][^<>]{0,256}?\bon[a-z]{3,20}\s*="
    rb"|<\s*svg[\s/][^<>]{0,256}?xmlns|<\?php|javascript:",
    re.IGNORECASE,
)
# The same marks written in UTF-16, as a text chunk of an image may carry them.
_WEB_MARKS_UTF16 = re.compile(
    b"|".join(
        b"".join(
            b"[" + re.escape(c.lower().encode()) + re.escape(c.upper().encode()) + b"]\x00"
            for c in mark
        )
        for mark in (
            "<script",
            "<html",
            "<iframe",
            "<object",
            "<embed",
            "<svg",
            "<img",
            "javascript:",
        )
    )
)


# A relationship to something outside the file, other than a hyperlink, that the
# program fetches when the document opens: a remote template (how macros come in
# without being carried), an OLE object, a frame, a sub-document, a linked picture.
_EXTERNAL_TARGET = re.compile(
    rb"<Relationship\b(?=[^>]*TargetMode\s*=\s*[\"']External)"
    rb"(?![^>]*Type\s*=\s*[\"'][^\"']*/hyperlink[\"'])[^>]*>",
    re.IGNORECASE,
)


def _not_allowed(name: str) -> FileRefused:
    return FileRefused(
        _(
            "“%(name)s” is not a PDF, an image (PNG, JPEG, WebP) or an office document "
            "(Word, Excel, PowerPoint, OpenDocument), whatever its name says."
        )
        % {"name": name}
    )


def _macros() -> FileRefused:
    return FileRefused(
        _(
            "The document carries macros or other code that runs when it is opened. Save it "
            "without macros (as .docx, .xlsx or .pptx, not .docm, .xlsm or .pptm) or as PDF."
        )
    )


def _sniff_ole2(whole: bytes) -> Kind | None:
    for stream, found in _OLE2_STREAMS.items():
        if stream.encode("utf-16-le") in whole:
            if _VBA_STREAM in whole:
                raise _macros()
            return found
    return None


def _check_office_zip(content: bytes, depth: int = 0) -> Kind | None:
    archive = open_package(content)
    names = archive.namelist()
    is_ooxml = "[Content_Types].xml" in names
    parts = inflate_parts(archive, forbid_dtd=is_ooxml)
    for part in parts:
        if part.head.startswith(OLE2_MAGIC):
            # An embedded OLE object may hold a VBA project under any name.
            with archive.open(part.name) as member:
                if _VBA_STREAM in member.read():
                    raise _macros()
        lowered = part.name.lower()
        if lowered.endswith("vbaproject.bin") or lowered.startswith(("basic/", "scripts/")):
            raise _macros()
        if part.macro_text:
            raise _macros()
        if part.head.startswith(ZIP_MAGIC):
            # A document inside the document (an embedded .xlsm): checked the same way,
            # one level down only (a ZIP can contain itself).
            if depth >= 1:
                raise _macros()
            with archive.open(part.name) as member:
                _check_office_zip(member.read(), depth + 1)
    if is_ooxml:
        try:
            types = safe_fromstring(archive.read("[Content_Types].xml"))
        except (ParseError, DefusedXmlException, ValueError) as exc:
            raise FileRefused(_("The file is damaged: its list of parts cannot be read.")) from exc
        for node in types.iter():
            if _ACTIVE_CONTENT_TYPE.search(node.get("ContentType", "")):
                raise _macros()
        for name in names:
            if name.endswith(".rels") and _EXTERNAL_TARGET.search(archive.read(name)):
                raise FileRefused(
                    _(
                        "The document fetches a template, an object or a frame from "
                        "elsewhere when it is opened (a way to bring macros in). Save it "
                        "again with everything inside it, or as PDF."
                    )
                )
        for prefix, found in _OOXML.items():
            if any(name.startswith(prefix) for name in names):
                return found
        return None
    if "mimetype" in names:
        return _ODF.get(archive.read("mimetype")[:100].strip())
    return None


def _pdf_problem(content: bytes) -> str | None:
    """Why a PDF is refused, or None. Every object is visited, also those in compressed
    object streams and those no page refers to, with names decoded as a viewer decodes
    them (/J#61vaScript is /JavaScript)."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(content))
    except pikepdf.PasswordError:
        return _(
            "The PDF is protected by a password, so it cannot be checked. Save it without one."
        )
    except Exception:  # qpdf cannot make sense of it
        return _("The PDF is damaged and cannot be read.")
    javascript = launch = embedded = reaches_out = False
    with pdf:
        # What a reader does by itself, on opening the file or a page, without a click.
        automatic = [pdf.Root.get("/OpenAction")]
        if "/Names" in pdf.Root:
            names = pdf.Root.Names
            javascript |= "/JavaScript" in names
            embedded |= "/EmbeddedFiles" in names
        javascript |= "/AcroForm" in pdf.Root and "/XFA" in pdf.Root.AcroForm
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                continue
            keys = set(obj.keys())
            kind = obj.get("/S")
            if "/AA" in keys and isinstance(obj.AA, pikepdf.Dictionary):
                automatic.extend(action for _event, action in obj.AA.items())
            # Sending a form's fields away, loading data into it, or opening another
            # file (a network path leaks the reader's Windows credentials).
            reaches_out |= kind in (
                pikepdf.Name.SubmitForm,
                pikepdf.Name.ImportData,
                pikepdf.Name.GoToR,
            )
            javascript |= "/JS" in keys or kind == pikepdf.Name.JavaScript
            launch |= kind == pikepdf.Name.Launch
            embedded |= (
                "/EF" in keys
                or obj.get("/Type") == pikepdf.Name.EmbeddedFile
                or obj.get("/Subtype") in (pikepdf.Name.FileAttachment, pikepdf.Name.RichMedia)
                or kind == pikepdf.Name.GoToE
            )
        for action in automatic:
            if isinstance(action, pikepdf.Dictionary) and action.get("/S") == pikepdf.Name.URI:
                reaches_out = True
    if javascript:
        return _("The PDF carries JavaScript, which a reader may run when it is opened.")
    if reaches_out:
        return _(
            "The PDF opens a web address or another file, or sends its form away, by "
            "itself. Save or print it again as a plain PDF."
        )
    if launch:
        return _("The PDF carries a launch action, which starts another program.")
    if embedded:
        return _("The PDF carries embedded files. Attach each file on its own.")
    return None


def sniff(content: bytes) -> Kind | None:
    """The kind of a file from its first bytes (and, for office files, from what is
    inside), or None if it is not an allowed kind. Raises for an office file that
    carries macros or would inflate past the limit."""
    head = content[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(OLE2_MAGIC):
        return _sniff_ole2(content)
    if head.startswith(ZIP_MAGIC):
        return _check_office_zip(content)
    return None


def check_evidence(name: str, content: bytes) -> Kind:
    """The kind of an evidence file, or FileRefused saying why it cannot be kept."""
    found = sniff(content)
    # Old Word and Excel files keep typed text as it is, so "<html>" may be their text.
    if (found is None or found.extension not in OLE2_KINDS) and (
        _WEB_MARKS.search(content) or _WEB_MARKS_UTF16.search(content)
    ):
        raise FileRefused(
            _(
                "“%(name)s” also holds web-page or script code: a file that is two formats "
                "at once is not kept. Export or scan the document again."
            )
            % {"name": name}
        )
    if found is None:
        raise _not_allowed(name)
    if found is PDF and (problem := _pdf_problem(content)):
        raise FileRefused(problem)
    return found
