"""The stored baseline run that every test run compares against (tests/baseline/).

`tests/baseline/baseline_run.parquet` is the whole tidy table of a small, fixed-seed
baseline run; `tests/baseline/summary.csv` is a readable per-indicator summary of it
(Noord-Holland totals: one row per indicator and date), so a change shows in a diff as
the indicators and dates that moved. Both change only through
`scripts/update_baseline.py`, with the reason in the commit message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from skillsim.paths import CHECKOUT_ROOT, scenario_dir
from skillsim.model.simulate import simulate
from skillsim.scenario_files import load_scenario

STORED_DIR = CHECKOUT_ROOT / "tests" / "baseline"
STORED = STORED_DIR / "baseline_run.parquet"
SUMMARY = STORED_DIR / "summary.csv"
SETTINGS = {"scenario": "scenarios/baseline.toml", "seed": 7, "scale": 0.004}


def stored_run() -> pd.DataFrame:
    scenario = load_scenario(scenario_dir() / Path(SETTINGS["scenario"]).name)
    return simulate(scenario, seed=SETTINGS["seed"], scale=SETTINGS["scale"])


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Noord-Holland totals, one row per (indicator, date), values as printed in the CSV."""
    nh = table[(table.region == "Noord-Holland") & (table.occupation_group == "all")]
    out = nh[["indicator", "date", "value", "unit"]].copy()
    out["indicator"] = out["indicator"].astype(str)
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    return out.sort_values(["indicator", "date"]).reset_index(drop=True)


def differences(fresh: pd.DataFrame, stored: pd.DataFrame, limit: int = 20) -> list[str]:
    """Lines naming what moved: indicators and dates whose value differs, rows present in
    only one table; empty when the tables are identical."""
    keys = ["indicator", "date", "region", "occupation_group"]
    a = fresh.assign(indicator=fresh.indicator.astype(str), region=fresh.region.astype(str),
                     occupation_group=fresh.occupation_group.astype(str)).set_index(keys)["value"]
    b = stored.assign(indicator=stored.indicator.astype(str), region=stored.region.astype(str),
                      occupation_group=stored.occupation_group.astype(str)).set_index(keys)["value"]
    lines = []
    only_fresh = a.index.difference(b.index)
    only_stored = b.index.difference(a.index)
    for idx in only_fresh[:limit]:
        lines.append(f"new row: {idx}")
    for idx in only_stored[:limit]:
        lines.append(f"missing row: {idx}")
    both = a.index.intersection(b.index)
    moved = (a[both] != b[both]) & ~(a[both].isna() & b[both].isna())
    changed = moved[moved].index
    if len(changed):
        by_indicator = pd.Series(1, index=changed).groupby(level="indicator").size().sort_values(ascending=False)
        lines.append(f"{len(changed)} values moved in {len(by_indicator)} indicators: "
                     + ", ".join(f"{name} ({n})" for name, n in by_indicator.items()))
        for idx in changed[:limit]:
            lines.append(f"  {idx[0]} {pd.Timestamp(idx[1]).date()} {idx[2]} / {idx[3]}: "
                         f"stored {b[idx]!r}, now {a[idx]!r}")
    return lines


def write(table: pd.DataFrame) -> None:
    STORED_DIR.mkdir(parents=True, exist_ok=True)
    table.to_parquet(STORED, index=False)
    summary(table).to_csv(SUMMARY, index=False, float_format="%.6g")
    (STORED_DIR / "settings.json").write_text(json.dumps(SETTINGS, indent=2) + "\n")
