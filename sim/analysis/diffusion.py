"""Municipalities that decide: a Mesa model of towns adopting shared digital solutions through a peer network.

Each step (a quarter by default) every municipality that has not adopted a released solution
puts it on its council's agenda with probability (innovation + imitation x peer share) / steps
per year (a Bass hazard); on the agenda it adopts if the credited benefit over the appraisal
period exceeds its price: a share of the development (which falls as more adopt) plus its own
roll-out. Benefits are credited in part without peers who use the solution, in full once all do.
The same model runs a second world in which every adopter develops the solution alone.
"""

import math
from dataclasses import dataclass

import mesa
import numpy as np
import pandas as pd

from kernels.travel import great_circle_km
from sim.io.diffusion_config import LoadedDiffusion
from sim.io.diffusion_schema import Decision, DiffusionConfig, TypeBenefit

WORLDS = ("shared", "alone")
Benefits = dict[str, dict[str, TypeBenefit]]  # solution -> municipality type -> savings per resident and year


@dataclass(frozen=True)
class Town:
    """A municipality as the diffusion model sees it."""

    municipality_id: str
    name: str
    kreis: str | None
    population: int
    lat: float
    lon: float
    kind: str


@dataclass(frozen=True)
class SolutionTerms:
    """A solution's money per town: gross annual benefit, running cost per year and roll-out cost (EUR)."""

    development_eur: float
    instance_eur_per_year: float  # running cost of one instance of the solution
    release_year: float
    pioneers: np.ndarray  # town indices
    benefit_eur_per_year: np.ndarray
    running_eur_per_year: np.ndarray
    rollout_eur: np.ndarray


def towns_of(loaded: LoadedDiffusion) -> list[Town]:
    """Return the region's municipalities with their type."""
    config = loaded.config
    return [
        Town(m_id, m.name, m.kreis, m.population, m.lat, m.lon, config.type_of(m.population))
        for m_id, m in loaded.region.municipalities.items()
    ]


def solution_terms(config: DiffusionConfig, towns: list[Town], benefits: Benefits) -> dict[str, SolutionTerms]:
    """Turn costs and savings per resident into money per town."""
    decision = config.decision
    position = {town.municipality_id: index for index, town in enumerate(towns)}
    population = np.array([town.population for town in towns], dtype=np.float64)
    terms = {}
    for solution_id, solution in config.solutions.items():
        per_resident = np.array([euros_per_resident_year(benefits[solution_id][town.kind], decision) for town in towns])
        terms[solution_id] = SolutionTerms(
            development_eur=solution.development_cost_eur,
            instance_eur_per_year=solution.running_cost_eur_per_year,
            release_year=solution.release_year,
            pioneers=np.array([position[name] for name in solution.pioneers], dtype=np.int64),
            benefit_eur_per_year=per_resident * population,
            running_eur_per_year=solution.running_cost_eur_per_resident_year * population,
            rollout_eur=np.array([solution.rollout_cost_eur[town.kind] for town in towns]),
        )
    return terms


def euros_per_resident_year(benefit: TypeBenefit, decision: Decision) -> float:
    """Return what a council counts a resident's yearly savings as worth: staff time plus part of residents' time."""
    staff = benefit.staff_hours_per_resident_year * decision.staff_cost_eur_per_hour
    residents = benefit.resident_hours_per_resident_year * decision.value_of_time_eur_per_hour
    return staff + residents * decision.resident_time_weight


def annuity_factor(years: int, rate: float) -> float:
    """Return the present value of 1 EUR a year for `years` years at `rate`."""
    return float(years) if rate == 0 else (1 - (1 + rate) ** -years) / rate


def network_parts(config: DiffusionConfig, towns: list[Town]) -> list[tuple[float | None, np.ndarray]]:
    """Return the weight matrices of the network with the year each starts (None: always)."""
    network, count = config.network, len(towns)
    position = {town.municipality_id: index for index, town in enumerate(towns)}
    lat, lon = np.array([t.lat for t in towns]), np.array([t.lon for t in towns])
    distance = np.array([[great_circle_km(lat[a], lon[a], lat[b], lon[b]) for b in range(count)] for a in range(count)])
    kreis = np.array([t.kreis or f"-{index}" for index, t in enumerate(towns)])
    static = network.neighbour_weight * (distance <= network.neighbour_km)
    static = static + network.same_kreis_weight * (kreis[:, None] == kreis[None, :])
    for edge in network.edges:
        first, second = position[edge.between[0]], position[edge.between[1]]
        static[first, second] += edge.weight
        static[second, first] += edge.weight
    parts: list[tuple[float | None, np.ndarray]] = [(None, static)]
    for group in network.groups.values():
        members = range(count) if group.members == "all" else [position[name] for name in group.members]
        teachers = [position[name] for name in group.teachers] or list(members)
        matrix = np.zeros((count, count))
        for member in members:
            for teacher in teachers:
                matrix[member, teacher] = matrix[teacher, member] = group.weight
        parts.append((group.since_year, matrix))
    for _, matrix in parts:
        np.fill_diagonal(matrix, 0.0)
    return parts


class AdoptingMunicipality(mesa.Agent):
    """A municipality's council: puts released solutions on its agenda and adopts those worth their price."""

    def __init__(self, model: "DiffusionModel", index: int, town: Town):
        """Attach the town."""
        super().__init__(model)
        self.index = index
        self.town = town

    def step(self) -> None:
        """Consider each released solution not yet adopted; note the ones to adopt (applied after all decide)."""
        model: DiffusionModel = self.model  # type: ignore[assignment]
        for column, solution_id in enumerate(model.solution_ids):
            if not model.is_open(self.index, column):
                continue
            peers = float(model.peer_share[self.index, column])
            if model.draws[self.index, column] >= model.agenda_probability(peers):
                continue
            if model.perceived_value(self.index, solution_id, peers) > 0:
                model.joining.append((self.index, column))


class DiffusionModel(mesa.Model):
    """The region's municipalities over the horizon, in one world: sharing or developing alone."""

    def __init__(
        self, config: DiffusionConfig, towns: list[Town], terms: dict[str, SolutionTerms], world: str, seed: int
    ):
        """Create one agent per municipality; all randomness comes from the model's rng (seeded)."""
        super().__init__(rng=seed)
        self.config, self.towns, self.terms, self.world = config, towns, terms, world
        self.solution_ids = tuple(config.solutions)
        shape = (len(towns), len(self.solution_ids))
        self.adopted_step = np.full(shape, -1, dtype=np.int64)
        self.development_paid = np.zeros(len(self.solution_ids))
        self.rollout_paid = np.zeros(len(self.solution_ids))
        self.running_paid = np.zeros(len(self.solution_ids))
        self.parts = network_parts(config, towns)
        self.annuity = annuity_factor(config.decision.appraisal_years, config.decision.discount_rate)
        self.step_index = 0
        self.rows: list[dict[str, object]] = []
        self.peer_share, self.draws = np.zeros(shape), np.zeros(shape)
        self.joining: list[tuple[int, int]] = []
        for index, town in enumerate(towns):
            AdoptingMunicipality(self, index, town)

    def is_open(self, town: int, column: int) -> bool:
        """Return whether a solution is released and the town has not adopted it yet."""
        released = self.terms[self.solution_ids[column]].release_year <= self.year
        return released and self.adopted_step[town, column] < 0

    @property
    def year(self) -> float:
        """Return the moment the current step begins."""
        return self.config.year_of_step(self.step_index)

    def agenda_probability(self, peer_share: float) -> float:
        """Return the chance that a council considers a solution this step (Bass hazard per step)."""
        decision = self.config.decision
        rate = decision.innovation_rate_per_year + decision.imitation_rate_per_year * peer_share
        return min(1.0, rate / self.config.steps_per_year)

    def adopters(self, solution_id: str) -> int:
        """Return how many municipalities use a solution now."""
        return int(np.count_nonzero(self.adopted_step[:, self.solution_ids.index(solution_id)] >= 0))

    def price(self, solution_id: str, town: int) -> float:
        """Return what adopting costs a town now: its share of development plus its roll-out."""
        terms = self.terms[solution_id]
        if self.world == "alone":
            development = terms.development_eur
        else:
            share = self.config.decision.follower_development_share
            development = share * terms.development_eur / (self.adopters(solution_id) + 1)
        return development + float(terms.rollout_eur[town])

    def running_cost(self, solution_id: str, town: int) -> float:
        """Return a newcomer's running cost per year: its share of the instance (its own, alone) plus its residents'."""
        terms = self.terms[solution_id]
        sharing = 1 if self.world == "alone" else self.adopters(solution_id) + 1
        return terms.instance_eur_per_year / sharing + float(terms.running_eur_per_year[town])

    def perceived_value(self, town: int, solution_id: str, peer_share: float) -> float:
        """Return the credited benefit minus running costs over the appraisal period, minus the price (EUR)."""
        decision, terms = self.config.decision, self.terms[solution_id]
        credited = decision.credibility_alone + (1 - decision.credibility_alone) * peer_share
        yearly = terms.benefit_eur_per_year[town] * credited - self.running_cost(solution_id, town)
        return float(yearly * self.annuity - self.price(solution_id, town))

    def step(self) -> None:
        """Release solutions to their pioneers, let every council decide, then apply the decisions."""
        weights = np.sum([matrix for since, matrix in self.parts if since is None or since <= self.year], axis=0)
        adopted = (self.adopted_step >= 0).astype(np.float64)
        totals = weights.sum(axis=1)
        self.peer_share = np.divide(weights @ adopted, totals[:, None], out=np.zeros_like(adopted),
                                    where=totals[:, None] > 0)  # fmt: skip
        self.draws = self.rng.random(self.adopted_step.shape)  # drawn every step: both worlds see the same numbers
        self.joining = []
        for column, solution_id in enumerate(self.solution_ids):
            terms = self.terms[solution_id]
            if terms.release_year <= self.year and not np.any(self.adopted_step[:, column] >= 0):
                self.joining.extend((int(town), column) for town in terms.pioneers)
        self.agents.do("step")
        self._adopt(sorted(set(self.joining)))
        self._record()
        self.step_index += 1

    def _adopt(self, joining: list[tuple[int, int]]) -> None:
        for town, column in joining:
            terms = self.terms[self.solution_ids[column]]
            # Shared: development is paid once, with the first adoption; alone: by every adopter.
            if self.world == "alone" or self.development_paid[column] == 0:
                self.development_paid[column] += terms.development_eur
            self.rollout_paid[column] += terms.rollout_eur[town]
            self.adopted_step[town, column] = self.step_index

    def _record(self) -> None:
        population = np.array([town.population for town in self.towns], dtype=np.float64)
        for column, solution_id in enumerate(self.solution_ids):
            mine = self.adopted_step[:, column] >= 0
            adopters, terms = int(mine.sum()), self.terms[solution_id]
            instances = adopters if self.world == "alone" else min(adopters, 1)
            yearly = instances * terms.instance_eur_per_year + terms.running_eur_per_year[mine].sum()
            self.running_paid[column] += yearly / self.config.steps_per_year
            one_off = self.development_paid[column] + self.rollout_paid[column]
            self.rows.append({
                "world": self.world, "solution": solution_id, "step": self.step_index, "year": round(self.year, 4),
                "adopters": adopters, "municipalities_share": round(adopters / len(self.towns), 4),
                "residents_share": round(float(population[mine].sum() / population.sum()), 4),
                "development_eur": round(float(self.development_paid[column]), 2),
                "rollout_eur": round(float(self.rollout_paid[column]), 2),
                "running_eur": round(float(self.running_paid[column]), 2),
                "one_off_eur_per_adopter": round(one_off / adopters, 2) if adopters else math.nan,
            })  # fmt: skip


@dataclass(frozen=True)
class DiffusionResult:
    """Both worlds' adoption curves and who adopted what when."""

    curve: pd.DataFrame  # one row per world, solution and step
    adopters: pd.DataFrame  # one row per world, solution and municipality
    seed: int
    benefits: Benefits
    development_cost_eur: dict[str, float]


def simulate_diffusion(loaded: LoadedDiffusion, benefits: Benefits, seed: int | None = None) -> DiffusionResult:
    """Run the shared world and the develop-alone world with the same seed (the same random numbers)."""
    config = loaded.config
    seed = config.seed if seed is None else seed
    towns = towns_of(loaded)
    terms = solution_terms(config, towns, benefits)
    curves, adopters = [], []
    for world in WORLDS:
        model = DiffusionModel(config, towns, terms, world, seed)
        for _ in range(config.steps):
            model.step()
        curves.append(pd.DataFrame(model.rows))
        adopters.append(_adopter_rows(model))
    development = {solution_id: terms[solution_id].development_eur for solution_id in config.solutions}
    curve, adopter_table = pd.concat(curves, ignore_index=True), pd.concat(adopters, ignore_index=True)
    return DiffusionResult(curve, adopter_table, seed, benefits, development)


def _adopter_rows(model: DiffusionModel) -> pd.DataFrame:
    rows = []
    for column, solution_id in enumerate(model.solution_ids):
        terms = model.terms[solution_id]
        adopters = max(int(np.count_nonzero(model.adopted_step[:, column] >= 0)), 1)
        for index, town in enumerate(model.towns):
            step = int(model.adopted_step[index, column])
            share = terms.development_eur if model.world == "alone" else model.development_paid[column] / adopters
            rows.append({
                "world": model.world, "solution": solution_id, "municipality": town.municipality_id,
                "name": town.name, "kreis": town.kreis, "type": town.kind, "population": town.population,
                "lat": town.lat, "lon": town.lon, "is_pioneer": bool(index in terms.pioneers.tolist()),
                "adopted_year": model.config.year_of_step(step) if step >= 0 else math.nan,
                "development_share_eur": round(float(share), 2) if step >= 0 else 0.0,
                "rollout_eur": float(terms.rollout_eur[index]) if step >= 0 else 0.0,
            })  # fmt: skip
    return pd.DataFrame(rows)
