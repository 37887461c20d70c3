"""The evaluation documents as PDF: one at a time for whoever may see the result, and every
final evaluation of an agency and period as one ZIP built by a background job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kinerja.core.jobs import job_start
from kinerja.core.models import Job
from kinerja.organisation.models import Instansi
from kinerja.organisation.permissions import access_for
from kinerja.planning.models import PerformanceYear, Period

from .documents import evaluation_pdf_bytes, evaluation_pdf_filename
from .permissions import employee_sees_result, get_evaluation_for_user
from .tasks import BATCH_KIND

ANNUAL = "tahunan"


@login_required
def evaluation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Whoever may see the evaluation may print it; the evaluatee only once it is final (before
    that, like anyone else who may not see it, 404). `?unduh=1` downloads."""
    evaluation = get_evaluation_for_user(request.user, pk)
    if not employee_sees_result(request.user, evaluation):
        raise Http404
    response = HttpResponse(evaluation_pdf_bytes(evaluation), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("unduh") else "inline"
    filename = evaluation_pdf_filename(evaluation)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class BatchForm(forms.Form):
    """Which documents of the agency: a period of it, or `tahunan` with the year."""

    period = forms.CharField(label=gettext_lazy("Periode"), max_length=20)
    year = forms.IntegerField(label=gettext_lazy("Tahun"), required=False)

    def __init__(self, *args: Any, instansi: Instansi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instansi = instansi

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        period = (data.get("period") or "").strip().lower()
        if not period:
            return data
        data["period_obj"], data["year_obj"] = None, None
        if period == ANNUAL:
            year = PerformanceYear.objects.filter(
                instansi=self.instansi, year=data.get("year") or 0
            ).first()
            if year is None:
                raise forms.ValidationError(_("Tahun kinerja itu tidak ada untuk instansi ini."))
            data["year_obj"] = year
            return data
        found = (
            Period.objects.filter(pk=int(period), year__instansi=self.instansi)
            .select_related("year")
            .first()
            if period.isdigit()
            else None
        )
        if found is None:
            raise forms.ValidationError(_("Periode itu tidak ada untuk instansi ini."))
        data["period_obj"], data["year_obj"] = found, found.year
        return data


def _instansi_for_batch(request: HttpRequest) -> Instansi:
    """The agency named in the form, if the user administers it (its admin, or BKPSDM);
    otherwise 404, as if it did not exist."""
    raw = str(request.POST.get("instansi", "")).strip()
    if not raw.isdigit() or not access_for(request.user).can_write_instansi(int(raw)):
        raise Http404
    instansi = Instansi.objects.filter(pk=int(raw)).first()
    if instansi is None:
        raise Http404
    return instansi


@login_required
@require_POST
def evaluation_pdf_batch(request: HttpRequest) -> HttpResponse:
    """Start the job that prints every final evaluation of the agency and period into one ZIP,
    and show its page; the page links the ZIP when it is done."""
    instansi = _instansi_for_batch(request)
    form = BatchForm(request.POST, instansi=instansi)
    if not form.is_valid():
        text = " ".join(str(e) for errors in form.errors.values() for e in errors)
        referer = request.headers.get("Referer", "")
        if referer and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            messages.error(request, text)
            return redirect(referer)
        return HttpResponseBadRequest(text)
    data = form.cleaned_data
    period, year = data["period_obj"], data["year_obj"]
    job = job_start(
        kind=BATCH_KIND,
        actor=request.user,
        params={
            "instansi": instansi.pk,
            "period": period.pk if period is not None else None,
            "year": year.pk,
            "label": f"{instansi.name} — "
            + (f"{period.name} {year.year}" if period is not None else f"Tahunan {year.year}"),
        },
    )
    return redirect("core:job_detail", pk=job.pk)


@login_required
def evaluation_pdf_batch_download(request: HttpRequest, pk: int) -> FileResponse:
    """The ZIP of a finished batch job: only for who started it, and only while they still
    administer the agency."""
    job = Job.objects.filter(
        pk=pk, kind=BATCH_KIND, created_by_id=request.user.pk, status=Job.Status.DONE
    ).first()
    name = (job.result or {}).get("file") if job is not None else None
    if job is None or not name or not default_storage.exists(name):
        raise Http404
    if not access_for(request.user).can_write_instansi(job.params.get("instansi")):
        raise Http404
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=job.result.get("filename") or "evaluasi.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
