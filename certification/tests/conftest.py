from typing import Any

import pytest

from certification.models import Certificate, CertificateEvent


@pytest.fixture
def only_decided_certificates(world: Any) -> None:
    """The test world's centres hold certificates carried over from the typed status
    (demo.scenario.load); the tests of decisions, numbering and the register count only
    the certificates they issue, so these are taken away first."""
    carried = Certificate.objects.filter(application=None)
    CertificateEvent.objects.filter(certificate__in=carried).delete()
    carried.delete()
