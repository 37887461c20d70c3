"""The planning story in a real browser (issue 3 item 10): Siti starts her SKP 2026, writes two
RHK under Hendra's and hands both down to Budi in one step; Budi, on his phone, makes them his
own, adds an indicator to each and submits; Siti returns it with a note (after being told an
empty note will not do); Budi fixes a target and resubmits; Siti approves; the PDF shows the
cascade, Budi's NIP and no draft mark."""

import re
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kinerja.core.testing import PASSWORD

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
PDFTOTEXT = "/usr/bin/pdftotext"

HENDRA_RHK = "Meningkatnya partisipasi sekolah dasar di kabupaten"
SITI_RHK = [
    "Terbinanya sekolah dasar negeri sesuai standar pelayanan minimal",
    "Tersedianya data pokok pendidikan dasar yang mutakhir",
]
BUDI_RHK = [
    "Laporan pembinaan SD negeri tersusun tepat waktu",
    "Data pokok sekolah dasar terverifikasi lengkap",
]
RETURN_NOTE = "Target sekolah yang diverifikasi terlalu rendah; naikkan menjadi 40."


@pytest.fixture
def hendra_rhk(cast):
    """Set-up through the services: the 2026 year of Dinas Pendidikan and Hendra's approved SKP
    with the RHK that Siti's results intervene in."""
    from kinerja.planning import services
    from kinerja.planning.models import Indicator, Rhk

    year = services.year_create(instansi=cast.pendidikan, year=2026, actor=cast.agency_admin)
    skp = services.skp_create(pegawai=cast.head, year=year, actor=cast.head.user)
    rhk = services.rhk_save(rhk=Rhk(skp=skp, text=HENDRA_RHK), actor=cast.head.user)
    services.indicator_save(
        indicator=Indicator(rhk=rhk, text="APM SD", target_value=Decimal(98), target_unit="persen"),
        actor=cast.head.user,
    )
    services.skp_submit(skp=skp, actor=cast.head.user)
    services.skp_approve(skp=skp, actor=cast.bkpsdm_admin)  # the top leader: BKPSDM decides
    return rhk


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "skp.pdf"
        path.write_bytes(data)
        args = [PDFTOTEXT, "-enc", "UTF-8", "-layout" if layout else "-raw", str(path), "-"]
        return subprocess.run(args, check=True, capture_output=True, text=True, timeout=30).stdout


def rhk_card(page, text):
    """The card of the RHK whose own text (its heading) is `text`."""
    return page.locator("article").filter(has=page.get_by_role("heading", name=text, exact=True))


def status_badge(page):
    """The status badge under the SKP title."""
    return page.locator("h1 + div .badge").first


def success(page):
    return page.locator(".messages .alert-success")


def add_indicator(page, card, *, text, target, unit):
    card.get_by_role("link", name="Tambah indikator").click()
    form = card.locator(".skp-inline")
    expect(form).to_be_visible()
    form.get_by_label("Indikator kinerja individu").fill(text)
    form.get_by_label("Aspek").select_option(label="Kuantitas")
    form.get_by_label("Bentuk target").select_option(label="Angka")
    form.get_by_label("Target", exact=True).fill(target)
    form.get_by_label("Satuan").fill(unit)
    form.get_by_role("button", name="Simpan indikator").click()
    expect(form).to_have_count(0)  # the htmx swap put the saved results back


def submit(page):
    """Ajukan: the page's dialog handler accepts the confirm."""
    workflow = page.locator("#skp-workflow")
    workflow.get_by_role("button", name="Ajukan kepada pejabat penilai").click()


def nav(page, name):
    """A link of the main navigation (on a phone it sits behind the "Menu" button)."""
    link = page.locator("#mainnav").get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        page.get_by_role("button", name="Menu").click()
    link.click()
    page.wait_for_load_state()


def test_the_planning_story_from_hand_down_to_the_approved_pdf(cast, page_for, hendra_rhk):
    # ------------------------------------------------------------ 1. Siti plans and hands down
    siti = page_for(cast.supervisor.nip, PASSWORD)
    siti.on("dialog", lambda d: d.accept())
    nav(siti, "SKP saya")
    expect(siti.get_by_text("Anda belum memiliki SKP untuk tahun 2026.")).to_be_visible()
    siti.get_by_role("button", name="Buat SKP").click()
    expect(success(siti)).to_contain_text("SKP 2026 dibuat")
    expect(status_badge(siti)).to_have_text("Draf")

    for text in SITI_RHK:
        siti.get_by_role("link", name="Tambah hasil kerja utama").click()
        form = siti.locator(".skp-inline")
        expect(form).to_be_visible()
        form.get_by_label("Rencana hasil kerja (RHK)").fill(text)
        expect(form.get_by_label("RHK pejabat penilai saya")).to_be_checked()  # the default
        form.get_by_label("RHK atasan yang diintervensi").select_option(str(hendra_rhk.pk))
        form.get_by_role("button", name="Simpan").click()
        expect(form).to_have_count(0)
        card = rhk_card(siti, text)
        expect(card).to_contain_text(f"Mendukung RHK atasan: “{HENDRA_RHK}” — Hendra Wijaya")
        add_indicator(siti, card, text=f"Persentase capaian: {text[:30]}", target="100",
                      unit="persen")  # fmt: skip
        expect(card).to_contain_text("Target: 100 persen")
    expect(siti.locator("#skp-workflow")).to_contain_text("SKP siap diajukan")
    shot(siti, "planning-1-siti-skp")

    nav(siti, "Tim saya")
    siti.get_by_role("link", name="Turunkan RHK saya ke bawahan").click()
    for text in SITI_RHK:
        siti.get_by_role("checkbox", name=text).check()
    budi_box = siti.get_by_role("checkbox", name=re.compile("Budi Santoso"))
    expect(budi_box).to_have_accessible_name(re.compile("belum punya SKP — akan dibuat"))
    budi_box.check()
    siti.get_by_role("button", name="Turunkan", exact=True).click()
    result = siti.locator("section[aria-labelledby=result-title]")
    expect(result).to_contain_text("2 hasil kerja dibuat")
    expect(result).to_contain_text("Budi Santoso")
    shot(siti, "planning-2-hand-down")

    # ------------------------------------------------------------ 2. Budi, on his phone, submits
    budi = page_for(cast.employee.nip, PASSWORD, **PHONE)
    budi.on("dialog", lambda d: d.accept())
    nav(budi, "SKP saya")
    budi.get_by_role("link", name=re.compile("1 Jan 2026")).click()
    expect(budi.get_by_role("heading", level=1)).to_have_text("SKP 2026 · Budi Santoso")
    expect(status_badge(budi)).to_have_text("Draf")
    for siti_text, budi_text in zip(SITI_RHK, BUDI_RHK, strict=True):
        card = rhk_card(budi, siti_text)  # the text was copied from Siti's
        expect(card).to_contain_text(f"Mendukung RHK atasan: “{siti_text}” — Siti Rahmawati")
        expect(card).to_contain_text("Belum ada indikator.")
        # Make it his own result: rewrite the copied text, keeping the link.
        card.get_by_role("link", name="Ubah hasil kerja").click()
        form = budi.locator(".skp-inline")
        expect(form.get_by_label("RHK pejabat penilai saya")).to_be_checked()
        form.get_by_label("Rencana hasil kerja (RHK)").fill(budi_text)
        form.get_by_role("button", name="Simpan").click()
        expect(form).to_have_count(0)
        card = rhk_card(budi, budi_text)
        expect(card).to_contain_text(f"Mendukung RHK atasan: “{siti_text}” — Siti Rahmawati")
    add_indicator(budi, rhk_card(budi, BUDI_RHK[0]), text="Laporan pembinaan yang diserahkan",
                  target="12", unit="laporan")  # fmt: skip
    add_indicator(budi, rhk_card(budi, BUDI_RHK[1]), text="Sekolah yang diverifikasi datanya",
                  target="30", unit="sekolah")  # fmt: skip
    expect(rhk_card(budi, BUDI_RHK[1])).to_contain_text("Target: 30 sekolah")
    expect(budi.locator("#skp-workflow")).to_contain_text("SKP siap diajukan")
    assert budi.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shot(budi, "planning-3-budi-phone-ready")
    submit(budi)
    expect(success(budi)).to_contain_text("SKP diajukan kepada Siti Rahmawati untuk disetujui.")
    expect(status_badge(budi)).to_have_text("Diajukan")
    expect(budi.get_by_role("link", name="Tambah indikator")).to_have_count(0)  # locked now

    # ------------------------------------------------------------ 3. Siti returns it with a note
    nav(siti, "Tim saya")
    pending = siti.locator("section[aria-labelledby=pending-title]")
    expect(pending.locator(".badge.rounded-pill")).to_have_text("1")
    pending.get_by_role("link", name=re.compile("Budi Santoso")).click()
    expect(siti.get_by_role("heading", level=1)).to_have_text("SKP 2026 · Budi Santoso")
    expect(status_badge(siti)).to_have_text("Diajukan")
    siti.get_by_role("button", name="Kembalikan untuk diperbaiki").click()  # no note
    note = siti.get_by_label("Catatan untuk pegawai")
    expect(note.locator("xpath=..").locator(".invalid-feedback")).to_have_text(
        "Tuliskan catatan perbaikan untuk pegawai."
    )
    expect(status_badge(siti)).to_have_text("Diajukan")  # nothing happened
    shot(siti, "planning-4-return-needs-a-note")
    note.fill(RETURN_NOTE)
    siti.get_by_role("button", name="Kembalikan untuk diperbaiki").click()
    expect(success(siti)).to_contain_text("SKP Budi Santoso dikembalikan untuk diperbaiki.")
    expect(status_badge(siti)).to_have_text("Dikembalikan")

    # ------------------------------------------------------------ 4. Budi fixes and resubmits
    budi.reload()
    expect(status_badge(budi)).to_have_text("Dikembalikan")
    returned = budi.locator(".alert-danger").filter(has_text="Dikembalikan oleh")
    expect(returned).to_contain_text(RETURN_NOTE)
    shot(budi, "planning-5-budi-sees-the-note")
    card = rhk_card(budi, BUDI_RHK[1])
    card.get_by_role("link", name="Ubah", exact=True).click()
    form = card.locator(".skp-inline")
    expect(form.get_by_label("Target", exact=True)).to_have_value("30")
    form.get_by_label("Target", exact=True).fill("40")
    form.get_by_role("button", name="Simpan indikator").click()
    expect(form).to_have_count(0)
    expect(card).to_contain_text("Target: 40 sekolah")
    submit(budi)
    expect(success(budi)).to_contain_text("SKP diajukan kepada Siti Rahmawati")
    expect(status_badge(budi)).to_have_text("Diajukan")

    # ------------------------------------------------------------ 5. Siti approves
    nav(siti, "Tim saya")
    row = siti.locator("tr").filter(has_text="Budi Santoso")
    expect(row).to_contain_text("Diajukan")
    row.get_by_role("link", name="Putuskan").click()
    expect(rhk_card(siti, BUDI_RHK[1])).to_contain_text("Target: 40 sekolah")
    siti.get_by_role("button", name="Setujui SKP").click()
    expect(success(siti)).to_contain_text("SKP Budi Santoso disetujui.")
    expect(status_badge(siti)).to_have_text("Disetujui")
    shot(siti, "planning-6-approved")
    nav(siti, "Tim saya")
    expect(siti.locator("tr").filter(has_text="Budi Santoso")).to_contain_text("Disetujui")
    expect(siti.get_by_text("Tidak ada SKP yang menunggu keputusan Anda.")).to_be_visible()

    # ------------------------------------------------------------ 6. the PDF
    budi.reload()
    expect(status_badge(budi)).to_have_text("Disetujui")
    href = budi.get_by_role("link", name="Unduh PDF").get_attribute("href")
    response = budi.request.get(budi.base + href)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    data = response.body()
    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data).split())
    assert cast.employee.nip in text
    assert "Rencana Hasil Kerja Pimpinan yang Diintervensi" in text
    for siti_text, budi_text in zip(SITI_RHK, BUDI_RHK, strict=True):
        assert siti_text in text and budi_text in text
    assert "40 sekolah" in text and "30 sekolah" not in text
    assert "DRAF" not in text
    # Siti's RHK stands beside Budi's: the first lines of both cells share one printed line.
    layout = pdf_text(data, layout=True)
    for siti_text, budi_text in zip(SITI_RHK, BUDI_RHK, strict=True):
        siti_start, budi_start = (" ".join(t.split()[:2]) for t in (siti_text, budi_text))
        line = next(ln for ln in layout.splitlines() if budi_start in ln)
        assert siti_start in line, line
        assert line.index(siti_start) < line.index(budi_start)
