"""Logging in: by NIP or username, lock-out after repeated failures, CSRF, sessions."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kinerja.accounts import services
from kinerja.accounts.models import ApiToken, LoginFailure
from kinerja.core.testing import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/akun/masuk/"


def test_an_employee_logs_in_with_their_nip(cast, client):
    cast.employee.user.username = "budi"
    cast.employee.user.save()
    r = client.post(LOGIN, {"username": cast.employee.nip, "password": PASSWORD})
    assert r.status_code == 302 and r.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == cast.employee.user


def test_a_username_logs_in_too_case_insensitively(cast, client):
    r = client.post(LOGIN, {"username": "BIMA", "password": PASSWORD})
    assert r.status_code == 302


def test_a_wrong_password_says_so_in_indonesian(cast, client):
    r = client.post(LOGIN, {"username": cast.employee.nip, "password": "salah"})
    assert r.status_code == 200
    assert "kata sandi salah" in r.content.decode()


def test_repeated_failures_lock_the_account(cast, client):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(LOGIN, {"username": "bima", "password": "salah"})
    r = client.post(LOGIN, {"username": "bima", "password": PASSWORD})
    assert r.status_code == 429
    assert "Terlalu banyak percobaan" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_expires_after_the_window(cast, client):
    import datetime

    from django.utils import timezone

    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(LOGIN, {"username": "bima", "password": "salah"})
    LoginFailure.objects.update(
        created_at=timezone.now() - datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    )
    assert client.post(LOGIN, {"username": "bima", "password": PASSWORD}).status_code == 302


def test_success_clears_earlier_failures(cast, client):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        client.post(LOGIN, {"username": "bima", "password": "salah"})
    client.post(LOGIN, {"username": "bima", "password": PASSWORD})
    assert not LoginFailure.objects.filter(username="bima").exists()


def test_one_account_being_locked_does_not_lock_another(cast, client):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(LOGIN, {"username": "bima", "password": "salah"})
    assert client.post(LOGIN, {"username": "audi", "password": PASSWORD}).status_code == 302


def test_csrf_is_enforced_on_login(cast):
    c = Client(enforce_csrf_checks=True)
    assert c.post(LOGIN, {"username": "bima", "password": PASSWORD}).status_code == 403


def test_inactive_users_cannot_log_in(cast, client):
    cast.bkpsdm_admin.is_active = False
    cast.bkpsdm_admin.save()
    assert client.post(LOGIN, {"username": "bima", "password": PASSWORD}).status_code == 200


def test_sessions_expire(cast, client):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client.post(LOGIN, {"username": "bima", "password": PASSWORD})
    assert 0 < client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE


def test_passwords_are_hashed(cast):
    assert not cast.bkpsdm_admin.password.startswith(PASSWORD)
    assert "$" in cast.bkpsdm_admin.password


def test_logout_needs_post(cast, client_for):
    c = client_for(cast.bkpsdm_admin)
    assert c.get("/akun/keluar/").status_code == 405
    assert c.post("/akun/keluar/").status_code == 302


def test_profile_creates_a_token_shown_once_and_revokes_it(cast, client_for):
    c = client_for(cast.employee)
    r = c.post(reverse("accounts:profile"), {"name": "Aplikasi absensi", "expires_in_days": "30"})
    key = r.context["new_key"]
    assert key.startswith("knj_")
    token = ApiToken.objects.get(user=cast.employee.user)
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    assert services.api_token_user(key) == cast.employee.user
    assert key not in c.get(reverse("accounts:profile")).content.decode()
    c.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert services.api_token_user(key) is None


def test_a_user_cannot_revoke_someone_elses_token(cast, client_for):
    token, _ = services.api_token_create(user=cast.supervisor.user, name="x")
    r = client_for(cast.employee).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert r.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_interface_is_indonesian_by_default_and_english_on_request(cast, client):
    assert "Masuk ke Kinerja" in client.get(LOGIN).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert "Sign in to Kinerja" in client.get(LOGIN).content.decode()


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(cast, client):
    assert (
        "Masuk ke Kinerja"
        in client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    )
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert "Sign in to Kinerja" in client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="id").content.decode()
