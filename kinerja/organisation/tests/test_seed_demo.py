"""The demo regency (`manage.py seed_demo`): realistic, consistent, loginable, repeatable."""

import io
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction

from kinerja.core.models import AuditLog
from kinerja.organisation.choices import LEVELS_BY_KIND
from kinerja.organisation.demo_data import PASSWORD, plan_demo
from kinerja.organisation.management.commands.seed_demo import wipe_organisation_data
from kinerja.organisation.models import Instansi, Jabatan, Pegawai, Penugasan, Role, RoleAssignment
from kinerja.organisation.nip import parse_nip

pytestmark = pytest.mark.django_db


def _seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for this module (it takes a few seconds); each test still runs in its
    own transaction, so what a test changes is rolled back."""
    with django_db_blocker.unblock():
        output = _seed()
        yield output
        with transaction.atomic():
            wipe_organisation_data()


def test_it_builds_ten_agencies_and_about_three_hundred_employees(demo):
    assert Instansi.objects.count() == 10
    assert Instansi.objects.filter(is_bkpsdm=True).get().code == "BKPSDM"
    assert 250 <= Pegawai.objects.count() <= 350
    assert "Loaded Kabupaten Sukamaju" in demo


def test_every_nip_is_valid_and_matches_the_employee(demo):
    for p in Pegawai.objects.all():
        info = parse_nip(p.nip, expected_kind=p.kind)
        assert (info.kind, info.sex, info.birth_date) == (p.kind, p.sex, p.birth_date), p.nip
        assert not info.warnings, (p.nip, info.warnings)


def test_about_fifteen_percent_are_pppk_and_golongan_fit_the_post(demo):
    kinds = Counter(Pegawai.objects.values_list("kind", flat=True))
    assert 0.10 <= kinds["PPPK"] / sum(kinds.values()) <= 0.20
    for p in Pegawai.objects.select_related("jabatan"):
        assert p.golongan_display, p
        level = p.jabatan.level
        if p.kind == "PNS" and level == "jpt_pratama":
            assert 15 <= p.golongan <= 16  # IV/c–IV/d
        elif p.kind == "PNS" and level == "administrator":
            assert 13 <= p.golongan <= 14  # IV/a–IV/b
        elif p.kind == "PNS" and level == "pengawas":
            assert 11 <= p.golongan <= 12  # III/c–III/d
        elif p.kind == "PNS" and level == "pelaksana":
            assert 7 <= p.golongan <= 10  # II/c–III/b
        elif p.kind == "PPPK":
            assert level not in ("jpt_pratama", "administrator", "pengawas")


def test_positions_have_a_valid_level_and_units_have_one_head_post(demo):
    for j in Jabatan.objects.all():
        assert j.level in LEVELS_BY_KIND[j.kind], j
    heads = Counter(Jabatan.objects.filter(is_head=True).values_list("unit_id", flat=True))
    assert set(heads.values()) == {1}


def test_the_hierarchy_is_one_tree_under_the_sekda(demo):
    tops = Pegawai.objects.filter(is_active=True, atasan__isnull=True).select_related("jabatan")
    assert [(t.jabatan.name, t.jabatan.level) for t in tops] == [
        ("Sekretaris Daerah", "jpt_pratama")
    ]
    sekda = tops[0]
    for p in Pegawai.objects.select_related("atasan").exclude(pk=sekda.pk):
        assert p.atasan_id is not None, p
        assert p.chain == f"{p.atasan.chain}{p.atasan_id}/", p
        assert p.chain.startswith(f"/{sekda.pk}/"), p
    agency_heads = Pegawai.objects.filter(atasan=sekda, jabatan__name__startswith="Kepala Dinas")
    assert agency_heads.count() == 4
    assert Pegawai.objects.filter(atasan=sekda, jabatan__name__startswith="Camat").count() == 2


def test_it_has_history_a_plt_and_inactive_employees(demo):
    assert Penugasan.objects.filter(end_date__isnull=False).count() >= 3
    plt = Penugasan.objects.select_related("jabatan", "pegawai__jabatan").get(kind="plt")
    assert plt.jabatan.name.startswith("Kepala Bidang")
    assert plt.pegawai.jabatan.name.startswith("Kepala Seksi")
    assert Pegawai.objects.filter(is_active=False).count() == 2
    assert not Pegawai.objects.filter(atasan__is_active=False).exists()


def test_every_change_has_its_audit_row(demo):
    assert AuditLog.objects.filter(action="pegawai.created").count() == Pegawai.objects.count()
    assert AuditLog.objects.filter(action="role.granted").count() == RoleAssignment.objects.count()


def test_the_named_logins_authenticate(demo):
    plan = plan_demo()
    for _role, login, idx in plan.logins:
        user = authenticate(username=login, password=PASSWORD)
        assert user is not None, login
        if idx is not None:  # by NIP too
            assert authenticate(username=plan.people[idx].nip, password=PASSWORD) == user
    assert authenticate(username="admin", password=PASSWORD).is_superuser
    admin_disdik = authenticate(username="admin.disdik", password=PASSWORD)
    assert admin_disdik.pegawai.instansi.code == "DISDIK"
    roles = set(RoleAssignment.objects.values_list("user__username", "role", "instansi__code"))
    assert roles == {
        ("admin.disdik", Role.ADMIN_INSTANSI, "DISDIK"),
        ("admin.bkpsdm", Role.ADMIN_BKPSDM, None),
        ("pimpinan.disdik", Role.PIMPINAN, "DISDIK"),
        ("auditor", Role.AUDITOR, None),
    }
    atasan = Pegawai.objects.get(nip=plan.logins[1][1])
    assert Pegawai.objects.get(nip=plan.logins[0][1]).atasan == atasan
    assert atasan.jabatan.name.startswith("Kepala Bidang")


def test_inactive_employees_cannot_log_in(demo):
    retired = Pegawai.objects.filter(is_active=False).first()
    assert authenticate(username=retired.nip, password=PASSWORD) is None


def test_running_it_again_changes_nothing(demo):
    before = (Pegawai.objects.count(), AuditLog.objects.count())
    assert "already loaded" in _seed()
    assert (Pegawai.objects.count(), AuditLog.objects.count()) == before


def test_reset_reloads_exactly_the_same_people(demo):
    def people():
        return sorted(Pegawai.objects.values_list("nip", "name", "gelar_belakang", "jabatan__code"))

    before = people()
    _seed(reset=True)
    assert people() == before
    assert AuditLog.objects.filter(action="pegawai.created").count() == len(before)
