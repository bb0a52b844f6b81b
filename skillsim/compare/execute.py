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
from skillsim.model.simulate import simulate, simulate_branches

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


def keep_row(region: str, occupation_group: str, indicator: str) -> bool:
    """The rows a comparison reads (skillsim.model.results.tidy's `keep`): the core
    indicators for occupation group 'all' (every region), the group indicators (every
    region and group) and every row of a lever indicator, also per lever."""
    return ((indicator in CORE_INDICATORS and occupation_group == "all") or indicator in GROUP_INDICATORS
            or (region == PROVINCE and (indicator in PROVINCE_GROUP_INDICATORS
                                        or (indicator in NET_INDICATORS and occupation_group == "all")))
            or lever_indicator(indicator) is not None)


SUMMARY_INDICATORS = ("technical_shortfall", "technical_shortfall_cumulative", "unemployment_rate")


def rows_of(table: pd.DataFrame, wanted) -> pd.DataFrame:
    """The rows whose indicator name satisfies `wanted(name)`, in their order. The test
    runs once per indicator name (a category), not once per row."""
    names = table["indicator"]
    cats = names.cat.categories if isinstance(names.dtype, pd.CategoricalDtype) else pd.Index(names.unique())
    return table[names.isin([n for n in cats if wanted(str(n))])]


def summary_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows the comparison table and fan charts read (skillsim.compare.summary:
    province_rows selects by indicator first, so the other rows never matter): the
    shortfall, its cumulative sum, unemployment and each lever indicator, as its total
    or, where the table has no total, its per-lever parts. Summarising these alone gives
    exactly the same numbers (tests/test_ensemble_speed.py checks), several times faster
    for an ensemble's millions of rows."""
    from skillsim.compare.summary import _per_lever

    names = table["indicator"]
    cats = pd.Series(names.cat.categories if isinstance(names.dtype, pd.CategoricalDtype) else names.unique(),
                     dtype="str")
    wanted = set(n for n in cats if n in SUMMARY_INDICATORS or n in PROVINCE_GROUP_INDICATORS + NET_INDICATORS)
    for ind in LEVER_INDICATORS:
        wanted |= {ind} if (cats == ind).any() else set(cats[_per_lever(cats, ind)])
    return table[names.isin(sorted(wanted))]


def _labelled(table: pd.DataFrame, label: str, seed: int, member=None) -> pd.DataFrame:
    out = table.copy()
    for col in ("scenario", "region", "occupation_group", "indicator", "unit"):
        out[col] = out[col].astype(str)
    out["scenario"] = label
    out["member"] = member.member if member is not None else seed
    out["parameter_draw"] = member.parameter_draw if member is not None else -1
    out["demand_path"] = member.demand_path if member is not None else ""
    return out.reset_index(drop=True)


def run_one(task: tuple) -> pd.DataFrame:
    """Run one (scenario, label, seed, scale[, member]) and keep the rows the comparison
    needs (keep_row; only those are built). Columns member, parameter_draw and
    demand_path name the ensemble member (skillsim/compare/ensemble.py); without one,
    member = seed."""
    scenario, label, seed, scale = task[:4]
    member = task[4] if len(task) > 4 else None
    runs.check_run_options(seed, scale)
    return _labelled(simulate(scenario, seed=seed, scale=scale, keep=keep_row), label, seed, member)


def run_group(group: tuple) -> list[pd.DataFrame]:
    """Run the tasks of one group (same scenario label, seed and scale) that share their
    months before branch_month: those months are simulated once
    (skillsim.model.simulate.simulate_branches). group = (tasks, branch_month); the
    tables come back in the order of the tasks, each as run_one would return it."""
    tasks, branch_month = group
    if len(tasks) == 1:
        return [run_one(tasks[0])]
    scenario, label, seed, scale = tasks[0][:4]
    runs.check_run_options(seed, scale)
    tables = simulate_branches(scenario, [t[0] for t in tasks], branch_month, seed=seed, scale=scale, keep=keep_row)
    return [_labelled(table, t[1], t[2], t[4] if len(t) > 4 else None) for table, t in zip(tables, tasks)]


def group_tasks(tasks: list[tuple], share: bool = True) -> list[tuple[list[int], int]]:
    """Tasks as groups (task positions, branch month): tasks of one scenario label,
    parameter draw, seed and scale whose scenarios differ only from some year after the
    burn-in on (the demand paths of an ensemble: from demand_paths.toml's from_year)
    share the months before it. Without members, or share=False, every task is its own
    group."""
    from skillsim.compare.ensemble import first_difference_year

    if not share:
        return [([i], 0) for i in range(len(tasks))]
    by_key: dict[tuple, list[int]] = {}
    for i, t in enumerate(tasks):
        member = t[4] if len(t) > 4 else None
        key = (t[1], t[2], t[3], member.parameter_draw) if member is not None else ("task", i)
        by_key.setdefault(key, []).append(i)
    groups = []
    for idx in by_key.values():
        base = tasks[idx[0]][0]
        run_start = base.get("run.start_year") * 12 - base.get("run.burn_in_months")
        years = [first_difference_year(base, tasks[i][0]) for i in idx[1:]]
        years = [y for y in years if y is not None]
        month = min(years) * 12 if years else base.get("run.end_year") * 12 + 12
        if len(idx) > 1 and month >= base.get("run.start_year") * 12 and month > run_start:
            groups.append((idx, month))
        else:  # the branches differ in the burn-in or the first year: nothing to share
            groups.extend(([i], 0) for i in idx)
    return groups


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
    groups = group_tasks(tasks, share=ensemble is not None)
    workers = min(workers or os.cpu_count() or 1, len(groups))
    parts: dict[int, pd.DataFrame] = {}

    def done(g: int, tables: list[pd.DataFrame]) -> None:
        for i, table in zip(groups[g][0], tables):
            parts[i] = table
        bar.update(len(tables))

    with PG.bar(len(tasks), f"compare (scale {scale:g}, {workers} workers)", "run", progress, sys.stderr) as bar:
        if workers == 1:
            for g, (idx, month) in enumerate(groups):
                done(g, _checked(run_group, ([tasks[i] for i in idx], month)))
        else:
            # forkserver, not fork: forking a process with threads (tqdm, pyarrow) can deadlock
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["skillsim.model.simulate", "skillsim.runs"])
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                # longest groups first, so no worker is left with a long group at the end
                order = sorted(range(len(groups)), key=lambda g: -len(groups[g][0]))
                futures = {pool.submit(run_group, ([tasks[i] for i in groups[g][0]], groups[g][1])): g
                           for g in order}
                pending = set(futures)
                while pending:
                    # FIRST_COMPLETED: the bar moves as each run finishes (FIRST_EXCEPTION
                    # returned only at the end when nothing failed)
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        g = futures[fut]
                        if fut.exception() is not None:
                            for other in pending:
                                other.cancel()
                            _, lab, seed, _ = tasks[groups[g][0][0]][:4]
                            raise RuntimeError(f"run of scenario '{lab}' with seed {seed} failed: "
                                               f"{fut.exception()!r}") from fut.exception()
                        done(g, fut.result())
    table = pd.concat([parts[i] for i in range(len(tasks))], ignore_index=True)
    table["scenario"] = pd.Categorical(table["scenario"], categories=list(dict.fromkeys(labels)), ordered=True)
    for col in ("region", "occupation_group", "indicator", "unit", "demand_path"):
        table[col] = table[col].astype("category")
    return table


def _checked(fn, task):
    try:
        return fn(task)
    except Exception as exc:  # a model bug, not bad input: name the run, keep the traceback
        first = task[0][0] if isinstance(task[0], list) else task  # a group: its first task
        _, lab, seed, _ = first[:4]
        raise RuntimeError(f"run of scenario '{lab}' with seed {seed} failed: {exc!r}") from exc
