"""Input shape only: who may rate, when an evaluation is open, the reason to depart from the
suggestion, the curve and the objection deadline are rules of services.py, and come back as
ValidationError on these forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from kinerja.activity.forms import MarksInvalid, _style
from kinerja.organisation.models import Pegawai
from kinerja.planning.models import BehaviourValue

from .choices import ObjectionDecision, Rating, Relation, Status

RATING_CHOICES = [("", _("— pilih —")), *Rating.choices]
COMMENT_MAX = 2000


def _comment(label: Any = "", rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label or _("Komentar"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _rating(label: Any = "", required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(label=label or _("Rating"), choices=RATING_CHOICES, required=required)


class _RowsForm(MarksInvalid, forms.Form):
    """A form with a rating and a comment per row (indicator or value), named
    `<prefix><id>_rating` and `<prefix><id>_comment`."""

    def _add_rows(self, prefix: str, ids: Iterable[int], required: bool,
                  initial: dict[str, Any]) -> None:  # fmt: skip
        for pk in ids:
            mine = initial.get(str(pk)) or {}
            self.fields[f"{prefix}{pk}_rating"] = _rating(required=required)
            self.fields[f"{prefix}{pk}_rating"].initial = mine.get("rating", "")
            self.fields[f"{prefix}{pk}_comment"] = _comment()
            self.fields[f"{prefix}{pk}_comment"].initial = mine.get("comment", "")

    def row(self, prefix: str, pk: int) -> tuple[BoundField, BoundField]:
        return self[f"{prefix}{pk}_rating"], self[f"{prefix}{pk}_comment"]

    def _rows_payload(self, prefix: str, ids: Iterable[int]) -> dict[int, dict[str, str]]:
        out = {}
        for pk in ids:
            rating = self.cleaned_data.get(f"{prefix}{pk}_rating") or ""
            comment = (self.cleaned_data.get(f"{prefix}{pk}_comment") or "").strip()
            if rating:
                out[pk] = {"rating": rating, "comment": comment}
            elif comment:
                self.add_error(f"{prefix}{pk}_rating", _("Pilih rating untuk komentar ini."))
        return out


class SelfAssessmentForm(_RowsForm):
    """The employee's own view: per indicator and per value a rating and a comment (each
    optional), and a general comment."""

    comment = _comment(_("Komentar umum"), rows=3)

    def __init__(self, *args: Any, indicator_ids: list[int], value_ids: list[int],
                 saved: Any = None, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.indicator_ids, self.value_ids = indicator_ids, value_ids
        self._add_rows("ind_", indicator_ids, False, (saved.indicators if saved else {}) or {})
        self._add_rows("val_", value_ids, False, (saved.values if saved else {}) or {})
        if saved is not None:
            self.fields["comment"].initial = saved.comment
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.indicators = self._rows_payload("ind_", self.indicator_ids)
        self.values = self._rows_payload("val_", self.value_ids)
        return data


class PeerAnswerForm(_RowsForm):
    """A 360° answer: all seven values rated, each with an optional comment."""

    def __init__(self, *args: Any, value_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.value_ids = value_ids
        self._add_rows("val_", value_ids, True, {})
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.answers = self._rows_payload("val_", self.value_ids)
        return data


class RateForm(MarksInvalid, forms.Form):
    """The rater's decision: the two ratings (the predikat follows from the matrix), feedback,
    feedback per value, and the reason when departing from the suggestion."""

    hasil_kerja = _rating(_("Rating hasil kerja"))
    perilaku = _rating(_("Rating perilaku kerja"))
    feedback = _comment(_("Umpan balik hasil kerja"), rows=3)
    departure_reason = _comment(_("Alasan berbeda dari saran sistem"), rows=3)

    def __init__(self, *args: Any, values: list[BehaviourValue],
                 value_feedback: dict[int, str] | None = None, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.values = values
        for v in values:
            f = _comment(v.name)
            f.initial = (value_feedback or {}).get(v.pk, "")
            self.fields[f"bf_{v.pk}"] = f
        _style(self)
        for name in ("hasil_kerja", "perilaku"):
            self.fields[name].widget.attrs["data-rating"] = name

    def value_field(self, pk: int) -> BoundField:
        return self[f"bf_{pk}"]

    def behaviour_feedback(self) -> dict[int, str]:
        return {v.pk: self.cleaned_data.get(f"bf_{v.pk}") or "" for v in self.values}


class NominateForm(MarksInvalid, forms.Form):
    respondents = forms.ModelMultipleChoiceField(
        label=_("Responden"),
        queryset=Pegawai.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={
            "required": _("Pilih paling sedikit satu pegawai."),
            "invalid_choice": _("Pegawai itu tidak dapat dipilih."),
            "invalid_pk_value": _("Pegawai itu tidak dapat dipilih."),
        },
    )
    relation = forms.ChoiceField(label=_("Hubungan dengan pegawai"), choices=Relation.choices)

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["respondents"])
        field.queryset = queryset
        field.label_from_instance = lambda p: f"{p.full_name} · {p.nip}"  # type: ignore[method-assign,assignment]
        _style(self)


class FinaliseForm(forms.Form):
    acknowledge_curve = forms.BooleanField(
        label=_("Saya sudah melihat peringatan ini"), required=False
    )


class ObjectionForm(MarksInvalid, forms.Form):
    reasons = forms.CharField(
        label=_("Alasan keberatan"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class DecisionForm(MarksInvalid, forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=ObjectionDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih dikuatkan atau diubah.")},
    )
    hasil_kerja = _rating(_("Rating hasil kerja baru"))
    perilaku = _rating(_("Rating perilaku kerja baru"))
    decision_text = forms.CharField(
        label=_("Pertimbangan keputusan"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class TeamFilterForm(forms.Form):
    ANNUAL = "tahunan"

    period = forms.ChoiceField(label=_("Periode"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *Status.choices]
    )

    def __init__(self, *args: Any, periods: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["period"]).choices = [
            ("", _("Semua periode")),
            (self.ANNUAL, _("Tahunan")),
            *[(str(p.pk), f"{p.name} {p.year.year}") for p in periods],
        ]
        _style(self)
