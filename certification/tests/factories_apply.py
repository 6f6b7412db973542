"""Helpers for tests of the call and the application: an open call whose window holds
today, an application of Pattani Town Municipality's centre, filled, sent, returned."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone

from accounts.models import User
from certification import applications, calls
from certification.models import Application, ApplicationVersion, Call, ItemScreening
from registry.models import ServiceCentre
from standards.models import Criterion, Standard
from standards.selectors import standard_for_year
from thaicalendar import dates


def user(username: str) -> User:
    return User.objects.get(username=username)


def standard() -> Standard:
    found = standard_for_year(2565)
    assert found is not None
    return found


def call_values(today: date | None = None, **overrides: Any) -> dict[str, Any]:
    """A fiscal-year-2565 call whose application window holds today."""
    today = today or dates.bangkok_today()
    values: dict[str, Any] = {
        "fiscal_year": 2565,
        "standard": standard(),
        "applications_open": today - timedelta(days=10),
        "applications_close": today + timedelta(days=30),
        "screening_deadline": today + timedelta(days=60),
        "correction_days": 15,
        "visits_from": today + timedelta(days=70),
        "visits_until": today + timedelta(days=100),
        "decision_on": today + timedelta(days=120),
        "requires_endorsement": False,
    }
    values.update(overrides)
    return values


def make_call(*, open: bool = True, **overrides: Any) -> Call:
    ops = user("opsadmin")
    values = call_values(**overrides)
    call = calls.save_call(actor=ops, values=values, levels=list(values["standard"].levels.all()))
    if open:
        call = calls.open_call(actor=ops, call=call)
    return call


def pattani_centre() -> ServiceCentre:
    return ServiceCentre.objects.filter(organisation__code="5940101").order_by("pk")[0]


def basic_level(call: Call) -> Any:
    return call.levels.order_by("order")[0]


def start(call: Call | None = None, **overrides: Any) -> Application:
    call = call or make_call(**overrides)
    return applications.start_application(
        actor=user("admin.pattanitown"),
        call=call,
        centre=pattani_centre(),
        level=basic_level(call),
    )


def criteria(application: Application) -> list[Criterion]:
    return list(application.call.standard.criteria.all())


def full_answers(application: Application) -> dict[int, Any]:
    return {
        c.pk: (
            None,
            ((c.max_points or Decimal(0)) * Decimal("0.8")).quantize(Decimal("0.01")),
            "ทำแล้ว",
        )
        if c.is_scored
        else (True, None, "มีครบ")
        for c in criteria(application)
    }


def filled(application: Application) -> Application:
    """Every criterion answered, with a link as its evidence."""
    admin = user("admin.pattanitown")
    application = applications.save_draft(
        actor=admin,
        application=application,
        base_revision=application.revision,
        answers=full_answers(application),
    )
    for criterion in criteria(application):
        applications.add_evidence(
            actor=admin,
            application=application,
            criterion=criterion,
            upload=None,
            link=f"https://pattani.go.th/gecc/{criterion.code}",
        )
    application.refresh_from_db()
    return application


def sent(application: Application | None = None, **overrides: Any) -> Application:
    application = filled(application or start(**overrides))
    applications.send(
        actor=user("admin.pattanitown"),
        application=application,
        base_revision=application.revision,
    )
    application.refresh_from_db()
    return application


def returned(application: Application, *, flagged: list[Criterion], screener: Any = None) -> Any:
    """What the screening step stores on a return: the latest version's items judged
    (the flagged ones incomplete), the correction deadline, state RETURNED."""
    version = application.versions.order_by("-number")[0]
    for criterion in criteria(application):
        ItemScreening.objects.create(
            version=version,
            criterion=criterion,
            complete=criterion not in flagged,
            note="" if criterion not in flagged else "ไม่พบเอกสารแนบ",
        )
    version.outcome = ApplicationVersion.Outcome.RETURNED
    version.screened_at = timezone.now()
    version.save()
    application.state = Application.State.RETURNED
    application.correction_due = dates.bangkok_today() + timedelta(days=15)
    application.screener = screener
    application.save()
    return version


def draft_post(application: Application, **overrides: str) -> dict[str, Any]:
    """The whole draft as the page's form posts it, every criterion answered."""
    data: dict[str, Any] = {"revision": application.revision}
    for c in criteria(application):
        if c.is_scored:
            data[f"item-{c.pk}-score"] = str(c.max_points)
        else:
            data[f"item-{c.pk}-met"] = "yes"
        data[f"item-{c.pk}-comment"] = ""
    data.update(overrides)
    return data


def send_through_web(client: Client, application: Application, data: dict[str, Any]) -> Any:
    """Send as the unit does: Send saves and asks; the confirmation sends."""
    asked = client.post(f"/certification/applications/{application.pk}/send/", data)
    if b'name="confirm"' not in asked.content:
        return asked
    application.refresh_from_db()
    return client.post(
        f"/certification/applications/{application.pk}/send/",
        {"confirm": "1", "revision": application.revision},
    )
