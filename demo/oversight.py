"""What the oversight dashboards of the nation, DLA, Pattani and Chiang Mai show in the
demo (issue 15 §8), added to the stories the other demo modules tell: dated from today,
so the figures mean something whatever day the demo runs.

- Eight more centres of local governments in Pattani and Chiang Mai, certified at every
  level: valid, expiring within 6 months, one under watch, one suspended.
- The last round whose deadline has passed, opened, and the round in progress (opened by
  scenario.open_rounds): their reports on time, late, missing, returned and accepted,
  sent and reviewed through maintenance.services and dated back.
- Citizens' answers for the twelve months before the current round, month by month, a
  few of them rejected as suspect (left out of the figures), counted in the tallies.
- A DLA circular of 25 days ago to eleven local governments asking for an answer due 5
  days ago: seven acknowledged, three answered, the rest overdue.
- The yearly targets OPS PMO sets: the nation's, DLA's, Pattani's and Chiang Mai's.

The campaigns (demo/campaigns.py) already give an open campaign partly answered.
Running it again changes nothing: each part is found first.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from accounts.models import User
from certification.models import Certificate, CertificateEvent
from certification.selectors import centres_owing_reports
from correspondence.models import Answer as LetterAnswer
from correspondence.models import Letter, Question, RegisterYear
from demo import correspondence as letters
from demo import scenario
from maintenance import services
from maintenance.models import SATISFACTION_FIELDS, Answer, Report, ReportVersion, Round
from oversight.models import Target
from registry.models import Counter, Organisation, ServiceCentre
from saduak.problems import Incomplete
from standards.models import Level
from survey import tallies
from survey.models import Response
from survey.questionnaire import current
from thaicalendar import dates

# Unit code: (level code, what became of its certificate).
CERTIFIED = {
    "5940102": ("basic", "expiring"),  # Rusamilae, Pattani
    "5940103": ("advanced", "watched"),  # Talubo
    "5940201": ("basic", "suspended"),  # Khok Pho
    "5940301": ("excellent", "valid"),  # Nong Chik
    "5940401": ("basic", "expiring"),  # Panare
    "5500102": ("advanced", "valid"),  # Suthep, Chiang Mai
    "5500103": ("basic", "expiring"),  # Nong Hoi
    "6500104": ("excellent", "valid"),  # San Phi Suea
}
# Until when each kind is valid, in days from today.
UNTIL = {"expiring": 75, "watched": 500, "suspended": 400, "valid": 700}
FIRST_NUMBER = 901  # of the demo's certificates here, in their fiscal year's series

# How the reports of a round went, in turn over its centres (sorted by unit code).
PAST_FATES = ["accepted", "late", "returned", "missing", "submitted", "accepted", "draft"]
OPEN_FATES = ["accepted", "submitted", "returned", "draft", "missing"]

LETTER_SUBJECT = "ขอให้รายงานความพร้อมในการรักษามาตรฐานศูนย์ราชการสะดวก"
LETTER_TO = [
    "5940101",
    "5940102",
    "5940103",
    "5940201",
    "5940301",
    "5940401",
    "6940100",
    "3500101",
    "5500102",
    "5500103",
    "6500104",
]
ACKNOWLEDGED = 7  # the first of LETTER_TO; of them ANSWERED answered
ANSWERED = 3

# Fiscal year's target of centres certified: the nation, DLA, Pattani, Chiang Mai.
TARGETS = {None: 20, "DLA": 16, "P94": 8, "P50": 6}


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=dates.BANGKOK)


def _centres() -> list[ServiceCentre]:
    """A certified centre (with one counter) for each unit of CERTIFIED."""
    today = dates.bangkok_today()
    ops = User.objects.get(username="opsadmin")
    levels = {level.code: level for level in Level.objects.order_by("standard_id")}
    made = []
    for n, (code, (level_code, fate)) in enumerate(sorted(CERTIFIED.items())):
        organisation = Organisation.objects.get(code=code)
        centre = organisation.centres.order_by("pk").first()
        if centre is None:
            centre = ServiceCentre.objects.create(
                organisation=organisation, name_th=f"ศูนย์ราชการสะดวก {organisation.name_th}"
            )
            Counter.objects.create(centre=centre, number=1, name_th="งานทะเบียนและบัตร")
        made.append(centre)
        if centre.certificates.exists():
            continue
        until = today + timedelta(days=UNTIL[fate])
        start = until.replace(year=until.year - settings.CERTIFICATE_YEARS, day=min(until.day, 28))
        fiscal_year = dates.fiscal_year(start)
        certificate = Certificate(
            number=settings.CERTIFICATE_NUMBER_PATTERN.format(
                year=fiscal_year, number=FIRST_NUMBER + n
            ),
            centre=centre,
            level=levels.get(level_code),
            fiscal_year=fiscal_year,
            valid_from=start,
            valid_until=until,
            state_changed_at=_moment(start, 14),
        )
        if fate == "watched":
            certificate.under_watch = True
        if fate == "suspended":
            certificate.state = Certificate.State.SUSPENDED
            certificate.state_changed_at = _moment(today - timedelta(days=20), 14)
            certificate.suspended_until = today + timedelta(days=40)
        certificate.full_clean()
        certificate.save()
        CertificateEvent.objects.create(
            certificate=certificate, kind=CertificateEvent.Kind.ISSUED, by=ops
        )
        if fate in ("watched", "suspended"):
            CertificateEvent.objects.create(
                certificate=certificate,
                kind=(
                    CertificateEvent.Kind.WATCHED
                    if fate == "watched"
                    else CertificateEvent.Kind.SUSPENDED
                ),
                by=ops,
                reason="ผลการรายงานรอบที่ผ่านมาต่ำกว่าเกณฑ์การรักษามาตรฐาน",
            )
    return made


def _owed_too(rnd: Round) -> None:
    """The reports an open round asks of the centres that owe one now and have none
    (opening it is what asks them: the same rule, certification's)."""
    rnd.refresh_from_db()
    owing = centres_owing_reports(min(dates.bangkok_today(), rnd.deadline)).exclude(
        reports__round=rnd
    )
    Report.objects.bulk_create(
        [Report(round=rnd, centre=centre, standard=rnd.standard) for centre in owing]
    )


def _last_passed_round() -> Round | None:
    """The latest round of this or last fiscal year whose deadline has passed, opened."""
    ops = User.objects.get(username="opsadmin")
    today = dates.bangkok_today()
    this_year = dates.fiscal_year(today)
    passed = [
        dates.round_for(fy, months)
        for fy in (this_year - 1, this_year)
        for months in (6, 12)
        if dates.round_for(fy, months).deadline < today
    ]
    if not passed:
        return None
    period = max(passed, key=lambda p: p.deadline)
    rnd = Round.objects.filter(fiscal_year=period.fiscal_year, months=period.months).first()
    if rnd is None:
        rnd = services.set_round(
            actor=ops,
            fiscal_year=period.fiscal_year,
            months=period.months,
            deadline=period.deadline,
        )
    try:
        services.open_round(actor=ops, rnd=rnd)
    except Incomplete:  # no standard for that year: nothing owed
        return None
    # Opened as OPS PMO opens a round, in the last month of its period, not on the day
    # the demo was loaded: so that "the round current on its last day" is this one
    # (the comparison's change since the last round reads that day).
    opened = datetime.combine(rnd.period_end.replace(day=1), time(9), tzinfo=dates.BANGKOK)
    Round.objects.filter(pk=rnd.pk, opened_at__gt=opened).update(opened_at=opened)
    return rnd


def _fill(report: Report, rng: random.Random) -> None:
    """The draft filled in: every checklist item met, the satisfaction results typed."""
    Answer.objects.bulk_create(
        [
            Answer(report=report, item=item, value=Answer.Value.MET)
            for item in report.standard.checklist_items.all()
        ],
        ignore_conflicts=True,
    )
    report.respondents = rng.randint(80, 400)
    report.mean_process = report.mean_staff = Decimal(rng.randint(400, 480)) / 100
    report.mean_facilities = report.mean_outcome = Decimal(rng.randint(380, 460)) / 100
    report.overall_percentage = Decimal(rng.randint(8000, 9500)) / 100
    report.save(update_fields=list(SATISFACTION_FIELDS))


def _reports(rnd: Round) -> None:
    """The round's reports, each as its fate says, sent and reviewed through the
    services, then dated back: on time a week before the deadline, late ten days after
    (or yesterday, if the deadline is closer), never after today."""
    if rnd.reports.exclude(status=Report.Status.OWED).exists():
        return
    ops = User.objects.get(username="opsadmin")
    reviewer = User.objects.get(username="reviewer")
    today = dates.bangkok_today()
    past = rnd.deadline < today
    fates = PAST_FATES if past else OPEN_FATES
    rng = random.Random(rnd.pk)
    reports = rnd.reports.select_related("centre__organisation").order_by(
        "centre__organisation__province_id", "centre__organisation__code"
    )
    turn: dict[str | None, int] = {}  # each province's reports go through every fate
    for report in reports:
        province = report.centre.organisation.province_id
        n = turn[province] = turn.get(province, -1) + 1
        fate = fates[n % len(fates)]
        if fate == "missing":
            continue
        _fill(report, rng)
        if fate == "draft":
            Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
            continue
        version = services.submit(actor=ops, report=report, base_revision=report.revision)
        if fate == "late":
            sent = _moment(min(rnd.deadline + timedelta(days=10), today - timedelta(days=1)))
        else:
            sent = _moment(min(rnd.deadline - timedelta(days=7), today - timedelta(days=1)))
        late_by = max(sent - rnd.due, timedelta(0))
        ReportVersion.objects.filter(pk=version.pk).update(submitted_at=sent, late_by=late_by)
        Report.objects.filter(pk=report.pk).update(first_submitted_at=sent, late_by=late_by)
        version.refresh_from_db()
        if fate in ("accepted", "late"):
            services.accept_version(actor=reviewer, version=version, comment="")
        elif fate == "returned":
            services.return_version(
                actor=reviewer,
                version=version,
                comment="โปรดแนบหลักฐานการประชาสัมพันธ์ช่องทางการรับฟังความคิดเห็นให้ครบถ้วน",
                item_comments={},
            )


def _answers(centres: list[ServiceCentre]) -> int:
    """Twelve months of answers before the current round at the certified centres,
    about 3 % rejected as suspect; the counted ones added to the tallies."""
    today = dates.bangkok_today()
    start = dates.round_for(dates.fiscal_year(today), 6).start
    first = (start - timedelta(days=365)).replace(day=1)
    owing = ServiceCentre.objects.filter(
        certificates__state__in=Certificate.LIVE_STATES, certificates__valid_until__gte=first
    ).distinct()
    centre_ids = {c.pk for c in centres} | set(owing.values_list("pk", flat=True))
    if Response.objects.filter(
        centre_id__in=centre_ids, submitted_at__lt=_moment(start, 0)
    ).exists():
        return 0
    rng = random.Random(15)
    questionnaire = current()
    codes = questionnaire.item_codes
    counters = Counter.objects.filter(centre_id__in=centre_ids).order_by("centre_id", "number")
    one_counter: dict[int, Counter] = {}
    for counter in counters:
        one_counter.setdefault(counter.centre_id, counter)
    rows = []
    for centre_id, counter in sorted(one_counter.items()):
        mood = rng.choice([[2, 3, 10, 35, 50], [3, 6, 20, 40, 31], [1, 2, 8, 30, 59]])
        month = first
        while month < start:
            for _ in range(rng.randint(8, 16)):
                rejected = rng.random() < 0.03
                rows.append(
                    Response(
                        counter=counter,
                        centre_id=centre_id,
                        questionnaire=questionnaire,
                        submitted_at=_moment(month + timedelta(days=rng.randint(1, 26)), 10)
                        + timedelta(minutes=rng.randint(0, 360)),
                        scores="".join(str(rng.choices([1, 2, 3, 4, 5], mood)[0]) for _ in codes),
                        respondent={"sex": rng.choice("mf"), "age": f"a{rng.randint(1, 6)}"},
                        status=Response.Status.REJECTED if rejected else Response.Status.COUNTED,
                        reasons=["too_fast"] if rejected else [],
                    )
                )
            month = (month + timedelta(days=32)).replace(day=1)
    Response.objects.bulk_create(rows, batch_size=1000)
    tallies.count_many([r for r in rows if r.status == Response.Status.COUNTED])
    return len(rows)


def _letter() -> Letter:
    """DLA's circular of 25 days ago to eleven local governments, asking for an answer
    due 5 days ago: seven acknowledged it, three of them answered."""
    dla = Organisation.objects.get(code="DLA")
    existing = Letter.objects.filter(sender=dla, subject__startswith=LETTER_SUBJECT).first()
    if existing is not None:
        return existing
    today = dates.bangkok_today()
    on = today - timedelta(days=25)
    year = dates.be_year(on.year)
    register = RegisterYear.objects.filter(
        organisation=dla, year=year, kind=Letter.Kind.CIRCULAR
    ).first()
    number = max((register.last if register else 0) + 1, 10 * on.timetuple().tm_yday + 3)
    letter, _ = letters._letter(
        "DLA",
        Letter.Kind.CIRCULAR,
        number,
        on,
        by="clerk.dla",
        to=LETTER_TO,
        questions=(
            (Question.Kind.YES_NO, "ศูนย์ฯ พร้อมรับการตรวจติดตามหรือไม่"),
            (Question.Kind.NUMBER, "จำนวนเจ้าหน้าที่ประจำศูนย์ (คน)"),
        ),
        subject=LETTER_SUBJECT,
        salutation="นายกองค์กรปกครองส่วนท้องถิ่นที่มีศูนย์ราชการสะดวก",
        body="ด้วยกรมส่งเสริมการปกครองท้องถิ่นจะติดตามการรักษามาตรฐานศูนย์ราชการสะดวก "
        "จึงขอให้องค์กรปกครองส่วนท้องถิ่นตอบแบบรายงานท้ายหนังสือนี้ภายในกำหนด",
        signatory_name="นายธนากร สุขประเสริฐ",
        signatory_position="รองอธิบดี ปฏิบัติราชการแทน อธิบดีกรมส่งเสริมการปกครองท้องถิ่น",
        action=Letter.Action.ANSWER,
        due_date=today - timedelta(days=5),
    )
    # The units' own officers, where the demo has an account for them; none otherwise.
    officers = {"5940101": User.objects.get(username="admin.pattanitown")}
    for n, code in enumerate(LETTER_TO[:ACKNOWLEDGED]):
        copy = letters._copy(letter, code)
        by = officers.get(code)
        when = letters.at(on + timedelta(days=1 + n), 9, 30)
        copy.opened_at, copy.opened_by = when - timedelta(minutes=5), by
        copy.acknowledged_at, copy.acknowledged_by = when, by
        copy.register_number, copy.register_date = str(1200 + n), dates.local_date(when)
        if n < ANSWERED:
            yes, staff = letter.questions.order_by("position")
            LetterAnswer.objects.create(recipient=copy, question=yes, yes=True)
            LetterAnswer.objects.create(recipient=copy, question=staff, number=Decimal(4 + n))
            copy.answered_at, copy.answered_by = when + timedelta(days=3), by
        copy.save()
    last = letters._copy(letter, LETTER_TO[-1])
    last.opened_at = letters.at(on, 15)
    last.save(update_fields=["opened_at"])
    letters._parties(letter)
    return letter


def _targets() -> None:
    year = dates.fiscal_year(dates.bangkok_today())
    for code, certified in TARGETS.items():
        organisation = Organisation.objects.get(code=code) if code else None
        if not Target.objects.filter(fiscal_year=year, organisation=organisation).exists():
            Target.objects.create(fiscal_year=year, organisation=organisation, certified=certified)


@transaction.atomic
def load() -> dict[str, Any]:
    """The oversight part of the demo (seed_demo), after the other demo modules and
    the sample answers; it opens the rounds itself (scenario.open_rounds)."""
    # FY2565's round first, which the centres below never owed; the current one then
    # asks them too, as if they had been certified when it opened (they were).
    opened = scenario.open_rounds()
    centres = _centres()
    for rnd in opened:
        if rnd.deadline >= dates.bangkok_today():
            _owed_too(rnd)
    passed = _last_passed_round()
    for rnd in [passed, *opened]:
        if rnd is not None and rnd.deadline >= dates.bangkok_today() - timedelta(days=400):
            _reports(rnd)
    answered = _answers(centres)
    letter = _letter()
    _targets()
    return {"centres": centres, "round": passed, "answers": answered, "letter": letter}
