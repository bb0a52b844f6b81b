"""Separations and quits: the employed lose their job (to unemployment) or leave the
labour force (to inactivity) at monthly rates. Every job left is re-offered by the firm
the next month (model.demand). Job-to-job moves happen in matching."""

from __future__ import annotations

import numpy as np

from skillsim.model.persons import EMPLOYED, INACTIVE, UNEMPLOYED
from skillsim.model.sampling import bernoulli_subset


def step(model) -> None:
    par, t = model.params, model.month_index
    employed = np.flatnonzero(model.persons.view("status") == EMPLOYED)
    rng = model.streams.get("separations", t)
    p_u = par.get("separations.separation_rate_per_month")
    p_n = par.get("separations.quit_to_inactivity_rate_per_month")
    leaving = bernoulli_subset(employed, p_u + p_n, rng)
    to_unemployment = rng.random(len(leaving)) < p_u / (p_u + p_n) if len(leaving) else np.zeros(0, bool)
    model.move(leaving[to_unemployment], UNEMPLOYED, "separated")
    model.move(leaving[~to_unemployment], INACTIVE, "quit")
