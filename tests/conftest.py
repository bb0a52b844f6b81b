"""Shared fixtures: paths and small, fast model runs."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "baseline.toml"


@pytest.fixture(scope="session")
def baseline():
    from model.scenario import load_scenario

    return load_scenario(BASELINE)


@pytest.fixture(scope="session")
def short_baseline(baseline):
    """Baseline shortened to 2018-2019, for fast mechanism tests."""
    return baseline.with_overrides({"run": {"end_year": 2019}})
