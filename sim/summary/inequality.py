"""Weighted inequality across residents: Gini, Palma, Theil T with its group decomposition, share beyond a threshold."""

# Every function takes `values` (one per unit: resident, or district with `weights` = residents) and
# optional non-negative `weights`; a unit with weight 0 counts as absent, and integer weights act as that
# many identical residents. Subgroups (ages 75+, residents without a car) are the same functions on
# subsets or with weights set to 0 outside the group. Values must be finite and non-negative (cap or drop
# unreachable travel times first); NaN is always an error. Formulas are in docs/ACCESSIBILITY.md.

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

ArrayLike = np.ndarray | Sequence[float]


def _prepare(
    values: ArrayLike, weights: ArrayLike | None, allow_infinite: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Return values and weights as float vectors after checking shapes, NaN, signs and a positive total weight."""
    data = np.asarray(values, dtype=np.float64)
    if data.ndim != 1 or data.size == 0:
        raise ValueError(f"values must be a non-empty one-dimensional array, got shape {data.shape}")
    if np.isnan(data).any():
        raise ValueError("values must not contain NaN")
    if not allow_infinite and not np.all(np.isfinite(data)):
        raise ValueError("values must be finite (cap or drop unreachable travel times first)")
    weight = np.ones_like(data) if weights is None else np.asarray(weights, dtype=np.float64)
    if weight.shape != data.shape:
        raise ValueError(f"weights must have the same shape as values {data.shape}, got {weight.shape}")
    if not np.all(np.isfinite(weight)) or np.any(weight < 0):
        raise ValueError("weights must be finite and non-negative")
    if weight.sum() <= 0:
        raise ValueError("weights must not all be zero")
    return data, weight


def _non_negative(values: np.ndarray) -> None:
    """Raise ValueError if any value is negative (shares of a total need non-negative values)."""
    if np.any(values < 0):
        raise ValueError("values must not be negative for this measure")


def gini(values: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Return the weighted Gini coefficient: sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean), 0 = all equal.

    Computed exactly from the values sorted ascending as sum_j w_j (x_j W_<j - S_<j) / (W S), with W_<j
    and S_<j the weight and amount below j (ties need no rule). All values equal, zero included, gives 0.0.
    """
    data, weight = _prepare(values, weights)
    _non_negative(data)
    if data.max() == data.min():
        return 0.0
    order = np.argsort(data, kind="stable")
    data, weight = data[order], weight[order]
    weight_below = np.cumsum(weight) - weight
    amount_below = np.cumsum(data * weight) - data * weight
    differences = float(np.sum(weight * (data * weight_below - amount_below)))
    return max(differences / (weight.sum() * float((data * weight).sum())), 0.0)


def lorenz_share(values: ArrayLike, weights: ArrayLike | None, population_share: float) -> float:
    """Return the share of the total held by the lowest `population_share` of the weight (the Lorenz curve L(q)).

    Units are sorted by value; a unit that straddles the cut is split in proportion to its weight, so the
    result is the linear interpolation of the Lorenz curve and does not depend on the order of ties.
    """
    if not 0.0 <= population_share <= 1.0:
        raise ValueError(f"population_share must lie in [0, 1], got {population_share!r}")
    data, weight = _prepare(values, weights)
    _non_negative(data)
    order = np.argsort(data, kind="stable")
    data, weight = data[order], weight[order]
    total = float((data * weight).sum())
    if total == 0:
        return population_share
    cumulative_weight = np.concatenate([[0.0], np.cumsum(weight) / weight.sum()])
    cumulative_amount = np.concatenate([[0.0], np.cumsum(data * weight) / total])
    return float(np.interp(population_share, cumulative_weight, cumulative_amount))


def palma_ratio(values: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Return the Palma ratio: share of the total held by the top 10 % of residents / share of the bottom 40 %.

    Shares come from `lorenz_share`, so residents at the 10 % and 40 % cuts are split by weight. Returns
    inf if the bottom 40 % hold nothing but the top 10 % hold something, and NaN if all values are zero.
    """
    data, weight = _prepare(values, weights)
    _non_negative(data)
    if float((data * weight).sum()) == 0:
        return float("nan")
    top = 1.0 - lorenz_share(data, weight, 0.9)
    bottom = lorenz_share(data, weight, 0.4)
    if bottom == 0:
        return float("inf")
    return float(top / bottom)


def _theil_terms(data: np.ndarray, weight: np.ndarray) -> tuple[float, float]:
    """Return (weighted mean, Theil T) of one group; x ln x is taken as 0 at x = 0."""
    mean = float(np.average(data, weights=weight))
    if mean == 0:
        return 0.0, 0.0
    ratio = data / mean
    logs = np.log(ratio, out=np.zeros_like(ratio), where=ratio > 0)
    return mean, float(np.average(ratio * logs, weights=weight))


def theil_index(values: ArrayLike, weights: ArrayLike | None = None) -> float:
    """Return Theil's T: (1/W) sum_i w_i (x_i / mean) ln(x_i / mean); 0 = all equal, ln N at most for N equal weights.

    A zero value contributes 0 (the limit of x ln x); all values zero gives 0.0.
    """
    data, weight = _prepare(values, weights)
    _non_negative(data)
    return _theil_terms(data, weight)[1]


@dataclass(frozen=True)
class TheilDecomposition:
    """Theil T split into between-group and within-group parts: total = between + within.

    between = sum_g s_g ln(mean_g / mean), within = sum_g s_g T_g, where s_g is group g's share of the
    total (value x weight). Per-group figures follow the order of `groups`.
    """

    total: float
    between: float
    within: float
    groups: tuple[object, ...]
    group_theil: tuple[float, ...]
    group_value_share: tuple[float, ...]
    group_weight_share: tuple[float, ...]


def theil_decomposition(values: ArrayLike, weights: ArrayLike | None, groups: ArrayLike) -> TheilDecomposition:
    """Return Theil's T decomposed into between-group (e.g. municipality) and within-group inequality.

    Group sums come from bincounts (no loop over groups), so thousands of groups cost one pass.
    """
    data, weight = _prepare(values, weights)
    _non_negative(data)
    labels = np.asarray(groups)
    if labels.shape != data.shape:
        raise ValueError(f"groups must have one label per value {data.shape}, got {labels.shape}")
    present, index = np.unique(labels[weight > 0], return_inverse=True)
    data, weight = data[weight > 0], weight[weight > 0]
    mean, total = _theil_terms(data, weight)
    count = len(present)
    group_weight = np.bincount(index, weights=weight, minlength=count)
    group_amount = np.bincount(index, weights=data * weight, minlength=count)
    group_mean = group_amount / group_weight
    ratio = np.divide(data, group_mean[index], out=np.zeros_like(data), where=group_mean[index] > 0)
    logs = np.log(ratio, out=np.zeros_like(ratio), where=ratio > 0)
    group_terms = np.bincount(index, weights=weight * data * logs, minlength=count)
    group_t = np.divide(group_terms, group_amount, out=np.zeros(count), where=group_amount > 0)
    amount = float(group_amount.sum())
    share = group_amount / amount if amount > 0 else np.zeros(count)
    has_share = share > 0
    between = float(np.sum(share[has_share] * np.log(group_mean[has_share] / mean)))
    within = float(np.sum(share[has_share] * group_t[has_share]))
    return TheilDecomposition(
        total,
        between,
        within,
        tuple(present.tolist()),
        tuple(float(t) for t in group_t),
        tuple(float(s) for s in share),
        tuple(float(w) for w in group_weight / weight.sum()),
    )


def share_beyond(values: ArrayLike, weights: ArrayLike | None, threshold: float) -> float:
    """Return the weighted share of units whose value is strictly above `threshold` (inf counts as beyond).

    Example: the share of residents more than 30 minutes by transit from a service.
    """
    if np.isnan(threshold):
        raise ValueError("threshold must not be NaN")
    data, weight = _prepare(values, weights, allow_infinite=True)
    return float(weight[data > threshold].sum() / weight.sum())
