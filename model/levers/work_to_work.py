"""Lever family 2, work-to-work (review §5): retraining funnels and 45-plus days.

A retraining funnel (House of Skills, sector plan Noord-Holland Noord, lifelong-learning
pilots, individual learning account, campus retraining seats):

    candidates taken in (per month, falling with unemployment)  ->  acceptance
    -> start: status RETRAINING (model.move; a worker's job is offered again),
       target = a technical group drawn by the region's open technical vacancies,
       duration = base + distance_months x (1 - skill closeness to the target)
    -> finish (completion_share) or drop out half way (as job seekers)
    -> on finishing: occupation = target, education raised to the target group's
       usual level (at most MBO-4); a share is placed straight into an open vacancy
       of the target group in their region, the rest look for work in it.

Places (capacity_persons) and budget (cost per starter) cap the starts.
"""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S
from skillsim.model.levers.base import Lever, Quota, age_months, place_in_vacancies
from skillsim.model.matching import CLOSENESS
from skillsim.model.persons import EMPLOYED, RETRAINING, UNEMPLOYED
from skillsim.model.sampling import categorical

MRA_REGIONS = (0, 1, 2, 3)      # Metropoolregio Amsterdam (= Noord-Holland Zuid's labour-market regions)
NHN_REGIONS = (4,)
ALL_REGIONS = (0, 1, 2, 3, 4)


class RetrainingFunnel(Lever):
    """Eligibility: job seekers, and workers in a non-technical group, 18 to a year before
    pension age, in the lever's regions. Capacity: capacity_persons and budget
    (Lever.places_left). Delivery: a retraining trajectory (`deliver`), finished by `finish`."""
    family = "work-to-work"
    capacity_key = "capacity_persons"
    regions: tuple = ALL_REGIONS
    programme_id = 0

    def __init__(self, params, funder: Lever | None = None):
        super().__init__(params, funder)
        self.quota = Quota()
        self.u_reference = None
        # participants: index, end month, will they complete, target group
        self.part_idx = np.zeros(0, dtype=np.int64)
        self.part_end = np.zeros(0, dtype=np.int64)
        self.part_completes = np.zeros(0, dtype=bool)

    # --- parameters (overridable by subclasses that borrow another section's) -------
    def funnel(self, name):
        return self.par(name)

    # --- who ------------------------------------------------------------------------------
    def eligible(self, model, idx=None, regions=None) -> np.ndarray:
        """Mask over `idx` (None: every row): unemployed, or employed in a non-technical
        group; aged 18 to a year before pension age; living in `regions` (default: the
        lever's)."""
        idx = np.arange(model.persons.n) if idx is None else idx
        regions = self.regions if regions is None else regions
        return self._eligible_with(model, idx, UNEMPLOYED, regions) | self._eligible_with(model, idx, EMPLOYED, regions)

    def _eligible_with(self, model, idx, status: int, regions) -> np.ndarray:
        """Mask over `idx`: eligible (the rule of `eligible`) among those in `status`;
        the pools are one status each, so each is checked against its half of the rule."""
        p, t = model.persons, model.month_index
        birth = p.birth_month[idx]
        ok = (p.status[idx] == status) & (birth <= t - 18 * 12) & (birth > t - model.pension_age_months() + 12)
        ok &= _region_lookup(regions)[p.region[idx]]
        if status == EMPLOYED:
            ok &= ~S.is_technical(p.occupation[idx])
        return ok

    def pools(self, model) -> "RetrainingPools":
        return model.levers.monthly(model, RetrainingPools)

    def eligible_persons(self, model) -> np.ndarray:
        """Everyone eligible now: the eligible job seekers, then the eligible employed
        (each sorted; people another lever took in this month are dropped)."""
        pools = self.pools(model)
        employed = pools.employed_all[self._eligible_with(model, pools.employed_all, EMPLOYED, self.regions)]
        return np.concatenate([self.eligible_job_seekers(model, self.regions), employed])

    def eligible_job_seekers(self, model, regions) -> np.ndarray:
        pools = self.pools(model)
        return pools.unemployed_all[self._eligible_with(model, pools.unemployed_all, UNEMPLOYED, regions)]

    def n_eligible_employed(self, model, regions) -> int:
        pools = self.pools(model)
        return int(np.count_nonzero(self._eligible_with(model, pools.employed_all, EMPLOYED, regions)))

    def sample_employed(self, model, regions, k: int, rng) -> np.ndarray:
        """k distinct people drawn at random from the eligible employed in `regions`:
        rejection sampling over person rows (draw j of the month, keyed by j, names a
        row; the first k distinct eligible employed are taken), so the million-strong pool
        is never filtered as a whole, and who is drawn depends only on the persons at the
        drawn rows (a row is the same person in two scenarios: levers do not change who
        enters the population), not on the pool's order or size."""
        n_rows = model.persons.n
        status = model.persons.status
        chosen = np.zeros(0, dtype=np.int64)
        first_j = 0
        for _ in range(100):
            need = k - len(chosen)
            if need <= 0 or n_rows == 0:
                break
            j = np.arange(first_j, first_j + 4 * need + 16)
            first_j = int(j[-1]) + 1
            region_mask = sum(1 << int(r) for r in regions)  # each region set its own draws
            draw = (rng.keyed_uniform(region_mask * (1 << 24) + j, "employed_row") * n_rows).astype(np.int64)
            draw = draw[status[draw] == EMPLOYED]
            draw = draw[self._eligible_with(model, draw, EMPLOYED, regions)]
            chosen = np.concatenate([chosen, draw])
            _, first = np.unique(chosen, return_index=True)
            chosen = chosen[np.sort(first)]
        return chosen[:k]

    def unemployment_factor(self, model) -> float:
        e = self.funnel("candidate_unemployment_elasticity")
        if e == 0:
            return 1.0
        u = int(model.last_status_stock[list(self.regions), UNEMPLOYED].sum())  # at the end of last month
        if self.u_reference is None:
            self.u_reference = max(u, 1)
        return (max(u, 1) / self.u_reference) ** e

    def candidates(self, model, rng) -> np.ndarray:
        n = self.quota.take(self.funnel("candidates_per_month") * self.unemployment_factor(model) * model.scale)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        unemployed = self.eligible_job_seekers(model, self.regions)
        n_u = rng.generator.binomial(n, self.funnel("job_seeker_share_of_candidates"))  # a count: the lever's stream
        pick_u = rng.lowest(unemployed, n_u, "job_seeker")
        pick_e = self.sample_employed(model, self.regions, n - len(pick_u), rng)
        return np.concatenate([pick_u, pick_e])

    def room(self, model) -> int:
        return self.places_left(model, self.funnel("cost_eur_per_participant"))

    # --- monthly work ---------------------------------------------------------------------------
    def after_month(self, model) -> None:
        self.prorate(model)
        rng = self.rng(model)
        self.finish(model, rng)
        if self.in_window(model):
            self.take_in(model, rng)

    def take_in(self, model, rng) -> None:
        if self.room(model) == 0:  # places or budget used up: no more candidates taken in
            return
        cand = self.candidates(model, rng)
        if len(cand) == 0:
            return
        self.count(model, "retraining_candidates", len(cand))
        accepted = cand[rng.bernoulli(cand, self.funnel("acceptance_share"), "accept")]
        accepted = accepted[: self.room(model)]
        if len(accepted) == 0:
            return
        self.deliver(model, np.sort(accepted), rng)

    def deliver(self, model, idx: np.ndarray, rng) -> int:
        """Start a retraining trajectory for `idx`."""
        p, t = model.persons, model.month_index
        target = self.draw_targets(model, idx, rng)
        occ_row = p.occupation[idx].astype(np.int64)
        occ_row[occ_row < 0] = S.N_OCCUPATIONS
        distance = 1.0 - CLOSENESS[occ_row, target]
        duration = self.funnel("base_duration_months") + np.rint(self.funnel("distance_months") * distance).astype(np.int64)
        completes = rng.bernoulli(idx, self.funnel("completion_share"), "completes")
        end = t + np.where(completes, duration, np.maximum(1, duration // 2))
        model.move(idx, RETRAINING, "retraining_started")
        p.programme[idx] = self.programme_id
        p.study_field[idx] = target
        p.study_end_month[idx] = end
        self.part_idx = np.concatenate([self.part_idx, idx])
        self.part_end = np.concatenate([self.part_end, end])
        self.part_completes = np.concatenate([self.part_completes, completes])
        self.taken_in_sim += len(idx)
        self.count(model, "retrained_started", len(idx))
        self.charge_persons(model, len(idx), self.funnel("cost_eur_per_participant"))
        return len(idx)

    def draw_targets(self, model, idx, rng) -> np.ndarray:
        """A technical group for each person, in proportion to the open technical
        vacancies in their region (DUO's technical mix where there are none)."""
        vac = model.firms.vacancies_by_market().reshape(S.N_REGIONS, S.N_OCCUPATIONS).astype(float)
        w = vac * S.TECHNICAL[None, :]
        fallback = S.technical_field_shares()
        empty = w.sum(axis=1) <= 0
        w[empty] = fallback
        cdf = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
        return categorical(cdf, model.persons.region[idx].astype(np.int64), rng.uniform(idx, "target"))

    def finish(self, model, rng) -> None:
        if len(self.part_idx) == 0:
            return
        p, t = model.persons, model.month_index
        due = self.part_end <= t
        if not due.any():
            return
        idx, completes = self.part_idx[due], self.part_completes[due]
        keep = ~due
        self.part_idx, self.part_end, self.part_completes = self.part_idx[keep], self.part_end[keep], self.part_completes[keep]
        still = (p.status[idx] == RETRAINING) & (p.programme[idx] == self.programme_id)  # not retired or gone
        idx, completes = idx[still], completes[still]
        if len(idx) == 0:
            return
        target = p.study_field[idx].astype(np.int64)
        p.programme[idx] = -1
        p.study_field[idx] = -1
        drop = idx[~completes]
        model.move(drop, UNEMPLOYED, "retraining_dropout")
        done, target = idx[completes], target[completes]
        if len(done) == 0:
            return
        self.count(model, "retrained_completed", len(done))
        p.occupation[done] = target
        p.education[done] = np.maximum(p.education[done], np.minimum(S.REQUIRED_EDUCATION[target], 3))
        direct = rng.bernoulli(done, self.funnel("direct_placement_share"), "direct_placement")
        queue = np.argsort(rng.bits(done[direct], "queue"), kind="stable")  # first come: by the person's draw, not their row
        markets = S.market_index(p.region[done[direct]].astype(np.int64), target[direct])
        hired = np.empty(len(queue), dtype=bool)
        hired[queue] = place_in_vacancies(model, done[direct][queue], markets[queue])
        self.count(model, "retrained_placed", int(hired.sum()))
        rest = np.sort(np.concatenate([done[~direct], done[direct][~hired]]))
        model.move(rest, UNEMPLOYED, "retraining_completed")


class HouseOfSkills(RetrainingFunnel):
    """House of Skills (MRA): at least 5,000 people at MBO level by 2021, EUR 11 million (review §5)."""
    name, regions, programme_id = "house_of_skills", MRA_REGIONS, 1


class SectorPlanNHN(RetrainingFunnel):
    """Sector plan Noord-Holland Noord: 300 targeted, 154 finished by 1 May 2018, 205
    eventually, more than 5 candidates per finisher, EUR 1.745 million (review §5)."""
    name, regions, programme_id = "sector_plan", NHN_REGIONS, 2


class LifelongLearningPilots(RetrainingFunnel):
    """Two lifelong-learning pilots in Noord-Holland Zuid, at least 400 people by 2019 (review §5)."""
    name, regions, programme_id = "lifelong_learning", MRA_REGIONS, 3


class LearningAccount(RetrainingFunnel):
    """Individual learning account (review §5: 'coming'; off in the baseline): every
    adult 25 to pension age (unemployed, or working in a non-technical group) holds
    cost_eur_per_participant euros for retraining; each month a share
    uptake_per_1000_eur_per_month x account / 1000 of them starts."""
    name, regions, programme_id = "learning_account", ALL_REGIONS, 4

    def candidates(self, model, rng):
        pool = self.eligible_persons(model)
        pool = pool[age_months(model, pool) >= 25 * 12]
        prob = min(1.0, self.par("uptake_per_1000_eur_per_month") * self.par("cost_eur_per_participant") / 1000.0)
        return np.sort(rng.subset(pool, prob, "candidate"))


class Inspiration45Plus(Lever):
    """45-plus inspiration days (review §5): each event raises matching.age45_hire_factor
    by hire_factor_raise for effect_months (overlapping effects add up; the model keeps
    the result within the parameter's declared range, i.e. at most 1)."""
    name, family = "inspiration_45plus", "work-to-work"
    adjusts = ("matching.age45_hire_factor",)

    def __init__(self, params):
        super().__init__(params)
        self.events: list[int] = []  # month index of each event held

    def before_month(self, model):
        self.prorate(model)
        if not self.in_window(model):
            return
        n = int(self.par("events_per_year"))
        if n <= 0:
            return
        months = {int(k * 12 / n) for k in range(n)}
        if model.month - 1 in months and self.charge_fixed(model, self.par("cost_eur_per_event")):
            self.events.append(model.month_index)

    def adjust(self, model, key, value):
        t, span = model.month_index, self.par("effect_months")
        active = sum(1 for e in self.events if 0 <= t - e < span)
        return value + active * self.par("hire_factor_raise") if active else value


def _region_lookup(regions) -> np.ndarray:
    lookup = np.zeros(S.N_REGIONS, dtype=bool)
    lookup[list(regions)] = True
    return lookup


class RetrainingPools:
    """This month's job seekers and employed (the pools RetrainingFunnel draws its
    eligible candidates from), computed once a month and shared by all retraining levers
    through the run's LeverSet (model.levers.monthly)."""

    def __init__(self, model):
        self.month = model.month_index
        status = model.persons.view("status")
        self.unemployed_all = np.flatnonzero(status == UNEMPLOYED)
        self.employed_all = np.flatnonzero(status == EMPLOYED)
