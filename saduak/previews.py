"""Files uploaded for a two-step import (check and preview, then confirm), kept between
the two requests in the default storage, which every web process shares (local disk
here, S3-compatible storage when scaled out), under a random name tied to the session.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

FOLDER = "previews"
KEEP_FOR = timedelta(days=1)


def upload_problem(upload: UploadedFile | None) -> str | None:
    """Why an uploaded import file cannot be read at all, or None."""
    if upload is None:
        return _("Choose a file to import.")
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size and upload.size > limit:
        return _("The file is larger than %(limit)s MB.") % {"limit": limit // 1_048_576}
    return None


def keep(request: HttpRequest, *, key: str, name: str, content: bytes) -> str:
    """Store the file until the import is confirmed; returns the token the confirm form
    sends back."""
    _forget_abandoned()
    token = uuid.uuid4().hex
    default_storage.save(f"{FOLDER}/{token}", ContentFile(content))
    request.session[key] = {"token": token, "name": name}
    return token


def take(request: HttpRequest, *, key: str, token: str) -> tuple[str, bytes] | None:
    """The file kept for this session under this token, removed as it is handed over;
    None if it expired or the token is not this session's."""
    pending = request.session.pop(key, None)
    if not pending or pending.get("token") != token:
        return None
    path = f"{FOLDER}/{pending['token']}"
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        content = stored.read()
    default_storage.delete(path)
    return pending["name"], content


def _forget_abandoned() -> None:
    if not default_storage.exists(FOLDER):
        return
    cutoff = timezone.now() - KEEP_FOR
    for name in default_storage.listdir(FOLDER)[1]:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
