"""The demo's certification (issue 11 §9), told in the order it happened.

- FY2561: Pattani PAO's centre is certified at the basic level; the certificate has
  long expired.
- FY2565, the founding circular's year: Pattani Town Municipality applies at the basic
  level, is returned once for a missing document, corrects it, passes screening, is
  visited by team 1, scored, and certified: GECC-2565-0001. Yarang's application is
  not eligible.
- FY2568: Chiang Mai City Municipality is certified at the advanced level (valid
  today); Bana's certificate is issued, then revoked.
- The current fiscal year's call is open: an application in each live state (draft,
  sent, in screening, returned, visit scheduled with team 1's scorebooks open,
  assessed). Bana has none, so with its certificate revoked it owes no report.

Rows are built directly with the models (each `full_clean()`), not through the
services: this is a record of what happened, dated in the past. Running it again
changes nothing: every application is found by its call and centre first.

The test suite's `world` does not load this story: it would collide with the calls and
applications each test makes for itself. `scenario.load()` gives the world instead the
standing the registry had before certification lived in Saduak (`load_world_standing`):
Pattani Town Municipality and Chiang Mai City Municipality each hold a certificate
carried over from the status typed by hand, as migration certification 0003 would have
made it, so both owe maintenance reports and no call or application exists.
"""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from accounts.models import User
from certification.models import (
    Application,
    ApplicationItem,
    ApplicationVersion,
    AssessmentTeam,
    Call,
    Certificate,
    CertificateEvent,
    CertificateSequence,
    Decision,
    ItemScreening,
    Score,
    ScreeningReason,
    TeamMember,
)
from registry.models import Organisation, ServiceCentre
from standards.models import Criterion, Level, Standard
from standards.selectors import standard_for_year
from thaicalendar import dates

K = Organisation.Kind
L = Organisation.LaoType

# Organisations and centres the story needs beyond the registry's demo (scenario.py).
# code, Thai name, English name, kind, LAO type, parent code, province, district
MORE_ORGANISATIONS = [
    (
        "6500100",
        "องค์การบริหารส่วนจังหวัดเชียงใหม่",
        "Chiang Mai Provincial Administrative Organisation",
        K.LOCAL_GOVERNMENT,
        L.PAO,
        "DLA-50",
        "50",
        "",
    ),
    (
        "5500701",
        "เทศบาลตำบลแม่ริม",
        "Mae Rim Subdistrict Municipality",
        K.LOCAL_GOVERNMENT,
        L.SUBDISTRICT_MUNICIPALITY,
        "DLA-50",
        "50",
        "5007",
    ),
    (
        "6940104",
        "องค์การบริหารส่วนตำบลบาราโหม",
        "Baromo Subdistrict Administrative Organisation",
        K.LOCAL_GOVERNMENT,
        L.SAO,
        "DLA-94",
        "94",
        "9401",
    ),
    (
        "6940105",
        "องค์การบริหารส่วนตำบลปะกาฮะรัง",
        "Pakaharang Subdistrict Administrative Organisation",
        K.LOCAL_GOVERNMENT,
        L.SAO,
        "DLA-94",
        "94",
        "9401",
    ),
]
# organisation code: (Thai name, English name) of its centre
MORE_CENTRES = {
    "6940100": ("ศูนย์ราชการสะดวก องค์การบริหารส่วนจังหวัดปัตตานี", "GECC Pattani PAO"),
    "6940103": ("จุดบริการประชาชน องค์การบริหารส่วนตำบลบานา", "Bana service point"),
    "6500100": ("ศูนย์ราชการสะดวก องค์การบริหารส่วนจังหวัดเชียงใหม่", "GECC Chiang Mai PAO"),
    "5500701": ("จุดบริการประชาชน เทศบาลตำบลแม่ริม", "Mae Rim service point"),
    "6940104": ("จุดบริการประชาชน องค์การบริหารส่วนตำบลบาราโหม", "Baromo service point"),
    "6940105": ("จุดบริการประชาชน องค์การบริหารส่วนตำบลปะกาฮะรัง", "Pakaharang service point"),
}
# Reasons of the screening catalogue (the starter catalogue's codes and texts), made
# only if the catalogue lacks them.
MISSING_DOCUMENT = ("R01", "ไม่มีเอกสารหลักฐานตามเกณฑ์", "A required document is missing")
NOT_ELIGIBLE = (
    "R08",
    "หน่วยงานไม่มีคุณสมบัติตามประกาศรับสมัคร",
    "The unit does not meet the call's eligibility terms",
)
# Outside experts of team 1, recorded by name.
OUTSIDE = {
    TeamMember.Seat.EXPERT: "รศ.ดร.มาลี ศรีวิชัย",
    TeamMember.Seat.OPDC: "นายธนพล ใจดี (สำนักงาน ก.พ.ร.)",
}


def at(be_year: int, month: int, day: int, hour: int = 10) -> datetime:
    """A moment in Bangkok, given its BE year."""
    return datetime.combine(date(be_year - 543, month, day), time(hour), tzinfo=dates.BANGKOK)


def day(be_year: int, month: int, day_: int) -> date:
    return date(be_year - 543, month, day_)


def _saved(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _standard() -> Standard:
    """The FY2565 standard, which a migration loads (and a test that flushed the tables
    may have taken away: then it is loaded again, as the migration does)."""
    standard = standard_for_year(2565)
    if standard is None:
        from standards.loader import DEFAULT_FILE, check_path
        from standards.services import publish_checked

        standard, _ = publish_checked(actor=None, checked=check_path(DEFAULT_FILE))
    return standard


def _level(standard: Standard, code: str) -> Level:
    return Level.objects.get(standard=standard, code=code)


def _centre(code: str) -> ServiceCentre:
    centre = ServiceCentre.objects.filter(organisation__code=code).order_by("pk").first()
    assert centre is not None, code
    return centre


# --- calls --------------------------------------------------------------------------------


def _call(fiscal_year: int, state: str, **dated: date) -> Call:
    call = Call.objects.filter(fiscal_year=fiscal_year).first()
    if call is not None:
        return call
    standard = _standard()
    call = _saved(
        Call(
            fiscal_year=fiscal_year,
            standard=standard,
            state=state,
            opened_at=datetime.combine(dated["applications_open"], time(9), tzinfo=dates.BANGKOK),
            opened_by=_user("opsadmin"),
            **dated,
        )
    )
    call.levels.set(standard.levels.all())
    return call


def _past_call(fiscal_year: int, state: str) -> Call:
    """A call of an earlier year, dated as the programme runs them (DOMAIN.md §2)."""
    return _call(
        fiscal_year,
        state,
        applications_open=day(fiscal_year, 1, 1),
        applications_close=day(fiscal_year, 2, 28),
        screening_deadline=day(fiscal_year, 3, 31),
        visits_from=day(fiscal_year, 5, 1),
        visits_until=day(fiscal_year, 7, 31),
        decision_on=day(fiscal_year, 8, 25),
    )


def current_call() -> Call:
    """This fiscal year's call, open: its window runs from the start of the year to the
    end of February."""
    fiscal_year = dates.fiscal_year(dates.bangkok_today())
    start, end = dates.fiscal_year_bounds(fiscal_year)
    return _call(
        fiscal_year,
        Call.State.OPEN,
        applications_open=start,
        applications_close=date(end.year, 2, 28),
        screening_deadline=date(end.year, 3, 31),
        visits_from=date(end.year, 4, 1),
        visits_until=date(end.year, 6, 30),
        decision_on=date(end.year, 8, 31),
    )


# --- applications -------------------------------------------------------------------------


def _criteria(standard: Standard) -> list[Criterion]:
    return list(standard.criteria.order_by("order"))


def _self_score(criterion: Criterion, share: Decimal) -> Decimal | None:
    if criterion.max_points is None:
        return None
    return (criterion.max_points * share).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _apply(
    call: Call, centre_code: str, level_code: str, *, by: str, share: Decimal = Decimal("0.8")
) -> tuple[Application, bool]:
    """The centre's application in the call (found, or made as a draft with every item
    answered). Returns it and whether it was made now."""
    centre = _centre(centre_code)
    existing = Application.objects.filter(call=call, centre=centre).first()
    if existing is not None:
        return existing, False
    application = _saved(
        Application(
            call=call,
            centre=centre,
            level=_level(call.standard, level_code),
            created_by=_user(by),
        )
    )
    for criterion in _criteria(call.standard):
        _saved(
            ApplicationItem(
                application=application,
                criterion=criterion,
                met=True if criterion.max_points is None else None,
                self_score=_self_score(criterion, share),
                comment="แนบภาพถ่ายและคำสั่งแต่งตั้งคณะทำงาน",
            )
        )
    return application, True


def _content(application: Application, *, without: str = "") -> dict[str, Any]:
    """What a sending freezes: every item, and its evidence as a link."""
    content: dict[str, Any] = {}
    for item in application.items.select_related("criterion").order_by("criterion__order"):
        code = item.criterion.code
        evidence = [] if code == without else [{"link": f"https://example.go.th/gecc/{code}"}]
        content[code] = {
            "met": item.met,
            "self_score": None if item.self_score is None else str(item.self_score),
            "comment": item.comment,
            "evidence": evidence,
        }
    return content


def _send(application: Application, when: datetime, *, without: str = "") -> ApplicationVersion:
    number = application.versions.count() + 1
    version = _saved(
        ApplicationVersion(
            application=application,
            number=number,
            content=_content(application, without=without),
            sent_at=when,
            sent_by=application.created_by,
        )
    )
    if application.first_sent_at is None:
        application.first_sent_at = when
    application.state = Application.State.SENT
    _saved(application)
    return version


def _reason(code: str, text_th: str, text_en: str) -> ScreeningReason:
    reason, _ = ScreeningReason.objects.get_or_create(
        code=code, defaults={"text_th": text_th, "text_en": text_en}
    )
    return reason


def _screen(
    version: ApplicationVersion,
    outcome: str,
    when: datetime,
    *,
    incomplete: dict[str, str] | None = None,
    reason: ScreeningReason | None = None,
    note: str = "",
) -> None:
    """The screener's judgement of every item of the version, and the outcome."""
    incomplete = incomplete or {}
    screener = _user("screener")
    for criterion in _criteria(version.application.call.standard):
        item = _saved(
            ItemScreening(
                version=version,
                criterion=criterion,
                complete=criterion.code not in incomplete,
                note=incomplete.get(criterion.code, ""),
            )
        )
        if criterion.code in incomplete and reason is not None:
            item.reasons.add(reason)
    version.outcome = outcome
    version.screened_at = when
    version.screened_by = screener
    version.outcome_note = note
    _saved(version)
    if reason is not None:
        version.outcome_reasons.add(reason)


# --- teams and scores ---------------------------------------------------------------------


def team_one(call: Call) -> AssessmentTeam:
    """Team 1 of the call: chair.team1 in the chair, two outside experts by name, and
    the assessor as OPS PMO's secretary."""
    team, made = AssessmentTeam.objects.get_or_create(call=call, number=1)
    if made:
        _saved(TeamMember(team=team, seat=TeamMember.Seat.CHAIR, user=_user("chair.team1")))
        for seat, name in OUTSIDE.items():
            _saved(TeamMember(team=team, seat=seat, outside_name=name))
        _saved(TeamMember(team=team, seat=TeamMember.Seat.SECRETARY, user=_user("assessor")))
    return team


def _assess(application: Application, team: AssessmentTeam, visit: date, share: Decimal) -> Decimal:
    """The visit, each account member's scorebook and the chair's consensus. Returns the
    consensus total as a percentage of the maximum."""
    application.team = team
    application.visit_on = visit
    criteria = _criteria(application.call.standard)
    members = list(team.members.filter(user__isnull=False))
    for member in [*members, None]:
        for criterion in criteria:
            _saved(
                Score(
                    application=application,
                    member=member,
                    criterion=criterion,
                    met=True if criterion.max_points is None else None,
                    points=_self_score(criterion, share),
                    strengths="มีป้ายบอกทางและลำดับขั้นตอนการให้บริการชัดเจน",
                    improvements="ควรเผยแพร่ผลการสำรวจความพึงพอใจให้ประชาชนทราบทุกไตรมาส",
                )
            )
    scored = [c for c in criteria if c.max_points is not None]
    got = sum((_self_score(c, share) or Decimal(0) for c in scored), Decimal(0))
    most = sum((c.max_points or Decimal(0) for c in scored), Decimal(0))
    total = (got * 100 / most).quantize(Decimal("0.01"))
    reached = (
        Level.objects.filter(standard=application.call.standard, min_score__lte=total)
        .order_by("-min_score")
        .first()
    )
    application.consensus_closed_at = datetime.combine(
        visit + timedelta(days=3), time(16), tzinfo=dates.BANGKOK
    )
    application.consensus_total = total
    application.consensus_basic_passed = True
    application.consensus_level = reached
    application.state = Application.State.ASSESSED
    _saved(application)
    return total


# --- decision and certificate -------------------------------------------------------------


def _certify(application: Application, decided_on: date) -> Certificate:
    """The committee's decision and the certificate, numbered from the year's sequence."""
    ops = _user("opsadmin")
    level = application.consensus_level or application.level
    _saved(
        Decision(
            application=application,
            outcome=Decision.Outcome.CERTIFIED,
            level=level,
            decided_on=decided_on,
            recorded_by=ops,
        )
    )
    fiscal_year = dates.fiscal_year(decided_on)
    sequence, _ = CertificateSequence.objects.get_or_create(fiscal_year=fiscal_year)
    sequence.last += 1
    sequence.save()
    valid_from = decided_on
    valid_until = valid_from.replace(year=valid_from.year + settings.CERTIFICATE_YEARS) - timedelta(
        days=1
    )
    certificate = _saved(
        Certificate(
            number=settings.CERTIFICATE_NUMBER_PATTERN.format(
                year=fiscal_year, number=sequence.last
            ),
            centre=application.centre,
            application=application,
            level=level,
            fiscal_year=fiscal_year,
            valid_from=valid_from,
            valid_until=valid_until,
            state_changed_at=datetime.combine(decided_on, time(14), tzinfo=dates.BANGKOK),
        )
    )
    _saved(CertificateEvent(certificate=certificate, kind=CertificateEvent.Kind.ISSUED, by=ops))
    application.state = Application.State.CERTIFIED
    _saved(application)
    return certificate


def _certified_in_the_past(
    call: Call, centre_code: str, level_code: str, *, share: Decimal
) -> Application:
    """An application of an earlier call that went all the way to its certificate."""
    application, made = _apply(call, centre_code, level_code, by="opsadmin", share=share)
    if not made:
        return application
    fy = call.fiscal_year
    _screen(_send(application, at(fy, 2, 10)), ApplicationVersion.Outcome.PASSED, at(fy, 3, 5))
    application.screener = _user("screener")
    _assess(application, team_one(call), day(fy, 6, 10), share)
    _certify(application, call.decision_on)
    return application


# --- the story ----------------------------------------------------------------------------


# The world's carried-over certificates (the series of migration certification 0003).
WORLD_CERTIFICATES = {"5940101": "GECC-LEGACY-0001", "3500101": "GECC-LEGACY-0002"}


def load_world_standing() -> None:
    """The test world's standing: a certificate carried over from the typed status for
    Pattani Town and Chiang Mai City, valid for a year before and two after today, so
    both owe every round a test opens, whatever day the tests run."""
    today = dates.bangkok_today()
    valid_from = today.replace(year=today.year - 1, day=min(today.day, 28))
    for code, number in WORLD_CERTIFICATES.items():
        if Certificate.objects.filter(number=number).exists():
            continue
        certificate = _saved(
            Certificate(
                number=number,
                centre=_centre(code),
                fiscal_year=dates.fiscal_year(valid_from),
                valid_from=valid_from,
                valid_until=valid_from.replace(year=valid_from.year + settings.CERTIFICATE_YEARS),
                state_changed_at=datetime.combine(valid_from, time(9), tzinfo=dates.BANGKOK),
            )
        )
        _saved(
            CertificateEvent(
                certificate=certificate,
                kind=CertificateEvent.Kind.ISSUED,
                reason="ยกมาจากสถานะการรับรองมาตรฐานที่เจ้าหน้าที่บันทึกด้วยมือ",
            )
        )


def _load_core() -> None:
    """The calls of FY2565 and FY2568, Pattani Town's application as first sent, Chiang
    Mai City certified at the advanced level (FY2568)."""
    fy2565 = _past_call(2565, Call.State.CLOSED)
    pattani, made = _apply(
        fy2565, "5940101", "basic", by="admin.pattanitown", share=Decimal("0.72")
    )
    if made:
        # The first sending leaves out the evidence of B3: it will be returned for it.
        _send(pattani, at(2565, 1, 20), without="B3")
    fy2568 = _past_call(2568, Call.State.CLOSED)
    _certified_in_the_past(fy2568, "3500101", "advanced", share=Decimal("0.8"))


def _more_centres() -> None:
    for code, name_th, name_en, kind, lao_type, parent, province, district in MORE_ORGANISATIONS:
        if not Organisation.objects.filter(code=code).exists():
            _saved(
                Organisation(
                    code=code,
                    name_th=name_th,
                    name_en=name_en,
                    kind=kind,
                    lao_type=lao_type,
                    parent=Organisation.objects.get(code=parent),
                    province_id=province,
                    district_id=district or None,
                )
            )
    for code, (name_th, name_en) in MORE_CENTRES.items():
        organisation = Organisation.objects.get(code=code)
        if not organisation.centres.exists():
            _saved(ServiceCentre(organisation=organisation, name_th=name_th, name_en=name_en))


def _pattani_town_is_certified(call: Call) -> Certificate | None:
    """FY2565: returned once for a missing document, corrected, passed, visited by team 1,
    scored and certified."""
    application = Application.objects.get(call=call, centre=_centre("5940101"))
    if application.state != Application.State.SENT:
        return None  # told already
    missing = _reason(*MISSING_DOCUMENT)
    first = application.versions.get(number=1)
    application.screener = _user("screener")
    _screen(
        first,
        ApplicationVersion.Outcome.RETURNED,
        at(2565, 2, 10),
        incomplete={"B3": "ไม่พบคำสั่งแต่งตั้งผู้รับผิดชอบประจำศูนย์"},
        reason=missing,
        note="โปรดแนบคำสั่งแต่งตั้งผู้รับผิดชอบประจำศูนย์ (ข้อ B3)",
    )
    application.state = Application.State.RETURNED
    application.correction_due = day(2565, 2, 25)
    _saved(application)
    second = _send(application, at(2565, 2, 21))
    _screen(second, ApplicationVersion.Outcome.PASSED, at(2565, 3, 4))
    application.state = Application.State.PASSED
    _saved(application)
    _assess(application, team_one(call), day(2565, 6, 15), Decimal("0.72"))
    return _certify(application, day(2565, 8, 25))


def _not_eligible(call: Call, centre_code: str) -> None:
    application, made = _apply(call, centre_code, "basic", by="opsadmin", share=Decimal("0.5"))
    if not made:
        return
    version = _send(application, at(call.fiscal_year, 2, 15))
    application.screener = _user("screener")
    _screen(
        version,
        ApplicationVersion.Outcome.NOT_ELIGIBLE,
        at(call.fiscal_year, 3, 10),
        reason=_reason(*NOT_ELIGIBLE),
        note="ศูนย์เปิดให้บริการเมื่อเดือนธันวาคม ยังไม่ครบหนึ่งปีก่อนสมัคร",
    )
    application.state = Application.State.NOT_ELIGIBLE
    _saved(application)


def _revoke(certificate: Certificate, when: datetime, reason: str) -> None:
    if certificate.state == Certificate.State.REVOKED:
        return
    certificate.state = Certificate.State.REVOKED
    certificate.state_changed_at = when
    _saved(certificate)
    event = CertificateEvent(
        certificate=certificate,
        kind=CertificateEvent.Kind.REVOKED,
        reason=reason,
        by=_user("opsadmin"),
    )
    _saved(event)


def _this_year(call: Call) -> None:
    """The open call: an application in each live state."""
    start = call.applications_open
    today = dates.bangkok_today()

    def sent_on(days_ago: int) -> datetime:
        moment = max(today - timedelta(days=days_ago), start)
        return datetime.combine(moment, time(10), tzinfo=dates.BANGKOK)

    _apply(call, "6500100", "basic", by="opsadmin")  # a draft, still being filled
    sent, made = _apply(call, "5500701", "basic", by="opsadmin")
    if made:
        _send(sent, sent_on(3))
    in_screening, made = _apply(call, "6940100", "basic", by="opsadmin")
    if made:
        _send(in_screening, sent_on(20))
        in_screening.screener = _user("screener")
        in_screening.state = Application.State.IN_SCREENING
        _saved(in_screening)
    # Not Bana: its certificate is revoked and, with no application, it owes no report.
    returned, made = _apply(call, "6940104", "basic", by="opsadmin")
    if made:
        version = _send(returned, sent_on(30), without="B5")
        returned.screener = _user("screener")
        _screen(
            version,
            ApplicationVersion.Outcome.RETURNED,
            sent_on(25),
            incomplete={"B5": "ไม่พบผลการสำรวจความพึงพอใจของผู้รับบริการ"},
            reason=_reason(*MISSING_DOCUMENT),
        )
        returned.state = Application.State.RETURNED
        returned.correction_due = today + timedelta(days=call.correction_days)
        _saved(returned)
    assessed, made = _apply(call, "5941001", "basic", by="admin.yarang", share=Decimal("0.7"))
    if made:
        version = _send(assessed, sent_on(40))
        assessed.screener = _user("screener")
        _screen(version, ApplicationVersion.Outcome.PASSED, sent_on(35))
        _assess(assessed, team_one(call), max(today - timedelta(days=10), start), Decimal("0.7"))
    # Passed screening, given to team 1, its visit on the first day of the visit period:
    # the team's scorebooks are open for the chair and the member to fill.
    to_visit, made = _apply(call, "6940105", "basic", by="opsadmin")
    if made:
        version = _send(to_visit, sent_on(45))
        to_visit.screener = _user("screener")
        _screen(version, ApplicationVersion.Outcome.PASSED, sent_on(38))
        to_visit.team = team_one(call)
        to_visit.visit_on = call.visits_from
        to_visit.state = Application.State.VISIT_SCHEDULED
        _saved(to_visit)


@transaction.atomic
def load() -> dict[str, Any]:
    """The whole story (seed_demo): run before the maintenance rounds are opened, so
    they owe reports from the right centres."""
    _load_core()
    _more_centres()
    fy2561 = _past_call(2561, Call.State.ARCHIVED)
    _certified_in_the_past(fy2561, "6940100", "basic", share=Decimal("0.65"))
    fy2565 = Call.objects.get(fiscal_year=2565)
    _pattani_town_is_certified(fy2565)
    _not_eligible(fy2565, "5941001")
    fy2568 = Call.objects.get(fiscal_year=2568)
    bana = _certified_in_the_past(fy2568, "6940103", "basic", share=Decimal("0.66"))
    _revoke(
        bana.certificate,
        at(2569, 6, 30),
        "ไม่ส่งรายงานการรักษามาตรฐานสองรอบติดต่อกัน และไม่แก้ไขภายในกำหนดเวลาที่ระงับใบรับรอง",
    )
    current = current_call()
    _this_year(current)
    return {
        "calls": list(Call.objects.order_by("fiscal_year")),
        "certificates": list(Certificate.objects.order_by("valid_from")),
    }
