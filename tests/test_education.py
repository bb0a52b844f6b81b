"""Education (model/education.py), by hand: a technical MBO entrant gets a campus of
their region that trains for their field (any campus otherwise, another field when all
are full); school leavers get their level and field and look for work."""

from __future__ import annotations

import numpy as np

from skillsim.model import education
from skillsim.model import structure as S
from skillsim.model.persons import EDUCATION, GONE, UNEMPLOYED

from helpers import small_model

CONSTRUCTION = 8  # an occupation group trained for only by some campuses
ICT = 11


def students(model, count):
    return np.flatnonzero(model.persons.view("status") == EDUCATION)[:count]


def test_a_technical_entrant_goes_to_a_campus_of_their_region_for_their_field(short_baseline):
    model = small_model(short_baseline)
    p = model.persons
    person = students(model, 1)
    p.study_level[person], p.study_field[person], p.region[person] = 3, CONSTRUCTION, 0  # Groot-Amsterdam
    intake_before = {c.index: c.intake_this_year.get(CONSTRUCTION, 0) for c in model.campuses}
    education.enrol(model, person, model.draws("education"))
    campus = model.campuses[p.campus[person[0]]]
    assert campus.region == 0 and campus.capacity(CONSTRUCTION, model.scale) > 0
    assert campus.brin == "25PZ"  # ROC van Amsterdam: the only Groot-Amsterdam campus with construction
    assert campus.intake_this_year[CONSTRUCTION] == intake_before[campus.index] + 1
    assert p.study_field[person[0]] == CONSTRUCTION


def test_with_no_room_anywhere_the_entrant_chooses_another_field(short_baseline):
    model = small_model(short_baseline)
    p = model.persons
    person = students(model, 1)
    p.study_level[person], p.study_field[person], p.region[person] = 3, ICT, 2
    p.campus[person] = -1  # an entrant at 16: no campus yet
    for campus in model.campuses:
        if ICT in campus.intake_this_year:
            campus.intake_this_year[ICT] = 10**6  # full
    education.enrol(model, person, model.draws("education"))
    field = p.study_field[person[0]]
    assert not S.TECHNICAL[field] and p.campus[person[0]] == -1
    assert model.record.counters["campus_full"] == 1


def test_school_leavers_take_their_level_and_field_and_look_for_work(short_baseline):
    model = small_model(short_baseline, **{"education.work_based_retention": 0.0, "education.direct_hire_share": 0.0})
    p, t = model.persons, model.month_index
    done, not_yet = students(model, 2)
    p.study_end_month[done], p.study_level[done], p.study_field[done] = t, 4, ICT
    p.study_end_month[not_yet] = t + 1
    leaving = np.flatnonzero((p.view("status") == EDUCATION) & (p.view("study_end_month") <= t))
    level, field = p.study_level[leaving].copy(), p.study_field[leaving].copy()
    education.step(model)
    assert (p.status[leaving] == UNEMPLOYED).all()
    assert np.array_equal(p.education[leaving], level) and np.array_equal(p.occupation[leaving], field)
    assert (p.campus[leaving] == -1).all()
    assert p.education[done] == 4 and p.occupation[done] == ICT
    assert p.status[not_yet] == EDUCATION
    assert model.record.counters["school_leavers"] == len(leaving)
    assert model.record.counters.get("school_leaver") == len(leaving)  # retention 0: all to job search


def _study_delays(scenario, share):
    """Each person's months in initial education beyond their nominal course, in the
    initial state built with education.study_delay_share = share."""
    model = small_model(scenario, scale=0.01, **{"education.study_delay_share": share})
    p = model.persons
    idx = np.flatnonzero(p.view("status") != GONE)
    course = np.asarray(model.params.get("education.course_length_months"))[p.study_level[idx]]
    delay = p.study_end_month[idx] - (p.birth_month[idx] + 16 * 12) - course
    return model, idx, delay, course


def test_study_delay_is_uniform_up_to_twice_its_share_of_the_course_and_drop_outs_have_none(short_baseline):
    model, idx, delay, course = _study_delays(short_baseline, 0.4)
    dropout = model.persons.dropout[idx]
    finished = ~dropout
    assert delay[finished].min() >= 0
    assert np.all(delay[finished] <= np.rint(0.8 * course[finished]))
    # mean delay 0.4 of the course, per level (within sampling error)
    levels = model.persons.study_level[idx][finished]
    for level in np.unique(levels):
        d = delay[finished][levels == level]
        c = course[finished][levels == level][0]
        assert abs(d.mean() - 0.4 * c) < 4 * (0.8 * c / np.sqrt(12)) / np.sqrt(len(d)) + 0.5, (level, d.mean(), c)
    # drop-outs (MBO only) leave within their nominal course: before 16 + 3 years, with no delay
    p = model.persons
    assert dropout.any() and np.all(p.study_end_month[idx][dropout] - (p.birth_month[idx][dropout] + 16 * 12) < 36)
    # no delay: every finisher leaves exactly at the nominal age
    model0, idx0, delay0, _ = _study_delays(short_baseline, 0.0)
    assert np.all(delay0[~model0.persons.dropout[idx0]] == 0)


def test_study_delay_raises_the_student_share_as_its_expectation_says(short_baseline):
    from skillsim.model.initial_state import expected_students_and_pensioners_share

    par = short_baseline
    args = (tuple(par.get("education.final_level_shares")), tuple(par.get("education.course_length_months")),
            float(par.get("education.mbo_dropout_share")), 66.0)
    without, with_delay = (expected_students_and_pensioners_share(*args, s) for s in (0.0, 0.4))
    assert with_delay > without + 0.02  # about 2.6 points of the 15-74 population more in education
    for share, expected in ((0.0, without), (0.4, with_delay)):
        model = small_model(short_baseline, scale=0.02, **{"education.study_delay_share": share})
        p, t = model.persons, model.month_index
        live = np.flatnonzero(p.view("status") != GONE)
        pensioner = (t - p.birth_month[live]) >= 66 * 12
        built = (np.count_nonzero(p.status[live] == EDUCATION) + np.count_nonzero(pensioner)) / len(live)
        assert abs(built - expected) < 0.01, (share, built, expected)
