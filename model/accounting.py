"""Accounting: every status change and every job filled or left is recorded here, and
the month's stocks are taken from the persons and vacancies at the end of the step.

Stocks move only through recorded flows: for each region and status,
stock(t) = stock(t-1) + sum of transitions into it - sum of transitions out of it,
which tests/test_accounting.py checks at every step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from skillsim.model import structure as S
from skillsim.model.persons import N_STATUS, UNEMPLOYED

NEW = N_STATUS  # "from" index for persons entering the population


@dataclass
class MonthRecord:
    month_index: int
    transitions: np.ndarray = field(default_factory=lambda: np.zeros((S.N_REGIONS, N_STATUS + 1, N_STATUS), np.int64))
    job_to_job: np.ndarray = field(default_factory=lambda: np.zeros(S.N_REGIONS, np.int64))
    job_exits: np.ndarray = field(default_factory=lambda: np.zeros(S.N_MARKETS, np.int64))
    job_entries: np.ndarray = field(default_factory=lambda: np.zeros(S.N_MARKETS, np.int64))
    job_moves: np.ndarray = field(default_factory=lambda: np.zeros((S.N_MARKETS, S.N_MARKETS), np.int64))  # old x new market
    expansion: np.ndarray = field(default_factory=lambda: np.zeros(S.N_MARKETS))
    vacancies_opened: np.ndarray = field(default_factory=lambda: np.zeros(S.N_MARKETS, np.int64))
    vacancies_withdrawn: np.ndarray = field(default_factory=lambda: np.zeros(S.N_MARKETS, np.int64))  # surplus: fewer wanted
    # firms adapt (model/firms.py): vacancies withdrawn after firms.withdrawal_months, their
    # jobs given up (desired jobs fall by one each); hires into vacancies with lowered
    # requirements of applicants the regular suitability test would have refused (in job_entries)
    jobs_given_up: np.ndarray = field(default_factory=lambda: np.zeros(S.N_MARKETS, np.int64))
    below_requirement_hires: np.ndarray = field(default_factory=lambda: np.zeros(S.N_MARKETS, np.int64))
    counters: dict = field(default_factory=dict)
    # life course (issue 14), by region of residence
    retired_count: np.ndarray = field(default_factory=lambda: np.zeros(S.N_REGIONS, np.int64))       # employed who retired
    retired_age_months: np.ndarray = field(default_factory=lambda: np.zeros(S.N_REGIONS))          # sum of their ages
    school_leavers: np.ndarray = field(default_factory=lambda: np.zeros(S.N_REGIONS, np.int64))
    school_leavers_to_work: np.ndarray = field(default_factory=lambda: np.zeros(S.N_REGIONS, np.int64))  # hired on leaving
    working_students: np.ndarray | None = None    # in initial education with a side job, end of month
    working_pensioners: np.ndarray | None = None  # retired with paid work after retirement (inactive, side job), end of month
    participation: tuple | None = None            # (population, employed) region x age group, end of June and December
    occupation_change: tuple | None = None        # (changed, employed at both ends) region x age group, December
    # stocks at the end of the month
    status_stock: np.ndarray | None = None       # region x status (residence)
    employed_by_market: np.ndarray | None = None  # work region x occupation
    open_vacancies: np.ndarray | None = None
    hard_to_fill: np.ndarray | None = None
    desired_jobs: np.ndarray | None = None
    short_unemployed: np.ndarray | None = None  # residence region x last occupation: unemployed < 6 months
    applications: int = 0

    def count(self, name: str, value: float = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + value


def status_stock(model) -> np.ndarray:
    """Region x status, counted from the persons (the slow, independent way)."""
    p = model.persons
    cell = p.view("region").astype(np.int64) * N_STATUS + p.view("status")
    return np.bincount(cell, minlength=S.N_REGIONS * N_STATUS).reshape(S.N_REGIONS, N_STATUS)


def employed_by_market(model) -> np.ndarray:
    """Jobs filled by market, counted from the persons (the slow, independent way)."""
    wm = model.persons.view("work_market")
    return np.bincount(wm + 1, minlength=S.N_MARKETS + 1)[1:]  # -1 (no job) falls in bin 0


def employed_by_market_now(model) -> np.ndarray:
    """Jobs filled by market at this point of the month: last month's end plus this
    month's recorded job entries minus exits (equal to the count from the persons,
    which tests/test_accounting.py checks every month)."""
    rec = model.record
    return model.last_employed_by_market + rec.job_entries - rec.job_exits


def status_stock_now(model) -> np.ndarray:
    """Region x status at this point of the month: last month's end plus this month's
    recorded transitions in, minus those out."""
    t = model.record.transitions
    return model.last_status_stock + t.sum(axis=1) - t[:, :N_STATUS, :].sum(axis=2)


SHORT_UNEMPLOYMENT_MONTHS = 6  # UWV's spanningsindicator counts WW benefits running less than six months


def short_unemployed(model) -> np.ndarray:
    """Region of residence x occupation group of the last job: unemployed persons whose
    unemployment began less than SHORT_UNEMPLOYMENT_MONTHS ago (at the end of this month).
    The unemployed without a last occupation (e.g. school leavers without a field) are left
    out, as they are from UWV's count of benefits by occupation."""
    p = model.persons
    idx = model.rows_with_status(UNEMPLOYED)
    occ = p.occupation[idx]
    short = (model.month_index - p.status_since[idx] < SHORT_UNEMPLOYMENT_MONTHS) & (occ >= 0)
    short = np.flatnonzero(short)
    cell = p.region[idx[short]].astype(np.int64) * S.N_OCCUPATIONS + occ[short]
    return np.bincount(cell, minlength=S.N_REGIONS * S.N_OCCUPATIONS).reshape(S.N_REGIONS, S.N_OCCUPATIONS)


def close_month(model) -> None:
    """Take the stocks at the end of the month into the month's record: the stocks of
    persons follow from last month's and the month's recorded flows (every change of
    status or job is recorded, so no count over all persons is needed)."""
    rec = model.record
    rec.status_stock = status_stock_now(model)
    rec.employed_by_market = employed_by_market_now(model)
    firms = model.firms
    rec.open_vacancies = firms.vacancies_by_market()
    old = (model.month_index - firms.vac_opened) > model.params.get("matching.hard_to_fill_months")
    rec.hard_to_fill = np.bincount(firms.vac_market[old], minlength=S.N_MARKETS)
    rec.desired_jobs = model.desired_jobs.copy()
    rec.short_unemployed = short_unemployed(model)
