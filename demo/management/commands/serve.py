from typing import Any

from django.contrib.staticfiles.management.commands.runserver import Command as RunServer
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from thaicalendar import dates


class Command(RunServer):
    """Django's development server (`runserver`, with the static files), for `make run`:
    it announces itself with the date the Thai way, in Bangkok time, where Django's own
    banner prints "December 03, 2026 - 18:01:24" in the machine's time."""

    help = "Run the development server for the demo (runserver, announced in Thai)."
    # Set by runserver's handle() from the address given.
    addr: str = ""
    _raw_ipv6: bool = False

    def on_bind(self, server_port: Any) -> None:
        address = f"[{self.addr}]" if self._raw_ipv6 else self.addr
        with override("th"):
            self.stdout.write(
                _("%(now)s: Saduak runs at %(url)s (Ctrl+C stops it).")
                % {
                    "now": dates.format_datetime(timezone.now()),
                    "url": f"{self.protocol}://{address}:{server_port}/",
                }
            )
