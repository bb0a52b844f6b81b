"""The model as a plain function: scenario, seed, scale in; tidy table out."""

from __future__ import annotations

from typing import Callable

import pandas as pd

from skillsim.model.model import SkillsimModel
from skillsim.model.results import tidy
from skillsim.model.scenario import Scenario


def simulate(scenario: Scenario, seed: int = 0, scale: float = 1.0,
             progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Run `scenario` from January of its start year to December of its end year and
    return the tidy results table. `progress(n)` is called after each month."""
    model = SkillsimModel(scenario, seed=seed, scale=scale)
    model.run(progress)
    return tidy(model)
