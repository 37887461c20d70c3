"""Evaluation endpoints (penilaian): the periodic and annual evaluations, self-assessment, 360°
input, the rater's ratings, the curve check, finalising, the employee's acknowledgement and
objection, the decision on it, the organisation predikat and opening evaluations for a period.

Reads start from `Evaluation.objects.visible_to(user)`, exactly like the pages, so an evaluation
one may not see answers 404 like one that does not exist. Writes call the same services as the
pages: a refusal of someone who may see the object but may not act on it (PermissionDenied)
answers 403, a broken rule (ValidationError) 422 with the service's message.

Two things are never shown, whatever the endpoint:
- the evaluatee does not see ratings, predikat, suggestion or feedback while the evaluation is
  open (`permissions.employee_sees_result`), nor the curve warnings (they describe colleagues);
- nobody sees who was asked or who answered a 360° request of someone else: nominating answers a
  count, the summary is aggregated by relation and hidden below the minimum, and the only
  endpoint that lists requests lists the caller's own."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from kinerja.activity.api import QueryParams
from kinerja.organisation.api import (
    MAX_ID,
    Id,
    JabatanRef,
    PageQuery,
    PegawaiRef,
    UnitRef,
    page_of,
    paginate,
)
from kinerja.organisation.models import Pegawai
from kinerja.organisation.permissions import access_for, get_unit_for_user
from kinerja.planning.api import PeriodOut
from kinerja.planning.models import BehaviourValue, Period
from kinerja.planning.permissions import get_year_for_user

from . import choices, services
from .models import (
    BehaviourFeedback,
    Evaluation,
    EvaluationTransition,
    Objection,
    PeerRequest,
    SelfAssessment,
    UnitPredikat,
)
from .permissions import employee_sees_result, get_evaluation_for_user, is_evaluatee

router = Router(tags=["penilaian"])

MAX_TEXT = 5000
MAX_RESPONDENTS = 50


def _path_id(what: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=f"ID {what}.")


def _one_of(values: list[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


RATINGS = _one_of(choices.Rating.values)


@contextmanager
def _acting() -> Iterator[None]:
    """Run a service: "may see but may not act" becomes 403 in the API's error shape; a broken
    rule (ValidationError) goes on to the API's 422 handler with the service's message."""
    try:
        yield
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("Anda tidak berwenang melakukan tindakan ini.")) from exc


def _me(user: Any) -> Pegawai:
    me = access_for(user).pegawai
    if me is None:
        raise ValidationError(_("Akun Anda belum terhubung dengan data pegawai."))
    return me


def _label(choices_cls: Any, value: str | None) -> str | None:
    return str(choices_cls(value).label) if value else None


# ---------------------------------------------------------------- output schemas


class IndicatorResultOut(Schema):
    """Capaian satu indikator, dasar saran rating hasil kerja."""

    indicator_id: int = Field(..., description="ID indikator.")
    rhk: str = Field(..., description="Rencana hasil kerja.")
    utama: bool = Field(..., description="RHK utama (bukan tambahan).")
    indicator: str = Field(..., description="Indikator.")
    target: str = Field(..., description="Target sebagaimana dicetak.")
    realisation: str | None = Field(..., description="Realisasi kumulatif, bila ada.")
    capaian: str | None = Field(..., description="Capaian (persen), bila dapat dihitung.")


class BehaviourFeedbackOut(Schema):
    """Umpan balik pejabat penilai atas satu nilai BerAKHLAK."""

    value_id: int = Field(..., description="ID nilai BerAKHLAK.")
    code: str = Field(..., description="Kode nilai.")
    name: str = Field(..., description="Nama nilai.")
    feedback: str = Field(..., description="Umpan balik.")


class TransitionOut(Schema):
    """Satu perubahan status penilaian."""

    from_status: str = Field(..., description="Status sebelumnya (kosong saat dibuka).")
    to_status: str = Field(..., description="Status sesudahnya.")
    actor: str | None = Field(..., description="Nama akun yang melakukan.")
    note: str | None = Field(..., description="Catatan; kosong bila tidak boleh Anda lihat.")
    created_at: datetime.datetime = Field(..., description="Waktu.")


class ObjectionOut(Schema):
    """Keberatan pegawai dan keputusan atasan pejabat penilai."""

    reasons: str = Field(..., description="Alasan keberatan.")
    filed_at: datetime.datetime = Field(..., description="Waktu diajukan.")
    decision: str | None = Field(
        ..., description="Keputusan: " + _one_of(choices.ObjectionDecision.values) + "."
    )
    decision_label: str | None = Field(..., description="Nama keputusan.")
    decision_text: str = Field(..., description="Pertimbangan keputusan.")
    decided_at: datetime.datetime | None = Field(..., description="Waktu diputus.")


class EvaluationOut(Schema):
    """Ringkasan penilaian kinerja. Rating, predikat dan saran bernilai `null` bila belum ada,
    atau bila Anda pegawai yang dinilai dan penilaian belum final (`result_visible: false`)."""

    id: int = Field(..., description="ID penilaian.")
    kind: str = Field(..., description="Jenis: " + _one_of(choices.Kind.values) + ".")
    kind_label: str = Field(..., description="Nama jenis.")
    status: str = Field(..., description="Status: " + _one_of(choices.Status.values) + ".")
    status_label: str = Field(..., description="Nama status.")
    year: int = Field(..., description="Tahun kinerja.")
    period: PeriodOut | None = Field(..., description="Periode (kosong untuk penilaian tahunan).")
    skp_id: int = Field(..., description="ID SKP yang dinilai.")
    pegawai: PegawaiRef = Field(..., description="Pegawai yang dinilai.")
    rater: PegawaiRef | None = Field(..., description="Pejabat penilai kinerja.")
    rater_superior: PegawaiRef | None = Field(
        ..., description="Atasan pejabat penilai (memutus keberatan)."
    )
    instansi_id: int = Field(..., description="ID instansi saat dibuka.")
    unit: UnitRef | None = Field(..., description="Unit kerja saat dibuka.")
    jabatan: JabatanRef | None = Field(..., description="Jabatan saat dibuka.")
    policy_key: str = Field(..., description="Kebijakan penilaian yang dibekukan.")
    result_visible: bool = Field(
        ..., description="Hasil (rating, predikat, saran, umpan balik) boleh Anda lihat."
    )
    suggested_rating: str | None = Field(..., description="Saran rating hasil kerja: " + RATINGS)
    rating_hasil_kerja: str | None = Field(..., description="Rating hasil kerja: " + RATINGS)
    rating_hasil_kerja_label: str | None = Field(..., description="Nama rating hasil kerja.")
    rating_perilaku: str | None = Field(..., description="Rating perilaku kerja: " + RATINGS)
    rating_perilaku_label: str | None = Field(..., description="Nama rating perilaku kerja.")
    predikat: str | None = Field(
        ..., description="Predikat kinerja: " + _one_of(choices.Predikat.values) + "."
    )
    predikat_label: str | None = Field(..., description="Nama predikat.")
    finalised_at: datetime.datetime | None = Field(..., description="Waktu difinalkan.")
    acknowledged_at: datetime.datetime | None = Field(..., description="Waktu diterima pegawai.")
    objection_deadline: datetime.date | None = Field(..., description="Batas pengajuan keberatan.")


class EvaluationDetailOut(EvaluationOut):
    """Penilaian kinerja dengan dasar saran, umpan balik, keberatan dan riwayat status."""

    suggestion_reasons: list[str] | None = Field(..., description="Alasan saran sistem.")
    indicators: list[IndicatorResultOut] | None = Field(
        ..., description="Capaian indikator, dasar saran."
    )
    departure_reason: str | None = Field(
        ..., description="Alasan rating hasil kerja berbeda dari saran."
    )
    departs_from_suggestion: bool | None = Field(
        ..., description="Rating hasil kerja berbeda dari saran."
    )
    feedback: str | None = Field(..., description="Umpan balik hasil kerja.")
    behaviour_feedback: list[BehaviourFeedbackOut] | None = Field(
        ..., description="Umpan balik per nilai BerAKHLAK."
    )
    curve_warnings: list[str] | None = Field(
        ...,
        description="Peringatan kurva yang diakui saat difinalkan (tidak ditampilkan kepada "
        "pegawai yang dinilai).",
    )
    curve_acknowledged_at: datetime.datetime | None = Field(
        ..., description="Waktu peringatan kurva diakui."
    )
    has_self_assessment: bool = Field(..., description="Pegawai sudah mengisi penilaian diri.")
    objection: ObjectionOut | None = Field(..., description="Keberatan, bila ada.")
    transitions: list[TransitionOut] = Field(..., description="Riwayat status, terlama dahulu.")


class RatedItemOut(Schema):
    """Satu butir penilaian diri atau jawaban 360°."""

    id: int = Field(..., description="ID indikator atau nilai BerAKHLAK.")
    rating: str = Field(..., description="Rating: " + RATINGS)
    comment: str = Field(..., description="Komentar.")


class SelfAssessmentOut(Schema):
    """Penilaian diri pegawai: bahan pertimbangan pejabat penilai."""

    evaluation_id: int = Field(..., description="ID penilaian.")
    comment: str = Field(..., description="Komentar umum.")
    indicators: list[RatedItemOut] = Field(..., description="Per indikator (`id` = ID indikator).")
    values: list[RatedItemOut] = Field(..., description="Per nilai BerAKHLAK (`id` = ID nilai).")
    updated_at: datetime.datetime | None = Field(..., description="Terakhir disimpan; kosong bila belum.")  # fmt: skip


class RatingCountOut(Schema):
    di_atas: int = Field(0, description="Jumlah jawaban Di Atas Ekspektasi.")
    sesuai: int = Field(0, description="Jumlah jawaban Sesuai Ekspektasi.")
    di_bawah: int = Field(0, description="Jumlah jawaban Di Bawah Ekspektasi.")


class PeerValueOut(Schema):
    value_id: int = Field(..., description="ID nilai BerAKHLAK.")
    code: str = Field(..., description="Kode nilai.")
    name: str = Field(..., description="Nama nilai.")
    counts: RatingCountOut = Field(..., description="Jumlah jawaban per rating.")


class PeerGroupOut(Schema):
    """Jawaban 360° satu kelompok hubungan, tanpa nama."""

    relation: str = Field(..., description="Hubungan: " + _one_of(choices.Relation.values) + ".")
    relation_label: str = Field(..., description="Nama hubungan.")
    asked: int = Field(..., description="Jumlah yang diminta.")
    answered: int = Field(..., description="Jumlah yang menjawab.")
    shown: bool = Field(..., description="Jawaban cukup banyak untuk ditampilkan.")
    values: list[PeerValueOut] = Field(
        ..., description="Sebaran rating per nilai; kosong bila belum ditampilkan."
    )
    comments: list[str] = Field(
        ..., description="Komentar tanpa nama, urut abjad; kosong bila belum ditampilkan."
    )


class PeerSummaryOut(Schema):
    """Ringkasan 360° per hubungan: tanpa identitas responden."""

    evaluation_id: int = Field(..., description="ID penilaian.")
    min_respondents: int = Field(
        ..., description="Jawaban per kelompok yang diperlukan agar ditampilkan."
    )
    groups: list[PeerGroupOut] = Field(..., description="Kelompok, urut hubungan.")


class NominateOut(Schema):
    """Hasil permintaan 360°: hanya jumlah, tanpa nama."""

    created: int = Field(..., description="Permintaan baru (yang sudah diminta dilewati).")


class PeerRequestOut(Schema):
    """Permintaan 360° untuk Anda."""

    id: int = Field(..., description="ID permintaan.")
    evaluation_id: int = Field(..., description="ID penilaian.")
    pegawai: PegawaiRef = Field(..., description="Pegawai yang dimintakan masukan.")
    year: int = Field(..., description="Tahun kinerja.")
    period: PeriodOut | None = Field(..., description="Periode (kosong untuk tahunan).")
    relation: str = Field(..., description="Hubungan: " + _one_of(choices.Relation.values) + ".")
    relation_label: str = Field(..., description="Nama hubungan.")
    requested_at: datetime.datetime = Field(..., description="Waktu diminta.")
    answered_at: datetime.datetime | None = Field(..., description="Waktu Anda menjawab.")
    answers: list[RatedItemOut] = Field(..., description="Jawaban Anda (`id` = ID nilai).")

    @staticmethod
    def resolve_evaluation_id(obj: PeerRequest) -> int:
        return obj.evaluation_id

    @staticmethod
    def resolve_pegawai(obj: PeerRequest) -> Pegawai:
        return obj.evaluation.pegawai

    @staticmethod
    def resolve_year(obj: PeerRequest) -> int:
        return obj.evaluation.skp.year.year

    @staticmethod
    def resolve_period(obj: PeerRequest) -> Period | None:
        return obj.evaluation.period

    @staticmethod
    def resolve_relation_label(obj: PeerRequest) -> str:
        return str(obj.get_relation_display())

    @staticmethod
    def resolve_requested_at(obj: PeerRequest) -> datetime.datetime:
        return obj.created_at

    @staticmethod
    def resolve_answers(obj: PeerRequest) -> list[dict[str, Any]]:
        return _rated_items(obj.answers)


class CurveOut(Schema):
    """Pemeriksaan kurva sebaran predikat dengan rating saat ini."""

    evaluation_id: int = Field(..., description="ID penilaian.")
    org_predikat: str | None = Field(
        ..., description="Predikat organisasi unit pada periode ini; kosong bila belum ditetapkan."
    )
    warnings: list[str] = Field(..., description="Pelanggaran pola kurva; kosong bila sesuai.")


class OpenedOut(Schema):
    created: int = Field(..., description="Jumlah penilaian yang baru dibuka.")


class UnitPredikatOut(Schema):
    """Predikat organisasi sebuah unit kerja pada satu periode."""

    unit_id: int = Field(..., description="ID unit kerja.")
    period_id: int | None = Field(..., description="ID periode; kosong untuk tahunan.")
    predikat: str = Field(
        ..., description="Predikat organisasi: " + _one_of(choices.OrgPredikat.values) + "."
    )
    predikat_label: str = Field(..., description="Nama predikat organisasi.")
    updated_at: datetime.datetime = Field(..., description="Terakhir ditetapkan.")

    @staticmethod
    def resolve_predikat_label(obj: UnitPredikat) -> str:
        return str(obj.get_predikat_display())


# ---------------------------------------------------------------- input schemas


StatusParam = Literal[tuple(choices.Status.values)]  # type: ignore[valid-type]
KindParam = Literal[tuple(choices.Kind.values)]  # type: ignore[valid-type]


class EvaluationQuery(QueryParams):
    period_id: Id = Field(None, description="Hanya periode ini.")
    year: int = Field(None, ge=2000, le=2100, description="Hanya tahun kinerja ini.")
    status: StatusParam = Field(None, description="Hanya berstatus ini.")
    kind: KindParam = Field(None, description="Hanya jenis ini.")
    pegawai_id: Id = Field(None, description="Hanya pegawai ini.")
    mine: bool = Field(False, description="Hanya penilaian atas diri Anda.")
    as_rater: bool = Field(False, description="Hanya yang Anda nilai sebagai pejabat penilai.")


class PeerRequestQuery(QueryParams):
    state: Literal["pending", "answered", "all"] = Field(
        "pending",
        description="`pending` (bawaan: belum dijawab dan penilaiannya masih terbuka), "
        "`answered`, atau `all`.",
    )


class RatedItemIn(Schema):
    id: Id = Field(..., description="ID indikator atau nilai BerAKHLAK.")
    rating: str = Field(..., max_length=20, description="Rating: " + RATINGS)
    comment: str = Field("", max_length=2000, description="Komentar.")


class SelfAssessmentIn(Schema):
    comment: str = Field("", max_length=MAX_TEXT, description="Komentar umum.")
    indicators: list[RatedItemIn] = Field(
        [], max_length=500, description="Per indikator SKP yang dinilai (`id` = ID indikator)."
    )
    values: list[RatedItemIn] = Field(
        [], max_length=50, description="Per nilai BerAKHLAK (`id` = ID nilai)."
    )


class RespondentIn(Schema):
    pegawai_id: Id = Field(..., description="ID pegawai yang diminta.")
    relation: str = Field(
        ..., max_length=20, description="Hubungan: " + _one_of(choices.Relation.values) + "."
    )


class NominateIn(Schema):
    respondents: list[RespondentIn] = Field(
        ..., min_length=1, max_length=MAX_RESPONDENTS, description="Responden 360°."
    )


class PeerAnswerIn(Schema):
    answers: list[RatedItemIn] = Field(
        ..., max_length=50, description="Satu jawaban untuk setiap nilai BerAKHLAK (`id` = ID nilai)."
    )  # fmt: skip


class ValueFeedbackIn(Schema):
    value_id: Id = Field(..., description="ID nilai BerAKHLAK.")
    feedback: str = Field("", max_length=MAX_TEXT, description="Umpan balik.")


class RateIn(Schema):
    """Rating pejabat penilai (menggantikan isian sebelumnya). Predikat mengikuti matriks."""

    hasil_kerja: str = Field("", max_length=20, description="Rating hasil kerja: " + RATINGS + "; kosong: belum.")  # fmt: skip
    perilaku: str = Field("", max_length=20, description="Rating perilaku kerja: " + RATINGS + "; kosong: belum.")  # fmt: skip
    feedback: str = Field("", max_length=MAX_TEXT, description="Umpan balik hasil kerja.")
    departure_reason: str = Field(
        "", max_length=MAX_TEXT, description="Alasan bila rating hasil kerja berbeda dari saran."
    )
    behaviour_feedback: list[ValueFeedbackIn] = Field(
        [], max_length=50, description="Umpan balik per nilai BerAKHLAK."
    )


class FinaliseIn(Schema):
    acknowledge_curve: bool = Field(
        False, description="Anda sudah melihat peringatan kurva dan tetap memfinalkan."
    )


class ObjectionIn(Schema):
    reasons: str = Field(..., max_length=MAX_TEXT, description="Alasan keberatan.")


class DecisionIn(Schema):
    decision: str = Field(
        ..., max_length=20, description="Keputusan: " + _one_of(choices.ObjectionDecision.values) + "."
    )  # fmt: skip
    decision_text: str = Field(..., max_length=MAX_TEXT, description="Pertimbangan keputusan.")
    hasil_kerja: str = Field("", max_length=20, description="Rating hasil kerja baru (bila diubah).")  # fmt: skip
    perilaku: str = Field("", max_length=20, description="Rating perilaku kerja baru (bila diubah).")  # fmt: skip


class OpenIn(Schema):
    year_id: Id = Field(..., description="ID tahun kinerja.")
    period_id: Id | None = Field(None, description="ID periode; kosong: penilaian tahunan.")


class UnitPredikatIn(Schema):
    period_id: Id | None = Field(None, description="ID periode; kosong: tahunan.")
    predikat: str = Field(
        ..., max_length=20, description="Predikat organisasi: " + _one_of(choices.OrgPredikat.values) + "."
    )  # fmt: skip


# ---------------------------------------------------------------- loading and shaping


def _list_qs(qs: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    return qs.select_related(
        "pegawai", "rater", "rater_superior", "skp__year", "period", "unit", "jabatan"
    )


def _rated_items(data: dict[str, Any] | None) -> list[dict[str, Any]]:
    rows = sorted((data or {}).items(), key=lambda kv: int(kv[0]))
    return [
        {"id": int(k), "rating": v.get("rating", ""), "comment": v.get("comment", "")}
        for k, v in rows
    ]


def _summary(user: Any, ev: Evaluation) -> dict[str, Any]:
    shown = employee_sees_result(user, ev)

    def hidden(value: Any) -> Any:
        return (value or None) if shown else None

    return {
        "id": ev.pk,
        "kind": ev.kind,
        "kind_label": str(ev.get_kind_display()),
        "status": ev.status,
        "status_label": str(ev.get_status_display()),
        "year": ev.skp.year.year,
        "period": ev.period,
        "skp_id": ev.skp_id,
        "pegawai": ev.pegawai,
        "rater": ev.rater,
        "rater_superior": ev.rater_superior,
        "instansi_id": ev.instansi_id,
        "unit": ev.unit,
        "jabatan": ev.jabatan,
        "policy_key": ev.policy_key,
        "result_visible": shown,
        "suggested_rating": hidden(ev.suggested_rating),
        "rating_hasil_kerja": hidden(ev.rating_hasil_kerja),
        "rating_hasil_kerja_label": hidden(_label(choices.Rating, ev.rating_hasil_kerja)),
        "rating_perilaku": hidden(ev.rating_perilaku),
        "rating_perilaku_label": hidden(_label(choices.Rating, ev.rating_perilaku)),
        "predikat": hidden(ev.predikat),
        "predikat_label": hidden(_label(choices.Predikat, ev.predikat)),
        "finalised_at": ev.finalised_at,
        "acknowledged_at": ev.acknowledged_at,
        "objection_deadline": ev.objection_deadline,
    }


def _detail(user: Any, pk: int) -> dict[str, Any]:
    ev = get_evaluation_for_user(user, pk)
    out = _summary(user, ev)
    shown = out["result_visible"]
    evaluatee = is_evaluatee(user, ev)
    feedback = [
        {"value_id": b.value_id, "code": b.value.code, "name": b.value.name, "feedback": b.feedback}
        for b in BehaviourFeedback.objects.filter(evaluation=ev)
        .select_related("value")
        .order_by("value__order", "value_id")
    ]
    objection = Objection.objects.filter(evaluation=ev).first()
    transitions = []
    for t in EvaluationTransition.objects.filter(evaluation=ev).select_related("actor"):
        # The note of finalising lists the curve warnings, which describe colleagues.
        note = None if evaluatee and t.to_status == choices.Status.FINAL else t.note
        actor = t.actor.get_full_name() or t.actor.get_username() if t.actor else None
        transitions.append({"from_status": t.from_status, "to_status": t.to_status,
                            "actor": actor, "note": note, "created_at": t.created_at})  # fmt: skip
    out.update(
        suggestion_reasons=list(ev.suggestion_reasons or []) if shown else None,
        indicators=list(ev.indicator_snapshot or []) if shown else None,
        departure_reason=ev.departure_reason if shown else None,
        departs_from_suggestion=ev.departs_from_suggestion if shown else None,
        feedback=ev.feedback if shown else None,
        behaviour_feedback=feedback if shown else None,
        curve_warnings=None if evaluatee else list(ev.curve_warnings or []),
        curve_acknowledged_at=None if evaluatee else ev.curve_acknowledged_at,
        has_self_assessment=SelfAssessment.objects.filter(evaluation=ev).exists(),
        objection=_objection_out(objection),
        transitions=transitions,
    )
    return out


def _objection_out(obj: Objection | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    return {
        "reasons": obj.reasons,
        "filed_at": obj.created_at,
        "decision": obj.decision or None,
        "decision_label": _label(choices.ObjectionDecision, obj.decision),
        "decision_text": obj.decision_text,
        "decided_at": obj.decided_at,
    }


def _items(rows: list[RatedItemIn]) -> dict[int, dict[str, str]]:
    return {r.id: {"rating": r.rating, "comment": r.comment} for r in rows}


def _period(period_id: int | None, field: str = "period_id") -> Period | None:
    if period_id is None:
        return None
    period = Period.objects.select_related("year").filter(pk=period_id).first()
    if period is None:
        raise ValidationError({field: _("Periode tidak ditemukan.")})
    return period


# ---------------------------------------------------------------- evaluations


@router.get("/evaluations", response=page_of(EvaluationOut), summary="Daftar penilaian kinerja")
def evaluation_list(request: HttpRequest, filters: Query[EvaluationQuery], page: Query[PageQuery]):
    """Penilaian yang boleh Anda lihat (diri sendiri, bawahan, yang Anda nilai atau putus
    keberatannya, instansi yang Anda kelola), tahun terbaru dahulu lalu nama pegawai."""
    user = request.auth
    qs = Evaluation.objects.visible_to(user)
    if filters.mine:
        qs = qs.filter(pegawai=_me(user))
    if filters.as_rater:
        qs = qs.filter(rater=_me(user))
    if filters.period_id:
        qs = qs.filter(period_id=filters.period_id)
    if filters.year:
        qs = qs.filter(skp__year__year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.pegawai_id:
        qs = qs.filter(pegawai_id=filters.pegawai_id)
    qs = _list_qs(qs).order_by(
        "-skp__year__year", "pegawai__name", "pegawai__nip", "kind", "period__number", "id"
    )
    result = paginate(qs, page)
    result["results"] = [_summary(user, ev) for ev in result["results"]]
    return result


@router.post("/evaluations/open", response=OpenedOut, summary="Buka penilaian untuk satu periode")
def evaluations_open(request: HttpRequest, payload: OpenIn):
    """Admin instansi membuka penilaian setiap SKP yang disetujui dan berlaku pada periode itu
    (atau penilaian tahunan bila `period_id` kosong). Aman diulang: yang sudah ada dilewati."""
    user = request.auth
    year = get_year_for_user(user, payload.year_id)
    period = _period(payload.period_id)
    with _acting():
        created = services.evaluations_open(year=year, period=period, actor=user)
    return {"created": created}


@router.get(
    "/evaluations/{evaluation_id}", response=EvaluationDetailOut, summary="Detail penilaian"
)
def evaluation_detail(request: HttpRequest, evaluation_id: int = _path_id("penilaian")):
    return _detail(request.auth, evaluation_id)


@router.post(
    "/evaluations/{evaluation_id}/suggestion",
    response=EvaluationDetailOut,
    summary="Hitung ulang saran rating",
)
def evaluation_suggestion(request: HttpRequest, evaluation_id: int = _path_id("penilaian")):
    """Pejabat penilai (atau admin instansi) menghitung ulang saran rating hasil kerja dari
    capaian indikator, dengan alasannya."""
    user = request.auth
    ev = get_evaluation_for_user(user, evaluation_id)
    with _acting():
        services.suggestion_refresh(evaluation=ev, actor=user)
    return _detail(user, ev.pk)


@router.put(
    "/evaluations/{evaluation_id}/rating", response=EvaluationDetailOut, summary="Beri rating"
)
def evaluation_rate(request: HttpRequest, payload: RateIn, evaluation_id: int = _path_id("penilaian")):  # fmt: skip
    """Hanya pejabat penilai pegawai itu, selama penilaian terbuka. Isian yang dikirim
    menggantikan yang tersimpan; predikat dihitung dari matriks, tidak diketik."""
    user = request.auth
    ev = get_evaluation_for_user(user, evaluation_id)
    with _acting():
        services.evaluation_rate(
            evaluation=ev, actor=user, hasil_kerja=payload.hasil_kerja, perilaku=payload.perilaku,
            departure_reason=payload.departure_reason, feedback=payload.feedback,
            behaviour_feedback={b.value_id: b.feedback for b in payload.behaviour_feedback},
        )  # fmt: skip
    return _detail(user, ev.pk)


@router.get("/evaluations/{evaluation_id}/curve", response=CurveOut, summary="Periksa kurva")
def evaluation_curve(request: HttpRequest, evaluation_id: int = _path_id("penilaian")):
    """Pelanggaran pola kurva predikat unit bila penilaian ini difinalkan dengan rating saat
    ini. Tidak untuk pegawai yang dinilai (peringatan menyebut sebaran rekan kerjanya)."""
    user = request.auth
    ev = get_evaluation_for_user(user, evaluation_id)
    if is_evaluatee(user, ev):
        raise HttpError(403, _("Peringatan kurva hanya untuk pejabat penilai dan pengelola."))
    org = UnitPredikat.objects.filter(unit_id=ev.unit_id, period=ev.period).first()
    warnings = [b.message for b in services.curve_check(ev)]
    return {
        "evaluation_id": ev.pk,
        "org_predikat": org.predikat if org else None,
        "warnings": warnings,
    }


@router.post(
    "/evaluations/{evaluation_id}/finalise", response=EvaluationDetailOut, summary="Finalkan"
)
def evaluation_finalise(request: HttpRequest, payload: FinaliseIn, evaluation_id: int = _path_id("penilaian")):  # fmt: skip
    """Pejabat penilai memfinalkan: kedua rating wajib ada, alasan wajib bila rating hasil kerja
    berbeda dari saran, dan pelanggaran kurva harus diakui (`acknowledge_curve: true`); tanpa
    itu jawabannya 422 dengan setiap pelanggaran di `details`."""
    user = request.auth
    ev = get_evaluation_for_user(user, evaluation_id)
    with _acting():
        services.evaluation_finalise(
            evaluation=ev, actor=user, acknowledge_curve=payload.acknowledge_curve
        )
    return _detail(user, ev.pk)


@router.post(
    "/evaluations/{evaluation_id}/acknowledge",
    response=EvaluationDetailOut,
    summary="Terima hasil penilaian",
)
def evaluation_acknowledge(request: HttpRequest, evaluation_id: int = _path_id("penilaian")):
    """Pegawai yang dinilai menyatakan telah menerima hasil penilaian yang final."""
    user = request.auth
    ev = get_evaluation_for_user(user, evaluation_id)
    with _acting():
        services.evaluation_acknowledge(evaluation=ev, actor=user)
    return _detail(user, ev.pk)


@router.post(
    "/evaluations/{evaluation_id}/objection",
    response={201: EvaluationDetailOut},
    summary="Ajukan keberatan",
)
def objection_file(request: HttpRequest, payload: ObjectionIn, evaluation_id: int = _path_id("penilaian")):  # fmt: skip
    """Pegawai yang dinilai mengajukan keberatan atas penilaian final, sebelum batasnya."""
    user = request.auth
    ev = get_evaluation_for_user(user, evaluation_id)
    with _acting():
        services.objection_file(evaluation=ev, actor=user, reasons=payload.reasons)
    return Status(201, _detail(user, ev.pk))


@router.post(
    "/evaluations/{evaluation_id}/objection/decision",
    response=EvaluationDetailOut,
    summary="Putus keberatan",
)
def objection_decide(request: HttpRequest, payload: DecisionIn, evaluation_id: int = _path_id("penilaian")):  # fmt: skip
    """Hanya atasan pejabat penilai: menguatkan (`upheld`) atau mengubah (`changed`, dengan
    kedua rating baru) penilaian, dengan pertimbangan tertulis."""
    user = request.auth
    ev = get_evaluation_for_user(user, evaluation_id)
    objection = Objection.objects.filter(evaluation=ev).first()
    if objection is None:
        raise ValidationError(_("Tidak ada keberatan atas penilaian ini."))
    with _acting():
        services.objection_decide(
            objection=objection, actor=user, decision=payload.decision,
            decision_text=payload.decision_text, hasil_kerja=payload.hasil_kerja,
            perilaku=payload.perilaku,
        )  # fmt: skip
    return _detail(user, ev.pk)


# ---------------------------------------------------------------- self-assessment


def _self_out(ev: Evaluation) -> dict[str, Any]:
    sa = SelfAssessment.objects.filter(evaluation=ev).first()
    return {
        "evaluation_id": ev.pk,
        "comment": sa.comment if sa else "",
        "indicators": _rated_items(sa.indicators if sa else None),
        "values": _rated_items(sa.values if sa else None),
        "updated_at": sa.updated_at if sa else None,
    }


@router.get(
    "/evaluations/{evaluation_id}/self-assessment",
    response=SelfAssessmentOut,
    summary="Penilaian diri",
)
def self_assessment_get(request: HttpRequest, evaluation_id: int = _path_id("penilaian")):
    """Penilaian diri pegawai (kosong bila belum diisi)."""
    return _self_out(get_evaluation_for_user(request.auth, evaluation_id))


@router.put(
    "/evaluations/{evaluation_id}/self-assessment",
    response=SelfAssessmentOut,
    summary="Simpan penilaian diri",
)
def self_assessment_put(request: HttpRequest, payload: SelfAssessmentIn, evaluation_id: int = _path_id("penilaian")):  # fmt: skip
    """Hanya pegawai yang dinilai, selama penilaian terbuka. Menggantikan isian sebelumnya."""
    user = request.auth
    ev = get_evaluation_for_user(user, evaluation_id)
    with _acting():
        services.self_assessment_save(
            evaluation=ev, actor=user, comment=payload.comment,
            indicators=_items(payload.indicators), values=_items(payload.values),
        )  # fmt: skip
    return _self_out(ev)


# ---------------------------------------------------------------- 360°


@router.post(
    "/evaluations/{evaluation_id}/peer-requests",
    response={201: NominateOut},
    summary="Minta masukan 360°",
)
def peer_nominate(request: HttpRequest, payload: NominateIn, evaluation_id: int = _path_id("penilaian")):  # fmt: skip
    """Pejabat penilai atau admin instansi meminta masukan rekan kerja dan bawahan. Jawabannya
    hanya jumlah permintaan baru: tidak ada endpoint yang menampilkan siapa yang diminta atau
    siapa yang menjawab penilaian orang lain."""
    user = request.auth
    ev = get_evaluation_for_user(user, evaluation_id)
    ids = [r.pegawai_id for r in payload.respondents]
    # Not scoped to whom the rater may see: a useful peer may work in another unit. The answer
    # is only a count, so nothing about the person is disclosed.
    people = {p.pk: p for p in Pegawai.objects.select_related("user").filter(pk__in=ids)}
    missing = [str(i) for i in ids if i not in people]
    if missing:
        raise ValidationError(
            {"respondents": _("Pegawai tidak ditemukan: %(ids)s.") % {"ids": ", ".join(missing)}}
        )
    with _acting():
        created = services.peer_nominate(
            evaluation=ev,
            respondents=[(people[r.pegawai_id], r.relation) for r in payload.respondents],
            actor=user,
        )
    return Status(201, {"created": created})


@router.get(
    "/evaluations/{evaluation_id}/peer-summary",
    response=PeerSummaryOut,
    summary="Ringkasan 360°",
)
def peer_summary(request: HttpRequest, evaluation_id: int = _path_id("penilaian")):
    """Jawaban 360° dijumlahkan per hubungan, ditampilkan hanya bila jumlah jawaban mencapai
    minimum; tanpa nama, NIP atau ID responden. Pegawai yang dinilai melihatnya setelah final."""
    user = request.auth
    ev = get_evaluation_for_user(user, evaluation_id)
    if not employee_sees_result(user, ev):
        raise HttpError(403, _("Ringkasan 360° dapat Anda lihat setelah penilaian final."))
    values = {v.pk: v for v in BehaviourValue.objects.all()}
    groups = []
    for g in services.peer_summary(ev):
        per_value = [
            {"value_id": vid, "code": values[vid].code, "name": values[vid].name, "counts": counts}
            for vid, counts in sorted(
                g.per_value.items(), key=lambda kv: (values[kv[0]].order, kv[0])
            )
            if vid in values
        ]
        groups.append({
            "relation": g.relation, "relation_label": _label(choices.Relation, g.relation),
            "asked": g.asked, "answered": g.answered, "shown": g.shown,
            "values": per_value, "comments": g.comments,
        })  # fmt: skip
    return {
        "evaluation_id": ev.pk,
        "min_respondents": settings.KINERJA_360_MIN_RESPONDENTS,
        "groups": groups,
    }


@router.get(
    "/peer-requests", response=page_of(PeerRequestOut), summary="Permintaan 360° untuk Anda"
)
def peer_request_list(request: HttpRequest, filters: Query[PeerRequestQuery], page: Query[PageQuery]):  # fmt: skip
    """Permintaan masukan 360° yang ditujukan kepada Anda, terlama dahulu."""
    me = _me(request.auth)
    qs = PeerRequest.objects.filter(respondent=me).select_related(
        "evaluation__pegawai", "evaluation__skp__year", "evaluation__period"
    )
    if filters.state == "pending":
        qs = qs.filter(answered_at__isnull=True, evaluation__status=choices.Status.OPEN)
    elif filters.state == "answered":
        qs = qs.filter(answered_at__isnull=False)
    return paginate(qs.order_by("created_at", "id"), page)


@router.post(
    "/peer-requests/{request_id}/answer", response=PeerRequestOut, summary="Jawab permintaan 360°"
)
def peer_answer(request: HttpRequest, payload: PeerAnswerIn, request_id: int = _path_id("permintaan 360°")):  # fmt: skip
    """Satu jawaban untuk setiap nilai BerAKHLAK, sekali saja. Hanya permintaan untuk Anda;
    permintaan orang lain dijawab 404."""
    user = request.auth
    me = access_for(user).pegawai
    req = PeerRequest.objects.filter(pk=request_id, respondent_id=me.pk if me else None).first()
    if req is None:
        raise Http404
    with _acting():
        services.peer_answer(request=req, actor=user, answers=_items(payload.answers))
    return PeerRequest.objects.select_related(
        "evaluation__pegawai", "evaluation__skp__year", "evaluation__period"
    ).get(pk=req.pk)


# ---------------------------------------------------------------- organisation predikat


@router.put(
    "/units/{unit_id}/predikat", response=UnitPredikatOut, summary="Tetapkan predikat organisasi"
)
def unit_predikat_set(request: HttpRequest, payload: UnitPredikatIn, unit_id: int = _path_id("unit kerja")):  # fmt: skip
    """Pimpinan satu tingkat di atas unit (atau admin instansi) menetapkan predikat organisasi
    unit untuk satu periode (`period_id`) atau setahun (kosong). Dasar pemeriksaan kurva."""
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    period = _period(payload.period_id)
    if period is not None and period.year.instansi_id != unit.instansi_id:
        raise ValidationError({"period_id": _("Periode bukan milik instansi unit ini.")})
    with _acting():
        row = services.unit_predikat_set(
            unit=unit, period=period, predikat=payload.predikat, actor=user
        )
    return row
