"""What evidence files may be: checked from their content, never from their name."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _


class EvidenceRejected(Exception):
    """The file cannot be kept as evidence; the message says why, for the person."""


@dataclass(frozen=True)
class Sniffed:
    kind: str
    extension: str
    content_type: str


# Office Open XML and OpenDocument files are ZIP archives; what is inside says which.
_OOXML = {
    "word/": Sniffed(
        "docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xl/": Sniffed(
        "xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "ppt/": Sniffed(
        "pptx", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
_ODF = {
    b"application/vnd.oasis.opendocument.text": Sniffed(
        "odt", ".odt", "application/vnd.oasis.opendocument.text"
    ),
    b"application/vnd.oasis.opendocument.spreadsheet": Sniffed(
        "ods", ".ods", "application/vnd.oasis.opendocument.spreadsheet"
    ),
    b"application/vnd.oasis.opendocument.presentation": Sniffed(
        "odp", ".odp", "application/vnd.oasis.opendocument.presentation"
    ),
}


# Old Office files are OLE2 compound files, like installers (.msi) and Outlook messages;
# the name of the main stream (UTF-16 in the directory) says which it is.
_OLE2_STREAMS = {
    "WordDocument": Sniffed("doc", ".doc", "application/msword"),
    "Workbook": Sniffed("xls", ".xls", "application/vnd.ms-excel"),
    "Book": Sniffed("xls", ".xls", "application/vnd.ms-excel"),
    "PowerPoint Document": Sniffed("ppt", ".ppt", "application/vnd.ms-powerpoint"),
}
# Macros run code when the file is opened: refused in any office format.
_MACRO_MEMBERS = ("vbaProject.bin", "Basic/", "Scripts/")


def _sniff_ole2(whole: bytes) -> Sniffed | None:
    for stream, found in _OLE2_STREAMS.items():
        if stream.encode("utf-16-le") in whole:
            if b"_\x00V\x00B\x00A\x00_\x00P\x00R\x00O\x00J\x00E\x00C\x00T" in whole:
                return None  # the _VBA_PROJECT stream: macros
            return found
    return None


def _sniff_zip(whole: bytes) -> Sniffed | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(whole))
        names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    if any(macro in name for name in names for macro in _MACRO_MEMBERS):
        return None
    if "mimetype" in names:
        # Read at most a few bytes: a crafted archive may inflate to gigabytes.
        with archive.open("mimetype") as member:
            found = _ODF.get(member.read(100).strip())
        if found:
            return found
    if "[Content_Types].xml" in names:
        for prefix, found in _OOXML.items():
            if any(name.startswith(prefix) for name in names):
                return found
    return None


def sniff(head: bytes, whole: bytes) -> Sniffed | None:
    """The kind of a file from its first bytes (and, for office files, from the
    streams or archive members inside), or None if it is not an allowed kind."""
    if head.startswith(b"%PDF-"):
        return Sniffed("pdf", ".pdf", "application/pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("png", ".png", "image/png")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("jpeg", ".jpg", "image/jpeg")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("webp", ".webp", "image/webp")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _sniff_ole2(whole)
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(whole)
    return None


def check_upload(upload: UploadedFile) -> tuple[bytes, Sniffed, str]:
    """Read an upload, refuse what is too big or not an allowed kind. Returns the
    content, its kind and its SHA-256."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise EvidenceRejected(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": limit // 1_048_576}
        )
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise EvidenceRejected(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // 1_048_576}
        )
    if not content:
        raise EvidenceRejected(_("The file is empty."))
    found = sniff(content[:64], content)
    if found is None:
        raise EvidenceRejected(
            _(
                "“%(name)s” is not a PDF, an image (PNG, JPEG, WebP) or an office document "
                "(Word, Excel, PowerPoint, OpenDocument), whatever its name says."
            )
            % {"name": upload.name}
        )
    return content, found, hashlib.sha256(content).hexdigest()
