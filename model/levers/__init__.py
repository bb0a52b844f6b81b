"""Policy levers: objects with a life cycle (start and end date, budget, capacity,
eligibility, effect). `build_levers(params)` returns the levers a scenario switches on;
a lever that is off (or has no budget) is not built, so it draws no random numbers and
changes nothing: the run is bit-identical to a run without it.

Every lever is a `Lever` (model/levers/base.py: eligibility x capacity x delivery, after
Starsim's interventions) with the hooks SkillsimModel calls through the run's LeverSet:
    before_month(model), after_month(model), and adjust(model, key, value) -> value for
    the core parameters it lists in `adjusts` (SkillsimModel.parameter_now(key)). Families (review §3, §5, §6): campuses.py, work_to_work.py,
inclusion.py; docs/levers.md describes each lever.
"""

from __future__ import annotations

from skillsim.model.levers.base import Lever, LeverSet  # noqa: F401  (the base class and the run's set)
from skillsim.model.levers.campuses import TechnicalCampuses, TechnologyPromotion
from skillsim.model.levers.inclusion import AirportExpress, Groenstart, Jobs200, SocialReturn
from skillsim.model.levers.work_to_work import (HouseOfSkills, Inspiration45Plus, LearningAccount, LifelongLearningPilots,
                                       SectorPlanNHN)

LEVER_TYPES: list = [  # lever classes, in the order they act within a month
    TechnicalCampuses, TechnologyPromotion,
    HouseOfSkills, SectorPlanNHN, LifelongLearningPilots, LearningAccount, Inspiration45Plus,
    Jobs200, AirportExpress, SocialReturn, Groenstart,
]


def build_levers(params) -> list:
    levers = []
    for lever_type in LEVER_TYPES:
        lever = lever_type.from_params(params)
        if lever is not None:
            levers.append(lever)
    return levers
