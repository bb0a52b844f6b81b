"""Docking: the fast array model (model/) and the plain-Mesa reference model
(model/reference/) implement the same rules (Axtell et al. 1996, "Aligning simulation
models"; method and tolerance in docs/reference.md and model/reference/docking.py).

Both run the baseline with the levers off, 2018-2019, at about 20,000 persons (scale
0.0093), 20 seeds each; each run is reduced to its mean over the months (technical
shortfall: over its years). For each indicator the two sets of 20 per-seed means may
differ by at most max(3 Welch standard errors, 1% of the main model's mean).

The check must also have power: a reference whose separation rate is 1.5 times the
main model's must fail it (test_docking_detects_a_changed_separation_rate, in
tests/test_docking_power.py: a file of its own, so that its reference runs go to the
other pytest worker than this file's 20).

Cost: almost all of it the 20 reference runs (README.md, "Tests", has the measured time).
"""

from __future__ import annotations


import numpy as np
import pytest

from skillsim.model.model import MONTHLY_STEPS, SkillsimModel
from skillsim.model.reference import MONTHLY_STEPS as REFERENCE_STEPS
from skillsim.model.reference import ReferenceModel
from skillsim.model.reference.docking import (INDICATORS, RELATIVE_MARGIN, SCALE_20K, Z_TOLERANCE, compare,
                                     run_reference, run_seeds)
from skillsim.model.results import tidy

from helpers import DOCKING_END_YEAR as END_YEAR, DOCKING_SEEDS as SEEDS, DOCKING_START_YEAR as START_YEAR
pytestmark = pytest.mark.slow  # 40 runs of the reference and main models

# docking_baseline and main_runs (the main model's 20 seeds) are tests/conftest.py's,
# shared with tests/test_docking_power.py.


@pytest.fixture(scope="module")
def reference_runs(docking_baseline):
    return run_seeds(run_reference, docking_baseline, SEEDS, SCALE_20K)


def test_monthly_order_is_the_same():
    assert REFERENCE_STEPS == tuple(name for name, _ in MONTHLY_STEPS)


def test_reference_starts_from_the_main_models_initial_state(docking_baseline):
    main = SkillsimModel(docking_baseline, seed=3, scale=0.002)
    reference = ReferenceModel(docking_baseline, seed=3, scale=0.002)
    assert np.array_equal(reference.initial_stock, main.initial_stock)
    assert np.array_equal([len(reference.job_board[m]) for m in range(len(main.desired_jobs))],
                          main.firms.vacancies_by_market())
    assert np.array_equal(reference.desired_jobs, main.desired_jobs)
    assert len(reference.firms) == main.firms.n
    assert reference.cohort_per_year == main.cohort_per_year


def test_reference_keeps_its_accounts_and_writes_the_tidy_table(docking_baseline):
    """Stocks move only by recorded flows, and the output has the main model's
    columns and indicators."""
    scenario = docking_baseline.with_overrides({"run": {"end_year": START_YEAR}})
    reference = ReferenceModel(scenario, seed=1, scale=0.002)
    previous = reference.initial_stock
    for _ in range(4):
        reference.step()
        rec = reference.record
        inflow, outflow = rec.transitions.sum(axis=1), rec.transitions[:, :-1, :].sum(axis=2)
        assert np.array_equal(rec.status_stock, previous + inflow - outflow)
        assert rec.job_entries.sum() == rec.counters.get("hires", 0)
        previous = rec.status_stock
    table = tidy(reference)
    main = SkillsimModel(scenario, seed=1, scale=0.002)
    main.step()
    expected = tidy(main)
    assert list(table.columns) == list(expected.columns)
    assert set(table["indicator"].unique()) == set(expected["indicator"].unique())
    assert len(reference.datacollector.get_model_vars_dataframe()) == 4


def test_reference_docks_with_the_main_model(main_runs, reference_runs):
    table = compare(main_runs, reference_runs)
    print(f"\ndocking, {len(SEEDS)} seeds each, {START_YEAR}-{END_YEAR}, scale {SCALE_20K}:\n{table.to_string()}")
    assert list(table.index) == list(INDICATORS)
    assert table["docks"].all(), (
        f"the implementations differ by more than max({Z_TOLERANCE} SE, {RELATIVE_MARGIN:.0%}):\n{table.to_string()}")
