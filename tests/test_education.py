"""Education (model/education.py), by hand: a technical MBO entrant gets a campus of
their region that trains for their field (any campus otherwise, another field when all
are full); school leavers get their level and field and look for work."""

from __future__ import annotations

import numpy as np

from skillsim.model import education
from skillsim.model import structure as S
from skillsim.model.persons import EDUCATION, UNEMPLOYED

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
