"""Issue 4 rules: daily entries, evidence, verification, realisation and capaian, feedback."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.activity import services
from kinerja.activity.models import DailyEntry, Evidence
from kinerja.activity.selectors import (
    my_month,
    skp_progress,
    team_month,
    verification_queue,
    working_days_between,
)
from kinerja.core.models import AuditLog, Notification

from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db
T = datetime.time


def entry(plan, **kw):
    data = {"rhk": plan["rhk"], "indicator": plan["count"], "date": datetime.date(2026, 5, 14),
            "start_time": T(8), "end_time": T(10), "activity": "Verifikasi data 3 sekolah", "quantity": Decimal(3)}  # fmt: skip
    data.update(kw)
    return DailyEntry(**data)


def upload(data: bytes, name: str):
    f = io.BytesIO(data)
    f.name = name
    f.size = len(data)
    return f


def test_an_entry_is_recorded_against_the_approved_skp(cast, approved):
    e = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    assert e.pegawai == cast.employee and e.skp == approved["skp"] and e.period.number == 5
    assert e.unit == "sekolah" and e.status == "draft"
    assert AuditLog.objects.filter(action="entry.created", object_id=str(e.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_time": T(10), "end_time": T(9)}, "end_time"),
        ({"start_time": T(10), "end_time": T(10)}, "end_time"),
        ({"quantity": Decimal(-1)}, "quantity"),
        ({"date": datetime.date(2026, 5, 16)}, "date"),  # the future
        ({"date": datetime.date(2025, 12, 31)}, "date"),  # before the SKP
        ({"activity": "  "}, "activity"),
    ],
)
def test_bad_entries_are_refused_with_a_message_and_nothing_written(cast, approved, changes, field):
    n = DailyEntry.objects.count(), AuditLog.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.entry_save(entry=entry(approved, **changes), actor=cast.employee.user)
    assert field in exc.value.message_dict
    assert (DailyEntry.objects.count(), AuditLog.objects.count()) == n


def test_an_indicator_outside_the_approved_skp_is_refused(cast, approved):
    with pytest.raises(ValidationError) as exc:
        services.entry_save(
            entry=entry(approved, rhk=approved["siti_rhk"], indicator=None),
            actor=cast.employee.user,
        )
    assert "rhk" in exc.value.message_dict
    siti_ind = approved["siti_rhk"].indicators.get()
    with pytest.raises(ValidationError) as exc:
        services.entry_save(entry=entry(approved, indicator=siti_ind), actor=cast.employee.user)
    assert "indicator" in exc.value.message_dict


def test_an_unapproved_skp_takes_no_entries(cast, approved):
    # Siti's SKP is a draft
    with pytest.raises(ValidationError):
        services.entry_save(
            entry=entry(approved, rhk=approved["siti_rhk"], indicator=None),
            actor=cast.supervisor.user,
        )


def test_a_closed_period_takes_no_entries(cast, approved):
    approved["year"].periods.filter(number=5).update(is_closed=True)
    with pytest.raises(ValidationError) as exc:
        services.entry_save(entry=entry(approved), actor=cast.employee.user)
    assert "ditutup" in str(exc.value)


def test_submit_verify_reject_and_correct(cast, approved):
    a = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    b = services.entry_save(
        entry=entry(approved, date=datetime.date(2026, 5, 13), quantity=Decimal(2)),
        actor=cast.employee.user,
    )
    services.entry_submit(entries=[a, b], actor=cast.employee.user)
    a.refresh_from_db()
    assert a.status == "submitted" and a.rater == cast.supervisor
    assert set(verification_queue(cast.supervisor)) == {a, b}
    with pytest.raises(ValidationError, match="alasan"):
        services.entry_review(entries=[b], actor=cast.supervisor.user, accept=False)
    services.entry_review(
        entries=[b], actor=cast.supervisor.user, accept=False, comment="Lampirkan daftar sekolah"
    )
    services.entry_review(entries=[a], actor=cast.supervisor.user, accept=True)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.verified_by, b.status, b.review_comment) == (
        "verified",
        cast.supervisor.user,
        "rejected",
        "Lampirkan daftar sekolah",
    )
    assert Notification.objects.filter(
        user=cast.employee.user, message__contains="Lampirkan"
    ).exists()
    # the rejected one is fixed and resubmitted
    b.quantity = Decimal(4)
    services.entry_save(entry=b, actor=cast.employee.user)
    services.entry_submit(entries=[b], actor=cast.employee.user)
    services.entry_review(entries=[b], actor=cast.supervisor.user, accept=True)
    # the verified one cannot be edited; a correction is a new version
    a.quantity = Decimal(30)
    with pytest.raises(ValidationError):
        services.entry_save(entry=a, actor=cast.employee.user)
    fix = services.entry_correct(entry=DailyEntry.objects.get(pk=a.pk), actor=cast.employee.user)
    assert fix.previous_id == a.pk and fix.version == 2 and fix.status == "draft"
    fix.quantity = Decimal(2)
    services.entry_save(entry=fix, actor=cast.employee.user)
    services.entry_submit(entries=[fix], actor=cast.employee.user)
    services.entry_review(entries=[fix], actor=cast.supervisor.user, accept=True)
    assert DailyEntry.objects.get(pk=a.pk).status == "superseded"
    progress = {
        p.indicator.pk: p for p in skp_progress(approved["skp"], datetime.date(2026, 5, 15))
    }
    assert progress[approved["count"].pk].realisation == Decimal(6)  # 4 + 2, not the superseded 3


def test_verifying_someone_who_is_not_your_subordinate_is_refused(cast, approved):
    a = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    services.entry_submit(entries=[a], actor=cast.employee.user)
    for outsider in (cast.outsider.user, cast.peer.user, cast.head.user):
        with pytest.raises(ValidationError, match="bukan bawahan"):
            services.entry_review(entries=[a], actor=outsider, accept=True)
    a.refresh_from_db()
    assert a.status == "submitted"


def test_a_bulk_review_is_all_or_nothing(cast, approved):
    a = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    draft = services.entry_save(
        entry=entry(approved, date=datetime.date(2026, 5, 12)), actor=cast.employee.user
    )
    services.entry_submit(entries=[a], actor=cast.employee.user)
    with pytest.raises(ValidationError):
        services.entry_review(entries=[a, draft], actor=cast.supervisor.user, accept=True)
    a.refresh_from_db()
    assert a.status == "submitted"


def test_only_the_owner_writes_entries(cast, approved):
    a = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    a.activity = "x"
    with pytest.raises(PermissionDenied):
        services.entry_save(entry=a, actor=cast.peer.user)
    with pytest.raises(PermissionDenied):
        services.entry_submit(entries=[a], actor=cast.supervisor.user)


def test_repeat_last_entry(cast, approved):
    services.entry_save(entry=entry(approved), actor=cast.employee.user)
    again = services.entry_repeat_last(actor=cast.employee.user, date=datetime.date(2026, 5, 15))
    assert (
        again.date == datetime.date(2026, 5, 15)
        and again.activity == "Verifikasi data 3 sekolah"
        and again.status == "draft"
    )


# ---------------------------------------------------------------- evidence


def test_file_evidence_is_typed_by_content_and_hashed(cast, approved):
    import hashlib

    e = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    ev = services.evidence_add(
        entry=e, actor=cast.employee.user, upload=upload(PDF, "daftar sekolah.pdf")
    )
    assert (
        ev.content_type == "application/pdf"
        and ev.sha256 == hashlib.sha256(PDF).hexdigest()
        and ev.size == len(PDF)
    )
    assert services.evidence_intact(ev)
    img = services.evidence_add(entry=e, actor=cast.employee.user, upload=upload(PNG, "foto.jpg"))
    assert img.content_type == "image/png" and img.file.name.endswith(".png")  # the content decides


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"MZ\x90\x00" + b"\x00" * 100, "laporan.pdf"),  # an executable renamed .pdf
     (b"<html><script>alert(1)</script></html>", "bukti.png"),
     (b"PK\x03\x04garbage", "dokumen.docx"),
     (b"", "kosong.pdf")],
)  # fmt: skip
def test_disallowed_or_renamed_files_are_refused(cast, approved, data, name):
    e = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(entry=e, actor=cast.employee.user, upload=upload(data, name))
    assert "file" in exc.value.message_dict
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused(cast, approved, monkeypatch):
    monkeypatch.setattr(services, "MAX_EVIDENCE_BYTES", 100)
    e = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    with pytest.raises(ValidationError, match="terlalu besar"):
        services.evidence_add(
            entry=e, actor=cast.employee.user, upload=upload(PDF + b"x" * 200, "besar.pdf")
        )


def test_office_documents_are_recognised(cast, approved):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    e = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    ev = services.evidence_add(
        entry=e, actor=cast.employee.user, upload=upload(buf.getvalue(), "notulen.docx")
    )
    assert ev.content_type.endswith("wordprocessingml.document")


def test_links_and_their_validation(cast, approved):
    e = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    ev = services.evidence_add(
        entry=e, actor=cast.employee.user, url="https://drive.example.go.id/bukti/123"
    )
    assert ev.kind == "link"
    with pytest.raises(ValidationError):
        services.evidence_add(entry=e, actor=cast.employee.user, url="javascript:alert(1)")


def test_evidence_of_a_verified_entry_cannot_change(cast, approved):
    e = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    ev = services.evidence_add(entry=e, actor=cast.employee.user, upload=upload(PDF, "a.pdf"))
    services.entry_submit(entries=[e], actor=cast.employee.user)
    services.entry_review(entries=[e], actor=cast.supervisor.user, accept=True)
    e.refresh_from_db()
    with pytest.raises(ValidationError):
        services.evidence_delete(evidence=ev, actor=cast.employee.user)
    with pytest.raises(ValidationError):
        services.evidence_add(entry=e, actor=cast.employee.user, url="https://x.go.id/y")
    fix = services.entry_correct(entry=e, actor=cast.employee.user)
    copied = fix.evidence.get()
    assert copied.sha256 == ev.sha256 and copied.file.name == ev.file.name


def test_a_changed_file_is_detectable(cast, approved):
    e = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    ev = services.evidence_add(entry=e, actor=cast.employee.user, upload=upload(PDF, "a.pdf"))
    storage = ev.file.storage
    name = ev.file.name
    storage.delete(name)
    storage.save(name, io.BytesIO(PDF + b"tampered"))
    assert not services.evidence_intact(Evidence.objects.get(pk=ev.pk))


# ---------------------------------------------------------------- realisation


def _verified(cast, approved, **kw):
    e = services.entry_save(entry=entry(approved, **kw), actor=cast.employee.user)
    services.entry_submit(entries=[e], actor=cast.employee.user)
    services.entry_review(entries=[e], actor=cast.supervisor.user, accept=True)
    return e


def test_realisation_sums_verified_entries_per_period(cast, approved):
    _verified(cast, approved, date=datetime.date(2026, 4, 10), quantity=Decimal(2))
    _verified(cast, approved, date=datetime.date(2026, 5, 11), quantity=Decimal(3))
    services.entry_save(
        entry=entry(approved, quantity=Decimal(50)), actor=cast.employee.user
    )  # draft: not counted
    progress = {
        p.indicator.pk: p for p in skp_progress(approved["skp"], datetime.date(2026, 5, 15))
    }
    p = progress[approved["count"].pk]
    periods = {per.number: per.pk for per in approved["year"].periods.all()}
    assert p.by_period[periods[4]] == Decimal(2) and p.by_period[periods[5]] == Decimal(3)
    assert p.realisation == Decimal(5) and p.capaian == Decimal("41.67")  # 5 of 12
    assert p.expected_now == Decimal("4.44") and not p.behind  # 12 × 135/365 by 15 May


def test_an_indicator_well_short_of_its_pro_rata_is_behind(cast, approved):
    _verified(cast, approved, date=datetime.date(2026, 5, 11), quantity=Decimal(1))
    p = {p.indicator.pk: p for p in skp_progress(approved["skp"], datetime.date(2026, 5, 15))}[
        approved["count"].pk
    ]
    assert p.behind


def test_a_manual_realisation_needs_a_note_and_evidence(cast, approved):
    may = approved["year"].periods.get(number=5)
    speed = approved["speed"]
    with pytest.raises(ValidationError) as exc:
        services.manual_realisation_set(
            indicator=speed,
            period=may,
            value=Decimal(4),
            note="",
            actor=cast.employee.user,
            url="https://x.go.id/rekap",
        )
    assert "note" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.manual_realisation_set(
            indicator=speed,
            period=may,
            value=Decimal(4),
            note="Rata-rata Mei",
            actor=cast.employee.user,
        )
    assert "evidence" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.manual_realisation_set(
            indicator=speed,
            period=may,
            value=Decimal(-1),
            note="x",
            actor=cast.employee.user,
            url="https://x.go.id/rekap",
        )
    row = services.manual_realisation_set(
        indicator=speed,
        period=may,
        value=Decimal(4),
        note="Rata-rata Mei",
        actor=cast.employee.user,
        upload=upload(PDF, "rekap.pdf"),
    )
    assert row.evidence.count() == 1
    p = {p.indicator.pk: p for p in skp_progress(approved["skp"], datetime.date(2026, 5, 15))}[
        speed.pk
    ]
    assert (
        not p.countable and p.realisation == Decimal(4) and p.capaian == Decimal("120.00")
    )  # 4 days on 5: lower is better
    # changing it keeps the old value in the audit trail, and the evidence already there suffices
    services.manual_realisation_set(
        indicator=speed, period=may, value=Decimal(6), note="Koreksi", actor=cast.employee.user
    )
    audit = AuditLog.objects.filter(action="realisation.updated").get()
    assert Decimal(audit.before["value"]) == 4 and Decimal(audit.after["value"]) == 6
    with pytest.raises(PermissionDenied):
        services.manual_realisation_set(
            indicator=speed,
            period=may,
            value=Decimal(1),
            note="x",
            actor=cast.supervisor.user,
            url="https://x.go.id",
        )


# ---------------------------------------------------------------- feedback and dialogue


def test_feedback_from_the_superior_and_a_reply(cast, approved):
    from kinerja.activity.models import FeedbackPhrase

    phrase = FeedbackPhrase.objects.create(text="Kerja bagus, pertahankan.", tone="appreciation")
    fb = services.feedback_give(
        actor=cast.supervisor.user,
        pegawai=cast.employee,
        indicator=approved["count"],
        phrase=phrase,
        text="Data Sekolah X sangat rapi.",
    )
    assert fb.text == "Kerja bagus, pertahankan. Data Sekolah X sangat rapi."
    assert Notification.objects.filter(
        user=cast.employee.user, message__contains="Umpan balik"
    ).exists()
    reply = services.feedback_reply(parent=fb, actor=cast.employee.user, text="Terima kasih, Bu.")
    assert reply.parent == fb and Notification.objects.filter(user=cast.supervisor.user).exists()
    # the head, two levels up, may give feedback too; a peer or an outsider may not
    services.feedback_give(actor=cast.head.user, pegawai=cast.employee, text="Lanjutkan.")
    for who in (cast.peer.user, cast.outsider.user):
        with pytest.raises(ValidationError):
            services.feedback_give(actor=who, pegawai=cast.employee, text="x")
    with pytest.raises(ValidationError):
        services.feedback_give(actor=cast.supervisor.user, pegawai=cast.employee)


def test_a_performance_dialogue(cast, approved):
    d = services.dialogue_record(
        actor=cast.supervisor.user,
        pegawai=cast.employee,
        date=datetime.date(2026, 5, 4),
        topics="Progres verifikasi data",
        agreed_actions="Selesaikan 4 sekolah per bulan",
    )
    assert d.superior == cast.supervisor
    with pytest.raises(ValidationError):
        services.dialogue_record(
            actor=cast.employee.user,
            pegawai=cast.supervisor,
            date=datetime.date(2026, 5, 4),
            topics="x",
        )


# ---------------------------------------------------------------- overviews


def test_working_days():
    fri, mon, wed = (
        datetime.date(2026, 5, 8),
        datetime.date(2026, 5, 11),
        datetime.date(2026, 5, 13),
    )
    assert working_days_between(fri, mon) == 1
    assert working_days_between(fri, wed) == 3
    assert working_days_between(wed, wed) == 0


def test_my_month_and_the_team_month(cast, approved):
    _verified(cast, approved, date=datetime.date(2026, 5, 8), quantity=Decimal(1))
    e = services.entry_save(
        entry=entry(approved, date=datetime.date(2026, 5, 11)), actor=cast.employee.user
    )
    services.entry_submit(entries=[e], actor=cast.employee.user)
    month = my_month(cast.employee, datetime.date(2026, 5, 15))
    assert (
        month["counts"]["verified"] == 1
        and month["counts"]["submitted"] == 1
        and month["verified_share"] == 50
    )
    assert month["days_reported"] == 2 and len(month["progress"]) == 2
    team = {m.pegawai: m for m in team_month(cast.supervisor, day=datetime.date(2026, 5, 15))}
    budi, dewi = team[cast.employee], team[cast.peer]
    assert (budi.last_entry, budi.idle_working_days, budi.pending, budi.entries_this_month) == (
        datetime.date(2026, 5, 11),
        4,
        1,
        2,
    )
    assert budi.behind == 1  # 1 of 12 done by mid-May
    assert dewi.last_entry is None and dewi.pending == 0


def test_orphaned_evidence_files_are_pruned(cast, approved, settings, tmp_path):
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    e = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    kept = services.evidence_add(entry=e, actor=cast.employee.user, upload=upload(PDF, "a.pdf"))
    default_storage.save("bukti/2026/05/yatim.pdf", io.BytesIO(PDF))
    call_command("prune_evidence_files", "--min-age-hours", "0")
    assert default_storage.exists(kept.file.name)
    assert not default_storage.exists("bukti/2026/05/yatim.pdf")


def test_resubmitting_a_rejected_entry_audits_its_real_previous_status(cast, approved):
    e = services.entry_save(entry=entry(approved), actor=cast.employee.user)
    services.entry_submit(entries=[e], actor=cast.employee.user)
    services.entry_review(entries=[e], actor=cast.supervisor.user, accept=False, comment="Perbaiki")
    services.entry_submit(entries=[e], actor=cast.employee.user)
    last = AuditLog.objects.filter(action="entry.submitted", object_id=str(e.pk)).latest("id")
    assert last.before == {"status": "rejected"} and last.after == {"status": "submitted"}


def test_reporting_rates_count_active_staff_with_submitted_work_and_staff_without_a_unit(
    cast, approved
):
    from kinerja.activity.selectors import reporting_rates

    services.entry_save(entry=entry(approved), actor=cast.employee.user)  # a draft: not reporting
    rows = {r["unit"]: r for r in reporting_rates(cast.pendidikan.pk, datetime.date(2026, 5, 15))}
    assert rows[cast.bidang]["reporters"] == 0
    _verified(cast, approved, date=datetime.date(2026, 5, 12))
    rows = {r["unit"]: r for r in reporting_rates(cast.pendidikan.pk, datetime.date(2026, 5, 15))}
    bidang = rows[cast.bidang]
    assert (bidang["employees"], bidang["reporters"], bidang["submitted"], bidang["verified"]) == (
        3,
        1,
        1,
        1,
    )
    assert bidang["reporting_rate"] == 33 and bidang["verification_rate"] == 100
    cast.employee.is_active = False
    cast.employee.save()
    rows = {r["unit"]: r for r in reporting_rates(cast.pendidikan.pk, datetime.date(2026, 5, 15))}
    assert rows[cast.bidang]["reporters"] == 0  # an inactive reporter no longer counts
    cast.peer.unit = None
    cast.peer.save()
    rows = {r["unit"]: r for r in reporting_rates(cast.pendidikan.pk, datetime.date(2026, 5, 15))}
    assert rows[None]["employees"] == 1


def test_viewing_feedback_marks_it_read(cast, approved, client_for):
    fb = services.feedback_give(actor=cast.supervisor.user, pegawai=cast.employee, text="Bagus.")
    assert client_for(cast.employee).get("/pelaksanaan/umpan-balik/").status_code == 200
    fb.refresh_from_db()
    assert fb.read_at is not None
