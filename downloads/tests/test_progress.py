"""A download's page follows its progress until the file is ready, with or without
JavaScript, and says plainly when it failed."""

import io
import re
from typing import Any

from openpyxl import load_workbook

from downloads.models import Download
from downloads.preparing import register, request_download
from downloads.tests.conftest import COMPLETENESS
from downloads.tests.fetch import ask, file_of
from maintenance.models import Round
from saduak.background import run_queued_tasks

SEEN: list[tuple[str, int, int, int]] = []


def _anyone(user: Any, params: dict[str, Any]) -> None:
    return None


@register("test.counts_to_ten", check=_anyone)
def counts_to_ten(user: Any, params: dict[str, Any], progress: Any) -> Any:
    progress(3, 10)
    row = Download.objects.get(user=user, maker="test.counts_to_ten")
    SEEN.append((row.state, row.done, row.total, row.percent))
    return "ten.txt", "text/plain", b"1 2 3 4 5 6 7 8 9 10"


@register("test.breaks", check=_anyone)
def breaks(user: Any, params: dict[str, Any], progress: Any) -> Any:
    raise RuntimeError("KeyError in maintenance.selectors: connection refused")


def test_the_page_shows_the_wait_then_the_file(client_as: Any, rnd: Round) -> None:
    client = client_as("overseer.pattani")
    # The old link still works: it shows the one button that asks for the file.
    start = client.get(COMPLETENESS, {"round": rnd.pk})
    assert start.status_code == 200
    assert "เตรียมไฟล์" in start.content.decode()
    page = ask(client, COMPLETENESS, {"round": rnd.pk})
    waiting = client.get(page).content.decode()
    assert "รอคิว" in waiting
    assert re.search(r"<progress [^>]*max=\"100\"", waiting)
    assert 'hx-trigger="every 2s"' in waiting
    assert 'hx-get="' + page + 'status/"' in waiting
    assert f'href="{page}"' in waiting  # the refresh link, for a browser without script
    # The file is not there yet: its address leads back to the page.
    assert client.get(f"{page}file/").status_code == 302

    run_queued_tasks()
    ready = client.get(f"{page}status/").content.decode()
    assert "every 2s" not in ready  # the polling stops
    assert "ไฟล์พร้อมแล้ว" in ready
    assert f'href="{page}file/"' in ready
    response = file_of(client, page)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="completeness-2565-6.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0]["A1"].value.startswith("ความครบถ้วนของรายงาน")
    listed = client.get("/downloads/").content.decode()
    assert "ความครบถ้วนของรายงาน รอบ 6 เดือน ปีงบประมาณ 2565" in listed
    assert f'href="{page}file/"' in listed


def test_progress_is_stored_as_the_maker_reports_it(client_as: Any, world: Any) -> None:
    from accounts.models import User

    user = User.objects.get(username="staff.pattanitown")
    download = request_download(user=user, maker="test.counts_to_ten", params={}, title="สิบ")
    SEEN.clear()
    run_queued_tasks()
    assert SEEN == [("preparing", 3, 10, 30)]
    # As the page shows it in the middle: a progress bar with its figures in words.
    Download.objects.filter(pk=download.pk).update(state="preparing", done=3, total=10)
    middle = client_as("staff.pattanitown").get(f"/downloads/{download.pk}/status/")
    html = middle.content.decode()
    assert re.search(r'<progress id="progress-\d+" max="100" value="30">', html)
    assert "3 จาก 10" in html
    assert "<title>" not in html  # a fragment, not a page


def test_a_failing_maker_gives_a_failed_download_with_a_message(client_as: Any, world: Any) -> None:
    from accounts.models import User

    user = User.objects.get(username="staff.pattanitown")
    download = request_download(
        user=user, maker="test.breaks", params={}, title="พัง", again_url="/reports/"
    )
    run_queued_tasks()
    download.refresh_from_db()
    assert download.state == Download.State.FAILED
    assert download.failure == Download.Failure.ERROR
    assert not download.file
    response = client_as("staff.pattanitown").get(download.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "ไม่สามารถเตรียมไฟล์ได้" in html
    assert 'role="alert"' in html
    # Nothing of the system's insides reaches the person.
    assert "KeyError" not in html and "maintenance" not in html and "RuntimeError" not in html
    assert 'action="/reports/"' in html  # asking again is one button
    assert (
        client_as("staff.pattanitown").get(f"{download.get_absolute_url()}file/").status_code == 302
    )
