"""Every page carries a Content-Security-Policy that allows no inline script, and a
Permissions-Policy; the templates give the policy nothing to refuse. (In Chromium:
test_browser.py, where each journey fails on a violation reported in the console.)"""

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
# Rendered by WeasyPrint into PDFs, never served to a browser.
PRINT_ONLY = {"maintenance/version_pdf.html", "survey/poster.html"}


def policy(response: Any) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_signed_in_pages_and_the_sign_in_page_carry_the_policies(client_as: Any) -> None:
    for client, url in [(Client(), "/login/"), (client_as("opsadmin"), "/registry/")]:
        response = client.get(url)
        assert response.status_code == 200
        directives = policy(response)
        assert directives["script-src"] == ["'self'"]
        assert "'unsafe-inline'" not in directives["style-src"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_the_citizens_stylesheet_is_allowed_by_its_hash(world: Any) -> None:
    counter = world["5940101"].centres.get().counters.get(number=1)
    for url in [f"/q/{counter.survey_code}/", f"/q/{counter.survey_code}/thanks/"]:
        response = Client().get(url)
        styles = re.findall(r"<style>(.*?)</style>", response.content.decode(), re.S)
        assert len(styles) == 1 and "header{" in styles[0]
        digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy(response)["style-src"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_a_pdf_is_left_to_the_browsers_viewer(client_as: Any, world: Any) -> None:
    counter = world["5940101"].centres.get().counters.get(number=1)
    response = client_as("admin.pattanitown").get(f"/survey/counters/{counter.pk}/poster.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response
    assert "Permissions-Policy" in response


def templates() -> list[Path]:
    return [
        path
        for path in ROOT.glob("*/templates/**/*.html")
        if ".venv" not in path.parts
        and path.relative_to(path.parents[1]).as_posix() not in PRINT_ONLY
    ]


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_writes_script_or_style_into_the_page(path: Path) -> None:
    html = path.read_text()
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", html), "event-handler attribute"
    assert not re.search(r"\shx-on[:\-]", html), "hx-on (evaluated script)"
    assert "javascript:" not in html.lower()
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    if "survey/_citizen_base.html" not in path.as_posix():
        assert "<style" not in html, "inline stylesheet (only the citizen's, by hash)"
