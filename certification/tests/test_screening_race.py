"""Two screeners (or two tabs) deciding the same application at once: the second waits
for the first on the application's row, then finds it decided and is refused; nothing
of the second is saved."""

import threading
from typing import Any

import pytest
from django.db import connection, transaction

from accounts.models import User
from certification import screening
from certification.models import Application, ApplicationVersion, ItemScreening, ScreeningReason
from certification.tests.factories_screen import all_complete, make_application, make_call


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database refuses a second writer instead of"
    " making it wait as a database file does; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_decisions_at_once_one_wins_the_other_is_refused(world: Any) -> None:
    call = make_call()
    screener = User.objects.get(username="screener")
    application = make_application(world["5940101"], call=call, screener=screener)
    reason = ScreeningReason.objects.get(code="R08")
    first_holds_the_lock = threading.Event()
    second_started = threading.Event()
    outcomes: dict[str, Any] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                screening.decide(
                    actor=screener,
                    application=application,
                    version_number=1,
                    outcome="passed",
                    judgements=all_complete(call),
                    reason_ids=[],
                )
                first_holds_the_lock.set()
                # Keep the transaction open until the second is queued behind it.
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
            screening.decide(
                actor=screener,
                application=application,
                version_number=1,
                outcome="not_eligible",
                judgements=all_complete(call),
                reason_ids=[reason.pk],
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
    assert isinstance(outcomes["second"], screening.ScreeningConflict)
    version = ApplicationVersion.objects.get(application=application)
    assert version.outcome == "passed"
    assert not version.outcome_reasons.exists()
    assert ItemScreening.objects.filter(version=version).count() == 18
    assert Application.objects.get(pk=application.pk).state == Application.State.PASSED
