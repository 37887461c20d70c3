"""Daily work through the pages: the story of Budi and Siti, every bad input of issue 4 item 8
through the forms (a message, nothing written), garbage in URLs never a 500, and list pages that
keep a constant number of queries as data grows."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.activity import services
from kinerja.activity.models import DailyEntry, Dialogue, Evidence, Feedback, FeedbackPhrase
from kinerja.core.models import AuditLog

from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db
T = datetime.time
MY = reverse("activity:my_entries")


def target(plan, key="count"):
    ind = plan[key]
    return f"{ind.rhk_id}:{ind.pk}"


def form_data(plan, **kw):
    data = {"date": "2026-05-14", "start_time": "08:00", "end_time": "10:00", "target": target(plan),
            "action_plan": "", "activity": "Verifikasi data pokok 3 sekolah", "quantity": "3", "unit": "",
            "url": "", "then": "draft"}  # fmt: skip
    data.update(kw)
    return data


def pdf(name="daftar sekolah.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def make_entry(cast, plan, **kw):
    data = {"rhk": plan["rhk"], "indicator": plan["count"], "date": datetime.date(2026, 5, 14),
            "start_time": T(8), "end_time": T(10), "activity": "Verifikasi data 3 sekolah", "quantity": Decimal(3)}  # fmt: skip
    data.update(kw)
    return services.entry_save(entry=DailyEntry(**data), actor=cast.employee.user)


def submitted(cast, plan, **kw):
    e = make_entry(cast, plan, **kw)
    services.entry_submit(entries=[e], actor=cast.employee.user)
    e.refresh_from_db()
    return e


# ---------------------------------------------------------------- the story


def test_budi_records_siti_reviews_budi_fixes_and_capaian_updates(cast, approved, client_for):
    budi, siti = client_for(cast.employee), client_for(cast.supervisor)
    # Budi records two days: one with a file, one with a link, both submitted at once
    r = budi.post(MY, form_data(approved, date="2026-05-13", quantity="3", file=pdf()))
    assert r.status_code == 302, r.content.decode()[:2000]
    r = budi.post(MY, form_data(approved, date="2026-05-14", quantity="4", activity="Rekap data 4 sekolah",
                                url="https://drive.example.go.id/rekap"))  # fmt: skip
    assert r.status_code == 302
    a, b = DailyEntry.objects.order_by("date")
    assert a.evidence.get().content_type == "application/pdf" and b.evidence.get().kind == "link"
    page = budi.get(MY).content.decode()
    assert "Verifikasi data pokok 3 sekolah" in page and "Rekap data 4 sekolah" in page
    r = budi.post(reverse("activity:submit_many"), {"ids": [a.pk, b.pk]})
    assert r.status_code == 302
    assert set(DailyEntry.objects.values_list("status", flat=True)) == {"submitted"}

    # Siti sees both in her queue, with the file and the link
    queue = siti.get(reverse("activity:queue")).content.decode()
    assert (
        "Budi Santoso" in queue and "daftar sekolah.pdf" in queue and "drive.example.go.id" in queue
    )
    # she rejects one inline (htmx) with a comment, and accepts the other
    r = siti.post(reverse("activity:review_one", args=[a.pk]),
                  {"decision": "reject", "comment": "Lampirkan daftar sekolah yang diverifikasi"},
                  HTTP_HX_REQUEST="true")  # fmt: skip
    assert r.status_code == 200 and "Ditolak dan dikembalikan" in r.content.decode()
    r = siti.post(reverse("activity:review_one", args=[b.pk]), {"decision": "accept"})
    assert r.status_code == 302

    # Budi sees the comment prominently and the realisation of the accepted one
    page = budi.get(MY).content.decode()
    assert "Lampirkan daftar sekolah yang diverifikasi" in page and "dikembalikan atasan" in page
    assert "4 sekolah" in page and "33,3%" in page  # 4 of 12
    # he fixes the rejected one and resubmits it
    r = budi.post(reverse("activity:entry_detail", args=[a.pk]),
                  form_data(approved, date="2026-05-13", quantity="5", then="submit"))  # fmt: skip
    assert r.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.quantity) == ("submitted", Decimal(5))
    r = siti.post(
        reverse("activity:review_one", args=[a.pk]), {"decision": "accept"}, HTTP_HX_REQUEST="true"
    )
    assert "Diterima dan diverifikasi" in r.content.decode()
    page = budi.get(MY).content.decode()
    assert "9 sekolah" in page and "75%" in page  # 4 + 5 of 12
    assert "progress-data" in page and "chart-" in page


def test_the_quick_form_submits_now_when_asked(cast, approved, client_for):
    r = client_for(cast.employee).post(MY, form_data(approved, then="submit"))
    assert r.status_code == 302
    e = DailyEntry.objects.get()
    assert e.status == "submitted" and e.rater == cast.supervisor and e.unit == "sekolah"


def test_the_form_offers_my_indicators_grouped_by_rhk_with_their_unit(cast, approved, client_for):
    page = client_for(cast.employee).get(MY).content.decode()
    assert '<optgroup label="Data pokok sekolah mutakhir">' in page
    assert "Data pokok sekolah mutakhir — Sekolah diverifikasi datanya (sekolah)" in page
    assert 'data-unit="sekolah"' in page
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    assert 'value="2026-05-15"' in page  # today by default


def test_a_user_without_an_employee_record_gets_404(cast, client_for):
    for name in ("my_entries", "week", "import", "feedback", "queue", "team"):
        assert client_for(cast.bkpsdm_admin).get(reverse(f"activity:{name}")).status_code == 404


# ---------------------------------------------------------------- bad input through the forms


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start_time": "10:00", "end_time": "09:00"}, "end_time", "Jam selesai harus setelah jam mulai"),
        ({"start_time": "10:00", "end_time": "10:00"}, "end_time", "Jam selesai harus setelah jam mulai"),
        ({"quantity": "-1"}, "quantity", "Kuantitas tidak boleh negatif"),
        ({"quantity": "banyak"}, "quantity", "angka"),
        ({"date": "2026-05-16"}, "date", "masa depan"),
        ({"date": "2025-12-31"}, "date", "di luar masa berlaku SKP"),
        ({"date": "31-02-2026"}, "date", "Tanggal tidak dikenali"),
        ({"date": ""}, "date", "wajib"),
        ({"start_time": "25:00"}, "start_time", "Jam tidak dikenali"),
        ({"end_time": ""}, "end_time", "wajib"),
        ({"quantity": "1e99"}, "quantity", "terlalu besar"),
        ({"activity": "   "}, "activity", "Uraian kegiatan wajib diisi"),
        ({"target": ""}, "target", "Pilih RHK/indikator"),
        ({"target": "999:999"}, "target", "SKP Anda yang sudah disetujui"),
        ({"target": "abc"}, "target", "SKP Anda yang sudah disetujui"),
        ({"url": "javascript:alert(1)"}, "url", "http:// atau https://"),
    ],
)  # fmt: skip
def test_bad_input_shows_a_message_and_writes_nothing(
    cast, approved, client_for, changes, field, message
):
    n = DailyEntry.objects.count(), Evidence.objects.count(), AuditLog.objects.count()
    r = client_for(cast.employee).post(MY, form_data(approved, **changes))
    assert r.status_code == 200
    form = r.context["form"]
    assert field in form.errors, form.errors
    assert message.lower() in " ".join(form.errors[field]).lower()
    assert (DailyEntry.objects.count(), Evidence.objects.count(), AuditLog.objects.count()) == n


def test_an_indicator_of_someone_else_is_refused(cast, approved, client_for):
    siti_ind = approved["siti_rhk"].indicators.get()
    for value in (
        f"{approved['siti_rhk'].pk}:{siti_ind.pk}",
        f"{approved['rhk'].pk}:{siti_ind.pk}",
    ):
        r = client_for(cast.employee).post(MY, form_data(approved, target=value))
        assert "target" in r.context["form"].errors
    assert not DailyEntry.objects.exists()


def test_a_closed_period_takes_no_entries_through_the_form(cast, approved, client_for):
    approved["year"].periods.filter(number=5).update(is_closed=True)
    r = client_for(cast.employee).post(MY, form_data(approved))
    assert "sudah ditutup" in r.content.decode() and not DailyEntry.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00" + b"\x00" * 100), "tidak diizinkan"),
        (
            SimpleUploadedFile("bukti.png", b"<html><script>alert(1)</script></html>"),
            "tidak diizinkan",
        ),
        (SimpleUploadedFile("kosong.pdf", b""), "kosong"),
    ],
)
def test_a_bad_file_refuses_the_whole_entry(cast, approved, client_for, upload, message):
    r = client_for(cast.employee).post(MY, form_data(approved, file=upload))
    assert r.status_code == 200
    errors = " ".join(r.context["form"].errors.get("file", []))
    assert message in errors.lower(), r.context["form"].errors
    assert not DailyEntry.objects.exists() and not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused(cast, approved, client_for, monkeypatch):
    monkeypatch.setattr(services, "MAX_EVIDENCE_BYTES", 100)
    r = client_for(cast.employee).post(
        MY, form_data(approved, photo=SimpleUploadedFile("foto.png", PNG + b"x" * 200))
    )
    assert "terlalu besar" in " ".join(r.context["form"].errors["photo"])
    assert not DailyEntry.objects.exists()


def test_a_photo_from_the_camera_is_kept_as_evidence(cast, approved, client_for):
    r = client_for(cast.employee).post(
        MY, form_data(approved, photo=SimpleUploadedFile("IMG_0001.jpg", PNG))
    )
    assert r.status_code == 302
    assert Evidence.objects.get().content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("my_entries", {"bulan": "x"}), ("my_entries", {"bulan": "2026-13"}), ("my_entries", {"bulan": "9999-01"}),
        ("my_entries", {"bulan": "-1--1"}), ("my_entries", {"bulan": "9999999999999999999999-01"}), ("my_entries", {"tanggal": "2026-02-31"}), ("my_entries", {"tanggal": "0001-01-01"}),
        ("week", {"tanggal": "kemarin"}), ("week", {"tanggal": "2026-02-30"}), ("week", {"tanggal": "0001-01-01"}),
        ("queue", {"pegawai": "x", "indicator": "1'", "date_from": "2026-99-01", "page": "zz"}),
        ("queue", {"page": "-5"}), ("queue", {"pegawai": "999999"}),
        ("team", {"hari": "abc"}), ("team", {"hari": "-3"}), ("team", {"hari": "99999999999999999999"}),
        ("feedback", {"pegawai": "abc", "entry": "x"}), ("feedback", {"pegawai": "99999"}),
    ],
)  # fmt: skip
def test_garbage_in_the_url_never_breaks_a_page(cast, approved, client_for, name, params):
    assert (
        client_for(cast.supervisor if name in ("queue", "team") else cast.employee)
        .get(reverse(f"activity:{name}"), params)
        .status_code
        == 200
    )


def test_garbage_in_the_agency_page(cast, client_for):
    c = client_for(cast.agency_admin)
    for params in ({"instansi": "x"}, {"bulan": "2026-00"}, {"instansi": "", "bulan": ""}):
        assert c.get(reverse("activity:agency"), params).status_code == 200
    assert c.get(reverse("activity:agency"), {"instansi": cast.kesehatan.pk}).status_code == 404


def test_bad_ids_in_posts_never_break(cast, approved, client_for):
    c = client_for(cast.employee)
    assert c.post(reverse("activity:submit_many"), {"ids": ["x", ""]}).status_code == 302
    assert c.post(reverse("activity:submit_many"), {"ids": ["99999"]}).status_code == 302
    assert c.post(reverse("activity:repeat_last"), {"tanggal": "nope"}).status_code == 302
    s = client_for(cast.supervisor)
    assert (
        s.post(reverse("activity:queue"), {"ids": ["x"], "decision": "accept"}).status_code == 200
    )
    assert s.post(reverse("activity:queue"), {"ids": ["1"], "decision": "maybe"}).status_code == 200
    assert (
        s.post(reverse("activity:review_one", args=[99999]), {"decision": "accept"}).status_code
        == 404
    )
    assert c.get(reverse("activity:import_template", args=["pdf"])).status_code == 404
    assert c.get(reverse("activity:evidence_download", args=[99999])).status_code == 404


# ---------------------------------------------------------------- drafts, evidence, corrections


def test_a_draft_is_edited_and_deleted(cast, approved, client_for):
    e = make_entry(cast, approved)
    c = client_for(cast.employee)
    page = c.get(reverse("activity:entry_detail", args=[e.pk])).content.decode()
    assert "Ubah laporan" in page and 'value="Verifikasi data 3 sekolah"' not in page  # a textarea
    r = c.post(
        reverse("activity:entry_detail", args=[e.pk]),
        form_data(approved, activity="Diubah", unit="dokumen"),
    )
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.activity == "Diubah" and e.unit == "dokumen" and e.status == "draft"
    r = c.post(reverse("activity:entry_delete", args=[e.pk]))
    assert r.status_code == 302 and not DailyEntry.objects.exists()


def test_a_bad_edit_keeps_the_entry_as_it_was(cast, approved, client_for):
    e = make_entry(cast, approved)
    r = client_for(cast.employee).post(reverse("activity:entry_detail", args=[e.pk]),
                                       form_data(approved, start_time="11:00", end_time="09:00"))  # fmt: skip
    assert r.status_code == 200 and "end_time" in r.context["form"].errors
    e.refresh_from_db()
    assert e.start_time == T(8)


def test_evidence_is_added_and_removed_on_drafts_only(cast, approved, client_for):
    e = make_entry(cast, approved)
    c = client_for(cast.employee)
    c.post(
        reverse("activity:evidence_add", args=[e.pk]), {"file": pdf(), "url": "https://x.go.id/y"}
    )
    assert e.evidence.count() == 2
    r = c.post(reverse("activity:evidence_add", args=[e.pk]), {"url": ""}, follow=True)
    assert "Pilih foto atau berkas" in r.content.decode()
    ev = e.evidence.get(kind="link")
    c.post(reverse("activity:evidence_delete", args=[ev.pk]))
    assert e.evidence.count() == 1
    services.entry_submit(entries=[e], actor=cast.employee.user)
    r = c.post(
        reverse("activity:evidence_add", args=[e.pk]), {"url": "https://x.go.id/z"}, follow=True
    )
    assert "tidak dapat diubah" in r.content.decode() and e.evidence.count() == 1
    r = c.post(reverse("activity:evidence_delete", args=[e.evidence.get().pk]), follow=True)
    assert "tidak dapat dihapus" in r.content.decode() and e.evidence.count() == 1


def test_the_detail_shows_the_hash_and_whether_the_file_is_intact(cast, approved, client_for):
    import hashlib

    e = make_entry(cast, approved)
    ev = services.evidence_add(
        entry=e, actor=cast.employee.user, upload=io.BytesIO(PDF), name="a.pdf"
    )
    page = (
        client_for(cast.supervisor)
        .get(reverse("activity:entry_detail", args=[e.pk]))
        .content.decode()
    )
    assert hashlib.sha256(PDF).hexdigest() in page and "utuh" in page
    storage = ev.file.storage
    storage.delete(ev.file.name)
    storage.save(ev.file.name, io.BytesIO(PDF + b"tampered"))
    page = (
        client_for(cast.supervisor)
        .get(reverse("activity:entry_detail", args=[e.pk]))
        .content.decode()
    )
    assert "berubah sejak diunggah" in page


def test_files_are_served_safely(cast, approved, client_for):
    e = make_entry(cast, approved)
    doc = services.evidence_add(
        entry=e, actor=cast.employee.user, upload=io.BytesIO(PDF), name="daftar.pdf"
    )
    img = services.evidence_add(
        entry=e, actor=cast.employee.user, upload=io.BytesIO(PNG), name="foto.jpg"
    )
    c = client_for(cast.supervisor)
    r = c.get(reverse("activity:evidence_download", args=[doc.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert (
        r["Content-Disposition"].startswith("attachment")
        and "daftar.pdf" in r["Content-Disposition"]
    )
    assert r["X-Content-Type-Options"] == "nosniff" and b"".join(r.streaming_content) == PDF
    r = c.get(reverse("activity:evidence_download", args=[img.pk]))
    assert r["Content-Type"] == "image/png" and r["Content-Disposition"].startswith("inline")
    assert "foto.png" in r["Content-Disposition"]  # named by what it is, not what it claimed
    link = services.evidence_add(entry=e, actor=cast.employee.user, url="https://x.go.id/y")
    assert c.get(reverse("activity:evidence_download", args=[link.pk])).status_code == 404


def test_a_verified_entry_is_corrected_through_a_new_version(cast, approved, client_for):
    e = submitted(cast, approved)
    services.entry_review(entries=[e], actor=cast.supervisor.user, accept=True)
    c = client_for(cast.employee)
    page = c.get(MY).content.decode()
    assert "Koreksi" in page
    r = c.post(reverse("activity:entry_correct", args=[e.pk]))
    new = DailyEntry.objects.get(previous=e)
    assert r.status_code == 302 and r.url == reverse("activity:entry_detail", args=[new.pk])
    r = c.post(reverse("activity:entry_correct", args=[e.pk]), follow=True)
    assert "sudah dibuka" in r.content.decode()


def test_repeat_last_entry_and_the_week_view(cast, approved, client_for):
    make_entry(cast, approved, date=datetime.date(2026, 5, 11))  # Monday
    c = client_for(cast.employee)
    page = c.get(reverse("activity:week"), {"tanggal": "2026-05-13"}).content.decode()
    assert "11 Mei" in page and "15 Mei" in page
    assert "?tanggal=2026-05-12#catat" in page  # an empty day offers "add"
    assert "4 hari kerja belum ada laporannya" in page
    r = c.post(reverse("activity:repeat_last"), {"tanggal": "2026-05-12"})
    copy = DailyEntry.objects.get(date=datetime.date(2026, 5, 12))
    assert r.url == reverse("activity:entry_detail", args=[copy.pk]) and copy.status == "draft"
    # the add link pre-fills the date
    page = c.get(MY, {"tanggal": "2026-05-12"}).content.decode()
    assert 'value="2026-05-12"' in page


def test_month_navigation(cast, approved, client_for):
    make_entry(cast, approved, date=datetime.date(2026, 4, 30), activity="Kegiatan April")
    c = client_for(cast.employee)
    may = c.get(MY).content.decode()
    assert "Kegiatan April" not in may and "?bulan=2026-04" in may and "?bulan=2026-06" not in may
    april = c.get(MY, {"bulan": "2026-04"}).content.decode()
    assert "Kegiatan April" in april and "?bulan=2026-05" in april


# ---------------------------------------------------------------- the queue


def test_the_queue_filters_by_person_indicator_and_dates(cast, approved, client_for):
    submitted(cast, approved, date=datetime.date(2026, 5, 4), activity="Awal Mei")
    submitted(cast, approved, date=datetime.date(2026, 5, 12), activity="Pertengahan Mei")
    c = client_for(cast.supervisor)
    page = c.get(reverse("activity:queue"), {"date_from": "2026-05-10"}).content.decode()
    assert "Pertengahan Mei" in page and "Awal Mei" not in page
    page = c.get(reverse("activity:queue"), {"pegawai": cast.peer.pk}).content.decode()
    assert "Awal Mei" not in page and "Tidak ada laporan menunggu yang sesuai saringan" in page
    page = c.get(reverse("activity:queue"), {"indicator": approved["count"].pk}).content.decode()
    assert "Awal Mei" in page


def test_bulk_review_with_one_comment(cast, approved, client_for):
    a = submitted(cast, approved, date=datetime.date(2026, 5, 4))
    b = submitted(cast, approved, date=datetime.date(2026, 5, 5))
    c = client_for(cast.supervisor)
    r = c.post(
        reverse("activity:queue"), {"ids": [a.pk, b.pk], "decision": "reject", "comment": ""}
    )
    assert r.status_code == 200 and "Tuliskan alasan penolakan" in r.content.decode()
    assert set(DailyEntry.objects.values_list("status", flat=True)) == {"submitted"}
    r = c.post(
        reverse("activity:queue"),
        {"ids": [a.pk, b.pk], "decision": "reject", "comment": "Bukti kurang"},
    )
    assert r.status_code == 302
    assert set(DailyEntry.objects.values_list("review_comment", flat=True)) == {"Bukti kurang"}


def test_a_rejection_needs_a_comment_inline(cast, approved, client_for):
    e = submitted(cast, approved)
    r = client_for(cast.supervisor).post(reverse("activity:review_one", args=[e.pk]), {"decision": "reject"},
                                         HTTP_HX_REQUEST="true")  # fmt: skip
    assert r.status_code == 200 and "Tuliskan alasan penolakan" in r.content.decode()
    e.refresh_from_db()
    assert e.status == "submitted"


def test_the_head_is_not_the_verifier_and_is_told_so(cast, approved, client_for):
    e = submitted(cast, approved)
    r = client_for(cast.head).post(reverse("activity:review_one", args=[e.pk]), {"decision": "accept"},
                                   HTTP_HX_REQUEST="true")  # fmt: skip
    assert "bukan bawahan Anda" in r.content.decode()
    r = client_for(cast.head).post(reverse("activity:queue"), {"ids": [e.pk], "decision": "accept"})
    assert "bukan bawahan Anda" in r.content.decode()
    e.refresh_from_db()
    assert e.status == "submitted"


def test_the_navbar_shows_pending_verifications(cast, approved, client_for):
    submitted(cast, approved)
    page = client_for(cast.supervisor).get(reverse("home")).content.decode()
    assert (
        reverse("activity:queue") in page
        and '1<span class="visually-hidden"> laporan menunggu' in page
    )
    page = client_for(cast.employee).get(reverse("home")).content.decode()
    assert reverse("activity:my_entries") in page and reverse("activity:queue") not in page


# ---------------------------------------------------------------- team and agency


def test_the_team_page_shows_who_is_quiet_and_links_to_the_queue(cast, approved, client_for):
    submitted(cast, approved, date=datetime.date(2026, 5, 11))
    page = client_for(cast.supervisor).get(reverse("activity:team")).content.decode()
    assert "Budi Santoso" in page and "Dewi Lestari" in page
    assert f"{reverse('activity:queue')}?pegawai={cast.employee.pk}" in page
    assert "belum pernah" in page  # Dewi never reported
    page = (
        client_for(cast.supervisor).get(reverse("activity:team"), {"hari": "10"}).content.decode()
    )
    assert 'value="10"' in page


@pytest.mark.parametrize(("who", "status"), [("agency_admin", 200), ("pimpinan", 200), ("bkpsdm_admin", 200),
                                             ("auditor", 200), ("employee", 404), ("supervisor", 404), ("outsider", 404)])  # fmt: skip
def test_the_agency_page_is_for_admins_leaders_bkpsdm_and_auditors(
    cast, approved, client_for, who, status
):
    submitted(cast, approved)
    r = client_for(cast.user(who)).get(reverse("activity:agency"), {"instansi": cast.pendidikan.pk})
    assert r.status_code == status
    if status == 200:
        assert "Bidang Pembinaan SD" in r.content.decode()


# ---------------------------------------------------------------- feedback


def test_feedback_from_a_phrase_a_reply_and_a_dialogue(cast, approved, client_for):
    phrase = FeedbackPhrase.objects.filter(tone="appreciation").first()
    assert FeedbackPhrase.objects.count() >= 10  # the seeded library
    siti, budi = client_for(cast.supervisor), client_for(cast.employee)
    url = reverse("activity:feedback")
    page = siti.get(url, {"pegawai": cast.employee.pk}).content.decode()
    assert "Beri umpan balik kepada Budi Santoso" in page and phrase.text in page
    r = siti.post(url, {"form": "give", "pegawai": cast.employee.pk, "phrase": phrase.pk,
                        "indicator": approved["count"].pk, "text": "Data Sekolah X rapi."})  # fmt: skip
    assert r.status_code == 302
    fb = Feedback.objects.get()
    assert fb.text == f"{phrase.text} Data Sekolah X rapi." and fb.indicator == approved["count"]
    r = siti.post(url, {"form": "give", "pegawai": cast.employee.pk, "text": ""})
    assert r.status_code == 200 and "Pilih frasa atau tuliskan" in r.content.decode()
    page = budi.get(url).content.decode()
    assert "Data Sekolah X rapi." in page
    budi.post(reverse("activity:feedback_reply", args=[fb.pk]), {"text": "Terima kasih, Bu."})
    assert fb.replies.get().text == "Terima kasih, Bu."
    r = budi.post(reverse("activity:feedback_reply", args=[fb.pk]), {"text": ""}, follow=True)
    assert "Tuliskan balasan" in r.content.decode()
    r = siti.post(url, {"form": "dialogue", "pegawai": cast.employee.pk, "date": "2026-05-04",
                        "topics": "Progres verifikasi", "agreed_actions": "4 sekolah per bulan"})  # fmt: skip
    assert r.status_code == 302 and Dialogue.objects.get().superior == cast.supervisor
    r = siti.post(
        url, {"form": "dialogue", "pegawai": cast.employee.pk, "date": "2026-06-01", "topics": "x"}
    )
    assert "masa depan" in r.content.decode()
    assert "Progres verifikasi" in budi.get(url).content.decode()


def test_feedback_only_for_subordinates(cast, approved, client_for):
    url = reverse("activity:feedback")
    r = client_for(cast.peer).post(url, {"form": "give", "pegawai": cast.employee.pk, "text": "x"})
    assert r.status_code == 302 and not Feedback.objects.exists()
    r = client_for(cast.outsider).get(url, {"pegawai": cast.employee.pk})
    assert "Beri umpan balik kepada" not in r.content.decode()
    fb = services.feedback_give(actor=cast.supervisor.user, pegawai=cast.employee, text="Bagus")
    assert (
        client_for(cast.outsider)
        .post(reverse("activity:feedback_reply", args=[fb.pk]), {"text": "x"})
        .status_code
        == 404
    )
    assert (
        client_for(cast.peer)
        .post(reverse("activity:feedback_reply", args=[fb.pk]), {"text": "x"})
        .status_code
        == 404
    )


# ---------------------------------------------------------------- query counts


def _grow(cast, approved, n):
    """n more entries for Budi (submitted, with evidence) and n more verified, on several days."""
    for i in range(n):
        day = datetime.date(2026, 5, 1 + i % 14)
        e = make_entry(cast, approved, date=day, activity=f"Kegiatan {i}")
        services.evidence_add(entry=e, actor=cast.employee.user, url=f"https://x.go.id/{i}")
        services.entry_submit(entries=[e], actor=cast.employee.user)
        v = make_entry(cast, approved, date=day, activity=f"Terverifikasi {i}")
        services.entry_submit(entries=[v], actor=cast.employee.user)
        services.entry_review(entries=[v], actor=cast.supervisor.user, accept=True)


PAGES = [
    ("activity:my_entries", "employee", {}),
    ("activity:queue", "supervisor", {}),
    ("activity:queue", "supervisor", {"pegawai": "PEGAWAI", "date_from": "2026-05-01"}),
    ("activity:team", "supervisor", {}),
    ("activity:agency", "agency_admin", {}),
    ("activity:week", "employee", {}),
    ("activity:feedback", "employee", {}),
]


@pytest.mark.parametrize(("name", "persona", "params"), PAGES)
def test_pages_keep_a_constant_query_count(cast, approved, client_for, name, persona, params):
    params = {k: (cast.employee.pk if v == "PEGAWAI" else v) for k, v in params.items()}
    c = client_for(cast.user(persona))
    _grow(cast, approved, 2)
    with CaptureQueriesContext(connection) as small:
        assert c.get(reverse(name), params).status_code == 200
    _grow(cast, approved, 12)
    with CaptureQueriesContext(connection) as large:
        assert c.get(reverse(name), params).status_code == 200
    assert len(large) == len(small), [q["sql"][:150] for q in large.captured_queries]
    assert len(large) <= 20, [q["sql"][:150] for q in large.captured_queries]
