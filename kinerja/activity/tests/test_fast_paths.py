"""The month-end fast paths (issue 4 item 10) give exactly what the ORM gives: the pre-built
lookups for the token, the account and the indicator with its period, the one-step
"save already submitted" and the queue page cut by ids first."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.accounts.models import ApiToken
from kinerja.accounts.services import _TOKEN_LOOKUP, api_token_create, api_token_user
from kinerja.activity import services
from kinerja.activity.api import _INDICATOR_LOOKUP
from kinerja.activity.choices import EntryStatus
from kinerja.activity.models import DailyEntry
from kinerja.core.models import AuditLog
from kinerja.organisation.models import Pegawai, Role, RoleAssignment
from kinerja.organisation.permissions import access_for
from kinerja.planning.models import Indicator, Period

pytestmark = pytest.mark.django_db


def same_fields(a, b):
    assert type(a) is type(b)
    for f in type(a)._meta.concrete_fields:
        assert getattr(a, f.attname) == getattr(b, f.attname), f.name
        assert type(getattr(a, f.attname)) is type(getattr(b, f.attname)), f.name


def fresh(user):
    user.__dict__.pop("_kinerja_access", None)
    return user


def test_token_lookup_equals_the_orm_and_honours_revocation_and_expiry(cast):
    user = cast.employee.user
    token, key = api_token_create(user=user, name="t")
    row = _TOKEN_LOOKUP().first([ApiToken.hash_key(key), datetime.datetime.now(datetime.UTC)])
    same_fields(row[0], ApiToken.objects.get(pk=token.pk))
    same_fields(row[1], type(user).objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as q:
        assert row[0].user.pk == user.pk  # the joined account is cached on the token
    assert len(q) == 0
    assert api_token_user(key) == user
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert api_token_user(key) is None
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=None, revoked_at=datetime.datetime.now(datetime.UTC)
    )
    assert api_token_user(key) is None
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=None)
    assert api_token_user(key) is None


def test_account_lookup_equals_the_orm(cast):
    for who in (cast.employee, cast.supervisor, cast.head):
        access = access_for(fresh(who.user))
        same_fields(access.pegawai, Pegawai.objects.get(pk=who.pk))
        with CaptureQueriesContext(connection) as q:
            assert access.pegawai.instansi.name == who.instansi.name  # joined, no query
        assert len(q) == 0
        assert access.has_subordinates == Pegawai.objects.filter(atasan=who).exists()
    assert access_for(fresh(cast.employee.user)).roles == ()
    # A granted role on an employee's account is still read.
    RoleAssignment.objects.create(
        user=cast.employee.user, role=Role.ADMIN_INSTANSI, instansi=cast.kesehatan
    )
    access = access_for(fresh(cast.employee.user))
    assert (
        access.admin_instansi_ids == {cast.kesehatan.pk} and access.pegawai.pk == cast.employee.pk
    )
    # Accounts with no employee record (admins) and inactive employees.
    assert access_for(fresh(cast.bkpsdm_admin)).pemda_wide_write
    Pegawai.objects.filter(pk=cast.peer.pk).update(is_active=False)
    assert access_for(fresh(cast.peer.user)).pegawai is None


def test_indicator_lookup_equals_the_orm_with_the_period_of_the_date(approved):
    ind = approved["count"]
    day = datetime.date(2026, 5, 11)
    row = _INDICATOR_LOOKUP().first([day, day, ind.pk])
    orm = Indicator.objects.select_related("rhk__skp__year").get(pk=ind.pk)
    same_fields(row[0], orm)
    same_fields(row[1], orm.rhk)
    same_fields(row[2], orm.rhk.skp)
    same_fields(row[3], orm.rhk.skp.year)
    same_fields(
        row[4], Period.objects.get(year=orm.rhk.skp.year, start_date__lte=day, end_date__gte=day)
    )
    with CaptureQueriesContext(connection) as q:
        assert row[0].rhk.skp.year.year == 2026
    assert len(q) == 0
    assert _INDICATOR_LOOKUP().first([datetime.date(2031, 1, 1)] * 2 + [ind.pk])[4] is None
    assert _INDICATOR_LOOKUP().first([None, None, ind.pk])[4] is None
    assert _INDICATOR_LOOKUP().first([day, day, 987654]) is None


def entry(approved, **kw):
    data = {"rhk": approved["rhk"], "indicator": approved["count"], "date": datetime.date(2026, 5, 11),
            "start_time": datetime.time(8), "end_time": datetime.time(9), "activity": "Verifikasi data sekolah",
            "quantity": Decimal(2)} | kw  # fmt: skip
    return DailyEntry(**data)


def test_saving_already_submitted_ends_like_save_then_submit(cast, approved):
    user = cast.employee.user
    one = services.entry_save(entry=entry(approved), actor=user)
    services.entry_submit(entries=[one], actor=user)
    two = services.entry_save(entry=entry(approved), actor=user, submit=True)
    one.refresh_from_db()
    two.refresh_from_db()
    for field in ("status", "rater_id", "period_id", "skp_id", "unit", "pegawai_id"):
        assert getattr(one, field) == getattr(two, field), field
    assert two.status == EntryStatus.SUBMITTED and two.submitted_at is not None
    actions = lambda e: list(  # noqa: E731
        AuditLog.objects.filter(object_id=str(e.pk), object_type="activity.dailyentry")
        .order_by("id")
        .values_list("action", "after__status")
    )
    assert (
        actions(one)
        == actions(two)
        == [("entry.created", "draft"), ("entry.submitted", "submitted")]
    )


def test_saving_already_submitted_keeps_every_rule(cast, approved):
    user = cast.employee.user
    before = (DailyEntry.objects.count(), AuditLog.objects.count())
    bad = [entry(approved, end_time=datetime.time(7)), entry(approved, quantity=Decimal(-1)),
           entry(approved, date=datetime.date(2025, 12, 1))]  # fmt: skip
    for e in bad:
        with pytest.raises(Exception):  # noqa: B017 - each is a ValidationError, checked elsewhere
            services.entry_save(entry=e, actor=user, submit=True)
    Period.objects.filter(year=approved["year"], number=5).update(is_closed=True)
    with pytest.raises(Exception, match="ditutup"):
        services.entry_save(entry=entry(approved), actor=user, submit=True)
    assert (DailyEntry.objects.count(), AuditLog.objects.count()) == before


def test_api_submission_runs_a_fixed_handful_of_statements(cast, approved, client):
    _token, key = api_token_create(user=cast.employee.user, name="t")
    body = {"indicator_id": approved["count"].pk, "date": "2026-05-11", "start_time": "08:00",
            "end_time": "09:00", "activity": "Verifikasi", "quantity": "1", "submit": True}  # fmt: skip
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    client.post("/api/v1/entries", json.dumps(body), content_type="application/json", **headers)
    with CaptureQueriesContext(connection) as q:
        r = client.post(
            "/api/v1/entries", json.dumps(body), content_type="application/json", **headers
        )
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "submitted" and r.json()["period_id"] is not None
    # token, account, indicator+period, BEGIN/INSERT entry/INSERT audit/COMMIT (SQLite has no
    # explicit BEGIN in the log): at most 7, where the ORM path took 17.
    assert len(q) <= 7, [x["sql"][:80] for x in q]


def test_queue_page_cut_by_ids_first_keeps_order_and_count(cast, approved, client):
    user = cast.employee.user
    made = [services.entry_save(entry=entry(approved, date=datetime.date(2026, 5, d)), actor=user, submit=True)
            for d in (12, 4, 8, 11, 6)]  # fmt: skip
    _token, key = api_token_create(user=cast.supervisor.user, name="t")
    r = client.get(
        "/api/v1/verification-queue?page_size=2&page=2", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert r.status_code == 200
    data = r.json()
    assert data["count"] == 5
    by_date = sorted(made, key=lambda e: e.date)
    assert [x["id"] for x in data["results"]] == [by_date[2].pk, by_date[3].pk]
