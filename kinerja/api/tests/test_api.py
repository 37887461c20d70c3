"""The API as a whole: authentication, the one error shape, OpenAPI and docs, pagination,
filters, and query counts that do not grow with the data."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kinerja.accounts.services import api_token_create, api_token_revoke
from kinerja.organisation import api as organisation_api
from kinerja.organisation.models import Pegawai, Penugasan
from kinerja.organisation.tests.factories import (
    JabatanFactory,
    PegawaiFactory,
    UnitFactory,
    make_nip,
)

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/me",
    "/api/v1/instansi",
    "/api/v1/instansi/{instansi_id}",
    "/api/v1/instansi/{instansi_id}/units",
    "/api/v1/units",
    "/api/v1/units/{unit_id}",
    "/api/v1/jabatan",
    "/api/v1/jabatan/{jabatan_id}",
    "/api/v1/pegawai",
    "/api/v1/pegawai/{pegawai_id}",
    "/api/v1/pegawai/{pegawai_id}/bawahan",
]


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert set(body["error"]) <= {"code", "message", "details"}
    return body["error"]


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


# ---------------------------------------------------------------- authentication


def test_no_credentials_is_401_in_the_error_shape(client):
    response = client.get("/api/v1/pegawai")
    assert_error(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_from_the_profile_page_authenticates(cast, client):
    _token, key = api_token_create(user=cast.employee.user, name="integrasi")
    response = client.get("/api/v1/me", **bearer(key))
    assert response.status_code == 200
    assert response.json()["pegawai"]["id"] == cast.employee.pk


def test_a_revoked_token_is_401(cast, client):
    token, key = api_token_create(user=cast.employee.user, name="integrasi")
    api_token_revoke(token=token, actor=cast.employee.user)
    assert_error(client.get("/api/v1/me", **bearer(key)), 401, "unauthenticated")


def test_an_expired_token_is_401(cast, client):
    past = timezone.now() - datetime.timedelta(minutes=1)
    _token, key = api_token_create(user=cast.employee.user, name="lama", expires_at=past)
    assert_error(client.get("/api/v1/me", **bearer(key)), 401, "unauthenticated")


def test_a_token_of_a_deactivated_account_is_401(cast, client):
    _token, key = api_token_create(user=cast.employee.user, name="integrasi")
    cast.employee.user.is_active = False
    cast.employee.user.save()
    assert_error(client.get("/api/v1/me", **bearer(key)), 401, "unauthenticated")


@pytest.mark.parametrize(
    "header", ["Bearer knj_garbage", "Bearer nonsense", "Bearer ", "Bearer", "Basic dXNlcjpwdw=="]
)
def test_garbage_credentials_are_401(cast, client, header):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert_error(response, 401, "unauthenticated")


def test_a_bad_token_is_401_even_with_a_valid_session(cast, client_for):
    client = client_for(cast.employee)
    assert client.get("/api/v1/me").status_code == 200
    assert_error(client.get("/api/v1/me", **bearer("knj_garbage")), 401, "unauthenticated")


def test_a_token_acts_as_its_owner_not_as_the_session_user(cast, client_for):
    _token, key = api_token_create(user=cast.outsider.user, name="oscar")
    body = client_for(cast.employee).get("/api/v1/me", **bearer(key)).json()
    assert body["pegawai"]["id"] == cast.outsider.pk


def test_the_api_is_read_only_post_is_405_in_the_error_shape(cast, client_for):
    # The API has no unsafe method yet, so nothing can be forged across sites; a POST (with or
    # without a CSRF token) gets a JSON 405 rather than Django's CSRF page.
    client = client_for(cast.employee)
    client.handler.enforce_csrf_checks = True
    for url in ["/api/v1/pegawai", f"/api/v1/pegawai/{cast.employee.pk}", "/api/v1/me"]:
        response = client.post(url, {})
        error = assert_error(response, 405, "method_not_allowed")
        assert "POST" in error["message"]
        assert response["Allow"] == "GET"
    assert_error(client.delete(f"/api/v1/units/{cast.bidang.pk}"), 405, "method_not_allowed")
    assert_error(client.post("/api/v1/openapi.json"), 405, "method_not_allowed")


# ---------------------------------------------------------------- the error shape


def test_an_unknown_path_is_a_json_404(cast, client_for):
    client = client_for(cast.employee)
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(client.get("/api/v1/"), 404, "not_found")
    assert_error(client.get("/api/v1/pegawai/"), 404, "not_found")  # no trailing slashes


def test_a_missing_object_is_a_json_404(cast, client_for):
    client = client_for(cast.bkpsdm_admin)
    for url in ["/api/v1/instansi/999999", "/api/v1/units/999999", "/api/v1/jabatan/999999",
                "/api/v1/pegawai/999999", "/api/v1/pegawai/999999/bawahan",
                "/api/v1/instansi/999999/units"]:  # fmt: skip
        assert_error(client.get(url), 404, "not_found")


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/pegawai?page=abc", "page"),
        ("/api/v1/pegawai?page=0", "page"),
        ("/api/v1/pegawai?page=-1", "page"),
        ("/api/v1/pegawai?page_size=-1", "page_size"),
        ("/api/v1/pegawai?page_size=0", "page_size"),
        ("/api/v1/pegawai?page_size=501", "page_size"),
        ("/api/v1/instansi?page=99999999999999999999", "page"),
        ("/api/v1/pegawai?kind=ASN", "kind"),
        ("/api/v1/pegawai?golongan=18", "golongan"),
        ("/api/v1/pegawai?active=maybe", "active"),
        ("/api/v1/pegawai?instansi_id=x", "instansi_id"),
        ("/api/v1/pegawai?q=" + "a" * 101, "q"),
        ("/api/v1/jabatan?level=jenderal", "level"),
        ("/api/v1/units?parent_id=0", "parent_id"),
        ("/api/v1/pegawai/abc", "pegawai_id"),
        ("/api/v1/pegawai/0", "pegawai_id"),
        ("/api/v1/instansi/99999999999999999999999", "instansi_id"),
    ],
)
def test_bad_input_is_422_naming_the_parameter(cast, client_for, url, field):
    error = assert_error(client_for(cast.bkpsdm_admin).get(url), 422, "invalid")
    assert field in error["message"]
    assert [d["loc"][-1] for d in error["details"]] == [field]


def test_an_empty_filter_value_is_invalid_not_ignored(cast, client_for):
    # The schema says `kind` is PNS or PPPK and `unit_id` a number: "" is neither.
    error = assert_error(
        client_for(cast.bkpsdm_admin).get("/api/v1/pegawai?kind=&unit_id="), 422, "invalid"
    )
    assert {d["loc"][-1] for d in error["details"]} == {"kind", "unit_id"}


def test_a_validation_error_from_a_service_is_422(cast, client_for, monkeypatch):
    def refuse(*args, **kwargs):
        raise ValidationError({"unit": ["Unit kerja harus dari instansi pegawai."]})

    monkeypatch.setattr(organisation_api, "pegawai_list_for_user", refuse)
    error = assert_error(client_for(cast.employee).get("/api/v1/pegawai"), 422, "invalid")
    assert error["message"] == "Unit kerja harus dari instansi pegawai."
    assert error["details"] == {"unit": ["Unit kerja harus dari instansi pegawai."]}


def test_an_unexpected_exception_is_a_logged_generic_500(cast, client_for, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(organisation_api, "instansi_list_for_user", explode)
    with caplog.at_level(logging.ERROR, logger="kinerja.api"):
        response = client_for(cast.employee).get("/api/v1/instansi")
    error = assert_error(response, 500, "server_error")
    assert "secret" not in error["message"]
    assert any("secret internal detail" in str(r.exc_info) for r in caplog.records)


def test_control_characters_in_the_search_are_harmless(cast, client_for):
    response = client_for(cast.bkpsdm_admin).get("/api/v1/pegawai?q=%00Budi%0a")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [cast.employee.pk]


# ---------------------------------------------------------------- OpenAPI and docs


def test_openapi_is_3_1_and_lists_the_organisation_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    # Other apps mount their routers too; these are the ones this file is about.
    assert set(ENDPOINTS) <= set(schema["paths"])
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}
    assert "Error" in schema["components"]["schemas"]
    detail = schema["paths"]["/api/v1/pegawai/{pegawai_id}"]["get"]
    assert {"200", "401", "404", "422"} <= set(detail["responses"])
    assert detail["tags"] == ["organisasi"]


def test_openapi_is_a_valid_document(client):
    definitions = pytest.importorskip("schemathesis.specs.openapi.definitions")
    schema = client.get("/api/v1/openapi.json").json()
    errors = [str(e) for e in definitions.OPENAPI_31_VALIDATOR.iter_errors(schema)]
    assert errors == []


def test_docs_page_uses_local_assets_only(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode().lower()
    for cdn in ("cdn", "unpkg", "jsdelivr", "https://"):
        assert cdn not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert '"validatorurl": null' in html  # no call to validator.swagger.io
    # Swagger UI runs under the site's strict content policy: no exception is needed.
    assert "script-src 'self'" in response["Content-Security-Policy"]


# ---------------------------------------------------------------- pagination and filters


def test_pages_share_one_envelope(cast, client_for):
    client = client_for(cast.bkpsdm_admin)
    first = client.get("/api/v1/pegawai?page_size=4").json()
    assert set(first) == {"count", "page", "page_size", "results"}
    assert (first["count"], first["page"], first["page_size"]) == (6, 1, 4)
    assert len(first["results"]) == 4
    second = client.get("/api/v1/pegawai?page_size=4&page=2").json()
    assert len(second["results"]) == 2
    names = [r["name"] for r in first["results"] + second["results"]]
    assert names == sorted(names)
    beyond = client.get("/api/v1/pegawai?page_size=4&page=9").json()
    assert (beyond["count"], beyond["results"]) == (6, [])


def test_page_size_defaults_to_50(cast, client_for):
    for url in ["/api/v1/instansi", "/api/v1/units", "/api/v1/jabatan", "/api/v1/pegawai",
                f"/api/v1/pegawai/{cast.head.pk}/bawahan"]:  # fmt: skip
        assert client_for(cast.bkpsdm_admin).get(url).json()["page_size"] == 50


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


def test_pegawai_filters(cast, client_for):
    client = client_for(cast.bkpsdm_admin)

    def get(query: str) -> set[str]:
        return names(client.get(f"/api/v1/pegawai?{query}"))

    assert get("q=santo") == {"Budi Santoso"}
    assert get(f"q={cast.outsider.nip[:10]}") == {"Oscar Pratama"}
    assert get(f"instansi_id={cast.kesehatan.pk}") == {"Oscar Pratama"}
    # A unit includes its sub-units: Sekretariat holds Hendra and Ani, Bidang (under it) the team.
    assert get(f"unit_id={cast.sekretariat.pk}") == {
        "Hendra Wijaya", "Ani Kusuma", "Siti Rahmawati", "Budi Santoso", "Dewi Lestari"
    }  # fmt: skip
    assert get(f"unit_id={cast.bidang.pk}") == {"Siti Rahmawati", "Budi Santoso", "Dewi Lestari"}
    assert get("jabatan_kind=JF") == {"Oscar Pratama"}
    assert get(f"golongan={cast.employee.golongan}") >= {"Budi Santoso"}
    assert get(f"atasan_id={cast.supervisor.pk}") == {"Budi Santoso", "Dewi Lestari"}
    assert get("kind=PPPK") == set()
    Pegawai.objects.filter(pk=cast.peer.pk).update(is_active=False)
    assert get(f"atasan_id={cast.supervisor.pk}") == {"Budi Santoso"}
    assert get(f"atasan_id={cast.supervisor.pk}&active=false") == {"Dewi Lestari"}
    assert get(f"atasan_id={cast.supervisor.pk}&active=all") == {"Budi Santoso", "Dewi Lestari"}


def test_unit_and_jabatan_filters(cast, client_for):
    client = client_for(cast.bkpsdm_admin)
    assert names(client.get(f"/api/v1/units?instansi_id={cast.kesehatan.pk}")) == {
        "Puskesmas Sukamaju"
    }
    assert names(client.get(f"/api/v1/units?parent_id={cast.sekretariat.pk}")) == {
        "Bidang Pembinaan SD"
    }

    def jabatan(query: str) -> set[str]:
        return {r["code"] for r in client.get(f"/api/v1/jabatan?{query}").json()["results"]}

    assert jabatan("kind=JPT") == {"J-KADIS"}
    assert jabatan("level=pelaksana") == {"J-STAF"}
    assert jabatan(f"unit_id={cast.bidang.pk}") == {"J-KABID", "J-STAF"}
    assert jabatan(f"instansi_id={cast.kesehatan.pk}") == {"J-PRWT"}
    assert jabatan(f"instansi_id={cast.pendidikan.pk}&kind=JA&level=administrator") == {"J-KABID"}


def test_pegawai_detail_shows_post_golongan_atasan_and_history(cast, client_for):
    Penugasan.objects.create(
        pegawai=cast.employee, instansi=cast.pendidikan, unit=cast.bidang,
        jabatan=cast.employee.jabatan, atasan=cast.supervisor, start_date=datetime.date(2024, 1, 2),
        note="SK 800/1/2024",
    )  # fmt: skip
    Penugasan.objects.create(
        pegawai=cast.employee, kind="plt", instansi=cast.pendidikan, unit=cast.bidang,
        jabatan=cast.supervisor.jabatan, atasan=cast.head, start_date=datetime.date(2024, 6, 1),
        end_date=datetime.date(2024, 6, 30),
    )  # fmt: skip
    body = client_for(cast.supervisor).get(f"/api/v1/pegawai/{cast.employee.pk}").json()
    assert body["jabatan"]["code"] == "J-STAF"
    assert body["unit"]["id"] == cast.bidang.pk
    assert body["instansi"]["code"] == "DISDIK"
    assert body["golongan_label"] == cast.employee.golongan_display
    assert body["golongan_label"].startswith(("III/", "IV/"))
    assert body["atasan"]["id"] == cast.supervisor.pk
    assert [h["kind"] for h in body["history"]] == ["plt", "definitif"]  # newest first
    assert body["history"][0]["kind_label"] == "Pelaksana Tugas (Plt)"
    assert body["history"][0]["end_date"] == "2024-06-30"
    assert body["history"][1]["note"] == "SK 800/1/2024"


def test_unit_tree_is_flat_in_path_order_with_counts(cast, client_for):
    tree = client_for(cast.agency_admin).get(f"/api/v1/instansi/{cast.pendidikan.pk}/units").json()
    assert [(n["id"], n["parent_id"], n["depth"]) for n in tree] == [
        (cast.sekretariat.pk, None, 0),
        (cast.bidang.pk, cast.sekretariat.pk, 1),
    ]
    assert [(n["employee_count"], n["total_count"]) for n in tree] == [(2, 5), (3, 3)]
    assert tree[1]["path"] == f"/{cast.sekretariat.pk}/{cast.bidang.pk}/"


# ---------------------------------------------------------------- query counts


def grow(cast, n: int) -> None:
    """n more people in Siti's team, each in a new sub-unit with a new position; PPPK mixed in."""
    for i in range(n):
        unit = UnitFactory(instansi=cast.pendidikan, parent=cast.bidang)
        jabatan = JabatanFactory(instansi=cast.pendidikan, unit=unit)
        PegawaiFactory(nip=make_nip(1000 + i), instansi=cast.pendidikan, unit=unit, jabatan=jabatan,
                       atasan=cast.supervisor, golongan=1 + i % 17)  # fmt: skip


# (url, whether its rows grow with `grow`)
LIST_URLS = [
    ("/api/v1/instansi", False),
    ("/api/v1/instansi/{pendidikan}/units", True),
    ("/api/v1/units", True),
    ("/api/v1/jabatan", True),
    ("/api/v1/pegawai", True),
    ("/api/v1/pegawai?unit_id={bidang}&q=Pegawai", True),
    ("/api/v1/pegawai/{supervisor}/bawahan", True),
]
# Session and user (2) + the user's access: roles, own record, has subordinates (3) + a count
# and a page (2) + one for the unit filter or the parent object of a nested list.
MAX_QUERIES = 8


@pytest.mark.parametrize("size", [0, 30])
@pytest.mark.parametrize("persona", ["supervisor", "bkpsdm_admin"])
@pytest.mark.parametrize("url, grows", LIST_URLS)
def test_list_queries_do_not_grow_with_the_data(
    cast, client_for, django_assert_max_num_queries, size, persona, url, grows
):
    grow(cast, size)
    client = client_for(cast.user(persona))
    url = url.format(
        pendidikan=cast.pendidikan.pk, bidang=cast.bidang.pk, supervisor=cast.supervisor.pk
    )
    url += ("&" if "?" in url else "?") + "page_size=500"
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    rows = body if isinstance(body, list) else body["results"]
    assert len(rows) >= (size if grows else 1)


@pytest.mark.parametrize("size", [0, 30])
def test_pegawai_detail_queries_do_not_grow_with_history(
    cast, client_for, django_assert_max_num_queries, size
):
    for i in range(size):
        Penugasan.objects.create(
            pegawai=cast.employee, instansi=cast.pendidikan, unit=cast.bidang,
            jabatan=cast.employee.jabatan, atasan=cast.supervisor,
            start_date=datetime.date(2000 + i % 20, 1 + i % 12, 1),
        )  # fmt: skip
    client = client_for(cast.supervisor)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(f"/api/v1/pegawai/{cast.employee.pk}")
    assert len(response.json()["history"]) == size


def test_token_auth_adds_a_bounded_number_of_queries(cast, client, django_assert_max_num_queries):
    grow(cast, 20)
    _token, key = api_token_create(user=cast.bkpsdm_admin, name="bulk")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/api/v1/pegawai?page_size=500", **bearer(key))
    assert response.json()["count"] == 26
