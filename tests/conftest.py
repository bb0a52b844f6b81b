"""Shared fixtures: paths and small, fast model runs."""

from __future__ import annotations

import pytest

from helpers import BASELINE, DOCKING_END_YEAR, DOCKING_SEEDS, DOCKING_START_YEAR


@pytest.fixture(scope="session")
def baseline():
    from skillsim.scenario_files import load_scenario

    return load_scenario(BASELINE)


@pytest.fixture(scope="session")
def short_baseline(baseline):
    """Baseline shortened to 2018-2019, for fast mechanism tests."""
    return baseline.with_overrides({"run": {"end_year": 2019}})


@pytest.fixture(scope="session")
def docking_baseline(baseline):
    """The baseline for docking (levers off, no background training), 2018-2019."""
    from skillsim.model.reference.docking import docking_scenario

    return docking_scenario(baseline, DOCKING_START_YEAR, DOCKING_END_YEAR)


@pytest.fixture(scope="session")
def main_runs(docking_baseline):
    """The main model's per-seed run means at about 20,000 persons (seconds: the
    reference's runs are what cost), for tests/test_docking.py and test_docking_power.py."""
    from skillsim.model.reference.docking import SCALE_20K, run_main, run_seeds

    return run_seeds(run_main, docking_baseline, DOCKING_SEEDS, SCALE_20K)


# Seconds per test file in the full suite on 2 workers, summed from `--durations` (the
# machine under load, load average 5-14, 2026-12-01; `./test.sh` before this ordering:
# 1,813 s). Only the order matters: ./test.sh runs pytest-xdist with --dist loadfile
# --no-loadscope-reorder, which hands out whole files in collection order, so the
# heaviest files go first (longest processing time first) and the light ones fill in
# on whichever worker is free; with xdist's default order (most tests first) the two
# heaviest files, with few tests each, started late and one worker finished alone.
# A file not listed counts as light and keeps its place.
FILE_COST_S = {
    "test_dashboard_e2e.py": 1151, "test_docking.py": 711, "test_sweep_slurm.py": 187, "test_sweep.py": 176,
    "test_sweep_dask.py": 143, "test_calibration.py": 141, "test_scenario_loader.py": 108,
    "test_source_checks.py": 94, "test_uncertainty.py": 83, "test_ensemble_speed.py": 65, "test_compare.py": 64,
    "test_policy_outputs.py": 64, "test_dashboard_data.py": 48, "test_levers.py": 44, "test_retraining.py": 42,
    "test_sweep_ensemble.py": 39, "test_stored_baseline.py": 31,
}


def pytest_collection_modifyitems(config, items):
    """Heaviest files first (stable: the order of files of equal cost and of the tests
    within a file is kept). Every xdist worker collects the same order."""
    items.sort(key=lambda item: -FILE_COST_S.get(item.path.name, 0))
