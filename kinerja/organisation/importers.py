"""Spreadsheet import of units, positions and employees (CSV and XLSX).

Two phases. *Check*: read the sheet, load what it refers to into dicts with a fixed number of
SELECTs, and validate every row, collecting every error with its row number. *Write*: only when
no row has an error, in one transaction: rows are created and updated in batches (bulk_create /
bulk_update), unit paths and supervisor chains are computed in Python for everything the file
touches, assignment history and audit rows are written in bulk. Re-importing the same file
changes nothing: rows are keyed by NIP (employees) or code (units, positions).

The column layout lives in TEMPLATE_COLUMNS; the template download and docs/import.md follow it.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from kinerja.core.audit import audit_bulk
from kinerja.core.jobs import register
from kinerja.core.models import AuditLog

from .choices import (
    LEVELS_BY_KIND,
    AssignmentKind,
    EmployeeKind,
    JabatanKind,
    JabatanLevel,
    golongan_from_text,
)
from .models import Instansi, Jabatan, Pegawai, Penugasan, UnitKerja
from .nip import kind_of, parse_nip

Progress = Callable[[int, int], None]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_EXTENSIONS = (".csv",)
ACCEPTED_EXTENSIONS = TEXT_EXTENSIONS + WORKBOOK_EXTENSIONS
INSTRUCTIONS_SHEET = "Petunjuk"
KINDS = ("unit", "jabatan", "pegawai")
BATCH = 2000
# Derived strings must fit their columns (UnitKerja.path, Pegawai.chain).
MAX_UNIT_PATH = 255
MAX_CHAIN = 400


# ---------------------------------------------------------------- column layout


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str
    example: str
    max_length: int | None = None


def _columns() -> dict[str, list[Column]]:
    # Descriptions are marked for translation here and translated when shown (column_help()).
    return {
        "unit": [
            Column("kode_instansi", True, gettext_noop("Kode instansi yang sudah terdaftar (menu Struktur organisasi). Instansi tidak dibuat lewat impor."), "DISDIK", 20),
            Column("kode_unit", True, gettext_noop("Kode unik unit kerja; kunci saat impor ulang."), "DISDIK-02", 40),
            Column("nama_unit", True, gettext_noop("Nama unit kerja."), "Bidang Pembinaan SMP", 200),
            Column("kode_unit_induk", False, gettext_noop("Kode unit induk: di berkas ini (baris mana pun) atau yang sudah terdaftar, dari instansi yang sama. Kosongkan untuk unit tertinggi."), "DISDIK-00", 40),
        ],
        "jabatan": [
            Column("kode_instansi", True, gettext_noop("Kode instansi yang sudah terdaftar."), "DISDIK", 20),
            Column("kode_jabatan", True, gettext_noop("Kode unik jabatan; kunci saat impor ulang."), "J-KASI-KUR", 40),
            Column("nama_jabatan", True, gettext_noop("Nama jabatan."), "Kepala Seksi Kurikulum SD", 200),
            Column("jenis", True, gettext_noop("JPT, JA, atau JF."), "JA", 3),
            Column("jenjang", True, gettext_noop("JPT: Utama, Madya, Pratama. JA: Administrator, Pengawas, Pelaksana. JF: Ahli Pertama, Ahli Muda, Ahli Madya, Ahli Utama, Pemula, Terampil, Mahir, Penyelia."), "Pengawas"),
            Column("kode_unit", False, gettext_noop("Kode unit kerja tempat jabatan berada (unit harus sudah terdaftar; impor unit lebih dulu)."), "DISDIK-01", 40),
            Column("kepala_unit", False, gettext_noop("ya bila jabatan ini memimpin unitnya, tidak bila bukan. Kosong: tidak (jabatan baru) atau tetap (jabatan lama)."), "tidak"),
        ],
        "pegawai": [
            Column("nip", True, gettext_noop("NIP 18 digit; kunci saat impor ulang. Format kolom sebagai Teks agar Excel tidak membulatkannya."), "199203152019032001"),
            Column("nama", True, gettext_noop("Nama tanpa gelar."), "Rina Marlina", 200),
            Column("gelar_depan", False, gettext_noop("Gelar di depan nama."), "", 40),
            Column("gelar_belakang", False, gettext_noop("Gelar di belakang nama."), "S.Pd.", 60),
            Column("jenis_pegawai", False, gettext_noop("PNS atau PPPK. Bila kosong ditentukan dari NIP; bila diisi harus cocok dengan NIP."), "PNS"),
            Column("golongan", False, gettext_noop("PNS: I/a sampai IV/e; PPPK: I sampai XVII; atau nomor urut 1–17."), "III/a"),
            Column("kode_instansi", True, gettext_noop("Kode instansi yang sudah terdaftar."), "DISDIK", 20),
            Column("kode_unit", False, gettext_noop("Kode unit kerja (sudah terdaftar, dari instansi yang sama)."), "DISDIK-01", 40),
            Column("kode_jabatan", False, gettext_noop("Kode jabatan (sudah terdaftar, dari instansi yang sama)."), "J-STAF", 40),
            Column("nip_atasan", False, gettext_noop("NIP atasan langsung: di berkas ini atau yang sudah terdaftar. Kosongkan untuk pimpinan tertinggi."), "197203031994012003"),
            Column("email", False, gettext_noop("Alamat surel."), "rina.marlina@example.com", 254),
            Column("telepon", False, gettext_noop("Nomor telepon."), "081234567890", 30),
            Column("tmt_jabatan", False, gettext_noop("Tanggal mulai penugasan (YYYY-MM-DD, DD-MM-YYYY, atau DD/MM/YYYY), dipakai bila pegawai baru atau jabatan, unit, atasan, atau instansinya berubah. Kosong: tanggal impor."), "2024-01-02"),
            Column("aktif", False, gettext_noop("ya atau tidak. Kosong: ya (pegawai baru) atau tetap (pegawai lama)."), "ya"),
        ],
    }  # fmt: skip


TEMPLATE_COLUMNS: dict[str, list[Column]] = _columns()

KIND_LABELS = {"unit": "unit kerja", "jabatan": "jabatan", "pegawai": "pegawai"}


def kind_label(kind: str) -> str:
    return {"unit": _("unit kerja"), "jabatan": _("jabatan"), "pegawai": _("pegawai")}[kind]


def column_help(kind: str) -> list[dict[str, Any]]:
    """The column layout with translated descriptions, for pages and the template."""
    return [
        {
            "name": c.name,
            "required": c.required,
            "description": _(c.description),
            "example": c.example,
        }
        for c in TEMPLATE_COLUMNS[kind]
    ]


# ---------------------------------------------------------------- results


@dataclass
class RowError:
    """One problem: `row` is the spreadsheet row as the user sees it (header = row 1), None
    for problems with the file as a whole."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    kind: str = ""
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0

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
        return _(
            "Impor %(what)s selesai: %(created)d baru, %(updated)d diubah, "
            "%(unchanged)d tidak berubah."
        ) % {
            "what": kind_label(self.kind) if self.kind in KINDS else "",
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rows": self.rows,
            "summary": self.summary,
        }


class ImportFileError(ValueError):
    """The file cannot be read as a spreadsheet; the message says why, for the user."""


# ---------------------------------------------------------------- reading the file


@dataclass
class Sheet:
    """The first data sheet: normalised header, one dict per row after the header (blank rows
    kept, so `rows[i]` is spreadsheet row `header_row + 1 + i`), and, per NIP column, the rows
    whose NIP was stored as a number too large to be exact (a float holds 15–17 digits, so the
    last digits of an 18-digit NIP may have changed)."""

    header: list[str]
    rows: list[dict[str, str]]
    header_row: int = 1
    inexact_nip_rows: dict[str, set[int]] = field(default_factory=dict)

    def row_number(self, index: int) -> int:
        return self.header_row + 1 + index


def _normalise_header(text: str) -> str:
    text = text.strip().strip("*").strip().lower()
    return re.sub(r"[\s\-.]+", "_", text).strip("_")


def _is_nip_column(name: str) -> bool:
    return "nip" in name


_EXACT_FLOAT_LIMIT = 2.0**53  # above this a float no longer holds every whole number
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")
_TRAILING_ZERO_DECIMAL = re.compile(r"^(\d+)[.,]0+$")


def normalise_nip(text: str) -> str:
    """NIP text as typed or as exported: '1980 0101 ...', "'1980...", '198001012005011001.0'
    and '1.98001012005011E+17' all become plain digits."""
    value = text.strip().lstrip("'").replace(" ", "").replace("\u00a0", "")
    match = _TRAILING_ZERO_DECIMAL.match(value)
    if match:
        return match.group(1)
    if _SCIENTIFIC.match(value):
        try:
            return str(int(Decimal(value.replace(",", "."))))
        except (InvalidOperation, ValueError):
            return value
    return value


def _cell_text(value: Any) -> str:
    """A cell as text. Whole numbers lose their '.0'; large numbers are written out in full,
    digit for digit as the spreadsheet stored them (never as 1.98e+17)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(Decimal(repr(value))))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def _extension(filename: str) -> str:
    name = (filename or "").lower().strip()
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""


def _sniff_format(ext: str, data: bytes) -> str:
    """'workbook' or 'text', from the content first and the extension second."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        raise ImportFileError(
            _("Berkas ini adalah PDF, bukan spreadsheet. Unggah berkas CSV atau XLSX.")
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        # A workbook, whatever its name says (e.g. an XLSX saved as .csv).
        return "workbook"
    if ext in WORKBOOK_EXTENSIONS:
        raise ImportFileError(
            _("Berkas %(ext)s ini tidak dapat dibaca sebagai spreadsheet; mungkin rusak atau bukan "
              "berkas Excel. Simpan ulang dari Excel sebagai XLSX atau CSV.") % {"ext": ext.upper().lstrip(".")}
        )  # fmt: skip
    if ext in TEXT_EXTENSIONS:
        return "text"
    raise ImportFileError(
        _("Jenis berkas %(ext)s tidak didukung. Unggah berkas CSV atau XLSX.")
        % {"ext": ext or _("(tanpa ekstensi)")}
    )


def _decode_text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data[:4096]:
            raise ImportFileError(_("Berkas ini bukan spreadsheet CSV (berisi data biner)."))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportFileError(
                    _("Berkas CSV harus berenkode UTF-8. Simpan ulang sebagai 'CSV UTF-8'.")
                ) from None
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls:
        raise ImportFileError(_("Berkas ini bukan spreadsheet CSV (berisi data biner)."))
    return text


def _csv_rows(text: str) -> list[list[Any]]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("Berkas CSV tidak dapat dibaca: %(e)s") % {"e": exc}) from None


def _workbook_rows(data: bytes) -> list[list[Any]]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [n for n in workbook.sheet_names if n.strip().lower() != INSTRUCTIONS_SHEET.lower()]
        if not names:
            raise ImportFileError(_("Spreadsheet ini tidak memiliki lembar data."))
        sheet = workbook.get_sheet_by_name(names[0])
        return sheet.to_python(skip_empty_area=False)
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - calamine raises several types for corrupt files
        raise ImportFileError(
            _("Berkas tidak dapat dibaca sebagai spreadsheet; mungkin rusak, terkunci kata sandi, "
              "atau bukan berkas Excel. Simpan ulang dari Excel sebagai XLSX atau CSV.")
        ) from None  # fmt: skip


def read_sheet(filename: str, data: bytes) -> Sheet:
    """Read the first data sheet of a CSV or workbook. Raises ImportFileError with a message
    for the user when the file is empty, too large or not a spreadsheet."""
    if not data:
        raise ImportFileError(_("Berkas kosong."))
    limit = settings.KINERJA_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportFileError(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"size": f"{len(data) / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"}
        )
    fmt = _sniff_format(_extension(filename), data)
    raw_rows = _workbook_rows(data) if fmt == "workbook" else _csv_rows(_decode_text(data))

    header_index = next((i for i, r in enumerate(raw_rows) if any(_cell_text(v) for v in r)), None)
    if header_index is None:
        raise ImportFileError(_("Berkas kosong: tidak ada judul kolom maupun baris data."))
    header = [_normalise_header(_cell_text(v)) for v in raw_rows[header_index]]
    while header and not header[-1]:
        header.pop()
    positions = [(i, name) for i, name in enumerate(header) if name]
    nip_positions = {i for i, name in positions if _is_nip_column(name)}

    body = raw_rows[header_index + 1 :]
    last = len(body)
    while last and not any(_cell_text(v) for v in body[last - 1]):
        last -= 1
    rows: list[dict[str, str]] = []
    inexact: dict[str, set[int]] = {}
    for index in range(last):
        cells = body[index]
        width = len(cells)
        row: dict[str, str] = {}
        for i, name in positions:
            value = cells[i] if i < width else None
            text = _cell_text(value)
            if i in nip_positions and text:
                if (
                    isinstance(value, float) and abs(value) >= _EXACT_FLOAT_LIMIT
                ) or _SCIENTIFIC.match(text):
                    inexact.setdefault(name, set()).add(index)
                text = normalise_nip(text)
            row[name] = text
        rows.append(row)
    return Sheet(header=header, rows=rows, header_row=header_index + 1, inexact_nip_rows=inexact)


def parse_rows(filename: str, data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """Header (normalised: lower case, snake) and rows as text. CSV (UTF-8 with or without BOM,
    ';' or ',' sniffed) and XLSX/XLS/ODS. NIP cells stored as numbers come back as digits.
    Raises ImportFileError for anything that is not a readable spreadsheet."""
    sheet = read_sheet(filename, data)
    return sheet.header, sheet.rows


def estimate_rows(filename: str, data: bytes) -> int:
    """A cheap upper estimate of the data rows (to choose between importing now and a
    background job); 0 when the file cannot be read (the import then reports why)."""
    try:
        fmt = _sniff_format(_extension(filename), data)
        if fmt == "text":
            return max(0, data.count(b"\n") - 1 + (0 if data.endswith(b"\n") else 1))
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [n for n in workbook.sheet_names if n.strip().lower() != INSTRUCTIONS_SHEET.lower()]
        return max(0, workbook.get_sheet_by_name(names[0]).height - 1) if names else 0
    except Exception:  # noqa: BLE001 - unreadable files are reported by the import itself
        return 0


# ---------------------------------------------------------------- value parsing helpers

_YES = {"ya", "y", "yes", "true", "benar", "1", "v", "x", "aktif"}
_NO = {"tidak", "t", "no", "n", "false", "salah", "0", "tidak aktif", "nonaktif"}


def _parse_bool(text: str) -> bool | None:
    value = text.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(value)


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y")


def parse_date(text: str) -> datetime.date:
    """YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY (and a time part, or an Excel day number)."""
    value = text.strip()
    if " " in value:
        value = value.split(" ", 1)[0]
    if "T" in value:
        value = value.split("T", 1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    if value.isdigit() and 1 <= int(value) <= 2958465:  # an Excel serial date
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
    raise ValueError(text)


def _level_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in JabatanLevel.choices:
        table[value.replace("_", " ")] = value
        table[str(label).lower()] = value
    return table


_LEVELS = _level_lookup()
_KINDS_BY_TEXT = {k.value.lower(): k.value for k in JabatanKind} | {
    str(k.label).lower(): k.value for k in JabatanKind
}
_EMPLOYEE_KINDS = {
    "pns": EmployeeKind.PNS.value,
    "pppk": EmployeeKind.PPPK.value,
    "p3k": EmployeeKind.PPPK.value,
}
_PHONE = re.compile(r"^[0-9+()\-\s./]*$")


def _parse_level(kind: str, text: str) -> str | None:
    folded = re.sub(r"[\s_\-]+", " ", text.strip().lower())
    level = _LEVELS.get(folded)
    if level is None and kind == JabatanKind.JPT:
        level = _LEVELS.get(f"jpt {folded}")
    return level


def _max_query_params() -> int:
    return max(100, (connection.features.max_query_params or 20000) - 10)


def _chunks(values: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for `count` new rows, reserved before inserting so that paths, chains,
    history and audit rows can be built in one pass. Must run inside the write transaction
    (on SQLite it holds the write lock from BEGIN IMMEDIATE)."""
    if count == 0:
        return []
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk_column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({qn(pk_column)}), 0) FROM {qn(table)}")
        start = cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            # AUTOINCREMENT never reuses the id of a deleted row; neither do we.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            if row and row[0] and row[0] > start:
                start = row[0]
        return list(range(start + 1, start + 1 + count))


def _insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Write many new rows: what bulk_create writes, without its per-value preparation, which
    dominates at tens of thousands of rows (about 3x the time): COPY on PostgreSQL, batched
    executemany elsewhere. Values go through the same database adapters Django uses. Every
    object carries its primary key (see _allocate_ids)."""
    if not objs:
        return
    ops = connection.ops
    fields = list(model._meta.concrete_fields)
    cache: dict[Any, Any] = {}

    def adapter(f: models.Field) -> Callable[[Any], Any] | None:
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            # The same timestamp on every row: adapt it once.
            return lambda v: (
                cache[v] if v in cache else cache.setdefault(v, ops.adapt_datetimefield_value(v))
            )
        if kind == "DateField":
            return ops.adapt_datefield_value
        if kind == "JSONField":
            return lambda v: ops.adapt_json_value(v, getattr(f, "encoder", None))
        if kind in ("DecimalField", "TimeField", "UUIDField", "DurationField", "BinaryField"):
            return lambda v: f.get_db_prep_save(v, connection)
        return None

    columns = [(f.attname, adapter(f)) for f in fields]
    qn = ops.quote_name
    table = qn(model._meta.db_table)
    names = ", ".join(qn(f.column) for f in fields)

    def rows(chunk: Sequence[models.Model]) -> Iterator[list[Any]]:
        for obj in chunk:
            row = []
            for attname, adapt in columns:
                value = getattr(obj, attname)
                row.append(value if adapt is None or value is None else adapt(value))
            yield row

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of a statement per row. (The raw cursor's errors are
            # wrapped so that a clash still arrives as django.db.IntegrityError.)
            copy_sql = f"COPY {table} ({names}) FROM STDIN"
            with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
                for row in rows(objs):
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        for chunk in _chunks(objs, BATCH * 5):
            cursor.executemany(sql, list(rows(chunk)))


_SNAPSHOT_FIELDS: dict[type[models.Model], list[tuple[str, bool]]] = {}


def _snapshot(obj: models.Model) -> dict[str, Any]:
    """kinerja.core.audit.snapshot for the plain fields of these models, several times faster
    (it runs once per imported row)."""
    spec = _SNAPSHOT_FIELDS.get(type(obj))
    if spec is None:
        spec = _SNAPSHOT_FIELDS[type(obj)] = [
            (f.attname, isinstance(f, models.DateField))
            for f in obj._meta.concrete_fields
            if f.name not in ("created_at", "updated_at", "password")
        ]
    data = obj.__dict__
    return {
        name: (value.isoformat() if is_date and isinstance(value, datetime.date) else value)
        for name, is_date in spec
        for value in (data.get(name),)
    }


def _bulk_update(
    model: type[models.Model], items: list[tuple[models.Model, tuple[str, ...]]]
) -> None:
    """bulk_update, grouped by the set of fields that changed, so each statement writes only
    what changed."""
    groups: dict[tuple[str, ...], list[models.Model]] = {}
    for obj, fields in items:
        groups.setdefault(fields, []).append(obj)
    for fields, objs in groups.items():
        model._default_manager.bulk_update(objs, list(fields), batch_size=1000)


def _walk_tree(
    parent_of: dict[Any, Any], starts: Iterable[Any]
) -> tuple[dict[Any, int | None], list[list[Any]]]:
    """Depth (0 = top) of every node reachable upward from `starts`, and the cycles found.
    Nodes on or under a cycle get depth None."""
    depth: dict[Any, int | None] = {}
    cycles: list[list[Any]] = []
    for start in starts:
        path: list[Any] = []
        on_path: dict[Any, int] = {}
        node = start
        base: int | None
        while True:
            if node is None:
                base = -1
                break
            if node in depth:
                base = depth[node]
                break
            if node in on_path:
                cycles.append(path[on_path[node] :])
                base = None
                break
            on_path[node] = len(path)
            path.append(node)
            node = parent_of.get(node)
        for n in reversed(path):
            if base is not None:
                base += 1
            depth[n] = base
    return depth, cycles


def _ancestor_strings(parent_of: dict[int, int | None]) -> dict[int, str]:
    """For every node: '/top/.../parent/' ('/' at the top). The tree must be acyclic."""
    out: dict[int, str] = {}
    for start in parent_of:
        if start in out:
            continue
        path: list[int] = []
        node: int | None = start
        while node is not None and node not in out:
            path.append(node)
            node = parent_of.get(node)
        prefix = "/" if node is None else f"{out[node]}{node}/"
        for n in reversed(path):
            out[n] = prefix
            prefix = f"{prefix}{n}/"
    return out


class _CodeIndex:
    """Codes looked up exactly, then ignoring case."""

    def __init__(self, items: Iterable[tuple[str, Any]]):
        self.exact: dict[str, Any] = {}
        self.folded: dict[str, Any] = {}
        for code, item in items:
            self.exact[code] = item
            self.folded.setdefault(code.upper(), item)

    def get(self, code: str) -> Any:
        hit = self.exact.get(code)
        return hit if hit is not None else self.folded.get(code.upper())


class _Abort(Exception):
    """Raised inside the write transaction to roll it back after recording an error."""


# ---------------------------------------------------------------- the importers


class _Importer:
    kind = ""

    def __init__(self, *, sheet: Sheet, filename: str, actor: Any, scope: set[int] | None,
                 result: ImportResult, progress: Callable[[float], None]):  # fmt: skip
        self.sheet = sheet
        self.filename = filename
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.scope = scope
        self.result = result
        self.progress = progress
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.columns = set(sheet.header)
        instansi = list(Instansi.objects.values_list("id", "code", "name"))
        self.instansi = _CodeIndex((code, (pk, name)) for pk, code, name in instansi)
        self.instansi_name = {pk: name for pk, _code, name in instansi}
        self.audit_rows: list[AuditLog] = []

    # -- reporting
    def error(self, row: int | None, column: str, message: str) -> None:
        self.result.errors.append(RowError(row, column, message))

    def warn(self, row: int | None, column: str, message: str) -> None:
        self.result.warnings.append(RowError(row, column, message))

    # -- row helpers
    def data_rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        rows = self.sheet.rows
        total = len(rows) or 1
        step = max(1, total // 20)
        for index, raw in enumerate(rows):
            if index % step == 0:
                self.progress(0.1 + 0.4 * index / total)
            if any(raw.values()):
                yield self.sheet.row_number(index), raw

    def required(self, rownum: int, raw: dict[str, str], *names: str) -> bool:
        ok = True
        for name in names:
            if not raw.get(name):
                self.error(rownum, name, _("Kolom %(col)s wajib diisi.") % {"col": name})
                ok = False
        return ok

    def lengths_ok(self, rownum: int, raw: dict[str, str]) -> bool:
        """Every value fits its field (TEMPLATE_COLUMNS max_length)."""
        ok = True
        for column in TEMPLATE_COLUMNS[self.kind]:
            if column.max_length and self.too_long(
                rownum, column.name, raw.get(column.name, ""), column.max_length
            ):
                ok = False
        return ok

    def too_long(self, rownum: int, column: str, value: str, limit: int) -> bool:
        if len(value) > limit:
            self.error(rownum, column, _("Isi kolom %(col)s terlalu panjang (%(n)d karakter; paling banyak %(max)d).")
                       % {"col": column, "n": len(value), "max": limit})  # fmt: skip
            return True
        return False

    def may_write(self, instansi_id: int) -> bool:
        return self.scope is None or instansi_id in self.scope

    def forbidden(self, rownum: int, column: str, instansi_id: int) -> None:
        self.error(rownum, column, _("Anda tidak berwenang mengubah data instansi %(name)s.")
                   % {"name": self.instansi_name.get(instansi_id, instansi_id)})  # fmt: skip

    def resolve_instansi(self, rownum: int, raw: dict[str, str]) -> int | None:
        code = raw.get("kode_instansi", "")
        if not code:
            return None
        hit = self.instansi.get(code)
        if hit is None:
            self.error(rownum, "kode_instansi", _(
                "Instansi dengan kode %(code)s tidak ditemukan. Instansi didaftarkan lewat menu "
                "Struktur organisasi, tidak lewat impor.") % {"code": code})  # fmt: skip
            return None
        if not self.may_write(hit[0]):
            self.forbidden(rownum, "kode_instansi", hit[0])
            return None
        return hit[0]

    def audit(self, action: str, obj: models.Model, before: dict | None, after: dict) -> None:
        self.audit_rows.append(AuditLog(
            actor=self.actor, actor_repr=(str(self.actor) if self.actor else "sistem")[:200],
            action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk),
            object_repr=str(obj)[:300], before=before, after=after,
        ))  # fmt: skip

    def finish_audit(self) -> None:
        self.audit_rows.append(AuditLog(
            actor=self.actor, actor_repr=(str(self.actor) if self.actor else "sistem")[:200],
            action="import.completed", object_type="organisation.import", object_id="",
            object_repr=self.filename[:300],
            after={"kind": self.kind, "filename": self.filename, "rows": self.result.rows,
                   "created": self.result.created, "updated": self.result.updated,
                   "unchanged": self.result.unchanged},
            note=self.result.summary,
        ))  # fmt: skip
        audit_bulk(self.audit_rows)

    @property
    def has_changes(self) -> bool:
        return bool(self.result.created or self.result.updated)

    def check(self) -> None:
        raise NotImplementedError

    def write(self) -> None:
        raise NotImplementedError


def _cycle_text(cycle: list[Any], label: Callable[[Any], str]) -> str:
    names = [label(k) for k in cycle]
    return " → ".join([*names, names[0]])


# ---- units


@dataclass(slots=True)
class _UnitRow:
    rownum: int
    key: int  # existing id, or a negative placeholder for a new unit
    instansi_id: int
    code: str
    name: str
    parent_code: str | None  # None: column absent (keep)
    changed: tuple[str, ...] = ()


class _UnitImporter(_Importer):
    kind = "unit"

    def check(self) -> None:
        units = list(
            UnitKerja.objects.values_list(
                "id", "code", "name", "instansi_id", "parent_id", "path", "depth"
            )
        )
        self.existing = {u[0]: u for u in units}
        index = _CodeIndex((u[1], u[0]) for u in units)
        self.rows: list[_UnitRow] = []
        seen: dict[str, int] = {}
        has_parent_col = "kode_unit_induk" in self.columns
        for rownum, raw in self.data_rows():
            ok = self.required(rownum, raw, "kode_instansi", "kode_unit", "nama_unit")
            code, name = raw.get("kode_unit", ""), raw.get("nama_unit", "")
            instansi_id = self.resolve_instansi(rownum, raw)
            ok &= self.lengths_ok(rownum, raw)
            if code:
                prior = seen.get(code.upper())
                if prior:
                    self.error(rownum, "kode_unit", _("Kode unit %(code)s sudah ada di baris %(row)d.")
                               % {"code": code, "row": prior})  # fmt: skip
                    continue
                seen[code.upper()] = rownum
            existing_id = index.get(code) if code else None
            if existing_id is not None and instansi_id is not None:
                current = self.existing[existing_id]
                if current[3] != instansi_id:
                    self.error(rownum, "kode_unit", _(
                        "Kode unit %(code)s sudah dipakai oleh unit %(name)s di instansi %(inst)s; kode unit "
                        "harus unik dan unit tidak dapat dipindah ke instansi lain.")
                        % {"code": code, "name": current[2], "inst": self.instansi_name.get(current[3])})  # fmt: skip
                    continue
            if not ok or instansi_id is None:
                continue
            key = existing_id if existing_id is not None else -rownum
            parent_code = raw.get("kode_unit_induk", "") if has_parent_col else None
            self.rows.append(_UnitRow(rownum, key, instansi_id, code, name, parent_code))
        self.result.rows = len(self.rows)

        # Parents may be earlier or later in the file, or already registered.
        in_file = {r.code.upper(): r for r in self.rows}
        self.parent_of: dict[int, int | None] = {pk: u[4] for pk, u in self.existing.items()}
        instansi_of = {pk: u[3] for pk, u in self.existing.items()}
        for r in self.rows:
            instansi_of[r.key] = r.instansi_id
        code_of = {pk: u[1] for pk, u in self.existing.items()} | {r.key: r.code for r in self.rows}
        for r in self.rows:
            if r.parent_code is None:
                self.parent_of.setdefault(r.key, None)
                continue
            if not r.parent_code:
                self.parent_of[r.key] = None
                continue
            if r.parent_code.upper() == r.code.upper():
                self.error(
                    r.rownum,
                    "kode_unit_induk",
                    _("Unit tidak boleh menjadi induk dirinya sendiri."),
                )
                continue
            target = in_file.get(r.parent_code.upper())
            if target is None and r.parent_code.upper() in seen:
                continue  # the parent's row has errors of its own
            parent_key = target.key if target else index.get(r.parent_code)
            if parent_key is None:
                self.error(r.rownum, "kode_unit_induk", _(
                    "Unit induk dengan kode %(code)s tidak ditemukan di berkas maupun di data unit kerja.")
                    % {"code": r.parent_code})  # fmt: skip
                continue
            if instansi_of[parent_key] != r.instansi_id:
                self.error(r.rownum, "kode_unit_induk", _(
                    "Unit induk %(code)s milik instansi lain (%(inst)s); unit induk harus dari instansi yang sama.")
                    % {"code": r.parent_code, "inst": self.instansi_name.get(instansi_of[parent_key])})  # fmt: skip
                continue
            self.parent_of[r.key] = parent_key
        depth, cycles = _walk_tree(self.parent_of, [r.key for r in self.rows])
        by_key = {r.key: r for r in self.rows}
        for cycle in cycles:
            text = _cycle_text(cycle, lambda k: code_of.get(k, "?"))
            for k in cycle:
                if k in by_key:
                    self.error(
                        by_key[k].rownum,
                        "kode_unit_induk",
                        _("Susunan unit melingkar: %(c)s.") % {"c": text},
                    )
        digits = len(str(max([0, *self.existing]) + len(self.rows) + 1))
        for r in self.rows:
            d = depth.get(r.key)
            if d is not None and (d + 1) * (digits + 1) + 1 > MAX_UNIT_PATH:
                self.error(
                    r.rownum,
                    "kode_unit_induk",
                    _("Susunan unit terlalu dalam (%(n)d tingkat).") % {"n": d + 1},
                )

        for r in self.rows:
            if r.key < 0:
                self.result.created += 1
                continue
            old = self.existing[r.key]
            changed = []
            if r.name != old[2]:
                changed.append("name")
            if self.parent_of.get(r.key) != old[4]:
                changed.append("parent")
            r.changed = tuple(changed)
            if changed:
                self.result.updated += 1
            else:
                self.result.unchanged += 1

    def write(self) -> None:
        new_rows = [r for r in self.rows if r.key < 0]
        ids = dict(
            zip((r.key for r in new_rows), _allocate_ids(UnitKerja, len(new_rows)), strict=True)
        )

        def real(key: int) -> int:
            return ids.get(key, key)

        parent_ids = {real(k): None if p is None else real(p) for k, p in self.parent_of.items()}
        prefixes = _ancestor_strings(parent_ids)
        created: list[UnitKerja] = []
        for r in new_rows:
            pk = ids[r.key]
            path = f"{prefixes[pk]}{pk}/"
            created.append(UnitKerja(
                id=pk, instansi_id=r.instansi_id, parent_id=parent_ids[pk], code=r.code, name=r.name,
                path=path, depth=path.count("/") - 2, created_at=self.now, updated_at=self.now,
            ))  # fmt: skip
        updates: list[tuple[models.Model, tuple[str, ...]]] = []
        in_file = {r.key: r for r in self.rows if r.key > 0}
        for pk, old in self.existing.items():
            path = f"{prefixes[pk]}{pk}/"
            depth = path.count("/") - 2
            row = in_file.get(pk)
            fields = list(row.changed) if row else []
            if path != old[5] or depth != old[6]:
                fields += ["path", "depth"]
            if not fields:
                continue
            obj = UnitKerja(id=pk, code=old[1], name=row.name if row else old[2], instansi_id=old[3],
                            parent_id=parent_ids[pk], path=path, depth=depth, updated_at=self.now)  # fmt: skip
            if row and row.changed:
                fields.append("updated_at")
                before = _snapshot(UnitKerja(id=pk, code=old[1], name=old[2], instansi_id=old[3],
                                            parent_id=old[4], path=old[5], depth=old[6]))  # fmt: skip
                self.audit("unit.imported_updated", obj, before, _snapshot(obj))
            updates.append((obj, tuple(fields)))
        UnitKerja.objects.bulk_create(created, batch_size=BATCH)
        for obj in created:
            self.audit("unit.imported_created", obj, None, _snapshot(obj))
        _bulk_update(UnitKerja, updates)
        self.finish_audit()


# ---- positions


@dataclass(slots=True)
class _JabatanRow:
    rownum: int
    existing_id: int | None
    values: dict[str, Any]
    changed: tuple[str, ...] = ()


class _JabatanImporter(_Importer):
    kind = "jabatan"
    fields = ("instansi_id", "unit_id", "code", "name", "kind", "level", "is_head")

    def check(self) -> None:
        units = UnitKerja.objects.values_list("code", "id", "instansi_id", "name")
        unit_index = _CodeIndex((code, (pk, inst, name)) for code, pk, inst, name in units)
        existing = list(Jabatan.objects.values_list("id", *self.fields))
        self.existing = {
            row[0]: dict(zip(("id", *self.fields), row, strict=True)) for row in existing
        }
        index = _CodeIndex((row["code"], pk) for pk, row in self.existing.items())
        self.rows: list[_JabatanRow] = []
        seen: dict[str, int] = {}
        has_unit, has_head = "kode_unit" in self.columns, "kepala_unit" in self.columns
        for rownum, raw in self.data_rows():
            ok = self.required(
                rownum, raw, "kode_instansi", "kode_jabatan", "nama_jabatan", "jenis", "jenjang"
            )
            code, name = raw.get("kode_jabatan", ""), raw.get("nama_jabatan", "")
            ok &= self.lengths_ok(rownum, raw)
            instansi_id = self.resolve_instansi(rownum, raw)
            ok &= instansi_id is not None
            if code:
                prior = seen.get(code.upper())
                if prior:
                    self.error(rownum, "kode_jabatan", _("Kode jabatan %(code)s sudah ada di baris %(row)d.")
                               % {"code": code, "row": prior})  # fmt: skip
                    continue
                seen[code.upper()] = rownum
            existing_id = index.get(code) if code else None
            old = self.existing.get(existing_id) if existing_id else None
            if old and instansi_id is not None and old["instansi_id"] != instansi_id:
                self.error(rownum, "kode_jabatan", _(
                    "Kode jabatan %(code)s sudah dipakai oleh jabatan %(name)s di instansi %(inst)s; kode jabatan "
                    "harus unik dan jabatan tidak dapat dipindah ke instansi lain.")
                    % {"code": code, "name": old["name"], "inst": self.instansi_name.get(old["instansi_id"])})  # fmt: skip
                ok = False
            kind_text = raw.get("jenis", "")
            kind = _KINDS_BY_TEXT.get(kind_text.strip().lower()) if kind_text else None
            if kind_text and kind is None:
                self.error(
                    rownum,
                    "jenis",
                    _("Jenis jabatan %(v)s tidak dikenal; isi JPT, JA, atau JF.")
                    % {"v": kind_text},
                )
                ok = False
            level_text = raw.get("jenjang", "")
            level = None
            if kind and level_text:
                level = _parse_level(kind, level_text)
                allowed = LEVELS_BY_KIND[kind]
                if level is None or level not in allowed:
                    names = ", ".join(str(JabatanLevel(v).label) for v in allowed)
                    if level is None:
                        msg = _("Jenjang %(v)s tidak dikenal. Pilihan untuk %(kind)s: %(names)s.")
                    else:
                        msg = _(
                            "Jenjang %(v)s tidak berlaku untuk jenis jabatan %(kind)s. Pilihan: %(names)s."
                        )
                    self.error(
                        rownum, "jenjang", msg % {"v": level_text, "kind": kind, "names": names}
                    )
                    ok = False
            values: dict[str, Any] = {
                "instansi_id": instansi_id,
                "code": code,
                "name": name,
                "kind": kind,
                "level": level,
            }
            if has_unit:
                unit_code = raw.get("kode_unit", "")
                values["unit_id"] = None
                if unit_code:
                    unit = unit_index.get(unit_code)
                    if unit is None:
                        self.error(rownum, "kode_unit", _(
                            "Unit kerja dengan kode %(code)s tidak ditemukan. Impor unit kerja lebih dulu.")
                            % {"code": unit_code})  # fmt: skip
                        ok = False
                    elif instansi_id is not None and unit[1] != instansi_id:
                        self.error(rownum, "kode_unit", _("Unit kerja %(code)s (%(name)s) milik instansi lain (%(inst)s).")
                                   % {"code": unit_code, "name": unit[2], "inst": self.instansi_name.get(unit[1])})  # fmt: skip
                        ok = False
                    else:
                        values["unit_id"] = unit[0]
            if has_head and raw.get("kepala_unit"):
                try:
                    values["is_head"] = _parse_bool(raw["kepala_unit"])
                except ValueError:
                    self.error(rownum, "kepala_unit", _("Isi kepala_unit dengan ya atau tidak (tertulis %(v)s).")
                               % {"v": raw["kepala_unit"]})  # fmt: skip
                    ok = False
            if not ok:
                continue
            if old is None:
                values.setdefault("unit_id", None)
                values.setdefault("is_head", False)
            if values.get("is_head") and not values.get("unit_id", old and old["unit_id"]):
                self.warn(
                    rownum,
                    "kepala_unit",
                    _("Jabatan kepala unit tanpa kode_unit: unit yang dipimpin tidak diketahui."),
                )
            self.rows.append(_JabatanRow(rownum, existing_id, values))
        self.result.rows = len(self.rows)
        for r in self.rows:
            if r.existing_id is None:
                self.result.created += 1
                continue
            old = self.existing[r.existing_id]
            r.changed = tuple(f for f, v in r.values.items() if f != "code" and old[f] != v)
            if r.changed:
                self.result.updated += 1
            else:
                self.result.unchanged += 1

    def write(self) -> None:
        new_rows = [r for r in self.rows if r.existing_id is None]
        ids = _allocate_ids(Jabatan, len(new_rows))
        created = [Jabatan(id=pk, created_at=self.now, updated_at=self.now, **r.values)
                   for pk, r in zip(ids, new_rows, strict=True)]  # fmt: skip
        updates: list[tuple[models.Model, tuple[str, ...]]] = []
        for r in self.rows:
            if r.existing_id is None or not r.changed:
                continue
            old = self.existing[r.existing_id]
            before = Jabatan(**old)
            obj = Jabatan(**(old | r.values), updated_at=self.now)
            fields = tuple(f.removesuffix("_id") for f in r.changed) + ("updated_at",)
            updates.append((obj, fields))
            self.audit("jabatan.imported_updated", obj, _snapshot(before), _snapshot(obj))
        Jabatan.objects.bulk_create(created, batch_size=BATCH)
        for obj in created:
            self.audit("jabatan.imported_created", obj, None, _snapshot(obj))
        _bulk_update(Jabatan, updates)
        self.finish_audit()


# ---- employees

_PEGAWAI_FIELDS = (
    "nip", "name", "gelar_depan", "gelar_belakang", "kind", "sex", "birth_date", "tmt", "golongan",
    "instansi_id", "unit_id", "jabatan_id", "atasan_id", "chain", "user_id", "email", "phone", "is_active",
)  # fmt: skip
_COMPARED = tuple(f for f in _PEGAWAI_FIELDS if f not in ("nip", "chain", "user_id"))
_MOVE_FIELDS = ("instansi_id", "unit_id", "jabatan_id", "atasan_id")


class _PegawaiRow:
    __slots__ = (
        "rownum",
        "nip",
        "key",
        "existing_id",
        "values",
        "atasan_nip",
        "start",
        "changed",
        "moved",
    )

    def __init__(self, rownum: int, nip: str, values: dict[str, Any], atasan_nip: str | None,
                 start: datetime.date | None):  # fmt: skip
        self.rownum = rownum
        self.nip = nip
        self.key = 0
        self.existing_id: int | None = None
        self.values = values
        self.atasan_nip = atasan_nip  # None: column absent (keep); "": no superior
        self.start = start
        self.changed: tuple[str, ...] = ()
        self.moved = False


class _PegawaiImporter(_Importer):
    kind = "pegawai"

    def check(self) -> None:
        cols = self.columns
        units = UnitKerja.objects.values_list("code", "id", "instansi_id", "name")
        unit_index = _CodeIndex((code, (pk, inst, name)) for code, pk, inst, name in units)
        positions = Jabatan.objects.values_list("code", "id", "instansi_id", "name")
        jabatan_index = _CodeIndex((code, (pk, inst, name)) for code, pk, inst, name in positions)
        # One pass over every employee: the hierarchy is global (a Sekda supervises heads of
        # other agencies), and moving someone moves the chains of everyone under them.
        self.light: dict[int, tuple[str, int | None, str, bool, int]] = {}
        self.id_by_nip: dict[str, int] = {}
        for pk, nip, atasan_id, chain, active, inst in Pegawai.objects.values_list(
            "id", "nip", "atasan_id", "chain", "is_active", "instansi_id"
        ).iterator(chunk_size=10000):
            self.light[pk] = (nip, atasan_id, chain, active, inst)
            self.id_by_nip[nip] = pk

        inexact = {
            c: {self.sheet.row_number(i) for i in rows}
            for c, rows in self.sheet.inexact_nip_rows.items()
        }
        inexact_message = _(
            "NIP %(nip)s tersimpan sebagai angka, bukan teks, sehingga digit terakhirnya tidak dapat "
            "dipastikan (Excel hanya menyimpan 15 digit angka). Format kolom sebagai Teks lalu ketik ulang NIP-nya."
        )  # fmt: skip

        self.rows: list[_PegawaiRow] = []
        seen: dict[str, int] = {}
        optional_text = [c for c in ("gelar_depan", "gelar_belakang") if c in cols]
        has = {c: c in cols for c in ("golongan", "kode_unit", "kode_jabatan", "nip_atasan", "email",
                                      "telepon", "tmt_jabatan", "aktif", "jenis_pegawai")}  # fmt: skip
        for rownum, raw in self.data_rows():
            ok = self.required(rownum, raw, "nip", "nama", "kode_instansi")
            nip = raw.get("nip", "")
            kind = None
            expected = None
            kind_text = raw.get("jenis_pegawai", "") if has["jenis_pegawai"] else ""
            if kind_text:
                expected = _EMPLOYEE_KINDS.get(kind_text.strip().lower())
                if expected is None:
                    self.error(
                        rownum,
                        "jenis_pegawai",
                        _("Jenis pegawai %(v)s tidak dikenal; isi PNS atau PPPK.")
                        % {"v": kind_text},
                    )
                    ok = False
            values: dict[str, Any] = {}
            if nip and rownum in inexact.get("nip", ()):
                self.error(rownum, "nip", inexact_message % {"nip": nip})
                ok = False
            elif nip:
                try:
                    info = parse_nip(nip, expected_kind=expected, today=self.today)
                except ValidationError as exc:
                    for message in exc.messages:
                        self.error(
                            rownum, "nip", _("NIP %(nip)s: %(msg)s") % {"nip": nip, "msg": message}
                        )
                    ok = False
                else:
                    kind = info.kind
                    values.update(
                        kind=info.kind, sex=info.sex, birth_date=info.birth_date, tmt=info.tmt
                    )
                    for w in info.warnings:
                        self.warn(rownum, "nip", w)
                prior = seen.get(nip)
                if prior:
                    self.error(
                        rownum,
                        "nip",
                        _("NIP %(nip)s sudah ada di baris %(row)d.") % {"nip": nip, "row": prior},
                    )
                    continue
                seen[nip] = rownum
            name = raw.get("nama", "")
            ok &= self.lengths_ok(rownum, raw)
            values["name"] = name
            for column in optional_text:
                values[column] = raw.get(column, "")
            if has["golongan"]:
                text = raw.get("golongan", "")
                values["golongan"] = None
                if text:
                    gol = golongan_from_text(kind or expected or kind_of(nip), text)
                    if gol is None:
                        self.error(rownum, "golongan", _(
                            "Golongan %(v)s tidak dikenal; tulis seperti III/a (PNS), IX (PPPK), atau nomor urut 1–17.")
                            % {"v": text})  # fmt: skip
                        ok = False
                    values["golongan"] = gol
            instansi_id = self.resolve_instansi(rownum, raw)
            ok &= instansi_id is not None or not raw.get("kode_instansi")
            values["instansi_id"] = instansi_id
            for column, attr, index, label in (
                ("kode_unit", "unit_id", unit_index, _("Unit kerja")),
                ("kode_jabatan", "jabatan_id", jabatan_index, _("Jabatan")),
            ):
                if not has[column]:
                    continue
                code = raw.get(column, "")
                values[attr] = None
                if not code:
                    continue
                hit = index.get(code)
                if hit is None:
                    self.error(
                        rownum,
                        column,
                        _("%(what)s dengan kode %(code)s tidak ditemukan.")
                        % {"what": label, "code": code},
                    )
                    ok = False
                elif instansi_id is not None and hit[1] != instansi_id:
                    self.error(rownum, column, _("%(what)s %(code)s (%(name)s) milik instansi lain (%(inst)s).")
                               % {"what": label, "code": code, "name": hit[2], "inst": self.instansi_name.get(hit[1])})  # fmt: skip
                    ok = False
                else:
                    values[attr] = hit[0]
            if has["email"]:
                email = raw.get("email", "")
                if email:
                    try:
                        validate_email(email)
                    except ValidationError:
                        self.error(
                            rownum, "email", _("Alamat surel %(v)s tidak sah.") % {"v": email}
                        )
                        ok = False
                values["email"] = email
            if has["telepon"]:
                phone = raw.get("telepon", "")
                if phone and not _PHONE.match(phone):
                    self.error(
                        rownum,
                        "telepon",
                        _(
                            "Nomor telepon %(v)s hanya boleh berisi angka, spasi, +, -, dan tanda kurung."
                        )
                        % {"v": phone},
                    )
                    ok = False
                if phone.isdigit() and phone.startswith("8") and 9 <= len(phone) <= 13:
                    phone = "0" + phone  # the leading 0 that Excel drops from a number
                values["phone"] = phone
            start = None
            if has["tmt_jabatan"] and raw.get("tmt_jabatan"):
                try:
                    start = parse_date(raw["tmt_jabatan"])
                except ValueError:
                    self.error(rownum, "tmt_jabatan", _(
                        "Tanggal %(v)s tidak dikenali; tulis sebagai YYYY-MM-DD, DD-MM-YYYY, atau DD/MM/YYYY.")
                        % {"v": raw["tmt_jabatan"]})  # fmt: skip
                    ok = False
            if has["aktif"] and raw.get("aktif"):
                try:
                    values["is_active"] = _parse_bool(raw["aktif"])
                except ValueError:
                    self.error(
                        rownum,
                        "aktif",
                        _("Isi aktif dengan ya atau tidak (tertulis %(v)s).") % {"v": raw["aktif"]},
                    )
                    ok = False
            atasan_nip = None
            if has["nip_atasan"]:
                atasan_nip = raw.get("nip_atasan", "")
                if atasan_nip and rownum in inexact.get("nip_atasan", ()):
                    self.error(rownum, "nip_atasan", inexact_message % {"nip": atasan_nip})
                    ok = False
                elif atasan_nip and atasan_nip == nip:
                    self.error(
                        rownum,
                        "nip_atasan",
                        _("Pegawai tidak boleh menjadi atasan dirinya sendiri."),
                    )
                    ok = False
            existing_id = self.id_by_nip.get(nip) if nip else None
            if existing_id is not None and not self.may_write(self.light[existing_id][4]):
                self.error(rownum, "nip", _(
                    "Pegawai dengan NIP %(nip)s terdaftar di instansi %(inst)s; Anda tidak berwenang mengubah data "
                    "instansi %(inst)s.") % {"nip": nip, "inst": self.instansi_name.get(self.light[existing_id][4])})  # fmt: skip
                ok = False
            if not ok:
                continue
            row = _PegawaiRow(rownum, nip, values, atasan_nip, start)
            row.existing_id = existing_id
            row.key = existing_id if existing_id is not None else -rownum
            self.rows.append(row)
        self.result.rows = len(self.rows)
        self._check_hierarchy(seen)
        if not self.result.errors:
            self._diff()

    def _check_hierarchy(self, seen: dict[str, int]) -> None:
        by_nip = {r.nip: r for r in self.rows}
        self.parent_of: dict[int, int | None] = {pk: v[1] for pk, v in self.light.items()}
        active_of: dict[int, bool] = {pk: v[3] for pk, v in self.light.items()}
        nip_of: dict[int, str] = {pk: v[0] for pk, v in self.light.items()}
        for r in self.rows:
            nip_of[r.key] = r.nip
            active_of[r.key] = r.values.get("is_active", active_of.get(r.key, True))
        for r in self.rows:
            if r.atasan_nip is None:
                self.parent_of.setdefault(r.key, None)
                continue
            if not r.atasan_nip:
                self.parent_of[r.key] = None
                continue
            target = by_nip.get(r.atasan_nip)
            parent: int | None
            if target is not None:
                parent = target.key
            elif r.atasan_nip in seen:
                continue  # that row has errors of its own
            else:
                parent = self.id_by_nip.get(r.atasan_nip)
            if parent is None:
                self.error(r.rownum, "nip_atasan", _(
                    "Atasan dengan NIP %(nip)s tidak ditemukan di berkas maupun di data pegawai.")
                    % {"nip": r.atasan_nip})  # fmt: skip
                continue
            if r.values.get("is_active", active_of.get(r.key, True)) and not active_of.get(
                parent, True
            ):
                self.error(
                    r.rownum,
                    "nip_atasan",
                    _("Atasan dengan NIP %(nip)s sudah tidak aktif.") % {"nip": r.atasan_nip},
                )
                continue
            self.parent_of[r.key] = parent
        depth, cycles = _walk_tree(self.parent_of, [r.key for r in self.rows])
        by_key = {r.key: r for r in self.rows}
        for cycle in cycles:
            text = _cycle_text(cycle, lambda k: nip_of.get(k, "?"))
            for k in cycle:
                if k in by_key:
                    self.error(
                        by_key[k].rownum,
                        "nip_atasan",
                        _("Hubungan atasan melingkar: %(c)s.") % {"c": text},
                    )
        digits = len(str(max([0, *self.light]) + len(self.rows) + 1))
        for r in self.rows:
            d = depth.get(r.key)
            if d is not None and d * (digits + 1) + 1 > MAX_CHAIN:
                self.error(
                    r.rownum,
                    "nip_atasan",
                    _("Rantai atasan terlalu panjang (%(n)d tingkat).") % {"n": d},
                )
        # Deactivating someone who still supervises others is allowed, but worth a look.
        children: dict[int, int] = {}
        for k, p in self.parent_of.items():
            if p is not None and active_of.get(k, True):
                children[p] = children.get(p, 0) + 1
        for r in self.rows:
            if r.values.get("is_active") is False and children.get(r.key):
                self.warn(r.rownum, "aktif", ngettext(
                    "Pegawai ini dinonaktifkan tetapi masih menjadi atasan %(n)d pegawai aktif.",
                    "Pegawai ini dinonaktifkan tetapi masih menjadi atasan %(n)d pegawai aktif.",
                    children[r.key]) % {"n": children[r.key]})  # fmt: skip

    def _diff(self) -> None:
        existing_ids = [r.existing_id for r in self.rows if r.existing_id is not None]
        self.old: dict[int, dict[str, Any]] = {}
        for chunk in _chunks(existing_ids, _max_query_params()):
            for row in Pegawai.objects.filter(pk__in=chunk).values("id", *_PEGAWAI_FIELDS):
                self.old[row["id"]] = row
        for r in self.rows:
            r.values["atasan_id"] = self.parent_of.get(r.key)
            if r.existing_id is None:
                self.result.created += 1
                continue
            old = self.old[r.existing_id]
            r.changed = tuple(f for f in _COMPARED if f in r.values and r.values[f] != old[f])
            r.moved = any(f in r.changed for f in _MOVE_FIELDS)
            if r.changed:
                self.result.updated += 1
            else:
                self.result.unchanged += 1

    def write(self) -> None:
        new_rows = [r for r in self.rows if r.existing_id is None]
        ids = dict(
            zip((r.key for r in new_rows), _allocate_ids(Pegawai, len(new_rows)), strict=True)
        )

        def real(key: int) -> int:
            return ids.get(key, key)

        for r in self.rows:
            atasan = r.values["atasan_id"]
            r.values["atasan_id"] = None if atasan is None else real(atasan)
        parent_ids = {real(k): None if p is None else real(p) for k, p in self.parent_of.items()}
        chains = _ancestor_strings(parent_ids)
        row_of = {real(r.key): r for r in self.rows}
        too_long = [pk for pk, chain in chains.items() if len(chain) > MAX_CHAIN]
        if too_long:
            for pk in too_long[:50]:
                row = row_of.get(pk)
                self.error(row.rownum if row else None, "nip_atasan", _(
                    "Rantai atasan pegawai %(nip)s terlalu panjang.")
                    % {"nip": row.nip if row else self.light[pk][0]})  # fmt: skip
            raise _Abort

        defaults = {"gelar_depan": "", "gelar_belakang": "", "golongan": None, "unit_id": None,
                    "jabatan_id": None, "email": "", "phone": "", "is_active": True}  # fmt: skip
        created: list[Pegawai] = []
        for r in new_rows:
            pk = ids[r.key]
            r.values = defaults | r.values
            created.append(Pegawai(id=pk, nip=r.nip, chain=chains[pk], created_at=self.now,
                                   updated_at=self.now, **r.values))  # fmt: skip
        updates: list[tuple[models.Model, tuple[str, ...]]] = []
        for r in self.rows:
            if r.existing_id is None or not r.changed:
                continue
            old = self.old[r.existing_id]
            obj = Pegawai(**(old | r.values), updated_at=self.now)
            obj.chain = chains[obj.pk]
            fields = list(r.changed)
            if obj.chain != old["chain"]:
                fields.append("chain")
            updates.append((obj, (*fields, "updated_at")))
            self.audit("pegawai.imported_updated", obj, _snapshot(Pegawai(**old)), _snapshot(obj))
        # Chains that moved because someone above moved: derived data, no audit row.
        updated_ids = {obj.pk for obj, _f in updates}
        for pk, (_nip, _atasan, chain, _active, _inst) in self.light.items():
            if pk not in updated_ids and chains[pk] != chain:
                updates.append((Pegawai(id=pk, chain=chains[pk]), ("chain",)))

        _insert(Pegawai, created)
        _bulk_update(Pegawai, updates)
        for obj in created:
            self.audit("pegawai.imported_created", obj, None, _snapshot(obj))
        self._write_history(new_rows, ids)
        self.finish_audit()

    def _write_history(self, new_rows: list[_PegawaiRow], ids: dict[int, int]) -> None:
        """A new employee, or one whose post, unit, superior or agency changed, gets a new
        definitive assignment; the open one is closed the day before. An employee updated
        without any open assignment gets their first one (as pegawai_save does)."""
        note = (_("Impor berkas %(name)s") % {"name": self.filename})[:300]
        touched = [r for r in self.rows if r.existing_id is not None and r.changed]
        open_rows: dict[int, list[tuple[int, datetime.date]]] = {}
        for chunk in _chunks([r.existing_id for r in touched], _max_query_params()):
            for pk, pegawai_id, start in Penugasan.objects.filter(
                pegawai_id__in=chunk, kind=AssignmentKind.DEFINITIF, end_date__isnull=True
            ).values_list("id", "pegawai_id", "start_date"):
                open_rows.setdefault(pegawai_id, []).append((pk, start))
        history: list[Penugasan] = []
        closed: list[tuple[models.Model, tuple[str, ...]]] = []

        def open_for(pegawai_id: int, values: dict[str, Any], start: datetime.date) -> None:
            history.append(Penugasan(
                pegawai_id=pegawai_id, kind=AssignmentKind.DEFINITIF, instansi_id=values["instansi_id"],
                unit_id=values["unit_id"], jabatan_id=values["jabatan_id"], atasan_id=values["atasan_id"],
                start_date=start, note=note, created_at=self.now, updated_at=self.now,
            ))  # fmt: skip

        for r in new_rows:
            open_for(ids[r.key], r.values, r.start or self.today)
        for r in touched:
            existing = r.existing_id
            assert existing is not None
            current = open_rows.get(existing, [])
            if current and not r.moved:
                continue
            start = r.start or self.today
            for row_id, row_start in current:
                end = max(row_start, start - datetime.timedelta(days=1))
                closed.append(
                    (
                        Penugasan(id=row_id, end_date=end, updated_at=self.now),
                        ("end_date", "updated_at"),
                    )
                )
            open_for(existing, self.old[existing] | r.values, start)
        _bulk_update(Penugasan, closed)
        for pk, row in zip(_allocate_ids(Penugasan, len(history)), history, strict=True):
            row.id = pk
        _insert(Penugasan, history)


_IMPORTERS: dict[str, type[_Importer]] = {
    "unit": _UnitImporter,
    "jabatan": _JabatanImporter,
    "pegawai": _PegawaiImporter,
}

# ---------------------------------------------------------------- the entry points


def import_data(*, kind: str, filename: str, data: bytes, actor: Any, instansi_scope: set[int] | None,
                progress: Progress | None = None) -> ImportResult:  # fmt: skip
    """Validate every row; when none has an error, write them all in one transaction with
    their history and audit rows. Bad input never raises: it comes back as `errors`.
    `instansi_scope` holds the agencies the actor may change (None: all)."""
    if kind not in _IMPORTERS:
        raise ValueError(f"unknown import kind {kind!r}")
    result = ImportResult(kind=kind)
    last = [-1]

    def report(fraction: float) -> None:
        if progress is None:
            return
        total = max(1, len(sheet.rows)) if sheet is not None else 1
        done = min(total, int(total * fraction))
        if done != last[0]:
            last[0] = done
            progress(done, total)

    sheet: Sheet | None = None
    try:
        sheet = read_sheet(filename, data)
    except ImportFileError as exc:
        result.errors.append(RowError(None, "", str(exc)))
        return result
    report(0.1)
    if not _check_header(kind, sheet, result):
        return result
    importer = _IMPORTERS[kind](sheet=sheet, filename=filename, actor=actor,
                                scope=set(instansi_scope) if instansi_scope is not None else None,
                                result=result, progress=report)  # fmt: skip
    importer.check()
    if not result.errors and result.rows == 0:
        result.errors.append(
            RowError(None, "", _("Berkas tidak berisi baris data (hanya judul kolom)."))
        )
    if result.errors:
        result.created = result.updated = result.unchanged = 0
        result.errors.sort(key=lambda e: e.row or 0)
        return result
    report(0.5)
    if importer.has_changes:
        try:
            with transaction.atomic():
                importer.write()
        except _Abort:
            result.created = result.updated = result.unchanged = 0
        except IntegrityError as exc:
            result.created = result.updated = result.unchanged = 0
            result.errors.append(RowError(None, "", _(
                "Data berubah selama impor berjalan (%(e)s); tidak ada yang disimpan. Silakan ulangi.")
                % {"e": str(exc)[:200]}))  # fmt: skip
    report(1.0)
    return result


def _check_header(kind: str, sheet: Sheet, result: ImportResult) -> bool:
    header = sheet.header
    known = {c.name for c in TEMPLATE_COLUMNS[kind]}
    found = [h for h in header if h]
    duplicates = sorted({h for h in found if found.count(h) > 1})
    for name in duplicates:
        result.errors.append(
            RowError(
                sheet.header_row, name, _("Kolom %(col)s muncul lebih dari sekali.") % {"col": name}
            )
        )
    missing = [c.name for c in TEMPLATE_COLUMNS[kind] if c.required and c.name not in found]
    if missing:
        message = _("Kolom wajib tidak ditemukan: %(missing)s. Kolom yang ada di berkas: %(found)s.") % {
            "missing": ", ".join(missing), "found": ", ".join(found) or _("(tidak ada)"),
        }  # fmt: skip
        for other in KINDS:
            required = {c.name for c in TEMPLATE_COLUMNS[other] if c.required}
            if other != kind and required <= set(found):
                message += " " + _("Berkas ini tampaknya untuk impor %(what)s.") % {
                    "what": kind_label(other)
                }
                break
        result.errors.append(RowError(None, "", message))
    unknown = [h for h in found if h not in known]
    if unknown and not missing:
        result.warnings.append(RowError(sheet.header_row, "", _("Kolom tidak dikenal dan diabaikan: %(cols)s.")
                                        % {"cols": ", ".join(unknown)}))  # fmt: skip
    return not result.errors


@register("organisation.import")
def run_import_job(job: Any, progress: Progress) -> dict[str, Any]:
    """Background import: the uploaded file is the job's input file."""
    params = job.params or {}
    with job.input_file.open("rb") as fh:
        data = fh.read()
    scope = params.get("instansi_scope")
    result = import_data(
        kind=params["kind"],
        filename=params.get("filename") or job.input_file.name,
        data=data,
        actor=job.created_by,
        instansi_scope=set(scope) if scope is not None else None,
        progress=progress,
    )
    return result.as_dict()


# ---------------------------------------------------------------- templates


def build_template(kind: str, fmt: str) -> tuple[bytes, str, str]:
    """The template for `kind` as (bytes, content type, file name): the header and one example
    row; the XLSX has a second sheet "Petunjuk" describing every column."""
    if kind not in TEMPLATE_COLUMNS:
        raise ValueError(f"unknown import kind {kind!r}")
    columns = TEMPLATE_COLUMNS[kind]
    filename = f"templat-impor-{kind}.{fmt}"
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow([c.name for c in columns])
        writer.writerow([c.example for c in columns])
        return text.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", filename
    if fmt != "xlsx":
        raise ValueError(f"unknown template format {fmt!r}")

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = {"unit": "Unit kerja", "jabatan": "Jabatan", "pegawai": "Pegawai"}[kind]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        head = ws.cell(row=1, column=i, value=col.name)
        head.font = bold
        head.fill = fill
        cell = ws.cell(row=2, column=i, value=col.example or None)
        ws.column_dimensions[letter].width = max(14, len(col.name) + 4, len(col.example) + 4)
        if _is_nip_column(col.name) or col.name == "telepon":
            # Text, so Excel keeps all 18 digits (and the leading 0 of a phone number).
            ws.column_dimensions[letter].number_format = "@"
            cell.number_format = "@"
        choices = {
            "jenis": "JPT,JA,JF", "jenis_pegawai": "PNS,PPPK", "kepala_unit": "ya,tidak", "aktif": "ya,tidak",
        }.get(col.name)  # fmt: skip
        if choices:
            dv = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}10000")
    ws.freeze_panes = "A2"

    info = wb.create_sheet(INSTRUCTIONS_SHEET)
    lines = [
        _("Petunjuk impor %(what)s") % {"what": kind_label(kind)},
        _("Isi lembar pertama mulai baris 2; baris 1 adalah judul kolom dan jangan diubah. Hapus baris contoh."),
        _("Semua baris diperiksa lebih dulu: bila ada satu saja yang salah, tidak ada data yang disimpan "
          "dan setiap kesalahan ditampilkan dengan nomor barisnya."),
        _("Impor ulang berkas yang sama memperbarui data, tidak menggandakannya (kunci: NIP untuk pegawai, "
          "kode untuk unit dan jabatan)."),
        _("Urutan impor: unit kerja, lalu jabatan, lalu pegawai."),
    ]  # fmt: skip
    for line in lines:
        info.append([line])
    info["A1"].font = Font(bold=True, size=13)
    info.append([])
    info.append([_("Kolom"), _("Wajib"), _("Keterangan"), _("Contoh")])
    for cell in info[info.max_row]:
        cell.font = bold
        cell.fill = fill
    for col in columns:
        info.append(
            [col.name, _("ya") if col.required else _("tidak"), _(col.description), col.example]
        )
        info.cell(row=info.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 8
    info.column_dimensions["C"].width = 90
    info.column_dimensions["D"].width = 26
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), XLSX_CONTENT_TYPE, filename
