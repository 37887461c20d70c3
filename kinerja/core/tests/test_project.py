"""Project-wide checks: migrations are complete, security headers, health check."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_migration_is_missing():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    r = client.get("/akun/masuk/")
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_load_no_third_party_assets(client):
    body = client.get("/akun/masuk/").content.decode()
    for host in ("cdn.", "unpkg", "jsdelivr", "googleapis", "cdnjs"):
        assert host not in body


@pytest.mark.django_db
def test_health_check(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("key", "ok"), [("insecure-short", False), ("x" * 20, False), ("k3y-" + "a" * 50, True)]
)
def test_prod_settings_refuse_an_insecure_key(key, ok):
    import os
    import subprocess
    import sys

    env = {**os.environ, "SECRET_KEY": key, "DATABASE_URL": "postgres://x@127.0.0.1/x"}
    r = subprocess.run(
        [sys.executable, "-c", "import config.settings.prod as p; print(p.SESSION_COOKIE_SECURE)"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert (r.returncode == 0) == ok, r.stderr[-300:]
    if ok:
        assert r.stdout.strip() == "True"


@pytest.mark.django_db(transaction=True)
def test_notification_mail_goes_to_each_recipient_alone(settings, mailoutbox):
    from django.contrib.auth import get_user_model

    from kinerja.core.notify import notify

    settings.KINERJA_NOTIFY_EMAIL = True
    users = [
        get_user_model().objects.create_user(username=f"u{i}", email=f"u{i}@sukamajukab.go.id")
        for i in range(3)
    ]
    notify(users, "Laporan menunggu verifikasi", "/pelaksanaan/verifikasi/")
    assert sorted(m.to[0] for m in mailoutbox) == [
        "u0@sukamajukab.go.id",
        "u1@sukamajukab.go.id",
        "u2@sukamajukab.go.id",
    ]
    assert all(len(m.to) == 1 for m in mailoutbox)
