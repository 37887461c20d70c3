"""The fixed cast that tests tell stories about (STYLE.md pattern 8).

Dinas Pendidikan: Hendra (Kepala Dinas, JPT Pratama) → Siti (Kepala Bidang, Administrator) →
Budi and Dewi (pelaksana). Ani administers Dinas Pendidikan; Rudi leads it read-only (Pimpinan).
Bima is an Admin BKPSDM, Audi an auditor, Oscar works in Dinas Kesehatan and is nobody's
superior or subordinate here (the outsider)."""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.accounts.models import User
from kinerja.organisation.models import Instansi, Jabatan, Pegawai, Role, RoleAssignment, UnitKerja
from kinerja.organisation.tests.factories import make_nip

PASSWORD = "rahasia-123"


@dataclass
class Cast:
    pendidikan: Instansi
    kesehatan: Instansi
    bkpsdm: Instansi
    bidang: UnitKerja
    sekretariat: UnitKerja
    puskesmas: UnitKerja
    head: Pegawai  # Hendra
    supervisor: Pegawai  # Siti
    employee: Pegawai  # Budi
    peer: Pegawai  # Dewi
    outsider: Pegawai  # Oscar
    agency_admin: User  # Ani
    pimpinan: User  # Rudi
    bkpsdm_admin: User  # Bima
    auditor: User  # Audi

    def user(self, who: str) -> User | None:
        obj = getattr(self, who)
        return obj.user if isinstance(obj, Pegawai) else obj


def _user(username: str, first: str, is_superuser: bool = False) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=first)
    return user


def _pegawai(n: int, name: str, instansi, unit, jabatan, atasan=None, *, with_user=True) -> Pegawai:
    nip = make_nip(n, sex=1 if n % 2 else 2)
    user = _user(nip, name) if with_user else None
    p = Pegawai.objects.create(
        nip=nip,
        name=name,
        kind="PNS",
        sex="L" if n % 2 else "P",
        birth_date=f"{nip[:4]}-{nip[4:6]}-{nip[6:8]}",
        tmt=f"{nip[8:12]}-{nip[12:14]}-01",
        golongan=9 + n % 5,
        instansi=instansi,
        unit=unit,
        jabatan=jabatan,
        atasan=atasan,
        chain=f"{atasan.chain}{atasan.pk}/" if atasan else "/",
        user=user,
    )
    return p


def _unit(instansi, code, name, parent=None) -> UnitKerja:
    u = UnitKerja.objects.create(instansi=instansi, code=code, name=name, parent=parent)
    u.path = f"{parent.path if parent else '/'}{u.pk}/"
    u.depth = u.path.count("/") - 2
    u.save(update_fields=["path", "depth"])
    return u


def build_cast() -> Cast:
    pendidikan = Instansi.objects.create(
        code="DISDIK", name="Dinas Pendidikan", short_name="Disdik"
    )
    kesehatan = Instansi.objects.create(code="DINKES", name="Dinas Kesehatan", short_name="Dinkes")
    bkpsdm = Instansi.objects.create(
        code="BKPSDM",
        name="Badan Kepegawaian dan Pengembangan SDM",
        short_name="BKPSDM",
        kind="badan",
        is_bkpsdm=True,
    )
    sekretariat = _unit(pendidikan, "DISDIK-00", "Dinas Pendidikan")
    bidang = _unit(pendidikan, "DISDIK-01", "Bidang Pembinaan SD", parent=sekretariat)
    puskesmas = _unit(kesehatan, "DINKES-01", "Puskesmas Sukamaju")
    kadis = Jabatan.objects.create(
        instansi=pendidikan,
        unit=sekretariat,
        code="J-KADIS",
        name="Kepala Dinas Pendidikan",
        kind="JPT",
        level="jpt_pratama",
        is_head=True,
    )
    kabid = Jabatan.objects.create(
        instansi=pendidikan,
        unit=bidang,
        code="J-KABID",
        name="Kepala Bidang Pembinaan SD",
        kind="JA",
        level="administrator",
        is_head=True,
    )
    staf = Jabatan.objects.create(
        instansi=pendidikan,
        unit=bidang,
        code="J-STAF",
        name="Pengelola Data Pendidikan",
        kind="JA",
        level="pelaksana",
    )
    perawat = Jabatan.objects.create(
        instansi=kesehatan,
        unit=puskesmas,
        code="J-PRWT",
        name="Perawat Ahli Pertama",
        kind="JF",
        level="ahli_pertama",
    )
    head = _pegawai(1, "Hendra Wijaya", pendidikan, sekretariat, kadis)
    supervisor = _pegawai(2, "Siti Rahmawati", pendidikan, bidang, kabid, head)
    employee = _pegawai(3, "Budi Santoso", pendidikan, bidang, staf, supervisor)
    peer = _pegawai(4, "Dewi Lestari", pendidikan, bidang, staf, supervisor)
    outsider = _pegawai(5, "Oscar Pratama", kesehatan, puskesmas, perawat)
    ani = _pegawai(6, "Ani Kusuma", pendidikan, sekretariat, None)
    agency_admin = ani.user
    assert agency_admin is not None
    RoleAssignment.objects.create(user=agency_admin, role=Role.ADMIN_INSTANSI, instansi=pendidikan)
    pimpinan = _user("rudi", "Rudi")
    RoleAssignment.objects.create(user=pimpinan, role=Role.PIMPINAN, instansi=pendidikan)
    bkpsdm_admin = _user("bima", "Bima")
    RoleAssignment.objects.create(user=bkpsdm_admin, role=Role.ADMIN_BKPSDM)
    auditor = _user("audi", "Audi")
    RoleAssignment.objects.create(user=auditor, role=Role.AUDITOR)
    return Cast(
        pendidikan=pendidikan,
        kesehatan=kesehatan,
        bkpsdm=bkpsdm,
        bidang=bidang,
        sekretariat=sekretariat,
        puskesmas=puskesmas,
        head=head,
        supervisor=supervisor,
        employee=employee,
        peer=peer,
        outsider=outsider,
        agency_admin=agency_admin,
        pimpinan=pimpinan,
        bkpsdm_admin=bkpsdm_admin,
        auditor=auditor,
    )
