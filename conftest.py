"""Shared fixtures: the demo scenario's people, signed in as themselves.

Tests read like the issue's checks: "overseer.pattani sees …", "admin.pattanitown
cannot …". Everyone's password is the demo one.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from demo import scenario
from registry.models import Organisation
from saduak.tests.smtp import smtp_server  # noqa: F401 (a real SMTP server, for the tests that need one)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Browser tests need a committed database (a live server in another thread), and
    # after each one the tables are flushed, including the provinces that a migration
    # loaded. Like Django's own runner with TransactionTestCase, run them last.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def thai_as_on_a_fresh_request() -> None:
    # A request leaves its language active in the thread; each test starts in Thai, as
    # a new visitor would.
    translation.activate("th")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # Argon2 is slow on purpose; tests that check hashing itself restore it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db: Any) -> dict[str, Organisation]:
    """The demo organisations and accounts, keyed by organisation code."""
    orgs: dict[str, Organisation] = scenario.load()["organisations"]
    return orgs


@pytest.fixture
def client_as(world: dict[str, Organisation]) -> Callable[[str], Client]:
    def sign_in(username: str) -> Client:
        client = Client()
        assert client.login(username=username, password=scenario.DEMO_PASSWORD), username
        return client

    return sign_in
