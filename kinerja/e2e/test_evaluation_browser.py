"""An evaluation in a real browser, through the real pages: Budi fills his self-assessment on his
phone; Siti, at her desk, asks three colleagues for 360° input and they answer; Siti sees the
suggestion, departs from it with a reason, sees the curve warning (the Kepala Dinas set the
unit's organisation predikat to Baik, which wants someone below Baik) and acknowledges it, and
finalises; Budi reads "Mengapa predikat ini" on his phone and objects; Hendra, Siti's superior,
decides; the PDF downloads."""

from decimal import Decimal

import pytest
from django.utils import timezone

from kinerja.core.testing import PASSWORD, _pegawai
from kinerja.evaluation import services
from kinerja.evaluation.models import Evaluation, PeerRequest
from kinerja.organisation.models import Jabatan

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def open_evaluation(cast):
    """Budi's approved SKP for this year under Siti's, and his evaluation of the running period
    opened by the agency admin; the Kepala Dinas sets the Bidang's organisation predikat."""
    from kinerja.planning import services as plan
    from kinerja.planning.models import Indicator, Rhk

    today = timezone.localdate()
    year = plan.year_create(instansi=cast.pendidikan, year=today.year, actor=cast.agency_admin)
    siti = plan.skp_create(pegawai=cast.supervisor, year=year, actor=cast.supervisor.user)
    srhk = plan.rhk_save(rhk=Rhk(skp=siti, text="SD terbina"), actor=cast.supervisor.user)
    budi = plan.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    rhk = plan.rhk_save(
        rhk=Rhk(skp=budi, text="Data pokok sekolah mutakhir", parent=srhk), actor=cast.employee.user
    )
    plan.indicator_save(
        indicator=Indicator(rhk=rhk, text="Sekolah diverifikasi datanya", target_value=Decimal(12),
                            target_unit="sekolah"),
        actor=cast.employee.user,
    )  # fmt: skip
    plan.skp_submit(skp=budi, actor=cast.employee.user)
    plan.skp_approve(skp=budi, actor=cast.supervisor.user)
    period = year.periods.get(start_date__lte=today, end_date__gte=today)
    services.evaluations_open(year=year, period=period, actor=cast.agency_admin)
    services.unit_predikat_set(unit=cast.bidang, period=period, predikat="baik",
                               actor=cast.head.user)  # fmt: skip
    return Evaluation.objects.get(pegawai=cast.employee, period=period)


def colleagues(cast):
    """Two more staff in the Bidang besides Dewi, so three can answer the 360°."""
    staf = Jabatan.objects.get(code="J-STAF")
    return [
        _pegawai(7, "Rina Kartika", cast.pendidikan, cast.bidang, staf, cast.supervisor),
        _pegawai(8, "Joko Susilo", cast.pendidikan, cast.bidang, staf, cast.supervisor),
    ]


def go(page, locator):
    """Click and wait for the page it leads to (a loaded page does not mean the next one has
    started loading; `.all()` right after would see the old page)."""
    with page.expect_navigation():
        locator.click()


def answer_360(page, comment):
    page.goto(f"{page.base}/penilaian/360/")
    go(page, page.get_by_text("Budi Santoso").first)
    for select in page.locator("select[name^=val_][name$=_rating]").all():
        select.select_option("sesuai")
    page.locator("textarea[name^=val_]").first.fill(comment)
    go(page, page.get_by_role("button", name="Kirim jawaban"))
    assert page.locator(".alert-success").first.is_visible(), page.content()[:3000]


def test_from_self_assessment_to_objection_decided(cast, page_for):
    ev = open_evaluation(cast)
    rina, joko = colleagues(cast)

    # Budi, on his phone, fills his self-assessment
    budi = page_for(cast.employee.nip, PASSWORD, **PHONE)
    budi.goto(f"{budi.base}/penilaian/")
    go(budi, budi.get_by_role("link", name="Penilaian diri").first)
    for select in budi.locator("select[name$=_rating]").all():
        select.select_option("sesuai")
    budi.fill(
        "#id_comment", "Verifikasi data sekolah berjalan; dua sekolah menunggu operator baru."
    )
    shot(budi, "evaluation-phone-self-assessment")
    go(budi, budi.get_by_role("button", name="Simpan penilaian diri"))
    assert "Penilaian diri disimpan" in budi.content()
    shot(budi, "evaluation-phone-mine")
    assert budi.evaluate("document.documentElement.scrollWidth") <= 390 + 1

    # Siti, at her desk, asks Dewi, Rina and Joko for 360° input
    siti = page_for(cast.supervisor.nip, PASSWORD)
    siti.on("dialog", lambda d: d.accept())
    siti.goto(f"{siti.base}/penilaian/tim/")
    go(siti, siti.locator("tr", has_text="Budi Santoso").get_by_role("link", name="Nilai"))
    siti.select_option("#id_respondents", [str(p.pk) for p in (cast.peer, rina, joko)])
    siti.select_option("#id_relation", "peer")
    go(siti, siti.get_by_role("button", name="Minta", exact=True))
    assert "3 pegawai diminta memberi masukan 360°" in siti.content()
    assert PeerRequest.objects.filter(evaluation=ev).count() == 3

    # The three answer, each on their own phone
    for person, comment in ((cast.peer, "Selalu siap membantu."), (rina, "Rapi mengarsipkan."),
                            (joko, "Komunikasinya baik.")):  # fmt: skip
        page = page_for(person.nip, PASSWORD, **PHONE)
        page.on("dialog", lambda d: d.accept())
        answer_360(page, comment)
    assert PeerRequest.objects.filter(evaluation=ev, answered_at__isnull=False).count() == 3

    # Siti sees the suggestion, departs from it with a reason, meets the curve and finalises
    siti.goto(f"{siti.base}/penilaian/{ev.pk}/")
    go(siti, siti.get_by_role("button", name="Perbarui saran"))
    ev.refresh_from_db()
    assert ev.suggested_rating == "di_bawah"  # nothing verified yet this period
    assert siti.locator("#saran-title").is_visible()
    assert (
        "Di Bawah Ekspektasi" in siti.locator("section[aria-labelledby=saran-title]").inner_text()
    )
    assert "3 dari 3" in siti.content() or "Rekan kerja" in siti.content()  # the 360 summary
    siti.select_option("#id_hasil_kerja", "sesuai")
    siti.select_option("#id_perilaku", "sesuai")
    assert siti.locator("[data-predikat-preview]").inner_text() == "Baik"
    assert siti.locator("[data-departure-note]").is_visible()
    siti.fill("#id_departure_reason", "Dua sekolah belum punya operator; di luar kendali Budi.")
    siti.fill("#id_feedback", "Kerja baik; lengkapi bukti dukung.")
    siti.locator("textarea[name^=bf_]").first.fill("Melayani sekolah dengan cepat.")
    shot(siti, "evaluation-rater-screen")
    go(siti, siti.get_by_role("button", name="Simpan dan finalkan"))
    warning = siti.locator("#curve-warning")
    assert warning.is_visible(), siti.content()[:3000]
    assert "Butuh Perbaikan" in warning.inner_text()
    shot(siti, "evaluation-rater-curve-warning")
    siti.check("#id_acknowledge_curve")
    go(siti, siti.get_by_role("button", name="Finalkan dengan peringatan"))
    ev.refresh_from_db()
    assert (ev.status, ev.predikat) == ("final", "baik")
    assert ev.curve_warnings and ev.curve_acknowledged_at
    assert ev.departure_reason.startswith("Dua sekolah")

    # Budi reads why on his phone and objects
    budi.on("dialog", lambda d: d.accept())
    budi.goto(f"{budi.base}/penilaian/")
    go(budi, budi.get_by_role("link", name="Mengapa predikat ini").first)
    assert "Mengapa predikat ini" in budi.title()
    assert "Dua sekolah belum punya operator" in budi.content()
    assert "Selalu siap membantu." in budi.content()  # 3 answers: the summary shows
    assert budi.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    shot(budi, "evaluation-phone-why")
    budi.fill(
        "#id_reasons", "Data dua sekolah sudah saya kirim; mohon rating hasil kerja ditinjau."
    )
    go(budi, budi.get_by_role("button", name="Ajukan keberatan"))
    ev.refresh_from_db()
    assert ev.status == "objected"
    shot(budi, "evaluation-phone-objected")

    # Hendra, Siti's superior, decides
    hendra = page_for(cast.head.nip, PASSWORD)
    hendra.on("dialog", lambda d: d.accept())
    hendra.goto(f"{hendra.base}/penilaian/keberatan/")
    go(hendra, hendra.get_by_role("link", name="Budi Santoso").first)
    hendra.check("input[name=decision][value=upheld]")
    hendra.fill("#id_decision_text", "Bukti belum lengkap pada periode ini; penilaian dikuatkan.")
    shot(hendra, "evaluation-decide")
    go(hendra, hendra.get_by_role("button", name="Simpan keputusan"))
    assert "Keberatan diputus" in hendra.content()
    ev.refresh_from_db()
    assert ev.status == "decided" and ev.objection.decision == "upheld"

    # The PDF downloads
    response = budi.request.get(f"{budi.base}/penilaian/{ev.pk}/dokumen.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
