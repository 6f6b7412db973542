"""Campaigns with answers, for the results' tests: DLA's incentive-needs campaign to the
local governments of Pattani (8 answered) and Chiang Mai (3 answered), and a staff
survey of Pattani Town run by Pattani province. The expected figures in the tests are
worked by hand from ANSWERS below."""

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from campaigns import questionnaire as qn
from campaigns.models import Campaign, Response, Target
from registry.models import Organisation
from thaicalendar.dates import BANGKOK, bangkok_today

K, L = Organisation.Kind, Organisation.LaoType

# (organisation code, answers). The codes not in the demo world are made here.
PATTANI: list[tuple[str, dict[str, Any]]] = [
    (
        "6940100",
        dict(
            wanted=["budget", "points"],
            most_wanted=["budget", "points", "training"],
            paid_or_free="paid",
            motivation=5,
            budget_needed="100000",
            obstacles=["budget"],
            biggest_obstacle="งบประมาณไม่พอ",
            level="advanced",
        ),
    ),
    (
        "5940101",
        dict(
            wanted=["budget"],
            most_wanted=["budget", "training", "points"],
            paid_or_free="paid",
            motivation=4,
            budget_needed="50000",
            obstacles=["budget", "staff"],
            biggest_obstacle="ขาดบุคลากร",
            level="basic",
        ),
    ),
    (
        "5941001",
        dict(
            wanted=["points", "awards"],
            most_wanted=["points", "budget", "awards"],
            paid_or_free="free",
            motivation=4,
            budget_needed="20000.5",
            obstacles=["space"],
            biggest_obstacle="สถานที่คับแคบ",
            level="basic",
        ),
    ),
    (
        "6940103",
        dict(
            wanted=["budget", "training"],
            most_wanted=["training", "budget", "points"],
            paid_or_free="both",
            motivation=3,
            obstacles=["budget", "it"],
            level="none",
            suggestions='=HYPERLINK("http://x")',
        ),
    ),
    (
        "6940191",
        dict(
            wanted=["morale"],
            most_wanted=["morale", "awards", "points"],
            paid_or_free="free",
            motivation=5,
            budget_needed="0",
            obstacles=["staff"],
            biggest_obstacle="ขาดบุคลากร",
            level="excellent",
        ),
    ),
    (
        "6940192",
        dict(
            wanted=["budget", "bonus"],
            most_wanted=["bonus", "budget", "morale"],
            paid_or_free="paid",
            motivation=2,
            budget_needed="250000",
            obstacles=["budget"],
            biggest_obstacle="งบประมาณไม่พอ",
            level="basic",
        ),
    ),
    (
        "6940193",
        dict(
            wanted=["budget"],
            most_wanted=["budget", "bonus", "training"],
            paid_or_free="paid",
            motivation=4,
            budget_needed="80000",
            obstacles=["budget", "knowledge"],
            level="advanced",
        ),
    ),
    (
        "6940194",
        dict(
            wanted=["points"],
            most_wanted=["points", "awards", "morale"],
            paid_or_free="free",
            motivation=1,
            budget_needed="10000",
            obstacles=["knowledge"],
            level="none",
        ),
    ),
]
CHIANG_MAI: list[tuple[str, dict[str, Any]]] = [
    (
        "3500101",
        dict(
            wanted=["budget", "points"],
            most_wanted=["budget", "points", "awards"],
            paid_or_free="both",
            motivation=5,
            budget_needed="500000",
            obstacles=["it"],
            biggest_obstacle="ระบบไอทีไม่พร้อม",
            level="excellent",
        ),
    ),
    (
        "6500191",
        dict(
            wanted=["training"],
            most_wanted=["training", "budget", "points"],
            paid_or_free="paid",
            motivation=3,
            budget_needed="30000",
            obstacles=["staff"],
            level="basic",
        ),
    ),
    (
        "6500192",
        dict(
            wanted=["budget"],
            most_wanted=["budget", "training", "points"],
            paid_or_free="paid",
            motivation=4,
            budget_needed="40000",
            obstacles=["budget"],
            level="basic",
        ),
    ),
]
SILENT = "6940195"  # asked in Pattani, only a draft
NEW = {
    "6940191": ("องค์การบริหารส่วนตำบลตะลุโบะ", "94", "DLA-94"),
    "6940192": ("องค์การบริหารส่วนตำบลบาราโหม", "94", "DLA-94"),
    "6940193": ("องค์การบริหารส่วนตำบลปะกาฮะรัง", "94", "DLA-94"),
    "6940194": ("องค์การบริหารส่วนตำบลรูสะมิแล", "94", "DLA-94"),
    "6940195": ("องค์การบริหารส่วนตำบลบานา ๒", "94", "DLA-94"),
    "6500191": ("องค์การบริหารส่วนตำบลสุเทพ", "50", "DLA-50"),
    "6500192": ("องค์การบริหารส่วนตำบลช้างเผือก", "50", "DLA-50"),
    "6500193": ("องค์การบริหารส่วนตำบลสันผีเสื้อ", "50", "DLA-50"),
    "6500194": ("องค์การบริหารส่วนตำบลหนองป่าครั่ง", "50", "DLA-50"),
}
# Two more Chiang Mai answers (dla_campaign(more=True)): Chiang Mai then holds 5, as
# many as the minimum group, so that a filter on either province may be shown.
MORE_CHIANG_MAI: list[tuple[str, dict[str, Any]]] = [
    ("6500193", CHIANG_MAI[1][1]),
    ("6500194", CHIANG_MAI[2][1]),
]
SENT_ON = date(2026, 7, 15)


def organisation(code: str) -> Organisation:
    found = Organisation.objects.filter(code=code).first()
    if found is not None:
        return found
    name, province, parent = NEW[code]
    return Organisation.objects.create(
        code=code,
        name_th=name,
        kind=K.LOCAL_GOVERNMENT,
        lao_type=L.SAO,
        parent=Organisation.objects.get(code=parent),
        province_id=province,
    )


def launched(
    owner: Organisation, *, audience: str = Campaign.Audience.ORGANISATIONS, **extra: Any
) -> Campaign:
    return Campaign.objects.create(
        owner=owner,
        title_th="สำรวจความต้องการสิ่งจูงใจ ๒๕๖๙",
        title_en="Incentive needs 2026",
        audience=audience,
        questionnaire=qn.template("incentive-needs"),
        opens_on=date(2026, 7, 1),
        closes_on=date(2026, 7, 31),
        launched_at=datetime(2026, 7, 1, 9, 0, tzinfo=BANGKOK),
        **extra,
    )


def send(campaign: Campaign, org: Organisation, answers: dict[str, Any]) -> Response:
    target, _ = Target.objects.get_or_create(campaign=campaign, organisation=org)
    target.answered_at = datetime(2026, 7, 15, 10, 0, tzinfo=BANGKOK)
    target.save()
    return Response.objects.create(
        campaign=campaign,
        target=target,
        questionnaire=campaign.questionnaire,
        answers=answers,
        state=Response.State.SENT,
        sent_on=SENT_ON,
        sent_at=target.answered_at,
    )


def dla_campaign(*, published: bool = False, more: bool = False) -> Campaign:
    """DLA's incentive-needs campaign: 8 sent answers in Pattani, 3 in Chiang Mai (5
    with `more`), one Pattani draft that does not count. With 8 and 3, Pattani alone is
    withheld: everyone minus Pattani would be Chiang Mai's 3."""
    campaign = launched(
        Organisation.objects.get(code="DLA"),
        published_at=timezone.now() if published else None,
    )
    for code, answers in PATTANI + CHIANG_MAI + (MORE_CHIANG_MAI if more else []):
        send(campaign, organisation(code), answers)
    silent = Target.objects.create(campaign=campaign, organisation=organisation(SILENT))
    Response.objects.create(
        campaign=campaign,
        target=silent,
        questionnaire=campaign.questionnaire,
        answers={"motivation": 1, "wanted": ["bonus"]},
    )
    campaign.target_count = campaign.targets.count()
    campaign.save()
    return campaign


STAFF_ANSWERS = [
    dict(wanted=["budget"], motivation=5, biggest_obstacle="อยากได้ห้องใหม่"),
    dict(wanted=["points"], motivation=4, biggest_obstacle="เก้าอี้ไม่พอ"),
    dict(wanted=["budget", "points"], motivation=3),
]


def staff_campaign(*, counted: int = 3, published: bool = False, open: bool = False) -> Campaign:
    """Pattani province's staff survey of Pattani Town: `counted` anonymous answers
    counted (the first three as STAFF_ANSWERS, then more like the first), one suspect,
    one rejected. Closed (its results are shown only then), unless `open`: then it
    closes 30 days from today."""
    campaign = launched(
        Organisation.objects.get(code="P94"),
        audience=Campaign.Audience.STAFF,
        published_at=timezone.now() if published else None,
        closed_at=None if open else datetime(2026, 7, 31, 17, 0, tzinfo=BANGKOK),
    )
    if open:
        campaign.closes_on = bangkok_today() + timedelta(days=30)
        campaign.save()
    target = Target.objects.create(
        campaign=campaign, organisation=organisation("5940101"), staff_code="STAFF23456"
    )
    rows = [STAFF_ANSWERS[i] if i < 3 else STAFF_ANSWERS[0] for i in range(counted)]
    statuses = [Response.Status.COUNTED] * counted + [
        Response.Status.SUSPECT,
        Response.Status.REJECTED,
    ]
    rows += [dict(wanted=["bonus"], motivation=1)] * 2
    for answers, status in zip(rows, statuses, strict=True):
        Response.objects.create(
            campaign=campaign,
            target=target,
            questionnaire=campaign.questionnaire,
            anonymous=True,
            answers=answers,
            state=Response.State.SENT,
            status=status,
            sent_on=SENT_ON,
        )
    return campaign
