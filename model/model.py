"""SkillsimModel: the Mesa model. Persons and firms are arrays (model.persons,
model.firms); campuses are Mesa agents. One call to step() simulates one month by
calling the levers' before_month, the mechanisms in MONTHLY_STEPS, in that order
(mirrored in docs/odd.md), the levers' after_month, and accounting.close_month.

Profile: SkillsimModel(..., profile=True) collects the wall time of each of these in
model.profile, {name: [calls, seconds]} (time.perf_counter; initialisation and the
burn-in months included); the edges format it. Off (the default), it costs one check
per call.
"""

from __future__ import annotations

import time

import mesa
import numpy as np

from skillsim.model import accounting, demand, demography, education, inactivity, lifecourse, matching, retraining, separations
from skillsim.model import structure as S
from skillsim.model.calendar import MonthCalendar
from skillsim.model.accounting import NEW, MonthRecord
from skillsim.model.campuses import create_campuses
from skillsim.model.initial_state import build
from skillsim.model import parameters as P
from skillsim.model.levers import LeverSet, build_levers
from skillsim.model.persons import EMPLOYED, GONE, INACTIVE, N_STATUS, KeptRows
from skillsim.model.randomness import MesaGenerator, Streams
from skillsim.model.scenario import Scenario

# The order of work in one month. Written down once; docs/odd.md mirrors it.
MONTHLY_STEPS = (
    ("demography", demography.step),
    ("demand", demand.step),
    ("separations", separations.step),
    ("retraining", retraining.step),
    ("matching", matching.step),
    ("inactivity", inactivity.step),
    ("education", education.step),
)


def _count_into(counts: np.ndarray, flat_index: np.ndarray) -> None:
    """Add one to `counts` (an int64 array, any shape) at each of `flat_index` (indices
    into its flattened form, repeats counted): np.add.at(counts, index, 1) as one
    np.bincount."""
    if len(flat_index):
        counts.reshape(-1)[...] += np.bincount(flat_index, minlength=counts.size)


class SkillsimModel(MonthCalendar, mesa.Model):
    # Mesa's own numpy generator, which skillsim never draws from: reading it raises, with
    # a pointer to the named streams (model.streams, skillsim/model/randomness.py). (Mesa's
    # stdlib `random` stays: Mesa hands it to its agent sets; the model never draws from it.)
    rng = MesaGenerator()

    def __init__(self, scenario: Scenario, seed: int = 0, scale: float = 1.0, profile: bool = False):
        start = time.perf_counter()
        super().__init__(rng=seed)
        MesaGenerator.close(self)
        if not (0 < scale <= 1):
            raise ValueError(f"scale must be in (0, 1], got {scale}")
        self.profile: dict[str, list] | None = {} if profile else None
        self.params = scenario
        self.seed_value = int(seed)
        self.scale = float(scale)
        self.streams = Streams(seed)
        self.start_year = scenario.get("run.start_year")
        self.end_year = scenario.get("run.end_year")
        self.start_month_index = self.start_year * 12
        self.burn_in_months = scenario.get("run.burn_in_months")
        # absolute month: year * 12 + (month - 1); the initial state is built at the start of the burn-in
        self.month_index = self.start_month_index - self.burn_in_months
        self.record = MonthRecord(self.month_index)
        self.records: list[MonthRecord] = []
        self.levers = LeverSet(build_levers(scenario))
        self.background_training = retraining.BackgroundTraining()  # training without a lever (deadweight's source)
        self.campuses = create_campuses(self, scenario.get("education.campus_capacity_slack"))
        for i, campus in enumerate(self.campuses):
            campus.index = i
        build(self, lambda name: self.draws(name, 0))
        self.persons.forget_status_rows()  # the initial state writes the status column directly
        self.last_status_stock = accounting.status_stock(self)  # region x status, end of last month
        self.last_employed_by_market = accounting.employed_by_market(self)  # filled jobs, end of last month
        self._add_time("initial state", start)
        while self.month_index < self.start_month_index:  # burn-in: simulated, not reported
            self.step()
        self.records = []
        self.initial_stock = accounting.status_stock(self)

    # --- the monthly step ----------------------------------------------------------
    def step(self) -> None:
        self.record = MonthRecord(self.month_index)
        if self.profile is None:
            for lever in self.levers:
                lever.before_month(self)
            for _name, mechanism in MONTHLY_STEPS:
                mechanism(self)
            for lever in self.levers:
                lever.after_month(self)
            accounting.close_month(self)
            lifecourse.observe(self)
        else:  # the same calls, timed
            for lever in self.levers:
                self._timed(f"lever {lever.name}", lever.before_month, calls=0)
            for name, mechanism in MONTHLY_STEPS:
                self._timed(name, mechanism)
            for lever in self.levers:
                self._timed(f"lever {lever.name}", lever.after_month)
            self._timed("accounting", accounting.close_month)
            self._timed("lifecourse", lifecourse.observe)
        self.last_status_stock = self.record.status_stock
        self.last_employed_by_market = self.record.employed_by_market
        self.records.append(self.record)
        self.month_index += 1

    def run(self, progress=None) -> None:
        for _ in range(self.n_months):
            self.step()
            if progress is not None:
                progress(1)

    # --- profile ----------------------------------------------------------------------
    def _timed(self, name: str, fn, calls: int = 1) -> None:
        start = time.perf_counter()
        fn(self)
        self._add_time(name, start, calls)

    def _add_time(self, name: str, start: float, calls: int = 1) -> None:
        if self.profile is not None:
            entry = self.profile.setdefault(name, [0, 0.0])
            entry[0] += calls
            entry[1] += time.perf_counter() - start

    # --- the one lever hook on core parameters ----------------------------------------
    def parameter_now(self, key: str) -> float:
        """Core parameter `key` in force this month: the scenario's value, adjusted by the
        levers that list it in their `adjusts` (and then kept within its declared range)."""
        value = self.params.at(key, self.year) if P.BY_KEY[key].by_year else self.params.get(key)
        if key not in self.levers.adjusters:
            return value
        value = self.levers.adjusted(self, key, value)
        p = P.BY_KEY[key]
        if p.low is not None:
            value = max(value, p.low)
        if p.high is not None:
            value = min(value, p.high)
        return value

    # --- state changes, all recorded ------------------------------------------------
    def move(self, idx: np.ndarray, to_status: int, reason: str, replace_job: bool = True) -> None:
        """Move persons `idx` to `to_status`, recording the transition; jobs they leave
        are offered again next month (unless replace_job is False)."""
        if len(idx) == 0:
            return
        p = self.persons
        from_status = p.status[idx]
        _count_into(self.record.transitions, (p.region[idx].astype(np.int64) * (N_STATUS + 1) + from_status) * N_STATUS + to_status)
        self.record.count(reason, len(idx))
        leaving_job = np.compress(from_status == EMPLOYED, idx)
        if len(leaving_job) and to_status != EMPLOYED:
            self._leave_jobs(leaving_job, replace_job)
        p.set_status(idx, to_status, self.month_index)

    def _leave_jobs(self, idx: np.ndarray, replace_job: bool) -> None:
        p = self.persons
        markets = p.work_market[idx].astype(np.int64)
        _count_into(self.record.job_exits, markets)
        if replace_job:
            self.firms.job_left(p.employer[idx], markets)

    def hire(self, idx: np.ndarray, firm: np.ndarray, market: np.ndarray) -> None:
        """Persons `idx` take jobs at `firm` in `market` (vacancies closed by the caller)."""
        p = self.persons
        was_employed = p.status[idx] == EMPLOYED
        movers = np.compress(was_employed, idx)
        if len(movers):
            _count_into(self.record.job_moves, p.work_market[movers].astype(np.int64) * S.N_MARKETS + np.compress(was_employed, market))
            self._leave_jobs(movers, True)
            _count_into(self.record.job_to_job, p.region[movers])
        newcomers = np.compress(~was_employed, idx)
        _count_into(self.record.transitions,
                    (p.region[newcomers].astype(np.int64) * (N_STATUS + 1) + p.status[newcomers]) * N_STATUS + EMPLOYED)
        _count_into(self.record.job_entries, market)
        self.record.count("hires", len(idx))
        p.note_entry(EMPLOYED, idx)
        p.status[idx] = EMPLOYED
        p.status_since[idx] = self.month_index
        p.employer[idx] = firm
        p.work_market[idx] = market
        p.occupation[idx] = S.MARKET_OCCUPATION[market]

    def leave_population(self, idx: np.ndarray, reason: str) -> None:
        if len(idx) == 0:
            return
        self.move(idx, GONE, reason)
        self.persons.birth_month[idx] = np.iinfo(np.int32).max // 2

    def enter_population(self, idx: np.ndarray, status: int) -> None:
        if len(idx) == 0:
            return
        p = self.persons
        _count_into(self.record.transitions, (p.region[idx].astype(np.int64) * (N_STATUS + 1) + NEW) * N_STATUS + status)
        p.note_entry(status, idx)
        p.status[idx] = status
        p.status_since[idx] = self.month_index

    def education_enrol(self, idx: np.ndarray, draws, initial: bool = False) -> None:
        education.enrol(self, idx, draws, initial)

    def rows_with_status(self, status: int) -> np.ndarray:
        """Rows of the persons in `status` now (Persons.rows_with_status: reused within
        the month while nobody has entered the status)."""
        return self.persons.rows_with_status(status, self.record)

    def inactive_below_reentry_age(self) -> np.ndarray:
        """Rows of the inactive below matching.reentry_age_limit_months (those who may
        search or start searching), ascending. Kept from call to call (persons.KeptRows):
        the last rows still inactive and below the limit, plus those put in inactivity
        since who are; a person's birth month does not change, so nobody comes below the
        limit while the limit's birth month does not fall (a pension age that goes down;
        then a scan of all rows): matching and inactivity share it within the month, and
        no month scans the half-million inactive."""
        p = self.persons
        kept = getattr(self, "_reentry_rows", None)
        if kept is None or kept.persons is not p:
            kept = self._reentry_rows = KeptRows(p, INACTIVE)
        cutoff = self.month_index - matching.reentry_age_limit_months(self)  # born after this month: below the limit
        rows = kept.get(lambda rows: p.birth_month[rows] > cutoff, rescan=kept.cutoff is None or cutoff < kept.cutoff)
        kept.cutoff = cutoff
        return rows

    def draws(self, name: str, month: int | None = None):
        """Mechanism `name`'s draws this month (or in `month`): per person, keyed by the
        person's id (model/randomness.py Draws)."""
        return self.streams.draws(name, self.month_index if month is None else month, getattr(self, "persons", None))
