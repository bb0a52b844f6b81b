"""The tidy results table: the one interface between the model and everything that
reads it (plots, reports, calibration, sweeps, dashboard).

Columns: scenario, seed, date, region, occupation_group, indicator, value, unit.
Totals have region "Noord-Holland" and occupation_group "all". Counts are expressed at
full-population scale (simulated counts divided by the run's scale).

Regions: person stocks and flows (employed, unemployed, ...) are by region of residence;
rows with an occupation group, vacancies and hires are by the region of the job.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from skillsim.model import indicators as I
from skillsim.model import structure as S
from skillsim.model.persons import EDUCATION, EMPLOYED, GONE, INACTIVE, RETRAINING, UNEMPLOYED

ALL = "all"

# Indicator -> (unit, meaning), from the registry (model/indicators.py).
INDICATORS = {i.name: (i.unit, i.meaning) for i in I.REGISTRY}
LEVER_TOTALS = I.LEVER_TOTALS


def _month_end(month_index: np.ndarray) -> pd.DatetimeIndex:
    years, months = month_index // 12, month_index % 12 + 1
    start = pd.to_datetime({"year": years, "month": months, "day": 1})
    return pd.DatetimeIndex(start + pd.offsets.MonthEnd(0))


def tidy(model, scenario_name: str | None = None, keep=None) -> pd.DataFrame:
    """The run's tidy table. `keep(region, occupation_group, indicator) -> bool`, if
    given, selects rows by those three: the table is then exactly the full table's rows
    for which keep is true, in the same order (a comparison builds only the rows it reads,
    skillsim/compare/execute.py)."""
    recs = model.records
    inv = 1.0 / model.scale
    months = np.array([r.month_index for r in recs])
    n_t = len(recs)
    regions = list(S.REGIONS) + [S.PROVINCE]
    blocks: list[tuple[str, str, str, np.ndarray, np.ndarray]] = []  # region, occ, indicator, month_idx, values

    def add(region, occ, indicator, values, month_idx=months):
        if keep is None or keep(region, occ, indicator):
            blocks.append((region, occ, indicator, month_idx, np.asarray(values, dtype=float)))

    stock = np.stack([r.status_stock for r in recs])           # t x region x status
    stock = np.concatenate([stock, stock.sum(axis=1, keepdims=True)], axis=1)
    emp_m = np.stack([r.employed_by_market for r in recs]).reshape(n_t, S.N_REGIONS, S.N_OCCUPATIONS)
    vac_m = np.stack([r.open_vacancies for r in recs]).reshape(n_t, S.N_REGIONS, S.N_OCCUPATIONS)
    htf_m = np.stack([r.hard_to_fill for r in recs]).reshape(n_t, S.N_REGIONS, S.N_OCCUPATIONS)
    hires_m = np.stack([r.job_entries for r in recs]).reshape(n_t, S.N_REGIONS, S.N_OCCUPATIONS)
    below_m = np.stack([r.below_requirement_hires for r in recs]).reshape(n_t, S.N_REGIONS, S.N_OCCUPATIONS)
    given_up_m = np.stack([r.jobs_given_up for r in recs]).reshape(n_t, S.N_REGIONS, S.N_OCCUPATIONS)
    unfilled_m = unfilled_jobs_by_market(recs).reshape(n_t, S.N_REGIONS, S.N_OCCUPATIONS)
    trans = np.stack([r.transitions for r in recs])            # t x region x from x to
    trans = np.concatenate([trans, trans.sum(axis=1, keepdims=True)], axis=1)
    jtj = np.stack([r.job_to_job for r in recs])
    jtj = np.concatenate([jtj, jtj.sum(axis=1, keepdims=True)], axis=1)

    def by_region(arr_rt):  # t x region(5) -> t x 6 with the province total
        return np.concatenate([arr_rt, arr_rt.sum(axis=1, keepdims=True)], axis=1)

    vac_r = by_region(vac_m.sum(axis=2))
    htf_r = by_region((htf_m * S.TECHNICAL[None, None, :]).sum(axis=2))
    hires_r = by_region(hires_m.sum(axis=2))
    below_r = by_region(below_m.sum(axis=2))
    given_up_r = by_region(given_up_m.sum(axis=2))
    unfilled_tech_r = by_region((unfilled_m * S.TECHNICAL[None, None, :]).sum(axis=2))
    unfilled_other_r = by_region((unfilled_m * ~S.TECHNICAL[None, None, :]).sum(axis=2))
    def recorded_by_region(name):  # a per-region count of the records (none recorded: zeros)
        none = np.zeros(S.N_REGIONS, np.int64)
        return by_region(np.stack([none if getattr(r, name) is None else getattr(r, name) for r in recs]))

    ws = recorded_by_region("working_students")
    wp = recorded_by_region("working_pensioners")
    for j, region in enumerate(regions):
        e, u = stock[:, j, EMPLOYED] + ws[:, j] + wp[:, j], stock[:, j, UNEMPLOYED]
        add(region, ALL, "employed", e * inv)
        add(region, ALL, "working_students", ws[:, j] * inv)
        add(region, ALL, "working_pensioners", wp[:, j] * inv)
        add(region, ALL, "unemployed", u * inv)
        add(region, ALL, "inactive", stock[:, j, INACTIVE] * inv)
        add(region, ALL, "in_education", stock[:, j, EDUCATION] * inv)
        add(region, ALL, "in_retraining", stock[:, j, RETRAINING] * inv)
        add(region, ALL, "population", (stock[:, j, :GONE].sum(axis=1)) * inv)
        add(region, ALL, "unemployment_rate", 100.0 * u / np.maximum(e + u, 1))
        add(region, ALL, "open_vacancies", vac_r[:, j] * inv)
        add(region, ALL, "hard_to_fill_technical_vacancies", htf_r[:, j] * inv)
        add(region, ALL, "unfilled_technical_jobs", unfilled_tech_r[:, j] * inv)
        add(region, ALL, "unfilled_nontechnical_jobs", unfilled_other_r[:, j] * inv)
        add(region, ALL, "tension", vac_r[:, j] / np.maximum(u, 1))
        add(region, ALL, "hires", hires_r[:, j] * inv)
        add(region, ALL, "below_requirement_hires", below_r[:, j] * inv)
        add(region, ALL, "jobs_given_up", given_up_r[:, j] * inv)
        t = trans[:, j]
        add(region, ALL, "flow_u_to_e", t[:, UNEMPLOYED, EMPLOYED] * inv)
        add(region, ALL, "flow_e_to_u", t[:, EMPLOYED, UNEMPLOYED] * inv)
        add(region, ALL, "flow_job_to_job", jtj[:, j] * inv)
        add(region, ALL, "flow_into_inactivity", (t[:, EMPLOYED, INACTIVE] + t[:, UNEMPLOYED, INACTIVE]) * inv)
        add(region, ALL, "flow_out_of_inactivity", (t[:, INACTIVE, EMPLOYED] + t[:, INACTIVE, UNEMPLOYED]) * inv)
    add(S.PROVINCE, ALL, "background_retraining_started",
        np.array([r.counters.get("background_retraining_started", 0) for r in recs], dtype=float) * inv)
    # By occupation group: per region of the job and for the province.
    for o, occ in enumerate(S.OCCUPATION_GROUPS):
        for j, region in enumerate(regions):
            sl = slice(None) if region == S.PROVINCE else j
            pick = (lambda a: a[:, :, o].sum(axis=1)) if region == S.PROVINCE else (lambda a: a[:, j, o])
            add(region, occ, "employed", pick(emp_m) * inv)
            add(region, occ, "open_vacancies", pick(vac_m) * inv)
            add(region, occ, "hires", pick(hires_m) * inv)
            add(region, occ, "below_requirement_hires", pick(below_m) * inv)
            add(region, occ, "jobs_given_up", pick(given_up_m) * inv)
            unfilled = "unfilled_technical_jobs" if S.TECHNICAL[o] else "unfilled_nontechnical_jobs"
            add(region, occ, unfilled, pick(unfilled_m) * inv)

    _add_shortfall(model, add, inv)
    _add_tension_uwv(model, add)
    _add_life_course(model, add, inv)
    _add_levers(model, add, inv)
    return _frame(blocks, model, scenario_name)


def unfilled_jobs_by_market(recs) -> np.ndarray:
    """Months x markets: jobs firms want filled and not filled at the end of each month,
    max(0, desired jobs - employed) (a market with more employed than desired jobs, in a
    downturn, has none; simulated units). Never negative."""
    desired = np.stack([r.desired_jobs for r in recs])
    employed = np.stack([r.employed_by_market for r in recs])
    return np.maximum(desired - employed, 0.0)


def avoided_unfilled_technical_jobs(reference: pd.DataFrame, scenario: pd.DataFrame,
                                    region: str = S.PROVINCE, occupation_group: str = ALL) -> pd.Series:
    """A lever's avoided shortfall measured on unfilled technical jobs (docs/odd.md,
    "The technical inflow shortfall: definition"): the reference's unfilled_technical_jobs
    minus the scenario's, per (seed, date), pairing runs by seed. A difference of levels,
    not of running sums of the yearly shortfall, so a year in which inflow exceeds demand
    buys nothing once the unfilled jobs are filled. Both tables are tidy results tables."""
    def level(table):
        rows = table[(table["indicator"] == "unfilled_technical_jobs") & (table["region"] == region)
                     & (table["occupation_group"] == occupation_group)]
        return rows.set_index(["seed", "date"])["value"]
    ref, new = level(reference), level(scenario)
    return (ref - new).dropna().rename("avoided_unfilled_technical_jobs")


def _group_name(group) -> str:
    return f"{group[0]}-{group[1]}"


def _add_life_course(model, add, inv) -> None:
    """Annual life-course indicators (issue 14), dated 31 December: participation by
    age, retirement age, occupation change, school leavers straight into work. Rows only
    for the years the records cover (a model that does not fill them writes none)."""
    recs = model.records
    years = np.array([r.month_index // 12 for r in recs])
    regions = list(S.REGIONS) + [S.PROVINCE]

    def with_total(a):  # years x region(5) x ... -> years x 6 x ...
        return np.concatenate([a, a.sum(axis=1, keepdims=True)], axis=1)

    def pct(num, den):
        return np.where(den > 0, 100.0 * num / np.maximum(den, 1e-12), np.nan)

    uniq = np.unique(years)
    dec = uniq * 12 + 11
    # participation: mean over the year's snapshots (June, December)
    part = [[r.participation for r in recs if r.participation is not None and r.month_index // 12 == y] for y in uniq]
    if all(part):
        pop = with_total(np.stack([np.mean([q[0] for q in qs], axis=0) for qs in part]))  # years x 6 x groups
        emp = with_total(np.stack([np.mean([q[1] for q in qs], axis=0) for qs in part]))
        for j, region in enumerate(regions):
            add(region, ALL, "net_participation_rate", pct(emp[:, j].sum(axis=1), pop[:, j].sum(axis=1)), dec)
            for group in S.PARTICIPATION_AGE_GROUPS + S.PARTICIPATION_CBS_COMPARISON_GROUPS:
                ages = slice(group[0] - 15, group[1] - 15)  # the snapshots hold single years 15..74
                name = _group_name(group) if group[1] - group[0] > 1 else str(group[0])
                add(region, ALL, f"net_participation_rate.{name}", pct(emp[:, j, ages].sum(axis=1), pop[:, j, ages].sum(axis=1)), dec)
    by_year = lambda name: with_total(np.stack([np.sum([getattr(r, name) for r in recs if r.month_index // 12 == y], axis=0)
                                                 for y in uniq]))
    count, age_sum = by_year("retired_count"), by_year("retired_age_months")
    leavers, to_work = by_year("school_leavers"), by_year("school_leavers_to_work")
    for j, region in enumerate(regions):
        add(region, ALL, "retirement_age_mean", np.where(count[:, j] > 0, age_sum[:, j] / np.maximum(count[:, j], 1) / 12.0, np.nan), dec)
        add(region, ALL, "retirements", count[:, j] * inv, dec)
        add(region, ALL, "school_leavers_direct_to_work_rate", pct(to_work[:, j], leavers[:, j]), dec)
    change = {r.month_index // 12: r.occupation_change for r in recs if r.occupation_change is not None}
    if change:
        ys = np.array(sorted(change))
        changed = with_total(np.stack([change[y][0] for y in ys]))
        both = with_total(np.stack([change[y][1] for y in ys]))
        for j, region in enumerate(regions):
            add(region, ALL, "occupation_change_rate", pct(changed[:, j].sum(axis=1), both[:, j].sum(axis=1)), ys * 12 + 11)
            for k, group in enumerate(S.OCCUPATION_CHANGE_AGE_GROUPS):
                add(region, ALL, f"occupation_change_rate.{_group_name(group)}", pct(changed[:, j, k], both[:, j, k]), ys * 12 + 11)


def _add_levers(model, add, inv) -> None:
    """Lever flows from the month counters `lever:<name>:<indicator>` (simulated units)."""
    recs = model.records
    names = [lever.name for lever in getattr(model, "levers", [])]
    for indicator in I.LEVER_INDICATORS:
        per = {n: np.array([r.counters.get(f"lever:{n}:{indicator}", 0) for r in recs], dtype=float) for n in names}
        if indicator in LEVER_TOTALS:
            total = sum(per.values()) if per else np.zeros(len(recs))
            add(S.PROVINCE, ALL, indicator, total * inv)
        for n, values in per.items():  # every lever that is on gets its rows, zero or not
            add(S.PROVINCE, ALL, f"{indicator}.{n}", values * inv)


def shortfall_parts_by_year(model) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per calendar year, in simulated persons (not rescaled): years, expansion and jobs
    left (years x markets), jobs entered (years x markets) and job-to-job moves
    (years x old market x new market)."""
    recs = model.records
    years = np.array([r.month_index // 12 for r in recs])
    uniq = np.unique(years)
    expansion = np.stack([r.expansion for r in recs])
    exits = np.stack([r.job_exits for r in recs])
    entries = np.stack([r.job_entries for r in recs])
    moves = np.stack([r.job_moves for r in recs])
    by_year = lambda a: np.stack([a[years == y].sum(axis=0) for y in uniq])
    return uniq, by_year(expansion), by_year(exits), by_year(entries), by_year(moves)


def shortfall_for(parts, markets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(demand, inflow, shortfall) per year for the set of markets `markets`:
    demand = expansion + jobs left in the set, inflow = jobs entered in the set, both
    without moves from one job in the set to another (those are neither new demand
    nor new technicians). shortfall = demand - inflow."""
    _, expansion, exits, entries, moves = parts
    inside = moves[:, markets][:, :, markets].sum(axis=(1, 2))
    demand = expansion[:, markets].sum(axis=1) + exits[:, markets].sum(axis=1) - inside
    inflow = entries[:, markets].sum(axis=1) - inside
    return demand, inflow, demand - inflow


# UWV's class edges of the spanningsindicator (calibration/data/uwv_tension_and_regional_facts.csv):
# < 0.25 zeer ruim, 0.25-0.67 ruim, 0.67-1.5 gemiddeld, 1.5-4.0 krap, > 4.0 zeer krap.
TENSION_UWV_EDGES = (0.25, 0.67, 1.5, 4.0)
TENSION_UWV_CATEGORIES = ("zeer ruim", "ruim", "gemiddeld", "krap", "zeer krap")


def tension_uwv_category(ratio) -> np.ndarray:
    """Category index 0-4 of a tension_uwv ratio (a value on an edge goes to the higher class)."""
    return np.searchsorted(np.array(TENSION_UWV_EDGES), np.asarray(ratio, dtype=float), side="right").astype(float)


def _add_tension_uwv(model, add) -> None:
    """tension_uwv and its category per complete calendar quarter, by region x occupation
    group, region x all, and the province. Ratio of quarterly means of the month-end stocks
    (simulated units: the scale cancels); no short-term unemployed counts as one, so a cell
    with none reads as very tight (few unemployed at small scales make cells noisy)."""
    recs = model.records
    if any(r.short_unemployed is None for r in recs):
        return  # a model that does not record the short-term unemployed (the plain-Mesa reference)
    months = np.array([r.month_index for r in recs])
    quarter = months // 3
    full = [q for q in np.unique(quarter) if (quarter == q).sum() == 3]
    if not full:
        return
    vac = np.stack([r.open_vacancies for r in recs]).reshape(len(recs), S.N_REGIONS, S.N_OCCUPATIONS)
    short = np.stack([r.short_unemployed for r in recs])
    vq = np.stack([vac[quarter == q].mean(axis=0) for q in full])        # quarters x region x occupation
    uq = np.stack([short[quarter == q].mean(axis=0) for q in full])
    q_end = np.array(full) * 3 + 2

    def emit(region, occ, v, u):
        ratio = v / np.maximum(u, 1.0)
        add(region, occ, "tension_uwv", ratio, q_end)
        add(region, occ, "tension_uwv_category", tension_uwv_category(ratio), q_end)

    for j, region in enumerate(S.REGIONS):
        for o, occ in enumerate(S.OCCUPATION_GROUPS):
            emit(region, occ, vq[:, j, o], uq[:, j, o])
        emit(region, ALL, vq[:, j].sum(axis=1), uq[:, j].sum(axis=1))
    for o, occ in enumerate(S.OCCUPATION_GROUPS):
        emit(S.PROVINCE, occ, vq[:, :, o].sum(axis=1), uq[:, :, o].sum(axis=1))
    emit(S.PROVINCE, ALL, vq.sum(axis=(1, 2)), uq.sum(axis=(1, 2)))


def _add_shortfall(model, add, inv) -> None:
    parts = shortfall_parts_by_year(model)
    years = parts[0]
    dec = years * 12 + 11
    tech = np.flatnonzero(S.TECHNICAL)
    year_of = np.array([r.month_index // 12 for r in model.records])
    given_up_all = np.stack([r.jobs_given_up for r in model.records])
    given_up = np.stack([given_up_all[year_of == y].sum(axis=0) for y in years])  # years x markets

    def emit(region, occ, groups, region_idx=None):
        regions = range(S.N_REGIONS) if region_idx is None else [region_idx]
        markets = np.array([S.market_index(r, o) for r in regions for o in groups])
        demand, inflow, short = shortfall_for(parts, markets)
        add(region, occ, "technical_demand", demand * inv, dec)
        add(region, occ, "technical_inflow", inflow * inv, dec)
        add(region, occ, "technical_shortfall", short * inv, dec)
        add(region, occ, "technical_shortfall_cumulative", np.cumsum(short) * inv, dec)
        add(region, occ, "technical_jobs_given_up", given_up[:, markets].sum(axis=1) * inv, dec)

    emit(S.PROVINCE, ALL, tech)
    # The education-supply view (ROA): technical school leavers against expansion + replacement.
    leavers = np.array([sum(r.counters.get("technical_graduates", 0) for r in model.records
                            if r.month_index // 12 == y) for y in years], dtype=float)
    tech_markets = np.array([S.market_index(r, o) for r in range(S.N_REGIONS) for o in tech])
    demand, _, _ = shortfall_for(parts, tech_markets)
    add(S.PROVINCE, ALL, "technical_school_leavers", leavers * inv, dec)
    add(S.PROVINCE, ALL, "technical_education_supply_gap", (demand - leavers) * inv, dec)
    for o in tech:
        emit(S.PROVINCE, S.OCCUPATION_GROUPS[o], [o])
    for j, region in enumerate(S.REGIONS):
        emit(region, ALL, tech, j)
        for o in tech:
            emit(region, S.OCCUPATION_GROUPS[o], [o], j)


def _frame(blocks, model, scenario_name) -> pd.DataFrame:
    """The blocks as one table. The text columns are built as categoricals straight from
    per-block codes (categories sorted, as astype("category") would make them): the same
    table as repeating the strings row by row and converting, without doing so."""
    lengths = np.array([len(b[3]) for b in blocks], dtype=np.int64)
    month_idx = np.concatenate([b[3] for b in blocks]) if blocks else np.zeros(0, dtype=np.int64)

    def column(names: list[str]) -> pd.Categorical:
        cats = sorted(set(names))
        code = {name: i for i, name in enumerate(cats)}
        codes = np.repeat(np.array([code[n] for n in names], dtype=np.int32), lengths)
        return pd.Categorical.from_codes(codes, categories=pd.Index(cats, dtype="str"))

    indicators = [b[2] for b in blocks]
    units = {k: v[0] for k, v in INDICATORS.items()}
    unit_of = [units[name] if name in units else units[I.base_name(name)] for name in indicators]
    df = pd.DataFrame({
        "scenario": column([scenario_name or model.params.name] * len(blocks)),
        "seed": np.full(len(month_idx), model.seed_value, dtype=np.int64),
        "date": _month_end(month_idx),
        "region": column([b[0] for b in blocks]),
        "occupation_group": column([b[1] for b in blocks]),
        "indicator": column(indicators),
        "value": np.concatenate([b[4] for b in blocks]) if blocks else np.zeros(0),
        "unit": column(unit_of),
    })
    return df
