"""The employee's daily work: "my month" with the quick entry form, the week view, one entry
with its evidence, bulk import, and feedback. Access helper → form → service → response."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kinerja.organisation.models import Pegawai
from kinerja.organisation.permissions import access_for
from kinerja.organisation.views import apply_errors
from kinerja.planning.models import Period

from . import importers, selectors, services
from .choices import EntryStatus, EvidenceKind
from .files import IMAGES
from .forms import (
    ENTRY_FIELD_MAP,
    DialogueForm,
    EntryForm,
    EvidenceForm,
    FeedbackForm,
    ImportForm,
    ReplyForm,
    ReviewForm,
    rhks_for,
)
from .models import DailyEntry, Dialogue, Evidence, Feedback
from .permissions import get_entry_for_user, is_verifier_of

# ---------------------------------------------------------------- small helpers


def me_or_404(request) -> Pegawai:
    """The acting employee; users without an employee record have no daily work."""
    me = access_for(request.user).pegawai
    if me is None:
        raise Http404
    return me


def own_entry_or_404(request, pk: Any) -> DailyEntry:
    """An entry the user may see, and that is theirs (only the owner writes)."""
    entry = get_entry_for_user(request.user, pk)
    me = access_for(request.user).pegawai
    if me is None or entry.pegawai_id != me.pk:
        raise Http404
    return entry


def parse_month(text: str | None, today: datetime.date) -> datetime.date:
    """'YYYY-MM' → the first of that month; anything else, or a future month → this month."""
    this_month = today.replace(day=1)
    try:
        year, month = (int(x) for x in (text or "").split("-", 1))
        first = datetime.date(year, month, 1)
    except (TypeError, ValueError, OverflowError):
        return this_month
    if first > this_month or first.year < 2000:
        return this_month
    return first


def parse_day(text: str | None) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return day if day.year >= 2000 else None


def shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def error_messages(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def month_url(day: datetime.date) -> str:
    return f"{reverse('activity:my_entries')}?bulan={day:%Y-%m}"


# ---------------------------------------------------------------- my month and the quick form


def _add_evidence(entry: DailyEntry, actor: Any, data: dict[str, Any]) -> int:
    """Attach the photo, file and link of a form to the entry; errors land on their own field."""
    added = 0
    for field in ("photo", "file"):
        upload = data.get(field)
        if upload:
            try:
                services.evidence_add(entry=entry, actor=actor, upload=upload, name=upload.name)
            except ValidationError as exc:
                raise ValidationError({field: exc.messages}) from None
            added += 1
    url = (data.get("url") or "").strip()
    if url:
        services.evidence_add(entry=entry, actor=actor, url=url)
        added += 1
    return added


def _chart_data(progress: list[selectors.IndicatorProgress], periods: list[Period],
                day: datetime.date) -> list[dict[str, Any]]:  # fmt: skip
    """Per countable indicator: the cumulative realisation per period up to `day`, the pro-rata
    plan and the target, for the Chart.js progress chart."""
    charts = []
    for p in progress:
        target = p.target_number
        if not p.countable or not target:
            continue
        skp = p.indicator.rhk.skp
        span = (skp.end_date - skp.start_date).days + 1
        labels: list[str] = []
        real: list[float | None] = []
        plan: list[float] = []
        running = Decimal(0)
        for period in periods:
            if period.end_date < skp.start_date or period.start_date > skp.end_date:
                continue
            # Twelve month names do not fit a phone's width: "Jan", "Feb", …
            labels.append(period.name[:3] if len(periods) > 6 else period.name)
            elapsed = (min(period.end_date, skp.end_date) - skp.start_date).days + 1
            plan.append(float(round(target * elapsed / span, 2)))
            if period.start_date <= day:
                running += p.by_period.get(period.pk) or 0
                real.append(float(running))
            else:
                real.append(None)
        charts.append({"id": f"chart-{p.indicator.pk}", "labels": labels, "realisation": real,
                       "plan": plan, "target": float(target), "unit": p.indicator.target_unit})  # fmt: skip
    return charts


def _month_context(me: Pegawai, first: datetime.date, today: datetime.date) -> dict[str, Any]:
    last = selectors.month_bounds(first)[1]
    day = today if last >= today else last
    data = selectors.my_month(me, day)
    periods = (
        list(Period.objects.filter(year_id=data["skp"].year_id).order_by("number"))
        if data["skp"]
        else []
    )
    entries = data["entries"]
    corrected = {e.previous_id for e in entries if e.previous_id}
    for e in entries:
        e.has_correction = e.pk in corrected
    days = [(d, list(items)) for d, items in itertools.groupby(entries, key=lambda e: e.date)]
    return {
        "month": data, "first": first, "days": days, "today": today, "as_of": day,
        "prev_month": shift_month(first, -1),
        "next_month": shift_month(first, 1) if shift_month(first, 1) <= today else None,
        "charts": {"charts": _chart_data(data["progress"], periods, day), "labels": {
            "realisation": _("Realisasi kumulatif"), "plan": _("Rencana (pro rata)"), "target": _("Target")}},
        "rejected": [e for e in entries if e.status == EntryStatus.REJECTED],
        "editable_count": sum(1 for e in entries if e.is_editable),
    }  # fmt: skip


@login_required
def my_entries(request):
    """Laporan harian: the month's entries by day, progress per indicator, the quick form."""
    me = me_or_404(request)
    today = timezone.localdate()
    first = parse_month(request.GET.get("bulan"), today)
    rhks = rhks_for(me)
    if request.method == "POST":
        form = EntryForm(request.POST, request.FILES, pegawai=me, rhks=rhks)
        if form.is_valid():
            submit = request.POST.get("then") == "submit"
            try:
                with transaction.atomic():
                    entry = services.entry_save(
                        entry=form.apply_to(DailyEntry()), actor=request.user
                    )
                    n = _add_evidence(entry, request.user, form.cleaned_data)
                    if submit:
                        services.entry_submit(entries=[entry], actor=request.user)
            except ValidationError as exc:
                apply_errors(form, exc, ENTRY_FIELD_MAP)
            else:
                what = _("diajukan ke atasan") if submit else _("disimpan sebagai draf")
                msg = _("Laporan %(d)s %(what)s.") % {"d": f"{entry.date:%d-%m-%Y}", "what": what}
                if n:
                    msg += " " + ngettext(
                        "%(n)d bukti dilampirkan.", "%(n)d bukti dilampirkan.", n
                    ) % {"n": n}
                messages.success(request, msg)
                return redirect(month_url(entry.date))
        first = today.replace(day=1)
    else:
        day = parse_day(request.GET.get("tanggal"))
        initial = {"date": day if day and day <= today else today}
        form = EntryForm(initial=initial, pegawai=me, rhks=rhks)
    ctx = _month_context(me, first, today)
    ctx.update({"form": form, "me": me, "has_targets": bool(rhks)})
    return render(request, "activity/my_entries.html", ctx)


@login_required
def week(request):
    """Monday–Friday of one week with each day's entries, to fill the gaps quickly."""
    me = me_or_404(request)
    today = timezone.localdate()
    day = parse_day(request.GET.get("tanggal")) or today
    monday = day - datetime.timedelta(days=day.weekday())
    days = [monday + datetime.timedelta(days=i) for i in range(5)]
    entries = list(
        DailyEntry.objects.filter(pegawai=me, date__range=(days[0], days[-1]))
        .exclude(status=EntryStatus.SUPERSEDED)
        .select_related("rhk", "indicator")
        .order_by("date", "start_time", "id")
    )
    by_day: dict[datetime.date, list[DailyEntry]] = {}
    for e in entries:
        by_day.setdefault(e.date, []).append(e)
    columns = [{"date": d, "entries": by_day.get(d, []), "future": d > today, "today": d == today}
               for d in days]  # fmt: skip
    next_monday = monday + datetime.timedelta(days=7)
    return render(request, "activity/week.html", {
        "columns": columns, "monday": monday, "friday": days[-1], "today": today,
        "prev_week": monday - datetime.timedelta(days=7),
        "next_week": next_monday if next_monday <= today else None,
        "empty_days": sum(1 for c in columns if not c["entries"] and not c["future"]),
    })  # fmt: skip


@login_required
@require_POST
def repeat_last(request):
    """Copy the latest earlier entry as a draft on the chosen day (default today)."""
    me_or_404(request)
    today = timezone.localdate()
    day = parse_day(request.POST.get("tanggal")) or today
    try:
        entry = services.entry_repeat_last(actor=request.user, date=day)
    except ValidationError as exc:
        error_messages(request, exc)
        return redirect(safe_next(request, month_url(min(day, today))))
    messages.success(request, _(
        "Laporan terakhir disalin sebagai draf tanggal %(d)s. Periksa isinya, lalu simpan dan ajukan.")
        % {"d": f"{entry.date:%d-%m-%Y}"})  # fmt: skip
    return redirect("activity:entry_detail", pk=entry.pk)


@login_required
@require_POST
def submit_many(request):
    """Submit the selected drafts (and fixed rejected entries) to the superior at once."""
    me = me_or_404(request)
    ids = {int(x) for x in request.POST.getlist("ids") if x.isdigit()}
    back = safe_next(request, reverse("activity:my_entries"))
    if not ids:
        messages.error(request, _("Pilih laporan yang akan diajukan."))
        return redirect(back)
    entries = list(DailyEntry.objects.filter(pk__in=ids, pegawai=me))
    if len(entries) != len(ids):
        messages.error(request, _("Sebagian laporan tidak ditemukan."))
        return redirect(back)
    try:
        n = services.entry_submit(entries=entries, actor=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(
            request,
            ngettext("%(n)d laporan diajukan ke atasan.", "%(n)d laporan diajukan ke atasan.", n)
            % {"n": n},
        )
    return redirect(back)


# ---------------------------------------------------------------- one entry


@login_required
def entry_detail(request, pk: int):
    """One entry: its data, evidence with SHA-256 and integrity, the review, and for its owner
    the edit form while it is a draft or rejected."""
    entry = get_entry_for_user(request.user, pk)
    me = access_for(request.user).pegawai
    owner = me if me is not None and entry.pegawai_id == me.pk else None
    is_owner = owner is not None
    form = None
    if owner is not None and entry.is_editable:
        if request.method == "POST":
            form = EntryForm(request.POST, pegawai=owner, with_evidence=False, current=entry)
            if form.is_valid():
                submit = request.POST.get("then") == "submit"
                try:
                    with transaction.atomic():
                        services.entry_save(entry=form.apply_to(entry), actor=request.user)
                        if submit:
                            services.entry_submit(entries=[entry], actor=request.user)
                except ValidationError as exc:
                    apply_errors(form, exc, ENTRY_FIELD_MAP)
                    entry = get_entry_for_user(request.user, pk)
                else:
                    messages.success(
                        request,
                        _("Laporan diajukan ke atasan.") if submit else _("Perubahan disimpan."),
                    )
                    return redirect("activity:entry_detail", pk=entry.pk)
        else:
            form = EntryForm(initial=EntryForm.initial_for(entry), pegawai=owner, with_evidence=False,
                             current=entry)  # fmt: skip
    elif request.method == "POST":
        raise Http404
    # (evidence, whether the stored file still has its recorded SHA-256; None for a link)
    evidence = [
        (ev, services.evidence_intact(ev) if ev.kind == EvidenceKind.FILE else None)
        for ev in entry.evidence.select_related("uploaded_by")
    ]
    feedback = list(
        Feedback.objects.filter(entry=entry, parent=None)
        .select_related("author")
        .prefetch_related(Prefetch("replies", Feedback.objects.select_related("author").order_by("created_at")))
    )  # fmt: skip
    correction = DailyEntry.objects.filter(previous=entry).first()
    return render(request, "activity/entry_detail.html", {
        "entry": entry, "form": form, "is_owner": is_owner, "evidence": evidence,
        "evidence_form": EvidenceForm() if is_owner and entry.is_editable else None,
        "can_review": entry.status == EntryStatus.SUBMITTED and is_verifier_of(request.user, entry),
        "review_form": ReviewForm(), "feedback": feedback, "correction": correction,
        "can_give_feedback": me is not None and f"/{me.pk}/" in entry.pegawai.chain,
    })  # fmt: skip


@login_required
@require_POST
def entry_delete(request, pk: int):
    entry = own_entry_or_404(request, pk)
    day = entry.date
    try:
        services.entry_delete(entry=entry, actor=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
        return redirect("activity:entry_detail", pk=pk)
    messages.success(request, _("Draf laporan %(d)s dihapus.") % {"d": f"{day:%d-%m-%Y}"})
    return redirect(safe_next(request, month_url(day)))


@login_required
@require_POST
def entry_submit(request, pk: int):
    entry = own_entry_or_404(request, pk)
    try:
        services.entry_submit(entries=[entry], actor=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(
            request, _("Laporan %(d)s diajukan ke atasan.") % {"d": f"{entry.date:%d-%m-%Y}"}
        )
    return redirect(safe_next(request, reverse("activity:entry_detail", args=[pk])))


@login_required
@require_POST
def entry_correct(request, pk: int):
    entry = own_entry_or_404(request, pk)
    try:
        new = services.entry_correct(entry=entry, actor=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
        return redirect("activity:entry_detail", pk=pk)
    messages.success(request, _(
        "Koreksi dibuka sebagai draf versi %(v)s. Laporan yang sudah diverifikasi tetap berlaku sampai "
        "koreksi ini diverifikasi atasan.") % {"v": new.version})  # fmt: skip
    return redirect("activity:entry_detail", pk=new.pk)


@login_required
@require_POST
def evidence_add(request, pk: int):
    entry = own_entry_or_404(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
        return redirect("activity:entry_detail", pk=pk)
    try:
        with transaction.atomic():
            n = _add_evidence(entry, request.user, form.cleaned_data)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        msg = ngettext("%(n)d bukti ditambahkan.", "%(n)d bukti ditambahkan.", n) % {"n": n}
        messages.success(request, f"{msg} {_('Jangan lupa mengajukan laporan ini ke atasan.')}")
    return redirect("activity:entry_detail", pk=pk)


def _evidence_or_404(request, pk: Any) -> tuple[Evidence, DailyEntry]:
    ev = Evidence.objects.filter(pk=pk, entry__isnull=False).first() if str(pk).isdigit() else None
    if ev is None:
        raise Http404
    return ev, get_entry_for_user(request.user, ev.entry_id)


@login_required
@require_POST
def evidence_delete(request, pk: int):
    ev, entry = _evidence_or_404(request, pk)
    own_entry_or_404(request, entry.pk)
    try:
        services.evidence_delete(evidence=ev, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Bukti %(n)s dihapus.") % {"n": ev})
    return redirect("activity:entry_detail", pk=entry.pk)


@login_required
def evidence_download(request, pk: int):
    """Serve an evidence file to whoever may see its entry: the stored content type, images
    inline and everything else as an attachment, never sniffed or run by the browser."""
    ev, _entry = _evidence_or_404(request, pk)
    if ev.kind != EvidenceKind.FILE or not ev.file:
        raise Http404
    try:
        fh = ev.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = ev.content_type in IMAGES
    stored_ext = ev.file.name.rsplit(".", 1)[-1] if "." in ev.file.name else ""
    base = (ev.original_name or "bukti").rsplit(".", 1)[0] or "bukti"
    filename = f"{base}.{stored_ext}" if stored_ext else base
    response = FileResponse(fh, content_type=ev.content_type or "application/octet-stream",
                            as_attachment=not inline, filename=filename)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- bulk import


@login_required
def import_entries(request):
    """Daily entries from an XLSX/CSV file: every row checked with the same rules as the form;
    one bad row and nothing is written."""
    me = me_or_404(request)
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = importers.import_entries(filename=upload.name, data=upload.read(), actor=request.user,
                                          submit=form.cleaned_data["submit"])  # fmt: skip
        result.filename = upload.name
        if result.ok:
            messages.success(request, result.summary)
            return redirect(month_url(result.last_date or timezone.localdate()))
        form = ImportForm()
    indicators = [(r, i) for r in rhks_for(me) for i in r.indicators.all()]
    return render(request, "activity/import.html", {
        "form": form, "result": result, "indicators": indicators, "columns": importers.column_help(),
        "max_rows": importers.MAX_ROWS,
    })  # fmt: skip


@login_required
def import_template(request, fmt: str):
    me = me_or_404(request)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    data, content_type, filename = importers.build_template(me, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------- feedback and dialogue


def _subordinate_or_none(request, me: Pegawai | None, raw: Any) -> Pegawai | None:
    """A direct or indirect subordinate of `me` by id; None for anything else."""
    if me is None or not str(raw or "").isdigit():
        return None
    return (
        Pegawai.objects.filter(pk=int(raw), chain__startswith=me.subtree_prefix)
        .select_related("jabatan")
        .first()
    )


def _threads(qs) -> list[Feedback]:
    return list(
        qs.filter(parent=None)
        .select_related("author", "pegawai", "indicator", "entry", "phrase")
        .prefetch_related(Prefetch("replies", Feedback.objects.select_related("author").order_by("created_at")))
        .order_by("-created_at", "-id")[:30]
    )  # fmt: skip


FEEDBACK_FIELD_MAP = {"entry": "entry", "indicator": "indicator", "text": "text"}


@login_required
def feedback(request):
    """Feedback received (with replies) and dialogue records; for a superior also the forms to
    give feedback to, and record a dialogue with, a chosen subordinate (?pegawai=)."""
    access = access_for(request.user)
    me = access.pegawai
    if me is None:
        raise Http404
    raw_person = (
        request.POST.get("pegawai") if request.method == "POST" else request.GET.get("pegawai")
    )
    person = _subordinate_or_none(request, me, raw_person)
    feedback_form = dialogue_form = None
    if person is not None:
        get = request.GET
        feedback_form = FeedbackForm(pegawai=person, initial={
            "pegawai": person.pk, "entry": get.get("entry") if str(get.get("entry") or "").isdigit() else None,
            "indicator": get.get("indicator") if str(get.get("indicator") or "").isdigit() else None})  # fmt: skip
        dialogue_form = DialogueForm(initial={"pegawai": person.pk, "date": timezone.localdate()})
        which = request.POST.get("form") if request.method == "POST" else None
        if which == "give":
            feedback_form = FeedbackForm(request.POST, pegawai=person)
            if feedback_form.is_valid():
                data = feedback_form.cleaned_data
                try:
                    services.feedback_give(actor=request.user, pegawai=person, text=data["text"],
                                           indicator=data["indicator"], entry=data["entry"],
                                           phrase=data["phrase"])  # fmt: skip
                except ValidationError as exc:
                    apply_errors(feedback_form, exc, FEEDBACK_FIELD_MAP)
                else:
                    messages.success(
                        request, _("Umpan balik untuk %(p)s terkirim.") % {"p": person.full_name}
                    )
                    return redirect(f"{reverse('activity:feedback')}?pegawai={person.pk}")
        elif which == "dialogue":
            dialogue_form = DialogueForm(request.POST)
            if dialogue_form.is_valid():
                data = dialogue_form.cleaned_data
                try:
                    services.dialogue_record(actor=request.user, pegawai=person, date=data["date"],
                                             topics=data["topics"], agreed_actions=data["agreed_actions"])  # fmt: skip
                except ValidationError as exc:
                    apply_errors(dialogue_form, exc)
                else:
                    messages.success(
                        request, _("Dialog kinerja dengan %(p)s dicatat.") % {"p": person.full_name}
                    )
                    return redirect(f"{reverse('activity:feedback')}?pegawai={person.pk}")
    elif request.method == "POST":
        messages.error(request, _("Umpan balik dan dialog kinerja hanya untuk bawahan Anda."))
        return redirect("activity:feedback")
    team = list(Pegawai.objects.filter(atasan=me, is_active=True).order_by("name")) if access.has_subordinates else []  # fmt: skip
    ctx: dict[str, Any] = {
        "received": _threads(Feedback.objects.filter(pegawai=me)),
        "dialogues": list(Dialogue.objects.filter(pegawai=me).select_related("superior")[:20]),
        "team": team, "person": person, "reply_form": ReplyForm(),
        "feedback_form": feedback_form, "dialogue_form": dialogue_form,
    }  # fmt: skip
    if access.has_subordinates:
        given = Feedback.objects.filter(pegawai=person) if person else Feedback.objects.filter(author=request.user).exclude(pegawai=me)  # fmt: skip
        ctx["given"] = _threads(given)
        held = Dialogue.objects.filter(superior=me)
        if person is not None:
            held = held.filter(pegawai=person)
        ctx["dialogues_held"] = list(held.select_related("pegawai")[:20])
    response = render(request, "activity/feedback.html", ctx)
    # Shown now: the feedback addressed to me counts as read (after rendering, so the page can
    # still mark what was new).
    services.feedback_mark_read(pegawai=me, actor=request.user)
    return response


@login_required
@require_POST
def feedback_reply(request, pk: int):
    me_or_404(request)
    parent = (
        Feedback.objects.visible_to(request.user)
        .select_related("pegawai", "author", "parent")
        .filter(pk=pk)
        .first()
    )
    if parent is None:
        raise Http404
    form = ReplyForm(request.POST)
    form.is_valid()
    try:
        services.feedback_reply(
            parent=parent, actor=request.user, text=form.cleaned_data.get("text", "")
        )
    except ValidationError as exc:
        error_messages(request, exc)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Balasan terkirim."))
    return redirect(safe_next(request, reverse("activity:feedback")))
