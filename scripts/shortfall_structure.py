"""What moves the baseline's yearly technical shortfall: per calendar year, the
technical markets' unfilled jobs at the end of December, expansion of desired jobs,
jobs given up, technical job entries by where the entrant came from, and technical job
exits by kind (issue 14's criterion on the year-to-year changes; docs/calibration.md).

    .venv/bin/python scripts/shortfall_structure.py [--scenario baseline] [--seeds 0 1] [--scale 1] [--workers 2]

The model runs unchanged; this script only counts, by wrapping SkillsimModel.move and
.hire (every change of job goes through them) in its own process. Counts are scaled
back to full population (divided by --scale).
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

from skillsim.paths import resolve_scenario

ORIGINS = ("employed elsewhere", "unemployed", "inactive", "in_education", "in_retraining", "new")


def run_one(args) -> pd.DataFrame:
    name, seed, scale = args
    from skillsim.model import structure as S
    from skillsim.model.model import SkillsimModel
    from skillsim.model.persons import EMPLOYED, STATUS_NAMES
    from skillsim.scenario_files import load_scenario

    tech = S.MARKET_TECHNICAL
    counts: dict[tuple[int, str], float] = {}

    def add(model, key, n):
        if n and model.month_index >= model.start_month_index:
            k = (model.month_index // 12, key)
            counts[k] = counts.get(k, 0) + n

    orig_move, orig_hire = SkillsimModel.move, SkillsimModel.hire

    def move(self, idx, to_status, reason, replace_job=True):
        if len(idx):
            p = self.persons
            leaving = idx[(p.status[idx] == EMPLOYED) & (to_status != EMPLOYED)]
            if len(leaving):
                add(self, f"exit: {reason}", int(tech[p.work_market[leaving].astype(np.int64)].sum()))
        orig_move(self, idx, to_status, reason, replace_job)

    def hire(self, idx, firm, market):
        p = self.persons
        into = tech[np.asarray(market, dtype=np.int64)]
        was = p.status[idx]
        from_tech = (was == EMPLOYED) & tech[np.maximum(p.work_market[idx].astype(np.int64), 0)]
        # a move inside the technical markets is neither demand nor inflow
        new = into & ~from_tech
        for s in np.unique(was[new]):
            add(self, "entry from " + ("non-technical job" if s == EMPLOYED else STATUS_NAMES[s]),
                int(np.count_nonzero(was[new] == s)))
        out = ~into & from_tech
        add(self, "exit: to non-technical job", int(out.sum()))
        orig_hire(self, idx, firm, market)

    SkillsimModel.move, SkillsimModel.hire = move, hire
    model = SkillsimModel(load_scenario(resolve_scenario(name)), seed=seed, scale=scale)
    model.run()
    rows = []
    for r in model.records:
        y = r.month_index // 12
        rows.append((y, "expansion", float(r.expansion[tech].sum())))
        rows.append((y, "jobs given up", float(r.jobs_given_up[tech].sum())))
        if r.month_index % 12 == 11:
            unfilled = np.maximum(r.desired_jobs - r.employed_by_market, 0)[tech].sum()
            rows.append((y, "unfilled technical jobs, December", float(unfilled)))
            rows.append((y, "technical employed, December", float(r.employed_by_market[tech].sum())))
            rows.append((y, "technical open vacancies, December", float(r.open_vacancies[tech].sum())))
    rows += [(y, k, v) for (y, k), v in counts.items()]
    df = pd.DataFrame(rows, columns=["year", "item", "value"]).groupby(["year", "item"])["value"].sum().unstack(0)
    df = df / scale
    df.loc["shortfall (change in unfilled + given up)"] = (
        df.loc["unfilled technical jobs, December"].diff() + df.loc["jobs given up"])
    df["seed"] = seed
    return df


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", default="baseline")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    with ProcessPoolExecutor(max_workers=a.workers) as pool:
        tables = list(pool.map(run_one, [(a.scenario, s, a.scale) for s in a.seeds]))
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 20)
    for t in tables:
        seed = int(t.pop("seed").iloc[0])
        print(f"\n{a.scenario}, seed {seed}, scale {a.scale:g} (persons, full-population scale)")
        print(t.round(0).astype("Int64").to_string())
    if len(tables) > 1:
        mean = sum(tables) / len(tables)
        print(f"\nmean of seeds {a.seeds}")
        print(mean.round(0).astype("Int64").to_string())


if __name__ == "__main__":
    main()
