"""The search: which parameters are fitted, how one evaluation is run, the resumable
evaluation log, and the design (Latin hypercube, then Nelder-Mead from the best point).

One *evaluation* = one parameter vector run with every seed (common random numbers:
the same seeds for every vector, so the averaged objective is a deterministic function
of the vector and Nelder-Mead can work on it). Each (vector, seed) run is one line in
the log (JSON lines), keyed by a hash of the vector, seed, scale, end year and base
scenario; a restarted calibration reads the log and runs only what is missing.
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from scipy.stats import qmc

from skillsim.model import parameters as P
from skillsim.calibration.targets import Target, compute_moments, mean_moments, objective


@dataclass(frozen=True)
class Fitted:
    key: str          # section.name in model.parameters
    why: str          # what pins it down

    @property
    def low(self) -> float:
        """Calibration bounds: the parameter's plausible range (Param.plausible)."""
        return P.BY_KEY[self.key].plausible[0]

    @property
    def high(self) -> float:
        return P.BY_KEY[self.key].plausible[1]

    @property
    def section(self) -> str:
        return self.key.split(".")[0]

    @property
    def name(self) -> str:
        return self.key.split(".")[1]


# The parameters fitted, within their plausible ranges (declared in model/parameters.py,
# inside the allowed [low, high]).
FITTED = (
    Fitted("separations.separation_rate_per_month",
           "E->U flow; declared [0, 0.05], CBS 82848NED gives ~0.4%/month"),
    Fitted("separations.quit_to_inactivity_rate_per_month",
           "E->N flow and employment level; declared [0, 0.05]"),
    Fitted("separations.on_the_job_search_share_per_month",
           "job-to-job moves; declared [0, 0.5]"),
    Fitted("matching.unemployed_search_probability",
           "U->E flow; declared [0, 1]"),
    Fitted("matching.inactive_search_probability",
           "N->E flow and employment level; declared [0, 0.2]"),
    Fitted("matching.hire_probability_perfect_fit",
           "all hires, vacancy stock; declared [0, 1]"),
    Fitted("inactivity.unemployed_to_inactive_rate_per_month",
           "U->N flow, unemployment rate; declared [0, 0.5]"),
    Fitted("inactivity.inactive_to_unemployed_rate_per_month",
           "N->U flow and the employment level (issue 14: the retired no longer re-enter); declared [0, 0.2]"),
    Fitted("matching.mobility_scale",
           "occupation change by age (CBS 83119NED, issue 14); declared [0.1, 10]"),
    Fitted("matching.cross_group_penalty",
           "occupation change and the share of hires from other groups (issue 14); declared [0, 5]"),
    Fitted("retirement.share_at_pension_age",
           "retirement age and participation past the pension age (issue 14); declared [0, 1]"),
    Fitted("retirement.rate_after_pension_age_per_year",
           "retirement age and participation past the pension age (issue 14); declared [0, 1]"),
    Fitted("separations.separation_tension_elasticity",
           "the cycle (issue 14): separations in 2018-2019 as vacancies rose; weakly identified; declared [0, 5]"),
    # issue 15: firms adapt to vacancies they cannot fill; they act on the open vacancies
    # (open_vacancies_start, open_vacancies_growth_2019) and on the shortfall target
    Fitted("firms.requirements_review_months",
           "vacancy stock and technical hires (issue 15: firms lower requirements); an integer; declared [1, 60]"),
    Fitted("firms.lower_requirements_share",
           "vacancy stock and technical hires (issue 15); UWV werkgeversonderzoek 2022 46%; declared [0, 1]"),
    Fitted("firms.lowered_requirements_fit_power",
           "vacancy stock and technical hires (issue 15); assumption; declared [0, 1]"),
    Fitted("firms.withdrawal_months",
           "vacancy stock and the shortfall (issue 15: vacancies given up); an integer; declared [2, 120]"),
    # issue 15: training without a lever; a background course for another group changes the
    # occupation (occupation_change_rate targets) and takes the trainee out of work for its months
    Fitted("retraining.background_training_share_per_year",
           "occupation change and the flows (issue 15); CPB 2016 1.7-3.6% a year; declared [0, 0.2]"),
    Fitted("retraining.background_same_group_share",
           "occupation change (issue 15); STAP 2022-2023 58%; declared [0, 1]"),
    Fitted("demand.technical_demand_growth_per_year",
           "one value for 2018-2020 (FIT_LAST_YEAR), carried forward as the central path (CONTINUES); "
           "technical shortfall and share; declared [-0.15, 0.15]"),
)
WINDOW_LAST_YEAR = 2019  # a by-year parameter is fitted as one value for the years up to this
# ... except where a target covers a later year: technical demand growth is fitted as one value
# for 2018-2020, the years of the council's shortfall figure (technical_shortfall_2018_2020).
# Before issue 14's final fit it covered 2018-2019 and the base table's hand-set 0.65% for 2020
# followed: the fitted 1.9% then fell to 0.65% in one year, and the shortfall of 2020 fell
# from about 2,100 to -150 at full scale (seed 0) on that step alone.
FIT_LAST_YEAR = {"demand.technical_demand_growth_per_year": 2020}
# A fitted value that CONTINUES past its fit window: the baseline's central demand path is the
# 2018-2020 fitted technical demand growth carried forward (the "nothing changes" projection;
# docs/calibration.md, "The central demand path"). Until issue 14's demand-path decision the base
# table's hand-set 0.9% followed from 2021, a step that alone made the baseline's 2021 shortfall
# fall from about 1,700 to about 400 a year (16 seeds, scale 0.1). The base table's entries after
# fit_last_year + 1 are kept (a base scenario that changes demand later keeps its course).
CONTINUES = frozenset({"demand.technical_demand_growth_per_year"})


def fit_last_year(key: str) -> int:
    """Last year a by-year parameter's fitted value applies to."""
    return FIT_LAST_YEAR.get(key, WINDOW_LAST_YEAR)


def is_int(key: str) -> bool:
    return P.BY_KEY[key].kind == "int"


def as_kind(key: str, value: float) -> float:
    """The value as the model runs it: an integer parameter (e.g. firms.withdrawal_months)
    is rounded to the nearest integer; the search and the emulators work on the continuous
    value, the runs and the overlay on the rounded one."""
    return float(round(value)) if is_int(key) else value


def check_bounds() -> None:
    for f in FITTED:
        p = P.BY_KEY[f.key]
        assert p.low <= f.low < f.high <= p.high, f.key


def to_overrides(values: dict[str, float], base) -> dict[str, dict]:
    """Scenario overrides for fitted values. A by-year parameter gets the value for every
    year up to fit_last_year(key) (WINDOW_LAST_YEAR unless FIT_LAST_YEAR says otherwise); the
    base table's later entries are kept, except that a key in CONTINUES keeps its fitted value
    in fit_last_year + 1 too (so on until the base table's next entry after that year)."""
    out: dict[str, dict] = {}
    for f in FITTED:
        v = as_kind(f.key, float(values[f.key]))
        if is_int(f.key):
            v = int(v)
        if P.BY_KEY[f.key].by_year:
            after = fit_last_year(f.key) + 1
            table = base.get(f.key)
            later = {y: x for y, x in table.items() if y > after} if isinstance(table, dict) else {}
            v = {base.get("run.start_year"): v, after: v if f.key in CONTINUES else base.at(f.key, after), **later}
        out.setdefault(f.section, {})[f.name] = v
    return out


def unit_to_values(x: np.ndarray) -> dict[str, float]:
    x = np.clip(np.asarray(x, dtype=float), 0.0, 1.0)
    return {f.key: as_kind(f.key, float(round(f.low + xi * (f.high - f.low), 10))) for f, xi in zip(FITTED, x)}


def values_to_unit(values: dict[str, float]) -> np.ndarray:
    return np.array([(values[f.key] - f.low) / (f.high - f.low) for f in FITTED])


def vector_hash(values: dict[str, float]) -> str:
    text = json.dumps({k: float(f"{values[k]:.10g}") for k in sorted(values)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def run_key(vhash: str, seed: int, setting: dict) -> str:
    text = json.dumps({"v": vhash, "seed": seed, **setting}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


# ----------------------------------------------------------------- worker processes
_BASE_CACHE: dict = {}


def _base_scenario(path: str, end_year: int):
    key = (path, end_year)
    if key not in _BASE_CACHE:
        from skillsim.runs import load

        _BASE_CACHE[key] = load(path).with_overrides({"run": {"end_year": end_year}})
    return _BASE_CACHE[key]


def run_one(task: dict) -> dict:
    """Run one (vector, seed) in a worker; returns the log record."""
    from skillsim.runs import run_scenario

    base = _base_scenario(task["scenario"], task["end_year"])
    scenario = base.with_overrides(to_overrides(task["values"], base), name="calibration")
    table = run_scenario(scenario, seed=task["seed"], scale=task["scale"])
    return {"key": task["key"], "vector": task["vhash"], "seed": task["seed"], "values": task["values"],
            "stage": task["stage"], "moments": compute_moments(table)}


# ----------------------------------------------------------------- the log
class EvaluationLog:
    """Append-only JSON-lines log of runs; a restart skips runs already in it."""

    def __init__(self, path: Path, setting: dict):
        self.path = Path(path)
        self.setting = setting
        self.records: dict[str, dict] = {}
        self.reused = 0
        self.new = 0
        if self.path.is_file():
            for line in self.path.read_text().splitlines():
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut short by an interrupted run
                if rec.get("setting") == setting:
                    self.records[rec["key"]] = rec

    def append(self, rec: dict) -> None:
        rec = {**rec, "setting": self.setting}
        self.records[rec["key"]] = rec
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a") as fh:
            fh.write(json.dumps(rec) + "\n")
            fh.flush()
            os.fsync(fh.fileno())


class Evaluator:
    """Evaluates parameter vectors over seeds, in parallel, through the log."""

    def __init__(self, targets: list[Target], scenario: str, seeds: list[int], scale: float, end_year: int,
                 workers: int, log: EvaluationLog, progress=None):
        self.targets, self.scenario, self.seeds = targets, scenario, seeds
        self.scale, self.end_year, self.log, self.progress = scale, end_year, log, progress
        # spawn, not fork: the parent may hold threads (tqdm, pyarrow), and forking those can deadlock
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) \
            if workers > 1 else None
        self.history: list[dict] = []   # evaluations in the search, in order

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def per_seed(self, points: list[dict[str, float]], stage: str) -> list[list[dict]]:
        """Moments per seed for each point (runs missing from the log are run)."""
        tasks, keys = [], []
        for values in points:
            vh = vector_hash(values)
            row = []
            for seed in self.seeds:
                key = run_key(vh, seed, self.log.setting)
                row.append(key)
                if key not in self.log.records and key not in {t["key"] for t in tasks}:
                    tasks.append({"key": key, "vhash": vh, "seed": seed, "values": values, "stage": stage,
                                  "scenario": self.scenario, "end_year": self.end_year, "scale": self.scale})
                else:
                    self.log.reused += 1
            keys.append(row)
        if tasks:
            results = self.pool.map(run_one, tasks, chunksize=1) if self.pool else map(run_one, tasks)
            for rec in results:
                self.log.append(rec)
                self.log.new += 1
                if self.progress:
                    self.progress(1)
        if self.progress and len(tasks) < sum(len(r) for r in keys):
            self.progress(sum(len(r) for r in keys) - len(tasks))
        return [[self.log.records[k]["moments"] for k in row] for row in keys]

    def evaluate(self, points: list[dict[str, float]], stage: str) -> list[float]:
        out = []
        for values, moments in zip(points, self.per_seed(points, stage)):
            mean = mean_moments(moments)
            obj = objective(self.targets, mean)
            self.history.append({"values": values, "stage": stage, "objective": obj, "moments": mean})
            out.append(obj)
        return out


class BudgetExhausted(Exception):
    pass


def search(evaluator: Evaluator, budget: int, start: dict[str, float], seed: int = 20180101) -> dict:
    """LHS over the bounds (about 60% of the budget, the base point included), then
    Nelder-Mead in unit coordinates from the best point with the rest. Returns the best."""
    k = len(FITTED)
    n_lhs = max(1, min(budget - 1, int(math.ceil(0.6 * budget)))) if budget > 1 else 1
    design = qmc.LatinHypercube(d=k, seed=seed).random(max(n_lhs - 1, 0))
    points = [start] + [unit_to_values(x) for x in design]
    evaluator.evaluate(points[:n_lhs], "lhs")
    remaining = budget - n_lhs
    if remaining > 0:
        best = min(evaluator.history, key=lambda h: h["objective"])
        x0 = values_to_unit(best["values"])
        simplex = [x0] + [x0 + np.where(x0[i] > 0.5, -0.15, 0.15) * np.eye(k)[i] for i in range(k)]
        calls = {"n": 0}

        def f(x):
            if calls["n"] >= remaining:
                raise BudgetExhausted
            calls["n"] += 1
            value = evaluator.evaluate([unit_to_values(x)], "nelder-mead")[0]
            return value if np.isfinite(value) else 1e12

        try:
            minimize(f, x0, method="Nelder-Mead",
                     options={"initial_simplex": np.array(simplex), "maxfev": remaining, "xatol": 1e-3, "fatol": 1e-4})
        except BudgetExhausted:
            pass
    return min(evaluator.history, key=lambda h: h["objective"])


def start_values(base) -> dict[str, float]:
    """The base scenario's values of the fitted parameters (clipped into the bounds)."""
    out = {}
    for f in FITTED:
        v = base.at(f.key, 2018)
        out[f.key] = float(min(max(v, f.low), f.high))
    return out
