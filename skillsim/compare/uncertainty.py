"""What a comparison says about uncertainty beyond its bands: the split of each band into
chance, parameters and demand (skillsim/compare/ensemble.py: decompose), and the chance
of each UWV tension category (tension_categories.csv). Reads the comparison's tidy table.
"""

from __future__ import annotations

import pandas as pd

from skillsim.compare import ensemble as E
from skillsim.compare.execute import rows_of
from skillsim.compare.summary import MEMBER, per_seed, with_member
from skillsim.model import structure as S
from skillsim.model.results import TENSION_UWV_CATEGORIES, tension_uwv_category

CATEGORY_COLUMNS = tuple("p_" + c.replace(" ", "_") for c in TENSION_UWV_CATEGORIES)
TECHNICAL_GROUPS = tuple(S.OCCUPATION_GROUPS[i] for i in S.TECHNICAL_GROUPS)
REPORT_YEARS = (2025, 2030)


def _member_frame(table: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in ("parameter_draw", "demand_path", "seed") if c in table.columns]
    return table[["scenario", MEMBER] + cols].drop_duplicates(["scenario", MEMBER])


def decomposition(table: pd.DataFrame, labels: list[str], start: int, end: int) -> pd.DataFrame:
    """Per scenario: the variance split of the cumulative shortfall at the end year
    (quantity 'level') and of its paired difference against the first scenario
    (quantity 'difference'; not for the first)."""
    # per_seed's shortfall_cum reads only these two indicators: the rest of an
    # ensemble's millions of rows would only slow it down
    table = with_member(rows_of(table, lambda n: n in ("technical_shortfall", "technical_shortfall_cumulative")))
    per = per_seed(table, start, end)["shortfall_cum"].rename("value").reset_index()
    per = per.merge(_member_frame(table), on=["scenario", MEMBER], how="left")
    if "parameter_draw" not in per:
        per["parameter_draw"] = -1
    if "demand_path" not in per:
        per["demand_path"] = ""
    per["demand_path"] = per["demand_path"].astype(str)
    rows = []
    first = per[per.scenario == labels[0]].set_index(MEMBER)["value"]
    for label in labels:
        mine = per[per.scenario == label].set_index(MEMBER)
        rows.append({"scenario": label, "quantity": "level", "n": len(mine),
                     **E.decompose(mine.reset_index())})
        if label != labels[0]:
            d = mine.assign(value=mine["value"] - first.reindex(mine.index)).dropna(subset=["value"])
            rows.append({"scenario": label, "quantity": "difference", "n": len(d), **E.decompose(d.reset_index())})
    return pd.DataFrame(rows)


def tension_categories(table: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """Per scenario, region, occupation group and year: the share of ensemble members whose
    yearly tension_uwv (mean of the year's quarterly ratios) falls in each UWV category."""
    rows = with_member(rows_of(table, lambda n: n == "tension_uwv"))
    if not len(rows):
        return pd.DataFrame(columns=["scenario", "region", "occupation_group", "year", *CATEGORY_COLUMNS, "n_members"])
    rows = rows.assign(year=pd.DatetimeIndex(rows["date"]).year)
    yearly = rows.groupby(["scenario", "region", "occupation_group", "year", MEMBER], observed=True)["value"].mean()
    cat = pd.Series(tension_uwv_category(yearly.to_numpy()), index=yearly.index).astype(int)
    counts = cat.groupby(level=["scenario", "region", "occupation_group", "year"], observed=True).value_counts()
    wide = counts.unstack(fill_value=0).reindex(columns=range(len(TENSION_UWV_CATEGORIES)), fill_value=0)
    n = wide.sum(axis=1)
    out = wide.div(n, axis=0)
    out.columns = list(CATEGORY_COLUMNS)
    out["n_members"] = n
    out = out.reset_index()
    out["scenario"] = pd.Categorical(out["scenario"].astype(str), categories=labels, ordered=True)
    return out.sort_values(["scenario", "region", "occupation_group", "year"]).reset_index(drop=True)


def report_years(categories: pd.DataFrame) -> list[int]:
    """REPORT_YEARS (2025, 2030) where the run covers them, else the last year it covers."""
    have = set(int(y) for y in categories["year"]) if len(categories) else set()
    years = [y for y in REPORT_YEARS if y in have]
    return years or ([max(have)] if have else [])


def tight_chance(categories: pd.DataFrame, years=None) -> pd.DataFrame:
    """Per scenario, region and technical occupation group: the chance of krap or zeer krap
    (p_krap + p_zeer_krap) in each of `years` (default report_years); columns tight_<year>."""
    years = report_years(categories) if years is None else years
    part = categories[categories.occupation_group.astype(str).isin(TECHNICAL_GROUPS)
                      & categories.year.isin(years)].copy()
    part["tight"] = part["p_krap"] + part["p_zeer_krap"]
    wide = part.pivot_table(index=["scenario", "region", "occupation_group"], columns="year", values="tight",
                            observed=True)
    wide.columns = [f"tight_{y}" for y in wide.columns]
    return wide.reset_index()


def ensemble_composition(table: pd.DataFrame) -> tuple[int, int, int] | None:
    """(parameter draws, demand paths, seeds) when the table comes from an ensemble with
    more than seeds; None for seeds only."""
    if "parameter_draw" not in table.columns:
        return None
    d = int(table["parameter_draw"].nunique())
    p = int(table["demand_path"].astype(str).nunique())
    s = int(table["seed"].nunique())
    if d <= 1 and p <= 1:
        return None
    return d, p, s


def region_order(frame: pd.DataFrame) -> list[str]:
    regions = [r for r in S.REGIONS if r in set(frame["region"].astype(str))]
    return regions + ([S.PROVINCE] if S.PROVINCE in set(frame["region"].astype(str)) else [])
