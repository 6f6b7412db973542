"""A database restart is not shown to a citizen: a connection the server dropped is
noticed and replaced before the request uses it (CONN_HEALTH_CHECKS)."""

from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import connection
from django.test import Client

ON_POSTGRESQL = connection.vendor == "postgresql"


def test_persistent_connections_are_checked_before_use() -> None:
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def served(client: Client, url: str) -> Any:
    """The request as a web server makes it. Django's test client silences the signals
    around a request that let Django close or check kept connections (it wants the
    test's own connection left alone); a server sends them, so this sends them too."""
    request_started.send(sender=WSGIHandler)
    try:
        return client.get(url)
    finally:
        request_finished.send(sender=WSGIHandler)


def backend_pid() -> int:
    assert connection.connection is not None, "the request's connection was closed"
    pid: int = connection.connection.info.backend_pid
    return pid


@pytest.mark.skipif(not ON_POSTGRESQL, reason="a server to restart: PostgreSQL only")
# Committed transactions, as a web process has: inside a test's transaction Django
# never closes or checks a connection. The provinces (loaded by a migration) come back
# afterwards from the serialized copy.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_citizen_gets_the_page_after_the_database_dropped_the_connection(
    world: Any, monkeypatch: Any
) -> None:
    # Persistent connections, as in production (DB_CONN_MAX_AGE, 60 s by default):
    # without them every request opens a fresh connection and there is nothing to check.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    code = world["5940101"].centres.get().counters.get(number=1).survey_code
    citizen = Client(raise_request_exception=False)
    connection.close()
    assert served(citizen, f"/q/{code}/").status_code == 200
    first = backend_pid()
    assert served(citizen, f"/q/{code}/").status_code == 200
    assert backend_pid() == first  # the same connection carried across requests

    # What a restart (or a failover, or an idle timeout on a proxy) does to it.
    params = connection.get_connection_params()
    params.pop("prepare_threshold", None)
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [first])

    response = served(citizen, f"/q/{code}/")
    assert response.status_code == 200
    assert "ศูนย์ราชการสะดวก" in response.content.decode()
    assert backend_pid() != first
