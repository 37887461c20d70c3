"""Bulk import of one's own daily entries from XLSX/CSV (DOMAIN.md §6 item 4: people write Excel
importers themselves; this is the one they should not have to write).

Every row goes through the same rule as the quick form, `services.entry_save`, inside one
transaction: each row's ValidationError is caught and kept with its row number and column, and if
any row failed the whole transaction is rolled back, so a file is imported entirely or not at all.
Reading the file (CSV with ; or , and XLSX/XLS/ODS) is the organisation importer's `read_sheet`."""

from __future__ import annotations

import csv
import datetime
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
from kinerja.organisation.models import Pegawai
from kinerja.organisation.permissions import access_for
from kinerja.planning.choices import SkpStatus
from kinerja.planning.models import Indicator

from . import services
from .models import DailyEntry

MAX_ROWS = 500
DATA_SHEET = "Laporan"
INDICATOR_SHEET = "Indikator"

COLUMNS: list[Column] = [
    Column("tanggal", True, gettext_noop("Tanggal kegiatan: YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY, di dalam masa SKP dan tidak di masa depan."), "14-05-2026"),
    Column("jam_mulai", True, gettext_noop("Jam mulai, JJ:MM (24 jam)."), "08:00"),
    Column("jam_selesai", True, gettext_noop("Jam selesai, JJ:MM, setelah jam mulai."), "10:30"),
    Column("id_indikator", True, gettext_noop("Nomor indikator dari lembar Indikator (indikator SKP Anda yang sudah disetujui)."), "12"),
    Column("uraian", True, gettext_noop("Uraian kegiatan: apa yang dikerjakan."), "Verifikasi data pokok 3 sekolah"),
    Column("kuantitas", False, gettext_noop("Jumlah yang dihasilkan, angka nol atau lebih (koma atau titik untuk desimal)."), "3"),
    Column("satuan", False, gettext_noop("Satuan kuantitas. Kosong: satuan target indikator."), "sekolah", 50),
    Column("tautan_bukti", False, gettext_noop("Tautan bukti dukung, diawali https:// atau http://."), "https://drive.example.go.id/bukti/123", 500),
]  # fmt: skip

# Service error keys → spreadsheet columns.
FIELD_COLUMNS = {
    "date": "tanggal", "start_time": "jam_mulai", "end_time": "jam_selesai", "rhk": "id_indikator",
    "indicator": "id_indikator", "activity": "uraian", "quantity": "kuantitas", "unit": "satuan",
    "url": "tautan_bukti", "action_plan": "",
}  # fmt: skip


def column_help() -> list[dict[str, Any]]:
    return [{"name": c.name, "required": c.required, "description": _(c.description), "example": c.example}
            for c in COLUMNS]  # fmt: skip


@dataclass
class EntryImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    submitted: int = 0
    last_date: datetime.date | None = None
    filename: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if self.errors:
            return ngettext(
                "Impor dibatalkan: %(n)d kesalahan ditemukan; tidak ada laporan yang disimpan.",
                "Impor dibatalkan: %(n)d kesalahan ditemukan; tidak ada laporan yang disimpan.",
                len(self.errors),
            ) % {"n": len(self.errors)}
        text = ngettext("%(n)d laporan diimpor", "%(n)d laporan diimpor", self.created) % {
            "n": self.created
        }
        if self.submitted:
            return text + " " + _("dan diajukan ke atasan.")
        return text + " " + _("sebagai draf. Periksa, lalu ajukan ke atasan.")


class _Rollback(Exception):
    pass


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?$")


def parse_time(text: str) -> datetime.time:
    """08:00, 8.00, 08:00:00, or an Excel day fraction (0.3333…) → a time."""
    value = text.strip()
    m = _TIME.match(value)
    if m:
        return datetime.time(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    if "T" in value or " " in value:  # a date-time cell: keep the time part
        return parse_time(re.split(r"[T ]", value, maxsplit=1)[1])
    try:
        fraction = float(value.replace(",", "."))
    except ValueError:
        raise ValueError(text) from None
    if 0 <= fraction < 1:
        seconds = round(fraction * 86400)
        return datetime.time(seconds // 3600, seconds % 3600 // 60)
    raise ValueError(text)


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y")
_MONTHS = {name: i for i, names in enumerate((
    ("januari", "jan"), ("februari", "feb", "pebruari"), ("maret", "mar"), ("april", "apr"), ("mei", "may"),
    ("juni", "jun"), ("juli", "jul"), ("agustus", "agu", "agt", "aug"), ("september", "sep", "sept"),
    ("oktober", "okt", "oct"), ("november", "nov", "nop"), ("desember", "des", "dec")), start=1) for name in names}  # fmt: skip
_WORDS_DATE = re.compile(r"^(\d{1,2})\s+([a-zA-Z]+)\.?\s+(\d{4})$")


def parse_day(text: str) -> datetime.date:
    """2026-05-14, 14-05-2026, 14/05/2026, 14 Mei 2026, a date-time cell, or an Excel day number."""
    value = text.strip()
    m = _WORDS_DATE.match(value)
    if m and m.group(2).lower() in _MONTHS:
        return datetime.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    value = re.split(r"[T ]", value, maxsplit=1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    if (
        value.isdigit() and 36526 <= int(value) <= 73050 and value == text.strip()
    ):  # Excel: 2000–2099
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
    raise ValueError(text)


def parse_quantity(text: str) -> Decimal | None:
    value = text.strip().replace(" ", "")
    if not value:
        return None
    if "," in value and "." in value:
        value = value.replace(".", "").replace(",", ".")
    else:
        value = value.replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 10:
        raise ValueError(text)
    return number.quantize(Decimal("0.01"))


def _my_indicators(me: Pegawai) -> dict[int, Indicator]:
    qs = (
        Indicator.objects.filter(rhk__skp__pegawai=me, rhk__skp__status=SkpStatus.APPROVED)
        .select_related("rhk", "rhk__skp", "rhk__skp__year")
        .prefetch_related("rhk__skp__year__periods")
        .order_by("rhk__skp__start_date", "rhk__kind", "rhk__order", "order", "id")
    )
    return {i.pk: i for i in qs}


def _messages_by_column(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(FIELD_COLUMNS.get(k, k if k in {c.name for c in COLUMNS} else ""), m)
                for k, errs in exc.message_dict.items() for m in errs]  # fmt: skip
    return [("", m) for m in exc.messages]


def import_entries(
    *, filename: str, data: bytes, actor: Any, submit: bool = False
) -> EntryImportResult:
    """Check and write every row; nothing is written unless every row is right. Bad input never
    raises: it comes back as `errors`, each with its spreadsheet row (header = row 1)."""
    result = EntryImportResult(filename=filename)
    me = access_for(actor).pegawai
    if me is None:
        result.errors.append(
            RowError(None, "", _("Akun Anda belum terhubung dengan data pegawai."))
        )
        return result
    try:
        sheet = read_sheet(filename, data)
    except ImportFileError as exc:
        result.errors.append(RowError(None, "", str(exc)))
        return result
    found = [h for h in sheet.header if h]
    missing = [c.name for c in COLUMNS if c.required and c.name not in found]
    if missing:
        result.errors.append(RowError(None, "", _(
            "Kolom wajib tidak ditemukan: %(missing)s. Kolom yang ada di berkas: %(found)s. Unduh templat "
            "dan isi lembar pertamanya.") % {"missing": ", ".join(missing), "found": ", ".join(found) or _("(tidak ada)")}))  # fmt: skip
        return result
    rows = [
        (sheet.row_number(i), raw)
        for i, raw in enumerate(sheet.rows)
        if any((v or "").strip() for v in raw.values())
    ]
    result.rows = len(rows)
    if not rows:
        result.errors.append(
            RowError(None, "", _("Berkas tidak berisi baris data (hanya judul kolom)."))
        )
        return result
    if len(rows) > MAX_ROWS:
        result.errors.append(RowError(None, "", _(
            "Berkas berisi %(n)d baris; paling banyak %(max)d baris sekali impor. Bagi menjadi beberapa berkas.")
            % {"n": len(rows), "max": MAX_ROWS}))  # fmt: skip
        return result

    indicators = _my_indicators(me)
    parsed: list[tuple[int, DailyEntry, str]] = []
    for rownum, raw in rows:
        entry, url = _parse_row(rownum, raw, indicators, result)
        if entry is not None:
            parsed.append((rownum, entry, url))

    created: list[DailyEntry] = []
    try:
        with transaction.atomic():
            for rownum, entry, url in parsed:
                try:
                    services.entry_save(entry=entry, actor=actor)
                    if url:
                        services.evidence_add(entry=entry, actor=actor, url=url)
                except ValidationError as exc:
                    for column, message in _messages_by_column(exc):
                        result.errors.append(RowError(rownum, column, message))
                    continue
                created.append(entry)
            if result.errors:
                raise _Rollback
            if submit:
                try:
                    result.submitted = services.entry_submit(entries=created, actor=actor)
                except ValidationError as exc:
                    for m in exc.messages:
                        result.errors.append(RowError(None, "", m))
                    raise _Rollback from None
    except _Rollback:
        result.errors.sort(key=lambda e: e.row or 0)
        return result
    result.created = len(created)
    result.last_date = max(e.date for e in created)
    return result


def _parse_row(rownum: int, raw: dict[str, str], indicators: dict[int, Indicator],
               result: EntryImportResult) -> tuple[DailyEntry | None, str]:  # fmt: skip
    """The row as an unsaved entry, or None with every format error recorded."""
    errors_before = len(result.errors)

    def error(column: str, message: str) -> None:
        result.errors.append(RowError(rownum, column, message))

    def value(name: str) -> str:
        return (raw.get(name) or "").strip()

    for c in COLUMNS:
        if c.required and not value(c.name):
            error(c.name, _("Kolom %(col)s wajib diisi.") % {"col": c.name})
        elif c.max_length and len(value(c.name)) > c.max_length:
            error(c.name, _("Paling banyak %(n)d karakter.") % {"n": c.max_length})
    entry = DailyEntry(activity=value("uraian"), unit=value("satuan"))
    if value("tanggal"):
        try:
            entry.date = parse_day(value("tanggal"))
        except ValueError:
            error("tanggal", _("Tanggal '%(v)s' tidak dikenali; tulis sebagai YYYY-MM-DD atau DD-MM-YYYY.")
                  % {"v": value("tanggal")})  # fmt: skip
    for name, attr in (("jam_mulai", "start_time"), ("jam_selesai", "end_time")):
        if value(name):
            try:
                setattr(entry, attr, parse_time(value(name)))
            except ValueError:
                error(
                    name,
                    _("Jam '%(v)s' tidak dikenali; tulis sebagai JJ:MM, misalnya 08:00.")
                    % {"v": value(name)},
                )
    if value("id_indikator"):
        text = value("id_indikator")
        indicator = indicators.get(int(text)) if text.isdigit() else None
        if indicator is None:
            error("id_indikator", _(
                "Indikator %(v)s tidak ada di SKP Anda yang sudah disetujui. Pakai nomor dari lembar Indikator "
                "pada templat.") % {"v": text})  # fmt: skip
        else:
            entry.indicator = indicator
            entry.rhk = indicator.rhk
    try:
        entry.quantity = parse_quantity(value("kuantitas"))
    except ValueError:
        error("kuantitas", _("Kuantitas '%(v)s' bukan angka.") % {"v": value("kuantitas")})
    if len(result.errors) > errors_before:
        return None, ""
    return entry, value("tautan_bukti")


# ---------------------------------------------------------------- the template


def build_template(me: Pegawai, fmt: str) -> tuple[bytes, str, str]:
    """The entry template as (bytes, content type, file name). XLSX: sheet "Laporan" to fill in,
    sheet "Indikator" listing the employee's indicators with their numbers, and "Petunjuk"."""
    names = [c.name for c in COLUMNS]
    if fmt == "csv":
        text = io.StringIO()
        csv.writer(text, delimiter=";", lineterminator="\r\n").writerow(names)
        return (
            text.getvalue().encode("utf-8-sig"),
            "text/csv; charset=utf-8",
            "templat-laporan-harian.csv",
        )
    if fmt != "xlsx":
        raise ValueError(f"unknown template format {fmt!r}")

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DCE6F1")
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.append(names)
    for cell, width in zip(ws[1], (13, 11, 12, 13, 50, 11, 14, 40), strict=True):
        cell.font, cell.fill = bold, fill
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"

    indicators = list(_my_indicators(me).values())
    info = wb.create_sheet(INDICATOR_SHEET)
    info.append(["id_indikator", "RHK", _("indikator"), _("satuan"), _("target"), _("masa SKP")])
    for cell, width in zip(info[1], (13, 60, 60, 14, 16, 24), strict=True):
        cell.font, cell.fill = bold, fill
        info.column_dimensions[cell.column_letter].width = width
    for ind in indicators:
        skp = ind.rhk.skp
        info.append([ind.pk, ind.rhk.text, ind.text, ind.target_unit, ind.target_display,
                     f"{skp.start_date:%d-%m-%Y} s.d. {skp.end_date:%d-%m-%Y}"])  # fmt: skip
    if indicators:
        dv = DataValidation(type="list", formula1=f"={INDICATOR_SHEET}!$A$2:$A${len(indicators) + 1}",
                            allow_blank=True)  # fmt: skip
        ws.add_data_validation(dv)
        dv.add(f"D2:D{MAX_ROWS + 1}")

    help_sheet = wb.create_sheet(INSTRUCTIONS_SHEET)
    for line in (
        _("Petunjuk impor laporan harian"),
        _("Isi lembar Laporan mulai baris 2, satu kegiatan per baris; baris 1 adalah judul kolom dan jangan diubah."),
        _("Nomor id_indikator diambil dari lembar Indikator."),
        _("Setiap baris diperiksa dengan aturan yang sama seperti formulir laporan harian. Bila satu saja "
          "salah, tidak ada laporan yang disimpan, dan setiap kesalahan ditampilkan dengan nomor barisnya."),
        _("Paling banyak %(n)d baris sekali impor.") % {"n": MAX_ROWS},
    ):  # fmt: skip
        help_sheet.append([line])
    help_sheet["A1"].font = Font(bold=True, size=13)
    help_sheet.append([])
    help_sheet.append([_("Kolom"), _("Wajib"), _("Keterangan"), _("Contoh")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font, cell.fill = bold, fill
    for c in COLUMNS:
        help_sheet.append(
            [c.name, _("ya") if c.required else _("tidak"), _(c.description), c.example]
        )
        help_sheet.cell(row=help_sheet.max_row, column=3).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
    for letter, width in (("A", 16), ("B", 8), ("C", 80), ("D", 36)):
        help_sheet.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), XLSX_CONTENT_TYPE, "templat-laporan-harian.xlsx"
