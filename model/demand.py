"""Demand: the jobs firms want filled grow along the scenario's growth path; every job
left is offered again (replacement) and every new job is offered (expansion).

Each market (work region x occupation group) keeps `desired_jobs`. Each month:
    firms adapt (model.firms.adapt): vacancies open long enough get lowered requirements
    or are withdrawn, and a withdrawn vacancy's job is given up (desired_jobs - 1);
    desired_jobs *= (1 + growth) ** (1/12)
    open vacancies are brought to desired_jobs - employed: jobs left last month are
    re-offered at the same firm first, the rest at firms drawn by size and sector;
    where fewer are wanted, the newest vacancies are withdrawn;
    where employment exceeds desired jobs (a downturn), part of the excess is laid off.
"""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S
from skillsim.model.firms import adapt, new_vacancy_ids
from skillsim.model.accounting import employed_by_market_now
from skillsim.model.persons import UNEMPLOYED
from skillsim.model.sampling import round_with

MARKETS = np.arange(S.N_MARKETS)  # market ids, for the per-market draws


def step(model) -> None:
    par, t, firms, rec = model.params, model.month_index, model.firms, model.record
    adapt(model)
    growth = np.where(
        S.MARKET_TECHNICAL,
        par.at("demand.technical_demand_growth_per_year", model.year),
        par.at("demand.other_demand_growth_per_year", model.year),
    )
    old = model.desired_jobs
    model.desired_jobs = old * (1.0 + growth) ** (1.0 / 12.0)
    rec.expansion += model.desired_jobs - old

    employed = employed_by_market_now(model)
    rng = model.draws("demand.vacancies")
    gap = model.desired_jobs - employed
    wanted = np.maximum(0, round_with(gap, rng.keyed_uniform(MARKETS, "round_gap")))  # one draw per market
    have = firms.vacancies_by_market()
    left_firm, left_market = firms.take_jobs_left()

    # Withdraw the newest vacancies where fewer are wanted.
    surplus = have - wanted
    if np.any(surplus > 0):
        firms.sort_vacancies()
        withdraw = []
        bounds = np.concatenate([[0], np.cumsum(firms.vacancies_by_market())])
        for m in np.flatnonzero(surplus > 0):
            withdraw.append(np.arange(bounds[m + 1] - surplus[m], bounds[m + 1]))
        firms.close_vacancies(np.concatenate(withdraw))
        rec.vacancies_withdrawn += np.maximum(surplus, 0)

    # Open new ones: replacements at the firm the job was left, then expansion.
    need = np.maximum(wanted - have, 0)
    if need.sum() > 0:
        # Replacements first: up to `need` of the jobs left in each market, at their firm.
        order = np.argsort(left_market, kind="stable")
        left_firm, left_market = left_firm[order], left_market[order]
        left_counts = np.bincount(left_market, minlength=S.N_MARKETS)
        left_start = np.concatenate([[0], np.cumsum(left_counts)])[:-1]
        rank = np.arange(len(left_market)) - left_start[left_market]
        reuse = rank < need[left_market]
        n_replace = np.minimum(left_counts, need)
        extra_markets = np.repeat(np.arange(S.N_MARKETS), need - n_replace)
        extra_u = rng.keyed_uniform(new_vacancy_ids(extra_markets), "firm")  # keyed by (market, rank among the new)
        new_firms = np.concatenate([left_firm[reuse], firms.choose_many(extra_markets, extra_u)])
        new_markets = np.concatenate([left_market[reuse], extra_markets])
        firms.open_vacancies(new_firms, new_markets, t)
        rec.vacancies_opened += need

    # Layoffs where employment exceeds the jobs wanted (downturn).
    excess = employed - model.desired_jobs
    if np.any(excess >= 1):
        rate = par.get("demand.layoff_rate_when_over_demand_per_month")
        n_layoff = round_with(np.maximum(excess, 0) * rate, rng.keyed_uniform(MARKETS, "round_layoffs"))
        if n_layoff.sum() > 0:
            wm = model.persons.view("work_market")
            victims = []
            for m in np.flatnonzero(n_layoff):
                members = np.flatnonzero(wm == m)
                victims.append(rng.lowest(members, int(n_layoff[m]), "layoff"))
            model.move(np.sort(np.concatenate(victims)), UNEMPLOYED, "laid_off", replace_job=False)
