"""Initial education at MBO campuses, and school leavers entering the labour market.

At 16, a young person bound for MBO with a technical field enrols at a campus of their
region that trains for it and still has intake room this year (any Noord-Holland campus
otherwise); with no room anywhere, they choose a non-technical field instead. Technical
MBO students follow the work-based route (BBL) with their campus's BBL share. On the
month their course ends, school leavers enter the labour market in their field: BBL
graduates are kept by a firm of their field, others with a field are hired straight from
school (each at a CBS share, while their field has open vacancies in their region); the
rest search as unemployed job seekers. Drop-outs leave earlier, at entry level and
without a field, and search. Students may have a paid side job (CBS counts them as
employed); they keep it until they leave education.
"""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S
from skillsim.model.campuses import CAMPUS_REGION_FOR_RESIDENTS
from skillsim.model.matching import place_in_vacancies
from skillsim.model.persons import EDUCATION, UNEMPLOYED


def enrol(model, idx: np.ndarray, rng, initial: bool = False) -> None:
    """Place technical MBO students `idx` at campuses (or switch them to another field).
    `rng`: the caller's per-person draws (model/randomness.py Draws)."""
    p = model.persons
    field = p.study_field[idx]
    tech = idx[(p.study_level[idx] <= 3) & S.is_technical(field)]
    campuses = model.campuses
    non_tech_cdf = np.cumsum(S.non_technical_field_shares())
    u = np.stack([rng.uniform(tech, "enrol_field"), rng.uniform(tech, "enrol_campus")], axis=1)
    # (home region, field, anywhere) -> (campuses with room, cumulative capacity shares)
    options_cache: dict[tuple[int, int, bool], tuple[list, np.ndarray]] = {}

    def options_for(home: int, field: int, anywhere: bool) -> tuple[list, np.ndarray]:
        key = (home, field, anywhere)
        if key not in options_cache:
            options = [c for c in campuses if (anywhere or c.region == home)
                       and c.capacity(field, model.scale) > 0 and (initial or c.has_room(field, model.scale))]
            weights = np.array([c.capacity(field, model.scale) for c in options])
            options_cache[key] = (options, np.cumsum(weights) / weights.sum() if options else weights)
        return options_cache[key]

    fields = p.study_field[tech].astype(np.int64)
    homes = CAMPUS_REGION_FOR_RESIDENTS[p.region[tech]].astype(np.int64)
    for i, person in enumerate(tech):
        field, home = int(fields[i]), int(homes[i])
        options, cdf = options_for(home, field, False)
        if not options:
            options, cdf = options_for(home, field, True)
        if not options:
            p.study_field[person] = int(np.searchsorted(non_tech_cdf, u[i, 0], side="right"))
            model.record.count("campus_full")
            continue
        campus = options[min(int(np.searchsorted(cdf, u[i, 1], side="right")), len(options) - 1)]
        if not initial:
            campus.admit(field)
            if not campus.has_room(field, model.scale):
                options_cache.clear()  # a campus filled up: find the options again
        p.campus[person] = campus.index
        p.work_based[person] = u[i, 0] < campus.work_based_share


def step(model) -> None:
    p, par, t = model.persons, model.params, model.month_index
    if model.month == 1:
        for campus in model.campuses:
            campus.new_year()
    rng = model.draws("education")
    # the rows in initial education (ascending; enrolment moves nobody, so they serve both tests)
    students = model.rows_with_status(EDUCATION)

    # Enrolment at 16.
    starting = np.compress(p.birth_month[students] == t - 16 * 12, students)  # (np.compress(mask, a): a[mask], faster)
    enrol(model, starting, rng)

    # School leavers.
    leaving = np.compress(p.study_end_month[students] <= t, students)
    if len(leaving):
        _school_leavers(model, leaving, rng)
    _count_working_students(model)


def _school_leavers(model, leaving: np.ndarray, rng) -> None:
    """School leavers enter the labour market. A share is hired straight from school
    (BBL leavers kept by a firm of their field at education.work_based_retention, the
    others with a field hired at education.direct_hire_share), into an open vacancy of
    their field in their home region while there are any; the rest search (unemployed)."""
    p, par = model.persons, model.params
    p.education[leaving] = p.study_level[leaving]
    p.occupation[leaving] = p.study_field[leaving]
    p.campus[leaving] = -1
    p.side_job[leaving] = False
    model.record.count("school_leavers", len(leaving))
    model.record.school_leavers += np.bincount(p.region[leaving].astype(np.int64), minlength=S.N_REGIONS)
    field = p.study_field[leaving]
    with_field = (field >= 0) & ~p.dropout[leaving]
    technical_grad = S.is_technical(field) & ~p.dropout[leaving]
    model.record.count("technical_graduates", int(technical_grad.sum()))
    work_based = p.work_based[leaving] & technical_grad
    share = np.where(work_based, par.get("education.work_based_retention"), par.get("education.direct_hire_share"))
    direct_mask = with_field & rng.bernoulli(leaving, share, "direct_hire")
    p.work_based[leaving] = False
    direct = leaving[direct_mask]
    rest = leaving[~direct_mask]
    if len(direct):  # into an open vacancy of their field in their region, if there is one
        queue = np.argsort(rng.bits(direct, "queue"), kind="stable")  # first come: by the person's draw, not their row
        direct, direct_work_based = direct[queue], work_based[direct_mask][queue]
        markets = S.market_index(p.region[direct].astype(np.int64), p.study_field[direct].astype(np.int64))
        hired = place_in_vacancies(model, direct, markets)
        model.record.count("work_based_retained", int((hired & direct_work_based).sum()))
        model.record.count("hired_from_school", int(hired.sum()))
        model.record.school_leavers_to_work += np.bincount(p.region[direct[hired]].astype(np.int64), minlength=S.N_REGIONS)
        rest = np.concatenate([rest, direct[~hired]])
    model.move(np.sort(rest), UNEMPLOYED, "school_leaver")


def _count_working_students(model) -> None:
    """Students with a side job by region at the end of the month (counted as employed
    in the CBS sense in the results table)."""
    p = model.persons
    students = model.rows_with_status(EDUCATION)
    working = np.compress(p.side_job[students], students)
    model.record.working_students = np.bincount(p.region[working].astype(np.int64), minlength=S.N_REGIONS)
