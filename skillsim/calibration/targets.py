"""Calibration targets (calibration/targets.toml) and the simulated moments that match them.

Each target's table name is the name of a moment in MOMENTS: a function of one run's
tidy results table (Noord-Holland, occupation group "all"). A moment the model cannot
produce returns NaN and its target must have weight 0.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from skillsim.model import structure as S
from skillsim.errors import UserError
from skillsim.scenario_files import read_toml_document

PROVINCE = S.PROVINCE
TECHNICAL_GROUPS = tuple(S.OCCUPATION_GROUPS[i] for i in S.TECHNICAL_GROUPS)
# Indicators the moments need, monthly, for the province.
MONTHLY = ("employed", "unemployed", "population", "unemployment_rate", "open_vacancies",
           "flow_u_to_e", "flow_e_to_u", "flow_job_to_job", "flow_into_inactivity",
           "flow_out_of_inactivity", "inactive")


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    unit: str
    error: float
    weight: float
    source: str
    model: str
    note: str = ""


def load_targets(path: str | Path) -> tuple[list[Target], str]:
    """Targets in file order and the file's sha256. Bad files raise UserError."""
    path = Path(path)
    doc, raw = read_toml_document(path, "targets", UserError)
    tables = doc.get("targets")
    if not isinstance(tables, dict) or not tables:
        raise UserError(f"{path}: no [targets.<name>] tables; allowed names: {', '.join(MOMENTS)}")
    out = []
    for name, t in tables.items():
        if name not in MOMENTS:
            raise UserError(f"{path}: unknown target '{name}'; allowed: {', '.join(MOMENTS)}")
        try:
            target = Target(name, float(t["value"]), str(t["unit"]), float(t["error"]), float(t["weight"]),
                            str(t["source"]), str(t["model"]), str(t.get("note", "")))
        except (KeyError, TypeError, ValueError) as exc:
            raise UserError(f"{path}: target '{name}' needs value, unit, error > 0, weight >= 0, source, model ({exc})") from None
        if not (target.error > 0 and target.weight >= 0):
            raise UserError(f"{path}: target '{name}': error must be > 0 and weight >= 0")
        out.append(target)
    return out, hashlib.sha256(raw).hexdigest()


def province_monthly(table: pd.DataFrame) -> pd.DataFrame:
    """date x indicator for the province totals (one seed's table)."""
    rows = table[(table.region == PROVINCE) & (table.occupation_group == "all") & table.indicator.isin(MONTHLY)]
    return rows.pivot_table(index="date", columns="indicator", values="value", observed=True, aggfunc="mean")


def _mean_in(series: pd.Series, first: str, last: str) -> float:
    part = series.loc[first:last]
    return float(part.mean()) if len(part) else math.nan


def _monthly_rate(num: pd.Series, den: pd.Series, first="2018", last="2019") -> float:
    rate = (num / den.shift(1)).loc[first:last].dropna()
    return float(rate.mean()) if len(rate) else math.nan


def compute_moments(table: pd.DataFrame) -> dict[str, float]:
    """Every moment in MOMENTS for one run's tidy table."""
    m = province_monthly(table)
    out: dict[str, float] = {}
    for name, (fn, _doc) in MOMENTS.items():
        try:
            value = fn(table, m)
        except (KeyError, ZeroDivisionError):
            value = math.nan
        out[name] = float(value) if value is not None and np.isfinite(value) else math.nan
    return out


def _technical_share(table, m):
    rows = table[(table.region == PROVINCE) & (table.indicator == "employed")
                 & table.occupation_group.isin(TECHNICAL_GROUPS)]
    tech = rows.groupby("date", observed=True)["value"].sum()
    return 100.0 * _mean_in(tech / m["employed"], "2018", "2018")


def _shortfall(table, m):
    rows = table[(table.region == PROVINCE) & (table.occupation_group == "all")
                 & (table.indicator == "technical_shortfall")]
    s = rows.groupby("date", observed=True)["value"].mean()
    return _mean_in(s, "2018", "2020")


def _annual(table, indicator: str, first: int, last: int) -> float:
    """Mean over the years first..last of an annual province indicator (dated 31 December)."""
    rows = table[(table.region == PROVINCE) & (table.occupation_group == "all") & (table.indicator == indicator)]
    s = rows.groupby("date", observed=True)["value"].mean()
    return _mean_in(s, str(first), str(last))


def _quarterly(monthly: float) -> float:
    return 100.0 * (1.0 - (1.0 - monthly) ** 3)


MOMENTS = {
    "unemployment_rate_start": (lambda t, m: _mean_in(m["unemployment_rate"], "2018-01", "2018-03"),
                                "mean unemployment_rate Jan-Mar 2018 (%)"),
    "unemployment_rate_2018": (lambda t, m: _mean_in(m["unemployment_rate"], "2018", "2018"),
                               "mean unemployment_rate 2018 (%)"),
    "employed_2019": (lambda t, m: _mean_in(m["employed"], "2019", "2019"), "mean employed 2019"),
    "population_2019": (lambda t, m: _mean_in(m["population"], "2019", "2019"), "mean population 2019"),
    "open_vacancies_start": (lambda t, m: _mean_in(m["open_vacancies"], "2018-01", "2018-03"),
                             "mean open_vacancies Jan-Mar 2018"),
    "open_vacancies_growth_2019": (lambda t, m: _mean_in(m["open_vacancies"], "2019", "2019")
                                   / _mean_in(m["open_vacancies"], "2018", "2018"),
                                   "mean open_vacancies 2019 / 2018"),
    "technical_share_employed": (_technical_share, "technical employed / employed 2018 (%)"),
    "u_to_e_rate_quarterly": (lambda t, m: _quarterly(_monthly_rate(m["flow_u_to_e"], m["unemployed"])),
                              "1-(1-f)^3, f = flow_u_to_e / unemployed(t-1), 2018-2019 (%)"),
    "e_to_u_rate_quarterly": (lambda t, m: _quarterly(_monthly_rate(m["flow_e_to_u"], m["employed"])),
                              "1-(1-s)^3, s = flow_e_to_u / employed(t-1), 2018-2019 (%)"),
    "job_to_job_rate_quarterly": (lambda t, m: 300.0 * _monthly_rate(m["flow_job_to_job"], m["employed"]),
                                  "3 x flow_job_to_job / employed(t-1), 2018-2019 (%)"),
    "into_inactivity_rate_quarterly": (lambda t, m: 300.0 * _monthly_rate(m["flow_into_inactivity"],
                                                                          m["employed"] + m["unemployed"]),
                                       "3 x flow_into_inactivity / labour force(t-1), 2018-2019 (%)"),
    "technical_shortfall_2018_2020": (_shortfall, "mean annual technical_shortfall 2018-2020"),
    # issue 14: life course and labour supply
    "unemployment_rate_2019": (lambda t, m: _mean_in(m["unemployment_rate"], "2019", "2019"),
                               "mean unemployment_rate 2019 (%)"),
    "net_participation_25_45_2018_2019": (lambda t, m: _annual(t, "net_participation_rate.25-45", 2018, 2019),
                                          "net_participation_rate.25-45, mean 2018-2019 (%)"),
    "net_participation_15_25_2018_2019": (lambda t, m: _annual(t, "net_participation_rate.15-25", 2018, 2019),
                                          "net_participation_rate.15-25, mean 2018-2019 (%)"),
    "net_participation_65_2018": (lambda t, m: _annual(t, "net_participation_rate.65", 2018, 2018),
                                  "net_participation_rate.65 (age 65), 2018 (%)"),
    "net_participation_65_2019": (lambda t, m: _annual(t, "net_participation_rate.65", 2019, 2019),
                                  "net_participation_rate.65 (age 65), 2019 (%)"),
    "net_participation_15_75_2019": (lambda t, m: _annual(t, "net_participation_rate", 2019, 2019),
                                     "net_participation_rate (15-74), 2019 (%)"),
    "retirement_age_mean_2018": (lambda t, m: _annual(t, "retirement_age_mean", 2018, 2018),
                                 "retirement_age_mean 2018 (years)"),
    "retirement_age_mean_2019": (lambda t, m: _annual(t, "retirement_age_mean", 2019, 2019),
                                 "retirement_age_mean 2019 (years)"),
    "occupation_change_rate_2018": (lambda t, m: _annual(t, "occupation_change_rate", 2018, 2018),
                                    "occupation_change_rate 2018 (%)"),
    "occupation_change_rate_15_25_2018": (lambda t, m: _annual(t, "occupation_change_rate.15-25", 2018, 2018),
                                          "occupation_change_rate.15-25 2018 (%)"),
    "occupation_change_rate_25_45_2018": (lambda t, m: _annual(t, "occupation_change_rate.25-45", 2018, 2018),
                                          "occupation_change_rate.25-45 2018 (%)"),
    "occupation_change_rate_45_75_2018": (lambda t, m: _annual(t, "occupation_change_rate.45-75", 2018, 2018),
                                          "occupation_change_rate.45-75 2018 (%)"),
    "school_leavers_direct_to_work_rate_2018_2019": (lambda t, m: _annual(t, "school_leavers_direct_to_work_rate", 2018, 2019),
                                                     "school_leavers_direct_to_work_rate, mean 2018-2019 (%)"),
    "mbo_technical_enrolment_2017": (lambda t, m: math.nan, "not produced by the tidy table"),
}


def objective(targets: list[Target], moments: dict[str, float]) -> float:
    """Weighted mean squared standardised distance: sum w ((sim - obs)/err)^2 / sum w.
    A fitted target whose moment is NaN makes the objective infinite."""
    num = den = 0.0
    for t in targets:
        if t.weight <= 0:
            continue
        sim = moments.get(t.name, math.nan)
        if not np.isfinite(sim):
            return math.inf
        num += t.weight * ((sim - t.value) / t.error) ** 2
        den += t.weight
    return num / den if den else math.nan


def mean_moments(per_seed: list[dict[str, float]]) -> dict[str, float]:
    """Average moments over seeds (simulated method of moments: average, then compare)."""
    keys = per_seed[0].keys() if per_seed else ()
    return {k: float(np.nanmean([d[k] for d in per_seed])) if any(np.isfinite(d[k]) for d in per_seed) else math.nan
            for k in keys}
