"""The model as a plain function: scenario, seed, scale in; tidy table out."""

from __future__ import annotations

import time
from typing import Callable

import pandas as pd

from skillsim.model.model import SkillsimModel
from skillsim.model.results import tidy
from skillsim.model.scenario import Scenario


def simulate(scenario: Scenario, seed: int = 0, scale: float = 1.0,
             progress: Callable[[int], None] | None = None, profile: dict | None = None) -> pd.DataFrame:
    """Run `scenario` from January of its start year to December of its end year and
    return the tidy results table. `progress(n)` is called after each month. Given a
    dict `profile`, fills it with the wall time per mechanism and lever,
    {name: [calls, seconds]} (SkillsimModel's profile plus "results table")."""
    model = SkillsimModel(scenario, seed=seed, scale=scale, profile=profile is not None)
    model.run(progress)
    start = time.perf_counter()
    table = tidy(model)
    if profile is not None:
        profile.update(model.profile)
        profile["results table"] = [1, time.perf_counter() - start]
    return table
