"""Input shape for the SKP pages (the employee's and the superior's); the rules live in services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.organisation.models import Pegawai

from .choices import Approach, Aspek, Direction, Perspektif, RhkKind, SkpStatus, TargetKind
from .models import OrgTarget, PerformanceYear, Period, Rhk, Skp


def _style(form: forms.BaseForm) -> None:
    for f in form.fields.values():
        widget = f.widget
        if isinstance(
            widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput
        ):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def _models(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _choices(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class YearChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.year)


class RhkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return rhk_option_label(obj)


class TextMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.text)


class NameMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


def _decimal(label: Any, **kwargs: Any) -> forms.DecimalField:
    # Localised so "98,5" works as Indonesians write it; a text input with a decimal keypad.
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def plain(value: Decimal | None) -> Decimal | None:
    """12.00 → 12 and 98.50 → 98.5, for prefilling a form without trailing zeros."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# ---------------------------------------------------------------- starting an SKP


class SkpCreateForm(StyledForm):
    year = YearChoiceField(
        label=_("Tahun kinerja"), queryset=PerformanceYear.objects.none(), empty_label=None
    )
    start_date = forms.DateField(label=_("Mulai"), required=False, widget=_date_widget())
    end_date = forms.DateField(label=_("Selesai"), required=False, widget=_date_widget())
    approach = forms.ChoiceField(
        label=_("Pendekatan"),
        choices=Approach.choices,
        initial=Approach.KUANTITATIF,
        widget=forms.RadioSelect,
        help_text=_(
            "Kuantitatif: indikator dan target berupa angka dengan satuan. Kualitatif: indikator "
            "dan target dinarasikan bersama. Jika ragu, pilih kuantitatif."
        ),
    )

    def __init__(self, *args: Any, years: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _models(self, "year").queryset = years
        self.fields["start_date"].help_text = _(
            "SKP satu tahun penuh: 1 Januari–31 Desember (juga bila dikosongkan). Ubah hanya bila "
            "Anda pindah jabatan atau unit di tengah tahun."
        )


class SkpCopyForm(forms.Form):
    source = forms.ModelChoiceField(queryset=Skp.objects.none())
    year = forms.ModelChoiceField(queryset=PerformanceYear.objects.none())

    def __init__(self, *args: Any, sources: QuerySet, years: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _models(self, "source").queryset = sources
        _models(self, "year").queryset = years


# ---------------------------------------------------------------- header and lampiran


class SkpHeaderForm(StyledForm):
    start_date = forms.DateField(label=_("Periode mulai"), widget=_date_widget())
    end_date = forms.DateField(label=_("Periode selesai"), widget=_date_widget())
    approach = forms.ChoiceField(
        label=_("Pendekatan"), choices=Approach.choices, widget=forms.RadioSelect
    )

    @classmethod
    def for_skp(cls, skp: Skp, data: Any = None) -> SkpHeaderForm:
        return cls(
            data,
            initial={
                "start_date": skp.start_date,
                "end_date": skp.end_date,
                "approach": skp.approach,
            },
            prefix="header",
        )


class LampiranForm(StyledForm):
    dukungan_sumber_daya = forms.CharField(
        label=_("Dukungan sumber daya"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anggaran, sarana, atau bantuan yang Anda perlukan untuk mencapai target."),
    )
    skema_pertanggungjawaban = forms.CharField(
        label=_("Skema pertanggungjawaban"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bagaimana dan kapan hasil kerja dilaporkan kepada atasan."),
    )
    konsekuensi = forms.CharField(
        label=_("Konsekuensi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Akibat bila target tercapai atau tidak tercapai."),
    )

    @classmethod
    def for_skp(cls, skp: Skp, data: Any = None) -> LampiranForm:
        return cls(
            data,
            initial={name: getattr(skp, name) for name in cls.base_fields},
            prefix="lampiran",
        )


# ---------------------------------------------------------------- results (RHK)


def rater_rhk_options(skp: Skp) -> QuerySet:
    """The rater's RHK of the same year that this SKP's results may support: those of every
    SKP of the rater not replaced by a revision."""
    if skp.rater_id is None:
        return Rhk.objects.none()
    return (
        Rhk.objects.filter(skp__pegawai_id=skp.rater_id, skp__year__year=skp.year.year)
        .exclude(skp__status=SkpStatus.SUPERSEDED)
        .select_related("skp")
        .order_by("skp__version", "-kind", "order", "id")
    )


def rhk_option_label(rhk: Rhk) -> str:
    text = rhk.text if len(rhk.text) <= 140 else rhk.text[:137] + "…"
    if rhk.skp.status != SkpStatus.APPROVED:
        return f"{text} ({_('SKP atasan v%(v)s, %(s)s') % {'v': rhk.skp.version, 's': rhk.skp.get_status_display().lower()}})"
    return text


class RhkForm(StyledForm):
    """One result: its kind, its text and what it supports (exactly one link, or none yet)."""

    LINK_PARENT, LINK_TARGET, LINK_ASSIGNMENT, LINK_NONE = (
        "parent",
        "org_target",
        "assignment",
        "none",
    )

    kind = forms.ChoiceField(
        label=_("Jenis hasil kerja"),
        choices=RhkKind.choices,
        widget=forms.RadioSelect,
        help_text=_("Utama: hasil kerja pokok jabatan Anda. Tambahan: tugas di luar itu."),
    )
    text = forms.CharField(
        label=_("Rencana hasil kerja (RHK)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Tuliskan hasil yang akan dicapai, bukan kegiatannya."),
    )
    link = forms.ChoiceField(label=_("RHK ini mendukung"), widget=forms.RadioSelect)
    parent = RhkChoiceField(
        label=_("RHK atasan yang diintervensi"),
        queryset=Rhk.objects.none(),
        required=False,
        empty_label=_("— pilih RHK atasan —"),
        error_messages={
            "invalid_choice": _(
                "RHK itu bukan milik pejabat penilai Anda untuk tahun ini; pilih dari daftar."
            )
        },
    )
    org_target = forms.ModelChoiceField(
        label=_("Target organisasi"),
        queryset=OrgTarget.objects.none(),
        required=False,
        empty_label=_("— pilih target organisasi —"),
        error_messages={"invalid_choice": _("Pilih target organisasi dari daftar.")},
    )
    assigned_by_nip = forms.CharField(
        label=_("NIP ketua tim pemberi penugasan"),
        max_length=18,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    assignment_note = forms.CharField(
        label=_("Keterangan penugasan"),
        max_length=300,
        required=False,
        help_text=_("Misalnya nomor SK tim."),
    )

    def __init__(
        self,
        *args: Any,
        skp: Skp,
        parent_options: QuerySet,
        allow_org_target: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.skp = skp
        links = []
        if skp.rater_id:
            links.append((self.LINK_PARENT, _("RHK pejabat penilai saya")))
        if allow_org_target:
            links.append((self.LINK_TARGET, _("Target organisasi (Perjanjian Kinerja / IKU)")))
        links.append((self.LINK_ASSIGNMENT, _("Penugasan dari ketua tim di luar atasan langsung")))
        links.append(
            (
                self.LINK_NONE,
                _("Belum ada — simpan sebagai RHK sementara, ditautkan nanti")
                if skp.rater_id
                else _("Tidak ditautkan"),
            )
        )
        _choices(self, "link").choices = links
        _models(self, "parent").queryset = parent_options
        if allow_org_target:
            _models(self, "org_target").queryset = OrgTarget.objects.filter(year_id=skp.year_id)
        else:
            del self.fields["org_target"]

    @classmethod
    def initial_for(cls, rhk: Rhk, *, has_parent_options: bool) -> dict[str, Any]:
        if rhk.pk is None:
            link = cls.LINK_PARENT if has_parent_options else cls.LINK_NONE
            return {"kind": rhk.kind or RhkKind.UTAMA, "link": link}
        link = {
            "parent": cls.LINK_PARENT,
            "org_target": cls.LINK_TARGET,
            "assignment": cls.LINK_ASSIGNMENT,
        }.get(rhk.link_kind, cls.LINK_NONE)
        return {
            "kind": rhk.kind,
            "text": rhk.text,
            "link": link,
            "parent": rhk.parent_id,
            "org_target": rhk.org_target_id,
            "assigned_by_nip": rhk.assigned_by.nip if rhk.assigned_by is not None else "",
            "assignment_note": rhk.assignment_note,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        link = data.get("link")
        if link == self.LINK_PARENT and not data.get("parent") and "parent" not in self.errors:
            self.add_error("parent", _("Pilih RHK atasan yang didukung hasil kerja ini."))
        if (
            link == self.LINK_TARGET
            and not data.get("org_target")
            and "org_target" not in self.errors
        ):
            self.add_error("org_target", _("Pilih target organisasi."))
        data["assigned_by"] = None
        if link == self.LINK_ASSIGNMENT:
            nip = (data.get("assigned_by_nip") or "").strip()
            if not nip:
                self.add_error("assigned_by_nip", _("Isi NIP ketua tim yang memberi penugasan."))
            else:
                lead = Pegawai.objects.filter(nip=nip, is_active=True).first()
                if lead is None:
                    self.add_error("assigned_by_nip", _("Tidak ada pegawai aktif dengan NIP ini."))
                data["assigned_by"] = lead
        return data

    def rhk_values(self) -> dict[str, Any]:
        """The Rhk fields this input sets (the link fields not chosen are cleared)."""
        data, link = self.cleaned_data, self.cleaned_data["link"]
        return {
            "kind": data["kind"],
            "text": data["text"].strip(),
            "parent": data.get("parent") if link == self.LINK_PARENT else None,
            "org_target": data.get("org_target") if link == self.LINK_TARGET else None,
            "assigned_by": data.get("assigned_by") if link == self.LINK_ASSIGNMENT else None,
            "assignment_note": (data.get("assignment_note") or "").strip()
            if link == self.LINK_ASSIGNMENT
            else "",
        }


class RhkLinkForm(forms.Form):
    parent = forms.ModelChoiceField(
        queryset=Rhk.objects.none(),
        error_messages={
            "required": _("Pilih RHK atasan yang akan ditautkan."),
            "invalid_choice": _("RHK itu bukan milik pejabat penilai SKP ini; pilih dari daftar."),
        },
    )

    def __init__(self, *args: Any, parent_options: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _models(self, "parent").queryset = parent_options


# ---------------------------------------------------------------- indicators


class IndicatorForm(StyledForm):
    aspek = forms.ChoiceField(label=_("Aspek"), choices=Aspek.choices)
    text = forms.CharField(
        label=_("Indikator kinerja individu"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ukuran keberhasilan RHK, misalnya “Jumlah sekolah yang dibina”."),
    )
    target_kind = forms.ChoiceField(label=_("Bentuk target"), choices=TargetKind.choices)
    target_value = _decimal(_("Target"), help_text=_("Angka lebih dari nol (untuk target angka)."))
    target_low = _decimal(_("Batas bawah"), help_text=_("Untuk target rentang."))
    target_high = _decimal(_("Batas atas"), help_text=_("Untuk target rentang."))
    target_unit = forms.CharField(
        label=_("Satuan"),
        max_length=50,
        required=False,
        help_text=_("Misalnya dokumen, persen, hari, sekolah."),
    )
    target_text = forms.CharField(
        label=_("Target (naratif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Untuk SKP kualitatif: indikator dan target diceritakan bersama."),
    )
    direction = forms.ChoiceField(
        label=_("Arah"), choices=Direction.choices, initial=Direction.HIGHER
    )
    perspektif = forms.ChoiceField(
        label=_("Perspektif"),
        required=False,
        choices=[("", _("— tidak ada —")), *Perspektif.choices],
        help_text=_("Khusus JPT."),
    )

    def __init__(self, *args: Any, approach: str, is_jpt: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if approach == Approach.KUANTITATIF:
            _choices(self, "target_kind").choices = [
                c for c in TargetKind.choices if c[0] != TargetKind.NARRATIVE
            ]
            self.fields["target_kind"].help_text = _(
                "SKP kuantitatif: target berupa angka atau rentang, dengan satuan."
            )
        else:
            # Kualitatif: indicator and target are narrated together (DOMAIN §3).
            _choices(self, "target_kind").choices = [
                c for c in TargetKind.choices if c[0] == TargetKind.NARRATIVE
            ]
            self.fields["target_kind"].widget = forms.HiddenInput()
            self.initial["target_kind"] = TargetKind.NARRATIVE
            self.fields["target_text"].required = True
        if not is_jpt:
            del self.fields["perspektif"]

    @staticmethod
    def initial_from(indicator: Any) -> dict[str, Any]:
        return {
            "aspek": indicator.aspek,
            "text": indicator.text,
            "target_kind": indicator.target_kind,
            "target_value": plain(indicator.target_value),
            "target_low": plain(indicator.target_low),
            "target_high": plain(indicator.target_high),
            "target_unit": indicator.target_unit,
            "target_text": indicator.target_text,
            "direction": indicator.direction,
            "perspektif": indicator.perspektif,
        }

    def indicator_values(self) -> dict[str, Any]:
        """The Indicator fields this input sets; the target fields of other forms are cleared."""
        d = self.cleaned_data
        kind = d["target_kind"]
        return {
            "aspek": d["aspek"],
            "text": d["text"].strip(),
            "target_kind": kind,
            "target_value": d.get("target_value") if kind == TargetKind.NUMBER else None,
            "target_low": d.get("target_low") if kind == TargetKind.RANGE else None,
            "target_high": d.get("target_high") if kind == TargetKind.RANGE else None,
            "target_unit": (d.get("target_unit") or "").strip()
            if kind != TargetKind.NARRATIVE
            else "",
            "target_text": (d.get("target_text") or "").strip()
            if kind == TargetKind.NARRATIVE
            else "",
            "direction": d["direction"],
            "perspektif": d.get("perspektif") or "",
        }


# ---------------------------------------------------------------- action plans


class ActionPlanForm(StyledForm):
    period = forms.ModelChoiceField(
        label=_("Periode"),
        queryset=Period.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Pilih periode dari daftar.")},
    )
    text = forms.CharField(
        label=_("Rencana aksi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Apa yang akan dikerjakan pada periode ini untuk RHK tersebut."),
    )
    target_value = _decimal(_("Target (opsional)"))
    target_unit = forms.CharField(label=_("Satuan"), max_length=50, required=False)

    def __init__(self, *args: Any, periods: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _models(self, "period").queryset = periods


# ---------------------------------------------------------------- the rater


class DecisionForm(StyledForm):
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExpectationsForm(forms.Form):
    """One text per BerAKHLAK value: the rater's specific expectation."""

    def __init__(self, *args: Any, behaviours: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for b in behaviours:
            self.fields[f"value_{b.value_id}"] = forms.CharField(
                label=b.value.name,
                required=False,
                initial=b.expectation,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        self.behaviours = behaviours

    def expectations(self) -> dict[int, str]:
        return {b.value_id: self.cleaned_data[f"value_{b.value_id}"] for b in self.behaviours}


# ---------------------------------------------------------------- hand-down


class HandDownForm(forms.Form):
    rhks = TextMultipleChoiceField(
        label=_("RHK saya yang diturunkan"),
        queryset=Rhk.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Pilih paling sedikit satu RHK untuk diturunkan."),
            "invalid_choice": _("Pilih RHK dari daftar."),
            "invalid_pk_value": _("Pilih RHK dari daftar."),
        },
    )
    subordinates = NameMultipleChoiceField(
        label=_("Bawahan langsung penerima"),
        queryset=Pegawai.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Pilih paling sedikit satu bawahan."),
            "invalid_choice": _("Pilih bawahan dari daftar."),
            "invalid_pk_value": _("Pilih bawahan dari daftar."),
        },
    )

    def __init__(self, *args: Any, rhks: QuerySet, subordinates: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _models(self, "rhks").queryset = rhks
        _models(self, "subordinates").queryset = subordinates
