"""Employment effects of scenarios against the first one: runs each scenario for the
same seeds and reports technical, non-technical and total employment and persons in
retraining at one month end, per seed (paired: the same seed in both scenarios) and
their mean. Used for the before/after table of docs/levers.md (issue 15); `skillsim
compare` keeps only the shortfall indicators, hence this script.

    .venv/bin/python scripts/net_employment_effects.py scenarios/no-policy.toml \
        scenarios/individual-learning-account.toml scenarios/package.toml --seeds 4 --scale 0.1

Technical / non-technical employment: the `employed` rows of the technical groups
(structure.TECHNICAL) and of the others, Noord-Holland, by region of the job; total:
`employed` for occupation group `all` (CBS sense: working students included), so
technical + non-technical is not the total.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from skillsim.model import structure as S


def effects(runs: pd.DataFrame, date: str) -> pd.DataFrame:
    nh = runs[(runs["region"] == S.PROVINCE) & (runs["date"] == pd.Timestamp(date))]
    nh = nh.assign(scenario=nh["scenario"].astype(str))
    tech_groups = {S.OCCUPATION_GROUPS[g] for g in S.TECHNICAL_GROUPS}
    emp = nh[nh["indicator"] == "employed"]
    groups = emp[emp["occupation_group"] != "all"]
    is_tech = groups["occupation_group"].astype(str).isin(tech_groups)
    cols = {
        "technical_employment": groups[is_tech].groupby(["scenario", "seed"], observed=True)["value"].sum(),
        "nontechnical_employment": groups[~is_tech].groupby(["scenario", "seed"], observed=True)["value"].sum(),
        "total_employment": emp[emp["occupation_group"] == "all"].groupby(["scenario", "seed"], observed=True)["value"].sum(),
        "in_retraining": nh[(nh["indicator"] == "in_retraining") & (nh["occupation_group"] == "all")]
        .groupby(["scenario", "seed"], observed=True)["value"].sum(),
    }
    return pd.DataFrame(cols)


def differences(level: pd.DataFrame, scenarios: list[str]) -> pd.DataFrame:
    """Each of scenarios[1:] minus scenarios[0], per seed, summarised."""
    ref = level.xs(scenarios[0], level="scenario")
    rows = []
    for name in scenarios[1:]:
        diff = level.xs(name, level="scenario") - ref
        for col in diff.columns:
            rows.append({"scenario": name, "indicator": col, "diff_mean": diff[col].mean(),
                         "diff_min": diff[col].min(), "diff_max": diff[col].max(), "n_seeds": len(diff)})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    from skillsim.errors import UserError
    from skillsim.model.simulate import simulate
    from skillsim.scenario_files import load_scenario

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenarios", nargs="+", type=Path, help="scenario files; the first is the reference")
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--date", nargs="+", default=["2030-12-31"], help="month ends (YYYY-MM-DD), one or more")
    args = ap.parse_args(argv)
    if len(args.scenarios) < 2 or not 1 <= args.seeds <= 100 or not 0 < args.scale <= 1:
        print("net_employment_effects: need two or more scenario files, --seeds 1-100 and --scale in (0, 1]", file=sys.stderr)
        return 2
    try:
        scenarios = [load_scenario(p) for p in args.scenarios]
    except UserError as err:
        print(err, file=sys.stderr)
        return 2
    try:
        dates = [pd.Timestamp(d) for d in args.date]
    except ValueError:
        print(f"net_employment_effects: --date {' '.join(args.date)}: month ends as YYYY-MM-DD are allowed", file=sys.stderr)
        return 2
    tables = []
    for path, scenario in zip(args.scenarios, scenarios):
        for seed in range(args.seeds):
            df = simulate(scenario, seed=seed, scale=args.scale)
            tables.append(df[(df["region"] == S.PROVINCE) & df["date"].isin(dates)].assign(scenario=path.stem, seed=seed))
    runs = pd.concat(tables, ignore_index=True)
    for date in dates:
        out = differences(effects(runs, date), [p.stem for p in args.scenarios])
        print(f"differences against {args.scenarios[0].stem} at {date.date()}, {args.seeds} seeds, scale {args.scale} "
              "(persons, full scale; mean [min, max] over paired seeds)")
        for _, r in out.iterrows():
            print(f"{r.scenario:30s} {r.indicator:25s} {r.diff_mean:+10,.0f}  [{r.diff_min:+,.0f}; {r.diff_max:+,.0f}]  n={r.n_seeds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
