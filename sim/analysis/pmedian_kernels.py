"""Pure NumPy p-median kernels: greedy and swap heuristics, the Lagrangian lower bound and reduction tests."""

# Every kernel takes a dense cost matrix `cost` of shape (demand points, candidates) holding weighted
# travel minutes, where unreachable pairs carry a finite penalty (see `penalised_costs`), so sums and
# minima never see inf. Open sites are arrays of candidate indices.

import time
from dataclasses import dataclass

import numpy as np


def penalised_costs(travel_minutes: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, float]:
    """Return weights x travel with unreachable pairs set to a penalty larger than any feasible total, and it."""
    cost = weights[:, None] * travel_minutes
    finite = np.isfinite(cost)
    worst_total = float(np.where(finite, cost, 0.0).max(axis=1, initial=0.0).sum())
    penalty = 2.0 * worst_total + 1.0
    return np.where(finite, cost, penalty), penalty


def nearest_costs(cost: np.ndarray, open_sites: np.ndarray) -> np.ndarray:
    """Return each demand point's cost to its cheapest open site."""
    return cost[:, open_sites].min(axis=1)


def greedy_sites(cost: np.ndarray, p: int, start_sites: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Return `start_sites` plus sites added one at a time, each the one that lowers the total cost most."""
    chosen = [int(site) for site in start_sites]
    best = nearest_costs(cost, np.array(chosen)) if chosen else None
    while len(chosen) < p:
        totals = cost.sum(axis=0) if best is None else np.minimum(cost, best[:, None]).sum(axis=0)
        totals[~allowed] = np.inf
        totals[chosen] = np.inf
        site = int(np.argmin(totals))
        chosen.append(site)
        best = cost[:, site] if best is None else np.minimum(best, cost[:, site])
    return np.array(chosen, dtype=np.int64)


def _two_nearest(cost_open: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return, per demand point, the position of its nearest open site and the two smallest costs."""
    if cost_open.shape[1] == 1:
        return np.zeros(len(cost_open), dtype=np.int64), cost_open[:, 0], np.full(len(cost_open), np.inf)
    pair = np.argpartition(cost_open, 1, axis=1)[:, :2]
    values = np.take_along_axis(cost_open, pair, axis=1)
    swapped = values[:, 0] > values[:, 1]
    pair[swapped] = pair[swapped][:, ::-1]
    values[swapped] = values[swapped][:, ::-1]
    return pair[:, 0], values[:, 0], values[:, 1]


def _removal_losses(extra: np.ndarray, nearest_position: np.ndarray, sites: int) -> np.ndarray:
    """Sum the rows of `extra` per nearest open site: shape (open sites, candidates)."""
    order = np.argsort(nearest_position, kind="stable")
    positions = nearest_position[order]
    present, starts = np.unique(positions, return_index=True)
    losses = np.zeros((sites, extra.shape[1]))
    losses[present] = np.add.reduceat(extra[order], starts, axis=0)
    return losses


def swap_search(
    cost: np.ndarray, open_sites: np.ndarray, movable: np.ndarray, candidates: np.ndarray, deadline: float
) -> np.ndarray:
    """Return a swap-optimal set: repeat the best (close one movable site, open one candidate) while it helps.

    All swaps are evaluated at once per round (Whitaker's fast interchange, vectorised), so a round costs
    a few passes over the (demand x candidates) block. Stops early at `deadline` (time.perf_counter()).
    """
    sites = np.array(open_sites, dtype=np.int64)
    block = cost[:, candidates]
    while time.perf_counter() < deadline:
        nearest_position, first, second = _two_nearest(cost[:, sites])
        capped = np.minimum(block, first[:, None])
        gains = (capped - first[:, None]).sum(axis=0)
        extra = np.minimum(block, second[:, None]) - capped
        delta = gains[None, :] + _removal_losses(extra, nearest_position, len(sites))
        delta[~movable[sites], :] = np.inf
        delta[:, np.isin(candidates, sites)] = np.inf
        row, column = np.unravel_index(int(np.argmin(delta)), delta.shape)
        if not delta[row, column] < -1e-9 * max(float(first.sum()), 1.0):
            break
        sites[row] = candidates[column]
    return sites


@dataclass(frozen=True)
class SortedCosts:
    """Each demand point's allowed candidates, cheapest first: site indices and costs, both (demand x allowed)."""

    sites: np.ndarray
    costs: np.ndarray


def sort_costs(cost: np.ndarray, allowed: np.ndarray) -> SortedCosts:
    """Return every demand point's allowed candidates sorted by cost."""
    candidates = np.flatnonzero(allowed)
    block = cost[:, candidates]
    order = np.argsort(block, axis=1, kind="stable")
    return SortedCosts(candidates[order], np.take_along_axis(block, order, axis=1))


@dataclass(frozen=True)
class NearestLists:
    """Each demand point's cheapest candidates, flattened row by row, and the cost of the next one (the cap)."""

    rows: np.ndarray
    columns: np.ndarray
    costs: np.ndarray
    row_starts: np.ndarray
    caps: np.ndarray
    sizes: np.ndarray


def nearest_lists(ranked: SortedCosts, sizes: np.ndarray) -> NearestLists:
    """Return the `sizes[i]` cheapest candidates of every demand point i (at least one, at most all).

    The cap is the cost of the first candidate left out, or the dearest candidate if none is left out.
    """
    width = ranked.costs.shape[1]
    sizes = np.clip(sizes, 1, width).astype(np.int64)
    keep = np.arange(width)[None, :] < sizes[:, None]
    rows = np.nonzero(keep)[0]
    everything = sizes >= width
    caps = ranked.costs[np.arange(len(sizes)), np.where(everything, width - 1, sizes)]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return NearestLists(rows, ranked.sites[keep], ranked.costs[keep], starts, caps, sizes)


@dataclass(frozen=True)
class LagrangianBound:
    """The best Lagrangian lower bound, its multipliers and reduced costs, and how often each site was chosen."""

    lower_bound: float
    multipliers: np.ndarray
    reduced_costs: np.ndarray
    open_frequency: np.ndarray
    iterations: int


def _lagrangian_value(
    lists: NearestLists, multipliers: np.ndarray, p: int, forced: np.ndarray, allowed: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Return L(lambda), the reduced cost of every candidate and the sites the relaxation opens."""
    reduced = np.minimum(lists.costs - multipliers[lists.rows], 0.0)
    site_costs = np.bincount(lists.columns, weights=reduced, minlength=len(allowed))
    free = np.flatnonzero(allowed & ~forced)
    wanted = p - int(forced.sum())
    picked = free[np.argpartition(site_costs[free], wanted - 1)[:wanted]] if wanted < len(free) else free
    chosen = np.concatenate([np.flatnonzero(forced), picked])
    return float(multipliers.sum() + site_costs[chosen].sum()), site_costs, chosen


def _subgradient(lists: NearestLists, multipliers: np.ndarray, chosen: np.ndarray, sites: int) -> np.ndarray:
    """Return 1 - (open sites cheaper than lambda_i) per demand point: the direction that raises L(lambda)."""
    is_open = np.zeros(sites, dtype=bool)
    is_open[chosen] = True
    served = (lists.costs < multipliers[lists.rows]) & is_open[lists.columns]
    return 1.0 - np.add.reduceat(served.astype(np.float64), lists.row_starts)


def lagrangian_bound(
    ranked: SortedCosts,
    sizes: np.ndarray,
    p: int,
    forced: np.ndarray,
    allowed: np.ndarray,
    upper_bound: float,
    start_multipliers: np.ndarray,
    iterations: int,
    deadline: float,
) -> LagrangianBound:
    """Maximise the Lagrangian dual of the assignment constraints by subgradient steps (Beasley 1993).

    L(lambda) = sum_i lambda_i + sum of the p smallest rho_j, rho_j = sum_i min(0, c_ij - lambda_i), is a
    lower bound on the p-median for every lambda. Each point only lists its `sizes[i]` cheapest candidates
    and lambda_i stays at or below the cost of the first one left out (its cap), which keeps the bound
    valid; every 50 steps the lists of points pushing against their cap are doubled. Polyak steps towards
    `upper_bound`, step factor halved after 60 steps without progress; start from the incumbent's costs.
    """
    lists = nearest_lists(ranked, sizes)
    multipliers = np.minimum(start_multipliers, lists.caps)
    best = (-np.inf, multipliers, np.zeros(len(allowed)))
    frequency = np.zeros(len(allowed))
    step_factor, stalled, counted, iteration = 2.0, 0, 0, 0
    for iteration in range(1, iterations + 1):
        value, site_costs, chosen = _lagrangian_value(lists, multipliers, p, forced, allowed)
        if value > best[0]:
            best, stalled = (value, multipliers, site_costs), 0
        else:
            stalled += 1
            if stalled >= 60:
                step_factor, stalled = step_factor / 2, 0
        if iteration > iterations // 3:
            frequency[chosen] += 1
            counted += 1
        subgradient = _subgradient(lists, multipliers, chosen, len(allowed))
        pushing = (subgradient > 0) & (multipliers >= lists.caps)
        if iteration % 50 == 0 and np.any(pushing & (lists.sizes < ranked.costs.shape[1])):
            lists = nearest_lists(ranked, np.where(pushing, 2 * lists.sizes, lists.sizes))
            step_factor = max(step_factor, 0.25)
            continue
        subgradient[pushing] = 0.0
        norm = float(subgradient @ subgradient)
        if norm == 0 or best[0] >= upper_bound or step_factor < 1e-6 or time.perf_counter() > deadline:
            break
        step = step_factor * (upper_bound - value) / norm
        multipliers = np.clip(multipliers + step * subgradient, 0.0, lists.caps)
    if counted == 0:
        frequency[_lagrangian_value(lists, best[1], p, forced, allowed)[2]] = 1.0
        counted = 1
    return LagrangianBound(best[0], best[1], best[2], frequency / counted, iteration)


def reduction_tests(
    bound: LagrangianBound, p: int, forced: np.ndarray, allowed: np.ndarray, upper_bound: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return (must close, must open): sites whose forced state would push the bound above `upper_bound`.

    Opening a site j the relaxation left closed costs at least L + rho_j - rho_last; closing a chosen site
    costs at least L - rho_j + rho_next. If that exceeds the incumbent, no better solution has j open
    (closed). Both tests are exact, so the reduced problem keeps every solution better than the incumbent.
    """
    free = np.flatnonzero(allowed & ~forced)
    wanted = p - int(forced.sum())
    must_close = np.zeros(len(allowed), dtype=bool)
    must_open = np.zeros(len(allowed), dtype=bool)
    if wanted <= 0 or wanted >= len(free):
        return must_close, must_open
    costs = bound.reduced_costs[free]
    order = np.argsort(costs, kind="stable")
    last_chosen, first_left = costs[order[wanted - 1]], costs[order[wanted]]
    margin = upper_bound + 1e-9 * abs(upper_bound)
    left_out, chosen = order[wanted:], order[:wanted]
    must_close[free[left_out]] = bound.lower_bound + costs[left_out] - last_chosen > margin
    must_open[free[chosen]] = bound.lower_bound - costs[chosen] + first_left > margin
    return must_close, must_open
