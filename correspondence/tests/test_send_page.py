"""The send page as DLA's correspondence officer uses it: choose groups (counted as they
are chosen), confirm, send; and the saved lists of recipients."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from correspondence.models import Letter, RecipientList
from correspondence.tests.factories_send import draft, letterhead
from correspondence.tests.worker_scene import local_governments


def _page(response: Any) -> str:
    return str(response.content.decode())


def test_choosing_recipients_counts_them_and_shows_the_number_to_come(
    world: Any, client_as: Any
) -> None:
    letterhead(world["DLA"])
    letter = draft(world["DLA"])
    clerk = client_as("clerk.dla")
    url = f"/letters/{letter.pk}/send/"
    page = _page(clerk.get(url))
    assert "ที่ มท ๐๘๑๐.๗/ว …" in page
    assert "มีผู้รับหนังสือ 0 หน่วยงาน" in page
    page = _page(clerk.get(url, {"province": "94", "q": "ยะรัง"}))
    assert "มีผู้รับหนังสือ 4 หน่วยงาน" in page
    assert "องค์กรปกครองส่วนท้องถิ่นทุกแห่งในจังหวัดปัตตานี" in page
    assert f'name="org" value="{world["5941001"].pk}"' in page  # found by its name
    page = _page(clerk.get(url, {"province": "94", "org": world["P50"].pk}))
    assert "มีผู้รับหนังสือ 5 หน่วยงาน" in page
    assert f'name="org" value="{world["P50"].pk}" checked' in page
    # hostile input is refused on its field, never a server error
    response = clerk.get(url, {"province": "xx", "org": "๑๒", "q": "\x00"})
    assert response.status_code == 400
    assert "เลือกจังหวัดจากรายการ" in _page(response)


def test_sending_asks_first_then_sends(world: Any, client_as: Any) -> None:
    letterhead(world["DLA"])
    letter = draft(world["DLA"])
    clerk = client_as("clerk.dla")
    url = f"/letters/{letter.pk}/send/"
    page = _page(clerk.get(url, {"province": "94", "step": "confirm"}))
    assert "ยืนยันการส่งหนังสือ" in page
    assert '<input type="hidden" name="province" value="94">' in page
    assert '<input type="hidden" name="revision" value="0">' in page
    assert "เทศบาลเมืองปัตตานี" in page  # the first recipients, by name
    # A POST without the confirmation only asks.
    assert "ยืนยันการส่งหนังสือ" in _page(clerk.post(url, {"province": "94"}))
    assert Letter.objects.get(pk=letter.pk).state == "draft"
    response = clerk.post(url, {"province": "94", "revision": "0", "confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/letters/{letter.pk}/sending/"
    letter.refresh_from_db()
    assert (letter.state, letter.number, letter.recipient_count) == ("sending", 1, 4)
    page = _page(clerk.get(response["Location"]))
    assert "ส่งหนังสือที่ มท ๐๘๑๐.๗/ว ๑ แล้ว ระบบกำลังนำส่งถึง 4 หน่วยงาน" in page
    # Sent once: the page now says so.
    again = clerk.post(url, {"province": "94", "revision": "0", "confirm": "1"})
    assert again.status_code == 302
    assert Letter.objects.get(pk=letter.pk).number == 1


def test_a_refused_sending_says_why_and_changes_nothing(world: Any, client_as: Any) -> None:
    letterhead(world["DLA"])
    single = draft(world["DLA"], kind="single")
    clerk = client_as("clerk.dla")
    url = f"/letters/{single.pk}/send/"
    response = clerk.get(url, {"province": "94", "step": "confirm"})
    assert response.status_code == 400
    assert "หนังสือถึงผู้รับรายเดียวส่งได้เพียงหนึ่งหน่วยงาน" in _page(response)
    response = clerk.post(url, {"revision": "0", "confirm": "1"})
    assert response.status_code == 400
    assert "เลือกผู้รับอย่างน้อยหนึ่งหน่วยงาน" in _page(response)
    Letter.objects.filter(pk=single.pk).update(revision=2)
    response = clerk.post(url, {"org": world["P94"].pk, "revision": "1", "confirm": "1"})
    assert response.status_code == 400
    assert "หนังสือถูกแก้ไขหลังจากท่านเลือกผู้รับ" in _page(response)
    single.refresh_from_db()
    assert (single.state, single.number) == ("draft", None)


def test_without_a_letterhead_the_page_says_so(world: Any, client_as: Any) -> None:
    letter = draft(world["DLA"])
    page = _page(client_as("clerk.dla").get(f"/letters/{letter.pk}/send/"))
    assert "หน่วยงานของท่านยังไม่มีรหัสหนังสือ" in page


def test_a_saved_list_is_made_found_chosen_and_removed(world: Any, client_as: Any) -> None:
    clerk = client_as("clerk.dla")
    # Searching does not save.
    page = _page(
        clerk.post("/letters/lists/new/", {"name": "ภาคใต้", "q": "ปัตตานี", "action": "search"})
    )
    assert f'value="{world["P94"].pk}"' in page
    assert not RecipientList.objects.exists()
    refused = clerk.post("/letters/lists/new/", {"name": " ", "action": "save"})
    assert refused.status_code == 400
    assert "ตั้งชื่อรายชื่อ" in _page(refused)
    response = clerk.post(
        "/letters/lists/new/",
        {"name": "ภาคใต้", "org": [world["P94"].pk, world["5940101"].pk], "action": "save"},
    )
    assert response.status_code == 302
    saved = RecipientList.objects.get()
    assert saved.owner == world["DLA"]
    assert set(saved.members.values_list("code", flat=True)) == {"P94", "5940101"}
    assert "ภาคใต้" in _page(clerk.get("/letters/lists/"))
    # Chosen on the send page as one group.
    letterhead(world["DLA"])
    letter = draft(world["DLA"])
    page = _page(clerk.get(f"/letters/{letter.pk}/send/", {"saved": saved.pk}))
    assert "มีผู้รับหนังสือ 2 หน่วยงาน" in page
    assert "รายชื่อที่บันทึกไว้ “ภาคใต้”" in page
    # Changed, then removed; Pattani's officer never sees it.
    clerk.post(f"/letters/lists/{saved.pk}/", {"name": "ใต้", "org": [world["P94"].pk]})
    assert list(RecipientList.objects.get().members.values_list("code", flat=True)) == ["P94"]
    assert client_as("clerk.pattani").get(f"/letters/lists/{saved.pk}/").status_code == 404
    clerk.post(f"/letters/lists/{saved.pk}/delete/")
    assert not RecipientList.objects.exists()


def test_the_send_page_asks_the_same_number_of_queries_for_ten_or_a_thousand_recipients(
    world: Any, client_as: Any, django_assert_max_num_queries: Any
) -> None:
    letterhead(world["DLA"])
    letter = draft(world["DLA"])
    clerk = client_as("clerk.dla")
    url = f"/letters/{letter.pk}/send/"
    choice = {"lao_type": "sao", "province": "94", "overseen": "1", "q": "ทดสอบ"}
    local_governments(10)
    clerk.get(url, choice)
    with CaptureQueriesContext(connection) as few:
        assert clerk.get(url, choice).status_code == 200
    local_governments(1000, prefix="V")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = _page(clerk.get(url, choice))
    assert "มีผู้รับหนังสือ 1017 หน่วยงาน" in page
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert clerk.get(url, {**choice, "step": "confirm"}).status_code == 200
