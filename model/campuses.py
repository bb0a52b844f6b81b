"""MBO institutions (campuses) as Mesa agents: few and rich, so one object each.

A campus has a region, the occupation groups it trains for with a yearly intake
capacity, the share of its technical students in the work-based route (BBL) and a
founding year. Intake capacity comes from DUO enrolment on 1 October 2017 at the eight
institutions seated in Noord-Holland (calibration/data/duo_mbo_enrolment_nh_
institutions_2015_2019.csv): technical students / 3 years (typical MBO-3/4 course),
times education.campus_capacity_slack. Simplification: an institution's many locations
are one campus in its seat's region; Gooi en Vechtstreek has no NH-seated institution,
so its students go to the Groot-Amsterdam campuses.
"""

from __future__ import annotations

import mesa
import numpy as np


# brin, name, region index, technical students 1 Oct 2017 by DUO domain group
# (ict, techniek en procesindustrie, bouw/afbouw, mobiliteit, ambacht/lab), BBL students (technical)
INSTITUTIONS_2017 = (
    ("25PZ", "ROC van Amsterdam", 0, (1534, 1992, 412 + 196, 625, 253), 1489),
    ("02PA", "Mediacollege Amsterdam", 0, (217, 0, 0, 0, 0), 0),
    ("30RM", "ROC TOP", 0, (0, 0, 0, 39, 0), 37),
    ("25RA", "Regio College", 1, (314, 664, 419 + 1, 205, 89), 1053),
    ("25PX", "ROC Nova College", 2, (835, 1044, 442, 351, 332), 1127),
    ("25PT", "ROC Horizon College", 4, (545, 1074, 455 + 198, 390, 0), 1254),
    ("04EU", "ROC Kop van Noord-Holland", 4, (229, 515, 21, 156, 0), 309),
    ("25EF", "Clusius College", 4, (0, 0, 0, 0, 0), 0),
)
# Which region's residents each region's campuses serve (Gooi en Vechtstreek -> Groot-Amsterdam).
CAMPUS_REGION_FOR_RESIDENTS = np.array([0, 1, 2, 0, 4])


def _groups(domains: tuple[int, int, int, int, int]) -> dict[int, float]:
    ict, tech, build, mobility, craft = domains
    return {
        11: ict,
        6: 0.40 * tech + mobility,
        7: 0.40 * tech,
        9: 0.20 * tech,
        8: build,
        10: craft,
    }


class Campus(mesa.Agent):
    """An MBO institution training for technical occupation groups."""

    def __init__(self, model, brin: str, name: str, region: int, students_by_group: dict[int, float],
                 work_based_students: int, founded_year: int, capacity_slack: float, course_years: float = 3.0):
        super().__init__(model)
        self.brin = brin
        self.name = name
        self.region = region
        self.founded_year = founded_year
        self.students_2017 = dict(students_by_group)
        # Yearly technical intake capacity by occupation group, persons per year (full scale).
        self.intake_capacity = {g: n / course_years * capacity_slack for g, n in students_by_group.items() if n > 0}
        total = sum(students_by_group.values())
        self.work_based_share = work_based_students / total if total else 0.0
        self.intake_this_year: dict[int, int] = {g: 0 for g in self.intake_capacity}
        self.extra_capacity: dict[int, float] = {}

    def capacity(self, group: int, scale: float) -> float:
        return (self.intake_capacity.get(group, 0.0) + self.extra_capacity.get(group, 0.0)) * scale

    def has_room(self, group: int, scale: float) -> bool:
        return self.intake_this_year.get(group, 0) < self.capacity(group, scale)

    def admit(self, group: int) -> None:
        self.intake_this_year[group] = self.intake_this_year.get(group, 0) + 1

    def new_year(self) -> None:
        self.intake_this_year = {g: 0 for g in self.intake_this_year}


def create_campuses(model, capacity_slack: float) -> list[Campus]:
    return [
        Campus(model, brin, name, region, _groups(domains), bbl, founded_year=1996, capacity_slack=capacity_slack)
        for brin, name, region, domains, bbl in INSTITUTIONS_2017
    ]
