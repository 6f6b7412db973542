"""Two clerks registering the same letter at once: the second waits for the first on
the copy's row, then finds it registered and is refused; its number is not kept."""

import threading
from typing import Any

import pytest
from django.db import connection, transaction

from accounts.models import RoleAssignment, User
from correspondence import receiving
from correspondence.models import Recipient
from correspondence.tests.factories_receive import founding
from saduak.problems import Incomplete
from thaicalendar import dates


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database refuses a second writer instead of"
    " making it wait as a database file does; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_registrations_at_once_one_wins_the_other_is_refused(world: Any) -> None:
    letters = founding(world)
    first_clerk = User.objects.get(username="admin.pattanitown")
    second_clerk = User.objects.create_user("clerk.pattanitown")
    RoleAssignment.objects.create(
        user=second_clerk, role="clerk", organisation=letters.town_copy.organisation
    )
    today = dates.bangkok_today()
    first_holds_the_lock = threading.Event()
    second_started = threading.Event()
    outcomes: dict[str, Any] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                receiving.acknowledge(
                    user=first_clerk,
                    copy=letters.town_copy,
                    register_number="101",
                    register_date=today,
                )
                first_holds_the_lock.set()
                second_started.wait(5)
                threading.Event().wait(0.5)
            outcomes["first"] = "saved"
        except BaseException as exc:
            outcomes["first"] = exc
        finally:
            connection.close()

    def second() -> None:
        try:
            first_holds_the_lock.wait(5)
            second_started.set()
            receiving.acknowledge(
                user=second_clerk,
                copy=letters.town_copy,
                register_number="202",
                register_date=today,
            )
            outcomes["second"] = "saved"
        except BaseException as exc:
            outcomes["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes["first"] == "saved"
    assert isinstance(outcomes["second"], Incomplete)
    assert outcomes["second"].problems[0].field == "register_number"
    copy = Recipient.objects.get(pk=letters.town_copy.pk)
    assert (copy.register_number, copy.acknowledged_by) == ("101", first_clerk)
