"""The role × object matrix for organisation pages: a forbidden object answers 404, exactly
like a missing one."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PERSONAS = [
    "employee",
    "supervisor",
    "head",
    "agency_admin",
    "pimpinan",
    "bkpsdm_admin",
    "auditor",
    "outsider",
]

# Which employees' detail pages each persona may open.
PEGAWAI_VISIBLE = {
    "employee": {"employee"},
    "supervisor": {"supervisor", "employee", "peer"},
    "head": {"head", "supervisor", "employee", "peer"},
    "agency_admin": {"head", "supervisor", "employee", "peer"},
    "pimpinan": {"head", "supervisor", "employee", "peer"},
    "bkpsdm_admin": {"head", "supervisor", "employee", "peer", "outsider"},
    "auditor": {"head", "supervisor", "employee", "peer", "outsider"},
    "outsider": {"outsider"},
}
INSTANSI_VISIBLE = {
    "employee": {"pendidikan"},
    "supervisor": {"pendidikan"},
    "head": {"pendidikan"},
    "agency_admin": {"pendidikan"},
    "pimpinan": {"pendidikan"},
    "bkpsdm_admin": {"pendidikan", "kesehatan", "bkpsdm"},
    "auditor": {"pendidikan", "kesehatan", "bkpsdm"},
    "outsider": {"kesehatan"},
}
WRITERS = {
    # persona -> employees whose edit page they may open
    "agency_admin": {"head", "supervisor", "employee", "peer"},
    "bkpsdm_admin": {"head", "supervisor", "employee", "peer", "outsider"},
}
TARGETS = ["head", "supervisor", "employee", "peer", "outsider"]


def _client(cast, client_for, persona):
    return client_for(cast.user(persona))


@pytest.mark.parametrize("persona", PERSONAS)
def test_pegawai_detail_matrix(cast, client_for, persona):
    c = _client(cast, client_for, persona)
    for target in TARGETS:
        pk = getattr(cast, target).pk
        status = c.get(reverse("organisation:pegawai_detail", args=[pk])).status_code
        expected = 200 if target in PEGAWAI_VISIBLE[persona] else 404
        assert status == expected, f"{persona} → {target}: {status}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_pegawai_edit_matrix(cast, client_for, persona):
    c = _client(cast, client_for, persona)
    for target in TARGETS:
        pk = getattr(cast, target).pk
        status = c.get(reverse("organisation:pegawai_edit", args=[pk])).status_code
        expected = 200 if target in WRITERS.get(persona, set()) else 404
        assert status == expected, f"{persona} edits {target}: {status}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_instansi_detail_matrix(cast, client_for, persona):
    c = _client(cast, client_for, persona)
    for name in ("pendidikan", "kesehatan", "bkpsdm"):
        status = c.get(
            reverse("organisation:instansi_detail", args=[getattr(cast, name).pk])
        ).status_code
        expected = 200 if name in INSTANSI_VISIBLE[persona] else 404
        assert status == expected, f"{persona} → {name}: {status}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_unit_detail_follows_the_instansi_rule(cast, client_for, persona):
    c = _client(cast, client_for, persona)
    for unit, inst in (("bidang", "pendidikan"), ("puskesmas", "kesehatan")):
        status = c.get(
            reverse("organisation:unit_detail", args=[getattr(cast, unit).pk])
        ).status_code
        assert status == (200 if inst in INSTANSI_VISIBLE[persona] else 404), f"{persona} → {unit}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_employee_list_shows_exactly_the_visible_employees(cast, client_for, persona):
    body = (
        _client(cast, client_for, persona)
        .get(reverse("organisation:pegawai_list"))
        .content.decode()
    )
    for target in TARGETS:
        shown = getattr(cast, target).nip in body
        assert shown == (target in PEGAWAI_VISIBLE[persona]), (
            f"{persona} list shows {target}: {shown}"
        )


@pytest.mark.parametrize("persona", PERSONAS)
def test_audit_trail_is_for_auditors_only(cast, client_for, persona):
    status = _client(cast, client_for, persona).get(reverse("core:audit_list")).status_code
    assert status == (200 if persona == "auditor" else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_management_is_for_bkpsdm_only(cast, client_for, persona):
    status = _client(cast, client_for, persona).get(reverse("organisation:role_list")).status_code
    assert status == (200 if persona == "bkpsdm_admin" else 404)


def test_missing_and_forbidden_look_the_same(cast, client_for):
    c = client_for(cast.user("employee"))
    forbidden = c.get(reverse("organisation:pegawai_detail", args=[cast.outsider.pk]))
    missing = c.get(reverse("organisation:pegawai_detail", args=[999999]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


@pytest.mark.parametrize(
    "url",
    [
        "home",
        "organisation:instansi_list",
        "organisation:pegawai_list",
        "organisation:jabatan_list",
        "core:audit_list",
    ],
)
def test_anonymous_is_sent_to_login(client, cast, url):
    r = client.get(reverse(url))
    assert r.status_code == 302
    assert r.url.startswith(reverse("accounts:login"))


def test_a_superior_gains_access_by_hierarchy_not_by_flag(cast, client_for):
    """Making Oscar Budi's superior gives Oscar access to Budi with no role granted."""
    from kinerja.organisation import services

    url = reverse("organisation:pegawai_detail", args=[cast.employee.pk])
    assert client_for(cast.outsider.user).get(url).status_code == 404
    budi = cast.employee
    budi.atasan = cast.outsider
    services.pegawai_save(pegawai=budi, actor=cast.bkpsdm_admin)
    assert client_for(cast.outsider.user).get(url).status_code == 200
    # ...and Siti, no longer above Budi, loses it.
    assert client_for(cast.supervisor.user).get(url).status_code == 404


def test_inactive_superior_account_sees_only_through_active_record(cast, client_for):
    cast.supervisor.is_active = False
    cast.supervisor.save()
    r = client_for(cast.supervisor.user).get(
        reverse("organisation:pegawai_detail", args=[cast.employee.pk])
    )
    assert r.status_code == 404
