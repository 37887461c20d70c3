"""Scoring policies: the suggestion under permenpanrb-6-2022 and the numeric pp-30-2019 model."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring.policies import POLICIES, PP30_2019, IndicatorScore, Permenpanrb2022
from kinerja.scoring.rules import Rating

P = Permenpanrb2022()


def ind(c, utama=True, label="IKI"):
    return IndicatorScore(label=label, utama=utama, capaian=None if c is None else D(c))


@pytest.mark.parametrize(
    ("caps", "expected"),
    [
        (["100", "100"], Rating.SESUAI),
        (["105", "100"], Rating.SESUAI),
        (["110", "100"], Rating.DI_ATAS),  # half of Utama ≥ 110
        (["120", "115", "100"], Rating.DI_ATAS),
        (["110", "100", "100"], Rating.SESUAI),  # one third ≥ 110: not enough
        (["99.99", "120"], Rating.DI_BAWAH),  # one Utama below 100
        (["79", "150"], Rating.DI_BAWAH),  # below the floor
    ],
)
def test_the_suggestion(caps, expected):
    s = P.suggest([ind(c) for c in caps])
    assert s.rating == expected and s.reasons


def test_tambahan_indicators_do_not_lower_the_suggestion():
    assert P.suggest([ind("100"), ind("10", utama=False)]).rating == Rating.SESUAI


def test_no_suggestion_without_utama_or_with_an_uncomputable_capaian():
    assert P.suggest([ind("100", utama=False)]).rating is None
    s = P.suggest([ind("100"), ind(None, label="Kualitas layanan")])
    assert s.rating is None and "Kualitas layanan" in s.reasons[0]


def test_thresholds_are_configurable_and_frozen_with_their_params():
    strict = POLICIES.build(
        "permenpanrb-6-2022", {"meet": "105", "exceed": "115", "floor": "90", "exceed_share": "1"}
    )
    assert strict.suggest([ind("104")]).rating == Rating.DI_BAWAH
    assert strict.suggest([ind("116"), ind("110")]).rating == Rating.SESUAI
    again = POLICIES.build("permenpanrb-6-2022", strict.params())
    assert again == strict


@given(st.lists(st.decimals(min_value=0, max_value=300, places=2), min_size=1, max_size=8))
def test_raising_any_capaian_never_lowers_the_suggestion(caps):
    order = [Rating.DI_BAWAH, Rating.SESUAI, Rating.DI_ATAS]
    base = P.suggest([ind(c) for c in caps]).rating
    for i in range(len(caps)):
        bumped = list(caps)
        bumped[i] = bumped[i] + 10
        assert order.index(P.suggest([ind(c) for c in bumped]).rating) >= order.index(base)


@given(st.lists(st.decimals(min_value=0, max_value=300, places=2), min_size=1, max_size=8))
def test_the_suggestion_is_deterministic(caps):
    assert P.suggest([ind(c) for c in caps]) == P.suggest([ind(c) for c in caps])


# ---------------------------------------------------------------- pp-30-2019

PP = PP30_2019()


@pytest.mark.parametrize(
    ("caps", "beh", "with_360", "innovation", "total", "label"),
    [
        (["100", "100"], "100", False, False, "100.00", "Baik"),
        (
            ["130", "110"],
            "110",
            False,
            False,
            "113.50",
            "Baik",
        ),  # mean of 120 (capped) and 110 = 115; 115×.7 + 110×.3
        (["130", "110"], "110", False, True, "113.50", "Sangat Baik"),
        (["80"], "80", False, False, "80.00", "Cukup"),
        (["60"], "60", False, False, "60.00", "Kurang"),
        (["40"], "40", False, False, "40.00", "Sangat Kurang"),
        (["100"], "70", True, False, "88.00", "Cukup"),  # 60/40 with 360
    ],
)
def test_pp30_scores_and_bands(caps, beh, with_360, innovation, total, label):
    r = PP.score([D(c) for c in caps], D(beh), with_360=with_360, innovation=innovation)
    assert (r.total, r.label) == (D(total), label)


def test_pp30_caps_capaian_at_120():
    assert PP.skp_score([D(200), D(100)]) == D(110)


@pytest.mark.parametrize(("total", "label"), [("120", "Baik"), ("110", "Baik"), ("109.99", "Baik"), ("90", "Baik"),
                                              ("89.99", "Cukup"), ("70", "Cukup"), ("69.99", "Kurang"),
                                              ("50", "Kurang"), ("49.99", "Sangat Kurang"), ("0", "Sangat Kurang")])  # fmt: skip
def test_pp30_band_edges_without_innovation(total, label):
    assert PP.band(D(total), innovation=False) == label


def test_pp30_sangat_baik_needs_an_innovation():
    assert PP.band(D(110), innovation=True) == "Sangat Baik"
    assert PP.band(D(109.99), innovation=True) == "Baik"


@given(st.lists(st.decimals(min_value=0, max_value=500, places=2), min_size=1, max_size=6),
       st.decimals(min_value=0, max_value=500, places=2), st.booleans(), st.booleans())  # fmt: skip
def test_pp30_total_stays_in_0_to_120(caps, beh, with_360, innovation):
    r = PP.score(caps, beh, with_360=with_360, innovation=innovation)
    assert D(0) <= r.total <= D(120)
