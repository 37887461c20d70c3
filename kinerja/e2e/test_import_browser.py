"""An agency admin imports employees in the browser: a file with a bad row is refused with the row
number and writes nothing; the corrected file imports."""

import pytest

from kinerja.core.testing import PASSWORD
from kinerja.organisation.models import Pegawai
from kinerja.organisation.tests.factories import make_nip

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "nip,nama,kode_instansi,kode_unit,kode_jabatan,nip_atasan,golongan\n"


def test_a_failed_then_a_successful_import(cast, page_for, tmp_path):
    good, also_good = make_nip(801), make_nip(802)
    bad = tmp_path / "pegawai.csv"
    bad.write_text(
        HEADER
        + f"{good},Rina Marlina,DISDIK,DISDIK-01,J-STAF,{cast.supervisor.nip},III/a\n"
        + f"198513012010011001,Tono Salah NIP,DISDIK,DISDIK-01,J-STAF,{cast.supervisor.nip},III/a\n"
        + f"{also_good},Sari Dewi,DISDIK,DISDIK-99,J-STAF,{cast.supervisor.nip},III/b\n",
        encoding="utf-8",
    )
    page = page_for(cast.agency_admin.username, PASSWORD)
    page.goto(f"{page.base}/organisasi/impor/")
    card = page.locator("#impor-pegawai")
    card.locator("input[type=file]").set_input_files(str(bad))
    card.get_by_role("button").filter(has_text="Impor").click()
    errors = page.locator(".alert-danger")
    errors.wait_for()
    text = errors.inner_text()
    assert "Baris 3" in text and "Baris 4" in text  # the bad NIP and the unknown unit
    assert not Pegawai.objects.filter(nip=good).exists()  # nothing half-written
    shot(page, "import-failed")

    fixed = tmp_path / "pegawai-benar.csv"
    fixed.write_text(
        HEADER
        + f"{good},Rina Marlina,DISDIK,DISDIK-01,J-STAF,{cast.supervisor.nip},III/a\n"
        + f"{also_good},Sari Dewi,DISDIK,DISDIK-01,J-STAF,{cast.supervisor.nip},III/b\n",
        encoding="utf-8",
    )
    card = page.locator("#impor-pegawai")
    card.locator("input[type=file]").set_input_files(str(fixed))
    card.get_by_role("button").filter(has_text="Impor").click()
    page.locator(".alert-success").wait_for()
    assert Pegawai.objects.filter(nip__in=[good, also_good]).count() == 2
    shot(page, "import-success")
    page.goto(f"{page.base}/organisasi/pegawai/?q=Rina")
    assert page.get_by_text("Rina Marlina").first.is_visible()
