"""The planning REST API: the SKP workflow told through tokens, who may do what (404 for what one
may not see, 403 for what one may see but not do), every bad input of issue 3 item 9 as a 422
that writes nothing, the OpenAPI document, and query counts that do not grow."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import get_args

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kinerja.accounts.services import api_token_create
from kinerja.core.models import AuditLog
from kinerja.planning import api as planning_api
from kinerja.planning import choices, services
from kinerja.planning.models import Indicator, OrgTarget, Rhk, Skp, SkpTransition

pytestmark = pytest.mark.django_db

API = "/api/v1"


class Api:
    """A JSON client acting with a personal access token."""

    def __init__(self, user):
        _token, key = api_token_create(user=user, name="test")
        self.client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")

    def _send(self, method, url, data=None):
        body = json.dumps(data) if data is not None else None
        kwargs = {"content_type": "application/json"} if body is not None else {}
        return getattr(self.client, method)(API + url, body, **kwargs)

    def get(self, url):
        return self.client.get(API + url)

    def post(self, url, data=None):
        return self._send("post", url, data if data is not None else {})

    def patch(self, url, data):
        return self._send("patch", url, data)

    def put(self, url, data):
        return self._send("put", url, data)

    def delete(self, url):
        return self.client.delete(API + url)


@pytest.fixture
def api(cast):
    def make(who):
        return Api(getattr(who, "user", None) or who)

    return make


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json() if response.content else None


def error(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def ind(rhk, **kw):
    data = {"rhk": rhk, "text": "Jumlah sekolah dibina", "target_value": Decimal(12),
            "target_unit": "sekolah"}  # fmt: skip
    data.update(kw)
    return Indicator(**data)


def full_siti(cast, plans):
    rhk = services.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="Terbinanya SD", parent=plans["top"]),
        actor=cast.supervisor.user,
    )
    services.indicator_save(indicator=ind(rhk), actor=cast.supervisor.user)
    return rhk


@pytest.fixture
def budi(cast, year):
    return services.skp_create(pegawai=cast.employee, year=year, actor=cast.employee.user)


def snapshot_counts():
    return (Skp.objects.count(), Rhk.objects.count(), Indicator.objects.count(),
            SkpTransition.objects.count(), AuditLog.objects.count())  # fmt: skip


INDICATOR = {"aspek": "kuantitas", "text": "Jumlah SD dibina", "target_value": "12",
             "target_unit": "sekolah"}  # fmt: skip


# ---------------------------------------------------------------- the story


def test_the_whole_workflow_through_the_api_with_tokens(cast, year, api):
    hendra, siti = api(cast.head), api(cast.supervisor)
    # Hendra plans first: his SKP and a result.
    h = ok(hendra.post("/skp", {"year_id": year.pk}), 201)
    assert (h["pegawai"]["id"], h["status"], h["rater"]) == (cast.head.pk, "draft", None)
    top = ok(hendra.post(f"/skp/{h['id']}/rhk", {"text": "Meningkatnya partisipasi SD"}), 201)
    ok(hendra.post(f"/rhk/{top['id']}/indicators", {**INDICATOR, "text": "APM SD",
                                                     "target_value": "98", "target_unit": "persen"}), 201)  # fmt: skip

    # Siti creates hers: the rater is Hendra, snapshotted from her record.
    s = ok(siti.post("/skp", {"year_id": year.pk, "approach": "kuantitatif"}), 201)
    assert s["rater"]["id"] == cast.head.pk and s["pdf_url"].endswith(f"/skp/{s['id']}/pdf/")
    assert len(s["behaviours"]) == 7 and len(s["behaviours"][0]["guides"]) == 3
    options = ok(siti.get(f"/skp/{s['id']}/parent-options"))
    assert [o["id"] for o in options] == [top["id"]]
    rhk = ok(
        siti.post(f"/skp/{s['id']}/rhk", {"text": "Terbinanya SD", "parent_id": top["id"]}), 201
    )
    assert rhk["link_kind"] == "parent" and rhk["parent"]["pegawai"]["id"] == cast.head.pk
    indicator = ok(siti.post(f"/rhk/{rhk['id']}/indicators", INDICATOR), 201)
    assert indicator["target_display"] == "12 sekolah" and indicator["target_value"] == "12.00"
    ok(siti.patch(f"/skp/{s['id']}", {"konsekuensi": "Teguran tertulis"}))
    assert ok(siti.post(f"/skp/{s['id']}/submit"))["status"] == "submitted"

    # Hendra returns it: a note is required.
    err = error(hendra.post(f"/skp/{s['id']}/return", {}), 422, "invalid")
    assert "catatan" in err["message"] and "note" in err["details"]
    assert Skp.objects.get(pk=s["id"]).status == "submitted"
    returned = ok(hendra.post(f"/skp/{s['id']}/return", {"note": "Tambahkan target akreditasi"}))
    assert returned["status"] == "returned"

    # Siti fixes and resubmits; Hendra approves.
    ok(siti.patch(f"/indicators/{indicator['id']}", {"target_value": "20"}))
    ok(siti.post(f"/skp/{s['id']}/submit"))
    ok(hendra.put(f"/skp/{s['id']}/expectations",
                  {"expectations": {str(s["behaviours"][1]["value_id"]): "Laporan tepat waktu"}}))  # fmt: skip
    approved = ok(hendra.post(f"/skp/{s['id']}/approve", {"note": "Baik"}))
    assert approved["status"] == "approved" and approved["approved_at"]
    assert approved["behaviours"][1]["expectation"] == "Laporan tepat waktu"
    assert approved["rhks"][0]["indicators"][0]["target_display"] == "20 sekolah"
    assert [(t["from_status"], t["to_status"], t["note"]) for t in approved["transitions"]] == [
        ("", "draft", ""),
        ("draft", "submitted", ""),
        ("submitted", "returned", "Tambahkan target akreditasi"),
        ("returned", "submitted", ""),
        ("submitted", "approved", "Baik"),
    ]
    assert approved["transitions"][-1]["actor"] == cast.head.user.get_full_name()
    assert ok(siti.get(f"/skp/{s['id']}"))["can_edit"] is False

    # A change now needs a revision: a new draft version; the approved one stays.
    rev = ok(siti.post(f"/skp/{s['id']}/revise"), 201)
    assert (rev["version"], rev["status"], rev["revision_of_id"]) == (2, "draft", s["id"])
    assert rev["rhks"][0]["parent"]["id"] == top["id"] and rev["can_edit"] is True


def test_a_provisional_rhk_is_linked_later_and_results_can_be_removed(cast, plans, budi, api):
    b, s = api(cast.employee), api(cast.supervisor)
    draft = ok(b.post(f"/skp/{budi.pk}/rhk", {"text": "Data pokok mutakhir"}), 201)
    assert draft["link_kind"] == "provisional" and draft["is_provisional"]
    assert ok(b.get(f"/skp/{budi.pk}/parent-options")) == []  # Siti has not written hers yet
    siti_rhk = full_siti(cast, plans)
    assert [o["id"] for o in ok(b.get(f"/skp/{budi.pk}/parent-options"))] == [siti_rhk.pk]
    linked = ok(s.post(f"/rhk/{draft['id']}/link", {"parent_id": siti_rhk.pk}))  # the rater links
    assert linked["parent"]["id"] == siti_rhk.pk and not linked["is_provisional"]
    i = ok(b.post(f"/rhk/{draft['id']}/indicators", INDICATOR), 201)
    assert ok(b.delete(f"/indicators/{i['id']}"), 204) is None
    assert not Indicator.objects.filter(pk=i["id"]).exists()
    ok(
        b.patch(
            f"/rhk/{draft['id']}", {"text": "Data pokok pendidikan mutakhir", "kind": "tambahan"}
        )
    )
    assert Rhk.objects.get(pk=draft["id"]).kind == "tambahan"
    assert ok(b.delete(f"/rhk/{draft['id']}"), 204) is None
    assert not Rhk.objects.filter(pk=draft["id"]).exists()


def test_the_top_leader_links_an_org_target_and_a_team_lead_assigns(cast, year, plans, api):
    target = services.org_target_save(
        target=OrgTarget(year=year, code="SS-1", goal="Akses pendidikan", indicator="APM SD",
                         target_value=Decimal(98), target_unit="persen"),
        actor=cast.agency_admin,
    )  # fmt: skip
    dinkes = services.year_create(instansi=cast.kesehatan, year=2026, actor=cast.bkpsdm_admin)
    foreign = services.org_target_save(
        target=OrgTarget(year=dinkes, code="SS-9", goal="Gizi", indicator="Stunting",
                         target_text="Turun"),
        actor=cast.bkpsdm_admin,
    )  # fmt: skip
    h, hendra = api(cast.head), plans["hendra"].pk
    years = ok(h.get(f"/years/{year.pk}"))
    assert [t["code"] for t in years["targets"]] == ["SS-1"]
    rhk = ok(
        h.post(f"/skp/{hendra}/rhk", {"text": "Akses merata", "org_target_id": target.pk}), 201
    )
    assert rhk["link_kind"] == "org_target" and rhk["org_target"]["code"] == "SS-1"
    err = error(h.post(f"/skp/{hendra}/rhk", {"text": "x", "org_target_id": foreign.pk}), 422)
    assert "org_target_id" in err["details"]  # another agency's target is not found
    assigned = ok(
        api(cast.supervisor).post(
            f"/skp/{plans['siti'].pk}/rhk",
            {"text": "Tim stunting", "assigned_by_id": cast.outsider.pk, "assignment_note": "SK"},
        ),
        201,
    )
    assert assigned["link_kind"] == "assignment"
    assert assigned["assigned_by"]["id"] == cast.outsider.pk


def test_hand_down_through_the_api(cast, plans, api):
    siti_rhk = full_siti(cast, plans)
    s = api(cast.supervisor)
    body = ok(s.post("/rhk/hand-down", {"rhk_ids": [siti_rhk.pk],
                                         "pegawai_ids": [cast.employee.pk, cast.peer.pk]}))  # fmt: skip
    assert sorted(r["pegawai"]["id"] for r in body["created"]) == sorted(
        [cast.employee.pk, cast.peer.pk]
    )
    assert all(r["parent_id"] == siti_rhk.pk for r in body["created"]) and body["skipped"] == []
    # Someone else's RHK, or a person she cannot see, is not found.
    error(
        s.post("/rhk/hand-down", {"rhk_ids": [plans["top"].pk], "pegawai_ids": [cast.employee.pk]}),
        404,
    )
    error(
        s.post("/rhk/hand-down", {"rhk_ids": [siti_rhk.pk], "pegawai_ids": [cast.outsider.pk]}), 404
    )
    error(s.post("/rhk/hand-down", {"rhk_ids": [], "pegawai_ids": [cast.employee.pk]}), 422)


def test_years_list_and_detail(cast, year, api):
    services.year_create(instansi=cast.kesehatan, year=2026, actor=cast.bkpsdm_admin)
    rows = ok(api(cast.employee).get("/years"))
    assert [r["id"] for r in rows["results"]] == [year.pk]
    assert ok(api(cast.bkpsdm_admin).get("/years?year=2026"))["count"] == 2
    detail = ok(api(cast.employee).get(f"/years/{year.pk}"))
    assert len(detail["periods"]) == 12 and detail["periods"][0]["name"] == "Januari"
    error(api(cast.outsider).get(f"/years/{year.pk}"), 404, "not_found")


def test_skp_list_filters(cast, plans, budi, api):
    services.year_create(instansi=cast.pendidikan, year=2027, actor=cast.agency_admin)
    full_siti(cast, plans)
    services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    admin = api(cast.agency_admin)

    def ids(query):
        return {r["id"] for r in ok(admin.get(f"/skp?{query}"))["results"]}

    everyone = {plans["hendra"].pk, plans["siti"].pk, budi.pk}
    assert ids("") == everyone and ids("year=2026") == everyone and ids("year=2027") == set()
    assert ids(f"pegawai_id={cast.employee.pk}") == {budi.pk}
    assert ids("status=submitted") == {plans["siti"].pk}
    assert ids("status=") == everyone  # an empty filter is no filter
    assert {r["id"] for r in ok(api(cast.supervisor).get("/skp?rater=me"))["results"]} == {budi.pk}
    assert {r["id"] for r in ok(api(cast.head).get("/skp?rater=me"))["results"]} == {
        plans["siti"].pk
    }
    assert ok(admin.get("/skp?rater=me"))["count"] == 0
    error(admin.get("/skp?status=bogus"), 422, "invalid")
    row = ok(admin.get(f"/skp?pegawai_id={cast.supervisor.pk}"))["results"][0]
    assert (row["rhk_count"], row["status_label"], row["rater"]["id"]) == (
        1,
        "Diajukan",
        cast.head.pk,
    )


# ---------------------------------------------------------------- who may do what


def test_budi_cannot_see_let_alone_approve_sitis_skp(cast, plans, api):
    full_siti(cast, plans)
    services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    b = api(cast.employee)
    error(b.get(f"/skp/{plans['siti'].pk}"), 404, "not_found")
    error(b.post(f"/skp/{plans['siti'].pk}/approve", {}), 404, "not_found")
    assert Skp.objects.get(pk=plans["siti"].pk).status == "submitted"


def test_hendra_sees_sitis_draft_but_cannot_edit_it(cast, plans, api):
    rhk = full_siti(cast, plans)
    h, siti = api(cast.head), plans["siti"]
    assert ok(h.get(f"/skp/{siti.pk}"))["can_edit"] is False
    before = snapshot_counts()
    error(h.patch(f"/skp/{siti.pk}", {"konsekuensi": "x"}), 403, "forbidden")
    error(
        h.post(f"/skp/{siti.pk}/rhk", {"text": "x", "parent_id": plans["top"].pk}), 403, "forbidden"
    )
    error(h.patch(f"/rhk/{rhk.pk}", {"text": "changed"}), 403, "forbidden")
    error(h.post(f"/rhk/{rhk.pk}/indicators", INDICATOR), 403, "forbidden")
    error(h.delete(f"/rhk/{rhk.pk}"), 403, "forbidden")
    error(h.post(f"/skp/{siti.pk}/submit"), 403, "forbidden")
    error(h.post(f"/skp/{siti.pk}/revise"), 403, "forbidden")
    assert snapshot_counts() == before and Rhk.objects.get(pk=rhk.pk).text == "Terbinanya SD"


def test_the_outsider_gets_404_everywhere(cast, year, plans, api):
    rhk = full_siti(cast, plans)
    indicator = rhk.indicators.get()
    o, siti = api(cast.outsider), plans["siti"].pk
    assert ok(o.get("/skp"))["count"] == 0 and ok(o.get("/years"))["count"] == 0
    before = snapshot_counts()
    for response in [
        o.get(f"/skp/{siti}"),
        o.get(f"/skp/{siti}/parent-options"),
        o.get(f"/years/{year.pk}"),
        o.patch(f"/skp/{siti}", {"konsekuensi": "x"}),
        o.post(f"/skp/{siti}/rhk", {"text": "x"}),
        o.patch(f"/rhk/{rhk.pk}", {"text": "x"}),
        o.delete(f"/rhk/{rhk.pk}"),
        o.post(f"/rhk/{rhk.pk}/link", {"parent_id": plans["top"].pk}),
        o.post(f"/rhk/{rhk.pk}/indicators", INDICATOR),
        o.patch(f"/indicators/{indicator.pk}", {"text": "x"}),
        o.delete(f"/indicators/{indicator.pk}"),
        o.post(f"/skp/{siti}/submit"),
        o.post(f"/skp/{siti}/approve", {}),
        o.post(f"/skp/{siti}/return", {"note": "x"}),
        o.post(f"/skp/{siti}/revise"),
        o.put(f"/skp/{siti}/expectations", {"expectations": {}}),
        o.post("/skp", {"year_id": year.pk}),
        o.post("/skp", {"year_id": year.pk, "pegawai_id": cast.employee.pk}),
        o.post("/rhk/hand-down", {"rhk_ids": [rhk.pk], "pegawai_ids": [cast.employee.pk]}),
    ]:
        error(response, 404, "not_found")
    assert snapshot_counts() == before


def test_the_agency_admin_reads_every_disdik_skp_but_cannot_decide(cast, plans, budi, api):
    full_siti(cast, plans)
    services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    a = api(cast.agency_admin)
    listed = {r["id"] for r in ok(a.get("/skp"))["results"]}
    assert listed == {plans["hendra"].pk, plans["siti"].pk, budi.pk}
    assert ok(a.get(f"/skp/{plans['siti'].pk}"))["can_decide"] is False
    error(a.post(f"/skp/{plans['siti'].pk}/approve", {}), 403, "forbidden")
    error(a.post(f"/skp/{plans['siti'].pk}/return", {"note": "x"}), 403, "forbidden")
    assert Skp.objects.get(pk=plans["siti"].pk).status == "submitted"
    # ... but may start an SKP for an employee of the agency.
    dewi = ok(a.post("/skp", {"year_id": plans["siti"].year_id, "pegawai_id": cast.peer.pk}), 201)
    assert (dewi["pegawai"]["id"], dewi["rater"]["id"]) == (cast.peer.pk, cast.supervisor.pk)


def test_the_rater_decides_and_only_when_submitted(cast, plans, api):
    full_siti(cast, plans)
    h = api(cast.head)
    err = error(h.post(f"/skp/{plans['siti'].pk}/approve", {}), 422, "invalid")
    assert "diajukan" in err["message"]
    assert ok(h.get(f"/skp/{plans['siti'].pk}"))["can_decide"] is False


def test_session_writes_need_the_csrf_token_and_token_writes_do_not(cast, budi, api):
    session = Client(enforce_csrf_checks=True)
    session.force_login(cast.employee.user)
    url = f"{API}/skp/{budi.pk}/rhk"
    body = json.dumps({"text": "Data pokok"})
    error(session.post(url, body, content_type="application/json"), 403, "csrf_failed")
    session.get("/")  # any page sets the CSRF cookie
    token = session.cookies["csrftoken"].value
    response = session.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    assert api(cast.employee).post(f"/skp/{budi.pk}/rhk", {"text": "Lagi"}).status_code == 201


# ---------------------------------------------------------------- bad input: 422, nothing written


@pytest.fixture
def siti_rhk(cast, plans):
    return services.rhk_save(
        rhk=Rhk(skp=plans["siti"], text="Terbinanya SD", parent=plans["top"]),
        actor=cast.supervisor.user,
    )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"target_value": "0"}, "target_value", "positif"),
        ({"target_value": "-5"}, "target_value", "positif"),
        ({"target_unit": ""}, "target_unit", "Satuan"),
        (
            {"target_kind": "range", "target_low": "10", "target_high": "5"},
            "target_low",
            "Batas bawah",
        ),
        (
            {"target_kind": "narrative", "target_text": "Laporan lengkap"},
            "target_kind",
            "kuantitatif",
        ),
    ],
)
def test_a_bad_target_is_422_with_a_clear_message(cast, siti_rhk, api, changes, field, words):
    s = api(cast.supervisor)
    before = snapshot_counts()
    err = error(s.post(f"/rhk/{siti_rhk.pk}/indicators", {**INDICATOR, **changes}), 422, "invalid")
    assert field in err["details"] and words in err["message"]
    assert snapshot_counts() == before


def test_a_bad_change_to_an_indicator_is_422_and_leaves_it_alone(cast, siti_rhk, api):
    i = services.indicator_save(indicator=ind(siti_rhk), actor=cast.supervisor.user)
    error(api(cast.supervisor).patch(f"/indicators/{i.pk}", {"target_value": "0"}), 422, "invalid")
    i.refresh_from_db()
    assert i.target_value == Decimal(12)


def test_linking_to_another_raters_rhk_is_422(cast, plans, budi, api):
    b = api(cast.employee)
    before = snapshot_counts()
    err = error(b.post(f"/skp/{budi.pk}/rhk", {"text": "x", "parent_id": plans["top"].pk}), 422)
    assert "pejabat penilai" in err["message"] and "parent" in err["details"]
    assert snapshot_counts() == before


def test_linking_to_another_years_rhk_is_422(cast, plans, api):
    y27 = services.year_create(instansi=cast.pendidikan, year=2027, actor=cast.agency_admin)
    siti27 = services.skp_create(pegawai=cast.supervisor, year=y27, actor=cast.supervisor.user)
    s = api(cast.supervisor)
    before = snapshot_counts()
    err = error(s.post(f"/skp/{siti27.pk}/rhk", {"text": "x", "parent_id": plans["top"].pk}), 422)
    assert "tahun" in err["message"]
    assert snapshot_counts() == before


def test_a_link_to_nothing_is_422(cast, plans, api):
    err = error(api(cast.supervisor).post(f"/skp/{plans['siti'].pk}/rhk",
                                          {"text": "x", "parent_id": 987654}), 422)  # fmt: skip
    assert "parent_id" in err["details"]


def test_submitting_without_an_utama_result_or_with_an_rhk_without_indicator_is_422(
    cast, plans, api
):
    s, siti = api(cast.supervisor), plans["siti"]
    before = snapshot_counts()
    assert "Utama" in error(s.post(f"/skp/{siti.pk}/submit"), 422)["message"]
    assert snapshot_counts() == before
    services.rhk_save(rhk=Rhk(skp=siti, text="Terbinanya SD", parent=plans["top"]),
                      actor=cast.supervisor.user)  # fmt: skip
    before = snapshot_counts()
    assert "belum memiliki indikator" in error(s.post(f"/skp/{siti.pk}/submit"), 422)["message"]
    assert snapshot_counts() == before and Skp.objects.get(pk=siti.pk).status == "draft"


def test_an_approved_skp_is_not_edited_outside_a_revision(cast, plans, api):
    rhk = full_siti(cast, plans)
    services.skp_submit(skp=plans["siti"], actor=cast.supervisor.user)
    services.skp_approve(skp=plans["siti"], actor=cast.head.user)
    s, siti = api(cast.supervisor), plans["siti"]
    before = snapshot_counts()
    for response in [
        s.patch(f"/skp/{siti.pk}", {"konsekuensi": "x"}),
        s.post(f"/skp/{siti.pk}/rhk", {"text": "x", "parent_id": plans["top"].pk}),
        s.patch(f"/rhk/{rhk.pk}", {"text": "x"}),
        s.post(f"/rhk/{rhk.pk}/indicators", INDICATOR),
        s.delete(f"/indicators/{rhk.indicators.get().pk}"),
    ]:
        assert "revisi" in error(response, 422, "invalid")["message"]
    assert snapshot_counts() == before


def test_nothing_changes_in_a_closed_year(cast, year, plans, api):
    rhk = full_siti(cast, plans)
    services.year_close(year=year, actor=cast.agency_admin)
    s, b, siti = api(cast.supervisor), api(cast.employee), plans["siti"]
    before = snapshot_counts()
    for response in [
        s.patch(f"/skp/{siti.pk}", {"konsekuensi": "x"}),
        s.post(f"/skp/{siti.pk}/rhk", {"text": "x", "parent_id": plans["top"].pk}),
        s.post(f"/rhk/{rhk.pk}/indicators", INDICATOR),
        s.post(f"/skp/{siti.pk}/submit"),
        b.post("/skp", {"year_id": year.pk}),
    ]:
        assert "ditutup" in error(response, 422, "invalid")["message"]
    assert snapshot_counts() == before


def test_malformed_input_is_422_naming_the_field(cast, plans, api):
    s, siti = api(cast.supervisor), plans["siti"].pk
    err = error(s.post("/skp", {"year_id": "abc"}), 422, "invalid")
    assert "year_id" in err["message"]
    error(s.patch(f"/skp/{siti}", {"approach": "campuran"}), 422, "invalid")
    error(s.post(f"/skp/{siti}/rhk", {"text": "x", "kind": "lain"}), 422, "invalid")
    error(s.patch(f"/skp/{siti}", {"start_date": "2026-06-01", "end_date": "2026-05-01"}), 422)
    error(s.patch(f"/skp/{siti}", {"start_date": "2025-06-01"}), 422)


# ---------------------------------------------------------------- OpenAPI and query counts


@pytest.mark.parametrize(
    ("alias", "values"),
    [
        (planning_api.SkpStatusValue, choices.SkpStatus.values),
        (planning_api.Approach, choices.Approach.values),
        (planning_api.RhkKind, choices.RhkKind.values),
        (planning_api.Aspek, choices.Aspek.values),
        (planning_api.TargetKind, choices.TargetKind.values),
        (planning_api.Direction, choices.Direction.values),
        (planning_api.Perspektif, ["", *choices.Perspektif.values]),
    ],
)
def test_the_api_accepts_exactly_the_model_choices(alias, values):
    assert set(get_args(alias)) == set(values)


def test_the_endpoints_are_in_the_openapi_document(client):
    schema = client.get(f"{API}/openapi.json").json()
    expected = {
        "/api/v1/years": {"get"},
        "/api/v1/years/{year_id}": {"get"},
        "/api/v1/skp": {"get", "post"},
        "/api/v1/skp/{skp_id}": {"get", "patch"},
        "/api/v1/skp/{skp_id}/rhk": {"post"},
        "/api/v1/skp/{skp_id}/submit": {"post"},
        "/api/v1/skp/{skp_id}/approve": {"post"},
        "/api/v1/skp/{skp_id}/return": {"post"},
        "/api/v1/skp/{skp_id}/revise": {"post"},
        "/api/v1/skp/{skp_id}/parent-options": {"get"},
        "/api/v1/skp/{skp_id}/expectations": {"put"},
        "/api/v1/rhk/{rhk_id}": {"patch", "delete"},
        "/api/v1/rhk/{rhk_id}/link": {"post"},
        "/api/v1/rhk/{rhk_id}/indicators": {"post"},
        "/api/v1/rhk/hand-down": {"post"},
        "/api/v1/indicators/{indicator_id}": {"patch", "delete"},
    }
    for path, methods in expected.items():
        assert set(schema["paths"][path]) == methods, path
        for operation in schema["paths"][path].values():
            assert operation["tags"] == ["perencanaan"]
    assert "404" in schema["paths"]["/api/v1/skp/{skp_id}"]["get"]["responses"]


def grow(cast, plans, n_rhk, n_ind):
    for i in range(n_rhk):
        rhk = services.rhk_save(rhk=Rhk(skp=plans["siti"], text=f"RHK {i}", parent=plans["top"]),
                                actor=cast.supervisor.user)  # fmt: skip
        for _ in range(n_ind):
            services.indicator_save(indicator=ind(rhk), actor=cast.supervisor.user)
    services.skp_set_expectations(skp=plans["siti"], expectations={}, actor=cast.head.user)


def count_queries(client, url):
    client.get(url)  # token "last used" stamp and other first-call work
    with CaptureQueriesContext(connection) as ctx:
        ok(client.get(url))
    return len(ctx)


def test_skp_detail_queries_do_not_grow(cast, plans, api):
    h = api(cast.head)
    url = f"/skp/{plans['siti'].pk}"
    grow(cast, plans, 1, 1)
    small = count_queries(h, url)
    grow(cast, plans, 6, 3)
    services.skp_create(pegawai=cast.employee, year=plans["siti"].year, actor=cast.employee.user)
    assert count_queries(h, url) == small


def test_skp_list_queries_do_not_grow(cast, year, plans, api):
    from kinerja.organisation.tests.factories import PegawaiFactory, make_nip

    a = api(cast.agency_admin)
    small = count_queries(a, "/skp")
    for i in range(8):
        p = PegawaiFactory(instansi=cast.pendidikan, unit=cast.bidang, atasan=cast.supervisor,
                           nip=make_nip(400 + i))  # fmt: skip
        services.skp_create(pegawai=p, year=year, actor=cast.agency_admin)
    grow(cast, plans, 3, 2)
    assert count_queries(a, "/skp") == small
    assert ok(a.get("/skp"))["count"] == 10
