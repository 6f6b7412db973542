"""Every PDF Saduak makes goes through `render_pdf`: one engine (WeasyPrint, whose Pango
breaks Thai lines), one stylesheet (`print.css` beside this module) and one font setup.

The font is Laksaman (Debian's fonts-thai-tlwg), the free twin of TH Sarabun New,
the official letter font, named alone: see print.css for why the name "TH Sarabun New"
must never appear in a printed document's font list. saduak/tests/test_printing.py
renders every PDF and checks the widths embedded for each glyph against the font, and
that no module but this one calls WeasyPrint.

Documents are official and Thai whatever language the reader uses: the templates are
rendered in Thai, with Thai digits (the `thaidigits` filter; page numbers through the
stylesheet's counter style).
"""

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

STYLESHEET = Path(__file__).parent / "print.css"


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The PDF of a print template (one extending "print_base.html"), in Thai."""
    pdf: bytes = laid_out(template_name, context).write_pdf()
    return pdf


def laid_out(template_name: str, context: dict[str, Any]) -> Any:
    """The pages of a print template as WeasyPrint lays them out (a Document), before
    they are written: what `render_pdf` writes, and what a test measures."""
    # Heavy imports (Pango, cairo-free layout, fonts), only when a PDF is asked for.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    # Every picture a document prints is embedded (a data: address): nothing a user
    # typed can make the renderer read a file of the server or reach the network.
    embedded_only = URLFetcher(allowed_protocols={"data"})

    with translation.override("th"):
        html = render_to_string(template_name, context)
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(STYLESHEET), font_config=fonts)
    return HTML(string=html, url_fetcher=embedded_only).render(
        stylesheets=[stylesheet], font_config=fonts
    )
