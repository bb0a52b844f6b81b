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
from skillsim.model.levers.base import in_regions, Lever, Quota, place_in_vacancies
from skillsim.model.persons import EDUCATION, INACTIVE, UNEMPLOYED
from skillsim.model.sampling import categorical


class InclusionProgramme(Lever):
    """Eligibility: `target(model, col, age)` of each programme, among those without work
    below pension age in its regions. Capacity: capacity_persons and budget (Lever.places_left).
    Delivery: a job in the target groups of the person's region (`deliver`)."""
    family = "inclusion"
    capacity_key = "capacity_persons"
    target_groups: tuple | None = None   # None: any group
    regions: tuple | None = None         # None: all regions

    def __init__(self, params):
        super().__init__(params)
        self.quota = Quota()

    def eligible(self, model, idx=None) -> np.ndarray:
        p, t = model.persons, model.month_index

        def col(name):  # a column for the rows asked (views of the live rows if all)
            return p.view(name) if idx is None else getattr(p, name)[idx]

        status = col("status")
        if idx is None:  # every row: the month's ages, shared by the programmes (PersonAges)
            ages = model.levers.monthly(model, PersonAges)
            if ages.n != p.n:
                ages = PersonAges(model)
            age, below_pension = ages.age_months, ages.below_pension_age
        else:
            age = t - col("birth_month")
            below_pension = age < model.pension_age_months()
        ok = ((status == UNEMPLOYED) | (status == INACTIVE)) & below_pension
        if self.regions is not None:
            ok &= in_regions(col("region"), self.regions)
        return ok & self.target(model, col, age)

    def target(self, model, col, age_months: np.ndarray) -> np.ndarray:
        """The programme's target group (mask), given a column getter and ages in months."""
        raise NotImplementedError

    @staticmethod
    def long_term(model, col) -> tuple[np.ndarray, np.ndarray]:
        t = model.month_index
        status, since = col("status"), col("status_since")
        lt_inactive = (status == INACTIVE) & (t - since >= model.params.get("inactivity.long_term_inactive_months"))
        lt_unemployed = (status == UNEMPLOYED) & (t - since >= 12)
        return lt_inactive, lt_unemployed

    def after_month(self, model):
        self.prorate(model)
        if not self.in_window(model):
            return
        cost = self.par("cost_eur_per_participant")
        room = self.places_left(model, cost)
        n = self.quota.take(self.par("placements_per_month") * model.scale)
        take = min(n, room)
        if take == 0:
            return
        rng = self.rng(model)
        pool = np.flatnonzero(self.eligible(model))
        chosen = rng.lowest(pool, take, "chosen")
        helped = self.deliver(model, chosen, rng)
        self.quota.carry += take - helped   # places not filled this month carry over
        self.taken_in_sim += helped
        self.count(model, "inclusion_placements", helped)
        self.charge_persons(model, helped, cost)

    def deliver(self, model, idx, rng) -> int:
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
        group = categorical(cdf, region, rng.uniform(idx, "group"))
        queue = np.argsort(rng.bits(idx, "queue"), kind="stable")  # first come: by the person's draw, not their row
        hired = place_in_vacancies(model, idx[queue], S.market_index(region, group)[queue])
        return int(hired.sum())


class PersonAges:
    """Every row's age in months this month and whether it is below the pension age
    (birth month after the month less the pension age), computed once a month for the
    inclusion programmes through the run's LeverSet (model.levers.monthly). A birth
    month changes only when a person leaves the population, and the gone fail the
    programmes' status test, which reads the status column afresh."""

    def __init__(self, model):
        self.month = model.month_index
        self.n = model.persons.n
        self.age_months = model.month_index - model.persons.view("birth_month")
        self.below_pension_age = self.age_months < model.pension_age_months()


class Jobs200(InclusionProgramme):
    """200-jobs plan for youth from youth care: 273 helped by February 2018 (review §6)."""
    name = "jobs_200"

    def target(self, model, col, age):
        return col("youth_care") & (age >= 16 * 12) & (age < 28 * 12)


class AirportExpress(InclusionProgramme):
    """New West Airport Express: more than 100 employed at Schiphol (review §6)."""
    name, target_groups, regions = "airport_express", (14, 15), (0,)

    def target(self, model, col, age):
        lt_inactive, lt_unemployed = self.long_term(model, col)
        return (lt_inactive | lt_unemployed | col("disability")) & (age >= 18 * 12)


class SocialReturn(InclusionProgramme):
    """Social return on provincial procurement: more than 100 work-experience places 2016-2019 (review §6)."""
    name, target_groups = "social_return", (8,)

    def target(self, model, col, age):
        lt_inactive, lt_unemployed = self.long_term(model, col)
        return (col("disability") | lt_inactive | (lt_unemployed & (age >= 45 * 12))) & (age >= 18 * 12)


class Groenstart(InclusionProgramme):
    """Groenstart (AgriTech campus): 1-2 extra years to make MBO-2 reachable (review §6)."""
    name, regions = "groenstart", (4,)
    FIELD = 12  # agricultural

    def target(self, model, col, age):
        return (col("education") == 0) & (age >= 16 * 12) & (age < 30 * 12)

    def deliver(self, model, idx, rng):
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
