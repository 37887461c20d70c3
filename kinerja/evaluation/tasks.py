"""Background jobs of the evaluation app: the ZIP of every final evaluation document of one
agency and period ("evaluation.pdf_batch").

The ZIP is built in a temporary file and stored (default storage, under jobs/out/) only once
every document rendered: a failure leaves nothing behind and the job's result names the
evaluation that failed. The job's result carries the stored name, the download file name and
the URL of the download view, which checks that the user asking started the job."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.core.jobs import register
from kinerja.core.models import Job

BATCH_KIND = "evaluation.pdf_batch"


def batch_zip_filename(params: dict[str, Any]) -> str:
    return f"evaluasi-{slugify(params.get('label') or 'kinerja')}.zip"


@register(BATCH_KIND)
def run_pdf_batch(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    from . import documents  # WeasyPrint loads with the first batch, not with the app

    params = job.params or {}
    qs = documents.evaluations_for_batch(instansi_id=params["instansi"],
                                         period_id=params.get("period"), year_id=params.get("year"))  # fmt: skip
    ids = list(qs.values_list("pk", flat=True))
    total = len(ids)
    progress(0, total)
    if total == 0:
        return {"count": 0, "summary": _("Tidak ada penilaian final untuk dicetak.")}
    with tempfile.TemporaryFile(suffix=".zip") as out:
        written, failures = documents.write_zip(_in_chunks(qs, ids), out, total=total,
                                                progress=progress)  # fmt: skip
        if failures:
            # Nothing is stored: the page lists what failed, and a rerun after the fix
            # produces the whole ZIP.
            return {
                "count": 0,
                "errors": [
                    {"row": None, "column": "", "message": documents.batch_failure_message(f)}
                    for f in failures
                ],
            }
        out.seek(0)
        filename = batch_zip_filename(params)
        name = default_storage.save(f"jobs/out/{job.pk}-{filename}", File(out, name=filename))
    return {
        "count": written,
        "file": name,
        "filename": filename,
        "download_url": reverse("evaluation:pdf_batch_download", args=[job.pk]),
        "summary": ngettext(
            "%(n)d dokumen evaluasi dicetak ke dalam satu berkas ZIP.",
            "%(n)d dokumen evaluasi dicetak ke dalam satu berkas ZIP.",
            written,
        )
        % {"n": written},
    }


def _in_chunks(qs: Any, ids: list[int], size: int = 100) -> Iterator[Any]:
    """The evaluations in the order of `ids`, loaded a hundred at a time (no cursor stays open
    while the documents render and the progress is written)."""
    for i in range(0, len(ids), size):
        chunk = qs.in_bulk(ids[i : i + size])
        yield from (chunk[pk] for pk in ids[i : i + size] if pk in chunk)
