"""Small sweeps for the sweep tests: a synthetic two-municipality region and sweep files written beside it."""

from pathlib import Path

import yaml

from sim.io.synth import write_synthetic


def synthetic_scenario(folder: Path, citizens: int = 5000) -> Path:
    """Write a synthetic region of two municipalities and return its scenario file."""
    scenario, _ = write_synthetic(folder / "synth.yaml", citizens, 2, 7)
    return scenario


def write_sweep(folder: Path, scenarios: dict[str, str], **changes) -> Path:
    """Write a small sweep file over two choice parameters; keyword arguments replace its top-level keys."""
    content = {
        "name": "tiny",
        "scenarios": scenarios,
        "parameters": {
            "behaviour.time_weight_per_minute": {"range": [0.05, 0.3]},
            "behaviour.border_penalty_minutes": {"values": [0, 5, 15]},
        },
        "design": {"method": "grid", "levels": 2},
        "replications": 2,
        "days": 14,
        "kpis": ["car_km", "wait_minutes.mean"],
        **changes,
    }
    path = folder / "sweep.yaml"
    path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return path
