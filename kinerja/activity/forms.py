"""Input shape only; the rules (dates inside the SKP, end after start, evidence types, who may
verify whom) live in services.py and come back as ValidationError on the form."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.organisation.models import Pegawai
from kinerja.planning.choices import SkpStatus
from kinerja.planning.models import ActionPlan, Indicator, Rhk

from .choices import EntryStatus
from .models import DailyEntry, FeedbackPhrase

# What the file input offers; the service still decides by the content.
EVIDENCE_ACCEPT = (
    "application/pdf,image/png,image/jpeg,image/gif,image/webp,"
    ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"
)

TIME_INVALID = _("Jam tidak dikenali; tulis sebagai JJ:MM, misalnya 08:00.")

# Service error keys → form fields.
ENTRY_FIELD_MAP = {"rhk": "target", "indicator": "target", "file": "file", "url": "url"}


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class LabelledModelChoiceField(forms.ModelChoiceField):
    """A model select whose option text comes from `labeller`, set per form instance."""

    labeller: Callable[[Any], str] | None = None

    def label_from_instance(self, obj: Any) -> str:
        return self.labeller(obj) if self.labeller else super().label_from_instance(obj)


def _model_choice(form: forms.BaseForm, name: str) -> LabelledModelChoiceField:
    return cast(LabelledModelChoiceField, form.fields[name])


def _style(form: forms.BaseForm) -> None:
    for f in form.fields.values():
        widget = f.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class MarksInvalid:
    """Fields with an error get Bootstrap's is-invalid class, whether the error came from the
    form or from a service (apply_errors)."""

    def add_error(self, field, error):
        super().add_error(field, error)  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            f = self.fields.get(name)  # type: ignore[attr-defined]
            if f is not None and "is-invalid" not in f.widget.attrs.get("class", ""):
                f.widget.attrs["class"] = (f.widget.attrs.get("class", "") + " is-invalid").strip()


class UnitSelect(forms.Select):
    """A select whose options carry `data-unit` (the indicator's unit), so the page can prefill
    the unit field when an indicator is chosen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = self.units.get(str(value))
        if unit:
            option["attrs"]["data-unit"] = unit
        return option


def rhks_for(pegawai: Pegawai) -> list[Rhk]:
    """The RHK of the employee's approved SKP in open years, with their indicators (2 queries)."""
    return list(
        Rhk.objects.filter(
            skp__pegawai=pegawai, skp__status=SkpStatus.APPROVED, skp__year__is_closed=False
        )
        .select_related("skp", "skp__year")
        .prefetch_related("indicators")
        .order_by("-skp__start_date", "kind", "order", "id")
    )


def target_value(rhk_id: int | None, indicator_id: int | None) -> str:
    return f"{rhk_id or ''}:{indicator_id or ''}"


def plain_number(value: Decimal | None) -> str | None:
    """3.00 → "3", 2.50 → "2.5", for a number input (never "1E+1")."""
    if value is None:
        return None
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _clip(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


class EntryForm(MarksInvalid, forms.Form):
    """One daily entry. RHK and indicator are one select ("RHK — indicator (unit)"), grouped by
    RHK; a new entry may carry evidence (a photo, a file and/or a link)."""

    date = forms.DateField(
        label=_("Tanggal"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Tanggal wajib diisi."),
            "invalid": _("Tanggal tidak dikenali; pilih tanggal dari kalender."),
        },
    )
    start_time = forms.TimeField(
        label=_("Jam mulai"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Jam mulai wajib diisi."), "invalid": TIME_INVALID},
    )
    end_time = forms.TimeField(
        label=_("Jam selesai"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Jam selesai wajib diisi."), "invalid": TIME_INVALID},
    )
    target = forms.ChoiceField(
        label=_("Hasil kerja (RHK) dan indikator"),
        widget=UnitSelect,
        error_messages={
            "invalid_choice": _("Pilih RHK/indikator dari SKP Anda yang sudah disetujui."),
            "required": _("Pilih RHK/indikator yang dikerjakan."),
        },
    )
    action_plan = LabelledModelChoiceField(
        label=_("Rencana aksi"),
        queryset=ActionPlan.objects.none(),
        required=False,
        empty_label=_("— tanpa rencana aksi —"),
        error_messages={"invalid_choice": _("Pilih rencana aksi dari RHK Anda.")},
    )
    activity = forms.CharField(
        label=_("Uraian kegiatan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Uraian kegiatan wajib diisi.")},
    )
    quantity = forms.DecimalField(
        label=_("Kuantitas"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Kuantitas harus berupa angka, misalnya 3 atau 2.5."),
            "max_digits": _("Kuantitas terlalu besar."),
            "max_whole_digits": _("Kuantitas terlalu besar."),
            "max_decimal_places": _("Kuantitas paling banyak 2 angka di belakang koma."),
        },
    )
    unit = forms.CharField(label=_("Satuan"), max_length=50, required=False)
    photo = forms.FileField(
        label=_("Foto bukti (kamera)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    file = forms.FileField(
        label=_("Berkas bukti"),
        required=False,
        help_text=_("PDF, gambar, atau dokumen Office/OpenDocument."),
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )
    url = forms.CharField(
        label=_("Tautan bukti"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
    )

    def __init__(self, *args: Any, pegawai: Pegawai, rhks: list[Rhk] | None = None,
                 with_evidence: bool = True, current: DailyEntry | None = None, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.rhks = rhks if rhks is not None else rhks_for(pegawai)
        self._rhk_by_id = {r.pk: r for r in self.rhks}
        self._indicator_by_id = {i.pk: i for r in self.rhks for i in r.indicators.all()}
        if current is not None and current.rhk_id not in self._rhk_by_id:
            # An entry made on an SKP since revised: keep its RHK selectable when editing.
            self.rhks.append(current.rhk)
            self._rhk_by_id[current.rhk_id] = current.rhk
            if current.indicator is not None:
                self._indicator_by_id[current.indicator.pk] = current.indicator
        several_skps = len({r.skp_id for r in self.rhks}) > 1
        choices: list[Any] = [("", _("— pilih RHK dan indikator —"))]
        widget = self.fields["target"].widget
        for rhk in self.rhks:
            group = _clip(rhk.text, 90)
            if several_skps:
                group = f"{rhk.skp.start_date:%d-%m-%Y}–{rhk.skp.end_date:%d-%m-%Y} · {group}"
            options = []
            indicators = list(rhk.indicators.all())
            if (current is not None and current.rhk_id == rhk.pk and current.indicator_id
                    and current.indicator_id not in {i.pk for i in indicators}):  # fmt: skip
                indicators.append(current.indicator)  # type: ignore[arg-type]  # checked above
            for ind in indicators:
                value = target_value(rhk.pk, ind.pk)
                unit = f" ({ind.target_unit})" if ind.target_unit else ""
                options.append((value, f"{_clip(rhk.text, 40)} — {_clip(ind.text, 70)}{unit}"))
                widget.units[value] = ind.target_unit
            if not indicators:
                options.append((target_value(rhk.pk, None), _clip(rhk.text, 110)))
            choices.append((group, options))
        _choice(self, "target").choices = choices
        _model_choice(self, "action_plan").queryset = (
            ActionPlan.objects.filter(rhk__in=list(self._rhk_by_id))
            .select_related("period")
            .order_by("period__number", "id")
        )
        _model_choice(self, "action_plan").labeller = lambda ap: (
            f"{ap.period.name} — {_clip(ap.text, 80)}"
        )
        self.fields["unit"].widget.attrs["placeholder"] = _("otomatis dari indikator")
        self.fields["activity"].widget.attrs["placeholder"] = _(
            "Apa yang dikerjakan, misalnya: Verifikasi data pokok 3 sekolah"
        )
        if not with_evidence:
            for name in ("photo", "file", "url"):
                del self.fields[name]
        _style(self)
        # The page's script copies the chosen indicator's unit into this form's "unit" field.
        widget.attrs["data-unit-source"] = "unit"

    @property
    def has_action_plans(self) -> bool:
        qs = _model_choice(self, "action_plan").queryset
        return qs is not None and qs.exists()

    def clean_target(self) -> tuple[Rhk, Indicator | None]:
        raw = self.cleaned_data["target"]
        rhk_id, _sep, ind_id = raw.partition(":")
        try:
            rhk = self._rhk_by_id[int(rhk_id)]
            indicator = self._indicator_by_id[int(ind_id)] if ind_id else None
        except (KeyError, ValueError):
            raise forms.ValidationError(
                self.fields["target"].error_messages["invalid_choice"]
            ) from None
        return rhk, indicator

    def apply_to(self, entry: DailyEntry) -> DailyEntry:
        data = self.cleaned_data
        entry.rhk, entry.indicator = data["target"]
        entry.action_plan = data.get("action_plan")
        for name in ("date", "start_time", "end_time", "activity", "quantity"):
            setattr(entry, name, data[name])
        entry.unit = (data.get("unit") or "").strip()
        if entry.indicator is not None and not entry.unit:
            entry.unit = entry.indicator.target_unit
        return entry

    @staticmethod
    def initial_for(entry: DailyEntry) -> dict[str, Any]:
        return {
            "date": entry.date, "start_time": entry.start_time, "end_time": entry.end_time,
            "target": target_value(entry.rhk_id, entry.indicator_id), "action_plan": entry.action_plan_id,
            "activity": entry.activity, "quantity": plain_number(entry.quantity), "unit": entry.unit,
        }  # fmt: skip


class EvidenceForm(MarksInvalid, forms.Form):
    """Add evidence to a draft or rejected entry: a photo, a file and/or a link."""

    photo = EntryForm.base_fields["photo"]
    file = EntryForm.base_fields["file"]
    url = EntryForm.base_fields["url"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("photo") or data.get("file") or (data.get("url") or "").strip()):
            raise forms.ValidationError(_("Pilih foto atau berkas, atau isi tautan bukti."))
        return data


class ReviewForm(forms.Form):
    """Accept or reject one or more entries; a rejection needs a comment (the service says so)."""

    decision = forms.ChoiceField(
        choices=[("accept", _("Terima")), ("reject", _("Tolak"))],
        error_messages={"required": _("Pilih terima atau tolak.")},
    )
    comment = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QueueFilterForm(forms.Form):
    """GET filters of the verification queue; a bad value is ignored, never an error page."""

    pegawai = forms.TypedChoiceField(
        label=_("Pegawai"), coerce=int, required=False, empty_value=None
    )
    indicator = forms.TypedChoiceField(
        label=_("Indikator"), coerce=int, required=False, empty_value=None
    )
    date_from = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, people: list[Pegawai], indicators: list[Indicator], **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        _choice(self, "pegawai").choices = [("", _("Semua pegawai"))] + [
            (p.pk, p.full_name) for p in people
        ]
        _choice(self, "indicator").choices = [("", _("Semua indikator"))] + [
            (i.pk, _clip(i.text, 70)) for i in indicators
        ]
        _style(self)

    def values(self) -> dict[str, Any]:
        """The valid filters; invalid ones are dropped."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", None) or {}
        return {
            k: data.get(k)
            for k in ("pegawai", "indicator", "date_from", "date_to")
            if k not in self.errors
        }


class ImportForm(MarksInvalid, forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX atau CSV"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )
    submit = forms.BooleanField(
        label=_("Langsung ajukan semua laporan yang diimpor ke atasan"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class FeedbackForm(MarksInvalid, forms.Form):
    """Feedback from a superior to a subordinate, on an indicator or an entry (both optional)."""

    pegawai = forms.IntegerField(widget=forms.HiddenInput)
    indicator = LabelledModelChoiceField(
        label=_("Tentang indikator"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("— umum / tidak terkait indikator —"),
    )
    entry = LabelledModelChoiceField(
        label=_("Tentang laporan harian"),
        queryset=DailyEntry.objects.none(),
        required=False,
        empty_label=_("— tidak terkait laporan tertentu —"),
    )
    phrase = LabelledModelChoiceField(
        label=_("Frasa siap pakai"),
        queryset=FeedbackPhrase.objects.all(),
        required=False,
        empty_label=_("— tanpa frasa —"),
    )
    text = forms.CharField(
        label=_("Umpan balik"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pilih frasa, tulis sendiri, atau keduanya."),
    )

    def __init__(self, *args: Any, pegawai: Pegawai, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "indicator").queryset = (
            Indicator.objects.filter(rhk__skp__pegawai=pegawai, rhk__skp__status=SkpStatus.APPROVED)
            .select_related("rhk")
            .order_by("rhk__skp__start_date", "rhk__order", "order", "id")
        )
        _model_choice(self, "indicator").labeller = lambda i: (
            f"{_clip(i.rhk.text, 40)} — {_clip(i.text, 70)}"
        )
        since = timezone.localdate() - datetime.timedelta(days=62)
        _model_choice(self, "entry").queryset = (
            DailyEntry.objects.filter(pegawai=pegawai, date__gte=since)
            .exclude(status__in=(EntryStatus.DRAFT, EntryStatus.SUPERSEDED))
            .order_by("-date", "-start_time", "-id")
        )
        _model_choice(self, "entry").labeller = lambda e: (
            f"{e.date:%d-%m-%Y} — {_clip(e.activity, 70)}"
        )
        _model_choice(self, "phrase").labeller = lambda p: f"{p.get_tone_display()}: {p.text}"
        _style(self)


class DialogueForm(MarksInvalid, forms.Form):
    pegawai = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(
        label=_("Tanggal dialog"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    topics = forms.CharField(
        label=_("Topik yang dibahas"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan topik yang dibahas.")},
    )
    agreed_actions = forms.CharField(
        label=_("Tindak lanjut yang disepakati"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ReplyForm(MarksInvalid, forms.Form):
    text = forms.CharField(
        label=_("Balasan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
