"""Input shape of the agency evaluation pages; the rules live in services.py."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.organisation.models import UnitKerja

from .choices import OrgPredikat, Predikat, Status
from .selectors_admin import NO_PREDIKAT


class ResultFilterForm(forms.Form):
    """Filters of the result list. An unknown value is dropped, never an error page."""

    unit = forms.TypedChoiceField(label=_("Unit kerja"), required=False, coerce=int,
                                  empty_value=None)  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), required=False)
    predikat = forms.ChoiceField(label=_("Predikat"), required=False)

    def __init__(self, *args: Any, units: list[UnitKerja], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        cast(forms.ChoiceField, self.fields["unit"]).choices = [("", _("Semua unit"))] + [
            (u.pk, f"{getattr(u, 'indent', '')}{u.name}") for u in units
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("Semua status")),
            *Status.choices,
        ]
        cast(forms.ChoiceField, self.fields["predikat"]).choices = [
            ("", _("Semua predikat")),
            *Predikat.choices,
            (NO_PREDIKAT, _("Belum ada predikat")),
        ]
        for f in self.fields.values():
            f.widget.attrs.update({"class": "form-select", "data-autosubmit": ""})

    def values(self) -> dict[str, Any]:
        """The valid filters only: a bad value in one field leaves the others working."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {}) or {}
        unit_id = data.get("unit")
        return {
            "unit": self.units.get(unit_id) if unit_id else None,
            "status": data.get("status") or "",
            "predikat": data.get("predikat") or "",
        }


class UnitPredikatForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    predikat = forms.ChoiceField(label=_("Predikat organisasi"), choices=OrgPredikat.choices,
                                 error_messages={"invalid_choice": _("Predikat organisasi tidak dikenal.")})  # fmt: skip
