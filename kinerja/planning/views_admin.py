"""Planning administration and overview pages: performance years, organisation targets and their
import, SKP templates, the SKP status board and the cascade map.

Access helper → form → service → response. Administration pages are for admins of the agency
(Admin Instansi for theirs, Admin BKPSDM for all); everyone else gets 404. The board and the
cascade are for whoever reads the whole agency (admins, Pimpinan, BKPSDM, auditors) and for
superiors, who see their own subtree. Reads come from selectors.py."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.organisation.models import UnitKerja
from kinerja.organisation.permissions import access_for
from kinerja.organisation.views import apply_errors

from . import selectors, services
from .forms_admin import (
    INDICATOR_HELP,
    OrgTargetForm,
    RhkRowFormSet,
    TargetImportForm,
    TemplateApplyForm,
    TemplateForm,
    TemplateFromSkpForm,
    YearDatesForm,
    YearForm,
    YearReopenForm,
    content_from_rows,
    content_from_skp,
    rows_initial,
)
from .importers import build_target_template, column_help, import_targets
from .models import Indicator, OrgTarget, Rhk, SkpTemplate
from .permissions import get_year_for_user

PAGE_SIZE = 50


def _require_admin(request: Any) -> None:
    if not access_for(request.user).is_admin:
        raise Http404


def _querystring(request: Any) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# ---------------------------------------------------------------- years


@login_required
def year_list(request):
    _require_admin(request)
    page = Paginator(selectors.year_list_for_admin(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "planning/year_list.html", {"page": page})


@login_required
def year_create(request):
    _require_admin(request)
    form = YearForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            year = services.year_create(
                instansi=data["instansi"],
                year=data["year"],
                actor=request.user,
                frequency=data["frequency"],
                planning_start=data["planning_start"],
                planning_end=data["planning_end"],
                closing_date=data["closing_date"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Tahun kinerja %(y)s dibuka dengan %(n)d periode penilaian.")
                % {"y": year.year, "n": year.periods.count()},
            )
            return redirect("planning:year_detail", pk=year.pk)
    return render(request, "planning/year_form.html", {"form": form})


@login_required
def year_detail(request, pk: int):
    year = get_year_for_user(request.user, pk, write=True)
    return render(
        request,
        "planning/year_detail.html",
        {
            "year": year,
            "periods": list(year.periods.all()),
            "target_count": year.targets.count(),
            "reopen_form": YearReopenForm(),
        },
    )


@login_required
@require_POST
def year_close(request, pk: int):
    year = get_year_for_user(request.user, pk, write=True)
    try:
        services.year_close(year=year, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tahun kinerja %(y)s ditutup.") % {"y": year.year})
    return redirect("planning:year_detail", pk=year.pk)


@login_required
def year_reopen(request, pk: int):
    year = get_year_for_user(request.user, pk, write=True)
    form = YearReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.year_reopen(year=year, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Tahun kinerja %(y)s dibuka kembali.") % {"y": year.year})
            return redirect("planning:year_detail", pk=year.pk)
    return render(request, "planning/year_reopen.html", {"year": year, "form": form})


# ---------------------------------------------------------------- organisation targets


def _target_page(request, year, *, import_form=None, result=None, result_title="", status=200):
    return render(
        request,
        "planning/target_list.html",
        {
            "year": year,
            "targets": selectors.target_list_for_year(year),
            "import_form": import_form or TargetImportForm(),
            "result": result,
            "result_title": result_title,
            "columns": column_help(),
        },
        status=status,
    )


@login_required
def target_list(request, pk: int):
    year = get_year_for_user(request.user, pk, write=True)
    return _target_page(request, year)


@login_required
def target_edit(request, pk: int | None = None, year_pk: int | None = None):
    if pk is not None:
        target = OrgTarget.objects.filter(pk=pk).first()
        if target is None:
            raise Http404
        year = get_year_for_user(request.user, target.year_id, write=True)
    else:
        year = get_year_for_user(request.user, year_pk, write=True)
        target = OrgTarget(year=year)
    form = OrgTargetForm(request.POST or None, instance=target, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.org_target_save(target=form.instance, actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Target %(code)s disimpan.") % {"code": saved.code})
            return redirect("planning:target_list", pk=year.pk)
    return render(
        request,
        "planning/target_form.html",
        {"form": form, "year": year, "target": target if pk else None},
    )


@login_required
@require_POST
def target_import(request, pk: int):
    year = get_year_for_user(request.user, pk, write=True)
    form = TargetImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _target_page(request, year, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    result = import_targets(year=year, filename=upload.name, data=upload.read(), actor=request.user)
    return _target_page(
        request, year, result=result, result_title=upload.name, status=200 if result.ok else 400
    )


@login_required
def target_import_template(request, fmt: str):
    _require_admin(request)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    data, content_type, filename = build_target_template(fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------- templates


def _get_template_for_admin(user: Any, pk: Any) -> SkpTemplate:
    access = access_for(user)
    template = (
        SkpTemplate.objects.select_related("jabatan", "jabatan__instansi").filter(pk=pk).first()
    )
    if template is None or not access.can_write_instansi(template.jabatan.instansi_id):
        raise Http404
    return template


@login_required
def template_list(request):
    _require_admin(request)
    page = Paginator(selectors.template_list_for_admin(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    years_by_instansi: dict[int, list] = defaultdict(list)
    for y in selectors.open_years_for_admin(request.user):
        years_by_instansi[y.instansi_id].append(y)
    for t in page.object_list:
        t.apply_years = years_by_instansi.get(t.jabatan.instansi_id, [])
    return render(request, "planning/template_list.html", {"page": page})


@login_required
def template_edit(request, pk: int | None = None):
    _require_admin(request)
    template = _get_template_for_admin(request.user, pk) if pk else SkpTemplate()
    jabatan_qs = selectors.jabatan_for_admin(request.user)
    initial = {"jabatan": request.GET.get("jabatan")}
    if template.pk:
        initial = {"jabatan": template.jabatan_id, "name": template.name, "approach": template.approach}  # fmt: skip
    form = TemplateForm(request.POST or None, jabatan_qs=jabatan_qs, initial=initial)
    rows = rows_initial(template.content or []) + [{} for _i in range(3)]
    formset = RhkRowFormSet(request.POST or None, initial=rows, prefix="rhk")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        content = content_from_rows(formset, form.cleaned_data["approach"])
        if content is not None:
            template.jabatan = form.cleaned_data["jabatan"]
            template.name = form.cleaned_data["name"]
            template.approach = form.cleaned_data["approach"]
            template.content = content
            try:
                services.template_save(template=template, actor=request.user)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Templat %(name)s disimpan.") % {"name": template.name})
                return redirect("planning:template_list")
    return render(
        request,
        "planning/template_form.html",
        {"form": form, "formset": formset, "template": template, "indicator_help": INDICATOR_HELP},
    )


@login_required
def template_from_skp(request):
    _require_admin(request)
    jabatan_qs = selectors.jabatan_for_admin(request.user)
    jabatan_id = request.POST.get("jabatan") or request.GET.get("jabatan")
    jabatan = jabatan_qs.filter(pk=jabatan_id).first() if str(jabatan_id or "").isdigit() else None
    form = None
    if jabatan is not None:
        skp_qs = selectors.skp_sources_for_template(request.user, jabatan)
        form = TemplateFromSkpForm(
            request.POST or None, skp_qs=skp_qs, initial={"name": jabatan.name}
        )
        if request.method == "POST" and form.is_valid():
            skp = form.cleaned_data["skp"]
            rhks = skp.rhks.order_by("kind", "order", "pk").prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))
            )
            template = SkpTemplate(
                jabatan=jabatan,
                name=form.cleaned_data["name"],
                approach=skp.approach,
                content=content_from_skp(rhks),
            )
            try:
                services.template_save(template=template, actor=request.user)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Templat %(name)s dibuat dari SKP %(who)s: %(n)d RHK.")
                    % {"name": template.name, "who": skp.pegawai.full_name, "n": len(template.content)},
                )  # fmt: skip
                return redirect("planning:template_edit", pk=template.pk)
    return render(
        request,
        "planning/template_from_skp.html",
        {"jabatan_options": jabatan_qs, "jabatan": jabatan, "form": form},
    )


@login_required
@require_POST
def template_apply(request, pk: int):
    template = _get_template_for_admin(request.user, pk)
    year_qs = selectors.open_years_for_admin(request.user).filter(
        instansi_id=template.jabatan.instansi_id
    )
    form = TemplateApplyForm(request.POST, year_qs=year_qs)
    if not form.is_valid():
        messages.error(
            request, _("Pilih tahun kinerja yang masih terbuka dari instansi jabatan ini.")
        )
        return redirect("planning:template_list")
    year = form.cleaned_data["year"]
    try:
        result = services.skp_create_from_template(template=template, year=year, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(template)s → %(year)s: %(c)d SKP dibuat, %(s)d dilewati (sudah punya SKP).")
            % {"template": template.name, "year": year.year, "c": result.created, "s": result.skipped},
        )  # fmt: skip
    return redirect("planning:template_list")


# ---------------------------------------------------------------- status board and cascade


def _overview_scope(request: Any) -> selectors.PlanningScope:
    access = access_for(request.user)
    if not (access.pemda_wide_read or access.read_instansi_ids or access.has_subordinates):
        raise Http404
    return selectors.planning_scope_for(
        request.user, request.GET.get("instansi"), request.GET.get("year")
    )


def _unit_choice(request: Any, scope: selectors.PlanningScope) -> tuple[list, UnitKerja | None]:
    units = list(
        UnitKerja.objects.filter(instansi=scope.instansi)
        .only("id", "name", "path", "depth")
        .order_by("path")
    )
    base = min((u.depth for u in units), default=0)
    for u in units:
        u.indent = "\u2003" * (u.depth - base)
    unit_id = selectors._int(request.GET.get("unit"))
    return units, next((u for u in units if u.pk == unit_id), None)


def _status_labels() -> list[tuple[str, str]]:
    return [
        ("none", _("Belum mulai")),
        ("draft", _("Draf")),
        ("returned", _("Dikembalikan")),
        ("submitted", _("Diajukan")),
        ("approved", _("Disetujui")),
    ]


@login_required
def status_board(request):
    scope = _overview_scope(request)
    ctx: dict[str, Any] = {"scope": scope, "statuses": _status_labels()}
    if scope.year is not None:
        units, unit = _unit_choice(request, scope)
        ctx.update(
            units=units,
            unit=unit,
            agency_wide=selectors.is_agency_wide(request.user, scope.instansi.pk),
            board=selectors.status_board(request.user, scope.instansi, scope.year, unit),
            querystring=_querystring(request),
        )
    return render(request, "planning/board.html", ctx)


@login_required
def board_people(request):
    scope = _overview_scope(request)
    if scope.year is None:
        raise Http404
    status = request.GET.get("status", selectors.LATE)
    labels = dict(_status_labels()) | {selectors.LATE: _("Belum disetujui")}
    if status not in labels:
        raise Http404
    units, unit = _unit_choice(request, scope)
    qs = selectors.board_people(request.user, scope.instansi, scope.year, status, unit)
    page = Paginator(qs.select_related("unit", "jabatan"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "planning/board_people.html",
        {
            "scope": scope,
            "unit": unit,
            "status": status,
            "status_label": labels[status],
            "labels": labels,
            "page": page,
            "querystring": _querystring(request),
        },
    )


@login_required
def cascade(request):
    scope = _overview_scope(request)
    ctx: dict[str, Any] = {"scope": scope}
    if scope.year is not None:
        ctx["view"] = selectors.cascade_for(request.user, scope.instansi, scope.year)
        ctx["gap_limit"] = selectors.GAP_LIST_LIMIT
    return render(request, "planning/cascade.html", ctx)


@login_required
def cascade_children(request, pk: int):
    """The RHK supporting one RHK: an htmx fragment for the map, or a page of its own."""
    access = access_for(request.user)
    if not (access.pemda_wide_read or access.read_instansi_ids or access.has_subordinates):
        raise Http404
    try:
        rhk = selectors.rhk_for_user(request.user, pk)
    except Rhk.DoesNotExist:
        raise Http404 from None
    nodes = selectors.rhk_children(request.user, rhk)
    if request.headers.get("HX-Request"):
        return render(request, "planning/_admin_cascade_nodes.html", {"nodes": nodes, "level": 3})
    return render(request, "planning/cascade_children.html", {"rhk": rhk, "nodes": nodes})


@login_required
def cascade_gaps(request):
    scope = _overview_scope(request)
    kind = request.GET.get("kind", "")
    if scope.year is None or kind not in selectors.GAP_KINDS:
        raise Http404
    titles = {
        "orphan": _("RHK tanpa induk"),
        "unsupported": _("RHK atasan yang belum diintervensi"),
        "no_skp": _("Pegawai belum memiliki SKP"),
    }
    qs = selectors.gap_list(request.user, scope.year, kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/cascade_gaps.html",
        {
            "scope": scope,
            "kind": kind,
            "title": titles[kind],
            "page": page,
            "querystring": _querystring(request),
        },
    )


@login_required
@require_POST
def target_delete(request, pk: int):
    target = get_object_or_404(
        OrgTarget.objects.visible_to(request.user).select_related("year"), pk=pk
    )
    year = get_year_for_user(request.user, target.year_id, write=True)
    try:
        services.org_target_delete(target=target, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Target %(c)s dihapus.") % {"c": target.code})
    return redirect("planning:target_list", pk=year.pk)


@login_required
@require_POST
def template_delete(request, pk: int):
    template = _get_template_for_admin(request.user, pk)
    services.template_delete(template=template, actor=request.user)
    messages.success(request, _("Templat %(n)s dihapus.") % {"n": template.name})
    return redirect("planning:template_list")


@login_required
def year_edit(request, pk: int):
    year = get_year_for_user(request.user, pk, write=True)
    form = YearDatesForm(request.POST or None, initial={
        "planning_start": year.planning_start, "planning_end": year.planning_end, "closing_date": year.closing_date,
    })  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.year_update(year=year, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Jadwal tahun kinerja %(y)s diperbarui.") % {"y": year.year}
            )
            return redirect("planning:year_detail", pk=year.pk)
    return render(request, "organisation/form.html", {
        "form": form, "title": _("Ubah jadwal tahun kinerja %(y)s") % {"y": year.year},
        "cancel_url": reverse("planning:year_detail", args=[year.pk]),
    })  # fmt: skip
