"""Behind a load balancer: the person's address, read through the proxies the operator
trusts and no others, for the sign-in throttle and the citizen survey alike."""

from typing import Any

import pytest
from django.test import Client, RequestFactory

from demo.scenario import DEMO_PASSWORD
from saduak.checks import trusted_proxies
from saduak.network import client_address
from survey.models import Response
from survey.tests.test_citizen import answers, send

BALANCER = "10.0.0.1"


def asked(forwarded: str | None = None, remote: str = BALANCER) -> Any:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_with_no_trusted_proxy_a_forged_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = None
    assert client_address(asked("203.0.113.5")) == BALANCER
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(asked("203.0.113.5")) == BALANCER


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        # What the client wrote itself (left) is not believed; the proxy's entry is.
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (1, "2001:db8::7", "2001:db8::7"),
        # Malformed: fewer entries than proxies, not an address, empty.
        (2, "203.0.113.5", BALANCER),
        (1, "1.2.3.4, not-an-address", BALANCER),
        (1, "", BALANCER),
        (1, "1.2.3.4,", BALANCER),
        (1, "203.0.113.5:4431", BALANCER),
    ],
)
def test_the_nth_address_from_the_right(
    settings: Any, proxies: int, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(asked(forwarded)) == expected


def test_with_a_trusted_proxy_and_no_header_the_connection_counts(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(asked()) == BALANCER


def test_production_is_warned_until_the_count_is_set(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.TRUSTED_PROXY_COUNT = None
    assert [m.id for m in trusted_proxies(None)] == ["saduak.W001"]
    settings.TRUSTED_PROXY_COUNT = 0
    assert trusted_proxies(None) == []
    settings.PRODUCTION = False
    settings.TRUSTED_PROXY_COUNT = None
    assert trusted_proxies(None) == []  # a developer's machine has no balancer
    settings.TRUSTED_PROXY_COUNT = -1
    assert [m.id for m in trusted_proxies(None)] == ["saduak.E001"]


def citizen(address: str) -> Client:
    return Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=address)


def test_failed_sign_ins_behind_the_balancer_lock_only_their_sender(
    world: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 4
    guesser = citizen("198.51.100.66")
    for name in ["a", "b", "c", "d"]:
        guesser.post("/login/", {"username": name, "password": "guess"})
    refused = guesser.post("/login/", {"username": "opsadmin", "password": DEMO_PASSWORD})
    assert refused.status_code == 200  # the guesser's address is locked
    # Everyone else comes through the same balancer, and is not.
    colleague = citizen("203.0.113.20")
    response = colleague.post("/login/", {"username": "opsadmin", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_citizens_behind_the_balancer_are_told_apart(world: Any, settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SURVEY_PER_NETWORK = 1
    counter = world["5940101"].centres.get().counters.get(number=1)
    for n, address in enumerate(["203.0.113.1", "203.0.113.2"]):
        client = citizen(address)
        send(client, counter, answers(client, counter, O1=str(n + 1)), after=30 + n)
    stored = Response.objects.all()
    assert [r.status for r in stored] == ["counted", "counted"]
    assert len({r.network_hash for r in stored}) == 2
