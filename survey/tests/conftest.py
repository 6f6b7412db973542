"""The centres and the round that the survey's figures are read for in its tests."""

from datetime import date
from typing import Any

import pytest

from accounts.models import User
from maintenance import services as maintenance_services
from maintenance.models import Round
from registry.models import ServiceCentre


@pytest.fixture
def pattani(world: Any) -> ServiceCentre:
    return ServiceCentre.objects.get(organisation__code="5940101")


@pytest.fixture
def chiangmai(world: Any) -> ServiceCentre:
    return ServiceCentre.objects.get(organisation__code="3500101")


@pytest.fixture
def rnd(world: Any) -> Round:
    """FY2568's first half, opened: 1 October 2567 - 31 March 2568."""
    ops = User.objects.get(username="opsadmin")
    rnd = maintenance_services.set_round(
        actor=ops, fiscal_year=2568, months=6, deadline=date(2025, 4, 15)
    )
    maintenance_services.open_round(actor=ops, rnd=rnd)
    rnd.refresh_from_db()
    return rnd
