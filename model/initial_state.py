"""The state on 1 January of the start year: persons, firms, vacancies, desired jobs.

Targets met exactly (at any scale, up to rounding): population 15-74, unemployed and
people outside the labour force (population section of the parameters), open vacancies
and their technical share (demand section). The occupation mix of the employed is
CBS's national 2017 mix (model.structure). What is assumed is listed in docs/odd.md.
"""

from __future__ import annotations

import functools

import numpy as np

from skillsim.model import structure as S
from skillsim.model.firms import Firms, new_vacancy_ids
from skillsim.model.persons import COHORT, EDUCATION, EMPLOYED, GONE_BIRTH_MONTH, INACTIVE, UNEMPLOYED, Persons
from skillsim.model.sampling import categorical, choice, integers, stochastic_round, weighted_sample_without_replacement

AGE_MIN, AGE_MAX = 15, 74


def age_weights() -> np.ndarray:
    """Relative number of residents by single year of age 15..74: the national age
    structure on 1 January 2018 (CBS 37296ned, structure.POPULATION_NL_2018_AGE_BANDS),
    scaled to Noord-Holland's total by the caller."""
    return S.population_per_year_of_age_nl_2018(np.arange(AGE_MIN, AGE_MAX + 1))


def employed_share_past_pension_age(par, months_past: np.ndarray) -> np.ndarray:
    """Share employed among persons `months_past` months past the pension age at the
    start, from the retirement hazards (model.demography.retirement_probabilities):
    the employed share just below the pension age (population.employment_rate_below_pension_age)
    x (1 - share retiring at the pension age) x survival at the yearly rate after it."""
    after = par.get("retirement.rate_after_pension_age_per_year")
    return (par.get("population.employment_rate_below_pension_age") * (1.0 - par.get("retirement.share_at_pension_age"))
            * (1.0 - after) ** (np.asarray(months_past) / 12.0))


def work_after_retirement_share_past_pension_age(par, months_past: np.ndarray) -> np.ndarray:
    """Share with paid work after retirement among persons `months_past` months past the
    pension age at the start: the steady state of the rules in model.demography (those
    retiring at the pension age, share s of the employed E0 just below it, and those
    retiring after it at the yearly hazard r each keep work with probability q, which then
    ends at the same hazard r): q E0 (1 - r)^x (s + (1 - s) lambda x), x years past the
    pension age, lambda = -ln(1 - r) (retiring at time y < x and working on to x has
    density (1 - s) lambda e^(-lambda y) e^(-lambda (x - y)), the same for every y)."""
    q = par.get("retirement.work_after_retirement_share")
    s, r = par.get("retirement.share_at_pension_age"), par.get("retirement.rate_after_pension_age_per_year")
    x = np.asarray(months_past) / 12.0
    lam = -np.log1p(-r) if r < 1 else 0.0
    return q * par.get("population.employment_rate_below_pension_age") * (1.0 - r) ** x * (s + (1.0 - s) * lam * x)


@functools.cache
def higher_technical_field_shares() -> np.ndarray:
    """Fields of HBO/WO technical graduates: ICT 45%, other technical (engineers) 35%,
    electrical 10%, construction 10%. Assumption."""
    shares = np.zeros(S.N_OCCUPATIONS)
    shares[[11, 10, 7, 8]] = [0.45, 0.35, 0.10, 0.10]
    return shares


@functools.cache
def _field_cdfs() -> np.ndarray:
    """Cumulative field shares: row 0 non-technical, 1 technical MBO, 2 technical HBO/WO."""
    return np.cumsum(np.vstack([S.non_technical_field_shares(), S.technical_field_shares(),
                                higher_technical_field_shares()]), axis=1)


def draw_study_choices(model, idx: np.ndarray, draws) -> None:
    """Final level, field and end of initial education for the persons `idx` (whose
    birth month is set): used for the initial population and for each entering cohort.
    `draws`: the caller's per-person draws (model/randomness.py)."""
    p, par = model.persons, model.params
    levels = choice(np.asarray(par.get("education.final_level_shares")), draws.uniform(idx, "level"))
    course = np.asarray(par.get("education.course_length_months"))[levels]
    is_mbo = levels <= 3
    tech_mbo = draws.bernoulli(idx, par.at("education.technical_share_mbo", model.year), "technical_mbo")
    tech_higher = draws.bernoulli(idx, par.get("education.technical_share_higher"), "technical_higher")
    technical = np.where(is_mbo, tech_mbo, tech_higher)
    cdfs = _field_cdfs()
    row = np.where(~technical, 0, np.where(is_mbo, 1, 2))
    field = categorical(cdfs, row, draws.uniform(idx, "field"))
    dropout = is_mbo & draws.bernoulli(idx, par.get("education.mbo_dropout_share"), "dropout")
    start = p.birth_month[idx] + 16 * 12
    delay = np.rint(draws.uniform(idx, "study_delay") * 2.0 * par.get("education.study_delay_share") * course)
    end = start + course + delay.astype(np.int64)
    end = np.where(dropout, start + (draws.uniform(idx, "dropout_month") * course).astype(np.int64), end)
    p.study_level[idx] = np.where(dropout, 0, levels)
    p.study_field[idx] = np.where(dropout, -1, field)
    p.study_end_month[idx] = end
    p.dropout[idx] = dropout
    p.education[idx] = 0


@functools.lru_cache(maxsize=4096)
def expected_students_and_pensioners_share(final_level_shares, course_length_months, mbo_dropout_share: float,
                                           pension_age_years: float, study_delay_share: float = 0.0) -> float:
    """Expected share of the initial population that `build` puts in initial education or
    above the state pension age (both count outside the labour force): the same age
    distribution and study-end rule as `build`, in expectation. Pass tuples (cached)."""
    w = age_weights()
    ages_m = (AGE_MIN + np.arange(len(w)))[:, None] * 12 + np.arange(12)[None, :]  # age in months
    p_age = np.repeat(w / w.sum() / 12, 12).reshape(ages_m.shape)
    since_16 = ages_m - 16 * 12
    student = np.zeros(ages_m.shape)
    for level, (share, course) in enumerate(zip(final_level_shares, course_length_months)):
        dropout = mbo_dropout_share if level <= 3 else 0.0
        spread = 2.0 * study_delay_share * course  # study delay: uniform on [0, spread]
        finished_course = (since_16 < course).astype(float) if spread <= 0 else np.clip((course + spread - since_16) / spread, 0.0, 1.0)
        dropped = np.clip(1.0 - since_16 / course, 0.0, 1.0)  # end = start + U * course
        student += share * ((1 - dropout) * finished_course + dropout * dropped)
    pensioner = ages_m >= int(round(pension_age_years * 12))
    return float((p_age * np.where(pensioner, 1.0, student)).sum())


def build(model, draws_for) -> None:
    """Fill model.persons, model.firms, model.desired_jobs. `draws_for(name)` gives the
    named initialisation draws (model/randomness.py `Draws`: per person, keyed by the
    person's id; `.generator` for the counts and the firms, which exist once in a fixed
    order)."""
    par, scale, now = model.params, model.scale, model.month_index
    n = int(round(par.get("population.population_15_74") * scale))
    persons = Persons(capacity=int(n * 1.45) + 1000, first_month=now, key_word=model.streams.person_key_word)
    model.persons = persons
    idx = persons.add(n)

    rng = draws_for("init.demography")
    w = age_weights()
    age_years = AGE_MIN + choice(w / w.sum(), rng.uniform(idx, "age"))
    age_months = age_years * 12 + integers(0, 12, rng.uniform(idx, "age_month"))
    persons.birth_month[idx] = now - age_months
    persons.sex[idx] = rng.bernoulli(idx, 0.5, "sex")
    region_share = S.REGION_POPULATION_SHARE
    persons.region[idx] = choice(region_share, rng.uniform(idx, "region"))
    persons.youth_care[idx] = (age_years <= 24) & rng.bernoulli(idx, par.get("population.youth_care_share_15_24"), "youth_care")
    persons.disability[idx] = rng.bernoulli(idx, par.get("population.disability_share"), "disability")
    draw_other_exit_months(model, idx, now)
    model.cohort_per_year = float(np.count_nonzero(age_years == AGE_MIN))

    # Initial education: everyone draws study choices; those not yet finished are students.
    rng = draws_for("init.education")
    draw_study_choices(model, idx, rng)
    student = persons.study_end_month[idx] > now
    persons.education[idx] = np.where(student, 0, persons.study_level[idx])
    students = idx[student]
    persons.status[students] = EDUCATION
    persons.status_since[students] = now - integers(0, 36, rng.uniform(students, "months_in_education"))
    model.education_enrol(students[persons.birth_month[students] + 16 * 12 <= now], rng, initial=True)
    rng_side = draws_for("init.side_jobs")
    persons.side_job[students] = rng_side.bernoulli(students, par.get("education.working_student_share"), "side_job")

    # Labour status of the others.
    rng = draws_for("init.labour")
    pension_months = model.pension_age_months()
    others = idx[~student]
    age_o = (now - persons.birth_month[others]) // 12
    past = (now - persons.birth_month[others]) - pension_months
    pensioner = past >= 0
    # past the pension age: some still work (retirement hazards), the others are retired
    rng_past = draws_for("init.past_pension_age")
    share_employed = employed_share_past_pension_age(par, np.maximum(past, 0))
    working_pensioner = pensioner & rng_past.bernoulli(others, share_employed, "working")
    retired_pensioner = pensioner & ~working_pensioner
    persons.status[others[retired_pensioner]] = INACTIVE
    # of the retired, some work after retirement (outside the markets; employed in CBS's sense)
    if par.get("retirement.work_after_retirement_share") > 0:
        p_work = work_after_retirement_share_past_pension_age(par, np.maximum(past, 0)) / np.maximum(1.0 - share_employed, 1e-9)
        keeps_work = retired_pensioner & rng_past.bernoulli(others, np.minimum(p_work, 1.0), "keeps_work")
        persons.side_job[others[keeps_work]] = True
    else:
        keeps_work = np.zeros(len(others), dtype=bool)
    working_age = others[~retired_pensioner]
    age_w = age_o[~retired_pensioner]
    n_not_lf = int(round(par.get("population.not_in_labour_force_start") * scale))
    # outside the labour force (CBS): students without a side job, the retired without work, the inactive.
    # Scenario validation (model.scenario.check_consistency) refuses a combination whose
    # expected students and pensioners exceed the people outside the labour force; at a
    # small scale the drawn counts can still overshoot by chance: then nobody below
    # pension age is made inactive (the target is exceeded by that overshoot).
    n_students_out = int(np.count_nonzero(~persons.side_job[students]))
    n_inactive = max(0, n_not_lf - n_students_out - int((retired_pensioner & ~keeps_work).sum()))
    below_pension = (now - persons.birth_month[working_age]) < pension_months
    # relative chance to be made inactive by age: assumptions (docs/odd.md section 5), except
    # the weight from 64 to the pension age, set (issue 14) so that the start state's
    # participation at age 65 is CBS 82914NED's 28.0% of 2017 (the start is 1 January 2017;
    # mean of seeds 0-1 at scale 0.1: 27.8% with 11.5; 32.5% with the former 9.0)
    w_inactive = np.select([age_w < 25, age_w < 55, age_w < 60, age_w < 62, age_w < 64, below_pension],
                           [1.5, 1.0, 2.0, 4.0, 6.0, 11.5], 0.0)
    w_inactive = w_inactive * np.where(persons.disability[working_age], 6.0, 1.0)
    pick = weighted_sample_without_replacement(w_inactive, n_inactive, rng.uniform(working_age, "inactive"))
    inactive = working_age[pick]
    rest_mask = np.ones(len(working_age), bool)
    rest_mask[pick] = False
    active, age_a = working_age[rest_mask], age_w[rest_mask]
    active_below_pension = below_pension[rest_mask]
    n_unemployed = int(round(par.get("population.unemployed_start") * scale))
    w_unemp = (np.where(age_a < 25, 2.0, 1.0) * np.where(persons.education[active] <= 1, 2.0, 1.0)
               * active_below_pension)  # past the pension age: employed, not unemployed
    pick = weighted_sample_without_replacement(w_unemp, n_unemployed, rng.uniform(active, "unemployed"))
    unemployed = active[pick]
    emp_mask = np.ones(len(active), bool)
    emp_mask[pick] = False
    employed = active[emp_mask]

    # Occupation (current or last) and education consistent with it.
    occ_cdf = np.cumsum(S.OCCUPATION_SHARE)[None, :]
    for group, share_with_occupation in ((employed, 1.0), (unemployed, 0.95), (inactive, 0.6),
                                          (others[retired_pensioner], 0.8)):
        occ = categorical(occ_cdf, np.zeros(len(group), dtype=np.int64), rng.uniform(group, "occupation"))
        has = rng.bernoulli(group, share_with_occupation, "has_occupation")
        persons.occupation[group] = np.where(has, occ, -1)
        edu_cdf = np.cumsum(S.OCCUPATION_EDUCATION, axis=1)
        edu = categorical(edu_cdf, occ, rng.uniform(group, "education"))
        persons.education[group] = edu
    persons.status[unemployed] = UNEMPLOYED
    months_unemployed = -14.0 * np.log1p(-rng.uniform(unemployed, "months_in_status"))  # exponential, mean 14
    persons.status_since[unemployed] = now - np.minimum(months_unemployed.astype(np.int64), 120)
    persons.status[inactive] = INACTIVE
    persons.status_since[inactive] = now - integers(0, 240, rng.uniform(inactive, "months_in_status"))
    pens = others[retired_pensioner]
    persons.status_since[pens] = now - integers(0, 96, rng.uniform(pens, "months_in_status"))
    persons.status[employed] = EMPLOYED
    persons.status_since[employed] = now - integers(0, 180, rng.uniform(employed, "months_in_status"))

    # Work region: home region or a commute, in proportion to jobs and commuting cost.
    commute = np.exp(-par.get("matching.commute_cost") * S.COMMUTE_DISTANCE_CLASS) * region_share[None, :]
    commute /= commute.sum(axis=1, keepdims=True)
    work_region = categorical(np.cumsum(commute, axis=1), persons.region[employed].astype(np.int64),
                              rng.uniform(employed, "work_region"))
    markets = S.market_index(work_region, persons.occupation[employed].astype(np.int64))
    persons.work_market[employed] = markets

    # Firms: establishments per (region, sector) sized to the jobs there.
    rng = draws_for("init.firms")
    jobs = np.bincount(markets, minlength=S.N_MARKETS).reshape(S.N_REGIONS, S.N_OCCUPATIONS)
    jobs_rs = jobs @ S.SECTOR_OF_OCCUPATION.T  # region x sector
    f_region, f_sector, f_size = [], [], []
    for r in range(S.N_REGIONS):
        for s in range(S.N_SECTORS):
            if jobs_rs[r, s] <= 0:
                continue
            k = max(1, int(round(jobs_rs[r, s] / S.MEAN_FIRM_SIZE[s])))
            size = rng.generator.lognormal(0.0, 1.0, size=k)  # firms: created once, in this fixed order
            f_region.append(np.full(k, r)); f_sector.append(np.full(k, s))
            f_size.append(size / size.sum() * jobs_rs[r, s])
    firms = Firms(np.concatenate(f_region), np.concatenate(f_sector), np.concatenate(f_size))
    model.firms = firms
    # (the stable order of the markets; as 16-bit keys numpy sorts them by radix sort, about
    # twice as fast as the int64 merge sort, and a stable order is the same whatever the sort)
    order = np.argsort(markets.astype(np.int16) if S.N_MARKETS < 2**15 else markets, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(markets, minlength=S.N_MARKETS))])
    for m in range(S.N_MARKETS):
        members = employed[order[bounds[m]:bounds[m + 1]]]
        if len(members):
            persons.employer[members] = firms.choose(m, len(members), rng.uniform(members, "employer"))

    # Open vacancies and the jobs firms want filled.
    rng = draws_for("init.vacancies")
    n_vac = int(round(par.get("demand.open_vacancies_start") * scale))
    tech_share = par.get("demand.technical_vacancy_share_start")
    jobs_flat = jobs.ravel().astype(float)
    p_tech = np.where(S.MARKET_TECHNICAL, jobs_flat, 0.0)
    p_other = np.where(S.MARKET_TECHNICAL, 0.0, jobs_flat)
    n_tech = int(round(n_vac * tech_share))
    counts = rng.generator  # counts by market: no object's draw
    vac = counts.multinomial(n_tech, p_tech / p_tech.sum()) + counts.multinomial(n_vac - n_tech, p_other / p_other.sum())
    vac_markets = np.repeat(np.arange(S.N_MARKETS), vac)
    vac_ids = new_vacancy_ids(vac_markets)
    vac_firms = firms.choose_many(vac_markets, rng.keyed_uniform(vac_ids, "firm"))
    firms.open_vacancies(vac_firms, vac_markets, now - integers(0, 6, rng.keyed_uniform(vac_ids, "months_open")))
    model.desired_jobs = jobs_flat + vac


def draw_other_exit_months(model, idx: np.ndarray, first_month: int) -> None:
    """The month each of `idx` leaves the population for another reason than ageing out
    (death, emigration outside the net figure), at the constant monthly rate from
    demography.other_exit_rate_per_year from `first_month` (their first demography step)
    on: a geometric waiting time on the person's own draw, the same distribution as a
    Bernoulli draw every month, drawn once so the monthly step need not draw for two
    million persons."""
    p = model.persons
    monthly = 1.0 - (1.0 - model.params.get("demography.other_exit_rate_per_year")) ** (1 / 12)
    if monthly <= 0 or len(idx) == 0:
        p.other_exit_month[idx] = GONE_BIRTH_MONTH
        return
    u = model.streams.draws("demography.exits", 0, p).uniform(idx, "exit_month")
    wait = np.floor(np.log1p(-u) / np.log1p(-monthly)) if monthly < 1 else np.zeros(len(idx))
    p.other_exit_month[idx] = np.minimum(first_month + wait, GONE_BIRTH_MONTH).astype(np.int32)


def school_cohort_entry(model, rng) -> np.ndarray:
    """This month's 15-year-olds entering the population (in initial education). `rng`:
    the month's demography.cohort draws (the count from its stream, the rest per person)."""
    count = stochastic_round(model.cohort_per_year / 12.0, rng.generator)
    persons = model.persons
    idx = persons.add(count, COHORT, model.month_index)
    persons.birth_month[idx] = model.month_index - 15 * 12
    persons.sex[idx] = rng.bernoulli(idx, 0.5, "sex")
    region_share = S.REGION_POPULATION_SHARE
    persons.region[idx] = choice(region_share, rng.uniform(idx, "region"))
    persons.youth_care[idx] = rng.bernoulli(idx, model.params.get("population.youth_care_share_15_24"), "youth_care")
    persons.disability[idx] = rng.bernoulli(idx, model.params.get("population.disability_share"), "disability")
    draw_study_choices(model, idx, rng)
    persons.side_job[idx] = rng.bernoulli(idx, model.params.get("education.working_student_share"), "side_job")
    return idx
