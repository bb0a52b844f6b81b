"""Policy levers: objects with a life cycle (start and end date, budget, capacity,
eligibility, effect). `build_levers(params)` returns the levers a scenario switches on;
a lever that is off (or has no budget) is not built, so it draws no random numbers and
changes nothing: the run is bit-identical to a run without it.

Each lever implements the hooks SkillsimModel calls:
    before_month(model), after_month(model), adjust_age45_hire_factor(model, factor) -> factor
(see model/levers/base.py).
"""

from __future__ import annotations

LEVER_TYPES: list = []  # lever classes, in the order they act within a month


def build_levers(params) -> list:
    levers = []
    for lever_type in LEVER_TYPES:
        lever = lever_type.from_params(params)
        if lever is not None:
            levers.append(lever)
    return levers
