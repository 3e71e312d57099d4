"""Cost allocation on textbook games with known results, each method also against a naive twin."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis.allocation import (
    CostGame,
    EmptyImputationSetError,
    allocate,
    base_plus_variable_shares,
    core_is_empty,
    game_from_function,
    is_in_core,
    is_individually_rational,
    key_allocation,
    least_core,
    nucleolus,
    scrb,
    shapley_exact,
    shapley_sampled,
)
from sim.analysis.game_file import read_game_csv, write_allocation_csv, write_allocation_json

GAMES = Path(__file__).parent / "data" / "games"


# ---------------------------------------------------------------- naive twins and helpers


def shapley_by_permutations(game: CostGame) -> np.ndarray:
    """Average marginal cost over all n! arrival orders (obviously correct, only for n <= 6)."""
    totals = np.zeros(game.n_players)
    orders = list(itertools.permutations(range(game.n_players)))
    for order in orders:
        mask = 0
        for player in order:
            totals[player] += game.costs[mask | 1 << player] - game.costs[mask]
            mask |= 1 << player
    return totals / len(orders)


def worst_excess_by_loop(game: CostGame, allocation: np.ndarray) -> float:
    """Max over proper coalitions of x(S) - c(S), one coalition at a time."""
    return max(
        sum(allocation[i] for i in range(game.n_players) if mask >> i & 1) - game.costs[mask]
        for mask in range(1, game.grand_mask)
    )


def sorted_excesses(game: CostGame, allocation: np.ndarray) -> np.ndarray:
    masks = range(1, game.grand_mask)
    excess = [sum(allocation[i] for i in range(game.n_players) if m >> i & 1) - game.costs[m] for m in masks]
    return np.sort(excess)[::-1]


def lexicographically_not_smaller(candidate: np.ndarray, reference: np.ndarray, tol: float = 1e-7) -> bool:
    """True when candidate >=_lex reference, comparing entries that differ by more than tol."""
    for mine, theirs in zip(candidate, reference, strict=True):
        if mine > theirs + tol:
            return True
        if mine < theirs - tol:
            return False
    return True


def value_game_as_cost_game(player_ids: tuple[str, ...], values: dict[frozenset[str], float]) -> CostGame:
    """A profit game v becomes the cost game c = -v; allocations change sign."""
    return game_from_function(player_ids, lambda members: -values[members])


random_games = st.integers(min_value=2, max_value=5).flatmap(
    lambda n: st.lists(
        st.floats(min_value=0.0, max_value=100.0, allow_nan=False, allow_infinity=False),
        min_size=(1 << n) - 1,
        max_size=(1 << n) - 1,
    ).map(lambda costs: CostGame(tuple(f"p{i}" for i in range(n)), np.r_[0.0, costs]))
)


# ---------------------------------------------------------------- Shapley


def airport_game(runway_costs: list[float]) -> CostGame:
    """Littlechild & Owen (1973): a coalition pays for the longest runway any member needs."""
    ids = tuple(f"plane{i}" for i in range(len(runway_costs)))
    index = {player: i for i, player in enumerate(ids)}
    return game_from_function(ids, lambda members: max(runway_costs[index[m]] for m in members))


def test_airport_game_shapley_is_sequential_equal_sharing():
    """Each runway segment is shared equally by the planes that use it (Littlechild & Owen 1973)."""
    runway_costs = [10.0, 10.0, 25.0, 40.0, 70.0]
    game = airport_game(runway_costs)
    # segments: 10 used by 5 planes, 15 by 3, 15 by 2, 30 by 1
    expected = [10 / 5, 10 / 5, 10 / 5 + 15 / 3, 10 / 5 + 15 / 3 + 15 / 2, 10 / 5 + 15 / 3 + 15 / 2 + 30 / 1]
    np.testing.assert_allclose(shapley_exact(game), expected, atol=1e-12)
    np.testing.assert_allclose(shapley_by_permutations(game), expected, atol=1e-12)
    assert is_in_core(game, shapley_exact(game)).is_in_core  # airport games are concave: Shapley is in the core


@settings(max_examples=40, deadline=None)
@given(random_games)
def test_shapley_exact_matches_permutation_twin(game):
    np.testing.assert_allclose(shapley_exact(game), shapley_by_permutations(game), atol=1e-9)


def seven_player_game() -> CostGame:
    rng = np.random.default_rng(7)
    standalone = rng.uniform(10, 30, size=7)

    def cost(members: frozenset[str]) -> float:
        shares = [standalone[int(m[1:])] for m in members]
        return float(sum(shares) * (1.0 - 0.05 * (len(shares) - 1)))

    return game_from_function(tuple(f"p{i}" for i in range(7)), cost)


def test_sampled_shapley_within_three_standard_errors_of_exact():
    game = seven_player_game()
    exact = shapley_exact(game)
    sampled = shapley_sampled(game, permutations=3000, seed=11)
    assert np.all(np.abs(sampled.values - exact) <= 3 * sampled.standard_errors + 1e-12)
    assert sampled.values.sum() == pytest.approx(game.grand_cost, abs=1e-9)
    assert np.all(sampled.standard_errors > 0)


def test_sampled_shapley_from_cost_function_uses_common_random_numbers():
    game = seven_player_game()
    calls: list[frozenset[str]] = []

    def cost(members: frozenset[str]) -> float:
        calls.append(members)
        return game.cost_of(members)

    from_game = shapley_sampled(game, permutations=200, seed=5)
    from_function = shapley_sampled(cost, permutations=200, seed=5, player_ids=game.player_ids)
    np.testing.assert_array_equal(from_game.values, from_function.values)
    assert len(calls) == len(set(calls)) == from_function.coalitions_evaluated  # each coalition run once
    cheaper = game_from_function(game.player_ids, lambda members: 0.9 * game.cost_of(members))
    np.testing.assert_allclose(shapley_sampled(cheaper, 200, 5).values, 0.9 * from_game.values)  # same orders


def test_sampling_leaves_global_numpy_state_untouched():
    before = np.random.get_state()[1].copy()  # noqa: NPY002 - reading the legacy global state is the point
    shapley_sampled(seven_player_game(), permutations=50, seed=3)
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002


# ---------------------------------------------------------------- nucleolus


def test_nucleolus_of_lemaire_insurance_game():
    """Lemaire (1991), three insurers; nucleolus (52687.5, 24468.75, 12843.75) per Guajardo & Jornsten (2015)."""
    ids = ("1", "2", "3")
    worth = dict(
        zip(
            [frozenset(s) for s in ["1", "2", "3", "12", "13", "23", "123"]],
            [46125, 17437.5, 5812.5, 69187.5, 53812.5, 30750, 90000],
            strict=True,
        )
    )
    game = value_game_as_cost_game(ids, worth)
    np.testing.assert_allclose(-nucleolus(game), [52687.5, 24468.75, 12843.75], atol=1e-6)
    np.testing.assert_allclose(-shapley_exact(game), [51750, 25875, 12375], atol=1e-9)  # hand-checked


@pytest.mark.parametrize(
    ("estate", "expected"),
    [(100, [100 / 3, 100 / 3, 100 / 3]), (200, [50, 75, 75]), (300, [50, 100, 150])],
)
def test_nucleolus_of_talmud_bankruptcy_games(estate, expected):
    """Aumann & Maschler (1985): the Talmud's division of an estate among claims 100, 200, 300 is the nucleolus."""
    claims = {"a": 100.0, "b": 200.0, "c": 300.0}
    ids = tuple(claims)

    def worth(members: frozenset[str]) -> float:
        return max(0.0, estate - sum(claims[p] for p in ids if p not in members))

    game = game_from_function(ids, lambda members: -worth(members))
    np.testing.assert_allclose(-nucleolus(game), expected, atol=1e-9)


def test_nucleolus_respects_imputations_when_the_prenucleolus_does_not():
    """Peleg & Sudholter (2007), Example 5.5.12: v(12) = 10, v(N) = 2, else 0; prenucleolus (3, 3, -4).

    On imputations (x_i >= 0) the largest excess 10 - x1 - x2 = 8 + x3 is smallest at x3 = 0, and
    symmetry then gives the nucleolus (1, 1, 0). As a cost game c = -v.
    """
    ids = ("1", "2", "3")
    game = game_from_function(
        ids, lambda members: -10.0 if members == {"1", "2"} else (-2.0 if len(members) == 3 else 0)
    )
    np.testing.assert_allclose(-nucleolus(game), [1, 1, 0], atol=1e-9)


def test_nucleolus_when_the_core_is_empty():
    """Pairs cost 6, 7, 8 and N costs 12: the pair constraints add to 2 x(N) <= 21 < 24, so the core is empty.

    At the least-core level epsilon = 1 all three pairs are tight: x = (3, 4, 5), which is individually
    rational (3 <= 5, 4 <= 6, 5 <= 7).
    """
    table = {"1": 5, "2": 6, "3": 7, "12": 6, "13": 7, "23": 8, "123": 12}
    game = game_from_function(("1", "2", "3"), lambda members: table["".join(sorted(members))])
    assert core_is_empty(game)
    assert least_core(game).epsilon == pytest.approx(1.0)
    np.testing.assert_allclose(nucleolus(game), [3, 4, 5], atol=1e-9)
    check = is_in_core(game, nucleolus(game))
    assert not check.is_in_core and check.worst_excess == pytest.approx(1.0)
    assert is_individually_rational(game, nucleolus(game))


def test_nucleolus_is_undefined_without_imputations():
    game = game_from_function(("a", "b"), lambda members: 10.0 if len(members) == 2 else 1.0)
    with pytest.raises(EmptyImputationSetError, match="no allocation is individually rational"):
        nucleolus(game)
    result = allocate(game)
    assert result.nucleolus_skipped and "undefined" in result.nucleolus_note


@settings(max_examples=40, deadline=None)
@given(random_games, st.integers(min_value=0, max_value=2**32 - 1))
def test_nucleolus_is_a_local_lexicographic_minimum(game, seed):
    """No small move and no random imputation has a lexicographically smaller sorted excess vector."""
    if game.standalone_costs.sum() < game.grand_cost:
        return
    x = nucleolus(game)
    assert x.sum() == pytest.approx(game.grand_cost, abs=1e-7)
    assert np.all(x <= game.standalone_costs + 1e-7)
    reference = sorted_excesses(game, x)
    rng = np.random.default_rng(seed)
    for _ in range(20):
        direction = rng.normal(size=game.n_players)
        direction -= direction.mean()
        moved = x + 1e-3 * direction
        if np.any(moved > game.standalone_costs):
            continue
        assert lexicographically_not_smaller(sorted_excesses(game, moved), reference)
    slack = game.standalone_costs.sum() - game.grand_cost
    for weights in rng.dirichlet(np.ones(game.n_players), size=20):  # random imputations, far away too
        assert lexicographically_not_smaller(sorted_excesses(game, game.standalone_costs - slack * weights), reference)
    if not core_is_empty(game):
        assert is_in_core(game, x, tolerance=1e-7).is_in_core


# ---------------------------------------------------------------- core, least core, individual rationality


@settings(max_examples=30, deadline=None)
@given(random_games, st.lists(st.floats(-50, 150, allow_nan=False), min_size=5, max_size=5))
def test_core_check_matches_loop_twin(game, numbers):
    allocation = np.array(numbers[: game.n_players])
    allocation[-1] = game.grand_cost - allocation[:-1].sum()
    check = is_in_core(game, allocation)
    assert check.worst_excess == pytest.approx(worst_excess_by_loop(game, allocation), abs=1e-9)
    assert check.is_in_core == (worst_excess_by_loop(game, allocation) <= 1e-9 * max(1.0, np.abs(game.costs).max()))
    worst_mask = game.mask_of(check.worst_coalition)
    assert allocation[[i for i in range(game.n_players) if worst_mask >> i & 1]].sum() - game.costs[
        worst_mask
    ] == pytest.approx(check.worst_excess)


@settings(max_examples=30, deadline=None)
@given(random_games)
def test_least_core_epsilon_is_attained_and_decides_core_emptiness(game):
    solution = least_core(game)
    assert solution.allocation.sum() == pytest.approx(game.grand_cost, abs=1e-7)
    assert worst_excess_by_loop(game, solution.allocation) == pytest.approx(solution.epsilon, abs=1e-7)
    assert core_is_empty(game) == (solution.epsilon > 1e-9 * max(1.0, np.abs(game.costs).max()))


def test_individual_rationality_flags_population_key_that_overcharges():
    """Young et al. (1982), Table 7: by population H pays 21.00 > 17.08 and M 34.22 > 20.81 (stand-alone)."""
    game = read_game_csv(GAMES / "young_okada_hashimoto_1982_table8.csv", fill="additive")
    population_charge = {"A": 10.13, "H": 21.00, "K": 3.19, "L": 8.22, "M": 34.22, "T": 7.07}
    result = allocate(game, keys={"population": population_charge}, tolerance=0.01)
    flags = dict(zip(result.player_ids, result.individually_rational["population"], strict=True))
    assert [player for player, ok in flags.items() if not ok] == ["H", "M"]
    assert not result.core_checks["population"].is_in_core


# ---------------------------------------------------------------- symmetric games and SCRB


@pytest.mark.parametrize(
    ("cost_by_size", "core_empty"),
    [
        ({1: 10, 2: 18, 3: 25, 4: 31, 5: 36}, False),  # economies of scale
        ({1: 10, 2: 20, 3: 30, 4: 40, 5: 50}, False),  # additive: nothing to share
        ({1: 10, 2: 15, 3: 20, 4: 28, 5: 40}, True),  # four members cost 28 < 4 * 40 / 5: every quartet blocks
    ],
)
def test_symmetric_game_splits_everything_equally(cost_by_size, core_empty):
    game = game_from_function(tuple("abcde"), lambda members: float(cost_by_size[len(members)]))
    equal = np.full(5, game.grand_cost / 5)
    result = allocate(game, keys={"equal": [1, 1, 1, 1, 1]})
    for method in ("shapley", "nucleolus", "scrb", "equal"):
        np.testing.assert_allclose(result.allocations[method], equal, atol=1e-9)
    assert result.core_empty is core_empty
    assert all(check.is_in_core is not core_empty for check in result.core_checks.values())


def test_scrb_reproduces_young_okada_hashimoto_1982():
    """Young, Okada & Hashimoto (1982) Table 7 SCRB, from their Table 8 (stand-alone and marginal costs).

    SCRB needs only c({i}), c(N without i) and c(N), all published. Tolerance 0.01 million crowns,
    one unit of the last published digit: K comes out 5.613 against 5.62, the paper having rounded
    its row to add up to 83.82.
    """
    game = read_game_csv(GAMES / "young_okada_hashimoto_1982_table8.csv", fill="additive")
    assert game.player_ids == ("A", "H", "K", "L", "M", "T")
    np.testing.assert_allclose(scrb(game), [19.54, 13.28, 5.62, 10.90, 16.66, 17.82], atol=0.01)


def test_scrb_clips_negative_remaining_benefits():
    """Player 'c' adds 9 to the joint cost but would pay only 4 alone: it pays its separable cost 9."""
    table = {"a": 10, "b": 10, "c": 4, "ab": 15, "ac": 14, "bc": 14, "abc": 24}
    game = game_from_function(("a", "b", "c"), lambda members: table["".join(sorted(members))])
    # separable: a 10, b 10, c 9; remaining: a 0, b 0, c -5 -> all clipped to 0 -> equal split of -5
    np.testing.assert_allclose(scrb(game), [10 - 5 / 3, 10 - 5 / 3, 9 - 5 / 3])
    table["abc"] = 22  # separable a 8, b 8, c 7; remaining 2, 2, -3 -> c gets no share of the -1
    game = game_from_function(("a", "b", "c"), lambda members: table["".join(sorted(members))])
    np.testing.assert_allclose(scrb(game), [7.5, 7.5, 7.0])


# ---------------------------------------------------------------- keys and the allocate() report


def test_keys_split_the_grand_cost_by_weight():
    game = game_from_function(("a", "b", "c"), lambda members: 30.0 + len(members))
    np.testing.assert_allclose(key_allocation(game, {"a": 1, "b": 2, "c": 3}), [5.5, 11.0, 16.5])
    shares = base_plus_variable_shares(game.player_ids, base_share=0.4, case_numbers=[10, 30, 60])
    np.testing.assert_allclose(shares, [0.4 / 3 + 0.06, 0.4 / 3 + 0.18, 0.4 / 3 + 0.36])
    np.testing.assert_allclose(key_allocation(game, shares).sum(), 33.0)
    with pytest.raises(ValueError, match="negative"):
        key_allocation(game, [1, -1, 1])
    with pytest.raises(ValueError, match="one number per player"):
        key_allocation(game, [1, 1])
    with pytest.raises(ValueError, match="missing"):
        key_allocation(game, {"a": 1, "b": 1})
    with pytest.raises(ValueError, match="clashes"):
        allocate(game, keys={"scrb": [1, 1, 1]})


@settings(max_examples=30, deadline=None)
@given(random_games)
def test_every_allocation_adds_up_to_the_grand_cost(game):
    result = allocate(game, keys={"equal": np.ones(game.n_players)})
    for method in result.allocations:
        assert result.efficiency_gap(method) == pytest.approx(0.0, abs=1e-7)
        assert result.core_checks[method].efficiency_gap == pytest.approx(0.0, abs=1e-7)


def test_allocate_samples_shapley_and_skips_nucleolus_above_eight_players():
    ids = tuple(f"m{i}" for i in range(9))
    game = game_from_function(ids, lambda members: 10.0 * math.sqrt(len(members)))
    result = allocate(game, sample_permutations=300, seed=2)
    assert result.shapley_method == "sampled" and result.shapley_permutations == 300 and result.seed == 2
    assert result.shapley_standard_errors is not None
    assert result.nucleolus_skipped and "up to 8" in result.nucleolus_note
    assert set(result.allocations) == {"shapley", "scrb"}
    json.dumps(write_allocation_json(result))


def test_allocate_asks_for_sampling_above_twelve_players():
    ids = tuple(f"m{i:02d}" for i in range(13))
    game = CostGame(ids, np.r_[0.0, np.ones((1 << 13) - 1)])
    with pytest.raises(ValueError, match="more than 12"):
        allocate(game)


def test_report_rows_and_writers():
    table = {"1": 5, "2": 6, "3": 7, "12": 6, "13": 7, "23": 8, "123": 12}
    game = game_from_function(("1", "2", "3"), lambda members: table["".join(sorted(members))])
    result = allocate(game, keys={"population": [100, 200, 700]})
    assert result.core_empty is True and result.least_core_epsilon == pytest.approx(1.0)
    assert result.shapley_method == "exact" and not result.nucleolus_skipped
    rows = result.rows()
    assert len(rows) == 3 * 4 and {row["method"] for row in rows} == {"shapley", "nucleolus", "scrb", "population"}
    document = write_allocation_json(result)
    assert document["methods"]["nucleolus"]["in_core"] is False
    assert document["players"][2]["individually_rational"]["population"] is False  # 8.4 > 7
    assert write_allocation_csv(result).splitlines()[0].startswith("player,standalone_cost,method")


def test_cost_game_rejects_malformed_cost_tables():
    with pytest.raises(ValueError, match="expected 4 coalition costs"):
        CostGame(("a", "b"), np.zeros(3))
    with pytest.raises(ValueError, match="empty coalition must cost 0"):
        CostGame(("a", "b"), np.array([1.0, 1, 1, 1]))
    with pytest.raises(ValueError, match="finite"):
        CostGame(("a", "b"), np.array([0.0, np.nan, 1, 1]))
    with pytest.raises(ValueError, match="unique"):
        CostGame(("a", "a"), np.zeros(4))
    game = CostGame(("a", "b"), np.array([0.0, 1, 2, 2.5]))
    assert not game.costs.flags.writeable
    assert game.cost_of(["b", "a"]) == 2.5 and game.label_of(3) == "a+b"
