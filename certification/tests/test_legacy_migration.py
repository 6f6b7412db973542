"""The status typed by hand is carried over into certificates and applications, and
back again (certification 0003, registry 0006)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from certification.selectors import standing
from demo import scenario
from registry.models import District, Province, ServiceCentre
from registry.territory import load_territory
from standards.loader import DEFAULT_FILE, check_path
from standards.selectors import standard_for_year
from standards.services import publish_checked

BEFORE = [("certification", "0002_screen_reasons"), ("registry", "0005_labels_for_the_audit_trail")]
AFTER = [("registry", "0006_certification_status_derived")]


def _migrate(targets: list[tuple[str, str]]) -> object:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _back_to_the_present() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# Serialized like the other transactional tests: a plain one's closing flush recreates
# the content types under new ids on PostgreSQL, and the next serialized test's rows
# then clash with them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_typed_statuses_become_a_certificate_and_an_application_and_back() -> None:
    if not Province.objects.exists():
        load_territory(Province, District)
    scenario.load(standing=False)
    if standard_for_year(2565) is None:  # an earlier test flushed the tables
        publish_checked(actor=None, checked=check_path(DEFAULT_FILE))
    # Start from the rows a database had before certification: none of its own.
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
        Score,
        TeamMember,
    )

    for model in (
        Score,
        Decision,
        CertificateEvent,
        Certificate,
        CertificateSequence,
        ApplicationVersion,
        ApplicationItem,
        Application,
        TeamMember,
        AssessmentTeam,
        Call,
    ):
        model.objects.all().delete()
    with time_machine.travel(datetime(2026, 12, 3, 3, tzinfo=UTC), tick=False):
        apps = _migrate(BEFORE)
        Centre = apps.get_model("registry", "ServiceCentre")  # type: ignore[attr-defined]
        Centre.objects.filter(organisation__code="5940101").update(
            certification_status="in_certification"
        )
        Centre.objects.filter(organisation__code="3500101").update(certification_status="certified")
        _migrate(AFTER)
    try:
        chiang_mai = ServiceCentre.objects.get(organisation__code="3500101")
        certificate = Certificate.objects.get(centre=chiang_mai)
        assert certificate.number == "GECC-LEGACY-0001"
        assert certificate.application is None and certificate.level is None
        assert (certificate.valid_from, certificate.valid_until) == (
            date(2026, 12, 3),
            date(2029, 12, 3),
        )
        assert certificate.fiscal_year == 2570
        issued = certificate.events.get()
        assert issued.kind == "issued" and "บันทึกด้วยมือ" in issued.reason
        pattani = ServiceCentre.objects.get(organisation__code="5940101")
        application = Application.objects.get(centre=pattani)
        assert application.state == "sent"
        assert application.call.fiscal_year == 2570 and application.call.state == "closed"
        assert application.level.code == "basic"
        assert application.created_by.username == "opsadmin"  # the first OPS PMO admin
        assert standing(chiang_mai, date(2026, 12, 3)).kind == "certified"
        assert standing(pattani, date(2026, 12, 3)).kind == "in_certification"
        yarang = ServiceCentre.objects.get(organisation__code="5941001")
        assert standing(yarang, date(2026, 12, 3)).kind == "none"

        # Going back restores the typed values from the derived standing.
        with time_machine.travel(datetime(2026, 12, 4, 3, tzinfo=UTC), tick=False):
            apps = _migrate(BEFORE)
        Centre = apps.get_model("registry", "ServiceCentre")  # type: ignore[attr-defined]
        typed = dict(Centre.objects.values_list("organisation__code", "certification_status"))
        assert typed == {
            "5940101": "in_certification",
            "5941001": "none",
            "3500101": "certified",
        }
        # And forward again adds nothing twice.
        with time_machine.travel(datetime(2026, 12, 5, 3, tzinfo=UTC), tick=False):
            _migrate(AFTER)
        assert Certificate.objects.count() == 1 and Application.objects.count() == 1
    finally:
        _back_to_the_present()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_empty_database_migrates_with_nothing_to_carry() -> None:
    _migrate(BEFORE)
    _migrate(AFTER)
    from certification.models import Certificate

    assert not Certificate.objects.filter(number__startswith="GECC-LEGACY-").exists()
    _back_to_the_present()
