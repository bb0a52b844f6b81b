"""Demography: ageing out at 75, retirement (a hazard from age 60 with a peak at the
rising state pension age and work past it; some of those retiring at or past the
pension age keep paid work outside the markets, as CBS counts it), other exits (death,
emigration), school cohorts entering at 15, net migration. Ageing itself is free: age is derived from the
birth month."""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S
from skillsim.model.initial_state import draw_other_exit_months, school_cohort_entry
from skillsim.model.persons import EDUCATION, EMPLOYED, GONE, INACTIVE, MIGRANT, RETRAINING, UNEMPLOYED, KeptRows, sorted_unique
from skillsim.model.randomness import bits_thresholds
from skillsim.model.sampling import choice, integers, stochastic_round

EXIT_AGE_MONTHS = 75 * 12


def step(model) -> None:
    p, par, t = model.persons, model.params, model.month_index
    birth = p.view("birth_month")
    status = p.view("status")

    # Ageing out of the 15-74 population.
    model.leave_population(aged_out_rows(model, t - EXIT_AGE_MONTHS), "aged_out")

    # State pension age: the unemployed and those in retraining leave the labour force.
    pension_months = model.pension_age_months()
    # (the rows of these two small statuses, kept from month to month by Persons.rows_with_status,
    # merged in order: the same rows as a scan of all persons, without one)
    searching = np.concatenate([model.rows_with_status(UNEMPLOYED), model.rows_with_status(RETRAINING)])
    searching.sort(kind="stable")
    at_pension = np.compress(birth[searching] <= t - pension_months, searching)  # (a[mask], faster)
    p.side_job[at_pension] = False
    model.move(at_pension, INACTIVE, "pension_age")
    end_work_after_retirement(model)
    retire(model, pension_months)

    # Other exits (deaths below 75, emigration not in the net migration figure): each person's
    # month of exit was drawn when they were created (initial_state.draw_other_exit_months).
    exiting = p.other_exit_index.rows_between(t, t)  # (few: then the status test on those only)
    model.leave_population(np.compress(status[exiting] != GONE, exiting), "other_exit")

    # School cohort: 15-year-olds enter in initial education.
    if model.month == 1 and t > model.start_month_index:
        model.cohort_per_year *= 1.0 + par.at("demography.school_cohort_change_per_year", model.year)
    rng = model.draws("demography.cohort")
    entrants = school_cohort_entry(model, rng)
    draw_other_exit_months(model, entrants, t + 1)
    model.enter_population(entrants, EDUCATION)

    # Net migration, ages 20-44.
    rng = model.draws("demography.migration")
    net = stochastic_round(par.at("demography.net_migration_per_year", model.year) / 12 * model.scale, rng.generator)
    if net > 0:
        _arrivals(model, net, rng)
    elif net < 0:
        birth = p.view("birth_month")
        adults = np.flatnonzero((birth <= t - 20 * 12) & (birth > t - 45 * 12))
        model.leave_population(rng.lowest(adults, -net, "emigrate"), "emigrated")
    # no later step of the month changes the retired's work: counted here for the month's end
    model.record.working_pensioners = working_pensioners_by_region(model)


def retirement_probabilities(par, age_months: np.ndarray, pension_months: int) -> np.ndarray:
    """Monthly probability that an employed person of `age_months` retires: the yearly
    hazards of retirement.rate_before_pension_age_per_year at 60-61, 62-63 and 64 up to
    the pension age, retirement.share_at_pension_age in the month the pension age is
    reached, retirement.rate_after_pension_age_per_year after it; zero below
    retirement.start_age_years."""
    before = np.asarray(par.get("retirement.rate_before_pension_age_per_year"), dtype=float)
    monthly_before = 1.0 - (1.0 - before) ** (1 / 12)
    after = 1.0 - (1.0 - par.get("retirement.rate_after_pension_age_per_year")) ** (1 / 12)
    start = par.get("retirement.start_age_years") * 12
    band = np.clip((age_months - start) // 24, 0, 2)  # 60-61, 62-63, 64+
    return np.select(
        [age_months < start, age_months < pension_months, age_months == pension_months],
        [0.0, monthly_before[band], par.get("retirement.share_at_pension_age")], after)


def retire(model, pension_months: int) -> None:
    """The employed aged retirement.start_age_years and over retire at the hazards of
    retirement_probabilities; the ages of those retiring are recorded by region
    (retirement_age_mean)."""
    p, par, t = model.persons, model.params, model.month_index
    start = par.get("retirement.start_age_years") * 12
    older = older_employed_rows(model, t - start)
    if len(older) == 0:
        return
    age = t - p.birth_month[older].astype(np.int64)
    rng = model.draws("demography.retirement")
    # the probabilities of the ages present, as integer thresholds for the draws (the same
    # outcomes as comparing each person's draw with their probability: randomness.bits_thresholds)
    first = int(age.min())
    thresholds = bits_thresholds(retirement_probabilities(par, np.arange(first, int(age.max()) + 1), pension_months))
    retiring = rng.bits(older, "retire") < thresholds[age - first]
    leaving = np.compress(retiring, older)
    # work after retirement (CBS counts it as employed): those retiring at or past the pension age
    at_or_past = np.compress(np.compress(retiring, age) >= pension_months, leaving)
    p.side_job[at_or_past] = rng.bernoulli(at_or_past, par.get("retirement.work_after_retirement_share"), "keeps_work")
    region = p.region[leaving].astype(np.int64)
    rec = model.record
    rec.retired_count += np.bincount(region, minlength=S.N_REGIONS)
    rec.retired_age_months += np.bincount(region, weights=(t - p.birth_month[leaving]).astype(float), minlength=S.N_REGIONS)
    model.move(leaving, INACTIVE, "retired")


def older_employed_rows(model, born_by: int) -> np.ndarray:
    """Rows of the employed born in month `born_by` or before, ascending
    (np.flatnonzero((birth_month <= born_by) & (status == EMPLOYED))). Kept from month to
    month (persons.KeptRows): the last rows still employed, plus those hired since and
    those who reached the age since the last call (born after the last call's `born_by`,
    up to this one: a scan of the birth months for that band only) who are employed. A
    `born_by` earlier than the last call's scans all rows."""
    p = model.persons
    kept = getattr(model, "_older_employed", None)
    if kept is None or kept.persons is not p:
        kept = model._older_employed = KeptRows(p, EMPLOYED)
    rescan = kept.cutoff is None or born_by < kept.cutoff
    extra = None
    if not rescan and born_by > kept.cutoff:
        extra = p.birth_index.rows_between(kept.cutoff + 1, born_by)
    rows = kept.get(lambda rows: p.birth_month[rows] <= born_by, extra=extra, rescan=rescan)
    kept.cutoff = born_by
    return rows


def aged_out_rows(model, born_by: int) -> np.ndarray:
    """Rows of the persons born in month `born_by` or before who are still in the
    population (np.flatnonzero(birth_month <= born_by): the gone have a far-future birth
    month), ascending, for demography.step, which removes them all. So after a call no row
    that existed then is born by `born_by`, and the next call (a later `born_by`) needs
    only those born since the last `born_by` (Persons.birth_index) and the rows added since
    the last call that are born by it: no scan of all rows. A first call, or an earlier
    `born_by`, scans."""
    p = model.persons
    last = getattr(model, "_aged_out_through", None)  # (born_by, rows then) of the last call
    if last is None or born_by < last[0] or last[1] > p.n:
        rows = np.flatnonzero(p.view("birth_month") <= born_by)
    else:
        since, n_then = last
        rows = p.birth_index.rows_between(since + 1, born_by) if born_by > since else np.zeros(0, dtype=np.int64)
        added = n_then + np.flatnonzero(p.birth_month[n_then:p.n] <= born_by)
        if len(added):
            rows = sorted_unique(np.concatenate([rows, added]))
    model._aged_out_through = (born_by, p.n)
    return rows


def end_work_after_retirement(model) -> None:
    """The retired who kept paid work after retirement (side_job of an inactive person:
    only those retiring at or past the pension age get one, see retire) stop working at
    the yearly rate retirement.rate_after_pension_age_per_year, the hazard that ends work
    past the pension age in a job; at 75 they age out."""
    p, par = model.persons, model.params
    if par.get("retirement.work_after_retirement_share") <= 0:
        return  # nobody has such work: draw nothing
    working = _working_pensioner_rows(model)
    monthly = 1.0 - (1.0 - par.get("retirement.rate_after_pension_age_per_year")) ** (1 / 12)
    stop = working[model.draws("demography.work_after_retirement").bernoulli(working, monthly, "stop")]
    p.side_job[stop] = False


def working_pensioners_by_region(model) -> np.ndarray:
    """The retired with paid work after retirement (inactive with a side job), by region
    of residence, now: employed in CBS's sense (the results table adds them to employed)."""
    working = _working_pensioner_rows(model)
    return np.bincount(model.persons.region[working].astype(np.int64), minlength=S.N_REGIONS)


def _working_pensioner_rows(model) -> np.ndarray:
    """Rows of the inactive with a side job: the retired with work after retirement,
    ascending. Kept from call to call (persons.KeptRows), so no month scans the
    half-million inactive: a side job is given to the retired only as they enter
    inactivity (retire) or in the initial state, so nobody already inactive gets one."""
    p = model.persons
    kept = getattr(model, "_working_pensioners", None)
    if kept is None or kept.persons is not p:
        kept = model._working_pensioners = KeptRows(p, INACTIVE)
    return kept.get(lambda rows: p.side_job[rows])


def _arrivals(model, count: int, rng) -> None:
    p, par, t = model.persons, model.params, model.month_index
    idx = p.add(count, MIGRANT, t)
    p.birth_month[idx] = t - integers(20 * 12, 45 * 12, rng.uniform(idx, "age"))
    p.sex[idx] = rng.bernoulli(idx, 0.5, "sex")
    share = S.REGION_POPULATION_SHARE
    p.region[idx] = choice(share, rng.uniform(idx, "region"))
    occ = choice(S.OCCUPATION_SHARE, rng.uniform(idx, "occupation"))
    p.occupation[idx] = occ
    edu_cdf = np.cumsum(S.OCCUPATION_EDUCATION, axis=1)
    u = rng.uniform(idx, "education")
    p.education[idx] = (u[:, None] > edu_cdf[occ]).sum(axis=1).clip(0, S.N_EDUCATION - 1)
    p.disability[idx] = False
    p.youth_care[idx] = False
    seeker = rng.bernoulli(idx, par.get("demography.migrant_job_seeker_share"), "job_seeker")
    draw_other_exit_months(model, idx, t + 1)
    model.enter_population(idx[seeker], UNEMPLOYED)
    model.enter_population(idx[~seeker], INACTIVE)
