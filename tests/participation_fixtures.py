"""A small published comparison for tests, open today, over two Lemgo–Kalletal scenarios (or more)."""

from datetime import date, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios" / "lemgo_kalletal"


def write_publication(
    folder: Path, key: str = "test_round", scenarios: tuple[str, ...] = ("baseline", "mobile_office"),
    days: int = 14, scenario_folder: Path = SCENARIOS, **changes: object,
) -> Path:  # fmt: skip
    """Write a published comparison file into folder and return its path."""
    today = date.today()
    content: dict[str, object] = {
        "title": {"de": "Testrunde", "en": "Test round"},
        "summary": {"de": "Eine Runde für Tests.", "en": "A round for tests."},
        "organiser": {"de": "Testgemeinde", "en": "Test municipality"},
        "opens": (today - timedelta(days=1)).isoformat(),
        "closes": (today + timedelta(days=30)).isoformat(),
        "min_group": 2,
        "comment_max_chars": 200,
        "simulation": {"days": days, "seed": 7},
        "scenarios": [{"file": str(scenario_folder / f"{name}.yaml")} for name in scenarios],
        "criteria": {
            "travel": {
                "label": {"de": "Wege", "en": "Getting there"},
                "question": {"de": "Wie gut kämen Sie hin?", "en": "How well would you get there?"},
                "kpi": "travel_minutes.mean",
                "district_kpi": "travel_minutes_mean",
            },
            "cost": {
                "label": {"de": "Kosten", "en": "Cost"},
                "question": {"de": "Ist es das wert?", "en": "Is it worth it?"},
                "kpi": "per_year.cost_eur_per_capita",
            },
        },  # fmt: skip
    }
    content.update(changes)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
