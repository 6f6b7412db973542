import re
from datetime import timedelta
from typing import Any

import time_machine
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import FailedLogin, User
from audit.models import AuditEvent
from demo.scenario import DEMO_PASSWORD


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def test_signing_in_and_out(world: Any) -> None:
    client = Client()
    assert client.get("/").status_code == 302  # home needs a session
    response = sign_in(client, "overseer.pattani", DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "จังหวัดปัตตานี" in client.get("/").content.decode()
    assert AuditEvent.objects.filter(action="login", actor_label="overseer.pattani").exists()
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_a_wrong_password_says_so_in_thai(world: Any) -> None:
    page = sign_in(Client(), "overseer.pattani", "wrong").content.decode()
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page


def test_repeated_failures_lock_the_username_even_for_the_right_password(
    world: Any, settings: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        sign_in(client, "overseer.pattani", "wrong")
    page = sign_in(client, "overseer.pattani", DEMO_PASSWORD)
    assert page.status_code == 200  # stays on the form
    assert "พยายามเข้าสู่ระบบผิดหลายครั้งเกินไป" in page.content.decode()
    # Another account from another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert sign_in(other, "opsadmin", DEMO_PASSWORD).status_code == 302
    # After the window the lock lifts.
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert sign_in(Client(), "overseer.pattani", DEMO_PASSWORD).status_code == 302


def test_one_address_guessing_many_usernames_is_locked(world: Any, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 4
    client = Client(REMOTE_ADDR="192.0.2.7")
    for name in ["a", "b", "c", "d"]:
        sign_in(client, name, "guess")
    assert sign_in(client, "opsadmin", DEMO_PASSWORD).status_code == 200
    # The address is kept only as a salted hash.
    assert not FailedLogin.objects.filter(address_hash__contains="192.0.2.7").exists()
    assert all(len(h) == 64 for h in FailedLogin.objects.values_list("address_hash", flat=True))


def test_success_clears_earlier_failures(world: Any) -> None:
    client = Client()
    sign_in(client, "opsadmin", "wrong")
    assert sign_in(client, "opsadmin", DEMO_PASSWORD).status_code == 302
    assert not FailedLogin.objects.filter(username="opsadmin").exists()


def test_passwords_are_hashed_with_argon2(db: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = User.objects.create_user("new.person", password="a-long-pass-phrase")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.password.startswith("argon2$argon2id$")


def test_an_idle_session_expires(world: Any) -> None:
    client = Client()
    sign_in(client, "opsadmin", DEMO_PASSWORD)
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert client.get("/").status_code == 200  # activity renews the session
    with time_machine.travel(timezone.now() + timedelta(minutes=45)):
        assert client.get("/").status_code == 200  # 25 idle minutes since the last request
    with time_machine.travel(timezone.now() + timedelta(minutes=80)):
        response = client.get("/")  # 35 idle minutes
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_changing_the_password(world: Any) -> None:
    client = Client()
    sign_in(client, "staff.pattanitown", DEMO_PASSWORD)
    response = client.post(
        "/password/",
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "ปัตตานี-2569-ok",
            "new_password2": "ปัตตานี-2569-ok",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="staff.pattanitown").check_password("ปัตตานี-2569-ok")
    assert AuditEvent.objects.filter(action="password", object_repr__contains="อาห์หมัด").exists()


def test_a_too_short_new_password_is_refused_with_the_field_named(world: Any) -> None:
    client = Client()
    sign_in(client, "staff.pattanitown", DEMO_PASSWORD)
    page = client.post(
        "/password/",
        {"old_password": DEMO_PASSWORD, "new_password1": "short", "new_password2": "short"},
    ).content.decode()
    assert "รหัสผ่านนี้สั้นเกินไป" in page
    assert User.objects.get(username="staff.pattanitown").check_password(DEMO_PASSWORD)


def test_resetting_a_forgotten_password_by_email(world: Any) -> None:
    client = Client()
    response = client.post("/password/reset/", {"email": "staff.pattanitown@demo.saduak.local"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/password/reset/\S+/)", str(mail.outbox[0].body))
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "ลืมแล้ว-จำใหม่-2569", "new_password2": "ลืมแล้ว-จำใหม่-2569"},
    )
    assert response.status_code == 302
    assert sign_in(Client(), "staff.pattanitown", "ลืมแล้ว-จำใหม่-2569").status_code == 302
    # The link works once.
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in client.get(link.group(1), follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(world: Any) -> None:
    response = Client().post("/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
