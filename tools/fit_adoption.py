"""Fit the online registration (eWA) adoption of scenarios/bochum/online_registration.yaml to Düsseldorf's uptake.

Usage: python tools/fit_adoption.py   (prints the fitted values; copy them into the scenario file by hand).
The potential is the share of residents with an activated online ID function by age (eGovernment MONITOR 2024:
22 %; split by age ESTIMATE) times the fitted share of them who ever register online.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sim.analysis.adoption_fit import EWA_DUESSELDORF, expected_shares, fit_adoption  # noqa: E402
from sim.io.config import load_scenario  # noqa: E402

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "bochum" / "online_registration.yaml"
EID_BY_AGE = (0.02, 0.26, 0.10)  # ESTIMATE split of the 22 % (0-17, 18-64, 65+)


def main() -> None:
    """Fit and print."""
    scenario = load_scenario(SCENARIO)
    model = scenario.config.interventions["ewa_adoption"]
    in_file = model.potential.as_tuple()  # type: ignore[attr-defined]
    innovation, factor, shares = fit_adoption(scenario, "registration")
    share_of_eid = factor * in_file[1] / EID_BY_AGE[1]
    print(f"innovation_per_day {innovation:.5f}; potential = online-ID users x {share_of_eid:.3f}:")
    print(
        "  potential:",
        {g: round(e * share_of_eid, 4) for g, e in zip(("0-17", "18-64", "65+"), EID_BY_AGE, strict=True)},
    )
    current = expected_shares(scenario, "registration")
    print(f"{'window':<24}{'target':>8}{'fitted':>8}{'file':>8}  tolerance")
    for window, fitted, now in zip(EWA_DUESSELDORF, shares, current, strict=True):
        print(f"{window.name:<24}{window.online_share:>8.2%}{fitted:>8.2%}{now:>8.2%}  +-{window.tolerance:.2%}")


if __name__ == "__main__":
    main()
