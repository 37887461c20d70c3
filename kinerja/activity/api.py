"""Daily work endpoints (pelaksanaan): daily entries with evidence, their submission and the
superior's verification, corrections, and realisation per indicator.

Reads start from `visible_to(user)`, exactly like the pages, so what one may not see answers 404
like what does not exist. Writes call the same services as the pages: a refusal of someone who may
see the object but may not act on it (PermissionDenied) answers 403, a broken rule
(ValidationError) 422 with the service's message, keyed by this API's field names (`rhk_id`,
`indicator_id`, ...). A bulk create is all or nothing: any bad row answers 422 listing the errors
of every row as `{"row", "field", "message"}`, and nothing is written."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, Literal

import pydantic
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import field_validator
from pydantic_core import PydanticUseDefault

from kinerja.core.fastsql import JoinedSelect, Part
from kinerja.organisation.api import MAX_ID, Id, PageQuery, PegawaiRef, page_of, paginate
from kinerja.organisation.models import Pegawai
from kinerja.organisation.permissions import access_for, get_pegawai_for_user
from kinerja.planning.models import ActionPlan, Indicator, PerformanceYear, Period, Rhk, Skp
from kinerja.planning.permissions import get_skp_for_user

from . import selectors, services
from .choices import EntryStatus, EvidenceKind
from .models import DailyEntry, Evidence, ManualRealisation
from .permissions import get_entry_for_user

router = Router(tags=["pelaksanaan"])

MAX_IDS = 500  # ids per submit or review
MAX_BULK = 500  # rows per bulk create, as the spreadsheet import

# Service error keys → the names this API uses for the same input.
API_FIELDS = {"rhk": "rhk_id", "indicator": "indicator_id", "action_plan": "action_plan_id",
              "period": "period_id"}  # fmt: skip


def _path_id(what: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=f"ID {what}.")


def _one_of(values: list[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _api_errors(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {API_FIELDS.get(k, k): v for k, v in exc.error_dict.items()}  # type: ignore[attr-defined]
    )


@contextmanager
def _acting() -> Iterator[None]:
    """Run a service: "may see but may not act" becomes 403 in the API's error shape, and a
    broken rule a 422 keyed by the API's field names."""
    try:
        yield
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("Anda tidak berwenang melakukan tindakan ini.")) from exc
    except ValidationError as exc:
        raise _api_errors(exc) from None


def _me(user: Any) -> Pegawai:
    me = access_for(user).pegawai
    if me is None:
        raise ValidationError(_("Akun Anda belum terhubung dengan data pegawai."))
    return me


def _pydantic_errors(exc: pydantic.ValidationError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in exc.errors():
        field = ".".join(str(p) for p in e.get("loc", ())) or "__all__"
        out.setdefault(field, []).append(str(e.get("msg", "")))
    return out


# ---------------------------------------------------------------- output schemas


class RhkRef(Schema):
    """Ringkasan RHK."""

    id: int = Field(..., description="ID RHK.")
    text: str = Field(..., description="Rencana hasil kerja.")


class IndicatorRef(Schema):
    """Ringkasan indikator."""

    id: int = Field(..., description="ID indikator.")
    text: str = Field(..., description="Indikator.")
    aspek: str = Field(..., description="Aspek indikator.")
    target_unit: str = Field(..., description="Satuan target.")


class EvidenceOut(Schema):
    """Bukti dukung: berkas (jenisnya dibaca dari isinya, SHA-256 disimpan) atau tautan."""

    id: int = Field(..., description="ID bukti.")
    kind: str = Field(..., description="Jenis: " + _one_of(EvidenceKind.values) + ".")
    entry_id: int | None = Field(..., description="ID laporan harian pemilik bukti.")
    realisation_id: int | None = Field(..., description="ID realisasi manual pemilik bukti.")
    url: str = Field(..., description="Tautan (jenis `link`).")
    original_name: str = Field(..., description="Nama berkas saat diunggah.")
    content_type: str = Field(..., description="Jenis isi berkas, dibaca dari isinya.")
    size: int = Field(..., description="Ukuran berkas dalam byte.")
    sha256: str = Field(..., description="SHA-256 berkas saat diunggah (heksadesimal).")
    uploaded_at: datetime.datetime = Field(..., description="Waktu unggah.")
    download_url: str | None = Field(..., description="Alamat unduh berkas, bila ada.")

    @staticmethod
    def resolve_uploaded_at(obj: Evidence) -> datetime.datetime:
        return obj.created_at

    @staticmethod
    def resolve_download_url(obj: Evidence) -> str | None:
        if obj.kind != EvidenceKind.FILE or not obj.file or not obj.entry_id:
            return None
        return reverse("activity:evidence_download", args=[obj.pk])


class EvidenceDetailOut(EvidenceOut):
    """Bukti dukung dengan hasil pemeriksaan keutuhan berkas."""

    intact: bool = Field(
        ..., description="Berkas tersimpan masih memiliki SHA-256 yang dicatat saat diunggah."
    )

    @staticmethod
    def resolve_intact(obj: Evidence) -> bool:
        return services.evidence_intact(obj)


class EntryOut(Schema):
    """Laporan harian: apa yang dikerjakan, kapan, untuk RHK dan indikator mana, statusnya."""

    id: int = Field(..., description="ID laporan.")
    pegawai: PegawaiRef = Field(..., description="Pegawai pemilik laporan.")
    skp_id: int = Field(..., description="ID SKP.")
    rhk: RhkRef = Field(..., description="RHK.")
    indicator: IndicatorRef | None = Field(..., description="Indikator, bila ada.")
    action_plan_id: int | None = Field(..., description="ID rencana aksi, bila ada.")
    period_id: int = Field(..., description="ID periode penilaian tanggal laporan.")
    date: datetime.date = Field(..., description="Tanggal kegiatan.")
    start_time: datetime.time = Field(..., description="Jam mulai.")
    end_time: datetime.time = Field(..., description="Jam selesai.")
    activity: str = Field(..., description="Uraian kegiatan.")
    quantity: Decimal | None = Field(..., description="Kuantitas yang dihasilkan.")
    unit: str = Field(..., description="Satuan kuantitas.")
    status: str = Field(..., description="Status: " + _one_of(EntryStatus.values) + ".")
    status_label: str = Field(..., description="Nama status.")
    is_editable: bool = Field(..., description="Masih dapat diubah pemiliknya (draf/ditolak).")
    rater_id: int | None = Field(..., description="ID pegawai verifikator (saat diajukan).")
    submitted_at: datetime.datetime | None = Field(..., description="Waktu diajukan.")
    verified_by: str | None = Field(..., description="Nama akun yang memverifikasi/menolak.")
    verified_at: datetime.datetime | None = Field(..., description="Waktu verifikasi/penolakan.")
    review_comment: str = Field(..., description="Catatan atasan (alasan penolakan).")
    version: int = Field(..., description="Versi; koreksi menambah satu.")
    previous_id: int | None = Field(..., description="ID laporan yang dikoreksi versi ini.")
    evidence_count: int = Field(..., description="Jumlah bukti dukung.")

    @staticmethod
    def resolve_status_label(obj: DailyEntry) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_verified_by(obj: DailyEntry) -> str | None:
        user = obj.verified_by
        return (user.get_full_name() or user.get_username()) if user is not None else None

    @staticmethod
    def resolve_evidence_count(obj: DailyEntry) -> int:
        return getattr(obj, "n_evidence", 0)


class EntryDetailOut(EntryOut):
    """Laporan harian dengan bukti dukungnya dan koreksinya, bila ada."""

    evidence: list[EvidenceOut] = Field(..., description="Bukti dukung, terlama dahulu.")
    correction_id: int | None = Field(
        ..., description="ID versi koreksi laporan ini, bila sudah dibuka."
    )

    @staticmethod
    def resolve_evidence(obj: DailyEntry) -> list[Evidence]:
        return obj.loaded_evidence  # type: ignore[attr-defined]

    @staticmethod
    def resolve_correction_id(obj: DailyEntry) -> int | None:
        return obj.loaded_correction_id  # type: ignore[attr-defined]


class CountOut(Schema):
    """Hasil tindakan atas beberapa laporan."""

    count: int = Field(..., description="Jumlah laporan yang diproses.")
    status: str = Field(..., description="Status laporan sesudahnya.")
    ids: list[int] = Field(..., description="ID laporan yang diproses.")


class BulkOut(Schema):
    """Hasil pembuatan laporan sekaligus."""

    count: int = Field(..., description="Jumlah laporan yang dibuat.")
    submitted: int = Field(..., description="Jumlah yang langsung diajukan.")
    results: list[EntryOut] = Field(..., description="Laporan yang dibuat, urut baris.")


class RowErrorOut(Schema):
    """Satu kesalahan pada satu baris."""

    row: int | None = Field(..., description="Nomor baris (mulai 1); kosong bila menyangkut semua.")
    field: str = Field(..., description="Nama isian, mis. `date`, `end_time`; kosong bila umum.")
    message: str = Field(..., description="Pesan yang dapat ditindaklanjuti.")


class BulkErrorBody(Schema):
    code: str = Field(..., description="`invalid`.")
    message: str = Field(..., description="Ringkasan.")
    details: list[RowErrorOut] = Field(..., description="Setiap kesalahan, urut baris.")


class BulkErrorOut(Schema):
    """Bentuk galat yang sama dengan rincian per baris."""

    error: BulkErrorBody


class PeriodRef(Schema):
    """Periode penilaian."""

    id: int = Field(..., description="ID periode.")
    number: int = Field(..., description="Nomor urut periode dalam tahun.")
    name: str = Field(..., description="Nama periode.")
    start_date: datetime.date = Field(..., description="Tanggal mulai.")
    end_date: datetime.date = Field(..., description="Tanggal selesai.")
    is_closed: bool = Field(..., description="Periode sudah ditutup.")


class PeriodValueOut(Schema):
    period_id: int = Field(..., description="ID periode.")
    value: Decimal | None = Field(..., description="Realisasi pada periode itu; kosong bila belum.")


class IndicatorProgressOut(Schema):
    """Realisasi satu indikator: per periode, sampai sekarang, capaian dan rencana pro rata."""

    indicator: IndicatorRef = Field(..., description="Indikator.")
    rhk_id: int = Field(..., description="ID RHK indikator.")
    target_display: str = Field(..., description="Target, mis. `12 sekolah`.")
    direction: str = Field(..., description="Arah: `higher` atau `lower`.")
    countable: bool = Field(
        ...,
        description="Dihitung dari jumlah kuantitas laporan terverifikasi; bila tidak, dari "
        "realisasi manual.",
    )
    values: list[PeriodValueOut] = Field(..., description="Realisasi per periode, urut periode.")
    realisation: Decimal | None = Field(..., description="Realisasi sampai sekarang.")
    capaian: Decimal | None = Field(..., description="Capaian (persen) terhadap target.")
    expected_now: Decimal | None = Field(..., description="Realisasi pro rata yang diharapkan.")
    behind: bool = Field(..., description="Tertinggal jauh (di bawah 90%) dari pro rata.")
    manual_note: str = Field(..., description="Keterangan realisasi manual terakhir.")

    @staticmethod
    def resolve_rhk_id(obj: selectors.IndicatorProgress) -> int:
        return obj.indicator.rhk_id

    @staticmethod
    def resolve_target_display(obj: selectors.IndicatorProgress) -> str:
        return obj.indicator.target_display

    @staticmethod
    def resolve_direction(obj: selectors.IndicatorProgress) -> str:
        return obj.indicator.direction

    @staticmethod
    def resolve_values(obj: selectors.IndicatorProgress) -> list[dict[str, Any]]:
        return [{"period_id": k, "value": v} for k, v in obj.by_period.items()]


class SkpRealisationOut(Schema):
    """Realisasi dan capaian setiap indikator SKP."""

    skp_id: int = Field(..., description="ID SKP.")
    today: datetime.date = Field(..., description="Tanggal perhitungan rencana pro rata.")
    periods: list[PeriodRef] = Field(..., description="Periode tahun kinerja, urut nomor.")
    indicators: list[IndicatorProgressOut] = Field(..., description="Indikator, urut RHK.")


class ManualRealisationOut(Schema):
    """Realisasi manual satu indikator pada satu periode, dengan buktinya."""

    id: int = Field(..., description="ID realisasi manual.")
    indicator_id: int = Field(..., description="ID indikator.")
    period_id: int = Field(..., description="ID periode.")
    value: Decimal = Field(..., description="Nilai realisasi.")
    note: str = Field(..., description="Keterangan.")
    evidence: list[EvidenceOut] = Field(..., description="Bukti dukung.")
    progress: IndicatorProgressOut = Field(..., description="Realisasi indikator sesudahnya.")

    @staticmethod
    def resolve_evidence(obj: ManualRealisation) -> list[Evidence]:
        return list(obj.evidence.order_by("created_at", "id"))


# ---------------------------------------------------------------- input schemas


class QueryParams(Schema):
    """Query parameters where an empty value (`?status=`) means "not given"."""

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_default(cls, value: Any) -> Any:
        if value == "":
            raise PydanticUseDefault
        return value


EntryStatusParam = Literal[tuple(EntryStatus.values)]  # type: ignore[valid-type]


class EntryQuery(QueryParams):
    pegawai_id: Id = Field(
        None, description="Laporan pegawai ini (yang boleh Anda lihat); bawaan: Anda sendiri."
    )
    date_from: datetime.date = Field(None, description="Sejak tanggal ini.")
    date_to: datetime.date = Field(None, description="Sampai tanggal ini.")
    status: EntryStatusParam = Field(
        None, description="Hanya berstatus ini; bawaan: semua kecuali `superseded`."
    )
    indicator_id: Id = Field(None, description="Hanya untuk indikator ini.")


class QueueQuery(QueryParams):
    pegawai_id: Id = Field(None, description="Hanya laporan bawahan ini.")
    indicator_id: Id = Field(None, description="Hanya untuk indikator ini.")
    date_from: datetime.date = Field(None, description="Sejak tanggal ini.")
    date_to: datetime.date = Field(None, description="Sampai tanggal ini.")


class EntryIn(Schema):
    """Laporan harian. Pilih indikator (RHK-nya diambil dari indikator) atau RHK dari SKP Anda
    yang sudah disetujui."""

    rhk_id: Id | None = Field(None, description="ID RHK; boleh kosong bila indikator diisi.")
    indicator_id: Id | None = Field(None, description="ID indikator.")
    action_plan_id: Id | None = Field(None, description="ID rencana aksi (opsional).")
    date: datetime.date = Field(..., description="Tanggal kegiatan, tidak di masa depan.")
    start_time: datetime.time = Field(..., description="Jam mulai, mis. `08:00`.")
    end_time: datetime.time = Field(..., description="Jam selesai, setelah jam mulai.")
    activity: str = Field(..., max_length=5000, description="Uraian kegiatan.")
    quantity: Decimal | None = Field(
        None, max_digits=12, decimal_places=2, description="Kuantitas, nol atau lebih."
    )
    unit: str = Field("", max_length=50, description="Satuan; kosong: satuan target indikator.")


class EntryCreateIn(EntryIn):
    submit: bool = Field(False, description="Langsung ajukan ke atasan.")


class EntryPatchIn(Schema):
    """Perubahan laporan draf atau ditolak (hanya yang dikirim yang diubah)."""

    rhk_id: Id = Field(None, description="ID RHK.")
    indicator_id: Id | None = Field(None, description="ID indikator; `null` melepasnya.")
    action_plan_id: Id | None = Field(None, description="ID rencana aksi; `null` melepasnya.")
    date: datetime.date = Field(None, description="Tanggal kegiatan.")
    start_time: datetime.time = Field(None, description="Jam mulai.")
    end_time: datetime.time = Field(None, description="Jam selesai.")
    activity: str = Field(None, max_length=5000, description="Uraian kegiatan.")
    quantity: Decimal | None = Field(
        None, max_digits=12, decimal_places=2, description="Kuantitas."
    )
    unit: str = Field(None, max_length=50, description="Satuan.")


class IdsIn(Schema):
    ids: list[Id] = Field(..., min_length=1, max_length=MAX_IDS, description="ID laporan.")


class ReviewIn(IdsIn):
    accept: bool = Field(..., description="`true` verifikasi, `false` tolak.")
    comment: str = Field(
        "", max_length=5000, description="Catatan; wajib saat menolak (alasan penolakan)."
    )


class BulkIn(Schema):
    entries: list[dict[str, Any]] = Field(
        ...,
        min_length=1,
        max_length=MAX_BULK,
        description=f"Baris laporan (paling banyak {MAX_BULK}), masing-masing berbentuk EntryIn.",
        json_schema_extra={"items": EntryIn.model_json_schema()},
    )
    submit: bool = Field(False, description="Langsung ajukan semuanya ke atasan.")


class EvidenceLinkIn(Schema):
    url: str = Field(
        ..., max_length=500, description="Tautan bukti, diawali https:// atau http://."
    )


class RealisationIn(Schema):
    value: Decimal = Field(..., max_digits=14, decimal_places=2, description="Nilai realisasi.")
    note: str = Field(..., max_length=5000, description="Keterangan realisasi.")
    url: str = Field(
        "", max_length=500, description="Tautan bukti; wajib bila belum ada bukti dan tanpa berkas."
    )


def _json_alternative(schema: type[Schema]) -> dict[str, Any]:
    return {
        "requestBody": {"content": {"application/json": {"schema": schema.model_json_schema()}}}
    }


def _body(request: HttpRequest, schema: type[Schema], form: dict[str, Any]) -> Any:
    """The input of an endpoint that takes a multipart form (with a file) or a JSON body."""
    if request.content_type == "application/json":
        try:
            form = json.loads(request.body or b"{}")
        except ValueError:
            raise ValidationError(_("Badan permintaan bukan JSON yang valid.")) from None
        if not isinstance(form, dict):
            raise ValidationError(_("Badan permintaan harus objek JSON."))
    data = {k: v for k, v in form.items() if v is not None}
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        raise ValidationError(_pydantic_errors(exc)) from None


# ---------------------------------------------------------------- loading


def _list_qs(qs: QuerySet[DailyEntry]) -> QuerySet[DailyEntry]:
    return qs.select_related("pegawai", "rhk", "indicator", "verified_by").annotate(
        n_evidence=selectors.evidence_count()
    )


def _detail(pk: int) -> DailyEntry:
    entry = _list_qs(DailyEntry.objects.all()).get(pk=pk)
    entry.loaded_evidence = list(entry.evidence.order_by("created_at", "id"))  # type: ignore[attr-defined]
    entry.loaded_correction_id = (  # type: ignore[attr-defined]
        DailyEntry.objects.filter(previous_id=pk).values_list("pk", flat=True).first()
    )
    return entry


@functools.cache
def _INDICATOR_LOOKUP() -> JoinedSelect:  # noqa: N802 - a constant built on first use
    """Indicator → RHK → SKP → year, and the year's period holding the entry's date, in one
    pre-built statement: the month-end submission runs it for every entry (kinerja/core/fastsql.py).
    Whether it is the employee's own approved SKP, and whether the period is open, is still the
    service's rule."""
    tables = {m: m._meta.db_table for m in (Indicator, Rhk, Skp, PerformanceYear, Period)}
    return JoinedSelect(
        [Part(Indicator, "i"), Part(Rhk, "r", parent=0, via="rhk"), Part(Skp, "s", parent=1, via="skp"),
         Part(PerformanceYear, "y", parent=2, via="year"), Part(Period, "p")],
        f"FROM {tables[Indicator]} i INNER JOIN {tables[Rhk]} r ON r.id = i.rhk_id "
        f"INNER JOIN {tables[Skp]} s ON s.id = r.skp_id "
        f"INNER JOIN {tables[PerformanceYear]} y ON y.id = s.year_id "
        f"LEFT OUTER JOIN {tables[Period]} p ON p.year_id = y.id AND p.start_date <= %s AND p.end_date >= %s "
        "WHERE i.id = %s",
    )  # fmt: skip


def _links(data: dict[str, Any]) -> dict[str, Any]:
    """Ids in the input → objects. An id that points nowhere is bad input (422); whether it is
    the employee's own approved SKP is the service's rule."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if data.get("indicator_id"):
        found = _INDICATOR_LOOKUP().first(
            [data.get("date"), data.get("date"), data["indicator_id"]]
        )
        indicator = found[0] if found else None
        if found and found[4] is not None:
            out["period"] = found[4]  # the period of the entry's date, when the date is known
        if indicator is None:
            errors["indicator_id"] = _("Indikator tidak ditemukan.")
        else:
            out["indicator"] = indicator
            if not data.get("rhk_id"):
                out["rhk"] = indicator.rhk
    elif "indicator_id" in data:
        out["indicator"] = None
    if data.get("rhk_id"):
        rhk = Rhk.objects.select_related("skp", "skp__year").filter(pk=data["rhk_id"]).first()
        if rhk is None:
            errors["rhk_id"] = _("RHK tidak ditemukan.")
        else:
            out["rhk"] = rhk
    if data.get("action_plan_id"):
        plan = ActionPlan.objects.filter(pk=data["action_plan_id"]).first()
        if plan is None:
            errors["action_plan_id"] = _("Rencana aksi tidak ditemukan.")
        else:
            out["action_plan"] = plan
    elif "action_plan_id" in data:
        out["action_plan"] = None
    if errors:
        raise ValidationError(errors)
    return out


ENTRY_FIELDS = ("date", "start_time", "end_time", "activity", "quantity", "unit")


def _new_entry(payload: EntryIn) -> DailyEntry:
    data = payload.dict()
    links = _links(data)
    if "rhk" not in links:
        raise ValidationError({"indicator_id": _("Pilih indikator atau RHK dari SKP Anda.")})
    entry = DailyEntry(**{f: data[f] for f in ENTRY_FIELDS if data[f] is not None}, **links)
    entry.unit = entry.unit or ""
    return entry


def _visible_entries(user: Any, ids: list[int]) -> list[DailyEntry]:
    wanted = set(ids)
    entries = list(DailyEntry.objects.visible_to(user).filter(pk__in=wanted))
    if len(entries) != len(wanted):
        raise Http404
    return entries


# ---------------------------------------------------------------- entries


@router.get("/entries", response=page_of(EntryOut), summary="Daftar laporan harian")
def entry_list(request: HttpRequest, filters: Query[EntryQuery], page: Query[PageQuery]):
    """Laporan harian Anda (bawaan), atau pegawai lain yang boleh Anda lihat (`pegawai_id`),
    terbaru dahulu."""
    user = request.auth
    pegawai = get_pegawai_for_user(user, filters.pegawai_id) if filters.pegawai_id else _me(user)
    qs = DailyEntry.objects.visible_to(user).filter(pegawai=pegawai)
    if filters.status:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.exclude(status=EntryStatus.SUPERSEDED)
    if filters.date_from:
        qs = qs.filter(date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(date__lte=filters.date_to)
    if filters.indicator_id:
        qs = qs.filter(indicator_id=filters.indicator_id)
    return paginate(_list_qs(qs).order_by("-date", "-start_time", "-id"), page)


@router.post("/entries", response={201: EntryDetailOut}, summary="Buat laporan harian")
def entry_create(request: HttpRequest, payload: EntryCreateIn):
    """Laporan baru berstatus draf; dengan `submit: true` langsung diajukan ke atasan (keduanya
    atau tidak sama sekali)."""
    user = request.auth
    with _acting():
        entry = services.entry_save(entry=_new_entry(payload), actor=user, submit=payload.submit)
    # Just created: nothing attached yet, and every related row is already in memory.
    entry.n_evidence, entry.loaded_evidence, entry.loaded_correction_id = 0, [], None  # type: ignore[attr-defined]
    return Status(201, entry)


@router.post("/entries/submit", response=CountOut, summary="Ajukan laporan")
def entry_submit_many(request: HttpRequest, payload: IdsIn):
    """Ajukan laporan draf atau ditolak milik Anda ke atasan (semuanya atau tidak sama sekali)."""
    user = request.auth
    entries = _visible_entries(user, payload.ids)
    with _acting():
        count = services.entry_submit(entries=entries, actor=user)
    return {"count": count, "status": EntryStatus.SUBMITTED, "ids": sorted(e.pk for e in entries)}


def _bulk_rows(rows: list[dict[str, Any]]) -> tuple[list[tuple[int, DailyEntry]], list[dict[str, Any]]]:  # fmt: skip
    parsed: list[tuple[int, DailyEntry]] = []
    errors: list[dict[str, Any]] = []
    for n, raw in enumerate(rows, start=1):
        try:
            payload = EntryIn.model_validate(raw)
        except pydantic.ValidationError as exc:
            errors += [{"row": n, "field": f, "message": m}
                       for f, ms in _pydantic_errors(exc).items() for m in ms]  # fmt: skip
            continue
        try:
            parsed.append((n, _new_entry(payload)))
        except ValidationError as exc:
            errors += _row_errors(n, exc)
    return parsed, errors


def _row_errors(n: int | None, exc: ValidationError) -> list[dict[str, Any]]:
    exc = _api_errors(exc)
    if hasattr(exc, "error_dict"):
        return [{"row": n, "field": "" if f == "__all__" else f, "message": m}
                for f, ms in exc.message_dict.items() for m in ms]  # fmt: skip
    return [{"row": n, "field": "", "message": m} for m in exc.messages]


class _Rollback(Exception):
    pass


@router.post(
    "/entries/bulk", response={201: BulkOut, 422: BulkErrorOut}, summary="Buat banyak laporan"
)
def entry_bulk(request: HttpRequest, payload: BulkIn):
    """Banyak laporan sekaligus, semuanya atau tidak sama sekali: bila satu baris saja salah,
    jawabannya 422 dengan setiap kesalahan setiap baris (`row`, `field`, `message`) dan tidak
    ada yang disimpan."""
    user = request.auth
    parsed, errors = _bulk_rows(payload.entries)
    created: list[DailyEntry] = []
    submitted = 0
    try:
        with _acting(), transaction.atomic():
            for n, entry in parsed:
                try:  # entry_save is atomic: a failed row rolls back to its savepoint
                    created.append(services.entry_save(entry=entry, actor=user))
                except ValidationError as exc:
                    errors += _row_errors(n, exc)
            if errors:
                raise _Rollback
            if payload.submit:
                try:
                    submitted = services.entry_submit(entries=created, actor=user)
                except ValidationError as exc:
                    errors += _row_errors(None, exc)
                    raise _Rollback from None
    except _Rollback:
        errors.sort(key=lambda e: e["row"] or 0)
        rows = sorted({e["row"] for e in errors if e["row"]})
        message = (
            _("Tidak ada yang disimpan: baris %(rows)s berisi kesalahan.")
            % {"rows": ", ".join(str(r) for r in rows)}
            if rows
            else _("Tidak ada yang disimpan: %(m)s") % {"m": errors[0]["message"]}
        )
        return Status(422, {"error": {"code": "invalid", "message": message, "details": errors}})
    by_pk = {e.pk: e for e in _list_qs(DailyEntry.objects.all())
             .filter(pk__in=[e.pk for e in created])}  # fmt: skip
    return Status(
        201,
        {"count": len(created), "submitted": submitted, "results": [by_pk[e.pk] for e in created]},
    )


@router.post("/entries/review", response=CountOut, summary="Verifikasi atau tolak laporan")
def entry_review(request: HttpRequest, payload: ReviewIn):
    """Atasan memverifikasi (`accept: true`) atau menolak dengan catatan (`accept: false`)
    laporan bawahan yang diajukan, satu atau banyak sekaligus (semuanya atau tidak sama
    sekali). Laporan pegawai yang bukan bawahan Anda ditolak dengan 422."""
    user = request.auth
    entries = _visible_entries(user, payload.ids)
    with _acting():
        count = services.entry_review(
            entries=entries, actor=user, accept=payload.accept, comment=payload.comment
        )
    status = EntryStatus.VERIFIED if payload.accept else EntryStatus.REJECTED
    return {"count": count, "status": status, "ids": sorted(e.pk for e in entries)}


@router.get("/entries/{entry_id}", response=EntryDetailOut, summary="Detail laporan harian")
def entry_detail(request: HttpRequest, entry_id: int = _path_id("laporan")):
    entry = get_entry_for_user(request.auth, entry_id)
    return _detail(entry.pk)


@router.patch("/entries/{entry_id}", response=EntryDetailOut, summary="Ubah laporan harian")
def entry_update(request: HttpRequest, payload: EntryPatchIn, entry_id: int = _path_id("laporan")):
    """Hanya pemilik, selama laporan berstatus draf atau ditolak."""
    user = request.auth
    entry = get_entry_for_user(user, entry_id)
    data = payload.dict(exclude_unset=True)
    for name in ("rhk_id", *ENTRY_FIELDS):
        if name in data and data[name] is None and name not in ("quantity",):
            raise ValidationError({name: _("Nilai ini tidak boleh kosong.")})
    with _acting():
        for name, value in _links(data).items():
            setattr(entry, name, value)
        for name in ENTRY_FIELDS:
            if name in data:
                setattr(entry, name, data[name])
        services.entry_save(entry=entry, actor=user)
    return _detail(entry.pk)


@router.delete("/entries/{entry_id}", response={204: None}, summary="Hapus laporan draf")
def entry_delete(request: HttpRequest, entry_id: int = _path_id("laporan")):
    user = request.auth
    entry = get_entry_for_user(user, entry_id)
    with _acting():
        services.entry_delete(entry=entry, actor=user)
    return Status(204, None)


@router.post(
    "/entries/{entry_id}/correct", response={201: EntryDetailOut}, summary="Buka koreksi laporan"
)
def entry_correct(request: HttpRequest, entry_id: int = _path_id("laporan")):
    """Koreksi laporan yang sudah diverifikasi: versi baru berstatus draf dengan bukti yang
    sama; versi lama berlaku sampai koreksinya diverifikasi."""
    user = request.auth
    entry = get_entry_for_user(user, entry_id)
    with _acting():
        new = services.entry_correct(entry=entry, actor=user)
    return Status(201, _detail(new.pk))


# ---------------------------------------------------------------- evidence


EVIDENCE_FILE = File(None, description="Berkas bukti (PDF, gambar, dokumen Office).")
EVIDENCE_URL = Form(None, description="Tautan bukti (tanpa berkas).")


@router.post(
    "/entries/{entry_id}/evidence",
    response={201: EvidenceOut},
    summary="Tambah bukti dukung",
    openapi_extra=_json_alternative(EvidenceLinkIn),
)
def evidence_add(
    request: HttpRequest,
    entry_id: int = _path_id("laporan"),
    file: UploadedFile = EVIDENCE_FILE,
    url: str = EVIDENCE_URL,
):
    """Unggah berkas (multipart, isian `file`) atau kirim tautan (JSON `{"url": ...}` atau isian
    `url`). Jenis berkas dibaca dari isinya, bukan dari namanya; SHA-256 dicatat."""
    user = request.auth
    entry = get_entry_for_user(user, entry_id)
    with _acting():
        if file is not None:
            ev = services.evidence_add(entry=entry, actor=user, upload=file, name=file.name or "")
        else:
            link = _body(request, EvidenceLinkIn, {"url": url})
            ev = services.evidence_add(entry=entry, actor=user, url=link.url)
    return Status(201, ev)


@router.get("/evidence/{evidence_id}", response=EvidenceDetailOut, summary="Detail bukti dukung")
def evidence_detail(request: HttpRequest, evidence_id: int = _path_id("bukti")):
    """Metadata bukti dengan SHA-256 saat diunggah dan apakah berkas tersimpan masih utuh."""
    user = request.auth
    ev = (
        Evidence.objects.select_related("realisation__indicator__rhk")
        .filter(pk=evidence_id)
        .first()
    )
    if ev is None:
        raise Http404
    if ev.entry_id:
        get_entry_for_user(user, ev.entry_id)
    elif not (
        ev.realisation is not None
        and Skp.objects.visible_to(user).filter(pk=ev.realisation.indicator.rhk.skp_id).exists()
    ):
        raise Http404
    return ev


# ---------------------------------------------------------------- verification


@router.get("/verification-queue", response=page_of(EntryOut), summary="Antrean verifikasi atasan")
def verification_queue(request: HttpRequest, filters: Query[QueueQuery], page: Query[PageQuery]):
    """Laporan diajukan yang menunggu verifikasi Anda, terlama dahulu."""
    me = _me(request.auth)
    qs = selectors.verification_queue(
        me, pegawai_id=filters.pegawai_id, indicator_id=filters.indicator_id,
        date_from=filters.date_from, date_to=filters.date_to,
    )  # fmt: skip
    return paginate(qs.select_related("verified_by"), page, ids_first=True)


# ---------------------------------------------------------------- realisation


def _progress(skp: Skp) -> list[selectors.IndicatorProgress]:
    return selectors.skp_progress(skp)


@router.get(
    "/skp/{skp_id}/realisation", response=SkpRealisationOut, summary="Realisasi dan capaian SKP"
)
def skp_realisation(request: HttpRequest, skp_id: int = _path_id("SKP")):
    """Per indikator: realisasi per periode (jumlah laporan terverifikasi, atau realisasi
    manual), realisasi sampai sekarang, capaian, rencana pro rata dan apakah tertinggal."""
    skp = get_skp_for_user(request.auth, skp_id)
    return {
        "skp_id": skp.pk,
        "today": timezone.localdate(),
        "periods": list(skp.year.periods.order_by("number")),
        "indicators": _progress(skp),
    }


REALISATION_FORM = {
    "type": "object",
    "required": ["value", "note"],
    "properties": {
        "value": {"type": "string", "description": "Nilai realisasi, nol atau lebih."},
        "note": {"type": "string", "description": "Keterangan realisasi."},
        "url": {"type": "string", "description": "Tautan bukti."},
        "file": {"type": "string", "format": "binary", "description": "Berkas bukti."},
    },
}


def _put_form(request: HttpRequest) -> tuple[dict[str, Any], Any]:
    """The form fields and file of a multipart PUT: Django parses multipart bodies for POST
    only, so the body is parsed here as a POST would be."""
    if request.content_type == "application/json":
        return {}, None
    method = request.method
    request.method = "POST"
    try:
        request._load_post_and_files()  # type: ignore[attr-defined]
    finally:
        request.method = method
    form = {k: request.POST.get(k) for k in ("value", "note", "url")}
    return form, request.FILES.get("file")


@router.put(
    "/indicators/{indicator_id}/realisation/{period_id}",
    response=ManualRealisationOut,
    summary="Realisasi manual",
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": RealisationIn.model_json_schema()},
        "multipart/form-data": {"schema": REALISATION_FORM},
    }}},
)  # fmt: skip
def manual_realisation(
    request: HttpRequest,
    indicator_id: int = _path_id("indikator"),
    period_id: int = _path_id("periode"),
):
    """Realisasi yang diketik untuk indikator yang tidak dihitung dari laporan (kualitas, waktu,
    biaya), pada satu periode. Perlu keterangan dan bukti (berkas atau tautan) kecuali bukti
    sudah ada. JSON `{"value", "note", "url"}` atau multipart dengan isian `file`."""
    user = request.auth
    try:
        indicator = Indicator.objects.select_related("rhk", "rhk__skp", "rhk__skp__year").get(
            pk=indicator_id, rhk__skp__in=Skp.objects.visible_to(user)
        )
    except Indicator.DoesNotExist:
        raise Http404 from None
    period = Period.objects.filter(pk=period_id).first()
    if period is None:
        raise Http404
    form, file = _put_form(request)
    data = _body(request, RealisationIn, form)
    with _acting():
        row = services.manual_realisation_set(
            indicator=indicator, period=period, value=data.value, note=data.note, actor=user,
            upload=file, name=(file.name or "") if file is not None else "", url=data.url,
        )  # fmt: skip
    skp = indicator.rhk.skp
    row.progress = next(p for p in _progress(skp) if p.indicator.pk == indicator.pk)  # type: ignore[attr-defined]
    return row
