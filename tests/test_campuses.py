"""Campuses (model/campuses.py): intake capacity from DUO's 2017 technical students,
room counted per year and field, reset each new year."""

from __future__ import annotations

import pytest

from skillsim.model.campuses import INSTITUTIONS_2017, Campus, create_campuses

from helpers import small_model


@pytest.fixture(scope="module")
def model(short_baseline):
    return small_model(short_baseline)


def test_intake_capacity_is_students_over_course_years_times_slack(model):
    campus = Campus(model, "XXXX", "Test college", 1, {6: 300.0, 11: 0.0, 8: 90.0}, work_based_students=130,
                    founded_year=2000, capacity_slack=1.2)
    assert campus.intake_capacity == {6: pytest.approx(120.0), 8: pytest.approx(36.0)}  # 300 / 3 * 1.2; no ICT
    assert campus.work_based_share == pytest.approx(130 / 390)
    assert campus.capacity(6, 0.5) == pytest.approx(60.0)
    assert campus.capacity(11, 1.0) == 0.0
    campus.extra_capacity[11] = 10.0  # a lever adds places
    assert campus.capacity(11, 0.5) == pytest.approx(5.0)


def test_room_runs_out_and_comes_back_in_a_new_year(model):
    campus = Campus(model, "XXXX", "Test college", 0, {8: 6.0}, 0, 2000, capacity_slack=1.0)  # 2 places a year
    assert campus.has_room(8, 1.0)
    campus.admit(8)
    assert campus.has_room(8, 1.0)
    campus.admit(8)
    assert not campus.has_room(8, 1.0)
    assert campus.work_based_share == 0.0
    campus.new_year()
    assert campus.has_room(8, 1.0) and campus.intake_this_year == {8: 0}


def test_the_eight_institutions_and_their_technical_intake(model):
    campuses = create_campuses(model, capacity_slack=1.0)
    assert [c.brin for c in campuses] == [row[0] for row in INSTITUTIONS_2017]
    roc_amsterdam = campuses[0]
    ict, tech, build, mobility, craft = 1534, 1992, 412 + 196, 625, 253
    assert roc_amsterdam.intake_capacity[11] == pytest.approx(ict / 3)
    assert roc_amsterdam.intake_capacity[6] == pytest.approx((0.40 * tech + mobility) / 3)
    assert sum(roc_amsterdam.intake_capacity.values()) == pytest.approx((ict + tech + build + mobility + craft) / 3)
    assert campuses[-1].intake_capacity == {}  # Clusius College: no technical students
