"""A letter in its official form (หนังสือภายนอก, Saraban regulation): the emblem, the
number, the sender's address, the date, the headings, the body, the signature, laid
out by saduak/print.css with Thai digits and BE dates (saduak/printing.py).

The HTML page of a letter shows the same content through `letter_content`."""

import base64
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest

from campaigns import qr
from correspondence.models import Emblem, Letter, Letterhead
from saduak.printing import render_pdf
from survey.posters import qr_png
from thaicalendar import dates

TEMPLATE = "correspondence/letter_pdf.html"
PLACEHOLDER = "correspondence/emblem-placeholder.png"


@dataclass
class EmblemImage:
    content: bytes
    content_type: str

    @property
    def data_uri(self) -> str:
        return f"data:{self.content_type};base64," + base64.b64encode(self.content).decode()


def current_emblem() -> EmblemImage:
    """The newest emblem OPS PMO uploaded, or the placeholder the system ships with."""
    emblem = Emblem.objects.order_by("-uploaded_at", "-id").first()
    if emblem is not None and emblem.image:
        try:
            with emblem.image.open("rb") as stored:
                content = stored.read()
        except OSError:  # the file is gone from storage: print the placeholder
            content = b""
        if content:
            jpeg = content.startswith(b"\xff\xd8\xff")
            return EmblemImage(content, "image/jpeg" if jpeg else "image/png")
    found = finders.find(PLACEHOLDER)
    path = Path(str(found))
    return EmblemImage(path.read_bytes(), "image/png")


def paragraphs(text: str) -> list[str]:
    """The body's paragraphs: a blank line starts a new one; a single line break stays
    a line break inside the paragraph (the template shows it with linebreaksbr)."""
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return [part for part in parts if part]


@dataclass
class ResultsCode:
    """The QR code at the foot of a letter that points to a campaign's results."""

    caption: str
    url: str
    png: bytes

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode()


def results_code(letter: Letter, *, request: HttpRequest | None = None) -> ResultsCode | None:
    """The letter's campaign results code, if it carries one: the campaign's public
    address, absolute as printed (campaigns/qr.py), captioned in Thai like the founding
    letter: "ผลการสำรวจ<title> สแกน QR Code"."""
    campaign = letter.results_campaign
    if campaign is None:
        return None
    # "ผลการสำรวจแบบสำรวจ…" reads twice: a title that starts with แบบสำรวจ drops it.
    title = campaign.title_th.removeprefix("แบบสำรวจ").strip()
    url = qr.results_url(campaign, request=request)
    return ResultsCode(caption=f"ผลการสำรวจ{title} สแกน QR Code", url=url, png=qr_png(url))


def letter_content(
    letter: Letter, *, today: date | None = None, request: HttpRequest | None = None
) -> dict[str, Any]:
    """What the letter says, for the PDF and the HTML page alike."""
    draft = letter.state == Letter.State.DRAFT
    letterhead = Letterhead.of(letter.sender_id)
    code = letter.letter_code or (letterhead.letter_code if letterhead else "")
    circular = "ว " if letter.kind == Letter.Kind.CIRCULAR else ""
    if letter.number is not None:
        number_line = letter.reference
    else:
        # A draft: the number is given when it is sent, so it is left blank after "/".
        number_line = f"{code}/{circular}" if code else ""
    day = letter.date
    if day is not None:
        date_line = dates.format_date(day, digits="thai")
    else:
        # As a typed draft on paper: the day left blank, the month and year written.
        today = today or dates.bangkok_today()
        date_line = dates.thai_digits(dates.format_date(today, digits="arabic").split(" ", 1)[1])
    enclosures = list(letter.enclosures.all())
    return {
        "letter": letter,
        "draft": draft,
        "number_line": dates.thai_digits(number_line),
        "date_line": date_line,
        "blank_day": day is None,
        "sender_name": letter.sender.name_th,
        "address": letterhead.address if letterhead else "",
        "contact": letterhead.contact if letterhead else "",
        "references": list(letter.references.select_related("cites")),
        "enclosures": enclosures,
        "numbered_enclosures": len(enclosures) > 1,
        "paragraphs": paragraphs(letter.body),
        "questions": list(letter.questions.all()) if letter.action == Letter.Action.ANSWER else [],
        "results_code": results_code(letter, request=request),
    }


def render_letter(
    letter: Letter, *, today: date | None = None, request: HttpRequest | None = None
) -> bytes:
    context = letter_content(letter, today=today, request=request)
    context["emblem_uri"] = current_emblem().data_uri
    return render_pdf(TEMPLATE, context)
