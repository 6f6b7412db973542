from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from campaigns.qr import results_url
from certification.selectors import certificate_status_label
from correspondence import tallies
from correspondence.models import Recipient
from demo import campaigns as surveys
from demo import certification, scenario, stuffing
from demo import correspondence as letters
from demo import oversight as dashboards
from thaicalendar import dates


class Command(BaseCommand):
    help = "Load the demo scenario (idempotent) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="allow in production")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError("Refusing to load demo accounts in production (use --force).")
        scenario.load(standing=False)
        # Before the rounds open: who owes a report follows from certification.
        story = certification.load()
        told = letters.load()
        asked = surveys.load(founding=told["founding"])
        answers = scenario.sample_answers()
        if answers:
            self.stdout.write(
                ngettext("%(n)s sample citizen's answer", "%(n)s sample citizens' answers", answers)
                % {"n": answers}
            )
        if suspect := stuffing.load():
            self.stdout.write(
                ngettext(
                    "%(n)s stuffed answer waits for OPS PMO's reviewer (login: reviewer)",
                    "%(n)s stuffed answers wait for OPS PMO's reviewer (login: reviewer)",
                    suspect,
                )
                % {"n": suspect}
            )
        # What the dashboards show; it opens the rounds, after every certificate.
        dashboards.load()
        # The demo writes its letters' copies as they stand, not through the services:
        # every unit's kept counts are counted again at the next read.
        tallies.changed(Recipient.objects.values_list("organisation_id", flat=True).distinct())
        # In the site's language (Thai by default): BE years, Thai month names.
        lang = "en" if (get_language() or "th").startswith("en") else "th"
        for rnd in scenario.open_rounds():
            deadline = dates.format_date(rnd.deadline, lang=lang)
            self.stdout.write(
                _("Open: %(round)s, deadline %(deadline)s")
                % {"round": rnd.calendar_round.name, "deadline": deadline}
            )
        for certificate in story["certificates"]:
            self.stdout.write(
                _("Certificate %(number)s: %(centre)s, %(status)s (its period runs to %(until)s)")
                % {
                    "number": certificate.number,
                    "centre": certificate.centre,
                    "status": certificate_status_label(certificate, dates.bangkok_today()),
                    "until": dates.format_date(certificate.valid_until, lang=lang),
                }
            )
        self.stdout.write("")
        self.stdout.write(_("Letters"))
        for line in letter_lines(told, lang):
            self.stdout.write(f"  {line}")
        self.stdout.write("")
        self.stdout.write(_("Campaign surveys"))
        for line in campaign_lines(asked):
            self.stdout.write(f"  {line}")
        self.stdout.write("")
        self.stdout.write(
            _("Demo logins (password for all: %(password)s)") % {"password": scenario.DEMO_PASSWORD}
        )
        for account in scenario.ACCOUNTS:
            self.stdout.write(f"  {account.username:<20} {account.note}")
        self.stdout.write("")


def letter_lines(told: dict[str, Any], lang: str) -> list[str]:
    """What the demo's letters are and where each is found, one line each."""
    founding, forward, current = told["founding"], told["forward"], told["current"]
    answered = forward.recipients.filter(answered_at__isnull=False).count()
    return [
        _(
            "%(reference)s of %(date)s, %(subject)s: DLA to the Governor of Pattani, "
            "in DLA's outbox (clerk.dla) and Pattani's inbox (clerk.pattani)"
        )
        % {
            "reference": founding.reference,
            "date": dates.format_date(founding.date, lang=lang),
            "subject": founding.subject,
        },
        _(
            "%(reference)s of %(date)s: Pattani forwards it to %(count)s local governments; "
            "%(answered)s answered (admin.pattanitown), the others are silent"
        )
        % {
            "reference": forward.reference,
            "date": dates.format_date(forward.date, lang=lang),
            "count": forward.recipient_count,
            "answered": answered,
        },
        _(
            "%(reference)s of %(date)s, %(subject)s: a current DLA circular, "
            "waiting for Pattani's and Chiang Mai's acknowledgement"
        )
        % {
            "reference": current.reference,
            "date": dates.format_date(current.date, lang=lang),
            "subject": current.subject,
        },
    ]


def campaign_lines(asked: dict[str, Any]) -> list[str]:
    """What the demo's campaigns are, where to see them and the results' address."""
    incentives, staff = asked["incentives"], asked["staff"]
    answered = incentives.targets.filter(answered_at__isnull=False).count()
    return [
        _(
            "%(title)s: DLA asks %(count)s local governments of Pattani and Chiang Mai, "
            "%(answered)s answered; see it as overseer.dla; results published at %(url)s "
            "(its QR code is on the founding letter)"
        )
        % {
            "title": incentives.title,
            "count": incentives.target_count,
            "answered": answered,
            "url": results_url(incentives),
        },
        _(
            "%(title)s: Pattani's staff survey of %(count)s local governments, open, "
            "not published; see it as overseer.pattani"
        )
        % {"title": staff.title, "count": staff.target_count},
    ]
