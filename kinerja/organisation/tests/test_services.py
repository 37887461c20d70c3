"""Organisation services: every write validated, audited in the same transaction, history kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from kinerja.core.audit import audit_log
from kinerja.core.models import AuditLog
from kinerja.organisation import services
from kinerja.organisation.models import Jabatan, Pegawai, Penugasan, Role, RoleAssignment, UnitKerja
from kinerja.organisation.tests.factories import make_nip

pytestmark = pytest.mark.django_db


def new_pegawai(cast, n=900, **kw):
    data = {
        "nip": make_nip(n),
        "name": "Rina Marlina",
        "instansi": cast.pendidikan,
        "unit": cast.bidang,
        "atasan": cast.supervisor,
        "golongan": 9,
    }
    data.update(kw)
    return Pegawai(**data)


def test_creating_an_employee_fills_from_the_nip_and_writes_history_and_audit(cast):
    p, warnings = services.pegawai_save(
        pegawai=new_pegawai(cast), actor=cast.bkpsdm_admin, start_date=datetime.date(2026, 1, 2)
    )
    p.refresh_from_db()
    assert p.birth_date.isoformat() == f"{p.nip[:4]}-{p.nip[4:6]}-{p.nip[6:8]}"
    assert p.kind == "PNS" and p.sex == "L"
    assert p.chain == f"{cast.supervisor.chain}{cast.supervisor.pk}/"
    history = list(Penugasan.objects.filter(pegawai=p))
    assert len(history) == 1 and history[0].start_date == datetime.date(2026, 1, 2)
    assert history[0].atasan_id == cast.supervisor.pk and history[0].end_date is None
    row = AuditLog.objects.get(action="pegawai.created", object_id=str(p.pk))
    assert row.actor == cast.bkpsdm_admin and row.before is None and row.after["nip"] == p.nip
    assert warnings == []


def test_a_bad_nip_writes_nothing(cast):
    before = (Pegawai.objects.count(), AuditLog.objects.count(), Penugasan.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.pegawai_save(
            pegawai=new_pegawai(cast, nip="198513012010011001"), actor=cast.bkpsdm_admin
        )
    assert "nip" in exc.value.message_dict
    assert (Pegawai.objects.count(), AuditLog.objects.count(), Penugasan.objects.count()) == before


def test_a_duplicate_nip_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        services.pegawai_save(
            pegawai=new_pegawai(cast, nip=cast.employee.nip), actor=cast.bkpsdm_admin
        )
    assert "nip" in exc.value.message_dict


def test_moving_an_employee_closes_the_old_assignment_and_opens_a_new_one(cast):
    budi = cast.employee
    services.pegawai_save(
        pegawai=budi, actor=cast.agency_admin, start_date=datetime.date(2025, 1, 1)
    )
    budi.unit = cast.sekretariat
    budi.atasan = cast.head
    services.pegawai_save(
        pegawai=budi,
        actor=cast.agency_admin,
        start_date=datetime.date(2026, 7, 1),
        note="SK 800/12",
    )
    rows = list(Penugasan.objects.filter(pegawai=budi).order_by("start_date"))
    assert [(r.start_date, r.end_date) for r in rows] == [
        (datetime.date(2025, 1, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 7, 1), None),
    ]
    assert rows[0].atasan_id == cast.supervisor.pk and rows[1].atasan_id == cast.head.pk
    assert rows[1].note == "SK 800/12"
    audit = AuditLog.objects.filter(action="pegawai.updated", object_id=str(budi.pk)).latest("id")
    assert (
        audit.before["atasan_id"] == cast.supervisor.pk and audit.after["atasan_id"] == cast.head.pk
    )


def test_an_edit_that_does_not_move_keeps_the_history(cast):
    budi = cast.employee
    services.pegawai_save(pegawai=budi, actor=cast.agency_admin)
    n = Penugasan.objects.filter(pegawai=budi).count()
    budi.phone = "0812"
    services.pegawai_save(pegawai=budi, actor=cast.agency_admin)
    assert Penugasan.objects.filter(pegawai=budi).count() == n


def test_changing_a_superior_moves_the_whole_subtree(cast):
    siti = cast.supervisor
    siti.atasan = None
    services.pegawai_save(pegawai=siti, actor=cast.bkpsdm_admin)
    budi = Pegawai.objects.get(pk=cast.employee.pk)
    assert siti.chain == "/"
    assert budi.chain == f"/{siti.pk}/"
    siti.atasan = cast.outsider
    services.pegawai_save(pegawai=siti, actor=cast.bkpsdm_admin)
    budi.refresh_from_db()
    assert budi.chain == f"/{cast.outsider.pk}/{siti.pk}/"
    assert set(Pegawai.objects.filter(chain__startswith=cast.outsider.subtree_prefix)) == {
        siti,
        budi,
        cast.peer,
    }


def test_a_supervision_cycle_is_refused(cast):
    hendra = cast.head
    hendra.atasan = cast.employee  # Budi is below Hendra
    with pytest.raises(ValidationError) as exc:
        services.pegawai_save(pegawai=hendra, actor=cast.bkpsdm_admin)
    assert "melingkar" in exc.value.message_dict["atasan"][0]


def test_being_ones_own_superior_is_refused(cast):
    budi = cast.employee
    budi.atasan = budi
    with pytest.raises(ValidationError) as exc:
        services.pegawai_save(pegawai=budi, actor=cast.bkpsdm_admin)
    assert "atasan" in exc.value.message_dict


def test_unit_and_position_must_belong_to_the_employees_agency(cast):
    p = new_pegawai(cast, unit=cast.puskesmas)
    with pytest.raises(ValidationError) as exc:
        services.pegawai_save(pegawai=p, actor=cast.bkpsdm_admin)
    assert "unit" in exc.value.message_dict


def test_a_position_level_must_fit_its_kind(cast):
    j = Jabatan(instansi=cast.pendidikan, code="J-X", name="Guru", kind="JF", level="pengawas")
    with pytest.raises(ValidationError) as exc:
        services.jabatan_save(jabatan=j, actor=cast.agency_admin)
    assert "level" in exc.value.message_dict
    j.level = "ahli_pertama"
    services.jabatan_save(jabatan=j, actor=cast.agency_admin)
    assert AuditLog.objects.filter(action="jabatan.created", object_id=str(j.pk)).exists()


@pytest.mark.parametrize(
    ("kind", "levels"),
    [
        ("JPT", ["jpt_utama", "jpt_madya", "jpt_pratama"]),
        ("JA", ["administrator", "pengawas", "pelaksana"]),
        (
            "JF",
            [
                "ahli_pertama",
                "ahli_muda",
                "ahli_madya",
                "ahli_utama",
                "pemula",
                "terampil",
                "mahir",
                "penyelia",
            ],
        ),
    ],
)
def test_every_allowed_level_per_kind(cast, kind, levels):
    from kinerja.organisation.choices import JabatanLevel

    for level in JabatanLevel.values:
        j = Jabatan(
            instansi=cast.pendidikan, code=f"J-{kind}-{level}", name="x", kind=kind, level=level
        )
        if level in levels:
            j.full_clean()
        else:
            with pytest.raises(ValidationError):
                j.full_clean()


def test_moving_a_unit_repaths_its_subtree(cast):
    child = services.unit_save(
        unit=UnitKerja(
            instansi=cast.pendidikan, code="DISDIK-011", name="Seksi Kurikulum", parent=cast.bidang
        ),
        actor=cast.agency_admin,
    )
    assert child.path == f"{cast.bidang.path}{child.pk}/"
    bidang = UnitKerja.objects.get(pk=cast.bidang.pk)
    bidang.parent = None
    services.unit_save(unit=bidang, actor=cast.agency_admin)
    child.refresh_from_db()
    assert child.path == f"/{bidang.pk}/{child.pk}/" and child.depth == 1


def test_a_unit_cannot_move_under_its_own_descendant(cast):
    top = UnitKerja.objects.get(pk=cast.sekretariat.pk)
    top.parent = cast.bidang
    with pytest.raises(ValidationError):
        services.unit_save(unit=top, actor=cast.agency_admin)


def test_deleting_something_in_use_is_refused_with_a_message(cast):
    with pytest.raises(ValidationError) as exc:
        services.object_delete(
            obj=UnitKerja.objects.get(pk=cast.bidang.pk), actor=cast.agency_admin
        )
    assert "masih dipakai" in exc.value.messages[0]
    assert UnitKerja.objects.filter(pk=cast.bidang.pk).exists()


def test_deleting_an_unused_position_is_audited(cast):
    j = services.jabatan_save(
        jabatan=Jabatan(
            instansi=cast.pendidikan, code="J-DEL", name="Sementara", kind="JA", level="pelaksana"
        ),
        actor=cast.agency_admin,
    )
    pk = j.pk
    services.object_delete(obj=j, actor=cast.agency_admin)
    row = AuditLog.objects.get(action="jabatan.deleted", object_id=str(pk))
    assert row.before["code"] == "J-DEL" and row.after is None


def test_role_changes_are_audited(cast):
    a = services.role_grant(
        user=cast.employee.user,
        role=Role.PIMPINAN,
        instansi=cast.pendidikan,
        actor=cast.bkpsdm_admin,
    )
    assert AuditLog.objects.filter(action="role.granted", object_id=str(a.pk)).exists()
    pk = a.pk
    services.role_revoke(assignment=a, actor=cast.bkpsdm_admin)
    assert AuditLog.objects.filter(action="role.revoked", object_id=str(pk)).exists()
    assert not RoleAssignment.objects.filter(pk=pk).exists()


@pytest.mark.parametrize(
    ("role", "scoped"),
    [
        (Role.ADMIN_INSTANSI, True),
        (Role.PIMPINAN, True),
        (Role.ADMIN_BKPSDM, False),
        (Role.AUDITOR, False),
    ],
)
def test_role_scope_must_match_the_role(cast, role, scoped):
    wrong_scope = None if scoped else cast.pendidikan
    with pytest.raises(ValidationError):
        services.role_grant(
            user=cast.employee.user, role=role, instansi=wrong_scope, actor=cast.bkpsdm_admin
        )


def test_acting_assignment_is_recorded_beside_the_definitive_post(cast):
    kabid = Jabatan.objects.get(code="J-KABID")
    row = services.pegawai_assign_acting(
        pegawai=cast.employee,
        jabatan=kabid,
        kind="plt",
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 5, 31),
        actor=cast.agency_admin,
    )
    assert row.kind == "plt" and row.jabatan == kabid
    assert AuditLog.objects.filter(action="pegawai.plt_assigned").exists()
    with pytest.raises(ValidationError):
        services.pegawai_assign_acting(
            pegawai=cast.employee,
            jabatan=kabid,
            kind="plt",
            start_date=datetime.date(2026, 3, 1),
            end_date=datetime.date(2026, 2, 1),
            actor=cast.agency_admin,
        )


def test_the_audit_trail_is_append_only(cast):
    services.jabatan_save(
        jabatan=Jabatan(
            instansi=cast.pendidikan, code="J-A", name="A", kind="JA", level="pelaksana"
        ),
        actor=cast.agency_admin,
    )
    row = AuditLog.objects.latest("id")
    row.action = "tampered"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=row.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()


def test_audit_outside_a_transaction_is_refused(cast, django_db_blocker):
    # pytest-django wraps each test in a transaction; leave it to check the guard.
    conn = transaction.get_connection()
    saved = conn.in_atomic_block
    conn.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError):
            audit_log(actor=None, action="x.y", object_type="t", object_id="1")
    finally:
        conn.in_atomic_block = saved


def test_a_failing_write_rolls_back_its_audit_row(cast, monkeypatch):
    from kinerja.organisation import services as svc

    n = AuditLog.objects.count()

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(svc, "_open_assignment", boom)
    with pytest.raises(RuntimeError):
        svc.pegawai_save(pegawai=new_pegawai(cast), actor=cast.bkpsdm_admin)
    assert AuditLog.objects.count() == n
    assert not Pegawai.objects.filter(name="Rina Marlina").exists()
