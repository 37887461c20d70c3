"""Import of an agency's organisation targets (Perjanjian Kinerja / IKU) for one year from CSV or
XLSX.

All or nothing: every row is checked first (missing cells, numbers, unit codes, codes repeated in
the file), then every row is saved through `services.org_target_save` inside one transaction; if
any row fails, in the check or in the service, nothing is kept and every problem is reported with
its spreadsheet row number (the header is row 1). Re-importing updates targets by their code.
Targets are few (tens), so one service call per row is fine."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from kinerja.organisation.importers import (
    INSTRUCTIONS_SHEET,
    XLSX_CONTENT_TYPE,
    Column,
    ImportFileError,
    RowError,
    read_sheet,
)
from kinerja.organisation.models import UnitKerja

from . import services
from .models import OrgTarget, PerformanceYear

TARGET_COLUMNS = [
    Column("kode", True, gettext_noop("Kode target (mis. IKU-1); kunci saat impor ulang: kode yang sudah ada diperbarui."), "IKU-1", 30),
    Column("sasaran", True, gettext_noop("Sasaran strategis."), "Meningkatnya akses pendidikan dasar", 500),
    Column("indikator", True, gettext_noop("Indikator kinerja utama."), "Angka Partisipasi Murni SD", 500),
    Column("target", False, gettext_noop("Target berupa angka positif (koma atau titik sebagai pemisah desimal). Isi target atau target_naratif."), "98,5"),
    Column("satuan", False, gettext_noop("Satuan target angka, mis. persen, dokumen, sekolah."), "persen", 50),
    Column("target_naratif", False, gettext_noop("Target berupa uraian, bila tidak berupa angka."), "", 300),
    Column("kode_unit", False, gettext_noop("Kode unit kerja pemilik target, dari instansi yang sama. Kosongkan untuk target instansi."), "DISDIK-01", 40),
]  # fmt: skip
REQUIRED = [c.name for c in TARGET_COLUMNS if c.required]
# The model field each column fills, to put a service's field error on the right column.
FIELD_COLUMNS = {
    "code": "kode",
    "goal": "sasaran",
    "indicator": "indikator",
    "target_value": "target",
    "target_unit": "satuan",
    "target_text": "target_naratif",
    "unit": "kode_unit",
}


@dataclass
class TargetImportResult:
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if self.errors:
            return ngettext(
                "Impor dibatalkan: %(n)d kesalahan ditemukan; tidak ada data yang disimpan.",
                "Impor dibatalkan: %(n)d kesalahan ditemukan; tidak ada data yang disimpan.",
                len(self.errors),
            ) % {"n": len(self.errors)}
        return _("Impor target selesai: %(c)d baru, %(u)d diubah, %(s)d tidak berubah.") % {
            "c": self.created,
            "u": self.updated,
            "s": self.unchanged,
        }


_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def parse_number(text: str) -> Decimal:
    """'98,5', '98.5', '1.234,5', '1,234.5', '12 %' → Decimal; ValueError otherwise. With both
    separators the last one is the decimal mark; a lone comma is a decimal comma."""
    value = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if "," in value and "." in value:
        if value.rfind(",") > value.rfind("."):
            value = value.replace(".", "").replace(",", ".")
        else:
            value = value.replace(",", "")
    if not _NUMBER.match(value):
        raise ValueError(text)
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None


def import_targets(
    *, year: PerformanceYear, filename: str, data: bytes, actor: Any
) -> TargetImportResult:
    """Import targets into `year`; see the module docstring. The caller has checked that the
    actor administers the year's agency (the service checks again)."""
    result = TargetImportResult()
    if year.is_closed:
        result.errors.append(RowError(None, "", _("Tahun kinerja %(y)s sudah ditutup; target tidak dapat diubah.") % {"y": year.year}))  # fmt: skip
        return result
    try:
        sheet = read_sheet(filename, data)
    except ImportFileError as exc:
        result.errors.append(RowError(None, "", str(exc)))
        return result
    found = [h for h in sheet.header if h]
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        result.errors.append(RowError(None, "", _(
            "Kolom wajib tidak ditemukan: %(missing)s. Kolom yang ada di berkas: %(found)s."
        ) % {"missing": ", ".join(missing), "found": ", ".join(found) or _("(tidak ada)")}))  # fmt: skip
        return result
    if "target" not in found and "target_naratif" not in found:
        result.errors.append(
            RowError(None, "", _("Berkas harus memiliki kolom target atau target_naratif."))
        )
        return result
    known = {c.name for c in TARGET_COLUMNS}
    unknown = [h for h in found if h not in known]
    if unknown:
        result.warnings.append(RowError(sheet.header_row, "", _("Kolom tidak dikenal dan diabaikan: %(cols)s.") % {"cols": ", ".join(unknown)}))  # fmt: skip

    units = {u.code.lower(): u for u in UnitKerja.objects.filter(instansi_id=year.instansi_id)}
    existing = {t.code.lower(): t for t in OrgTarget.objects.filter(year=year).select_related("unit")}  # fmt: skip
    seen: dict[str, int] = {}
    planned: list[tuple[int, OrgTarget, bool]] = []
    for index, raw in enumerate(sheet.rows):
        rownum = sheet.row_number(index)
        if not any(raw.values()):
            continue

        def error(column: str, message: str, rownum: int = rownum) -> None:
            result.errors.append(RowError(rownum, column, message))

        cells = {c.name: (raw.get(c.name) or "").strip() for c in TARGET_COLUMNS}
        bad = False
        for name in REQUIRED:
            if not cells[name]:
                error(name, _("Wajib diisi."))
                bad = True
        for col in TARGET_COLUMNS:
            if col.max_length and len(cells[col.name]) > col.max_length:
                error(col.name, _("Terlalu panjang (%(n)d karakter; paling banyak %(max)d).") % {"n": len(cells[col.name]), "max": col.max_length})  # fmt: skip
                bad = True
        code = cells["kode"]
        if code:
            first = seen.get(code.lower())
            if first is not None:
                error("kode", _("Kode %(code)s sudah dipakai di baris %(row)d berkas ini.") % {"code": code, "row": first})  # fmt: skip
                bad = True
            else:
                seen[code.lower()] = rownum
        value = None
        if cells["target"]:
            try:
                value = parse_number(cells["target"])
            except ValueError:
                error("target", _("“%(v)s” bukan angka.") % {"v": cells["target"]})
                bad = True
            else:
                if value <= 0:
                    error("target", _("Target harus angka positif."))
                    bad = True
        if not cells["target"] and not cells["target_naratif"]:
            error("target", _("Isi target (angka) atau target_naratif."))
            bad = True
        unit = None
        if cells["kode_unit"]:
            unit = units.get(cells["kode_unit"].lower())
            if unit is None:
                error("kode_unit", _("Unit kerja dengan kode %(code)s tidak ditemukan di %(instansi)s.") % {"code": cells["kode_unit"], "instansi": year.instansi.name})  # fmt: skip
                bad = True
        if bad:
            continue
        target = existing.get(code.lower()) or OrgTarget(year=year, code=code)
        new_values = {
            "goal": cells["sasaran"],
            "indicator": cells["indikator"],
            "target_value": value,
            "target_unit": cells["satuan"],
            "target_text": cells["target_naratif"],
            "unit_id": unit.pk if unit else None,
        }
        changed = target.pk is None or any(getattr(target, k) != v for k, v in new_values.items())
        for k, v in new_values.items():
            setattr(target, k, v)
        if unit is not None:
            target.unit = unit
        planned.append((rownum, target, changed))
    if not planned and not result.errors:
        result.errors.append(
            RowError(None, "", _("Berkas tidak berisi baris data di bawah judul kolom."))
        )
    if result.errors:
        return result

    with transaction.atomic():
        for rownum, target, changed in planned:
            if not changed:
                result.unchanged += 1
                continue
            is_new = target.pk is None
            try:
                services.org_target_save(target=target, actor=actor)
            except ValidationError as exc:
                _collect(result, rownum, exc)
                continue
            if is_new:
                result.created += 1
            else:
                result.updated += 1
        if result.errors:
            transaction.set_rollback(True)
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    return result


def _collect(result: TargetImportResult, rownum: int, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            column = FIELD_COLUMNS.get(name, "")
            for err in errors:
                for message in err.messages:
                    result.errors.append(RowError(rownum, column, message))
    else:
        for message in exc.messages:
            result.errors.append(RowError(rownum, "", message))


def column_help() -> list[dict[str, Any]]:
    return [
        {"name": c.name, "required": c.required, "description": _(c.description), "example": c.example}
        for c in TARGET_COLUMNS
    ]  # fmt: skip


def build_target_template(fmt: str) -> tuple[bytes, str, str]:
    """The import template as (bytes, content type, file name): header and one example row;
    the XLSX has a "Petunjuk" sheet describing every column."""
    filename = f"templat-impor-target.{fmt}"
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow([c.name for c in TARGET_COLUMNS])
        writer.writerow([c.example for c in TARGET_COLUMNS])
        return text.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", filename
    if fmt != "xlsx":
        raise ValueError(f"unknown template format {fmt!r}")

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Target"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    for i, col in enumerate(TARGET_COLUMNS, start=1):
        head = ws.cell(row=1, column=i, value=col.name)
        head.font = bold
        head.fill = fill
        ws.cell(row=2, column=i, value=col.example or None)
        ws.column_dimensions[get_column_letter(i)].width = max(14, len(col.example) + 4)
    ws.freeze_panes = "A2"
    info = wb.create_sheet(INSTRUCTIONS_SHEET)
    for line in (
        _("Petunjuk impor target organisasi (Perjanjian Kinerja / IKU)"),
        _("Isi lembar pertama mulai baris 2; baris 1 adalah judul kolom. Hapus baris contoh."),
        _("Semua baris diperiksa lebih dulu: bila ada satu saja yang salah, tidak ada target yang disimpan dan setiap kesalahan ditampilkan dengan nomor barisnya."),
        _("Impor ulang memperbarui target dengan kode yang sama, tidak menggandakannya."),
    ):  # fmt: skip
        info.append([line])
    info["A1"].font = Font(bold=True, size=13)
    info.append([])
    info.append([_("Kolom"), _("Wajib"), _("Keterangan"), _("Contoh")])
    for cell in info[info.max_row]:
        cell.font = bold
        cell.fill = fill
    for col in TARGET_COLUMNS:
        info.append(
            [col.name, _("ya") if col.required else _("tidak"), _(col.description), col.example]
        )
        info.cell(row=info.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")  # fmt: skip
    info.column_dimensions["A"].width = 18
    info.column_dimensions["C"].width = 90
    info.column_dimensions["D"].width = 26
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), XLSX_CONTENT_TYPE, filename
