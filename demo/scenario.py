"""The demo scenario: the founding circular's world (DOMAIN.md §1, §5) in miniature.

Codes of the local governments are illustrative, not DLA's real ones. Running it again
changes nothing: every object is found by its code or username first.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count

from accounts.models import Role, RoleAssignment, User
from registry.models import Counter, Organisation, ServiceCentre
from thaicalendar import dates

DEMO_PASSWORD = "saduak-demo-2569"
K = Organisation.Kind
L = Organisation.LaoType

# code, Thai name, English name, kind, LAO type, parent code, province, district
ORGANISATIONS: list[tuple[str, str, str, str, str, str, str, str]] = [
    (
        "OPSPMO",
        "สำนักงานปลัดสำนักนายกรัฐมนตรี",
        "Office of the Permanent Secretary, Prime Minister's Office",
        K.OPS_PMO,
        "",
        "",
        "10",
        "",
    ),
    ("MOI", "กระทรวงมหาดไทย", "Ministry of Interior", K.MINISTRY, "", "", "10", ""),
    (
        "DLA",
        "กรมส่งเสริมการปกครองท้องถิ่น",
        "Department of Local Administration",
        K.DEPARTMENT,
        "",
        "MOI",
        "10",
        "",
    ),
    ("P94", "จังหวัดปัตตานี", "Pattani Province", K.PROVINCE, "", "MOI", "94", ""),
    (
        "DLA-94",
        "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดปัตตานี",
        "Pattani Provincial Office for Local Administration",
        K.PROVINCIAL_OFFICE,
        "",
        "DLA",
        "94",
        "9401",
    ),
    ("D9401", "อำเภอเมืองปัตตานี", "Mueang Pattani District", K.DISTRICT, "", "P94", "94", "9401"),
    (
        "6940100",
        "องค์การบริหารส่วนจังหวัดปัตตานี",
        "Pattani Provincial Administrative Organisation",
        K.LOCAL_GOVERNMENT,
        L.PAO,
        "DLA-94",
        "94",
        "",
    ),
    (
        "5940101",
        "เทศบาลเมืองปัตตานี",
        "Pattani Town Municipality",
        K.LOCAL_GOVERNMENT,
        L.TOWN_MUNICIPALITY,
        "DLA-94",
        "94",
        "9401",
    ),
    (
        "5941001",
        "เทศบาลตำบลยะรัง",
        "Yarang Subdistrict Municipality",
        K.LOCAL_GOVERNMENT,
        L.SUBDISTRICT_MUNICIPALITY,
        "DLA-94",
        "94",
        "9410",
    ),
    (
        "6940103",
        "องค์การบริหารส่วนตำบลบานา",
        "Bana Subdistrict Administrative Organisation",
        K.LOCAL_GOVERNMENT,
        L.SAO,
        "DLA-94",
        "94",
        "9401",
    ),
    ("P50", "จังหวัดเชียงใหม่", "Chiang Mai Province", K.PROVINCE, "", "MOI", "50", ""),
    (
        "DLA-50",
        "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่",
        "Chiang Mai Provincial Office for Local Administration",
        K.PROVINCIAL_OFFICE,
        "",
        "DLA",
        "50",
        "5001",
    ),
    (
        "3500101",
        "เทศบาลนครเชียงใหม่",
        "Chiang Mai City Municipality",
        K.LOCAL_GOVERNMENT,
        L.CITY_MUNICIPALITY,
        "DLA-50",
        "50",
        "5001",
    ),
    ("MOPH", "กระทรวงสาธารณสุข", "Ministry of Public Health", K.MINISTRY, "", "", "10", ""),
    (
        "PHO-94",
        "สำนักงานสาธารณสุขจังหวัดปัตตานี",
        "Pattani Provincial Public Health Office",
        K.PROVINCIAL_OFFICE,
        "",
        "MOPH",
        "94",
        "9401",
    ),
]

# organisation code, Thai name, English name, counters (Thai, English). Where each stands
# towards the standard comes from its applications and certificates (demo/certification.py).
CENTRES: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "5940101",
        "ศูนย์ราชการสะดวก เทศบาลเมืองปัตตานี",
        "GECC Pattani Town Municipality",
        [("งานทะเบียนราษฎร", "Civil registration"), ("งานจัดเก็บรายได้", "Revenue collection")],
    ),
    (
        "5941001",
        "จุดบริการประชาชน เทศบาลตำบลยะรัง",
        "Yarang service point",
        [("งานทะเบียนราษฎร", "Civil registration")],
    ),
    (
        "3500101",
        "ศูนย์ราชการสะดวก เทศบาลนครเชียงใหม่",
        "GECC Chiang Mai City Municipality",
        [
            ("งานทะเบียนราษฎร", "Civil registration"),
            ("งานพัสดุ", "Procurement"),
            ("งานรับเรื่องร้องเรียน", "Complaints"),
        ],
    ),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation_code: str
    note: str


ACCOUNTS = [
    DemoAccount(
        "opsadmin",
        "สมศรี",
        "ผู้ดูแลระบบ",
        Role.OPS_ADMIN,
        "OPSPMO",
        "OPS PMO administrator: everything",
    ),
    DemoAccount(
        "screener",
        "วิไล",
        "ตรวจเอกสาร",
        Role.SCREENER,
        "OPSPMO",
        "document screener: reads only the applications assigned to it",
    ),
    DemoAccount(
        "assessor",
        "ประเสริฐ",
        "ตรวจประเมิน",
        Role.ASSESSOR,
        "OPSPMO",
        "assessor, OPS PMO's secretary on team 1: reads only its teams' applications",
    ),
    DemoAccount(
        "chair.team1",
        "วีระ",
        "ประธานคณะที่หนึ่ง",
        Role.ASSESSOR,
        "OPSPMO",
        "chair of assessment team 1: reads only its teams' applications",
    ),
    DemoAccount(
        "reviewer",
        "กมล",
        "ตรวจรายงาน",
        Role.REVIEWER,
        "OPSPMO",
        "report reviewer at OPS PMO: returns or accepts maintenance reports",
    ),
    DemoAccount(
        "overseer.dla",
        "อนุชา",
        "กำกับท้องถิ่น",
        Role.OVERSEER,
        "DLA",
        "overseer of DLA: its units in every province",
    ),
    DemoAccount(
        "overseer.pattani",
        "ซูไฮมี",
        "ดูแลจังหวัด",
        Role.OVERSEER,
        "P94",
        "overseer of Pattani province: every unit on Pattani's soil",
    ),
    DemoAccount(
        "overseer.chiangmai",
        "ดวงใจ",
        "ดูแลจังหวัด",
        Role.OVERSEER,
        "P50",
        "overseer of Chiang Mai province (contrast)",
    ),
    DemoAccount(
        "admin.pattanitown",
        "รอฮานี",
        "ผู้ดูแลหน่วยงาน",
        Role.UNIT_ADMIN,
        "5940101",
        "unit administrator, Pattani Town Municipality",
    ),
    DemoAccount(
        "staff.pattanitown",
        "อาห์หมัด",
        "เจ้าหน้าที่ศูนย์",
        Role.CENTRE_STAFF,
        "5940101",
        "centre staff, Pattani Town Municipality",
    ),
    DemoAccount(
        "admin.yarang",
        "สุกรี",
        "ผู้ดูแลหน่วยงาน",
        Role.UNIT_ADMIN,
        "5941001",
        "unit administrator, Yarang Subdistrict Municipality (a neighbour of Pattani Town)",
    ),
    DemoAccount(
        "clerk.dla",
        "มาลี",
        "งานสารบรรณ",
        Role.CLERK,
        "DLA",
        (
            "correspondence officer of DLA: writes and sends DLA's letters; try the outbox: "
            "the founding letter มท 0810.7/7555, its cascade down Pattani, who is silent"
        ),
    ),
    DemoAccount(
        "clerk.pattani",
        "นูรีซัน",
        "งานสารบรรณ",
        Role.CLERK,
        "P94",
        (
            "correspondence officer of Pattani province: receives and forwards its letters; "
            "try the inbox: acknowledge DLA's new circular, see the founding letter and "
            "Pattani's forward ปน 0023.3/ว 2110"
        ),
    ),
]


@transaction.atomic
def load(*, standing: bool = True) -> dict[str, Any]:
    """Create the scenario where missing. Returns what exists, for printing. With
    `standing`, the centres' standing as the registry had it before certification (the
    test world's); without, demo/certification.py tells certification's story."""
    orgs: dict[str, Organisation] = {}
    for code, name_th, name_en, kind, lao_type, parent, province, district in ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            code=code,
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "kind": kind,
                "lao_type": lao_type,
                "parent": orgs.get(parent),
                "province_id": province or None,
                "district_id": district or None,
            },
        )
        orgs[code] = org
    for code, name_th, name_en, counters in CENTRES:
        centre, _ = ServiceCentre.objects.get_or_create(
            organisation=orgs[code], name_th=name_th, defaults={"name_en": name_en}
        )
        for number, (service_th, service_en) in enumerate(counters, start=1):
            Counter.objects.get_or_create(
                centre=centre,
                number=number,
                defaults={"name_th": service_th, "name_en": service_en},
            )
    for account in ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username,
                first_name=account.first_name,
                last_name=account.last_name,
                email=f"{account.username}@demo.saduak.local",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        RoleAssignment.objects.get_or_create(
            user=user, role=account.role, organisation=orgs[account.organisation_code]
        )
    if standing:
        from demo import certification  # needs the accounts above

        certification.load_world_standing()
    return {"organisations": orgs, "accounts": ACCOUNTS}


def open_rounds() -> list[Any]:
    """The rounds of the demo: FY2565's, as in the founding circular (long past its
    deadline, so a report sent now is late), and the current fiscal year's, open."""
    from maintenance import services  # the registry part above must not need reports
    from maintenance.models import Round

    ops = User.objects.get(username="opsadmin")
    today = dates.bangkok_today()
    current = dates.fiscal_year(today)
    opened = []
    for fiscal_year in sorted({2565, current}):
        for months in (6, 12):
            period = dates.round_for(fiscal_year, months)
            if not Round.objects.filter(fiscal_year=fiscal_year, months=months).exists():
                services.set_round(
                    actor=ops, fiscal_year=fiscal_year, months=months, deadline=period.deadline
                )
        six = Round.objects.get(fiscal_year=fiscal_year, months=6)
        services.open_round(actor=ops, rnd=six)
        opened.append(six)
    return opened


def sample_answers(*, per_centre: int = 120, seed: int = 2565) -> int:
    """Citizens' answers at the demo's centres in programme, spread over the current
    round so far, so the statistics and the round report have something to show."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from certification.selectors import centres_owing_reports
    from survey import tallies
    from survey.models import Response
    from survey.questionnaire import current

    if Response.objects.exists():
        return 0
    rng = random.Random(seed)
    questionnaire = current()
    codes = questionnaire.item_codes
    comments = [
        "เจ้าหน้าที่บริการดี รวดเร็ว",
        "ที่จอดรถไม่พอ",
        "อยากให้มีบริการวันเสาร์",
        "ห้องน้ำสะอาด เจ้าหน้าที่สุภาพ",
        "รอคิวนาน ที่จอดรถไม่พอ",
        "",
        "",
    ]
    now = timezone.now()
    made = 0
    weights = [2, 3, 10, 35, 50]
    owing = centres_owing_reports(dates.bangkok_today())
    counters = (
        Counter.objects.filter(centre__in=owing)
        .select_related("centre")
        .annotate(siblings=Count("centre__counters"))
    )
    for counter in counters:
        for _ in range(per_centre // max(1, counter.siblings)):
            scores = "".join(str(rng.choices([1, 2, 3, 4, 5], weights)[0]) for _ in codes)
            response = Response.objects.create(
                counter=counter,
                centre=counter.centre,
                questionnaire=questionnaire,
                submitted_at=now - timedelta(days=rng.randint(0, 50), minutes=rng.randint(0, 600)),
                scores=scores,
                respondent={"sex": rng.choice("mf"), "age": f"a{rng.randint(1, 6)}"},
                comment=rng.choice(comments),
            )
            tallies.count(response)
            made += 1
    return made
