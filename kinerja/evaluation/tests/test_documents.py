"""The official evaluation documents as PDF: what they say (the people at the time, the
indicator numbers, the ratings and the predikat, the draft mark), how the annual one differs
from the periodic one, who may print them, and the batch job that puts every final evaluation
of an agency and period into one ZIP."""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.activity.models import Feedback
from kinerja.core.models import Job
from kinerja.evaluation import documents, services
from kinerja.evaluation.models import Evaluation
from kinerja.evaluation.tasks import BATCH_KIND
from kinerja.organisation.models import Jabatan
from kinerja.planning import services as plan
from kinerja.planning.models import BehaviourValue, Indicator, Rhk

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext")
# CI installs poppler and sets KINERJA_REQUIRE_PDFTOTEXT: there a missing pdftotext fails, not skips.
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None and not os.environ.get("KINERJA_REQUIRE_PDFTOTEXT"),
    reason="pdftotext (poppler) not installed",
)


def pdf_text(data: bytes, tmp_path) -> str:
    """The text of the PDF in drawing order (`-raw` keeps the diagonal watermark in one piece),
    with runs of white space made single."""
    path = tmp_path / "evaluasi.pdf"
    path.write_bytes(data)
    args = [PDFTOTEXT, "-enc", "UTF-8", "-raw", str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True, timeout=30).stdout
    return " ".join(out.split())


def laid_out_text(evaluation: Evaluation) -> str:
    """The text WeasyPrint laid out on the pages (no poppler needed)."""
    document = documents.evaluation_pdf_document(evaluation)
    parts: list[str] = []
    for page in document.pages:
        for box in page._page_box.descendants():
            text = getattr(box, "text", None)
            if isinstance(text, str):
                parts.append(text)
    return " ".join(" ".join(parts).split())


def rate(ev: Evaluation, actor, *, hasil_kerja="sesuai", perilaku="di_atas") -> Evaluation:
    values = {v.pk: f"Umpan balik {v.name}" for v in BehaviourValue.objects.all()}
    return services.evaluation_rate(
        evaluation=ev, actor=actor, hasil_kerja=hasil_kerja, perilaku=perilaku,
        feedback="Verifikasi data sekolah berjalan baik; percepat rekap.",
        behaviour_feedback=values,
    )  # fmt: skip


def finalise(ev: Evaluation, actor, **ratings) -> Evaluation:
    rate(ev, actor, **ratings)
    services.evaluation_finalise(evaluation=ev, actor=actor)
    return Evaluation.objects.get(pk=ev.pk)


@pytest.fixture
def final(cast, evaluation):
    """Budi's May evaluation, rated by Siti (Sesuai / Di Atas: Baik) and final."""
    return finalise(evaluation, cast.supervisor.user)


@pytest.fixture
def annual(cast, approved):
    """Budi's annual evaluation for 2026, rated Di Atas / Di Atas (Sangat Baik) and final."""
    services.evaluations_open(year=approved["year"], actor=cast.agency_admin)
    ev = Evaluation.objects.get(pegawai=cast.employee, kind="annual")
    return finalise(ev, cast.supervisor.user, hasil_kerja="di_atas", perilaku="di_atas")


@pytest.fixture
def dewi(cast, approved, may):
    """Dewi's approved SKP (rated by Siti too) and her open May evaluation."""
    skp = plan.skp_create(pegawai=cast.peer, year=approved["year"], actor=cast.peer.user)
    rhk = plan.rhk_save(rhk=Rhk(skp=skp, text="Laporan BOS tepat waktu", parent=approved["siti_rhk"]),
                        actor=cast.peer.user)  # fmt: skip
    plan.indicator_save(indicator=Indicator(rhk=rhk, text="Laporan BOS diverifikasi", target_value=Decimal(24),
                                            target_unit="laporan"), actor=cast.peer.user)  # fmt: skip
    plan.skp_submit(skp=skp, actor=cast.peer.user)
    plan.skp_approve(skp=skp, actor=cast.supervisor.user)
    services.evaluations_open(year=approved["year"], period=may, actor=cast.agency_admin)
    return Evaluation.objects.get(pegawai=cast.peer, period=may)


def pdf_url(ev: Evaluation) -> str:
    return reverse("evaluation:pdf", kwargs={"pk": ev.pk})


# ---------------------------------------------------------------- what it says


@needs_pdftotext
def test_the_periodic_document_names_the_people_numbers_ratings_and_predikat(cast, final, tmp_path):
    text = pdf_text(documents.evaluation_pdf_bytes(final), tmp_path)
    for expected in [
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "PERIODE MEI 2026",
        "PEMERINTAH KABUPATEN SUKAMAJU",
        "Dinas Pendidikan",
        "1 Mei 2026 s.d. 31 Mei 2026",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        cast.employee.name,
        cast.employee.nip,
        cast.employee.golongan_display,
        "Pengelola Data Pendidikan",
        "Bidang Pembinaan SD",
        cast.supervisor.name,  # the rater
        cast.supervisor.nip,
        "Kepala Bidang Pembinaan SD",
        "SD terbina",  # the RHK of Siti's that Budi's intervenes in
        "Data pokok sekolah mutakhir",
        "Sekolah diverifikasi datanya",
        "12 sekolah",
        "5 hari",
        "Realisasi Berdasarkan Bukti Dukung",
        "Umpan balik hasil kerja",
        "percepat rekap",
        "Berorientasi Pelayanan",
        "Umpan balik Berorientasi Pelayanan",
        "RATING HASIL KERJA SESUAI EKSPEKTASI",
        "RATING PERILAKU KERJA DI ATAS EKSPEKTASI",
        "PREDIKAT KINERJA PEGAWAI BAIK",
        "Sukamaju, 15 Mei 2026",
        "Halaman 1 dari",
    ]:
        assert expected in text, expected
    # Every indicator's numbers, as frozen at finalisation.
    for row in final.indicator_snapshot:
        assert row["target"] in text
        if row["realisation"] is not None:
            assert documents.angka(row["realisation"]) in text
        if row["capaian"] is not None:
            assert f"{documents.angka(row['capaian'])}%" in text
    assert any(r["realisation"] is not None for r in final.indicator_snapshot)
    assert "DRAF" not in text
    # Periodic: only the rater signs, and the rater's superior is not a party.
    assert "ATASAN PEJABAT PENILAI KINERJA" not in text
    assert cast.head.nip not in text


def test_the_document_shows_the_numbers_without_poppler_too(cast, final):
    text = laid_out_text(final)
    assert cast.employee.nip in text and cast.supervisor.nip in text
    assert "BAIK" in text and "SESUAI EKSPEKTASI" in text  # set in capitals
    count = next(r for r in final.indicator_snapshot if r["realisation"] is not None)
    assert f"{documents.angka(count['realisation'])} sekolah" in text
    assert f"{documents.angka(count['capaian'])}%" in text


@needs_pdftotext
def test_the_annual_document_adds_the_raters_superior_and_the_employees_signature(
    cast, final, annual, tmp_path
):
    yearly = pdf_text(documents.evaluation_pdf_bytes(annual), tmp_path)
    periodic = pdf_text(documents.evaluation_pdf_bytes(final), tmp_path)
    for expected in [
        "PERIODE TAHUNAN",
        "1 Januari 2026 s.d. 31 Desember 2026",
        "ATASAN PEJABAT PENILAI KINERJA",
        cast.head.name,
        cast.head.nip,
        "Kepala Dinas Pendidikan",
        "PREDIKAT KINERJA PEGAWAI SANGAT BAIK",
        "Pegawai yang Dinilai",
        f"{cast.employee.name} NIP. {cast.employee.nip}",  # the employee's signature line
    ]:
        assert expected in yearly, expected
        assert expected not in periodic, expected
    assert "PERIODE MEI 2026" in periodic and "PERIODE MEI 2026" not in yearly
    assert (
        documents.evaluation_pdf_filename(annual)
        == f"Evaluasi-2026-tahunan-{cast.employee.nip}.pdf"
    )
    assert documents.evaluation_pdf_filename(final) == f"Evaluasi-2026-mei-{cast.employee.nip}.pdf"


@needs_pdftotext
def test_an_open_evaluation_prints_as_a_draft(cast, evaluation, tmp_path):
    rate(evaluation, cast.supervisor.user)
    text = pdf_text(documents.evaluation_pdf_bytes(evaluation), tmp_path)
    assert "DRAF" in text
    assert "PENILAIAN BELUM FINAL" in text
    assert "Sukamaju, ...." in text  # not final: no date yet
    # No snapshot yet: the live indicator numbers stand in.
    assert "Sekolah diverifikasi datanya" in text and "12 sekolah" in text


@needs_pdftotext
def test_the_document_shows_the_post_and_rater_at_the_time_not_todays(cast, final, tmp_path):
    moved = Jabatan.objects.create(instansi=cast.kesehatan, unit=cast.puskesmas, code="J-NEW",
                                   name="Analis Kesehatan", kind="JF", level="ahli_pertama")  # fmt: skip
    budi, siti = cast.employee, cast.supervisor
    budi.jabatan, budi.unit, budi.instansi = moved, cast.puskesmas, cast.kesehatan
    budi.atasan = cast.outsider
    budi.save()
    siti.jabatan = moved
    siti.save()
    text = pdf_text(documents.evaluation_pdf_bytes(final), tmp_path)
    assert "Analis Kesehatan" not in text and "Puskesmas" not in text
    assert "Pengelola Data Pendidikan" in text and "Kepala Bidang Pembinaan SD" in text
    assert cast.outsider.name not in text


@needs_pdftotext
def test_the_feedback_given_on_an_indicator_during_the_period_shows_in_its_row(
    cast, approved, evaluation, tmp_path
):
    def give(text, when):
        fb = Feedback.objects.create(pegawai=cast.employee, author=cast.supervisor.user,
                                     indicator=approved["count"], text=text)  # fmt: skip
        Feedback.objects.filter(pk=fb.pk).update(created_at=when)

    tz = timezone.get_current_timezone()
    give("Lengkapi foto papan nama sekolah", datetime.datetime(2026, 5, 12, 9, tzinfo=tz))
    give("Catatan bulan Maret", datetime.datetime(2026, 3, 2, 9, tzinfo=tz))
    ev = finalise(evaluation, cast.supervisor.user)
    text = pdf_text(documents.evaluation_pdf_bytes(ev), tmp_path)
    assert "Lengkapi foto papan nama sekolah" in text
    assert "Catatan bulan Maret" not in text


def test_rendering_costs_the_same_queries_whatever_the_number_of_indicators(cast, final):
    with CaptureQueriesContext(connection) as small:
        documents.evaluation_pdf_bytes(final)
    final.indicator_snapshot = final.indicator_snapshot * 6
    final.save(update_fields=["indicator_snapshot"])
    with CaptureQueriesContext(connection) as large:
        documents.evaluation_pdf_bytes(final)
    assert len(small) == len(large) <= 10, [q["sql"] for q in large.captured_queries]


def test_numbers_are_written_the_indonesian_way():
    assert documents.angka("1234.50") == "1.234,5"
    assert documents.angka("41.67") == "41,67"
    assert documents.angka("5.00") == "5"
    assert documents.angka(None) == ""


# ---------------------------------------------------------------- who may print it


@pytest.mark.parametrize("who", ["supervisor", "head", "agency_admin", "bkpsdm_admin", "pimpinan"])
def test_the_rater_the_superior_and_the_admins_may_print_an_open_evaluation(
    cast, client_for, evaluation, who
):
    response = client_for(getattr(cast, who)).get(pdf_url(evaluation))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    name = f"Evaluasi-2026-mei-{cast.employee.nip}.pdf"
    assert response["Content-Disposition"] == f'inline; filename="{name}"'


@pytest.mark.parametrize("who", ["outsider", "peer"])
def test_who_may_not_see_the_evaluation_gets_404(cast, client_for, final, who):
    assert client_for(getattr(cast, who)).get(pdf_url(final)).status_code == 404


def test_the_employee_gets_the_document_only_once_it_is_final(cast, client_for, evaluation):
    budi = client_for(cast.employee)
    assert budi.get(pdf_url(evaluation)).status_code == 404
    finalise(evaluation, cast.supervisor.user)
    response = budi.get(pdf_url(evaluation) + "?unduh=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; ")


def test_a_missing_evaluation_is_404_and_an_anonymous_visitor_is_sent_to_log_in(
    cast, client, client_for
):
    assert (
        client_for(cast.bkpsdm_admin).get(reverse("evaluation:pdf", args=[999999])).status_code
        == 404
    )
    response = client.get(reverse("evaluation:pdf", args=[1]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# ---------------------------------------------------------------- the batch


def start_batch(client, captured, **data):
    with captured(execute=True):
        response = client.post(reverse("evaluation:pdf_batch"), data)
    return response


def zip_of(job: Job) -> zipfile.ZipFile:
    with default_storage.open(job.result["file"], "rb") as fh:
        return zipfile.ZipFile(io.BytesIO(fh.read()))


def test_the_batch_zips_every_final_evaluation_and_skips_open_ones(
    cast, client_for, django_capture_on_commit_callbacks, final, dewi, may
):
    ani = client_for(cast.agency_admin)
    response = start_batch(ani, django_capture_on_commit_callbacks,
                           instansi=cast.pendidikan.pk, period=may.pk)  # fmt: skip
    job = Job.objects.get(kind=BATCH_KIND)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.created_by == cast.agency_admin
    assert (job.progress, job.total, job.result["count"]) == (1, 1, 1)
    archive = zip_of(job)
    assert archive.namelist() == [f"Evaluasi-2026-mei-{cast.employee.nip}.pdf"]  # Dewi's is open
    assert archive.read(archive.namelist()[0]).startswith(b"%PDF")
    # The job page links the ZIP, and only the one who started the job may fetch it.
    page = ani.get(reverse("core:job_detail", args=[job.pk]))
    assert page.status_code == 200
    assert job.result["download_url"] == reverse("evaluation:pdf_batch_download", args=[job.pk])
    assert f'href="{job.result["download_url"]}"' in page.content.decode()
    download = ani.get(job.result["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert b"".join(download.streaming_content).startswith(b"PK")
    assert client_for(cast.bkpsdm_admin).get(job.result["download_url"]).status_code == 404

    finalise(dewi, cast.supervisor.user)
    start_batch(ani, django_capture_on_commit_callbacks, instansi=cast.pendidikan.pk, period=may.pk)
    again = Job.objects.filter(kind=BATCH_KIND).latest("pk")
    assert sorted(zip_of(again).namelist()) == sorted(
        [f"Evaluasi-2026-mei-{cast.employee.nip}.pdf", f"Evaluasi-2026-mei-{cast.peer.nip}.pdf"]
    )


def test_the_annual_batch_takes_the_annual_evaluations_of_the_year(
    cast, client_for, django_capture_on_commit_callbacks, final, annual
):
    start_batch(client_for(cast.bkpsdm_admin), django_capture_on_commit_callbacks,
                instansi=cast.pendidikan.pk, period="tahunan", year=2026)  # fmt: skip
    job = Job.objects.get(kind=BATCH_KIND)
    assert zip_of(job).namelist() == [f"Evaluasi-2026-tahunan-{cast.employee.nip}.pdf"]


def test_a_failed_render_stores_nothing_and_names_the_evaluation(
    cast, client_for, django_capture_on_commit_callbacks, final, dewi, may, monkeypatch
):
    finalise(dewi, cast.supervisor.user)
    real = documents.evaluation_pdf_bytes

    def broken(ev):
        if ev.pk == dewi.pk:
            raise RuntimeError("font hilang")
        return real(ev)

    monkeypatch.setattr(documents, "evaluation_pdf_bytes", broken)
    saved = []
    monkeypatch.setattr(default_storage, "save", lambda *a, **k: saved.append(a) or "x")
    start_batch(client_for(cast.agency_admin), django_capture_on_commit_callbacks,
                instansi=cast.pendidikan.pk, period=may.pk)  # fmt: skip
    job = Job.objects.get(kind=BATCH_KIND)
    assert job.status == Job.Status.DONE  # the page shows the errors
    assert saved == [] and "file" not in job.result and "download_url" not in job.result
    [error] = job.result["errors"]
    assert f"#{dewi.pk}" in error["message"] and cast.peer.nip in error["message"]
    assert "font hilang" in error["message"]


@pytest.mark.parametrize("who", ["employee", "supervisor", "pimpinan", "outsider"])
def test_only_the_agencys_admin_or_bkpsdm_may_start_a_batch(
    cast, client_for, django_capture_on_commit_callbacks, final, may, who
):
    response = start_batch(client_for(getattr(cast, who)), django_capture_on_commit_callbacks,
                           instansi=cast.pendidikan.pk, period=may.pk)  # fmt: skip
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_a_batch_needs_a_post_and_a_period_of_that_agency(
    cast, client_for, django_capture_on_commit_callbacks, final, may
):
    ani = client_for(cast.agency_admin)
    assert ani.get(reverse("evaluation:pdf_batch")).status_code == 405
    # Another agency's period, an unknown year, nothing: refused, no job.
    for data in ({"period": may.pk + 1000}, {"period": "tahunan", "year": 2030}, {"period": ""}):
        response = start_batch(ani, django_capture_on_commit_callbacks,
                               instansi=cast.pendidikan.pk, **data)  # fmt: skip
        assert response.status_code == 400, data
    response = start_batch(ani, django_capture_on_commit_callbacks,
                           instansi=cast.kesehatan.pk, period=may.pk)  # fmt: skip
    assert response.status_code == 404  # Ani does not administer Dinas Kesehatan
    assert not Job.objects.exists()


def test_a_batch_with_no_final_evaluation_says_so(
    cast, client_for, django_capture_on_commit_callbacks, evaluation, may
):
    start_batch(client_for(cast.agency_admin), django_capture_on_commit_callbacks,
                instansi=cast.pendidikan.pk, period=may.pk)  # fmt: skip
    job = Job.objects.get(kind=BATCH_KIND)
    assert job.status == Job.Status.DONE
    assert job.result["count"] == 0 and "file" not in job.result
