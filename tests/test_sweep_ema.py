"""skillsim as an EMA Workbench model: declared parts, a real (tiny) experiment set, and
the fallback when no budget levers are declared."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skillsim import ema

ema_workbench = pytest.importorskip("ema_workbench")


def test_model_declares_uncertainties_levers_outcomes():
    model = ema.build_model(scale=0.002)
    unc = {u.name for u in model.uncertainties}
    lev = {lv.name for lv in model.levers}
    assert "demand__technical_demand_growth_per_year" in unc | lev
    assert not unc & lev
    assert {o.name for o in model.outcomes} == set(ema.OUTCOMES)
    for name in unc | lev:
        assert ema.key_of(name) in ema.P.BY_KEY


def test_without_levers_demand_growth_stands_in(monkeypatch):
    monkeypatch.setattr(ema, "lever_params", lambda: [])
    levers, stand_in = ema.lever_ranges()
    assert stand_in and set(levers) == set(ema.FALLBACK_LEVERS)
    model = ema.build_model(scale=0.002)
    assert {lv.name for lv in model.levers} == {ema.ema_name(k) for k in ema.FALLBACK_LEVERS}
    assert not {u.name for u in model.uncertainties} & {lv.name for lv in model.levers}


@pytest.mark.slow  # EMA Workbench runs the model
def test_perform_experiments_runs_skillsim():
    from ema_workbench import SequentialEvaluator, perform_experiments

    model = ema.build_model(scale=0.002)
    with SequentialEvaluator(model) as evaluator:
        experiments, outcomes = perform_experiments(model, scenarios=3, policies=1, evaluator=evaluator,
                                                    uncertainty_sampling_kwargs={"rng": 1},
                                                    lever_sampling_kwargs={"rng": 2})
    assert len(experiments) == 3
    short = np.asarray(outcomes["technical_shortfall_2030"])
    assert short.shape == (3,) and np.all(np.isfinite(short)) and len(set(short)) == 3
    assert all(0 < u < 30 for u in outcomes["unemployment_rate_2030"])
    # the outcome equals a direct run with the same inputs
    row = experiments.iloc[0]
    kwargs = {u.name: row[u.name] for u in list(model.uncertainties) + list(model.levers)}
    direct = ema.run_skillsim(scale=0.002, seed=0, **kwargs)
    assert math.isclose(direct["technical_shortfall_2030"], short[0], rel_tol=1e-12)
