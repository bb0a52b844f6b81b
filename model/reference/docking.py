"""Docking the array model against the reference model (Axtell, Axelrod, Epstein and
Cohen 1996, "Aligning simulation models"): run both on the same scenario, scale and
seeds, reduce each run to one number per indicator, and test whether the two sets of
per-seed numbers differ by more than the seeds' spread allows.

Criterion for each indicator, with n runs per implementation:
    d  = mean over seeds (reference) - mean over seeds (main)
    se = sqrt(var_main / n_main + var_ref / n_ref)         (Welch's standard error)
    docks if |d| <= max(Z_TOLERANCE * se, RELATIVE_MARGIN * |mean main|)
Z_TOLERANCE = 3 makes a false alarm rare (about 0.5% per indicator with 20 + 20 runs);
RELATIVE_MARGIN (1%) is the size of difference we accept as "the same rule, written
differently": it only matters for indicators whose seed spread is tiny. Both are
justified in docs/reference.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from skillsim.model import structure as S
from skillsim.model.model import SkillsimModel
from skillsim.model.parameters import PARAMETERS
from skillsim.model.reference.model import ReferenceModel
from skillsim.model.results import tidy
from skillsim.model.scenario import Scenario

# Indicators compared, all for Noord-Holland and all occupation groups.
INDICATORS = (
    "unemployment_rate", "open_vacancies", "hires", "technical_shortfall",
    "flow_u_to_e", "flow_e_to_u", "flow_job_to_job", "flow_into_inactivity",
)
Z_TOLERANCE = 3.0
RELATIVE_MARGIN = 0.01
SCALE_20K = 0.0093  # about 20,000 persons of 2.149 million


def docking_scenario(base: Scenario, start_year: int = 2018, end_year: int = 2020) -> Scenario:
    """`base` for the docking period, with every policy lever switched off (the
    reference model covers the core rules only) and no background training (issue 15's
    model/retraining.py is not in the reference yet)."""
    overrides: dict[str, dict] = {"run": {"start_year": start_year, "end_year": end_year},
                                  "retraining": {"background_training_share_per_year": 0.0}}
    for p in PARAMETERS:
        if p.lever is not None and p.name == "enabled":
            overrides.setdefault(p.section, {})["enabled"] = False
    return base.with_overrides(overrides, name=f"{base.name} (docking)")


def run_means(table: pd.DataFrame) -> dict[str, float]:
    """One number per indicator for one run: the mean over the run's months (for the
    annual technical shortfall: the mean over its years)."""
    total = table[(table["region"] == S.PROVINCE) & (table["occupation_group"] == "all")
                  & table["indicator"].isin(INDICATORS)]
    means = total.groupby("indicator", observed=True)["value"].mean()
    return {name: float(means[name]) for name in INDICATORS}


def run_main(scenario: Scenario, seed: int, scale: float) -> dict[str, float]:
    model = SkillsimModel(scenario, seed=seed, scale=scale)
    model.run()
    return run_means(tidy(model))


def run_reference(scenario: Scenario, seed: int, scale: float, **rule_changes) -> dict[str, float]:
    model = ReferenceModel(scenario, seed=seed, scale=scale, **rule_changes)
    model.run()
    return run_means(tidy(model))


def run_seeds(runner, scenario: Scenario, seeds, scale: float, **kw) -> pd.DataFrame:
    """Per-seed run means: one row per seed, one column per indicator."""
    return pd.DataFrame([runner(scenario, seed, scale, **kw) for seed in seeds], index=list(seeds))


def compare(main: pd.DataFrame, reference: pd.DataFrame, z: float = Z_TOLERANCE,
            relative_margin: float = RELATIVE_MARGIN) -> pd.DataFrame:
    """The docking table: one row per indicator with both means, their difference,
    Welch's standard error, t and p, the tolerance and whether the models dock."""
    rows = []
    for name in INDICATORS:
        a, b = main[name].to_numpy(float), reference[name].to_numpy(float)
        diff = b.mean() - a.mean()
        se = float(np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b)))
        tolerance = max(z * se, relative_margin * abs(a.mean()))
        t, p = stats.ttest_ind(b, a, equal_var=False)
        rows.append({"indicator": name, "mean_main": a.mean(), "mean_reference": b.mean(), "difference": diff,
                     "relative_difference": diff / a.mean() if a.mean() else np.nan, "se": se,
                     "tolerance": tolerance, "welch_t": float(t), "p_value": float(p),
                     "docks": bool(abs(diff) <= tolerance)})
    return pd.DataFrame(rows).set_index("indicator")
