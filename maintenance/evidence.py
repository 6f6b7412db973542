"""What evidence files may be: checked from their content, never from their name, by
the one check every uploaded file goes through (saduak/uploads.py)."""

import hashlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from saduak import uploads
from saduak.uploads import Kind

# The views catch this: a refusal whose message says why, for the person.
EvidenceRejected = uploads.FileRefused


def check_upload(upload: UploadedFile) -> tuple[bytes, Kind, str]:
    """Read an upload, refuse what is too big, not an allowed kind, or active (macros,
    scripts, launch actions, embedded files, ZIP bombs, polyglots). Returns the content,
    its kind and its SHA-256."""
    content = uploads.read_upload(upload, limit=settings.EVIDENCE_MAX_BYTES)
    found = uploads.check_evidence(upload.name or "", content)
    return content, found, hashlib.sha256(content).hexdigest()
