"""The issue's own check, in a real Chromium on a phone-sized screen: DLA builds a
campaign from the template, asks Pattani's local governments, sees the response rate
move as Pattani Town answers in another browser, reminds the silent and publishes; the
QR code printed on a letter is decoded and opens the published results on a phone
without JavaScript; a group of three answers is not shown.

The background worker runs in the test's process between the steps that queue work
(saduak.background.run_queued_tasks), as `manage.py work` would beside the server."""

import random
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from django.core import mail
from django.utils.translation import gettext as t
from django.utils.translation import ngettext
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from accounts.models import Role, RoleAssignment, User
from campaigns import answering, questionnaire
from campaigns.models import Campaign, Target
from correspondence.models import Letterhead
from demo import campaigns as demo_campaigns
from notices.models import Notice
from registry.models import Organisation
from saduak.background import run_queued_tasks
from saduak.tests.test_browser import browser, page, policy_reports, sign_in  # noqa: F401
from thaicalendar import dates

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "แบบสำรวจความต้องการสิ่งจูงใจ จังหวัดปัตตานี"
# The test world has four local governments in Pattani; two more, each with its
# administrator, make the campaign ask six, so that five answers can be reached.
MORE = {"5940501": "admin.mayo", "4940702": "admin.taluban", "6940103": "admin.bana"}


def more_local_governments() -> None:
    dla_94 = Organisation.objects.get(code="DLA-94")
    for (
        code,
        name_th,
        name_en,
        lao_type,
        province,
        district,
    ) in demo_campaigns.MORE_LOCAL_GOVERNMENTS:
        if code in MORE and not Organisation.objects.filter(code=code).exists():
            Organisation.objects.create(
                code=code,
                name_th=name_th,
                name_en=name_en,
                kind=Organisation.Kind.LOCAL_GOVERNMENT,
                lao_type=lao_type,
                parent=dla_94,
                province_id=province,
                district_id=district or None,
            )
    for code, username in MORE.items():
        user = User.objects.create_user(username, email=f"{username}@demo.saduak.local")
        RoleAssignment.objects.create(
            user=user, role=Role.UNIT_ADMIN, organisation=Organisation.objects.get(code=code)
        )
    Letterhead.objects.create(
        organisation=Organisation.objects.get(code="DLA"),
        letter_code="มท 0810.7",
        address="ถนนนครราชสีมา เขตดุสิต กรุงเทพฯ 10300",
    )


def answer_directly(campaign: Campaign, code: str) -> None:
    """An answer sent by the unit's administrator through the service the page calls
    (campaigns.answering.send), for speed: the page itself is driven for Pattani Town."""
    target = Target.objects.get(campaign=campaign, organisation__code=code)
    content = campaign.questionnaire.content
    answers = demo_campaigns.incentive_answers(random.Random(code), target.organisation)
    answering.send(
        user=User.objects.get(username=MORE.get(code, "admin.yarang")),
        target=target,
        data=questionnaire.as_form_data(content, answers),
        revision=0,
    )


def rate(answered: int, asked: int, shown: str) -> str:
    return ngettext(
        "%(answered)s of %(asked)s organisation asked has answered: %(rate)s %%",
        "%(answered)s of %(asked)s organisations asked have answered: %(rate)s %%",
        asked,
    ) % {"answered": answered, "asked": asked, "rate": shown}


def typed(day: Any) -> str:
    return f"{day.day}/{day.month}/{day.year + 543}"


def qr_codes(pdf: bytes, tmp_path: Path) -> list[str]:
    source = tmp_path / "letter.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(source), str(tmp_path / "p")], check=True)
    return [
        str(code.text)
        for png in sorted(tmp_path.glob("p-*.png"))
        for code in zxingcpp.read_barcodes(Image.open(png).convert("L"))
    ]


def test_dla_asks_pattani_follows_reminds_and_publishes_on_a_letters_qr_code(
    page: Page,  # noqa: F811
    browser: Browser,  # noqa: F811
    live_server: Any,
    tmp_path: Path,
) -> None:
    more_local_governments()
    today = dates.bangkok_today()
    refused: list[str] = []  # what the policies refused in the other browsers

    # 1. DLA's overseer builds the campaign from the template and asks Pattani's LGs.
    sign_in(page, "overseer.dla")
    page.goto("/campaigns/")
    page.get_by_role("link", name=t("New campaign survey")).click()
    page.get_by_label(t("Title (Thai)")).fill(TITLE)
    page.get_by_label(t("Start from the incentive-needs survey")).check()
    page.get_by_label(t("Opens on")).fill(typed(today))
    page.get_by_label(t("Closes on")).fill(typed(today.replace(year=today.year + 1)))
    page.get_by_role("button", name=t("Create the draft")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    campaign = Campaign.objects.get(title_th=TITLE)

    page.get_by_role("link", name=t("Choose whom to ask")).click()
    page.get_by_text(t("Every local government of a province")).click()
    page.get_by_label("ปัตตานี", exact=True).check()
    expect(page.locator("#target-count")).to_contain_text("6")
    page.get_by_role("button", name=t("Save the choice")).click()
    page.get_by_role("link", name=t("Launch…")).click()
    page.get_by_role("button", name=t("Launch the campaign")).click()
    expect(page.locator("main")).to_contain_text(
        t("Campaign launched: %(count)s organisations are being told.") % {"count": 6}
    )
    run_queued_tasks()  # the worker tells every local government asked
    told = Notice.objects.filter(campaign=campaign, kind=Notice.Kind.NEW_CAMPAIGN)
    assert told.filter(organisation__code="5940101", channel=Notice.Channel.INBOX).exists()
    page.reload()
    expect(page.locator("main")).to_contain_text(
        t("%(told)s of %(count)s") % {"told": 6, "count": 6}
    )

    # 2. DLA follows the answers while Pattani Town answers in another browser.
    page.clock.install()  # htmx's poll every 30 s, without waiting 30 s
    page.get_by_role("link", name=t("Response rate and the silent")).click()
    overall = page.locator("#overall")
    expect(overall).to_have_text(rate(0, 6, "0.0"))

    town = browser.new_context(viewport={"width": 390, "height": 800}, base_url=live_server.url)
    town.set_default_timeout(10_000)
    clerk = town.new_page()
    refused_town = policy_reports(clerk)
    sign_in(clerk, "admin.pattanitown")
    clerk.locator("#campaigns-heading + ul").get_by_role("link", name=TITLE).click()

    def question(text: str) -> Any:
        return clerk.get_by_role("group", name=re.compile("^" + re.escape(text)))

    wanted = question("สิ่งจูงใจใดที่จะทำให้หน่วยงานของท่าน")
    wanted.get_by_label("การสนับสนุนงบประมาณ").check()
    wanted.get_by_label("การฝึกอบรมและการให้คำปรึกษาแนะนำ").check()
    for place, choice in enumerate(
        ["การสนับสนุนงบประมาณ", "การฝึกอบรมและการให้คำปรึกษาแนะนำ", "การยกย่องเชิดชูเกียรติและรางวัล"],
        start=1,
    ):
        clerk.get_by_label(t("Ranking place %(n)s") % {"n": place}).select_option(label=choice)
    question("หน่วยงานของท่านให้ความสำคัญ").get_by_label("สิ่งจูงใจที่มีค่าใช้จ่าย", exact=False).check()
    question("หากได้รับสิ่งจูงใจ").get_by_label(f"4 {t('Much')}").check()
    clerk.get_by_label("งบประมาณที่ต้องการ").fill("350000")
    question("อุปสรรคในการขอรับ").get_by_label("บุคลากรไม่เพียงพอ").check()
    clerk.get_by_label("อุปสรรคสำคัญที่สุด").fill("ขาดเจ้าหน้าที่ประจำศูนย์")
    question("ระดับการรับรองมาตรฐาน").get_by_label("ระดับก้าวหน้า").check()
    clerk.get_by_role("button", name=t("Save draft")).click()
    # The draft kept, the long text added later, then sent with its confirmation.
    expect(clerk.get_by_label("อุปสรรคสำคัญที่สุด")).to_have_value("ขาดเจ้าหน้าที่ประจำศูนย์")
    clerk.get_by_label("ข้อเสนอแนะเพิ่มเติม").fill("ขอให้มีการอบรมเจ้าหน้าที่\nในพื้นที่จังหวัด")
    clerk.get_by_role("button", name=t("Send the response…")).click()
    expect(clerk.get_by_role("heading", level=1)).to_have_text(t("Send the response?"))
    expect(clerk.locator("main")).to_contain_text("ขาดเจ้าหน้าที่ประจำศูนย์")
    clerk.get_by_role("button", name=t("Yes, send it")).click()
    expect(clerk.get_by_role("heading", name=t("Sent"))).to_be_visible()

    # DLA's page learns it by itself, when htmx polls again.
    page.clock.run_for(31_000)
    expect(overall).to_have_text(rate(1, 6, "16.7"))

    # 3. DLA reminds the silent: their inboxes, and e-mails through the worker. (The
    # button's count is the page's as loaded: the poll refreshes the figures only.)
    page.reload()
    stale = page.context.new_page()  # a second tab, opened before the reminder
    refused_stale = policy_reports(stale)
    stale.goto(page.url)
    mail.outbox.clear()
    silent = ngettext(
        "Remind the %(n)s silent organisation", "Remind the %(n)s silent organisations", 5
    ) % {"n": 5}
    page.get_by_role("button", name=silent).click()
    expect(page.locator("main")).to_contain_text(
        t("Reminded %(count)s organisations. The e-mails are on their way.") % {"count": 5}
    )
    reminded = Notice.objects.filter(
        campaign=campaign, kind=Notice.Kind.CAMPAIGN_REMINDER, channel=Notice.Channel.INBOX
    )
    assert set(reminded.values_list("organisation__code", flat=True)) == {
        "6940100",
        "5941001",
        "6940103",
        "5940501",
        "4940702",
    }
    run_queued_tasks()
    assert {m.to[0] for m in mail.outbox} == {
        f"{u}@demo.saduak.local" for u in ["admin.yarang", *MORE.values()]
    }
    yarang = Target.objects.get(campaign=campaign, organisation__code="5941001")
    to_yarang = next(m for m in mail.outbox if m.to == ["admin.yarang@demo.saduak.local"])
    assert TITLE in to_yarang.subject and yarang.get_absolute_url() in to_yarang.body
    stale.get_by_role("button", name=silent).click()
    expect(stale.locator("main")).to_contain_text(
        t(
            "The silent organisations were already reminded today. Remind them again "
            "tomorrow if they still have not answered."
        )
    )
    assert reminded.count() == 5  # nothing more stored

    # 4. Three answers are too few to show, on the results page and the public one.
    answer_directly(campaign, "5941001")
    answer_directly(campaign, "5940501")
    page.goto(f"/campaigns/{campaign.pk}/")
    page.get_by_role("link", name=t("Results"), exact=True).click()
    expect(page.locator("main")).to_contain_text(t("Too few answers to show"))
    expect(page.locator("main table")).to_have_count(0)
    page.goto(f"/campaigns/{campaign.pk}/")
    page.get_by_role("link", name=t("Publication of the results")).click()
    page.get_by_role("link", name=t("Publish the results…")).click()
    page.get_by_role("button", name=t("Yes, publish them")).click()
    expect(page.locator("main")).to_contain_text(t("Published:"))
    public = f"/r/{campaign.public_code}/"
    page.goto(public)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("body")).to_contain_text(t("Too few answers to show"))
    expect(page.locator("table")).to_have_count(0)

    # Five answers: the figures show.
    answer_directly(campaign, "4940702")
    answer_directly(campaign, "6940103")
    page.goto(f"/campaigns/{campaign.pk}/results/")
    # (The breakdown by kind still says "too few" for each kind: fewer than 5 each.)
    expect(page.locator("main .too-few")).to_have_count(0)
    wanted_result = page.locator("section.result", has_text="สิ่งจูงใจใดที่จะทำให้หน่วยงานของท่าน")
    expect(wanted_result.locator("table")).to_contain_text("การสนับสนุนงบประมาณ")

    # 5. DLA's clerk writes a letter carrying the results' QR code; it opens on a phone.
    page.context.clear_cookies()
    sign_in(page, "clerk.dla")
    page.goto("/letters/new/")
    page.get_by_role("button", name=t("Start the draft")).click()
    page.get_by_label(t("Subject (เรื่อง)"), exact=True).fill("ผลการสำรวจความต้องการสิ่งจูงใจ")
    page.get_by_label(t("Salutation (เรียน)")).fill("ผู้ว่าราชการจังหวัดปัตตานี")
    page.get_by_label(t("Body"), exact=True).fill("กรมขอแจ้งผลการสำรวจตามรหัสคิวอาร์ท้ายหนังสือนี้")
    page.get_by_label(t("QR code of a campaign survey's results")).select_option(label=TITLE)
    page.get_by_role("button", name=t("Save draft")).first.click()
    letter_page = page.url
    pdf = page.request.get(
        page.get_by_role("link", name=t("PDF (official form)")).get_attribute("href") or ""
    )
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    codes = qr_codes(pdf.body(), tmp_path)
    assert codes == [f"{live_server.url}{public}"], (codes, letter_page)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    reader = phone.new_page()
    refused_phone = policy_reports(reader)
    reader.goto(codes[0])
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator("body")).to_contain_text(
        ngettext("%(n)s answer counted.", "%(n)s answers counted.", 5) % {"n": 5}
    )
    level = reader.locator("section.result", has_text="ระดับการรับรองมาตรฐาน").locator("table")
    expect(level).to_contain_text("ระดับก้าวหน้า")
    expect(level.locator("td.num").first).to_have_text(re.compile(r"^\d+$"))
    wider = reader.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wider <= 0, f"the public page is {wider} px wider than the phone"
    phone.close()
    town.close()

    refused += refused_town + refused_stale + refused_phone
    assert refused == []
