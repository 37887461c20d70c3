"""NIP (Nomor Induk Pegawai) parsing and validation, exactly as DOMAIN.md §1 describes.

PNS : YYYYMMDD birth · YYYYMM TMT CPNS · sex (1/2) · serial 001–999
PPPK: YYYYMMDD birth · YYYY TMT year · '2' · intake round 1–9 · sex (1/2) · serial 001–999

Positions 13–14 of a PPPK NIP are 21–29, never a month, so the two kinds never collide.
Each failure has its own message; implausible dates are warnings, not errors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PNS = "PNS"
PPPK = "PPPK"


@dataclass(frozen=True)
class NipInfo:
    nip: str
    kind: str
    birth_date: datetime.date
    tmt: datetime.date
    sex: str  # "L" or "P"
    serial: int
    intake_round: int | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def kind_of(nip: str) -> str:
    """PPPK when positions 13–14 are 21–29, else PNS."""
    return PPPK if len(nip) >= 14 and nip[12] == "2" and nip[13] in "123456789" else PNS


def parse_nip(
    raw: str, *, expected_kind: str | None = None, today: datetime.date | None = None
) -> NipInfo:
    """Validate `raw` and return what it encodes; raise ValidationError with one message per
    failure found."""
    nip = (raw or "").strip().replace(" ", "")
    if not nip:
        raise ValidationError(_("NIP wajib diisi."), code="nip_required")
    if not nip.isdigit():
        raise ValidationError(_("NIP hanya boleh berisi angka."), code="nip_not_digits")
    if len(nip) != 18:
        raise ValidationError(
            _("NIP harus 18 digit (tertulis %(n)d digit).") % {"n": len(nip)}, code="nip_length"
        )

    kind = kind_of(nip)
    errors: list[ValidationError] = []
    if expected_kind and expected_kind != kind:
        if expected_kind == PPPK:
            errors.append(
                ValidationError(
                    _(
                        "NIP PPPK harus memuat angka 2 dan periode pengadaan 1–9 pada digit ke-13 dan ke-14."
                    ),
                    code="nip_kind_mismatch",
                )
            )
        # A PNS NIP that looks like PPPK fails on its TMT month below, which is the clearer message.
        else:
            kind = PNS

    birth = _date(nip[0:8])
    if birth is None:
        errors.append(
            ValidationError(
                _("Tanggal lahir pada NIP (digit 1–8: %(v)s) bukan tanggal yang sah.")
                % {"v": nip[0:8]},
                code="nip_birth_date",
            )
        )

    tmt: datetime.date | None = None
    intake: int | None = None
    tmt_year = int(nip[8:12])
    if kind == PNS:
        month = int(nip[12:14])
        if not 1 <= month <= 12:
            errors.append(
                ValidationError(
                    _("Bulan TMT CPNS pada NIP (digit 13–14: %(v)s) harus 01–12.")
                    % {"v": nip[12:14]},
                    code="nip_tmt_month",
                )
            )
        elif tmt_year < 1900:
            errors.append(
                ValidationError(
                    _("Tahun TMT pada NIP (digit 9–12: %(v)s) tidak sah.") % {"v": nip[8:12]},
                    code="nip_tmt_year",
                )
            )
        else:
            tmt = datetime.date(tmt_year, month, 1)
    else:
        intake = int(nip[13])
        if tmt_year < 1900:
            errors.append(
                ValidationError(
                    _("Tahun TMT pada NIP (digit 9–12: %(v)s) tidak sah.") % {"v": nip[8:12]},
                    code="nip_tmt_year",
                )
            )
        else:
            tmt = datetime.date(tmt_year, 1, 1)

    sex_digit = nip[14]
    if sex_digit not in "12":
        errors.append(
            ValidationError(
                _(
                    "Kode jenis kelamin pada NIP (digit 15: %(v)s) harus 1 (laki-laki) atau 2 (perempuan)."
                )
                % {"v": sex_digit},
                code="nip_sex",
            )
        )
    serial = int(nip[15:18])
    if serial == 0:
        errors.append(
            ValidationError(
                _("Nomor urut pada NIP (digit 16–18) harus 001–999."), code="nip_serial"
            )
        )
    if errors:
        raise ValidationError(errors)

    assert birth is not None and tmt is not None
    today = today or datetime.date.today()
    warnings: list[str] = []
    if birth > today:
        warnings.append(_("Tanggal lahir pada NIP berada di masa depan."))
    if tmt > today:
        warnings.append(_("TMT pada NIP berada di masa depan."))
    if _add_years(birth, 18) > tmt:
        warnings.append(_("TMT pada NIP kurang dari 18 tahun setelah tanggal lahir."))
    return NipInfo(
        nip=nip,
        kind=kind,
        birth_date=birth,
        tmt=tmt,
        sex="L" if sex_digit == "1" else "P",
        serial=serial,
        intake_round=intake,
        warnings=tuple(warnings),
    )


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _add_years(d: datetime.date, years: int) -> datetime.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def validate_nip(value: str) -> None:
    """Model/form field validator."""
    parse_nip(value)
