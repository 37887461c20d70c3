"""Organisation pages: forms validate and report in Indonesian, writes go through services,
list pages keep a constant number of queries as data grows."""

import pytest
from django.urls import reverse

from kinerja.core.models import AuditLog
from kinerja.organisation.models import Jabatan, Pegawai, Penugasan, UnitKerja
from kinerja.organisation.tests.factories import (
    JabatanFactory,
    PegawaiFactory,
    UnitFactory,
    make_nip,
)

pytestmark = pytest.mark.django_db


def form_data(cast, **kw):
    data = {
        "nip": make_nip(700),
        "name": "Rina Marlina",
        "kind": "",
        "golongan": "9",
        "instansi": cast.pendidikan.pk,
        "unit": cast.bidang.pk,
        "jabatan": "",
        "atasan_nip": cast.supervisor.nip,
        "email": "",
        "phone": "",
        "is_active": "on",
        "start_date": "2026-01-05",
        "note": "SK 1",
    }
    data.update(kw)
    return data


def test_admin_creates_an_employee_through_the_form(cast, client_for):
    r = client_for(cast.agency_admin).post(reverse("organisation:pegawai_create"), form_data(cast))
    p = Pegawai.objects.get(name="Rina Marlina")
    assert r.status_code == 302 and r.url == reverse("organisation:pegawai_detail", args=[p.pk])
    assert p.atasan == cast.supervisor and p.kind == "PNS"
    assert Penugasan.objects.filter(pegawai=p, note="SK 1").exists()
    assert AuditLog.objects.filter(action="pegawai.created", actor=cast.agency_admin).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nip": "12345"}, "nip", "18 digit"),
        ({"nip": "198513012010011001"}, "nip", "bukan tanggal yang sah"),
        ({"nip": "198503122010131002"}, "nip", "harus 01–12"),
        ({"atasan_nip": "199901012020011999"}, "atasan_nip", "Tidak ada pegawai"),
        ({"name": ""}, "name", "tidak boleh kosong"),
    ],
)
def test_bad_input_shows_a_clear_message_and_writes_nothing(
    cast, client_for, changes, field, message
):
    n = (Pegawai.objects.count(), AuditLog.objects.count())
    r = client_for(cast.agency_admin).post(
        reverse("organisation:pegawai_create"), form_data(cast, **changes)
    )
    assert r.status_code == 200
    errors = " ".join(str(e) for e in r.context["form"].errors.get(field, []))
    assert message in errors, r.context["form"].errors
    assert (Pegawai.objects.count(), AuditLog.objects.count()) == n


def test_an_agency_admin_cannot_create_in_another_agency(cast, client_for):
    r = client_for(cast.agency_admin).post(
        reverse("organisation:pegawai_create"),
        form_data(cast, instansi=cast.kesehatan.pk, unit="", atasan_nip=""),
    )
    assert r.status_code == 200 and "instansi" in r.context["form"].errors
    assert not Pegawai.objects.filter(name="Rina Marlina").exists()


def test_a_cycle_made_in_the_form_is_refused_on_the_superior_field(cast, client_for):
    data = form_data(
        cast,
        nip=cast.head.nip,
        name=cast.head.name,
        unit=cast.sekretariat.pk,
        atasan_nip=cast.employee.nip,
    )
    r = client_for(cast.agency_admin).post(
        reverse("organisation:pegawai_edit", args=[cast.head.pk]), data
    )
    assert r.status_code == 200
    assert "melingkar" in " ".join(r.context["form"].errors["atasan_nip"])
    cast.head.refresh_from_db()
    assert cast.head.atasan_id is None


def test_unit_and_position_forms_work_for_admins(cast, client_for):
    c = client_for(cast.agency_admin)
    r = c.post(
        reverse("organisation:unit_create"),
        {
            "instansi": cast.pendidikan.pk,
            "parent": cast.bidang.pk,
            "code": "DISDIK-02",
            "name": "Seksi Kurikulum",
        },
    )
    unit = UnitKerja.objects.get(code="DISDIK-02")
    assert r.status_code == 302 and unit.path == f"{cast.bidang.path}{unit.pk}/"
    r = c.post(
        reverse("organisation:jabatan_create"),
        {
            "instansi": cast.pendidikan.pk,
            "unit": unit.pk,
            "code": "J-KASI",
            "name": "Kepala Seksi Kurikulum",
            "kind": "JA",
            "level": "ahli_muda",
        },
    )
    assert r.status_code == 200 and "level" in r.context["form"].errors
    r = c.post(
        reverse("organisation:jabatan_create"),
        {
            "instansi": cast.pendidikan.pk,
            "unit": unit.pk,
            "code": "J-KASI",
            "name": "Kepala Seksi Kurikulum",
            "kind": "JA",
            "level": "pengawas",
            "is_head": "on",
        },
    )
    assert r.status_code == 302 and Jabatan.objects.get(code="J-KASI").is_head


def test_deleting_a_unit_in_use_shows_a_message(cast, client_for):
    r = client_for(cast.agency_admin).post(
        reverse("organisation:object_delete", args=["unit", cast.bidang.pk]), follow=True
    )
    assert "masih dipakai" in r.content.decode()
    assert UnitKerja.objects.filter(pk=cast.bidang.pk).exists()


def test_search_by_name_and_nip_prefix(cast, client_for):
    c = client_for(cast.bkpsdm_admin)
    body = c.get(reverse("organisation:pegawai_list"), {"q": "budi"}).content.decode()
    assert cast.employee.nip in body and cast.peer.nip not in body
    body = c.get(reverse("organisation:pegawai_list"), {"q": cast.peer.nip[:12]}).content.decode()
    assert cast.peer.nip in body


def test_filters_by_agency_unit_and_kind(cast, client_for):
    c = client_for(cast.bkpsdm_admin)
    body = c.get(
        reverse("organisation:pegawai_list"), {"instansi": cast.kesehatan.pk}
    ).content.decode()
    assert cast.outsider.nip in body and cast.employee.nip not in body
    body = c.get(
        reverse("organisation:pegawai_list"),
        {"instansi": cast.pendidikan.pk, "unit": cast.sekretariat.pk},
    ).content.decode()
    # the unit filter includes sub-units
    assert cast.employee.nip in body and cast.head.nip in body
    body = c.get(reverse("organisation:pegawai_list"), {"kind": "PPPK"}).content.decode()
    assert cast.employee.nip not in body


@pytest.mark.parametrize(
    "params",
    [{"instansi": "abc"}, {"unit": "-1"}, {"golongan": "x"}, {"page": "zzz"}, {"kind": "<script>"}],
)
def test_garbage_in_the_url_never_breaks_the_list(cast, client_for, params):
    assert (
        client_for(cast.bkpsdm_admin).get(reverse("organisation:pegawai_list"), params).status_code
        == 200
    )


def test_htmx_requests_get_only_the_table(cast, client_for):
    r = client_for(cast.bkpsdm_admin).get(
        reverse("organisation:pegawai_list"), {"q": "budi"}, HTTP_HX_REQUEST="true"
    )
    body = r.content.decode()
    assert "<html" not in body and cast.employee.nip in body


def test_org_tree_shows_units_heads_and_counts(cast, client_for):
    body = (
        client_for(cast.employee)
        .get(reverse("organisation:instansi_detail", args=[cast.pendidikan.pk]))
        .content.decode()
    )
    assert "Bidang Pembinaan SD" in body and "Hendra Wijaya" in body and "Siti Rahmawati" in body


def _grow(cast, n):
    unit = UnitFactory(instansi=cast.pendidikan, parent=cast.bidang)
    jab = JabatanFactory(instansi=cast.pendidikan, unit=unit)
    for i in range(n):
        # half in the new unit, half in Bidang itself (the unit page's own list)
        PegawaiFactory(
            instansi=cast.pendidikan,
            unit=cast.bidang,
            jabatan=jab,
            atasan=cast.supervisor,
            nip=make_nip(9000 + i + n * 1000),
        )
        PegawaiFactory(
            instansi=cast.pendidikan,
            unit=unit,
            jabatan=jab,
            atasan=cast.supervisor,
            nip=make_nip(5000 + i + n * 1000),
        )
    UnitFactory(instansi=cast.pendidikan, parent=unit)


PAGES = [
    ("organisation:pegawai_list", lambda c: [], {}),
    ("organisation:pegawai_list", lambda c: [], {"q": "Pegawai", "instansi": "1"}),
    ("organisation:instansi_list", lambda c: [], {}),
    ("organisation:instansi_detail", lambda c: [c.pendidikan.pk], {}),
    ("organisation:unit_detail", lambda c: [c.bidang.pk], {}),
    ("organisation:jabatan_list", lambda c: [], {}),
    ("organisation:pegawai_detail", lambda c: [c.supervisor.pk], {}),
    ("home", lambda c: [], {}),
]


@pytest.mark.parametrize(("name", "args", "params"), PAGES)
@pytest.mark.parametrize("persona", ["bkpsdm_admin", "supervisor", "agency_admin"])
def test_list_pages_keep_a_constant_query_count(
    cast, client_for, django_assert_max_num_queries, name, args, params, persona
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(cast.user(persona))
    url = reverse(name, args=args(cast))
    _grow(cast, 3)
    with CaptureQueriesContext(connection) as small:
        assert c.get(url, params).status_code == 200
    _grow(cast, 40)
    with CaptureQueriesContext(connection) as large:
        assert c.get(url, params).status_code == 200
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
    assert len(large) <= 15


def test_audit_list_filters_and_constant_queries(cast, client_for):
    from kinerja.organisation import services

    c = client_for(cast.auditor)
    for i in range(30):
        services.jabatan_save(
            jabatan=Jabatan(
                instansi=cast.pendidikan,
                code=f"J-Q{i}",
                name=f"Jabatan {i}",
                kind="JA",
                level="pelaksana",
            ),
            actor=cast.agency_admin,
        )
    r = c.get(reverse("core:audit_list"), {"action": "jabatan.", "q": "Jabatan 1"})
    body = r.content.decode()
    assert "Jabatan 1" in body and "Jabatan 2<" not in body
    assert c.get(reverse("core:audit_list"), {"date_from": "not-a-date"}).status_code == 200


def test_the_org_tree_shows_an_acting_head_of_a_vacant_post(cast, client_for):
    import datetime

    from kinerja.organisation import services
    from kinerja.organisation.models import Jabatan

    kabid = Jabatan.objects.get(code="J-KABID")
    siti = cast.supervisor
    siti.jabatan = None
    services.pegawai_save(pegawai=siti, actor=cast.agency_admin)
    services.pegawai_assign_acting(pegawai=cast.employee, jabatan=kabid, kind="plt", start_date=datetime.date(2026, 1, 1),
                                   end_date=None, actor=cast.agency_admin)  # fmt: skip
    body = (
        client_for(cast.agency_admin)
        .get(reverse("organisation:instansi_detail", args=[cast.pendidikan.pk]))
        .content.decode()
    )
    assert "Plt. Kepala Bidang Pembinaan SD: Budi Santoso" in body
