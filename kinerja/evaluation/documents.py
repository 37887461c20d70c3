"""The official evaluation documents (PermenPANRB 6/2022 annex, "Dokumen Evaluasi Kinerja
Pegawai", periodic and annual) as PDF.

Everything the form shows comes from the evaluation's snapshot: the post, unit and rater at the
time (not today's), and the indicator rows frozen at finalisation (`indicator_snapshot`). An open
evaluation prints as a draft with a watermark, from its snapshot or, when it has none yet, from
the live suggestion. `evaluation_pdf_bytes` loads in a small, fixed number of queries and lets
WeasyPrint lay out templates/evaluation/pdf/evaluation.html with local fonts only (the fetcher of
planning's SKP document refuses every URL that is not a local file), so rendering never reaches
the network.

`evaluations_for_batch` and `write_zip` serve the batch job (tasks.py): every final evaluation
of one agency and period into one ZIP, or nothing when any of them fails to render."""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.document import Document

from kinerja.activity.models import Feedback
from kinerja.organisation.models import Pegawai
from kinerja.planning.documents import (
    LocalFilesOnly,
    _static_dir,
    intervened_text,
    pemda_place,
    tanggal,
)
from kinerja.planning.models import BehaviourGuide, Indicator, Skp, SkpBehaviour

from .choices import Kind, Predikat, Rating, Status
from .models import BehaviourFeedback, Evaluation, Objection, UnitPredikat

TEMPLATE = "evaluation/pdf/evaluation.html"
FEEDBACK_PER_INDICATOR = 3  # the latest continuous feedback shown in an indicator's row


# ---------------------------------------------------------------- formatting


def angka(value: Any) -> str:
    """A number the Indonesian way, without trailing zeros: "1.234,5"; "" for None or junk."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = f"{number:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text.rstrip("0").rstrip(",") if "," in text else text


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label) if value else ""
    except ValueError:
        return value


# ---------------------------------------------------------------- the data of the form


@dataclass
class IndicatorCell:
    """One indicator line of the results table, from the evaluation's snapshot."""

    text: str
    aspek: str
    target: str
    realisation: str
    capaian: str
    feedback: list[str] = field(default_factory=list)


@dataclass
class ResultRow:
    """One RHK with its indicators (the RHK cells span the indicator lines)."""

    number: int
    rhk: str
    intervenes: str
    indicators: list[IndicatorCell] = field(default_factory=list)

    @property
    def span(self) -> int:
        return max(1, len(self.indicators))

    @property
    def first(self) -> IndicatorCell | None:
        return self.indicators[0] if self.indicators else None

    @property
    def rest(self) -> list[IndicatorCell]:
        return self.indicators[1:]


@dataclass
class BehaviourRow:
    number: int
    name: str
    guides: list[str]
    expectation: str
    feedback: str


def load_evaluation(pk: int) -> Evaluation:
    """The evaluation with the people, posts and period the form names (one query)."""
    return Evaluation.objects.select_related(
        "pegawai",
        "rater",
        "rater__jabatan",
        "rater__unit",
        "rater__instansi",
        "rater_superior",
        "rater_superior__jabatan",
        "rater_superior__unit",
        "rater_superior__instansi",
        "instansi",
        "unit",
        "jabatan",
        "skp",
        "skp__year",
        "period",
    ).get(pk=pk)


def evaluation_span(ev: Evaluation) -> tuple[datetime.date, datetime.date]:
    """The dates the evaluation covers: its period, or the SKP's span for the annual one."""
    if ev.kind == Kind.PERIODIC and ev.period is not None:
        return ev.period.start_date, ev.period.end_date
    return ev.skp.start_date, ev.skp.end_date


def _unit_text(unit: Any, instansi: Any) -> str:
    text = unit.name if unit is not None else ""
    if instansi is not None and instansi.name != text:
        text = f"{text}, {instansi.name}" if text else instansi.name
    return text


def _person(pegawai: Pegawai | None, jabatan: Any, unit: Any, instansi: Any) -> dict[str, str]:
    if pegawai is None:
        return {"name": "", "nip": "", "golongan": "", "jabatan": "", "unit": ""}
    return {
        "name": pegawai.full_name,
        "nip": pegawai.nip,
        "golongan": pegawai.golongan_display,
        "jabatan": jabatan.name if jabatan is not None else "",
        "unit": _unit_text(unit, instansi),
    }


def _posts_then(ev: Evaluation, people: list[Pegawai]) -> dict[int, Skp]:
    """The rater's and the superior's own SKP of the year covering the evaluated span, the
    latest first: its post and unit were theirs at the time (one query). Without one, today's."""
    ids = [p.pk for p in people]
    if not ids:
        return {}
    start, end = evaluation_span(ev)
    found: dict[int, Skp] = {}
    skps = (
        Skp.objects.filter(pegawai_id__in=ids, year__year=ev.skp.year.year,
                           start_date__lte=end, end_date__gte=start)
        .select_related("jabatan", "unit", "pegawai__instansi")
        .order_by("pegawai_id", "-end_date", "-version")
    )  # fmt: skip
    for skp in skps:
        found.setdefault(skp.pegawai_id, skp)
    return found


def _person_then(pegawai: Pegawai | None, posts: dict[int, Skp]) -> dict[str, str]:
    if pegawai is None:
        return _person(None, None, None, None)
    skp = posts.get(pegawai.pk)
    if skp is not None and skp.jabatan_id:
        return _person(pegawai, skp.jabatan, skp.unit, skp.pegawai.instansi)
    return _person(pegawai, pegawai.jabatan, pegawai.unit, pegawai.instansi)


def indicator_rows(ev: Evaluation) -> list[dict[str, Any]]:
    """The frozen indicator rows; an open evaluation without a snapshot shows the live ones."""
    if ev.indicator_snapshot:
        return list(ev.indicator_snapshot)
    if ev.status == Status.OPEN:
        from .services import suggestion_for

        return suggestion_for(ev).indicators
    return []


def _feedback_by_indicator(
    ev: Evaluation, ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, list[str]]:
    """Continuous feedback (umpan balik berkelanjutan) on each indicator given within the span,
    the latest few first (one query)."""
    if not ids:
        return {}
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    out: dict[int, list[str]] = {}
    rows = (
        Feedback.objects.filter(pegawai_id=ev.pegawai_id, indicator_id__in=ids, parent__isnull=True,
                                created_at__gte=since, created_at__lt=until)
        .order_by("-created_at", "-id")
        .values_list("indicator_id", "text")
    )  # fmt: skip
    for indicator_id, text in rows:
        texts = out.setdefault(indicator_id, [])
        if len(texts) < FEEDBACK_PER_INDICATOR:
            texts.append(text)
    return out


def result_groups(ev: Evaluation, rows: list[dict[str, Any]]) -> list[tuple[str, list[ResultRow]]]:
    """The results table: Utama then Tambahan, each RHK with its indicator lines (two queries:
    the indicators' aspek, unit and intervened RHK, and the feedback)."""
    ids = [int(r["indicator_id"]) for r in rows if r.get("indicator_id")]
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(pk__in=ids).select_related(
            "rhk", "rhk__parent", "rhk__org_target", "rhk__assigned_by"
        )
    }
    start, end = evaluation_span(ev)
    feedback = _feedback_by_indicator(ev, ids, start, end)
    groups: list[tuple[str, list[ResultRow]]] = []
    for label, utama in (("A. Utama", True), ("B. Tambahan", False)):
        out: list[ResultRow] = []
        current_key: Any = None
        for r in rows:
            if bool(r.get("utama", True)) != utama:
                continue
            ind = indicators.get(int(r.get("indicator_id") or 0))
            key = ind.rhk_id if ind is not None else r.get("rhk", "")
            if not out or key != current_key:
                intervenes = intervened_text(ind.rhk)[0] if ind is not None else ""
                out.append(ResultRow(len(out) + 1, r.get("rhk", ""), intervenes))
                current_key = key
            unit = ind.target_unit if ind is not None else ""
            realisation = angka(r.get("realisation"))
            capaian = angka(r.get("capaian"))
            out[-1].indicators.append(IndicatorCell(
                text=r.get("indicator", ""),
                aspek=ind.get_aspek_display() if ind is not None else "",
                target=r.get("target") or "",
                realisation=f"{realisation} {unit}".strip() if realisation else "",
                capaian=f"{capaian}%" if capaian else "",
                feedback=feedback.get(ind.pk, []) if ind is not None else [],
            ))  # fmt: skip
        groups.append((label, out))
    return groups


def behaviour_rows(ev: Evaluation) -> list[BehaviourRow]:
    """The seven BerAKHLAK values with their guides, the rater's expectation from the SKP and
    the feedback given in this evaluation (three queries)."""
    feedback = list(
        BehaviourFeedback.objects.filter(evaluation=ev)
        .select_related("value")
        .prefetch_related(
            Prefetch("value__guides", queryset=BehaviourGuide.objects.order_by("order", "id"))
        )
        .order_by("value__order", "value_id")
    )
    expectations = dict(
        SkpBehaviour.objects.filter(skp_id=ev.skp_id).values_list("value_id", "expectation")
    )
    return [
        BehaviourRow(
            number=n,
            name=b.value.name,
            guides=[g.text for g in b.value.guides.all()],
            expectation=expectations.get(b.value_id, "") or "",
            feedback=b.feedback,
        )
        for n, b in enumerate(feedback, start=1)
    ]


def _org_predikat(ev: Evaluation) -> str:
    if not ev.unit_id:
        return ""
    qs = UnitPredikat.objects.filter(unit_id=ev.unit_id)
    # The annual document takes the unit's annual predikat (set without a period).
    qs = qs.filter(period_id=ev.period_id) if ev.period_id else qs.filter(period__isnull=True)
    row = qs.first()
    return row.get_predikat_display() if row is not None else ""


def period_label(ev: Evaluation) -> str:
    """The period as the title says it: "Mei 2026", "Triwulan II 2026" or "Tahunan 2026"."""
    year = ev.skp.year.year
    if ev.kind == Kind.PERIODIC and ev.period is not None:
        return f"{ev.period.name} {year}"
    return f"Tahunan {year}"


def evaluation_context(ev: Evaluation) -> dict[str, Any]:
    annual = ev.kind == Kind.ANNUAL
    start, end = evaluation_span(ev)
    posts = _posts_then(ev, [p for p in (ev.rater, ev.rater_superior) if p is not None])
    rows = indicator_rows(ev)
    pemda = settings.KINERJA_PEMDA_NAME
    final = ev.status != Status.OPEN
    signed = timezone.localdate(ev.finalised_at) if ev.finalised_at else None
    acknowledged = timezone.localdate(ev.acknowledged_at) if ev.acknowledged_at else None
    objection = (
        Objection.objects.filter(evaluation=ev).first()
        if ev.status in (Status.OBJECTED, Status.DECIDED)
        else None
    )
    return {
        "ev": ev,
        "annual": annual,
        "title": "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "subtitle": f"PERIODE {period_label(ev).upper()}" if not annual else "PERIODE TAHUNAN",
        "footer_label": f"Evaluasi Kinerja {'' if annual else 'Periodik '}{period_label(ev)}",
        "pemda": pemda,
        "place": pemda_place(pemda),
        "instansi": ev.instansi,
        "period": f"{tanggal(start)} s.d. {tanggal(end)}",
        "period_label": period_label(ev),
        "pegawai": _person(ev.pegawai, ev.jabatan, ev.unit, ev.instansi),
        "rater": _person_then(ev.rater, posts),
        "superior": _person_then(ev.rater_superior, posts),
        "groups": result_groups(ev, rows),
        "behaviours": behaviour_rows(ev),
        "rating_hasil_kerja": _label(Rating, ev.rating_hasil_kerja),
        "rating_perilaku": _label(Rating, ev.rating_perilaku),
        "predikat": _label(Predikat, ev.predikat),
        "org_predikat": _org_predikat(ev),
        "feedback": ev.feedback,
        "final": final,
        "watermark": "" if final else "DRAF",
        "objection": objection,
        "signed_on": tanggal(signed) if signed else "",
        "acknowledged_on": tanggal(acknowledged) if acknowledged else "",
        "status_label": ev.get_status_display(),
        "filename": evaluation_pdf_filename(ev),
    }


def evaluation_pdf_filename(ev: Evaluation) -> str:
    """ "Evaluasi-2026-mei-<NIP>.pdf", "Evaluasi-2026-tahunan-<NIP>.pdf"."""
    year = ev.skp.year.year
    when = (
        slugify(ev.period.name) or f"periode-{ev.period.number}"
        if ev.kind == Kind.PERIODIC and ev.period is not None
        else "tahunan"
    )
    nip = re.sub(r"[^0-9A-Za-z]", "", ev.pegawai.nip)
    return f"Evaluasi-{year}-{when}-{nip}.pdf"


def evaluation_html(ev: Evaluation) -> str:
    return render_to_string(TEMPLATE, evaluation_context(load_evaluation(ev.pk)))


def evaluation_pdf_document(ev: Evaluation) -> Document:
    """The evaluation document laid out in pages (A4 portrait)."""
    static_dir = _static_dir()
    fetcher = LocalFilesOnly([static_dir, Path("/usr/share/fonts")])
    html = HTML(string=evaluation_html(ev), base_url=f"{static_dir}/", url_fetcher=fetcher)
    return html.render()


def evaluation_pdf_bytes(ev: Evaluation) -> bytes:
    """The evaluation document as PDF bytes."""
    return evaluation_pdf_document(ev).write_pdf()


# ---------------------------------------------------------------- the batch


def evaluations_for_batch(
    *, instansi_id: int, period_id: int | None, year_id: int | None
) -> QuerySet[Evaluation]:
    """The final evaluations of one agency for a period (or, with `year_id` and no period, the
    annual ones of that year), in a stable order. Open ones are not documents yet."""
    qs = Evaluation.objects.filter(instansi_id=instansi_id).exclude(status=Status.OPEN)
    if period_id is not None:
        qs = qs.filter(kind=Kind.PERIODIC, period_id=period_id)
    else:
        qs = qs.filter(kind=Kind.ANNUAL, skp__year_id=year_id)
    return qs.select_related("pegawai", "skp__year", "period").order_by("pegawai__name", "pk")


@dataclass
class BatchFailure:
    evaluation_id: int
    label: str
    error: str


def write_zip(
    evaluations: Iterable[Evaluation],
    out: IO[bytes],
    *,
    total: int,
    progress: Callable[[int, int], None] | None = None,
    max_failures: int = 20,
) -> tuple[int, list[BatchFailure]]:
    """Render each evaluation into the ZIP written to `out`. Returns (documents written,
    failures); with any failure the caller must discard `out` (the ZIP is then incomplete).
    Rendering stops after `max_failures`, since a fault that breaks twenty breaks them all."""
    written = 0
    failures: list[BatchFailure] = []
    names: set[str] = set()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for done, ev in enumerate(evaluations, start=1):
            try:
                data = evaluation_pdf_bytes(ev)
            except Exception as exc:  # noqa: BLE001 - reported with the evaluation it broke
                failures.append(BatchFailure(ev.pk, f"{ev.pegawai.full_name} ({ev.pegawai.nip})",
                                             f"{type(exc).__name__}: {exc}"[:300]))  # fmt: skip
                if len(failures) >= max_failures:
                    break
            else:
                if not failures:
                    name = evaluation_pdf_filename(ev)
                    if name in names:  # two SKP versions in one period: keep both documents
                        name = name.replace(".pdf", f"-{ev.pk}.pdf")
                    names.add(name)
                    # PDF streams are compressed already: storing them is as small and faster.
                    archive.writestr(name, data)
                    written += 1
            if progress is not None:
                progress(done, total)
    return written, failures


def batch_failure_message(failure: BatchFailure) -> str:
    return _("Penilaian #%(id)s, %(who)s, gagal dicetak: %(error)s") % {
        "id": failure.evaluation_id,
        "who": failure.label,
        "error": failure.error,
    }
