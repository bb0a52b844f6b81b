"""From the combined tidy table to the comparison table: per ensemble member, then over members.

A member (column `member`) is one seed, or with `compare --ensemble` one (parameter
draw, demand path, seed) (skillsim/compare/ensemble.py).

Reads the tidy table only (scenario, seed, date, region, occupation_group, indicator,
value, unit). Differences against the first scenario are paired by seed: the runs of
one seed share their random numbers, so the paired difference removes most noise.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from skillsim import bands as B
from skillsim.model import parameters as P
from skillsim.model.scenario import Scenario
from skillsim.compare import net_effects as NE
from skillsim.compare.execute import LEVER_INDICATORS, PROVINCE
from skillsim.compare.select import text_is, text_mask

MEMBER = "member"  # the ensemble member a run belongs to (= seed without --ensemble)


def with_member(table: pd.DataFrame) -> pd.DataFrame:
    """The table with a member column (a table of seeds only: member = seed)."""
    return table if MEMBER in table.columns else table.assign(**{MEMBER: table["seed"]})

COLUMNS = (
    "scenario", "description", "start_year", "end_year", "n_seeds", "scale",
    "shortfall_2030_mean", "shortfall_2030_p10", "shortfall_2030_p90",
    "shortfall_cumulative_2030_mean", "shortfall_cumulative_2030_p10", "shortfall_cumulative_2030_p90",
    "diff_cumulative_vs_first_mean", "diff_ci_low", "diff_ci_high",
    "diff_2030_vs_first_mean", "diff_2030_ci_low", "diff_2030_ci_high",
    "unemployment_rate_2030_mean", "unemployment_rate_2030_p10", "unemployment_rate_2030_p90",
    "shortfall_years_cumulative_mean", "shortfall_years_cumulative_p10", "shortfall_years_cumulative_p90",
    "surplus_years_mean", "diff_shortfall_years_vs_first_mean", "diff_shortfall_years_ci_low",
    "diff_shortfall_years_ci_high", "diff_cumulative_distinguishable", "diff_2030_distinguishable",
    *LEVER_INDICATORS,  # the registry's compared lever indicators (model/indicators.py)
    "cost_per_shortfall_avoided_eur", "cost_per_avoided_reason",
    # Net effects in December of the end year, paired against the first scenario
    # (skillsim/compare/net_effects.py; per year in net_effects.csv).
    "net_technical_employment_2030_diff_mean", "net_technical_employment_2030_diff_ci_low",
    "net_technical_employment_2030_diff_ci_high",
    "net_nontechnical_employment_2030_diff_mean", "net_nontechnical_employment_2030_diff_ci_low",
    "net_nontechnical_employment_2030_diff_ci_high",
    "net_total_employment_2030_diff_mean", "net_total_employment_2030_diff_ci_low",
    "net_total_employment_2030_diff_ci_high",
    "unfilled_technical_2030_diff_mean", "unfilled_technical_2030_diff_ci_low", "unfilled_technical_2030_diff_ci_high",
    "unfilled_technical_job_years_diff_mean", "unfilled_technical_job_years_diff_ci_low",
    "unfilled_technical_job_years_diff_ci_high",
    "unfilled_nontechnical_2030_diff_mean", "unfilled_nontechnical_2030_diff_ci_low",
    "unfilled_nontechnical_2030_diff_ci_high",
    "in_retraining_2030_diff_mean", "in_retraining_2030_diff_ci_low", "in_retraining_2030_diff_ci_high",
    "effect_distinguishable",
    "cost_per_net_technical_job_eur", "cost_per_net_technical_job_reason",
    "cost_per_net_job_eur", "cost_per_net_job_reason",
)
# comparison.csv column prefix -> net effect (skillsim/compare/net_effects.py EFFECTS)
NET_COLUMN_EFFECTS = {
    "net_technical_employment_2030_diff": "technical_employment",
    "net_nontechnical_employment_2030_diff": "nontechnical_employment",
    "net_total_employment_2030_diff": "total_employment",
    "unfilled_technical_2030_diff": "unfilled_technical_jobs",
    "unfilled_technical_job_years_diff": "unfilled_technical_job_years",
    "unfilled_nontechnical_2030_diff": "unfilled_nontechnical_jobs",
    "in_retraining_2030_diff": "in_retraining",
}


def province_rows(table: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Rows of `indicator` for the whole province, to be summed per date: the exact
    indicator if present, else its per-lever parts ('<indicator>.<lever>'); of
    those the 'Noord-Holland' total if there is one, else every region; and occupation
    group 'all' if there is one, else every group."""
    rows = table[text_is(table["indicator"], indicator)]
    if not len(rows):
        rows = table[text_mask(table["indicator"], lambda names: _per_lever(names, indicator))]
    for column, total in (("region", PROVINCE), ("occupation_group", "all")):
        picked = rows[rows[column] == total]
        rows = picked if len(picked) else rows
    return rows


def has_indicator(table: pd.DataFrame, indicator: str) -> bool:
    return bool(text_mask(table["indicator"], lambda names: (names == indicator) | _per_lever(names, indicator)).any())


def _per_lever(names: pd.Series, indicator: str) -> pd.Series:
    """Per-lever parts of an indicator: '<indicator>.<lever>' or 'lever:<lever>:<indicator>'."""
    return names.str.startswith(indicator + ".") | (names.str.startswith("lever:") & names.str.endswith(":" + indicator))


def per_seed(table: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """One row per (scenario, member): the numbers each summary column is built from."""
    table = with_member(table)
    idx = table[["scenario", MEMBER]].drop_duplicates().sort_values(["scenario", MEMBER])
    out = pd.DataFrame(index=pd.MultiIndex.from_frame(idx))

    def at_end(indicator: str) -> pd.Series:
        rows = province_rows(table, indicator)
        rows = rows[pd.DatetimeIndex(rows["date"]).year == end_year]
        last = rows[rows["date"] == rows.groupby(["scenario", MEMBER], observed=True)["date"].transform("max")]
        return last.groupby(["scenario", MEMBER], observed=True)["value"].sum()

    def total(indicator: str) -> pd.Series:
        rows = province_rows(table, indicator)
        rows = rows[pd.DatetimeIndex(rows["date"]).year.isin(range(start_year, end_year + 1))]
        return rows.groupby(["scenario", MEMBER], observed=True)["value"].sum()

    out["shortfall_end"] = at_end("technical_shortfall")
    if has_indicator(table, "technical_shortfall_cumulative"):
        out["shortfall_cum"] = at_end("technical_shortfall_cumulative")
    else:
        out["shortfall_cum"] = total("technical_shortfall")
    yearly = annual(table, start_year, end_year)
    out["shortfall_pos"] = yearly.clip(lower=0).groupby(level=["scenario", MEMBER], observed=True).sum()
    out["surplus_years"] = (yearly < 0).groupby(level=["scenario", MEMBER], observed=True).sum()
    out["unemployment_end"] = at_end("unemployment_rate")
    for ind in LEVER_INDICATORS:
        if has_indicator(table, ind):
            out[ind] = total(ind).reindex(out.index).fillna(0.0)
        else:
            out[ind] = 0.0 if ind == "cost_eur" else np.nan
    return out


def annual(table: pd.DataFrame, start_year: int, end_year: int) -> pd.Series:
    """The province's technical shortfall per (scenario, member, year), years start..end."""
    table = with_member(table)
    rows = province_rows(table, "technical_shortfall")
    years = pd.DatetimeIndex(rows["date"]).year
    rows = rows.assign(year=years)[years.isin(range(start_year, end_year + 1))]
    return rows.groupby(["scenario", MEMBER, "year"], observed=True)["value"].sum()


def yearly_bands(table: pd.DataFrame, start_year: int, end_year: int, cumulative: bool = False) -> pd.DataFrame:
    """Per scenario and year: the band (skillsim.bands) of the shortfall in that year, or of
    the shortfall summed from start_year to that year (cumulative=True)."""
    yearly = annual(table, start_year, end_year)
    if cumulative:
        yearly = yearly.groupby(level=["scenario", MEMBER], observed=True).cumsum()
    return B.band(yearly.rename("value").reset_index(), ["scenario", "year"])


paired_ci = B.paired_interval  # the one definition of a paired difference's interval (skillsim.bands)


def summarise(table: pd.DataFrame, scenarios: list[Scenario], labels: list[str], scale: float,
              start_year: int, end_year: int) -> pd.DataFrame:
    """The comparison table: one row per scenario, columns COLUMNS.

    Cost-effectiveness is computed only where it means something: the scenario changes
    policy levers, costs more than the reference, and reduces the shortfall counted over
    shortfall years only (a year with more inflow than demand counts as 0, so a surplus
    cannot buy a lower cost per technician) by an amount whose 95% interval excludes zero.
    The net-effect columns (net_columns) do the same for the cost per net (technical) job."""
    seeds_frame = per_seed(table, start_year, end_year)
    first = seeds_frame.loc[labels[0]]
    net_levels = NE.levels(table, start_year, end_year)
    rows = []
    for sc, label in zip(scenarios, labels):
        mine = seeds_frame.loc[label]
        paired = mine.merge(first.add_suffix("_first"), left_index=True, right_index=True, how="inner")
        row: dict[str, Any] = {"scenario": label, "description": sc.description, "start_year": start_year,
                               "end_year": end_year, "n_seeds": len(mine), "scale": scale}
        m, lo, hi = B.spread(mine["shortfall_end"])
        row.update(shortfall_2030_mean=m, shortfall_2030_p10=lo, shortfall_2030_p90=hi)
        m, lo, hi = B.spread(mine["shortfall_cum"])
        row.update(shortfall_cumulative_2030_mean=m, shortfall_cumulative_2030_p10=lo, shortfall_cumulative_2030_p90=hi)
        m, lo, hi = B.spread(mine["shortfall_pos"])
        row.update(shortfall_years_cumulative_mean=m, shortfall_years_cumulative_p10=lo, shortfall_years_cumulative_p90=hi)
        row["surplus_years_mean"] = float(mine["surplus_years"].mean())
        m, lo, hi = paired_ci(paired["shortfall_cum"] - paired["shortfall_cum_first"])
        row.update(diff_cumulative_vs_first_mean=m, diff_ci_low=lo, diff_ci_high=hi)
        m, lo, hi = paired_ci(paired["shortfall_end"] - paired["shortfall_end_first"])
        row.update(diff_2030_vs_first_mean=m, diff_2030_ci_low=lo, diff_2030_ci_high=hi)
        m, lo, hi = paired_ci(paired["shortfall_pos"] - paired["shortfall_pos_first"])
        row.update(diff_shortfall_years_vs_first_mean=m, diff_shortfall_years_ci_low=lo, diff_shortfall_years_ci_high=hi)
        row["diff_cumulative_distinguishable"] = B.distinguishable(row["diff_ci_low"], row["diff_ci_high"])
        row["diff_2030_distinguishable"] = B.distinguishable(row["diff_2030_ci_low"], row["diff_2030_ci_high"])
        m, lo, hi = B.spread(mine["unemployment_end"])
        row.update(unemployment_rate_2030_mean=m, unemployment_rate_2030_p10=lo, unemployment_rate_2030_p90=hi)
        for ind in LEVER_INDICATORS:
            row[ind] = float(mine[ind].mean())
        avoided = -row["diff_shortfall_years_vs_first_mean"]
        extra_cost = row["cost_eur"] - float(first["cost_eur"].mean())
        # Only for a scenario that changes policy levers (one that differs only in the
        # economy gets n/a), costs more, and avoids shortfall told apart from chance.
        changes_levers = any(param is not None and param.lever for param, *_ in changed_params(scenarios[0], sc))
        reduces = B.distinguishable(row["diff_shortfall_years_ci_low"], row["diff_shortfall_years_ci_high"]) \
            and row["diff_shortfall_years_ci_high"] < 0
        row["cost_per_shortfall_avoided_eur"] = (extra_cost / avoided if reduces and extra_cost > 0 and changes_levers
                                                 else math.nan)
        row["cost_per_avoided_reason"] = ("" if not math.isnan(row["cost_per_shortfall_avoided_eur"]) else
                                          "reference" if label == labels[0] else
                                          "no_levers" if not changes_levers else
                                          "no_extra_cost" if extra_cost <= 0 else
                                          "not_distinguishable" if not reduces else "")
        row.update(net_columns(net_levels, label, labels[0], end_year, extra_cost, changes_levers))
        rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def net_columns(net_levels: pd.DataFrame, label: str, reference: str, end_year: int, extra_cost: float,
                 changes_levers: bool) -> dict[str, Any]:
    """The net-effect columns of one scenario: paired differences in December of the end
    year, effect_distinguishable (the interval of the cumulative shortfall on unfilled
    technical jobs, unfilled_technical_job_years, excludes zero) and the costs per net
    (technical) job with the reason when there is none."""
    diffs = NE.at_end(net_levels, label, reference, end_year)
    row: dict[str, Any] = {}
    for prefix, effect in NET_COLUMN_EFFECTS.items():
        d = diffs[effect]
        m, lo, hi = B.paired_interval(d) if len(d) else (math.nan,) * 3
        row.update({f"{prefix}_mean": m, f"{prefix}_ci_low": lo, f"{prefix}_ci_high": hi})
    row["effect_distinguishable"] = B.distinguishable(row["unfilled_technical_job_years_diff_ci_low"],
                                                      row["unfilled_technical_job_years_diff_ci_high"])
    is_reference = label == reference
    for column, effect in (("cost_per_net_technical_job", "technical_employment"),
                           ("cost_per_net_job", "total_employment")):
        value, reason = NE.cost_per_net_job(extra_cost, diffs[effect], is_reference, changes_levers)
        row[f"{column}_eur"], row[f"{column}_reason"] = value, reason
    return row


def bands(table: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Per scenario and date: the band over seeds (skillsim.bands: mean, median, low =
    10th, high = 90th percentile) of the province's value."""
    rows = province_rows(table, indicator)
    return B.band(B.members(rows, ["scenario", "date"]), ["scenario", "date"])


def changed_params(reference: Scenario, scenario: Scenario) -> list[tuple[P.Param | None, str, Any, Any]]:
    """Parameters whose value differs from the reference scenario: (param, key, ref value, value)."""
    out = []
    for section, values in scenario.params.items():
        for name, value in values.items():
            ref = reference.params.get(section, {}).get(name)
            if ref != value:
                key = f"{section}.{name}"
                out.append((P.BY_KEY.get(key), key, ref, value))
    return out
