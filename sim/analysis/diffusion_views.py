"""Tables of a diffusion result for the CLI and the app: the adoption curve, adopters by year, costs per adopter."""

import math

import pandas as pd

from sim.analysis.diffusion import WORLDS, DiffusionResult


def adoption_curve_table(result: DiffusionResult, solution: str) -> pd.DataFrame:
    """Return one row per step: adopters and residents' share in the shared world and the develop-alone world."""
    curve = result.curve[result.curve["solution"] == solution]
    wide = curve.pivot(index="year", columns="world", values=["adopters", "residents_share", "one_off_eur_per_adopter"])
    wide.columns = [f"{measure}_{world}" for measure, world in wide.columns]
    return wide.reset_index()


def adopters_in_year(result: DiffusionResult, solution: str, year: float, world: str = "shared") -> pd.DataFrame:
    """Return every municipality with its coordinates and whether it had adopted by the end of `year`."""
    rows = result.adopters[(result.adopters["solution"] == solution) & (result.adopters["world"] == world)]
    table = rows[["municipality", "name", "kreis", "type", "population", "lat", "lon", "is_pioneer", "adopted_year"]]
    table = table.reset_index(drop=True)
    table.insert(len(table.columns), "has_adopted", (table["adopted_year"] < year + 1).to_numpy())
    return table


def cost_comparison(result: DiffusionResult) -> pd.DataFrame:
    """Return per solution and world: adopters at the end, money spent and one-off cost per adopter.

    The shared world also gets 'same_adopters_alone_eur_per_adopter': what its own adopters would
    have paid each had every one of them developed the solution alone.
    """
    last = result.curve.sort_values("step", kind="stable").groupby(["solution", "world"], sort=False).tail(1)
    order = {(s, w): (i, j) for i, s in enumerate(result.development_cost_eur) for j, w in enumerate(WORLDS)}
    rows = []
    for record in sorted(last.to_dict("records"), key=lambda r: order[(r["solution"], r["world"])]):
        adopters = int(record["adopters"])
        one_off = record["development_eur"] + record["rollout_eur"]
        row = {
            "solution": record["solution"], "world": record["world"], "adopters": adopters,
            "residents_share": record["residents_share"], "development_eur": record["development_eur"],
            "rollout_eur": record["rollout_eur"], "running_eur": record["running_eur"],
            "one_off_eur_per_adopter": round(one_off / adopters, 2) if adopters else math.nan,
            "total_eur_per_adopter": round((one_off + record["running_eur"]) / adopters, 2) if adopters else math.nan,
            "same_adopters_alone_eur_per_adopter": math.nan,
        }  # fmt: skip
        if record["world"] == "shared" and adopters:
            alone = adopters * result.development_cost_eur[record["solution"]] + record["rollout_eur"]
            row["same_adopters_alone_eur_per_adopter"] = round(alone / adopters, 2)
        rows.append(row)
    return pd.DataFrame(rows)
