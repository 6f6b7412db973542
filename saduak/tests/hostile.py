"""Hostile files, built byte by byte, for the tests of the one reader and the one check
(saduak/uploads.py)."""

import io
import struct
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
PART_TYPES = {
    "xl/sharedStrings.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml."
    "sharedStrings+xml",
    "xl/styles.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
}
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def workbook(names: tuple[str, ...]) -> str:
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def workbook_rels(names: tuple[str, ...]) -> str:
    """Every sheet is the one sheet part."""
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        for n in range(1, len(names) + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}</Relationships>"
    )


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, *cells: tuple[str, str]) -> str:
    return f'<row r="{number}">' + "".join(cell(ref, text) for ref, text in cells) + "</row>"


def sheet(rows: str, *, dimension: str = "A1:XFD1048576", prolog: str = "") -> str:
    head = prolog or '<?xml version="1.0" encoding="UTF-8"?>'
    return (
        f'{head}<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def xlsx(
    sheet_xml: str | bytes,
    names: tuple[str, ...] = ("Sheet1",),
    extra: dict[str, str] | None = None,
) -> bytes:
    """A workbook of one sheet, written part by part as Excel would (and as no library
    would let us: a lying dimension, a far cell, a DTD)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/{name}" ContentType="{PART_TYPES[name]}"/>'
            for name in extra or {}
            if name in PART_TYPES
        )
        archive.writestr(
            "[Content_Types].xml", CONTENT_TYPES.replace("</Types>", f"{overrides}</Types>")
        )
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook(names))
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels(names))
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def package(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def lie_about_sizes(content: bytes, size: int) -> bytes:
    """The same archive, every entry declaring `size` bytes once inflated, in the
    local headers and in the central directory."""
    data = bytearray(content)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) != -1:
            data[at + offset : at + offset + 4] = struct.pack("<I", size)
            start = at + 4
    return bytes(data)


def ole2_with_vba() -> bytes:
    """Enough of an OLE2 compound file holding a VBA project for the check: the magic
    and the directory names, as UTF-16, of the streams a VBA project has."""
    names = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in ("VBA", "_VBA_PROJECT"))
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + names + b"\x00" * 512
