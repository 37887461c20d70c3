"""The superior's side of daily work: the verification queue (one by one inline, or in bulk),
the team's month, and the agency's reporting rates. Access helper → form → service → response."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kinerja.organisation.models import Instansi, Pegawai
from kinerja.organisation.permissions import access_for
from kinerja.planning.models import Indicator

from . import selectors, services
from .forms import QueueFilterForm, ReviewForm
from .models import DailyEntry, Evidence
from .permissions import get_entry_for_user
from .views_entries import me_or_404, parse_month, safe_next, shift_month

PER_PAGE = 25


def _querystring(request, drop: tuple[str, ...] = ("page",)) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def _queue_context(request, me: Pegawai) -> dict[str, Any]:
    base = selectors.verification_queue(me)
    people = list(
        Pegawai.objects.filter(pk__in=base.values("pegawai_id")).only("id", "name", "gelar_depan", "gelar_belakang").order_by("name")
    )  # fmt: skip
    direct = list(Pegawai.objects.filter(atasan=me, is_active=True).exclude(pk__in=[p.pk for p in people])
                  .only("id", "name", "gelar_depan", "gelar_belakang").order_by("name"))  # fmt: skip
    indicators = list(Indicator.objects.filter(pk__in=base.values("indicator_id")).order_by("text"))
    flt = QueueFilterForm(request.GET or None, people=people + direct, indicators=indicators)
    values = flt.values() if request.GET else {}
    qs = selectors.verification_queue(
        me, pegawai_id=values.get("pegawai"), indicator_id=values.get("indicator"),
        date_from=values.get("date_from"), date_to=values.get("date_to"),
    ).prefetch_related(Prefetch("evidence", Evidence.objects.order_by("created_at", "id")))  # fmt: skip
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return {"page": page, "flt": flt, "querystring": _querystring(request),
            "filtered": any(v for v in values.values()), "review_form": ReviewForm()}  # fmt: skip


@login_required
def queue(request):
    """Entries awaiting my verification, oldest first, with filters and bulk accept/reject."""
    me = me_or_404(request)
    selected: set[int] = set()
    bulk_comment = ""
    if request.method == "POST":
        ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()]
        form = ReviewForm(request.POST)
        bulk_comment = request.POST.get("comment", "")
        if not ids:
            messages.error(request, _("Pilih paling sedikit satu laporan."))
        elif not form.is_valid():
            messages.error(request, _("Pilih terima atau tolak."))
        else:
            accept = form.cleaned_data["decision"] == "accept"
            entries = list(DailyEntry.objects.visible_to(request.user).filter(pk__in=ids))
            try:
                if len(entries) != len(set(ids)):
                    raise ValidationError(_("Sebagian laporan tidak ditemukan."))
                n = services.entry_review(entries=entries, actor=request.user, accept=accept,
                                          comment=form.cleaned_data["comment"])  # fmt: skip
            except ValidationError as exc:
                for m in exc.messages:
                    messages.error(request, m)
            else:
                msg = (ngettext("%(n)d laporan diverifikasi.", "%(n)d laporan diverifikasi.", n) if accept
                       else ngettext("%(n)d laporan ditolak dan dikembalikan ke pegawai.",
                                     "%(n)d laporan ditolak dan dikembalikan ke pegawai.", n))  # fmt: skip
                messages.success(request, msg % {"n": n})
                return redirect(f"{reverse('activity:queue')}?{_querystring(request)}")
        selected = set(ids)
    ctx = _queue_context(request, me)
    ctx.update({"selected": selected, "bulk_comment": bulk_comment})
    return render(request, "activity/queue.html", ctx)


@login_required
@require_POST
def review_one(request, pk: int):
    """Accept or reject one entry. With htmx the row is replaced in place (with the service's
    message on failure); without, back to the page it came from."""
    me_or_404(request)
    entry = get_entry_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    error = ""
    accept = False
    if not form.is_valid():
        error = _("Pilih terima atau tolak.")
    else:
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.entry_review(entries=[entry], actor=request.user, accept=accept,
                                  comment=form.cleaned_data["comment"])  # fmt: skip
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.headers.get("HX-Request"):
        entry = (
            DailyEntry.objects.filter(pk=entry.pk)
            .select_related("pegawai", "rhk", "indicator")
            .prefetch_related("evidence")
            .get()
        )
        return render(request, "activity/_queue_row.html", {
            "e": entry, "error": error, "done": not error, "comment": request.POST.get("comment", ""),
            "review_form": ReviewForm(),
        })  # fmt: skip
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Laporan %(p)s tanggal %(d)s %(what)s.") % {
            "p": entry.pegawai.full_name, "d": f"{entry.date:%d-%m-%Y}",
            "what": _("diverifikasi") if accept else _("ditolak")})  # fmt: skip
    return redirect(safe_next(request, reverse("activity:queue")))


@login_required
def team(request):
    """The superior's direct team this month: who is quiet, what waits, what is behind plan."""
    me = me_or_404(request)
    raw = request.GET.get("hari", "")
    idle_days = int(raw) if raw.isdigit() and 1 <= int(raw) <= 60 else 3
    today = timezone.localdate()
    members = selectors.team_month(me, idle_days=idle_days, day=today)
    for m in members:
        m.quiet = m.idle_working_days is None or m.idle_working_days >= idle_days
    return render(request, "activity/team.html", {
        "members": members, "idle_days": idle_days, "today": today,
        "quiet": sum(1 for m in members if m.quiet),
        "pending": sum(m.pending for m in members), "behind": sum(1 for m in members if m.behind),
    })  # fmt: skip


def _agencies_for(user: Any) -> list[Instansi]:
    access = access_for(user)
    if access.pemda_wide_read:
        return list(Instansi.objects.order_by("name"))
    return list(Instansi.objects.filter(pk__in=access.read_instansi_ids).order_by("name"))


@login_required
def agency(request):
    """Reporting and verification rates per unit of one agency, for its admins and leaders,
    BKPSDM and auditors."""
    options = _agencies_for(request.user)
    if not options:
        raise Http404
    raw = request.GET.get("instansi", "")
    chosen = options[0]
    if raw.isdigit():
        chosen = next((i for i in options if i.pk == int(raw)), None)
        if chosen is None:
            raise Http404
    today = timezone.localdate()
    first = parse_month(request.GET.get("bulan"), today)
    last = selectors.month_bounds(first)[1]
    rows = selectors.reporting_rates(chosen.pk, min(last, today))
    totals = {
        "employees": sum(r["employees"] for r in rows), "reporters": sum(r["reporters"] for r in rows),
        "submitted": sum(r["submitted"] for r in rows), "verified": sum(r["verified"] for r in rows),
    }  # fmt: skip
    totals["reporting_rate"] = (
        round(100 * totals["reporters"] / totals["employees"]) if totals["employees"] else None
    )
    totals["verification_rate"] = (
        round(100 * totals["verified"] / totals["submitted"]) if totals["submitted"] else None
    )
    nxt = shift_month(first, 1)
    return render(request, "activity/agency.html", {
        "options": options, "instansi": chosen, "rows": rows, "totals": totals, "first": first,
        "prev_month": shift_month(first, -1), "next_month": nxt if nxt <= today else None,
    })  # fmt: skip
