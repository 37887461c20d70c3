"""NIP validation, DOMAIN.md §1: every position, every failure with its own message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kinerja.organisation.nip import PNS, PPPK, kind_of, parse_nip

TODAY = datetime.date(2026, 11, 22)


def codes(exc: ValidationError) -> set[str]:
    return {e.code for e in exc.error_list}


def test_it_parses_a_pns_nip():
    info = parse_nip("198503122010011002", today=TODAY)
    assert info.kind == PNS
    assert info.birth_date == datetime.date(1985, 3, 12)
    assert info.tmt == datetime.date(2010, 1, 1)
    assert info.sex == "L"
    assert info.serial == 2
    assert info.warnings == ()


def test_it_parses_a_pppk_nip():
    info = parse_nip("199002142022212005", today=TODAY)
    assert info.kind == PPPK
    assert info.birth_date == datetime.date(1990, 2, 14)
    assert info.tmt == datetime.date(2022, 1, 1)
    assert info.intake_round == 1
    assert info.sex == "P"
    assert info.serial == 5


@pytest.mark.parametrize("digits", ["21", "25", "29"])
def test_positions_13_14_of_21_to_29_are_pppk(digits):
    assert kind_of(f"19900214 2022{digits}1005".replace(" ", "")) == PPPK


@pytest.mark.parametrize("digits", ["01", "12", "20"])
def test_other_positions_13_14_are_pns(digits):
    assert kind_of(f"199002142022{digits}1005") == PNS


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("", "nip_required"),
        ("19850312201001100A", "nip_not_digits"),
        ("1985 0312 2010 0110 02".replace(" ", "-"), "nip_not_digits"),
        ("19850312201001100", "nip_length"),
        ("1985031220100110021", "nip_length"),
        ("198502302010011002", "nip_birth_date"),  # 30 February
        ("198513122010011002", "nip_birth_date"),  # month 13
        ("198503122010001002", "nip_tmt_month"),  # month 00
        ("198503122010131002", "nip_tmt_month"),  # month 13
        ("198503122010013002", "nip_sex"),  # sex digit 3
        ("198503122010010002", "nip_sex"),  # sex digit 0
        ("198503122010011000", "nip_serial"),  # serial 000
        ("198503120000011002", "nip_tmt_year"),
    ],
)
def test_each_failure_has_its_own_message(nip, code):
    with pytest.raises(ValidationError) as exc:
        parse_nip(nip, today=TODAY)
    assert code in codes(exc.value)
    assert all(m for m in exc.value.messages)


def test_several_failures_are_all_reported():
    with pytest.raises(ValidationError) as exc:
        parse_nip("198502302010133000", today=TODAY)
    assert codes(exc.value) == {"nip_birth_date", "nip_tmt_month", "nip_sex", "nip_serial"}


def test_a_pppk_nip_with_intake_round_zero_is_read_as_pns_and_fails_on_month():
    # 13–14 = "20": not 21–29 so not PPPK; as a PNS month 20 is invalid.
    with pytest.raises(ValidationError) as exc:
        parse_nip("199002142022201005", today=TODAY)
    assert "nip_tmt_month" in codes(exc.value)


def test_expected_pppk_but_pns_layout_is_an_error():
    with pytest.raises(ValidationError) as exc:
        parse_nip("198503122010011002", expected_kind=PPPK, today=TODAY)
    assert "nip_kind_mismatch" in codes(exc.value)


def test_expected_pns_but_pppk_layout_fails_on_the_month():
    with pytest.raises(ValidationError) as exc:
        parse_nip("199002142022212005", expected_kind=PNS, today=TODAY)
    assert "nip_tmt_month" in codes(exc.value)


def test_implausible_dates_are_warnings_not_errors():
    young = parse_nip("200501012010011001", today=TODAY)  # TMT at 5 years old
    assert any("18" in w for w in young.warnings)
    future = parse_nip("199001012030011001", today=TODAY)
    assert any("masa depan" in w for w in future.warnings)


def test_exactly_eighteen_years_is_plausible_and_a_day_less_is_not():
    on_the_day = parse_nip("199201012010011001", today=TODAY)  # born 1 Jan 1992, TMT Jan 2010
    assert on_the_day.warnings == ()
    a_month_short = parse_nip("199202012010011001", today=TODAY)  # born 1 Feb 1992
    assert len(a_month_short.warnings) == 1


def test_spaces_are_ignored():
    assert parse_nip("19850312 201001 1 002", today=TODAY).nip == "198503122010011002"


@given(
    birth=st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2005, 12, 31)),
    tmt_year=st.integers(min_value=1970, max_value=2026),
    month=st.integers(min_value=1, max_value=12),
    sex=st.sampled_from("12"),
    serial=st.integers(min_value=1, max_value=999),
)
def test_every_well_formed_pns_nip_round_trips(birth, tmt_year, month, sex, serial):
    nip = f"{birth:%Y%m%d}{tmt_year}{month:02d}{sex}{serial:03d}"
    info = parse_nip(nip, today=TODAY)
    assert (info.kind, info.birth_date, info.tmt, info.serial) == (
        PNS,
        birth,
        datetime.date(tmt_year, month, 1),
        serial,
    )
    assert info.sex == ("L" if sex == "1" else "P")


@given(
    birth=st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2005, 12, 31)),
    tmt_year=st.integers(min_value=2019, max_value=2026),
    intake=st.integers(min_value=1, max_value=9),
    sex=st.sampled_from("12"),
    serial=st.integers(min_value=1, max_value=999),
)
def test_every_well_formed_pppk_nip_round_trips(birth, tmt_year, intake, sex, serial):
    nip = f"{birth:%Y%m%d}{tmt_year}2{intake}{sex}{serial:03d}"
    info = parse_nip(nip, today=TODAY)
    assert (info.kind, info.intake_round, info.tmt) == (PPPK, intake, datetime.date(tmt_year, 1, 1))


@given(st.text(max_size=25))
def test_arbitrary_text_never_crashes(text):
    try:
        parse_nip(text, today=TODAY)
    except ValidationError as exc:
        assert exc.messages
