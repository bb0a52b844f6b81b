"""Persons.rows_with_status (model/persons.py): the month's reused row sets equal a fresh
scan of the status column after every kind of status change (a move out, a move in, a
hire, an entrant), so the mechanisms that share them see what a scan would show."""

import numpy as np

from helpers import BASELINE
from skillsim.model.model import SkillsimModel
from skillsim.model.persons import EMPLOYED, INACTIVE, UNEMPLOYED
from skillsim.scenario_files import load_scenario


def fresh(model, status):
    return np.flatnonzero(model.persons.view("status") == status)


def test_reused_rows_equal_a_fresh_scan_after_each_change():
    s = load_scenario(BASELINE).with_overrides({"run": {"start_year": 2018, "end_year": 2018}})
    m = SkillsimModel(s, seed=3, scale=0.01)
    for status in (UNEMPLOYED, INACTIVE, EMPLOYED):
        assert np.array_equal(m.rows_with_status(status), fresh(m, status))
    unemployed = m.rows_with_status(UNEMPLOYED)
    m.move(unemployed[:5], INACTIVE, "stopped_searching")  # leave unemployment, enter inactivity
    assert np.array_equal(m.rows_with_status(UNEMPLOYED), fresh(m, UNEMPLOYED))
    assert np.array_equal(m.rows_with_status(INACTIVE), fresh(m, INACTIVE))
    assert not np.isin(unemployed[:5], m.rows_with_status(UNEMPLOYED)).any()
    inactive = m.rows_with_status(INACTIVE)
    m.move(inactive[:3], UNEMPLOYED, "started_searching")  # enter unemployment
    assert np.isin(inactive[:3], m.rows_with_status(UNEMPLOYED)).all()
    assert np.array_equal(m.rows_with_status(UNEMPLOYED), fresh(m, UNEMPLOYED))
    seeker = m.rows_with_status(UNEMPLOYED)[:2]
    firm = m.persons.employer[m.rows_with_status(EMPLOYED)[:2]]
    m.hire(seeker, firm, m.persons.work_market[m.rows_with_status(EMPLOYED)[:2]].astype(np.int64))  # a hire
    for status in (UNEMPLOYED, EMPLOYED):
        assert np.array_equal(m.rows_with_status(status), fresh(m, status))
    idx = m.persons.add(4, "migrant", m.month_index + 500)  # a month the run never reaches
    m.enter_population(idx, UNEMPLOYED)  # entrants
    assert np.isin(idx, m.rows_with_status(UNEMPLOYED)).all()
    for _ in range(3):  # and across whole months
        m.step()
        for status in (UNEMPLOYED, INACTIVE, EMPLOYED):
            assert np.array_equal(m.rows_with_status(status), fresh(m, status))


def test_forget_status_rows_after_a_direct_write_and_small_status_kept_across_months():
    s = load_scenario(BASELINE).with_overrides({"run": {"start_year": 2018, "end_year": 2018}})
    m = SkillsimModel(s, seed=4, scale=0.01)
    unemployed = m.rows_with_status(UNEMPLOYED)
    inactive = m.rows_with_status(INACTIVE)
    m.persons.status[inactive[:7]] = UNEMPLOYED  # a write that bypasses note_entry
    m.persons.forget_status_rows()
    assert np.array_equal(m.rows_with_status(UNEMPLOYED), fresh(m, UNEMPLOYED))
    assert np.isin(inactive[:7], m.rows_with_status(UNEMPLOYED)).all() and len(unemployed) > 0
    for _ in range(4):  # the small status's rows are carried from month to month, without a scan
        m.step()
        assert m.persons._readers[UNEMPLOYED][0]._parts == []  # rows_with_status's reader: known, none since
        assert np.array_equal(m.rows_with_status(UNEMPLOYED), fresh(m, UNEMPLOYED))
