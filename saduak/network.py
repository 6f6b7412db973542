"""The network address of the person behind a request: the one function that every rate
limit and throttle asks (sign-in throttling in accounts/throttle.py, the citizen
survey's protection in survey/public.py).

Behind N proxies that the operator trusts (TRUSTED_PROXY_COUNT, docs/configuration.md),
each proxy appends to X-Forwarded-For the address it was reached from, so the person's
address is the Nth entry from the right; entries further left were written by the
client itself and can say anything. With no trusted proxy the connection's own address
(REMOTE_ADDR) is the person's. A header that cannot be read that way (fewer entries
than trusted proxies, an entry that is not an address) falls back to REMOTE_ADDR: a
client cannot choose the address it is counted under.

The citizen's answer calls this on the busiest request of the system (docs/survey.md):
no regular expression, no allocation beyond one split, and nothing read from the
header at all when no proxy is trusted.
"""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The person's network address as text, or "" when the request has none."""
    remote: str = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = forwarded.split(",")
    if not forwarded or len(hops) < proxies:
        return remote
    candidate = hops[-proxies].strip()
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
