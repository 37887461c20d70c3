"""Who sees what through the API: every persona of the cast against every kind of object.

The expected sets restate the visibility rule of organisation/permissions.py in terms of the
story: Budi sees himself; Siti sees herself and her team; Hendra sees his whole line; Ani
(Admin Instansi) and Rudi (Pimpinan) see Dinas Pendidikan; Bima (Admin BKPSDM) and Audi
(Auditor) see the whole Pemda; Oscar (Dinas Kesehatan) sees only himself. A detail endpoint
answers 404 for anything outside the set, exactly as for an id that does not exist."""

from __future__ import annotations

import pytest

from kinerja.accounts.services import api_token_create
from kinerja.organisation.models import Pegawai

pytestmark = pytest.mark.django_db

PERSONAS = [
    "employee",  # Budi
    "supervisor",  # Siti
    "head",  # Hendra
    "agency_admin",  # Ani, Admin Instansi Disdik
    "pimpinan",  # Rudi, Pimpinan Disdik
    "bkpsdm_admin",  # Bima
    "auditor",  # Audi
    "outsider",  # Oscar, Dinkes
]
DISDIK_PEOPLE = {"head", "supervisor", "employee", "peer", "ani"}
EVERYONE = DISDIK_PEOPLE | {"outsider"}

VISIBLE_PEGAWAI = {
    "employee": {"employee"},
    "supervisor": {"supervisor", "employee", "peer"},
    "head": {"head", "supervisor", "employee", "peer"},
    "agency_admin": DISDIK_PEOPLE,
    "pimpinan": DISDIK_PEOPLE,
    "bkpsdm_admin": EVERYONE,
    "auditor": EVERYONE,
    "outsider": {"outsider"},
}
ALL_INSTANSI = {"pendidikan", "kesehatan", "bkpsdm"}
DISDIK_PERSONAS = {"employee", "supervisor", "head", "agency_admin", "pimpinan"}
VISIBLE_INSTANSI = {
    **dict.fromkeys(DISDIK_PERSONAS, {"pendidikan"}),
    "bkpsdm_admin": ALL_INSTANSI,
    "auditor": ALL_INSTANSI,
    "outsider": {"kesehatan"},
}
ALL_UNITS = {"sekretariat", "bidang", "puskesmas"}
VISIBLE_UNITS = {
    **dict.fromkeys(DISDIK_PERSONAS, {"sekretariat", "bidang"}),
    "bkpsdm_admin": ALL_UNITS,
    "auditor": ALL_UNITS,
    "outsider": {"puskesmas"},
}
ALL_JABATAN = {"J-KADIS", "J-KABID", "J-STAF", "J-PRWT"}
VISIBLE_JABATAN = {
    **dict.fromkeys(DISDIK_PERSONAS, {"J-KADIS", "J-KABID", "J-STAF"}),
    "bkpsdm_admin": ALL_JABATAN,
    "auditor": ALL_JABATAN,
    "outsider": {"J-PRWT"},
}


def pegawai_of(cast, key: str) -> Pegawai:
    if key == "ani":
        return Pegawai.objects.get(user=cast.agency_admin)
    return getattr(cast, key)


def ids(response) -> set[int]:
    body = response.json()
    assert response.status_code == 200, body
    rows = body["results"] if isinstance(body, dict) else body
    return {row["id"] for row in rows}


@pytest.fixture(params=["session", "token"])
def api_for(request, cast, client_for, client):
    """`api_for(persona)` is a client for that persona, logged in by session or by token."""

    def make(persona: str):
        user = cast.user(persona)
        if request.param == "session":
            return client_for(user)
        _token, key = api_token_create(user=user, name="test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client

    return make


# ---------------------------------------------------------------- employees


@pytest.mark.parametrize("persona", PERSONAS)
def test_pegawai_list_returns_exactly_the_visible_people(cast, api_for, persona):
    response = api_for(persona).get("/api/v1/pegawai?page_size=500")
    expected = {pegawai_of(cast, k).pk for k in VISIBLE_PEGAWAI[persona]}
    assert ids(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("target", sorted(EVERYONE))
def test_pegawai_detail_is_200_when_visible_and_404_otherwise(cast, client_for, persona, target):
    pegawai = pegawai_of(cast, target)
    response = client_for(cast.user(persona)).get(f"/api/v1/pegawai/{pegawai.pk}")
    if target in VISIBLE_PEGAWAI[persona]:
        assert response.status_code == 200
        assert response.json()["nip"] == pegawai.nip
    else:
        assert response.status_code == 404
        assert response.json() == {"error": {"code": "not_found", "message": "Tidak ditemukan."}}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("target", sorted(EVERYONE))
def test_bawahan_lists_visible_direct_reports_or_404(cast, client_for, persona, target):
    pegawai = pegawai_of(cast, target)
    response = client_for(cast.user(persona)).get(f"/api/v1/pegawai/{pegawai.pk}/bawahan")
    if target not in VISIBLE_PEGAWAI[persona]:
        assert response.status_code == 404
        return
    expected = {
        p.pk
        for p in Pegawai.objects.filter(atasan=pegawai)
        if any(p.pk == pegawai_of(cast, k).pk for k in VISIBLE_PEGAWAI[persona])
    }
    assert ids(response) == expected


def test_supervisor_sees_her_team_as_bawahan(cast, client_for):
    response = client_for(cast.supervisor).get(f"/api/v1/pegawai/{cast.supervisor.pk}/bawahan")
    assert ids(response) == {cast.employee.pk, cast.peer.pk}


def test_employee_cannot_open_his_supervisor_but_sees_her_on_his_own_record(cast, client_for):
    client = client_for(cast.employee)
    assert client.get(f"/api/v1/pegawai/{cast.supervisor.pk}").status_code == 404
    mine = client.get(f"/api/v1/pegawai/{cast.employee.pk}").json()
    assert mine["atasan"]["id"] == cast.supervisor.pk
    assert mine["atasan"]["jabatan"]["code"] == "J-KABID"


# ---------------------------------------------------------------- agencies, units, positions


@pytest.mark.parametrize("persona", PERSONAS)
def test_instansi_list_and_detail_follow_visibility(cast, api_for, persona):
    client = api_for(persona)
    expected = VISIBLE_INSTANSI[persona]
    assert ids(client.get("/api/v1/instansi")) == {getattr(cast, k).pk for k in expected}
    for key in ALL_INSTANSI:
        instansi = getattr(cast, key)
        detail = client.get(f"/api/v1/instansi/{instansi.pk}")
        tree = client.get(f"/api/v1/instansi/{instansi.pk}/units")
        if key in expected:
            assert detail.status_code == 200 and detail.json()["code"] == instansi.code
            assert ids(tree) == set(instansi.units.values_list("pk", flat=True))
        else:
            assert detail.status_code == 404, key
            assert tree.status_code == 404, key


@pytest.mark.parametrize("persona", PERSONAS)
def test_unit_list_and_detail_follow_visibility(cast, api_for, persona):
    client = api_for(persona)
    expected = VISIBLE_UNITS[persona]
    assert ids(client.get("/api/v1/units")) == {getattr(cast, k).pk for k in expected}
    for key in ALL_UNITS:
        status = client.get(f"/api/v1/units/{getattr(cast, key).pk}").status_code
        assert status == (200 if key in expected else 404), key


@pytest.mark.parametrize("persona", PERSONAS)
def test_jabatan_list_and_detail_follow_visibility(cast, api_for, persona):
    client = api_for(persona)
    body = client.get("/api/v1/jabatan").json()
    assert {row["code"] for row in body["results"]} == VISIBLE_JABATAN[persona]
    from kinerja.organisation.models import Jabatan

    for jabatan in Jabatan.objects.all():
        status = client.get(f"/api/v1/jabatan/{jabatan.pk}").status_code
        assert status == (200 if jabatan.code in VISIBLE_JABATAN[persona] else 404), jabatan.code


def test_unit_tree_names_only_heads_the_user_may_see(cast, client_for):
    def heads(who):
        tree = client_for(who).get(f"/api/v1/instansi/{cast.pendidikan.pk}/units").json()
        return {row["id"]: (row["head"] or {}).get("id") for row in tree}

    # Hendra sees his own line: both heads. Budi sees only himself: no head is named.
    assert heads(cast.head) == {
        cast.sekretariat.pk: cast.head.pk,
        cast.bidang.pk: cast.supervisor.pk,
    }
    assert heads(cast.employee) == {cast.sekretariat.pk: None, cast.bidang.pk: None}


def test_filters_cannot_widen_what_a_user_sees(cast, client_for):
    client = client_for(cast.outsider)
    assert ids(client.get(f"/api/v1/pegawai?instansi_id={cast.pendidikan.pk}")) == set()
    assert ids(client.get(f"/api/v1/pegawai?unit_id={cast.bidang.pk}")) == set()
    assert ids(client.get(f"/api/v1/pegawai?atasan_id={cast.supervisor.pk}&active=all")) == set()
    assert ids(client.get(f"/api/v1/units?instansi_id={cast.pendidikan.pk}")) == set()
    assert ids(client.get(f"/api/v1/jabatan?instansi_id={cast.pendidikan.pk}")) == set()


# ---------------------------------------------------------------- who am I


def test_me_describes_the_employee(cast, client_for):
    body = client_for(cast.employee).get("/api/v1/me").json()
    assert body["user"]["username"] == cast.employee.nip
    assert body["pegawai"]["id"] == cast.employee.pk
    assert body["pegawai"]["atasan"]["id"] == cast.supervisor.pk
    assert body["roles"] == []
    assert body["is_atasan"] is False


def test_me_shows_the_supervisor_as_atasan(cast, client_for):
    assert client_for(cast.supervisor).get("/api/v1/me").json()["is_atasan"] is True


def test_me_lists_granted_roles_with_their_scope(cast, client_for):
    body = client_for(cast.agency_admin).get("/api/v1/me").json()
    assert body["roles"] == [
        {
            "code": "admin_instansi",
            "label": "Admin Instansi",
            "instansi_id": cast.pendidikan.pk,
            "instansi_name": "Dinas Pendidikan",
        }
    ]
    bima = client_for(cast.bkpsdm_admin).get("/api/v1/me").json()
    assert bima["pegawai"] is None
    assert [r["code"] for r in bima["roles"]] == ["admin_bkpsdm"]
    assert bima["roles"][0]["instansi_id"] is None
