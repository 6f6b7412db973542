"""A returned application comes back as version 2: the screener reads it beside
version 1, item by item, changed items marked, with the judgement given then."""

from typing import Any

from django.urls import reverse

from accounts.models import User
from certification import screening
from certification.models import Application, ScreeningReason
from certification.screening import Judgement
from certification.tests.factories_screen import (
    all_complete,
    content,
    make_application,
    make_call,
    send_version,
)


def test_version_two_beside_version_one(client_as: Any, world: Any) -> None:
    call = make_call()
    screener = User.objects.get(username="screener")
    application = make_application(world["5940101"], call=call, screener=screener)
    missing = ScreeningReason.objects.get(code="R01")
    b2 = call.standard.criteria.get(code="B2")
    judgements = all_complete(call)
    judgements[b2.pk] = Judgement(complete=False, reason_ids=[missing.pk], note="ขาดคำสั่ง")
    screening.decide(
        actor=screener,
        application=application,
        version_number=1,
        outcome="returned",
        judgements=judgements,
        reason_ids=[],
    )
    corrected = content(call)
    corrected["B2"] = {
        **corrected["B2"],
        "comment": "แนบคำสั่งแต่งตั้งคณะทำงานแล้ว",
        "evidence": [
            *corrected["B2"]["evidence"],
            {
                "id": 99,
                "name": "คำสั่งแต่งตั้ง.pdf",
                "link": "",
                "kind": "pdf",
                "size": 1024,
                "sha256": "f" * 64,
            },
        ],
    }
    application.refresh_from_db()
    send_version(application, corrected)
    application.refresh_from_db()
    assert application.state == Application.State.IN_SCREENING

    page = client_as("screener").get(reverse("certification:screening", args=[application.pk]))
    text = page.content.decode()
    assert "ฉบับที่ 2 เทียบกับฉบับที่ 1" in text
    assert "1 รายการเปลี่ยนแปลงตั้งแต่การตรวจครั้งก่อน" in text
    assert text.count('class="tag changed"') == 1
    # The changed item shows both versions, and the judgement given then.
    item = text[text.index(f'id="c{b2.pk}"') :]
    item = item[: item.index("</fieldset>")]
    assert "คำอธิบายข้อ B2" in item and "แนบคำสั่งแต่งตั้งคณะทำงานแล้ว" in item
    assert "คำสั่งแต่งตั้ง.pdf" in item
    assert "ไม่มีเอกสารหลักฐานตามเกณฑ์" in item and "ขาดคำสั่ง" in item
    # An unchanged item starts from the judgement given then; the changed one from none.
    b1 = call.standard.criteria.get(code="B1")
    assert f'name="c{b1.pk}-complete" value="yes" checked' in text
    assert f'name="c{b2.pk}-complete" value="no" checked' not in item
    assert "ผลการตรวจครั้งก่อน" in text
