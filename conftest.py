import os

import pytest
from django.db import connection


@pytest.fixture
def cast(db):
    from kinerja.core.testing import build_cast

    return build_cast()


@pytest.fixture
def client_for(client):
    """`client_for(user)` logs the test client in as that user (or a Pegawai's user)."""

    def login(who):
        from django.test import Client

        c = Client()
        user = getattr(who, "user", None) if hasattr(who, "nip") else who
        if user is not None:
            c.force_login(user)
        return c

    return login


def pytest_sessionstart(session):
    # CI sets KINERJA_EXPECT_POSTGRES: a run that silently fell back to SQLite must fail.
    if os.environ.get("KINERJA_EXPECT_POSTGRES") and "postgres" not in os.environ.get(
        "DATABASE_URL", ""
    ):
        raise pytest.UsageError("KINERJA_EXPECT_POSTGRES is set but DATABASE_URL is not PostgreSQL")


@pytest.fixture
def db_vendor():
    return connection.vendor
