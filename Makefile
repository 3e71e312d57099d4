# Two entry points: `make run` (the main job) and `make test` (every test). Each sets itself up.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run compare compare-suedwestfalen test bench setup clean

$(STAMP): pyproject.toml
	@PYTHON_BIN=$$(tools/find_python.sh) && echo "Using $$PYTHON_BIN" && "$$PYTHON_BIN" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

setup: $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app.py --server.headless true --browser.gatherUsageStats false

compare: $(STAMP)
	$(PY) -m sim compare scenarios/lemgo_kalletal/baseline.yaml scenarios/lemgo_kalletal/shared_citizen_office.yaml scenarios/lemgo_kalletal/digital_quick_wins.yaml scenarios/lemgo_kalletal/mobile_office.yaml scenarios/lemgo_kalletal/combined.yaml --replications 5

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy sim kernels app.py
	tools/ensure_chromium.sh
	tools/ensure_postgresql.sh
	$(PY) bench/run.py --quick --out results/bench_quick.json
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/app_bench.py
	$(PY) bench/access_bench.py
	$(PY) bench/city_bench.py

compare-suedwestfalen: $(STAMP)
	$(PY) -m sim compare scenarios/suedwestfalen/baseline.yaml $(filter-out scenarios/suedwestfalen/baseline.yaml,$(sort $(wildcard scenarios/suedwestfalen/*.yaml))) --out results/suedwestfalen

clean:
	rm -rf $(VENV) results .pytest_cache .mypy_cache .hypothesis
