"""HTTPS, HSTS and secure cookies from the environment; `check --deploy` clean with them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
STRONG_KEY = "k" * 10 + "Q7v!pZ2#rT9@wX4$mB6^nC8&dF1*gH3(jL5)sA0-eY"  # 50+ chars, varied


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    # Only what a deployment would have: no SAMVERKAN_* from this shell, no test switches.
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SAMVERKAN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean.update(
        {
            "DATABASE_URL": "sqlite:///:memory:",
            "DJANGO_SETTINGS_MODULE": "samverkan.settings",
            "SAMVERKAN_SECRET_KEY": STRONG_KEY,
            "SAMVERKAN_ALLOWED_HOSTS": "samverkan.example.se",
            **env,
        }
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def deploy_check(**env: str) -> subprocess.CompletedProcess[str]:
    return run(["-m", "samverkan.manage", "check", "--deploy", "--fail-level", "WARNING"], **env)


def test_check_deploy_is_clean_with_https_on():
    result = deploy_check(SAMVERKAN_HTTPS="true")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_without_https():
    result = deploy_check()
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"SAMVERKAN_HTTPS": "true"},
            "True True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https')",
        ),
        (
            {"SAMVERKAN_HTTPS": "true", "SAMVERKAN_HSTS_SECONDS": "3600"},
            "True True 3600 True True ('HTTP_X_FORWARDED_PROTO', 'https')",
        ),
        ({}, "False False 0 False False None"),
    ],
)
def test_https_settings_follow_the_environment(env, expected):
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
