"""Every write to plans. Each service is keyword-only and atomic, checks who may act, validates,
saves, writes its audit row (and a transition row for status changes), and notifies after
commit. Errors are ValidationError with a message the user can act on."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_bulk, audit_log, snapshot
from kinerja.core.models import AuditLog
from kinerja.core.notify import notify
from kinerja.organisation.models import Pegawai
from kinerja.organisation.permissions import access_for

from . import permissions as perms
from .choices import (
    MONTHS_PER_PERIOD,
    Approach,
    Frequency,
    RhkKind,
    SkpStatus,
    TargetKind,
)
from .models import (
    ActionPlan,
    BehaviourValue,
    Indicator,
    OrgTarget,
    PerformanceYear,
    Period,
    Rhk,
    Skp,
    SkpBehaviour,
    SkpTemplate,
    SkpTransition,
)

MONTH_NAMES = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def _deny() -> None:
    # Raised only after the object was visible: the caller shows it as a refusal, not a 404.
    raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))


def ensure_year_open(year: PerformanceYear) -> None:
    if year.is_closed:
        raise ValidationError(
            _("Tahun kinerja %(y)s sudah ditutup; tidak ada perubahan yang dapat disimpan.")
            % {"y": year.year}
        )


# ------------------------------------------------------------------ years, periods, targets


def _period_bounds(year: int, frequency: str) -> list[tuple[str, datetime.date, datetime.date]]:
    step = MONTHS_PER_PERIOD[Frequency(frequency)]
    out = []
    for i, first_month in enumerate(range(1, 13, step), start=1):
        last_month = first_month + step - 1
        start = datetime.date(year, first_month, 1)
        end = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
        if step == 1:
            name = MONTH_NAMES[first_month - 1]
        elif step == 3:
            name = _("Triwulan %(n)s") % {"n": ["I", "II", "III", "IV"][i - 1]}
        else:
            name = _("Semester %(n)s") % {"n": ["I", "II"][i - 1]}
        out.append((name, start, end))
    return out


@transaction.atomic
def year_create(
    *,
    instansi: Any,
    year: int,
    actor: Any,
    frequency: str = "monthly",
    planning_start: datetime.date | None = None,
    planning_end: datetime.date | None = None,
    closing_date: datetime.date | None = None,
    scoring_policy: str = "permenpanrb-6-2022",
) -> PerformanceYear:
    """Open a performance year for an agency and generate its periods."""
    if not access_for(actor).can_write_instansi(instansi.pk):
        _deny()
    py = PerformanceYear(
        instansi=instansi,
        year=year,
        frequency=frequency,
        planning_start=planning_start or datetime.date(year, 1, 1),
        planning_end=planning_end or datetime.date(year, 1, 31),
        closing_date=closing_date or datetime.date(year + 1, 1, 31),
        scoring_policy=scoring_policy,
    )
    py.full_clean()
    py.save()
    Period.objects.bulk_create(
        [
            Period(year=py, number=n, name=name, start_date=start, end_date=end)
            for n, (name, start, end) in enumerate(_period_bounds(year, frequency), start=1)
        ]
    )
    audit_log(actor=actor, action="year.created", obj=py, after=snapshot(py))
    return py


@transaction.atomic
def year_close(*, year: PerformanceYear, actor: Any) -> PerformanceYear:
    if not access_for(actor).can_write_instansi(year.instansi_id):
        _deny()
    if year.is_closed:
        raise ValidationError(_("Tahun kinerja ini sudah ditutup."))
    year.is_closed = True
    year.save(update_fields=["is_closed", "updated_at"])
    year.periods.update(is_closed=True)
    audit_log(actor=actor, action="year.closed", obj=year, before={"is_closed": False},
              after={"is_closed": True})  # fmt: skip
    return year


@transaction.atomic
def year_reopen(*, year: PerformanceYear, actor: Any, reason: str) -> PerformanceYear:
    """An admin may reopen a closed year, with a reason; audited."""
    if not access_for(actor).can_write_instansi(year.instansi_id):
        _deny()
    if not year.is_closed:
        raise ValidationError(_("Tahun kinerja ini belum ditutup."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tuliskan alasan membuka kembali tahun kinerja.")})
    year.is_closed = False
    year.save(update_fields=["is_closed", "updated_at"])
    year.periods.update(is_closed=False)
    audit_log(actor=actor, action="year.reopened", obj=year, before={"is_closed": True},
              after={"is_closed": False}, note=reason.strip())  # fmt: skip
    return year


@transaction.atomic
def org_target_save(*, target: OrgTarget, actor: Any) -> OrgTarget:
    year = PerformanceYear.objects.get(pk=target.year_id)
    if not access_for(actor).can_write_instansi(year.instansi_id):
        _deny()
    ensure_year_open(year)
    if target.unit is not None and target.unit.instansi_id != year.instansi_id:
        raise ValidationError({"unit": _("Unit kerja harus dari instansi tahun kinerja ini.")})
    if target.target_value is not None and target.target_value <= 0:
        raise ValidationError({"target_value": _("Target harus angka positif.")})
    if target.target_value is None and not target.target_text.strip():
        raise ValidationError({"target_value": _("Isi target berupa angka atau naratif.")})
    before = snapshot(OrgTarget.objects.get(pk=target.pk)) if target.pk else None
    target.full_clean()
    target.save()
    audit_log(actor=actor, action="org_target.updated" if before else "org_target.created",
              obj=target, before=before, after=snapshot(target))  # fmt: skip
    return target


@transaction.atomic
def org_target_delete(*, target: OrgTarget, actor: Any) -> None:
    """Delete a target no RHK links to yet."""
    year = PerformanceYear.objects.get(pk=target.year_id)
    if not access_for(actor).can_write_instansi(year.instansi_id):
        _deny()
    ensure_year_open(year)
    if target.rhks.exists():
        raise ValidationError(
            _("Target ini sudah menjadi acuan RHK pimpinan; lepaskan tautannya dahulu.")
        )
    before, pk, text = snapshot(target), target.pk, str(target)
    target.delete()
    audit_log(actor=actor, action="org_target.deleted", object_type="planning.orgtarget", object_id=str(pk),
              object_repr=text, before=before)  # fmt: skip


@transaction.atomic
def year_update(*, year: PerformanceYear, actor: Any, planning_start: datetime.date,
                planning_end: datetime.date, closing_date: datetime.date) -> PerformanceYear:  # fmt: skip
    """Move the planning window or the closing date of an open year. The frequency and the
    scoring policy are frozen once the year exists."""
    if not access_for(actor).can_write_instansi(year.instansi_id):
        _deny()
    ensure_year_open(year)
    before = snapshot(year)
    year.planning_start, year.planning_end, year.closing_date = (
        planning_start,
        planning_end,
        closing_date,
    )
    year.full_clean()
    year.save()
    audit_log(actor=actor, action="year.updated", obj=year, before=before, after=snapshot(year))
    return year


# ------------------------------------------------------------------ the SKP


def _check_skp_dates(year: PerformanceYear, start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    if start.year != year.year or end.year != year.year:
        raise ValidationError(
            {"start_date": _("Periode SKP harus berada dalam tahun %(y)s.") % {"y": year.year}}
        )


def _check_no_overlap(pegawai: Pegawai, year: PerformanceYear, start: datetime.date, end: datetime.date,
                      exclude: Skp | None = None) -> None:  # fmt: skip
    """An employee may hold several SKPs in a year (transfer, acting post), never overlapping.
    A revision shares its dates with the version it revises."""
    overlapping = Skp.objects.filter(
        pegawai=pegawai, year=year, start_date__lte=end, end_date__gte=start
    ).exclude(status=SkpStatus.SUPERSEDED)
    if exclude is not None:
        overlapping = (
            overlapping.exclude(pk=exclude.pk)
            .exclude(pk=exclude.revision_of_id)
            .exclude(revision_of=exclude)
        )
    if overlapping.exists():
        raise ValidationError(
            _("Pegawai ini sudah memiliki SKP yang periodenya beririsan (%(s)s–%(e)s).")
            % {"s": start.strftime("%d-%m-%Y"), "e": end.strftime("%d-%m-%Y")}
        )


def _new_skp(pegawai: Pegawai, year: PerformanceYear, start: datetime.date, end: datetime.date,
             approach: str) -> Skp:  # fmt: skip
    return Skp(
        pegawai=pegawai, year=year, rater_id=pegawai.atasan_id, jabatan_id=pegawai.jabatan_id,
        unit_id=pegawai.unit_id, start_date=start, end_date=end, approach=approach,
    )  # fmt: skip


@transaction.atomic
def skp_create(
    *,
    pegawai: Pegawai,
    year: PerformanceYear,
    actor: Any,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    approach: str = Approach.KUANTITATIF,
) -> Skp:
    """Start an SKP for an employee: the header snapshots position, unit and rater now."""
    access = access_for(actor)
    own = access.pegawai is not None and access.pegawai.pk == pegawai.pk
    if not (own or access.can_write_instansi(pegawai.instansi_id)):
        _deny()
    ensure_year_open(year)
    if year.instansi_id != pegawai.instansi_id:
        raise ValidationError(_("Tahun kinerja ini milik instansi lain."))
    start = start_date or datetime.date(year.year, 1, 1)
    end = end_date or datetime.date(year.year, 12, 31)
    _check_skp_dates(year, start, end)
    _check_no_overlap(pegawai, year, start, end)
    skp = _new_skp(pegawai, year, start, end, approach)
    skp.full_clean()
    skp.save()
    SkpBehaviour.objects.bulk_create(
        [SkpBehaviour(skp=skp, value=v) for v in BehaviourValue.objects.all()]
    )
    _transition(skp, "", SkpStatus.DRAFT, actor, "")
    audit_log(actor=actor, action="skp.created", obj=skp, after=snapshot(skp))
    return skp


def _transition(skp: Skp, from_status: str, to_status: str, actor: Any, note: str) -> None:
    SkpTransition.objects.create(
        skp=skp, from_status=from_status, to_status=to_status,
        actor=actor if getattr(actor, "pk", None) else None, note=note,
    )  # fmt: skip


def _ensure_editable(skp: Skp, actor: Any) -> None:
    if not perms.is_owner(actor, skp):
        _deny()
    ensure_year_open(skp.year)
    if not skp.is_editable:
        raise ValidationError(
            _(
                "SKP berstatus %(s)s tidak dapat diubah. Buka revisi untuk mengubah SKP yang sudah disetujui."
            )
            % {"s": skp.get_status_display()}
        )


@transaction.atomic
def skp_update_header(*, skp: Skp, actor: Any, **fields: Any) -> Skp:
    """Change dates, approach or the lampiran of a draft."""
    _ensure_editable(skp, actor)
    allowed = {
        "start_date",
        "end_date",
        "approach",
        "dukungan_sumber_daya",
        "skema_pertanggungjawaban",
        "konsekuensi",
    }
    before = snapshot(skp)
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(name)
        setattr(skp, name, value)
    _check_skp_dates(skp.year, skp.start_date, skp.end_date)
    _check_no_overlap(skp.pegawai, skp.year, skp.start_date, skp.end_date, exclude=skp)
    if skp.approach != before["approach"]:
        for indicator in Indicator.objects.filter(rhk__skp=skp):
            try:
                validate_indicator(indicator, skp.approach)
            except ValidationError:
                raise ValidationError(
                    {
                        "approach": _(
                            "Pendekatan tidak dapat diubah: indikator “%(i)s” tidak sesuai dengan "
                            "pendekatan baru. Ubah indikatornya lebih dahulu."
                        )
                        % {"i": indicator.text[:60]}
                    }
                ) from None
    skp.full_clean()
    skp.save()
    audit_log(actor=actor, action="skp.updated", obj=skp, before=before, after=snapshot(skp))
    return skp


def _validate_parent(skp: Skp, parent: Rhk | None) -> None:
    if parent is None:
        return
    psk = parent.skp
    if psk.year_id != skp.year_id and psk.year.year != skp.year.year:
        raise ValidationError({"parent": _("RHK atasan harus dari tahun kinerja yang sama.")})
    if skp.rater_id is None or psk.pegawai_id != skp.rater_id:
        raise ValidationError(
            {"parent": _("RHK yang diintervensi harus RHK milik pejabat penilai Anda (%(r)s).")
             % {"r": skp.rater.full_name if skp.rater is not None else _("tidak ada")}}
        )  # fmt: skip
    if psk.status == SkpStatus.SUPERSEDED:
        raise ValidationError(
            {"parent": _("RHK atasan itu berasal dari SKP yang sudah digantikan revisi.")}
        )


def _validate_org_target(skp: Skp, target: OrgTarget | None) -> None:
    if target is None:
        return
    if target.year.instansi_id != skp.year.instansi_id or target.year.year != skp.year.year:
        raise ValidationError(
            {"org_target": _("Target organisasi harus dari instansi dan tahun SKP ini.")}
        )


@transaction.atomic
def rhk_save(
    *,
    rhk: Rhk,
    actor: Any,
) -> Rhk:
    """Add or change a result. With no link at all while the employee has a rater, the RHK is
    provisional: the rater is told, and it is linked later."""
    skp = Skp.objects.select_related("year", "rater").get(pk=rhk.skp_id)
    _ensure_editable(skp, actor)
    if not (rhk.text or "").strip():
        raise ValidationError({"text": _("Rencana hasil kerja wajib diisi.")})
    parent = (
        Rhk.objects.select_related("skp", "skp__year").get(pk=rhk.parent_id)
        if rhk.parent_id
        else None
    )
    target = (
        OrgTarget.objects.select_related("year").get(pk=rhk.org_target_id)
        if rhk.org_target_id
        else None
    )
    _validate_parent(skp, parent)
    _validate_org_target(skp, target)
    links = sum(bool(x) for x in (rhk.parent_id, rhk.org_target_id, rhk.assigned_by_id))
    if links > 1:
        raise ValidationError(_("Pilih satu saja: RHK atasan, target organisasi, atau penugasan."))
    if rhk.assigned_by_id and rhk.assigned_by_id == skp.pegawai_id:
        raise ValidationError(
            {"assigned_by": _("Penugasan tidak dapat berasal dari diri sendiri.")}
        )
    was_provisional = rhk.pk and Rhk.objects.filter(pk=rhk.pk, is_provisional=True).exists()
    rhk.is_provisional = links == 0 and skp.rater_id is not None
    created = rhk.pk is None
    before = None if created else snapshot(Rhk.objects.get(pk=rhk.pk))
    if created and not rhk.order:
        rhk.order = Rhk.objects.filter(skp=skp, kind=rhk.kind).count() + 1
    rhk.full_clean()
    rhk.save()
    audit_log(actor=actor, action="rhk.created" if created else "rhk.updated", obj=rhk,
              before=before, after=snapshot(rhk))  # fmt: skip
    if rhk.is_provisional and not was_provisional and skp.rater and skp.rater.user_id:
        notify(
            [skp.rater.user],
            _("%(p)s menyusun RHK sementara karena RHK Anda belum tersedia: “%(t)s”.")
            % {"p": skp.pegawai.full_name, "t": rhk.text[:80]},
            reverse("planning:skp_detail", args=[skp.pk]),
        )
    return rhk


@transaction.atomic
def rhk_link(*, rhk: Rhk, parent: Rhk, actor: Any) -> Rhk:
    """Link a provisional RHK to the rater's RHK once it exists. Allowed to the owner or the
    rater in any status of the SKP: it completes the cascade, it does not change the plan."""
    skp = Skp.objects.select_related("year", "rater", "pegawai").get(pk=rhk.skp_id)
    ensure_year_open(skp.year)
    if not (perms.is_owner(actor, skp) or perms.is_rater(actor, skp)):
        _deny()
    if not rhk.is_provisional:
        raise ValidationError(_("Hanya RHK sementara yang dapat ditautkan dengan cara ini."))
    _validate_parent(skp, Rhk.objects.select_related("skp", "skp__year").get(pk=parent.pk))
    before = snapshot(rhk)
    rhk.parent = parent
    rhk.is_provisional = False
    rhk.save(update_fields=["parent", "is_provisional", "updated_at"])
    audit_log(actor=actor, action="rhk.linked", obj=rhk, before=before, after=snapshot(rhk))
    return rhk


@transaction.atomic
def rhk_delete(*, rhk: Rhk, actor: Any) -> None:
    skp = Skp.objects.select_related("year").get(pk=rhk.skp_id)
    _ensure_editable(skp, actor)
    if rhk.children.exists():
        raise ValidationError(
            _("RHK ini sudah diintervensi oleh RHK bawahan; lepaskan tautannya dahulu.")
        )
    before, pk, text = snapshot(rhk), rhk.pk, str(rhk)
    rhk.delete()
    audit_log(actor=actor, action="rhk.deleted", object_type="planning.rhk", object_id=str(pk),
              object_repr=text, before=before)  # fmt: skip


def validate_indicator(indicator: Indicator, approach: str) -> None:
    """The target rules of DOMAIN §3: kuantitatif wants a positive number with a unit, or a range
    low ≤ high with a unit; kualitatif wants a narrative target."""
    errors: dict[str, str] = {}
    if not (indicator.text or "").strip():
        errors["text"] = _("Indikator wajib diisi.")
    kind = indicator.target_kind
    if approach == Approach.KUALITATIF:
        # Kualitatif: indicator and target are narrated together (DOMAIN §3).
        if kind != TargetKind.NARRATIVE:
            errors["target_kind"] = _("SKP kualitatif memerlukan target naratif.")
        elif not (indicator.target_text or "").strip():
            errors["target_text"] = _("Tuliskan target naratif.")
    elif kind == TargetKind.NARRATIVE:
        errors["target_kind"] = _("SKP kuantitatif memerlukan target berupa angka atau rentang.")
    if kind == TargetKind.NUMBER:
        if indicator.target_value is None or indicator.target_value <= 0:
            errors["target_value"] = _("Target kuantitatif harus angka positif.")
        if not (indicator.target_unit or "").strip():
            errors["target_unit"] = _("Satuan target wajib diisi (misalnya dokumen, persen, hari).")
    elif kind == TargetKind.RANGE:
        if indicator.target_low is None or indicator.target_high is None:
            errors["target_low"] = _("Isi batas bawah dan batas atas rentang.")
        elif indicator.target_low < 0:
            errors["target_low"] = _("Batas bawah tidak boleh negatif.")
        elif indicator.target_low > indicator.target_high:
            errors["target_low"] = _("Batas bawah rentang tidak boleh lebih besar dari batas atas.")
        if not (indicator.target_unit or "").strip():
            errors["target_unit"] = _("Satuan target wajib diisi (misalnya dokumen, persen, hari).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_save(*, indicator: Indicator, actor: Any) -> Indicator:
    rhk = Rhk.objects.select_related("skp", "skp__year").get(pk=indicator.rhk_id)
    _ensure_editable(rhk.skp, actor)
    validate_indicator(indicator, rhk.skp.approach)
    if indicator.perspektif and not (rhk.skp.jabatan is not None and rhk.skp.jabatan.kind == "JPT"):
        raise ValidationError({"perspektif": _("Perspektif hanya untuk indikator JPT.")})
    created = indicator.pk is None
    before = None if created else snapshot(Indicator.objects.get(pk=indicator.pk))
    if created and not indicator.order:
        indicator.order = Indicator.objects.filter(rhk=rhk).count() + 1
    indicator.full_clean()
    indicator.save()
    audit_log(actor=actor, action="indicator.created" if created else "indicator.updated",
              obj=indicator, before=before, after=snapshot(indicator))  # fmt: skip
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, actor: Any) -> None:
    rhk = Rhk.objects.select_related("skp", "skp__year").get(pk=indicator.rhk_id)
    _ensure_editable(rhk.skp, actor)
    before, pk, text = snapshot(indicator), indicator.pk, str(indicator)
    indicator.delete()
    audit_log(actor=actor, action="indicator.deleted", object_type="planning.indicator",
              object_id=str(pk), object_repr=text, before=before)  # fmt: skip


@transaction.atomic
def action_plan_save(*, plan: ActionPlan, actor: Any) -> ActionPlan:
    rhk = Rhk.objects.select_related("skp", "skp__year").get(pk=plan.rhk_id)
    _ensure_editable(rhk.skp, actor)
    period = Period.objects.get(pk=plan.period_id)
    if period.year_id != rhk.skp.year_id:
        raise ValidationError({"period": _("Periode harus dari tahun kinerja SKP ini.")})
    if period.end_date < rhk.skp.start_date or period.start_date > rhk.skp.end_date:
        raise ValidationError({"period": _("Periode berada di luar masa berlaku SKP.")})
    if not (plan.text or "").strip():
        raise ValidationError({"text": _("Rencana aksi wajib diisi.")})
    if plan.target_value is not None and plan.target_value < 0:
        raise ValidationError({"target_value": _("Target tidak boleh negatif.")})
    created = plan.pk is None
    before = None if created else snapshot(ActionPlan.objects.get(pk=plan.pk))
    plan.full_clean()
    plan.save()
    audit_log(actor=actor, action="action_plan.created" if created else "action_plan.updated",
              obj=plan, before=before, after=snapshot(plan))  # fmt: skip
    return plan


@transaction.atomic
def skp_set_expectations(*, skp: Skp, expectations: dict[int, str], actor: Any) -> Skp:
    """The rater writes the specific expectation per BerAKHLAK value (before approval)."""
    ensure_year_open(skp.year)
    if not perms.is_rater(actor, skp):
        _deny()
    if skp.status in (SkpStatus.APPROVED, SkpStatus.SUPERSEDED):
        raise ValidationError(_("Ekspektasi tidak dapat diubah pada SKP yang sudah disetujui."))
    rows = {b.value_id: b for b in skp.behaviours.all()}
    before = {str(k): b.expectation for k, b in rows.items()}
    for value_id, text in expectations.items():
        row = rows.get(int(value_id))
        if row is None:
            raise ValidationError(_("Nilai perilaku tidak dikenal."))
        row.expectation = (text or "").strip()
    SkpBehaviour.objects.bulk_update(rows.values(), ["expectation"])
    audit_log(actor=actor, action="skp.expectations_set", obj=skp, before=before,
              after={str(k): b.expectation for k, b in rows.items()})  # fmt: skip
    return skp


# ------------------------------------------------------------------ workflow


def skp_problems(skp: Skp) -> list[str]:
    """What stops an SKP from being submitted."""
    problems = []
    rhks = list(skp.rhks.all().prefetch_related("indicators"))
    if not any(r.kind == RhkKind.UTAMA for r in rhks):
        problems.append(_("SKP harus memiliki paling sedikit satu hasil kerja Utama."))
    for r in rhks:
        if not r.indicators.all():
            problems.append(_("Hasil kerja “%(t)s” belum memiliki indikator.") % {"t": r.text[:60]})
    return problems


@transaction.atomic
def skp_submit(*, skp: Skp, actor: Any) -> Skp:
    skp = (
        Skp.objects.select_for_update(of=("self",))
        .select_related("year", "rater", "pegawai")
        .get(pk=skp.pk)
    )
    _ensure_editable(skp, actor)
    problems = skp_problems(skp)
    if problems:
        raise ValidationError(problems)
    if skp.rater_id is None and not perms.is_top_leader_skp(skp):
        raise ValidationError(_("SKP belum memiliki pejabat penilai. Hubungi admin kepegawaian."))
    old = skp.status
    skp.status = SkpStatus.SUBMITTED
    skp.submitted_at = timezone.now()
    skp.save(update_fields=["status", "submitted_at", "updated_at"])
    _transition(skp, old, skp.status, actor, "")
    audit_log(
        actor=actor,
        action="skp.submitted",
        obj=skp,
        before={"status": old},
        after={"status": skp.status},
    )
    if skp.rater is not None and skp.rater.user_id:
        notify([skp.rater.user], _("%(p)s mengajukan SKP %(y)s untuk disetujui.")
               % {"p": skp.pegawai.full_name, "y": skp.year.year},
               reverse("planning:skp_detail", args=[skp.pk]))  # fmt: skip
    return skp


@transaction.atomic
def skp_approve(*, skp: Skp, actor: Any, note: str = "") -> Skp:
    skp = (
        Skp.objects.select_for_update(of=("self",))
        .select_related("year", "rater", "pegawai")
        .get(pk=skp.pk)
    )
    ensure_year_open(skp.year)
    if not perms.is_rater(actor, skp):
        _deny()
    if skp.status != SkpStatus.SUBMITTED:
        raise ValidationError(_("Hanya SKP yang sedang diajukan yang dapat disetujui."))
    skp.status = SkpStatus.APPROVED
    skp.approved_at = timezone.now()
    skp.save(update_fields=["status", "approved_at", "updated_at"])
    _transition(skp, SkpStatus.SUBMITTED, SkpStatus.APPROVED, actor, note)
    audit_log(actor=actor, action="skp.approved", obj=skp, before={"status": SkpStatus.SUBMITTED},
              after={"status": SkpStatus.APPROVED}, note=note)  # fmt: skip
    if skp.revision_of_id:
        old = Skp.objects.select_for_update(of=("self",)).get(pk=skp.revision_of_id)
        old.status = SkpStatus.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        _transition(
            old,
            SkpStatus.APPROVED,
            SkpStatus.SUPERSEDED,
            actor,
            _("Digantikan revisi v%(v)s") % {"v": skp.version},
        )
        audit_log(actor=actor, action="skp.superseded", obj=old, before={"status": SkpStatus.APPROVED},
                  after={"status": SkpStatus.SUPERSEDED})  # fmt: skip
        # The cascade follows the new version: staff RHK that pointed at the old version's RHK
        # now point at its revised copy.
        for new_rhk in Rhk.objects.filter(skp=skp, revised_from__isnull=False):
            Rhk.objects.filter(parent_id=new_rhk.revised_from_id).update(parent=new_rhk)
    if skp.pegawai.user_id:
        notify([skp.pegawai.user], _("SKP %(y)s Anda disetujui.") % {"y": skp.year.year},
               reverse("planning:skp_detail", args=[skp.pk]))  # fmt: skip
    return skp


@transaction.atomic
def skp_return(*, skp: Skp, actor: Any, note: str) -> Skp:
    skp = (
        Skp.objects.select_for_update(of=("self",))
        .select_related("year", "rater", "pegawai")
        .get(pk=skp.pk)
    )
    ensure_year_open(skp.year)
    if not perms.is_rater(actor, skp):
        _deny()
    if skp.status != SkpStatus.SUBMITTED:
        raise ValidationError(_("Hanya SKP yang sedang diajukan yang dapat dikembalikan."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Tuliskan catatan perbaikan untuk pegawai.")})
    skp.status = SkpStatus.RETURNED
    skp.save(update_fields=["status", "updated_at"])
    _transition(skp, SkpStatus.SUBMITTED, SkpStatus.RETURNED, actor, note.strip())
    audit_log(actor=actor, action="skp.returned", obj=skp, before={"status": SkpStatus.SUBMITTED},
              after={"status": SkpStatus.RETURNED}, note=note.strip())  # fmt: skip
    if skp.pegawai.user_id:
        notify([skp.pegawai.user], _("SKP %(y)s Anda dikembalikan: %(n)s") % {"y": skp.year.year, "n": note.strip()[:200]},
               reverse("planning:skp_detail", args=[skp.pk]))  # fmt: skip
    return skp


def _copy_skp_content(src: Skp, dst: Skp, *, keep_parents: bool, mark_revised: bool) -> None:
    """Copy results, indicators, action plans and expectations from one SKP into another."""
    rhks = list(src.rhks.all().prefetch_related("indicators", "action_plans"))
    period_map: dict[int, int] = {}
    if not keep_parents:
        # another year: map periods by number
        new_by_number = {p.number: p.pk for p in dst.year.periods.all()}
        period_map = {
            p.pk: new_by_number[p.number]
            for p in src.year.periods.all()
            if p.number in new_by_number
        }
    new_rhks = [
        Rhk(
            skp=dst,
            kind=r.kind,
            text=r.text,
            parent_id=r.parent_id if keep_parents else None,
            org_target_id=r.org_target_id if keep_parents else None,
            assigned_by_id=r.assigned_by_id,
            assignment_note=r.assignment_note,
            is_provisional=r.is_provisional if keep_parents else dst.rater_id is not None,
            revised_from=r if mark_revised else None,
            order=r.order,
        )  # fmt: skip
        for r in rhks
    ]
    Rhk.objects.bulk_create(new_rhks)
    indicators, plans = [], []
    for old, new in zip(rhks, new_rhks, strict=True):
        for i in old.indicators.all():
            indicators.append(Indicator(
                rhk=new, aspek=i.aspek, text=i.text, target_kind=i.target_kind,
                target_value=i.target_value, target_low=i.target_low, target_high=i.target_high,
                target_unit=i.target_unit, target_text=i.target_text, direction=i.direction,
                perspektif=i.perspektif, order=i.order,
            ))  # fmt: skip
        for a in old.action_plans.all():
            period_id = a.period_id if keep_parents else period_map.get(a.period_id)
            if period_id:
                plans.append(ActionPlan(rhk=new, period_id=period_id, text=a.text,
                                        target_value=a.target_value, target_unit=a.target_unit))  # fmt: skip
    Indicator.objects.bulk_create(indicators)
    ActionPlan.objects.bulk_create(plans)
    expectations = {b.value_id: b.expectation for b in src.behaviours.all()}
    existing = {b.value_id: b for b in dst.behaviours.all()}
    for b in existing.values():
        b.expectation = expectations.get(b.value_id, "")
    SkpBehaviour.objects.bulk_update(existing.values(), ["expectation"])
    SkpBehaviour.objects.bulk_create(
        [
            SkpBehaviour(skp=dst, value=v, expectation=expectations.get(v.pk, ""))
            for v in BehaviourValue.objects.all()
            if v.pk not in existing
        ]
    )
    for field_name in ("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi"):
        setattr(dst, field_name, getattr(src, field_name))
    dst.save()


@transaction.atomic
def skp_revise(*, skp: Skp, actor: Any) -> Skp:
    """Changing an approved SKP opens a revision (a new draft version); the approved version stays
    in force and readable until the revision is approved."""
    skp = (
        Skp.objects.select_for_update(of=("self",)).select_related("year", "pegawai").get(pk=skp.pk)
    )
    ensure_year_open(skp.year)
    if not perms.is_owner(actor, skp):
        _deny()
    if skp.status != SkpStatus.APPROVED:
        raise ValidationError(_("Revisi hanya dapat dibuka dari SKP yang sudah disetujui."))
    if skp.revisions.exclude(status=SkpStatus.SUPERSEDED).exists():
        raise ValidationError(_("Revisi SKP ini sudah dibuka."))
    new = Skp(
        pegawai=skp.pegawai, year=skp.year, rater_id=skp.pegawai.atasan_id or skp.rater_id,
        jabatan_id=skp.jabatan_id, unit_id=skp.unit_id, start_date=skp.start_date, end_date=skp.end_date,
        approach=skp.approach, revision_of=skp, version=skp.version + 1,
    )  # fmt: skip
    new.save()
    _copy_skp_content(skp, new, keep_parents=True, mark_revised=True)
    _transition(new, "", SkpStatus.DRAFT, actor, _("Revisi dari versi %(v)s") % {"v": skp.version})
    audit_log(actor=actor, action="skp.revision_opened", obj=new, after=snapshot(new),
              note=f"revision of #{skp.pk}")  # fmt: skip
    return new


@transaction.atomic
def skp_copy_from(*, source: Skp, year: PerformanceYear, actor: Any) -> Skp:
    """Copy last year's SKP into a new draft for `year` (links to superiors are re-made there)."""
    if not perms.is_owner(actor, source):
        _deny()
    skp = skp_create(pegawai=source.pegawai, year=year, actor=actor, approach=source.approach)
    _copy_skp_content(source, skp, keep_parents=False, mark_revised=False)
    audit_log(actor=actor, action="skp.copied", obj=skp, note=f"from #{source.pk}")
    return skp


# ------------------------------------------------------------------ cascading


@dataclass
class HandDownResult:
    created: list[Rhk] = field(default_factory=list)
    skipped: list[tuple[Pegawai, str]] = field(default_factory=list)


@transaction.atomic
def rhk_hand_down(
    *, rhks: Sequence[Rhk], subordinates: Iterable[Pegawai], actor: Any
) -> HandDownResult:
    """The superior hands their RHK down to chosen direct subordinates in one step: each gets an
    RHK linked to the superior's (text copied, to be made their own), in their draft SKP for the
    year, created when missing."""
    me = access_for(actor).pegawai
    if me is None:
        raise PermissionDenied(_("Akun Anda belum terhubung dengan data pegawai."))
    rhks = list(rhks)
    if not rhks:
        raise ValidationError(_("Pilih paling sedikit satu RHK untuk diturunkan."))
    year = rhks[0].skp.year
    ensure_year_open(year)
    for r in rhks:
        if r.skp.pegawai_id != me.pk or r.skp.year_id != year.pk:
            raise ValidationError(
                _("Hanya RHK milik Anda pada tahun yang sama yang dapat diturunkan.")
            )
        if r.skp.status == SkpStatus.SUPERSEDED:
            raise ValidationError(
                _("RHK dari SKP yang sudah digantikan revisi tidak dapat diturunkan.")
            )
    subs = list(subordinates)
    if not subs:
        raise ValidationError(_("Pilih paling sedikit satu bawahan."))
    result = HandDownResult()
    existing = {
        s.pegawai_id: s
        for s in Skp.objects.filter(pegawai__in=subs, year__year=year.year)
        .exclude(status=SkpStatus.SUPERSEDED)
        .select_related("year")
        .order_by("pegawai_id", "-version")
    }
    audit_rows = []
    for sub in subs:
        if sub.atasan_id != me.pk:
            result.skipped.append((sub, _("bukan bawahan langsung Anda")))
            continue
        skp = existing.get(sub.pk)
        if skp is None:
            sub_year = PerformanceYear.objects.filter(
                instansi_id=sub.instansi_id, year=year.year
            ).first()
            if sub_year is None or sub_year.is_closed:
                result.skipped.append((sub, _("tahun kinerja instansinya belum dibuka")))
                continue
            skp = _new_skp(
                sub,
                sub_year,
                datetime.date(year.year, 1, 1),
                datetime.date(year.year, 12, 31),
                Approach.KUANTITATIF,
            )
            skp.save()
            SkpBehaviour.objects.bulk_create(
                [SkpBehaviour(skp=skp, value=v) for v in BehaviourValue.objects.all()]
            )
            _transition(skp, "", SkpStatus.DRAFT, actor, _("Dibuat saat RHK atasan diturunkan"))
            audit_rows.append(AuditLog(actor=actor, actor_repr=str(actor)[:200], action="skp.created",
                                       object_type="planning.skp", object_id=str(skp.pk), object_repr=str(skp)[:300]))  # fmt: skip
        if not skp.is_editable:
            result.skipped.append(
                (sub, _("SKP-nya berstatus %(s)s") % {"s": skp.get_status_display()})
            )
            continue
        already = set(
            Rhk.objects.filter(skp=skp, parent__in=rhks).values_list("parent_id", flat=True)
        )
        for r in rhks:
            if r.pk in already:
                continue
            new = Rhk.objects.create(
                skp=skp, kind=RhkKind.UTAMA, text=r.text, parent=r, handed_down_from=r,
                order=Rhk.objects.filter(skp=skp).count() + 1,
            )  # fmt: skip
            result.created.append(new)
            audit_rows.append(AuditLog(actor=actor, actor_repr=str(actor)[:200], action="rhk.handed_down",
                                       object_type="planning.rhk", object_id=str(new.pk), object_repr=str(new)[:300],
                                       after={"skp_id": skp.pk, "parent_id": r.pk, "text": r.text}))  # fmt: skip
        if sub.user_id:
            notify([sub.user], _("%(a)s menurunkan RHK ke SKP %(y)s Anda.") % {"a": me.full_name, "y": year.year},
                   reverse("planning:skp_detail", args=[skp.pk]))  # fmt: skip
    audit_bulk(audit_rows)
    return result


# ------------------------------------------------------------------ templates


def template_content_validate(content: Any, approach: str) -> list[dict[str, Any]]:
    """A template's content: [{"kind", "text", "indicators": [{aspek, text, target_kind,
    target_value, target_low, target_high, target_unit, target_text, direction}]}]."""
    if not isinstance(content, list) or not content:
        raise ValidationError(_("Templat harus berisi paling sedikit satu RHK."))
    for n, item in enumerate(content, start=1):
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            raise ValidationError(_("RHK ke-%(n)s pada templat belum berisi teks.") % {"n": n})
        if item.get("kind", RhkKind.UTAMA) not in RhkKind.values:
            raise ValidationError(_("Jenis RHK ke-%(n)s tidak dikenal.") % {"n": n})
        inds = item.get("indicators") or []
        if not inds:
            raise ValidationError(
                _("RHK ke-%(n)s pada templat belum memiliki indikator.") % {"n": n}
            )
        for ind in inds:
            validate_indicator(_indicator_from(ind, None), approach)
    return content


def _indicator_from(data: dict[str, Any], rhk: Rhk | None) -> Indicator:
    def dec(v: Any) -> Decimal | None:
        return None if v in (None, "") else Decimal(str(v))

    return Indicator(
        rhk=rhk, aspek=data.get("aspek", "kuantitas"), text=str(data.get("text", "")),
        target_kind=data.get("target_kind", TargetKind.NUMBER), target_value=dec(data.get("target_value")),
        target_low=dec(data.get("target_low")), target_high=dec(data.get("target_high")),
        target_unit=str(data.get("target_unit", "")), target_text=str(data.get("target_text", "")),
        direction=data.get("direction", "higher"), order=int(data.get("order", 0) or 0),
    )  # fmt: skip


@transaction.atomic
def template_save(*, template: SkpTemplate, actor: Any) -> SkpTemplate:
    if not access_for(actor).can_write_instansi(template.jabatan.instansi_id):
        _deny()
    template_content_validate(template.content, template.approach)
    created = template.pk is None
    template.full_clean()
    template.save()
    audit_log(actor=actor, action="skp_template.created" if created else "skp_template.updated",
              obj=template, after=snapshot(template))  # fmt: skip
    return template


@dataclass
class TemplateApplyResult:
    created: int = 0
    skipped: int = 0


@transaction.atomic
def skp_create_from_template(
    *, template: SkpTemplate, year: PerformanceYear, actor: Any
) -> TemplateApplyResult:
    """Create the SKP of every active holder of the template's position who has none in the
    year, in one action and a handful of bulk statements."""
    jabatan = template.jabatan
    if not access_for(actor).can_write_instansi(jabatan.instansi_id):
        _deny()
    ensure_year_open(year)
    if year.instansi_id != jabatan.instansi_id:
        raise ValidationError(_("Tahun kinerja dan jabatan harus dari instansi yang sama."))
    template_content_validate(template.content, template.approach)
    holders = list(
        Pegawai.objects.filter(jabatan=jabatan, is_active=True).only(
            "id", "atasan_id", "jabatan_id", "unit_id"
        )
    )
    have = set(Skp.objects.filter(year=year, pegawai__in=holders).exclude(status=SkpStatus.SUPERSEDED)
               .values_list("pegawai_id", flat=True))  # fmt: skip
    todo = [p for p in holders if p.pk not in have]
    start, end = datetime.date(year.year, 1, 1), datetime.date(year.year, 12, 31)
    skps = [_new_skp(p, year, start, end, template.approach) for p in todo]
    Skp.objects.bulk_create(skps, batch_size=1000)
    rhks: list[Rhk] = []
    for skp in skps:
        for order, item in enumerate(template.content, start=1):
            rhks.append(Rhk(skp=skp, kind=item.get("kind", RhkKind.UTAMA), text=item["text"], order=order,
                            is_provisional=skp.rater_id is not None))  # fmt: skip
    Rhk.objects.bulk_create(rhks, batch_size=2000)
    indicators: list[Indicator] = []
    per_skp = len(template.content)
    for idx, rhk in enumerate(rhks):
        item = template.content[idx % per_skp]
        for o, ind in enumerate(item["indicators"], start=1):
            obj = _indicator_from(ind, rhk)
            obj.order = o
            indicators.append(obj)
    Indicator.objects.bulk_create(indicators, batch_size=2000)
    values = list(BehaviourValue.objects.all())
    SkpBehaviour.objects.bulk_create(
        [SkpBehaviour(skp=s, value=v) for s in skps for v in values], batch_size=5000
    )
    SkpTransition.objects.bulk_create(
        [
            SkpTransition(
                skp=s, from_status="", to_status=SkpStatus.DRAFT, actor=actor, note=template.name
            )
            for s in skps
        ],
        batch_size=2000,
    )
    audit_bulk([
        AuditLog(actor=actor, actor_repr=str(actor)[:200], action="skp.created_from_template",
                 object_type="planning.skp", object_id=str(s.pk), object_repr=f"SKP {year.year} #{s.pegawai_id}",
                 after={"template_id": template.pk, "pegawai_id": s.pegawai_id})
        for s in skps
    ])  # fmt: skip
    return TemplateApplyResult(created=len(skps), skipped=len(holders) - len(todo))


@transaction.atomic
def template_delete(*, template: SkpTemplate, actor: Any) -> None:
    """Delete a template. SKPs already made from it keep their content."""
    if not access_for(actor).can_write_instansi(template.jabatan.instansi_id):
        _deny()
    before, pk, text = snapshot(template), template.pk, str(template)
    template.delete()
    audit_log(actor=actor, action="skp_template.deleted", object_type="planning.skptemplate", object_id=str(pk),
              object_repr=text, before=before)  # fmt: skip


@transaction.atomic
def action_plan_delete(*, plan: ActionPlan, actor: Any) -> None:
    rhk = Rhk.objects.select_related("skp", "skp__year").get(pk=plan.rhk_id)
    _ensure_editable(rhk.skp, actor)
    if plan.entries.exists():
        raise ValidationError(_("Rencana aksi ini sudah dipakai laporan harian."))
    before, pk, text = snapshot(plan), plan.pk, str(plan)
    plan.delete()
    audit_log(actor=actor, action="action_plan.deleted", object_type="planning.actionplan", object_id=str(pk),
              object_repr=text, before=before)  # fmt: skip
