import io
import re
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from demo import scenario
from maintenance.models import Report, Round
from registry.models import Organisation


def run() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_prints_every_login_and_can_run_twice(db: Any) -> None:
    first = run()
    for account in scenario.ACCOUNTS:
        assert account.username in first
        assert User.objects.get(username=account.username).check_password(scenario.DEMO_PASSWORD)
    assert scenario.DEMO_PASSWORD in first
    counts = (Organisation.objects.count(), User.objects.count(), Report.objects.count())
    run()
    assert (Organisation.objects.count(), User.objects.count(), Report.objects.count()) == counts


def test_the_demo_opens_the_circulars_round_for_pattani_town(db: Any) -> None:
    run()
    fy2565 = Round.objects.get(fiscal_year=2565, months=6)
    assert fy2565.is_open
    owing = set(
        Report.objects.filter(round=fy2565).values_list("centre__organisation__code", flat=True)
    )
    assert owing == {"5940101", "3500101"}


def test_the_demo_refuses_to_run_in_production(db: Any, settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_what_the_demo_prints_shows_dates_the_thai_way(db: Any) -> None:
    printed = run()
    assert "รอบ 6 เดือน ปีงบประมาณ 2565 กำหนดส่ง 15 เมษายน 2565" in printed
    assert not re.search(r"\d{4}-\d{2}-\d{2}", printed)  # no ISO date
    assert "2022" not in printed and "April" not in printed  # no CE year, no English month


def test_the_development_server_announces_itself_the_thai_way() -> None:
    """`make run` serves through `manage.py serve`: its banner dates the start in BE,
    Thai month names and Bangkok time, not "December 03, 2026 - 18:01:24"."""
    import io
    import re
    from datetime import UTC, datetime

    import time_machine

    from demo.management.commands.serve import Command

    out = io.StringIO()
    command = Command(stdout=out)
    command.addr, command._raw_ipv6, command.protocol = "127.0.0.1", False, "http"
    with time_machine.travel(datetime(2026, 12, 3, 23, 30, tzinfo=UTC), tick=False):
        command.on_bind(8000)
    banner = out.getvalue()
    assert "4 ธันวาคม 2569 เวลา 06:30 น." in banner  # the next morning in Bangkok
    assert "http://127.0.0.1:8000/" in banner
    assert not re.search(r"December|2026", banner)


def test_the_demo_says_which_certificates_are_revoked_or_expired(db: Any) -> None:
    printed = run()
    assert "GECC-2568-0002: จุดบริการประชาชน องค์การบริหารส่วนตำบลบานา · เพิกถอน" in printed
    assert "GECC-2568-0001: ศูนย์ราชการสะดวก เทศบาลนครเชียงใหม่ · มีผล" in printed
    assert "ใช้ได้ถึง" not in printed  # a revoked certificate is not "valid until"


def test_the_demo_tells_the_incentive_needs_campaign_once(db: Any) -> None:
    from campaigns import launching
    from campaigns.models import Campaign, Response, Target
    from correspondence.models import Letter
    from notices.models import Notice

    printed = run()
    survey = Campaign.objects.get(owner__code="DLA")
    assert f"/r/{survey.public_code}/" in printed and "overseer.dla" in printed
    assert survey.is_published and survey.state == Campaign.State.OPEN
    assert survey.questionnaire.code == f"campaign-{survey.pk}"
    provinces = set(survey.targets.values_list("organisation__province_id", flat=True))
    assert provinces == {"94", "50"}
    assert survey.targets.filter(organisation__province_id="94").count() >= 12
    town = survey.targets.get(organisation__code="5940101")
    assert town.answered_at is not None
    assert Response.objects.get(target=town).sent_by.username == "admin.pattanitown"
    assert survey.targets.get(organisation__code="5941001").answered_at is None  # Yarang
    silent = survey.targets.filter(answered_at__isnull=True).count()
    assert silent == 5 and survey.responses.count() == survey.target_count - 5
    founding = Letter.objects.get(number=7555)
    assert founding.results_campaign == survey
    staff = Campaign.objects.get(owner__code="P94", audience=Campaign.Audience.STAFF)
    assert not staff.is_published and staff.responses.filter(anonymous=True).exists()
    # Every unit asked was told, as a launch tells them (the hub's "told" count).
    assert launching.progress(survey) == survey.target_count
    counts = (
        Campaign.objects.count(),
        Target.objects.count(),
        Response.objects.count(),
        Organisation.objects.count(),
        Notice.objects.count(),
    )
    again = run()
    assert again.count(f"/r/{survey.public_code}/") == 1
    assert (
        Campaign.objects.count(),
        Target.objects.count(),
        Response.objects.count(),
        Organisation.objects.count(),
        Notice.objects.count(),
    ) == counts


def test_the_demo_has_a_stuffed_window_for_the_reviewer_out_of_the_figures(db: Any) -> None:
    from survey.models import Response, SuspectWindow, Tally

    printed = run()
    window = SuspectWindow.objects.get()
    assert window.status == SuspectWindow.Status.OPEN
    assert window.centre.organisation.code == "3500101"  # a centre with genuine answers
    assert "30 คำตอบที่ถูกปั่นคะแนนรอผู้ตรวจสอบของ สปน. ตัดสิน" in printed
    stuffed = Response.objects.filter(window=window)
    assert stuffed.count() == 30
    assert set(stuffed.values_list("status", flat=True)) == {Response.Status.SUSPECT}
    # Out of the centre's tallies: they hold exactly the answers still counted.
    counted = Response.objects.filter(centre=window.centre, status=Response.Status.COUNTED)
    tallied = sum(t.responses for t in Tally.objects.filter(centre=window.centre))
    assert tallied == counted.count()
    run()  # once only
    assert SuspectWindow.objects.count() == 1 and stuffed.count() == 30
