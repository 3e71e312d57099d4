"""Inequality measures: hand-computed values, weighting conventions, decomposition identities, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sim.summary.inequality import (
    gini,
    lorenz_share,
    palma_ratio,
    share_beyond,
    theil_decomposition,
    theil_index,
)

positive_values = hnp.arrays(np.float64, st.integers(1, 30), elements=st.floats(0.01, 1000))


def _weights_for(values: np.ndarray) -> st.SearchStrategy:
    return hnp.arrays(np.float64, values.shape, elements=st.floats(0.1, 50))


def test_gini_of_an_equal_distribution_is_zero():
    assert gini([7.0, 7.0, 7.0]) == 0.0
    assert gini([3.0, 3.0], weights=[1.0, 100.0]) == 0.0
    assert gini([0.0, 0.0]) == 0.0


def test_gini_worked_by_hand():
    # 1, 2, 3, 4: sum over ordered pairs |x_i - x_j| = 2 * (1+2+3+1+2+1) = 20; G = 20 / (2 * 4^2 * 2.5) = 0.25.
    assert gini([4.0, 1.0, 3.0, 2.0]) == pytest.approx(0.25)
    # One person holds everything among n: G = (n - 1) / n.
    assert gini([0.0, 0.0, 0.0, 5.0]) == pytest.approx(0.75)


def test_integer_weights_act_as_identical_residents():
    assert gini([1.0, 4.0], weights=[2, 1]) == pytest.approx(gini([1.0, 1.0, 4.0]))
    assert theil_index([1.0, 4.0], weights=[2, 1]) == pytest.approx(theil_index([1.0, 1.0, 4.0]))
    assert palma_ratio([1.0, 4.0], weights=[2, 1]) == pytest.approx(palma_ratio([1.0, 1.0, 4.0]))


def test_palma_of_ten_residents_worked_by_hand():
    # Values 1..10: top 10 % hold 10 of 55, bottom 40 % hold 1+2+3+4 = 10 of 55; ratio 1.
    assert palma_ratio(np.arange(1.0, 11.0)) == pytest.approx(1.0)


def test_palma_splits_the_resident_at_the_cut():
    # Five residents of weight 20 % each with 1, 2, 3, 4, 10 (total 20). Bottom 40 %: 1 + 2 = 3.
    # Top 10 % is half of the richest resident: 10 / 2 = 5. Palma = (5/20) / (3/20) = 5/3.
    assert palma_ratio([10.0, 2.0, 4.0, 1.0, 3.0]) == pytest.approx(5 / 3)
    assert lorenz_share([1.0, 2.0, 3.0, 4.0, 10.0], None, 0.9) == pytest.approx(15 / 20)


def test_palma_edge_cases():
    assert palma_ratio([0.0, 0.0, 0.0, 0.0, 9.0]) == float("inf")
    assert np.isnan(palma_ratio([0.0, 0.0]))


def test_theil_worked_by_hand():
    # Values 1 and 3, mean 2: T = 1/2 (0.5 ln 0.5 + 1.5 ln 1.5) = 0.130812.
    assert theil_index([1.0, 3.0]) == pytest.approx(0.5 * (0.5 * np.log(0.5) + 1.5 * np.log(1.5)))
    assert theil_index([5.0, 5.0, 5.0]) == 0.0


def test_theil_counts_zero_values_as_zero_terms():
    # Values 0 and 2, mean 1: the zero adds 0 (x ln x -> 0), the 2 adds 2 ln 2; T = ln 2, the maximum for n = 2.
    assert theil_index([0.0, 2.0]) == pytest.approx(np.log(2))


def test_theil_decomposition_worked_by_hand():
    # Municipality a: 1, 3 (mean 2, T_a = 0.130812); b: 4, 4 (mean 4, T_b = 0). Overall mean 3.
    # Value shares s_a = 4/12, s_b = 8/12. Between = 1/3 ln(2/3) + 2/3 ln(4/3) = 0.056633.
    # Within = 1/3 * 0.130812 = 0.043604. Total T of 1, 3, 4, 4 = 0.100237.
    result = theil_decomposition([1.0, 3.0, 4.0, 4.0], None, ["a", "a", "b", "b"])
    theil_a = 0.5 * (0.5 * np.log(0.5) + 1.5 * np.log(1.5))
    assert result.between == pytest.approx(np.log(2 / 3) / 3 + 2 * np.log(4 / 3) / 3)
    assert result.within == pytest.approx(theil_a / 3)
    assert result.total == pytest.approx(theil_index([1.0, 3.0, 4.0, 4.0]))
    assert result.total == pytest.approx(0.100237, abs=1e-6)
    assert result.groups == ("a", "b")
    assert result.group_theil == pytest.approx((theil_a, 0.0))
    assert result.group_value_share == pytest.approx((1 / 3, 2 / 3))
    assert result.group_weight_share == pytest.approx((0.5, 0.5))


def test_share_beyond_counts_unreachable_as_beyond():
    # Travel 10, 35, unreachable, 20 minutes for 1, 2, 3, 4 residents: (2 + 3) / 10 beyond 30 minutes.
    assert share_beyond([10.0, 35.0, np.inf, 20.0], [1, 2, 3, 4], 30.0) == pytest.approx(0.5)
    assert share_beyond([30.0], None, 30.0) == 0.0


@settings(max_examples=80, deadline=None)
@given(values=positive_values, scale=st.floats(0.001, 1000), data=st.data())
def test_gini_palma_and_theil_do_not_change_with_units(values, scale, data):
    weights = data.draw(_weights_for(values))
    assert gini(values * scale, weights) == pytest.approx(gini(values, weights), abs=1e-9)
    assert theil_index(values * scale, weights) == pytest.approx(theil_index(values, weights), abs=1e-9)
    assert palma_ratio(values * scale, weights) == pytest.approx(palma_ratio(values, weights), rel=1e-9)
    assert 0.0 <= gini(values, weights) < 1.0


@settings(max_examples=80, deadline=None)
@given(values=positive_values, data=st.data())
def test_units_with_zero_weight_count_as_absent(values, data):
    weights = data.draw(_weights_for(values))
    extra = np.concatenate([values, [1e6, 0.5]])
    padded = np.concatenate([weights, [0.0, 0.0]])
    assert gini(extra, padded) == pytest.approx(gini(values, weights), abs=1e-12)
    assert theil_index(extra, padded) == pytest.approx(theil_index(values, weights), abs=1e-12)
    assert palma_ratio(extra, padded) == pytest.approx(palma_ratio(values, weights), rel=1e-12)


@settings(max_examples=80, deadline=None)
@given(values=positive_values, data=st.data())
def test_theil_decomposition_adds_up(values, data):
    weights = data.draw(_weights_for(values))
    groups = data.draw(hnp.arrays(np.int64, values.shape, elements=st.integers(0, 3)))
    result = theil_decomposition(values, weights, groups)
    assert result.between + result.within == pytest.approx(result.total, abs=1e-9)
    assert result.total == pytest.approx(theil_index(values, weights), abs=1e-12)
    assert result.between >= -1e-12 and result.within >= -1e-12
    assert sum(result.group_value_share) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(values=positive_values)
def test_equal_group_means_leave_no_between_part(values):
    doubled = np.concatenate([values, values])
    result = theil_decomposition(doubled, None, np.repeat([0, 1], len(values)))
    assert result.between == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gini([1.0, np.nan]), "must not contain NaN"),
        (lambda: gini([1.0, -2.0]), "must not be negative"),
        (lambda: theil_index([1.0, np.inf]), "must be finite"),
        (lambda: palma_ratio([]), "non-empty"),
        (lambda: gini([1.0, 2.0], weights=[1.0]), "same shape"),
        (lambda: gini([1.0, 2.0], weights=[-1.0, 1.0]), "non-negative"),
        (lambda: gini([1.0, 2.0], weights=[0.0, 0.0]), "must not all be zero"),
        (lambda: theil_decomposition([1.0, 2.0], None, ["a"]), "one label per value"),
        (lambda: share_beyond([1.0, np.nan], None, 30.0), "must not contain NaN"),
        (lambda: lorenz_share([1.0], None, 1.5), r"must lie in \[0, 1\]"),
    ],
)
def test_bad_input_raises_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
