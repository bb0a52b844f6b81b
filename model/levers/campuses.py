"""Lever family 1, education-labour market match (review §3): MBO technical campuses and
technology promotion events (PET) for primary pupils.

Campuses: founded one a year from 2015 (campuses_2015_2018) and two a year from 2019
(campuses_from_2019), in the regions in turn (IJmond, Noord-Holland Noord, Noord-Holland
Noord, Gooi en Vechtstreek, then Groot-Amsterdam, Zaanstreek/Waterland, ...). Each is a
Campus agent (model.campuses) with extra technical intake seats, split over the
technical groups as DUO's 2017 enrolment; it raises the share of its region's new MBO
entrants who choose technology, and offers retraining seats to adults of its region
(a retraining funnel with House of Skills' completion, duration and placement figures).
Funding life cycle: public co-funding for cofunding_years; then the campus continues at
full size with continue_probability, otherwise keeps shrink_factor_if_not_continued of
its seats (0: it closes). Partner firms, the MBO-HBO line and VMBO agreements are
attributes of the agent without an effect of their own (a simplification).

PET: events_per_year events reach pupils_per_event primary pupils each; delay_years
later, the reached share of the school cohort chooses a technical MBO programme with
technical_choice_raise_per_reached_pupil more probability.
"""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S
from skillsim.model.campuses import CAMPUS_REGION_FOR_RESIDENTS, Campus
from skillsim.model.levers.base import Lever, Quota, new_mbo_entrants, switch_to_technical
from skillsim.model.levers.work_to_work import RetrainingFunnel
from skillsim.model.sampling import categorical

FIRST_REGIONS = (2, 4, 4, 3)                 # Techport, Tech@Connect, AgriTech, Hilversum (review §3)
LATER_REGIONS = (0, 1, 4, 2, 0, 3, 0, 1, 4, 2)  # then in turn; Groot-Amsterdam most often (assumption)


class LeverCampus(Campus):
    """A campus founded by the lever: its seats are extra technical intake capacity."""

    def __init__(self, model, number: int, region: int, founded_year: int, seats: float):
        # Enrolment matches a campus to its residents' campus region (Gooi en Vechtstreek's
        # residents study in Groot-Amsterdam, model.campuses); location_region is where it stands.
        super().__init__(model, f"CAMPUS{number:02d}", f"technical campus {number}",
                         int(CAMPUS_REGION_FOR_RESIDENTS[region]), {}, 0, founded_year=founded_year, capacity_slack=1.0)
        self.location_region = region
        shares = S.technical_field_shares()
        self.full_seats = seats
        self.size = 1.0          # 1 at full size; shrink factor after co-funding if not continued
        self.intake_capacity = {int(g): seats * shares[g] for g in np.flatnonzero(shares)}
        self.intake_this_year = {g: 0 for g in self.intake_capacity}
        self.work_based_share = S.MBO_TECH_BBL_SHARE_NH_2017
        self.partner_firms = 4             # review §3: >= 4 paying firms
        self.mbo_hbo_line = number % 2 == 0  # review §3: 5 of 10 with a continuous line
        self.decided = False

    def resize(self, factor: float) -> None:
        self.size = factor
        shares = S.technical_field_shares()
        self.intake_capacity = {g: self.full_seats * shares[g] * factor for g in self.intake_capacity}


class CampusRetraining(RetrainingFunnel):
    """Retraining seats at the lever's campuses, for a technical group; funnel figures
    (completion, duration, placement support, deadweight) borrowed from House of Skills. Paid from the campuses' budget (funder = the TechnicalCampuses lever); no
    places of its own: its seats are the campuses' retraining seats, taken up each month
    by region (`candidates`)."""
    name, programme_id = "campuses", 5
    capacity_key = None

    def __init__(self, params, lever: "TechnicalCampuses"):
        super().__init__(params, funder=lever)
        self.lever = lever
        self.quotas = [Quota() for _ in range(S.N_REGIONS)]

    def funnel(self, name):
        if name == "cost_eur_per_participant":
            return self.params.get("campuses.retraining_cost_eur_per_participant")
        return self.params.get(f"house_of_skills.{name}")

    def candidates(self, model, rng):
        seats = np.zeros(S.N_REGIONS)
        for c in self.lever.campuses:
            seats[c.location_region] += self.params.get("campuses.retraining_seats_per_campus_per_year") * c.size
        out = []
        employed_by_region = None  # eligible employed per region, counted once when needed (nobody moves in this loop)
        seekers = None             # the eligible job seekers and their regions, found once (likewise)
        for r in np.flatnonzero(seats):
            n = self.quotas[r].take(seats[r] / 12.0 * model.scale)
            if n == 0:
                continue
            region = (int(r),)
            if seekers is None:
                seekers = self.eligible_job_seekers_with_region(model)
            unemployed = np.compress(seekers[1] == r, seekers[0])  # (a[mask], faster)
            if len(unemployed) >= n:  # job seekers first
                out.append(rng.lowest(unemployed, n, "job_seeker"))
                continue
            # otherwise n drawn from job seekers and employed together
            if employed_by_region is None:
                employed_by_region = self.n_eligible_employed_by_region(model)
            n_employed = int(employed_by_region[r])
            n_u = rng.generator.hypergeometric(len(unemployed), max(n_employed, 1), n) if n_employed else min(n, len(unemployed))
            out.append(rng.lowest(unemployed, n_u, "job_seeker"))
            out.append(self.sample_employed(model, region, n - min(n_u, len(unemployed)), rng))
        return np.sort(np.concatenate(out)) if out else np.zeros(0, dtype=np.int64)

    def targets(self, model, idx, rng):
        """A technical group (a technical campus), in proportion to the open technical
        vacancies in the participant's region (DUO's technical mix where there are none)."""
        vac = model.firms.vacancies_by_market().reshape(S.N_REGIONS, S.N_OCCUPATIONS).astype(float)
        w = vac * S.TECHNICAL[None, :]
        w[w.sum(axis=1) <= 0] = S.technical_field_shares()
        cdf = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
        return categorical(cdf, model.persons.region[idx].astype(np.int64), rng.uniform(idx, "target"))

    def take_in(self, model, rng):
        cand = self.candidates(model, rng)
        cand = cand[: self.room(model)]
        if len(cand):
            self.count(model, "retraining_candidates", len(cand))
            self.deliver(model, cand, rng)


class TechnicalCampuses(Lever):
    name, family = "campuses", "campuses"

    def __init__(self, params):
        super().__init__(params)
        self.campuses: list[LeverCampus] = []
        self.retraining = CampusRetraining(params, self)
        n1, n2 = int(self.par("campuses_2015_2018")), int(self.par("campuses_from_2019"))
        plan = [(2015 + (k % 4), FIRST_REGIONS[k % len(FIRST_REGIONS)]) for k in range(n1)]
        plan += [(2019 + k // 2, LATER_REGIONS[k % len(LATER_REGIONS)]) for k in range(n2)]
        self.plan = [(y, r) for y, r in plan if self.start_year <= y <= self.end_year]

    def before_month(self, model):
        if model.month != 1:
            return
        rng = self.rng(model)
        cofund_years = int(self.par("cofunding_years"))
        yearly = self.par("cofunding_eur_per_campus_per_year")
        # Found the campuses planned up to this year (those founded before the run exist from its start).
        while len(self.campuses) < len(self.plan) and self.plan[len(self.campuses)][0] <= model.year:
            year, region = self.plan[len(self.campuses)]
            # The campus is founded only if its co-funding still fits the budget.
            owed = yearly * max(0, min(cofund_years, year + cofund_years - max(year, model.start_year)))
            if owed > self.budget_eur - self.spent_eur - self.committed_eur(model):
                self.plan = self.plan[: len(self.campuses)]
                break
            campus = LeverCampus(model, len(self.campuses) + 1, region, year, self.par("intake_seats_per_campus_per_year"))
            campus.index = len(model.campuses)
            model.campuses.append(campus)
            self.campuses.append(campus)
        # Co-funding this year, and the decision of those whose co-funding has ended.
        if model.month == 1:
            for campus in self.campuses:
                if campus.founded_year <= model.year < campus.founded_year + cofund_years:
                    self.charge_fixed(model, yearly)
                elif not campus.decided and model.year >= campus.founded_year + cofund_years:
                    campus.decided = True
                    if rng.keyed_uniform(np.array([self.campuses.index(campus)]), "continue")[0] >= self.par("continue_probability"):
                        campus.resize(self.par("shrink_factor_if_not_continued"))

    def placement_support(self):
        return self.retraining.placement_support()

    def committed_eur(self, model) -> float:
        """Co-funding still owed to the campuses already founded (after this year's)."""
        cofund_years = int(self.par("cofunding_years"))
        yearly = self.par("cofunding_eur_per_campus_per_year")
        return sum(yearly * max(0, c.founded_year + cofund_years - max(model.year, c.founded_year)) for c in self.campuses)

    def after_month(self, model):
        if not self.campuses:
            return
        rng = model.draws("lever.campuses.choice")
        # Raised technical choice among this month's MBO entrants in regions with campuses.
        raise_per = self.par("technical_choice_raise_per_campus")
        if raise_per > 0:
            size = np.zeros(S.N_REGIONS)
            for c in self.campuses:
                size[c.location_region] += c.size
            entrants = new_mbo_entrants(model)
            if len(entrants):
                region = model.persons.region[entrants].astype(np.int64)
                raise_ = np.minimum(size[region] * raise_per, 0.5)
                base = model.params.at("education.technical_share_mbo", model.year)
                switched = switch_to_technical(model, entrants, raise_ / max(1e-9, 1.0 - base), rng)
                self.count(model, "technical_choice_switches", switched)
        if self.par("retraining_seats_per_campus_per_year") > 0:
            retr_rng = model.draws("lever.campuses.retraining")
            self.retraining.count_placed(model)
            self.retraining.finish(model)
            if self.in_window(model):
                self.retraining.take_in(model, retr_rng)


class TechnologyPromotion(Lever):
    name, family = "pet", "campuses"

    def __init__(self, params):
        super().__init__(params)
        self.reached_by_year: dict[int, float] = {}   # year -> pupils reached (full scale)

    def before_month(self, model):
        if model.month != 1:
            return
        # Events before the run (from start_year) are known from the parameters; no budget is
        # charged for them (spent before the run, pro rata).
        self.prorate(model)
        for year in range(self.start_year, model.year + 1):
            if year in self.reached_by_year or year > self.end_year:
                continue
            n = int(self.par_at("events_per_year", year))
            if year >= model.year:
                affordable = int((self.budget_eur - self.spent_eur) // max(self.par("cost_eur_per_event"), 1e-9))
                n = min(n, affordable)
                self.charge_fixed(model, n * self.par("cost_eur_per_event"))
            self.reached_by_year[year] = n * self.par("pupils_per_event")

    def after_month(self, model):
        year = model.year - int(self.par("delay_years"))
        reached = self.reached_by_year.get(year, 0.0)
        if reached <= 0:
            return
        entrants = new_mbo_entrants(model)
        if len(entrants) == 0:
            return
        cohort_full = model.cohort_per_year / model.scale
        share_reached = min(1.0, reached / max(cohort_full, 1.0))
        base = model.params.at("education.technical_share_mbo", model.year)
        prob = share_reached * self.par("technical_choice_raise_per_reached_pupil") / max(1e-9, 1.0 - base)
        switched = switch_to_technical(model, entrants, prob, self.rng(model))
        self.count(model, "technical_choice_switches", switched)
