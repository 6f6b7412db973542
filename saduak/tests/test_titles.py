"""Every page's title names the page, then the site, apart: "เข้าสู่ระบบ · สะดวก"."""

import re
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from django.test import Client

from demo import scenario

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
LINK = re.compile(r'href="(/[^"#]*)"')
# Files, not pages: downloads, PDFs, images and the citizen's own pages (which carry
# no site name: a citizen answers a survey, not "Saduak").
NOT_PAGES = re.compile(r"^/(static|media|q)/|\.(pdf|xlsx|png|svg|zip)$|/(export|pdf|file|poster)")


def title_of(html: str) -> str:
    found = TITLE.search(html)
    assert found, "page without a <title>"
    return " ".join(unescape(found.group(1)).split())


def shape(url: str) -> str:
    """Pages that differ only by ids or by the query look alike; one of each is enough."""
    return re.sub(r"\d+", "N", urlsplit(url).path)


def crawl(client: Client, start: list[str]) -> dict[str, str]:
    """The title of every page reachable by following links, one page per shape."""
    seen: set[str] = set()
    titles: dict[str, str] = {}
    queue = list(start)
    while queue:
        url = queue.pop(0)
        if shape(url) in seen or NOT_PAGES.search(url):
            continue
        seen.add(shape(url))
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        titles[url] = title_of(html)
        queue.extend(unescape(link) for link in LINK.findall(html))
    return titles


def test_every_page_of_the_demo_names_itself_then_the_site(client_as: Any) -> None:
    scenario.open_rounds()
    titles = crawl(client_as("opsadmin"), ["/", "/password/done/"])
    titles |= crawl(client_as("staff.pattanitown"), ["/", "/reports/"])
    titles |= crawl(
        Client(),
        ["/login/", "/password/reset/", "/password/reset/sent/", "/password/reset/complete/"],
    )
    assert len(titles) > 20, titles  # the crawl really went round the site
    wrong = {url: title for url, title in titles.items() if not re.fullmatch(r".+ · สะดวก", title)}
    assert not wrong, wrong
    assert titles["/login/"] == "เข้าสู่ระบบ · สะดวก"
    assert titles["/"] == "หน้าหลัก · สะดวก"
