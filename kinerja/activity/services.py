"""Every write to daily work, evidence, realisation, feedback and dialogue. Keyword-only,
atomic, audited in the same transaction; ValidationError messages the user can act on."""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_bulk, audit_log, snapshot
from kinerja.core.models import AuditLog
from kinerja.core.notify import notify
from kinerja.organisation.models import Pegawai
from kinerja.organisation.permissions import access_for
from kinerja.planning.choices import Aspek, SkpStatus, TargetKind
from kinerja.planning.models import Indicator, Period

from . import files
from .choices import EntryStatus, EvidenceKind
from .models import DailyEntry, Dialogue, Evidence, Feedback, FeedbackPhrase, ManualRealisation
from .permissions import is_verifier_of

MAX_EVIDENCE_BYTES = getattr(settings, "KINERJA_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def _deny() -> None:
    raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))


def is_countable(indicator: Indicator) -> bool:
    """Quantity indicators with a numeric target are realised by summing verified entries;
    the others (quality, time, cost, narrative) need a manual value."""
    return indicator.aspek == Aspek.KUANTITAS and indicator.target_kind in (
        TargetKind.NUMBER,
        TargetKind.RANGE,
    )


def _me(actor: Any) -> Pegawai:
    me = access_for(actor).pegawai
    if me is None:
        raise ValidationError(_("Akun Anda belum terhubung dengan data pegawai."))
    return me


def _period_for(entry: DailyEntry) -> Period:
    year = entry.skp.year
    known = entry.period if entry.period_id else None
    if (
        known is not None
        and known.year_id == year.pk
        and known.start_date <= entry.date <= known.end_date
    ):
        return known  # already looked up with the indicator (the API's submission path)
    period = next((p for p in year.periods.all() if p.start_date <= entry.date <= p.end_date), None)
    if period is None:
        raise ValidationError(
            {
                "date": _("Tanggal tidak berada dalam periode tahun kinerja %(y)s.")
                % {"y": year.year}
            }
        )
    return period


def _validate_entry(entry: DailyEntry) -> None:
    """The rules of issue 4 item 8 for one entry, each with its own message."""
    errors: dict[str, str] = {}
    rhk = entry.rhk
    skp = rhk.skp
    if skp.pegawai_id != entry.pegawai_id or skp.status != SkpStatus.APPROVED:
        errors["rhk"] = _("Pilih RHK dari SKP Anda yang sudah disetujui.")
    if entry.indicator is not None and entry.indicator.rhk_id != rhk.pk:
        errors["indicator"] = _("Indikator itu bukan bagian dari RHK yang dipilih.")
    if entry.start_time and entry.end_time and entry.end_time <= entry.start_time:
        errors["end_time"] = _("Jam selesai harus setelah jam mulai.")
    if entry.quantity is not None and entry.quantity < 0:
        errors["quantity"] = _("Kuantitas tidak boleh negatif.")
    if not (entry.activity or "").strip():
        errors["activity"] = _("Uraian kegiatan wajib diisi.")
    if entry.date:
        if entry.date > timezone.localdate():
            errors["date"] = _("Tanggal tidak boleh di masa depan.")
        elif not skp.start_date <= entry.date <= skp.end_date:
            errors["date"] = _("Tanggal berada di luar masa berlaku SKP (%(s)s–%(e)s).") % {
                "s": skp.start_date.strftime("%d-%m-%Y"), "e": skp.end_date.strftime("%d-%m-%Y")}  # fmt: skip
    if errors:
        raise ValidationError(errors)
    entry.skp = skp
    if skp.year.is_closed:
        raise ValidationError(_("Tahun kinerja %(y)s sudah ditutup.") % {"y": skp.year.year})
    entry.period = _period_for(entry)
    if entry.period.is_closed:
        raise ValidationError(
            {"date": _("Periode %(p)s sudah ditutup.") % {"p": entry.period.name}}
        )
    if entry.action_plan is not None and (
        entry.action_plan.rhk_id != rhk.pk or entry.action_plan.period_id != entry.period.pk
    ):
        raise ValidationError(
            {"action_plan": _("Rencana aksi harus dari RHK dan periode yang sama.")}
        )
    if entry.indicator is not None and not entry.unit:
        entry.unit = entry.indicator.target_unit


@transaction.atomic
def entry_save(*, entry: DailyEntry, actor: Any, submit: bool = False) -> DailyEntry:
    """Create or change one's own draft (or rejected) entry; with `submit`, it is saved already
    submitted to the superior (the month-end path: one INSERT and one audit statement instead of
    a save followed by `entry_submit`), with the same rules and the same two audit rows."""
    me = _me(actor)
    created = entry.pk is None
    if created:
        entry.pegawai = me
    elif entry.pegawai_id != me.pk:
        _deny()
    if not created:
        current = DailyEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
        if not current.is_editable:
            raise ValidationError(
                _("Laporan berstatus %(s)s tidak dapat diubah.")
                % {"s": current.get_status_display()}
            )
    _validate_entry(entry)
    before = None if created else snapshot(DailyEntry.objects.get(pk=entry.pk))
    if not submit:
        entry.save()
        audit_log(actor=actor, action="entry.created" if created else "entry.updated", obj=entry,
                  before=before, after=snapshot(entry))  # fmt: skip
        return entry
    saved_status = EntryStatus.DRAFT if created else entry.status
    entry.status = EntryStatus.SUBMITTED
    entry.submitted_at = timezone.now()
    entry.rater_id = entry.skp.rater_id or me.atasan_id
    entry.save()
    # The save, then the submission: two steps, two rows, as save + entry_submit would write.
    who = actor if getattr(actor, "pk", None) else None
    common = {"actor": who, "actor_repr": str(actor)[:200], "object_type": "activity.dailyentry",
              "object_id": str(entry.pk), "object_repr": str(entry)[:300]}  # fmt: skip
    saved = AuditLog(action="entry.created" if created else "entry.updated", before=before,
                     after={**snapshot(entry), "status": saved_status}, **common)  # fmt: skip
    submitted = AuditLog(action="entry.submitted", before={"status": saved_status},
                          after={"status": EntryStatus.SUBMITTED}, note="", **common)  # fmt: skip
    audit_bulk([saved, submitted])
    return entry


@transaction.atomic
def entry_delete(*, entry: DailyEntry, actor: Any) -> None:
    if entry.pegawai_id != _me(actor).pk:
        _deny()
    if entry.status != EntryStatus.DRAFT:
        raise ValidationError(_("Hanya laporan draf yang dapat dihapus."))
    before, pk, text = snapshot(entry), entry.pk, str(entry)
    entry.evidence.all().delete()
    entry.delete()
    audit_log(actor=actor, action="entry.deleted", object_type="activity.dailyentry", object_id=str(pk),
              object_repr=text, before=before)  # fmt: skip


def _audit_rows(actor: Any, action: str, entries: Sequence[DailyEntry], after: str,
                note: str = "") -> list[AuditLog]:  # fmt: skip
    """One audit row per entry, with the status each entry really had before."""
    return [
        AuditLog(actor=actor if getattr(actor, "pk", None) else None, actor_repr=str(actor)[:200], action=action,
                 object_type="activity.dailyentry", object_id=str(e.pk), object_repr=str(e)[:300],
                 before={"status": e.status}, after={"status": after}, note=note)
        for e in entries
    ]  # fmt: skip


@transaction.atomic
def entry_submit(*, entries: Sequence[DailyEntry], actor: Any) -> int:
    """Submit one's own draft or rejected entries to the superior."""
    me = _me(actor)
    ids = [e.pk for e in entries]
    rows = list(
        DailyEntry.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("skp", "skp__year", "period", "pegawai")
    )
    if len(rows) != len(set(ids)):
        raise ValidationError(_("Sebagian laporan tidak ditemukan."))
    for e in rows:
        if e.pegawai_id != me.pk:
            _deny()
        if not e.is_editable:
            raise ValidationError(
                _("Laporan %(d)s sudah %(s)s.")
                % {"d": e.date.strftime("%d-%m-%Y"), "s": e.get_status_display().lower()}
            )
        if e.skp.year.is_closed or e.period.is_closed:
            raise ValidationError(
                _("Periode laporan %(d)s sudah ditutup.") % {"d": e.date.strftime("%d-%m-%Y")}
            )
    now = timezone.now()
    rater_id = me.atasan_id
    by_rater: dict[int | None, list[int]] = {}
    for e in rows:
        by_rater.setdefault(e.skp.rater_id or rater_id, []).append(e.pk)
    for rid, pks in by_rater.items():
        DailyEntry.objects.filter(pk__in=pks).update(
            status=EntryStatus.SUBMITTED, submitted_at=now, rater_id=rid, updated_at=now
        )
    audit_bulk(_audit_rows(actor, "entry.submitted", rows, EntryStatus.SUBMITTED))
    return len(rows)


@transaction.atomic
def entry_review(
    *, entries: Sequence[DailyEntry], actor: Any, accept: bool, comment: str = ""
) -> int:
    """The superior verifies or rejects submitted entries, one or many at once. A rejection needs
    a comment and goes back to the employee; who verified and when is kept."""
    me = _me(actor)
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError(
            {"comment": _("Tuliskan alasan penolakan agar pegawai dapat memperbaikinya.")}
        )
    ids = [e.pk for e in entries]
    if not ids:
        raise ValidationError(_("Pilih paling sedikit satu laporan."))
    rows = list(
        DailyEntry.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("pegawai", "period", "skp__year")
    )
    if len(rows) != len(set(ids)):
        raise ValidationError(_("Sebagian laporan tidak ditemukan."))
    for e in rows:
        if not (e.rater_id == me.pk or e.pegawai.atasan_id == me.pk):
            raise ValidationError(
                _("%(p)s bukan bawahan Anda; laporannya tidak dapat Anda verifikasi.")
                % {"p": e.pegawai.full_name}
            )
        if e.status != EntryStatus.SUBMITTED:
            raise ValidationError(_("Laporan %(d)s milik %(p)s tidak sedang menunggu verifikasi.")
                                  % {"d": e.date.strftime("%d-%m-%Y"), "p": e.pegawai.full_name})  # fmt: skip
        if e.skp.year.is_closed:
            raise ValidationError(_("Tahun kinerja %(y)s sudah ditutup.") % {"y": e.skp.year.year})
    now = timezone.now()
    status = EntryStatus.VERIFIED if accept else EntryStatus.REJECTED
    DailyEntry.objects.filter(pk__in=ids).update(
        status=status, verified_by=actor, verified_at=now, review_comment=comment, updated_at=now
    )
    if accept:
        # A verified correction replaces the version it corrects.
        previous = [e.previous_id for e in rows if e.previous_id]
        if previous:
            DailyEntry.objects.filter(pk__in=previous).update(
                status=EntryStatus.SUPERSEDED, updated_at=now
            )
    audit_bulk(
        _audit_rows(actor, "entry.verified" if accept else "entry.rejected", rows, status, comment)
    )
    if not accept:
        users = {e.pegawai.user for e in rows if e.pegawai.user_id}
        for user in users:
            notify(
                [user],
                _("Laporan harian Anda dikembalikan: %(c)s") % {"c": comment[:200]},
                reverse("activity:my_entries"),
            )
    return len(rows)


@transaction.atomic
def entry_correct(*, entry: DailyEntry, actor: Any) -> DailyEntry:
    """Open a correction of a verified entry: a new draft version; the verified one stays until
    the correction is verified. Evidence is carried over by reference (same file, same hash)."""
    me = _me(actor)
    if entry.pegawai_id != me.pk:
        _deny()
    if entry.status != EntryStatus.VERIFIED:
        raise ValidationError(
            _("Hanya laporan yang sudah diverifikasi yang dikoreksi dengan versi baru.")
        )
    if DailyEntry.objects.filter(previous=entry).exists():
        raise ValidationError(_("Koreksi untuk laporan ini sudah dibuka."))
    fields = ["pegawai_id", "skp_id", "rhk_id", "indicator_id", "action_plan_id", "period_id", "date",
              "start_time", "end_time", "activity", "quantity", "unit"]  # fmt: skip
    new = DailyEntry(
        **{f: getattr(entry, f) for f in fields}, previous=entry, version=entry.version + 1
    )
    new.save()
    Evidence.objects.bulk_create([
        Evidence(entry=new, kind=ev.kind, file=ev.file.name if ev.file else "", url=ev.url,
                 original_name=ev.original_name, content_type=ev.content_type, size=ev.size,
                 sha256=ev.sha256, uploaded_by=ev.uploaded_by)
        for ev in entry.evidence.all()
    ])  # fmt: skip
    audit_log(actor=actor, action="entry.correction_opened", obj=new, after=snapshot(new),
              note=f"correction of #{entry.pk}")  # fmt: skip
    return new


@transaction.atomic
def entry_repeat_last(*, actor: Any, date: datetime.date | None = None) -> DailyEntry:
    """ "Repeat yesterday's entry": the latest entry before `date` copied as a draft on `date`."""
    me = _me(actor)
    date = date or timezone.localdate()
    last = (
        DailyEntry.objects.filter(
            pegawai=me,
            date__lt=date,
            skp__status=SkpStatus.APPROVED,
            skp__start_date__lte=date,
            skp__end_date__gte=date,
        )
        .exclude(status=EntryStatus.SUPERSEDED)
        .select_related("rhk", "rhk__skp", "rhk__skp__year", "indicator", "action_plan")
        .order_by("-date", "-start_time", "-id")
        .first()
    )
    if last is None:
        raise ValidationError(
            _("Belum ada laporan sebelumnya pada SKP yang berlaku untuk diulang.")
        )
    new = DailyEntry(
        rhk=last.rhk, indicator=last.indicator, action_plan=None, date=date, start_time=last.start_time,
        end_time=last.end_time, activity=last.activity, quantity=last.quantity, unit=last.unit,
    )  # fmt: skip
    new.skp = last.rhk.skp
    return entry_save(entry=new, actor=actor)


# ------------------------------------------------------------------ evidence


def _check_upload(upload: IO[bytes], name: str) -> tuple[files.Sniffed, str, int]:
    size = getattr(upload, "size", None)
    digest, counted = files.sha256_of(upload)
    size = size if size is not None else counted
    if size == 0:
        raise ValidationError({"file": _("Berkas kosong.")})
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("Berkas %(n)s terlalu besar (%(s)s MB); batasnya %(m)s MB.") % {
            "n": name, "s": round(size / 1048576, 1), "m": MAX_EVIDENCE_BYTES // 1048576}})  # fmt: skip
    sniffed = files.sniff(files.read_head(upload, 16), upload)
    if sniffed is None:
        raise ValidationError({"file": _(
            "Jenis berkas %(n)s tidak diizinkan. Unggah PDF, gambar (PNG/JPEG/GIF/WebP), atau dokumen "
            "Office/OpenDocument.") % {"n": name}})  # fmt: skip
    return sniffed, digest, size


def _store_file(evidence: Evidence, upload: IO[bytes], name: str, sniffed: files.Sniffed) -> None:
    base = os.path.splitext(os.path.basename(name))[0][:80] or "bukti"
    upload.seek(0)
    evidence.file.save(f"{base}.{sniffed.extension}", File(upload), save=False)


@transaction.atomic
def evidence_add(*, entry: DailyEntry, actor: Any, upload: IO[bytes] | None = None, name: str = "",
                 url: str = "") -> Evidence:  # fmt: skip
    """Attach an uploaded file or a link to one's own draft/rejected entry."""
    if entry.pegawai_id != _me(actor).pk:
        _deny()
    if not entry.is_editable:
        raise ValidationError(
            _("Bukti laporan yang sudah diajukan atau diverifikasi tidak dapat diubah.")
        )
    ev = _evidence_from(actor=actor, upload=upload, name=name, url=url)
    ev.entry = entry
    _save_evidence(ev)
    audit_log(actor=actor, action="evidence.added", obj=ev, after=snapshot(ev))
    return ev


def _save_evidence(ev: Evidence) -> None:
    """Save the row; if that fails the stored file goes. (A file left behind by a transaction
    rolled back later is removed by `manage.py prune_evidence_files`.)"""
    name = ev.file.name if ev.file else ""
    try:
        ev.save()
    except Exception:
        if name:
            ev.file.storage.delete(name)
        raise


def _evidence_from(*, actor: Any, upload: IO[bytes] | None, name: str, url: str) -> Evidence:
    if upload is not None:
        name = name or getattr(upload, "name", "") or "bukti"
        sniffed, digest, size = _check_upload(upload, name)
        ev = Evidence(kind=EvidenceKind.FILE, original_name=os.path.basename(name)[:255],
                      content_type=sniffed.content_type, size=size, sha256=digest, uploaded_by=actor)  # fmt: skip
        _store_file(ev, upload, name, sniffed)
        return ev
    url = (url or "").strip()
    if not url.lower().startswith(("https://", "http://")):
        raise ValidationError({"url": _("Tautan bukti harus diawali http:// atau https://.")})
    ev = Evidence(kind=EvidenceKind.LINK, url=url[:500], uploaded_by=actor)
    try:
        ev.clean_fields(exclude=["file", "entry", "realisation"])
    except ValidationError:
        raise ValidationError({"url": _("Tautan bukti tidak valid.")}) from None
    return ev


@transaction.atomic
def evidence_delete(*, evidence: Evidence, actor: Any) -> None:
    entry = evidence.entry
    if entry is None or entry.pegawai_id != _me(actor).pk:
        _deny()
    assert entry is not None
    if not entry.is_editable:
        raise ValidationError(
            _("Bukti laporan yang sudah diajukan atau diverifikasi tidak dapat dihapus.")
        )
    before, pk, name = snapshot(evidence), evidence.pk, str(evidence)
    evidence.delete()
    audit_log(actor=actor, action="evidence.deleted", object_type="activity.evidence", object_id=str(pk),
              object_repr=name, before=before)  # fmt: skip


def evidence_intact(evidence: Evidence) -> bool:
    """Whether the stored file still has the SHA-256 recorded at upload."""
    if evidence.kind != EvidenceKind.FILE or not evidence.file:
        return True
    with evidence.file.open("rb") as fh:
        digest, _size = files.sha256_of(fh)
    return digest == evidence.sha256


# ------------------------------------------------------------------ realisation


@transaction.atomic
def manual_realisation_set(*, indicator: Indicator, period: Period, value: Decimal, note: str, actor: Any,
                           upload: IO[bytes] | None = None, name: str = "", url: str = "") -> ManualRealisation:  # fmt: skip
    """A hand-typed realisation for an indicator that entries cannot count: needs a note and
    evidence (a file or a link). Changing it keeps the old value in the audit trail."""
    me = _me(actor)
    skp = indicator.rhk.skp
    if skp.pegawai_id != me.pk:
        _deny()
    if skp.status != SkpStatus.APPROVED:
        raise ValidationError(_("Realisasi dicatat pada SKP yang sudah disetujui."))
    if period.year_id != skp.year_id:
        raise ValidationError({"period": _("Periode harus dari tahun kinerja SKP ini.")})
    if period.is_closed or skp.year.is_closed:
        raise ValidationError({"period": _("Periode %(p)s sudah ditutup.") % {"p": period.name}})
    if value is None or value < 0:
        raise ValidationError({"value": _("Realisasi harus angka nol atau lebih.")})
    if not (note or "").strip():
        raise ValidationError({"note": _("Tuliskan keterangan realisasi manual.")})
    row = (
        ManualRealisation.objects.select_for_update(of=("self",))
        .filter(indicator=indicator, period=period)
        .first()
    )
    has_evidence = row is not None and row.evidence.exists()
    if upload is None and not (url or "").strip() and not has_evidence:
        raise ValidationError(
            {"evidence": _("Lampirkan bukti dukung (berkas atau tautan) untuk realisasi manual.")}
        )
    before = snapshot(row) if row else None
    if row is None:
        row = ManualRealisation(indicator=indicator, period=period)
    row.value, row.note, row.set_by = value, note.strip(), actor
    row.save()
    if upload is not None or (url or "").strip():
        ev = _evidence_from(actor=actor, upload=upload, name=name, url=url)
        ev.realisation = row
        _save_evidence(ev)
    audit_log(actor=actor, action="realisation.updated" if before else "realisation.created", obj=row,
              before=before, after=snapshot(row))  # fmt: skip
    return row


# ------------------------------------------------------------------ feedback and dialogue


def _is_superior(me: Pegawai, pegawai: Pegawai) -> bool:
    return f"/{me.pk}/" in pegawai.chain


@transaction.atomic
def feedback_give(*, actor: Any, pegawai: Pegawai, text: str = "", indicator: Indicator | None = None,
                  entry: DailyEntry | None = None, phrase: FeedbackPhrase | None = None) -> Feedback:  # fmt: skip
    """The superior gives feedback on an indicator or an entry, from the phrase library or free
    text (or both: the phrase, then the text)."""
    me = _me(actor)
    if not _is_superior(me, pegawai):
        raise ValidationError(_("Umpan balik hanya dapat diberikan kepada bawahan Anda."))
    if indicator is not None and indicator.rhk.skp.pegawai_id != pegawai.pk:
        raise ValidationError({"indicator": _("Indikator itu bukan milik pegawai ini.")})
    if entry is not None and entry.pegawai_id != pegawai.pk:
        raise ValidationError({"entry": _("Laporan itu bukan milik pegawai ini.")})
    body = " ".join(x for x in ((phrase.text if phrase else ""), (text or "").strip()) if x)
    if not body:
        raise ValidationError({"text": _("Pilih frasa atau tuliskan umpan balik.")})
    fb = Feedback.objects.create(
        pegawai=pegawai, author=actor, indicator=indicator, entry=entry, phrase=phrase, text=body
    )
    audit_log(actor=actor, action="feedback.given", obj=fb, after=snapshot(fb))
    if pegawai.user_id:
        notify(
            [pegawai.user],
            _("Umpan balik baru dari %(a)s.") % {"a": me.full_name},
            reverse("activity:feedback"),
        )
    return fb


@transaction.atomic
def feedback_reply(*, parent: Feedback, actor: Any, text: str) -> Feedback:
    me = _me(actor)
    root = parent.parent or parent
    if not (
        root.pegawai_id == me.pk or root.author_id == actor.pk or _is_superior(me, root.pegawai)
    ):
        _deny()
    if not (text or "").strip():
        raise ValidationError({"text": _("Tuliskan balasan.")})
    fb = Feedback.objects.create(pegawai=root.pegawai, author=actor, parent=root, indicator=root.indicator,
                                 entry=root.entry, text=text.strip())  # fmt: skip
    audit_log(actor=actor, action="feedback.replied", obj=fb, after=snapshot(fb))
    other = root.author if root.pegawai_id == me.pk else root.pegawai.user
    if other is not None and other.pk != actor.pk:
        notify(
            [other],
            _("%(a)s membalas umpan balik.") % {"a": me.full_name},
            reverse("activity:feedback"),
        )
    return fb


def feedback_mark_read(*, pegawai: Pegawai, actor: Any) -> int:
    """Mark the feedback addressed to `pegawai` and written by others as read (not audited: it
    changes no plan, evidence, rating or result)."""
    return (
        Feedback.objects.filter(pegawai=pegawai, read_at__isnull=True)
        .exclude(author=actor)
        .update(read_at=timezone.now())
    )


@transaction.atomic
def dialogue_record(*, actor: Any, pegawai: Pegawai, date: datetime.date, topics: str,
                    agreed_actions: str = "") -> Dialogue:  # fmt: skip
    me = _me(actor)
    if not _is_superior(me, pegawai):
        raise ValidationError(_("Dialog kinerja dicatat oleh atasan pegawai."))
    if date > timezone.localdate():
        raise ValidationError({"date": _("Tanggal dialog tidak boleh di masa depan.")})
    if not (topics or "").strip():
        raise ValidationError({"topics": _("Tuliskan topik yang dibahas.")})
    d = Dialogue.objects.create(pegawai=pegawai, superior=me, date=date, topics=topics.strip(),
                                agreed_actions=(agreed_actions or "").strip(), created_by=actor)  # fmt: skip
    audit_log(actor=actor, action="dialogue.recorded", obj=d, after=snapshot(d))
    if pegawai.user_id:
        notify([pegawai.user], _("Catatan dialog kinerja %(d)s tersedia.") % {"d": date.strftime("%d-%m-%Y")},
               reverse("activity:feedback"))  # fmt: skip
    return d


__all__ = ["Q", "is_verifier_of"]
