"""Spreadsheet import of units, positions and employees: all-or-nothing, every error with its
row number, keyed by NIP/code so a re-import updates, set-based (a fixed number of queries)."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from kinerja.core.models import AuditLog, Job
from kinerja.organisation import importers
from kinerja.organisation.importers import build_template, import_data, parse_rows
from kinerja.organisation.models import Jabatan, Pegawai, Penugasan, UnitKerja
from kinerja.organisation.tests.factories import make_nip

pytestmark = pytest.mark.django_db

PEGAWAI_HEADER = [
    "nip",
    "nama",
    "golongan",
    "kode_instansi",
    "kode_unit",
    "kode_jabatan",
    "nip_atasan",
    "tmt_jabatan",
]
NIP_A, NIP_B, NIP_C = make_nip(101), make_nip(102, sex=2), make_nip(103)


def csv_bytes(header, rows, delimiter=","):
    lines = [delimiter.join(header)] + [delimiter.join(str(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def xlsx_bytes(header, rows, *, title="Data"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def counts():
    return (Pegawai.objects.count(), UnitKerja.objects.count(), Jabatan.objects.count(),
            Penugasan.objects.count(), AuditLog.objects.count())  # fmt: skip


def run(cast, kind, data, filename="data.csv", actor=None, scope=None, **kw):
    return import_data(kind=kind, filename=filename, data=data, actor=actor or cast.bkpsdm_admin,
                       instansi_scope=scope, **kw)  # fmt: skip


def team_rows(cast):
    """A (reports to Hendra) → B → C; C comes before B in the file."""
    return [
        [
            NIP_A,
            "Agus Salim",
            "IV/a",
            "DISDIK",
            "DISDIK-00",
            "J-KABID",
            cast.head.nip,
            "2025-01-02",
        ],
        [NIP_C, "Citra Dewi", "9", "disdik", "DISDIK-01", "J-STAF", NIP_B, "02-01-2025"],
        [NIP_B, "Bayu Putra", "III/b", "DISDIK", "DISDIK-01", "J-STAF", NIP_A, "02/01/2025"],
    ]


def errors_of(result):
    return [(e.row, e.column, e.message) for e in result.errors]


# ---------------------------------------------------------------- good files


def test_a_good_csv_creates_employees_with_chains_history_and_audit(cast):
    before_audit = AuditLog.objects.count()
    result = run(cast, "pegawai", csv_bytes(PEGAWAI_HEADER, team_rows(cast)))
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    a, b, c = (Pegawai.objects.get(nip=n) for n in (NIP_A, NIP_B, NIP_C))
    head = cast.head
    assert a.atasan == head and a.chain == f"/{head.pk}/"
    assert b.atasan == a and b.chain == f"/{head.pk}/{a.pk}/"
    assert c.atasan == b and c.chain == f"/{head.pk}/{a.pk}/{b.pk}/"
    assert c.golongan == 9 and b.golongan == 10 and a.golongan == 13
    assert b.sex == "P" and b.kind == "PNS"
    assert b.birth_date == datetime.date(int(NIP_B[:4]), int(NIP_B[4:6]), int(NIP_B[6:8]))
    assert b.unit == cast.bidang and b.jabatan.code == "J-STAF" and b.is_active
    for p in (a, b, c):
        (history,) = Penugasan.objects.filter(pegawai=p)
        assert history.start_date == datetime.date(2025, 1, 2) and history.end_date is None
        assert (history.jabatan_id, history.unit_id, history.atasan_id) == (
            p.jabatan_id,
            p.unit_id,
            p.atasan_id,
        )
        assert history.kind == "definitif"
    rows = AuditLog.objects.exclude(pk__lte=0).order_by("id")[before_audit:]
    actions = sorted(r.action for r in rows)
    assert actions == ["import.completed"] + ["pegawai.imported_created"] * 3
    created = AuditLog.objects.get(action="pegawai.imported_created", object_id=str(b.pk))
    assert created.actor == cast.bkpsdm_admin and created.after["nip"] == NIP_B
    summary = AuditLog.objects.get(action="import.completed")
    assert summary.after["created"] == 3
    assert "3 baru" in result.summary


def test_a_good_xlsx_imports_the_same_way(cast):
    data = xlsx_bytes(PEGAWAI_HEADER, team_rows(cast))
    result = run(cast, "pegawai", data, filename="Pegawai.XLSX")
    assert result.errors == [] and result.created == 3
    c = Pegawai.objects.get(nip=NIP_C)
    assert c.chain.count("/") == 4


def test_excel_dates_numbers_and_spaced_headers_are_read(cast):
    header = [" NIP ", "Nama", "Golongan", "KODE_INSTANSI", "kode unit", "tmt_jabatan", "aktif"]
    rows = [[NIP_A, "Agus", 9, "DISDIK", "DISDIK-01", datetime.date(2024, 7, 1), True]]
    result = run(cast, "pegawai", xlsx_bytes(header, rows), filename="p.xlsx")
    assert result.errors == []
    agus = Pegawai.objects.get(nip=NIP_A)
    assert agus.golongan == 9 and agus.unit == cast.bidang and agus.atasan is None
    assert Penugasan.objects.get(pegawai=agus).start_date == datetime.date(2024, 7, 1)


def test_a_semicolon_csv_with_bom_and_windows_encoding_is_read(cast):
    data = "\ufeff" + "nip;nama;kode_instansi\r\n" + f"{NIP_A};Agus Sālim;DISDIK\r\n"
    result = run(cast, "pegawai", data.encode("utf-8"))
    assert result.errors == [] and Pegawai.objects.get(nip=NIP_A).name == "Agus Sālim"
    data = f"nip;nama;kode_instansi\r\n{NIP_B};Beatrïce;DISDIK\r\n".encode("cp1252")
    result = run(cast, "pegawai", data)
    assert result.errors == [] and Pegawai.objects.get(nip=NIP_B).name == "Beatrïce"


def test_reimporting_the_same_file_changes_nothing(cast):
    data = csv_bytes(PEGAWAI_HEADER, team_rows(cast))
    run(cast, "pegawai", data)
    before = counts()
    result = run(cast, "pegawai", data)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert counts() == before
    assert "3 tidak berubah" in result.summary


def test_a_changed_row_updates_and_closes_the_open_assignment(cast):
    run(cast, "pegawai", csv_bytes(PEGAWAI_HEADER, team_rows(cast)))
    rows = team_rows(cast)
    rows[1] = [
        NIP_C,
        "Citra Dewi Lestari",
        "9",
        "DISDIK",
        "DISDIK-00",
        "J-KABID",
        NIP_A,
        "2025-07-01",
    ]
    before_pegawai, *_rest = counts()
    result = run(cast, "pegawai", csv_bytes(PEGAWAI_HEADER, rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    a, c = Pegawai.objects.get(nip=NIP_A), Pegawai.objects.get(nip=NIP_C)
    assert (
        c.name == "Citra Dewi Lestari" and c.atasan == a and c.chain == f"/{cast.head.pk}/{a.pk}/"
    )
    assert Pegawai.objects.count() == before_pegawai
    old, new = Penugasan.objects.filter(pegawai=c).order_by("start_date")
    assert old.end_date == datetime.date(2025, 6, 30)
    assert (
        new.start_date == datetime.date(2025, 7, 1)
        and new.end_date is None
        and new.jabatan.code == "J-KABID"
    )
    log = AuditLog.objects.get(action="pegawai.imported_updated")
    assert log.object_id == str(c.pk)
    assert ("name", "Citra Dewi", "Citra Dewi Lestari") in log.changes


def test_moving_a_supervisor_moves_the_chains_of_their_whole_team(cast):
    siti, budi = cast.supervisor, cast.employee
    header = ["nip", "nama", "kode_instansi", "kode_unit", "kode_jabatan", "nip_atasan"]
    rows = [[siti.nip, siti.name, "DISDIK", "DISDIK-01", "J-KABID", ""]]
    result = run(cast, "pegawai", csv_bytes(header, rows))
    assert result.updated == 1
    siti.refresh_from_db()
    budi.refresh_from_db()
    assert siti.atasan is None and siti.chain == "/"
    assert budi.chain == f"/{siti.pk}/"
    # Budi's own data did not change: no audit row for him, no new history.
    assert not AuditLog.objects.filter(object_id=str(budi.pk)).exists()
    assert not Penugasan.objects.filter(pegawai=budi).exists()
    # Siti had no history yet (loaded before history existed): she gets her first assignment.
    assert Penugasan.objects.filter(pegawai=siti, end_date__isnull=True).count() == 1


def test_optional_columns_left_out_keep_what_is_stored(cast):
    budi = cast.employee
    header = ["nip", "nama", "kode_instansi"]
    result = run(cast, "pegawai", csv_bytes(header, [[budi.nip, "Budi Santoso", "DISDIK"]]))
    assert (result.updated, result.unchanged) == (0, 1)
    budi.refresh_from_db()
    assert (
        budi.atasan == cast.supervisor
        and budi.jabatan.code == "J-STAF"
        and budi.golongan is not None
    )


def test_units_import_with_parents_later_in_the_file_and_paths(cast):
    header = ["kode_instansi", "kode_unit", "nama_unit", "kode_unit_induk"]
    rows = [
        ["DISDIK", "DISDIK-03", "Seksi Kurikulum", "DISDIK-02"],
        ["DISDIK", "DISDIK-02", "Bidang SMP", "DISDIK-00"],
        ["DINKES", "DINKES-00", "Dinas Kesehatan", ""],
    ]
    result = run(cast, "unit", csv_bytes(header, rows))
    assert result.errors == [] and result.created == 3
    smp, kur = UnitKerja.objects.get(code="DISDIK-02"), UnitKerja.objects.get(code="DISDIK-03")
    root = cast.sekretariat
    assert smp.parent == root and smp.path == f"{root.path}{smp.pk}/" and smp.depth == 1
    assert kur.parent == smp and kur.path == f"{smp.path}{kur.pk}/" and kur.depth == 2
    assert AuditLog.objects.filter(action="unit.imported_created").count() == 3
    # Re-parenting an existing unit moves the paths below it.
    rows = [["DISDIK", "DISDIK-02", "Bidang SMP", ""]]
    result = run(cast, "unit", csv_bytes(header, rows))
    assert result.updated == 1
    smp.refresh_from_db()
    kur.refresh_from_db()
    assert smp.path == f"/{smp.pk}/" and smp.depth == 0 and kur.path == f"/{smp.pk}/{kur.pk}/"
    assert AuditLog.objects.filter(action="unit.imported_updated").count() == 1


def test_positions_import_with_levels_by_label_or_value(cast):
    header = [
        "kode_instansi",
        "kode_jabatan",
        "nama_jabatan",
        "jenis",
        "jenjang",
        "kode_unit",
        "kepala_unit",
    ]
    rows = [
        ["DISDIK", "J-GURU", "Guru Ahli Pertama", "jf", "Ahli Pertama", "DISDIK-01", ""],
        ["DISDIK", "J-SEK", "Sekretaris Dinas", "JA", "administrator", "DISDIK-00", "tidak"],
        ["DISDIK", "J-KADIS", "Kepala Dinas Pendidikan", "JPT", "Pratama", "DISDIK-00", "ya"],
    ]
    result = run(cast, "jabatan", csv_bytes(header, rows))
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (2, 0, 1)
    guru = Jabatan.objects.get(code="J-GURU")
    assert (guru.kind, guru.level, guru.unit, guru.is_head) == (
        "JF",
        "ahli_pertama",
        cast.bidang,
        False,
    )
    rows[0][2] = "Guru Ahli Pertama SD"
    result = run(cast, "jabatan", csv_bytes(header, rows))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert AuditLog.objects.filter(action="jabatan.imported_updated").count() == 1


# ---------------------------------------------------------------- bad input writes nothing


def pegawai_csv(*rows, header=PEGAWAI_HEADER):
    return csv_bytes(header, rows)


def ok_row(nip, **kw):
    row = dict(
        zip(
            PEGAWAI_HEADER,
            [nip, "Nama Baru", "III/a", "DISDIK", "DISDIK-01", "J-STAF", "", ""],
            strict=True,
        )
    )
    row.update(kw)
    return [row[c] for c in PEGAWAI_HEADER]


BAD_PEGAWAI = {
    "bad nip": (lambda c: pegawai_csv(ok_row(NIP_A), ok_row("19800101200501100")), 3, "nip", "18 digit"),
    "bad birth date in nip": (lambda c: pegawai_csv(ok_row("198013012005011001")), 2, "nip", "Tanggal lahir"),
    "unknown unit": (lambda c: pegawai_csv(ok_row(NIP_A), ok_row(NIP_B, kode_unit="X-99")), 3, "kode_unit", "X-99"),
    "unknown jabatan": (lambda c: pegawai_csv(ok_row(NIP_A, kode_jabatan="J-NOPE")), 2, "kode_jabatan", "J-NOPE"),
    "unit of another agency": (lambda c: pegawai_csv(ok_row(NIP_A, kode_unit="DINKES-01")), 2, "kode_unit", "instansi lain"),
    "jabatan of another agency": (lambda c: pegawai_csv(ok_row(NIP_A, kode_jabatan="J-PRWT")), 2, "kode_jabatan", "instansi lain"),
    "unknown agency": (lambda c: pegawai_csv(ok_row(NIP_A, kode_instansi="DISHUB")), 2, "kode_instansi", "DISHUB"),
    "duplicate nip": (lambda c: pegawai_csv(ok_row(NIP_A), ok_row(NIP_B), ok_row(NIP_A)), 4, "nip", "baris 2"),
    "superior not found": (lambda c: pegawai_csv(ok_row(NIP_A, nip_atasan=make_nip(999))), 2, "nip_atasan", "tidak ditemukan"),
    "superior is self": (lambda c: pegawai_csv(ok_row(NIP_A, nip_atasan=NIP_A)), 2, "nip_atasan", "dirinya sendiri"),
    "missing value": (lambda c: pegawai_csv(ok_row(NIP_A), ok_row(NIP_B, nama="")), 3, "nama", "wajib diisi"),
    "unknown golongan": (lambda c: pegawai_csv(ok_row(NIP_A, golongan="V/z")), 2, "golongan", "V/z"),
    "bad date": (lambda c: pegawai_csv(ok_row(NIP_A, tmt_jabatan="31-31-2024")), 2, "tmt_jabatan", "31-31-2024"),
    "bad email": (lambda c: pegawai_csv(ok_row(NIP_A) + ["bukan-surel"], header=[*PEGAWAI_HEADER, "email"]), 2, "email", "bukan-surel"),
    "kind does not match nip": (lambda c: pegawai_csv(ok_row(NIP_A) + ["PPPK"], header=[*PEGAWAI_HEADER, "jenis_pegawai"]), 2, "nip", "PPPK"),
    "value too long": (lambda c: pegawai_csv(ok_row(NIP_A, nama="x" * 201)), 2, "nama", "terlalu panjang"),
    "bad phone": (lambda c: pegawai_csv(ok_row(NIP_A) + ["0812-ABC"], header=[*PEGAWAI_HEADER, "telepon"]), 2, "telepon", "0812-ABC"),
    "unknown kind": (lambda c: pegawai_csv(ok_row(NIP_A) + ["honorer"], header=[*PEGAWAI_HEADER, "jenis_pegawai"]), 2, "jenis_pegawai", "honorer"),
    "inactive superior": (lambda c: pegawai_csv(ok_row(NIP_A) + ["tidak"], ok_row(NIP_B, nip_atasan=NIP_A) + ["ya"],
                                                header=[*PEGAWAI_HEADER, "aktif"]), 3, "nip_atasan", "tidak aktif"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_PEGAWAI)
def test_a_bad_row_is_reported_with_its_row_number_and_nothing_is_written(cast, case):
    make, row, column, text = BAD_PEGAWAI[case]
    before = counts()
    result = run(cast, "pegawai", make(cast))
    assert counts() == before
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert any(e.row == row and e.column == column and text in e.message for e in result.errors), (
        errors_of(result)
    )
    assert "tidak ada data yang disimpan" in result.summary


def test_a_supervision_cycle_is_reported_on_every_row_in_it(cast):
    before = counts()
    data = pegawai_csv(
        ok_row(NIP_A, nip_atasan=NIP_B),
        ok_row(NIP_B, nip_atasan=NIP_C),
        ok_row(NIP_C, nip_atasan=NIP_A),
    )
    result = run(cast, "pegawai", data)
    assert counts() == before
    assert sorted(e.row for e in result.errors) == [2, 3, 4]
    assert all("melingkar" in e.message for e in result.errors)


def test_a_cycle_through_existing_employees_is_caught(cast):
    # Hendra (top) would report to Budi, who reports (via Siti) to Hendra.
    header = ["nip", "nama", "kode_instansi", "nip_atasan"]
    result = run(
        cast,
        "pegawai",
        csv_bytes(header, [[cast.head.nip, "Hendra Wijaya", "DISDIK", cast.employee.nip]]),
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "nip_atasan")]
    assert cast.employee.nip in result.errors[0].message


def test_every_bad_row_is_reported(cast):
    data = pegawai_csv(
        ok_row(NIP_A, kode_unit="X-1"), ok_row(NIP_B), ok_row("123"), ok_row(NIP_C, golongan="Z"),
    )  # fmt: skip
    result = run(cast, "pegawai", data)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "kode_unit"),
        (4, "nip"),
        (5, "golongan"),
    ]
    assert result.summary.startswith("Impor dibatalkan: 3 kesalahan")


def test_a_nip_stored_as_a_number_is_refused_rather_than_guessed(cast):
    # A spreadsheet number holds 15–17 digits: NIP_A comes back as ...011100, a valid but
    # different NIP. Better to stop than to file the employee under someone else's number.
    header = ["nip", "nama", "kode_instansi", "nip_atasan"]
    data = xlsx_bytes(
        header, [[int(NIP_A), "Agus", "DISDIK", ""], [NIP_B, "Bayu", "DISDIK", int(NIP_A)]]
    )
    before = counts()
    result = run(cast, "pegawai", data, filename="p.xlsx")
    assert counts() == before
    assert [(e.row, e.column) for e in result.errors] == [(2, "nip"), (3, "nip_atasan")]
    assert all("Teks" in e.message and NIP_A[:15] in e.message for e in result.errors)
    # The same NIP exported to CSV in scientific notation.
    result = run(cast, "pegawai", b"nip,nama,kode_instansi\r\n1.98106182003011E+17,Agus,DISDIK\r\n")
    assert "198106182003011000" in result.errors[0].message and "Teks" in result.errors[0].message


FILE_ERRORS = {
    "garbage renamed xlsx": ("x.xlsx", b"\x00\x01\x02garbage" * 50, "tidak dapat dibaca"),
    "pdf renamed xlsx": ("x.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    "pdf renamed csv": ("x.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    "binary renamed csv": ("x.csv", b"abc\x00\x01\x02" * 30, "bukan spreadsheet"),
    "broken zip as xlsx": ("x.xlsx", b"PK\x03\x04" + b"\x00" * 100, "tidak dapat dibaca"),
    "unknown extension": ("x.docx", b"hello", "tidak didukung"),
    "no extension": ("data", b"nip,nama\n", "tidak didukung"),
    "empty file": ("x.csv", b"", "kosong"),
    "blank lines only": ("x.csv", b"\r\n ,, \r\n", "kosong"),
    "header only": ("x.csv", b"nip,nama,kode_instansi\r\n", "tidak berisi baris data"),
    "header only xlsx": ("x.xlsx", None, "tidak berisi baris data"),
    "missing column": ("x.csv", b"nip,name,kode_instansi\r\n1,2,3\r\n", "nama"),
}


@pytest.mark.parametrize("case", FILE_ERRORS)
def test_a_file_that_is_not_a_usable_spreadsheet_is_reported(cast, case):
    filename, data, text = FILE_ERRORS[case]
    if data is None:
        data = xlsx_bytes(["nip", "nama", "kode_instansi"], [])
    before = counts()
    result = run(cast, "pegawai", data, filename=filename)
    assert counts() == before
    (error,) = result.errors
    assert error.row is None and text in error.message, error.message


def test_a_missing_column_lists_what_is_missing_and_what_was_found(cast):
    result = run(cast, "pegawai", b"NIP;Nama Lengkap\r\n1;2\r\n")
    (error,) = result.errors
    assert error.row is None
    assert "nama, kode_instansi" in error.message and "nip, nama_lengkap" in error.message


def test_a_file_for_another_kind_says_so(cast):
    result = run(cast, "pegawai", b"kode_instansi,kode_unit,nama_unit\r\nDISDIK,U1,Unit\r\n")
    assert "impor unit kerja" in result.errors[0].message


def test_a_too_large_file_is_refused(cast, settings):
    settings.KINERJA_IMPORT_MAX_BYTES = 10
    result = run(cast, "pegawai", pegawai_csv(ok_row(NIP_A)))
    assert result.errors[0].row is None and "terlalu besar" in result.errors[0].message


UNIT_HEADER = ["kode_instansi", "kode_unit", "nama_unit", "kode_unit_induk"]
BAD_UNITS = {
    "cycle": ([["DISDIK", "U-1", "Satu", "U-2"], ["DISDIK", "U-2", "Dua", "U-1"]], [2, 3], "melingkar"),
    "self parent": ([["DISDIK", "U-1", "Satu", "U-1"]], [2], "dirinya sendiri"),
    "unknown parent": ([["DISDIK", "U-1", "Satu", "U-404"]], [2], "U-404"),
    "parent of another agency": ([["DISDIK", "U-1", "Satu", "DINKES-01"]], [2], "instansi lain"),
    "duplicate code": ([["DISDIK", "U-1", "Satu", ""], ["DISDIK", "u-1", "Dua", ""]], [3], "baris 2"),
    "code taken by another agency": ([["DISDIK", "DINKES-01", "Satu", ""]], [2], "sudah dipakai"),
    "existing unit under its own child": ([["DISDIK", "DISDIK-00", "Dinas Pendidikan", "DISDIK-01"]], [2], "melingkar"),
    "name too long": ([["DISDIK", "U-1", "x" * 201, ""]], [2], "terlalu panjang"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_UNITS)
def test_bad_unit_rows_write_nothing(cast, case):
    rows, expected_rows, text = BAD_UNITS[case]
    before = counts()
    result = run(cast, "unit", csv_bytes(UNIT_HEADER, rows))
    assert counts() == before
    assert sorted(e.row for e in result.errors) == expected_rows, errors_of(result)
    assert all(text in e.message for e in result.errors), errors_of(result)


JABATAN_HEADER = ["kode_instansi", "kode_jabatan", "nama_jabatan", "jenis", "jenjang", "kode_unit"]
BAD_JABATAN = {
    "unknown kind": (["DISDIK", "J-1", "X", "JX", "pelaksana", ""], "jenis", "JX"),
    "unknown level": (["DISDIK", "J-1", "X", "JA", "ahli", ""], "jenjang", "Pilihan untuk JA"),
    "level of another kind": (["DISDIK", "J-1", "X", "JA", "Ahli Muda", ""], "jenjang", "tidak berlaku"),
    "unit of another agency": (["DISDIK", "J-1", "X", "JA", "pelaksana", "DINKES-01"], "kode_unit", "instansi lain"),
    "unknown unit": (["DISDIK", "J-1", "X", "JA", "pelaksana", "U-404"], "kode_unit", "Impor unit kerja lebih dulu"),
    "code of another agency": (["DISDIK", "J-PRWT", "X", "JA", "pelaksana", ""], "kode_jabatan", "sudah dipakai"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_JABATAN)
def test_bad_position_rows_write_nothing(cast, case):
    row, column, text = BAD_JABATAN[case]
    before = counts()
    result = run(
        cast,
        "jabatan",
        csv_bytes(JABATAN_HEADER, [["DISDIK", "J-OK", "Baik", "JA", "pelaksana", ""], row]),
    )
    assert counts() == before
    assert [(e.row, e.column) for e in result.errors] == [(3, column)]
    assert text in result.errors[0].message


# ---------------------------------------------------------------- who may import what


def test_an_agency_admin_cannot_import_into_another_agency(cast):
    scope = {cast.pendidikan.pk}
    before = counts()
    result = run(cast, "pegawai", pegawai_csv(ok_row(NIP_A), ok_row(NIP_B, kode_instansi="DINKES", kode_unit="", kode_jabatan="")),
                 actor=cast.agency_admin, scope=scope)  # fmt: skip
    assert counts() == before
    (error,) = result.errors
    assert (
        error.row == 3 and "tidak berwenang" in error.message and "Dinas Kesehatan" in error.message
    )
    # Nor take over an employee of another agency by naming them in their own.
    oscar = cast.outsider
    result = run(
        cast, "pegawai", pegawai_csv(ok_row(oscar.nip)), actor=cast.agency_admin, scope=scope
    )
    assert "Dinas Kesehatan" in result.errors[0].message and counts() == before
    result = run(cast, "unit", csv_bytes(UNIT_HEADER, [["DINKES", "U-9", "Sembilan", ""]]),
                 actor=cast.agency_admin, scope=scope)  # fmt: skip
    assert "tidak berwenang" in result.errors[0].message


def test_an_agency_admin_imports_into_their_own_agency(cast):
    result = run(cast, "pegawai", pegawai_csv(ok_row(NIP_A, nip_atasan=cast.supervisor.nip)),
                 actor=cast.agency_admin, scope={cast.pendidikan.pk})  # fmt: skip
    assert result.errors == [] and result.created == 1


# ---------------------------------------------------------------- parse_rows


def test_parse_rows_reads_nip_like_numbers_as_exact_digits():
    data = b"nip;nip_atasan;nama\r\n198001012005011001.0;1.98001012005011E+17;A\r\n"
    header, rows = parse_rows("x.csv", data)
    assert header == ["nip", "nip_atasan", "nama"]
    assert rows == [{"nip": "198001012005011001", "nip_atasan": "198001012005011000", "nama": "A"}]
    header, rows = parse_rows(
        "x.xlsx", xlsx_bytes(["NIP", "Tanggal"], [[1.98001012005011e17, datetime.date(2024, 1, 2)]])
    )
    assert rows == [{"nip": "198001012005011000", "tanggal": "2024-01-02"}]


def test_parse_rows_keeps_blank_rows_in_place_so_row_numbers_match():
    header, rows = parse_rows("x.csv", b"a,b\r\n1,2\r\n,\r\n3,4\r\n,\r\n")
    assert rows == [{"a": "1", "b": "2"}, {"a": "", "b": ""}, {"a": "3", "b": "4"}]


def test_parse_rows_refuses_what_is_not_a_spreadsheet():
    with pytest.raises(importers.ImportFileError):
        parse_rows("x.pdf", b"%PDF-1.4")


def test_a_blank_row_keeps_the_numbering(cast):
    data = pegawai_csv(
        ok_row(NIP_A), ["", "", "", "", "", "", "", ""], ok_row(NIP_B, kode_unit="X")
    )
    result = run(cast, "pegawai", data)
    assert [e.row for e in result.errors] == [4]


# ---------------------------------------------------------------- templates


@pytest.mark.parametrize("kind", ["unit", "jabatan", "pegawai"])
def test_the_xlsx_template_parses_back_and_its_example_imports(cast, kind):
    data, content_type, filename = build_template(kind, "xlsx")
    assert content_type.endswith("spreadsheetml.sheet") and filename == f"templat-impor-{kind}.xlsx"
    header, rows = parse_rows(filename, data)
    assert header == [c.name for c in importers.TEMPLATE_COLUMNS[kind]]
    assert len(rows) == 1
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[1] == "Petunjuk"
    ws = wb.worksheets[0]
    assert ws["A1"].font.b
    if kind == "pegawai":
        assert ws["A2"].number_format == "@" and ws["A2"].value == rows[0]["nip"]
    result = run(cast, kind, data, filename=filename)
    assert result.errors == [] and result.created == 1, errors_of(result)


@pytest.mark.parametrize("kind", ["unit", "jabatan", "pegawai"])
def test_the_csv_template_parses_back(cast, kind):
    data, content_type, filename = build_template(kind, "csv")
    assert content_type.startswith("text/csv")
    header, rows = parse_rows(filename, data)
    assert header == [c.name for c in importers.TEMPLATE_COLUMNS[kind]] and len(rows) == 1


# ---------------------------------------------------------------- pages


def test_outsider_and_employee_get_404(cast, client_for):
    for who in (cast.outsider, cast.employee, cast.auditor, cast.pimpinan):
        c = client_for(who)
        assert c.get(reverse("organisation:import")).status_code == 404
        upload = io.BytesIO(pegawai_csv(ok_row(NIP_A)))
        upload.name = "p.csv"
        assert (
            c.post(reverse("organisation:import"), {"kind": "pegawai", "file": upload}).status_code
            == 404
        )
        assert (
            c.get(reverse("organisation:import_template", args=["pegawai", "xlsx"])).status_code
            == 404
        )
    assert not Pegawai.objects.filter(nip=NIP_A).exists()


def test_the_page_shows_three_cards_with_templates_and_columns(cast, client_for):
    r = client_for(cast.agency_admin).get(reverse("organisation:import"))
    assert r.status_code == 200
    html = r.content.decode()
    for kind in ("unit", "jabatan", "pegawai"):
        assert reverse("organisation:import_template", args=[kind, "xlsx"]) in html
        assert reverse("organisation:import_template", args=[kind, "csv"]) in html
        assert f'id="kolom-{kind}"' in html
    assert "nip_atasan" in html and "Dinas Pendidikan" in html


def test_the_template_downloads(cast, client_for):
    r = client_for(cast.agency_admin).get(
        reverse("organisation:import_template", args=["pegawai", "xlsx"])
    )
    assert r.status_code == 200 and "templat-impor-pegawai.xlsx" in r["Content-Disposition"]
    header, _rows = parse_rows("t.xlsx", r.content)
    assert header[0] == "nip"
    assert (
        client_for(cast.agency_admin).get("/organisasi/impor/templat/pegawai.pdf").status_code
        == 404
    )


def post_file(client, kind, data, name="data.csv"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("organisation:import"), {"kind": kind, "file": upload})


def test_a_small_file_imports_at_once_and_shows_the_counts(cast, client_for):
    r = post_file(
        client_for(cast.agency_admin), "pegawai", pegawai_csv(ok_row(NIP_A), ok_row(NIP_B))
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "2 baru, 0 diubah, 0 tidak berubah" in html
    assert Pegawai.objects.filter(nip__in=[NIP_A, NIP_B]).count() == 2


def test_a_small_file_with_errors_shows_every_row(cast, client_for):
    before = counts()
    r = post_file(client_for(cast.agency_admin), "pegawai",
                  pegawai_csv(ok_row(NIP_A, kode_unit="X-1"), ok_row(NIP_B), ok_row("12345")))  # fmt: skip
    html = r.content.decode()
    assert (
        "2 kesalahan ditemukan" in html
        and "Baris 2" in html
        and "Baris 4" in html
        and "X-1" in html
    )
    assert counts() == before


def test_a_post_without_a_file_shows_the_form_error(cast, client_for):
    r = client_for(cast.agency_admin).post(reverse("organisation:import"), {"kind": "pegawai"})
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()


def test_a_large_file_runs_as_a_background_job(
    cast, client_for, settings, django_capture_on_commit_callbacks
):
    settings.KINERJA_IMPORT_SYNC_MAX_ROWS = 1
    client = client_for(cast.agency_admin)
    with django_capture_on_commit_callbacks(execute=True):
        r = post_file(client, "pegawai", pegawai_csv(*team_rows(cast)))
    job = Job.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"?job={job.pk}")
    assert job.status == "done" and job.params["instansi_scope"] == [cast.pendidikan.pk]
    assert job.result["created"] == 3 and job.result["errors"] == [] and job.progress == job.total
    assert Pegawai.objects.filter(nip__in=[NIP_A, NIP_B, NIP_C]).count() == 3
    page = client.get(r["Location"]).content.decode()
    assert f'id="job-{job.pk}"' in page and "3 baru" in page
    status = client.get(
        reverse("core:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "3 baru" in status


def test_a_background_job_with_errors_writes_nothing(
    cast, client_for, settings, django_capture_on_commit_callbacks
):
    settings.KINERJA_IMPORT_SYNC_MAX_ROWS = 1
    client = client_for(cast.bkpsdm_admin)
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, "pegawai", pegawai_csv(ok_row(NIP_A), ok_row(NIP_B, kode_unit="X-1")))
    job = Job.objects.get()
    assert job.status == "done" and job.params["instansi_scope"] is None
    assert job.result["errors"] == [
        {"row": 3, "column": "kode_unit", "message": job.result["errors"][0]["message"]}
    ]
    assert counts() == before
    status = client.get(
        reverse("core:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Baris 3" in status


def test_progress_is_reported_up_to_the_total(cast):
    seen = []
    run(
        cast,
        "pegawai",
        pegawai_csv(ok_row(NIP_A), ok_row(NIP_B)),
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen[-1][0] == seen[-1][1] and [d for d, _t in seen] == sorted(d for d, _t in seen)


# ---------------------------------------------------------------- set-based


def test_two_thousand_rows_take_a_bounded_number_of_queries(cast, django_assert_max_num_queries):
    header = ["nip", "nama", "kode_instansi", "kode_unit", "kode_jabatan", "nip_atasan"]
    rows = []
    for i in range(2000):
        nip = make_nip(1000 + i, birth=datetime.date(1980 + i % 20, 1 + i % 12, 1 + i % 28))
        boss = rows[(i - 1) // 5][0] if i else cast.head.nip  # a tree five wide
        rows.append([nip, f"Pegawai {i}", "DISDIK", "DISDIK-01", "J-STAF", boss])
    data = csv_bytes(header, rows)
    # Lookups once, inserts in batches; only the audit batches grow (SQLite takes at most 999
    # parameters per statement). 200 rows take 15 queries.
    with django_assert_max_num_queries(60):
        result = run(cast, "pegawai", data)
    assert result.errors == [] and result.created == 2000
    deepest = Pegawai.objects.get(nip=rows[-1][0])
    assert deepest.chain.startswith(f"/{cast.head.pk}/") and deepest.chain.count("/") >= 5
    assert Penugasan.objects.count() == 2000
    with django_assert_max_num_queries(10):
        again = run(cast, "pegawai", data)
    assert again.unchanged == 2000


def test_the_fast_snapshot_matches_the_audit_snapshot(cast):
    from kinerja.core.audit import snapshot

    for obj in (cast.employee, cast.bidang, cast.employee.jabatan):
        assert importers._snapshot(obj) == snapshot(obj)


def test_the_documented_example_imports(cast):
    from pathlib import Path

    from django.conf import settings

    doc = (Path(settings.BASE_DIR) / "docs" / "import.md").read_text()
    block = doc.split("`pegawai.csv`", 1)[1].split("```", 2)[1].strip()
    data = block.encode()
    result = run(cast, "pegawai", data)
    assert result.errors == [] and (result.created, result.updated) == (2, 1), errors_of(result)
    assert run(cast, "pegawai", data).unchanged == 3


def test_a_clash_while_writing_rolls_everything_back_and_reports_it(cast, monkeypatch):
    # Another writer took the key between checking and writing: the insert fails, the whole
    # transaction rolls back and the admin is told to try again.
    monkeypatch.setattr(importers, "_allocate_ids", lambda model, count: [cast.employee.pk] * count)
    before = counts()
    result = run(cast, "pegawai", pegawai_csv(ok_row(NIP_A)))
    assert counts() == before
    assert result.errors[0].row is None and "Silakan ulangi" in result.errors[0].message
    assert result.created == 0
