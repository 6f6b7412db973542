"""System checks for what settings alone cannot refuse."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def trusted_proxies(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Production must say how many proxies stand in front of it: left unset behind a
    load balancer, every citizen and every sign-in would share the balancer's address,
    and one busy office could lock sign-in for the whole country."""
    count = settings.TRUSTED_PROXY_COUNT
    if count is not None and count < 0:
        return [Error("TRUSTED_PROXY_COUNT cannot be negative.", id="saduak.E001")]
    if count is None and settings.PRODUCTION:
        return [
            Warning(
                "TRUSTED_PROXY_COUNT is not set: every request is counted under the address"
                " of the connection (REMOTE_ADDR).",
                hint="Set it to the number of proxies in front of Saduak that append to"
                " X-Forwarded-For (0 if clients connect directly). See docs/configuration.md.",
                id="saduak.W001",
            )
        ]
    return []
