"""Home pages and the menu lead each role to its certification work."""

from datetime import UTC, datetime
from typing import Any

import time_machine

from accounts.models import User
from certification.models import Application
from certification.tests import factories_integrate as make
from demo import certification as story

NOW = datetime(2026, 12, 3, 3, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_a_unit_administrator_sees_the_open_call_in_be_and_its_applications(
    client_as: Any, world: Any
) -> None:
    story.current_call()
    make.application(make.centre("5940101"), state=Application.State.SENT, fiscal_year=2566)
    page = client_as("admin.pattanitown").get("/").content.decode()
    assert "ประจำปีงบประมาณ 2570 เปิดรับสมัครตั้งแต่ 1 ตุลาคม 2569 ถึง 28 กุมภาพันธ์ 2570" in page
    assert "ประกาศผล 31 สิงหาคม 2570" in page
    # Its FY2566 application and its state.
    assert "ปีงบประมาณ 2566 · ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี" in page
    assert "ส่งแล้ว รอการตรวจกลั่นกรอง" in page
    # Yarang's administrator does not see Pattani Town's.
    assert "เทศบาลเมืองปัตตานี" not in client_as("admin.yarang").get("/").content.decode()


def test_without_an_open_call_the_unit_is_told_so(client_as: Any, world: Any) -> None:
    assert "ยังไม่มีประกาศรับสมัครที่เปิดอยู่" in client_as("admin.pattanitown").get("/").content.decode()


def test_a_screener_sees_how_many_applications_await_it(client_as: Any, world: Any) -> None:
    make.application(
        make.centre("5940101"),
        state=Application.State.IN_SCREENING,
        screener=User.objects.get(username="screener"),
    )
    page = client_as("screener").get("/").content.decode()
    assert "ใบสมัครรอการตรวจกลั่นกรอง 1 ฉบับ" in page
    assert 'href="/certification/screening/"' in page


def test_the_menu_leads_to_certification_pages(client_as: Any, world: Any) -> None:
    page = client_as("opsadmin").get("/").content.decode()
    for url in (
        "/certification/calls/",
        "/certification/applications/",
        "/certification/certificates/",
        # OPS PMO assigns the screening queue, so it reaches it too.
        "/certification/screening/",
    ):
        assert f'href="{url}"' in page
    overseer = client_as("overseer.pattani").get("/").content.decode()
    assert 'href="/certification/screening/"' not in overseer  # no screener's work here
    assert (
        'href="/certification/assessments/"' in client_as("chair.team1").get("/").content.decode()
    )


def test_the_public_register_is_linked_from_the_sign_in_page(client: Any, world: Any) -> None:
    page = client.get("/login/").content.decode()
    assert page.count('href="/register/"') == 2  # beside the form and in the footer
    assert "ทะเบียนศูนย์ที่ได้รับการรับรอง" in page
