"""The way to the standard: every stage counted from the rows themselves, for the
scope's units only, in a number of queries that does not grow with the units."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from certification.models import Application, Certificate
from certification.tests import factories_integrate as make
from oversight import pipeline, sections
from oversight.models import Target
from oversight.scopes import Scope
from registry.models import Organisation, ServiceCentre
from standards.models import Level
from thaicalendar import dates

TODAY = dates.bangkok_today()


def _department(code: str) -> Organisation:
    return Organisation.objects.create(
        code=code, name_th=f"กรมทดสอบ {code}", kind=Organisation.Kind.DEPARTMENT
    )


def _unit(parent: Organisation, code: str, *, province: str = "94") -> Organisation:
    return Organisation.objects.create(
        code=code,
        name_th=f"หน่วยทดสอบ {code}",
        kind=Organisation.Kind.OTHER,
        parent=parent,
        province_id=province,
    )


def _centre(parent: Organisation, code: str, *, province: str = "94") -> ServiceCentre:
    return ServiceCentre.objects.create(
        organisation=_unit(parent, code, province=province), name_th=f"ศูนย์ {code}"
    )


def _certificate(centre: ServiceCentre, number: str, **changes: Any) -> Certificate:
    made = make.certificate(centre, number=number, valid_from=TODAY - timedelta(days=30))
    if changes:
        Certificate.objects.filter(pk=made.pk).update(**changes)
        made.refresh_from_db()
    return made


def _level(code: str) -> Level:
    found = Level.objects.filter(code=code).order_by("pk").first()
    assert found is not None
    return found


def _ops() -> User:
    return User.objects.get(username="opsadmin")


def _counts(figures: pipeline.Pipeline) -> dict[str, int]:
    return {s.key: s.count for s in figures.stages + figures.at_risk}


@pytest.fixture
def department(world: Any) -> Organisation:
    """A department of its own whose units are made here: one in every stage."""
    dept = _department("T-DEPT")
    _unit(dept, "T-NONE")  # serves the public, no centre yet
    closed = _centre(dept, "T-CLOSED")  # its only centre is closed: no centre either
    ServiceCentre.objects.filter(pk=closed.pk).update(is_active=False)
    _centre(dept, "T-OUT")  # a centre not in the programme
    draft = _centre(dept, "T-DRAFT")  # a draft has not applied: still outside
    make.application(draft, state=Application.State.DRAFT)
    for state, code in [
        (Application.State.SENT, "T-SENT"),
        (Application.State.AWAITING_ENDORSEMENT, "T-ENDORSE"),
        (Application.State.IN_SCREENING, "T-SCREEN"),
        (Application.State.RETURNED, "T-RETURN"),
        (Application.State.PASSED, "T-PASSED"),
        (Application.State.VISIT_SCHEDULED, "T-VISIT"),
        (Application.State.ASSESSED, "T-ASSESSED"),
    ]:
        make.application(_centre(dept, code), state=state)
    _certificate(_centre(dept, "T-BASIC1"), "T-C1", level=_level("basic"))
    _certificate(_centre(dept, "T-BASIC2"), "T-C2", level=_level("basic"), under_watch=True)
    _certificate(
        _centre(dept, "T-ADV"),
        "T-C3",
        level=_level("advanced"),
        valid_until=TODAY + timedelta(days=60),  # expires within six months
    )
    _certificate(_centre(dept, "T-SUSP"), "T-C4", state=Certificate.State.SUSPENDED)
    _certificate(
        _centre(dept, "T-REVOKED"),
        "T-C5",
        state=Certificate.State.REVOKED,
        state_changed_at=timezone.now(),
    )
    old = _centre(dept, "T-EXPIRED")
    _certificate(old, "T-C6", valid_until=TODAY - timedelta(days=1))
    return dept


def test_every_stage_is_counted_from_the_rows(department: Organisation) -> None:
    figures = pipeline.read(Scope(_ops(), department), TODAY)
    counts = _counts(figures)
    assert counts["no_centre"] == 2
    # Outside: the plain one, the draft, the revoked and the expired one.
    assert counts["not_in_programme"] == 4
    assert counts["applied"] == 2  # sent, and awaiting the supervisor's endorsement
    assert counts["in_screening"] == 1
    assert counts["returned"] == 1
    assert counts["to_visit"] == 2
    assert counts["assessed"] == 1
    levels = {s.label: s.count for s in figures.stages if s.key.startswith("level_")}
    # Every level of the year's standard, the one nobody reached included.
    assert levels == {
        "ได้รับการรับรอง: ระดับพื้นฐาน": 2,
        "ได้รับการรับรอง: ระดับก้าวหน้า": 1,
        "ได้รับการรับรอง: ระดับเป็นเลิศ": 0,
    }
    # Each active centre stands at exactly one step: the steps add up to them (the
    # suspended centre was counted nowhere: review finding).
    assert sum(s.count for s in figures.stages if s.key != "no_centre") == figures.centres
    assert counts["expiring"] == 1
    assert counts["under_watch"] == 1
    assert counts["suspended"] == 1
    assert counts["revoked"] == 1
    assert figures.certified == 3
    assert figures.centres == 15  # the active ones
    assert figures.target is None


def test_the_target_of_the_scope_and_the_share_reached(department: Organisation) -> None:
    year = dates.fiscal_year(TODAY)
    Target.objects.create(fiscal_year=year, organisation=department, certified=12)
    Target.objects.create(fiscal_year=year + 1, organisation=department, certified=99)
    figures = pipeline.read(Scope(_ops(), department), TODAY)
    assert figures.target == 12
    assert figures.progress == pytest.approx(3 / 12)
    rows = {r.label: r.value for r in pipeline.rows(figures)}
    assert rows[f"เป้าหมายปีงบประมาณ {year}"] == 12
    assert rows["สัดส่วนที่บรรลุเป้าหมาย"] == pytest.approx(0.25)
    # The department's target is not the nation's, nor that of its units on one soil.
    assert pipeline.read(Scope(_ops(), None), TODAY).target is None
    cut = Scope(_ops(), department).narrowed(province=department.children.first().province)
    assert pipeline.read(cut, TODAY).target is None


def test_the_measures_by_area(department: Organisation) -> None:
    scope = Scope(_ops(), department)
    assert scope.group == "province"
    share = sections.MEASURES["certified_share"].by_area(scope, TODAY)
    certified = sections.MEASURES["certified"].by_area(scope, TODAY)
    assert set(share) == {"94"}
    assert certified["94"] == 3
    assert share["94"] == pytest.approx(3 / 15)
    # On a past day, before the certificates: none certified. Yesterday: the three
    # valid today, the one that expired last night, the one revoked today and the one
    # suspended today (each valid until its change).
    before = sections.MEASURES["certified"].by_area(scope, TODAY - timedelta(days=60))
    assert before["94"] == 0
    Certificate.objects.filter(number="T-C4").update(state_changed_at=timezone.now())
    assert sections.MEASURES["certified"].by_area(scope, TODAY - timedelta(days=1))["94"] == 6


def _grow(dept: Organisation, n: int) -> None:
    for i in range(n):
        centre = _centre(dept, f"G-{dept.code}-{i}", province="94" if i % 2 else "50")
        if i % 3 == 0:
            _certificate(centre, f"G-{dept.code}-C{i}", level=_level("basic"))
        elif i % 3 == 1:
            make.application(centre, state=Application.State.IN_SCREENING)


def test_queries_do_not_grow_with_the_units(world: Any) -> None:
    small, large = _department("T-SMALL"), _department("T-LARGE")
    _grow(small, 1)
    _grow(large, 30)
    used = []
    for dept in (small, large):
        scope = Scope(_ops(), dept)
        with CaptureQueriesContext(connection) as read:
            figures = pipeline.read(scope, TODAY)
            for measure in sections.MEASURES.values():
                if measure.code in ("certified", "certified_share"):
                    measure.by_area(scope, TODAY)
        used.append(len(read.captured_queries))
        assert _counts(figures)["in_screening"] == (0 if dept is small else 10)
    assert used[0] == used[1]
    assert used[0] <= 10


def test_a_province_overseer_never_counts_another_provinces_units(world: Any) -> None:
    chiangmai_unit = world["3500101"]
    centre = ServiceCentre.objects.create(organisation=chiangmai_unit, name_th="ศูนย์เชียงใหม่")
    pattani = User.objects.get(username="overseer.pattani")
    chiangmai = User.objects.get(username="overseer.chiangmai")
    before_pattani = _counts(pipeline.read(Scope(pattani, world["P94"]), TODAY))
    before_chiangmai = pipeline.read(Scope(chiangmai, world["P50"]), TODAY).certified
    _certificate(centre, "T-CM", level=_level("basic"))
    assert _counts(pipeline.read(Scope(pattani, world["P94"]), TODAY)) == before_pattani
    assert pipeline.read(Scope(chiangmai, world["P50"]), TODAY).certified == before_chiangmai + 1
    # Pattani's "everything I oversee" holds only Pattani, and its areas are its own.
    everything = sections.MEASURES["certified"].by_area(Scope(pattani, None), TODAY)
    assert set(everything) <= {"94"}
    # Pattani's province's target is not shown to an overseer viewing "everything".
    Target.objects.create(fiscal_year=dates.fiscal_year(TODAY), organisation=None, certified=5)
    assert pipeline.read(Scope(pattani, None), TODAY).target is None


def test_the_section_on_the_dashboard(
    client_as: Callable[[str], Client], world: dict[str, Organisation]
) -> None:
    year = dates.fiscal_year(TODAY)
    Target.objects.create(fiscal_year=year, organisation=world["P94"], certified=40)
    page = client_as("overseer.pattani").get(f"/oversight/{world['P94'].pk}/")
    text = page.content.decode()
    assert "เส้นทางสู่มาตรฐาน" in text
    assert "<svg" in text and 'role="img"' in text
    assert f"เป้าหมายปีงบประมาณ {year}: 40 ศูนย์" in text
    assert "ศูนย์ที่ยังไม่เข้าร่วมโครงการ" in text
    assert "/oversight/targets/" not in text  # a province's overseer sets no target
    ops = client_as("opsadmin").get(f"/oversight/{world['P94'].pk}/").content.decode()
    assert "/oversight/targets/" in ops
