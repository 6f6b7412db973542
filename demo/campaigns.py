"""The demo's campaign surveys (issue 13 §6).

- DLA's incentive-needs survey (the founding letter's third point) of the local
  governments of Pattani and Chiang Mai: opened on the 1st of last month, closing at
  the end of next month (Bangkok days, relative to today). Most have answered, among
  them Pattani Town Municipality (sent by admin.pattanitown); Yarang is silent. The
  results are published, and the founding letter (มท 0810.7/7555) carries their QR code.
- Pattani's small staff survey of three of its local governments, open now, with a few
  anonymous staff answers; not published.

The demo world of demo/scenario.py holds only five local governments, and results show
no group under five answers, so this module adds real local governments of both
provinces (their codes illustrative, in the register's style), here only: the tests'
world (scenario.ORGANISATIONS) stays as it is. Rows are built with the models, as in
demo/correspondence.py; every answer is read through the one reading of an answer
(campaigns.questionnaire.read_answers). Running it again changes nothing: the campaigns
are found by their title and owner, the organisations by their code.
"""

import calendar
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.capabilities import may_target
from accounts.models import User
from campaigns import launching, questionnaire
from campaigns.models import Campaign, Response, Target, new_code
from correspondence import recipients
from correspondence.models import Letter
from registry.models import Organisation
from thaicalendar import dates

K = Organisation.Kind
L = Organisation.LaoType

# code, Thai name, English name, LAO type, province, district. Real local governments;
# the codes are illustrative, in the register's style.
MORE_LOCAL_GOVERNMENTS: list[tuple[str, str, str, str, str, str]] = [
    (
        "5940102",
        "เทศบาลตำบลรูสะมิแล",
        "Rusamilae Subdistrict Municipality",
        L.SUBDISTRICT_MUNICIPALITY,
        "94",
        "9401",
    ),
    (
        "5940103",
        "เทศบาลตำบลตะลุโบะ",
        "Talubo Subdistrict Municipality",
        L.SUBDISTRICT_MUNICIPALITY,
        "94",
        "9401",
    ),
    (
        "5940201",
        "เทศบาลตำบลโคกโพธิ์",
        "Khok Pho Subdistrict Municipality",
        L.SUBDISTRICT_MUNICIPALITY,
        "94",
        "9402",
    ),
    (
        "5940301",
        "เทศบาลตำบลหนองจิก",
        "Nong Chik Subdistrict Municipality",
        L.SUBDISTRICT_MUNICIPALITY,
        "94",
        "9403",
    ),
    (
        "5940401",
        "เทศบาลตำบลปะนาเระ",
        "Panare Subdistrict Municipality",
        L.SUBDISTRICT_MUNICIPALITY,
        "94",
        "9404",
    ),
    (
        "5940501",
        "เทศบาลตำบลมายอ",
        "Mayo Subdistrict Municipality",
        L.SUBDISTRICT_MUNICIPALITY,
        "94",
        "9405",
    ),
    ("4940702", "เทศบาลเมืองตะลุบัน", "Taluban Town Municipality", L.TOWN_MUNICIPALITY, "94", "9407"),
    (
        "6940104",
        "องค์การบริหารส่วนตำบลบาราเฮาะ",
        "Baraho Subdistrict Administrative Organisation",
        L.SAO,
        "94",
        "9401",
    ),
    (
        "6940105",
        "องค์การบริหารส่วนตำบลปุยุด",
        "Puyut Subdistrict Administrative Organisation",
        L.SAO,
        "94",
        "9401",
    ),
    (
        "6940106",
        "องค์การบริหารส่วนตำบลตันหยงลุโละ",
        "Tanyong Lulo Subdistrict Administrative Organisation",
        L.SAO,
        "94",
        "9401",
    ),
    (
        "6500100",
        "องค์การบริหารส่วนจังหวัดเชียงใหม่",
        "Chiang Mai Provincial Administrative Organisation",
        L.PAO,
        "50",
        "",
    ),
    ("4501401", "เทศบาลเมืองแม่โจ้", "Mae Jo Town Municipality", L.TOWN_MUNICIPALITY, "50", "5014"),
    ("4501301", "เทศบาลเมืองต้นเปา", "Ton Pao Town Municipality", L.TOWN_MUNICIPALITY, "50", "5013"),
    (
        "4500601",
        "เทศบาลเมืองเมืองแกนพัฒนา",
        "Mueang Kaen Phatthana Town Municipality",
        L.TOWN_MUNICIPALITY,
        "50",
        "5006",
    ),
    (
        "5500102",
        "เทศบาลตำบลสุเทพ",
        "Suthep Subdistrict Municipality",
        L.SUBDISTRICT_MUNICIPALITY,
        "50",
        "5001",
    ),
    (
        "5500103",
        "เทศบาลตำบลหนองหอย",
        "Nong Hoi Subdistrict Municipality",
        L.SUBDISTRICT_MUNICIPALITY,
        "50",
        "5001",
    ),
    (
        "5500701",
        "เทศบาลตำบลแม่ริม",
        "Mae Rim Subdistrict Municipality",
        L.SUBDISTRICT_MUNICIPALITY,
        "50",
        "5007",
    ),
    (
        "5501501",
        "เทศบาลตำบลหางดง",
        "Hang Dong Subdistrict Municipality",
        L.SUBDISTRICT_MUNICIPALITY,
        "50",
        "5015",
    ),
    (
        "6500104",
        "องค์การบริหารส่วนตำบลสันผีเสื้อ",
        "San Phi Suea Subdistrict Administrative Organisation",
        L.SAO,
        "50",
        "5001",
    ),
    (
        "6500702",
        "องค์การบริหารส่วนตำบลดอนแก้ว",
        "Don Kaeo Subdistrict Administrative Organisation",
        L.SAO,
        "50",
        "5007",
    ),
]
# Who has not answered the incentive-needs survey: three in Pattani, two in Chiang Mai.
SILENT = {"5941001", "6940103", "6940105", "6500702", "4500601"}
# Who sent the answer of an organisation with a demo account (the others: see _sender).
SENDERS = {"5940101": "admin.pattanitown"}

INCENTIVES_TITLE = "แบบสำรวจความต้องการสิ่งจูงใจในการขอรับการรับรองมาตรฐานศูนย์ราชการสะดวก (GECC)"
INCENTIVES_PURPOSE = (
    "กรมส่งเสริมการปกครองท้องถิ่นขอความร่วมมือองค์กรปกครองส่วนท้องถิ่นในจังหวัดปัตตานีและจังหวัดเชียงใหม่"
    "ตอบแบบสำรวจความต้องการสิ่งจูงใจ เพื่อใช้ประกอบการสร้างขวัญและกำลังใจแก่เจ้าหน้าที่"
    "ในการขอรับการรับรองมาตรฐานศูนย์ราชการสะดวก ผลการสำรวจจะเผยแพร่เป็นภาพรวมผ่าน QR Code"
)
STAFF_TITLE = "แบบสำรวจความพร้อมของเจ้าหน้าที่ในการให้บริการตามมาตรฐานศูนย์ราชการสะดวก"
STAFF_UNITS = ["5940101", "5941001", "5940201"]

# Free texts, with words that repeat on purpose: the results list the most frequent.
OBSTACLES_TEXT = [
    "งบประมาณไม่เพียงพอสำหรับปรับปรุงสถานที่ให้บริการ",
    "บุคลากรไม่เพียงพอ เจ้าหน้าที่มีภาระงานมาก",
    "สถานที่ให้บริการคับแคบ ไม่มีที่จอดรถ",
    "ขาดความรู้เรื่องเกณฑ์มาตรฐาน ต้องการการอบรม",
    "ระบบสารสนเทศไม่พร้อม อินเทอร์เน็ตช้า",
    "งบประมาณจำกัด และบุคลากรไม่เพียงพอ",
    "เจ้าหน้าที่ขาดขวัญและกำลังใจ",
]
SUGGESTIONS_TEXT = [
    "ขอให้กรมสนับสนุนงบประมาณปรับปรุงสถานที่ให้บริการ และจัดอบรมเจ้าหน้าที่เรื่องเกณฑ์มาตรฐาน",
    "ควรมีการยกย่องเชิดชูเกียรติหน่วยงานที่ผ่านการรับรอง เพื่อสร้างขวัญและกำลังใจแก่เจ้าหน้าที่",
    "ขอให้มีพี่เลี้ยงให้คำปรึกษาในการจัดทำเอกสารขอรับการรับรอง",
    "ควรนำผลการรับรองไปเป็นคะแนนในการประเมินประสิทธิภาพของท้องถิ่น",
    "ขอให้สนับสนุนงบประมาณระบบคิวและระบบสารสนเทศ",
    "",
]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=dates.BANGKOK)


def _month_start(day: date, shift: int) -> date:
    month = day.month - 1 + shift
    return date(day.year + month // 12, month % 12 + 1, 1)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def local_governments() -> dict[str, Organisation]:
    """Add the real local governments of Pattani and Chiang Mai the survey needs."""
    parents = {p: Organisation.objects.get(code=f"DLA-{p}") for p in ("94", "50")}
    found: dict[str, Organisation] = {}
    for code, name_th, name_en, lao_type, province, district in MORE_LOCAL_GOVERNMENTS:
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            org = Organisation(
                code=code,
                name_th=name_th,
                name_en=name_en,
                kind=K.LOCAL_GOVERNMENT,
                lao_type=lao_type,
                parent=parents[province],
                province_id=province,
                district_id=district or None,
            )
            org.full_clean()
            org.save()
        found[code] = org
    return found


def _own_questionnaire(campaign: Campaign, content: dict[str, Any]) -> None:
    """The campaign's own copy of its questionnaire, campaign-<pk> version 1."""
    own = dict(content, code=f"campaign-{campaign.pk}", version=1)
    campaign.questionnaire = questionnaire.store(own)
    campaign.save(update_fields=["questionnaire"])


def _read(content: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    reading = questionnaire.read_answers(
        content, questionnaire.as_form_data(content, answers), complete=True
    )
    assert reading.ok, reading.errors  # the demo's answers are answers the page takes
    return reading.answers


def incentive_answers(rng: random.Random, org: Organisation) -> dict[str, Any]:
    """A plausible answer: money wanted most by the small ones, recognition by the big."""
    small = org.lao_type in (L.SAO, L.SUBDISTRICT_MUNICIPALITY)
    pool = ["budget", "points", "training", "awards", "bonus", "morale"]
    weights = [5, 3, 4, 2, 3, 3] if small else [2, 4, 3, 4, 2, 4]
    wanted: list[str] = []
    while len(wanted) < rng.randint(2, 4):
        choice = rng.choices(pool, weights)[0]
        if choice not in wanted:
            wanted.append(choice)
    ranked = list(wanted)
    while len(ranked) < 3:
        extra = rng.choice(pool)
        if extra not in ranked:
            ranked.append(extra)
    answers: dict[str, Any] = {
        "wanted": wanted,
        "most_wanted": ranked[:3],
        "paid_or_free": rng.choices(["paid", "free", "both"], [5, 2, 3] if small else [2, 4, 3])[0],
        "motivation": rng.choices([5, 4, 3, 2], [3, 5, 3, 1])[0],
        "budget_needed": str(rng.choice([150_000, 300_000, 500_000, 800_000, 1_200_000])),
        "obstacles": sorted(
            rng.sample(["budget", "space", "staff", "it", "knowledge"], rng.randint(1, 3))
        ),
        "biggest_obstacle": rng.choice(OBSTACLES_TEXT),
        "level": rng.choices(
            ["basic", "advanced", "excellent", "none"], [5, 3, 1, 1] if small else [2, 4, 2, 0]
        )[0],
    }
    suggestion = rng.choice(SUGGESTIONS_TEXT)
    if suggestion:
        answers["suggestions"] = suggestion
    return answers


def _sender(org: Organisation) -> User | None:
    username = SENDERS.get(org.code)
    return User.objects.get(username=username) if username else None


def _incentives(today: date) -> Campaign:
    dla = Organisation.objects.get(code="DLA")
    opens_on, closes_on = _month_start(today, -1), _month_end(_month_start(today, 1))
    campaign = Campaign.objects.filter(owner=dla, title_th=INCENTIVES_TITLE).first()
    if campaign is not None:
        return campaign
    template = questionnaire.template("incentive-needs")
    groups = [
        recipients.Group(recipients.PROVINCE, province="94"),
        recipients.Group(recipients.PROVINCE, province="50"),
    ]
    ids = recipients.resolve(groups, sender=dla)
    overseer = User.objects.get(username="overseer.dla")
    launched = at(opens_on, 9, 30)
    campaign = Campaign(
        owner=dla,
        title_th=INCENTIVES_TITLE,
        title_en=template.content.get("title_en", ""),
        purpose_th=INCENTIVES_PURPOSE,
        purpose_en=(
            "DLA asks the local governments of Pattani and Chiang Mai which incentives would "
            "make them apply for the GECC standard; the results are published behind a QR code."
        ),
        audience=Campaign.Audience.ORGANISATIONS,
        questionnaire=template,
        opens_on=opens_on,
        closes_on=closes_on,
        selection=recipients.stored_selection(groups, sender=dla),
        target_count=len(ids),
        created_by=overseer,
        launched_at=launched,
        launched_by=overseer,
    )
    campaign.full_clean()
    campaign.save()
    Campaign.objects.filter(pk=campaign.pk).update(created_at=launched - timedelta(days=2))
    _own_questionnaire(campaign, template.content)
    content = campaign.questionnaire.content
    rng = random.Random(2565)
    answered_days = max(1, (today - opens_on).days)
    for org in Organisation.objects.filter(pk__in=ids).order_by("code"):
        target = Target.objects.create(campaign=campaign, organisation=org)
        if org.code in SILENT:
            continue
        sent = at(opens_on + timedelta(days=rng.randrange(answered_days)), rng.randint(8, 16))
        sender = _sender(org)
        Response.objects.create(
            campaign=campaign,
            target=target,
            questionnaire=campaign.questionnaire,
            answers=_read(content, incentive_answers(rng, org)),
            state=Response.State.SENT,
            updated_at=sent,
            updated_by=sender,
            sent_on=timezone.localdate(sent, dates.BANGKOK),
            sent_at=sent,
            sent_by=sender,
        )
        target.answered_at = sent
        target.save(update_fields=["answered_at"])
    campaign.published_at = timezone.now()
    campaign.published_by = overseer
    campaign.save(update_fields=["published_at", "published_by"])
    return campaign


STAFF_QUESTIONNAIRE: dict[str, Any] = {
    "code": "staff-readiness",
    "version": 1,
    "title_th": STAFF_TITLE,
    "title_en": "Survey of staff readiness to serve at the GECC standard",
    "sections": [
        {
            "code": "readiness",
            "th": "ความพร้อมในการให้บริการ",
            "en": "Readiness to serve",
            "questions": [
                {
                    "code": "ready",
                    "kind": "scale",
                    "required": True,
                    "th": "ท่านมีความพร้อมในการให้บริการตามมาตรฐานศูนย์ราชการสะดวกเพียงใด",
                    "en": "How ready are you to serve at the GECC standard?",
                },
                {
                    "code": "trained",
                    "kind": "single",
                    "required": True,
                    "th": "ท่านเคยได้รับการอบรมเรื่องมาตรฐานศูนย์ราชการสะดวกหรือไม่",
                    "en": "Have you been trained on the GECC standard?",
                    "choices": [
                        {"code": "yes", "th": "เคย", "en": "Yes"},
                        {"code": "no", "th": "ไม่เคย", "en": "No"},
                    ],
                },
                {
                    "code": "need",
                    "kind": "short_text",
                    "th": "สิ่งที่ท่านต้องการเพื่อให้บริการได้ดีขึ้น",
                    "en": "What would help you serve better?",
                    "max_length": 200,
                },
            ],
        }
    ],
}
STAFF_ANSWERS = [
    {"ready": 4, "trained": "yes", "need": "การอบรมเพิ่มเติม"},
    {"ready": 3, "trained": "no", "need": "การอบรมเรื่องเกณฑ์มาตรฐาน"},
    {"ready": 5, "trained": "yes"},
    {"ready": 2, "trained": "no", "need": "เจ้าหน้าที่เพิ่ม"},
    {"ready": 4, "trained": "no", "need": "ระบบคิวอัตโนมัติ"},
]


def _staff_survey(today: date) -> Campaign:
    p94 = Organisation.objects.get(code="P94")
    campaign = Campaign.objects.filter(owner=p94, title_th=STAFF_TITLE).first()
    if campaign is not None:
        return campaign
    overseer = User.objects.get(username="overseer.pattani")
    opens_on = today - timedelta(days=7)
    units = list(
        Organisation.objects.filter(may_target(p94), Q(code__in=STAFF_UNITS)).order_by("code")
    )
    launched = at(opens_on, 10)
    campaign = Campaign(
        owner=p94,
        title_th=STAFF_TITLE,
        title_en=STAFF_QUESTIONNAIRE["title_en"],
        purpose_th="จังหวัดปัตตานีสำรวจความพร้อมของเจ้าหน้าที่ผู้ให้บริการ โดยไม่ต้องระบุชื่อ",
        audience=Campaign.Audience.STAFF,
        questionnaire=questionnaire.store(STAFF_QUESTIONNAIRE),
        opens_on=opens_on,
        closes_on=today + timedelta(days=21),
        selection=recipients.stored_selection(
            [recipients.Group(recipients.CHOSEN, ids=tuple(u.pk for u in units))], sender=p94
        ),
        target_count=len(units),
        created_by=overseer,
        launched_at=launched,
        launched_by=overseer,
    )
    campaign.full_clean()
    campaign.save()
    _own_questionnaire(campaign, STAFF_QUESTIONNAIRE)
    content = campaign.questionnaire.content
    targets = [
        Target.objects.create(campaign=campaign, organisation=u, staff_code=_staff_code())
        for u in units
    ]
    # A staff answer keeps its day only, no account (campaigns/models.py Response).
    for i, answers in enumerate(STAFF_ANSWERS):
        target = targets[i % 2]  # Pattani Town and Khok Pho; Yarang's staff are silent
        day = opens_on + timedelta(days=1 + i)
        Response.objects.create(
            campaign=campaign,
            target=target,
            questionnaire=campaign.questionnaire,
            anonymous=True,
            answers=_read(content, answers),
            state=Response.State.SENT,
            sent_on=min(day, today),
        )
        if target.answered_at is None:
            target.answered_at = at(min(day, today), 0)
            target.save(update_fields=["answered_at"])
    return campaign


def _staff_code() -> str:
    code = new_code()
    while Target.objects.filter(staff_code=code).exists():
        code = new_code()
    return code


@transaction.atomic
def load(*, founding: Letter | None = None) -> dict[str, Any]:
    """Create the demo campaigns where missing; the founding letter gets the QR code of
    the incentive-needs results."""
    today = dates.bangkok_today()
    local_governments()
    incentives = _incentives(today)
    staff = _staff_survey(today)
    # Told as a launch tells them: each unit's inbox, and its administrators by e-mail
    # (the worker beside `make run` sends those). Nothing more when already told.
    for campaign in (incentives, staff):
        launching.announce.call(campaign.pk)
    if founding is not None and founding.results_campaign_id != incentives.pk:
        Letter.objects.filter(pk=founding.pk).update(results_campaign=incentives)
    return {"incentives": incentives, "staff": staff}
