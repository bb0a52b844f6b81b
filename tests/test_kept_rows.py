"""Row sets kept from month to month instead of scans of all persons (model/persons.py
sorted_unique, merge_sorted, EnteredRows, KeptRows; their users: the inactive below the
re-entry age, the working pensioners and the older employed): the same rows as a fresh
scan of the live columns, month after month and after every kind of change."""

import numpy as np
import pytest

from helpers import BASELINE, SCENARIOS
from skillsim.model import demography, matching
from skillsim.model.model import SkillsimModel
from skillsim.model.persons import EMPLOYED, INACTIVE, UNEMPLOYED, EnteredRows, KeptRows, merge_sorted, sorted_unique
from skillsim.scenario_files import load_scenario


def test_sorted_unique_is_np_unique():
    rng = np.random.default_rng(1)
    for n in (0, 1, 2, 17, 5000):
        rows = rng.integers(0, max(n // 3, 1), n)
        got = sorted_unique(rows)
        assert np.array_equal(got, np.unique(rows)) and got.dtype == np.unique(rows).dtype


def test_merge_sorted_is_the_union_in_order():
    rng = np.random.default_rng(2)
    for n_rows, n_new in ((0, 0), (0, 5), (7, 0), (1000, 300), (50, 50)):
        rows = np.unique(rng.integers(0, 2000, n_rows))
        new = np.unique(rng.integers(0, 2000, n_new))
        assert np.array_equal(merge_sorted(rows, new), np.union1d(rows, new))


def test_entered_rows_unknown_until_first_take_then_collects_and_forgets():
    reader = EnteredRows()
    reader.add(np.array([3, 1]), limit=100)
    assert reader.take() is None  # not known before the first take
    reader.add(np.array([5, 2, 5]), limit=100)
    reader.add(np.array([2]), limit=100)
    assert np.array_equal(reader.take(), [2, 5])
    assert len(reader.take()) == 0
    reader.add(np.arange(101), limit=100)  # more than the limit: unknown again
    assert reader.take() is None
    reader.add(np.array([4]), limit=100)
    reader.add(None, limit=100)  # rows not given
    assert reader.take() is None


def small_model(seed=3, scenario=BASELINE):
    s = load_scenario(scenario).with_overrides({"run": {"start_year": 2018, "end_year": 2019}})
    return SkillsimModel(s, seed=seed, scale=0.01)


def scan(model, status, mask):
    return np.flatnonzero((model.persons.view("status") == status) & mask)


def test_kept_rows_follow_moves_hires_entrants_and_a_forgotten_direct_write():
    m = small_model()
    p = m.persons
    kept = KeptRows(p, UNEMPLOYED)
    young = lambda rows: p.birth_month[rows] > m.month_index - 30 * 12  # noqa: E731
    check = lambda: np.array_equal(kept.get(young), scan(m, UNEMPLOYED, p.view("birth_month") > m.month_index - 30 * 12))  # noqa: E731
    assert check()
    inactive = np.flatnonzero(p.view("status") == INACTIVE)
    m.move(inactive[:50], UNEMPLOYED, "started_searching")  # entries
    assert check()
    unemployed = kept.get(young)
    m.move(unemployed[:5], INACTIVE, "stopped_searching")  # exits
    assert check() and not np.isin(unemployed[:5], kept.get(young)).any()
    idx = p.add(4, "migrant", m.month_index + 500)
    p.birth_month[idx] = m.month_index - 20 * 12
    m.enter_population(idx, UNEMPLOYED)  # entrants
    assert np.isin(idx, kept.get(young)).all() and check()
    p.status[inactive[100:110]] = UNEMPLOYED  # a write that bypasses note_entry ...
    p.forget_status_rows()  # ... and the persons are told
    assert check()
    for _ in range(3):
        m.step()
        assert check()


@pytest.mark.parametrize("scenario", [BASELINE, SCENARIOS / "inclusion-plus.toml"])
def test_model_row_sets_equal_scans_every_month(scenario):
    m = small_model(seed=5, scenario=scenario)
    p = m.persons
    for _ in range(14):  # across a year change (pension age steps)
        m.step()
        t = m.month_index
        birth, status = p.view("birth_month"), p.view("status")
        limit = t - matching.reentry_age_limit_months(m)
        assert np.array_equal(m.inactive_below_reentry_age(), scan(m, INACTIVE, birth > limit))
        assert np.array_equal(demography._working_pensioner_rows(m), scan(m, INACTIVE, p.view("side_job")))
        assert np.array_equal(demography.older_employed_rows(m, t - 720), scan(m, EMPLOYED, birth <= t - 720))
        assert len(m.inactive_below_reentry_age()) and len(demography.older_employed_rows(m, t - 720))
    # an earlier birth-month limit than the last call's: a scan, still the same rows
    assert np.array_equal(demography.older_employed_rows(m, m.month_index - 900), scan(m, EMPLOYED, birth <= m.month_index - 900))
    assert np.array_equal(demography.older_employed_rows(m, m.month_index - 600), scan(m, EMPLOYED, birth <= m.month_index - 600))
    assert (status == INACTIVE).any()


def test_month_index_rows_between_equal_a_scan_through_blocks_tail_and_leavers():
    from skillsim.model.persons import GONE_BIRTH_MONTH, MonthIndex, Persons
    rng = np.random.default_rng(6)
    p = Persons(1000)
    index = MonthIndex(p, "birth_month")
    index.TAIL_ROWS = 300  # small blocks for the test
    scan_between = lambda a, b: np.flatnonzero((p.view("birth_month") >= a) & (p.view("birth_month") <= b))  # noqa: E731
    for month in range(12):
        idx = p.add(int(rng.integers(150, 400)), "cohort" if month % 2 else "migrant", month) if month else p.add(2000)
        p.birth_month[idx] = rng.integers(100, 160, len(idx))
        gone = rng.choice(p.n, 40, replace=False)
        p.birth_month[gone] = GONE_BIRTH_MONTH  # leavers
        for first, last in ((100, 100), (120, 135), (0, 200), (159, 170), (170, 180)):
            assert np.array_equal(index.rows_between(first, last), scan_between(first, last))
    assert len(index.blocks) > 2  # blocks added as the tail grew
    with pytest.raises(ValueError):
        index.rows_between(0, GONE_BIRTH_MONTH)


def test_aged_out_rows_equal_a_scan_month_after_month_with_entrants():
    m = small_model(seed=7)
    p = m.persons
    for k in range(6):
        born_by = m.month_index - demography.EXIT_AGE_MONTHS
        want = np.flatnonzero(p.view("birth_month") <= born_by)
        got = demography.aged_out_rows(m, born_by)
        assert np.array_equal(got, want)
        m.leave_population(got, "aged_out")
        idx = p.add(3, "migrant", m.month_index + 600 + k)
        p.birth_month[idx] = m.month_index + 1 - demography.EXIT_AGE_MONTHS - np.array([0, 1, 40])  # entrants already 75
        p.other_exit_month[idx] = m.month_index + 1
        m.enter_population(idx, INACTIVE)
        m.month_index += 1
    assert len(want) > 0
    # an earlier month than the last call's: a scan, the same rows
    assert np.array_equal(demography.aged_out_rows(m, m.month_index - 1000), np.flatnonzero(p.view("birth_month") <= m.month_index - 1000))
