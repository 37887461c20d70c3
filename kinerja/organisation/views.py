"""Organisation pages: access helper → form → service → response."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .choices import GOLONGAN_CHOICES, JabatanKind
from .forms import ActingForm, InstansiForm, JabatanForm, PegawaiForm, RoleForm, UnitForm
from .models import Instansi, Pegawai, Penugasan, RoleAssignment
from .permissions import (
    access_for,
    get_instansi_for_user,
    get_jabatan_for_user,
    get_pegawai_for_user,
    get_unit_for_user,
    writable_instansi,
)


def apply_errors(form, exc: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: known fields on the field, the rest on top."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = field_map.get(name, name)
            for err in errors:
                form.add_error(target if target in form.fields else None, err)
    else:
        form.add_error(None, exc)


def require_admin(request):
    if not access_for(request.user).is_admin:
        raise Http404


@login_required
def home(request):
    return render(request, "organisation/home.html", selectors.dashboard_for(request.user))


# ---------------------------------------------------------------- agencies and the org chart


@login_required
def instansi_list(request):
    items = selectors.instansi_list_for_user(request.user)
    return render(request, "organisation/instansi_list.html", {"items": items})


@login_required
def instansi_detail(request, pk: int):
    instansi = get_instansi_for_user(request.user, pk)
    roots, unassigned = selectors.org_tree(instansi)
    return render(
        request,
        "organisation/instansi_detail.html",
        {
            "instansi": instansi,
            "roots": roots,
            "unassigned": unassigned,
            "can_edit": access_for(request.user).can_write_instansi(instansi.pk),
        },
    )


@login_required
def instansi_edit(request, pk: int | None = None):
    if pk is None:
        if not access_for(request.user).pemda_wide_write:
            raise Http404
        instansi = Instansi()
    else:
        instansi = get_instansi_for_user(request.user, pk, write=True)
    form = InstansiForm(request.POST or None, instance=instansi)
    if request.method == "POST" and form.is_valid():
        try:
            instansi = services.instansi_save(instansi=form.instance, actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Instansi %(name)s disimpan.") % {"name": instansi.name})
            return redirect("organisation:instansi_detail", pk=instansi.pk)
    return render(
        request,
        "organisation/form.html",
        {
            "form": form,
            "title": _("Ubah instansi") if pk else _("Tambah instansi"),
            "cancel_url": reverse("organisation:instansi_list"),
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    employees = (
        Pegawai.objects.visible_to(request.user)
        .filter(unit=unit, is_active=True)
        .select_related("jabatan", "atasan", "unit", "instansi")
        .order_by("-jabatan__is_head", "name")
    )
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "unit": unit,
            "page": page,
            "children": unit.children.order_by("name"),
            "can_edit": access_for(request.user).can_write_instansi(unit.instansi_id),
        },
    )


@login_required
def unit_edit(request, pk: int | None = None):
    require_admin(request)
    if pk is None:
        from .models import UnitKerja

        unit = UnitKerja()
        initial = {"instansi": request.GET.get("instansi"), "parent": request.GET.get("parent")}
    else:
        unit, initial = get_unit_for_user(request.user, pk, write=True), {}
    form = UnitForm(request.POST or None, instance=unit, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_save(unit=form.instance, actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Unit kerja %(name)s disimpan.") % {"name": unit.name})
            return redirect("organisation:unit_detail", pk=unit.pk)
    return render(
        request,
        "organisation/form.html",
        {
            "form": form,
            "title": _("Ubah unit kerja") if pk else _("Tambah unit kerja"),
            "cancel_url": reverse("organisation:instansi_list"),
        },
    )


@login_required
def jabatan_list(request):
    instansi_id = selectors._int(request.GET.get("instansi"))
    qs = selectors.jabatan_list_for_user(request.user, instansi_id).order_by(
        "instansi__name", "name"
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisation/jabatan_list.html",
        {
            "page": page,
            "instansi_options": Instansi.objects.visible_to(request.user),
            "instansi_id": instansi_id,
        },
    )


@login_required
def jabatan_edit(request, pk: int | None = None):
    require_admin(request)
    if pk is None:
        from .models import Jabatan

        jabatan, initial = Jabatan(), {"instansi": request.GET.get("instansi")}
    else:
        jabatan, initial = get_jabatan_for_user(request.user, pk, write=True), {}
    form = JabatanForm(request.POST or None, instance=jabatan, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            jabatan = services.jabatan_save(jabatan=form.instance, actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Jabatan %(name)s disimpan.") % {"name": jabatan.name})
            return redirect(
                reverse("organisation:jabatan_list") + f"?instansi={jabatan.instansi_id}"
            )
    return render(
        request,
        "organisation/form.html",
        {
            "form": form,
            "title": _("Ubah jabatan") if pk else _("Tambah jabatan"),
            "cancel_url": reverse("organisation:jabatan_list"),
        },
    )


# ---------------------------------------------------------------- employees


@login_required
def pegawai_list(request):
    flt = selectors.pegawai_filter_from(request.GET)
    qs = selectors.pegawai_list_for_user(request.user, flt)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    instansi_options = Instansi.objects.visible_to(request.user).only("id", "name")
    units = []
    if flt.instansi:
        from .models import UnitKerja

        units = (
            UnitKerja.objects.visible_to(request.user)
            .filter(instansi_id=flt.instansi)
            .order_by("path")
        )
    ctx = {
        "page": page,
        "flt": flt,
        "instansi_options": instansi_options,
        "unit_options": units,
        "golongan_options": GOLONGAN_CHOICES,
        "jabatan_kinds": JabatanKind.choices,
        "querystring": _querystring_without_page(request),
    }
    template = (
        "organisation/_pegawai_table.html"
        if request.headers.get("HX-Request")
        else "organisation/pegawai_list.html"
    )
    return render(request, template, ctx)


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def pegawai_detail(request, pk: int):
    pegawai = get_pegawai_for_user(request.user, pk)
    history = Penugasan.objects.filter(pegawai=pegawai).select_related(
        "jabatan", "unit", "instansi", "atasan"
    )
    direct = (
        Pegawai.objects.visible_to(request.user)
        .filter(atasan=pegawai, is_active=True)
        .select_related("jabatan")
    )
    chain_ids = pegawai.superior_ids
    chain = sorted(
        Pegawai.objects.filter(pk__in=chain_ids).select_related("jabatan"),
        key=lambda p: chain_ids.index(p.pk),
    )
    return render(
        request,
        "organisation/pegawai_detail.html",
        {
            "pegawai": pegawai,
            "history": history,
            "direct_reports": direct,
            "chain": chain,
            "can_edit": access_for(request.user).can_write_instansi(pegawai.instansi_id),
            "acting_form": ActingForm(user=request.user),
        },
    )


@login_required
def pegawai_edit(request, pk: int | None = None):
    require_admin(request)
    if pk is None:
        pegawai, initial = Pegawai(), {"instansi": request.GET.get("instansi")}
    else:
        pegawai, initial = get_pegawai_for_user(request.user, pk, write=True), {}
    form = PegawaiForm(request.POST or None, instance=pegawai, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved, warnings = services.pegawai_save(
                pegawai=form.instance,
                actor=request.user,
                start_date=form.cleaned_data.get("start_date"),
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as exc:
            apply_errors(form, exc, {"atasan": "atasan_nip"})
        else:
            for w in warnings:
                messages.warning(request, w)
            messages.success(
                request, _("Data pegawai %(name)s disimpan.") % {"name": saved.full_name}
            )
            return redirect("organisation:pegawai_detail", pk=saved.pk)
    return render(
        request,
        "organisation/form.html",
        {
            "form": form,
            "title": _("Ubah pegawai") if pk else _("Tambah pegawai"),
            "cancel_url": reverse("organisation:pegawai_list"),
        },
    )


@login_required
@require_POST
def pegawai_acting(request, pk: int):
    pegawai = get_pegawai_for_user(request.user, pk, write=True)
    form = ActingForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.pegawai_assign_acting(pegawai=pegawai, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("Penugasan sementara dicatat."))
    else:
        for field, errs in form.errors.items():
            for e in errs:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}: {e}"
                )
    return redirect("organisation:pegawai_detail", pk=pegawai.pk)


@login_required
@require_POST
def object_delete(request, kind: str, pk: int):
    getters: dict[str, Any] = {
        "unit": get_unit_for_user,
        "jabatan": get_jabatan_for_user,
        "pegawai": get_pegawai_for_user,
    }
    if kind not in getters:
        raise Http404
    obj = getters[kind](request.user, pk, write=True)
    try:
        services.object_delete(obj=obj, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(request.META.get("HTTP_REFERER") or reverse("organisation:instansi_list"))
    messages.success(request, _("%(obj)s dihapus.") % {"obj": obj})
    return redirect("organisation:instansi_list")


# ---------------------------------------------------------------- roles


@login_required
def role_list(request):
    if not access_for(request.user).pemda_wide_write:
        raise Http404
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(
                user=form.cleaned_data["login"],
                role=form.cleaned_data["role"],
                instansi=form.cleaned_data["instansi"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Peran diberikan."))
            return redirect("organisation:role_list")
    assignments = RoleAssignment.objects.select_related(
        "user", "instansi", "user__pegawai"
    ).order_by("role", "user__username")
    return render(
        request, "organisation/role_list.html", {"form": form, "assignments": assignments}
    )


@login_required
@require_POST
def role_revoke(request, pk: int):
    if not access_for(request.user).pemda_wide_write:
        raise Http404
    assignment = RoleAssignment.objects.filter(pk=pk).first()
    if assignment is None:
        raise Http404
    services.role_revoke(assignment=assignment, actor=request.user)
    messages.success(request, _("Peran dicabut."))
    return redirect("organisation:role_list")


__all__ = ["Prefetch", "writable_instansi"]
