"""The official SKP document (PermenPANRB 6/2022 annex, SKP form) as a PDF.

`skp_pdf_bytes` loads everything the form shows in a fixed number of queries, renders
templates/planning/pdf/skp.html and lets WeasyPrint lay it out. WeasyPrint may read local files
only (the project's static directory and system fonts); any other URL is refused, so rendering
never reaches the network."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher

from .choices import RhkKind, SkpStatus
from .models import BehaviourGuide, Indicator, Rhk, Skp, SkpBehaviour
from .services import MONTH_NAMES

TEMPLATE = "planning/pdf/skp.html"
WATERMARKS: dict[str, str] = {
    SkpStatus.DRAFT: "DRAF",
    SkpStatus.SUBMITTED: "DRAF",
    SkpStatus.RETURNED: "DRAF",
    SkpStatus.SUPERSEDED: "DIGANTIKAN",
}


def tanggal(value: datetime.date | None) -> str:
    """A date the way Indonesian letters write it: "1 Januari 2026"."""
    if value is None:
        return ""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def pemda_place(pemda_name: str) -> str:
    """The place for the signature line: KINERJA_PEMDA_PLACE, else the pemda name without
    "Pemerintah Kabupaten/Kota/Provinsi" ("Pemerintah Kabupaten Sukamaju" → "Sukamaju")."""
    place = getattr(settings, "KINERJA_PEMDA_PLACE", "")
    if place:
        return place
    words = pemda_name.split()
    for prefix in ("pemerintah", "kabupaten", "kota", "provinsi", "kab.", "administrasi"):
        if len(words) > 1 and words[0].lower() == prefix:
            words = words[1:]
    return " ".join(words)


class LocalFilesOnly(URLFetcher):
    """Refuse every URL but local files below the allowed directories (and inline data:)."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=False)
        self._roots = [r.resolve() for r in roots]

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("file:"):
            from urllib.request import url2pathname

            path = Path(url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise ValueError(f"Berkas di luar direktori yang diizinkan: {url}")
        elif not url.startswith("data:"):
            raise ValueError(f"Hanya berkas lokal yang boleh dibaca: {url}")
        return super().fetch(url, headers)


def _static_dir() -> Path:
    dirs = [Path(d) for d in getattr(settings, "STATICFILES_DIRS", [])]
    return dirs[0] if dirs else Path(settings.BASE_DIR) / "static"


# ---------------------------------------------------------------- the data of the form


@dataclass
class RhkRow:
    """One Hasil Kerja row: the RHK, what it intervenes in, and its indicators."""

    number: int
    rhk: Rhk
    intervenes: str
    intervenes_kind: str
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def span(self) -> int:
        return max(1, len(self.indicators))

    @property
    def rest(self) -> list[Indicator]:
        return self.indicators[1:]


def intervened_text(rhk: Rhk) -> tuple[str, str]:
    """What the "RHK pimpinan yang diintervensi" cell shows, and which kind of link it is."""
    if rhk.parent_id and rhk.parent is not None:
        return rhk.parent.text, "parent"
    if rhk.org_target_id and rhk.org_target is not None:
        return f"{rhk.org_target.code} {rhk.org_target.goal}", "org_target"
    if rhk.assigned_by_id and rhk.assigned_by is not None:
        text = f"Penugasan dari {rhk.assigned_by.full_name}"
        if rhk.assignment_note:
            text += f" ({rhk.assignment_note})"
        return text, "assignment"
    if rhk.is_provisional:
        return "(sementara — belum ditautkan)", "provisional"
    return "", "none"


def load_skp(pk: int) -> Skp:
    """The SKP with everything the form shows: five queries whatever its size."""
    skp = Skp.objects.select_related(
        "pegawai",
        "rater",
        "rater__jabatan",
        "rater__unit",
        "rater__instansi",
        "year",
        "year__instansi",
        "jabatan",
        "unit",
    ).get(pk=pk)
    rhks = list(
        Rhk.objects.filter(skp=skp)
        .select_related("parent", "org_target", "assigned_by")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
        )
        .order_by("order", "id")
    )
    behaviours = list(
        SkpBehaviour.objects.filter(skp=skp)
        .select_related("value")
        .prefetch_related(
            Prefetch("value__guides", queryset=BehaviourGuide.objects.order_by("order", "id"))
        )
        .order_by("value__order")
    )
    skp.loaded_rhks = rhks  # type: ignore[attr-defined]
    skp.loaded_behaviours = behaviours  # type: ignore[attr-defined]
    return skp


def _rows(rhks: list[Rhk], kind: str) -> list[RhkRow]:
    rows = []
    for n, rhk in enumerate((r for r in rhks if r.kind == kind), start=1):
        text, link = intervened_text(rhk)
        rows.append(RhkRow(n, rhk, text, link, list(rhk.indicators.all())))
    return rows


def _person(pegawai: Any, jabatan: Any, unit: Any, instansi: Any) -> dict[str, str]:
    if pegawai is None:
        return {"name": "", "nip": "", "golongan": "", "jabatan": "", "unit": ""}
    unit_text = unit.name if unit is not None else ""
    if instansi is not None and instansi.name != unit_text:
        unit_text = f"{unit_text}, {instansi.name}" if unit_text else instansi.name
    return {
        "name": pegawai.full_name,
        "nip": pegawai.nip,
        "golongan": pegawai.golongan_display,
        "jabatan": jabatan.name if jabatan is not None else "",
        "unit": unit_text,
    }


def skp_context(skp: Skp) -> dict[str, Any]:
    rhks: list[Rhk] = skp.loaded_rhks  # type: ignore[attr-defined]
    pemda = settings.KINERJA_PEMDA_NAME
    approved = timezone.localdate(skp.approved_at) if skp.approved_at else None
    instansi = skp.year.instansi
    return {
        "skp": skp,
        "pemda": pemda,
        "place": pemda_place(pemda),
        "instansi": instansi,
        "period": f"{tanggal(skp.start_date)} s.d. {tanggal(skp.end_date)}",
        "approach": skp.get_approach_display(),
        "is_kualitatif": skp.approach == "kualitatif",
        "pegawai": _person(skp.pegawai, skp.jabatan, skp.unit, instansi),
        "rater": _person(
            skp.rater,
            skp.rater.jabatan if skp.rater else None,
            skp.rater.unit if skp.rater else None,
            skp.rater.instansi if skp.rater else None,
        ),
        "groups": [
            ("A. Utama", _rows(rhks, RhkKind.UTAMA)),
            ("B. Tambahan", _rows(rhks, RhkKind.TAMBAHAN)),
        ],
        "behaviours": skp.loaded_behaviours,  # type: ignore[attr-defined]
        "lampiran": [
            ("Dukungan Sumber Daya", skp.dukungan_sumber_daya),
            ("Skema Pertanggungjawaban", skp.skema_pertanggungjawaban),
            ("Konsekuensi", skp.konsekuensi),
        ],
        "signed_on": tanggal(approved) if approved else "",
        "watermark": WATERMARKS.get(skp.status, ""),
        "status_label": skp.get_status_display(),
        "filename": skp_pdf_filename(skp),
    }


def skp_pdf_filename(skp: Skp) -> str:
    return f"SKP-{skp.year.year}-{skp.pegawai.nip}-v{skp.version}.pdf"


def skp_html(skp: Skp) -> str:
    return render_to_string(TEMPLATE, skp_context(load_skp(skp.pk)))


def skp_pdf_document(skp: Skp) -> Document:
    """The SKP form laid out in pages (A4 portrait)."""
    static_dir = _static_dir()
    fetcher = LocalFilesOnly([static_dir, Path("/usr/share/fonts")])
    html = HTML(string=skp_html(skp), base_url=f"{static_dir}/", url_fetcher=fetcher)
    return html.render()


def skp_pdf_bytes(skp: Skp) -> bytes:
    """The SKP form as PDF bytes."""
    return skp_pdf_document(skp).write_pdf()
