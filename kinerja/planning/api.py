"""Planning endpoints: performance years, the SKP with its results (RHK), indicators and
workflow, and the hand-down of results to subordinates.

Reads start from `visible_to(user)`, exactly like the pages, so a forbidden object answers 404
like a missing one. Writes call the same services as the pages: a service refusal of someone who
may see the object but may not act on it (PermissionDenied) answers 403, a broken rule
(ValidationError) 422 with the service's message. RHK and indicator ids are looked up through
the SKPs the user may see, so someone else's ids are 404 too."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator
from pydantic_core import PydanticUseDefault

from kinerja.organisation.api import (
    MAX_ID,
    Id,
    InstansiRef,
    JabatanRef,
    PageQuery,
    PegawaiRef,
    UnitRef,
    page_of,
    paginate,
)
from kinerja.organisation.models import Pegawai
from kinerja.organisation.permissions import access_for, get_pegawai_for_user

from . import choices, services
from .models import (
    BehaviourGuide,
    Indicator,
    OrgTarget,
    PerformanceYear,
    Period,
    Rhk,
    Skp,
    SkpBehaviour,
    SkpTransition,
)
from .permissions import (
    can_decide_skp,
    can_edit_skp,
    get_skp_for_user,
    get_year_for_user,
    visibility_filter,
)

router = Router(tags=["perencanaan"])


def _path_id(what: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=f"ID {what}.")


def _one_of(values: list[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _user(request: HttpRequest) -> Any:
    """The user the API authenticated (session or token)."""
    return request.auth  # type: ignore[attr-defined]


@contextmanager
def _acting() -> Iterator[None]:
    """Run a service: "may see but may not act" becomes 403 in the API's error shape."""
    try:
        yield
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Anda tidak berwenang melakukan tindakan ini.") from exc


# ---------------------------------------------------------------- output schemas


class PeriodOut(Schema):
    """Periode penilaian periodik dalam tahun kinerja."""

    id: int = Field(..., description="ID periode.")
    number: int = Field(..., description="Nomor urut periode dalam tahun.")
    name: str = Field(..., description="Nama periode, mis. `Januari`, `Triwulan I`.")
    start_date: datetime.date = Field(..., description="Tanggal mulai.")
    end_date: datetime.date = Field(..., description="Tanggal selesai.")
    is_closed: bool = Field(..., description="Periode sudah ditutup.")


class OrgTargetOut(Schema):
    """Target organisasi (Perjanjian Kinerja / IKU) yang dapat diintervensi RHK pimpinan puncak."""

    id: int = Field(..., description="ID target organisasi.")
    code: str = Field(..., description="Kode target.")
    goal: str = Field(..., description="Sasaran strategis.")
    indicator: str = Field(..., description="Indikator kinerja utama.")
    target_display: str = Field(..., description="Target, mis. `98,5 persen`.")
    unit_id: int | None = Field(..., description="Unit kerja pemilik target, bila ada.")


class YearOut(Schema):
    """Tahun kinerja sebuah instansi."""

    id: int = Field(..., description="ID tahun kinerja.")
    year: int = Field(..., description="Tahun.")
    instansi: InstansiRef = Field(..., description="Instansi.")
    frequency: str = Field(
        ..., description="Frekuensi penilaian periodik: " + _one_of(choices.Frequency.values) + "."
    )
    planning_start: datetime.date = Field(..., description="Awal masa perencanaan.")
    planning_end: datetime.date = Field(..., description="Akhir masa perencanaan.")
    closing_date: datetime.date = Field(..., description="Tanggal penutupan tahun.")
    scoring_policy: str = Field(..., description="Kebijakan penilaian yang dibekukan.")
    is_closed: bool = Field(..., description="Tahun sudah ditutup: tidak ada perubahan lagi.")


class YearDetailOut(YearOut):
    """Tahun kinerja dengan periodenya dan target organisasinya."""

    periods: list[PeriodOut] = Field(..., description="Periode penilaian, urut nomor.")
    targets: list[OrgTargetOut] = Field(..., description="Target organisasi, urut kode.")

    @staticmethod
    def resolve_periods(obj: PerformanceYear) -> list[Period]:
        return list(Period.objects.filter(year=obj).order_by("number"))

    @staticmethod
    def resolve_targets(obj: PerformanceYear) -> list[OrgTarget]:
        return list(OrgTarget.objects.filter(year=obj).order_by("code"))


class YearRef(Schema):
    """Ringkasan tahun kinerja."""

    id: int = Field(..., description="ID tahun kinerja.")
    year: int = Field(..., description="Tahun.")
    instansi_id: int = Field(..., description="ID instansi.")
    is_closed: bool = Field(..., description="Tahun sudah ditutup.")


class SkpOut(Schema):
    """Ringkasan SKP."""

    id: int = Field(..., description="ID SKP.")
    year: YearRef = Field(..., description="Tahun kinerja.")
    pegawai: PegawaiRef = Field(..., description="Pegawai yang dinilai.")
    rater: PegawaiRef | None = Field(..., description="Pejabat penilai kinerja.")
    jabatan: JabatanRef | None = Field(..., description="Jabatan saat SKP dibuat.")
    unit: UnitRef | None = Field(..., description="Unit kerja saat SKP dibuat.")
    start_date: datetime.date = Field(..., description="Periode SKP mulai.")
    end_date: datetime.date = Field(..., description="Periode SKP selesai.")
    approach: str = Field(..., description="Pendekatan: " + _one_of(choices.Approach.values) + ".")
    status: str = Field(..., description="Status: " + _one_of(choices.SkpStatus.values) + ".")
    status_label: str = Field(..., description="Nama status.")
    version: int = Field(..., description="Versi; revisi menambah satu.")
    revision_of_id: int | None = Field(..., description="ID SKP yang direvisi oleh versi ini.")
    submitted_at: datetime.datetime | None = Field(..., description="Waktu terakhir diajukan.")
    approved_at: datetime.datetime | None = Field(..., description="Waktu disetujui.")
    rhk_count: int = Field(..., description="Jumlah RHK.")

    @staticmethod
    def resolve_status_label(obj: Skp) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_rhk_count(obj: Skp) -> int:
        count = getattr(obj, "rhk_count", None)
        return count if count is not None else len(obj.loaded_rhks)  # type: ignore[attr-defined]


class IndicatorOut(Schema):
    """Indikator Kinerja Individu (IKI) dengan targetnya."""

    id: int = Field(..., description="ID indikator.")
    rhk_id: int = Field(..., description="ID RHK.")
    aspek: str = Field(..., description="Aspek: " + _one_of(choices.Aspek.values) + ".")
    text: str = Field(..., description="Indikator.")
    target_kind: str = Field(
        ..., description="Jenis target: " + _one_of(choices.TargetKind.values) + "."
    )
    target_value: Decimal | None = Field(..., description="Target angka (jenis `number`).")
    target_low: Decimal | None = Field(..., description="Batas bawah (jenis `range`).")
    target_high: Decimal | None = Field(..., description="Batas atas (jenis `range`).")
    target_unit: str = Field(..., description="Satuan target.")
    target_text: str = Field(..., description="Target naratif (jenis `narrative`).")
    target_display: str = Field(..., description="Target sebagaimana dicetak, mis. `12 sekolah`.")
    direction: str = Field(..., description="Arah: " + _one_of(choices.Direction.values) + ".")
    perspektif: str = Field(..., description="Perspektif (indikator JPT), atau kosong.")
    order: int = Field(..., description="Urutan dalam RHK.")


class RhkParentOut(Schema):
    """RHK atasan yang diintervensi."""

    id: int = Field(..., description="ID RHK atasan.")
    text: str = Field(..., description="Rencana hasil kerja atasan.")
    skp_id: int = Field(..., description="ID SKP atasan.")
    pegawai: PegawaiRef = Field(..., description="Pemilik RHK atasan.")

    @staticmethod
    def resolve_pegawai(obj: Rhk) -> Pegawai:
        return obj.skp.pegawai


class OrgTargetRef(Schema):
    """Ringkasan target organisasi."""

    id: int = Field(..., description="ID target organisasi.")
    code: str = Field(..., description="Kode target.")
    goal: str = Field(..., description="Sasaran strategis.")


class RhkOut(Schema):
    """Rencana Hasil Kerja dengan tautan kaskade dan indikatornya."""

    id: int = Field(..., description="ID RHK.")
    skp_id: int = Field(..., description="ID SKP.")
    kind: str = Field(..., description="Jenis: " + _one_of(choices.RhkKind.values) + ".")
    text: str = Field(..., description="Rencana hasil kerja.")
    order: int = Field(..., description="Urutan dalam jenisnya.")
    link_kind: Literal["parent", "org_target", "assignment", "provisional", "none"] = Field(
        ..., description="Yang diintervensi: RHK atasan, target organisasi, penugasan, sementara."
    )
    parent: RhkParentOut | None = Field(..., description="RHK atasan yang diintervensi.")
    org_target: OrgTargetRef | None = Field(..., description="Target organisasi (pimpinan puncak).")
    assigned_by: PegawaiRef | None = Field(..., description="Ketua tim pemberi penugasan.")
    assignment_note: str = Field(..., description="Keterangan penugasan.")
    is_provisional: bool = Field(..., description="Sementara: RHK atasan belum tersedia.")
    indicators: list[IndicatorOut] = Field(..., description="Indikator, urut.")


class BehaviourOut(Schema):
    """Satu nilai BerAKHLAK dengan panduan perilakunya dan ekspektasi khusus pimpinan."""

    value_id: int = Field(..., description="ID nilai perilaku.")
    code: str = Field(..., description="Kode nilai, mis. `akuntabel`.")
    name: str = Field(..., description="Nama nilai.")
    guides: list[str] = Field(..., description="Tiga panduan perilaku.")
    expectation: str = Field(..., description="Ekspektasi khusus pimpinan.")

    @staticmethod
    def resolve_code(obj: SkpBehaviour) -> str:
        return obj.value.code

    @staticmethod
    def resolve_name(obj: SkpBehaviour) -> str:
        return obj.value.name

    @staticmethod
    def resolve_guides(obj: SkpBehaviour) -> list[str]:
        return [g.text for g in obj.value.guides.all()]


class TransitionOut(Schema):
    """Satu perubahan status SKP."""

    from_status: str = Field(..., description="Status sebelumnya (kosong saat dibuat).")
    to_status: str = Field(..., description="Status sesudahnya.")
    actor: str | None = Field(..., description="Nama akun yang bertindak.")
    note: str = Field(..., description="Catatan.")
    created_at: datetime.datetime = Field(..., description="Waktu.")

    @staticmethod
    def resolve_actor(obj: SkpTransition) -> str | None:
        return (obj.actor.get_full_name() or obj.actor.get_username()) if obj.actor else None


class SkpDetailOut(SkpOut):
    """SKP lengkap: header, lampiran, hasil kerja dengan indikator, perilaku kerja dan riwayat."""

    dukungan_sumber_daya: str = Field(..., description="Lampiran: dukungan sumber daya.")
    skema_pertanggungjawaban: str = Field(..., description="Lampiran: skema pertanggungjawaban.")
    konsekuensi: str = Field(..., description="Lampiran: konsekuensi.")
    rhks: list[RhkOut] = Field(..., description="Hasil kerja: Utama lalu Tambahan, urut.")
    behaviours: list[BehaviourOut] = Field(..., description="Perilaku kerja BerAKHLAK.")
    transitions: list[TransitionOut] = Field(..., description="Riwayat status, terlama dahulu.")
    can_edit: bool = Field(..., description="Anda dapat mengubah SKP ini sekarang.")
    can_decide: bool = Field(..., description="Anda dapat menyetujui atau mengembalikannya.")
    pdf_url: str = Field(..., description="Alamat dokumen SKP (PDF).")

    @staticmethod
    def resolve_rhks(obj: Skp) -> list[Rhk]:
        return obj.loaded_rhks  # type: ignore[attr-defined]

    @staticmethod
    def resolve_behaviours(obj: Skp) -> list[SkpBehaviour]:
        return obj.loaded_behaviours  # type: ignore[attr-defined]

    @staticmethod
    def resolve_transitions(obj: Skp) -> list[SkpTransition]:
        return obj.loaded_transitions  # type: ignore[attr-defined]


class RhkOptionOut(Schema):
    """RHK pejabat penilai yang dapat diintervensi."""

    id: int = Field(..., description="ID RHK atasan.")
    skp_id: int = Field(..., description="ID SKP atasan.")
    kind: str = Field(..., description="Jenis RHK atasan.")
    text: str = Field(..., description="Rencana hasil kerja atasan.")


class HandedDownOut(Schema):
    """RHK yang dibuat di SKP bawahan."""

    id: int = Field(..., description="ID RHK baru.")
    skp_id: int = Field(..., description="ID SKP bawahan.")
    parent_id: int = Field(..., description="ID RHK Anda yang diintervensi.")
    pegawai: PegawaiRef = Field(..., description="Bawahan.")
    text: str = Field(..., description="Rencana hasil kerja (disalin, untuk disesuaikan).")


class SkippedOut(Schema):
    """Bawahan yang dilewati, dengan alasannya."""

    pegawai: PegawaiRef = Field(..., description="Pegawai.")
    reason: str = Field(..., description="Alasan.")


class HandDownOut(Schema):
    """Hasil penurunan RHK."""

    created: list[HandedDownOut] = Field(..., description="RHK yang dibuat.")
    skipped: list[SkippedOut] = Field(..., description="Bawahan yang dilewati.")


# ---------------------------------------------------------------- input schemas


# The choices spelled out for the type checker; tests keep them equal to choices.py.
SkpStatusValue = Literal["draft", "submitted", "approved", "returned", "superseded"]
Approach = Literal["kuantitatif", "kualitatif"]
RhkKind = Literal["utama", "tambahan"]
Aspek = Literal["kuantitas", "kualitas", "waktu", "biaya"]
TargetKind = Literal["number", "range", "narrative"]
Direction = Literal["higher", "lower"]
Perspektif = Literal["", "penerima_layanan", "penguatan_internal", "proses_bisnis", "anggaran"]


def _optional(description: str, **constraints: Any) -> Any:
    """A field that may be left out (a filter not applied, a value not changed). It is typed
    without `| None`, so an explicit `null` is refused and the OpenAPI does not offer it."""
    return Field(None, description=description, **constraints)


def _target(description: str) -> Any:
    return Field(None, max_digits=14, decimal_places=2, description=description)


class QueryParams(Schema):
    """Query parameters where an empty value (`?status=`) means "not given"."""

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_default(cls, value: Any) -> Any:
        if value == "":
            raise PydanticUseDefault
        return value


class YearQuery(QueryParams):
    instansi_id: Id = _optional("Hanya tahun kinerja instansi ini.")
    year: int = _optional("Hanya tahun ini, mis. 2026.", ge=2000, le=2100)


class SkpQuery(QueryParams):
    year: int = _optional("Hanya SKP tahun ini, mis. 2026.", ge=2000, le=2100)
    year_id: Id = _optional("Hanya SKP pada tahun kinerja (ID) ini.")
    pegawai_id: Id = _optional("Hanya SKP pegawai ini.")
    status: SkpStatusValue = _optional("Hanya SKP berstatus ini.")
    rater: Literal["me"] = _optional("`me`: hanya SKP yang Anda nilai (Anda pejabat penilainya).")


class SkpCreateIn(Schema):
    """SKP baru. Jabatan, unit dan pejabat penilai diambil dari data pegawai saat ini."""

    year_id: Id = Field(..., description="ID tahun kinerja.")
    pegawai_id: Id | None = Field(None, description="ID pegawai; bawaan: Anda sendiri.")
    start_date: datetime.date | None = Field(None, description="Mulai; bawaan 1 Januari.")
    end_date: datetime.date | None = Field(None, description="Selesai; bawaan 31 Desember.")
    approach: Approach = Field("kuantitatif", description="Pendekatan.")


class SkpPatchIn(Schema):
    """Perubahan header atau lampiran SKP (hanya yang dikirim yang diubah)."""

    start_date: datetime.date = _optional("Periode SKP mulai.")
    end_date: datetime.date = _optional("Periode SKP selesai.")
    approach: Approach = _optional("Pendekatan.")
    dukungan_sumber_daya: str = _optional("Lampiran: dukungan sumber daya.")
    skema_pertanggungjawaban: str = _optional("Lampiran: skema pertanggungjawaban.")
    konsekuensi: str = _optional("Lampiran: konsekuensi.")


class RhkIn(Schema):
    """RHK baru. Tautkan ke satu saja: RHK atasan, target organisasi, atau penugasan; tanpa
    tautan (dan ada pejabat penilai) RHK menjadi sementara dan atasan diberi tahu."""

    kind: RhkKind = Field("utama", description="Jenis RHK.")
    text: str = Field(..., min_length=1, max_length=5000, description="Rencana hasil kerja.")
    parent_id: Id | None = Field(None, description="ID RHK pejabat penilai yang diintervensi.")
    org_target_id: Id | None = Field(None, description="ID target organisasi (pimpinan puncak).")
    assigned_by_id: Id | None = Field(None, description="ID pegawai ketua tim pemberi penugasan.")
    assignment_note: str = Field("", max_length=300, description="Keterangan penugasan.")


class RhkPatchIn(Schema):
    """Perubahan RHK (hanya yang dikirim yang diubah; `null` melepas tautan)."""

    kind: RhkKind = _optional("Jenis RHK.")
    text: str = _optional("Rencana hasil kerja.", min_length=1, max_length=5000)
    parent_id: Id | None = Field(None, description="ID RHK pejabat penilai yang diintervensi.")
    org_target_id: Id | None = Field(None, description="ID target organisasi.")
    assigned_by_id: Id | None = Field(None, description="ID pegawai ketua tim pemberi penugasan.")
    assignment_note: str = _optional("Keterangan penugasan.", max_length=300)


class LinkIn(Schema):
    parent_id: Id = Field(..., description="ID RHK pejabat penilai yang diintervensi.")


class IndicatorIn(Schema):
    """Indikator baru. Kuantitatif: angka positif dengan satuan, atau rentang dengan satuan;
    kualitatif: target naratif (atau angka/rentang)."""

    aspek: Aspek = Field("kuantitas", description="Aspek.")
    text: str = Field(..., max_length=5000, description="Indikator.")
    target_kind: TargetKind = Field("number", description="Jenis target.")
    target_value: Decimal | None = _target("Target angka (jenis `number`).")
    target_low: Decimal | None = _target("Batas bawah (jenis `range`).")
    target_high: Decimal | None = _target("Batas atas (jenis `range`).")
    target_unit: str = Field("", max_length=50, description="Satuan, mis. `dokumen`, `persen`.")
    target_text: str = Field("", max_length=5000, description="Target naratif.")
    direction: Direction = Field("higher", description="Arah.")
    perspektif: Perspektif = Field("", description="Perspektif (hanya indikator JPT).")


class IndicatorPatchIn(Schema):
    """Perubahan indikator (hanya yang dikirim yang diubah)."""

    aspek: Aspek = _optional("Aspek.")
    text: str = _optional("Indikator.", max_length=5000)
    target_kind: TargetKind = _optional("Jenis target.")
    target_value: Decimal | None = _target("Target angka.")
    target_low: Decimal | None = _target("Batas bawah.")
    target_high: Decimal | None = _target("Batas atas.")
    target_unit: str = _optional("Satuan.", max_length=50)
    target_text: str = _optional("Target naratif.", max_length=5000)
    direction: Direction = _optional("Arah.")
    perspektif: Perspektif = _optional("Perspektif (hanya indikator JPT).")


class NoteIn(Schema):
    note: str = Field("", max_length=5000, description="Catatan untuk pegawai.")


class ExpectationsIn(Schema):
    expectations: dict[int, str] = Field(
        ..., description="Ekspektasi khusus pimpinan per ID nilai perilaku (`value_id`)."
    )


class HandDownIn(Schema):
    rhk_ids: list[Id] = Field(..., min_length=1, max_length=100, description="ID RHK Anda.")
    pegawai_ids: list[Id] = Field(
        ..., min_length=1, max_length=500, description="ID bawahan langsung."
    )


# ---------------------------------------------------------------- loading


def _skp_list_qs(user: Any) -> QuerySet[Skp]:
    return (
        Skp.objects.visible_to(user)
        .select_related("year", "pegawai", "rater", "jabatan", "unit")
        .annotate(rhk_count=Count("rhks"))
        .order_by("-year__year", "pegawai__name", "-version", "pk")
    )


def _rhk_qs() -> QuerySet[Rhk]:
    return Rhk.objects.select_related(
        "parent", "parent__skp", "parent__skp__pegawai", "org_target", "assigned_by"
    ).prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id")))


def _skp_detail(user: Any, skp: Skp) -> Skp:
    """Attach everything the detail shows, in a fixed number of queries."""
    skp.loaded_rhks = list(  # type: ignore[attr-defined]
        _rhk_qs().filter(skp=skp).order_by("kind", "order", "id")
    )
    skp.loaded_behaviours = list(  # type: ignore[attr-defined]
        SkpBehaviour.objects.filter(skp=skp)
        .select_related("value")
        .prefetch_related(
            Prefetch("value__guides", queryset=BehaviourGuide.objects.order_by("order", "id"))
        )
        .order_by("value__order")
    )
    skp.loaded_transitions = list(  # type: ignore[attr-defined]
        SkpTransition.objects.filter(skp=skp).select_related("actor").order_by("created_at", "id")
    )
    skp.can_edit = can_edit_skp(user, skp)  # type: ignore[attr-defined]
    skp.can_decide = can_decide_skp(user, skp)  # type: ignore[attr-defined]
    skp.pdf_url = reverse("planning:skp_pdf", args=[skp.pk])  # type: ignore[attr-defined]
    return skp


def _detail_out(user: Any, pk: int) -> Skp:
    return _skp_detail(user, get_skp_for_user(user, pk))


def _get_rhk(user: Any, pk: int) -> Rhk:
    try:
        return Rhk.objects.select_related("skp", "skp__year").get(
            pk=pk, skp__in=Skp.objects.visible_to(user)
        )
    except Rhk.DoesNotExist:
        raise Http404 from None


def _get_indicator(user: Any, pk: int) -> Indicator:
    try:
        return Indicator.objects.select_related("rhk", "rhk__skp").get(
            pk=pk, rhk__skp__in=Skp.objects.visible_to(user)
        )
    except Indicator.DoesNotExist:
        raise Http404 from None


def _check_links(user: Any, data: dict[str, Any]) -> None:
    """Ids that point nowhere are bad input (422), not a server error. The rater's RHK need not
    be visible to the employee (a superior's SKP is not), so only its existence is checked here;
    the service checks that it is the rater's."""
    missing = {}
    if data.get("parent_id") and not Rhk.objects.filter(pk=data["parent_id"]).exists():
        missing["parent_id"] = "RHK atasan tidak ditemukan."
    if (
        data.get("org_target_id")
        # OrgTarget has no visible_to manager; the rule lives in permissions.visibility_filter.
        and not visibility_filter(OrgTarget.objects.filter(pk=data["org_target_id"]), user).exists()
    ):
        missing["org_target_id"] = "Target organisasi tidak ditemukan."
    if (
        data.get("assigned_by_id")
        and not Pegawai.objects.filter(pk=data["assigned_by_id"], is_active=True).exists()
    ):
        missing["assigned_by_id"] = "Pegawai pemberi penugasan tidak ditemukan."
    if missing:
        raise ValidationError(missing)


def _rhk_out(pk: int) -> Rhk:
    return _rhk_qs().get(pk=pk)


# ---------------------------------------------------------------- years


@router.get("/years", response=page_of(YearOut), summary="Daftar tahun kinerja")
def year_list(request: HttpRequest, filters: Query[YearQuery], page: Query[PageQuery]):
    """Tahun kinerja instansi yang terlihat oleh pengguna, terbaru dahulu."""
    qs = PerformanceYear.objects.visible_to(_user(request)).select_related("instansi")
    if filters.instansi_id:
        qs = qs.filter(instansi_id=filters.instansi_id)
    if filters.year:
        qs = qs.filter(year=filters.year)
    return paginate(qs.order_by("-year", "instansi__name", "pk"), page)


@router.get("/years/{year_id}", response=YearDetailOut, summary="Detail tahun kinerja")
def year_detail(request: HttpRequest, year_id: int = _path_id("tahun kinerja")):
    """Tahun kinerja dengan periode penilaian dan target organisasinya."""
    return get_year_for_user(_user(request), year_id)


# ---------------------------------------------------------------- the SKP


@router.get("/skp", response=page_of(SkpOut), summary="Daftar SKP")
def skp_list(request: HttpRequest, filters: Query[SkpQuery], page: Query[PageQuery]):
    """SKP yang terlihat oleh pengguna: miliknya, bawahannya, instansi yang dikelolanya, dan SKP
    yang ia nilai."""
    user = _user(request)
    qs = _skp_list_qs(user)
    if filters.year:
        qs = qs.filter(year__year=filters.year)
    if filters.year_id:
        qs = qs.filter(year_id=filters.year_id)
    if filters.pegawai_id:
        qs = qs.filter(pegawai_id=filters.pegawai_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.rater == "me":
        me = access_for(user).pegawai
        qs = qs.filter(rater_id=me.pk) if me is not None else qs.none()
    return paginate(qs, page)


@router.post("/skp", response={201: SkpDetailOut}, summary="Buat SKP")
def skp_create(request: HttpRequest, payload: SkpCreateIn):
    """SKP baru untuk Anda sendiri (bawaan) atau, bagi admin instansi, untuk pegawainya."""
    user = _user(request)
    year = get_year_for_user(user, payload.year_id)
    pegawai: Pegawai | None
    if payload.pegawai_id:
        pegawai = get_pegawai_for_user(user, payload.pegawai_id)
    else:
        pegawai = access_for(user).pegawai
        if pegawai is None:
            raise ValidationError(
                {"pegawai_id": "Akun ini tidak terhubung ke data pegawai; isi pegawai_id."}
            )
    with _acting():
        skp = services.skp_create(
            pegawai=pegawai,
            year=year,
            actor=user,
            start_date=payload.start_date,
            end_date=payload.end_date,
            approach=payload.approach,
        )
    return Status(201, _detail_out(user, skp.pk))


@router.get("/skp/{skp_id}", response=SkpDetailOut, summary="Detail SKP")
def skp_detail(request: HttpRequest, skp_id: int = _path_id("SKP")):
    """Header, lampiran, hasil kerja dengan indikator dan RHK atasan, perilaku kerja, riwayat."""
    return _detail_out(_user(request), skp_id)


@router.patch("/skp/{skp_id}", response=SkpDetailOut, summary="Ubah header atau lampiran SKP")
def skp_update(request: HttpRequest, payload: SkpPatchIn, skp_id: int = _path_id("SKP")):
    """Hanya pemilik, selama SKP berstatus draf atau dikembalikan."""
    user = _user(request)
    skp = get_skp_for_user(user, skp_id)
    with _acting():
        services.skp_update_header(skp=skp, actor=user, **payload.dict(exclude_unset=True))
    return _detail_out(user, skp.pk)


@router.get(
    "/skp/{skp_id}/parent-options",
    response=list[RhkOptionOut],
    summary="RHK atasan yang dapat diintervensi",
)
def skp_parent_options(request: HttpRequest, skp_id: int = _path_id("SKP")):
    """RHK pejabat penilai SKP ini pada tahun yang sama (dari SKP yang belum digantikan)."""
    skp = get_skp_for_user(_user(request), skp_id)
    if skp.rater_id is None:
        return []
    return list(
        Rhk.objects.filter(skp__pegawai_id=skp.rater_id, skp__year__year=skp.year.year)
        .exclude(skp__status=choices.SkpStatus.SUPERSEDED)
        .order_by("skp_id", "kind", "order", "id")
    )


@router.put("/skp/{skp_id}/expectations", response=SkpDetailOut, summary="Ekspektasi pimpinan")
def skp_expectations(request: HttpRequest, payload: ExpectationsIn, skp_id: int = _path_id("SKP")):
    """Pejabat penilai menuliskan ekspektasi khusus per nilai BerAKHLAK (sebelum disetujui)."""
    user = _user(request)
    skp = get_skp_for_user(user, skp_id)
    with _acting():
        services.skp_set_expectations(skp=skp, expectations=payload.expectations, actor=user)
    return _detail_out(user, skp.pk)


def _workflow(request: HttpRequest, skp_id: int, action: str, note: str = "") -> Skp:
    user = _user(request)
    skp = get_skp_for_user(user, skp_id)
    with _acting():
        if action == "submit":
            services.skp_submit(skp=skp, actor=user)
        elif action == "approve":
            services.skp_approve(skp=skp, actor=user, note=note)
        else:
            services.skp_return(skp=skp, actor=user, note=note)
    return _detail_out(user, skp.pk)


@router.post("/skp/{skp_id}/submit", response=SkpDetailOut, summary="Ajukan SKP")
def skp_submit(request: HttpRequest, skp_id: int = _path_id("SKP")):
    """Pemilik mengajukan SKP kepada pejabat penilai. Perlu paling sedikit satu hasil kerja
    Utama dan setiap RHK memiliki indikator."""
    return _workflow(request, skp_id, "submit")


@router.post("/skp/{skp_id}/approve", response=SkpDetailOut, summary="Setujui SKP")
def skp_approve(request: HttpRequest, payload: NoteIn, skp_id: int = _path_id("SKP")):
    """Pejabat penilai menyetujui SKP yang diajukan (catatan opsional)."""
    return _workflow(request, skp_id, "approve", payload.note)


@router.post("/skp/{skp_id}/return", response=SkpDetailOut, summary="Kembalikan SKP")
def skp_return(request: HttpRequest, payload: NoteIn, skp_id: int = _path_id("SKP")):
    """Pejabat penilai mengembalikan SKP yang diajukan, dengan catatan perbaikan (wajib)."""
    return _workflow(request, skp_id, "return", payload.note)


@router.post("/skp/{skp_id}/revise", response={201: SkpDetailOut}, summary="Buka revisi SKP")
def skp_revise(request: HttpRequest, skp_id: int = _path_id("SKP")):
    """Membuka revisi (versi baru berstatus draf) dari SKP yang sudah disetujui; versi yang
    disetujui tetap berlaku sampai revisinya disetujui."""
    user = _user(request)
    skp = get_skp_for_user(user, skp_id)
    with _acting():
        new = services.skp_revise(skp=skp, actor=user)
    return Status(201, _detail_out(user, new.pk))


# ---------------------------------------------------------------- results (RHK)


# Registered before "/rhk/{rhk_id}" so that "hand-down" is not taken for an id.
@router.post("/rhk/hand-down", response=HandDownOut, summary="Turunkan RHK ke bawahan")
def rhk_hand_down(request: HttpRequest, payload: HandDownIn):
    """Atasan menurunkan RHK-nya ke bawahan langsung yang dipilih: masing-masing mendapat RHK
    yang menautkan ke RHK atasan di SKP drafnya (dibuat bila belum ada)."""
    user = _user(request)
    rhk_ids, pegawai_ids = set(payload.rhk_ids), set(payload.pegawai_ids)
    rhks = list(
        Rhk.objects.select_related("skp", "skp__year")
        .filter(pk__in=rhk_ids, skp__in=Skp.objects.visible_to(user))
        .order_by("kind", "order", "id")
    )
    subs = list(Pegawai.objects.visible_to(user).filter(pk__in=pegawai_ids).order_by("name"))
    if len(rhks) != len(rhk_ids) or len(subs) != len(pegawai_ids):
        raise Http404
    with _acting():
        result = services.rhk_hand_down(rhks=rhks, subordinates=subs, actor=user)
    by_skp = {s.pk: s.pegawai for s in Skp.objects.filter(
        pk__in={r.skp_id for r in result.created}).select_related("pegawai")}  # fmt: skip
    return {
        "created": [
            {"id": r.pk, "skp_id": r.skp_id, "parent_id": r.parent_id,
             "pegawai": by_skp[r.skp_id], "text": r.text}
            for r in result.created
        ],
        "skipped": [{"pegawai": p, "reason": str(reason)} for p, reason in result.skipped],
    }  # fmt: skip


@router.post("/skp/{skp_id}/rhk", response={201: RhkOut}, summary="Tambah RHK")
def rhk_create(request: HttpRequest, payload: RhkIn, skp_id: int = _path_id("SKP")):
    user = _user(request)
    skp = get_skp_for_user(user, skp_id)
    data = payload.dict()
    _check_links(user, data)
    with _acting():
        rhk = services.rhk_save(rhk=Rhk(skp=skp, **data), actor=user)
    return Status(201, _rhk_out(rhk.pk))


@router.patch("/rhk/{rhk_id}", response=RhkOut, summary="Ubah RHK")
def rhk_update(request: HttpRequest, payload: RhkPatchIn, rhk_id: int = _path_id("RHK")):
    user = _user(request)
    rhk = _get_rhk(user, rhk_id)
    data = payload.dict(exclude_unset=True)
    _check_links(user, data)
    for name, value in data.items():
        setattr(rhk, name, value)
    with _acting():
        services.rhk_save(rhk=rhk, actor=user)
    return _rhk_out(rhk.pk)


@router.delete("/rhk/{rhk_id}", response={204: None}, summary="Hapus RHK")
def rhk_delete(request: HttpRequest, rhk_id: int = _path_id("RHK")):
    user = _user(request)
    rhk = _get_rhk(user, rhk_id)
    with _acting():
        services.rhk_delete(rhk=rhk, actor=user)
    return Status(204, None)


@router.post("/rhk/{rhk_id}/link", response=RhkOut, summary="Tautkan RHK sementara")
def rhk_link(request: HttpRequest, payload: LinkIn, rhk_id: int = _path_id("RHK")):
    """Menautkan RHK sementara ke RHK pejabat penilai setelah RHK itu tersedia (oleh pemilik
    atau pejabat penilai)."""
    user = _user(request)
    rhk = _get_rhk(user, rhk_id)
    _check_links(user, {"parent_id": payload.parent_id})
    with _acting():
        services.rhk_link(rhk=rhk, parent=Rhk.objects.get(pk=payload.parent_id), actor=user)
    return _rhk_out(rhk.pk)


# ---------------------------------------------------------------- indicators


@router.post("/rhk/{rhk_id}/indicators", response={201: IndicatorOut}, summary="Tambah indikator")
def indicator_create(request: HttpRequest, payload: IndicatorIn, rhk_id: int = _path_id("RHK")):
    user = _user(request)
    rhk = _get_rhk(user, rhk_id)
    with _acting():
        indicator = services.indicator_save(
            indicator=Indicator(rhk=rhk, **payload.dict()), actor=user
        )
    return Status(201, Indicator.objects.get(pk=indicator.pk))


@router.patch("/indicators/{indicator_id}", response=IndicatorOut, summary="Ubah indikator")
def indicator_update(
    request: HttpRequest, payload: IndicatorPatchIn, indicator_id: int = _path_id("indikator")
):
    user = _user(request)
    indicator = _get_indicator(user, indicator_id)
    data = payload.dict(exclude_unset=True)
    for name, value in data.items():
        setattr(indicator, name, value)
    with _acting():
        services.indicator_save(indicator=indicator, actor=user)
    return Indicator.objects.get(pk=indicator.pk)


@router.delete("/indicators/{indicator_id}", response={204: None}, summary="Hapus indikator")
def indicator_delete(request: HttpRequest, indicator_id: int = _path_id("indikator")):
    user = _user(request)
    indicator = _get_indicator(user, indicator_id)
    with _acting():
        services.indicator_delete(indicator=indicator, actor=user)
    return Status(204, None)
