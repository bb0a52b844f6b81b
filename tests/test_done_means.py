"""scripts/done_means.py's decomposition of the yearly shortfall's year-to-year changes
(issue 14's criterion): seed noise and the demand-growth step, on tables made by hand so
the expected parts are known."""

from __future__ import annotations

import importlib.util
import math

import numpy as np
import pandas as pd
import pytest

from helpers import ROOT


@pytest.fixture(scope="module")
def dm():
    spec = importlib.util.spec_from_file_location("done_means", ROOT / "scripts" / "done_means.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _table(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"region": "Noord-Holland", "occupation_group": "all", "indicator": "technical_shortfall",
                         "date": pd.to_datetime([f"{y}-12-31" for y in values]), "value": list(values.values())})


YEARS = range(2019, 2031)
GROWTH = {y: (0.02 if y <= 2020 else 0.009) for y in range(2018, 2031)}  # one step, into 2021


def test_identical_seeds_have_no_noise_and_the_step_year_is_found(dm):
    series = {y: (1500.0 if y <= 2020 else 1000.0) + 10 * (y - 2019) for y in YEARS}
    d = dm.shortfall_decomposition([_table(series), _table(series)], GROWTH)
    assert d["noise_one_seed"] == 0 and d["noise_mean"] == 0
    assert d["step_years"] == [2021]
    assert d["mean_sd"] > 100  # the step of -490 dominates
    assert d["sd_without_steps"] == pytest.approx(0.0, abs=1e-9)  # the rest changes by +10 each year


def test_seed_noise_is_the_spread_around_the_seed_mean(dm):
    base = {y: 1400.0 for y in YEARS}
    up = {y: v + 300 for y, v in base.items()}
    down = {y: v - 300 for y, v in base.items()}
    d = dm.shortfall_decomposition([_table(up), _table(down)], {y: 0.01 for y in range(2018, 2031)})
    # deviations +-300 from the mean with 2 seeds: sd (n-1) = 300 * sqrt(2)
    assert d["noise_one_seed"] == pytest.approx(300 * math.sqrt(2))
    assert d["noise_mean"] == pytest.approx(300.0)
    assert d["noise_changes"] == pytest.approx(300 * math.sqrt(2))
    assert d["step_years"] == [] and d["mean_sd"] == 0
    assert d["seed_sd"] == [0.0, 0.0]
    assert np.allclose(d["changes"], 0)


def test_group_sds_take_each_group_of_four_seeds_on_its_own(dm):
    smooth = {y: 1000.0 for y in range(2018, 2031)}
    rough = {y: (2000.0 if y % 2 else 0.0) for y in range(2018, 2031)}
    tables = [_table(smooth)] * 4 + [_table(rough)] * 4
    groups = dm.group_sds(tables)
    assert [(lo, hi) for lo, hi, _ in groups] == [(0, 3), (4, 7)]
    assert groups[0][2] == 0.0
    assert groups[1][2] > 2000  # changes of +-2,000 every year
