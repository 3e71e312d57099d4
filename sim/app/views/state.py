"""The page's session state: the first visit's values from the URL, shipped files, and widget choices that persist."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from sim.app import overrides as ov
from sim.app.i18n import LANGUAGES
from sim.app.variants import clean_name
from sim.app.years import year_range
from sim.io.config import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[3]
SCENARIO_ROOT = ROOT / "scenarios"
DEFAULT_REGION = "lemgo_kalletal"
MAX_DAYS = 730
MAX_REPLICATIONS = 10
MAX_SEED = 2**53 - 1
KEEP = "_keep_"  # prefix of the copies that carry a widget's choice over runs in which it is not drawn


def regions() -> list[str]:
    """Return the region folders under scenarios/: those with a baseline.yaml (not sweeps/ or calibration/)."""
    return sorted(p.name for p in SCENARIO_ROOT.iterdir() if (p / "baseline.yaml").is_file())


def scenario_files(region: str) -> dict[str, Path]:
    """Return the scenario files of a region by name, baseline first."""
    files = {p.stem: p for p in sorted((SCENARIO_ROOT / region).glob("*.yaml"))}
    # The reference first and the combination of measures last; single measures in between.
    return dict(sorted(files.items(), key=lambda item: (item[0] != "baseline", item[0] == "combined", item[0])))


@st.cache_resource(show_spinner=False, max_entries=64)
def _shipped_scenario(path: str, modified_ns: int) -> Scenario:
    return load_scenario(path)


def shipped_scenario(path: Path) -> Scenario:
    """Return a shipped scenario file, validated once per content change (every rerun would re-read it)."""
    return _shipped_scenario(str(path), path.stat().st_mtime_ns)


@st.cache_resource(show_spinner=False, max_entries=16)
def _adjusted_scenario(path: str, modified_ns: int, overrides_json: str) -> Scenario:
    return load_scenario(path, json.loads(overrides_json))


def adjusted_scenario(path: Path, overrides: dict[str, Any]) -> Scenario:
    """Return a shipped scenario with the sidebar's changes, validated once per change (a large region takes seconds).

    Raises:
        InputError: if the changes are not valid (not cached: the message is shown again on the next rerun).
    """
    if not overrides:
        return shipped_scenario(path)
    return _adjusted_scenario(str(path), path.stat().st_mtime_ns, json.dumps(overrides, sort_keys=True))


def whole_number(text: str | None, default: int, lowest: int, highest: int) -> int:
    """Return a URL parameter as a whole number within bounds; a hand-edited, unreadable value gives the default."""
    try:
        value = int(text) if text is not None else default
    except ValueError:
        value = default
    return min(max(value, lowest), highest)


def initial_state() -> None:
    """Fill the session from the URL the first time, so a shared link shows the same comparison."""
    if "initialised" in st.session_state:
        return
    params = st.query_params
    st.session_state.initialised = True
    # Everything in the URL is untrusted: unknown values fall back, and `ov` keeps only the app's own shapes.
    url_overrides, dropped = ov.url_overrides(params.get("ov"))
    lang = params.get("lang", "de")
    region = params.get("region", DEFAULT_REGION)
    dropped = dropped or lang not in LANGUAGES or region not in regions()
    st.session_state.lang = lang if lang in LANGUAGES else "de"
    st.session_state.region = region if region in regions() else DEFAULT_REGION
    st.session_state.url_overrides = url_overrides
    st.session_state.url_dropped = dropped
    files = scenario_files(st.session_state.region)
    chosen = [name for name in params.get("scenarios", "").split(",") if name in files]
    st.session_state.scenarios = chosen or list(files)[:4]
    edit = params.get("edit", "")
    fallback = st.session_state.scenarios[-1] if st.session_state.scenarios else ""
    st.session_state.edit = edit if edit in st.session_state.scenarios else fallback
    st.session_state.variant_name = clean_name(params.get("vname"))
    st.session_state.days = whole_number(params.get("days"), 365, 7, MAX_DAYS)
    st.session_state.seed = whole_number(params.get("seed"), 20260101, 0, MAX_SEED)
    st.session_state.reps = whole_number(params.get("reps"), 1, 1, MAX_REPLICATIONS)
    years = year_range(shipped_scenario(files["baseline"]).region) if "baseline" in files else None
    if years is not None:
        st.session_state.year = whole_number(params.get("year"), years[2], years[0], years[1])


def remembered(key: str, options: list[Any], default: Any) -> None:
    """Restore a widget's last choice before it is drawn (Streamlit forgets widgets a run did not draw)."""
    if key not in st.session_state or st.session_state[key] not in options:
        kept = st.session_state.get(KEEP + key, default)
        st.session_state[key] = kept if kept in options else default


def remember(key: str) -> None:
    """Keep a widget's choice after it is drawn, for runs that do not draw it (a failed run, a language switch)."""
    st.session_state[KEEP + key] = st.session_state.get(key)


def kept_choice(draw: Callable[..., Any], text: str, options: list[Any], key: str, default: Any, **kwargs: Any) -> Any:
    """Draw a choice widget (selectbox, radio) whose choice survives runs that do not draw it; return the choice."""
    remembered(key, options, default)
    choice = draw(text, options, key=key, **kwargs)
    remember(key)
    return choice
