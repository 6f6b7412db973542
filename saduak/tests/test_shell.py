"""The interface shell: Thai first, English on request, a menu and home per role."""

import re
from typing import Any

import pytest
from django.test import Client

BASE = {"หน้าหลัก", "ทะเบียนหน่วยงาน", "มาตรฐาน"}
# Calls, applications and certificates: for those who apply, run or oversee certification.
CERTIFICATION = {"การรับรองมาตรฐาน", "ใบสมัคร", "ใบรับรอง"}
# Official letters: the boxes for who reads an organisation's letters, writing for who
# keeps its correspondence (its clerks, its administrator, OPS PMO's administrator).
LETTERS = {"หนังสือเข้า", "หนังสือออก"}
WRITES_LETTERS = LETTERS | {"เขียนหนังสือ"}
# Campaign surveys: for whoever follows an organisation's campaigns (READ_CAMPAIGNS).
CAMPAIGNS = {"แบบสำรวจ"}
MENU = {
    "opsadmin": BASE
    | WRITES_LETTERS
    | {"รายงาน", "ความครบถ้วน", "เจ้าหน้าที่", "รอบรายงาน", "นำเข้าทะเบียน อปท.", "บันทึกการเปลี่ยนแปลง"}
    | {"แดชบอร์ด"}
    | {"ผลการสำรวจ", "คำตอบที่น่าสงสัย"}
    | CERTIFICATION
    | {"ตรวจกลั่นกรองเอกสาร"}
    | CAMPAIGNS,
    "reviewer": BASE
    | LETTERS
    | {"แดชบอร์ด", "รายงาน", "ความครบถ้วน", "ผลการสำรวจ", "คำตอบที่น่าสงสัย"}
    | CERTIFICATION
    | CAMPAIGNS,
    "overseer.pattani": BASE
    | LETTERS
    | {"แดชบอร์ด", "ความครบถ้วน", "เจ้าหน้าที่", "ผลการสำรวจ", "คำตอบที่น่าสงสัย"}
    | CERTIFICATION
    | CAMPAIGNS,
    "overseer.dla": BASE
    | LETTERS
    | {"แดชบอร์ด", "ความครบถ้วน", "เจ้าหน้าที่", "ผลการสำรวจ", "คำตอบที่น่าสงสัย"}
    | CERTIFICATION
    | CAMPAIGNS,
    "admin.pattanitown": BASE
    | WRITES_LETTERS
    | {"รายงาน", "เจ้าหน้าที่", "คำตอบที่น่าสงสัย"}
    | CERTIFICATION
    | CAMPAIGNS,
    "admin.yarang": BASE
    | WRITES_LETTERS
    | {"รายงาน", "เจ้าหน้าที่", "คำตอบที่น่าสงสัย"}
    | CERTIFICATION
    | CAMPAIGNS,
    "staff.pattanitown": BASE | LETTERS | CAMPAIGNS | {"รายงาน"},
    # Correspondence officers keep their organisation's letters and read its registry.
    "clerk.dla": BASE | WRITES_LETTERS | CAMPAIGNS,
    "clerk.pattani": BASE | WRITES_LETTERS | CAMPAIGNS,
    # Screeners and assessors read no registry: only the applications assigned to them.
    "screener": {"หน้าหลัก", "มาตรฐาน", "ตรวจกลั่นกรองเอกสาร"},
    "assessor": {"หน้าหลัก", "มาตรฐาน", "ตรวจประเมิน ณ สถานที่"},
    "chair.team1": {"หน้าหลัก", "มาตรฐาน", "ตรวจประเมิน ณ สถานที่"},
}


def menu_of(html: str) -> set[str]:
    nav = re.search(r'<nav aria-label="[^"]*">(.*?)</nav>', html, re.S)
    assert nav, "no menu"
    return set(re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(1)))


@pytest.mark.parametrize(("username", "expected"), MENU.items())
def test_each_role_gets_its_own_menu(client_as: Any, username: str, expected: set[str]) -> None:
    assert menu_of(client_as(username).get("/").content.decode()) == expected


def test_pages_are_thai_by_default_with_be_dates(client_as: Any) -> None:
    html = client_as("overseer.pattani").get("/").content.decode()
    assert '<html lang="th">' in html
    assert "ยินดีต้อนรับ" in html
    assert re.search(r"วันนี้ <time datetime=\"\d{4}-\d\d-\d\d\">\d{1,2} [ก-๙]+ 25\d\d</time>", html)


def test_switching_to_english_and_back(client_as: Any) -> None:
    client = client_as("overseer.pattani")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/registry/"})
    assert response.status_code == 302 and response.url == "/registry/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Welcome" in html
    assert re.search(r"Today is <time[^>]*>\d{1,2} [A-Z][a-z]+ 20\d\d</time>", html)
    client.post("/i18n/setlang/", {"language": "th", "next": "/"})
    assert "ยินดีต้อนรับ" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("opsadmin", "นำเข้าทะเบียน อปท."),
        ("overseer.pattani", "และทุกหน่วยงานในพื้นที่"),
        ("overseer.dla", "หน่วยงานในความกำกับ"),
        ("admin.pattanitown", "ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี"),
        ("staff.pattanitown", "ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี"),
        ("screener", "ใบสมัครรอการตรวจกลั่นกรอง"),
        ("assessor", "ยังไม่มีใบสมัครที่มอบหมายให้คณะของท่าน"),
        ("clerk.pattani", "คุณดูแลงานสารบรรณของจังหวัดปัตตานี"),
    ],
)
def test_each_role_has_a_home_page_for_its_work(
    client_as: Any, username: str, expected: str
) -> None:
    assert expected in client_as(username).get("/").content.decode()


def test_the_overseer_home_counts_its_scope(client_as: Any) -> None:
    html = client_as("overseer.pattani").get("/").content.decode()
    assert "8 หน่วยงานในขอบเขตของคุณ" in html
    assert "2 ศูนย์บริการ" in html


def test_every_overseer_finds_its_dashboard_on_its_home_page(client_as: Any) -> None:
    # In its own panel, beside the menu: OPS PMO's reviewer oversees the nation without
    # administering it (review finding).
    link = '<a href="/oversight/"><strong>แดชบอร์ดภาพรวมทั้งประเทศ</strong></a>'
    assert link in client_as("reviewer").get("/").content.decode()
    assert link in client_as("opsadmin").get("/").content.decode()
    # A province's overseer reaches its own, not the nation's.
    pattani = client_as("overseer.pattani").get("/").content.decode()
    assert link not in pattani and "แดชบอร์ดของจังหวัดปัตตานี" in pattani


def test_refusals_and_missing_pages_speak_thai(client_as: Any) -> None:
    client = client_as("staff.pattanitown")
    assert "ไม่ได้รับอนุญาต" in client.get("/audit/").content.decode()
    assert "ไม่พบหน้านี้" in client.get("/registry/999999/").content.decode()


def test_forms_label_every_field(client_as: Any) -> None:
    html = client_as("opsadmin").get("/registry/new/").content.decode()
    ids = set(re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html))
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids and ids <= labelled


def test_health_check(db: Any) -> None:
    assert Client().get("/healthz").json() == {"status": "ok"}


def test_an_english_browser_still_gets_thai_until_english_is_chosen(client_as: Any) -> None:
    client = client_as("overseer.pattani")
    html = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="th">' in html
