"""Who sees which entry and evidence, role by role: the employee, the superiors up the chain, the
agency's admin and leader, BKPSDM and the auditor see Budi's entry; his peer and an outsider get
404, exactly as for a missing one. Only Budi changes it; only Siti verifies it."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.activity import services
from kinerja.activity.models import DailyEntry

from .conftest import PDF

pytestmark = pytest.mark.django_db

SEES = {"employee": True, "peer": False, "supervisor": True, "head": True, "agency_admin": True,
        "pimpinan": True, "bkpsdm_admin": True, "auditor": True, "outsider": False}  # fmt: skip


@pytest.fixture
def budi_entry(cast, approved):
    e = services.entry_save(
        entry=DailyEntry(rhk=approved["rhk"], indicator=approved["count"], date=datetime.date(2026, 5, 14),
                         start_time=datetime.time(8), end_time=datetime.time(10),
                         activity="Verifikasi data 3 sekolah", quantity=Decimal(3)),
        actor=cast.employee.user,
    )  # fmt: skip
    ev = services.evidence_add(
        entry=e, actor=cast.employee.user, upload=io.BytesIO(PDF), name="daftar.pdf"
    )
    return e, ev


@pytest.mark.parametrize(("who", "sees"), SEES.items())
def test_entry_detail_by_role(cast, budi_entry, client_for, who, sees):
    e, _ev = budi_entry
    r = client_for(cast.user(who)).get(reverse("activity:entry_detail", args=[e.pk]))
    assert r.status_code == (200 if sees else 404)
    if sees:
        assert "Verifikasi data 3 sekolah" in r.content.decode()
        # only the owner gets the edit form
        assert ("Ubah laporan" in r.content.decode()) == (who == "employee")


@pytest.mark.parametrize(("who", "sees"), SEES.items())
def test_evidence_download_by_role(cast, budi_entry, client_for, who, sees):
    _e, ev = budi_entry
    r = client_for(cast.user(who)).get(reverse("activity:evidence_download", args=[ev.pk]))
    assert r.status_code == (200 if sees else 404)
    if sees:
        assert b"".join(r.streaming_content) == PDF


def test_anonymous_users_are_sent_to_login(client, budi_entry):
    e, ev = budi_entry
    for url in (reverse("activity:entry_detail", args=[e.pk]), reverse("activity:evidence_download", args=[ev.pk]),
                reverse("activity:my_entries"), reverse("activity:queue")):  # fmt: skip
        r = client.get(url)
        assert r.status_code == 302 and "/akun/masuk/" in r.url


@pytest.mark.parametrize("who", [w for w in SEES if w != "employee"])
def test_only_the_owner_changes_an_entry(cast, budi_entry, client_for, who):
    e, ev = budi_entry
    c = client_for(cast.user(who))
    for name, args, data in [
        ("entry_detail", [e.pk], {"activity": "dirusak"}),
        ("entry_delete", [e.pk], {}),
        ("entry_submit", [e.pk], {}),
        ("entry_correct", [e.pk], {}),
        ("evidence_add", [e.pk], {"url": "https://x.go.id/y"}),
        ("evidence_delete", [ev.pk], {}),
    ]:
        assert c.post(reverse(f"activity:{name}", args=args), data).status_code == 404, name
    e.refresh_from_db()
    assert (
        e.activity == "Verifikasi data 3 sekolah"
        and e.status == "draft"
        and e.evidence.count() == 1
    )
    c.post(reverse("activity:submit_many"), {"ids": [e.pk]}, follow=True)
    e.refresh_from_db()
    assert e.status == "draft"


@pytest.mark.parametrize(("who", "outcome"), [
    ("supervisor", "verified"), ("head", "bukan bawahan"), ("agency_admin", "bukan bawahan"), ("peer", 404),
    ("outsider", 404), ("employee", "bukan bawahan"),
])  # fmt: skip
def test_only_the_superior_verifies(cast, budi_entry, client_for, who, outcome):
    e, _ev = budi_entry
    services.entry_submit(entries=[e], actor=cast.employee.user)
    r = client_for(cast.user(who)).post(reverse("activity:review_one", args=[e.pk]), {"decision": "accept"},
                                        HTTP_HX_REQUEST="true")  # fmt: skip
    e.refresh_from_db()
    if outcome == 404:
        assert r.status_code == 404 and e.status == "submitted"
    elif outcome == "verified":
        assert e.status == "verified"
    else:
        assert outcome in r.content.decode() and e.status == "submitted"


def test_the_queue_lists_only_my_subordinates(cast, budi_entry, client_for):
    e, _ev = budi_entry
    services.entry_submit(entries=[e], actor=cast.employee.user)
    assert (
        "Verifikasi data 3 sekolah"
        in client_for(cast.supervisor).get(reverse("activity:queue")).content.decode()
    )
    for who in ("head", "peer", "outsider"):
        page = client_for(cast.user(who)).get(reverse("activity:queue")).content.decode()
        assert "Verifikasi data 3 sekolah" not in page


def test_the_team_page_lists_only_my_direct_team(cast, approved, client_for):
    page = client_for(cast.head).get(reverse("activity:team")).content.decode()
    assert "Siti Rahmawati" in page and "Budi Santoso" not in page
    page = client_for(cast.outsider).get(reverse("activity:team")).content.decode()
    assert "tidak memiliki bawahan" in page
