"""The distribution curve of DOMAIN.md §4, row by row, with both rounding settings."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring.curve import OrgPredikat, check_curve
from kinerja.scoring.rules import Predikat

SB, B, BP, K, SK = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN, Predikat.KURANG,
                    Predikat.SANGAT_KURANG)  # fmt: skip


def pool(**counts):
    names = {"sb": SB, "b": B, "bp": BP, "k": K, "sk": SK}
    return [names[k] for k, n in counts.items() for _ in range(n)]


@pytest.mark.parametrize(
    ("org", "predikats", "breaches"),
    [
        (OrgPredikat.ISTIMEWA, pool(sb=7, b=3), 0),  # 70% Sangat Baik: at the limit
        (OrgPredikat.ISTIMEWA, pool(sb=8, b=2), 1),
        (OrgPredikat.BAIK, pool(b=7, bp=1, sb=2), 0),
        (OrgPredikat.BAIK, pool(b=8, bp=2), 1),  # Baik above 70%
        (OrgPredikat.BAIK, pool(b=5, sb=5), 1),  # nobody Butuh Perbaikan or Kurang
        (OrgPredikat.BAIK, pool(b=5, sb=4, k=1), 0),  # Kurang/Misconduct counts too
        (OrgPredikat.BUTUH_PERBAIKAN, pool(bp=6, b=3, sb=1), 0),
        (OrgPredikat.BUTUH_PERBAIKAN, pool(bp=5, b=5), 1),
        (OrgPredikat.BUTUH_PERBAIKAN, pool(bp=6, sb=2, b=2), 1),
        (OrgPredikat.KURANG, pool(k=6, bp=1, b=3), 0),
        (OrgPredikat.KURANG, pool(k=6, b=4), 1),  # no Butuh Perbaikan
        (OrgPredikat.KURANG, pool(k=5, bp=1, sb=2, b=2), 2),
        (OrgPredikat.SANGAT_KURANG, pool(sk=6, k=1, b=3), 0),
        (OrgPredikat.SANGAT_KURANG, pool(sk=6, bp=1, sb=1, b=2), 1),  # any Sangat Baik
        (OrgPredikat.SANGAT_KURANG, pool(sk=5, b=5), 2),
    ],
)
def test_each_row_of_the_curve(org, predikats, breaches):
    found = check_curve(org, predikats, rounding="floor")
    assert len(found) == breaches, [b.message for b in found]


def test_small_teams_depend_on_the_rounding_setting():
    three = pool(sb=3)
    # Istimewa allows 70% Sangat Baik: 2.1 of 3
    assert len(check_curve(OrgPredikat.ISTIMEWA, three, rounding="floor")) == 1  # 2 allowed
    assert len(check_curve(OrgPredikat.ISTIMEWA, three, rounding="ceil")) == 0  # 3 allowed
    two_bp_of_three = pool(bp=2, b=1)  # Butuh Perbaikan org: at least 60% = 1.8
    assert (
        len(check_curve(OrgPredikat.BUTUH_PERBAIKAN, two_bp_of_three, rounding="ceil")) == 0
    )  # needs 2
    assert (
        len(check_curve(OrgPredikat.BUTUH_PERBAIKAN, pool(bp=1, b=2), rounding="lenient")) == 0
    )  # needs 1


def test_an_empty_pool_breaches_nothing():
    assert check_curve(OrgPredikat.KURANG, []) == []


def test_breaches_say_what_is_wrong():
    [b] = check_curve(OrgPredikat.ISTIMEWA, pool(sb=9, b=1), rounding="floor")
    assert "Sangat Baik: 9 dari 10" in b.message and "70" in b.message


@given(st.lists(st.sampled_from(list(Predikat)), max_size=40), st.sampled_from(list(OrgPredikat)),
       st.sampled_from(["floor", "ceil", "lenient"]))  # fmt: skip
def test_the_check_never_crashes_and_reports_real_counts(predikats, org, rounding):
    for b in check_curve(org, predikats, rounding=rounding):
        assert b.actual == sum(1 for p in predikats if p in b.bound.predikat)
