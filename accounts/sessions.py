"""What a signed-in session may not outlive, and what a signed-in page may not leave
behind.

- Absolute lifetime: besides the idle timeout (SESSION_IDLE_SECONDS, renewed by every
  request), a session ends SESSION_LIFETIME_HOURS after its sign-in however busy it
  is, so a session taken from a shared town-hall computer, or kept alive by a page
  left open, does not last for ever. The sign-in stamps the session
  (accounts/signals.py); a signed-in session without the stamp (from before this rule)
  is stamped on its next request.
- `Cache-Control: no-store` on every response to a browser that holds a session, so no
  signed-in page is kept by the browser's cache or a shared proxy, and Back after
  signing out on a shared computer shows nothing. Requests without the session cookie
  (the citizen's page, static files, the sign-in page on a first visit) never load a
  session here, and are left cacheable.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

SIGNED_IN_AT = "saduak_signed_in_at"


class SignedInSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if has_session and request.user.is_authenticated:
            self._end_if_too_old(request)
        response = self.get_response(request)
        if has_session:
            patch_cache_control(response, no_store=True)
        return response

    def _end_if_too_old(self, request: HttpRequest) -> None:
        now = int(time.time())
        began = request.session.get(SIGNED_IN_AT)
        if not isinstance(began, int):
            request.session[SIGNED_IN_AT] = now
            return
        if now - began < settings.SESSION_LIFETIME_HOURS * 3600:
            return
        # Ended by the rule, not by the person: django.contrib.auth.logout() would send
        # the signal that records a sign-out in the audit trail.
        request.session.flush()
        request.user = AnonymousUser()
        messages.info(
            request,
            _("Your session ended %(hours)s hours after you signed in. Sign in again.")
            % {"hours": settings.SESSION_LIFETIME_HOURS},
        )
