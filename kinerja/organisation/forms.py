"""Input shape only; the rules live in services and model clean()."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .choices import GOLONGAN_CHOICES, PPPK_GOLONGAN, AssignmentKind
from .models import Instansi, Jabatan, Pegawai, Role, UnitKerja
from .permissions import writable_instansi


class BootstrapMixin:
    def _style(self):
        for f in self.fields.values():
            widget = f.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class InstansiForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Instansi
        fields = ["code", "name", "short_name", "kind", "is_bkpsdm"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class UnitForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = UnitKerja
        fields = ["instansi", "parent", "code", "name"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = writable_instansi(user)
        inst_id = self.instance.instansi_id or self.initial.get("instansi")
        parents = UnitKerja.objects.filter(instansi__in=writable_instansi(user))
        if inst_id:
            parents = parents.filter(instansi_id=inst_id)
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents.order_by("path")
        self._style()


class JabatanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Jabatan
        fields = ["instansi", "unit", "code", "name", "kind", "level", "is_head"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = writable_instansi(user)
        inst_id = self.instance.instansi_id or self.initial.get("instansi")
        units = UnitKerja.objects.filter(instansi__in=writable_instansi(user))
        if inst_id:
            units = units.filter(instansi_id=inst_id)
        self.fields["unit"].queryset = units.order_by("path")
        self._style()


class PegawaiForm(BootstrapMixin, forms.ModelForm):
    golongan = forms.TypedChoiceField(
        label=_("Golongan"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "—"), *GOLONGAN_CHOICES],
        help_text=_("PPPK memakai golongan I–XVII: nomor urut yang sama."),
    )
    atasan_nip = forms.CharField(
        label=_("NIP atasan langsung"),
        max_length=18,
        required=False,
        help_text=_("Kosongkan untuk pimpinan tertinggi."),
    )
    start_date = forms.DateField(
        label=_("TMT penugasan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Berlaku bila jabatan, unit, atau atasan berubah."),
    )
    note = forms.CharField(label=_("Nomor SK / keterangan"), max_length=300, required=False)

    class Meta:
        model = Pegawai
        fields = [
            "nip",
            "name",
            "gelar_depan",
            "gelar_belakang",
            "kind",
            "golongan",
            "instansi",
            "unit",
            "jabatan",
            "email",
            "phone",
            "is_active",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = writable_instansi(user)
        self.fields["instansi"].queryset = allowed
        inst_id = self.instance.instansi_id if self.instance.pk else self.initial.get("instansi")
        units = UnitKerja.objects.filter(instansi__in=allowed)
        positions = Jabatan.objects.filter(instansi__in=allowed)
        if inst_id:
            units, positions = (
                units.filter(instansi_id=inst_id),
                positions.filter(instansi_id=inst_id),
            )
        self.fields["unit"].queryset = units.order_by("path")
        self.fields["jabatan"].queryset = positions.order_by("name")
        self.fields["kind"].required = False
        if self.instance.pk and self.instance.atasan_id:
            self.initial["atasan_nip"] = self.instance.atasan.nip
        self._style()

    def clean_atasan_nip(self):
        nip = (self.cleaned_data.get("atasan_nip") or "").strip()
        if not nip:
            return None
        atasan = Pegawai.objects.filter(nip=nip).first()
        if atasan is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP %(nip)s.") % {"nip": nip})
        return atasan

    def clean(self):
        data = super().clean()
        self.instance.atasan = data.get("atasan_nip")
        if (
            data.get("kind") == "PPPK"
            and data.get("golongan")
            and data["golongan"] > len(PPPK_GOLONGAN)
        ):
            self.add_error("golongan", _("Golongan PPPK harus I–XVII."))
        return data

    def _post_clean(self):
        # The service runs full_clean after filling birth date, TMT and sex from the NIP.
        opts = self._meta
        from django.forms.models import construct_instance

        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)


class ActingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"),
        choices=[
            (AssignmentKind.PLT, AssignmentKind.PLT.label),
            (AssignmentKind.PLH, AssignmentKind.PLH.label),
        ],
    )
    jabatan = forms.ModelChoiceField(label=_("Jabatan"), queryset=Jabatan.objects.none())
    start_date = forms.DateField(label=_("Mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label=_("Selesai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Nomor SK / keterangan"), max_length=300, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jabatan"].queryset = Jabatan.objects.filter(
            instansi__in=writable_instansi(user)
        )
        self._style()


class RoleForm(BootstrapMixin, forms.Form):
    login = forms.CharField(label=_("NIP atau nama pengguna"), max_length=150)
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    instansi = forms.ModelChoiceField(
        label=_("Instansi"),
        queryset=Instansi.objects.all(),
        required=False,
        help_text=_("Wajib untuk Admin Instansi dan Pimpinan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_login(self):
        ident = self.cleaned_data["login"].strip()
        user_model = get_user_model()
        user = user_model.objects.filter(username__iexact=ident).first()
        if user is None and ident.isdigit():
            user = user_model.objects.filter(pegawai__nip=ident).first()
        if user is None:
            raise forms.ValidationError(_("Tidak ada akun dengan NIP atau nama pengguna itu."))
        return user
