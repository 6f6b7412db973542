"""Who may change what: every address that changes something, tried by every demo
persona, including the ones that are almost allowed: the right organisation with the
wrong role (staff.pattanitown for its administrator's work), the right role on a
neighbouring organisation (admin.yarang for Pattani Town's), and an overseer of
another province. Each cell asserts the answer the persona gets and whether the data
changed.

The target is always Pattani Town Municipality (the founding circular's unit) or the
programme as a whole. A persona who cannot read the target gets 404 (nothing is
revealed); one who reads it but may not act gets 403.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts import capabilities as cap
from accounts.models import Role, RoleAssignment, User
from certification import calls as certification_calls
from certification.models import (
    Application,
    ApplicationEvidence,
    AssessmentTeam,
    Call,
    Certificate,
    ConflictOfInterest,
    Score,
)
from certification.tests import factories_apply as apply
from certification.tests import factories_assess as assess
from correspondence.models import Emblem, Letter, Letterhead, Recipient
from demo import scenario
from maintenance import services as reports
from maintenance.models import Evidence, Report, ReportVersion, Round
from maintenance.tests.conftest import complete_draft
from oversight.models import Target
from registry.models import Counter, Organisation, ServiceCentre
from standards.models import Standard
from survey.models import LocalQuestion, OpeningHours, PeopleServed, Response, SuspectWindow
from survey.questionnaire import current
from thaicalendar import dates

PERSONAS = [a.username for a in scenario.ACCOUNTS]
# Who reads Pattani Town Municipality and its centre at all. Screeners and assessors
# read only the applications assigned to them, none of the registry.
READERS = set(PERSONAS) - {
    "overseer.chiangmai",
    "admin.yarang",
    "clerk.dla",
    "clerk.pattani",
    "screener",
    "assessor",
    "chair.team1",
}
OPS = {"opsadmin"}
OWN_ADMIN = {"opsadmin", "admin.pattanitown"}
OWN_STAFF = {"admin.pattanitown", "staff.pattanitown"}

REGISTER = Path(__file__).parents[2] / "registry" / "tests" / "data" / "lao_register_good.csv"
ANSWERS = Path(__file__).parents[2] / "survey" / "tests" / "data" / "answers_good.csv"


@dataclass
class Things:
    """What the writes act on, made fresh for each address."""

    org: Organisation
    centre: ServiceCentre
    counter: Counter
    report: Report
    staff: User
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Write:
    name: str
    allowed: set[str]
    send: Callable[[Client, Things], Any]
    changed: Callable[[Things], bool]
    setup: Callable[[Things], None] = lambda things: None
    # Who gets something other than the rule's 404/403 without changing anything.
    other: dict[str, int] = field(default_factory=dict)
    # Whether the address names Pattani Town's things (404 for those who do not read
    # it) or the programme as a whole (403 for everyone not allowed).
    targeted: bool = True


def _exists(model: Any, **lookups: Any) -> Callable[[Things], bool]:
    return lambda things: model.objects.filter(**lookups).exists()


def _submitted(things: Things) -> None:
    ops = User.objects.get(username="admin.pattanitown")
    reports.save_draft(
        actor=ops,
        report=things.report,
        base_revision=things.report.revision,
        answers={item.pk: ("met", "") for item in things.report.standard.checklist_items.all()},
        satisfaction={
            "respondents": 384,
            "mean_process": 4.5,
            "mean_staff": 4.5,
            "mean_facilities": 4.5,
            "mean_outcome": 4.5,
            "overall_percentage": 90,
        },
        survey_figures=None,
    )
    things.report.refresh_from_db()
    reports.submit(actor=ops, report=things.report, base_revision=things.report.revision)


def _draft(things: Things) -> dict[str, Any]:
    return complete_draft(Report.objects.get(pk=things.report.pk))


def _first_item(things: Things) -> Any:
    return things.report.standard.checklist_items.first()


def _with_evidence(things: Things) -> None:
    item = _first_item(things)
    things.extra["evidence"] = Evidence.objects.create(
        report=things.report, item=item, link="https://example.go.th/a", uploaded_by=things.staff
    )


def _suspect(things: Things) -> None:
    answer = Response.objects.create(
        centre=things.centre,
        counter=things.counter,
        questionnaire_id=current().pk,
        scores="5" * len(current().item_codes),
        status=Response.Status.SUSPECT,
        reasons=["too_fast"],
        submitted_at=timezone.now(),
    )
    things.extra["answer"] = answer


def _suspect_window(things: Things) -> None:
    """A window of Pattani Town's counter that looked stuffed, with its one answer."""
    now = timezone.now()
    window = SuspectWindow.objects.create(
        counter=things.counter,
        centre=things.centre,
        starts_at=now - timedelta(minutes=30),
        ends_at=now,
        signals=[{"code": "volume", "seen": 1, "usual": 0.2, "minutes": 30}],
    )
    Response.objects.create(
        centre=things.centre,
        counter=things.counter,
        questionnaire_id=current().pk,
        scores="5" * len(current().item_codes),
        status=Response.Status.SUSPECT,
        reasons=["volume"],
        submitted_at=now,
        window=window,
    )
    things.extra["window"] = window


def _window_decided(things: Things) -> bool:
    return SuspectWindow.objects.get(pk=things.extra["window"].pk).status != "open"


def _local_question(things: Things) -> None:
    things.extra["question"] = LocalQuestion.objects.create(
        centre=things.centre, text_th="ที่จอดรถเพียงพอหรือไม่", order=1
    )


def _lao_import(client: Client, things: Things) -> Any:
    page = client.post(
        "/registry/import/", {"file": SimpleUploadedFile("r.csv", REGISTER.read_bytes())}
    )
    token = page.context["token"] if page.status_code == 200 and page.context else "x"
    return client.post("/registry/import/confirm/", {"token": token})


def _standard_import(client: Client, things: Things) -> Any:
    from standards.loader import DEFAULT_FILE, check_path, workbook_for

    # The shipped standard again, as its version 2 (cell B4 of the first sheet).
    book = load_workbook(io.BytesIO(workbook_for(check_path(DEFAULT_FILE).content or {})))
    book["standard"]["B4"] = 2
    output = io.BytesIO()
    book.save(output)
    content = output.getvalue()
    page = client.post(
        "/standards/import/", {"file": SimpleUploadedFile("gecc-2565-v2.xlsx", content)}
    )
    token = client.session.get("standard_import", {}).get("token", "x") if page else "x"
    return client.post("/standards/import/confirm/", {"token": token})


def _answers_import(client: Client, things: Things) -> Any:
    base = f"/survey/centres/{things.centre.pk}/import/"
    page = client.post(base, {"file": SimpleUploadedFile("a.csv", ANSWERS.read_bytes())})
    if page.status_code != 200:
        return page
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["token"] = page.context["token"]
    checked = client.post(base + "check/", data)
    return client.post(base + "confirm/", {"token": checked.context["token"]})


def _review(decision: str) -> Callable[[Client, Things], Any]:
    def send(client: Client, things: Things) -> Any:
        return client.post(
            f"/reports/{things.report.pk}/v1/", {decision: "1", "comment": "ตรวจแล้ว"}
        )

    return send


def _reason(code: str) -> Any:
    from certification.models import ScreeningReason

    return ScreeningReason.objects.get(code=code)


def _reason_exists(text: str) -> bool:
    from certification.models import ScreeningReason

    return ScreeningReason.objects.filter(text_th=text).exists()


def _assigned_to(things: Things, username: str) -> bool:
    application = things.extra["application"]
    application.refresh_from_db()
    return bool(application.screener and application.screener.username == username)


def _screening_application(assigned_to: str) -> Callable[[Things], None]:
    """Pattani Town's application, sent and given to a screener."""

    def setup(things: Things) -> None:
        from certification.tests.factories_screen import another_screener, make_application

        screener = (
            User.objects.get(username="screener")
            if assigned_to == "screener"
            else another_screener()
        )
        things.extra["application"] = make_application(things.centre, screener=screener)

    return setup


def _screening_decision(client: Client, things: Things) -> Any:
    from certification.tests.factories_screen import judgement_post

    application = things.extra["application"]
    return client.post(
        f"/certification/screening/{application.pk}/decide/",
        {**judgement_post(application.call), "version": 1, "outcome": "passed"},
    )


def _screened(things: Things) -> bool:
    from certification.models import ApplicationVersion

    return ApplicationVersion.objects.filter(
        application=things.extra["application"], outcome="passed"
    ).exists()


def _assign(client: Client, things: Things) -> Any:
    application = things.extra["application"]
    return client.post(
        "/certification/screening/assign/",
        {
            "call": application.call_id,
            "screener": User.objects.get(username="screener").pk,
            "scope": "selected",
            "applications": [application.pk],
        },
    )


def _version_outcome(things: Things) -> bool:
    version = ReportVersion.objects.get(report=things.report, number=1)
    return version.outcome != ReportVersion.Outcome.PENDING


# --- certification: the committee's decision and certificates


def _assessed(things: Things) -> None:
    from certification.tests.factories_certify import assessed

    things.extra["application"] = assessed(things.centre)


def _certificate(things: Things) -> None:
    from certification.tests.factories_certify import certified

    things.extra["certificate"] = certified(things.centre)


def _suspended(things: Things) -> None:
    from certification import certificates

    _certificate(things)
    certificates.suspend(
        actor=User.objects.get(username="opsadmin"),
        certificate=things.extra["certificate"],
        reason="ไม่ส่งรายงาน",
        deadline=timezone.localdate() + timedelta(days=30),
    )


def _certificate_state(state: str) -> Callable[[Things], bool]:
    def changed(things: Things) -> bool:
        things.extra["certificate"].refresh_from_db()
        return bool(things.extra["certificate"].state == state)

    return changed


def _decide(client: Client, things: Things) -> Any:
    from certification.tests.factories_certify import level

    return client.post(
        f"/certification/applications/{things.extra['application'].pk}/decide/",
        {"outcome": "certified", "level": level("basic").pk},
    )


def _in_30_days() -> str:
    day = timezone.localdate() + timedelta(days=30)
    return f"{day.day}/{day.month}/{day.year + 543}"


def _two_missed_rounds(things: Things) -> None:
    """Chiang Mai City (certified since 2025) owed FY2569's two reports and sent neither."""
    Certificate.objects.filter(number="GECC-LEGACY-0002").update(
        valid_from=date(2025, 1, 1), valid_until=date(2028, 1, 1)
    )
    ops = User.objects.get(username="opsadmin")
    for months, deadline in ((6, date(2026, 4, 15)), (12, date(2026, 10, 15))):
        rnd = reports.set_round(actor=ops, fiscal_year=2569, months=months, deadline=deadline)
        reports.open_round(actor=ops, rnd=rnd)


def _call_form(**overrides: Any) -> dict[str, Any]:
    values = apply.call_values(fiscal_year=2566, **overrides)
    data: dict[str, Any] = {
        "fiscal_year": values["fiscal_year"],
        "standard": values["standard"].pk,
        "levels": [level.pk for level in values["standard"].levels.all()],
        "correction_days": values["correction_days"],
    }
    for name in Call.DATE_ORDER:
        day = values[name]
        data[name] = f"{day.day}/{day.month}/{day.year + 543}"
    return data


def _a_call(state: str) -> Callable[[Things], None]:
    def setup(things: Things) -> None:
        call = apply.make_call(open=state != Call.State.DRAFT)
        ops = User.objects.get(username="opsadmin")
        if state in (Call.State.CLOSED,):
            call = certification_calls.close_call(actor=ops, call=call)
        things.extra["call"] = call

    return setup


def _call_state(things: Things) -> str:
    return str(Call.objects.get(pk=things.extra["call"].pk).state)


def _an_application(
    fill: bool = False, send: bool = False, **call: Any
) -> Callable[[Things], None]:
    def setup(things: Things) -> None:
        application = apply.start(**call)
        if fill:
            application = apply.filled(application)
        if send:
            application = apply.sent(application)
        things.extra["application"] = application

    return setup


def _application(things: Things) -> Application:
    return Application.objects.get(pk=things.extra["application"].pk)


def _application_url(things: Things, tail: str = "") -> str:
    return f"/certification/applications/{things.extra['application'].pk}/{tail}"


WRITES = [
    # --- staff accounts
    Write(
        "create an account",
        OWN_ADMIN,
        lambda c, t: c.post(
            "/staff/new/",
            {
                "username": "new.pattanitown",
                "first_name": "ใหม่",
                "last_name": "ทดสอบ",
                "email": "new@pattani.go.th",
                "password": "a-long-enough-password-2569",
                "role-role": "centre_staff",
                "role-organisation": t.org.pk,
            },
        ),
        lambda t: User.objects.filter(username="new.pattanitown").exists(),
        # A neighbour's administrator may add accounts, but not on Pattani Town: the form
        # offers only its own organisation and refuses this one.
        other={"admin.yarang": 200},
        targeted=False,
    ),
    Write(
        "change an account",
        OWN_ADMIN,
        lambda c, t: c.post(
            f"/staff/{t.staff.pk}/edit/",
            {
                "username": t.staff.username,
                "first_name": "เปลี่ยน",
                "last_name": t.staff.last_name,
                "email": "changed@pattani.go.th",
                "is_active": "on",
            },
        ),
        lambda t: User.objects.get(pk=t.staff.pk).email == "changed@pattani.go.th",
    ),
    Write(
        "grant a role",
        OWN_ADMIN,
        lambda c, t: c.post(
            f"/staff/{t.staff.pk}/roles/",
            {"role-role": "unit_admin", "role-organisation": t.org.pk},
        ),
        lambda t: t.staff.roles.filter(role=Role.UNIT_ADMIN).exists(),
    ),
    Write(
        "remove a role",
        OWN_ADMIN,
        lambda c, t: c.post(
            f"/staff/{t.staff.pk}/roles/{t.staff.roles.get().pk}/revoke/",
        ),
        lambda t: not t.staff.roles.exists(),
    ),
    # --- the registry
    Write(
        "add an organisation",
        OPS,
        lambda c, t: c.post(
            "/registry/new/",
            {
                "code": "NEW-1",
                "name_th": "หน่วยงานใหม่",
                "name_en": "New unit",
                "kind": "other",
                "parent": t.org.parent_id,
                "province": "94",
            },
        ),
        lambda t: Organisation.objects.filter(code="NEW-1").exists(),
        targeted=False,
    ),
    Write(
        "change an organisation",
        OWN_ADMIN,
        lambda c, t: c.post(
            f"/registry/{t.org.pk}/edit/",
            {
                "code": t.org.code,
                "name_th": "เทศบาลเมืองปัตตานี (แก้ไข)",
                "name_en": t.org.name_en,
                "kind": t.org.kind,
                "lao_type": t.org.lao_type,
                "parent": t.org.parent_id,
                "province": t.org.province_id,
                "district": t.org.district_id,
                "is_active": "on",
            },
        ),
        lambda t: Organisation.objects.get(pk=t.org.pk).name_th.endswith("(แก้ไข)"),
    ),
    Write(
        "add a service centre",
        OWN_ADMIN,
        lambda c, t: c.post(
            f"/registry/{t.org.pk}/centres/new/",
            {
                "name_th": "จุดบริการใหม่",
                "name_en": "New point",
                "is_active": "on",
            },
        ),
        _exists(ServiceCentre, name_th="จุดบริการใหม่"),
    ),
    Write(
        "change a service centre",
        OWN_ADMIN,
        lambda c, t: c.post(
            f"/registry/centres/{t.centre.pk}/edit/",
            {
                "name_th": "ศูนย์ (แก้ไข)",
                "name_en": "Centre",
                "is_active": "on",
            },
        ),
        lambda t: ServiceCentre.objects.get(pk=t.centre.pk).name_th == "ศูนย์ (แก้ไข)",
    ),
    Write(
        "add a counter",
        OWN_ADMIN,
        lambda c, t: c.post(
            f"/registry/centres/{t.centre.pk}/counters/new/",
            {"number": "9", "name_th": "ช่องใหม่", "name_en": "New", "is_active": "on"},
        ),
        _exists(Counter, name_th="ช่องใหม่"),
    ),
    Write(
        "change a counter",
        OWN_ADMIN,
        lambda c, t: c.post(
            f"/registry/counters/{t.counter.pk}/edit/",
            {"number": t.counter.number, "name_th": "ช่อง (แก้ไข)", "is_active": "on"},
        ),
        lambda t: Counter.objects.get(pk=t.counter.pk).name_th == "ช่อง (แก้ไข)",
    ),
    Write(
        "import the LAO register",
        OPS,
        _lao_import,
        lambda t: (
            Organisation.objects.filter(kind=Organisation.Kind.LOCAL_GOVERNMENT).count()
            > t.extra["laos"]
        ),
        setup=lambda t: t.extra.update(
            laos=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_GOVERNMENT).count()
        ),
        targeted=False,
    ),
    # --- the standard
    Write(
        "import a standard",
        OPS,
        _standard_import,
        lambda t: Standard.objects.filter(version=2).exists(),
        targeted=False,
    ),
    # --- rounds and reports
    Write(
        "set a round's deadlines",
        OPS,
        lambda c, t: c.post(
            "/reports/rounds/",
            {"fiscal_year": "2570", "deadline_6": "15/4/2570", "deadline_12": "15/10/2570"},
        ),
        lambda t: Round.objects.filter(fiscal_year=2570).exists(),
        targeted=False,
    ),
    Write(
        "open a round",
        OPS,
        lambda c, t: c.post(f"/reports/rounds/{t.extra['round'].pk}/open/"),
        lambda t: Round.objects.get(pk=t.extra["round"].pk).opened_at is not None,
        setup=lambda t: t.extra.update(
            round=reports.set_round(
                actor=None, fiscal_year=2566, months=6, deadline=date(2023, 4, 15)
            )
        ),
        targeted=False,
    ),
    Write(
        "save a report's draft",
        OWN_STAFF,
        lambda c, t: c.post(f"/reports/{t.report.pk}/", _draft(t)),
        lambda t: Report.objects.get(pk=t.report.pk).revision > t.report.revision,
    ),
    Write(
        "send a report",
        OWN_STAFF,
        lambda c, t: c.post(f"/reports/{t.report.pk}/submit/", {**_draft(t), "confirm": "1"}),
        lambda t: ReportVersion.objects.filter(report=t.report).exists(),
    ),
    Write(
        "attach evidence",
        OWN_STAFF,
        lambda c, t: c.post(
            f"/reports/{t.report.pk}/evidence/",
            {
                **_draft(t),
                "attach": _first_item(t).pk,
                f"link-{_first_item(t).pk}": "https://example.go.th/x",
            },
        ),
        lambda t: Evidence.objects.filter(report=t.report).exists(),
    ),
    Write(
        "withdraw evidence",
        OWN_STAFF,
        lambda c, t: c.post(
            f"/reports/{t.report.pk}/evidence/{t.extra['evidence'].pk}/withdraw/", _draft(t)
        ),
        lambda t: Evidence.objects.get(pk=t.extra["evidence"].pk).withdrawn,
        setup=_with_evidence,
    ),
    Write(
        "accept a report",
        {"opsadmin", "reviewer"},
        _review("accept"),
        _version_outcome,
        setup=_submitted,
    ),
    Write(
        "return a report",
        {"opsadmin", "reviewer"},
        _review("return"),
        _version_outcome,
        setup=_submitted,
    ),
    # --- certification: document screening
    Write(
        "add a screening reason",
        OPS,
        lambda c, t: c.post("/certification/reasons/new/", {"text_th": "เหตุผลใหม่"}),
        lambda t: _reason_exists("เหตุผลใหม่"),
        targeted=False,
    ),
    Write(
        "retire a screening reason",
        OPS,
        lambda c, t: c.post(
            f"/certification/reasons/{_reason('R01').pk}/edit/",
            {"text_th": _reason("R01").text_th, "text_en": ""},
        ),
        lambda t: not _reason("R01").is_active,
        targeted=False,
    ),
    Write(
        "assign an application to a screener",
        OPS,
        _assign,
        lambda t: _assigned_to(t, "screener"),
        setup=_screening_application(assigned_to="another"),
        targeted=False,
    ),
    Write(
        "record the screening of an application",
        {"screener"},
        _screening_decision,
        _screened,
        setup=_screening_application(assigned_to="screener"),
        # OPS PMO and the unit's overseers read the application but do not decide it;
        # an assessor reads only its team's applications.
        other={"assessor": 404},
    ),
    Write(
        "record the screening of an application assigned to someone else",
        set(),
        _screening_decision,
        _screened,
        setup=_screening_application(assigned_to="another"),
        # The almost allowed: a screener, on an application not given to it.
        other={"screener": 404, "assessor": 404},
    ),
    # --- the survey
    Write(
        "decide a suspect answer",
        {"opsadmin", "reviewer", "overseer.dla", "overseer.pattani"},
        lambda c, t: c.post(
            "/survey/suspect/", {"answer": t.extra["answer"].pk, "decision": "count"}
        ),
        lambda t: Response.objects.get(pk=t.extra["answer"].pk).status != "suspect",
        setup=_suspect,
        # Chiang Mai's overseer decides Chiang Mai's answers: for Pattani's, the list
        # it sends from has none of them, and nothing changes.
        other={"overseer.chiangmai": 302},
        targeted=False,
    ),
    Write(
        "count a suspect window's answers, confirmed",
        {"opsadmin", "reviewer", "overseer.dla", "overseer.pattani"},
        lambda c, t: c.post(
            f"/survey/suspect/windows/{t.extra['window'].pk}/",
            {"decision": "count", "confirm": "1", "expected": "1"},
        ),
        _window_decided,
        setup=_suspect_window,
        # Who does not see the centre's suspect answers is told nothing of the window,
        # though the centre's staff read the centre; its administrator sees the window
        # but does not decide on its own unit's answers (403, the rule's default).
        other={"staff.pattanitown": 404},
    ),
    Write(
        "reject a suspect window's answers, confirmed",
        {"opsadmin", "reviewer", "overseer.dla", "overseer.pattani"},
        lambda c, t: c.post(
            f"/survey/suspect/windows/{t.extra['window'].pk}/",
            {"decision": "reject", "confirm": "1", "expected": "1"},
        ),
        _window_decided,
        setup=_suspect_window,
        other={"staff.pattanitown": 404},
    ),
    Write(
        "set a centre's opening hours",
        OWN_ADMIN,
        lambda c, t: c.post(
            f"/survey/centres/{t.centre.pk}/hours/",
            {"open_5": "on", "opens_5": "09:00", "closes_5": "12:00"},
        ),
        _exists(OpeningHours, weekday=5),
    ),
    Write(
        "add a local question",
        OWN_ADMIN,
        lambda c, t: c.post(
            f"/survey/centres/{t.centre.pk}/questions/", {"text_th": "ป้ายบอกทางชัดเจนหรือไม่"}
        ),
        _exists(LocalQuestion, text_th="ป้ายบอกทางชัดเจนหรือไม่"),
    ),
    Write(
        "stop asking a local question",
        OWN_ADMIN,
        lambda c, t: c.post(
            f"/survey/centres/{t.centre.pk}/questions/{t.extra['question'].pk}/toggle/"
        ),
        lambda t: not LocalQuestion.objects.get(pk=t.extra["question"].pk).is_active,
        setup=_local_question,
    ),
    Write(
        "record the people served",
        OWN_STAFF,
        lambda c, t: c.post(
            f"/survey/centres/{t.centre.pk}/results/",
            {"period_start": "1/10/2568", "period_end": "31/10/2568", "people": "1200"},
        ),
        _exists(PeopleServed, people=1200),
    ),
    Write(
        "import survey answers",
        OWN_STAFF,
        _answers_import,
        _exists(Response, source=Response.Source.IMPORT),
    ),
    # --- certification: the committee's decision and certificates
    Write(
        "record the committee's decision",
        OPS,
        _decide,
        lambda t: (
            t.extra["application"]
            .__class__.objects.filter(pk=t.extra["application"].pk, decision__isnull=False)
            .exists()
        ),
        setup=_assessed,
    ),
    Write(
        "suspend a certificate",
        OPS,
        lambda c, t: c.post(
            f"/certification/certificates/{t.extra['certificate'].pk}/suspend/",
            {"reason": "ไม่ส่งรายงาน", "deadline": _in_30_days()},
        ),
        _certificate_state("suspended"),
        setup=_certificate,
    ),
    Write(
        "reinstate a certificate",
        OPS,
        lambda c, t: c.post(
            f"/certification/certificates/{t.extra['certificate'].pk}/reinstate/",
            {"reason": "แก้ไขแล้ว"},
        ),
        _certificate_state("active"),
        setup=_suspended,
    ),
    Write(
        "revoke a certificate",
        OPS,
        lambda c, t: c.post(
            f"/certification/certificates/{t.extra['certificate'].pk}/revoke/",
            {"reason": "ยุบศูนย์"},
        ),
        _certificate_state("revoked"),
        setup=_certificate,
    ),
    # --- certification
    Write(
        "look at the rounds for certificates to watch",
        OPS,
        lambda c, t: c.post("/certification/watch/run/"),
        lambda t: Certificate.objects.get(number="GECC-LEGACY-0002").under_watch,
        setup=_two_missed_rounds,
        targeted=False,
    ),
    # --- certification: the call
    Write(
        "write a certification call",
        OPS,
        lambda c, t: c.post("/certification/calls/new/", _call_form()),
        _exists(Call, fiscal_year=2566),
        targeted=False,
    ),
    Write(
        "change a certification call",
        OPS,
        lambda c, t: c.post(
            f"/certification/calls/{t.extra['call'].pk}/edit/",
            {**_call_form(), "fiscal_year": 2565, "correction_days": 30},
        ),
        lambda t: Call.objects.get(pk=t.extra["call"].pk).correction_days == 30,
        setup=_a_call(Call.State.OPEN),
        targeted=False,
    ),
    Write(
        "open a certification call",
        OPS,
        lambda c, t: c.post(f"/certification/calls/{t.extra['call'].pk}/open/"),
        lambda t: _call_state(t) == Call.State.OPEN,
        setup=_a_call(Call.State.DRAFT),
        targeted=False,
    ),
    Write(
        "close a certification call",
        OPS,
        lambda c, t: c.post(f"/certification/calls/{t.extra['call'].pk}/close/"),
        lambda t: _call_state(t) == Call.State.CLOSED,
        setup=_a_call(Call.State.OPEN),
        targeted=False,
    ),
    Write(
        "archive a certification call",
        OPS,
        lambda c, t: c.post(f"/certification/calls/{t.extra['call'].pk}/archive/"),
        lambda t: _call_state(t) == Call.State.ARCHIVED,
        setup=_a_call(Call.State.CLOSED),
        targeted=False,
    ),
    # --- certification: the application
    Write(
        "start an application",
        {"admin.pattanitown"},
        lambda c, t: c.post(
            f"/certification/calls/{t.extra['call'].pk}/apply/",
            {"centre": t.centre.pk, "level": apply.basic_level(t.extra["call"]).pk},
        ),
        _exists(Application, state=Application.State.DRAFT),
        setup=_a_call(Call.State.OPEN),
        # Yarang's administrator applies for Yarang's centres: the form offers only those
        # and refuses Pattani Town's.
        other={"admin.yarang": 200},
        targeted=False,
    ),
    Write(
        "save an application's draft",
        {"admin.pattanitown"},
        lambda c, t: c.post(_application_url(t, "save/"), apply.draft_post(t.extra["application"])),
        lambda t: _application(t).revision > 0,
        setup=_an_application(),
    ),
    Write(
        "attach evidence to an application",
        {"admin.pattanitown"},
        lambda c, t: c.post(
            _application_url(t, "evidence/"),
            {
                **apply.draft_post(t.extra["application"]),
                "attach": apply.criteria(t.extra["application"])[0].pk,
                f"link-{apply.criteria(t.extra['application'])[0].pk}": "https://pattani.go.th/x",
            },
        ),
        lambda t: ApplicationEvidence.objects.filter(
            application_id=t.extra["application"].pk
        ).exists(),
        setup=_an_application(),
    ),
    Write(
        "remove evidence from an application",
        {"admin.pattanitown"},
        lambda c, t: c.post(
            _application_url(
                t, f"evidence/{_application(t).evidence.order_by('pk')[0].pk}/remove/"
            ),
            apply.draft_post(_application(t)),
        ),
        lambda t: _application(t).evidence.filter(withdrawn=True).exists(),
        setup=_an_application(fill=True),
    ),
    Write(
        "send an application",
        {"admin.pattanitown"},
        lambda c, t: c.post(
            _application_url(t, "send/"), {**apply.draft_post(_application(t)), "confirm": "1"}
        ),
        lambda t: _application(t).versions.exists(),
        setup=_an_application(fill=True),
    ),
    Write(
        "withdraw an application",
        {"admin.pattanitown"},
        lambda c, t: c.post(_application_url(t, "withdraw/"), {"confirm": "1"}),
        lambda t: _application(t).state == Application.State.WITHDRAWN,
        setup=_an_application(),
    ),
    Write(
        "endorse an application",
        {"overseer.dla", "overseer.pattani"},
        lambda c, t: c.post(_application_url(t, "endorse/")),
        lambda t: _application(t).state == Application.State.SENT,
        setup=_an_application(fill=True, send=True, requires_endorsement=True),
    ),
]


# --- site assessment: a call, Pattani Town's application that passed screening, team 1
# with the demo assessor in the chair.


def _team(things: Things) -> None:
    call = assess.make_call()
    things.extra["application"] = assess.make_application(call)
    things.extra["team"] = assess.make_team(call)


def _visited(things: Things) -> None:
    application = assess.visited()
    things.extra["application"] = application
    things.extra["criterion"] = next(c for c in assess.criteria(application) if c.is_scored)


def _scored(things: Things) -> None:
    _visited(things)
    application = things.extra["application"]
    assess.fill(application, "assessor")
    assess.fill(application, "expert1")
    assess.fill(application, "assessor", consensus=True)


def _app(things: Things) -> Application:
    return Application.objects.get(pk=things.extra["application"].pk)


def _book(things: Things) -> dict[str, Any]:
    pk = things.extra["criterion"].pk
    return {f"c{pk}-points": "5", f"c{pk}-revision": "0"}


# A screener reads only what it screens: Pattani Town's application is not among it.
NOT_SCREENED = {"screener": 404}

ASSESSMENT_WRITES = [
    Write(
        "create an assessment team",
        OPS,
        lambda c, t: c.post(f"/certification/calls/{t.extra['team'].call_id}/teams/new/"),
        lambda t: AssessmentTeam.objects.count() > 1,
        setup=_team,
        targeted=False,
    ),
    Write(
        "seat a team member",
        OPS,
        lambda c, t: c.post(
            f"/certification/teams/{t.extra['team'].pk}/members/",
            {"seat": "secretary", "outside_name": "นางสาวเลขา ภายนอก"},
        ),
        lambda t: t.extra["team"].members.filter(outside_name="นางสาวเลขา ภายนอก").exists(),
        setup=_team,
        targeted=False,
    ),
    Write(
        "take a member off a team",
        OPS,
        lambda c, t: c.post(
            f"/certification/teams/{t.extra['team'].pk}/members/"
            f"{t.extra['team'].members.get(seat='opdc').pk}/remove/"
        ),
        lambda t: not t.extra["team"].members.filter(seat="opdc").exists(),
        setup=_team,
        targeted=False,
    ),
    Write(
        "give an application to a team",
        OPS,
        lambda c, t: c.post(
            f"/certification/teams/{t.extra['team'].pk}/assign/",
            {"application": t.extra["application"].pk},
        ),
        lambda t: _app(t).team_id == t.extra["team"].pk,
        setup=_team,
        targeted=False,
    ),
    Write(
        "schedule a site visit",
        OPS,
        lambda c, t: c.post(
            f"/certification/applications/{t.extra['application'].pk}/visit/",
            {"visit_on": "20/7/2565"},
        ),
        lambda t: _app(t).visit_on == date(2022, 7, 20),
        setup=_visited,
        # The assessor sits on the team: it reads the application, but OPS PMO schedules.
        other={**NOT_SCREENED, "assessor": 403},
    ),
    Write(
        "declare a conflict of interest",
        {"assessor", "chair.team1"},
        lambda c, t: c.post(
            "/certification/conflicts/", {"organisation": t.org.pk, "reason": "ญาติ"}
        ),
        _exists(ConflictOfInterest, reason="ญาติ"),
        setup=_team,
        targeted=False,
    ),
    Write(
        "save a scorebook entry as it is typed",
        {"assessor"},
        lambda c, t: c.post(
            f"/certification/applications/{t.extra['application'].pk}/scorebook/save/",
            {"criterion": t.extra["criterion"].pk, "revision": "0", "points": "5"},
        ),
        _exists(Score, points=5),
        setup=_visited,
        other=NOT_SCREENED,
    ),
    Write(
        "save a scorebook with its button",
        {"assessor"},
        lambda c, t: c.post(
            f"/certification/applications/{t.extra['application'].pk}/scorebook/", _book(t)
        ),
        _exists(Score, points=5, member__isnull=False),
        setup=_visited,
        other=NOT_SCREENED,
    ),
    Write(
        "record the team's consensus",
        {"assessor"},
        lambda c, t: c.post(
            f"/certification/applications/{t.extra['application'].pk}/consensus/", _book(t)
        ),
        _exists(Score, points=5, member__isnull=True),
        setup=_visited,
        other=NOT_SCREENED,
    ),
    Write(
        "close the team's consensus",
        {"assessor"},
        lambda c, t: c.post(
            f"/certification/applications/{t.extra['application'].pk}/consensus/close/"
        ),
        lambda t: _app(t).state == Application.State.ASSESSED,
        setup=_scored,
        other=NOT_SCREENED,
    ),
]
WRITES += ASSESSMENT_WRITES


# --- letters: compose (writing a letter, letterheads, the emblem) --------------------------
# DLA's letters: a draft is read by DLA's correspondence officers only (everyone else:
# 404, the almost-allowed clerk.pattani included); a sent letter to Pattani province is
# read by the parties' people and those above them, and changed by no one (403).

READ_DLA_SENT = {
    "opsadmin",
    "reviewer",
    "overseer.dla",
    "overseer.pattani",
    "clerk.dla",
    "clerk.pattani",
}


def _not_found_but(allowed: set[str], **statuses: int) -> dict[str, int]:
    return {p: statuses.get(p.replace(".", "_"), 404) for p in PERSONAS if p not in allowed}


def _dla_draft(action: str = "read", with_parts: bool = False) -> Callable[[Things], None]:
    def setup(things: Things) -> None:
        from correspondence.tests.factories_compose import draft

        letter = draft()
        if action == "answer":
            Letter.objects.filter(pk=letter.pk).update(action=Letter.Action.ANSWER)
            letter.refresh_from_db()
        if with_parts:
            letter.questions.create(kind="text", label="ผลการดำเนินการ", position=1)
        things.extra["letter"] = letter

    return setup


def _dla_sent(things: Things) -> None:
    from correspondence.tests.factories_compose import draft, sent

    things.extra["letter"] = sent(draft())


def _letter(things: Things) -> Letter:
    return Letter.objects.get(pk=things.extra["letter"].pk)


def _letter_url(things: Things, tail: str = "") -> str:
    return f"/letters/{things.extra['letter'].pk}/{tail}"


def _editor_post(things: Things, **changes: Any) -> dict[str, Any]:
    from correspondence.tests.factories_compose import editor_post

    return editor_post(_letter(things), **changes)


def _dla_letterhead(things: Things) -> None:
    from correspondence.tests.factories_compose import letterhead

    letterhead("DLA")


def _emblem_upload(client: Client, things: Things) -> Any:
    from correspondence.tests.factories_compose import png

    return client.post("/letters/emblem/", {"image": SimpleUploadedFile("garuda.png", png())})


LETTER_WRITES = [
    Write(
        "start a letter",
        {"clerk.dla"},
        lambda c, t: c.post("/letters/new/", {"sender": Organisation.objects.get(code="DLA").pk}),
        _exists(Letter, sender__code="DLA"),
        setup=_dla_letterhead,
        # Who writes for another organisation is refused the choice on the form.
        other={
            "opsadmin": 200,
            "admin.pattanitown": 200,
            "admin.yarang": 200,
            "clerk.pattani": 200,
        },
        targeted=False,
    ),
    Write(
        "save a draft letter",
        {"clerk.dla"},
        lambda c, t: c.post(_letter_url(t, "edit/"), _editor_post(t, subject="แก้ไขแล้ว")),
        lambda t: _letter(t).subject == "แก้ไขแล้ว",
        setup=_dla_draft(),
        other=_not_found_but({"clerk.dla"}),
    ),
    Write(
        "change a sent letter",
        set(),
        lambda c, t: c.post(_letter_url(t, "edit/"), _editor_post(t, subject="แก้ไขแล้ว")),
        lambda t: _letter(t).subject == "แก้ไขแล้ว",
        setup=_dla_sent,
        other={p: 403 if p in READ_DLA_SENT else 404 for p in PERSONAS},
    ),
    Write(
        "add a reference to a letter",
        {"clerk.dla"},
        lambda c, t: c.post(
            _letter_url(t, "references/add/"),
            {
                "ref-issuer": "กระทรวงมหาดไทย",
                "ref-number": "มท 0218/ว 4252",
                "ref-date": "15/6/2565",
            },
        ),
        lambda t: _letter(t).references.filter(number="มท 0218/ว 4252").exists(),
        setup=_dla_draft(),
        other=_not_found_but({"clerk.dla"}),
    ),
    Write(
        "add a reference to a sent letter",
        set(),
        lambda c, t: c.post(
            _letter_url(t, "references/add/"),
            {
                "ref-issuer": "กระทรวงมหาดไทย",
                "ref-number": "มท 0218/ว 4252",
                "ref-date": "15/6/2565",
            },
        ),
        lambda t: _letter(t).references.filter(number="มท 0218/ว 4252").exists(),
        setup=_dla_sent,
        other={p: 403 if p in READ_DLA_SENT else 404 for p in PERSONAS},
    ),
    Write(
        "remove a reference from a letter",
        {"clerk.dla"},
        lambda c, t: c.post(_letter_url(t, f"references/{_letter(t).references.get().pk}/remove/")),
        lambda t: not _letter(t).references.exists(),
        setup=_dla_draft(),
        other=_not_found_but({"clerk.dla"}),
    ),
    Write(
        "add an enclosure to a letter",
        {"clerk.dla"},
        lambda c, t: c.post(_letter_url(t, "enclosures/add/"), {"enc-description": "แผนผัง"}),
        lambda t: _letter(t).enclosures.filter(description="แผนผัง").exists(),
        setup=_dla_draft(),
        other=_not_found_but({"clerk.dla"}),
    ),
    Write(
        "remove an enclosure from a letter",
        {"clerk.dla"},
        lambda c, t: c.post(_letter_url(t, f"enclosures/{_letter(t).enclosures.get().pk}/remove/")),
        lambda t: not _letter(t).enclosures.exists(),
        setup=_dla_draft(),
        other=_not_found_but({"clerk.dla"}),
    ),
    Write(
        "add a question to a letter",
        {"clerk.dla"},
        lambda c, t: c.post(
            _letter_url(t, "questions/add/"), {"q-label": "จำนวนผู้รับบริการ", "q-kind": "number"}
        ),
        lambda t: _letter(t).questions.filter(label="จำนวนผู้รับบริการ").exists(),
        setup=_dla_draft("answer"),
        other=_not_found_but({"clerk.dla"}),
    ),
    Write(
        "remove a question from a letter",
        {"clerk.dla"},
        lambda c, t: c.post(_letter_url(t, f"questions/{_letter(t).questions.get().pk}/remove/")),
        lambda t: not _letter(t).questions.exists(),
        setup=_dla_draft("answer", with_parts=True),
        other=_not_found_but({"clerk.dla"}),
    ),
    Write(
        "delete a draft letter",
        {"clerk.dla"},
        lambda c, t: c.post(_letter_url(t, "delete/")),
        lambda t: not Letter.objects.filter(pk=t.extra["letter"].pk).exists(),
        setup=_dla_draft(),
        other=_not_found_but({"clerk.dla"}),
    ),
    Write(
        "keep a letterhead",
        {"clerk.dla"},
        lambda c, t: c.post(
            f"/letters/letterheads/{Organisation.objects.get(code='DLA').pk}/",
            {"letter_code": "มท 0810.4", "address": "ถนนนครราชสีมา กทม. 10300"},
        ),
        _exists(Letterhead, organisation__code="DLA", letter_code="มท 0810.4"),
        # Those who read DLA but do not write for it.
        other=_not_found_but({"clerk.dla"}, opsadmin=403, reviewer=403, overseer_dla=403),
    ),
    Write(
        "replace the emblem",
        {"opsadmin"},
        _emblem_upload,
        lambda t: Emblem.objects.exists(),
        targeted=False,
    ),
]
WRITES += LETTER_WRITES
# --- letters: receive (the recipient's registration, answer and forward) ---------------------
# Pattani Town's copy of the province's circular, and the province's copy of DLA's letter
# (correspondence/tests/factories_receive.py). Those who follow a letter (its sender's
# people, and the first sender's) read each copy, but act for no recipient.
TOWN_COPY_FOLLOWERS = {"clerk.pattani": 403, "clerk.dla": 403}
PROVINCE_COPY = {"clerk.dla": 403, "admin.pattanitown": 404, "staff.pattanitown": 404}


def _letters(things: Things) -> None:
    from correspondence.tests.factories_receive import founding

    world = {o.code: o for o in Organisation.objects.all()}
    things.extra["letters"] = founding(world)
    Letterhead.objects.get_or_create(
        organisation=things.org, defaults={"letter_code": "ปน 52001", "address": "ปัตตานี"}
    )


def _town_copy(things: Things) -> Recipient:
    copy: Recipient = things.extra["letters"].town_copy
    return copy


def _province_copy(things: Things) -> Recipient:
    copy: Recipient = things.extra["letters"].province_copy
    return copy


def _registration() -> dict[str, str]:
    from correspondence.tests.factories_receive import today_typed

    return {"register_number": "1234", "register_date": today_typed()}


def _reply(things: Things) -> dict[str, str]:
    questions = {q.kind: q.pk for q in _town_copy(things).letter.questions.all()}
    return {
        **_registration(),
        f"question-{questions['yes_no']}": "yes",
        f"question-{questions['number']}": "12",
    }


def _registered(copy: Callable[[Things], Recipient]) -> Callable[[Things], bool]:
    return lambda t: Recipient.objects.filter(pk=copy(t).pk, acknowledged_at__isnull=False).exists()


def _forwarded(copy: Callable[[Things], Recipient]) -> Callable[[Things], bool]:
    return lambda t: Letter.objects.filter(forwards=copy(t), state=Letter.State.DRAFT).exists()


RECEIVING_WRITES = [
    Write(
        "register Pattani Town's copy of a letter as received (ลงรับ)",
        {"admin.pattanitown"},
        lambda c, t: c.post(f"/letters/copies/{_town_copy(t).pk}/acknowledge/", _registration()),
        _registered(_town_copy),
        setup=_letters,
        other=TOWN_COPY_FOLLOWERS,
    ),
    Write(
        "answer the reply form of Pattani Town's copy",
        {"admin.pattanitown"},
        lambda c, t: c.post(f"/letters/copies/{_town_copy(t).pk}/answer/", _reply(t)),
        lambda t: Recipient.objects.filter(pk=_town_copy(t).pk, answered_at__isnull=False).exists(),
        setup=_letters,
        other=TOWN_COPY_FOLLOWERS,
    ),
    Write(
        "pass Pattani Town's copy down with a covering letter",
        {"admin.pattanitown"},
        lambda c, t: c.post(f"/letters/copies/{_town_copy(t).pk}/forward/"),
        _forwarded(_town_copy),
        setup=_letters,
        other=TOWN_COPY_FOLLOWERS,
    ),
    Write(
        "register the province's copy of DLA's letter as received",
        {"clerk.pattani"},
        lambda c, t: c.post(
            f"/letters/copies/{_province_copy(t).pk}/acknowledge/", _registration()
        ),
        _registered(_province_copy),
        setup=_letters,
        other=PROVINCE_COPY,
    ),
    Write(
        "pass the province's copy of DLA's letter down to its local governments",
        {"clerk.pattani"},
        lambda c, t: c.post(f"/letters/copies/{_province_copy(t).pk}/forward/"),
        _forwarded(_province_copy),
        setup=_letters,
        other=PROVINCE_COPY,
    ),
]
WRITES += RECEIVING_WRITES


# --- letters: downloads (the exports, prepared in the background for whoever asks) -------
def _asked(maker: str) -> Callable[[Things], bool]:
    from downloads.models import Download

    return lambda things: Download.objects.filter(maker=maker).exists()


def _screened_call(things: Things) -> None:
    _screening_application(assigned_to="screener")(things)
    from certification import screening
    from certification.tests.factories_screen import all_complete

    application = things.extra["application"]
    screening.decide(
        actor=User.objects.get(username="screener"),
        application=application,
        version_number=1,
        outcome="passed",
        judgements=all_complete(application.call),
        reason_ids=[],
    )


# Who follows the programme's results (OVERSEE): OPS PMO and the overseers, wherever.
OVERSEERS = {"opsadmin", "reviewer", "overseer.dla", "overseer.pattani", "overseer.chiangmai"}
DOWNLOAD_WRITES = [
    Write(
        "ask for the completeness workbook of Pattani Town",
        READERS,
        lambda c, t: c.post(
            f"/reports/completeness.xlsx?round={t.report.round_id}&area={t.org.pk}"
        ),
        _asked("maintenance.completeness"),
    ),
    Write(
        "ask for a report version's PDF",
        READERS,
        lambda c, t: c.post(f"/reports/{t.report.pk}/v1/pdf/"),
        _asked("maintenance.version_pdf"),
        setup=_submitted,
    ),
    Write(
        "ask for the screening results sheet",
        OVERSEERS,
        lambda c, t: c.post(
            f"/certification/screening/results/{t.extra['application'].call_id}/sheet.xlsx"
        ),
        _asked("certification.screening_results_sheet"),
        setup=_screened_call,
        targeted=False,
    ),
    Write(
        "ask for the screening results PDF",
        OVERSEERS,
        lambda c, t: c.post(
            f"/certification/screening/results/{t.extra['application'].call_id}/letter.pdf"
        ),
        _asked("certification.screening_results_pdf"),
        setup=_screened_call,
        targeted=False,
    ),
]
WRITES += DOWNLOAD_WRITES


# --- letters: follow
def _letter_followed(things: Things) -> None:
    """DLA's letter to Pattani province, which forwarded it to Pattani Town (so Pattani
    Town's people read DLA's letter too); nobody has acknowledged it yet."""
    from correspondence.tests.factories_follow import copy_of, sent_letter

    dla, province = Organisation.objects.get(code="DLA"), Organisation.objects.get(code="P94")
    letter = sent_letter(sender=dla, recipients=[province])
    sent_letter(sender=province, recipients=[things.org], forwards=copy_of(letter, province))
    things.extra["letter"] = letter


def _reminded(things: Things) -> bool:
    from notices.models import Notice

    return Notice.objects.filter(letter=things.extra["letter"], kind="reminder").exists()


# --- letters: sending
# A draft is seen by its sender's correspondence officers alone: everyone else, its
# overseers too, gets 404 for it, as for a saved list of recipients.
CORRESPONDENTS = {"opsadmin", "admin.pattanitown", "admin.yarang", "clerk.dla", "clerk.pattani"}


def _dla_draft_to_send(things: Things) -> None:
    from correspondence.tests.factories_send import draft, letterhead

    dla = Organisation.objects.get(code="DLA")
    letterhead(dla)
    things.extra["letter"] = draft(dla)


def _dla_list(things: Things) -> None:
    from correspondence.models import RecipientList

    recipient_list = RecipientList.objects.create(
        owner=Organisation.objects.get(code="DLA"),
        name="ภาคใต้",
        created_by=User.objects.get(username="clerk.dla"),
    )
    recipient_list.members.set([Organisation.objects.get(code="P94")])
    things.extra["list"] = recipient_list


def _only(persona: str) -> dict[str, int]:
    return {p: 404 for p in PERSONAS if p != persona}


def _letter_state(things: Things) -> str:
    from correspondence.models import Letter

    return str(Letter.objects.get(pk=things.extra["letter"].pk).state)


def _list_named(name: str) -> Callable[[Things], bool]:
    from correspondence.models import RecipientList

    return lambda things: RecipientList.objects.filter(name=name).exists()


WRITES += [
    Write(
        "remind a letter's silent recipients",
        {"clerk.dla"},
        lambda c, t: c.post(f"/letters/{t.extra['letter'].pk}/tracking/remind/"),
        _reminded,
        setup=_letter_followed,
        # Pattani's clerk reads the letter it received, but reminds only as a sender.
        other={"clerk.pattani": 403},
    ),
    Write(
        "ask for the answers to a letter as Excel",
        # Those who follow DLA's letter: DLA's people and those who oversee DLA.
        {"opsadmin", "reviewer", "overseer.dla", "clerk.dla"},
        lambda c, t: c.post(f"/letters/{t.extra['letter'].pk}/tracking/answers.xlsx"),
        _asked("correspondence.answers"),
        setup=_letter_followed,
        # A recipient reads the letter, not the others' answers.
        other={"clerk.pattani": 403},
    ),
    Write(
        "send a letter",
        {"clerk.dla"},
        lambda c, t: c.post(
            f"/letters/{t.extra['letter'].pk}/send/",
            {"province": "94", "revision": "0", "confirm": "1"},
        ),
        lambda t: _letter_state(t) != "draft",
        setup=_dla_draft_to_send,
        other=_only("clerk.dla"),
    ),
    Write(
        "create a saved list of recipients",
        CORRESPONDENTS,
        lambda c, t: c.post(
            "/letters/lists/new/",
            {"name": "กระทรวง", "org": Organisation.objects.get(code="MOPH").pk},
        ),
        _list_named("กระทรวง"),
        targeted=False,
    ),
    Write(
        "change a saved list of recipients",
        {"clerk.dla"},
        lambda c, t: c.post(
            f"/letters/lists/{t.extra['list'].pk}/",
            {"name": "ภาคใต้ตอนล่าง", "org": Organisation.objects.get(code="P94").pk},
        ),
        _list_named("ภาคใต้ตอนล่าง"),
        setup=_dla_list,
        other=_only("clerk.dla"),
    ),
    Write(
        "remove a saved list of recipients",
        {"clerk.dla"},
        lambda c, t: c.post(f"/letters/lists/{t.extra['list'].pk}/delete/"),
        lambda t: not _list_named("ภาคใต้")(t),
        setup=_dla_list,
        other=_only("clerk.dla"),
    ),
]


# --- campaigns: publishing the results (issue 13 §4) ----------------------------------------
# DLA's campaign of Pattani's local governments: run by DLA's overseer alone; followed
# (403) by DLA's correspondence officer and OPS PMO's readers, who may not publish;
# unknown (404) to everyone else, the asked units and Chiang Mai's overseer included.


def _dla_campaign(published: bool) -> Callable[[Things], None]:
    def setup(things: Things) -> None:
        from campaigns.tests.factories_publication import campaign

        made = campaign("DLA")
        if published:
            made.published_at = timezone.now()
            made.save(update_fields=["published_at"])
        things.extra["campaign"] = made

    return setup


def _published(things: Things) -> bool:
    from campaigns.models import Campaign

    return Campaign.objects.get(pk=things.extra["campaign"].pk).published_at is not None


CAMPAIGN_FOLLOWERS_WHO_DO_NOT_RUN = {"opsadmin": 403, "reviewer": 403, "clerk_dla": 403}

CAMPAIGN_PUBLICATION_WRITES = [
    Write(
        "publish a campaign's results",
        {"overseer.dla"},
        lambda c, t: c.post(f"/campaigns/{t.extra['campaign'].pk}/publish/"),
        _published,
        setup=_dla_campaign(published=False),
        other=_not_found_but({"overseer.dla"}, **CAMPAIGN_FOLLOWERS_WHO_DO_NOT_RUN),
    ),
    Write(
        "unpublish a campaign's results",
        {"overseer.dla"},
        lambda c, t: c.post(f"/campaigns/{t.extra['campaign'].pk}/unpublish/"),
        lambda t: not _published(t),
        setup=_dla_campaign(published=True),
        other=_not_found_but({"overseer.dla"}, **CAMPAIGN_FOLLOWERS_WHO_DO_NOT_RUN),
    ),
]
WRITES += CAMPAIGN_PUBLICATION_WRITES
# --- campaigns: tracking ---------------------------------------------------------------
# DLA's launched campaign (campaigns/tests/factories_tracking.py). Those who follow DLA's
# campaigns read it: DLA's own people and OPS PMO's readers; only those who run them
# (DLA's overseer) remind. Everyone else gets 404, Pattani Town's own people too: the
# tracking of DLA's campaign is DLA's, whichever units it asks.
CAMPAIGN_FOLLOWERS = {"opsadmin", "reviewer", "overseer.dla", "clerk.dla"}


def _dla_launched(things: Things) -> None:
    from campaigns.tests.factories_tracking import launched

    things.extra["campaign"] = launched()


def _campaign_reminded(things: Things) -> bool:
    from notices.models import Notice

    return Notice.objects.filter(campaign=things.extra["campaign"]).exists()


CAMPAIGN_TRACKING_WRITES = [
    Write(
        "remind a campaign's silent organisations",
        {"overseer.dla"},
        lambda c, t: c.post(f"/campaigns/{t.extra['campaign'].pk}/remind/"),
        _campaign_reminded,
        setup=_dla_launched,
        # They follow DLA's campaign but do not run it; nobody else reads it.
        other={
            **{p: 404 for p in PERSONAS if p not in CAMPAIGN_FOLLOWERS},
            **{p: 403 for p in CAMPAIGN_FOLLOWERS - {"overseer.dla"}},
        },
    ),
]
WRITES += CAMPAIGN_TRACKING_WRITES
CAMPAIGN_TRACKING_WRITING = {"campaigns:remind"}
CAMPAIGN_TRACKING_READING = {"campaigns:tracking", "campaigns:tracking_figures"}

# --- oversight: dashboards (reading only; their scope is oversight/tests/test_scopes.py) ---
OVERSIGHT_READING = {"oversight:dashboard", "oversight:chase_list", "oversight:compare"}
# The yearly targets are OPS PMO's administrators' alone, for the programme as a whole:
# 403 for everyone else, the reviewer (OPS PMO, oversees the nation) included.
OVERSIGHT_WRITES = [
    Write(
        "set a yearly target",
        OPS,
        lambda c, t: c.post(
            "/oversight/targets/",
            {
                "fiscal_year": str(dates.fiscal_year(dates.bangkok_today())),
                "organisation": str(Organisation.objects.get(code="P94").pk),
                "certified": "25",
            },
        ),
        lambda t: Target.objects.exists(),
        targeted=False,
    ),
]


# Whom to chase on Pattani Town's dashboard (its report of the round is missing): OPS
# PMO's administrator and the overseers above it remind; OPS PMO's reviewer reads the
# dashboard but does not remind (403); nobody else oversees the unit (404).
def _chased(things: Things) -> bool:
    from notices.models import Notice

    return Notice.objects.filter(kind=Notice.Kind.CHASE, organisation=things.org).exists()


OVERSIGHT_WRITES += [
    Write(
        "remind the units to chase",
        {"opsadmin", "overseer.pattani", "overseer.dla"},
        lambda c, t: c.post(f"/oversight/{t.org.pk}/chase/remind/"),
        _chased,
        other=_not_found_but({"opsadmin", "overseer.pattani", "overseer.dla"}, reviewer=403),
    ),
]
WRITES += OVERSIGHT_WRITES
OVERSIGHT_WRITING = {"oversight:targets", "oversight:remind"}

# --- oversight: a dashboard's exports and the weekly digest ---------------------------
# Pattani Town's dashboard is overseen by OPS PMO's readers, Pattani's and DLA's
# overseers; for everyone else it does not exist (404), its own people included: a
# unit's administrator oversees nothing. The digest is for anyone who oversees.
TOWN_OVERSEERS = OVERSEERS - {"overseer.chiangmai"}


def _digest_on(things: Things) -> bool:
    from oversight.models import Digest

    return Digest.objects.exists()


OVERSIGHT_WRITES_EXPORTS = [
    Write(
        "ask for the Excel of Pattani Town's dashboard",
        TOWN_OVERSEERS,
        lambda c, t: c.post(f"/oversight/{t.org.pk}/export.xlsx"),
        _asked("oversight.xlsx"),
        other={p: 404 for p in PERSONAS if p not in TOWN_OVERSEERS},
    ),
    Write(
        "ask for the PDF report of Pattani Town's dashboard",
        TOWN_OVERSEERS,
        lambda c, t: c.post(f"/oversight/{t.org.pk}/export.pdf"),
        _asked("oversight.pdf"),
        other={p: 404 for p in PERSONAS if p not in TOWN_OVERSEERS},
    ),
    Write(
        "turn the weekly digest on",
        OVERSEERS,
        lambda c, t: c.post("/oversight/digest/", {"on": "1"}),
        _digest_on,
        other={p: 404 for p in PERSONAS if p not in OVERSEERS},
    ),
]
WRITES += OVERSIGHT_WRITES_EXPORTS
OVERSIGHT_WRITING |= {"oversight:export_xlsx", "oversight:export_pdf", "oversight:digest"}


# --- campaign surveys: answering (an organisation's response, the staff page, suspects) ----
# DLA's campaign asks Pattani's local governments (campaigns/tests/factories_answering.py).
# Pattani Town's people and overseers read its response, and DLA's followers read it as
# the campaign's; only its administrator answers. Those who follow DLA's campaigns (OPS
# PMO's readers, DLA's clerk) run none of them; DLA's overseer does.
RUN_BY_NO_FOLLOWER = {"opsadmin": 403, "reviewer": 403, "clerk.dla": 403}


def _asked_campaign(audience: str = "organisations") -> Callable[[Things], None]:
    def setup(things: Things) -> None:
        from campaigns.tests.factories_answering import launched, town

        things.extra["target"] = town(launched(audience=audience))

    return setup


def _suspect_staff_answer(things: Things) -> None:
    from campaigns.models import Response as CampaignResponse

    _asked_campaign("staff")(things)
    target = things.extra["target"]
    things.extra["suspect"] = CampaignResponse.objects.create(
        campaign=target.campaign,
        target=target,
        questionnaire=target.campaign.questionnaire,
        anonymous=True,
        state="sent",
        status="suspect",
        reasons=["too_fast"],
        answers={"level": "basic"},
    )


def _campaign_response(state: str | None = None, **lookups: Any) -> Callable[[Things], bool]:
    from campaigns.models import Response as CampaignResponse

    def changed(things: Things) -> bool:
        found = CampaignResponse.objects.filter(target=things.extra["target"], **lookups)
        return found.filter(state=state).exists() if state else found.exists()

    return changed


def _complete_answer(action: str) -> dict[str, Any]:
    from campaigns.tests.factories_answering import COMPLETE

    return {**COMPLETE, "revision": "0", "action": action}


CAMPAIGN_ANSWER_WRITES = [
    Write(
        "save a draft of Pattani Town's response to DLA's campaign",
        {"admin.pattanitown"},
        lambda c, t: c.post(
            f"/campaigns/asked/{t.extra['target'].pk}/",
            {"q-level": "basic", "revision": "0", "action": "save"},
        ),
        _campaign_response("draft", anonymous=False),
        setup=_asked_campaign(),
        other=RUN_BY_NO_FOLLOWER,
    ),
    Write(
        "send Pattani Town's response to DLA's campaign",
        {"admin.pattanitown"},
        lambda c, t: c.post(
            f"/campaigns/asked/{t.extra['target'].pk}/", _complete_answer("confirm")
        ),
        _campaign_response("sent", anonymous=False),
        setup=_asked_campaign(),
        other=RUN_BY_NO_FOLLOWER,
    ),
    Write(
        "answer a staff survey on Pattani Town's public staff page",
        set(PERSONAS),  # public: no sign-in needed, anyone with the link answers
        lambda c, t: c.post(f"/s/{t.extra['target'].staff_code}/", _complete_answer("send")),
        _campaign_response(anonymous=True),
        setup=_asked_campaign("staff"),
        targeted=False,
    ),
    Write(
        "count all suspect staff answers of DLA's campaign, confirmed",
        {"overseer.dla"},
        lambda c, t: c.post(
            f"/campaigns/{t.extra['target'].campaign_id}/suspects/decide/",
            {"decision": "count", "confirm": "1", "expected": "1"},
        ),
        _campaign_response(anonymous=True, status="counted"),
        setup=_suspect_staff_answer,
        other=_only("overseer.dla") | RUN_BY_NO_FOLLOWER,
    ),
]
WRITES += CAMPAIGN_ANSWER_WRITES


# --- campaigns: results' files (downloads). A campaign is followed by its owner's
# people, the overseers above and OPS PMO's readers; anyone else gets 404.
PATTANI_FOLLOWERS = {"opsadmin", "reviewer", "overseer.pattani", "clerk.pattani"}


def _not_following(followers: set[str]) -> dict[str, int]:
    return {p: 404 for p in PERSONAS if p not in followers}


def _dla_answered(things: Things) -> None:
    from campaigns.tests.factories_results import dla_campaign

    things.extra["campaign"] = dla_campaign()


def _small_staff_campaign(things: Things) -> None:
    from campaigns.tests.factories_results import staff_campaign

    things.extra["campaign"] = staff_campaign()  # three answers: under the minimum


def _campaign_export(name: str, maker: str, label: str) -> Write:
    return Write(
        f"ask for a campaign's {label}",
        CAMPAIGN_FOLLOWERS,
        lambda c, t: c.post(reverse(f"campaigns:{name}", args=[t.extra["campaign"].pk])),
        _asked(maker),
        setup=_dla_answered,
        other=_not_following(CAMPAIGN_FOLLOWERS),
    )


CAMPAIGN_RESULTS_WRITES = [
    _campaign_export("export_answers_xlsx", "campaigns.answers", "answers as Excel"),
    _campaign_export("export_answers_csv", "campaigns.answers", "answers as CSV"),
    _campaign_export("export_results_xlsx", "campaigns.results", "results as Excel"),
    _campaign_export("export_results_csv", "campaigns.results", "results as CSV"),
    _campaign_export("export_results_pdf", "campaigns.results", "results as PDF"),
    Write(
        "ask for a staff survey's three answers",
        set(),
        lambda c, t: c.post(reverse("campaigns:export_answers_csv", args=[t.extra["campaign"].pk])),
        _asked("campaigns.answers"),
        setup=_small_staff_campaign,
        # Followers are sent back to the results with the reason; nothing is prepared.
        other={**_not_following(PATTANI_FOLLOWERS), **{p: 302 for p in PATTANI_FOLLOWERS}},
    ),
]
WRITES += CAMPAIGN_RESULTS_WRITES


# --- campaigns: building and launching (the owner's side) --------------------------------
# A DLA campaign is followed by DLA's people and OPS PMO's readers (everyone else: 404)
# and run by DLA's overseer alone: OPS PMO and DLA's clerk read it but may not run it
# (403); Chiang Mai's overseer and Yarang's administrator, who run their own, get 404.
CAMPAIGN_DLA_OTHERS = {
    **_not_found_but(CAMPAIGN_FOLLOWERS),
    "opsadmin": 403,
    "reviewer": 403,
    "clerk.dla": 403,
}
# Who runs campaigns somewhere else: refused the choice of DLA on the form.
CAMPAIGN_RUNNERS_ELSEWHERE = {
    "opsadmin",
    "overseer.pattani",
    "overseer.chiangmai",
    "admin.pattanitown",
    "admin.yarang",
}


def _campaign_draft(things: Things) -> None:
    from campaigns.tests.factories_build import draft

    things.extra["campaign"] = draft()


def _campaign_with_targets(things: Things) -> None:
    from campaigns.tests.factories_build import draft, with_targets

    things.extra["campaign"] = with_targets(draft())


def _campaign_launched(things: Things) -> None:
    from campaigns.tests.factories_build import draft, launched

    things.extra["campaign"] = launched(draft())


def _campaign_now(things: Things) -> Any:
    from campaigns.models import Campaign

    return Campaign.objects.get(pk=things.extra["campaign"].pk)


def _campaign_url(things: Things, tail: str = "") -> str:
    return f"/campaigns/{things.extra['campaign'].pk}/{tail}"


def _campaign_details(things: Things) -> dict[str, Any]:
    from thaicalendar.dates import bangkok_today, format_date

    today = bangkok_today()
    return {
        "title_th": "สำรวจที่แก้แล้ว",
        "audience": "organisations",
        "opens_on": format_date(today, style="numeric"),
        "closes_on": format_date(today + timedelta(days=10), style="numeric"),
        "start": "blank",
        "revision": things.extra["campaign"].revision if "campaign" in things.extra else 0,
    }


CAMPAIGN_BUILD_WRITES = [
    Write(
        "create a campaign survey",
        {"overseer.dla"},
        lambda c, t: c.post(
            "/campaigns/new/",
            {**_campaign_details(t), "owner": Organisation.objects.get(code="DLA").pk},
        ),
        lambda t: (
            __import__("campaigns.models")
            .models.Campaign.objects.filter(owner__code="DLA")
            .exists()
        ),
        other={p: 400 for p in CAMPAIGN_RUNNERS_ELSEWHERE},
        targeted=False,
    ),
    Write(
        "change a draft campaign's details",
        {"overseer.dla"},
        lambda c, t: c.post(_campaign_url(t, "edit/"), _campaign_details(t)),
        lambda t: _campaign_now(t).title_th == "สำรวจที่แก้แล้ว",
        setup=_campaign_draft,
        other=CAMPAIGN_DLA_OTHERS,
    ),
    Write(
        "add a section to a campaign's questionnaire",
        {"overseer.dla"},
        lambda c, t: c.post(
            _campaign_url(t, "questions/"),
            {"action": "section_add", "th": "ส่วนใหม่", "revision": t.extra["campaign"].revision},
        ),
        lambda t: _campaign_now(t).questionnaire.version > 1,
        setup=_campaign_draft,
        other=CAMPAIGN_DLA_OTHERS,
    ),
    Write(
        "add a question to a campaign's questionnaire",
        {"overseer.dla"},
        lambda c, t: c.post(
            _campaign_url(t, "questions/question/"),
            {
                "section": "0",
                "kind": "short_text",
                "th": "ข้อเสนอแนะ",
                "revision": t.extra["campaign"].revision,
            },
        ),
        lambda t: _campaign_now(t).questionnaire.version > 1,
        setup=_campaign_draft,
        other=CAMPAIGN_DLA_OTHERS,
    ),
    Write(
        "choose whom a campaign asks",
        {"overseer.dla"},
        lambda c, t: c.post(
            _campaign_url(t, "targets/"),
            {"province": "94", "revision": t.extra["campaign"].revision},
        ),
        lambda t: bool(_campaign_now(t).selection),
        setup=_campaign_draft,
        other=CAMPAIGN_DLA_OTHERS,
    ),
    Write(
        "launch a campaign",
        {"overseer.dla"},
        lambda c, t: c.post(
            _campaign_url(t, "launch/"),
            {"confirm": "1", "revision": t.extra["campaign"].revision},
        ),
        lambda t: _campaign_now(t).launched_at is not None,
        setup=_campaign_with_targets,
        other=CAMPAIGN_DLA_OTHERS,
    ),
    Write(
        "close a campaign early",
        {"overseer.dla"},
        lambda c, t: c.post(_campaign_url(t, "close/")),
        lambda t: _campaign_now(t).closed_at is not None,
        setup=_campaign_launched,
        other=CAMPAIGN_DLA_OTHERS,
    ),
]
WRITES += CAMPAIGN_BUILD_WRITES


@pytest.fixture
def things(world: Any) -> Things:
    ops = User.objects.get(username="opsadmin")
    rnd = reports.set_round(actor=ops, fiscal_year=2565, months=6, deadline=date(2022, 4, 15))
    reports.open_round(actor=ops, rnd=rnd)
    org = world["5940101"]
    centre = ServiceCentre.objects.get(organisation=org)
    return Things(
        org=org,
        centre=centre,
        counter=centre.counters.order_by("number")[0],
        report=Report.objects.get(round=rnd, centre=centre),
        staff=User.objects.get(username="staff.pattanitown"),
    )


def _expected(write: Write, persona: str) -> tuple[int | None, bool]:
    """The status the persona gets (None: any success) and whether the data changes."""
    if persona in write.allowed:
        return None, True
    if persona in write.other:
        return write.other[persona], False
    if write.targeted and persona not in READERS:
        return 404, False
    return 403, False


@pytest.mark.parametrize("write", WRITES, ids=[w.name for w in WRITES])
def test_every_write_by_every_persona(write: Write, things: Things) -> None:
    clients = {}
    for persona in PERSONAS:
        clients[persona] = Client(raise_request_exception=False)
        clients[persona].force_login(User.objects.get(username=persona))
    write.setup(things)
    wrong = []
    for persona in PERSONAS:
        status, changes = _expected(write, persona)
        with transaction.atomic():
            response = write.send(clients[persona], things)
            changed = bool(write.changed(things))
            if status is None:
                right = response.status_code in (200, 302) and changed
            else:
                right = response.status_code == status and not changed
            if not right:
                wrong.append(
                    f"{persona}: got {response.status_code}, changed={changed}; "
                    f"expected {status or 'success'}, changed={changes}"
                )
            transaction.set_rollback(True)
    assert wrong == [], f"{write.name}: " + "; ".join(wrong)


def test_every_address_that_changes_something_is_in_the_matrix() -> None:
    """A new form or action must join the matrix: its names are listed here."""
    from django.urls import get_resolver

    def names(resolver: Any, prefix: str = "") -> set[str]:
        found = set()
        for entry in resolver.url_patterns:
            if hasattr(entry, "url_patterns"):
                space = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                found |= names(entry, space)
            elif entry.name:
                found.add(prefix + entry.name)
        return found

    writing = {
        "campaigns:publish",
        "campaigns:unpublish",
        "accounts:staff_new",
        "accounts:staff_edit",
        "accounts:role_grant",
        "accounts:role_revoke",
        "registry:organisation_new",
        "registry:organisation_edit",
        "registry:centre_new",
        "registry:centre_edit",
        "registry:counter_new",
        "registry:counter_edit",
        "registry:lao_import",
        "registry:lao_import_confirm",
        "standards:import",
        "standards:import_confirm",
        "maintenance:rounds",
        "maintenance:round_open",
        "maintenance:report",
        "maintenance:submit",
        "maintenance:evidence_add",
        "maintenance:evidence_withdraw",
        "maintenance:version",
        "survey:suspect_list",
        "survey:suspect_window",
        "survey:opening_hours",
        "survey:local_questions",
        "survey:local_question_toggle",
        "survey:centre_results",
        "survey:import_answers",
        "survey:import_answers_check",
        "survey:import_answers_confirm",
        "certification:decide",
        "certification:certificate_suspend",
        "certification:certificate_reinstate",
        "certification:certificate_revoke",
        "certification:watch_run",
        "certification:team_new",
        "certification:team_member_add",
        "certification:team_member_remove",
        "certification:team_assign",
        "certification:visit_schedule",
        "certification:conflict_declare",
        "certification:scorebook",
        "certification:scorebook_save",
        "certification:consensus",
        "certification:consensus_close",
        "certification:reason_new",
        "certification:reason_edit",
        "certification:screening_assign",
        "certification:screening_decide",
        "certification:call_new",
        "certification:call_edit",
        "certification:call_open",
        "certification:call_close",
        "certification:call_archive",
        "certification:application_new",
        "certification:application_save",
        "certification:application_evidence",
        "certification:application_evidence_remove",
        "certification:application_send",
        "certification:application_withdraw",
        "certification:application_endorse",
        "correspondence:letter_new",
        "correspondence:letter_edit",
        "correspondence:letter_delete",
        "correspondence:reference_add",
        "correspondence:reference_remove",
        "correspondence:enclosure_add",
        "correspondence:enclosure_remove",
        "correspondence:question_add",
        "correspondence:question_remove",
        "correspondence:letterhead",
        "correspondence:emblem",
        "correspondence:copy_acknowledge",
        "correspondence:copy_answer",
        "correspondence:copy_forward",
        # The exports: each asks for a file prepared in the background (downloads/).
        "maintenance:completeness_export",
        "correspondence:tracking_answers_xlsx",
        "maintenance:version_pdf",
        "certification:screening_results_xlsx",
        "certification:screening_results_pdf",
        "correspondence:tracking_remind",
        "correspondence:send",
        "correspondence:recipient_list_new",
        "correspondence:recipient_list_edit",
        "correspondence:recipient_list_delete",
        "campaigns:campaign_new",
        "campaigns:campaign_edit",
        "campaigns:questions",
        "campaigns:question",
        "campaigns:targets",
        "campaigns:launch",
        "campaigns:close",
        "campaigns:answer",
        "campaigns:staff_answer",
        "campaigns:decide_suspects",
        "campaigns:export_answers_xlsx",
        "campaigns:export_answers_csv",
        "campaigns:export_results_xlsx",
        "campaigns:export_results_csv",
        "campaigns:export_results_pdf",
    }
    # Pages that only read, and the public and sign-in pages, which no persona guards.
    reading = {
        "home",
        "healthz",
        "set_language",
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "survey:answer",
        "survey:thanks",
        "accounts:staff_list",
        "accounts:staff",
        "registry:organisation_list",
        "registry:organisation",
        "registry:centre",
        "audit:event_list",
        "standards:list",
        "standards:detail",
        "standards:workbook",
        "standards:template",
        "maintenance:report_list",
        "maintenance:completeness",
        "maintenance:evidence_file",
        "survey:area_results",
        "survey:counter_qr_svg",
        "survey:counter_qr_png",
        "survey:counter_poster",
        "survey:centre_codes",
        "survey:import_answers_template",
        "certification:certificates",
        "certification:certificate",
        "certification:certificate_pdf",
        "register:search",
        "register:verify",
        "register:open_data",
        "register:open_data_csv",
        "register:open_data_json",
        "certification:watch",
        "certification:teams",
        "certification:team",
        "certification:assessments",
        "certification:reasons",
        "certification:screening_queue",
        "certification:screening",
        "certification:screening_results",
        "certification:calls",
        "certification:call",
        "certification:applications",
        "certification:application",
        "certification:application_evidence_file",
        "certification:application_next_year",
        "correspondence:letter",
        "correspondence:letter_pdf",
        "correspondence:enclosure_file",
        "correspondence:emblem_image",
        "correspondence:inbox",
        "correspondence:outbox",
        "correspondence:answer_file",
        # A download is its requester's alone: the list is one's own, any other is 404.
        "downloads:list",
        "downloads:download",
        "downloads:status",
        "downloads:file",
        "correspondence:tracking",
        "correspondence:recipient_history",
        "correspondence:sending",
        "correspondence:recipient_lists",
        # campaigns: publication and QR codes (the writes are publish and unpublish)
        "campaigns:publication",
        "campaigns:results_qr_svg",
        "campaigns:results_qr_png",
        "campaigns:results_card",
        "campaigns:staff_qr_svg",
        "campaigns:staff_qr_png",
        "campaigns:staff_card",
        "campaigns:public_results",
        "campaigns:to_answer",
        "campaigns:staff_thanks",
        "campaigns:suspects",
        "campaigns:results",
        "campaigns:campaign_list",
        "campaigns:campaign",
    }
    writing |= CAMPAIGN_TRACKING_WRITING
    reading |= CAMPAIGN_TRACKING_READING
    reading |= OVERSIGHT_READING
    writing |= OVERSIGHT_WRITING
    assert names(get_resolver()) - reading == writing


# --- the rules behind the matrix, said once more where they matter most -----------------


def test_a_unit_administrator_cannot_take_over_an_account_it_could_not_have_made(
    client_as: Any, world: Any
) -> None:
    # An OPS PMO administrator's role held on Pattani Town itself: every role of the
    # account sits on the unit administrator's organisation, but it could not grant it.
    ops = User.objects.get(username="opsadmin")
    RoleAssignment.objects.filter(user=ops).update(organisation=world["5940101"])
    client = client_as("admin.pattanitown")
    assert client.get(f"/staff/{ops.pk}/").status_code == 200  # a colleague, visible
    response = client.post(
        f"/staff/{ops.pk}/edit/",
        {"username": "opsadmin", "email": "attacker@example.com", "is_active": "on"},
    )
    assert response.status_code == 403
    ops.refresh_from_db()
    assert ops.email == "opsadmin@demo.saduak.local"
    page = client.get(f"/staff/{ops.pk}/").content.decode()
    assert f"/staff/{ops.pk}/edit/" not in page  # no Edit button either


def test_an_overseer_of_the_same_unit_is_not_the_unit_administrators_to_change(
    client_as: Any, world: Any
) -> None:
    overseer = User.objects.create_user("overseer.town", email="o@pattani.go.th")
    overseer.roles.create(role=Role.OVERSEER, organisation=world["5940101"])
    response = client_as("admin.pattanitown").post(
        f"/staff/{overseer.pk}/edit/", {"username": "overseer.town", "email": "x@example.com"}
    )
    assert response.status_code == 403
    overseer.refresh_from_db()
    assert overseer.email == "o@pattani.go.th"


def test_a_changed_e_mail_is_audited_and_told_to_the_old_address(
    client_as: Any, world: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from audit.models import AuditEvent

    staff = User.objects.get(username="staff.pattanitown")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("admin.pattanitown").post(
            f"/staff/{staff.pk}/edit/",
            {
                "username": staff.username,
                "first_name": staff.first_name,
                "last_name": staff.last_name,
                "email": "ahmad@pattani.go.th",
                "is_active": "on",
            },
        )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(object_id=str(staff.pk)).latest("id")
    assert event.changes["email"] == ["staff.pattanitown@demo.saduak.local", "ahmad@pattani.go.th"]
    assert [m.to for m in mailoutbox] == [["staff.pattanitown@demo.saduak.local"]]
    assert "ahmad@pattani.go.th" in mailoutbox[0].body
    assert "อีเมล" in mailoutbox[0].subject


def test_the_unit_rated_sees_its_suspect_answers_waiting_but_does_not_decide(
    client_as: Any, things: Things
) -> None:
    _suspect(things)
    page = client_as("admin.pattanitown").get("/survey/suspect/").content.decode()
    assert "คำตอบที่น่าสงสัย 1 รายการของศูนย์ในหน่วยงานของท่านรอการตัดสิน" in page
    assert "ไม่มีคำตอบที่น่าสงสัยรอการตัดสิน" not in page  # not told "there are none"
    assert 'name="decision"' not in page
    assert "จนกว่าผู้ตรวจรายงานของ สปน. หรือผู้กำกับดูแลเหนือหน่วยงานของท่านจะพิจารณา" in page
    # An overseer above the unit decides it, and is told how many wait.
    overseer = client_as("overseer.pattani").get("/survey/suspect/").content.decode()
    assert "คำตอบ 1 รายการรอการตัดสินของท่าน" in overseer
    assert 'name="decision"' in overseer


def test_capabilities_hold_on_objects_as_on_lists(things: Things) -> None:
    """`can` on one object agrees with `where` for every persona and organisation."""
    for persona in PERSONAS:
        user = User.objects.get(username=persona)
        for capability in (cap.READ, cap.CHANGE, cap.FILL, cap.DECIDE_SUSPECTS, cap.CHASE):
            listed = set(cap.organisations_for(user, need=capability))
            for org in Organisation.objects.all():
                assert cap.can(user, capability, org) == (org in listed), (persona, org)
