"""A centre's standing is derived from its applications and certificates, never typed."""

from datetime import date
from typing import Any

from certification import selectors
from certification.models import Application, Certificate
from certification.tests import factories_integrate as make
from registry.models import ServiceCentre
from standards.models import Level

TODAY = date(2026, 12, 3)


def test_a_centre_with_nothing_is_not_in_the_programme(world: Any) -> None:
    yarang = make.centre("5941001")
    standing = selectors.standing(yarang, TODAY)
    assert standing.kind == selectors.NONE
    assert standing.label == "ยังไม่เข้าร่วมโครงการ"
    assert yarang not in selectors.centres_owing_reports(TODAY)


def test_an_application_in_progress_means_in_certification(world: Any) -> None:
    yarang = make.centre("5941001")
    make.application(yarang, state=Application.State.SENT)
    standing = selectors.standing(yarang, TODAY)
    assert standing.kind == selectors.IN_CERTIFICATION
    assert standing.application is not None
    assert standing.application.call.fiscal_year == 2566
    assert yarang in selectors.centres_owing_reports(TODAY)


def test_a_certificate_in_force_means_certified_with_its_number_and_level(world: Any) -> None:
    yarang = make.centre("5941001")
    make.certificate(yarang, number="T-0", valid_from=date(2025, 1, 1))
    Certificate.objects.filter(number="T-0").update(
        level=Level.objects.filter(code="advanced").first()
    )
    standing = selectors.standing(yarang, TODAY)
    assert standing.kind == selectors.CERTIFIED
    assert standing.certificate is not None
    assert standing.certificate.number == "T-0"
    assert standing.certificate.level is not None
    assert standing.certificate.level.code == "advanced"
    assert standing.certificate.valid_until == date(2027, 12, 31)


def test_suspended_still_binds_but_revoked_and_expired_do_not(world: Any) -> None:
    yarang = make.centre("5941001")
    cert = make.certificate(yarang, number="T-1", valid_from=date(2025, 1, 1))
    assert selectors.standing(yarang, TODAY).kind == selectors.CERTIFIED
    Certificate.objects.filter(pk=cert.pk).update(state=Certificate.State.SUSPENDED)
    assert selectors.standing(yarang, TODAY).kind == selectors.SUSPENDED
    assert yarang in selectors.centres_owing_reports(TODAY)
    Certificate.objects.filter(pk=cert.pk).update(state=Certificate.State.REVOKED)
    assert selectors.standing(yarang, TODAY).kind == selectors.NONE
    assert yarang not in selectors.centres_owing_reports(TODAY)
    Certificate.objects.filter(pk=cert.pk).update(state=Certificate.State.ACTIVE)
    after_expiry = date(2028, 1, 1)
    assert selectors.standing(yarang, after_expiry).kind == selectors.NONE
    assert yarang not in selectors.centres_owing_reports(after_expiry)


def test_ended_applications_owe_nothing(world: Any) -> None:
    yarang = make.centre("5941001")
    for state in (
        Application.State.DRAFT,
        Application.State.NOT_ELIGIBLE,
        Application.State.WITHDRAWN,
        Application.State.NOT_CERTIFIED,
    ):
        app = make.application(yarang, state=state)
        assert selectors.standing(yarang, TODAY).kind == selectors.NONE, state
        assert yarang not in selectors.centres_owing_reports(TODAY), state
        app.delete()


def test_an_inactive_centre_owes_nothing(world: Any) -> None:
    ServiceCentre.objects.filter(organisation__code="3500101").update(is_active=False)
    assert not selectors.centres_owing_reports(TODAY).filter(organisation__code="3500101")


def test_who_owes_is_one_query(world: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        codes = set(
            selectors.centres_owing_reports(TODAY).values_list("organisation__code", flat=True)
        )
    assert codes == {"5940101", "3500101"}


def test_a_list_is_annotated_with_standing_in_one_query(
    world: Any, django_assert_num_queries: Any
) -> None:
    make.certificate(make.centre("5941001"), number="T-2", valid_from=date(2026, 1, 1))
    Certificate.objects.filter(number="GECC-LEGACY-0001").update(state=Certificate.State.REVOKED)
    make.application(make.centre("5940101"), state=Application.State.RETURNED)
    with django_assert_num_queries(1):
        rows = {
            c.organisation.code: (c.standing, c.standing_certificate)
            for c in selectors.with_standing(
                ServiceCentre.objects.select_related("organisation"), TODAY
            )
        }
    assert rows == {
        "5940101": (selectors.IN_CERTIFICATION, None),
        "5941001": (selectors.CERTIFIED, "T-2"),
        "3500101": (selectors.CERTIFIED, "GECC-LEGACY-0002"),
    }


def test_the_centre_page_shows_the_derived_standing(client_as: Any, world: Any) -> None:
    chiang_mai = make.centre("3500101")
    page = client_as("overseer.chiangmai").get(f"/registry/centres/{chiang_mai.pk}/")
    text = page.content.decode()
    assert "ได้รับการรับรอง · ใบรับรองเลขที่ GECC-LEGACY-0002 ใช้ได้ถึง" in text
    assert "/certification/certificates/" in text  # the certificate's page
    yarang = make.centre("5941001")
    application = make.application(yarang, state=Application.State.IN_SCREENING)
    text = client_as("admin.yarang").get(f"/registry/centres/{yarang.pk}/").content.decode()
    assert "อยู่ระหว่างการรับรอง" in text
    assert f"/certification/applications/{application.pk}/" in text  # its application
