import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def check_deploy(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "TRUSTED_PROXY_COUNT"}
        },
        "SADUAK_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x7Qp2" * 10,
        "ALLOWED_HOSTS": "saduak.example.go.th",
        "DEBUG": "false",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_check_deploy_with_no_warning() -> None:
    result = check_deploy(TRUSTED_PROXY_COUNT="0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_is_warned_when_the_trusted_proxies_are_not_said() -> None:
    result = check_deploy()
    assert result.returncode != 0
    assert "saduak.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["SADUAK_ENV"] = "production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_every_model_change_has_its_migration() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
