"""The profile of a run as a table (after Starsim's Loop CPU table): the wall time per
mechanism of the monthly order, per lever and for initialisation, accounting and the
results table, as collected by the core (SkillsimModel(profile=True), a plain dict
{name: [calls, seconds]}); formatted and printed here, at the edge."""

from __future__ import annotations

import pandas as pd


def profile_frame(profile: dict[str, list], wall_s: float) -> pd.DataFrame:
    """name, calls, total_s, pct_of_run, ms_per_call: one row per timed part, slowest
    first, and an "untimed" row for the rest of the run's wall time (set-up, progress
    bar). pct_of_run is of `wall_s`, the wall time of the whole run."""
    rows = [(name, int(calls), float(secs)) for name, (calls, secs) in profile.items()]
    rows.sort(key=lambda r: -r[2])
    timed = sum(r[2] for r in rows)
    rows.append(("untimed", 0, max(0.0, wall_s - timed)))
    df = pd.DataFrame(rows, columns=["name", "calls", "total_s"])
    df["pct_of_run"] = 100.0 * df["total_s"] / wall_s if wall_s > 0 else float("nan")
    df["ms_per_call"] = [1000.0 * s / c if c else float("nan") for s, c in zip(df["total_s"], df["calls"])]
    return df


def format_profile(profile: dict[str, list], wall_s: float) -> str:
    df = profile_frame(profile, wall_s)
    width = max(len("name"), *(len(n) for n in df["name"]))
    lines = [f"profile of the run (wall time {wall_s:.2f} s; months include the burn-in)",
             f"{'name':<{width}}  {'calls':>6}  {'total s':>8}  {'% of run':>8}  {'ms/call':>9}"]
    for r in df.itertuples():
        per = "" if r.calls == 0 else f"{r.ms_per_call:9.2f}"
        calls = "" if r.calls == 0 else f"{r.calls:6d}"
        lines.append(f"{r.name:<{width}}  {calls:>6}  {r.total_s:8.2f}  {r.pct_of_run:8.1f}  {per:>9}")
    return "\n".join(lines)
