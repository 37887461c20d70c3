"""Bulk import of daily entries: a good file imports every row; any bad row and nothing is
written, with every error reported by its spreadsheet row (header = row 1) and column."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.activity.importers import (
    build_template,
    import_entries,
    parse_day,
    parse_quantity,
    parse_time,
)
from kinerja.activity.models import DailyEntry, Evidence
from kinerja.core.models import AuditLog

pytestmark = pytest.mark.django_db

HEADER = [
    "tanggal",
    "jam_mulai",
    "jam_selesai",
    "id_indikator",
    "uraian",
    "kuantitas",
    "satuan",
    "tautan_bukti",
]


def csv_bytes(rows, header=HEADER, sep=";"):
    lines = [sep.join(header)] + [sep.join(str(c) for c in r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def xlsx_bytes(rows, header=HEADER):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Laporan"
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def good_rows(plan):
    ind = plan["count"].pk
    return [
        [
            "2026-05-11",
            "08:00",
            "10:00",
            ind,
            "Verifikasi data SD 1",
            "2",
            "",
            "https://drive.example.go.id/1",
        ],
        ["12-05-2026", "8.30", "11:00", ind, "Verifikasi data SD 2", "1,5", "sekolah", ""],
        ["13/05/2026", "13:00", "15:30", ind, "Rekap verifikasi", "", "", ""],
    ]


def nothing_written(before):
    return (
        DailyEntry.objects.count(),
        Evidence.objects.count(),
        AuditLog.objects.count(),
    ) == before


def counts():
    return DailyEntry.objects.count(), Evidence.objects.count(), AuditLog.objects.count()


def test_a_good_csv_imports_every_row_as_drafts(cast, approved):
    result = import_entries(
        filename="laporan.csv", data=csv_bytes(good_rows(approved)), actor=cast.employee.user
    )
    assert result.ok, [e.as_dict() for e in result.errors]
    assert result.created == 3 and result.submitted == 0
    rows = list(DailyEntry.objects.order_by("date"))
    assert [e.date.day for e in rows] == [11, 12, 13]
    assert (
        rows[0].unit == "sekolah" and rows[0].evidence.get().url == "https://drive.example.go.id/1"
    )
    assert rows[1].start_time == datetime.time(8, 30) and rows[1].quantity == Decimal("1.5")
    assert rows[2].quantity is None and all(e.status == "draft" for e in rows)
    assert AuditLog.objects.filter(action="entry.created").count() == 3


def test_a_good_xlsx_imports_and_submits_when_asked(cast, approved):
    ind = approved["count"].pk
    rows = [[datetime.date(2026, 5, 11), datetime.time(8), datetime.time(10), ind, "Verifikasi", 3, None, None],
            [datetime.datetime(2026, 5, 12), "07:30", "09:00", float(ind), "Rekap", 1.5, "sekolah", None]]  # fmt: skip
    result = import_entries(
        filename="laporan.xlsx", data=xlsx_bytes(rows), actor=cast.employee.user, submit=True
    )
    assert result.ok, [e.as_dict() for e in result.errors]
    assert result.created == 2 and result.submitted == 2
    assert set(DailyEntry.objects.values_list("status", flat=True)) == {"submitted"}
    assert DailyEntry.objects.get(date=datetime.date(2026, 5, 11)).quantity == 3


def test_the_downloaded_template_imports_once_filled(cast, approved):
    from openpyxl import load_workbook

    data, content_type, name = build_template(cast.employee, "xlsx")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Laporan", "Indikator", "Petunjuk"]
    assert [c.value for c in wb["Laporan"][1]] == HEADER
    listing = [[c.value for c in row] for row in wb["Indikator"].iter_rows(min_row=1)]
    assert listing[0][:4] == ["id_indikator", "RHK", "indikator", "satuan"]
    assert [approved["count"].pk, "Data pokok sekolah mutakhir", "Sekolah diverifikasi datanya", "sekolah"] in [r[:4] for r in listing]  # fmt: skip
    wb["Laporan"].append(
        ["2026-05-11", "08:00", "09:00", approved["count"].pk, "Dari templat", 1, None, None]
    )
    buf = io.BytesIO()
    wb.save(buf)
    result = import_entries(filename=name, data=buf.getvalue(), actor=cast.employee.user)
    assert result.ok and result.created == 1
    csv_data, _ct, _n = build_template(cast.employee, "csv")
    assert csv_data.decode("utf-8-sig").strip() == ";".join(HEADER)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ["2026-05-11", "10:00", "09:00"],
            "jam_mulai|jam_selesai",
            "Jam selesai harus setelah jam mulai",
        ),
        (["2025-12-31", "08:00", "09:00"], "tanggal", "di luar masa berlaku SKP"),
        (["2026-05-20", "08:00", "09:00"], "tanggal", "masa depan"),
        (["Mei 11", "08:00", "09:00"], "tanggal", "tidak dikenali"),
        (["11 Mai 2026", "08:00", "09:00"], "tanggal", "tidak dikenali"),
        (["11", "08:00", "09:00"], "tanggal", "tidak dikenali"),
        (["2026-02-30", "08:00", "09:00"], "tanggal", "tidak dikenali"),
        (["2026-05-11", "jam 8", "09:00"], "jam_mulai", "tidak dikenali"),
        (["2026-05-11", "25:00", "09:00"], "jam_mulai", "tidak dikenali"),
        (["2026-05-11", "", "09:00"], "jam_mulai", "wajib"),
    ],
)
def test_each_bad_row_is_reported_and_nothing_is_written(cast, approved, row, column, message):
    rows = good_rows(approved)
    rows[1] = row + rows[1][3:]
    before = counts()
    result = import_entries(filename="laporan.csv", data=csv_bytes(rows), actor=cast.employee.user)
    assert not result.ok and nothing_written(before)
    assert len(result.errors) == 1, [e.as_dict() for e in result.errors]
    err = result.errors[0]
    assert err.row == 3 and err.column in column.split("|") and message in err.message


@pytest.mark.parametrize(
    ("index", "value", "column", "message"),
    [
        (5, "-2", "kuantitas", "tidak boleh negatif"),
        (5, "dua", "kuantitas", "bukan angka"),
        (4, "", "uraian", "wajib"),
        (3, "", "id_indikator", "wajib"),
        (3, "abc", "id_indikator", "tidak ada di SKP Anda"),
        (7, "ftp://x", "tautan_bukti", "http"),
        (6, "x" * 51, "satuan", "Paling banyak 50"),
    ],
)
def test_each_bad_value_is_reported_by_column(cast, approved, index, value, column, message):
    rows = good_rows(approved)
    rows[2][index] = value
    before = counts()
    result = import_entries(filename="laporan.csv", data=csv_bytes(rows), actor=cast.employee.user)
    assert nothing_written(before)
    assert [(e.row, e.column) for e in result.errors] == [(4, column)], [
        e.as_dict() for e in result.errors
    ]
    assert message in result.errors[0].message


def test_an_indicator_not_in_my_approved_skp(cast, approved):
    siti_ind = approved["siti_rhk"].indicators.get()
    rows = good_rows(approved)
    rows[0][3] = siti_ind.pk  # Siti's, and her SKP is not approved
    result = import_entries(filename="laporan.csv", data=csv_bytes(rows), actor=cast.employee.user)
    assert [(e.row, e.column) for e in result.errors] == [(2, "id_indikator")]
    assert not DailyEntry.objects.exists()


def test_a_closed_period(cast, approved):
    approved["year"].periods.filter(number=5).update(is_closed=True)
    before = counts()
    result = import_entries(
        filename="laporan.csv", data=csv_bytes(good_rows(approved)), actor=cast.employee.user
    )
    assert nothing_written(before)
    assert [e.row for e in result.errors] == [2, 3, 4] and all(
        "ditutup" in e.message for e in result.errors
    )
    assert all(e.column == "tanggal" for e in result.errors)


def test_every_bad_row_is_reported_at_once(cast, approved):
    rows = good_rows(approved)
    rows[0][2] = "07:00"  # before 08:00
    rows[2][5] = "-1"
    rows.insert(2, ["", "", "", "", "", "", "", ""])  # a blank row is skipped but keeps numbering
    result = import_entries(filename="laporan.csv", data=csv_bytes(rows), actor=cast.employee.user)
    assert [(e.row, e.column) for e in result.errors] == [(2, "jam_selesai"), (5, "kuantitas")]
    assert "2 kesalahan" in result.summary and not DailyEntry.objects.exists()


def test_a_missing_column(cast, approved):
    header = [h for h in HEADER if h != "jam_selesai"]
    rows = [r[:2] + r[3:] for r in good_rows(approved)]
    result = import_entries(
        filename="laporan.csv", data=csv_bytes(rows, header=header), actor=cast.employee.user
    )
    assert len(result.errors) == 1 and result.errors[0].row is None
    assert "jam_selesai" in result.errors[0].message and not DailyEntry.objects.exists()


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("laporan.csv", b"", "kosong"),
        ("laporan.csv", ";".join(HEADER).encode(), "tidak berisi baris data"),
        ("laporan.xlsx", b"", "kosong"),
        ("laporan.pdf", b"%PDF-1.4\n%%EOF", "PDF, bukan spreadsheet"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "tidak didukung"),
        ("laporan.xlsx", b"ini bukan excel", "tidak dapat dibaca"),
        ("laporan.csv", b"\x00\x01\x02binary", "bukan spreadsheet"),
    ],
)
def test_a_file_that_is_not_a_usable_spreadsheet(cast, approved, filename, data, message):
    result = import_entries(filename=filename, data=data, actor=cast.employee.user)
    assert not result.ok and not DailyEntry.objects.exists()
    assert message in result.errors[0].message, result.errors[0].message


def test_too_many_rows(cast, approved, monkeypatch):
    monkeypatch.setattr("kinerja.activity.importers.MAX_ROWS", 2)
    result = import_entries(
        filename="laporan.csv", data=csv_bytes(good_rows(approved)), actor=cast.employee.user
    )
    assert "paling banyak 2 baris" in result.errors[0].message and not DailyEntry.objects.exists()


def test_value_parsers():
    assert (
        parse_day("14 Mei 2026")
        == parse_day("14-05-2026")
        == parse_day("2026-05-14 00:00:00")
        == datetime.date(2026, 5, 14)
    )
    assert parse_day("46156") == datetime.date(2026, 5, 14)  # an Excel day number
    assert parse_time("08:00") == datetime.time(8) and parse_time("8.15") == datetime.time(8, 15)
    assert parse_time("08:00:00") == datetime.time(8) and parse_time("0.5") == datetime.time(12)
    assert parse_time("2026-05-11 13:30:00") == datetime.time(13, 30)
    assert parse_quantity("1.234,5") == Decimal("1234.50") and parse_quantity("") is None
    for bad in ("NaN", "inf", "1e30"):
        with pytest.raises(ValueError):
            parse_quantity(bad)


# ---------------------------------------------------------------- through the page


def test_the_import_page(cast, approved, client_for):
    c = client_for(cast.employee)
    url = reverse("activity:import")
    page = c.get(url).content.decode()
    assert "Sekolah diverifikasi datanya" in page and str(approved["count"].pk) in page
    r = c.get(reverse("activity:import_template", args=["xlsx"]))
    assert r.status_code == 200 and "templat-laporan-harian.xlsx" in r["Content-Disposition"]
    bad = good_rows(approved)
    bad[1][2] = "07:00"
    r = c.post(url, {"file": SimpleUploadedFile("laporan.csv", csv_bytes(bad))})
    assert (
        r.status_code == 200
        and "Baris 3" in r.content.decode()
        and "jam_selesai" in r.content.decode()
    )
    assert not DailyEntry.objects.exists()
    r = c.post(
        url,
        {"file": SimpleUploadedFile("laporan.csv", csv_bytes(good_rows(approved))), "submit": "on"},
    )
    assert r.status_code == 302 and r.url.endswith("?bulan=2026-05")
    assert DailyEntry.objects.filter(status="submitted").count() == 3
    r = c.post(url, {})
    assert r.status_code == 200 and not r.context["result"]
