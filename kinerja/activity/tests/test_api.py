"""The activity REST API: the story of issue 4 told through tokens (Budi reports and uploads, Siti
rejects and verifies, Budi fixes, realisation follows), every bad input of issue 4 item 8 as a 422
with a clear message that writes nothing, who may see and do what (404 for what one may not see,
403 or the service's refusal for what one may see but not do), query counts that do not grow, and
the OpenAPI document."""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart
from django.test.utils import CaptureQueriesContext

from kinerja.accounts.services import api_token_create
from kinerja.activity import services
from kinerja.activity.models import DailyEntry, Evidence, ManualRealisation
from kinerja.core.models import AuditLog, Notification

from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db

API = "/api/v1"
BOUNDARY = "kinerja-test-boundary"


class Api:
    """A JSON client acting with a personal access token."""

    def __init__(self, user):
        _token, key = api_token_create(user=user, name="test")
        self.client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")

    def _send(self, method, url, data=None):
        body = json.dumps(data) if data is not None else None
        kwargs = {"content_type": "application/json"} if body is not None else {}
        return getattr(self.client, method)(API + url, body, **kwargs)

    def get(self, url):
        return self.client.get(API + url)

    def post(self, url, data=None):
        return self._send("post", url, data if data is not None else {})

    def patch(self, url, data):
        return self._send("patch", url, data)

    def put(self, url, data):
        return self._send("put", url, data)

    def delete(self, url):
        return self.client.delete(API + url)

    def upload(self, url, name, content, **fields):
        """A multipart POST with one file."""
        return self.client.post(API + url, {"file": SimpleUploadedFile(name, content), **fields})

    def put_multipart(self, url, name, content, **fields):
        body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile(name, content), **fields})
        return self.client.put(
            API + url, body, content_type=f"{MULTIPART_CONTENT[: -len('BoUnDaRyStRiNg')]}{BOUNDARY}"
        )


@pytest.fixture
def api(cast):
    def make(who):
        return Api(getattr(who, "user", None) or who)

    return make


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json() if response.content else None


def error(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def entry_body(plan, **kw):
    data = {"indicator_id": plan["count"].pk, "date": "2026-05-14", "start_time": "08:00",
            "end_time": "10:00", "activity": "Verifikasi data 3 sekolah", "quantity": "3"}  # fmt: skip
    data.update(kw)
    return data


def written():
    return (DailyEntry.objects.count(), Evidence.objects.count(), AuditLog.objects.count(),
            ManualRealisation.objects.count())  # fmt: skip


def make_entry(cast, plan, **kw):
    from kinerja.activity.models import DailyEntry as Entry

    data = {"rhk": plan["rhk"], "indicator": plan["count"], "date": datetime.date(2026, 5, 14),
            "start_time": datetime.time(8), "end_time": datetime.time(10), "activity": "Rekap data",
            "quantity": Decimal(1)}  # fmt: skip
    data.update(kw)
    return services.entry_save(entry=Entry(**data), actor=cast.employee.user)


# ---------------------------------------------------------------- the story


def test_the_story_through_the_api_with_tokens(cast, approved, today, api):
    budi, siti = api(cast.employee), api(cast.supervisor)
    # Budi reports two days of work: one with a file, one with a link.
    a = ok(budi.post("/entries", entry_body(approved)), 201)
    assert (a["status"], a["pegawai"]["id"], a["unit"], a["skp_id"]) == (
        "draft", cast.employee.pk, "sekolah", approved["skp"].pk)  # fmt: skip
    assert a["rhk"]["id"] == approved["rhk"].pk and a["evidence"] == []
    b = ok(budi.post("/entries", entry_body(approved, date="2026-05-13", quantity="2")), 201)
    pdf = ok(budi.upload(f"/entries/{a['id']}/evidence", "daftar sekolah.pdf", PDF), 201)
    assert pdf["kind"] == "file" and pdf["content_type"] == "application/pdf"
    assert pdf["sha256"] == hashlib.sha256(PDF).hexdigest() and pdf["size"] == len(PDF)
    assert pdf["download_url"].endswith(f"/bukti/{pdf['id']}/")
    link = ok(budi.post(f"/entries/{b['id']}/evidence", {"url": "https://drive.go.id/b/1"}), 201)
    assert link["kind"] == "link"
    detail = ok(budi.get(f"/entries/{a['id']}"))
    assert [e["id"] for e in detail["evidence"]] == [pdf["id"]] and detail["evidence_count"] == 1
    evidence = ok(budi.get(f"/evidence/{pdf['id']}"))
    assert evidence["intact"] is True and evidence["sha256"] == pdf["sha256"]

    # ... and submits both.
    sent = ok(budi.post("/entries/submit", {"ids": [a["id"], b["id"]]}))
    assert sent == {"count": 2, "status": "submitted", "ids": sorted([a["id"], b["id"]])}
    queue = ok(siti.get("/verification-queue"))
    assert [r["id"] for r in queue["results"]] == [b["id"], a["id"]]  # oldest first
    assert queue["count"] == 2 and queue["results"][1]["evidence_count"] == 1

    # Siti rejects one with a comment and verifies the other.
    error(siti.post("/entries/review", {"ids": [b["id"]], "accept": False}), 422, "invalid")
    ok(siti.post("/entries/review", {"ids": [b["id"]], "accept": False,
                                      "comment": "Lampirkan daftar sekolah"}))  # fmt: skip
    done = ok(siti.post("/entries/review", {"ids": [a["id"]], "accept": True}))
    assert done["status"] == "verified"
    rejected = ok(budi.get(f"/entries/{b['id']}"))
    assert (rejected["status"], rejected["review_comment"], rejected["is_editable"]) == (
        "rejected", "Lampirkan daftar sekolah", True)  # fmt: skip
    assert Notification.objects.filter(user=cast.employee.user, message__contains="Lampirkan")
    assert ok(budi.get(f"/entries/{a['id']}"))["verified_by"] == "Siti Rahmawati"

    # Budi fixes the rejected one and submits it again; Siti verifies it.
    fixed = ok(budi.patch(f"/entries/{b['id']}", {"quantity": "4", "activity": "Data 4 sekolah"}))
    assert (fixed["quantity"], fixed["status"]) == ("4.00", "rejected")
    ok(budi.post("/entries/submit", {"ids": [b["id"]]}))
    ok(siti.post("/entries/review", {"ids": [b["id"]], "accept": True}))

    # Realisation follows: 3 + 4 verified sekolah of 12.
    skp = approved["skp"].pk
    report = ok(budi.get(f"/skp/{skp}/realisation"))
    count = next(i for i in report["indicators"] if i["indicator"]["id"] == approved["count"].pk)
    may = approved["year"].periods.get(number=5).pk
    assert Decimal(count["realisation"]) == 7 and Decimal(count["capaian"]) == Decimal("58.33")
    assert Decimal({v["period_id"]: v["value"] for v in count["values"]}[may]) == 7
    assert count["countable"] and not count["behind"] and report["today"] == "2026-05-15"
    assert len(report["periods"]) == 12

    # The time indicator is realised by hand, with evidence.
    url = f"/indicators/{approved['speed'].pk}/realisation/{may}"
    manual = ok(budi.put(url, {"value": "4", "note": "Rata-rata Mei", "url": "https://x.go.id/r"}))
    assert Decimal(manual["value"]) == 4 and manual["evidence"][0]["kind"] == "link"
    assert Decimal(manual["progress"]["capaian"]) == 120
    again = ok(budi.put_multipart(url, "rekap.pdf", PDF, value="3", note="Koreksi"))
    assert Decimal(again["value"]) == 3 and len(again["evidence"]) == 2
    assert again["evidence"][1]["sha256"] == hashlib.sha256(PDF).hexdigest()
    report = ok(siti.get(f"/skp/{skp}/realisation"))
    speed = next(i for i in report["indicators"] if i["indicator"]["id"] == approved["speed"].pk)
    assert Decimal(speed["realisation"]) == 3 and speed["manual_note"] == "Koreksi"

    # A verified entry is corrected with a new version.
    error(budi.patch(f"/entries/{a['id']}", {"quantity": "30"}), 422)
    fix = ok(budi.post(f"/entries/{a['id']}/correct"), 201)
    assert (fix["version"], fix["previous_id"], fix["status"]) == (2, a["id"], "draft")
    assert fix["evidence"][0]["sha256"] == pdf["sha256"]
    assert ok(budi.get(f"/entries/{a['id']}"))["correction_id"] == fix["id"]


def test_create_and_submit_at_once_and_the_list_filters(cast, approved, today, api):
    budi = api(cast.employee)
    made = ok(budi.post("/entries", entry_body(approved, submit=True)), 201)
    assert made["status"] == "submitted" and made["rater_id"] == cast.supervisor.pk
    ok(budi.post("/entries", entry_body(approved, date="2026-04-30")), 201)
    mine = ok(budi.get("/entries"))
    assert mine["count"] == 2 and [r["date"] for r in mine["results"]] == [
        "2026-05-14",
        "2026-04-30",
    ]
    may = ok(budi.get("/entries?date_from=2026-05-01&date_to=2026-05-31"))
    assert [r["id"] for r in may["results"]] == [made["id"]]
    assert ok(budi.get("/entries?status=draft"))["count"] == 1
    assert ok(budi.get("/entries?status=&date_from="))["count"] == 2  # blank means not given
    assert ok(budi.get("/entries?page_size=1&page=2"))["results"][0]["date"] == "2026-04-30"
    error(budi.get("/entries?status=lain"), 422, "invalid")


def test_a_draft_is_deleted_and_a_submitted_one_is_not(cast, approved, today, api):
    budi = api(cast.employee)
    draft = ok(budi.post("/entries", entry_body(approved)), 201)
    sent = ok(budi.post("/entries", entry_body(approved, submit=True)), 201)
    assert budi.delete(f"/entries/{draft['id']}").status_code == 204
    assert error(budi.delete(f"/entries/{sent['id']}"), 422)["message"].startswith("Hanya")
    error(budi.get(f"/entries/{draft['id']}"), 404, "not_found")


def test_a_bulk_create_writes_every_row(cast, approved, today, api):
    budi = api(cast.employee)
    rows = [entry_body(approved, date=f"2026-05-{d:02d}") for d in (11, 12, 13)]
    made = ok(budi.post("/entries/bulk", {"entries": rows, "submit": True}), 201)
    assert (made["count"], made["submitted"]) == (3, 3)
    assert [r["date"] for r in made["results"]] == ["2026-05-11", "2026-05-12", "2026-05-13"]
    assert {r["status"] for r in made["results"]} == {"submitted"}


# ---------------------------------------------------------------- bad input (issue 4 item 8)


BAD_ENTRIES = [
    ({"start_time": "10:00", "end_time": "09:00"}, "end_time", "Jam selesai harus setelah"),
    ({"date": "2025-12-31"}, "date", "di luar masa berlaku SKP"),
    ({"date": "2026-05-16"}, "date", "masa depan"),
    ({"quantity": "-1"}, "quantity", "tidak boleh negatif"),
    ({"activity": "   "}, "activity", "wajib diisi"),
    ({"indicator_id": 999_999}, "indicator_id", "tidak ditemukan"),
    ({"indicator_id": None}, "indicator_id", "Pilih indikator atau RHK"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_ENTRIES)
def test_a_bad_entry_is_a_422_with_a_clear_message_and_nothing_written(
    cast, approved, today, api, changes, field, message
):
    budi = api(cast.employee)
    before = written()
    err = error(budi.post("/entries", entry_body(approved, **changes)), 422, "invalid")
    assert message in err["message"] and field in err["details"]
    assert written() == before


def test_an_indicator_outside_the_approved_skp_is_a_422(cast, approved, today, api):
    siti_indicator = approved["siti_rhk"].indicators.get()
    budi = api(cast.employee)
    before = written()
    err = error(budi.post("/entries", entry_body(approved, indicator_id=siti_indicator.pk)), 422)
    assert "SKP Anda yang sudah disetujui" in err["message"] and "rhk_id" in err["details"]
    err = error(budi.post("/entries", entry_body(approved, rhk_id=approved["rhk"].pk,
                                                               indicator_id=siti_indicator.pk)), 422)  # fmt: skip
    assert "bukan bagian dari RHK" in err["details"]["indicator_id"][0]
    assert written() == before


def test_a_closed_period_is_a_422(cast, approved, today, api):
    approved["year"].periods.filter(number=5).update(is_closed=True)
    budi = api(cast.employee)
    before = written()
    err = error(budi.post("/entries", entry_body(approved, submit=True)), 422)
    assert "Periode Mei sudah ditutup" in err["message"]
    assert written() == before


def test_a_malformed_body_is_a_422_from_the_schema(cast, approved, today, api):
    err = error(api(cast.employee).post("/entries", entry_body(approved, date="14-05-2026x")), 422)
    assert err["code"] == "invalid" and "date" in err["message"]


def test_a_file_over_the_limit_is_a_422(cast, approved, today, api, monkeypatch):
    monkeypatch.setattr(services, "MAX_EVIDENCE_BYTES", 100)
    budi = api(cast.employee)
    entry = ok(budi.post("/entries", entry_body(approved)), 201)
    before = written()
    err = error(budi.upload(f"/entries/{entry['id']}/evidence", "besar.pdf", PDF + b"x" * 200), 422)
    assert "terlalu besar" in err["message"] and "file" in err["details"]
    assert written() == before


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"MZ\x90\x00" + b"\x00" * 100, "laporan.pdf"),  # an executable renamed .pdf
     (b"<html><script>alert(1)</script></html>", "bukti.png"),
     (b"PK\x03\x04garbage", "dokumen.docx")],
)  # fmt: skip
def test_a_disallowed_file_is_a_422_also_when_renamed(cast, approved, today, api, content, name):
    budi = api(cast.employee)
    entry = ok(budi.post("/entries", entry_body(approved)), 201)
    before = written()
    err = error(budi.upload(f"/entries/{entry['id']}/evidence", name, content), 422)
    assert "tidak diizinkan" in err["message"]
    assert written() == before
    # the content decides, not the name: a PNG called .jpg is stored as a PNG
    png = ok(budi.upload(f"/entries/{entry['id']}/evidence", "foto.jpg", PNG), 201)
    assert png["content_type"] == "image/png"


def test_a_bad_link_is_a_422(cast, approved, today, api):
    budi = api(cast.employee)
    entry = ok(budi.post("/entries", entry_body(approved)), 201)
    for body in ({"url": "javascript:alert(1)"}, {}, {"url": ""}):
        error(budi.post(f"/entries/{entry['id']}/evidence", body), 422)
    assert not Evidence.objects.exists()


def test_verifying_a_non_subordinate_is_a_422_and_changes_nothing(cast, approved, today, api):
    entry = ok(api(cast.employee).post("/entries", entry_body(approved, submit=True)), 201)
    hendra = api(cast.head)
    before = written()
    err = error(hendra.post("/entries/review", {"ids": [entry["id"]], "accept": True}), 422)
    assert "bukan bawahan" in err["message"]
    assert written() == before
    assert DailyEntry.objects.get(pk=entry["id"]).status == "submitted"


def test_a_bulk_create_with_bad_rows_lists_every_error_and_writes_nothing(
    cast, approved, today, api
):
    rows = [
        entry_body(approved, date="2026-05-11"),
        entry_body(approved, start_time="10:00", end_time="09:00"),
        entry_body(approved, quantity="-2", date="2025-12-01"),
        entry_body(approved, date="kemarin"),
        entry_body(approved, date="2026-05-12"),
    ]
    budi = api(cast.employee)
    before = written()
    err = error(budi.post("/entries/bulk", {"entries": rows, "submit": True}), 422, "invalid")
    found = {(d["row"], d["field"]) for d in err["details"]}
    assert found == {(2, "end_time"), (3, "quantity"), (3, "date"), (4, "date")}
    assert all(d["message"] for d in err["details"])
    assert "2, 3, 4" in err["message"]
    assert written() == before


def test_a_manual_realisation_needs_a_note_and_evidence(cast, approved, today, api):
    may = approved["year"].periods.get(number=5).pk
    url = f"/indicators/{approved['speed'].pk}/realisation/{may}"
    budi = api(cast.employee)
    before = written()
    assert (
        "note"
        in error(budi.put(url, {"value": "4", "note": " ", "url": "https://x.go.id"}), 422)[
            "details"
        ]
    )
    assert "evidence" in error(budi.put(url, {"value": "4", "note": "Mei"}), 422)["details"]
    assert (
        "value"
        in error(budi.put(url, {"value": "-1", "note": "x", "url": "https://x.go.id"}), 422)[
            "details"
        ]
    )
    assert "value" in error(budi.put(url, {"value": "banyak", "note": "x"}), 422)["details"]
    assert written() == before
    error(budi.put(f"/indicators/{approved['speed'].pk}/realisation/999999", {"value": "1"}), 404)
    # Siti sees Budi's indicator but the realisation is Budi's to record.
    error(
        api(cast.supervisor).put(url, {"value": "4", "note": "x", "url": "https://x.go.id"}),
        403,
        "forbidden",
    )


# ---------------------------------------------------------------- who sees and does what


def test_access_matrix(cast, approved, today, api):
    budi = api(cast.employee)
    entry = ok(budi.post("/entries", entry_body(approved, submit=True)), 201)
    eid, skp = entry["id"], approved["skp"].pk
    for outsider in (cast.outsider, cast.peer):
        who = api(outsider)
        error(who.get(f"/entries/{eid}"), 404, "not_found")
        error(who.get(f"/entries?pegawai_id={cast.employee.pk}"), 404)
        error(who.get(f"/skp/{skp}/realisation"), 404)
        error(who.post("/entries/review", {"ids": [eid], "accept": True}), 404)
        error(who.patch(f"/entries/{eid}", {"activity": "x"}), 404)
        error(who.post(f"/entries/{eid}/evidence", {"url": "https://x.go.id"}), 404)
        assert ok(who.get("/verification-queue"))["count"] == 0
    # The head (two levels up) reads Budi's entries but does not verify them.
    hendra = api(cast.head)
    assert ok(hendra.get(f"/entries/{eid}"))["id"] == eid
    assert ok(hendra.get(f"/entries?pegawai_id={cast.employee.pk}"))["count"] == 1
    assert ok(hendra.get(f"/skp/{skp}/realisation"))["skp_id"] == skp
    assert ok(hendra.get("/verification-queue"))["count"] == 0
    assert (
        "bukan bawahan"
        in error(hendra.post("/entries/review", {"ids": [eid], "accept": True}), 422)["message"]
    )
    # Siti sees it and verifies it, but it is not hers to change, submit or delete.
    siti = api(cast.supervisor)
    error(siti.patch(f"/entries/{eid}", {"activity": "x"}), 403, "forbidden")
    error(siti.delete(f"/entries/{eid}"), 403, "forbidden")
    error(siti.post("/entries/submit", {"ids": [eid]}), 403, "forbidden")
    error(siti.post(f"/entries/{eid}/correct"), 403, "forbidden")
    error(siti.post(f"/entries/{eid}/evidence", {"url": "https://x.go.id"}), 403, "forbidden")
    # An agency admin reads it; without a token or session, nothing.
    assert ok(api(cast.agency_admin).get(f"/entries/{eid}"))["id"] == eid
    error(Client().get(f"{API}/entries"), 401, "unauthenticated")
    error(Client().get(f"{API}/entries/{eid}"), 401, "unauthenticated")


def test_the_queue_follows_the_verifier_and_the_current_superior(cast, approved, today, api):
    entry = ok(api(cast.employee).post("/entries", entry_body(approved, submit=True)), 201)
    # Budi moves under Hendra after submitting: Siti (the verifier recorded) and Hendra (his
    # superior now) both find the entry in their queue, and either may verify it.
    type(cast.employee).objects.filter(pk=cast.employee.pk).update(atasan=cast.head)
    for who in (cast.supervisor, cast.head):
        queue = ok(api(who).get("/verification-queue"))
        assert [r["id"] for r in queue["results"]] == [entry["id"]] and queue["count"] == 1
    ok(api(cast.head).post("/entries/review", {"ids": [entry["id"]], "accept": True}))
    assert ok(api(cast.supervisor).get("/verification-queue"))["count"] == 0


def test_an_account_without_an_employee_record_has_no_own_entries(cast, approved, today, api):
    bima = api(cast.bkpsdm_admin)
    assert "pegawai" in error(bima.get("/entries"), 422)["message"]
    assert ok(bima.get(f"/entries?pegawai_id={cast.employee.pk}"))["count"] == 0
    error(bima.post("/entries", entry_body(approved)), 422)


def test_evidence_is_seen_by_whoever_sees_its_owner(cast, approved, today, api):
    budi = api(cast.employee)
    entry = ok(budi.post("/entries", entry_body(approved)), 201)
    pdf = ok(budi.upload(f"/entries/{entry['id']}/evidence", "a.pdf", PDF), 201)
    may = approved["year"].periods.get(number=5).pk
    manual = ok(budi.put_multipart(f"/indicators/{approved['speed'].pk}/realisation/{may}",
                                   "rekap.pdf", PDF, value="4", note="Mei"))  # fmt: skip
    for ev in (pdf["id"], manual["evidence"][0]["id"]):
        assert ok(api(cast.supervisor).get(f"/evidence/{ev}"))["intact"] is True
        error(api(cast.outsider).get(f"/evidence/{ev}"), 404)
        error(api(cast.peer).get(f"/evidence/{ev}"), 404)
    error(budi.get("/evidence/999999"), 404)
    # a stored file that changed is reported as not intact
    stored = Evidence.objects.get(pk=pdf["id"])
    storage, name = stored.file.storage, stored.file.name
    storage.delete(name)
    storage.save(name, SimpleUploadedFile(name, PDF + b"tampered"))
    assert ok(budi.get(f"/evidence/{pdf['id']}"))["intact"] is False


# ---------------------------------------------------------------- query counts and OpenAPI


def count_queries(client, url):
    client.get(API + url)  # token "last used" stamp and other first-call work
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(API + url).status_code == 200
    return len(ctx)


def _grow(cast, approved, days):
    """`days` more entries for Budi and Dewi (Dewi via an approved SKP of her own), submitted,
    each with a link."""
    from kinerja.planning import services as plan
    from kinerja.planning.models import Indicator, Rhk

    if "dewi" not in approved:
        dewi_skp = plan.skp_create(pegawai=cast.peer, year=approved["year"], actor=cast.peer.user)
        rhk = plan.rhk_save(rhk=Rhk(skp=dewi_skp, text="Data guru", parent=approved["siti_rhk"]),
                            actor=cast.peer.user)  # fmt: skip
        ind = plan.indicator_save(indicator=Indicator(rhk=rhk, text="Guru", target_value=10,
                                                      target_unit="guru"), actor=cast.peer.user)  # fmt: skip
        plan.skp_submit(skp=dewi_skp, actor=cast.peer.user)
        plan.skp_approve(skp=dewi_skp, actor=cast.supervisor.user)
        rhk, ind = Rhk.objects.get(pk=rhk.pk), Indicator.objects.get(pk=ind.pk)  # approved now
        approved["dewi"] = {"rhk": rhk, "ind": ind}
    made = []
    for n in range(days):
        day = datetime.date(2026, 5, 14) - datetime.timedelta(days=n)
        for who, rhk, ind in ((cast.employee, approved["rhk"], approved["count"]),
                              (cast.peer, approved["dewi"]["rhk"], approved["dewi"]["ind"])):  # fmt: skip
            e = services.entry_save(
                entry=DailyEntry(rhk=rhk, indicator=ind, date=day, start_time=datetime.time(8),
                                 end_time=datetime.time(9), activity="Kerja", quantity=1),
                actor=who.user,
            )  # fmt: skip
            services.evidence_add(entry=e, actor=who.user, url="https://x.go.id/b")
            services.entry_submit(entries=[e], actor=who.user)
            made.append(e)
    return made


def test_list_and_queue_queries_do_not_grow(cast, approved, today, api):
    budi, siti = api(cast.employee).client, api(cast.supervisor).client
    urls = [(budi, "/entries?date_from=2026-05-01&date_to=2026-05-31"), (budi, "/entries"),
            (siti, f"/entries?pegawai_id={cast.employee.pk}"), (siti, "/verification-queue"),
            (siti, f"/verification-queue?pegawai_id={cast.peer.pk}&date_from=2026-05-01")]  # fmt: skip
    _grow(cast, approved, 1)
    small = [count_queries(c, u) for c, u in urls]
    _grow(cast, approved, 6)
    assert [count_queries(c, u) for c, u in urls] == small
    assert siti.get(API + "/verification-queue").json()["count"] == 14
    assert max(small) <= 12


def test_realisation_queries_do_not_grow(cast, approved, today, api):
    budi = api(cast.employee).client
    url = f"/skp/{approved['skp'].pk}/realisation"
    _grow(cast, approved, 1)
    small = count_queries(budi, url)
    made = _grow(cast, approved, 5)
    services.entry_review(entries=made, actor=cast.supervisor.user, accept=True)
    assert count_queries(budi, url) == small


def test_the_endpoints_are_in_the_openapi_document(client):
    schema = client.get(f"{API}/openapi.json").json()
    expected = {
        "/api/v1/entries": {"get", "post"},
        "/api/v1/entries/{entry_id}": {"get", "patch", "delete"},
        "/api/v1/entries/submit": {"post"},
        "/api/v1/entries/bulk": {"post"},
        "/api/v1/entries/review": {"post"},
        "/api/v1/entries/{entry_id}/correct": {"post"},
        "/api/v1/entries/{entry_id}/evidence": {"post"},
        "/api/v1/evidence/{evidence_id}": {"get"},
        "/api/v1/verification-queue": {"get"},
        "/api/v1/skp/{skp_id}/realisation": {"get"},
        "/api/v1/indicators/{indicator_id}/realisation/{period_id}": {"put"},
    }
    for path, methods in expected.items():
        assert set(schema["paths"][path]) == methods, path
        for operation in schema["paths"][path].values():
            assert operation["tags"] == ["pelaksanaan"]
            assert "401" in operation["responses"]
    upload = schema["paths"]["/api/v1/entries/{entry_id}/evidence"]["post"]["requestBody"]
    assert {"multipart/form-data", "application/json"} <= set(upload["content"])
    bulk = schema["paths"]["/api/v1/entries/bulk"]["post"]["responses"]
    assert {"201", "422"} <= set(bulk)
