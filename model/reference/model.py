"""ReferenceModel: the core labour-market rules of skillsim, written the ordinary Mesa
way (one Python object per person and per firm, AgentSet operations, a DataCollector).

It exists to be read and to be compared with the fast array model (model/model.py):
same parameters (a Scenario), same structure tables (model.structure), same initial
state, same monthly order, same tidy output table (model.results.tidy). Randomness is
its own: one numpy generator from the seed, so the two agree statistically, not draw
for draw (tests/test_docking.py; docs/reference.md).

A month, in the order of model.model.MONTHLY_STEPS:
    demography   age out at 75, retire at the pension age, other exits, a school
                 cohort enters at 15, migrants arrive
    demand       firms review long-open vacancies (lower requirements, or give the job
                 up); jobs wanted grow; vacancies are opened (jobs left first) or withdrawn
    separations  the employed lose their job or leave the labour force
    matching     searchers apply once; each vacancy hires its most suitable applicant
    inactivity   the unemployed stop searching; the inactive start
    education    enrolment at campuses at 16; school leavers look for work
Not covered: policy levers (model/levers) and retraining, which the baseline leaves off.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from itertools import accumulate

import mesa
import numpy as np

from skillsim.model import structure as S
from skillsim.model.accounting import NEW, MonthRecord
from skillsim.model.calendar import MonthCalendar
from skillsim.model.campuses import CAMPUS_REGION_FOR_RESIDENTS, create_campuses
from skillsim.model.firms import LOWERED_REQUIREMENTS, NOT_REVIEWED
from skillsim.model.initial_state import higher_technical_field_shares
from skillsim.model.levers import build_levers
from skillsim.model.model import SkillsimModel
from skillsim.model.demography import retirement_probabilities
from skillsim.model.matching import scaled_closeness
from skillsim.model.persons import EDUCATION, EMPLOYED, GONE, INACTIVE, N_STATUS, UNEMPLOYED
from skillsim.model.reference.agents import Firm, Person
from skillsim.model.sampling import stochastic_round
from skillsim.model.scenario import Scenario
from skillsim.model.separations import TENSION_RATIO_BOUNDS

# The order of work in one month: the same names as model.model.MONTHLY_STEPS.
MONTHLY_STEPS = ("demography", "demand", "separations", "retraining", "matching", "inactivity", "education")


def _cumulative(shares) -> list[float]:
    return list(accumulate(float(s) for s in shares))


class ReferenceModel(MonthCalendar, mesa.Model):
    """The core rules with Person and Firm agents.

    `separation_rate_factor` multiplies separations.separation_rate_per_month in this
    model only. It exists for the docking test's power check (a rule changed in one
    implementation must be detected); leave it at 1 otherwise.
    """

    def __init__(self, scenario: Scenario, seed: int = 0, scale: float = 1.0,
                 separation_rate_factor: float = 1.0):
        super().__init__(rng=seed)
        if build_levers(scenario):
            raise ValueError(f"scenario {scenario.name!r} switches on policy levers; the reference model covers the core rules only")
        self.params = scenario  # not self.scenario: Mesa 3.5 reserves it
        self.seed_value = int(seed)
        self.scale = float(scale)
        self.separation_rate_factor = float(separation_rate_factor)
        self.start_year = scenario.get("run.start_year")
        self.end_year = scenario.get("run.end_year")
        self.start_month_index = self.start_year * 12
        self.month_index = self.start_month_index
        self.records: list[MonthRecord] = []
        self.record = MonthRecord(self.month_index)
        self.gone_by_region = np.zeros(S.N_REGIONS, dtype=np.int64)
        self.pension_months = self.pension_age_months()  # this year's, cached for the agents
        self._retirement_probability: dict[tuple[int, int], float] = {}  # (age, pension age in months) -> hazard

        # Tables the rules look up, as plain Python lists.
        self.closeness = scaled_closeness(scenario.get("matching.mobility_scale")).tolist()
        self.commute = np.exp(-scenario.get("matching.commute_cost") * S.COMMUTE_DISTANCE_CLASS).tolist()
        self.region_cdf = _cumulative(S.REGION_POPULATION_SHARE)
        self.occupation_cdf = _cumulative(S.OCCUPATION_SHARE)
        self.education_cdf = [_cumulative(row) for row in S.OCCUPATION_EDUCATION]
        self.non_technical_field_cdf = _cumulative(S.non_technical_field_shares())
        self.technical_field_cdf = _cumulative(S.technical_field_shares())
        self.higher_technical_field_cdf = _cumulative(higher_technical_field_shares())

        self.campuses = create_campuses(self, scenario.get("education.campus_capacity_slack"))
        self.job_board: dict[int, list] = {m: [] for m in range(S.N_MARKETS)}  # market -> open vacancies
        self._firms_for_market: dict[int, tuple[list[Firm], list[float]]] = {}
        self._market_choice: dict[tuple[int, int], list[float] | None] = {}
        self._take_initial_state(SkillsimModel(scenario, seed=seed, scale=scale))

        self.datacollector = mesa.DataCollector(model_reporters={
            "employed": lambda m: int(m.record.status_stock[:, EMPLOYED].sum()),
            "unemployed": lambda m: int(m.record.status_stock[:, UNEMPLOYED].sum()),
            "unemployment_rate": lambda m: 100.0 * m.record.status_stock[:, UNEMPLOYED].sum()
            / max(m.record.status_stock[:, [EMPLOYED, UNEMPLOYED]].sum(), 1),
            "open_vacancies": lambda m: int(m.record.open_vacancies.sum()),
            "hires": lambda m: int(m.record.job_entries.sum()),
        })

    # --- the initial state: the main model's, turned into agents -------------------------
    def _take_initial_state(self, init: SkillsimModel) -> None:
        """Copy the main model's state on 1 January of the start year (built by
        model.initial_state.build, then run.burn_in_months of main-model months) for the
        same scenario, seed and scale: every person row becomes a Person, every firm a
        Firm, every open vacancy a Vacancy, every job left in the last burn-in month a
        job its firm will re-offer. Both models therefore start from the identical state."""
        f = init.firms
        firms = [Firm(self, int(f.region[i]), int(f.sector[i]), float(f.size[i])) for i in range(f.n)]
        p = init.persons
        columns = {name: p.view(name).tolist() for name in (
            "birth_month", "region", "education", "occupation", "status", "status_since", "employer",
            "work_market", "study_end_month", "study_field", "study_level", "dropout", "campus", "work_based",
            "side_job")}
        for i in range(p.n):
            if columns["status"][i] == GONE:  # left the population during the burn-in
                self.gone_by_region[columns["region"][i]] += 1
                continue
            person = Person(
                self, birth_month=columns["birth_month"][i], region=columns["region"][i],
                education=columns["education"][i], occupation=columns["occupation"][i],
                status=columns["status"][i], status_since=columns["status_since"][i],
                study_end_month=columns["study_end_month"][i], study_field=columns["study_field"][i],
                study_level=columns["study_level"][i], dropout=columns["dropout"][i],
                campus=self.campuses[columns["campus"][i]] if columns["campus"][i] >= 0 else None,
                work_based=columns["work_based"][i], side_job=columns["side_job"][i])
            if person.status == EMPLOYED:
                person.employer = firms[columns["employer"][i]]
                person.work_market = columns["work_market"][i]
        for firm_i, market, opened, review in zip(f.vac_firm.tolist(), f.vac_market.tolist(), f.vac_opened.tolist(),
                                                  f.vac_review.tolist()):
            vacancy = firms[firm_i].post_vacancy(market)
            vacancy.opened, vacancy.reviewed, vacancy.lowered = opened, review != NOT_REVIEWED, review == LOWERED_REQUIREMENTS
        for firm_i, market in zip(*(a.tolist() for a in f.take_jobs_left())):
            firms[firm_i].jobs_left.append(market)
        self.desired_jobs = init.desired_jobs.astype(float).copy()
        self.cohort_per_year = float(init.cohort_per_year)
        self.tension_history = list(getattr(init, "tension_history", []))  # the cycle's memory (model.separations)
        self.initial_stock = self._status_stock()

    @property
    def persons(self):
        return self.agents_by_type[Person]

    @property
    def firms(self):
        return self.agents_by_type[Firm]

    def retirement_probability(self, age_months: int) -> float:
        """Monthly retirement probability of an employed person (the same hazards as the
        main model: model.demography.retirement_probabilities). Remembered per (age,
        pension age): the hazards depend on nothing else in a run, and one numpy call per
        person and month was a third of the reference's run time."""
        key = (age_months, self.pension_months)
        probability = self._retirement_probability.get(key)
        if probability is None:
            probability = float(retirement_probabilities(self.params, np.array([age_months]), self.pension_months)[0])
            self._retirement_probability[key] = probability
        return probability

    def search_decay(self, years_unemployed: float) -> float:
        return math.exp(-self.params.get("matching.search_decay_per_year_unemployed") * years_unemployed)

    # --- one month ---------------------------------------------------------------------
    def step(self) -> None:
        self.record = MonthRecord(self.month_index)
        self.pension_months = self.pension_age_months()  # this year's, cached for the agents
        for name in MONTHLY_STEPS:
            getattr(self, name)()
        self.close_month()
        self.datacollector.collect(self)
        self.records.append(self.record)
        self.month_index += 1

    def run(self, months: int | None = None) -> None:
        for _ in range(self.n_months if months is None else months):
            self.step()

    # --- retraining ----------------------------------------------------------------------
    def retraining(self) -> None:
        """Training without a lever (model/retraining.py, issue 15) is not implemented in
        the reference: docking runs with retraining.background_training_share_per_year
        = 0 (model/reference/docking.py), where the main model's step does nothing either."""
        if self.params.get("retraining.background_training_share_per_year") > 0:
            raise ValueError("the reference model has no background training: set "
                             "retraining.background_training_share_per_year = 0 (docking_scenario does)")

    # --- demography ----------------------------------------------------------------------
    def demography(self) -> None:
        par, rng = self.params, self.rng
        other_exit_rate = 1.0 - (1.0 - par.get("demography.other_exit_rate_per_year")) ** (1 / 12)
        self.persons.do("demography_step", other_exit_rate)

        # A school cohort of 15-year-olds enters initial education (1/12 of a year's cohort).
        if self.month == 1 and self.month_index > self.start_month_index:
            self.cohort_per_year *= 1.0 + par.at("demography.school_cohort_change_per_year", self.year)
        for _ in range(stochastic_round(self.cohort_per_year / 12.0, rng)):
            person = Person(self, birth_month=self.month_index - 15 * 12, region=self._draw(self.region_cdf),
                            education=0, occupation=-1, status=EDUCATION, status_since=self.month_index)
            person.choose_studies()
            person.side_job = rng.random() < par.get("education.working_student_share")
            self.record.transitions[person.region, NEW, EDUCATION] += 1

        # Net migration: arrivals aged 20-44 (job seekers or inactive); or departures.
        net = stochastic_round(par.at("demography.net_migration_per_year", self.year) / 12 * self.scale, rng)
        for _ in range(max(net, 0)):
            occupation = self._draw(self.occupation_cdf)
            status = UNEMPLOYED if rng.random() < par.get("demography.migrant_job_seeker_share") else INACTIVE
            person = Person(self, birth_month=self.month_index - int(rng.integers(20 * 12, 45 * 12)),
                            region=self._draw(self.region_cdf), occupation=occupation,
                            education=min(self._draw(self.education_cdf[occupation]), S.N_EDUCATION - 1),
                            status=status, status_since=self.month_index)
            self.record.transitions[person.region, NEW, status] += 1
        if net < 0:
            adults = self.persons.select(lambda p: 20 * 12 <= p.age_months < 45 * 12)
            adults.shuffle(inplace=True).select(at_most=-net).do("leave_population", "emigrated")

    def _draw(self, cumulative: list[float]) -> int:
        """An index drawn from a cumulative distribution (a list ending at 1)."""
        return min(bisect_right(cumulative, self.rng.random()), len(cumulative) - 1)

    # --- demand --------------------------------------------------------------------------
    def demand(self) -> None:
        par, rng, t = self.params, self.rng, self.month_index
        self.firms_adapt()
        growth = np.where(S.MARKET_TECHNICAL, par.at("demand.technical_demand_growth_per_year", self.year),
                          par.at("demand.other_demand_growth_per_year", self.year))
        old = self.desired_jobs
        self.desired_jobs = old * (1.0 + growth) ** (1.0 / 12.0)
        self.record.expansion += self.desired_jobs - old

        employed = self._employed_by_market()
        jobs_left: dict[int, list[Firm]] = {m: [] for m in range(S.N_MARKETS)}
        for firm in self.firms:
            for market in firm.jobs_left:
                jobs_left[market].append(firm)
            firm.jobs_left = []

        for market in range(S.N_MARKETS):
            wanted = max(0, stochastic_round(self.desired_jobs[market] - employed[market], rng))
            board = self.job_board[market]
            have = len(board)
            if have > wanted:  # withdraw the newest
                board.sort(key=lambda v: v.opened)
                del board[wanted:]
                self.record.vacancies_withdrawn[market] += have - wanted
            elif wanted > have:  # re-offer jobs left at their firm first, then new jobs
                need = wanted - have
                firms = jobs_left[market][:need]
                firms += [self._choose_firm(market) for _ in range(need - len(firms))]
                for firm in firms:
                    firm.post_vacancy(market)
                self.record.vacancies_opened[market] += need

        # A downturn: where employment exceeds the jobs wanted, part of the excess is laid off.
        excess = employed - self.desired_jobs
        if np.any(excess >= 1):
            rate = par.get("demand.layoff_rate_when_over_demand_per_month")
            for market in np.flatnonzero(excess > 0).tolist():
                n_layoff = stochastic_round(excess[market] * rate, rng)
                if n_layoff > 0:
                    members = self.persons.select(lambda p, m=market: p.work_market == m)
                    members.shuffle(inplace=True).select(at_most=n_layoff).do(
                        "move_to", UNEMPLOYED, "laid_off", replace_job=False)

    def firms_adapt(self) -> None:
        """Each vacancy open firms.requirements_review_months is reviewed once: its firm
        lowers the requirements with probability firms.lower_requirements_share; a vacancy
        open firms.withdrawal_months is withdrawn and its job given up."""
        par, rng, t = self.params, self.rng, self.month_index
        review, withdraw = par.get("firms.requirements_review_months"), par.get("firms.withdrawal_months")
        share = par.get("firms.lower_requirements_share")
        for market, board in self.job_board.items():
            for vacancy in board:
                if not vacancy.reviewed and t - vacancy.opened >= review:
                    vacancy.reviewed = True
                    vacancy.lowered = rng.random() < share
            expired = [v for v in board if t - v.opened >= withdraw]
            if expired:
                self.job_board[market] = [v for v in board if t - v.opened < withdraw]
                self.desired_jobs[market] -= len(expired)
                self.record.jobs_given_up[market] += len(expired)

    def _choose_firm(self, market: int) -> Firm:
        """A firm of the market's region, drawn in proportion to size x sector fit."""
        if market not in self._firms_for_market:
            region, occupation = int(S.MARKET_REGION[market]), int(S.MARKET_OCCUPATION[market])
            firms = self.firms.select(lambda f: f.region == region and f.attractiveness(occupation) > 0)
            firms = list(firms)
            self._firms_for_market[market] = (firms, _cumulative(f.attractiveness(occupation) for f in firms))
        firms, cumulative = self._firms_for_market[market]
        pick = bisect_right(cumulative, self.rng.random() * cumulative[-1])
        return firms[min(pick, len(firms) - 1)]

    def _employed_by_market(self) -> np.ndarray:
        out = np.zeros(S.N_MARKETS)
        for market, n in self.persons.groupby("work_market", result_type="list").count().items():
            if market >= 0:  # -1: not employed
                out[market] = n
        return out

    # --- separations and quits -------------------------------------------------------------
    def separations(self) -> None:
        par = self.params
        unemployed = int((self.records[-1].status_stock if self.records else self.initial_stock)[:, UNEMPLOYED].sum())
        n_vacancies = sum(len(board) for board in self.job_board.values())
        tension = n_vacancies / max(unemployed, 1)
        history = self.tension_history
        ratio = tension / (sum(history) / len(history)) if history and sum(history) > 0 else 1.0
        history.append(tension)
        del history[:-par.get("separations.tension_memory_months")]
        ratio = min(max(ratio, TENSION_RATIO_BOUNDS[0]), TENSION_RATIO_BOUNDS[1])
        self.on_the_job_search_share = min(1.0, par.get("separations.on_the_job_search_share_per_month")
                                           * ratio ** par.get("separations.on_the_job_search_tension_elasticity"))
        p_unemployment = (par.get("separations.separation_rate_per_month") * self.separation_rate_factor
                          * ratio ** -par.get("separations.separation_tension_elasticity"))
        p_inactivity = par.get("separations.quit_to_inactivity_rate_per_month")
        self.persons.do("separations_step", p_unemployment, p_inactivity)

    # --- job search and matching -----------------------------------------------------------
    def matching(self) -> None:
        searchers = self.persons.select(lambda p: p.searches_this_month())
        if len(searchers) == 0 or not any(self.job_board.values()):
            return
        self._market_choice = {}
        searchers.shuffle_do("apply_for_a_job")
        for market in range(S.N_MARKETS):
            board = self.job_board[market]
            filled = []
            for vacancy in board:
                if vacancy.applicants:
                    best = max(vacancy.applicants, key=lambda a: (a[0], a[1]))
                    best[2].take_job(vacancy)
                    if best[3]:
                        self.record.below_requirement_hires[market] += 1
                    filled.append(vacancy)
            for vacancy in filled:
                board.remove(vacancy)
            for vacancy in board:
                vacancy.applicants = []

    def market_choice(self, region: int, occupation_row: int) -> list[float] | None:
        """Cumulative weights over markets of one application from a person living in
        `region` with occupation row `occupation_row`: open vacancies x skill closeness
        x commuting weight. Computed once a month per (region, row); None if all zero."""
        key = (region, occupation_row)
        if key not in self._market_choice:
            closeness, commute = self.closeness[occupation_row], self.commute[region]
            weights = [closeness[int(S.MARKET_OCCUPATION[m])] * commute[int(S.MARKET_REGION[m])] * len(self.job_board[m])
                       for m in range(S.N_MARKETS)]
            self._market_choice[key] = _cumulative(weights) if sum(weights) > 0 else None
        return self._market_choice[key]

    # --- inactivity ------------------------------------------------------------------------
    def inactivity(self) -> None:
        par = self.params
        self.persons.do("inactivity_step", par.get("inactivity.unemployed_to_inactive_rate_per_month"),
                        par.get("inactivity.inactive_to_unemployed_rate_per_month"))

    # --- education -------------------------------------------------------------------------
    def education(self) -> None:
        par, rng, t = self.params, self.rng, self.month_index
        if self.month == 1:
            for campus in self.campuses:
                campus.new_year()
        students = self.persons.select(lambda p: p.status == EDUCATION)
        students.select(lambda p: p.birth_month == t - 16 * 12).do(self.enrol)

        to_search = []
        for person in students.select(lambda p: p.study_end_month <= t):
            person.education, person.occupation, person.campus = person.study_level, person.study_field, None
            person.side_job = False
            self.record.count("school_leavers")
            self.record.school_leavers[person.region] += 1
            with_field = person.study_field >= 0 and not person.dropout
            technical_graduate = with_field and S.is_technical(person.study_field)
            self.record.count("technical_graduates", int(technical_graduate))
            work_based = person.work_based and technical_graduate
            share = par.get("education.work_based_retention") if work_based else par.get("education.direct_hire_share")
            direct = with_field and rng.random() < share
            person.work_based = False
            if direct and self._hire_from_school(person, work_based):
                continue
            to_search.append(person)
        for person in to_search:
            person.move_to(UNEMPLOYED, "school_leaver")

    def enrol(self, person: Person) -> None:
        """A 16-year-old bound for technical MBO takes a place at a campus of their region
        that trains for their field and has room this year (any campus otherwise); with
        no room anywhere they choose a non-technical field instead."""
        field = person.study_field
        if not (person.study_level <= 3 and S.is_technical(field)):
            return
        home = CAMPUS_REGION_FOR_RESIDENTS[person.region]
        open_here = [c for c in self.campuses if c.region == home and c.capacity(field, self.scale) > 0
                     and c.has_room(field, self.scale)]
        options = open_here or [c for c in self.campuses if c.capacity(field, self.scale) > 0
                                and c.has_room(field, self.scale)]
        if not options:
            person.study_field = self._draw(self.non_technical_field_cdf)
            self.record.count("campus_full")
            return
        cumulative = _cumulative(c.capacity(field, self.scale) for c in options)
        campus = options[min(bisect_right(cumulative, self.rng.random() * cumulative[-1]), len(options) - 1)]
        campus.admit(field)
        person.campus = campus
        person.work_based = self.rng.random() < campus.work_based_share

    def _hire_from_school(self, person: Person, work_based: bool) -> bool:
        """A school leaver hired straight from school (a BBL graduate kept by a firm of
        their field, or another leaver hired): the oldest open vacancy of their field in
        their home region, if there is one."""
        board = self.job_board[int(S.market_index(person.region, person.study_field))]
        if not board:
            return False
        board.sort(key=lambda v: v.opened)
        self.record.count("work_based_retained", int(work_based))
        self.record.count("hired_from_school")
        self.record.school_leavers_to_work[person.region] += 1
        person.take_job(board.pop(0))
        return True

    # --- end of the month: stocks ------------------------------------------------------------
    def _status_stock(self) -> np.ndarray:
        stock = np.zeros((S.N_REGIONS, N_STATUS), dtype=np.int64)
        for (region, status), n in self.persons.groupby(lambda p: (p.region, p.status), result_type="list").count().items():
            stock[region, status] = n
        stock[:, GONE] += self.gone_by_region
        return stock

    def close_month(self) -> None:
        rec, t = self.record, self.month_index
        rec.status_stock = self._status_stock()
        rec.employed_by_market = self._employed_by_market().astype(np.int64)
        hard = self.params.get("matching.hard_to_fill_months")
        rec.open_vacancies = np.array([len(self.job_board[m]) for m in range(S.N_MARKETS)], dtype=np.int64)
        rec.hard_to_fill = np.array([sum(1 for v in self.job_board[m] if t - v.opened > hard)
                                     for m in range(S.N_MARKETS)], dtype=np.int64)
        rec.desired_jobs = self.desired_jobs.copy()
        rec.working_students = np.zeros(S.N_REGIONS, dtype=np.int64)
        rec.working_pensioners = np.zeros(S.N_REGIONS, dtype=np.int64)
        for person in self.persons:
            if person.status == EDUCATION and person.side_job:
                rec.working_students[person.region] += 1
            elif person.status == INACTIVE and person.side_job:
                rec.working_pensioners[person.region] += 1
