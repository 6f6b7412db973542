"""Inbox and outbox per organisation: unread and overdue, search by number, subject and
date, pages of a fixed number of queries, and the counts on the home page."""

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Role, User
from correspondence import receiving
from correspondence.models import Letter, Recipient
from correspondence.tests.factories_receive import Founding, founding, sent_letter
from registry.models import Organisation
from thaicalendar import dates


@pytest.fixture
def letters(world: dict[str, Organisation]) -> Founding:
    return founding(world)


def user(name: str) -> User:
    return User.objects.get(username=name)


def rows(html: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S) if body else []


def test_the_inbox_lists_received_letters_newest_first_unread_in_bold(
    client_as: Any, letters: Founding, world: dict[str, Organisation]
) -> None:
    older = sent_letter(
        sender=world["P94"],
        to=[world["5940101"]],
        number=99,
        letter_date=date(2022, 5, 1),
        subject="การประชุมประจำเดือน",
        action=Letter.Action.READ,
        delivered_at=timezone.now() - timedelta(days=40),
    )
    receiving.record_opening(
        copy=Recipient.objects.get(letter=older), user=user("staff.pattanitown")
    )
    html = client_as("admin.pattanitown").get("/letters/inbox/").content.decode()
    found = rows(html)
    assert len(found) == 2
    assert "<strong>" in found[0] and "ปน ๐๐๒๓.๓/ว ๑๒๓" in found[0]  # newest, not opened
    assert "การประชุมประจำเดือน" in found[1] and "<strong>" not in found[1]
    assert "ยังไม่ได้อ่าน" in found[0]


def test_overdue_means_the_due_date_passed_without_what_the_letter_asked(
    client_as: Any, world: dict[str, Organisation]
) -> None:
    late = founding(world, due_in_days=-1)
    today = dates.bangkok_today()
    copy = Recipient.objects.select_related("letter").get(pk=late.town_copy.pk)
    assert receiving.is_overdue(copy, today)
    assert not receiving.is_overdue(copy, late.circular.due_date)  # on the day: not yet
    # Registering is not enough when an answer is asked.
    receiving.acknowledge(
        user=user("admin.pattanitown"), copy=copy, register_number="1", register_date=today
    )
    copy.refresh_from_db()
    assert receiving.is_overdue(copy, today)
    # A letter that only asks to be registered is done once registered.
    Letter.objects.filter(pk=late.circular.pk).update(action=Letter.Action.ACKNOWLEDGE)
    copy = Recipient.objects.select_related("letter").get(pk=copy.pk)
    assert not receiving.is_overdue(copy, today)
    # A letter for information is never overdue.
    yarang = Recipient.objects.select_related("letter").get(pk=late.copies["5941001"].pk)
    assert receiving.is_overdue(yarang, today)
    Letter.objects.filter(pk=late.circular.pk).update(action=Letter.Action.READ)
    yarang = Recipient.objects.select_related("letter").get(pk=yarang.pk)
    assert not receiving.is_overdue(yarang, today)
    # The list and the one copy agree.
    overdue = Recipient.objects.filter(receiving.overdue_q(today))
    for each in Recipient.objects.select_related("letter"):
        assert receiving.is_overdue(each, today) == overdue.filter(pk=each.pk).exists()


def test_the_inbox_flags_overdue_letters_and_filters_them(
    client_as: Any, world: dict[str, Organisation]
) -> None:
    founding(world, due_in_days=-1)
    sent_letter(
        sender=world["P94"],
        to=[world["5940101"]],
        number=124,
        letter_date=date(2022, 7, 1),
        subject="แจ้งเพื่อทราบ",
        action=Letter.Action.READ,
    )
    client = client_as("admin.pattanitown")
    found = rows(client.get("/letters/inbox/").content.decode())
    assert ["เกินกำหนด" in r for r in found] == [False, True]
    only = rows(client.get("/letters/inbox/?show=overdue").content.decode())
    assert len(only) == 1 and "ว ๑๒๓" in only[0]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("ขับเคลื่อน", {"ว ๑๒๓"}),
        ("ศูนย์ราชการ", {"ว ๑๒๓"}),
        ("ประชุม", {"ว ๑๒๔"}),
        ("๑๒๓", {"ว ๑๒๓"}),
        ("124", {"ว ๑๒๔"}),
        ("0023.3/ว 124", {"ว ๑๒๔"}),
        ("ปน ๐๐๒๓.๓/ว ๑๒๓", {"ว ๑๒๓"}),
        ("ปน0023.3/ว124", {"ว ๑๒๔"}),
        ("มท 0810.7/124", set()),
        ("ไม่มีเรื่องนี้", set()),
        ("%", set()),
    ],
)
def test_the_inbox_searches_by_number_in_either_digits_and_by_thai_subject(
    client_as: Any,
    letters: Founding,
    world: dict[str, Organisation],
    typed: str,
    found: set[str],
) -> None:
    sent_letter(
        sender=world["P94"],
        to=[world["5940101"]],
        number=124,
        letter_date=date(2022, 7, 1),
        subject="การประชุมประจำเดือน",
    )
    html = client_as("admin.pattanitown").get("/letters/inbox/", {"q": typed}).content.decode()
    listed = {n for r in rows(html) for n in re.findall(r"ว [๐-๙]+", r)}
    assert listed == found


def test_the_founding_letter_is_found_by_its_number_in_the_provinces_inbox(
    client_as: Any, letters: Founding
) -> None:
    client = client_as("clerk.pattani")
    for typed in ("๗๕๕๕", "0810.7/7555", "มท ๐๘๑๐.๗/๗๕๕๕"):
        found = rows(client.get("/letters/inbox/", {"q": typed}).content.decode())
        assert len(found) == 1 and "มท ๐๘๑๐.๗/๗๕๕๕" in found[0], typed


def test_the_inbox_searches_by_date_range_and_by_its_own_register_number(
    client_as: Any, letters: Founding, world: dict[str, Organisation]
) -> None:
    sent_letter(
        sender=world["P94"], to=[world["5940101"]], number=124, letter_date=date(2022, 7, 1)
    )
    client = client_as("admin.pattanitown")

    def listed(**query: str) -> list[str]:
        html = client.get("/letters/inbox/", query).content.decode()
        return [n for r in rows(html) for n in re.findall(r"ว [๐-๙]+", r)]

    assert listed(date_from="1/7/2565") == ["ว ๑๒๔"]
    assert listed(date_to="30/6/2565") == ["ว ๑๒๓"]
    assert listed(date_from="๒๕ มิ.ย. ๖๕", date_to="25/6/2565") == ["ว ๑๒๓"]
    assert listed(date_from="31/2/2565") == ["ว ๑๒๔", "ว ๑๒๓"]  # unreadable: not applied
    receiving.acknowledge(
        user=user("admin.pattanitown"),
        copy=letters.town_copy,
        register_number="4521",
        register_date=dates.bangkok_today(),
    )
    assert listed(q="๔๕๒๑") == ["ว ๑๒๓"]


def test_the_outbox_shows_drafts_and_counts_of_registered_and_answered(
    client_as: Any, letters: Founding
) -> None:
    town = user("admin.pattanitown")
    receiving.acknowledge(
        user=town,
        copy=letters.town_copy,
        register_number="1",
        register_date=dates.bangkok_today(),
    )
    receiving.start_forward(user=user("clerk.pattani"), copy=letters.province_copy)
    html = client_as("clerk.pattani").get("/letters/outbox/").content.decode()
    found = rows(html)
    assert len(found) == 2
    assert "ร่าง" in found[0]  # the draft first
    cells = re.findall(r"<td[^>]*>(.*?)</td>", found[1], re.S)
    assert [c.strip() for c in cells[3:6]] == ["4", "1", "0"]
    # An overseer reads the province's sent letters, not its drafts.
    overseer = client_as("overseer.pattani").get("/letters/outbox/").content.decode()
    assert len(rows(overseer)) == 1


def test_an_account_of_several_organisations_picks_its_box(
    client: Any, letters: Founding, world: dict[str, Organisation]
) -> None:
    account = User.objects.create_user("clerk.both", password="x")
    account.roles.create(role=Role.CLERK, organisation=world["P94"])
    account.roles.create(role=Role.CLERK, organisation=world["5940101"])
    client.force_login(account)
    html = client.get("/letters/inbox/").content.decode()
    assert 'name="org"' in html and "เทศบาลเมืองปัตตานี" in html
    first = rows(html)
    assert len(first) == 1 and "มท ๐๘๑๐.๗/๗๕๕๕" in first[0]  # จังหวัดปัตตานี sorts first
    town = client.get("/letters/inbox/", {"org": world["5940101"].pk}).content.decode()
    assert "ว ๑๒๓" in rows(town)[0]


def test_boxes_are_refused_to_who_reads_no_letters_and_unread_organisations_are_404(
    client_as: Any, letters: Founding, world: dict[str, Organisation]
) -> None:
    assert client_as("screener").get("/letters/inbox/").status_code == 403
    assert client_as("screener").get("/letters/outbox/").status_code == 403
    yarang = client_as("admin.yarang")
    assert yarang.get("/letters/inbox/", {"org": world["5940101"].pk}).status_code == 404
    assert yarang.get("/letters/outbox/", {"org": world["P94"].pk}).status_code == 404
    assert yarang.get("/letters/inbox/", {"org": "๑"}).status_code == 404
    # An overseer opens the inbox of a unit it oversees, to read it.
    overseer = client_as("overseer.pattani")
    assert overseer.get("/letters/inbox/", {"org": world["5940101"].pk}).status_code == 200


def test_an_inbox_page_takes_a_fixed_number_of_queries(
    client_as: Any, world: dict[str, Organisation], django_assert_max_num_queries: Any
) -> None:
    client = client_as("admin.pattanitown")

    def letters_to_town(count: int, start: int) -> None:
        for n in range(start, start + count):
            sent_letter(
                sender=world["P94"],
                to=[world["5940101"]],
                number=n,
                letter_date=date(2022, 7, 1),
                due_date=dates.bangkok_today() - timedelta(days=1),
            )

    letters_to_town(2, 1000)
    # Sign-in, the account's roles, the organisation, the count and the page.
    with django_assert_max_num_queries(10) as few:
        assert client.get("/letters/inbox/").status_code == 200
    letters_to_town(60, 2000)
    with django_assert_max_num_queries(len(few)) as many:
        page = client.get("/letters/inbox/")
    assert len(rows(page.content.decode())) == 50
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    with django_assert_max_num_queries(len(few) + 1):
        assert client.get("/letters/outbox/", {"org": world["P94"].pk}).status_code == 404
    outbox = client_as("clerk.pattani")
    with django_assert_max_num_queries(12):
        assert len(rows(outbox.get("/letters/outbox/").content.decode())) == 50


def test_the_home_page_counts_unread_and_overdue_letters(
    client_as: Any, world: dict[str, Organisation]
) -> None:
    founding(world, due_in_days=-1)
    html = client_as("admin.pattanitown").get("/").content.decode()
    assert "หนังสือเข้าของเทศบาลเมืองปัตตานี" in html
    assert "ยังไม่ได้เปิด 1 ฉบับ" in html and "เกินกำหนด 1 ฉบับ" in html
    province = client_as("clerk.pattani").get("/").content.decode()
    assert "หนังสือเข้าของจังหวัดปัตตานี" in province
    assert "คุณดูแลงานสารบรรณของจังหวัดปัตตานี" in province
    # Who reads no letters is told nothing of them.
    assert "หนังสือเข้า" not in client_as("screener").get("/").content.decode()


@pytest.mark.parametrize("url", ["/letters/inbox/", "/letters/outbox/"])
def test_hostile_filters_are_refused_or_ignored_never_a_server_error(
    client_as: Any, letters: Founding, url: str
) -> None:
    client = client_as("clerk.pattani")
    for name in ("org", "q", "date_from", "date_to", "show", "page"):
        for value in ("²", str(2**63), "\x00", "a\x00b", "9" * 5000, "-1", "31/2/99999", "%_"):
            status = client.get(url, {name: value}).status_code
            assert status in (200, 404), (name, value, status)


def test_ops_pmo_finds_the_emblem_page_from_its_outbox(world: Any, client_as: Any) -> None:
    assert "/letters/emblem/" in client_as("opsadmin").get("/letters/outbox/").content.decode()
    assert "/letters/emblem/" not in client_as("clerk.dla").get("/letters/outbox/").content.decode()
