"""Agency evaluation pages: the result list of an agency for a period (or the year) with its
predikat distribution and Excel export, opening the evaluations of a period, the organisation
predikat per unit with the curve status, recomputing predikat, and the batch PDF form.

Access helper → form → service → response. The result list is for whoever reads a whole agency
(its admins and Pimpinan, BKPSDM, auditors); the organisation predikat page also for leaders, who
see the units below them. Writes are for the agency's admins and BKPSDM (and, for the
organisation predikat, the leader above the unit); everyone else gets 404, as for a missing
page. Reads come from selectors_admin.py, writes from services.py."""

from __future__ import annotations

import importlib
import io
import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from kinerja.organisation.models import Pegawai, UnitKerja
from kinerja.organisation.permissions import access_for

from . import selectors_admin as sel
from . import services
from .choices import OrgPredikat
from .forms_admin import ResultFilterForm, UnitPredikatForm

PAGE_SIZE = 50


def _querystring(request: Any) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _url(name: str, scope: sel.EvaluationScope | None = None, **extra: Any) -> str:
    params = (scope.params() if scope is not None else {}) | extra
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


def _optional_url(name: str) -> str | None:
    """The URL of a page another module provides, or None while it does not exist yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _posted_scope(request: Any, *, leaders: bool = False) -> sel.EvaluationScope:
    """The scope a form posts: agency, year and period must all be the ones named, never a
    default chosen for a missing or mistyped value."""
    scope = sel.evaluation_scope_for(
        request.user,
        request.POST.get("instansi") or "-",
        request.POST.get("year"),
        request.POST.get("period"),
        leaders=leaders,
    )
    if (
        scope.year is None
        or str(scope.year.pk) != request.POST.get("year", "")
        or scope.period_value != request.POST.get("period", "")
    ):
        raise ValidationError(_("Pilih tahun kinerja dan periode yang tersedia."))
    return scope


def _back(scope: sel.EvaluationScope | None, name: str = "evaluation:agency_results") -> Any:
    return redirect(_url(name, scope))


# ---------------------------------------------------------------- result list


def _results_context(request: Any) -> dict[str, Any]:
    scope = sel.evaluation_scope_for(
        request.user,
        request.GET.get("instansi"),
        request.GET.get("year"),
        request.GET.get("period"),
    )
    units = sel.units_of(scope.instansi)
    flt = ResultFilterForm(request.GET or None, units=units)
    values = flt.values()
    qs = sel.result_list(request.user, scope, **values)
    return {"scope": scope, "units": units, "flt": flt, "filters": values, "qs": qs}


@login_required
@require_GET
def agency_results(request: HttpRequest) -> HttpResponse:
    ctx = _results_context(request)
    scope: sel.EvaluationScope = ctx["scope"]
    access = access_for(request.user)
    page = Paginator(ctx.pop("qs"), PAGE_SIZE).get_page(request.GET.get("page"))
    dist = sel.distribution(request.user, scope, ctx["units"], ctx["filters"]["unit"])
    ctx.update(
        page=page,
        dist=dist,
        chart_json=json.dumps(dist.chart),
        chart_height=min(130 + 32 * len(dist.rows), 900),
        headers=sel.predikat_headers(),
        filtered=any(ctx["filters"].values()),
        querystring=_querystring(request),
        can_write=access.can_write_instansi(scope.instansi.pk),
        can_recompute_pemda=access.pemda_wide_write,
        pdf_batch_url=_optional_url("evaluation:pdf_batch"),
        export_query=urlencode(
            {k: v for k, v in request.GET.items() if k != "page" and v not in (None, "")}
        ),
    )
    return render(request, "evaluation/admin/results.html", ctx)


@login_required
@require_GET
def agency_results_export(request: HttpRequest) -> HttpResponse:
    """The same list, through the same visibility rule and filters, as an Excel file."""
    from openpyxl import Workbook

    ctx = _results_context(request)
    scope: sel.EvaluationScope = ctx["scope"]
    if scope.year is None:
        raise Http404
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(_("Hasil penilaian"))[:31])
    ws.append([f"{scope.instansi.name} — {scope.year.year} — {scope.period_label}"])
    ws.append(sel.export_header())
    for row in sel.export_rows(ctx["qs"]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    name = slugify(f"hasil-penilaian-{scope.instansi.short_name or scope.instansi.pk}-"
                   f"{scope.year.year}-{scope.period_label}")  # fmt: skip
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# ---------------------------------------------------------------- opening evaluations


@login_required
@require_POST
def agency_open(request: HttpRequest) -> HttpResponse:
    """The manual button: create the evaluations of the chosen period (or the year) for every
    approved SKP. Idempotent, so pressing it twice creates nothing more."""
    try:
        scope = _posted_scope(request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(None)
    if not access_for(request.user).can_write_instansi(scope.instansi.pk):
        raise Http404
    assert scope.year is not None
    try:
        n = services.evaluations_open(year=scope.year, period=scope.period, actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if n:
            messages.success(request, ngettext(
                "%(n)d penilaian dibuka untuk %(p)s.", "%(n)d penilaian dibuka untuk %(p)s.", n,
            ) % {"n": n, "p": scope.period_label})  # fmt: skip
        else:
            messages.info(
                request,
                _("Tidak ada penilaian baru untuk %(p)s: setiap SKP yang disetujui sudah "
                  "memiliki penilaiannya.") % {"p": scope.period_label},
            )  # fmt: skip
    return _back(scope)


# ---------------------------------------------------------------- recompute


@login_required
@require_POST
def agency_recompute(request: HttpRequest) -> HttpResponse:
    """Recompute stored predikat as a background job: an agency admin for their agency, BKPSDM
    for one agency or the whole Pemda."""
    access = access_for(request.user)
    if not access.is_admin:
        raise Http404
    scope = None
    if request.POST.get("scope") == "pemda":
        if not access.pemda_wide_write:
            raise Http404
        instansi = None
    else:
        scope = sel.evaluation_scope_for(request.user, request.POST.get("instansi") or "-",
                                         request.POST.get("year"), request.POST.get("period"))  # fmt: skip
        if not access.can_write_instansi(scope.instansi.pk):
            raise Http404
        instansi = scope.instansi
    try:
        # Imported when used: the recompute module is optional for these pages.
        start_recompute = importlib.import_module("kinerja.evaluation.recompute").start_recompute
    except (ImportError, AttributeError):
        messages.error(request, _("Hitung ulang predikat belum tersedia di server ini."))
        return _back(scope)
    try:
        job = start_recompute(actor=request.user, instansi=instansi)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(scope)
    return redirect("core:job_detail", pk=job.pk)


# ---------------------------------------------------------------- organisation predikat


@login_required
@require_GET
def unit_predikat(request: HttpRequest) -> HttpResponse:
    scope = sel.evaluation_scope_for(
        request.user,
        request.GET.get("instansi"),
        request.GET.get("year"),
        request.GET.get("period"),
        leaders=True,
    )
    rows = sel.unit_predikat_rows(request.user, scope) if scope.year is not None else []
    return render(request, "evaluation/admin/unit_predikat.html", {
        "scope": scope,
        "rows": rows,
        "org_choices": OrgPredikat.choices,
        "agency_reader": sel.can_read_agency(request.user, scope.instansi.pk),
        "pool_setting": settings.KINERJA_CURVE_POOL,
        "breach_count": sum(1 for r in rows if r.breached),
    })  # fmt: skip


@login_required
@require_POST
def unit_predikat_set(request: HttpRequest) -> HttpResponse:
    try:
        scope = _posted_scope(request, leaders=True)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(None, "evaluation:unit_predikat")
    form = UnitPredikatForm(request.POST)
    if not form.is_valid():
        if "unit" in form.errors:  # a unit that is not a number is no unit: 404
            raise Http404
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return _back(scope, "evaluation:unit_predikat")
    unit = (
        UnitKerja.objects.select_related("instansi")
        .filter(pk=form.cleaned_data["unit"], instansi=scope.instansi)
        .first()
    )
    if unit is None:
        raise Http404
    head = Pegawai.objects.filter(unit=unit, jabatan__is_head=True, is_active=True).first()
    if not sel.can_set_unit_predikat(request.user, unit, head):
        raise Http404
    try:
        row = services.unit_predikat_set(unit=unit, period=scope.period,
                                         predikat=form.cleaned_data["predikat"], actor=request.user)  # fmt: skip
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Predikat organisasi %(u)s untuk %(p)s: %(v)s.")
            % {"u": unit.name, "p": scope.period_label, "v": OrgPredikat(row.predikat).label},
        )
    return _back(scope, "evaluation:unit_predikat")
