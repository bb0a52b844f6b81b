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


# Work units of ./test.sh's two pytest workers (pytest-xdist, --dist loadfile
# --no-loadscope-reorder): a whole test file stays on one worker (its module fixtures, a
# Dask cluster, a SLURM, the docking runs, are built once), except the tests listed in
# OWN_UNIT, which have no module fixtures and go to a worker of their own; the units
# are handed out in collection order, heaviest first (longest processing time first), and
# the light ones fill in on whichever worker is free.
# UNIT_COST_S: seconds per unit (a file, or file::test for OWN_UNIT), summed from the
# `--durations` (phases of 2 s or more) that .ci/run prints; only the order matters, so a
# unit not listed counts as light and keeps its place. Measured in a fresh clone of
# branch ci2 on 2026-12-01, 16:34-17:08, beside two other engineers' full test runs (load
# average 4.5-7.4, so every figure is inflated, the subprocess-heavy files most); the
# library test, which failed there at its server start, from its run alone in the same
# clone right after (load average 7-8). README.md, "Tests", has the suite's times.
OWN_UNIT = ("test_dashboard_e2e.py::test_every_library_scenario_runs_untouched_as_skillsim_compare",)
UNIT_COST_S = {
    "test_dashboard_e2e.py::test_every_library_scenario_runs_untouched_as_skillsim_compare": 739,
    "test_scenario_loader.py": 478, "test_sweep.py": 400, "test_docking.py": 314, "test_sweep_slurm.py": 287,
    "test_sweep_dask.py": 271, "test_uncertainty.py": 270, "test_calibration.py": 269, "test_dashboard_e2e.py": 213,
    "test_levers.py": 211, "test_policy_outputs.py": 125, "test_compare.py": 122, "test_docking_power.py": 113,
    "test_source_checks.py": 103, "test_sweep_ensemble.py": 90, "test_dashboard_pet.py": 83,
    "test_dashboard_data.py": 82, "test_ensemble_speed.py": 67, "test_stored_baseline.py": 49,
    "test_retraining.py": 43, "test_determinism.py": 28,
}


def unit_of(nodeid: str) -> str:
    """The work unit of a test: 'file::test' for a test in OWN_UNIT, else its file."""
    path, _, rest = nodeid.partition("::")
    own = f"{path.rsplit('/', 1)[-1]}::{rest}"
    return nodeid if own in OWN_UNIT else path


def unit_cost_s(nodeid: str) -> float:
    path, _, rest = nodeid.partition("::")
    name = path.rsplit("/", 1)[-1]
    own = f"{name}::{rest}"
    return UNIT_COST_S.get(own, 0) if own in OWN_UNIT else UNIT_COST_S.get(name, 0)


def pytest_collection_modifyitems(config, items):
    """Heaviest units first (stable: the order of units of equal cost and of the tests
    within a file is kept). Every xdist worker collects the same order."""
    items.sort(key=lambda item: -unit_cost_s(item.nodeid))


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: a plain pytest without xdist
def pytest_xdist_make_scheduler(config, log):
    """--dist loadfile, with the tests of OWN_UNIT as units of their own."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FilesAndOwnUnits(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    return FilesAndOwnUnits(config, log)
