"""Small rules written once: the indicator registry, pension age, region shares, the
technical-group test, and Mesa's unused generator guarded."""

from __future__ import annotations

import re

import numpy as np
import pytest

from skillsim.compare import execute, summary
from skillsim.model import indicators as I
from skillsim.model import results
from skillsim.model import structure as S
from skillsim.model.model import SkillsimModel
from skillsim.model.simulate import simulate
from skillsim.scenario_files import load_scenario

from helpers import ROOT, SCENARIOS

CORE = ROOT / "model"


@pytest.fixture(scope="module")
def package_table():
    s = load_scenario(SCENARIOS / "package.toml").with_overrides({"run": {"start_year": 2018, "end_year": 2019}})
    return simulate(s, seed=0, scale=0.003)


def test_results_and_compare_read_their_lists_from_the_registry():
    assert list(results.INDICATORS) == [i.name for i in I.REGISTRY]
    assert {k: v[0] for k, v in results.INDICATORS.items()} == {i.name: i.unit for i in I.REGISTRY}
    assert results.LEVER_TOTALS == tuple(i.name for i in I.REGISTRY if i.lever_total)
    assert execute.LEVER_INDICATORS == tuple(i.name for i in I.REGISTRY if i.compared)
    assert set(execute.LEVER_INDICATORS) <= set(I.LEVER_INDICATORS) and set(I.LEVER_TOTALS) <= set(I.LEVER_INDICATORS)
    assert all(name in summary.COLUMNS for name in execute.LEVER_INDICATORS)


def test_the_tidy_table_has_exactly_the_registered_indicators_with_their_units(package_table):
    names = package_table["indicator"].astype(str)
    base = names.map(I.base_name)
    assert set(base) == set(I.BY_NAME)                      # every registered indicator, nothing else
    dotted = names[names.str.contains(".", regex=False)]
    by_age = dotted[dotted.map(I.base_name).isin(I.BY_AGE)]
    assert by_age.str.split(".").str[1].str.fullmatch(r"\d+(-\d+)?").all()  # age groups: "15-25", "65"
    per_lever = set(dotted[~dotted.isin(by_age)].map(I.base_name))
    assert per_lever == set(I.LEVER_INDICATORS)             # per-lever rows only for lever indicators
    units = package_table["unit"].astype(str)
    assert (units == base.map(lambda n: I.BY_NAME[n].unit)).all()
    annual = base.isin(I.ANNUAL)
    assert (package_table.loc[annual, "date"].dt.month == 12).all()
    assert (package_table.loc[~annual, "date"].dt.month != 12).any()


def core_sources():
    return {p.relative_to(ROOT).as_posix(): p.read_text() for p in CORE.rglob("*.py")}


def test_pension_age_region_shares_and_technical_test_are_written_once():
    for path, text in core_sources().items():
        if path not in ("model/calendar.py", "model/parameters.py"):
            # nobody reads the parameter but the calendar's helpers (a unit-named variable is fine)
            assert not re.search(r"pension_age_years[\"']", text), path
        if path != "model/structure.py":
            assert "REGION_POPULATION_15_74_THOUSANDS" not in text, path
            assert not re.search(r"TECHNICAL\[np\.maximum|>= 0 and S\.TECHNICAL\[", text), path


def test_the_helpers_compute_the_rules():
    s = load_scenario(SCENARIOS / "baseline.toml").with_overrides({"run": {"start_year": 2018, "end_year": 2018}})
    m = SkillsimModel(s, seed=0, scale=0.002)
    assert m.pension_age_months() == round(s.at("demography.pension_age_years", m.year) * 12)
    assert S.REGION_POPULATION_SHARE.sum() == pytest.approx(1.0)
    groups = np.array([-1, 0, 6, 11, 12])
    assert S.is_technical(groups).tolist() == [False, False, True, True, False]


def test_mesas_own_generator_cannot_be_drawn_from():
    s = load_scenario(SCENARIOS / "baseline.toml").with_overrides({"run": {"start_year": 2018, "end_year": 2018}})
    m = SkillsimModel(s, seed=0, scale=0.002)
    with pytest.raises(AttributeError, match=r"model.draws.*randomness\.py"):
        m.rng.random()
    assert m.streams.get("demography", m.month_index).random() >= 0  # the named streams work


def test_plausible_ranges_are_declared_once_and_read_by_calibration_and_sweeps():
    from skillsim import ema
    from skillsim.calibration import bayes, search
    from skillsim.model import parameters as P

    for f in search.FITTED:
        assert (f.low, f.high) == P.BY_KEY[f.key].plausible
    for key, bounds in ema.uncertainty_ranges().items():
        assert bounds == P.BY_KEY[key].plausible
    declared = [p for p in P.PARAMETERS if p.plausible is not None]
    # ... and by the posterior's prior-only columns (bayes.PRIOR_ONLY: the levers' deadweight shares)
    assert {f.key for f in search.FITTED} | set(ema.UNCERTAIN_KEYS) | set(bayes.PRIOR_ONLY) == {p.key for p in declared}
    for p in declared:
        assert p.low <= p.plausible[0] < p.plausible[1] <= p.high, p.key
