"""The evaluation pages: who sees what (the role × object matrix, forbidden == 404), what Budi
sees before and after Siti finalises, every bad input of the issue through the forms (the
service's message, nothing written), 360° anonymity in every page, and pages whose query count
stays constant as indicators, entries and evaluations grow."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.activity import services as act
from kinerja.activity.models import DailyEntry, Evidence, Feedback
from kinerja.evaluation import services
from kinerja.evaluation.models import (
    Evaluation,
    EvaluationTransition,
    Objection,
    PeerRequest,
    SelfAssessment,
)
from kinerja.evaluation.views_pages import pdf_url
from kinerja.organisation.tests.factories import PegawaiFactory, make_nip
from kinerja.planning.models import BehaviourValue, Indicator

pytestmark = pytest.mark.django_db

MINE = reverse("evaluation:mine")
TEAM = reverse("evaluation:team")
INBOX = reverse("evaluation:peer_inbox")
OBJECTIONS = reverse("evaluation:objections")


def url(name, ev):
    return reverse(f"evaluation:{name}", args=[ev.pk])


def html(response):
    return response.content.decode()


def rate_data(**kw):
    data = {"hasil_kerja": "sesuai", "perilaku": "sesuai", "feedback": "", "departure_reason": "",
            "action": "save"}  # fmt: skip
    data.update(kw)
    return data


def finalised(cast, ev, hasil="sesuai", perilaku="sesuai"):
    services.evaluation_rate(evaluation=ev, actor=cast.supervisor.user, hasil_kerja=hasil, perilaku=perilaku,
                             feedback="Pertahankan ketelitian")  # fmt: skip
    return services.evaluation_finalise(evaluation=ev, actor=cast.supervisor.user)


def answers(rating="sesuai", comment=""):
    data = {}
    for v in BehaviourValue.objects.all():
        data[f"val_{v.pk}_rating"] = rating
        data[f"val_{v.pk}_comment"] = comment
    return data


def respondents(cast, n):
    people = []
    for i in range(n):
        p = PegawaiFactory(instansi=cast.pendidikan, unit=cast.bidang, atasan=cast.supervisor,
                           nip=make_nip(700 + i), name=f"Responden Rahasia {i}")  # fmt: skip
        p.user = User.objects.create_user(username=p.nip, password="x")
        p.save()
        people.append(p)
    return people


# ---------------------------------------------------------------- who sees what


@pytest.mark.parametrize(
    ("persona", "status"),
    [("employee", 200), ("supervisor", 200), ("head", 200), ("peer", 404), ("outsider", 404),
     ("agency_admin", 200), ("pimpinan", 200), ("bkpsdm_admin", 200)],
)  # fmt: skip
def test_the_evaluation_page_by_role(cast, evaluation, client_for, persona, status):
    assert client_for(cast.user(persona)).get(url("detail", evaluation)).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("employee", 200), ("supervisor", 404), ("head", 404), ("peer", 404), ("outsider", 404),
     ("agency_admin", 404)],
)  # fmt: skip
def test_only_the_employee_has_a_self_assessment_page(
    cast, evaluation, client_for, persona, status
):
    assert (
        client_for(cast.user(persona)).get(url("self_assessment", evaluation)).status_code == status
    )


def test_the_rater_gets_the_rating_screen_others_read(cast, evaluation, client_for):
    siti = html(client_for(cast.supervisor).get(url("detail", evaluation)))
    assert 'id="rate-form"' in siti and "Perbarui saran" in siti
    for who in (cast.head, cast.agency_admin, cast.employee):
        page = html(client_for(who).get(url("detail", evaluation)))
        assert 'id="rate-form"' not in page and "Minta masukan 360°" not in page


def test_lists_and_nav(cast, evaluation, client_for):
    budi = html(client_for(cast.employee).get(MINE))
    assert "Mei" in budi or evaluation.period.name in budi
    assert url("self_assessment", evaluation) in budi and 'href="/penilaian/"' in budi
    siti = html(client_for(cast.supervisor).get(TEAM))
    assert "Budi Santoso" in siti and url("detail", evaluation) in siti
    # the outsider rates nobody, the head rates nobody here
    assert "Budi Santoso" not in html(client_for(cast.head).get(TEAM))
    assert client_for(cast.auditor).get(MINE).status_code == 404  # no employee record
    for garbage in ({"period": "abc"}, {"status": "hebat"}, {"page": "x"}, {"period": "tahunan"}):
        assert client_for(cast.supervisor).get(TEAM, garbage).status_code == 200
    r = client_for(cast.supervisor).get(TEAM, {"status": "final"})
    assert "Budi Santoso" not in html(r)


def test_the_employee_sees_no_rating_before_final(cast, evaluation, client_for):
    services.evaluation_rate(evaluation=evaluation, actor=cast.supervisor.user, hasil_kerja="di_atas",
                             perilaku="di_atas", feedback="Umpan balik rahasia draf")  # fmt: skip
    budi = client_for(cast.employee)
    for page in (html(budi.get(MINE)), html(budi.get(url("detail", evaluation)))):
        assert "Sangat Baik" not in page and "Umpan balik rahasia draf" not in page
    assert "Umpan balik rahasia draf" in html(client_for(cast.head).get(url("detail", evaluation)))
    services.evaluation_finalise(evaluation=evaluation, actor=cast.supervisor.user)
    page = html(budi.get(url("detail", evaluation)))
    assert "Mengapa predikat ini" in page and "Sangat Baik" in page
    assert "Umpan balik rahasia draf" in page and "Riwayat status" in page
    assert "Sangat Baik" in html(budi.get(MINE))


# ---------------------------------------------------------------- the employee's self-assessment


def test_budi_assesses_himself(cast, evaluation, approved, client_for):
    v = BehaviourValue.objects.order_by("order").first()
    data = {"comment": "Target tercapai", f"ind_{approved['count'].pk}_rating": "sesuai",
            f"ind_{approved['count'].pk}_comment": "5 sekolah", f"val_{v.pk}_rating": "di_atas"}  # fmt: skip
    r = client_for(cast.employee).post(url("self_assessment", evaluation), data)
    assert r.status_code == 302
    sa = SelfAssessment.objects.get(evaluation=evaluation)
    assert sa.indicators[str(approved["count"].pk)] == {"rating": "sesuai", "comment": "5 sekolah"}
    assert sa.values[str(v.pk)]["rating"] == "di_atas"
    # Siti sees it on her screen
    page = html(client_for(cast.supervisor).get(url("detail", evaluation)))
    assert "5 sekolah" in page and "Target tercapai" in page


def test_self_assessment_bad_input_writes_nothing(cast, evaluation, approved, client_for):
    budi = client_for(cast.employee)
    ind = approved["count"].pk
    r = budi.post(url("self_assessment", evaluation), {f"ind_{ind}_rating": "hebat"})
    assert r.status_code == 400
    r = budi.post(url("self_assessment", evaluation), {f"ind_{ind}_comment": "tanpa rating"})
    assert r.status_code == 400 and "Pilih rating untuk komentar ini." in html(r)
    assert not SelfAssessment.objects.exists()
    finalised(cast, evaluation)
    r = budi.post(url("self_assessment", evaluation), {f"ind_{ind}_rating": "sesuai"})
    assert r.status_code == 400 and "sudah final" in html(r)
    assert not SelfAssessment.objects.exists()


# ---------------------------------------------------------------- the rater's screen


def test_the_rater_sees_numbers_evidence_and_feedback(cast, evaluation, approved, client_for):
    entry = DailyEntry.objects.filter(indicator=approved["count"]).first()
    Evidence.objects.create(entry=entry, kind="link", url="https://drive.example.go.id/dapodik")
    act.feedback_give(actor=cast.supervisor.user, pegawai=cast.employee, indicator=approved["count"],
                      text="Bagus, lanjutkan verifikasi")  # fmt: skip
    page = html(client_for(cast.supervisor).get(url("detail", evaluation)))
    assert "Sekolah diverifikasi datanya" in page and "12 sekolah" in page
    assert (
        ">5<" in page and "100,81%" in page
    )  # realisation and periodic capaian, Indonesian numbers
    assert "1 bukti terverifikasi" in page and "drive.example.go.id/dapodik" in page
    assert "Bagus, lanjutkan verifikasi" in page
    assert 'id="matrix-data"' in page and "<script>" not in page and " onclick=" not in page


def test_refreshing_the_suggestion_stores_it_with_reasons(cast, evaluation, client_for):
    r = client_for(cast.supervisor).post(url("suggest", evaluation))
    assert r.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.suggestion_reasons and evaluation.indicator_snapshot
    page = html(client_for(cast.supervisor).get(url("detail", evaluation)))
    assert evaluation.suggestion_reasons[0] in page
    # an outsider cannot; the employee is refused without a write
    assert client_for(cast.outsider).post(url("suggest", evaluation)).status_code == 404
    assert client_for(cast.employee).post(url("suggest", evaluation)).status_code == 404


def test_siti_rates_and_finalises(cast, evaluation, client_for):
    siti = client_for(cast.supervisor)
    v = BehaviourValue.objects.order_by("order").first()
    r = siti.post(url("rate", evaluation), rate_data(hasil_kerja="di_atas", perilaku="sesuai",
                                                     **{f"bf_{v.pk}": "Ramah melayani sekolah"}))  # fmt: skip
    assert r.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.predikat) == ("open", "baik")
    assert evaluation.behaviour_feedback.get(value=v).feedback == "Ramah melayani sekolah"
    page = html(siti.get(url("detail", evaluation)))
    assert "Ramah melayani sekolah" in page and "table-primary" in page  # the matrix cell
    r = siti.post(
        url("rate", evaluation),
        rate_data(hasil_kerja="di_atas", perilaku="sesuai", action="finalise"),
    )
    assert r.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "final" and evaluation.objection_deadline
    assert list(evaluation.transitions.values_list("to_status", flat=True)) == ["open", "final"]
    # final: Siti reads it now, and cannot rate again
    page = html(siti.get(url("detail", evaluation)))
    assert 'id="rate-form"' not in page and "Riwayat status" in page
    r = siti.post(url("rate", evaluation), rate_data(hasil_kerja="di_bawah"), follow=True)
    assert "sudah final" in html(r)
    evaluation.refresh_from_db()
    assert evaluation.rating_hasil_kerja == "di_atas"


def test_rating_someone_not_your_subordinate(cast, evaluation, client_for):
    assert client_for(cast.outsider).post(url("rate", evaluation), rate_data()).status_code == 404
    assert client_for(cast.peer).post(url("rate", evaluation), rate_data()).status_code == 404
    r = client_for(cast.head).post(url("rate", evaluation), rate_data(), follow=True)
    assert "Hanya pejabat penilai pegawai ini yang dapat menilai." in html(r)
    r = client_for(cast.agency_admin).post(
        url("rate", evaluation), rate_data(action="finalise"), follow=True
    )
    assert "Hanya pejabat penilai" in html(r)
    evaluation.refresh_from_db()
    assert (evaluation.rating_hasil_kerja, evaluation.status) == ("", "open")


def test_finalising_with_a_missing_rating_writes_nothing(cast, evaluation, client_for):
    r = client_for(cast.supervisor).post(url("rate", evaluation),
                                         rate_data(perilaku="", feedback="Draf", action="finalise"))  # fmt: skip
    assert r.status_code == 400 and "Lengkapi rating perilaku kerja sebelum memfinalkan." in html(r)
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.rating_hasil_kerja, evaluation.feedback) == (
        "open",
        "",
        "",
    )


def test_departing_without_a_reason_writes_nothing(cast, evaluation, client_for):
    Evaluation.objects.filter(pk=evaluation.pk).update(suggested_rating="sesuai")
    siti = client_for(cast.supervisor)
    r = siti.post(url("rate", evaluation), rate_data(hasil_kerja="di_atas", action="finalise"))
    page = html(r)
    assert (
        r.status_code == 400
        and "berbeda dari saran sistem" in page
        and "tuliskan alasannya" in page
    )
    assert "border-warning" in page  # the reason field is shown prominently
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.rating_hasil_kerja) == ("open", "")
    r = siti.post(url("rate", evaluation), rate_data(hasil_kerja="di_atas", action="finalise",
                                                     departure_reason="Migrasi Dapodik di luar target"))  # fmt: skip
    assert r.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "final" and evaluation.departure_reason.startswith("Migrasi")
    page = html(client_for(cast.employee).get(url("detail", evaluation)))
    assert "Migrasi Dapodik di luar target" in page and "berbeda dari saran" in page


def test_a_curve_breach_is_warned_then_acknowledged(cast, evaluation, may, client_for):
    services.unit_predikat_set(unit=cast.bidang, period=may, predikat="baik", actor=cast.head.user)
    siti = client_for(cast.supervisor)
    r = siti.post(url("rate", evaluation), rate_data(action="finalise"))
    page = html(r)
    assert r.status_code == 200 and "Saya sudah melihat peringatan ini" in page
    assert "kurva" in page and 'name="acknowledge_curve"' in page
    assert "<li>Sebaran predikat" not in page and "<li>Tinjau kembali" not in page
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.rating_hasil_kerja) == ("open", "")
    r = siti.post(url("rate", evaluation), rate_data(action="finalise", acknowledge_curve="on"))
    assert r.status_code == 302
    evaluation.refresh_from_db()
    assert (
        evaluation.status == "final"
        and evaluation.curve_warnings
        and evaluation.curve_acknowledged_at
    )
    # The rater's superior sees the acknowledged warning; the employee does not (it counts
    # colleagues' predikat), neither in the result nor in the finalising note of the history.
    page = html(client_for(cast.head).get(url("detail", evaluation)))
    assert "Peringatan kurva distribusi" in page and evaluation.curve_warnings[0] in page
    page = html(client_for(cast.employee).get(url("detail", evaluation)))
    assert "Peringatan kurva distribusi" not in page and evaluation.curve_warnings[0] not in page


def test_a_closed_period_is_read_only(cast, evaluation, may, client_for):
    may.is_closed = True
    may.save()
    r = client_for(cast.supervisor).post(url("rate", evaluation), rate_data())
    assert r.status_code == 400 and "sudah ditutup" in html(r)
    evaluation.refresh_from_db()
    assert evaluation.rating_hasil_kerja == ""
    r = client_for(cast.employee).post(url("self_assessment", evaluation), {"comment": "x"})
    assert "sudah ditutup" in html(r) and not SelfAssessment.objects.exists()


def test_garbage_never_500s(cast, evaluation, client_for):
    siti = client_for(cast.supervisor)
    for bad in ("hebat", "1" * 500):
        r = siti.post(url("rate", evaluation), rate_data(hasil_kerja=bad))
        assert r.status_code == 400
    evaluation.refresh_from_db()
    assert evaluation.rating_hasil_kerja == ""
    assert siti.get("/penilaian/999999/").status_code == 404
    assert siti.get(url("rate", evaluation)).status_code == 405
    r = siti.post(
        url("nominate", evaluation), {"respondents": ["abc", "99999"], "relation": "peer"}
    )
    assert r.status_code == 400 and not PeerRequest.objects.exists()
    r = siti.post(
        url("nominate", evaluation), {"respondents": [cast.outsider.pk], "relation": "peer"}
    )
    assert r.status_code == 400 and not PeerRequest.objects.exists()  # another agency
    r = siti.post(url("nominate", evaluation), {"respondents": [cast.peer.pk], "relation": "bos"})
    assert r.status_code == 400 and not PeerRequest.objects.exists()


def test_the_pdf_link_appears_only_when_it_can_be_reversed(cast, evaluation, client_for):
    finalised(cast, evaluation)
    link = pdf_url(evaluation)
    page = html(client_for(cast.employee).get(url("detail", evaluation)))
    assert (link in page) if link else ("Unduh PDF" not in page)


# ---------------------------------------------------------------- 360°


def test_360_from_nomination_to_anonymous_summary(cast, evaluation, client_for):
    people = [cast.peer, *respondents(cast, 2)]
    siti = client_for(cast.supervisor)
    assert "Dewi Lestari" in html(siti.get(url("detail", evaluation)))  # offered before asked
    r = siti.post(
        url("nominate", evaluation), {"respondents": [p.pk for p in people], "relation": "peer"}
    )
    assert r.status_code == 302 and PeerRequest.objects.count() == 3
    reqs = {r.respondent_id: r for r in PeerRequest.objects.all()}
    # the respondent's inbox and answer
    dewi = client_for(cast.peer)
    inbox = html(dewi.get(INBOX))
    assert (
        "Budi Santoso" in inbox
        and reverse("evaluation:peer_answer", args=[reqs[cast.peer.pk].pk]) in inbox
    )
    answer_url = reverse("evaluation:peer_answer", args=[reqs[cast.peer.pk].pk])
    assert dewi.get(answer_url).status_code == 200
    # someone else's request looks missing
    assert client_for(people[1]).get(answer_url).status_code == 404
    assert client_for(cast.supervisor).get(answer_url).status_code == 404
    # all seven values are needed
    partial = answers("di_atas", "Sangat membantu")
    partial.pop(next(iter(partial)))
    r = dewi.post(answer_url, partial)
    assert r.status_code == 400
    assert PeerRequest.objects.get(pk=reqs[cast.peer.pk].pk).answered_at is None
    assert dewi.post(answer_url, answers("di_atas", "Sangat membantu")).status_code == 302
    # answering twice shows the service's message and changes nothing
    r = dewi.post(answer_url, answers("di_bawah", "Ubah"))
    assert r.status_code == 400 and "Anda sudah menjawab permintaan ini" in html(r)
    assert PeerRequest.objects.get(pk=reqs[cast.peer.pk].pk).answers[str(BehaviourValue.objects.first().pk)]["rating"] == "di_atas"  # fmt: skip
    # under the minimum: counts only
    page = html(siti.get(url("detail", evaluation)))
    assert "1 dari 3 menjawab" in page and "Sangat membantu" not in page
    for p in people[1:]:
        r = client_for(p).post(
            reverse("evaluation:peer_answer", args=[reqs[p.pk].pk]), answers("sesuai", "Rapi")
        )
        assert r.status_code == 302
    page = html(siti.get(url("detail", evaluation)))
    assert "3 dari 3 menjawab" in page and "Sangat membantu" in page and "Rapi" in page
    # Budi, once final, sees the summary too; nobody ever sees who answered
    evaluation = finalised(cast, evaluation)
    services.objection_file(evaluation=evaluation, actor=cast.employee.user, reasons="Cek ulang")
    pages = [
        html(client_for(who).get(url("detail", evaluation)))
        for who in (cast.supervisor, cast.employee, cast.head, cast.agency_admin, cast.bkpsdm_admin)
    ]
    pages += [html(client_for(cast.head).get(url("decide", evaluation))),
              html(client_for(cast.supervisor).get(TEAM)), html(client_for(cast.employee).get(MINE))]  # fmt: skip
    for page in pages:
        for p in people:
            assert p.name not in page and p.nip not in page


def test_answering_360_for_yourself(cast, evaluation, client_for):
    req = PeerRequest.objects.create(
        evaluation=evaluation, respondent=cast.employee, relation="peer"
    )
    budi = client_for(cast.employee)
    answer_url = reverse("evaluation:peer_answer", args=[req.pk])
    assert answer_url not in html(budi.get(INBOX))
    r = budi.post(answer_url, answers())
    assert r.status_code == 400 and "Anda tidak dapat menilai diri sendiri dalam 360°." in html(r)
    req.refresh_from_db()
    assert req.answered_at is None
    r = client_for(cast.supervisor).post(url("nominate", evaluation),
                                         {"respondents": [cast.employee.pk], "relation": "peer"})  # fmt: skip
    assert r.status_code == 400  # not offered: the evaluatee is never a choice


def test_360_after_final_is_closed(cast, evaluation, client_for):
    req = PeerRequest.objects.create(evaluation=evaluation, respondent=cast.peer, relation="peer")
    finalised(cast, evaluation)
    r = client_for(cast.peer).post(reverse("evaluation:peer_answer", args=[req.pk]), answers())
    assert r.status_code == 400 and "sudah final" in html(r)
    req.refresh_from_db()
    assert req.answered_at is None


# ---------------------------------------------------------------- acknowledge and object


def test_budi_acknowledges_objects_and_hendra_decides(cast, evaluation, client_for):
    finalised(cast, evaluation, hasil="di_bawah")
    budi = client_for(cast.employee)
    page = html(budi.get(url("detail", evaluation)))
    assert "Batas pengajuan keberatan" in page and "29 Mei 2026" in page
    assert budi.post(url("acknowledge", evaluation)).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "acknowledged"
    # empty reasons: the service's message, nothing filed
    r = budi.post(url("object", evaluation), {"reasons": "  "})
    assert r.status_code == 400 and "Tuliskan alasan keberatan Anda." in html(r)
    assert not Objection.objects.exists()
    assert (
        budi.post(url("object", evaluation), {"reasons": "Data April belum dihitung"}).status_code
        == 302
    )
    evaluation.refresh_from_db()
    assert evaluation.status == "objected"
    # the decision page is Hendra's alone
    for who in (cast.employee, cast.supervisor, cast.peer, cast.outsider, cast.agency_admin):
        assert client_for(who).get(url("decide", evaluation)).status_code == 404
    hendra = client_for(cast.head)
    assert "Data April belum dihitung" in html(hendra.get(OBJECTIONS))
    page = html(hendra.get(url("decide", evaluation)))
    assert "Data April belum dihitung" in page and "Butuh Perbaikan" in page
    r = hendra.post(url("decide", evaluation), {"decision": "changed", "decision_text": "Benar"})
    assert r.status_code == 400 and "Tetapkan kedua rating baru bila penilaian diubah." in html(r)
    r = hendra.post(url("decide", evaluation), {"decision": "upheld", "decision_text": " "})
    assert r.status_code == 400 and "Tuliskan pertimbangan keputusan." in html(r)
    evaluation.refresh_from_db()
    assert evaluation.status == "objected" and not Objection.objects.get().decided_at
    r = hendra.post(url("decide", evaluation), {"decision": "changed", "decision_text": "Data April terbukti",
                                                "hasil_kerja": "sesuai", "perilaku": "sesuai"})  # fmt: skip
    assert r.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.predikat) == ("decided", "baik")
    page = html(budi.get(url("detail", evaluation)))
    assert "Data April terbukti" in page and "Penilaian diubah" in page
    trail = list(
        EvaluationTransition.objects.filter(evaluation=evaluation).values_list(
            "to_status", flat=True
        )
    )
    assert trail == ["open", "final", "acknowledged", "objected", "decided"]
    r = hendra.post(url("decide", evaluation), {"decision": "upheld", "decision_text": "Lagi"})
    assert r.status_code == 400 and "sudah diputus" in html(r)
    assert Objection.objects.get().decision_text == "Data April terbukti"


def test_objection_on_a_non_final_evaluation_or_after_the_deadline(cast, evaluation, today, monkeypatch,
                                                                   client_for):  # fmt: skip
    budi = client_for(cast.employee)
    r = budi.post(url("object", evaluation), {"reasons": "Terlalu cepat"})
    assert r.status_code == 400 and "hanya dapat diajukan atas penilaian yang sudah final" in html(
        r
    )
    assert not Objection.objects.exists()
    finalised(cast, evaluation)
    late = today + datetime.timedelta(days=30)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: late)
    page = html(budi.get(url("detail", evaluation)))
    assert "Batas waktu sudah lewat." in page and "Ajukan keberatan</button>" not in page
    r = budi.post(url("object", evaluation), {"reasons": "Data April belum dihitung"})
    assert r.status_code == 400 and "sudah lewat" in html(r)
    assert not Objection.objects.exists()
    evaluation.refresh_from_db()
    assert evaluation.status == "final"
    # nobody else objects on Budi's behalf
    assert (
        client_for(cast.supervisor).post(url("object", evaluation), {"reasons": "x"}).status_code
        == 404
    )
    assert client_for(cast.supervisor).post(url("acknowledge", evaluation)).status_code == 404


# ---------------------------------------------------------------- query counts


def _grow_screen(cast, approved, n):
    """n more indicators on Budi's SKP, each with two verified entries, evidence and feedback."""
    for i in range(n):
        ind = Indicator.objects.create(rhk=approved["rhk"], text=f"Indikator tambahan {i}",
                                       target_value=Decimal(10), target_unit="dokumen", order=10 + i)  # fmt: skip
        for day in (datetime.date(2026, 5, 4), datetime.date(2026, 5, 5)):
            e = act.entry_save(entry=DailyEntry(rhk=approved["rhk"], indicator=ind, date=day,
                                                start_time=datetime.time(8), end_time=datetime.time(9),
                                                activity=f"Kerja {i}", quantity=Decimal(1)),
                               actor=cast.employee.user)  # fmt: skip
            act.entry_submit(entries=[e], actor=cast.employee.user)
            act.entry_review(entries=[e], actor=cast.supervisor.user, accept=True)
            Evidence.objects.create(entry=e, kind="link", url=f"https://bukti.example.go.id/{e.pk}")
        Feedback.objects.create(
            pegawai=cast.employee, author=cast.supervisor.user, indicator=ind, text=f"Catatan {i}"
        )


@pytest.mark.parametrize("persona", ["supervisor", "employee", "head"])
def test_the_evaluation_page_keeps_a_constant_query_count(
    cast, approved, evaluation, client_for, persona
):
    c = client_for(cast.user(persona))
    if persona == "employee":
        finalised(cast, evaluation)
    _grow_screen(cast, approved, 2)
    if persona == "employee":
        Evaluation.objects.filter(pk=evaluation.pk).update(
            indicator_snapshot=services.suggestion_for(evaluation).indicators
        )
    with CaptureQueriesContext(connection) as small:
        assert c.get(url("detail", evaluation)).status_code == 200
    _grow_screen(cast, approved, 8)
    if persona == "employee":
        Evaluation.objects.filter(pk=evaluation.pk).update(
            indicator_snapshot=services.suggestion_for(evaluation).indicators
        )
    with CaptureQueriesContext(connection) as large:
        page = html(c.get(url("detail", evaluation)))
    assert "Indikator tambahan 7" in page
    assert len(large) == len(small), [q["sql"][:150] for q in large.captured_queries]
    assert len(large) <= 40, [q["sql"][:150] for q in large.captured_queries]


def _grow_team(cast, approved, evaluation, numbers):
    base = {f: getattr(evaluation, f) for f in ("skp_id", "pegawai_id", "rater_id", "rater_superior_id",
                                                "instansi_id", "unit_id", "jabatan_id", "policy_key")}  # fmt: skip
    for n in numbers:
        ev = Evaluation.objects.create(
            period=approved["year"].periods.get(number=n), kind="periodic", **base
        )
        PeerRequest.objects.create(evaluation=ev, respondent=cast.peer, relation="peer")
        SelfAssessment.objects.create(evaluation=ev)


@pytest.mark.parametrize("name", ["team", "mine", "peer_inbox"])
def test_lists_keep_a_constant_query_count(cast, approved, evaluation, client_for, name):
    persona = {"team": cast.supervisor, "mine": cast.employee, "peer_inbox": cast.peer}[name]
    c = client_for(persona)
    _grow_team(cast, approved, evaluation, [1, 2])
    with CaptureQueriesContext(connection) as small:
        assert c.get(reverse(f"evaluation:{name}")).status_code == 200
    _grow_team(cast, approved, evaluation, [3, 4, 6, 7, 8, 9, 10])
    with CaptureQueriesContext(connection) as large:
        assert c.get(reverse(f"evaluation:{name}")).status_code == 200
    assert len(large) == len(small), [q["sql"][:150] for q in large.captured_queries]
    assert len(large) <= 15, [q["sql"][:150] for q in large.captured_queries]
