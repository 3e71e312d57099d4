"""Location models against textbook instances worked by hand, and against brute force on small random ones."""

import itertools

import numpy as np
import pytest

from sim.analysis.location import (
    InfeasibleError,
    SolverOptions,
    capacitated_p_median,
    locate,
    lscp,
    mclp,
    p_center,
    p_median,
)
from sim.analysis.pmedian_kernels import (
    greedy_sites,
    lagrangian_bound,
    nearest_costs,
    penalised_costs,
    reduction_tests,
    sort_costs,
    swap_search,
)

# Five villages A..E on a road at 0, 4, 6, 10 and 15 minutes; demand 10, 20, 15, 25, 30 residents.
LINE_MINUTES = np.array([0.0, 4.0, 6.0, 10.0, 15.0])
LINE_TRAVEL = np.abs(LINE_MINUTES[:, None] - LINE_MINUTES[None, :])
LINE_WEIGHTS = np.array([10.0, 20.0, 15.0, 25.0, 30.0])
A, B, C, D, E = range(5)

# Six demand points, four candidates: candidate j covers (5 minutes) or misses (25 minutes) each point.
COVERS = np.array(
    [
        [1, 0, 0, 1],
        [1, 0, 0, 0],
        [1, 1, 0, 0],
        [0, 1, 0, 0],
        [0, 1, 1, 0],
        [0, 0, 1, 1],
    ],
    dtype=bool,
)
COVER_TRAVEL = np.where(COVERS, 5.0, 25.0)
COVER_WEIGHTS = np.array([30.0, 20.0, 25.0, 15.0, 40.0, 10.0])

FORCE_LARGE_PATH = SolverOptions(exact_pairs_limit=0)


def test_five_node_p_median_worked_by_hand():
    # Weighted cost of every pair (p = 2), e.g. {B, E}: A->B 10*4 + C->B 15*2 + D->E 25*5 = 195.
    # AB 510, AC 410, AD 290, AE 295, BC 410, BD 220, BE 195, CD 250, CE 200, DE 280: {B, E} is optimal.
    result = p_median(LINE_TRAVEL, 2, weights=LINE_WEIGHTS)
    assert result.open_sites == (B, E)
    assert result.objective == pytest.approx(195.0)
    assert result.assignment.tolist() == [B, B, B, E, E]
    assert result.status == "optimal"
    assert result.mip_gap <= 1e-6
    assert result.objective_unit == "weighted travel minutes"


def test_five_node_one_median_is_the_weighted_median():
    # Cumulative demand 10, 30, 45, 70, 100 passes half (50) at D: A 870, B 550, C 470, D 430, E 630.
    result = p_median(LINE_TRAVEL, 1, weights=LINE_WEIGHTS)
    assert result.open_sites == (D,)
    assert result.objective == pytest.approx(430.0)


def test_five_node_p_median_on_the_large_instance_path():
    result = p_median(LINE_TRAVEL, 2, weights=LINE_WEIGHTS, options=FORCE_LARGE_PATH)
    assert result.open_sites == (B, E)
    assert result.objective == pytest.approx(195.0)
    assert result.status == "optimal"


def test_fixed_site_must_open():
    # With C fixed the best partner is E: CE 200 beats CD 250, BC 410, AC 410.
    result = p_median(LINE_TRAVEL, 2, weights=LINE_WEIGHTS, fixed=[C])
    assert result.open_sites == (C, E)
    assert result.objective == pytest.approx(200.0)


def test_existing_sites_stay_open_unless_closures_are_allowed():
    # Keeping A, the best partner is D: AD 290 beats AE 295, AC 410, AB 510.
    kept = p_median(LINE_TRAVEL, 2, weights=LINE_WEIGHTS, existing=[A], closures_allowed=False)
    assert kept.open_sites == (A, D) and kept.objective == pytest.approx(290.0) and kept.closed_sites == ()
    moved = p_median(LINE_TRAVEL, 2, weights=LINE_WEIGHTS, existing=[A], closures_allowed=True)
    assert moved.open_sites == (B, E) and moved.closed_sites == (A,)


def test_capacitated_p_median_where_the_uncapacitated_optimum_is_infeasible():
    # Uncapacitated {B, E} sends D and E (55 residents) to E, whose capacity is 50. With capacities
    # 60, 60, 60, 60, 50 the best single-source plan is {B, D}: B serves A, B, C (45): 40 + 30 = 70;
    # D serves D, E (55 <= 60): 30 * 5 = 150; total 220 (next best {C, D} 250).
    capacities = [60.0, 60.0, 60.0, 60.0, 50.0]
    result = capacitated_p_median(LINE_TRAVEL, 2, capacities, weights=LINE_WEIGHTS)
    assert result.model == "capacitated p-median"
    assert result.open_sites == (B, D)
    assert result.objective == pytest.approx(220.0)
    assert result.assignment.tolist() == [B, B, B, D, D]
    loads = np.bincount(result.assignment, weights=LINE_WEIGHTS, minlength=5)
    assert np.all(loads <= np.array(capacities))


def test_capacity_shortfall_says_total_capacity_is_below_demand():
    with pytest.raises(InfeasibleError, match=r"infeasible: total capacity 60 < total demand 100"):
        p_median(LINE_TRAVEL, 2, weights=LINE_WEIGHTS, capacities=[30.0] * 5)


def test_capacity_infeasible_for_the_solver_says_infeasible():
    # Enough capacity in total (145 >= 100) but no site can take E's 30 residents.
    with pytest.raises(InfeasibleError, match="infeasible"):
        p_median(LINE_TRAVEL, 5, weights=LINE_WEIGHTS, capacities=[29.0] * 5)


def test_mclp_coverage_counted_by_hand():
    # Candidate 0 covers points 0,1,2 (75), 1 covers 2,3,4 (80), 2 covers 4,5 (50), 3 covers 0,5 (40).
    # Pairs: 01 -> 130, 02 -> 125, 03 -> 85, 12 -> 90, 13 -> 120, 23 -> 80; total weight 140.
    one = mclp(COVER_TRAVEL, 1, 10.0, weights=COVER_WEIGHTS)
    assert one.open_sites == (1,) and one.objective == pytest.approx(80.0)
    two = mclp(COVER_TRAVEL, 2, 10.0, weights=COVER_WEIGHTS)
    assert two.open_sites == (0, 1) and two.objective == pytest.approx(130.0)
    assert two.status == "optimal" and two.objective_unit == "covered weight"
    three = mclp(COVER_TRAVEL, 3, 10.0, weights=COVER_WEIGHTS)
    assert three.objective == pytest.approx(140.0)


def test_lscp_needs_three_sites():
    # No pair covers all six points (01 misses 5, 02 misses 3, 13 misses 1, ...); 0, 1, 2 does.
    result = lscp(COVER_TRAVEL, 10.0, weights=COVER_WEIGHTS)
    assert result.objective == 3 and len(result.open_sites) == 3
    assert COVERS[:, list(result.open_sites)].any(axis=1).all()
    assert lscp(COVER_TRAVEL, 30.0).objective == 1


def test_lscp_ignores_points_without_weight():
    # Without demand at point 3, candidates 0 and 2 cover everything else.
    weights = COVER_WEIGHTS.copy()
    weights[3] = 0.0
    assert lscp(COVER_TRAVEL, 10.0, weights=weights).open_sites == (0, 2)


def test_lscp_with_an_uncoverable_point_is_infeasible():
    travel = COVER_TRAVEL.copy()
    travel[3] = 25.0
    with pytest.raises(
        InfeasibleError,
        match=r"infeasible: 1 weighted demand point\(s\) reach no candidate site "
        r"within 10 minutes \(first: demand point 3\)",
    ):
        lscp(travel, 10.0)


def test_p_center_worked_by_hand():
    # One site: farthest village from A 15, B 11, C 9, D 10, E 15 -> C with 9 minutes.
    one = p_center(LINE_TRAVEL, 1)
    assert one.open_sites == (C,) and one.objective == pytest.approx(9.0)
    # Two sites: E needs a site within 5 (D or E); the rest then fits within 5 ({A, D}, {B, D}, ...) but not 4.
    assert p_center(LINE_TRAVEL, 2).objective == pytest.approx(5.0)
    # Without residents in A, D reaches B, C, E within 6.
    weights = np.array([0.0, 1.0, 1.0, 1.0, 1.0])
    assert p_center(LINE_TRAVEL, 1, weights=weights).open_sites == (D,)


def _random_instance(rng: np.random.Generator, demand_points: int, candidates: int) -> tuple[np.ndarray, np.ndarray]:
    homes = rng.uniform(0, 30, (demand_points, 2))
    sites = rng.uniform(0, 30, (candidates, 2))
    travel = np.sqrt(((homes[:, None, :] - sites[None, :, :]) ** 2).sum(axis=2))
    weights = rng.integers(0, 10, demand_points).astype(float)
    weights[0] = 1.0
    return travel, weights


def _subsets(candidates: int, size: int, fixed: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    return [subset for subset in itertools.combinations(range(candidates), size) if set(fixed) <= set(subset)]


@pytest.mark.parametrize("seed", range(12))
def test_p_median_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    travel, weights = _random_instance(rng, int(rng.integers(6, 25)), int(rng.integers(3, 10)))
    p = int(rng.integers(1, travel.shape[1] + 1))
    fixed = (int(rng.integers(travel.shape[1])),) if seed % 3 == 0 else ()
    best = min(float(weights @ travel[:, list(subset)].min(axis=1)) for subset in _subsets(travel.shape[1], p, fixed))
    for options in (SolverOptions(), FORCE_LARGE_PATH):
        result = p_median(travel, p, weights=weights, fixed=fixed, options=options)
        assert result.objective == pytest.approx(best, rel=1e-6)
        assert set(fixed) <= set(result.open_sites) and len(result.open_sites) == p
        assert result.best_bound <= best * (1 + 1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_capacitated_p_median_matches_brute_force(seed):
    rng = np.random.default_rng(100 + seed)
    travel, _ = _random_instance(rng, 6, 4)
    weights = rng.integers(1, 10, 6).astype(float)
    capacities = rng.uniform(0.3, 0.8, 4) * weights.sum()
    p = int(rng.integers(2, 4))
    best = np.inf
    for subset in _subsets(4, p):
        for plan in itertools.product(subset, repeat=6):
            loads = np.bincount(plan, weights=weights, minlength=4)
            if np.all(loads <= capacities):
                best = min(best, float(weights @ travel[np.arange(6), plan]))
    if np.isinf(best):
        with pytest.raises(InfeasibleError):
            p_median(travel, p, weights=weights, capacities=capacities)
        return
    result = p_median(travel, p, weights=weights, capacities=capacities)
    assert result.objective == pytest.approx(best, rel=1e-6)
    loads = np.bincount(result.assignment, weights=weights, minlength=4)
    assert np.all(loads <= capacities + 1e-9)


@pytest.mark.parametrize("seed", range(10))
def test_mclp_lscp_and_p_center_match_brute_force(seed):
    rng = np.random.default_rng(200 + seed)
    travel, weights = _random_instance(rng, int(rng.integers(6, 20)), int(rng.integers(3, 9)))
    candidates = travel.shape[1]
    p = int(rng.integers(1, candidates + 1))
    radius = float(rng.uniform(6, 15))
    counts = weights > 0
    covered = max(float(weights @ (travel[:, list(s)].min(axis=1) <= radius)) for s in _subsets(candidates, p))
    assert mclp(travel, p, radius, weights=weights).objective == pytest.approx(covered)
    center = min(float(travel[counts][:, list(s)].min(axis=1).max()) for s in _subsets(candidates, p))
    assert p_center(travel, p, weights=weights).objective == pytest.approx(center)
    sizes = [
        size
        for size in range(1, candidates + 1)
        if any((travel[counts][:, list(s)] <= radius).any(axis=1).all() for s in _subsets(candidates, size))
    ]
    if sizes:
        assert lscp(travel, radius, weights=weights).objective == sizes[0]
    else:
        with pytest.raises(InfeasibleError):
            lscp(travel, radius, weights=weights)


def test_large_path_bound_brackets_the_exact_optimum():
    rng = np.random.default_rng(7)
    travel, weights = _random_instance(rng, 150, 40)
    exact = p_median(travel, 5, weights=weights)
    large = p_median(travel, 5, weights=weights, options=SolverOptions(exact_pairs_limit=0, lagrangian_iterations=300))
    assert exact.status == "optimal"
    assert large.best_bound <= exact.objective * (1 + 1e-9)
    assert large.objective >= exact.objective * (1 - 1e-9)
    assert large.mip_gap == pytest.approx((large.objective - large.best_bound) / large.objective)


@pytest.mark.parametrize("seed", range(6))
def test_lagrangian_bound_and_reduction_tests_are_valid(seed):
    rng = np.random.default_rng(300 + seed)
    travel, weights = _random_instance(rng, 30, 8)
    p = 3
    cost, _ = penalised_costs(travel, weights)
    totals = {s: float(nearest_costs(cost, np.array(s)).sum()) for s in _subsets(8, p)}
    optimum = min(totals.values())
    allowed, forced = np.ones(8, dtype=bool), np.zeros(8, dtype=bool)
    start = greedy_sites(cost, p, np.array([], dtype=np.int64), allowed)
    # Lists of two candidates only, so the caps bind and the lists must grow.
    upper = totals[tuple(sorted(start))]
    bound = lagrangian_bound(
        sort_costs(cost, allowed), np.full(30, 2), p, forced, allowed, upper, nearest_costs(cost, start), 500, np.inf
    )
    assert bound.lower_bound <= optimum * (1 + 1e-9)
    must_close, must_open = reduction_tests(bound, p, forced, allowed, optimum)
    for site in np.flatnonzero(must_close):
        assert min(total for s, total in totals.items() if site in s) > optimum
    for site in np.flatnonzero(must_open):
        assert min(total for s, total in totals.items() if site not in s) > optimum


def test_swap_search_reaches_a_swap_optimum():
    rng = np.random.default_rng(11)
    travel, weights = _random_instance(rng, 40, 10)
    cost, _ = penalised_costs(travel, weights)
    allowed = np.ones(10, dtype=bool)
    sites = swap_search(cost, np.array([0, 1, 2]), allowed, np.arange(10), np.inf)
    total = nearest_costs(cost, sites).sum()
    for position, replacement in itertools.product(range(3), range(10)):
        if replacement in sites:
            continue
        trial = sites.copy()
        trial[position] = replacement
        assert nearest_costs(cost, trial).sum() >= total - 1e-9


def test_unreachable_pairs_are_never_used():
    travel = LINE_TRAVEL.copy()
    travel[E, [A, B, C]] = np.inf
    travel[[A, B, C], E] = np.inf
    for options in (SolverOptions(), FORCE_LARGE_PATH):
        result = p_median(travel, 2, weights=LINE_WEIGHTS, options=options)
        assert np.isfinite(travel[np.arange(5), result.assignment]).all()


def test_too_few_sites_to_reach_everyone_is_infeasible():
    travel = np.full((3, 3), np.inf)
    np.fill_diagonal(travel, 0.0)
    with pytest.raises(
        InfeasibleError,
        match="infeasible: 2 sites cannot give every weighted demand point a reachable site; at least 3 are needed",
    ):
        p_median(travel, 2)
    with pytest.raises(InfeasibleError, match="infeasible"):
        p_center(travel, 2)


def test_a_point_that_reaches_nothing_is_infeasible():
    travel = LINE_TRAVEL.copy()
    travel[A] = np.inf
    with pytest.raises(InfeasibleError, match=r"reach no candidate site \(first: demand point 0\)"):
        p_median(travel, 2)
    assert p_median(travel, 2, weights=[0.0, 1, 1, 1, 1]).assignment[A] == -1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: p_median(LINE_TRAVEL, 6), r"p = 6 is larger than the number of candidate sites \(5\)"),
        (lambda: p_median(LINE_TRAVEL, 0), "p must be a positive whole number"),
        (lambda: mclp(LINE_TRAVEL, 2, 0.0), "radius must be a positive number of minutes, got 0.0"),
        (lambda: lscp(LINE_TRAVEL, -5), "radius must be a positive number of minutes"),
        (lambda: p_median(LINE_TRAVEL, 1, fixed=[A, B]), "2 sites must stay open"),
        (lambda: p_median(LINE_TRAVEL, 2, fixed=[7]), r"fixed site indices must lie in \[0, 5\)"),
        (lambda: p_median(LINE_TRAVEL, 2, weights=[1, 2]), "weights must have one value per demand point"),
        (lambda: p_median(LINE_TRAVEL, 2, weights=[0] * 5), "weights are all zero"),
        (lambda: p_median(np.full((2, 2), np.nan), 1), "must not hold NaN"),
        (lambda: p_median(LINE_TRAVEL, 2, capacities=[1.0]), "capacities must be 5 finite"),
        (lambda: locate("k-means", LINE_TRAVEL, p=2), "unknown model 'k-means'"),
        (lambda: locate("p-median", LINE_TRAVEL), "model p-median needs p"),
        (lambda: locate("mclp", LINE_TRAVEL, p=2), "model mclp needs a radius"),
        (lambda: locate("lscp", LINE_TRAVEL, p=2, radius_minutes=5), "leave p out"),
        (lambda: locate("p-center", LINE_TRAVEL, p=2, radius_minutes=5), "takes no radius"),
        (lambda: locate("mclp", LINE_TRAVEL, p=2, radius_minutes=5, capacities=[9] * 5), "only to the p-median"),
    ],
)
def test_bad_input_gives_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_locate_dispatches_every_model():
    assert locate("p-median", LINE_TRAVEL, p=2, weights=LINE_WEIGHTS).open_sites == (B, E)
    assert locate("p-median", LINE_TRAVEL, p=2, weights=LINE_WEIGHTS, capacities=[60, 60, 60, 60, 50]).open_sites == (
        B,
        D,
    )
    assert locate("mclp", COVER_TRAVEL, p=2, radius_minutes=10, weights=COVER_WEIGHTS).objective == 130
    assert locate("lscp", COVER_TRAVEL, radius_minutes=10).objective == 3
    assert locate("p-center", LINE_TRAVEL, p=1).objective == 9


def test_result_is_frozen():
    result = p_median(LINE_TRAVEL, 2, weights=LINE_WEIGHTS)
    with pytest.raises(AttributeError):
        result.objective = 0.0  # type: ignore[misc]
    with pytest.raises(ValueError):
        result.assignment[0] = 3


def test_numpy_global_random_state_is_untouched():
    before = np.random.get_state()[1].copy()  # noqa: NPY002 - reading the legacy global state is the point
    rng = np.random.default_rng(3)
    travel, weights = _random_instance(rng, 40, 12)
    p_median(travel, 3, weights=weights, options=FORCE_LARGE_PATH)
    assert np.array_equal(np.random.get_state()[1], before)  # noqa: NPY002
