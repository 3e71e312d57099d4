"""What residents prefer: mean scores per scenario and criterion, overall and by Ortsteil or age group.

A group (an Ortsteil, an age group) with fewer ratings than the comparison's `min_group` is not
shown on its own: in a village of a few hundred people a single rating could be told apart. Its
ratings still count in the overall figures.
"""

from dataclasses import dataclass

from sim.participation.store import ScoreSum


@dataclass(frozen=True)
class Preference:
    """The residents' ratings of one scenario (in one group): how many, and the mean per criterion (1..5)."""

    scenario: str
    group: str | None
    ratings: int
    means: dict[str, float]

    @property
    def overall(self) -> float:
        """Return the mean over the criteria (each criterion weighs the same)."""
        return sum(self.means.values()) / len(self.means) if self.means else float("nan")


def preferences(sums: list[ScoreSum], scenarios: list[str], criteria: list[str]) -> dict[str, Preference]:
    """Return every scenario's preference over all residents (zero ratings: no means)."""
    found: dict[str, Preference] = {}
    for scenario in scenarios:
        mine = [s for s in sums if s.scenario == scenario and s.group is None and s.criterion in criteria]
        means = {s.criterion: s.total / s.ratings for s in mine if s.ratings}
        count = max((s.ratings for s in mine), default=0)
        found[scenario] = Preference(scenario, None, count, {name: means[name] for name in criteria if name in means})
    return found


@dataclass(frozen=True)
class GroupedPreferences:
    """Preferences by group for one scenario; `withheld` counts ratings in groups too small to show."""

    scenario: str
    groups: dict[str, Preference]
    withheld: int


def grouped(sums: list[ScoreSum], scenario: str, criteria: list[str], min_group: int) -> GroupedPreferences:
    """Return a scenario's preferences by group, leaving out groups with fewer than min_group ratings."""
    by_group: dict[str, list[ScoreSum]] = {}
    for item in sums:
        if item.scenario == scenario and item.group is not None and item.criterion in criteria:
            by_group.setdefault(item.group, []).append(item)
    shown: dict[str, Preference] = {}
    withheld = 0
    for group, items in sorted(by_group.items()):
        count = max(item.ratings for item in items)
        if count < min_group:
            withheld += count
            continue
        means = {item.criterion: item.total / item.ratings for item in items if item.ratings}
        shown[group] = Preference(scenario, group, count, {name: means[name] for name in criteria if name in means})
    return GroupedPreferences(scenario, shown, withheld)


def ranking(found: dict[str, Preference]) -> list[str]:
    """Return the scenarios with ratings, best overall mean first (ties: more ratings first, then name)."""
    rated = [p for p in found.values() if p.ratings > 0]
    return [p.scenario for p in sorted(rated, key=lambda p: (-p.overall, -p.ratings, p.scenario))]
