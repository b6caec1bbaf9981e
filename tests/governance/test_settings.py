"""Security settings that DESIGN §12 demands: idle timeout, login throttling, a clean `check --deploy`."""

import datetime as dt
import os
import secrets
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # UserFactory's


def test_sessions_end_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True  # each request renews the cookie: only idle time counts
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_idle_session_expires_but_an_active_one_lives_on(client):
    user = UserFactory()
    home = reverse("governance:my-work")
    start = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(user)
        assert client.get(home).status_code == 200
        # active: a request every 25 minutes keeps the session alive for well over 30 minutes
        for _ in range(3):
            traveller.shift(dt.timedelta(minutes=25))
            assert client.get(home).status_code == 200
        # idle for 31 minutes: signed out
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client):
    user = UserFactory(username="karin")
    for _ in range(5):
        response = sign_in(client, "karin", "wrong-password")
        assert "_auth_user_id" not in client.session
    response = sign_in(client, "karin", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert str(user.pk) != client.session.get("_auth_user_id")


@override_settings(AXES_ENABLED=True)
def test_four_wrong_passwords_still_allow_the_right_one(client):
    user = UserFactory(username="karin")
    for _ in range(4):
        sign_in(client, "karin", "wrong-password")
    response = sign_in(client, "karin", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@override_settings(AXES_ENABLED=True)
def test_lockout_is_per_username(client):
    UserFactory(username="karin")
    other = UserFactory(username="johan")
    for _ in range(5):
        sign_in(client, "karin", "wrong-password")
    sign_in(client, "johan", PASSWORD)
    assert client.session["_auth_user_id"] == str(other.pk)


def production_env(tmp_path, **overrides) -> dict:
    """The environment the Makefile's check-deploy target documents."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "it.kommun.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
            "EMAIL_URL": "smtp://mail.kommun.example:25",
        }
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(*args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_need_a_secret_key(tmp_path):
    result = manage("check", env=production_env(tmp_path, DJANGO_SECRET_KEY=None))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
