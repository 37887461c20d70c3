"""Log in, browse the org tree and search employees in a real browser, desktop and phone."""

import pytest

from kinerja.core.testing import PASSWORD

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_employee_logs_in_with_nip_and_sees_their_data(cast, page_for):
    page = page_for(cast.employee.nip, PASSWORD)
    assert (
        page.get_by_role("heading", name="Selamat datang").is_visible()
        or "Selamat datang" in page.content()
    )
    assert cast.employee.nip in page.content()
    shot(page, "home-employee")


def test_a_wrong_password_shows_the_message(cast, page_for):
    page = page_for()
    page.goto(f"{page.base}/akun/masuk/")
    page.fill("#id_username", cast.employee.nip)
    page.fill("#id_password", "salah")
    page.click("button[type=submit]")
    assert (
        page.locator(".alert-danger")
        .inner_text()
        .strip()
        .startswith("NIP/nama pengguna atau kata sandi salah")
    )


def test_the_org_tree_shows_the_hierarchy_and_collapses(cast, page_for):
    page = page_for("bima", PASSWORD)
    page.goto(f"{page.base}/organisasi/instansi/")
    page.get_by_text("Dinas Pendidikan").first.click()
    tree = page.locator("#org-tree")
    assert tree.get_by_role("link", name="Bidang Pembinaan SD").is_visible()
    assert tree.get_by_text("Siti Rahmawati").first.is_visible()
    shot(page, "org-tree")
    tree.locator("summary").first.click()  # collapse the top unit
    assert not tree.get_by_role("link", name="Bidang Pembinaan SD").is_visible()


def test_employee_search_updates_as_you_type(cast, page_for):
    page = page_for("bima", PASSWORD)
    page.goto(f"{page.base}/organisasi/pegawai/")
    assert page.get_by_text(cast.outsider.nip).is_visible()
    page.fill("#q", "budi")
    page.wait_for_function(
        "() => !document.querySelector('#pegawai-table').innerText.includes('Oscar')"
    )
    table = page.locator("#pegawai-table")
    assert table.get_by_text("Budi Santoso").is_visible()
    assert "q=budi" in page.url
    page.select_option("#f-instansi", str(cast.kesehatan.pk))
    page.wait_for_function(
        "() => document.querySelector('#pegawai-table').innerText.includes('Tidak ada pegawai')"
    )
    shot(page, "pegawai-search")


def test_phone_sized_window_has_a_working_menu(cast, page_for):
    page = page_for("bima", PASSWORD, width=390, height=844)
    page.goto(f"{page.base}/organisasi/pegawai/")
    nav_link = page.get_by_role("link", name="Struktur organisasi")
    assert not nav_link.is_visible()
    page.get_by_role("button", name="Menu").click()
    nav_link.wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    shot(page, "pegawai-phone")


def test_language_switch_to_english(cast, page_for):
    page = page_for("bima", PASSWORD)
    page.select_option("#lang", "en")
    page.get_by_role("button", name="Ganti").click()
    page.wait_for_load_state()
    assert "Welcome" in page.content()
