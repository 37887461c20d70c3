"""Planning administration pages: years, organisation targets and their import, templates, the
status board and the cascade map. Every page is tried with no access (404), full access and
limited access, and list pages keep a constant, small number of queries as data grows."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.models import AuditLog
from kinerja.organisation.models import Jabatan, Pegawai
from kinerja.organisation.tests.factories import PegawaiFactory, make_nip
from kinerja.planning import services
from kinerja.planning.models import (
    Indicator,
    OrgTarget,
    PerformanceYear,
    Rhk,
    Skp,
    SkpTemplate,
)

pytestmark = pytest.mark.django_db

TEMPLATE = [
    {"kind": "utama", "text": "Tersedianya data pokok pendidikan", "indicators": [
        {"aspek": "kuantitas", "text": "Sekolah dengan data mutakhir", "target_value": 40, "target_unit": "sekolah"},
    ]},
]  # fmt: skip


@pytest.fixture
def kes_year(cast):
    return services.year_create(instansi=cast.kesehatan, year=2026, actor=cast.bkpsdm_admin)


@pytest.fixture
def kes_template(cast):
    perawat = Jabatan.objects.get(code="J-PRWT")
    return services.template_save(
        template=SkpTemplate(jabatan=perawat, name="Perawat", content=TEMPLATE),
        actor=cast.bkpsdm_admin,
    )


def get(client, name, *args, **params):
    return client.get(reverse(name, args=args), params)


# ---------------------------------------------------------------- who gets in


ADMIN_PAGES = [
    ("planning:year_list", lambda c, y: []),
    ("planning:year_create", lambda c, y: []),
    ("planning:year_detail", lambda c, y: [y.pk]),
    ("planning:year_reopen", lambda c, y: [y.pk]),
    ("planning:target_list", lambda c, y: [y.pk]),
    ("planning:target_create", lambda c, y: [y.pk]),
    ("planning:template_list", lambda c, y: []),
    ("planning:template_create", lambda c, y: []),
    ("planning:template_from_skp", lambda c, y: []),
    ("planning:target_import_template", lambda c, y: ["xlsx"]),
]


@pytest.mark.parametrize(("name", "args"), ADMIN_PAGES)
@pytest.mark.parametrize("persona", ["employee", "supervisor", "pimpinan", "auditor"])
def test_admin_pages_are_404_for_everyone_but_admins(cast, client_for, year, name, args, persona):
    assert get(client_for(cast.user(persona)), name, *args(cast, year)).status_code == 404


@pytest.mark.parametrize(("name", "args"), ADMIN_PAGES)
@pytest.mark.parametrize("persona", ["agency_admin", "bkpsdm_admin"])
def test_admin_pages_open_for_admins(cast, client_for, year, name, args, persona):
    assert get(client_for(cast.user(persona)), name, *args(cast, year)).status_code == 200


def test_an_agency_admin_manages_only_their_agency(cast, client_for, year, kes_year, kes_template):
    c = client_for(cast.agency_admin)
    target = services.org_target_save(
        target=OrgTarget(year=kes_year, code="K-1", goal="g", indicator="i", target_text="t"),
        actor=cast.bkpsdm_admin,
    )
    for name, args in [
        ("planning:year_detail", [kes_year.pk]),
        ("planning:year_reopen", [kes_year.pk]),
        ("planning:target_list", [kes_year.pk]),
        ("planning:target_create", [kes_year.pk]),
        ("planning:target_edit", [target.pk]),
        ("planning:template_edit", [kes_template.pk]),
    ]:
        assert c.get(reverse(name, args=args)).status_code == 404, name
    for name, args, data in [
        ("planning:year_close", [kes_year.pk], {}),
        ("planning:target_import", [kes_year.pk], {}),
        ("planning:template_apply", [kes_template.pk], {"year": kes_year.pk}),
    ]:
        assert c.post(reverse(name, args=args), data).status_code == 404, name
    assert not PerformanceYear.objects.get(pk=kes_year.pk).is_closed
    assert not Skp.objects.exists()
    body = c.get(reverse("planning:year_list")).content.decode()
    assert "Dinas Pendidikan" in body and "Dinas Kesehatan" not in body
    body = c.get(reverse("planning:template_list")).content.decode()
    assert "Perawat" not in body
    # A position of another agency cannot be chosen for a new template.
    r = c.post(reverse("planning:template_create"), {"jabatan": kes_template.jabatan_id,
               "name": "x", "approach": "kuantitatif", **rows([("utama", "r", "kuantitas | i | 1 | x")])})  # fmt: skip
    assert r.status_code == 200 and SkpTemplate.objects.count() == 1


def test_bkpsdm_admin_sees_every_agencys_years(cast, client_for, year, kes_year):
    body = get(client_for(cast.bkpsdm_admin), "planning:year_list").content.decode()
    assert "Dinas Pendidikan" in body and "Dinas Kesehatan" in body


@pytest.mark.parametrize("name", ["planning:status_board", "planning:cascade", "planning:cascade_gaps", "planning:board_people"])  # fmt: skip
@pytest.mark.parametrize("persona", ["employee", "outsider"])
def test_overview_pages_are_404_for_people_without_a_team(cast, client_for, year, name, persona):
    r = get(client_for(cast.user(persona)), name, kind="orphan", status="late")
    assert r.status_code == 404


@pytest.mark.parametrize("name", ["planning:status_board", "planning:cascade"])
@pytest.mark.parametrize("persona", ["agency_admin", "pimpinan", "bkpsdm_admin", "auditor", "supervisor"])  # fmt: skip
def test_overview_pages_open_for_readers_and_superiors(cast, client_for, year, name, persona):
    assert get(client_for(cast.user(persona)), name).status_code == 200


def test_a_superior_sees_the_board_of_their_subtree_only(cast, client_for, year, kes_year):
    services.skp_create(pegawai=cast.employee, year=year, actor=cast.agency_admin)
    c = client_for(cast.supervisor)
    # Asking for another agency falls back to the one they may see.
    r = get(c, "planning:status_board", instansi=cast.kesehatan.pk, year=kes_year.pk)
    body = r.content.decode()
    assert "Oscar" not in body and "Hendra Wijaya" not in body and "Ani Kusuma" not in body
    assert "Dewi Lestari" in body  # late (2026 planning window is over on the test clock)
    people = get(c, "planning:board_people", status="none").content.decode()
    assert "Dewi Lestari" in people and "Hendra" not in people and "Budi Santoso" not in people


def test_board_people_rejects_unknown_status(cast, client_for, year):
    assert (
        get(client_for(cast.bkpsdm_admin), "planning:board_people", status="x").status_code == 404
    )


def test_cascade_children_endpoint_respects_visibility(cast, client_for, year, plans):
    top = plans["top"]
    child = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="Terbinanya SD", parent=top), actor=cast.supervisor.user
    )
    url = reverse("planning:cascade_children", args=[top.pk])
    fragment = client_for(cast.agency_admin).get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "Terbinanya SD" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    page = client_for(cast.agency_admin).get(url)
    assert "<html" in page.content.decode()
    assert client_for(cast.supervisor).get(url).status_code == 404  # Hendra's RHK is above her
    assert (
        client_for(cast.supervisor)
        .get(reverse("planning:cascade_children", args=[child.pk]))
        .status_code
        == 200
    )
    assert client_for(cast.employee).get(url).status_code == 404


# ---------------------------------------------------------------- years


def test_opening_a_year_through_the_page_generates_its_periods(cast, client_for):
    c = client_for(cast.agency_admin)
    r = c.post(reverse("planning:year_create"), {
        "instansi": cast.pendidikan.pk, "year": 2027, "frequency": "quarterly",
        "planning_start": "2027-01-02", "planning_end": "2027-02-15", "closing_date": "",
    })  # fmt: skip
    year = PerformanceYear.objects.get(instansi=cast.pendidikan, year=2027)
    assert r.status_code == 302 and r.url == reverse("planning:year_detail", args=[year.pk])
    assert year.planning_end == datetime.date(2027, 2, 15)
    assert year.closing_date == datetime.date(2028, 1, 31)
    body = c.get(r.url).content.decode()
    assert "Triwulan I" in body and "Triwulan IV" in body
    again = c.post(reverse("planning:year_create"), {"instansi": cast.pendidikan.pk, "year": 2027,
                                                     "frequency": "monthly"})  # fmt: skip
    assert again.status_code == 200 and PerformanceYear.objects.filter(year=2027).count() == 1
    assert "alert-danger" in again.content.decode()


def test_an_agency_admin_cannot_open_a_year_for_another_agency(cast, client_for):
    r = client_for(cast.agency_admin).post(
        reverse("planning:year_create"),
        {"instansi": cast.kesehatan.pk, "year": 2027, "frequency": "monthly"},
    )
    assert r.status_code == 200 and not PerformanceYear.objects.exists()


def test_close_and_reopen_through_the_pages_with_a_required_reason(cast, client_for, year):
    c = client_for(cast.agency_admin)
    r = c.post(reverse("planning:year_close", args=[year.pk]))
    assert r.status_code == 302
    year.refresh_from_db()
    assert year.is_closed and not year.periods.filter(is_closed=False).exists()
    detail = c.get(reverse("planning:year_detail", args=[year.pk])).content.decode()
    assert "Buka kembali tahun ini" in detail
    r = c.post(reverse("planning:year_reopen", args=[year.pk]), {"reason": "   "})
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    year.refresh_from_db()
    assert year.is_closed
    r = c.post(reverse("planning:year_reopen", args=[year.pk]), {"reason": "Koreksi mutasi"})
    assert r.status_code == 302
    year.refresh_from_db()
    assert not year.is_closed
    assert AuditLog.objects.get(action="year.reopened").note == "Koreksi mutasi"
    # Closing twice is refused with a message, not an error page.
    c.post(reverse("planning:year_close", args=[year.pk]))
    r = c.post(reverse("planning:year_close", args=[year.pk]), follow=True)
    assert "sudah ditutup" in r.content.decode()


# ---------------------------------------------------------------- targets


def test_a_target_is_added_and_edited_through_the_form(cast, client_for, year):
    c = client_for(cast.agency_admin)
    r = c.post(reverse("planning:target_create", args=[year.pk]), {
        "code": "IKU-1", "goal": "Akses pendidikan", "indicator": "APM SD",
        "target_value": "98.5", "target_unit": "persen", "target_text": "", "unit": cast.bidang.pk,
    })  # fmt: skip
    assert r.status_code == 302
    t = OrgTarget.objects.get(code="IKU-1")
    assert t.unit == cast.bidang and t.target_display == "98,5 persen"
    r = c.post(reverse("planning:target_edit", args=[t.pk]), {
        "code": "IKU-1", "goal": "Akses pendidikan", "indicator": "APM SD", "target_value": "",
        "target_unit": "", "target_text": "", "unit": "",
    })  # fmt: skip
    assert r.status_code == 200 and "Isi target berupa angka atau naratif" in r.content.decode()
    r = c.post(reverse("planning:target_create", args=[year.pk]), {
        "code": "IKU-1", "goal": "dup", "indicator": "x", "target_text": "naratif",
    })  # fmt: skip
    assert r.status_code == 200 and OrgTarget.objects.count() == 1
    puskesmas = c.post(reverse("planning:target_create", args=[year.pk]), {
        "code": "IKU-9", "goal": "g", "indicator": "i", "target_text": "t", "unit": cast.puskesmas.pk,
    })  # fmt: skip
    assert puskesmas.status_code == 200 and OrgTarget.objects.count() == 1


HEADER = "kode;sasaran;indikator;target;satuan;target_naratif;kode_unit\n"


def upload(client, year, content, name="target.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(
        reverse("planning:target_import", args=[year.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def test_import_creates_then_updates_by_code(cast, client_for, year):
    c = client_for(cast.agency_admin)
    r = upload(c, year, HEADER
               + "IKU-1;Akses pendidikan;APM SD;98,5;persen;;DISDIK-01\n"
               + "IKU-2;Mutu pendidikan;Rata-rata nilai;;;Meningkat;\n")  # fmt: skip
    assert r.status_code == 200, r.content.decode()
    assert "2 baru, 0 diubah, 0 tidak berubah" in r.content.decode()
    t1 = OrgTarget.objects.get(code="IKU-1")
    assert t1.target_value == Decimal("98.5") and t1.unit == cast.bidang
    assert OrgTarget.objects.get(code="IKU-2").target_text == "Meningkat"
    r = upload(c, year, HEADER
               + "IKU-1;Akses pendidikan;APM SD;99;persen;;DISDIK-01\n"
               + "IKU-2;Mutu pendidikan;Rata-rata nilai;;;Meningkat;\n")  # fmt: skip
    assert "0 baru, 1 diubah, 1 tidak berubah" in r.content.decode()
    assert OrgTarget.objects.count() == 2
    assert OrgTarget.objects.get(code="IKU-1").target_value == Decimal("99")


def test_import_reads_xlsx(cast, client_for, year):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["kode", "sasaran", "indikator", "target", "satuan"])
    ws.append(["IKU-1", "Akses", "APM SD", 98.5, "persen"])
    buf = io.BytesIO()
    wb.save(buf)
    r = upload(client_for(cast.agency_admin), year, buf.getvalue(), "target.xlsx")
    assert r.status_code == 200
    assert OrgTarget.objects.get(code="IKU-1").target_value == Decimal("98.5")


BAD_FILES = [
    pytest.param(HEADER + "IKU-1;A;I;sembilan;persen;;\n", ["Baris 2", "bukan angka"], id="bad-number"),
    pytest.param(HEADER + "IKU-1;A;I;-3;persen;;\n", ["Baris 2", "positif"], id="negative"),
    pytest.param(HEADER + "IKU-1;A;I;9;persen;;TIDAK-ADA\n", ["Baris 2", "TIDAK-ADA"], id="unknown-unit"),
    pytest.param(HEADER + "IKU-1;A;I;9;persen;;\nIKU-2;B;J;8;persen;;\niku-1;C;K;7;persen;;\n",
                 ["Baris 4", "sudah dipakai di baris 2"], id="duplicate-code"),
    pytest.param(HEADER + "IKU-1;;I;9;persen;;\n", ["Baris 2", "Wajib diisi"], id="missing-cell"),
    pytest.param(HEADER + "IKU-1;A;I;;;;\n", ["Baris 2", "target_naratif"], id="no-target"),
    pytest.param("kode;indikator;target\nIKU-1;I;9\n", ["Kolom wajib tidak ditemukan: sasaran"], id="missing-column"),
    pytest.param("kode;sasaran;indikator\nIKU-1;A;I\n", ["kolom target atau target_naratif"], id="no-target-column"),
    pytest.param("", ["Berkas kosong"], id="empty-file"),
    pytest.param(HEADER, ["tidak berisi baris data"], id="header-only"),
    pytest.param(b"%PDF-1.4 binary", ["PDF"], id="pdf"),
    pytest.param(b"PK\x03\x04not really a workbook", ["tidak dapat dibaca"], id="broken-xlsx"),
    pytest.param("x" * 40 + ";A;I;9;persen;;\n", ["Kolom wajib"], id="garbage-header"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "expected"), BAD_FILES)
def test_every_bad_import_writes_nothing_and_says_where(cast, client_for, year, content, expected):
    services.org_target_save(
        target=OrgTarget(year=year, code="IKU-1", goal="Lama", indicator="i", target_text="t"),
        actor=cast.agency_admin,
    )
    before = AuditLog.objects.count()
    # A good row next to the bad ones must not be saved either.
    if isinstance(content, str) and content.startswith(HEADER) and content != HEADER:
        content += "IKU-9;Baik;Baik;5;dok;;\n"
    r = upload(client_for(cast.agency_admin), year, content)
    body = r.content.decode()
    assert r.status_code == 400
    for text in expected:
        assert text in body, text
    assert "tidak ada data yang disimpan" in body
    assert list(OrgTarget.objects.values_list("code", "goal")) == [("IKU-1", "Lama")]
    assert AuditLog.objects.count() == before


def test_import_reports_every_bad_row_not_just_the_first(cast, client_for, year):
    r = upload(client_for(cast.agency_admin), year,
               HEADER + "A;x;y;nol;;;\nB;x;y;5;dok;;NOPE\nC;;y;5;dok;;\n")  # fmt: skip
    body = r.content.decode()
    assert all(f"Baris {n}" in body for n in (2, 3, 4))
    assert not OrgTarget.objects.exists()


def test_import_into_a_closed_year_is_refused(cast, client_for, year):
    services.year_close(year=year, actor=cast.agency_admin)
    r = upload(client_for(cast.agency_admin), year, HEADER + "IKU-1;A;I;9;persen;;\n")
    assert r.status_code == 400 and "sudah ditutup" in r.content.decode()
    assert not OrgTarget.objects.exists()


def test_a_service_error_rolls_back_rows_already_saved(cast, client_for, year, monkeypatch):
    from django.core.exceptions import ValidationError

    real = services.org_target_save

    def fussy(*, target, actor):
        if target.code == "IKU-3":
            raise ValidationError({"goal": "Sasaran ditolak layanan."})
        return real(target=target, actor=actor)

    monkeypatch.setattr(services, "org_target_save", fussy)
    r = upload(client_for(cast.agency_admin), year,
               HEADER + "IKU-1;A;I;9;dok;;\nIKU-2;B;I;9;dok;;\nIKU-3;C;I;9;dok;;\n")  # fmt: skip
    body = r.content.decode()
    assert r.status_code == 400 and "Baris 4" in body and "Sasaran ditolak layanan." in body
    assert not OrgTarget.objects.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_import_template_downloads(cast, client_for, fmt):
    r = client_for(cast.agency_admin).get(reverse("planning:target_import_template", args=[fmt]))
    assert r.status_code == 200 and f"templat-impor-target.{fmt}" in r["Content-Disposition"]
    if fmt == "csv":
        assert r.content.decode("utf-8-sig").startswith("kode;sasaran;indikator;target")


def test_the_downloaded_template_imports_cleanly(cast, client_for, year):
    from kinerja.planning.importers import build_target_template, import_targets

    data, _ct, name = build_target_template("xlsx")
    result = import_targets(year=year, filename=name, data=data, actor=cast.agency_admin)
    assert result.ok and result.created == 1
    assert OrgTarget.objects.get().unit == cast.bidang


# ---------------------------------------------------------------- templates


def rows(items, total=4):
    data = {"rhk-TOTAL_FORMS": str(total), "rhk-INITIAL_FORMS": "0"}
    for i in range(total):
        kind, text, inds = items[i] if i < len(items) else ("utama", "", "")
        data.update({f"rhk-{i}-kind": kind, f"rhk-{i}-text": text, f"rhk-{i}-indicators": inds})
    return data


def test_a_template_is_written_in_the_form_editor(cast, client_for):
    staf = Jabatan.objects.get(code="J-STAF")
    c = client_for(cast.agency_admin)
    inds = "kuantitas | Sekolah dengan data mutakhir | 40 | sekolah\nwaktu | Rekap | 5 | hari | turun\nkualitas | Data valid | 95-100 | persen | naik"  # fmt: skip
    r = c.post(reverse("planning:template_create"), {
        "jabatan": staf.pk, "name": "Pengelola data", "approach": "kuantitatif",
        **rows([("utama", "Tersedianya data", inds), ("tambahan", "Kepanitiaan", "kuantitas | Kegiatan | 2 | kegiatan")]),
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()
    t = SkpTemplate.objects.get()
    assert [i["kind"] for i in t.content] == ["utama", "tambahan"]
    first = t.content[0]["indicators"]
    assert first[0] == {"aspek": "kuantitas", "text": "Sekolah dengan data mutakhir", "target_unit": "sekolah",
                        "direction": "higher", "target_kind": "number", "target_value": 40}  # fmt: skip
    assert first[1]["direction"] == "lower"
    assert (first[2]["target_kind"], first[2]["target_low"], first[2]["target_high"]) == (
        "range",
        95,
        100,
    )
    # The edit page shows the content back as editable lines, plus empty rows.
    body = c.get(reverse("planning:template_edit", args=[t.pk])).content.decode()
    assert "waktu | Rekap | 5 | hari | turun" in body and 'name="rhk-4-text"' in body


@pytest.mark.parametrize(
    ("inds", "message"),
    [
        ("kuantitas | Sekolah | 0 | sekolah", "Baris 1: Target kuantitatif harus angka positif."),
        ("kuantitas | Sekolah | 40 |", "Baris 1: Satuan target wajib diisi"),
        ("kuantitas | ok | 1 | x\nkecepatan | Sekolah | 40 | sekolah", "Baris 2: aspek"),
        ("kuantitas | Sekolah | 40 | sekolah | miring", "arah"),
        ("kuantitas | Sekolah | banyak | sekolah", "Baris 1: SKP kuantitatif memerlukan target"),
        ("", "Tuliskan paling sedikit satu indikator."),
    ],
)
def test_a_bad_indicator_line_is_reported_on_its_row(cast, client_for, inds, message):
    staf = Jabatan.objects.get(code="J-STAF")
    r = client_for(cast.agency_admin).post(reverse("planning:template_create"), {
        "jabatan": staf.pk, "name": "x", "approach": "kuantitatif", **rows([("utama", "RHK", inds)]),
    })  # fmt: skip
    assert r.status_code == 200 and message in r.content.decode()
    assert not SkpTemplate.objects.exists()


def test_an_empty_template_is_refused_by_the_service(cast, client_for):
    staf = Jabatan.objects.get(code="J-STAF")
    r = client_for(cast.agency_admin).post(reverse("planning:template_create"), {
        "jabatan": staf.pk, "name": "x", "approach": "kuantitatif", **rows([]),
    })  # fmt: skip
    assert r.status_code == 200 and "paling sedikit satu RHK" in r.content.decode()


def test_save_an_existing_skp_as_a_template(cast, client_for, year, plans):
    kadis = Jabatan.objects.get(code="J-KADIS")
    c = client_for(cast.agency_admin)
    page = c.get(reverse("planning:template_from_skp"), {"jabatan": kadis.pk}).content.decode()
    assert "Hendra Wijaya" in page
    r = c.post(reverse("planning:template_from_skp"), {
        "jabatan": kadis.pk, "skp": plans["hendra"].pk, "name": "Kepala dinas",
    })  # fmt: skip
    t = SkpTemplate.objects.get()
    assert r.status_code == 302 and r.url == reverse("planning:template_edit", args=[t.pk])
    assert t.jabatan == kadis and t.content == [{
        "kind": "utama", "text": "Meningkatnya partisipasi sekolah dasar",
        "indicators": [{"aspek": "kuantitas", "text": "APM SD", "target_kind": "number",
                        "target_value": 98, "target_low": None, "target_high": None,
                        "target_unit": "persen", "target_text": "", "direction": "higher"}],
    }]  # fmt: skip
    # An SKP of another position's holder is not offered.
    r = c.post(reverse("planning:template_from_skp"), {
        "jabatan": kadis.pk, "skp": plans["siti"].pk, "name": "x",
    })  # fmt: skip
    assert r.status_code == 200 and SkpTemplate.objects.count() == 1


def test_a_skp_without_indicators_cannot_become_a_template(cast, client_for, year, plans):
    kabid = Jabatan.objects.get(code="J-KABID")
    services.rhk_save(rhk=Rhk(skp=plans["siti"], text="Tanpa indikator", parent=plans["top"]),
                      actor=cast.supervisor.user)  # fmt: skip
    r = client_for(cast.agency_admin).post(reverse("planning:template_from_skp"), {
        "jabatan": kabid.pk, "skp": plans["siti"].pk, "name": "x",
    })  # fmt: skip
    assert r.status_code == 200 and "belum memiliki indikator" in r.content.decode()


def test_apply_a_template_through_the_page(cast, client_for, year):
    staf = Jabatan.objects.get(code="J-STAF")
    for i in range(3):
        PegawaiFactory(instansi=cast.pendidikan, unit=cast.bidang, jabatan=staf,
                       atasan=cast.supervisor, nip=make_nip(700 + i))  # fmt: skip
    services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    tpl = services.template_save(
        template=SkpTemplate(jabatan=staf, name="Pengelola data", content=TEMPLATE),
        actor=cast.agency_admin,
    )
    c = client_for(cast.agency_admin)
    listing = c.get(reverse("planning:template_list")).content.decode()
    assert f'value="{year.pk}"' in listing
    r = c.post(reverse("planning:template_apply", args=[tpl.pk]), {"year": year.pk}, follow=True)
    assert "4 SKP dibuat, 1 dilewati (sudah punya SKP)" in r.content.decode()
    assert Skp.objects.filter(jabatan=staf, year=year).count() == 5
    services.year_close(year=year, actor=cast.agency_admin)
    r = c.post(reverse("planning:template_apply", args=[tpl.pk]), {"year": year.pk}, follow=True)
    assert "tahun kinerja yang masih terbuka" in r.content.decode()


# ---------------------------------------------------------------- query counts


def _grow(cast, year, n):
    """n more staff under Siti with SKP, two RHK each (one supporting Siti's first RHK, one
    provisional) and an indicator per RHK; plus targets, a template and a past year."""
    from kinerja.planning.models import Period

    staf = Jabatan.objects.get(code="J-STAF")
    start = Pegawai.objects.count() * 10
    people = Pegawai.objects.bulk_create([
        Pegawai(nip=make_nip(9000 + start + i), name=f"Staf {start + i}", kind="PNS", sex="L",
                birth_date=datetime.date(1990, 1, 1), tmt=datetime.date(2015, 1, 1),
                instansi=cast.pendidikan, unit=cast.bidang, jabatan=staf, atasan=cast.supervisor,
                chain=f"{cast.supervisor.chain}{cast.supervisor.pk}/")
        for i in range(n)
    ])  # fmt: skip
    skps = Skp.objects.bulk_create([
        Skp(pegawai=p, year=year, rater=cast.supervisor, jabatan=staf, unit=cast.bidang,
            start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31),
            status=["draft", "submitted", "approved"][i % 3])
        for i, p in enumerate(people)
    ])  # fmt: skip
    siti_rhk = Rhk.objects.filter(skp__pegawai=cast.supervisor).order_by("pk").first()
    rhks = Rhk.objects.bulk_create(
        [Rhk(skp=s, text=f"Dukung {s.pk}", parent=siti_rhk) for s in skps]
        + [Rhk(skp=s, text=f"Sementara {s.pk}", is_provisional=True) for s in skps]
    )
    Indicator.objects.bulk_create(
        [Indicator(rhk=r, text="Jumlah", target_value=1, target_unit="dok") for r in rhks]
    )
    base = OrgTarget.objects.count()
    OrgTarget.objects.bulk_create([
        OrgTarget(year=year, code=f"T-{base + i}", goal="g", indicator="i", target_text="t")
        for i in range(n // 5 + 1)
    ])  # fmt: skip
    SkpTemplate.objects.bulk_create([
        SkpTemplate(jabatan=staf, name=f"T{base + i}", content=TEMPLATE) for i in range(n // 5 + 1)
    ])  # fmt: skip
    past = PerformanceYear.objects.create(
        instansi=cast.pendidikan, year=2000 + PerformanceYear.objects.count(),
        planning_start=datetime.date(2020, 1, 1), planning_end=datetime.date(2020, 1, 31),
        closing_date=datetime.date(2021, 1, 31),
    )  # fmt: skip
    Period.objects.create(year=past, number=1, name="Januari",
                          start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2020, 1, 31))  # fmt: skip


@pytest.fixture
def seeded(cast, year, plans):
    """The plans fixture plus a target Hendra's RHK supports and Siti's RHK under it."""
    t = services.org_target_save(
        target=OrgTarget(year=year, code="IKU-1", goal="g", indicator="i", target_text="t"),
        actor=cast.agency_admin,
    )
    top = plans["top"]
    Rhk.objects.filter(pk=top.pk).update(org_target=t)
    s1 = services.rhk_save(rhk=Rhk(skp=plans["siti"], text="Terbinanya SD", parent=top),
                           actor=cast.supervisor.user)  # fmt: skip
    services.rhk_save(rhk=Rhk(skp=plans["siti"], text="Survei"), actor=cast.supervisor.user)
    return {"year": year, "top": top, "s1": s1}


QUERY_PAGES = [
    ("planning:year_list", lambda s: [], {}, ["agency_admin", "bkpsdm_admin"]),
    ("planning:target_list", lambda s: [s["year"].pk], {}, ["agency_admin", "bkpsdm_admin"]),
    ("planning:template_list", lambda s: [], {}, ["agency_admin", "bkpsdm_admin"]),
    ("planning:status_board", lambda s: [], {}, ["agency_admin", "bkpsdm_admin", "supervisor", "pimpinan"]),
    ("planning:board_people", lambda s: [], {"status": "late"}, ["agency_admin", "supervisor"]),
    ("planning:cascade", lambda s: [], {}, ["agency_admin", "bkpsdm_admin", "supervisor", "head"]),
    ("planning:cascade_children", lambda s: [s["s1"].pk], {}, ["agency_admin", "supervisor"]),
    ("planning:cascade_children", lambda s: [s["top"].pk], {"hx": 1}, ["agency_admin", "head"]),
    ("planning:cascade_gaps", lambda s: [], {"kind": "orphan"}, ["agency_admin", "supervisor"]),
    ("planning:cascade_gaps", lambda s: [], {"kind": "unsupported"}, ["bkpsdm_admin"]),
    ("planning:cascade_gaps", lambda s: [], {"kind": "no_skp"}, ["agency_admin"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "args", "params", "persona"),
    [
        pytest.param(n, a, p, who, id=f"{n.split(':')[1]}{'-' + str(next(iter(p.values()))) if p else ''}-{who}")
        for n, a, p, personas in QUERY_PAGES
        for who in personas
    ],
)  # fmt: skip
def test_pages_keep_a_constant_small_query_count(
    cast, client_for, seeded, name, args, params, persona
):
    c = client_for(cast.user(persona))
    url = reverse(name, args=args(seeded))
    params = dict(params)
    headers = {"HTTP_HX_REQUEST": "true"} if params.pop("hx", None) else {}
    _grow(cast, seeded["year"], 3)
    with CaptureQueriesContext(connection) as small:
        assert c.get(url, params, **headers).status_code == 200
    _grow(cast, seeded["year"], 40)
    with CaptureQueriesContext(connection) as large:
        r = c.get(url, params, **headers)
        assert r.status_code == 200
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
    assert len(large) <= 15, [q["sql"][:120] for q in large.captured_queries]


def test_admin_deletes_targets_and_templates_and_moves_the_schedule(cast, client_for):
    import datetime as dt

    from kinerja.organisation.models import Jabatan
    from kinerja.planning import services as svc
    from kinerja.planning.models import OrgTarget, SkpTemplate

    year = svc.year_create(instansi=cast.pendidikan, year=2026, actor=cast.agency_admin)
    target = svc.org_target_save(
        target=OrgTarget(year=year, code="IKU-7", goal="g", indicator="i", target_text="t"),
        actor=cast.agency_admin,
    )
    c = client_for(cast.agency_admin)
    assert (
        client_for(cast.employee).post(f"/perencanaan/target/{target.pk}/hapus/").status_code == 404
    )
    r = c.post(f"/perencanaan/target/{target.pk}/hapus/")
    assert r.status_code == 302 and not OrgTarget.objects.filter(pk=target.pk).exists()
    tpl = svc.template_save(
        template=SkpTemplate(
            jabatan=Jabatan.objects.get(code="J-STAF"),
            name="t",
            content=[
                {"text": "r", "indicators": [{"text": "i", "target_value": 1, "target_unit": "u"}]}
            ],
        ),
        actor=cast.agency_admin,
    )
    assert c.post(f"/perencanaan/templat/{tpl.pk}/hapus/").status_code == 302
    assert not SkpTemplate.objects.exists()
    r = c.post(
        f"/perencanaan/tahun/{year.pk}/jadwal/",
        {
            "planning_start": "2026-01-02",
            "planning_end": "2026-01-01",
            "closing_date": "2027-01-31",
        },
    )
    assert r.status_code == 200 and r.context["form"].errors
    r = c.post(
        f"/perencanaan/tahun/{year.pk}/jadwal/",
        {
            "planning_start": "2026-01-02",
            "planning_end": "2026-02-28",
            "closing_date": "2027-01-31",
        },
    )
    year.refresh_from_db()
    assert r.status_code == 302 and year.planning_end == dt.date(2026, 2, 28)
