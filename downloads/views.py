"""The account's downloads: each one's page with its progress, its file when ready,
and the list of them. A download is seen only by the account that asked for it
(anyone else: 404), and its file is handed over only while the maker's permission
check still passes for that account."""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from downloads import preparing
from downloads.models import Download
from saduak.http import parse_id


def start(request: HttpRequest, *, maker: str, params: dict[str, Any], title: str) -> HttpResponse:
    """What an export's address answers, for the export's view to return once it has
    read what the file is about: on POST, ask for the file and go to its page; on GET
    (an old link, a bookmark), a page with the one button that asks for it. The maker's
    check comes first either way: 404 or 403 as for the page the export belongs to."""
    preparing.registered(maker).check(request.user, params)
    if request.method == "POST":
        download = preparing.request_download(
            user=request.user,
            maker=maker,
            params=params,
            title=title,
            again_url=request.get_full_path(),
        )
        return redirect(download)
    return render(
        request, "downloads/start.html", {"title": title, "action": request.get_full_path()}
    )


def _own(request: HttpRequest, pk: Any) -> Download:
    """The account's own download, or 404: another's is not revealed to exist."""
    number = parse_id(str(pk))
    download = (
        Download.objects.filter(pk=number, user_id=request.user.pk or 0).first() if number else None
    )
    if download is None:
        raise Http404
    return download.as_seen_now()


@login_required
@require_safe
def download_list(request: HttpRequest) -> HttpResponse:
    mine = Download.objects.filter(user_id=request.user.pk or 0)
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    page.object_list = [download.as_seen_now() for download in page.object_list]
    return render(
        request, "downloads/list.html", {"page": page, "keep_days": settings.DOWNLOADS_KEEP_DAYS}
    )


@login_required
@require_safe
def download_page(request: HttpRequest, pk: int) -> HttpResponse:
    download = _own(request, pk)
    return render(request, "downloads/download.html", {"download": download})


@login_required
@require_safe
def download_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress alone, for the page to poll while the file is being made."""
    download = _own(request, pk)
    return render(request, "downloads/_status.html", {"download": download})


@login_required
@require_safe
def download_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    download = _own(request, pk)
    if download.state != Download.State.READY or not download.file:
        return redirect(download)
    # The account may have lost the right to read what the file holds since it was made.
    preparing.check_access(download)
    try:
        opened = download.file.open("rb")
    except FileNotFoundError as exc:  # removed from the disk by hand
        raise Http404 from exc
    response = FileResponse(
        opened,
        # A PDF opens in the browser to be printed; anything else is saved.
        as_attachment=download.content_type != "application/pdf",
        filename=download.filename,
        content_type=download.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("", download_list, name="list"),
    path("<int:pk>/", download_page, name="download"),
    path("<int:pk>/status/", download_status, name="status"),
    path("<int:pk>/file/", download_file, name="file"),
]
