"""The reference model's agents: one Person object per resident, one Firm object per
establishment, and the open Vacancy a firm posts (a plain record, not an agent).

Everything a person can do in a month is a method here, written for one person at a
time; model/reference/model.py decides who does what, and in which order.
"""

from __future__ import annotations

from bisect import bisect_right

import mesa

from skillsim.model import structure as S
from skillsim.model.persons import EMPLOYED, GONE, INACTIVE, RETRAINING, UNEMPLOYED

# Statuses a person at pension age leaves the labour force from (the employed retire
# at the retirement hazards instead).
PENSION_EXIT_STATUSES = (UNEMPLOYED, RETRAINING)

class Vacancy:
    """An open job at `firm` in `market` (work region x occupation group), posted in
    month `opened`. It collects this month's applications and hires the best one."""

    __slots__ = ("firm", "market", "opened", "applicants", "reviewed", "lowered")

    def __init__(self, firm: "Firm", market: int, opened: int):
        self.firm = firm
        self.market = market
        self.opened = opened
        self.reviewed = False   # the firm has reviewed it (model.firms: after firms.requirements_review_months)
        self.lowered = False    # ... and lowered its requirements
        # (rank, tie-break, person, below requirements): rank is the suitability, minus 2 for
        # an applicant only the lowered requirements accept (the regular ones come first)
        self.applicants: list[tuple[float, float, "Person", bool]] = []


class Firm(mesa.Agent):
    """An establishment: a region, a sector and a size (its employment at the start).
    Jobs its workers leave are offered again (re-posted here) when demand asks for them."""

    def __init__(self, model, region: int, sector: int, size: float):
        super().__init__(model)
        self.region = region
        self.sector = sector
        self.size = size
        self.jobs_left: list[int] = []  # markets of jobs left since demand last ran

    def attractiveness(self, occupation: int) -> float:
        """How likely this firm is to be the one offering a new job in `occupation`:
        size x the share of the occupation's jobs that sit in the firm's sector."""
        return self.size * S.SECTOR_OF_OCCUPATION[self.sector, occupation]

    def post_vacancy(self, market: int) -> Vacancy:
        vacancy = Vacancy(self, market, self.model.month_index)
        self.model.job_board[market].append(vacancy)
        return vacancy


class Person(mesa.Agent):
    """A resident aged 15-74 of Noord-Holland."""

    def __init__(self, model, *, birth_month: int, region: int, education: int, occupation: int,
                 status: int, status_since: int, study_end_month: int = 0, study_field: int = -1,
                 study_level: int = 0, dropout: bool = False, campus=None, work_based: bool = False,
                 side_job: bool = False):
        super().__init__(model)
        self.birth_month = birth_month      # absolute month (year * 12 + month - 1)
        self.region = region                # region of residence
        self.education = education          # highest level attained
        self.occupation = occupation        # current or last group (or field trained for); -1 none
        self.status = status
        self.status_since = status_since
        self.employer: Firm | None = None
        self.work_market = -1               # market of the current job
        self.study_end_month = study_end_month
        self.study_field = study_field
        self.study_level = study_level
        self.dropout = dropout
        self.campus = campus                # model.campuses.Campus or None
        self.work_based = work_based        # in the work-based route (BBL)
        self.side_job = side_job            # a student with a paid side job, or a retired person's work after retirement

    # --- who am I ------------------------------------------------------------------
    @property
    def age_months(self) -> int:
        return self.model.month_index - self.birth_month

    def below_pension_age(self) -> bool:
        return self.age_months < self.model.pension_months

    def may_reenter(self) -> bool:
        """Inactive persons below the pension age and below retirement.start_age_years
        may search or start searching (the retired do not come back)."""
        return self.age_months < min(self.model.pension_months,
                                     self.model.params.get("retirement.start_age_years") * 12)

    # --- choosing studies (a new school cohort member) -------------------------------
    def choose_studies(self) -> None:
        """Final level, field, and the month initial education ends (a drop-out leaves
        part-way through, at entry level and without a field)."""
        model, par, rng = self.model, self.model.params, self.model.rng
        level = int(rng.choice(S.N_EDUCATION, p=par.get("education.final_level_shares")))
        course = par.get("education.course_length_months")[level]
        is_mbo = level <= 3
        if is_mbo:
            technical = rng.random() < par.at("education.technical_share_mbo", model.year)
            shares = model.technical_field_cdf if technical else model.non_technical_field_cdf
        else:
            technical = rng.random() < par.get("education.technical_share_higher")
            shares = model.higher_technical_field_cdf if technical else model.non_technical_field_cdf
        field = min(bisect_right(shares, rng.random()), S.N_OCCUPATIONS - 1)
        dropout = is_mbo and rng.random() < par.get("education.mbo_dropout_share")
        start = self.birth_month + 16 * 12
        self.study_end_month = start + (int(rng.random() * course) if dropout else course)
        self.study_level = 0 if dropout else level
        self.study_field = -1 if dropout else field
        self.dropout = dropout
        self.education = 0

    # --- changes of labour status, each one recorded -----------------------------------
    def move_to(self, status: int, reason: str, replace_job: bool = True) -> None:
        """Change labour status; a job left is offered again by its firm (unless a layoff)."""
        record = self.model.record
        record.transitions[self.region, self.status, status] += 1
        record.count(reason)
        if self.status == EMPLOYED and status != EMPLOYED:
            self.leave_job(replace_job)
        self.status = status
        self.status_since = self.model.month_index

    def leave_job(self, replace_job: bool = True) -> None:
        self.model.record.job_exits[self.work_market] += 1
        if replace_job:
            self.employer.jobs_left.append(self.work_market)
        self.employer = None
        self.work_market = -1

    def take_job(self, vacancy: Vacancy) -> None:
        """Fill `vacancy` (the caller removes it from the job board)."""
        model, record = self.model, self.model.record
        if self.status == EMPLOYED:  # a job-to-job move
            record.job_moves[self.work_market, vacancy.market] += 1
            self.leave_job()
            record.job_to_job[self.region] += 1
        else:
            record.transitions[self.region, self.status, EMPLOYED] += 1
        record.job_entries[vacancy.market] += 1
        record.count("hires")
        self.status = EMPLOYED
        self.status_since = model.month_index
        self.employer = vacancy.firm
        self.work_market = vacancy.market
        self.occupation = int(S.MARKET_OCCUPATION[vacancy.market])

    def leave_population(self, reason: str) -> None:
        """Age out at 75, die or emigrate: the person leaves the model."""
        self.move_to(GONE, reason)
        self.model.gone_by_region[self.region] += 1
        self.remove()

    # --- demography ---------------------------------------------------------------------
    def demography_step(self, other_exit_rate: float) -> None:
        """Age out at 75; the unemployed leave the labour force at the pension age, the
        employed aged 60 and over retire at the monthly hazard for their age; or die or
        emigrate (other exits) with a small monthly probability."""
        if self.age_months >= 75 * 12:
            self.leave_population("aged_out")
            return
        par = self.model.params
        if self.age_months >= self.model.pension_months and self.status in PENSION_EXIT_STATUSES:
            self.side_job = False
            self.move_to(INACTIVE, "pension_age")
        elif self.status == INACTIVE and self.side_job:  # work after retirement ends at the hazard past the pension age
            if self.model.rng.random() < 1.0 - (1.0 - par.get("retirement.rate_after_pension_age_per_year")) ** (1 / 12):
                self.side_job = False
        elif self.status == EMPLOYED and self.age_months >= par.get("retirement.start_age_years") * 12:
            if self.model.rng.random() < self.model.retirement_probability(self.age_months):
                self.model.record.retired_count[self.region] += 1
                self.model.record.retired_age_months[self.region] += self.age_months
                self.move_to(INACTIVE, "retired")
                if self.age_months >= self.model.pension_months:  # may keep paid work after retirement
                    self.side_job = self.model.rng.random() < par.get("retirement.work_after_retirement_share")
        if self.model.rng.random() < other_exit_rate:
            self.leave_population("other_exit")

    # --- separations and quits -------------------------------------------------------
    def separations_step(self, p_unemployment: float, p_inactivity: float) -> None:
        """An employed person loses the job (to unemployment) or quits the labour force."""
        if self.status != EMPLOYED:
            return
        u = self.model.rng.random()
        if u < p_unemployment:
            self.move_to(UNEMPLOYED, "separated")
        elif u < p_unemployment + p_inactivity:
            self.move_to(INACTIVE, "quit")

    # --- inactivity ----------------------------------------------------------------------
    def inactivity_step(self, p_stop: float, p_start: float) -> None:
        """The unemployed may stop searching; the inactive below pension age may start."""
        if self.status == UNEMPLOYED:
            if self.model.rng.random() < p_stop:
                self.move_to(INACTIVE, "stopped_searching")
        elif self.status == INACTIVE and self.may_reenter():
            if self.model.rng.random() < p_start:
                self.move_to(UNEMPLOYED, "started_searching")

    # --- job search ---------------------------------------------------------------------
    def searches_this_month(self) -> bool:
        """Whether this person applies for a job this month: the unemployed (less often
        the longer they have been unemployed), the inactive aged 18 to pension age, and
        a share of the employed (on-the-job search)."""
        par, rng = self.model.params, self.model.rng
        if self.status == UNEMPLOYED:
            years = (self.model.month_index - self.status_since) / 12.0
            return rng.random() < par.get("matching.unemployed_search_probability") * self.model.search_decay(years)
        if self.status == INACTIVE:
            return (18 * 12 <= self.age_months and self.may_reenter()
                    and rng.random() < par.get("matching.inactive_search_probability"))
        if self.status == EMPLOYED:
            age = self.age_months
            band = (age >= 25 * 12) + (age >= 45 * 12)
            factor = par.get("separations.on_the_job_search_age_factors")[band]
            return rng.random() < min(self.model.on_the_job_search_share * factor, 1.0)
        return False

    def occupation_row(self) -> int:
        """Row of the closeness table: own group, or the extra row for 'no occupation'."""
        return self.occupation if self.occupation >= 0 else S.N_OCCUPATIONS

    def apply_for_a_job(self) -> None:
        """Send one application: pick a market (open vacancies x skill closeness x
        commuting), then a random open vacancy there. The firm judges suitability."""
        model, rng = self.model, self.model.rng
        cumulative = model.market_choice(self.region, self.occupation_row())
        if cumulative is None:  # no vacancy anywhere this person would consider
            return
        model.record.applications += 1
        market = bisect_right(cumulative, rng.random() * cumulative[-1])
        market = min(market, S.N_MARKETS - 1)
        suitability = self.suitability_for(market)
        draw = rng.random()
        vacancies = model.job_board[market]
        vacancy = vacancies[int(rng.random() * len(vacancies))]
        if self.status == EMPLOYED and vacancy.firm is self.employer:
            return  # no applying to one's own firm
        if draw < suitability:
            vacancy.applicants.append((suitability, rng.random(), self, False))
        elif vacancy.lowered:  # the firm has lowered its requirements: a less strict test
            relaxed = self.suitability_for(market, model.params.get("firms.lowered_requirements_fit_power"))
            if draw < relaxed:
                vacancy.applicants.append((relaxed - 2.0, rng.random(), self, True))

    def suitability_for(self, market: int, fit_power: float = 1.0) -> float:
        """Probability that a firm in `market` finds this applicant suitable; with
        fit_power < 1, the requirement part (skill closeness and education) is raised to
        that power (a vacancy with lowered requirements)."""
        par = self.model.params
        target = int(S.MARKET_OCCUPATION[market])
        closeness = self.model.closeness[self.occupation_row()][target]
        levels_short = max(0, int(S.REQUIRED_EDUCATION[target]) - self.education)
        fit = closeness ** par.get("matching.cross_group_penalty") * par.get("matching.education_mismatch_factor") ** levels_short
        q = par.get("matching.hire_probability_perfect_fit")
        if self.age_months >= 45 * 12:
            q *= min(par.get("matching.age45_hire_factor"), 1.0)
        return q * fit ** fit_power


