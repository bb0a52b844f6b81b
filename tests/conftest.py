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
# unit not listed (here: under 15 s) counts as light and keeps its place. Measured in a
# fresh clone of branch ci3 on 2026-12-01, 19:21-19:42 (`git clone /work/wt/ci3
# /tmp/ci3fresh && bash .ci/run`), beside other engineers' runs (load average 5.3-8.2,
# so every figure is inflated, the subprocess-heavy files most); pytest took 1,182 s,
# 1.08 x half the summed durations (1,098 s), so both workers stayed busy. README.md,
# "Tests", has the suite's times.
OWN_UNIT = ("test_dashboard_e2e.py::test_every_library_scenario_runs_untouched_as_skillsim_compare",)
UNIT_COST_S = {
    "test_dashboard_e2e.py::test_every_library_scenario_runs_untouched_as_skillsim_compare": 387,
    "test_docking.py": 214, "test_sweep.py": 168, "test_sweep_slurm.py": 155, "test_dashboard_e2e.py": 143,
    "test_uncertainty.py": 139, "test_calibration.py": 132, "test_scenario_loader.py": 126,
    "test_docking_power.py": 124, "test_levers.py": 95, "test_sweep_dask.py": 74, "test_dashboard_pet.py": 60,
    "test_policy_outputs.py": 58, "test_source_checks.py": 53, "test_compare.py": 46, "test_ensemble_speed.py": 41,
    "test_dashboard_data.py": 37, "test_stored_baseline.py": 32, "test_sweep_ensemble.py": 30,
    "test_retraining.py": 29, "test_determinism.py": 16,
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
