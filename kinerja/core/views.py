from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render

from .models import AuditLog, Job


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def audit_list(request):
    if not request.user.has_perm("core.view_audit"):
        raise Http404
    qs = AuditLog.objects.select_related("actor")
    filters = {
        "action": request.GET.get("action", "").strip(),
        "object_type": request.GET.get("object_type", "").strip(),
        "actor": request.GET.get("actor", "").strip(),
        "q": request.GET.get("q", "").strip(),
        "date_from": request.GET.get("date_from", "").strip(),
        "date_to": request.GET.get("date_to", "").strip(),
    }
    if filters["action"]:
        qs = qs.filter(action__startswith=filters["action"])
    if filters["object_type"]:
        qs = qs.filter(object_type=filters["object_type"])
    if filters["actor"]:
        qs = qs.filter(actor_repr__icontains=filters["actor"])
    if filters["q"]:
        qs = qs.filter(object_repr__icontains=filters["q"])
    try:
        if filters["date_from"]:
            qs = qs.filter(created_at__date__gte=filters["date_from"])
        if filters["date_to"]:
            qs = qs.filter(created_at__date__lte=filters["date_to"])
    except Exception:  # noqa: BLE001 - a malformed date in the URL filters nothing
        filters["date_from"] = filters["date_to"] = ""
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    object_types = AuditLog.objects.order_by().values_list("object_type", flat=True).distinct()
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "filters": filters,
            "object_types": sorted(set(object_types)),
        },
    )


@login_required
def job_detail(request, pk: int):
    """A job's status; htmx polls the fragment until it finishes."""
    job = Job.objects.filter(pk=pk, created_by=request.user).first()
    if job is None:
        raise Http404
    template = (
        "core/_job_status.html" if request.headers.get("HX-Request") else "core/job_detail.html"
    )
    return render(request, template, {"job": job})
