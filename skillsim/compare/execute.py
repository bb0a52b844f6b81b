"""Run every scenario over the same seeds (common random numbers), in parallel.

One task = (scenario, seed, scale). Seed i is the same number for every scenario, and the
model draws each kind of random decision from its own named stream derived from the
seed, so the runs of one seed differ between scenarios only through the levers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

import pandas as pd

from skillsim.model import indicators as I
from skillsim.model.scenario import Scenario
from skillsim import progress as PG, runs

PROVINCE = "Noord-Holland"
# Indicators the comparison reads. The lever indicators (those the registry,
# model/indicators.py, marks `compared`) may be missing from a model version without levers.
CORE_INDICATORS = ("technical_shortfall", "technical_shortfall_cumulative", "unemployment_rate",
                   "technical_education_supply_gap")
# Kept for every region and occupation group: tension_categories.csv is built from them.
GROUP_INDICATORS = ("tension_uwv",)
# Kept for the province and every occupation group: the net effects on technical and
# non-technical employment (skillsim/compare/net_effects.py).
PROVINCE_GROUP_INDICATORS = ("employed",)
# Kept for the province (occupation group 'all'): the other net effects.
NET_INDICATORS = ("unfilled_technical_jobs", "unfilled_nontechnical_jobs", "in_retraining")
LEVER_INDICATORS = I.COMPARED_LEVER_INDICATORS
NEEDED = CORE_INDICATORS + LEVER_INDICATORS


def lever_indicator(name: str) -> str | None:
    """'cost_eur', 'cost_eur.house_of_skills' (per lever, model.results) or
    'lever:house_of_skills:cost_eur' -> 'cost_eur'; other names -> None."""
    base = I.base_name(name)
    return base if base in LEVER_INDICATORS else None


def run_one(task: tuple) -> pd.DataFrame:
    """Run one (scenario, label, seed, scale[, member]) and keep the rows the comparison
    needs: the core indicators (occupation group 'all', every region), the group
    indicators (every region and group), the net-effect indicators (the province:
    `employed` per occupation group, the NET_INDICATORS for 'all') and every row of a
    lever indicator, also per lever ('<indicator>.<lever>'). Columns member, parameter_draw and demand_path name the
    ensemble member (skillsim/compare/ensemble.py); without one, member = seed."""
    scenario, label, seed, scale = task[:4]
    member = task[4] if len(task) > 4 else None
    table = runs.run_scenario(scenario, seed=seed, scale=scale)
    indicator = table["indicator"].astype(str)
    core = indicator.isin(CORE_INDICATORS) & (table["occupation_group"] == "all")
    province = table["region"] == PROVINCE
    net = province & (indicator.isin(PROVINCE_GROUP_INDICATORS)
                      | (indicator.isin(NET_INDICATORS) & (table["occupation_group"] == "all")))
    keep = core | net | indicator.isin(GROUP_INDICATORS) | indicator.map(lambda name: lever_indicator(name) is not None)
    out = table.loc[keep].copy()
    for col in ("scenario", "region", "occupation_group", "indicator", "unit"):
        out[col] = out[col].astype(str)
    out["scenario"] = label
    out["member"] = member.member if member is not None else seed
    out["parameter_draw"] = member.parameter_draw if member is not None else -1
    out["demand_path"] = member.demand_path if member is not None else ""
    return out.reset_index(drop=True)


def run_all(scenarios: list[Scenario], labels: list[str], seeds: list[int], scale: float,
            workers: int | None = None, progress: bool = True, ensemble=None) -> pd.DataFrame:
    """All scenario x seed runs as one tidy table (scenario column = the labels, in the
    order given, as an ordered category). workers=1 runs in this process. `ensemble`:
    (members, make) with make(scenario, member) -> the member's scenario; then every
    scenario runs every member (same members for all: paired) instead of the seeds."""
    if ensemble is None:
        tasks = [(sc, lab, seed, scale) for sc, lab in zip(scenarios, labels) for seed in seeds]
    else:
        members, make = ensemble
        tasks = [(make(sc, m), lab, m.seed, scale, m) for sc, lab in zip(scenarios, labels) for m in members]
    workers = min(workers or os.cpu_count() or 1, len(tasks))
    parts: dict[int, pd.DataFrame] = {}
    with PG.bar(len(tasks), f"compare (scale {scale:g}, {workers} workers)", "run", progress, sys.stderr) as bar:
        if workers == 1:
            for i, task in enumerate(tasks):
                parts[i] = _checked(run_one, task)
                bar.update(1)
        else:
            # forkserver, not fork: forking a process with threads (tqdm, pyarrow) can deadlock
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["skillsim.model.simulate", "skillsim.runs"])
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                futures = {pool.submit(run_one, task): i for i, task in enumerate(tasks)}
                pending = set(futures)
                while pending:
                    # FIRST_COMPLETED: the bar moves as each run finishes (FIRST_EXCEPTION
                    # returned only at the end when nothing failed)
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        i = futures[fut]
                        if fut.exception() is not None:
                            for other in pending:
                                other.cancel()
                            _, lab, seed, _ = tasks[i][:4]
                            raise RuntimeError(f"run of scenario '{lab}' with seed {seed} failed: "
                                               f"{fut.exception()!r}") from fut.exception()
                        parts[i] = fut.result()
                        bar.update(1)
    table = pd.concat([parts[i] for i in range(len(tasks))], ignore_index=True)
    table["scenario"] = pd.Categorical(table["scenario"], categories=list(dict.fromkeys(labels)), ordered=True)
    for col in ("region", "occupation_group", "indicator", "unit", "demand_path"):
        table[col] = table[col].astype("category")
    return table


def _checked(fn, task):
    try:
        return fn(task)
    except Exception as exc:  # a model bug, not bad input: name the run, keep the traceback
        _, lab, seed, _ = task[:4]
        raise RuntimeError(f"run of scenario '{lab}' with seed {seed} failed: {exc!r}") from exc
