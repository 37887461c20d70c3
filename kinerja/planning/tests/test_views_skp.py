"""The SKP pages through the eyes of the cast: Siti writes her SKP against Hendra's, Hendra
returns and approves it, Siti revises it; bad input is refused with a message and writes
nothing; whoever cannot see an SKP gets a 404, whoever can see but may not act is told so;
the pages keep a constant number of queries as the plans grow."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.models import AuditLog, Notification
from kinerja.organisation.tests.factories import PegawaiFactory, make_nip
from kinerja.planning import services
from kinerja.planning.models import (
    ActionPlan,
    BehaviourValue,
    ExpectationLibraryItem,
    Indicator,
    IndicatorLibraryItem,
    Rhk,
    Skp,
    SkpTransition,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"planning:{name}", args=args)


def rhk_data(**kw):
    data = {"kind": "utama", "text": "Terbinanya sekolah dasar", "link": "parent"}
    data.update(kw)
    return data


def ind_data(**kw):
    data = {
        "aspek": "kuantitas",
        "text": "Jumlah SD yang dibina",
        "target_kind": "number",
        "target_value": "12",
        "target_unit": "sekolah",
        "direction": "higher",
    }
    data.update(kw)
    return data


def flashes(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def trail(skp):
    return list(
        SkpTransition.objects.filter(skp=skp).values_list("from_status", "to_status", "note")
    )


def siti_ready(cast, plans):
    """Siti's SKP with one Utama RHK linked to Hendra's, with an indicator."""
    rhk = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="Terbinanya SD", parent=plans["top"]),
        actor=cast.supervisor.user,
    )
    services.indicator_save(
        indicator=Indicator(rhk=rhk, text="Jumlah SD", target_value=12, target_unit="sekolah"),
        actor=cast.supervisor.user,
    )
    return rhk


# ---------------------------------------------------------------- the story


def test_siti_writes_submits_is_returned_resubmits_is_approved_and_revises(cast, client_for, plans):
    siti_skp, top = plans["siti"], plans["top"]
    siti, hendra = client_for(cast.supervisor), client_for(cast.head)

    # Siti opens her page and her SKP.
    body = siti.get(url("my_skp")).content.decode()
    assert url("skp_detail", siti_skp.pk) in body and "Draf" in body
    body = siti.get(url("skp_detail", siti_skp.pk)).content.decode()
    assert "Belum ada hasil kerja utama" in body
    assert top.text in siti.get(url("rhk_create", siti_skp.pk)).content.decode()  # offered

    # She adds a result linked to Hendra's, and an indicator.
    r = siti.post(url("rhk_create", siti_skp.pk), rhk_data(parent=top.pk))
    rhk = Rhk.objects.get(skp=siti_skp)
    assert r.status_code == 302 and r.url.endswith(f"#rhk-{rhk.pk}")
    assert rhk.parent == top and not rhk.is_provisional and rhk.kind == "utama"
    r = siti.post(url("indicator_create", siti_skp.pk, rhk.pk), ind_data())
    ind = Indicator.objects.get(rhk=rhk)
    assert r.status_code == 302 and ind.target_value == 12 and ind.target_unit == "sekolah"
    body = siti.get(url("skp_detail", siti_skp.pk)).content.decode()
    assert "SKP siap diajukan" in body and "Mendukung RHK atasan" in body

    # She submits.
    r = siti.post(url("skp_submit", siti_skp.pk))
    siti_skp.refresh_from_db()
    assert r.status_code == 302 and siti_skp.status == "submitted"
    assert any("diajukan" in m for m in flashes(r))

    # Hendra sees it waiting and tries to return it without a note: refused, nothing changes.
    body = hendra.get(url("approvals")).content.decode()
    assert "Menunggu persetujuan Anda" in body and url("skp_detail", siti_skp.pk) in body
    assert "Setujui SKP" in hendra.get(url("skp_detail", siti_skp.pk)).content.decode()
    r = hendra.post(url("skp_return", siti_skp.pk), {"decision-note": "   "})
    assert r.status_code == 200
    assert "Tuliskan catatan perbaikan" in " ".join(r.context["decision_form"].errors["note"])
    siti_skp.refresh_from_db()
    assert siti_skp.status == "submitted" and len(trail(siti_skp)) == 2

    # With a note it goes back to Siti, who sees the note.
    r = hendra.post(url("skp_return", siti_skp.pk), {"decision-note": "Target terlalu rendah"})
    siti_skp.refresh_from_db()
    assert r.status_code == 302 and siti_skp.status == "returned"
    body = siti.get(url("skp_detail", siti_skp.pk)).content.decode()
    assert "Target terlalu rendah" in body and "Dikembalikan" in body

    # Siti raises the target and resubmits; Hendra approves with a note.
    r = siti.post(url("indicator_edit", siti_skp.pk, ind.pk), ind_data(target_value="20"))
    ind.refresh_from_db()
    assert r.status_code == 302 and ind.target_value == 20
    siti.post(url("skp_submit", siti_skp.pk))
    r = hendra.post(url("skp_approve", siti_skp.pk), {"decision-note": "Baik"})
    siti_skp.refresh_from_db()
    assert r.status_code == 302 and siti_skp.status == "approved"

    # Siti opens a revision: a new draft version, the approved one stays and links to it.
    r = siti.post(url("skp_revise", siti_skp.pk))
    rev = Skp.objects.get(revision_of=siti_skp)
    assert r.status_code == 302 and r.url == url("skp_detail", rev.pk)
    assert rev.version == 2 and rev.status == "draft" and rev.rhks.get().parent == top
    assert url("skp_detail", rev.pk) in siti.get(url("skp_detail", siti_skp.pk)).content.decode()
    assert url("skp_detail", siti_skp.pk) in siti.get(url("skp_detail", rev.pk)).content.decode()
    assert trail(siti_skp) == [
        ("", "draft", ""),
        ("draft", "submitted", ""),
        ("submitted", "returned", "Target terlalu rendah"),
        ("returned", "submitted", ""),
        ("submitted", "approved", "Baik"),
    ]
    body = siti.get(url("skp_detail", siti_skp.pk)).content.decode()
    assert "Target terlalu rendah" in body and "Hendra Wijaya" in body  # the timeline


def test_htmx_forms_return_the_results_section(cast, client_for, plans):
    siti = client_for(cast.supervisor)
    skp = plans["siti"]
    r = siti.get(url("rhk_create", skp.pk), {"kind": "tambahan"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and 'id="rhk-add-tambahan"' in body
    r = siti.post(
        url("rhk_create", skp.pk) + "?kind=tambahan",
        rhk_data(kind="tambahan", text="Panitia ujian", parent=plans["top"].pk),
        HTTP_HX_REQUEST="true",
    )
    body = r.content.decode()
    assert r.status_code == 200 and r["HX-Retarget"] == "#skp-results"
    assert 'id="skp-results"' in body and "Panitia ujian" in body and 'hx-swap-oob="true"' in body
    # An invalid form comes back alone with its errors, for htmx to put in place.
    r = siti.post(url("rhk_create", skp.pk), rhk_data(text=""), HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert "HX-Retarget" not in r and "<html" not in body and "invalid-feedback" in body
    assert skp.rhks.count() == 1
    # Without htmx the same form shows inside the whole page.
    body = siti.get(url("rhk_edit", skp.pk, skp.rhks.get().pk)).content.decode()
    assert "<html" in body and "Ubah hasil kerja" in body


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target_value": "0"}, "target_value", "angka positif"),
        ({"target_unit": ""}, "target_unit", "Satuan target wajib diisi"),
        (
            {"target_kind": "range", "target_low": "10", "target_high": "5"},
            "target_low",
            "tidak boleh lebih besar",
        ),
        ({"target_kind": "range", "target_high": "5"}, "target_low", "batas bawah"),
    ],
)
def test_a_bad_indicator_shows_the_message_on_its_field_and_writes_nothing(
    cast, client_for, plans, changes, field, message
):
    rhk = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="r", parent=plans["top"]), actor=cast.supervisor.user
    )
    audits = AuditLog.objects.count()
    r = client_for(cast.supervisor).post(
        url("indicator_create", plans["siti"].pk, rhk.pk), ind_data(**changes)
    )
    assert r.status_code == 200
    errors = " ".join(r.context["editing"]["form"].errors.get(field, []))
    assert message in errors, r.context["editing"]["form"].errors
    assert message in r.content.decode()
    assert not Indicator.objects.filter(rhk=rhk).exists() and AuditLog.objects.count() == audits


def test_a_decimal_comma_is_read_as_indonesians_write_it(cast, client_for, plans):
    rhk = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="r", parent=plans["top"]), actor=cast.supervisor.user
    )
    client_for(cast.supervisor).post(
        url("indicator_create", plans["siti"].pk, rhk.pk),
        ind_data(target_value="98,5", target_unit="persen"),
    )
    assert rhk.indicators.get().target_value == Decimal("98.5")


def test_a_parent_rhk_of_another_rater_posted_by_hand_is_refused(cast, client_for, year, plans):
    budi_skp = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    # Hendra's RHK is not Budi's rater's (Siti's).
    r = client_for(cast.employee).post(
        url("rhk_create", budi_skp.pk), rhk_data(parent=plans["top"].pk)
    )
    assert r.status_code == 200
    assert "bukan milik pejabat penilai" in " ".join(r.context["editing"]["form"].errors["parent"])
    assert not Rhk.objects.filter(skp=budi_skp).exists()


def test_submitting_without_an_utama_result_says_why(cast, client_for, plans):
    r = client_for(cast.supervisor).post(url("skp_submit", plans["siti"].pk))
    assert r.status_code == 302 and any("Utama" in m for m in flashes(r))
    plans["siti"].refresh_from_db()
    assert plans["siti"].status == "draft"


def test_an_approved_skp_refuses_new_results_with_a_message(cast, client_for, plans):
    siti_ready(cast, plans)
    services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    services.skp_approve(skp=plans["siti"], actor=cast.head.user)
    siti = client_for(cast.supervisor)
    r = siti.post(url("rhk_create", plans["siti"].pk), rhk_data(parent=plans["top"].pk))
    assert r.status_code == 302 and r.url.startswith(url("skp_detail", plans["siti"].pk))
    assert any("Buka revisi" in m for m in flashes(r))
    assert plans["siti"].rhks.count() == 1
    rhk = plans["siti"].rhks.get()
    r = siti.post(url("rhk_edit", plans["siti"].pk, rhk.pk), rhk_data(text="diubah diam-diam"))
    rhk.refresh_from_db()
    assert r.status_code == 302 and rhk.text == "Terbinanya SD"


def test_a_closed_year_refuses_changes_with_a_message(cast, client_for, year, plans):
    services.year_close(year=year, actor=cast.agency_admin)
    siti = client_for(cast.supervisor)
    r = siti.post(url("rhk_create", plans["siti"].pk), rhk_data(parent=plans["top"].pk))
    assert r.status_code == 302 and any("ditutup" in m for m in flashes(r))
    r = siti.post(url("skp_submit", plans["siti"].pk))
    assert r.status_code == 302 and any("ditutup" in m for m in flashes(r))
    assert not plans["siti"].rhks.exists()
    assert "hanya dapat dibaca" in siti.get(url("skp_detail", plans["siti"].pk)).content.decode()


def test_bad_header_dates_show_on_the_field(cast, client_for, plans):
    r = client_for(cast.supervisor).post(
        url("skp_header", plans["siti"].pk),
        {
            "header-start_date": "2026-05-01",
            "header-end_date": "2027-02-01",
            "header-approach": "kuantitatif",
        },
    )
    assert r.status_code == 200 and "dalam tahun 2026" in r.content.decode()
    plans["siti"].refresh_from_db()
    assert plans["siti"].end_date == datetime.date(2026, 12, 31)


def test_lampiran_and_header_are_saved(cast, client_for, plans):
    c = client_for(cast.supervisor)
    c.post(
        url("skp_lampiran", plans["siti"].pk),
        {"lampiran-dukungan_sumber_daya": "Anggaran BOS", "lampiran-konsekuensi": "Teguran"},
    )
    c.post(
        url("skp_header", plans["siti"].pk),
        {
            "header-start_date": "2026-01-01",
            "header-end_date": "2026-06-30",
            "header-approach": "kualitatif",
        },
    )
    skp = Skp.objects.get(pk=plans["siti"].pk)
    assert (skp.dukungan_sumber_daya, skp.konsekuensi, skp.approach) == (
        "Anggaran BOS",
        "Teguran",
        "kualitatif",
    )
    assert skp.end_date == datetime.date(2026, 6, 30)


# ---------------------------------------------------------------- who sees, who acts


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 200),
        ("supervisor", 200),
        ("head", 200),
        ("agency_admin", 200),
        ("pimpinan", 200),
        ("bkpsdm_admin", 200),
        ("auditor", 200),
        ("peer", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_budis_skp(cast, client_for, year, persona, status):
    budi_skp = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    assert client_for(cast.user(persona)).get(url("skp_detail", budi_skp.pk)).status_code == status


def test_dewi_cannot_even_find_budis_edit_urls(cast, client_for, year, plans):
    budi_skp = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    rhk = services.rhk_save(rhk=Rhk(skp=budi_skp, text="Data"), actor=cast.employee.user)
    ind = services.indicator_save(
        indicator=Indicator(rhk=rhk, text="Jumlah", target_value=1, target_unit="data"),
        actor=cast.employee.user,
    )
    dewi = client_for(cast.peer)
    for name, args, data in [
        ("rhk_create", [budi_skp.pk], rhk_data(link="none")),
        ("rhk_edit", [budi_skp.pk, rhk.pk], rhk_data(link="none")),
        ("rhk_delete", [budi_skp.pk, rhk.pk], {}),
        ("indicator_create", [budi_skp.pk, rhk.pk], ind_data()),
        ("indicator_edit", [budi_skp.pk, ind.pk], ind_data()),
        ("skp_submit", [budi_skp.pk], {}),
        ("skp_lampiran", [budi_skp.pk], {}),
    ]:
        assert dewi.post(url(name, *args), data).status_code == 404, name
    assert Rhk.objects.filter(skp=budi_skp).count() == 1 and rhk.indicators.count() == 1


def test_hendra_sees_budis_skp_but_may_not_write_into_it(cast, client_for, year):
    budi_skp = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    hendra = client_for(cast.head)
    r = hendra.post(url("rhk_create", budi_skp.pk), rhk_data(link="none"))
    assert r.status_code == 302 and r.url.startswith(url("skp_detail", budi_skp.pk))
    assert any("Budi Santoso" in m for m in flashes(r))
    assert not Rhk.objects.filter(skp=budi_skp).exists()
    # Nor may he decide it: he is not Budi's rater.
    services.rhk_save(rhk=Rhk(skp=budi_skp, text="Data"), actor=cast.employee.user)
    r = hendra.post(url("skp_approve", budi_skp.pk))
    assert r.status_code == 302 and flashes(r)
    budi_skp.refresh_from_db()
    assert budi_skp.status == "draft"
    body = hendra.get(url("skp_detail", budi_skp.pk)).content.decode()
    assert "Ubah hasil kerja" not in body and "Ajukan" not in body


def test_an_rhk_id_from_another_skp_is_a_404(cast, client_for, year, plans):
    budi_skp = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    budi_rhk = services.rhk_save(rhk=Rhk(skp=budi_skp, text="Data"), actor=cast.employee.user)
    siti = client_for(cast.supervisor)  # Siti can see Budi's SKP, but not through her own
    assert siti.get(url("rhk_edit", plans["siti"].pk, budi_rhk.pk)).status_code == 404
    assert siti.post(url("rhk_delete", plans["siti"].pk, budi_rhk.pk)).status_code == 404
    assert siti.post(url("indicator_create", plans["siti"].pk, budi_rhk.pk)).status_code == 404
    assert Rhk.objects.filter(pk=budi_rhk.pk).exists()


def test_the_rater_or_the_owner_links_a_provisional_rhk(cast, client_for, year, plans):
    budi_skp = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    rhk = services.rhk_save(rhk=Rhk(skp=budi_skp, text="Data pokok"), actor=cast.employee.user)
    siti_rhk = siti_ready(cast, plans)
    body = client_for(cast.employee).get(url("skp_detail", budi_skp.pk)).content.decode()
    assert "Sementara" in body and "Tautkan" in body and siti_rhk.text in body
    # A foreign parent posted by hand is refused; the rater's own works.
    r = client_for(cast.supervisor).post(
        url("rhk_link", budi_skp.pk, rhk.pk), {"parent": plans["top"].pk}
    )
    rhk.refresh_from_db()
    assert r.status_code == 302 and rhk.is_provisional and flashes(r)
    client_for(cast.supervisor).post(url("rhk_link", budi_skp.pk, rhk.pk), {"parent": siti_rhk.pk})
    rhk.refresh_from_db()
    assert rhk.parent == siti_rhk and not rhk.is_provisional


def test_the_rater_writes_expectations_with_suggestions(cast, client_for, plans):
    siti_ready(cast, plans)
    value = BehaviourValue.objects.get(code="akuntabel")
    suggestion = ExpectationLibraryItem.objects.filter(value=value).first()
    hendra = client_for(cast.head)
    body = hendra.get(url("skp_detail", plans["siti"].pk)).content.decode()
    assert "Simpan ekspektasi" in body and suggestion.text in body
    r = hendra.post(
        url("skp_expectations", plans["siti"].pk), {f"exp-value_{value.pk}": "Laporan tepat waktu"}
    )
    assert r.status_code == 302
    assert plans["siti"].behaviours.get(value=value).expectation == "Laporan tepat waktu"
    # Siti may read it but not write it.
    body = client_for(cast.supervisor).get(url("skp_detail", plans["siti"].pk)).content.decode()
    assert "Laporan tepat waktu" in body and "Simpan ekspektasi" not in body
    r = client_for(cast.supervisor).post(
        url("skp_expectations", plans["siti"].pk), {f"exp-value_{value.pk}": "x"}
    )
    assert r.status_code == 302 and flashes(r)
    assert plans["siti"].behaviours.get(value=value).expectation == "Laporan tepat waktu"


def test_the_library_prefills_a_new_indicator(cast, client_for, plans):
    rhk = siti_ready(cast, plans)
    item = IndicatorLibraryItem.objects.get(text="Jumlah sekolah yang dibina")
    r = client_for(cast.supervisor).get(
        url("indicator_create", plans["siti"].pk, rhk.pk), {"library": item.pk}
    )
    form = r.context["editing"]["form"]
    assert form.initial["text"] == item.text and form.initial["target_unit"] == "sekolah"


def test_action_plans_are_added_per_period(cast, client_for, year, plans):
    rhk = siti_ready(cast, plans)
    march = year.periods.get(number=3)
    r = client_for(cast.supervisor).post(
        url("action_plan_create", plans["siti"].pk, rhk.pk),
        {"period": march.pk, "text": "Kunjungan ke 4 SD", "target_value": "4", "target_unit": "SD"},
    )
    plan = ActionPlan.objects.get(rhk=rhk)
    assert r.status_code == 302 and plan.period == march and plan.target_value == 4
    body = client_for(cast.head).get(url("skp_detail", plans["siti"].pk)).content.decode()
    assert "Kunjungan ke 4 SD" in body and "Maret" in body


def test_an_rhk_is_deleted_and_a_linked_one_is_not(cast, client_for, plans):
    siti_rhk = siti_ready(cast, plans)
    services.rhk_hand_down(
        rhks=[siti_rhk], subordinates=[cast.employee], actor=cast.supervisor.user
    )
    r = client_for(cast.supervisor).post(url("rhk_delete", plans["siti"].pk, siti_rhk.pk))
    assert r.status_code == 302 and any("diintervensi" in m for m in flashes(r))
    assert Rhk.objects.filter(pk=siti_rhk.pk).exists()
    extra = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], kind="tambahan", text="Panitia", parent=plans["top"]),
        actor=cast.supervisor.user,
    )
    client_for(cast.supervisor).post(url("rhk_delete", plans["siti"].pk, extra.pk))
    assert not Rhk.objects.filter(pk=extra.pk).exists()


# ---------------------------------------------------------------- SKP saya


def test_someone_without_an_employee_record_is_told_politely(cast, client_for):
    r = client_for(cast.bkpsdm_admin).get(url("my_skp"))
    assert r.status_code == 200 and "belum terhubung dengan data pegawai" in r.content.decode()


def test_budi_starts_his_skp_for_the_whole_year(cast, client_for, year):
    c = client_for(cast.employee)
    body = c.get(url("my_skp")).content.decode()
    assert "Anda belum memiliki SKP untuk tahun 2026" in body
    r = c.post(url("my_skp"), {"year": year.pk, "approach": "kuantitatif"})
    skp = Skp.objects.get(pegawai=cast.employee)
    assert r.status_code == 302 and r.url.startswith(url("skp_detail", skp.pk))
    assert (skp.start_date, skp.end_date) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert skp.rater == cast.supervisor
    # A second, overlapping one is refused with the service's message.
    r = c.post(url("my_skp"), {"year": year.pk, "approach": "kuantitatif"})
    assert r.status_code == 200 and "beririsan" in r.content.decode()
    assert Skp.objects.filter(pegawai=cast.employee).count() == 1


def test_last_years_skp_is_offered_and_copied(cast, client_for, plans):
    siti_ready(cast, plans)
    y27 = services.year_create(instansi=cast.pendidikan, year=2027, actor=cast.agency_admin)
    c = client_for(cast.supervisor)
    body = c.get(url("my_skp")).content.decode()
    assert "Mulai SKP 2027 dari SKP tahun lalu" in body
    r = c.post(url("skp_copy"), {"source": plans["siti"].pk, "year": y27.pk})
    new = Skp.objects.get(pegawai=cast.supervisor, year=y27)
    assert r.status_code == 302 and r.url.startswith(url("skp_detail", new.pk))
    assert new.rhks.get().text == "Terbinanya SD" and new.rhks.get().is_provisional
    assert "dari SKP tahun lalu" not in c.get(url("my_skp")).content.decode()
    # Someone else's SKP is not a source.
    budi = client_for(cast.employee)
    r = budi.post(url("skp_copy"), {"source": plans["siti"].pk, "year": y27.pk})
    assert r.status_code == 302 and not Skp.objects.filter(pegawai=cast.employee).exists()


# ---------------------------------------------------------------- Tim saya and hand-down


def test_the_team_page_lists_subordinates_with_the_waiting_ones_first(
    cast, client_for, year, plans
):
    budi_skp = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    rhk = services.rhk_save(
        rhk=Rhk(skp=budi_skp, text="Data", assigned_by=cast.outsider), actor=cast.employee.user
    )
    services.indicator_save(
        indicator=Indicator(rhk=rhk, text="Jumlah", target_value=1, target_unit="data"),
        actor=cast.employee.user,
    )
    services.skp_submit(skp=budi_skp, actor=cast.employee.user)
    r = client_for(cast.supervisor).get(url("approvals"))
    rows = r.context["tables"][0]["rows"]
    assert [row["pegawai"] for row in rows] == [cast.employee, cast.peer]  # submitted first
    assert r.context["pending"] == [budi_skp]
    body = r.content.decode()
    assert "Belum dibuat" in body and "Putuskan" in body and url("hand_down") in body


def test_siti_hands_her_rhk_down_to_budi_and_dewi(cast, client_for, year, plans):
    siti_rhk = siti_ready(cast, plans)
    budi_skp = services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)
    budi_skp.status = "submitted"  # Budi's is with Siti already: skipped, with the reason
    budi_skp.save()
    c = client_for(cast.supervisor)
    body = c.get(url("hand_down")).content.decode()
    assert siti_rhk.text in body and "Dewi Lestari" in body and "akan dibuat" in body
    r = c.post(
        url("hand_down"),
        {
            "skp": plans["siti"].pk,
            "rhks": [siti_rhk.pk],
            "subordinates": [cast.employee.pk, cast.peer.pk],
        },
    )
    assert r.status_code == 200
    result = r.context["result"]
    assert result["created_count"] == 1 and [p for p, _ in result["skipped"]] == [cast.employee]
    dewi_rhk = Rhk.objects.get(skp__pegawai=cast.peer)
    assert dewi_rhk.parent == siti_rhk
    assert "Dilewati" in r.content.decode()
    # Nothing chosen: the message, nothing written.
    r = c.post(url("hand_down"), {"skp": plans["siti"].pk, "subordinates": [cast.peer.pk]})
    assert "paling sedikit satu RHK" in r.content.decode()
    assert Rhk.objects.filter(parent=siti_rhk).count() == 1


def test_hand_down_refuses_someone_elses_rhk_posted_by_hand(cast, client_for, plans):
    r = client_for(cast.supervisor).post(
        url("hand_down"), {"rhks": [plans["top"].pk], "subordinates": [cast.peer.pk]}
    )
    assert r.status_code == 200 and r.context["form"].errors["rhks"]
    assert not Rhk.objects.filter(parent=plans["top"]).exists()


# ---------------------------------------------------------------- notifications


def test_notifications_are_listed_counted_and_read_on_view(cast, client_for, plans):
    siti_ready(cast, plans)
    services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    hendra = client_for(cast.head)
    home = hendra.get(reverse("home")).content.decode()
    assert 'text-bg-danger">1<' in home
    r = hendra.get(url("notifications"))
    assert "mengajukan SKP 2026" in r.content.decode() and "Baru" in r.content.decode()
    assert not Notification.objects.filter(user=cast.head.user, read_at__isnull=True).exists()
    assert 'text-bg-danger">1<' not in hendra.get(reverse("home")).content.decode()
    # Only one's own.
    assert "mengajukan" not in client_for(cast.employee).get(url("notifications")).content.decode()


# ---------------------------------------------------------------- query counts


def _grow_skp(skp, n_rhk, n_ind, periods):
    for i in range(n_rhk):
        rhk = Rhk.objects.create(skp=skp, text=f"RHK {i}", kind="utama" if i % 2 else "tambahan")
        Indicator.objects.bulk_create(
            [
                Indicator(rhk=rhk, text=f"IKI {i}.{j}", target_value=5, target_unit="dokumen")
                for j in range(n_ind)
            ]
        )
        ActionPlan.objects.bulk_create(
            [ActionPlan(rhk=rhk, period=p, text=f"Aksi {i}") for p in periods]
        )


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return ctx


@pytest.mark.parametrize("persona", ["supervisor", "head", "auditor"])
def test_the_skp_page_keeps_a_constant_query_count(cast, client_for, year, plans, persona):
    small_skp = plans["siti"]
    periods = list(year.periods.all()[:3])
    # Half of them provisional, so the link control is on the page too.
    _grow_skp(small_skp, 2, 1, periods[:1])
    Rhk.objects.filter(skp=small_skp, kind="tambahan").update(is_provisional=True)
    c = client_for(cast.user(persona))
    small = _count(c, url("skp_detail", small_skp.pk))
    _grow_skp(small_skp, 6, 3, periods)
    Rhk.objects.filter(skp=small_skp).update(parent=plans["top"])
    Rhk.objects.filter(skp=small_skp, kind="tambahan").update(is_provisional=True, parent=None)
    large = _count(c, url("skp_detail", small_skp.pk))
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
    assert len(large) <= 25


def test_my_skp_keeps_a_constant_query_count(cast, client_for, plans):
    c = client_for(cast.supervisor)
    small = _count(c, url("my_skp"))
    for y in (2027, 2028, 2029):
        py = services.year_create(instansi=cast.pendidikan, year=y, actor=cast.agency_admin)
        services.skp_create(pegawai=cast.supervisor, year=py, actor=cast.supervisor.user)
    large = _count(c, url("my_skp"))
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def _grow_team(cast, year, n, start):
    for i in range(n):
        p = PegawaiFactory(
            instansi=cast.pendidikan,
            unit=cast.bidang,
            atasan=cast.supervisor,
            nip=make_nip(6000 + start + i),
        )
        if i % 3:
            skp = services.skp_create(pegawai=p, year=year, actor=cast.agency_admin)
            Rhk.objects.create(skp=skp, text="x")
            if i % 3 == 2:
                Skp.objects.filter(pk=skp.pk).update(status="submitted")


def test_the_team_page_keeps_a_constant_query_count(cast, client_for, year, plans):
    c = client_for(cast.supervisor)
    _grow_team(cast, year, 0, 0)  # Budi and Dewi only: two subordinates
    small = _count(c, url("approvals"))
    _grow_team(cast, year, 8, 100)  # ten
    large = _count(c, url("approvals"))
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
    assert len(large) <= 15


def test_the_hand_down_page_keeps_a_constant_query_count(cast, client_for, year, plans):
    siti_ready(cast, plans)
    c = client_for(cast.supervisor)
    small = _count(c, url("hand_down"))
    _grow_team(cast, year, 8, 200)
    _grow_skp(plans["siti"], 5, 1, [])
    large = _count(c, url("hand_down"))
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_the_top_leader_links_to_an_org_target_and_writes_a_perspektif(
    cast, client_for, year, plans
):
    from kinerja.planning.models import OrgTarget

    target = services.org_target_save(
        target=OrgTarget(year=year, code="IKU-1", goal="Akses pendidikan", indicator="APM SD",
                         target_value=98, target_unit="persen"),
        actor=cast.agency_admin,
    )  # fmt: skip
    hendra = client_for(cast.head)
    body = hendra.get(url("rhk_create", plans["hendra"].pk)).content.decode()
    assert "IKU-1" in body and "RHK pejabat penilai saya" not in body  # Hendra has no rater
    r = hendra.post(
        url("rhk_create", plans["hendra"].pk),
        rhk_data(text="Meningkatnya akses", link="org_target", org_target=target.pk),
    )
    rhk = Rhk.objects.get(skp=plans["hendra"], text="Meningkatnya akses")
    assert r.status_code == 302 and rhk.org_target == target
    hendra.post(
        url("indicator_create", plans["hendra"].pk, rhk.pk),
        ind_data(perspektif="penerima_layanan", target_unit="persen"),
    )
    assert rhk.indicators.get().perspektif == "penerima_layanan"
    # Siti (not JPT, with a rater) is offered neither org targets nor a perspektif.
    siti = client_for(cast.supervisor)
    assert "IKU-1" not in siti.get(url("rhk_create", plans["siti"].pk)).content.decode()
    siti_rhk = siti_ready(cast, plans)
    body = siti.get(url("indicator_create", plans["siti"].pk, siti_rhk.pk)).content.decode()
    assert 'name="perspektif"' not in body


def test_a_kualitatif_skp_asks_for_a_narrative_target(cast, client_for, year):
    skp = services.skp_create(
        pegawai=cast.employee, year=year, actor=cast.employee.user, approach="kualitatif"
    )
    rhk = services.rhk_save(rhk=Rhk(skp=skp, text="Layanan data"), actor=cast.employee.user)
    c = client_for(cast.employee)
    body = c.get(url("indicator_create", skp.pk, rhk.pk)).content.decode()
    assert 'name="target_text"' in body and 'name="target_value"' not in body
    r = c.post(url("indicator_create", skp.pk, rhk.pk), ind_data(target_kind="narrative"))
    assert r.status_code == 200 and "target_text" in r.context["editing"]["form"].errors
    assert not rhk.indicators.exists()
    c.post(
        url("indicator_create", skp.pk, rhk.pk),
        ind_data(target_kind="narrative", target_text="Data pokok sekolah mutakhir tiap bulan"),
    )
    assert rhk.indicators.get().target_display.startswith("Data pokok")


def test_an_action_plan_is_deleted_from_the_page(cast, client_for, year, plans):
    from kinerja.planning import services as svc
    from kinerja.planning.models import ActionPlan, Rhk

    rhk = svc.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="r", parent=plans["top"]), actor=cast.supervisor.user
    )
    plan = svc.action_plan_save(
        plan=ActionPlan(rhk=rhk, period=year.periods.get(number=2), text="Rekap"),
        actor=cast.supervisor.user,
    )
    url = f"/perencanaan/skp/{plans['siti'].pk}/rencana-aksi/{plan.pk}/hapus/"
    assert client_for(cast.peer).post(url).status_code == 404
    client_for(cast.head).post(url)
    assert ActionPlan.objects.filter(pk=plan.pk).exists()  # the rater may not edit the draft
    assert client_for(cast.supervisor).post(url).status_code == 302
    assert not ActionPlan.objects.filter(pk=plan.pk).exists()
