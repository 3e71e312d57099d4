"""Work and memory estimates before a run: close to what a run does, and the caps fit the shipped scenarios."""

import pytest
from big_scenarios import many_services_text

from sim.app.workload import (
    MAX_BYTES_PER_JOB,
    MAX_REQUESTS_PER_RUN,
    UTILITY_BYTES,
    Refusal,
    Workload,
    citizens,
    describe_refusal,
    estimate_batch,
    estimate_job,
    refusal,
    requests_per_year,
)
from sim.io.config import load_scenario, load_scenario_text
from sim.runner import simulate, with_seed_and_days

APP_MAX_DAYS = 730  # the app's slider maximum
APP_MAX_REPLICATIONS = 10  # the app's replications maximum


@pytest.fixture(scope="module")
def shipped(repo):
    return {path.stem: load_scenario(path) for path in sorted((repo / "scenarios/lemgo_kalletal").glob("*.yaml"))}


@pytest.fixture(scope="module")
def many_services(repo):
    return load_scenario_text(many_services_text(), "many.yaml", repo / "scenarios/lemgo_kalletal", repo / "scenarios")


def test_expected_requests_match_a_run(shipped):
    baseline = with_seed_and_days(shipped["baseline"], days=60)
    summary = simulate(baseline).summary
    counted = summary["requests"]["total"]  # after the warm-up; the estimate is of the whole run's work
    estimate = estimate_job(baseline).requests * (60 - summary["warmup_days"]) / 60
    assert abs(estimate - counted) / counted < 0.02, (estimate, counted)


def test_requests_scale_with_days_and_replications(shipped):
    baseline = shipped["baseline"]
    year = requests_per_year(baseline)
    assert estimate_job(with_seed_and_days(baseline, days=730), 10).requests == pytest.approx(20 * year)
    assert estimate_job(with_seed_and_days(baseline, days=73), 1).requests == pytest.approx(year / 5)


def test_memory_counts_the_utility_cache(many_services):
    # 97 more services: one float32 per citizen, service and considered place.
    consider = many_services.config.behaviour.consideration_set_size
    short = with_seed_and_days(many_services, days=1)
    cache_bytes = citizens(short) * len(short.config.services) * consider * UTILITY_BYTES
    assert estimate_job(short).peak_bytes > cache_bytes > 100e6


def test_every_shipped_scenario_at_the_app_maxima_may_run(shipped):
    jobs = [(with_seed_and_days(s, days=APP_MAX_DAYS), APP_MAX_REPLICATIONS) for s in shipped.values()]
    workload = estimate_batch(jobs)
    assert refusal(workload) is None, workload
    assert workload.requests < MAX_REQUESTS_PER_RUN / 2  # room for an uploaded scenario as well


def test_the_hostile_scenario_is_refused(many_services):
    # 97 open-access services at 60 requests per person-year: over 6 billion requests in 730 days x 10.
    workload = estimate_job(with_seed_and_days(many_services, days=APP_MAX_DAYS), APP_MAX_REPLICATIONS)
    assert workload.requests > 50 * MAX_REQUESTS_PER_RUN
    refused = refusal(workload)
    assert refused is not None and refused.figure == "memory" and refused.cap == MAX_BYTES_PER_JOB
    assert refused.estimate > 50e9
    # A few days of it fit.
    assert refusal(estimate_job(with_seed_and_days(many_services, days=3))) is None


def test_refusal_names_the_figure_over_its_cap():
    assert refusal(Workload(MAX_REQUESTS_PER_RUN + 1, 1.0)).figure == "requests"
    assert refusal(Workload(1.0, MAX_BYTES_PER_JOB + 1)).figure == "memory"
    assert refusal(Workload(MAX_REQUESTS_PER_RUN, MAX_BYTES_PER_JOB)) is None
    assert refusal(Workload(11.0, 5.0), max_requests=10, max_bytes=5).figure == "requests"
    assert estimate_batch([]) == Workload(0, 0.0)


def test_batch_estimate(shipped):
    baseline = with_seed_and_days(shipped["baseline"], days=100)
    one = estimate_job(baseline, 3)
    both = estimate_batch([(baseline, 3), (baseline, 1)])
    assert both.requests == pytest.approx(one.requests * 4 / 3)
    assert both.peak_bytes == one.peak_bytes


def test_refusals_read_in_german_and_english():
    many = Refusal("requests", 123_456_789.4, MAX_REQUESTS_PER_RUN)
    assert "geschätzt 123.456.789 Anliegen" in describe_refusal(many, "de")
    assert "erlaubt sind 100.000.000" in describe_refusal(many, "de")
    assert "an estimated 123,456,789 requests" in describe_refusal(many, "en")
    big = Refusal("memory", 141_300_000_000, MAX_BYTES_PER_JOB)
    assert "141,3 GB" in describe_refusal(big, "de") and "erlaubt sind 2,0 GB" in describe_refusal(big, "de")
    assert "141.3 GB" in describe_refusal(big, "en") and "the limit is 2.0 GB" in describe_refusal(big, "en")
