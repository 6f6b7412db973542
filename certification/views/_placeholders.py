"""Placeholders for the addresses other parts of issue 11 build, so the menu, the home
page and the centre page can link to them in this branch. The lead deletes this file
(and its two lines in certification/urls.py and certification/public_urls.py) at merge."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path


def _placeholder(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("placeholder", content_type="text/plain")


staff = login_required(_placeholder)

urlpatterns = [
    path("certificates/", staff, name="certificates"),
    path("certificates/<int:pk>/", staff, name="certificate"),
]
public_urlpatterns = [
    path("", _placeholder, name="search"),
    path("<str:number>/", _placeholder, name="verify"),
]
