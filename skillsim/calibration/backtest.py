"""`skillsim backtest --cutoff YEAR`: calibrate on the targets whose data end by the cutoff,
forecast the targets of later years, and score the forecasts against the data next to two
naive forecasts (docs/calibration.md, "Backtest").

Only the data in calibration/data/ are used. Each target gets the last calendar year of
the data it rests on (TARGET_LAST_YEAR); targets up to the cutoff are fitted (history
matching, skillsim/calibration/bayes.py), later ones are forecast by the posterior
predictive (median and 90% interval). Naive forecasts, from the same files:

- carry forward: the last Noord-Holland value observed by the cutoff, unchanged
  (a growth ratio: 1.0);
- national share: Noord-Holland's share of the national series in that last observed
  year, times the national value in the forecast year (a growth ratio: the national
  ratio itself).

A naive forecast needs a Noord-Holland level in the data by the cutoff; targets without
one get no naive forecast (shown as "-").
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from skillsim.paths import calibration_dir

# The last calendar year of the data a target rests on (calibration/targets.toml, its
# `source` and `model` lines): a target is fitted when this is <= the cutoff.
TARGET_LAST_YEAR = {
    "unemployment_rate_start": 2018,        # Jan-Mar 2018
    "unemployment_rate_2018": 2018,
    "open_vacancies_start": 2017,           # NH 2017Q4
    "technical_share_employed": 2018,
    "mbo_technical_enrolment_2017": 2017,
    "employed_2019": 2019,
    "population_2019": 2019,
    "open_vacancies_growth_2019": 2019,
    "u_to_e_rate_quarterly": 2019,          # means over 2018-2019
    "e_to_u_rate_quarterly": 2019,
    "job_to_job_rate_quarterly": 2019,
    "into_inactivity_rate_quarterly": 2019,
    "technical_shortfall_2018_2020": 2020,
    # life-course targets (issue 14): the last year of the data each rests on
    "unemployment_rate_2019": 2019,
    "net_participation_25_45_2018_2019": 2019,
    "net_participation_15_25_2018_2019": 2019,
    "net_participation_65_2018": 2018,
    "net_participation_65_2019": 2019,
    "net_participation_15_75_2019": 2019,
    "retirement_age_mean_2018": 2018,
    "retirement_age_mean_2019": 2019,
    "occupation_change_rate_2018": 2018,
    "occupation_change_rate_15_25_2018": 2018,
    "occupation_change_rate_25_45_2018": 2018,
    "occupation_change_rate_45_75_2018": 2018,
    "school_leavers_direct_to_work_rate_2018_2019": 2019,
}

# Naive forecasts: target -> (variable in cbs_labour_force_snapshots.csv, unit factor) for
# levels; growth ratios of the national vacancy series (cbs_vacancies_nl_annual_1997_2023.csv).
LEVEL_TARGETS = {"employed_2019": ("employed", 1000.0), "population_2019": ("population", 1000.0)}
GROWTH_TARGETS = {"open_vacancies_growth_2019": 2019}


@dataclass
class Naive:
    carry_forward: float
    national_share: float
    basis: str


def _labour_force_rows() -> list[dict]:
    with (calibration_dir() / "data" / "cbs_labour_force_snapshots.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _annual_level(rows, region: str, variable: str, year: int) -> float | None:
    for r in rows:
        if r["region"] == region and r["period"] == str(year) and r["age_group"] == "15-74" and r["variable"] == variable:
            return float(r["value"])
    return None


def _national_vacancies(year: int) -> float | None:
    path = calibration_dir() / "data" / "cbs_vacancies_nl_annual_1997_2023.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["period"] == str(year) and r["variable"] == "open_vacancies_annual_avg" \
                    and r["sector"].startswith("A-U"):
                return float(r["value"])
    return None


def naive_forecast(target: str, cutoff: int) -> Naive | None:
    """The two naive forecasts of a target, from data observed by the cutoff (and the
    national value of the forecast year for the share forecast)."""
    if target in LEVEL_TARGETS:
        variable, factor = LEVEL_TARGETS[target]
        year = TARGET_LAST_YEAR[target]
        rows = _labour_force_rows()
        last = next((y for y in range(cutoff, cutoff - 10, -1)
                     if _annual_level(rows, "Noord-Holland", variable, y) is not None), None)
        if last is None:
            return None
        nh = _annual_level(rows, "Noord-Holland", variable, last)
        nl_then = _annual_level(rows, "Netherlands", variable, last)
        nl_now = _annual_level(rows, "Netherlands", variable, year)
        share = nh / nl_then * nl_now * factor if nl_then and nl_now else math.nan
        return Naive(nh * factor, share, f"NH {last} = {nh:g}k; NL {last} = {nl_then:g}k, NL {year} = {nl_now:g}k "
                                          "(cbs_labour_force_snapshots.csv)")
    if target in GROWTH_TARGETS:
        year = GROWTH_TARGETS[target]
        now, before = _national_vacancies(year), _national_vacancies(year - 1)
        if now is None or before is None:
            return None
        return Naive(1.0, now / before, f"national open vacancies {year} / {year - 1} = {now:g} / {before:g} "
                                        "(cbs_vacancies_nl_annual_1997_2023.csv); the target itself is this "
                                        "national ratio, so the share forecast is exact by construction")
    return None


def split_by_cutoff(targets, cutoff: int):
    """(fitted, forecast): fitted = weight > 0 and data ending by the cutoff; forecast =
    data ending after it (weight > 0 or not)."""
    unknown = [t.name for t in targets if t.name not in TARGET_LAST_YEAR]
    if unknown:
        from skillsim.errors import UserError

        raise UserError(f"targets {', '.join(unknown)} have no data year in skillsim/calibration/backtest.py; "
                        f"allowed: {', '.join(TARGET_LAST_YEAR)}")
    fit = [t for t in targets if t.weight > 0 and TARGET_LAST_YEAR[t.name] <= cutoff]
    later = [t for t in targets if TARGET_LAST_YEAR[t.name] > cutoff]
    return fit, later


def score(predictive: pd.DataFrame, forecast_targets, cutoff: int) -> pd.DataFrame:
    """One row per forecast target: observed, the model's median and 90% predictive
    interval, inside or not, the naive forecasts, and the absolute error of each
    relative to the observed value; `best` names the forecast with the smallest error."""
    rows = []
    by_name = predictive.set_index("target")
    for t in forecast_targets:
        if t.name not in by_name.index:
            continue
        p = by_name.loc[t.name]
        naive = naive_forecast(t.name, cutoff)
        model_err = abs(p.sim_median - t.value) / abs(t.value)
        row = {"target": t.name, "year": TARGET_LAST_YEAR[t.name], "observed": t.value,
               "model_median": p.sim_median, "model_low": p.predictive_low, "model_high": p.predictive_high,
               "inside_90": bool(p.predictive_low <= t.value <= p.predictive_high),
               "model_rel_error": model_err,
               "carry_forward": naive.carry_forward if naive else math.nan,
               "carry_forward_rel_error": abs(naive.carry_forward - t.value) / abs(t.value) if naive else math.nan,
               "national_share": naive.national_share if naive else math.nan,
               "national_share_rel_error": abs(naive.national_share - t.value) / abs(t.value) if naive else math.nan,
               "naive_basis": naive.basis if naive else "no Noord-Holland level in the data by the cutoff"}
        errors = {"model": model_err, "carry forward": row["carry_forward_rel_error"],
                  "national share": row["national_share_rel_error"]}
        errors = {k: v for k, v in errors.items() if v == v}
        row["best"] = min(errors, key=errors.get) if len(errors) > 1 else "- (no naive forecast)"
        rows.append(row)
    return pd.DataFrame(rows)


def table_markdown(scores: pd.DataFrame) -> str:
    lines = ["| target (year) | observed | model median [90% interval] | inside | model error | carry forward (error) "
             "| NH share of national (error) | best |", "|---|---|---|---|---|---|---|---|"]
    f = lambda v: "-" if v != v else (f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}")
    pc = lambda v: "-" if v != v else f"{100 * v:.1f}%"
    for _, r in scores.iterrows():
        lines.append(f"| {r.target} ({r.year}) | {f(r.observed)} | {f(r.model_median)} [{f(r.model_low)}; "
                     f"{f(r.model_high)}] | {'yes' if r.inside_90 else 'NO'} | {pc(r.model_rel_error)} | "
                     f"{f(r.carry_forward)} ({pc(r.carry_forward_rel_error)}) | {f(r.national_share)} "
                     f"({pc(r.national_share_rel_error)}) | {r.best} |")
    return "\n".join(lines)


def write(out: Path, scores: pd.DataFrame, meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    scores.to_csv(out / "backtest.csv", index=False, float_format="%.6g")
    inside = int(scores.inside_90.sum())
    text = [f"# Backtest, cutoff {meta['cutoff']}", "", "Written by `skillsim backtest` (skillsim/calibration/backtest.py).", ""]
    text += [f"- {k}: {v}" for k, v in meta.items()]
    compared = scores[scores.best != "- (no naive forecast)"]
    text += ["", f"**{inside} of {len(scores)} forecast targets inside the model's 90% predictive interval. "
             f"Where a naive forecast exists ({len(compared)} targets), the model is best on "
             f"{int((compared.best == 'model').sum())}.** Errors are relative to the observed value.", "", table_markdown(scores), "",
             "Naive forecasts: " + "; ".join(f"{r.target}: {r.naive_basis}" for _, r in scores.iterrows()), ""]
    (out / "backtest.md").write_text("\n".join(text))
