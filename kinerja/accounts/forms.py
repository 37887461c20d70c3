from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("NIP atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "text"}
        ),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("NIP/nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
        "locked": _(
            "Terlalu banyak percobaan masuk yang gagal. Coba lagi setelah %(minutes)d menit."
        ),
    }


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Misalnya nama aplikasi yang akan memakainya."),
    )
    expires_in_days = forms.IntegerField(
        label=_("Berlaku (hari)"),
        min_value=1,
        max_value=365,
        initial=90,
        required=False,
        help_text=_("Kosongkan untuk token tanpa batas waktu."),
    )
