"""Asking for an export in a test as a person does: the button's POST, the worker run
in this process (saduak/background.py), then the file from the download's page."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.test import Client

from saduak.background import run_queued_tasks


def ask(client: Client, url: str, query: dict[str, Any] | None = None) -> str:
    """POST to an export's address; the address of the download's page it leads to."""
    address = f"{url}?{urlencode(query, doseq=True)}" if query else url
    response = client.post(address)
    assert response.status_code == 302, (response.status_code, address)
    location: str = response["Location"]
    assert location.startswith("/downloads/"), location
    return location


def file_of(client: Client, page: str) -> HttpResponse:
    """The download's file, read whole, as a plain response (status, headers, content)."""
    response = client.get(f"{page}file/")
    if response.status_code != 200 or not getattr(response, "streaming", False):
        return HttpResponse(response.content, status=response.status_code)
    # Read to its end, the test client closes the file itself (response.close() here
    # would also close the database connection of the test's transaction).
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    plain = HttpResponse(content, status=200)
    for header in ("Content-Type", "Content-Disposition", "X-Content-Type-Options"):
        if header in response:
            plain[header] = response[header]
    return plain


def download(client: Client, url: str, query: dict[str, Any] | None = None) -> HttpResponse:
    """Ask for the export, let the worker prepare it, and download it."""
    page = ask(client, url, query)
    run_queued_tasks()
    return file_of(client, page)
