"""The sign-in limit holds under guesses sent at once, locks an account only for the
address that guessed, and a password reset opens it again as the lock message says."""

import re
import threading
import time
from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.db import connection
from django.test import Client

from accounts.models import FailedLogin, User
from audit.models import AuditEvent
from demo.scenario import DEMO_PASSWORD

LOCKED = "พยายามเข้าสู่ระบบผิดหลายครั้งเกินไป"
WRONG = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"


class CountingHasher(MD5PasswordHasher):
    """The tests' hasher, counting every password it checks, and slow enough that
    guesses sent together are all in flight at once (Argon2 is slower still)."""

    checked = 0
    lock = threading.Lock()

    def verify(self, password: str, encoded: str) -> bool:
        with CountingHasher.lock:
            CountingHasher.checked += 1
        time.sleep(0.1)
        return super().verify(password, encoded)


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post("/login/", {"username": username, "password": password})


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database refuses a second writer instead of"
    " making it wait as a database file does; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_guesses_sent_at_once_get_no_more_checks_than_the_limit(world: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.checked = 0
    guesses = 25
    start = threading.Barrier(guesses)
    pages: list[str] = []
    errors: list[BaseException] = []

    def guess(n: int) -> None:
        try:
            client = Client(REMOTE_ADDR="198.51.100.23")
            start.wait()
            pages.append(sign_in(client, "overseer.pattani", f"guess-{n}").content.decode())
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert CountingHasher.checked <= settings.LOGIN_FAILURE_LIMIT == 5
    # Every guess got an answer: wrong, or locked without being checked.
    assert len(pages) == guesses
    told_wrong = sum(WRONG in page for page in pages)
    assert told_wrong == CountingHasher.checked
    assert sum(LOCKED in page for page in pages) == guesses - told_wrong
    assert FailedLogin.objects.count() == told_wrong
    # Guesses after the burst, one by one, use up what is left of the limit and no more;
    # then the right password from there is refused too, unchecked.
    client = Client(REMOTE_ADDR="198.51.100.23")
    for n in range(10):
        sign_in(client, "overseer.pattani", f"later-{n}")
    assert CountingHasher.checked == settings.LOGIN_FAILURE_LIMIT
    page = sign_in(client, "overseer.pattani", DEMO_PASSWORD).content.decode()
    assert LOCKED in page
    assert CountingHasher.checked == settings.LOGIN_FAILURE_LIMIT


def test_a_stranger_cannot_lock_a_colleague_out_from_elsewhere(world: Any, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    stranger = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(3):
        sign_in(stranger, "overseer.pattani", "wrong")
    page = sign_in(stranger, "overseer.pattani", DEMO_PASSWORD)
    assert page.status_code == 200 and LOCKED in page.content.decode()
    # The owner, at the office, signs in as usual.
    owner = Client(REMOTE_ADDR="203.0.113.40")
    assert sign_in(owner, "overseer.pattani", DEMO_PASSWORD).status_code == 302
    # The stranger's lock stays (the owner's success forgives only the owner's address).
    assert LOCKED in sign_in(stranger, "overseer.pattani", DEMO_PASSWORD).content.decode()


def test_the_limit_per_address_holds_across_usernames(world: Any, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 6
    guesser = Client(REMOTE_ADDR="198.51.100.8")
    for name in ["opsadmin", "overseer.pattani", "admin.pattanitown"]:
        for _ in range(2):
            sign_in(guesser, name, "wrong")
    assert LOCKED in sign_in(guesser, "staff.pattanitown", DEMO_PASSWORD).content.decode()
    assert sign_in(Client(), "staff.pattanitown", DEMO_PASSWORD).status_code == 302


def test_a_password_reset_opens_a_locked_account(world: Any, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    owner = Client(REMOTE_ADDR="203.0.113.41")
    for _ in range(3):
        sign_in(owner, "staff.pattanitown", "forgotten")
    page = sign_in(owner, "staff.pattanitown", DEMO_PASSWORD).content.decode()
    assert LOCKED in page and "ตั้งค่ารหัสผ่านใหม่" in page  # the message says how out
    owner.post("/password/reset/", {"email": "staff.pattanitown@demo.saduak.local"})
    link = re.search(r"https?://[^/]+(/password/reset/\S+/)", str(mail.outbox[0].body))
    assert link
    form = owner.get(link.group(1), follow=True)
    new_password = "จำได้แล้ว-2569-ok"
    done = owner.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302
    # Straight away, from the same address, within the window.
    assert sign_in(owner, "staff.pattanitown", new_password).status_code == 302


def test_failed_sign_ins_are_in_the_audit_trail(world: Any) -> None:
    sign_in(Client(), "overseer.pattani", "wrong")
    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor is None and event.object_type == "accounts.user"
    assert event.object_id == str(User.objects.get(username="overseer.pattani").pk)
    assert event.changes == {}


def test_an_unknown_username_is_recorded_and_nothing_is_created(world: Any) -> None:
    accounts = User.objects.count()
    sign_in(Client(), "nobody.here", "guess")
    event = AuditEvent.objects.get(action="login_failed")
    assert event.object_repr == "nobody.here" and event.object_id == ""
    assert event.actor is None and event.changes == {}
    assert User.objects.count() == accounts


def test_signing_out_is_in_the_audit_trail(world: Any) -> None:
    client = Client()
    sign_in(client, "overseer.pattani", DEMO_PASSWORD)
    client.post("/logout/")
    event = AuditEvent.objects.get(action="logout")
    assert event.actor_label == "overseer.pattani"
    assert event.get_action_display() == "ออกจากระบบ"


def test_no_look_alike_account_can_exist_to_forgive_anothers_failures(world: Any) -> None:
    """A success forgives the failures of the name signed in with. An account named like
    the OPS PMO administrator's in other capitals, signed in between guesses, would
    forgive the guesses against the real one: the database refuses such a name, even
    when the form's check is raced past."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("OpsAdmin", password="Zq8!mmmmmmmmm2")
