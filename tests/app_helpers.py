"""Helpers of the AppTest tests: start the page, run scenarios, read the cards, the tables and the charts' titles."""

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from sim.app.presentation import kpi_label, per_year_twin
from sim.summary.kpi_registry import CARDS

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
DAYS = 14  # short horizons keep every run to a few seconds
TIMEOUT_SECONDS = 180  # the first run also starts the worker processes and loads the Numba kernels
SNAKE_CASE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
CHANNELS = ("x", "y", "color", "column", "row", "x2", "y2", "facet", "xOffset")


def start_app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_SECONDS)
    at.run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    """No exception element, no st.error and no traceback anywhere on the page."""
    assert not at.exception, [item.value for item in at.exception]
    assert not at.error, [item.value for item in at.error]
    assert "Traceback" not in page_text(at)


def page_text(at: AppTest) -> str:
    """All text the page holds: every element's protobuf (labels, values, messages), main area and sidebar."""
    return "\n".join(str(getattr(node, "proto", "")) for block in (at.main, at.sidebar) for node in block)


def run_scenarios(at: AppTest, names: list[str], days: int = DAYS, seed: int | None = None) -> AppTest:
    at.multiselect(key="scenarios").set_value(names)
    at.slider(key="days").set_value(days)
    if seed is not None:
        at.number_input(key="seed").set_value(seed)
    at.run()
    at.button(key="run").click().run()
    assert_clean(at)
    return at


def cards(at: AppTest) -> list[dict[str, str]]:
    """The KPI cards, one dict (label -> value text) per scenario row."""
    metrics = list(at.metric)
    assert metrics and len(metrics) % len(CARDS) == 0, len(metrics)
    rows = [metrics[start : start + len(CARDS)] for start in range(0, len(metrics), len(CARDS))]
    return [{metric.label: metric.value for metric in row} for row in rows]


def card_labels(lang: str, days: int = DAYS) -> list[str]:
    """The registry's card labels; costs and CO2 say which days they cover."""
    summary = {"days": days, "per_year": {"cost_eur_per_capita": 0.0, "co2_kg": 0.0, "cost_eur": 0.0}}
    return [kpi_label(per_year_twin(kpi, summary), summary, lang) for kpi in CARDS]


def card_row_names(at: AppTest) -> list[str]:
    """The scenario titles written in bold above each card row ('**title** · what it is compared with')."""
    rows = [re.match(r"\*\*(.+?)\*\* · ", m.value) for m in at.markdown]
    return [row.group(1) for row in rows if row]


def german_number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def _parts(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Return a chart spec and every spec nested in it (layers, a faceted chart's inner spec)."""
    parts = [spec]
    for nested in [*spec.get("layer", []), *([spec["spec"]] if isinstance(spec.get("spec"), dict) else [])]:
        parts.extend(_parts(nested))
    return parts


def shown_titles(spec: dict) -> list[str]:
    """Every axis, legend and facet title a chart shows: the explicit title, else the field name Vega would show."""
    titles = []
    for part in _parts(spec):
        encodings = dict(part.get("encoding", {}))
        for channel, facet in (part.get("facet") or {}).items():
            encodings[f"facet_{channel}"] = facet
        for channel, encoding in encodings.items():
            known = channel in CHANNELS or channel.startswith("facet_")
            if known and isinstance(encoding, dict) and "field" in encoding:
                titles.append(str(encoding.get("title", encoding["field"])))
    return titles


def table_headers(at: AppTest) -> list[str]:
    """The column headers of every table and data frame on the page."""
    headers = [str(column) for table in at.table for column in table.value.columns]
    return headers + [str(column) for frame in at.dataframe for column in frame.value.columns]


def assert_readable(at: AppTest) -> None:
    """No table header and no chart title is a snake_case id or a 'sum(...)' that Vega made up."""
    titles = [title for spec in chart_specs(at) for title in shown_titles(spec)]
    for text in table_headers(at) + titles:
        assert not SNAKE_CASE.match(text), text
        assert "sum(" not in text.lower() and "Sum of" not in text, text


def tiny_sweep(out: Path) -> Path:
    """Run the tiny sweep of tests/data/sweeps into `out` in this process (34 runs of 7 days); return the folder."""
    from sim.analysis.sweep.run import run_sweep
    from sim.analysis.sweep.spec import load_sweep

    run_sweep(load_sweep(REPO / "tests" / "data" / "sweeps" / "app_robustness.yaml"), out, executor="serial",
              show_progress=False)  # fmt: skip
    return out


def open_tab(at: AppTest, key: str) -> AppTest:
    """Open a tab by its label key (as a click does: only the open further tab is drawn) and run the page."""
    from sim.app.i18n import label

    at.session_state["tab"] = label(key, at.radio(key="lang").value)
    return at.run()


def chart_data(at: AppTest, column: str) -> pd.DataFrame:
    """The data of the first chart on the page that has the column (Streamlit sends it as Arrow)."""
    import pyarrow as pa

    for chart in at.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            frame = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
            if column in frame.columns:
                return frame
    raise AssertionError(f"no chart has a column {column!r}")
