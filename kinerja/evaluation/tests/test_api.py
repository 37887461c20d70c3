"""The evaluation REST API: Budi's May evaluation told through tokens (self-assessment, Siti's
suggestion and ratings, the curve, finalising, Budi's acknowledgement and objection, Hendra's
decision), who may see and do what for every role, every bad input of the issue as a 422 with a
clear message that writes nothing, the employee not seeing results before final, 360° answers
that never name a respondent, constant query counts and the OpenAPI document."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kinerja.accounts.models import User
from kinerja.accounts.services import api_token_create
from kinerja.core.models import AuditLog, Notification
from kinerja.evaluation import services
from kinerja.evaluation.models import (
    BehaviourFeedback,
    Evaluation,
    EvaluationTransition,
    Objection,
    PeerRequest,
    SelfAssessment,
    UnitPredikat,
)
from kinerja.organisation.tests.factories import PegawaiFactory, make_nip
from kinerja.planning.models import BehaviourValue

pytestmark = pytest.mark.django_db

API = "/api/v1"


class Api:
    """A JSON client acting with a personal access token."""

    def __init__(self, user):
        _token, key = api_token_create(user=user, name="test")
        self.client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")

    def get(self, url):
        return self.client.get(API + url)

    def _send(self, method, url, data):
        return getattr(self.client, method)(
            API + url, json.dumps(data), content_type="application/json"
        )

    def post(self, url, data=None):
        return self._send("post", url, data if data is not None else {})

    def put(self, url, data):
        return self._send("put", url, data)


@pytest.fixture
def api(cast):
    made = {}

    def make(who):
        user = getattr(who, "user", None) or who
        if user.pk not in made:
            made[user.pk] = Api(user)
        return made[user.pk]

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


def written():
    """Everything an evaluation write could add or change, outside the evaluation row."""
    return (
        AuditLog.objects.exclude(action__startswith="api_token.").count(),  # clients made inside
        EvaluationTransition.objects.count(),
        PeerRequest.objects.count(),
        PeerRequest.objects.filter(answered_at__isnull=False).count(),
        Objection.objects.count(),
        UnitPredikat.objects.count(),
        SelfAssessment.objects.count(),
        sorted(BehaviourFeedback.objects.values_list("id", "feedback")),
        Notification.objects.count(),
    )


def row(ev):
    return Evaluation.objects.filter(pk=ev.pk).values().get()


@pytest.fixture
def unchanged(evaluation):
    """`with unchanged():` asserts that nothing was written and the evaluation is as it was."""

    class Guard:
        def __enter__(self):
            self.before = (written(), row(evaluation))

        def __exit__(self, *exc):
            if exc[0] is None:
                assert (written(), row(evaluation)) == self.before

    return Guard


def url(ev, suffix=""):
    return f"/evaluations{'/' + str(ev.pk) if ev else ''}{suffix}"


def answers(rating="sesuai", comment=""):
    return [
        {"id": v.pk, "rating": rating, "comment": comment} for v in BehaviourValue.objects.all()
    ]


def rate(cast, ev, hasil="sesuai", perilaku="sesuai", **kw):
    return services.evaluation_rate(
        evaluation=ev, actor=cast.supervisor.user, hasil_kerja=hasil, perilaku=perilaku, **kw
    )


def finalise(cast, ev, **kw):
    rate(cast, ev, **kw)
    return services.evaluation_finalise(evaluation=ev, actor=cast.supervisor.user)


RESULT_FIELDS = ("suggested_rating", "rating_hasil_kerja", "rating_hasil_kerja_label",
                 "rating_perilaku", "rating_perilaku_label", "predikat", "predikat_label")  # fmt: skip
DETAIL_RESULT_FIELDS = ("suggestion_reasons", "indicators", "departure_reason",
                        "departs_from_suggestion", "feedback", "behaviour_feedback")  # fmt: skip


# ---------------------------------------------------------------- the story


def test_the_story_through_the_api_with_tokens(cast, evaluation, approved, api):
    budi, siti, hendra = api(cast.employee), api(cast.supervisor), api(cast.head)
    mine = ok(budi.get("/evaluations?mine=true"))
    assert mine["count"] == 1 and mine["results"][0]["id"] == evaluation.pk
    item = mine["results"][0]
    assert (item["status"], item["kind"], item["year"], item["period"]["name"]) == (
        "open", "periodic", 2026, "Mei")  # fmt: skip
    assert (item["rater"]["id"], item["rater_superior"]["id"]) == (cast.supervisor.pk, cast.head.pk)

    # Budi assesses himself.
    value = BehaviourValue.objects.first()
    body = {"comment": "Target tercapai",
            "indicators": [{"id": approved["count"].pk, "rating": "sesuai", "comment": "5 sekolah"}],
            "values": [{"id": value.pk, "rating": "di_atas"}]}  # fmt: skip
    saved = ok(budi.put(url(evaluation, "/self-assessment"), body))
    assert saved["comment"] == "Target tercapai" and saved["updated_at"]
    assert saved["indicators"] == [{"id": approved["count"].pk, "rating": "sesuai", "comment": "5 sekolah"}]  # fmt: skip
    assert ok(siti.get(url(evaluation, "/self-assessment")))["values"][0]["rating"] == "di_atas"

    # Siti refreshes the suggestion and rates, with feedback per value.
    suggested = ok(siti.post(url(evaluation, "/suggestion")))
    assert suggested["suggestion_reasons"] and suggested["indicators"][0]["indicator_id"]
    rated = ok(siti.put(url(evaluation, "/rating"), {
        "hasil_kerja": "sesuai", "perilaku": "di_atas", "feedback": "Data rapi dan tepat waktu",
        "behaviour_feedback": [{"value_id": value.pk, "feedback": "Melayani sekolah dengan sabar"}],
    }))  # fmt: skip
    assert (rated["predikat"], rated["predikat_label"], rated["result_visible"]) == (
        "baik", "Baik", True)  # fmt: skip
    fb = next(b for b in rated["behaviour_feedback"] if b["value_id"] == value.pk)
    assert fb["feedback"] == "Melayani sekolah dengan sabar"
    assert ok(siti.get(url(evaluation, "/curve"))) == {
        "evaluation_id": evaluation.pk, "org_predikat": None, "warnings": []}  # fmt: skip

    # Budi does not see any of it while it is open.
    hidden = ok(budi.get(url(evaluation)))
    assert hidden["result_visible"] is False and hidden["has_self_assessment"] is True
    for field in RESULT_FIELDS + DETAIL_RESULT_FIELDS:
        assert hidden[field] is None, field
    assert "Data rapi" not in json.dumps(hidden) and "sabar" not in json.dumps(hidden)

    # Siti finalises; now Budi sees the result, acknowledges it, then objects.
    final = ok(siti.post(url(evaluation, "/finalise"), {}))
    assert final["status"] == "final" and final["objection_deadline"] == "2026-05-29"
    seen = ok(budi.get(url(evaluation)))
    assert (seen["predikat"], seen["feedback"], seen["result_visible"]) == (
        "baik", "Data rapi dan tepat waktu", True)  # fmt: skip
    assert ok(budi.post(url(evaluation, "/acknowledge")))["status"] == "acknowledged"
    objected = ok(budi.post(url(evaluation, "/objection"), {"reasons": "Data April belum dihitung"}), 201)  # fmt: skip
    assert objected["status"] == "objected"
    assert objected["objection"]["reasons"] == "Data April belum dihitung"
    assert objected["objection"]["decision"] is None

    # Hendra, Siti's superior, changes the result.
    decided = ok(hendra.post(url(evaluation, "/objection/decision"), {
        "decision": "changed", "decision_text": "Data April terbukti",
        "hasil_kerja": "di_atas", "perilaku": "di_atas"}))  # fmt: skip
    assert (decided["status"], decided["predikat"]) == ("decided", "sangat_baik")
    assert decided["objection"]["decision_label"] == "Penilaian diubah"
    assert [t["to_status"] for t in decided["transitions"]] == [
        "open", "final", "acknowledged", "objected", "decided"]  # fmt: skip
    assert ok(budi.get(url(evaluation)))["predikat_label"] == "Sangat Baik"


def test_a_curve_breach_must_be_acknowledged_and_is_hidden_from_the_employee(
    cast, evaluation, may, api, unchanged
):
    hendra, siti, budi = api(cast.head), api(cast.supervisor), api(cast.employee)
    set_ = ok(hendra.put(f"/units/{cast.bidang.pk}/predikat", {"period_id": may.pk, "predikat": "baik"}))  # fmt: skip
    assert (set_["predikat"], set_["predikat_label"], set_["period_id"]) == ("baik", "Baik", may.pk)
    rate(cast, evaluation)
    curve = ok(siti.get(url(evaluation, "/curve")))
    assert curve["org_predikat"] == "baik" and curve["warnings"]
    with unchanged():
        err = error(siti.post(url(evaluation, "/finalise"), {}), 422, "invalid")
    assert "kurva" in err["message"]
    assert set(curve["warnings"]) <= set(err["details"]["__all__"])
    final = ok(siti.post(url(evaluation, "/finalise"), {"acknowledge_curve": True}))
    assert final["curve_warnings"] == curve["warnings"] and final["curve_acknowledged_at"]
    # The warnings describe Budi's colleagues: never shown to Budi, not even in the history.
    seen = ok(budi.get(url(evaluation)))
    assert seen["predikat"] == "baik"
    assert seen["curve_warnings"] is None and seen["curve_acknowledged_at"] is None
    assert all(w not in json.dumps(seen) for w in curve["warnings"])
    assert [t["note"] for t in seen["transitions"] if t["to_status"] == "final"] == [None]
    error(budi.get(url(evaluation, "/curve")), 403, "forbidden")


# ---------------------------------------------------------------- bad input


def test_rating_someone_not_your_subordinate(cast, evaluation, api, unchanged):
    with unchanged():
        for who in (cast.head, cast.agency_admin, cast.auditor, cast.employee):
            err = error(api(who).put(url(evaluation, "/rating"), {"hasil_kerja": "sesuai"}), 422, "invalid")  # fmt: skip
            assert "Hanya pejabat penilai pegawai ini yang dapat menilai" in err["message"]
        for who in (cast.outsider, cast.peer):
            error(api(who).put(url(evaluation, "/rating"), {"hasil_kerja": "sesuai"}), 404, "not_found")  # fmt: skip


def test_a_bad_rating_value_is_a_422(cast, evaluation, api, unchanged):
    with unchanged():
        err = error(api(cast.supervisor).put(url(evaluation, "/rating"), {"hasil_kerja": "hebat"}), 422)  # fmt: skip
    assert "Pilih Di Atas, Sesuai, atau Di Bawah Ekspektasi" in err["message"]


def test_finalising_with_a_missing_rating(cast, evaluation, api, unchanged):
    siti = api(cast.supervisor)
    with unchanged():
        err = error(siti.post(url(evaluation, "/finalise"), {}), 422, "invalid")
    assert "Lengkapi rating hasil kerja dan rating perilaku kerja" in err["message"]
    rate(cast, evaluation, perilaku="")
    with unchanged():
        err = error(siti.post(url(evaluation, "/finalise"), {}), 422, "invalid")
    assert "Lengkapi rating perilaku kerja sebelum memfinalkan" in err["message"]


def test_departing_from_the_suggestion_needs_a_reason(cast, evaluation, api, unchanged):
    Evaluation.objects.filter(pk=evaluation.pk).update(suggested_rating="sesuai")
    evaluation.refresh_from_db()
    siti = api(cast.supervisor)
    ok(siti.put(url(evaluation, "/rating"), {"hasil_kerja": "di_atas", "perilaku": "sesuai"}))
    with unchanged():
        err = error(siti.post(url(evaluation, "/finalise"), {}), 422, "invalid")
    assert "berbeda dari saran sistem (Sesuai Ekspektasi)" in err["message"]
    assert "departure_reason" in err["details"]
    ok(siti.put(url(evaluation, "/rating"), {"hasil_kerja": "di_atas", "perilaku": "sesuai",
                                              "departure_reason": "Migrasi Dapodik selesai"}))  # fmt: skip
    final = ok(siti.post(url(evaluation, "/finalise"), {}))
    assert (final["departs_from_suggestion"], final["departure_reason"]) == (
        True, "Migrasi Dapodik selesai")  # fmt: skip


def test_an_objection_on_a_result_that_is_not_final(cast, evaluation, api, unchanged):
    with unchanged():
        err = error(api(cast.employee).post(url(evaluation, "/objection"), {"reasons": "Tidak adil"}), 422)  # fmt: skip
    assert "hanya dapat diajukan atas penilaian yang sudah final" in err["message"]


def test_an_objection_after_the_deadline(cast, evaluation, today, api, unchanged, monkeypatch):
    finalise(cast, evaluation)
    evaluation.refresh_from_db()
    late = today + datetime.timedelta(days=30)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: late)
    with unchanged():
        err = error(api(cast.employee).post(url(evaluation, "/objection"), {"reasons": "Tidak adil"}), 422)  # fmt: skip
    assert "Batas waktu keberatan (29-05-2026) sudah lewat" in err["message"]


def test_an_objection_needs_reasons_and_is_decided_by_the_raters_superior(
    cast, evaluation, api, unchanged
):
    finalise(cast, evaluation)
    budi = api(cast.employee)
    with unchanged():
        err = error(budi.post(url(evaluation, "/objection"), {"reasons": "   "}), 422)
    assert "Tuliskan alasan keberatan" in err["message"] and "reasons" in err["details"]
    ok(budi.post(url(evaluation, "/objection"), {"reasons": "Data April belum dihitung"}), 201)
    evaluation.refresh_from_db()
    decide = {"decision": "upheld", "decision_text": "Sudah sesuai"}
    with unchanged():
        for who in (cast.supervisor, cast.employee, cast.agency_admin):
            err = error(api(who).post(url(evaluation, "/objection/decision"), decide), 422)
            assert "Keberatan diputus oleh atasan pejabat penilai" in err["message"]
        error(api(cast.peer).post(url(evaluation, "/objection/decision"), decide), 404)
        hendra = api(cast.head)
        err = error(hendra.post(url(evaluation, "/objection/decision"),
                                {"decision": "changed", "decision_text": "Diubah"}), 422)  # fmt: skip
        assert "Tetapkan kedua rating baru" in err["message"]
        err = error(hendra.post(url(evaluation, "/objection/decision"),
                                {"decision": "batal", "decision_text": "x"}), 422)  # fmt: skip
        assert "decision" in err["details"]
    assert ok(hendra.post(url(evaluation, "/objection/decision"), decide))["status"] == "decided"
    with unchanged():
        err = error(hendra.post(url(evaluation, "/objection/decision"), decide), 422)
    assert "sudah diputus" in err["message"]


def test_deciding_without_an_objection_is_a_422(cast, evaluation, api, unchanged):
    finalise(cast, evaluation)
    evaluation.refresh_from_db()
    with unchanged():
        err = error(api(cast.head).post(url(evaluation, "/objection/decision"),
                                        {"decision": "upheld", "decision_text": "x"}), 422)  # fmt: skip
    assert "Tidak ada keberatan" in err["message"]


def test_acting_on_a_closed_period(cast, evaluation, may, api, unchanged):
    services.peer_nominate(evaluation=evaluation, respondents=[(cast.peer, "peer")],
                           actor=cast.supervisor.user)  # fmt: skip
    request_id = PeerRequest.objects.get().pk
    may.is_closed = True
    may.save()
    evaluation.refresh_from_db()
    with unchanged():
        for who, method, suffix, body in (
            (cast.supervisor, "put", "/rating", {"hasil_kerja": "sesuai", "perilaku": "sesuai"}),
            (cast.supervisor, "post", "/suggestion", None),
            (cast.supervisor, "post", "/finalise", {}),
            (cast.supervisor, "post", "/peer-requests", {"respondents": [{"pegawai_id": cast.head.pk, "relation": "other"}]}),
            (cast.employee, "put", "/self-assessment", {"comment": "x"}),
        ):  # fmt: skip
            client = api(who)
            response = client.put(url(evaluation, suffix), body) if method == "put" else client.post(url(evaluation, suffix), body)  # fmt: skip
            assert "Periode Mei sudah ditutup" in error(response, 422, "invalid")["message"]
        err = error(api(cast.peer).post(f"/peer-requests/{request_id}/answer", {"answers": answers()}), 422)  # fmt: skip
        assert "Periode Mei sudah ditutup" in err["message"]


def test_answering_a_360_request_twice_or_for_yourself(cast, evaluation, api, unchanged):
    services.peer_nominate(evaluation=evaluation, respondents=[(cast.peer, "peer")],
                           actor=cast.supervisor.user)  # fmt: skip
    req = PeerRequest.objects.get()
    dewi = api(cast.peer)
    with unchanged():
        err = error(dewi.post(f"/peer-requests/{req.pk}/answer", {"answers": answers()[:3]}), 422)
        assert "Jawab ketujuh nilai BerAKHLAK" in err["message"]
        err = error(dewi.post(f"/peer-requests/{req.pk}/answer",
                              {"answers": answers(rating="luar_biasa")}), 422)  # fmt: skip
        assert "Pilih Di Atas" in err["message"]
    answered = ok(dewi.post(f"/peer-requests/{req.pk}/answer", {"answers": answers("di_atas")}))
    assert answered["answered_at"] and answered["answers"][0]["rating"] == "di_atas"
    with unchanged():
        err = error(dewi.post(f"/peer-requests/{req.pk}/answer", {"answers": answers()}), 422)
    assert "Anda sudah menjawab permintaan ini" in err["message"]
    # A request to Budi about himself cannot be made through the API...
    with unchanged():
        err = error(api(cast.supervisor).post(url(evaluation, "/peer-requests"),
                    {"respondents": [{"pegawai_id": cast.employee.pk, "relation": "peer"}]}), 422)  # fmt: skip
    assert "tidak dapat menjadi responden 360° untuk dirinya sendiri" in err["message"]
    # ... and one slipped in by other means is refused when answered.
    own = PeerRequest.objects.create(
        evaluation=evaluation, respondent=cast.employee, relation="peer"
    )
    with unchanged():
        err = error(api(cast.employee).post(f"/peer-requests/{own.pk}/answer", {"answers": answers()}), 422)  # fmt: skip
    assert "Anda tidak dapat menilai diri sendiri" in err["message"]


def test_someone_elses_360_request_is_a_404(cast, evaluation, api, unchanged):
    services.peer_nominate(evaluation=evaluation, respondents=[(cast.peer, "peer")],
                           actor=cast.supervisor.user)  # fmt: skip
    req = PeerRequest.objects.get()
    with unchanged():
        for who in (cast.supervisor, cast.employee, cast.outsider, cast.agency_admin, cast.auditor):
            error(api(who).post(f"/peer-requests/{req.pk}/answer", {"answers": answers()}), 404)
        error(api(cast.peer).post("/peer-requests/999999/answer", {"answers": answers()}), 404)


def test_nominating_unknown_people_or_relations_is_a_422(cast, evaluation, api, unchanged):
    siti = api(cast.supervisor)
    with unchanged():
        err = error(siti.post(url(evaluation, "/peer-requests"),
                              {"respondents": [{"pegawai_id": 999999, "relation": "peer"}]}), 422)  # fmt: skip
        assert "Pegawai tidak ditemukan: 999999" in err["message"]
        assert "respondents" in err["details"]
        err = error(siti.post(url(evaluation, "/peer-requests"),
                              {"respondents": [{"pegawai_id": cast.peer.pk, "relation": "musuh"}]}), 422)  # fmt: skip
        assert "Hubungan responden tidak dikenal" in err["message"]
        error(siti.post(url(evaluation, "/peer-requests"), {"respondents": []}), 422, "invalid")


def test_a_self_assessment_of_someone_elses_indicator_is_a_422(cast, evaluation, approved, api, unchanged):  # fmt: skip
    siti_indicator = approved["siti_rhk"].indicators.get()
    with unchanged():
        err = error(api(cast.employee).put(url(evaluation, "/self-assessment"), {
            "indicators": [{"id": siti_indicator.pk, "rating": "sesuai"}]}), 422)  # fmt: skip
    assert "bukan bagian dari SKP yang dinilai" in err["message"]


def test_a_final_evaluation_cannot_be_rated_again(cast, evaluation, api, unchanged):
    finalise(cast, evaluation)
    evaluation.refresh_from_db()
    with unchanged():
        err = error(api(cast.supervisor).put(url(evaluation, "/rating"), {"hasil_kerja": "di_atas"}), 422)  # fmt: skip
    assert "sudah final; tidak dapat diubah" in err["message"]


# ---------------------------------------------------------------- who sees and does what

READERS = {"employee": 200, "supervisor": 200, "head": 200, "agency_admin": 200, "pimpinan": 200,
           "bkpsdm_admin": 200, "auditor": 200, "peer": 404, "outsider": 404}  # fmt: skip
ROLES = list(READERS)


def _status_of(cast, api, who, method, path, body):
    client = api(getattr(cast, who))
    response = client.get(path) if method == "get" else getattr(client, method)(path, body)
    return response.status_code


def test_who_reads_what(cast, evaluation, api):
    for who, status in READERS.items():
        client = api(getattr(cast, who))
        assert client.get(url(evaluation)).status_code == status, who
        assert client.get(url(evaluation, "/self-assessment")).status_code == status, who
        listed = ok(client.get("/evaluations"))["count"]
        assert listed == (1 if status == 200 else 0), who
    expected = {**READERS, "employee": 403}  # the curve and, while open, the 360° summary
    for suffix in ("/curve", "/peer-summary"):
        got = {
            who: _status_of(cast, api, who, "get", url(evaluation, suffix), None) for who in ROLES
        }
        assert got == expected, suffix


# (method, suffix, body, the roles that may act, what everyone else gets)
WRITES = [
    ("post", "/suggestion", {}, {"supervisor", "agency_admin", "bkpsdm_admin"}, 403),
    ("put", "/rating", {"hasil_kerja": "sesuai", "perilaku": "sesuai"}, {"supervisor"}, 422),
    ("put", "/self-assessment", {"comment": "Saya"}, {"employee"}, 403),
    ("post", "/peer-requests", "respondents", {"supervisor", "agency_admin", "bkpsdm_admin"}, 403),
    ("post", "/finalise", {}, set(), 422),  # nobody yet: no ratings
    ("post", "/acknowledge", {}, set(), 403),  # the employee's is a 422: not final
    ("post", "/objection", {"reasons": "x"}, set(), 403),
    ("post", "/objection/decision", {"decision": "upheld", "decision_text": "x"}, set(), 422),
]


@pytest.mark.parametrize(("method", "suffix", "body", "allowed", "refused"), WRITES,
                         ids=[w[1] for w in WRITES])  # fmt: skip
def test_who_does_what(cast, evaluation, api, unchanged, method, suffix, body, allowed, refused):
    if body == "respondents":
        body = {"respondents": [{"pegawai_id": cast.peer.pk, "relation": "peer"}]}
    path = url(evaluation, suffix)
    with unchanged():
        for who in ROLES:
            if who in allowed:
                continue
            status = 404 if READERS[who] == 404 else refused
            if who == "employee" and suffix in ("/acknowledge", "/objection"):
                status = 422  # his to do, but only once final
            assert _status_of(cast, api, who, method, path, body) == status, who
    for who in sorted(allowed):
        assert _status_of(cast, api, who, method, path, body) in (200, 201), who


def test_the_rater_superior_sees_but_does_not_rate_and_the_auditor_only_reads(
    cast, evaluation, api
):
    rate(cast, evaluation)
    hendra, audi = api(cast.head), api(cast.auditor)
    assert ok(hendra.get(url(evaluation)))["predikat"] == "baik"
    assert ok(audi.get(url(evaluation)))["predikat"] == "baik"
    assert "pejabat penilai" in error(hendra.post(url(evaluation, "/finalise"), {}), 422)["message"]
    error(audi.post(url(evaluation, "/suggestion")), 403, "forbidden")


def test_no_credentials_session_auth_and_csrf(cast, evaluation, client_for):
    error(Client().get(f"{API}/evaluations"), 401, "unauthenticated")
    error(Client().get(f"{API}/evaluations/{evaluation.pk}"), 401, "unauthenticated")
    session = client_for(cast.supervisor)
    assert session.get(f"{API}/evaluations/{evaluation.pk}").json()["id"] == evaluation.pk
    session.handler.enforce_csrf_checks = True
    before = written()
    response = session.put(f"{API}/evaluations/{evaluation.pk}/rating",
                           json.dumps({"hasil_kerja": "sesuai"}), content_type="application/json")  # fmt: skip
    error(response, 403, "csrf_failed")
    assert written() == before


def test_a_missing_evaluation_is_a_404_and_a_bad_id_a_422(cast, evaluation, api):
    siti = api(cast.supervisor)
    error(siti.get("/evaluations/999999"), 404, "not_found")
    error(siti.put("/evaluations/999999/rating", {"hasil_kerja": "sesuai"}), 404, "not_found")
    error(siti.get(f"/evaluations/{2**63}"), 422, "invalid")
    error(siti.get("/evaluations?status=selesai"), 422, "invalid")


# ---------------------------------------------------------------- the employee sees only final results


def test_the_employee_sees_no_ratings_before_final(cast, evaluation, api):
    Evaluation.objects.filter(pk=evaluation.pk).update(suggested_rating="sesuai", suggestion_reasons=["Capaian 100%"])  # fmt: skip
    evaluation.refresh_from_db()
    rate(cast, evaluation, hasil="di_bawah", feedback="Perlu ditingkatkan", departure_reason="Kurang teliti")  # fmt: skip
    budi, siti = api(cast.employee), api(cast.supervisor)
    for body in (
        ok(budi.get(url(evaluation))),
        ok(budi.get("/evaluations?mine=true"))["results"][0],
    ):
        assert body["result_visible"] is False
        assert all(body[f] is None for f in RESULT_FIELDS)
        text = json.dumps(body)
        for secret in ("di_bawah", "butuh_perbaikan", "Perlu ditingkatkan", "Kurang teliti", "Capaian 100%"):  # fmt: skip
            assert secret not in text
    error(budi.get(url(evaluation, "/peer-summary")), 403, "forbidden")
    # Everyone else who sees it sees the work in progress.
    assert ok(siti.get(url(evaluation)))["predikat"] == "butuh_perbaikan"
    assert ok(siti.get("/evaluations?as_rater=true"))["results"][0]["predikat"] == "butuh_perbaikan"
    services.evaluation_finalise(evaluation=evaluation, actor=cast.supervisor.user)
    seen = ok(budi.get(url(evaluation)))
    assert (seen["predikat"], seen["departure_reason"], seen["suggested_rating"]) == (
        "butuh_perbaikan", "Kurang teliti", "sesuai")  # fmt: skip


# ---------------------------------------------------------------- 360° anonymity


@pytest.fixture
def respondents(cast):
    """Dewi and two more colleagues of Budi, with accounts."""
    people = [cast.peer]
    for i, name in enumerate(("Rina Kartika", "Joko Susilo")):
        p = PegawaiFactory(instansi=cast.pendidikan, unit=cast.bidang, atasan=cast.supervisor,
                           nip=make_nip(800 + i), name=name)  # fmt: skip
        p.user = User.objects.create_user(username=p.nip, password="x")
        p.save()
        people.append(p)
    return people


def _identities(people):
    return [s for p in people for s in (p.name, p.full_name, p.nip, p.user.get_username())]


def _no_identity(body, people):
    text = json.dumps(body)
    assert '"respondent' not in text
    for s in _identities(people):
        assert s not in text, s


def test_360_answers_never_name_a_respondent(cast, evaluation, respondents, api):
    siti, budi = api(cast.supervisor), api(cast.employee)
    nominated = ok(siti.post(url(evaluation, "/peer-requests"), {"respondents": [
        {"pegawai_id": p.pk, "relation": "peer"} for p in respondents]}), 201)  # fmt: skip
    assert nominated == {"created": 3}
    again = ok(siti.post(url(evaluation, "/peer-requests"), {"respondents": [
        {"pegawai_id": respondents[0].pk, "relation": "peer"}]}), 201)  # fmt: skip
    assert again == {"created": 0}

    # Each respondent sees their own request, naming Budi, and nobody else's.
    for p in respondents:
        mine = ok(api(p).get("/peer-requests"))
        assert mine["count"] == 1 and mine["results"][0]["pegawai"]["id"] == cast.employee.pk
        _no_identity(mine, [q for q in respondents if q != p])
    first, second, third = (
        ok(api(p).get("/peer-requests"))["results"][0]["id"] for p in respondents
    )
    ok(api(respondents[0]).post(f"/peer-requests/{first}/answer", {"answers": answers("di_atas", "Sangat membantu")}))  # fmt: skip
    ok(api(respondents[1]).post(f"/peer-requests/{second}/answer", {"answers": answers()}))
    assert ok(api(respondents[0]).get("/peer-requests"))["count"] == 0  # nothing pending
    assert ok(api(respondents[0]).get("/peer-requests?state=answered"))["count"] == 1

    # Two answers of three: below the minimum, nothing but counts.
    summary = ok(siti.get(url(evaluation, "/peer-summary")))
    assert summary["min_respondents"] == 3
    [group] = summary["groups"]
    assert (group["asked"], group["answered"], group["shown"], group["values"], group["comments"]) == (
        3, 2, False, [], [])  # fmt: skip

    ok(api(respondents[2]).post(f"/peer-requests/{third}/answer", {"answers": answers("sesuai", "Rapi")}))  # fmt: skip
    [group] = ok(siti.get(url(evaluation, "/peer-summary")))["groups"]
    assert group["shown"] and group["values"][0]["counts"] == {
        "di_atas": 1,
        "sesuai": 2,
        "di_bawah": 0,
    }
    assert group["comments"] == ["Rapi"] * 7 + ["Sangat membantu"] * 7

    # Budi, once final, sees the summary; no answer he can get names anybody who was asked.
    finalise(cast, evaluation)
    bodies = [ok(budi.get(url(evaluation))), ok(budi.get("/evaluations?mine=true")),
              ok(budi.get(url(evaluation, "/self-assessment"))),
              ok(budi.get(url(evaluation, "/peer-summary")))]  # fmt: skip
    assert bodies[3]["groups"][0]["shown"] is True
    error(budi.get(url(evaluation, "/curve")), 403)
    error(budi.get("/peer-requests/1/answer"), 405)
    assert ok(budi.get("/peer-requests?state=all"))["count"] == 0
    for body in bodies:
        _no_identity(body, respondents)
    # Nor does any response of the rater, head or admin about the evaluation.
    for who in (cast.supervisor, cast.head, cast.agency_admin, cast.auditor):
        for suffix in ("", "/peer-summary", "/self-assessment"):
            _no_identity(ok(api(who).get(url(evaluation, suffix))), respondents)


def test_an_account_without_an_employee_record_has_no_requests_or_own_evaluations(
    cast, evaluation, api
):
    bima = api(cast.bkpsdm_admin)
    assert "pegawai" in error(bima.get("/peer-requests"), 422)["message"]
    assert "pegawai" in error(bima.get("/evaluations?mine=true"), 422)["message"]
    assert ok(bima.get("/evaluations"))["count"] == 1


# ---------------------------------------------------------------- organisation predikat and opening


def test_the_org_predikat_is_set_by_the_leader_above_or_an_admin(cast, may, api):
    path = f"/units/{cast.bidang.pk}/predikat"
    body = {"period_id": may.pk, "predikat": "istimewa"}
    before = written()
    error(api(cast.supervisor).put(path, body), 403, "forbidden")
    error(api(cast.auditor).put(path, body), 403, "forbidden")
    error(api(cast.outsider).put(path, body), 404, "not_found")
    err = error(api(cast.head).put(path, {**body, "predikat": "luar_biasa"}), 422)
    assert "Predikat organisasi tidak dikenal" in err["message"] and "predikat" in err["details"]
    err = error(api(cast.head).put(path, {**body, "period_id": 999999}), 422)
    assert "Periode tidak ditemukan" in err["message"]
    assert written() == before
    assert ok(api(cast.head).put(path, body))["predikat"] == "istimewa"
    assert ok(api(cast.agency_admin).put(path, {**body, "predikat": "kurang"}))["predikat_label"] == "Kurang"  # fmt: skip
    assert UnitPredikat.objects.get().predikat == "kurang"


def test_evaluations_are_opened_by_the_agency_admin(cast, approved, may, api):
    body = {"year_id": approved["year"].pk, "period_id": may.pk}
    before = written()
    for who in (cast.supervisor, cast.employee, cast.auditor, cast.pimpinan):
        error(api(who).post("/evaluations/open", body), 403, "forbidden")
    error(api(cast.outsider).post("/evaluations/open", body), 404, "not_found")
    other = approved["year"].periods.get(number=4)
    err = error(
        api(cast.agency_admin).post("/evaluations/open", {**body, "period_id": 999999}), 422
    )
    assert "Periode tidak ditemukan" in err["message"]
    assert written() == before
    assert ok(api(cast.agency_admin).post("/evaluations/open", body)) == {"created": 1}
    assert ok(api(cast.agency_admin).post("/evaluations/open", body)) == {"created": 0}
    assert ok(api(cast.agency_admin).post("/evaluations/open", {**body, "period_id": other.pk})) == {"created": 1}  # fmt: skip
    assert ok(api(cast.supervisor).get("/evaluations?as_rater=true"))["count"] == 2


# ---------------------------------------------------------------- lists, filters, queries


def test_the_list_filters(cast, approved, evaluation, may, api):
    april = approved["year"].periods.get(number=4)
    services.evaluations_open(year=approved["year"], period=april, actor=cast.agency_admin)
    services.evaluations_open(year=approved["year"], actor=cast.agency_admin)  # annual
    siti, budi = api(cast.supervisor), api(cast.employee)
    everything = ok(siti.get("/evaluations"))
    assert everything["count"] == 3
    assert [r["kind"] for r in everything["results"]] == ["annual", "periodic", "periodic"]
    assert [r["period"]["number"] for r in everything["results"][1:]] == [4, 5]
    assert ok(siti.get(f"/evaluations?period_id={may.pk}"))["results"][0]["id"] == evaluation.pk
    assert ok(siti.get("/evaluations?kind=annual"))["count"] == 1
    assert ok(siti.get("/evaluations?year=2026&status=open"))["count"] == 3
    assert ok(siti.get("/evaluations?year=2025"))["count"] == 0
    assert ok(siti.get("/evaluations?status=final"))["count"] == 0
    assert ok(siti.get(f"/evaluations?pegawai_id={cast.employee.pk}"))["count"] == 3
    assert ok(siti.get("/evaluations?as_rater=true"))["count"] == 3
    assert ok(siti.get("/evaluations?mine=true"))["count"] == 0
    assert ok(budi.get("/evaluations?as_rater=true"))["count"] == 0
    assert (
        ok(budi.get("/evaluations?mine=true&status=&period_id="))["count"] == 3
    )  # blank: not given
    page = ok(siti.get("/evaluations?page_size=1&page=2"))
    assert (page["count"], page["page"], page["page_size"], len(page["results"])) == (3, 2, 1, 1)
    assert ok(api(cast.peer).get(f"/evaluations?pegawai_id={cast.employee.pk}"))["count"] == 0


def count_queries(client, path):
    client.get(API + path)  # token "last used" stamp and other first-call work
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(API + path).status_code == 200
    return len(ctx)


def test_list_queries_do_not_grow(cast, approved, evaluation, respondents, api):
    services.peer_nominate(evaluation=evaluation, respondents=[(p, "peer") for p in respondents],
                           actor=cast.supervisor.user)  # fmt: skip
    clients = [(api(cast.supervisor).client, "/evaluations"), (api(cast.employee).client, "/evaluations?mine=true"),
               (api(cast.agency_admin).client, "/evaluations?year=2026"), (api(cast.peer).client, "/peer-requests?state=all")]  # fmt: skip
    small = [count_queries(c, p) for c, p in clients]
    for n in (1, 2, 3, 4):
        period = approved["year"].periods.get(number=n)
        services.evaluations_open(year=approved["year"], period=period, actor=cast.agency_admin)
        ev = Evaluation.objects.get(period=period)
        services.peer_nominate(evaluation=ev, respondents=[(cast.peer, "subordinate")],
                               actor=cast.supervisor.user)  # fmt: skip
    assert [count_queries(c, p) for c, p in clients] == small
    assert ok(api(cast.peer).get("/peer-requests?state=all"))["count"] == 5
    assert max(small) <= 10


# ---------------------------------------------------------------- OpenAPI


def test_the_endpoints_are_in_the_openapi_document(client):
    schema = client.get(f"{API}/openapi.json").json()
    expected = {
        "/api/v1/evaluations": {"get"},
        "/api/v1/evaluations/open": {"post"},
        "/api/v1/evaluations/{evaluation_id}": {"get"},
        "/api/v1/evaluations/{evaluation_id}/self-assessment": {"get", "put"},
        "/api/v1/evaluations/{evaluation_id}/peer-requests": {"post"},
        "/api/v1/evaluations/{evaluation_id}/peer-summary": {"get"},
        "/api/v1/evaluations/{evaluation_id}/suggestion": {"post"},
        "/api/v1/evaluations/{evaluation_id}/rating": {"put"},
        "/api/v1/evaluations/{evaluation_id}/curve": {"get"},
        "/api/v1/evaluations/{evaluation_id}/finalise": {"post"},
        "/api/v1/evaluations/{evaluation_id}/acknowledge": {"post"},
        "/api/v1/evaluations/{evaluation_id}/objection": {"post"},
        "/api/v1/evaluations/{evaluation_id}/objection/decision": {"post"},
        "/api/v1/peer-requests": {"get"},
        "/api/v1/peer-requests/{request_id}/answer": {"post"},
        "/api/v1/units/{unit_id}/predikat": {"put"},
    }
    for path, methods in expected.items():
        assert set(schema["paths"][path]) == methods, path
        for operation in schema["paths"][path].values():
            assert operation["tags"] == ["penilaian"]
            assert "401" in operation["responses"]
    # No answer schema has a place for a respondent (only the nominating input names people).
    outputs = {
        n: d for n, d in schema["components"]["schemas"].items() if n.endswith(("Out", "Page"))
    }
    assert "PeerRequestOut" in outputs and "PeerSummaryOut" in outputs
    for name, definition in outputs.items():
        assert not {"respondent", "respondent_id", "respondents"} & set(
            definition.get("properties", {})
        ), name
