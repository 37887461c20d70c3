"""DOMAIN.md §4: every cell of the matrix, the order of the predikat, and capaian."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring.rules import (
    MATRIX,
    PREDIKAT_ORDER,
    Predikat,
    Rating,
    capaian,
    is_at_least,
    predikat,
)

A, S, B = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH


@pytest.mark.parametrize(
    ("hasil", "perilaku", "expected"),
    [
        (A, B, "Kurang/Misconduct"),
        (A, S, "Baik"),
        (A, A, "Sangat Baik"),
        (S, B, "Kurang/Misconduct"),
        (S, S, "Baik"),
        (S, A, "Baik"),
        (B, B, "Sangat Kurang"),
        (B, S, "Butuh Perbaikan"),
        (B, A, "Butuh Perbaikan"),
    ],
)
def test_every_cell_of_the_matrix(hasil, perilaku, expected):
    assert predikat(hasil, perilaku).label == expected


def test_the_matrix_has_exactly_nine_cells():
    assert len(MATRIX) == 9


def test_the_order_best_to_worst():
    assert [p.label for p in PREDIKAT_ORDER] == [
        "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang",
    ]  # fmt: skip
    assert [p.rank for p in PREDIKAT_ORDER] == [1, 2, 3, 4, 5]
    assert is_at_least(Predikat.SANGAT_BAIK, Predikat.BAIK)
    assert is_at_least(Predikat.BAIK, Predikat.BAIK)
    assert not is_at_least(Predikat.BUTUH_PERBAIKAN, Predikat.BAIK)
    assert is_at_least(Predikat.KURANG, Predikat.SANGAT_KURANG)
    assert not is_at_least(Predikat.SANGAT_KURANG, Predikat.KURANG)


@given(st.sampled_from(list(Rating)), st.sampled_from(list(Rating)), st.sampled_from(list(Rating)))
def test_better_behaviour_never_lowers_the_predikat_except_misconduct(hasil, p1, p2):
    """Monotone in behaviour: with the same results, a better behaviour rating never gives a worse
    predikat."""
    order = [B, S, A]
    lo, hi = sorted([p1, p2], key=order.index)
    assert predikat(hasil, hi).rank <= predikat(hasil, lo).rank


@given(st.sampled_from(list(Rating)))
def test_behaviour_below_expectation_is_never_better_than_kurang(hasil):
    assert predikat(hasil, B).rank >= Predikat.KURANG.rank


@pytest.mark.parametrize(
    ("realisasi", "target", "lower", "expected"),
    [
        ("10", "10", False, "100.00"),
        ("12", "10", False, "120.00"),
        ("5", "10", False, "50.00"),
        ("0", "10", False, "0.00"),
        ("5", "5", True, "100.00"),  # 5 days on a 5-day target
        ("4", "5", True, "120.00"),  # faster is better
        ("6", "5", True, "80.00"),
        ("10", "5", True, "0.00"),  # twice as slow
        ("15", "5", True, "0.00"),  # never negative
        ("1", "3", False, "33.33"),
    ],
)
def test_capaian(realisasi, target, lower, expected):
    assert capaian(Decimal(realisasi), target=Decimal(target), lower_is_better=lower) == Decimal(
        expected
    )


@pytest.mark.parametrize(
    ("realisasi", "lower", "expected"),
    [("85", False, "100.00"), ("80", False, "100.00"), ("90", False, "100.00"),
     ("99", False, "110.00"), ("72", False, "90.00"),  # above: vs 90; below: vs 80
     ("99", True, "90.00"), ("72", True, "110.00")],
)  # fmt: skip
def test_capaian_of_a_range_target(realisasi, lower, expected):
    got = capaian(Decimal(realisasi), low=Decimal(80), high=Decimal(90), lower_is_better=lower)
    assert got == Decimal(expected)


def test_no_capaian_without_a_usable_target():
    assert capaian(Decimal(5), target=None) is None
    assert capaian(Decimal(5), target=Decimal(0)) is None


@given(
    st.decimals(min_value=0, max_value=10**6, places=2),
    st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2),
)
def test_capaian_is_monotone_and_non_negative(r, t):
    up = capaian(r, target=t)
    down = capaian(r, target=t, lower_is_better=True)
    assert up is not None and down is not None and up >= 0 and down >= 0
    assert capaian(r + 1, target=t) >= up
    assert capaian(r + 1, target=t, lower_is_better=True) <= down
