"""The application page leads each person to their next step on it (screening, the
scorebook, the committee's decision), and the screening page opens the files sent: no
one has to type an address."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from certification import applications
from certification.screening import assign
from certification.tests import factories_apply
from certification.tests.factories_assess import visited
from certification.tests.factories_certify import assessed, pattani_centre
from maintenance.tests.test_evidence import _pdf

PDF = _pdf()


def _links(client: Any, application: Any) -> str:
    return client.get(application.get_absolute_url()).content.decode()


def test_the_assigned_screener_is_led_to_screening_and_opens_the_file_sent(
    world: Any, client_as: Any
) -> None:
    application = factories_apply.filled(factories_apply.start())
    criterion = factories_apply.criteria(application)[0]
    applications.add_evidence(
        actor=factories_apply.user("admin.pattanitown"),
        application=application,
        criterion=criterion,
        upload=SimpleUploadedFile("ป้ายประกาศ.pdf", PDF, content_type="application/pdf"),
        link="",
    )
    application = factories_apply.sent(application)
    screener = User.objects.get(username="screener")
    ops = User.objects.get(username="opsadmin")
    assign(actor=ops, applications=[application], screener=screener)
    client = client_as("screener")
    screening_url = reverse("certification:screening", args=[application.pk])
    assert f'href="{screening_url}"' in _links(client, application)
    page = client.get(screening_url).content.decode()
    piece = application.evidence.get(original_name="ป้ายประกาศ.pdf")
    file_url = reverse("certification:application_evidence_file", args=[application.pk, piece.pk])
    assert f'href="{file_url}"' in page
    download = client.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # The unit's staff read the application but have no screening to do on it.
    assert screening_url not in _links(client_as("staff.pattanitown"), application)


def test_the_team_is_led_to_its_scorebook_and_ops_pmo_to_the_decision(
    world: Any, client_as: Any
) -> None:
    on_visit = visited()
    scorebook = reverse("certification:scorebook", args=[on_visit.pk])
    assert f'href="{scorebook}"' in _links(client_as("assessor"), on_visit)
    assert scorebook not in _links(client_as("admin.pattanitown"), on_visit)

    ready = assessed(world["3500101"].centres.get(), fiscal_year=2567)
    decide = reverse("certification:decide", args=[ready.pk])
    assert f'href="{decide}"' in _links(client_as("opsadmin"), ready)
    assert decide not in _links(client_as("reviewer"), ready)
    assert pattani_centre(world) == on_visit.centre
