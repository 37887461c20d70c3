"""Import of units, positions and employees from CSV/XLSX: access → form → importer → page.

Small files import while the admin waits; larger ones run as a background job whose status the
page polls (templates/core/_job_status.html)."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.jobs import job_start
from kinerja.core.models import Job

from .importers import (
    ACCEPTED_EXTENSIONS,
    KINDS,
    build_template,
    column_help,
    estimate_rows,
    import_data,
)
from .models import Instansi
from .permissions import access_for

TEMPLATE_FORMATS = ("xlsx", "csv")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k, k) for k in KINDS], widget=forms.HiddenInput)
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV atau XLSX"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ",".join(ACCEPTED_EXTENSIONS)}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.KINERJA_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
                % {"size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"}
            )
        return upload


def _require_admin(request):
    access = access_for(request.user)
    if not access.is_admin:
        raise Http404
    return access


def _cards(bound: ImportForm | None) -> list[dict]:
    meta = {
        "unit": (_("Unit kerja"), "bi-diagram-3", _("Susunan unit kerja tiap instansi, termasuk unit induknya.")),
        "jabatan": (_("Jabatan"), "bi-briefcase", _("Jabatan dengan jenis, jenjang, dan unit kerjanya.")),
        "pegawai": (_("Pegawai"), "bi-people", _("Pegawai dengan jabatan, unit kerja, dan atasan langsungnya.")),
    }  # fmt: skip
    cards = []
    for step, kind in enumerate(KINDS, start=1):
        title, icon, intro = meta[kind]
        form = bound if bound is not None and bound.data.get("kind") == kind else None
        if form is None:
            form = ImportForm(initial={"kind": kind})
        form.auto_id = f"id_{kind}_%s"
        cards.append({"kind": kind, "step": step, "title": title, "icon": icon, "intro": intro,
                      "form": form, "columns": column_help(kind)})  # fmt: skip
    return cards


@login_required
def import_page(request):
    access = _require_admin(request)
    result = None
    result_title = ""
    bound = None
    if request.method == "POST":
        bound = ImportForm(request.POST, request.FILES)
        if bound.is_valid():
            kind = bound.cleaned_data["kind"]
            upload = bound.cleaned_data["file"]
            data = upload.read()
            scope = None if access.pemda_wide_write else set(access.admin_instansi_ids)
            if estimate_rows(upload.name, data) > settings.KINERJA_IMPORT_SYNC_MAX_ROWS:
                job = job_start(
                    kind="organisation.import",
                    actor=request.user,
                    params={
                        "kind": kind,
                        "filename": upload.name,
                        "instansi_scope": sorted(scope) if scope is not None else None,
                    },
                    input_file=ContentFile(data, name=upload.name),
                )
                return redirect(f"{reverse('organisation:import')}?job={job.pk}")
            result = import_data(kind=kind, filename=upload.name, data=data, actor=request.user,
                                 instansi_scope=scope)  # fmt: skip
            result_title = upload.name
            bound = None  # a fresh form after an import, whatever its outcome
    job = None
    job_id = request.GET.get("job", "")
    if job_id.isdigit():
        job = Job.objects.filter(
            pk=int(job_id), created_by=request.user, kind="organisation.import"
        ).first()
    scope_names = (
        []
        if access.pemda_wide_write
        else list(
            Instansi.objects.filter(pk__in=access.admin_instansi_ids).values_list("name", flat=True)
        )
    )
    return render(request, "organisation/import.html", {
        "cards": _cards(bound), "result": result, "result_title": result_title, "job": job,
        "scope_names": scope_names, "sync_max_rows": settings.KINERJA_IMPORT_SYNC_MAX_ROWS,
        "max_mb": settings.KINERJA_IMPORT_MAX_BYTES // 1048576,
    })  # fmt: skip


@login_required
def import_template(request, kind: str, fmt: str):
    _require_admin(request)
    if kind not in KINDS or fmt not in TEMPLATE_FORMATS:
        raise Http404
    data, content_type, filename = build_template(kind, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
