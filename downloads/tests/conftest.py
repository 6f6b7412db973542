"""The FY2565 6-month round, opened: Pattani Town Municipality's centre and Chiang
Mai's owe a report; the completeness workbook is the export these tests ask for."""

from datetime import date
from typing import Any

import pytest

from accounts.models import User
from maintenance import services
from maintenance.models import Round

COMPLETENESS = "/reports/completeness.xlsx"


@pytest.fixture
def rnd(world: Any) -> Round:
    ops = User.objects.get(username="opsadmin")
    rnd = services.set_round(actor=ops, fiscal_year=2565, months=6, deadline=date(2022, 4, 15))
    services.open_round(actor=ops, rnd=rnd)
    rnd.refresh_from_db()
    return rnd
