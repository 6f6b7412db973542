"""Test helpers for document screening: a FY2565 call, applications of the demo's
centres already sent (their versions written directly, as the application step would
send them), a second screener."""

from datetime import date, datetime
from typing import Any

from accounts.models import Role, RoleAssignment, User
from certification.models import Application, ApplicationVersion, Call
from certification.screening import Judgement
from registry.models import Organisation, ServiceCentre
from standards.selectors import standard_for_year
from thaicalendar.dates import BANGKOK


def make_call(**overrides: Any) -> Call:
    standard = standard_for_year(2565)
    assert standard is not None
    values = {
        "fiscal_year": 2565,
        "standard": standard,
        "applications_open": date(2022, 1, 1),
        "applications_close": date(2022, 2, 28),
        "screening_deadline": date(2022, 3, 31),
        "correction_days": 15,
        "visits_from": date(2022, 4, 1),
        "visits_until": date(2022, 6, 30),
        "decision_on": date(2022, 8, 1),
        "state": Call.State.OPEN,
        **overrides,
    }
    call, _ = Call.objects.get_or_create(fiscal_year=values.pop("fiscal_year"), defaults=values)
    call.levels.set(standard.levels.all())
    return call


def content(call: Call, **changes: dict[str, Any]) -> dict[str, Any]:
    """Every criterion answered, with one file each; `changes` replaces items by code."""
    sent: dict[str, Any] = {}
    for n, criterion in enumerate(call.standard.criteria.all(), start=1):
        sent[criterion.code] = {
            "met": True if not criterion.is_scored else None,
            "self_score": str(criterion.max_points) if criterion.is_scored else None,
            "comment": f"คำอธิบายข้อ {criterion.code}",
            "evidence": [
                {
                    "id": n,
                    "name": f"หลักฐาน-{criterion.code}.pdf",
                    "link": "",
                    "kind": "pdf",
                    "size": 20480,
                    "sha256": f"{n:064x}",
                }
            ],
        }
    sent.update(changes)
    return sent


def send_version(
    application: Application, sent: dict[str, Any] | None = None
) -> ApplicationVersion:
    """Send the next version, as the application step does; a resubmission goes back to
    its screener."""
    number = application.versions.count() + 1
    version = ApplicationVersion.objects.create(
        application=application,
        number=number,
        content=sent if sent is not None else content(application.call),
        sent_at=datetime(2022, 2, 1, 10, 0, tzinfo=BANGKOK),
        sent_by=application.created_by,
    )
    application.state = (
        Application.State.IN_SCREENING if application.screener_id else Application.State.SENT
    )
    application.first_sent_at = application.first_sent_at or version.sent_at
    application.save()
    return version


def make_application(
    where: Organisation | ServiceCentre,
    *,
    call: Call | None = None,
    screener: User | None = None,
    level: str = "basic",
) -> Application:
    """A sent application (version 1) of the organisation's centre."""
    call = call or make_call()
    centre = where if isinstance(where, ServiceCentre) else where.centres.order_by("pk")[0]
    application = Application.objects.create(
        call=call,
        centre=centre,
        level=call.standard.levels.get(code=level),
        created_by=User.objects.filter(is_active=True).order_by("pk")[0],
        screener=screener,
    )
    send_version(application)
    application.refresh_from_db()
    return application


def another_screener(username: str = "screener.two") -> User:
    user, _ = User.objects.get_or_create(username=username, defaults={"first_name": "สมชาย"})
    ops = Organisation.objects.get(code="OPSPMO")
    RoleAssignment.objects.get_or_create(user=user, role=Role.SCREENER, organisation=ops)
    return user


def all_complete(call: Call) -> dict[int, Judgement]:
    return {c.pk: Judgement(complete=True) for c in call.standard.criteria.all()}


def judgement_post(call: Call, *, incomplete: dict[str, list[int]] | None = None) -> dict[str, Any]:
    """A screening form as posted: every item complete but those in `incomplete`
    (code → reason ids)."""
    incomplete = incomplete or {}
    data: dict[str, Any] = {}
    for criterion in call.standard.criteria.all():
        key = f"c{criterion.pk}"
        if criterion.code in incomplete:
            data[f"{key}-complete"] = "no"
            data[f"{key}-reasons"] = incomplete[criterion.code]
            data[f"{key}-note"] = "แนบคำสั่งแต่งตั้งที่ลงนามแล้ว"
        else:
            data[f"{key}-complete"] = "yes"
    return data
