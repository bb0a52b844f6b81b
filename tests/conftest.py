"""Shared fixtures: paths and small, fast model runs."""

from __future__ import annotations

import pytest

from helpers import BASELINE


@pytest.fixture(scope="session")
def baseline():
    from skillsim.scenario_files import load_scenario

    return load_scenario(BASELINE)


@pytest.fixture(scope="session")
def short_baseline(baseline):
    """Baseline shortened to 2018-2019, for fast mechanism tests."""
    return baseline.with_overrides({"run": {"end_year": 2019}})
