"""Agency evaluation pages: the result list with its distribution and Excel export, opening
evaluations, the organisation predikat per unit with the curve status, recompute and the batch
PDF form. Every page is tried by each member of the cast: forbidden looks like missing (404),
read-only roles see but cannot act, and lists keep a constant number of queries as data grows."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from kinerja.core.models import AuditLog
from kinerja.evaluation import services
from kinerja.evaluation.models import Evaluation, Objection, UnitPredikat
from kinerja.organisation.models import Jabatan, Pegawai
from kinerja.organisation.tests.factories import make_nip
from kinerja.planning.models import Skp

pytestmark = pytest.mark.django_db

RESULTS = reverse("evaluation:agency_results")
EXPORT = reverse("evaluation:agency_results_export")
OPEN = reverse("evaluation:agency_open")
RECOMPUTE = reverse("evaluation:agency_recompute")
UNITS = reverse("evaluation:unit_predikat")
UNIT_SET = reverse("evaluation:unit_predikat_set")


def _msg(response) -> str:
    """The message the request added (earlier ones wait in the session until shown)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def _scope(approved, period) -> dict:
    year = approved["year"]
    return {
        "instansi": year.instansi_id,
        "year": year.pk,
        "period": period.pk if period else "tahunan",
    }


@pytest.fixture
def rated(cast, evaluation):
    """Budi's May evaluation rated Di Atas / Di Atas (Sangat Baik) by Siti, against a suggestion
    of Sesuai Ekspektasi, with a reason."""
    services.evaluation_rate(evaluation=evaluation, actor=cast.supervisor.user,
                             hasil_kerja="di_atas", perilaku="di_atas",
                             departure_reason="Menyelesaikan verifikasi lebih awal")  # fmt: skip
    Evaluation.objects.filter(pk=evaluation.pk).update(suggested_rating="sesuai")
    evaluation.refresh_from_db()
    return evaluation


def _grow(cast, approved, period, n):
    """n more staff under Siti with approved SKPs and rated May evaluations; every third one
    with an objection, every other one rated by Hendra instead."""
    staf = Jabatan.objects.get(code="J-STAF")
    start = Pegawai.objects.count() * 10
    people = Pegawai.objects.bulk_create([
        Pegawai(nip=make_nip(7000 + start + i), name=f"Staf {start + i}", kind="PNS", sex="L",
                birth_date=datetime.date(1990, 1, 1), tmt=datetime.date(2015, 1, 1),
                instansi=cast.pendidikan, unit=cast.bidang, jabatan=staf, atasan=cast.supervisor,
                chain=f"{cast.supervisor.chain}{cast.supervisor.pk}/")
        for i in range(n)
    ])  # fmt: skip
    skps = Skp.objects.bulk_create([
        Skp(pegawai=p, year=approved["year"], rater=cast.supervisor, jabatan=staf, unit=cast.bidang,
            start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31), status="approved")
        for p in people
    ])  # fmt: skip
    preds = ["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang", ""]
    evs = Evaluation.objects.bulk_create([
        Evaluation(skp=s, period=period, kind="periodic", pegawai=s.pegawai,
                   rater=cast.supervisor if i % 2 else cast.head, rater_superior=cast.head,
                   instansi=cast.pendidikan, unit=cast.bidang, jabatan=staf, policy_key="permenpanrb-6-2022",
                   status="objected" if i % 3 == 0 else "final", suggested_rating="sesuai",
                   rating_hasil_kerja="di_atas" if preds[i % 6] else "", rating_perilaku="sesuai",
                   predikat=preds[i % 6])
        for i, s in enumerate(skps)
    ])  # fmt: skip
    Objection.objects.bulk_create(
        [
            Objection(evaluation=e, reasons="Tidak sesuai", filed_by=cast.agency_admin)
            for i, e in enumerate(evs)
            if i % 3 == 0
        ]
    )


# ---------------------------------------------------------------- who gets in


RESULT_ACCESS = {
    "agency_admin": 200, "bkpsdm_admin": 200, "pimpinan": 200, "auditor": 200,
    "employee": 404, "supervisor": 404, "head": 404, "outsider": 404,
}  # fmt: skip


@pytest.mark.parametrize("url", [RESULTS, EXPORT])
@pytest.mark.parametrize(("persona", "status"), RESULT_ACCESS.items())
def test_result_list_and_export_are_for_agency_readers_only(
    cast, client_for, rated, persona, status, url
):
    assert client_for(cast.user(persona)).get(url).status_code == status


UNIT_ACCESS = RESULT_ACCESS | {"supervisor": 200, "head": 200}


@pytest.mark.parametrize(("persona", "status"), UNIT_ACCESS.items())
def test_unit_predikat_page_is_for_agency_readers_and_leaders(
    cast, client_for, rated, persona, status
):
    assert client_for(cast.user(persona)).get(UNITS).status_code == status


def test_anonymous_is_sent_to_login(client, rated):
    for url in (RESULTS, EXPORT, UNITS):
        r = client.get(url)
        assert r.status_code == 302 and "masuk" in r["Location"]


@pytest.mark.parametrize("url", [RESULTS, EXPORT, UNITS])
def test_an_agency_admin_cannot_open_another_agency(cast, client_for, rated, url):
    ani = client_for(cast.agency_admin)
    assert ani.get(url, {"instansi": cast.kesehatan.pk}).status_code == 404
    assert ani.get(url, {"instansi": "x"}).status_code == 404
    assert client_for(cast.bkpsdm_admin).get(url, {"instansi": cast.kesehatan.pk}).status_code in (
        200,
        404 if url == EXPORT else 200,  # no performance year in Dinas Kesehatan: nothing to export
    )


def test_bkpsdm_and_auditors_pick_the_agency(cast, client_for, rated):
    r = client_for(cast.auditor).get(RESULTS, {"instansi": cast.pendidikan.pk})
    html = r.content.decode()
    assert "Dinas Kesehatan" in html and "Budi Santoso" in html
    r = client_for(cast.bkpsdm_admin).get(RESULTS, {"instansi": cast.kesehatan.pk})
    assert r.status_code == 200 and "belum memiliki tahun kinerja" in r.content.decode()


@pytest.mark.parametrize("persona", ["pimpinan", "auditor"])
def test_read_only_roles_see_but_cannot_act(cast, client_for, approved, may, rated, persona):
    c = client_for(cast.user(persona))
    html = c.get(RESULTS).content.decode()
    assert "Budi Santoso" in html
    assert OPEN not in html and RECOMPUTE not in html
    assert c.post(OPEN, _scope(approved, may)).status_code == 404
    assert c.post(RECOMPUTE, _scope(approved, may)).status_code == 404
    assert c.post(RECOMPUTE, {"scope": "pemda"}).status_code == 404
    html = c.get(UNITS).content.decode()
    assert UNIT_SET not in html
    data = _scope(approved, may) | {"unit": cast.bidang.pk, "predikat": "baik"}
    assert c.post(UNIT_SET, data).status_code == 404
    assert not UnitPredikat.objects.exists()


def test_admins_get_the_buttons(cast, client_for, rated):
    html = client_for(cast.agency_admin).get(RESULTS).content.decode()
    assert OPEN in html and RECOMPUTE in html and 'value="pemda"' not in html
    html = client_for(cast.bkpsdm_admin).get(RESULTS, {"instansi": cast.pendidikan.pk}).content
    assert 'value="pemda"' in html.decode()


def test_get_is_not_allowed_on_actions(cast, client_for, rated):
    c = client_for(cast.agency_admin)
    for url in (OPEN, RECOMPUTE, UNIT_SET):
        assert c.get(url).status_code == 405


# ---------------------------------------------------------------- the result list


def test_the_list_shows_ratings_the_departure_and_the_objection(cast, client_for, rated):
    Objection.objects.create(evaluation=rated, reasons="Keberatan", filed_by=cast.employee.user)
    html = client_for(cast.agency_admin).get(RESULTS).content.decode()
    assert "Budi Santoso" in html and "Bidang Pembinaan SD" in html and "Siti Rahmawati" in html
    assert "Sangat Baik" in html and "Di Atas Ekspektasi" in html
    assert "Saran: Sesuai Ekspektasi" in html and "Berbeda dari saran" in html
    assert "Menunggu keputusan" in html
    assert reverse("evaluation:detail", args=[rated.pk]) in html
    # the distribution: one Sangat Baik in the unit, and the chart's data in an attribute
    assert "data-predikat-chart=" in html and "&quot;Sangat Baik&quot;" in html
    assert "<script>" not in html


def test_the_default_period_is_today_s_and_annual_can_be_chosen(cast, client_for, approved, rated):
    c = client_for(cast.agency_admin)
    r = c.get(RESULTS)
    assert r.context["scope"].period.number == 5
    r = c.get(RESULTS, _scope(approved, None))
    assert (
        r.context["scope"].annual
        and "Budi Santoso" not in r.content.decode().split("Daftar penilaian")[1]
    )


def test_filters_narrow_the_list_and_bad_values_are_ignored(cast, client_for, approved, may, rated):
    _grow(cast, approved, may, 6)
    c = client_for(cast.agency_admin)
    base = _scope(approved, may)
    r = c.get(RESULTS, base)
    assert r.context["page"].paginator.count == 7
    assert c.get(RESULTS, base | {"predikat": "sangat_baik"}).context["page"].paginator.count == 2
    assert c.get(RESULTS, base | {"predikat": "belum"}).context["page"].paginator.count == 1
    assert c.get(RESULTS, base | {"status": "objected"}).context["page"].paginator.count == 2
    assert c.get(RESULTS, base | {"unit": cast.sekretariat.pk}).context["page"].paginator.count == 7
    assert (
        c.get(RESULTS, base | {"unit": cast.bidang.pk, "status": "open"})
        .context["page"]
        .paginator.count
        == 1
    )
    for bad in ({"unit": "abc"}, {"unit": cast.puskesmas.pk}, {"status": "x"}, {"predikat": "<b>"},
                {"page": "999"}, {"period": "x"}, {"year": "x"}):  # fmt: skip
        r = c.get(RESULTS, base | bad)
        assert r.status_code == 200, bad


def test_the_export_holds_the_same_rows(cast, client_for, approved, may, rated):
    from openpyxl import load_workbook

    _grow(cast, approved, may, 3)
    c = client_for(cast.pimpinan)
    r = c.get(EXPORT, _scope(approved, may))
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith('attachment; filename="hasil-penilaian-disdik-2026')
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:3] == ("NIP", "Nama", "Unit kerja")
    assert len(rows) == 2 + 4
    budi = next(row for row in rows if row[1] == "Budi Santoso")
    assert budi[0] == cast.employee.nip and budi[4] == "Siti Rahmawati"
    assert budi[7:12] == ("Sesuai Ekspektasi", "Di Atas Ekspektasi", "Di Atas Ekspektasi",
                          "Sangat Baik", "Ya")  # fmt: skip
    assert budi[12] == "Menyelesaikan verifikasi lebih awal"
    assert any(row[13] == "Menunggu keputusan" for row in rows[2:])
    # the filters apply to the export as well
    r = c.get(EXPORT, _scope(approved, may) | {"predikat": "sangat_baik"})
    assert len(list(load_workbook(io.BytesIO(r.content)).active.iter_rows())) == 2 + 2


def test_pages_keep_a_constant_small_query_count(cast, client_for, approved, may, rated):
    services.unit_predikat_set(
        unit=cast.bidang, period=may, predikat="baik", actor=cast.agency_admin
    )
    pages = [
        (RESULTS, "agency_admin"), (RESULTS, "bkpsdm_admin"), (RESULTS, "pimpinan"),
        (EXPORT, "agency_admin"), (UNITS, "agency_admin"), (UNITS, "head"), (UNITS, "auditor"),
    ]  # fmt: skip
    params = _scope(approved, may)
    small = {}
    _grow(cast, approved, may, 3)
    for url, who in pages:
        c = client_for(cast.user(who))
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url, params).status_code == 200
        small[(url, who)] = len(ctx)
    _grow(cast, approved, may, 60)  # more than one page of the list
    for url, who in pages:
        c = client_for(cast.user(who))
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url, params).status_code == 200
        assert len(ctx) == small[(url, who)], (
            url,
            who,
            [q["sql"][:100] for q in ctx.captured_queries],
        )
        assert len(ctx) <= 16, (url, who, [q["sql"][:100] for q in ctx.captured_queries])


def test_the_batch_pdf_form_posts_to_the_pdf_module_when_it_exists(cast, client_for, rated):
    html = client_for(cast.auditor).get(RESULTS).content.decode()
    try:
        url = reverse("evaluation:pdf_batch")
    except NoReverseMatch:
        assert "PDF massal" not in html
    else:
        assert f'action="{url}"' in html and 'name="period" value="' in html


def test_the_nav_links_admins_to_the_result_list(cast, client_for, rated):
    assert RESULTS in client_for(cast.agency_admin).get(reverse("home")).content.decode()
    assert RESULTS in client_for(cast.bkpsdm_admin).get(reverse("home")).content.decode()
    assert RESULTS not in client_for(cast.employee).get(reverse("home")).content.decode()


# ---------------------------------------------------------------- opening evaluations


def test_opening_evaluations_is_idempotent(cast, client_for, approved, may):
    c = client_for(cast.agency_admin)
    r = c.post(OPEN, _scope(approved, may))
    assert r.status_code == 302 and f"period={may.pk}" in r["Location"]
    assert _msg(r) == "1 penilaian dibuka untuk Mei."
    r = c.post(OPEN, _scope(approved, may))
    assert "Tidak ada penilaian baru" in _msg(r)
    assert Evaluation.objects.filter(period=may).count() == 1
    r = client_for(cast.bkpsdm_admin).post(OPEN, _scope(approved, None))
    assert _msg(r) == "1 penilaian dibuka untuk Tahunan."
    assert Evaluation.objects.filter(kind="annual").count() == 1
    assert AuditLog.objects.filter(action="evaluation.opened").count() == 3


@pytest.mark.parametrize(
    "bad",
    [{"period": ""}, {"period": "x"}, {"year": ""}, {"year": "999999"}],
)
def test_opening_with_a_bad_period_creates_nothing(cast, client_for, approved, may, bad):
    r = client_for(cast.agency_admin).post(OPEN, _scope(approved, may) | bad)
    assert r.status_code == 302
    assert "Pilih tahun kinerja dan periode" in _msg(r)
    assert not Evaluation.objects.exists()


def test_opening_is_404_for_other_agencies_and_non_admins(cast, client_for, approved, may):
    data = _scope(approved, may)
    for who in ("employee", "supervisor", "head", "outsider", "pimpinan", "auditor"):
        assert client_for(cast.user(who)).post(OPEN, data).status_code == 404, who
    kes = dict(data, instansi=cast.kesehatan.pk)
    assert client_for(cast.agency_admin).post(OPEN, kes).status_code == 404
    assert not Evaluation.objects.exists()


# ---------------------------------------------------------------- organisation predikat


def _set(c, approved, period, unit, predikat="baik"):
    return c.post(UNIT_SET, _scope(approved, period) | {"unit": unit.pk, "predikat": predikat})


def test_the_leader_above_sets_the_unit_predikat(cast, client_for, approved, may):
    c = client_for(cast.head)
    html = c.get(UNITS).content.decode()
    assert "Bidang Pembinaan SD" in html and UNIT_SET in html
    r = _set(c, approved, may, cast.bidang, "istimewa")
    assert r.status_code == 302 and "Istimewa" in _msg(r)
    row = UnitPredikat.objects.get(unit=cast.bidang, period=may)
    assert row.predikat == "istimewa" and row.set_by == cast.head.user
    # changing it again updates the same row
    _set(c, approved, may, cast.bidang, "baik")
    assert UnitPredikat.objects.get(unit=cast.bidang, period=may).predikat == "baik"
    # the annual predikat is a row of its own
    _set(c, approved, None, cast.bidang, "kurang")
    assert UnitPredikat.objects.get(unit=cast.bidang, period=None).predikat == "kurang"


def test_the_unit_s_own_head_may_not_set_it(cast, client_for, approved, may):
    siti = client_for(cast.supervisor)
    html = siti.get(UNITS).content.decode()
    assert UNIT_SET not in html and "Tidak ada unit di bawah Anda" in html
    assert _set(siti, approved, may, cast.bidang).status_code == 404
    hendra = client_for(cast.head)
    assert _set(hendra, approved, may, cast.sekretariat).status_code == 404  # his own unit
    assert not UnitPredikat.objects.exists()


def test_outsiders_and_other_agencies_get_404(cast, client_for, approved, may):
    assert _set(client_for(cast.outsider), approved, may, cast.bidang).status_code == 404
    assert _set(client_for(cast.employee), approved, may, cast.bidang).status_code == 404
    ani = client_for(cast.agency_admin)
    data = _scope(approved, may) | {"unit": cast.puskesmas.pk, "predikat": "baik"}
    assert ani.post(UNIT_SET, data).status_code == 404
    assert ani.post(UNIT_SET, data | {"unit": "x"}).status_code == 404
    assert not UnitPredikat.objects.exists()


def test_the_agency_admin_sets_any_unit_and_bad_input_is_explained(cast, client_for, approved, may):
    ani = client_for(cast.agency_admin)
    assert _set(ani, approved, may, cast.sekretariat).status_code == 302
    r = _set(ani, approved, may, cast.bidang, "luar_biasa")
    assert "Predikat organisasi tidak dikenal." in _msg(r)
    r = ani.post(UNIT_SET, _scope(approved, may) | {"unit": cast.bidang.pk, "period": "x"})
    assert "Pilih tahun kinerja dan periode" in _msg(r)
    assert list(UnitPredikat.objects.values_list("unit_id", flat=True)) == [cast.sekretariat.pk]
    assert AuditLog.objects.filter(action="unit_predikat.set").count() == 1


@pytest.mark.parametrize("pool", ["rater", "unit"])
def test_the_curve_warning_is_shown_next_to_the_unit(
    cast, client_for, approved, may, rated, settings, pool
):
    settings.KINERJA_CURVE_POOL = pool
    c = client_for(cast.agency_admin)
    html = c.get(UNITS, _scope(approved, may)).content.decode()
    assert "Tetapkan predikat organisasi untuk memeriksa kurva." in html
    assert "curve-warning" not in html
    services.unit_predikat_set(
        unit=cast.bidang, period=may, predikat="sangat_kurang", actor=cast.agency_admin
    )
    r = c.get(UNITS, _scope(approved, may))
    html = r.content.decode()
    expected = [b.message for b in services.curve_check(rated)]
    assert expected  # Sangat Kurang allows no Sangat Baik at all
    row = next(x for x in r.context["rows"] if x.unit == cast.bidang)
    assert [m for p in row.pools for m in p.breaches] == expected
    assert "curve-warning" in html and "1 unit memiliki sebaran predikat" in html
    for m in expected:
        assert m in html
    # a pattern that fits shows no warning
    services.unit_predikat_set(
        unit=cast.bidang, period=may, predikat="istimewa", actor=cast.agency_admin
    )
    html = c.get(UNITS, _scope(approved, may)).content.decode()
    assert "curve-warning" not in html and "sesuai pola kurva" in html


# ---------------------------------------------------------------- recompute


def test_recompute_is_404_for_everyone_but_admins(cast, client_for, approved, may):
    for who in ("employee", "supervisor", "head", "outsider", "pimpinan", "auditor"):
        assert client_for(cast.user(who)).post(RECOMPUTE, _scope(approved, may)).status_code == 404
    ani = client_for(cast.agency_admin)
    assert ani.post(RECOMPUTE, {"scope": "pemda"}).status_code == 404
    assert ani.post(RECOMPUTE, {"instansi": cast.kesehatan.pk}).status_code == 404


def test_recompute_starts_a_job_and_shows_it(cast, client_for, approved, may):
    ani = client_for(cast.agency_admin)
    r = ani.post(RECOMPUTE, _scope(approved, may))
    assert r.status_code == 302 and "/pekerjaan/" in r["Location"]
    assert ani.get(r["Location"]).status_code == 200
    r = client_for(cast.bkpsdm_admin).post(RECOMPUTE, {"scope": "pemda"})
    assert r.status_code == 302 and "/pekerjaan/" in r["Location"]
