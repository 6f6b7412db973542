"""A returned report shows the reviewer's comment on each item beside that item, where
the centre corrects it."""

from datetime import datetime
from typing import Any

import time_machine

from maintenance.models import Report
from maintenance.tests.conftest import complete_draft, send
from thaicalendar.dates import BANGKOK


def fieldset_of(page: str, item_pk: int) -> str:
    start = page.index(f'id="item-{item_pk}"')
    return page[start : page.index("</fieldset>", start)]


def test_each_comment_of_the_reviewer_stands_beside_its_item(
    client_as: Any, pattani_report: Report
) -> None:
    first, second, third = pattani_report.standard.checklist_items.all()[:3]
    with time_machine.travel(datetime(2022, 4, 10, 9, 0, tzinfo=BANGKOK), tick=False):
        send(client_as("staff.pattanitown"), pattani_report, complete_draft(pattani_report))
    client_as("reviewer").post(
        f"/reports/{pattani_report.pk}/v1/",
        {
            "return": "1",
            "comment": "โปรดแก้ไขตามความเห็นรายข้อ",
            f"item-{first.code}": "แนบคำสั่งแต่งตั้งคณะทำงาน",
            f"item-{second.code}": "ภาพถ่ายป้ายไม่ชัด",
        },
    )
    page = client_as("staff.pattanitown").get(f"/reports/{pattani_report.pk}/").content.decode()
    assert "โปรดแก้ไขตามความเห็นรายข้อ" in page
    beside_first = fieldset_of(page, first.pk)
    assert "ความเห็นของผู้ตรวจต่อฉบับที่ 1" in beside_first
    assert "แนบคำสั่งแต่งตั้งคณะทำงาน" in beside_first
    assert "ภาพถ่ายป้ายไม่ชัด" not in beside_first
    assert "ภาพถ่ายป้ายไม่ชัด" in fieldset_of(page, second.pk)
    assert "ความเห็นของผู้ตรวจ" not in fieldset_of(page, third.pk)
    # The summary at the top leads to the items commented on.
    assert f'href="#item-{first.pk}"' in page and f'href="#item-{third.pk}"' not in page
