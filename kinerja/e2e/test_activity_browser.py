"""Daily work in a real browser: Budi records two days on his phone (one with a file, one with a
link) and submits them; Siti, at her desk, rejects one with a comment and verifies the other; Budi
fixes and resubmits; Siti verifies; Budi's realisation and capaian move on the page."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from kinerja.activity.models import DailyEntry
from kinerja.core.testing import PASSWORD

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHONE = {"width": 390, "height": 844}


def approved_skp(cast, year_number):
    """Budi's approved SKP for this year: one RHK under Siti's, 12 sekolah to verify."""
    from kinerja.planning import services as plan
    from kinerja.planning.models import Indicator, Rhk

    year = plan.year_create(instansi=cast.pendidikan, year=year_number, actor=cast.agency_admin)
    siti = plan.skp_create(pegawai=cast.supervisor, year=year, actor=cast.supervisor.user)
    srhk = plan.rhk_save(rhk=Rhk(skp=siti, text="SD terbina"), actor=cast.supervisor.user)
    budi = plan.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    rhk = plan.rhk_save(
        rhk=Rhk(skp=budi, text="Data pokok sekolah mutakhir", parent=srhk), actor=cast.employee.user
    )
    indicator = plan.indicator_save(
        indicator=Indicator(rhk=rhk, text="Sekolah diverifikasi datanya", target_value=Decimal(12),
                            target_unit="sekolah"),
        actor=cast.employee.user,
    )  # fmt: skip
    plan.skp_submit(skp=budi, actor=cast.employee.user)
    plan.skp_approve(skp=budi, actor=cast.supervisor.user)
    return indicator


def record(page, *, day, activity, quantity, target, file=None, url=""):
    page.fill("#id_date", day.isoformat())
    page.fill("#id_start_time", "08:00")
    page.fill("#id_end_time", "10:00")
    page.select_option("#id_target", target)
    assert page.input_value("#id_unit") == "sekolah"  # prefilled from the indicator
    page.fill("#id_activity", activity)
    page.fill("#id_quantity", quantity)
    if file:
        page.set_input_files(
            "#id_file", files=[{"name": file, "mimeType": "application/pdf", "buffer": PDF}]
        )
    if url:
        page.fill("#id_url", url)
    page.get_by_role("button", name="Simpan sebagai draf").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").first.is_visible(), page.content()[:3000]


def review(page, entry, *, accept, comment=""):
    row = page.locator(f"#entry-row-{entry.pk}")
    if comment:
        row.locator("textarea[name=comment]").fill(comment)
    row.get_by_role("button", name="Terima" if accept else "Tolak").click()
    expected = "Diterima dan diverifikasi" if accept else "Ditolak dan dikembalikan"
    page.locator(f"#entry-row-{entry.pk}", has_text=expected).wait_for()


def test_a_day_of_work_from_phone_to_capaian(cast, page_for):
    today = timezone.localdate()
    first_day = max(today - datetime.timedelta(days=1), today.replace(month=1, day=1))
    indicator = approved_skp(cast, today.year)
    target = f"{indicator.rhk_id}:{indicator.pk}"

    # Budi, on his phone, records two days of work and submits both
    budi = page_for(cast.employee.nip, PASSWORD, **PHONE)
    budi.goto(f"{budi.base}/pelaksanaan/")
    assert budi.locator("#id_photo").get_attribute("capture") == "environment"
    record(budi, day=first_day, activity="Verifikasi data pokok 3 sekolah", quantity="3", target=target,
           file="daftar-sekolah.pdf")  # fmt: skip
    record(budi, day=today, activity="Rekap data 4 sekolah", quantity="4", target=target,
           url="https://drive.example.go.id/rekap")  # fmt: skip
    shot(budi, "activity-phone-drafts")
    budi.check("#check-all")
    budi.get_by_role("button", name="Ajukan yang dipilih").click()
    budi.wait_for_load_state()
    assert "2 laporan diajukan ke atasan" in budi.content()
    assert budi.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    first = DailyEntry.objects.get(activity="Verifikasi data pokok 3 sekolah")
    second = DailyEntry.objects.get(activity="Rekap data 4 sekolah")
    assert (
        first.evidence.get().original_name == "daftar-sekolah.pdf"
        and second.evidence.get().kind == "link"
    )

    # Siti, at her desk, rejects one with a comment and verifies the other, inline
    siti = page_for(cast.supervisor.nip, PASSWORD)
    siti.goto(f"{siti.base}/pelaksanaan/verifikasi/")
    assert siti.get_by_role("link", name="daftar-sekolah.pdf").is_visible()
    shot(siti, "activity-queue")
    review(siti, first, accept=False, comment="Lampirkan daftar sekolah yang sudah diverifikasi")
    review(siti, second, accept=True)
    shot(siti, "activity-queue-reviewed")

    # Budi sees the comment and the first realisation, fixes the rejected one and resubmits
    budi.goto(f"{budi.base}/pelaksanaan/")
    assert budi.get_by_text("Lampirkan daftar sekolah yang sudah diverifikasi").first.is_visible()
    progress = budi.locator(".card", has_text="Sekolah diverifikasi datanya").last
    assert "4 sekolah" in progress.inner_text() and "33,3%" in progress.inner_text()
    budi.wait_for_function(
        "() => document.querySelector('canvas[data-progress-chart]')?.dataset.drawn === '1'"
    )
    shot(budi, "activity-phone-rejected")
    budi.locator(".list-group-item", has_text="Verifikasi data pokok 3 sekolah").get_by_role(
        "link", name="Ubah / bukti"
    ).click()
    budi.set_input_files(
        "#id_file",
        files=[{"name": "daftar-terverifikasi.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    budi.get_by_role("button", name="Tambahkan bukti").click()
    budi.wait_for_load_state()
    assert budi.get_by_text("daftar-terverifikasi.pdf").is_visible()
    budi.fill("#id_quantity", "5")
    budi.get_by_role("button", name="Simpan & ajukan ulang").click()
    budi.wait_for_load_state()
    first.refresh_from_db()
    assert (first.status, first.quantity) == ("submitted", Decimal(5))

    # Siti verifies the fix
    siti.goto(f"{siti.base}/pelaksanaan/verifikasi/")
    review(siti, first, accept=True)

    # Budi's realisation and capaian have moved: 4 + 5 of 12
    budi.goto(f"{budi.base}/pelaksanaan/")
    progress = budi.locator(".card", has_text="Sekolah diverifikasi datanya").last
    assert "9 sekolah" in progress.inner_text() and "75%" in progress.inner_text()
    assert "dikembalikan atasan" not in budi.content()
    shot(budi, "activity-phone-capaian")


def test_bad_input_on_the_phone_shows_the_message_by_the_field(cast, page_for):
    today = timezone.localdate()
    indicator = approved_skp(cast, today.year)
    page = page_for(cast.employee.nip, PASSWORD, **PHONE)
    page.goto(f"{page.base}/pelaksanaan/")
    page.fill("#id_start_time", "10:00")
    page.fill("#id_end_time", "09:00")
    page.select_option("#id_target", f"{indicator.rhk_id}:{indicator.pk}")
    page.fill("#id_activity", "Rapat koordinasi")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    page.wait_for_load_state()
    assert page.locator("#id_end_time.is-invalid").is_visible()
    assert page.get_by_text("Jam selesai harus setelah jam mulai.").is_visible()
    assert not DailyEntry.objects.exists()
    shot(page, "activity-phone-error")
