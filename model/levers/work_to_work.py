"""Lever family 2, work-to-work (review §5): retraining funnels and 45-plus days.

A retraining funnel (House of Skills, sector plan Noord-Holland Noord, lifelong-learning
pilots, individual learning account, campus retraining seats):

    candidates taken in (per month, falling with unemployment)  ->  acceptance
    -> deadweight: a share deadweight_share of the starters are people who would have
       trained anyway, taken from this month's background trainees (model/retraining.py):
       the lever pays for and supports them, but they add nothing to the number trained
    -> the others start: status RETRAINING (model.move; a worker's job is offered
       again), target group by the programme's own rule (`targets`),
       duration = base + distance_months x (1 - skill closeness to the target)
    -> finish (completion_share) or drop out half way (as job seekers)
    -> on finishing: occupation = target, education raised to the target group's
       usual level (at most MBO-4); they look for work through the normal matching
       (model/matching.py: suitability, age, education, region), where the programme's
       placement support raises their suitability by placement_support_factor for
       placement_support_months (LeverSet.placement_advantage); no direct placement.

Targets: House of Skills and the lifelong-learning pilots, "made fit for firms' demand"
across sectors: technical_target_share of them a technical group, the rest a
non-technical group, each drawn by the open vacancies in their region; the sector plan,
"into hard-to-fill vacancies in other sectors": a group other than their own, drawn by
the hard-to-fill vacancies (open more than matching.hard_to_fill_months) in their
region; the learning account, the participant's own choice: same_group_share improve
in their own group (the employed beside their job, without a change of state), the
others retrain for another group drawn by skill closeness x open vacancies; the campus
seats: a technical group (a technical campus), by the open technical vacancies.

Places (capacity_persons) and budget (cost per participant) cap the starts.
"""

from __future__ import annotations

import numpy as np

from skillsim.model import retraining as R
from skillsim.model import structure as S
from skillsim.model.levers.base import Lever, Quota, age_months
from skillsim.model.persons import EMPLOYED, UNEMPLOYED
from skillsim.model.sampling import categorical

MRA_REGIONS = (0, 1, 2, 3)      # Metropoolregio Amsterdam (= Noord-Holland Zuid's labour-market regions)
NHN_REGIONS = (4,)
ALL_REGIONS = (0, 1, 2, 3, 4)


class RetrainingFunnel(Lever):
    """Eligibility: job seekers, and workers in a non-technical group (every worker if
    technical_workers_eligible), 18 to a year before pension age, in the lever's regions.
    Capacity: capacity_persons and budget (Lever.places_left). Delivery: a retraining
    trajectory (`deliver`), ended by `finish`; afterwards placement support in matching."""
    family = "work-to-work"
    capacity_key = "capacity_persons"
    regions: tuple = ALL_REGIONS
    programme_id = 0
    technical_workers_eligible = False

    def __init__(self, params, funder: Lever | None = None):
        super().__init__(params, funder)
        self.quota = Quota()
        self.u_reference = None
        self.book = R.Trajectories(self.programme_id)
        # finishers with placement support: row and last month of support
        self.support_idx = np.zeros(0, dtype=np.int64)
        self.support_until = np.zeros(0, dtype=np.int64)

    # --- parameters (overridable by subclasses that borrow another section's) -------
    def funnel(self, name):
        return self.par(name)

    # --- who ------------------------------------------------------------------------------
    def eligible(self, model, idx=None, regions=None) -> np.ndarray:
        """Mask over `idx` (None: every row): unemployed, or employed (in a non-technical
        group unless technical_workers_eligible); aged 18 to a year before pension age;
        living in `regions` (default: the lever's)."""
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
        if status == EMPLOYED and not self.technical_workers_eligible:
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
        """The eligible job seekers in `regions` (the rule of `eligible`), from the month's
        pool: its age and region halves were found once (RetrainingPools), only the
        status is read again (another lever may have taken some in since)."""
        pools = self.pools(model)
        rows = pools.unemployed_all
        ok = (model.persons.status[rows] == UNEMPLOYED) & pools.unemployed_age_ok
        ok &= _region_lookup(regions)[pools.unemployed_region]
        return np.compress(ok, rows)  # (np.compress(mask, a): a[mask], faster)

    def eligible_job_seekers_with_region(self, model) -> tuple[np.ndarray, np.ndarray]:
        """eligible_job_seekers(model, ALL_REGIONS) and each one's region: while nobody's
        status changes, rows[region == r] is eligible_job_seekers(model, (r,))."""
        pools = self.pools(model)
        ok = (model.persons.status[pools.unemployed_all] == UNEMPLOYED) & pools.unemployed_age_ok
        ok = np.flatnonzero(ok & _region_lookup(ALL_REGIONS)[pools.unemployed_region])
        return pools.unemployed_all[ok], pools.unemployed_region[ok]

    def n_eligible_employed(self, model, regions) -> int:
        pools = self.pools(model)
        return int(np.count_nonzero(self._eligible_with(model, pools.employed_all, EMPLOYED, regions)))

    def n_eligible_employed_by_region(self, model) -> np.ndarray:
        """n_eligible_employed(model, (r,)) for every region r at once (one pass over the
        employed instead of one per region)."""
        pools = self.pools(model)
        eligible = np.compress(self._eligible_with(model, pools.employed_all, EMPLOYED, ALL_REGIONS), pools.employed_all)
        return np.bincount(model.persons.region[eligible].astype(np.int64), minlength=S.N_REGIONS)

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
        self.count_placed(model)
        self.finish(model)
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
        """Participants for `idx`'s places: deadweight_share of them are this month's
        background trainees (who would have trained anyway; the lever takes over their
        trajectory), the rest are drawn from `idx` and start the programme's trajectory.
        The lever pays for all of them. Returns the number of participants."""
        n = len(idx)
        dw_changers, dw_in_group = self.deadweight(model, rng.generator.binomial(n, self.funnel("deadweight_share")), rng)
        n_dw = len(dw_changers) + len(dw_in_group)
        new = np.sort(rng.lowest(idx, n - n_dw, "programme_place")) if n_dw else idx
        self.start(model, new, rng)
        self.book.take_over(model, model.background_training.trajectories, dw_changers)
        model.background_training.release(dw_in_group)
        if len(dw_changers):
            self.count(model, "retrained_started", len(dw_changers))
        if len(dw_in_group):
            self.count(model, "trained_in_own_group", len(dw_in_group))
        self.count(model, "retraining_deadweight", n_dw)
        self.taken_in_sim += n
        self.charge_persons(model, n, self.funnel("cost_eur_per_participant"))
        return n

    def deadweight(self, model, k: int, rng) -> tuple[np.ndarray, np.ndarray]:
        """Up to k of this month's background trainees this lever could have taken in
        (its regions; workers in a non-technical group unless technical_workers_eligible;
        only those retraining for another group unless the lever also funds courses in
        one's own group): (retraining for another group, course in own group)."""
        empty = np.zeros(0, dtype=np.int64)
        if k <= 0:
            return empty, empty
        changers, in_group = model.background_training.starters_now(model)
        if not self.funds_own_group_courses:
            in_group = empty
        pool = np.concatenate([changers, in_group])
        p = model.persons
        ok = _region_lookup(self.regions)[p.region[pool]]
        if not self.technical_workers_eligible:
            ok &= ~S.is_technical(p.occupation[pool])
        pool = pool[ok]
        if len(pool) == 0:
            return empty, empty
        take = np.sort(rng.lowest(pool, k, "deadweight"))
        is_changer = np.isin(take, changers)
        return take[is_changer], take[~is_changer]

    funds_own_group_courses = False

    def start(self, model, idx: np.ndarray, rng) -> None:
        """Start the programme's retraining trajectory for `idx` (not deadweight)."""
        if len(idx) == 0:
            return
        target = self.targets(model, idx, rng)
        self.start_trajectories(model, idx, target, rng)

    def start_trajectories(self, model, idx, target, rng) -> None:
        months = R.duration_months(model, idx, target, self.funnel("base_duration_months"), self.funnel("distance_months"))
        completes = rng.bernoulli(idx, self.funnel("completion_share"), "completes")
        self.book.start(model, idx, target, months, completes)
        self.count(model, "retrained_started", len(idx))

    def targets(self, model, idx, rng) -> np.ndarray:
        """Firms' demand across sectors: a technical group with technical_target_share,
        else a non-technical group; within each, in proportion to the open vacancies of
        the participant's region (DUO's technical mix, or equal weights, where there are none)."""
        vac = model.firms.vacancies_by_market().reshape(S.N_REGIONS, S.N_OCCUPATIONS).astype(float)
        tech = vac * S.TECHNICAL[None, :]
        tech[tech.sum(axis=1) <= 0] = S.technical_field_shares()
        other = vac * ~S.TECHNICAL[None, :]
        other[other.sum(axis=1) <= 0] = (~S.TECHNICAL).astype(float)
        region = model.persons.region[idx].astype(np.int64)
        to_tech = rng.bernoulli(idx, self.funnel("technical_target_share"), "technical_target")
        w = np.where(to_tech[:, None], tech[region], other[region])
        rows = np.arange(len(idx))
        cdf = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
        return categorical(cdf, rows, rng.uniform(idx, "target")) if len(idx) else rows

    def finish(self, model) -> None:
        idx, completes, target = self.book.due(model)
        if len(idx) == 0:
            return
        done = R.finish(model, idx, completes, target)
        if len(done) == 0:
            return
        self.count(model, "retrained_completed", len(done))
        months = int(self.funnel("placement_support_months"))
        if months > 0:  # followed for placement_support_months (factor 1: followed, no advantage)
            self.support_idx = np.concatenate([self.support_idx, done])
            self.support_until = np.concatenate([self.support_until, np.full(len(done), model.month_index + months)])

    # --- placement support (matching's hook, through LeverSet.placement_advantage) ----------------
    def placement_support(self) -> list:
        factor = float(self.funnel("placement_support_factor"))
        if len(self.support_idx) == 0 or factor <= 1.0:
            return []
        return [(self.support_idx, factor)]

    def count_placed(self, model) -> None:
        """Finishers with support who were hired (through matching) since last month count
        as placed; support ends when they are hired, leave the search or it runs out."""
        if len(self.support_idx) == 0:
            return
        p, t = model.persons, model.month_index
        st = p.status[self.support_idx]
        hired = st == EMPLOYED
        if hired.any():
            self.count(model, "retrained_placed", int(hired.sum()))
        keep = (st == UNEMPLOYED) & (self.support_until > t)
        self.support_idx, self.support_until = self.support_idx[keep], self.support_until[keep]


class HouseOfSkills(RetrainingFunnel):
    """House of Skills (MRA): at least 5,000 people at MBO level made fit for firms'
    demand by 2021, EUR 11 million (review §5)."""
    name, regions, programme_id = "house_of_skills", MRA_REGIONS, 1


class SectorPlanNHN(RetrainingFunnel):
    """Sector plan Noord-Holland Noord: people from (un)employment into hard-to-fill
    vacancies in other sectors; 300 targeted, 154 finished by 1 May 2018, 205
    eventually, more than 5 candidates per finisher, EUR 1.745 million (review §5)."""
    name, regions, programme_id = "sector_plan", NHN_REGIONS, 2

    def targets(self, model, idx, rng):
        """A group other than the participant's own, in proportion to the hard-to-fill
        vacancies (open more than matching.hard_to_fill_months) in their region; the
        open vacancies where there are none."""
        firms, t = model.firms, model.month_index
        old = (t - firms.vac_opened) > model.params.get("matching.hard_to_fill_months")
        htf = np.bincount(firms.vac_market[old], minlength=S.N_MARKETS).reshape(S.N_REGIONS, S.N_OCCUPATIONS).astype(float)
        vac = firms.vacancies_by_market().reshape(S.N_REGIONS, S.N_OCCUPATIONS).astype(float) + 1.0
        p = model.persons
        region, own = p.region[idx].astype(np.int64), p.occupation[idx].astype(np.int64)
        w = htf[region]
        w[own >= 0, own[own >= 0]] = 0.0
        none = w.sum(axis=1) <= 0
        w[none] = vac[region[none]]
        w[none & (own >= 0), own[none & (own >= 0)]] = 0.0
        cdf = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
        return categorical(cdf, np.arange(len(idx)), rng.uniform(idx, "target"))


class LifelongLearningPilots(RetrainingFunnel):
    """Two lifelong-learning pilots in Noord-Holland Zuid, at least 400 people by 2019 (review §5)."""
    name, regions, programme_id = "lifelong_learning", MRA_REGIONS, 3


class LearningAccount(RetrainingFunnel):
    """Individual learning account (review §5: 'coming'; off in the baseline): every
    adult 25 to pension age (unemployed or working, in any group) holds
    cost_eur_per_participant euros for training; each month a share
    uptake_per_1000_eur_per_month x account / 1000 of them uses it, for a course of
    their own choice: same_group_share in their own group (STAP: 58% wanted to improve
    in their current job; the employed train beside their job, without a change of
    state), the others retrain for another group (R.own_choice_targets)."""
    name, regions, programme_id = "learning_account", ALL_REGIONS, 4
    technical_workers_eligible = True
    funds_own_group_courses = True

    def candidates(self, model, rng):
        pool = self.eligible_persons(model)
        pool = pool[age_months(model, pool) >= 25 * 12]
        prob = min(1.0, self.par("uptake_per_1000_eur_per_month") * self.par("cost_eur_per_participant") / 1000.0)
        cand = np.sort(rng.subset(pool, prob, "candidate"))
        _, in_group = model.background_training.starters_now(model)  # already training this month (deadweight's pool)
        return cand[~np.isin(cand, in_group)]

    def start(self, model, idx, rng):
        if len(idx) == 0:
            return
        p = model.persons
        own = p.occupation[idx].astype(np.int64)
        same = rng.bernoulli(idx, self.par("same_group_share"), "same_group")
        beside_job = same & (p.status[idx] == EMPLOYED)
        self.count(model, "trained_in_own_group", int(beside_job.sum()))
        rest = idx[~beside_job]
        target = R.own_choice_targets(model, rest, rng)
        stay = same[~beside_job] & (own[~beside_job] >= 0)   # job seekers: a short course in their own group
        target[stay] = own[~beside_job][stay]
        self.start_trajectories(model, rest, target, rng)


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
    through the run's LeverSet (model.levers.monthly).

    The job seekers come with the age and region halves of the eligibility rule
    (`unemployed_age_ok`, `unemployed_region`): a person's birth month and region do not
    change while they stay a job seeker, and the age limits are the month's, so only
    their status needs reading again. The employed (`employed_all`, a million rows) are
    found only if a lever asks for them, from a copy of the status column taken when the
    pools were made: the same rows as a scan then, whatever happened since."""

    def __init__(self, model):
        p, t = model.persons, model.month_index
        self.month = t
        self.unemployed_all = model.rows_with_status(UNEMPLOYED)
        birth = p.birth_month[self.unemployed_all]
        self.unemployed_age_ok = (birth <= t - 18 * 12) & (birth > t - model.pension_age_months() + 12)
        self.unemployed_region = p.region[self.unemployed_all]
        self._status_then = p.view("status").copy()
        self._employed_all = None

    @property
    def employed_all(self) -> np.ndarray:
        """Rows of the employed when the pools were made (ascending)."""
        if self._employed_all is None:
            self._employed_all = np.flatnonzero(self._status_then == EMPLOYED)
            self._status_then = None
        return self._employed_all
