"""Addresses of campaigns: public."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


# PLACEHOLDER of the publication branch only, so that Campaign.public_path reverses:
# the public results page is made in another part of issue 13, whose version of this
# file replaces this one at merge.
def _placeholder(request: HttpRequest, code: str) -> HttpResponse:
    raise Http404


urlpatterns = [path("r/<str:code>/", _placeholder, name="public_results")]
