"""skillsim as an EMA Workbench (ema_workbench 3.0) model, for exploratory modelling and
scenario discovery.

    from ema_workbench import perform_experiments
    from skillsim.ema import build_model
    model = build_model(scale=0.01)
    experiments, outcomes = perform_experiments(model, scenarios=20, policies=3)

The model is a plain function of keyword arguments (`run_skillsim`) returning a dict of
outcomes, as EMA Workbench expects:
  - uncertainties: the UNCERTAINTIES below (parameters of model/parameters.py that nobody
    decides, with plausible ranges narrower than the allowed ones);
  - levers: the policy-lever parameters of model/parameters.py (entries whose `lever` is
    set) that are a budget (`*.budget_eur`), from 0 (lever off) to twice the default.
    If model/parameters.py has no such lever yet, the demand-growth parameters stand in as
    levers (as if demand growth could be steered) and are then not uncertainties;
  - outcomes: technical_shortfall_2030 (persons/year: new technicians wanted minus
    technicians who entered a technical job in 2030), technical_shortfall_cumulative_2030
    (persons, summed 2018-2030) and unemployment_rate_2030 (%, mean of the 12 months), all
    for Noord-Holland as a whole.

EMA names must be Python identifiers, so a parameter key "section.name" becomes
"section__name" (`ema_name`, `key_of`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from skillsim.model import parameters as P
from skillsim.model import structure as S
from skillsim import runs
from skillsim.paths import scenario_dir
from skillsim.sweep.spec import nest

BASELINE = scenario_dir() / "baseline.toml"
OUTCOME_YEAR = 2030
OUTCOMES = ("technical_shortfall_2030", "technical_shortfall_cumulative_2030", "unemployment_rate_2030")

# The uncertainties, each over its plausible range declared with the parameter
# (Param.plausible, model/parameters.py; the same bounds calibration searches):
UNCERTAIN_KEYS = (
    "demand.technical_demand_growth_per_year",   # review: 1-2.4% a year expected; calibration searched -1% to 5%
    "demand.other_demand_growth_per_year",
    "demography.net_migration_per_year",         # default 13,000 a year, 0 to twice that
    "matching.hire_probability_perfect_fit",     # default 0.55, calibrated
    "separations.separation_rate_per_month",     # default 0.004
    "education.technical_share_mbo",             # default 0.202 (share of MBO students in technical studies)
    # firms adapt (issue 15): no source gives vacancy durations; the 46% is UWV's employer survey
    "firms.requirements_review_months",          # default 6 (assumption)
    "firms.lower_requirements_share",            # default 0.46 (UWV werkgeversonderzoek 2022)
    "firms.lowered_requirements_fit_power",      # default 0.5 (assumption)
    "firms.withdrawal_months",                   # default 12 (assumption)
    "education.study_delay_share",               # default 0.4 (assumption checked against CBS; issue 14)
)
# key -> (low, high), read from the declarations
UNCERTAINTIES: dict[str, tuple[float, float]] = {key: P.BY_KEY[key].plausible for key in UNCERTAIN_KEYS}
FALLBACK_LEVERS = ("demand.technical_demand_growth_per_year", "demand.other_demand_growth_per_year")


def ema_name(key: str) -> str:
    return key.replace(".", "__")


def key_of(name: str) -> str:
    return name.replace("__", ".", 1)


def lever_params() -> list[P.Param]:
    """Budget levers declared in model/parameters.py (may be none while levers are being added)."""
    return [p for p in P.PARAMETERS
            if p.lever and p.kind in ("float", "int") and p.name == "budget_eur" and not p.by_year]


def lever_ranges() -> tuple[dict[str, tuple[float, float]], bool]:
    """{key: (low, high)} of the levers, and whether these are the demand-growth stand-ins."""
    levers = {}
    for p in lever_params():
        default = float(p.default) if isinstance(p.default, (int, float)) else 0.0
        low = max(0.0, float(p.low if p.low is not None else 0.0))
        high = 2 * default if default > 0 else float(p.high if p.high is not None else 1.0)
        if p.high is not None:
            high = min(high, float(p.high))
        if high > low:
            levers[p.key] = (low, high)
    if levers:
        return levers, False
    return {k: UNCERTAINTIES[k] for k in FALLBACK_LEVERS if k in P.BY_KEY}, True


def uncertainty_ranges(levers: dict | None = None) -> dict[str, tuple[float, float]]:
    levers = lever_ranges()[0] if levers is None else levers
    out = {}
    for key, (low, high) in UNCERTAINTIES.items():
        p = P.BY_KEY.get(key)
        if p is None or key in levers:  # a parameter renamed or removed elsewhere: skip, do not fail
            continue
        out[key] = (low, high)  # inside [p.low, p.high] (checked where it is declared)
    return out


def outcomes_from_table(table) -> dict[str, float]:
    t = table[(table.region == S.PROVINCE) & (table.occupation_group == "all") & (table.date.dt.year == OUTCOME_YEAR)]

    def pick(ind: str, how: str) -> float:
        v = t.loc[t.indicator == ind, "value"]
        if v.empty:
            return float("nan")
        return float(v.iloc[-1] if how == "last" else v.mean())

    return {"technical_shortfall_2030": pick("technical_shortfall", "last"),
            "technical_shortfall_cumulative_2030": pick("technical_shortfall_cumulative", "last"),
            "unemployment_rate_2030": pick("unemployment_rate", "mean")}


def run_skillsim(scenario: str = str(BASELINE), scale: float = 0.01, seed: int = 0, **params: Any) -> dict[str, float]:
    """Run skillsim once: `params` are parameter values by EMA name (section__name).
    The run covers the scenario's period, which must include 2030. Same seed for every
    experiment by default (common random numbers: outcome differences come from the
    parameters, not from sampling noise)."""
    base = runs.load(scenario)
    overrides = {}
    for name, value in params.items():
        key = key_of(name)
        p = P.BY_KEY[key]
        overrides[key] = int(round(value)) if p.kind == "int" else (bool(value) if p.kind == "bool" else float(value))
    scen = base.with_overrides(nest(overrides)) if overrides else base
    table = runs.run_scenario(scen, seed=int(seed), scale=float(scale))
    return outcomes_from_table(table)


def build_model(scale: float = 0.01, seed: int = 0, scenario: str | Path = BASELINE, name: str = "skillsim"):
    """The EMA Workbench model: uncertainties, levers, constants (scenario, scale, seed), outcomes."""
    import warnings

    with warnings.catch_warnings():  # the optional ipyparallel back-end is not used
        warnings.filterwarnings("ignore", message="ipyparallel not installed")
        from ema_workbench import Constant, IntegerParameter, Model, RealParameter, ScalarOutcome

    scen = runs.load(scenario)
    if not (scen.get("run.start_year") <= OUTCOME_YEAR <= scen.get("run.end_year")):
        raise ValueError(f"{scenario}: the run must include {OUTCOME_YEAR} for the EMA outcomes")

    def param(key: str, low: float, high: float):
        p = P.BY_KEY[key]
        if p.kind == "int":
            return IntegerParameter(ema_name(key), int(low), int(high))
        return RealParameter(ema_name(key), float(low), float(high))

    levers, _ = lever_ranges()
    model = Model(name, function=run_skillsim)
    model.uncertainties = [param(k, lo, hi) for k, (lo, hi) in uncertainty_ranges(levers).items()]
    model.levers = [param(k, lo, hi) for k, (lo, hi) in levers.items()]
    model.constants = [Constant("scenario", str(scenario)), Constant("scale", float(scale)), Constant("seed", int(seed))]
    model.outcomes = [ScalarOutcome(o) for o in OUTCOMES]
    return model
