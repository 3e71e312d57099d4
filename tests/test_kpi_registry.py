"""The KPI registry: every entry reads a real summary figure; labels, units and formats in both languages."""

import pytest

from sim.summary.kpi_registry import BY_KEY, CARDS, KPIS, kpis_for, lookup


def test_every_kpi_reads_a_figure_of_a_real_summary(baseline_year: dict) -> None:
    for kpi in kpis_for([baseline_year]):
        assert kpi.value(baseline_year) == pytest.approx(lookup(baseline_year, kpi.key) * kpi.scale)
        assert kpi.label_de and kpi.label_en and kpi.better in ("lower", "higher", "neither")
    assert len(BY_KEY) == len(KPIS)  # keys are unique
    assert len(CARDS) == 6


def test_german_and_english_number_formats() -> None:
    cost = BY_KEY["cost_eur.total"]
    assert cost.format(1234567.891, "de") == "1.234.568"
    assert cost.format(1234567.891, "en") == "1,234,568"
    wait = BY_KEY["wait_minutes.mean"]
    assert wait.format(12.34, "de") == "12,3"
    assert wait.format(-0.04, "en", signed=True) == "+0.0"  # no "-0.0"
    assert wait.label("de") == "Wartezeit, Mittel (min)"
    assert BY_KEY["co2_kg"].value({"co2_kg": 2500.0}) == 2.5  # shown in tonnes


def test_adoption_kpis_show_only_beside_a_run_with_adoption(baseline_year: dict) -> None:
    adoption = {"adoption": {"online_share": 0.05, "counter_visits_avoided": 120, "staff_hours_freed": 20.5}}
    with_model = {**baseline_year, **adoption}
    assert [kpi.key for kpi in kpis_for([baseline_year])] == [kpi.key for kpi in KPIS if kpi.requires is None]
    shown = kpis_for([baseline_year, with_model])
    assert {"adoption.online_share_all", "adoption.counter_visits_avoided", "adoption.staff_hours_freed"} <= {
        kpi.key for kpi in shown
    }
    assert BY_KEY["adoption.counter_visits_avoided"].value(with_model) == 120
    assert BY_KEY["adoption.counter_visits_avoided"].value(baseline_year) == 0  # no model: nothing diffused
    requests = baseline_year["requests"]
    assert BY_KEY["adoption.online_share_all"].value(baseline_year) == pytest.approx(
        100 * requests["online"] / requests["total"]
    )
