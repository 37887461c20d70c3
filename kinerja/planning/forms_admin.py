"""Forms of planning administration: input shape only; the rules live in services."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.organisation.forms import BootstrapMixin
from kinerja.organisation.models import Instansi, Jabatan, UnitKerja
from kinerja.organisation.permissions import writable_instansi

from . import services
from .choices import Approach, Aspek, Direction, Frequency, RhkKind, TargetKind
from .importers import parse_number
from .models import Indicator, OrgTarget, PerformanceYear, Skp


def _choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class YearForm(BootstrapMixin, forms.Form):
    instansi = forms.ModelChoiceField(
        queryset=Instansi.objects.none(), label=gettext_lazy("Instansi")
    )
    year = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=2000, max_value=2100)
    frequency = forms.ChoiceField(
        label=gettext_lazy("Frekuensi penilaian periodik"),
        choices=Frequency.choices,
        initial=Frequency.MONTHLY,
        help_text=gettext_lazy("Periode penilaian dibuat otomatis sesuai frekuensi ini."),
    )
    planning_start = forms.DateField(
        label=gettext_lazy("Awal perencanaan"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("Kosong: 1 Januari."),
    )
    planning_end = forms.DateField(
        label=gettext_lazy("Akhir perencanaan"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy(
            "Batas SKP disetujui; setelah tanggal ini pegawai yang SKP-nya belum disetujui "
            "tampil terlambat di papan status. Kosong: 31 Januari."
        ),
    )
    closing_date = forms.DateField(
        label=gettext_lazy("Tanggal penutupan"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("Kosong: 31 Januari tahun berikutnya."),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = writable_instansi(user).order_by("name")
        _choice(self, "instansi").queryset = choices
        if not self.is_bound and len(choices) == 1:  # an agency admin: their only agency
            self.initial.setdefault("instansi", choices[0].pk)
        self.fields["year"].initial = timezone.localdate().year
        self._style()


class YearReopenForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan membuka kembali"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=gettext_lazy("Dicatat di jejak audit."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class OrgTargetForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = OrgTarget
        fields = ["code", "goal", "indicator", "target_value", "target_unit", "target_text", "unit"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "indicator": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "target_value": gettext_lazy("Isi target angka dengan satuannya, atau target naratif."),
            "unit": gettext_lazy("Kosongkan untuk target instansi."),
        }

    def __init__(self, *args: Any, year: PerformanceYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "unit").queryset = UnitKerja.objects.filter(
            instansi_id=year.instansi_id
        ).order_by("path")
        self._style()


class TargetImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV atau XLSX"),
        allow_empty_file=True,  # the importer says "Berkas kosong." like every other problem
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,.xlsx,.xls,.ods"}),
    )  # fmt: skip


# ---------------------------------------------------------------- templates

INDICATOR_HELP = gettext_lazy(
    "Satu indikator per baris: aspek | indikator | target | satuan | arah. "
    "Aspek: kuantitas, kualitas, waktu, atau biaya. Target: angka (40 atau 98,5), rentang "
    "(10-20), atau uraian untuk SKP kualitatif. Arah: naik (semakin tinggi semakin baik, "
    "bawaan) atau turun (semakin rendah semakin baik, mis. waktu dan biaya)."
)
_ASPEK = {a.value: a.value for a in Aspek} | {a.label.lower(): a.value for a in Aspek}
_DIRECTION = {
    "": Direction.HIGHER, "naik": Direction.HIGHER, "tinggi": Direction.HIGHER, "higher": Direction.HIGHER,
    "turun": Direction.LOWER, "rendah": Direction.LOWER, "lower": Direction.LOWER,
}  # fmt: skip
_RANGE = re.compile(r"^\s*([\d.,]+)\s*[-–—]\s*([\d.,]+)\s*$")


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_indicator_line(line: str) -> dict[str, Any]:
    """One line of the indicator box as template content; ValueError with a message."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) > 5:
        raise ValueError(_("paling banyak lima bagian dipisah |"))
    parts += [""] * (5 - len(parts))
    aspek_text, text, target, unit, direction = parts
    aspek = _ASPEK.get(aspek_text.lower() or Aspek.KUANTITAS)
    if aspek is None:
        raise ValueError(_("aspek “%(a)s” tidak dikenal (kuantitas, kualitas, waktu, biaya)") % {"a": aspek_text})  # fmt: skip
    if not text:
        raise ValueError(_("teks indikator kosong"))
    if direction.lower() not in _DIRECTION:
        raise ValueError(_("arah “%(d)s” tidak dikenal (naik atau turun)") % {"d": direction})
    item: dict[str, Any] = {
        "aspek": aspek,
        "text": text,
        "target_unit": unit,
        "direction": str(_DIRECTION[direction.lower()]),
    }
    match = _RANGE.match(target)
    if match:
        try:
            low, high = parse_number(match.group(1)), parse_number(match.group(2))
        except ValueError:
            raise ValueError(_("rentang “%(t)s” tidak terbaca") % {"t": target}) from None
        item.update(target_kind=str(TargetKind.RANGE), target_low=_json_number(low), target_high=_json_number(high))  # fmt: skip
        return item
    try:
        value = parse_number(target) if target else None
    except ValueError:
        value = None
    if value is not None:
        item.update(target_kind=str(TargetKind.NUMBER), target_value=_json_number(value))
    else:
        item.update(target_kind=str(TargetKind.NARRATIVE), target_text=target)
    return item


def _fmt(value: Any) -> str:
    if value in (None, ""):
        return ""
    return str(value).replace(".", ",")


def indicator_line(ind: dict[str, Any]) -> str:
    """Template content back to one editable line."""
    kind = ind.get("target_kind", TargetKind.NUMBER)
    if kind == TargetKind.RANGE:
        target = f"{_fmt(ind.get('target_low'))}-{_fmt(ind.get('target_high'))}"
    elif kind == TargetKind.NARRATIVE:
        target = str(ind.get("target_text", ""))
    else:
        target = _fmt(ind.get("target_value"))
    direction = "turun" if ind.get("direction") == Direction.LOWER else "naik"
    parts = [ind.get("aspek", "kuantitas"), ind.get("text", ""), target, ind.get("target_unit", ""), direction]  # fmt: skip
    return " | ".join(str(p) for p in parts)


class TemplateForm(BootstrapMixin, forms.Form):
    jabatan = forms.ModelChoiceField(queryset=Jabatan.objects.none(), label=gettext_lazy("Jabatan"))
    name = forms.CharField(label=gettext_lazy("Nama templat"), max_length=200)
    approach = forms.ChoiceField(
        label=gettext_lazy("Pendekatan"), choices=Approach.choices, initial=Approach.KUANTITATIF
    )

    def __init__(self, *args: Any, jabatan_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "jabatan").queryset = jabatan_qs
        self._style()


class RhkRowForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=RhkKind.choices, initial=RhkKind.UTAMA)  # fmt: skip
    text = forms.CharField(
        label=gettext_lazy("Rencana hasil kerja"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "placeholder": gettext_lazy("Kosongkan baris ini bila tidak dipakai."),
            }
        ),
    )
    indicators = forms.CharField(
        label=gettext_lazy("Indikator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": gettext_lazy("Contoh: kuantitas | Jumlah laporan | 12 | laporan | naik")}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("text") or "").strip()
        lines = [ln for ln in (data.get("indicators") or "").splitlines() if ln.strip()]
        if not text and not lines:
            data["item"] = None
            return data
        if not text:
            self.add_error("text", _("Tuliskan rencana hasil kerjanya."))
        if not lines:
            self.add_error("indicators", _("Tuliskan paling sedikit satu indikator."))
        inds = []
        for n, line in enumerate(lines, start=1):
            try:
                inds.append(parse_indicator_line(line))
            except ValueError as exc:
                self.add_error("indicators", _("Baris %(n)d: %(e)s.") % {"n": n, "e": exc})
        data["item"] = {"kind": data.get("kind") or RhkKind.UTAMA, "text": text, "indicators": inds}
        return data


RhkRowFormSet = forms.formset_factory(RhkRowForm, extra=0)


def content_from_rows(formset: Any, approach: str) -> list[dict[str, Any]] | None:
    """The template content from valid rows, after checking every indicator with the service's
    own rule so each error lands on its row; None when a row has an error."""
    content = []
    ok = True
    for form in formset.forms:
        item = form.cleaned_data.get("item")
        if not item:
            continue
        for n, ind in enumerate(item["indicators"], start=1):
            try:
                services.validate_indicator(_indicator(ind), approach)
            except ValidationError as exc:
                ok = False
                for message in exc.messages:
                    form.add_error("indicators", _("Baris %(n)d: %(e)s") % {"n": n, "e": message})
        content.append(item)
    return content if ok else None


def _indicator(ind: dict[str, Any]) -> Indicator:
    def dec(key: str) -> Decimal | None:
        v = ind.get(key)
        return None if v in (None, "") else Decimal(str(v))

    return Indicator(
        aspek=ind["aspek"], text=ind["text"], target_kind=ind["target_kind"],
        target_value=dec("target_value"), target_low=dec("target_low"), target_high=dec("target_high"),
        target_unit=ind.get("target_unit", ""), target_text=ind.get("target_text", ""),
        direction=ind["direction"],
    )  # fmt: skip


def rows_initial(content: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "kind": item.get("kind", RhkKind.UTAMA),
            "text": item.get("text", ""),
            "indicators": "\n".join(indicator_line(i) for i in item.get("indicators") or []),
        }
        for item in content
    ]


def content_from_skp(rhks: Any) -> list[dict[str, Any]]:
    """An SKP's RHK and indicators as template content (links to superiors are not kept: each
    holder links their own)."""

    def num(v: Decimal | None) -> int | float | None:
        return None if v is None else _json_number(v)

    content = []
    for r in rhks:
        content.append({
            "kind": r.kind,
            "text": r.text,
            "indicators": [
                {"aspek": i.aspek, "text": i.text, "target_kind": i.target_kind,
                 "target_value": num(i.target_value), "target_low": num(i.target_low),
                 "target_high": num(i.target_high), "target_unit": i.target_unit,
                 "target_text": i.target_text, "direction": i.direction}
                for i in r.indicators.all()
            ],
        })  # fmt: skip
    return content


class SkpChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(name)s — SKP %(year)s v%(v)s (%(status)s, %(n)s RHK)") % {
            "name": obj.pegawai.full_name,
            "year": obj.year.year,
            "v": obj.version,
            "status": obj.get_status_display(),
            "n": obj.rhk_count,
        }


class TemplateFromSkpForm(BootstrapMixin, forms.Form):
    skp = SkpChoiceField(queryset=Skp.objects.none(), label=gettext_lazy("SKP sumber"))
    name = forms.CharField(label=gettext_lazy("Nama templat"), max_length=200)

    def __init__(self, *args: Any, skp_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "skp").queryset = skp_qs
        self._style()


class TemplateApplyForm(forms.Form):
    year = forms.ModelChoiceField(queryset=PerformanceYear.objects.none())

    def __init__(self, *args: Any, year_qs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "year").queryset = year_qs


class YearDatesForm(forms.Form):
    planning_start = forms.DateField(
        label=gettext_lazy("Awal perencanaan"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    planning_end = forms.DateField(
        label=gettext_lazy("Akhir perencanaan"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    closing_date = forms.DateField(
        label=gettext_lazy("Tanggal penutupan"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
