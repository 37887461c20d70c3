"""Organisation read endpoints: agencies, units, positions and employees.

Every endpoint starts from `Model.objects.visible_to(user)` (or a selector built on it), so the
API shows exactly what the pages show; a forbidden object answers 404 like a missing one.
Lists are paginated page-number style in one envelope: {count, page, page_size, results}."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from pydantic import create_model

from . import choices
from .models import Instansi, Jabatan, Pegawai, Penugasan, UnitKerja
from .permissions import (
    get_instansi_for_user,
    get_jabatan_for_user,
    get_pegawai_for_user,
    get_unit_for_user,
)
from .selectors import (
    PegawaiFilter,
    instansi_list_for_user,
    jabatan_list_for_user,
    pegawai_list_for_user,
)

router = Router(tags=["organisasi"])

# The largest id a database integer column holds: a bigger number is a 422, never an overflow.
MAX_ID = 2**63 - 1
PAGE_SIZE_DEFAULT = 50
PAGE_SIZE_MAX = 500
PAGE_MAX = 1_000_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _path_id(what: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=f"ID {what}.")


# ---------------------------------------------------------------- pagination


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=PAGE_MAX, description="Nomor halaman, mulai dari 1.")
    page_size: int = Field(
        PAGE_SIZE_DEFAULT,
        ge=1,
        le=PAGE_SIZE_MAX,
        description=f"Jumlah baris per halaman (bawaan {PAGE_SIZE_DEFAULT}, maksimum {PAGE_SIZE_MAX}).",
    )


def page_of(item: type[Schema]) -> type[Schema]:
    """The page envelope for one item schema, named e.g. `InstansiOutPage` in the OpenAPI."""
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        __doc__=f"Satu halaman {item.__name__}.",
        count=(int, Field(..., description="Jumlah seluruh baris yang cocok (semua halaman).")),
        page=(int, Field(..., description="Nomor halaman ini.")),
        page_size=(int, Field(..., description="Jumlah baris per halaman.")),
        results=(list[item], Field(..., description="Baris pada halaman ini.")),
    )


def paginate(qs: QuerySet, params: PageQuery, *, ids_first: bool = False) -> dict[str, Any]:
    """Two queries whatever the size: the count and the page. With `ids_first`, three: the
    page's ids are cut from the bare table first and only those rows are joined and annotated
    (for lists whose filter cannot follow one index, where sorting every joined row before the
    cut is what costs)."""
    offset = (params.page - 1) * params.page_size
    if ids_first:
        ids = list(qs.values_list("pk", flat=True)[offset : offset + params.page_size])
        by_id = {obj.pk: obj for obj in qs.order_by().filter(pk__in=ids)} if ids else {}
        results = [by_id[i] for i in ids if i in by_id]
    else:
        results = list(qs[offset : offset + params.page_size])
    return {"count": qs.count(), "page": params.page, "page_size": params.page_size,
            "results": results}  # fmt: skip


# ---------------------------------------------------------------- output schemas


class InstansiRef(Schema):
    """Ringkasan instansi."""

    id: int = Field(..., description="ID instansi.")
    code: str = Field(..., description="Kode instansi.")
    name: str = Field(..., description="Nama instansi.")


class UnitRef(Schema):
    """Ringkasan unit kerja."""

    id: int = Field(..., description="ID unit kerja.")
    code: str = Field(..., description="Kode unit kerja.")
    name: str = Field(..., description="Nama unit kerja.")


class JabatanRef(Schema):
    """Ringkasan jabatan."""

    id: int = Field(..., description="ID jabatan.")
    code: str = Field(..., description="Kode jabatan.")
    name: str = Field(..., description="Nama jabatan.")
    kind: str = Field(..., description="Jenis jabatan: JPT, JA atau JF.")
    level: str = Field(..., description="Kode jenjang jabatan, mis. `pelaksana`, `ahli_muda`.")
    level_label: str = Field(..., description="Nama jenjang jabatan.")
    is_head: bool = Field(..., description="Jabatan ini memimpin unit kerjanya.")

    @staticmethod
    def resolve_level_label(obj: Jabatan) -> str:
        return str(obj.get_level_display())


class PegawaiRef(Schema):
    """Ringkasan pegawai."""

    id: int = Field(..., description="ID pegawai.")
    nip: str = Field(..., description="NIP (18 digit).")
    name: str = Field(..., description="Nama tanpa gelar.")
    full_name: str = Field(..., description="Nama lengkap dengan gelar.")


class InstansiOut(Schema):
    """Instansi (perangkat daerah)."""

    id: int = Field(..., description="ID instansi.")
    code: str = Field(..., description="Kode instansi.")
    name: str = Field(..., description="Nama instansi.")
    short_name: str = Field(..., description="Singkatan, mis. `Disdik`.")
    kind: str = Field(
        ..., description="Jenis instansi: " + ", ".join(choices.InstansiKind.values) + "."
    )
    kind_label: str = Field(..., description="Nama jenis instansi.")
    is_bkpsdm: bool = Field(..., description="Badan kepegawaian yang mengelola sistem ini.")
    employee_count: int = Field(..., description="Jumlah pegawai aktif di instansi ini.")

    @staticmethod
    def resolve_kind_label(obj: Instansi) -> str:
        return str(obj.get_kind_display())


class UnitOut(Schema):
    """Unit kerja; unit bersarang sebagai pohon di dalam instansi."""

    id: int = Field(..., description="ID unit kerja.")
    code: str = Field(..., description="Kode unit kerja.")
    name: str = Field(..., description="Nama unit kerja.")
    instansi: InstansiRef = Field(..., description="Instansi pemilik unit.")
    parent_id: int | None = Field(..., description="ID unit induk; kosong untuk unit puncak.")
    path: str = Field(..., description="Jalur ID leluhur sampai unit ini, mis. `/1/5/9/`.")
    depth: int = Field(..., description="Kedalaman dalam pohon; 0 untuk unit puncak.")


class UnitTreeNodeOut(Schema):
    """Satu unit dalam pohon unit instansi (datar, urut menurut `path`)."""

    id: int = Field(..., description="ID unit kerja.")
    code: str = Field(..., description="Kode unit kerja.")
    name: str = Field(..., description="Nama unit kerja.")
    parent_id: int | None = Field(..., description="ID unit induk; kosong untuk unit puncak.")
    path: str = Field(..., description="Jalur ID leluhur sampai unit ini, mis. `/1/5/9/`.")
    depth: int = Field(..., description="Kedalaman dalam pohon; 0 untuk unit puncak.")
    employee_count: int = Field(..., description="Pegawai aktif langsung di unit ini.")
    total_count: int = Field(..., description="Pegawai aktif di unit ini termasuk sub-unit.")
    head: PegawaiRef | None = Field(
        ..., description="Kepala unit, bila ada dan terlihat oleh pengguna."
    )


class JabatanOut(Schema):
    """Jabatan (posisi) dengan jenis dan jenjangnya."""

    id: int = Field(..., description="ID jabatan.")
    code: str = Field(..., description="Kode jabatan.")
    name: str = Field(..., description="Nama jabatan.")
    kind: str = Field(..., description="Jenis jabatan: JPT, JA atau JF.")
    kind_label: str = Field(..., description="Nama jenis jabatan.")
    level: str = Field(..., description="Kode jenjang jabatan.")
    level_label: str = Field(..., description="Nama jenjang jabatan.")
    is_head: bool = Field(..., description="Jabatan ini memimpin unit kerjanya.")
    instansi: InstansiRef = Field(..., description="Instansi pemilik jabatan.")
    unit: UnitRef | None = Field(..., description="Unit kerja jabatan, bila ada.")
    holder_count: int = Field(..., description="Jumlah pegawai aktif yang memangku jabatan ini.")

    @staticmethod
    def resolve_kind_label(obj: Jabatan) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_level_label(obj: Jabatan) -> str:
        return str(obj.get_level_display())


class PegawaiOut(Schema):
    """Pegawai (PNS atau PPPK) dengan kedudukannya saat ini."""

    id: int = Field(..., description="ID pegawai.")
    nip: str = Field(..., description="NIP (18 digit).")
    name: str = Field(..., description="Nama tanpa gelar.")
    full_name: str = Field(..., description="Nama lengkap dengan gelar.")
    kind: str = Field(..., description="Jenis pegawai: PNS atau PPPK.")
    golongan: int | None = Field(..., description="Golongan sebagai urutan 1–17.")
    golongan_label: str = Field(
        ..., description="Golongan dan pangkat, mis. `III/a Penata Muda` (PNS) atau `IX` (PPPK)."
    )
    is_active: bool = Field(..., description="Pegawai aktif.")
    instansi: InstansiRef = Field(..., description="Instansi pegawai.")
    unit: UnitRef | None = Field(..., description="Unit kerja saat ini.")
    jabatan: JabatanRef | None = Field(..., description="Jabatan saat ini.")
    atasan: PegawaiRef | None = Field(..., description="Atasan langsung (pejabat penilai).")

    @staticmethod
    def resolve_golongan_label(obj: Pegawai) -> str:
        return obj.golongan_display


class AtasanOut(PegawaiRef):
    """Ringkasan atasan langsung dengan jabatannya."""

    jabatan: JabatanRef | None = Field(..., description="Jabatan atasan.")


class PenugasanOut(Schema):
    """Satu baris riwayat penugasan (definitif, Plt atau Plh)."""

    id: int = Field(..., description="ID riwayat penugasan.")
    kind: str = Field(..., description="Jenis penugasan: definitif, plt atau plh.")
    kind_label: str = Field(..., description="Nama jenis penugasan.")
    start_date: datetime.date = Field(..., description="Tanggal mulai.")
    end_date: datetime.date | None = Field(
        ..., description="Tanggal selesai; kosong bila masih berjalan."
    )
    instansi: InstansiRef = Field(..., description="Instansi penugasan.")
    unit: UnitRef | None = Field(..., description="Unit kerja penugasan.")
    jabatan: JabatanRef | None = Field(..., description="Jabatan penugasan.")
    atasan: PegawaiRef | None = Field(..., description="Atasan langsung selama penugasan.")
    note: str = Field(..., description="Keterangan, mis. nomor SK.")

    @staticmethod
    def resolve_kind_label(obj: Penugasan) -> str:
        return str(obj.get_kind_display())


class PegawaiDetailOut(PegawaiOut):
    """Pegawai dengan data pribadi dasar, atasan langsung dan riwayat penugasan."""

    sex: str = Field(..., description="Jenis kelamin: L atau P.")
    birth_date: datetime.date = Field(..., description="Tanggal lahir.")
    tmt: datetime.date = Field(..., description="TMT CPNS/PPPK.")
    atasan: AtasanOut | None = Field(..., description="Atasan langsung (pejabat penilai).")  # type: ignore[assignment]
    history: list[PenugasanOut] = Field(..., description="Riwayat penugasan, terbaru dahulu.")


# ---------------------------------------------------------------- filters


# Filters are typed without `| None`: an absent filter is simply not sent, so the OpenAPI does not
# advertise a `null` value that a query string cannot carry.
class UnitQuery(Schema):
    instansi_id: Id = Field(None, description="Hanya unit dari instansi ini.")
    parent_id: Id = Field(None, description="Hanya sub-unit langsung dari unit ini.")


class JabatanQuery(Schema):
    instansi_id: Id = Field(None, description="Hanya jabatan dari instansi ini.")
    unit_id: Id = Field(None, description="Hanya jabatan di unit kerja ini.")
    kind: Literal["JPT", "JA", "JF"] = Field(None, description="Jenis jabatan.")
    level: Literal[tuple(choices.JabatanLevel.values)] = Field(  # type: ignore[valid-type]
        None, description="Jenjang jabatan."
    )


class PegawaiQuery(Schema):
    q: str = Field(
        None,
        max_length=100,
        description="Cari: bagian nama, atau awalan NIP bila hanya berisi angka.",
    )
    instansi_id: Id = Field(None, description="Hanya pegawai dari instansi ini.")
    unit_id: Id = Field(None, description="Hanya pegawai di unit ini, termasuk sub-unitnya.")
    kind: Literal["PNS", "PPPK"] = Field(None, description="Jenis pegawai.")
    jabatan_kind: Literal["JPT", "JA", "JF"] = Field(None, description="Jenis jabatan.")
    golongan: int = Field(None, ge=1, le=17, description="Golongan (urutan 1–17).")
    active: Literal["true", "false", "all"] = Field(
        "true",
        description="`true` hanya pegawai aktif (bawaan), `false` hanya nonaktif, `all` semua.",
    )
    atasan_id: Id = Field(None, description="Hanya bawahan langsung dari pegawai ini.")

    def to_filter(self) -> PegawaiFilter:
        # NUL and other control characters cannot be stored or searched (PostgreSQL rejects them).
        q = "".join(ch for ch in (self.q or "") if ch.isprintable()).strip()
        return PegawaiFilter(
            q=q,
            instansi=self.instansi_id,
            unit=self.unit_id,
            kind=self.kind or "",
            jabatan_kind=self.jabatan_kind or "",
            golongan=self.golongan,
            active={"true": "1", "false": "0", "all": ""}[self.active],
        )


# ---------------------------------------------------------------- querysets


def _pegawai_qs(user: Any) -> QuerySet[Pegawai]:
    return Pegawai.objects.visible_to(user).select_related("instansi", "unit", "jabatan", "atasan")


def _unit_qs(user: Any) -> QuerySet[UnitKerja]:
    return (
        UnitKerja.objects.visible_to(user)
        .select_related("instansi")
        .order_by("instansi__name", "path")
    )


# ---------------------------------------------------------------- agencies


@router.get("/instansi", response=page_of(InstansiOut), summary="Daftar instansi")
def instansi_list(request: HttpRequest, page: Query[PageQuery]):
    """Instansi yang terlihat oleh pengguna, urut nama."""
    return paginate(instansi_list_for_user(request.auth), page)


@router.get("/instansi/{instansi_id}", response=InstansiOut, summary="Detail instansi")
def instansi_detail(request: HttpRequest, instansi_id: int = _path_id("instansi")):
    instansi = get_instansi_for_user(request.auth, instansi_id)
    return instansi_list_for_user(request.auth).get(pk=instansi.pk)


@router.get(
    "/instansi/{instansi_id}/units", response=list[UnitTreeNodeOut], summary="Pohon unit instansi"
)
def instansi_units(request: HttpRequest, instansi_id: int = _path_id("instansi")):
    """Seluruh unit kerja instansi sebagai daftar datar urut `path` (induk sebelum anak), dengan
    jumlah pegawai dan kepala unit. Tidak dipaginasi."""
    user = request.auth
    instansi = get_instansi_for_user(user, instansi_id)
    units = list(
        UnitKerja.objects.visible_to(user)
        .filter(instansi=instansi)
        .annotate(employee_count=Count("employees", filter=Q(employees__is_active=True)))
        .order_by("path")
    )
    # Heads are people: only those the user may see are named.
    heads: dict[int, Pegawai] = {}
    for p in (
        Pegawai.objects.visible_to(user)
        .filter(instansi=instansi, is_active=True, jabatan__is_head=True, unit__isnull=False)
        .order_by("name", "nip")
    ):
        heads.setdefault(p.unit_id, p)
    rows = []
    for unit in units:
        total = sum(u.employee_count for u in units if u.path.startswith(unit.path))
        rows.append(
            {
                "id": unit.pk, "code": unit.code, "name": unit.name, "parent_id": unit.parent_id,
                "path": unit.path, "depth": unit.depth, "employee_count": unit.employee_count,
                "total_count": total, "head": heads.get(unit.pk),
            }
        )  # fmt: skip
    return rows


# ---------------------------------------------------------------- units


@router.get("/units", response=page_of(UnitOut), summary="Daftar unit kerja")
def unit_list(request: HttpRequest, filters: Query[UnitQuery], page: Query[PageQuery]):
    """Unit kerja yang terlihat oleh pengguna, urut instansi lalu pohon."""
    qs = _unit_qs(request.auth)
    if filters.instansi_id:
        qs = qs.filter(instansi_id=filters.instansi_id)
    if filters.parent_id:
        qs = qs.filter(parent_id=filters.parent_id)
    return paginate(qs, page)


@router.get("/units/{unit_id}", response=UnitOut, summary="Detail unit kerja")
def unit_detail(request: HttpRequest, unit_id: int = _path_id("unit kerja")):
    return get_unit_for_user(request.auth, unit_id)


# ---------------------------------------------------------------- positions


@router.get("/jabatan", response=page_of(JabatanOut), summary="Daftar jabatan")
def jabatan_list(request: HttpRequest, filters: Query[JabatanQuery], page: Query[PageQuery]):
    """Jabatan yang terlihat oleh pengguna, urut instansi lalu nama."""
    qs = jabatan_list_for_user(request.auth, filters.instansi_id)
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.level:
        qs = qs.filter(level=filters.level)
    return paginate(qs.order_by("instansi__name", "name", "pk"), page)


@router.get("/jabatan/{jabatan_id}", response=JabatanOut, summary="Detail jabatan")
def jabatan_detail(request: HttpRequest, jabatan_id: int = _path_id("jabatan")):
    jabatan = get_jabatan_for_user(request.auth, jabatan_id)
    return jabatan_list_for_user(request.auth).get(pk=jabatan.pk)


# ---------------------------------------------------------------- employees


@router.get("/pegawai", response=page_of(PegawaiOut), summary="Daftar pegawai")
def pegawai_list(request: HttpRequest, filters: Query[PegawaiQuery], page: Query[PageQuery]):
    """Pegawai yang terlihat oleh pengguna, urut nama lalu NIP."""
    qs = pegawai_list_for_user(request.auth, filters.to_filter())
    if filters.atasan_id:
        qs = qs.filter(atasan_id=filters.atasan_id)
    return paginate(qs, page)


@router.get("/pegawai/{pegawai_id}", response=PegawaiDetailOut, summary="Detail pegawai")
def pegawai_detail(request: HttpRequest, pegawai_id: int = _path_id("pegawai")):
    """Kedudukan saat ini, atasan langsung, golongan dan riwayat penugasan."""
    get_pegawai_for_user(request.auth, pegawai_id)  # 404 unless visible
    pegawai = Pegawai.objects.select_related(
        "instansi", "unit", "jabatan", "atasan", "atasan__jabatan"
    ).get(pk=pegawai_id)
    pegawai.history = list(
        Penugasan.objects.filter(pegawai=pegawai).select_related(
            "instansi", "unit", "jabatan", "atasan"
        )
    )
    return pegawai


@router.get(
    "/pegawai/{pegawai_id}/bawahan", response=page_of(PegawaiOut), summary="Bawahan langsung"
)
def pegawai_bawahan(
    request: HttpRequest,
    page: Query[PageQuery],
    pegawai_id: int = _path_id("pegawai"),
):
    """Bawahan langsung pegawai ini (aktif) yang terlihat oleh pengguna."""
    pegawai = get_pegawai_for_user(request.auth, pegawai_id)
    qs = _pegawai_qs(request.auth).filter(atasan=pegawai, is_active=True).order_by("name", "nip")
    return paginate(qs, page)
