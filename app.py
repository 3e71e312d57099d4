"""Streamlit page: pick a Lemgo–Kalletal scenario, run it, see its key figures (the full app comes later)."""

from pathlib import Path

import streamlit as st

from sim.config import load_scenario
from sim.errors import InputError
from sim.runner import simulate, with_seed_and_days

SCENARIO_DIR = Path(__file__).parent / "scenarios" / "lemgo_kalletal"


@st.cache_data(show_spinner=False)
def run_cached(scenario_file: str, days: int, seed: int) -> dict:
    """Run a shipped scenario (cached by file, horizon and seed) and return its summary."""
    scenario = with_seed_and_days(load_scenario(scenario_file), seed=seed, days=days)
    return simulate(scenario).summary


def main() -> None:
    """Draw the page."""
    st.set_page_config(page_title="IKZ-Sim", layout="wide")
    st.title("IKZ-Sim – Lemgo + Kalletal")
    files = sorted(SCENARIO_DIR.glob("*.yaml"))
    choice = st.sidebar.selectbox("Scenario", [f.stem for f in files], index=[f.stem for f in files].index("baseline"))
    days = st.sidebar.slider("Days", 7, 365, 56)
    seed = st.sidebar.number_input("Seed", min_value=0, value=20260101, step=1)
    if st.sidebar.button("Run"):
        try:
            summary = run_cached(str(SCENARIO_DIR / f"{choice}.yaml"), int(days), int(seed))
        except InputError as error:
            st.error(error.describe())
            return
        columns = st.columns(4)
        columns[0].metric("Travel (mean min)", f"{summary['travel_minutes']['mean']:.1f}")
        columns[1].metric("Wait (mean min)", f"{summary['wait_minutes']['mean']:.1f}")
        columns[2].metric("Cost per capita (EUR)", f"{summary['cost_eur']['per_capita']:.2f}")
        columns[3].metric("CO2 (kg)", f"{summary['co2_kg']:,.0f}")
        st.json(summary["by_municipality"], expanded=False)


main()
