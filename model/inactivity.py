"""Transitions between inactivity and activity: the unemployed who stop searching, and
the inactive below pension age (and below retirement.start_age_years) who start (the inactive can also be hired directly
through matching)."""

from __future__ import annotations

from skillsim.model.persons import INACTIVE, UNEMPLOYED


def step(model) -> None:
    par = model.params
    rng = model.draws("inactivity")
    unemployed = model.rows_with_status(UNEMPLOYED)
    stop = rng.subset(unemployed, par.get("inactivity.unemployed_to_inactive_rate_per_month"), "stop")
    inactive = model.inactive_below_reentry_age()
    start = rng.subset(inactive, par.get("inactivity.inactive_to_unemployed_rate_per_month"), "start")
    model.move(stop, INACTIVE, "stopped_searching")
    model.move(start, UNEMPLOYED, "started_searching")
