"""The model as a plain function: scenario, seed, scale in; tidy table out."""

from __future__ import annotations

import copy
import time
from typing import Callable

import pandas as pd

from skillsim.model.model import SkillsimModel
from skillsim.model.results import tidy
from skillsim.model.scenario import Scenario


def simulate(scenario: Scenario, seed: int = 0, scale: float = 1.0,
             progress: Callable[[int], None] | None = None, profile: dict | None = None,
             keep=None) -> pd.DataFrame:
    """Run `scenario` from January of its start year to December of its end year and
    return the tidy results table. `progress(n)` is called after each month. Given a
    dict `profile`, fills it with the wall time per mechanism and lever,
    {name: [calls, seconds]} (SkillsimModel's profile plus "results table").
    `keep(region, occupation_group, indicator)` selects the rows built (results.tidy)."""
    model = SkillsimModel(scenario, seed=seed, scale=scale, profile=profile is not None)
    model.run(progress)
    start = time.perf_counter()
    table = tidy(model, keep=keep)
    if profile is not None:
        profile.update(model.profile)
        profile["results table"] = [1, time.perf_counter() - start]
    return table


def simulate_branches(scenario: Scenario, branches: list[Scenario], branch_month: int, seed: int = 0,
                      scale: float = 1.0, keep=None) -> list[pd.DataFrame]:
    """The tidy tables of runs of `branches` that share their months before
    `branch_month` (absolute month index, year * 12 + month - 1): `scenario` is simulated
    once up to that month, the model is copied, and each copy goes on with its branch's
    parameters. The same tables as `simulate(branch, seed, scale)` for every branch, bit
    for bit, provided each branch has the same parameter values as `scenario` in every
    year before branch_month // 12 (the model reads a by-year parameter only in its own
    year; skillsim.compare.ensemble.first_difference_year finds that month). The
    burn-in is always shared, so branch_month must not lie before the start year."""
    model = SkillsimModel(scenario, seed=seed, scale=scale)
    if branch_month < model.month_index:
        raise ValueError(f"branch month {branch_month} lies in the burn-in (before {model.month_index}); "
                         "run branches that differ there separately")
    shared = min(branch_month - model.month_index, model.n_months)
    for _ in range(shared):
        model.step()
    tables = []
    for i, branch in enumerate(branches):
        own = model if i == len(branches) - 1 else copy.deepcopy(model)
        own.params = branch
        for _ in range(model.n_months - shared):
            own.step()
        tables.append(tidy(own, keep=keep))
    return tables
