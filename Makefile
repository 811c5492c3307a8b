# The two commands a newcomer needs: `make run` and `make test` (both install everything first).
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run test lint bench clean

setup:
	@bash scripts/setup.sh

# The main job: the wizard on http://127.0.0.1:8501 (questionnaire -> shortlist -> report).
run: setup
	$(BIN)/modelrec ui

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/estimate_all.py
	$(BIN)/python benchmarks/matching.py
	$(BIN)/python benchmarks/recommend.py
	$(BIN)/python benchmarks/harness.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/wizard_startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist build
