"""Carry the certification status that OPS PMO typed by hand (registry.ServiceCentre.
certification_status, removed by registry 0006) over into certification's own rows, so
the standing derived from them (certification.selectors.standing) says what the typed
status said:

- "certified" becomes a certificate without an application, numbered in a series of
  its own (GECC-LEGACY-0001, …), valid from the day of the migration (Bangkok) for
  CERTIFICATE_YEARS years, with an "issued" event saying where it came from;
- "in certification" becomes an application, sent, in a closed call of the current
  fiscal year on the newest standard loaded (created if missing), at its first level.
  Its creator is the first OPS PMO administrator, or a system account made for this
  when there is none (docs/certification.md, "Standing and maintenance").

Going back restores the typed status from the derived standing and leaves the rows.
"""

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

BANGKOK = ZoneInfo("Asia/Bangkok")
LEGACY_NUMBER = "GECC-LEGACY-{number:04d}"
REASON = (
    "ยกมาจากสถานะการรับรองมาตรฐานที่เจ้าหน้าที่บันทึกด้วยมือในทะเบียนศูนย์ "
    "ก่อนที่ระบบจะบันทึกการรับรองมาตรฐานเอง"
)
SYSTEM_USERNAME = "saduak-system"
IN_PROGRESS = (
    "awaiting_endorsement",
    "sent",
    "in_screening",
    "returned",
    "passed",
    "visit_scheduled",
    "assessed",
)


def _today() -> date:
    return datetime.now(BANGKOK).date()


def _fiscal_year(day: date) -> int:
    return day.year + 543 + (1 if day.month >= 10 else 0)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _creator(apps: Any) -> Any:
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    User = apps.get_model("accounts", "User")
    first = RoleAssignment.objects.filter(role="ops_admin").order_by("pk").first()
    if first is not None:
        return first.user
    user, _ = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Saduak", "last_name": "system", "is_active": False},
    )
    return user


def _legacy_call(apps: Any, today: date) -> Any:
    Call = apps.get_model("certification", "Call")
    Standard = apps.get_model("standards", "Standard")
    fiscal_year = _fiscal_year(today)
    call = Call.objects.filter(fiscal_year=fiscal_year).first()
    if call is not None:
        return call
    standard = Standard.objects.order_by("-fiscal_year", "-version").first()
    if standard is None:
        return None
    start = date(today.year - (0 if today.month >= 10 else 1), 10, 1)
    end = date(start.year + 1, 9, 30)
    return Call.objects.create(
        fiscal_year=fiscal_year,
        standard=standard,
        applications_open=start,
        applications_close=today,
        screening_deadline=end,
        visits_from=end,
        visits_until=end,
        decision_on=end,
        state="closed",
    )


def carry_over(apps: Any, schema_editor: Any) -> None:
    ServiceCentre = apps.get_model("registry", "ServiceCentre")
    Certificate = apps.get_model("certification", "Certificate")
    CertificateEvent = apps.get_model("certification", "CertificateEvent")
    Application = apps.get_model("certification", "Application")
    Level = apps.get_model("standards", "Level")
    today = _today()
    certified = ServiceCentre.objects.filter(certification_status="certified").order_by("pk")
    taken = Certificate.objects.filter(number__startswith="GECC-LEGACY-").count()
    for centre in certified:
        if Certificate.objects.filter(
            centre=centre, state__in=("active", "suspended"), valid_until__gte=today
        ).exists():
            continue  # already carried over (a migration run again after going back)
        taken += 1
        certificate = Certificate.objects.create(
            number=LEGACY_NUMBER.format(number=taken),
            centre=centre,
            application=None,
            level=None,
            fiscal_year=_fiscal_year(today),
            valid_from=today,
            valid_until=_years_later(today, settings.CERTIFICATE_YEARS),
            state="active",
            state_changed_at=datetime.combine(today, time(0), tzinfo=BANGKOK),
        )
        CertificateEvent.objects.create(certificate=certificate, kind="issued", reason=REASON)
    in_certification = ServiceCentre.objects.filter(
        certification_status="in_certification"
    ).order_by("pk")
    if not in_certification.exists():
        return
    call = _legacy_call(apps, today)
    if call is None:
        return  # no standard loaded: nothing to apply against
    level = Level.objects.filter(standard_id=call.standard_id).order_by("order").first()
    if level is None:
        return
    creator = _creator(apps)
    for centre in in_certification:
        if Application.objects.filter(centre=centre, state__in=IN_PROGRESS).exists():
            continue
        if Application.objects.filter(call=call, centre=centre).exclude(state="withdrawn"):
            continue  # one live application per centre and call
        Application.objects.create(
            call=call, centre=centre, level=level, state="sent", created_by=creator
        )


def restore(apps: Any, schema_editor: Any) -> None:
    ServiceCentre = apps.get_model("registry", "ServiceCentre")
    Certificate = apps.get_model("certification", "Certificate")
    Application = apps.get_model("certification", "Application")
    today = _today()
    certified = Certificate.objects.filter(
        state__in=("active", "suspended"), valid_until__gte=today
    ).values("centre_id")
    in_progress = Application.objects.filter(state__in=IN_PROGRESS).values("centre_id")
    ServiceCentre.objects.filter(pk__in=certified).update(certification_status="certified")
    ServiceCentre.objects.filter(pk__in=in_progress).exclude(pk__in=certified).update(
        certification_status="in_certification"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0002_screen_reasons"),
        ("registry", "0005_labels_for_the_audit_trail"),
        ("accounts", "0004_username_unique_in_any_case"),
        ("standards", "0002_default_standard"),
    ]

    operations = [migrations.RunPython(carry_over, restore)]
