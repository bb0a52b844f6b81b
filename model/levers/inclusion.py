"""Lever family 3, an inclusive labour market (review §6): programmes that move people
from a target group towards work or a qualification, at a cost per person.

Each month a programme helps placements_per_month people (full scale; a running quota,
so small programmes are not lost to rounding at small scales) drawn at random from its
eligible target group, while places (capacity_persons) and budget last:

  200-jobs plan      youth from youth care (persons.youth_care), 16-27, without work
                     -> a (learning-)job in their region (any group, by open vacancies)
  Airport Express    Groot-Amsterdam (Amsterdam Nieuw-West), unemployed a year or more,
                     long-term inactive or disabled -> a job in services or transport
                     (Schiphol) in Groot-Amsterdam
  Social return      disabled, long-term inactive (inactivity.long_term_inactive_months)
                     or 45+ and unemployed a year or more -> a work-experience job in
                     construction and civil engineering (road, water and ground works) in
                     their region (another group if none is open)
  Groenstart         Noord-Holland Noord, 16-30, entry level, without work -> back into
                     education: extra_years plus the two-year MBO-2 course (agricultural)

A person counts as helped when placed (inclusion_placements); if no vacancy of the kind
is open, the place is carried to the next month. The job itself is a regular job: its
later course (separations, moves) follows the core model (a simplification).
"""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S
from skillsim.model.levers.base import in_regions, Lever, Quota, age_months, pension_months, place_in_vacancies
from skillsim.model.persons import EDUCATION, INACTIVE, UNEMPLOYED
from skillsim.model.sampling import categorical


class InclusionProgramme(Lever):
    family = "inclusion"
    target_groups: tuple | None = None   # None: any group
    regions: tuple | None = None         # None: all regions

    def __init__(self, params):
        super().__init__(params)
        self.quota = Quota()
        self.helped_sim = 0
        self.capacity_left_sim = 0.0

    def on_prorate(self, model, used):
        self.capacity_left_sim = float(self.par("capacity_persons")) * (1.0 - used) * model.scale

    def eligible(self, model) -> np.ndarray:
        raise NotImplementedError

    def without_work(self, model) -> np.ndarray:
        p, t = model.persons, model.month_index
        status = p.view("status")
        ok = ((status == UNEMPLOYED) | (status == INACTIVE)) & (p.view("birth_month") > t - pension_months(model))
        if self.regions is not None:
            ok &= in_regions(p.view("region"), self.regions)
        return ok

    def long_term(self, model) -> np.ndarray:
        p, t = model.persons, model.month_index
        status, since = p.view("status"), p.view("status_since")
        lt_inactive = (status == INACTIVE) & (t - since >= model.params.get("inactivity.long_term_inactive_months"))
        lt_unemployed = (status == UNEMPLOYED) & (t - since >= 12)
        return lt_inactive, lt_unemployed

    def after_month(self, model):
        self.prorate(model)
        if not self.in_window(model):
            return
        cost = self.par("cost_eur_per_participant")
        room = int(np.floor(self.capacity_left_sim - self.helped_sim + 0.5))
        room = max(0, min(room, self.affordable(model, cost)))
        n = self.quota.take(self.par("placements_per_month") * model.scale)
        take = min(n, room)
        if take == 0:
            return
        rng = self.rng(model)
        pool = self.eligible(model)
        chosen = np.sort(pool[rng.choice(len(pool), size=min(take, len(pool)), replace=False)])
        helped = self.help(model, chosen, rng)
        self.quota.carry += take - helped   # places not filled this month carry over
        self.helped_sim += helped
        self.count(model, "inclusion_placements", helped)
        self.charge_persons(model, helped, cost)

    def help(self, model, idx, rng) -> int:
        """Place `idx` into open vacancies of the target groups in their region."""
        if len(idx) == 0:
            return 0
        p = model.persons
        vac = model.firms.vacancies_by_market().reshape(S.N_REGIONS, S.N_OCCUPATIONS).astype(float)
        if self.target_groups is not None:
            mask = np.zeros(S.N_OCCUPATIONS)
            mask[list(self.target_groups)] = 1.0
            targeted = vac * mask[None, :]
            vac = np.where(targeted.sum(axis=1, keepdims=True) > 0, targeted, vac)
        region = p.region[idx].astype(np.int64)
        has = vac.sum(axis=1)[region] > 0
        idx, region = idx[has], region[has]
        if len(idx) == 0:
            return 0
        w = vac + (vac.sum(axis=1, keepdims=True) <= 0)
        cdf = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
        group = categorical(cdf, region, rng)
        hired = place_in_vacancies(model, idx, S.market_index(region, group))
        return int(hired.sum())


class Jobs200(InclusionProgramme):
    """200-jobs plan for youth from youth care: 273 helped by February 2018 (review §6)."""
    name = "jobs_200"

    def eligible(self, model):
        p = model.persons
        age = age_months(model, np.arange(p.n))
        return np.flatnonzero(self.without_work(model) & p.view("youth_care") & (age >= 16 * 12) & (age < 28 * 12))


class AirportExpress(InclusionProgramme):
    """New West Airport Express: more than 100 employed at Schiphol (review §6)."""
    name, target_groups, regions = "airport_express", (14, 15), (0,)

    def eligible(self, model):
        lt_inactive, lt_unemployed = self.long_term(model)
        p = model.persons
        age = age_months(model, np.arange(p.n))
        return np.flatnonzero(self.without_work(model) & (lt_inactive | lt_unemployed | p.view("disability")) & (age >= 18 * 12))


class SocialReturn(InclusionProgramme):
    """Social return on provincial procurement: more than 100 work-experience places 2016-2019 (review §6)."""
    name, target_groups = "social_return", (8,)

    def eligible(self, model):
        lt_inactive, lt_unemployed = self.long_term(model)
        p = model.persons
        age = age_months(model, np.arange(p.n))
        target = p.view("disability") | lt_inactive | (lt_unemployed & (age >= 45 * 12))
        return np.flatnonzero(self.without_work(model) & target & (age >= 18 * 12))


class Groenstart(InclusionProgramme):
    """Groenstart (AgriTech campus): 1-2 extra years to make MBO-2 reachable (review §6)."""
    name, regions = "groenstart", (4,)
    FIELD = 12  # agricultural

    def eligible(self, model):
        p = model.persons
        age = age_months(model, np.arange(p.n))
        return np.flatnonzero(self.without_work(model) & (p.view("education") == 0) & (age >= 16 * 12) & (age < 30 * 12))

    def help(self, model, idx, rng):
        if len(idx) == 0:
            return 0
        p, t = model.persons, model.month_index
        model.move(idx, EDUCATION, "groenstart")
        p.study_level[idx] = 1
        p.study_field[idx] = self.FIELD
        p.study_end_month[idx] = t + (int(self.par("extra_years")) + 2) * 12
        p.dropout[idx] = False
        p.work_based[idx] = False
        p.campus[idx] = -1
        return len(idx)
