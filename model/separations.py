"""Separations and quits: the employed lose their job (to unemployment) or leave the
labour force (to inactivity) at monthly rates. Every job left is re-offered by the firm
the next month (model.demand). Job-to-job moves happen in matching.

The cycle: the separation rate moves against the tension (open vacancies per unemployed
in Noord-Holland this month, after demand has posted its vacancies, over unemployed at
the end of last month) relative to its mean over the previous
separations.tension_memory_months months, with elasticity
separations.separation_tension_elasticity; on-the-job search (matching) moves with it
(separations.on_the_job_search_tension_elasticity). Relative to its own recent past, so
a market that tightens or slackens changes the rates, while a slow secular rise of the
tension (demand outgrowing supply over a decade) does not keep lowering them.
Layoffs where employment exceeds the jobs firms want are in model.demand."""

from __future__ import annotations

import numpy as np

from skillsim.model.persons import EMPLOYED, INACTIVE, UNEMPLOYED
from skillsim.model.randomness import bits_below

TENSION_RATIO_BOUNDS = (0.2, 5.0)  # the tension's effect is capped beyond these ratios


def tension_ratio(model, unemployed: int) -> float:
    """Open vacancies per unemployed now relative to its mean over the previous
    separations.tension_memory_months months (1 with no history yet), capped; this
    month's tension is then added to the history (model.tension_history)."""
    tension = model.firms.n_vacancies / max(unemployed, 1)
    history = getattr(model, "tension_history", None)
    if history is None:
        history = model.tension_history = []
    ratio = tension / float(np.mean(history)) if history and np.mean(history) > 0 else 1.0
    history.append(tension)
    del history[:-model.params.get("separations.tension_memory_months")]
    return float(np.clip(ratio, *TENSION_RATIO_BOUNDS))


def step(model) -> None:
    par, t = model.params, model.month_index
    status = model.persons.view("status")
    employed = np.flatnonzero(status == EMPLOYED)
    model.tension_ratio = tension_ratio(model, int(model.last_status_stock[:, UNEMPLOYED].sum()))
    rng = model.draws("separations")
    p_u = (par.get("separations.separation_rate_per_month")
           * model.tension_ratio ** -par.get("separations.separation_tension_elasticity"))
    p_n = par.get("separations.quit_to_inactivity_rate_per_month")
    # One draw per employed person a month: below p_u to unemployment, p_u to p_u + p_n to
    # inactivity; for those who stay, the rest of the interval decides their on-the-job
    # search in matching (model.employed_draw), so the employed are drawn for once a month.
    bits = rng.bits(employed, "month")
    leaving_mask = bits_below(bits, p_u + p_n)
    leaving = employed[leaving_mask]
    to_unemployment = bits_below(bits[leaving_mask], p_u)
    stay = ~leaving_mask
    model.employed_draw = (t, employed[stay], bits[stay], p_u + p_n)  # (month, rows, draws, draws below this left)
    model.move(leaving[to_unemployment], UNEMPLOYED, "separated")
    model.move(leaving[~to_unemployment], INACTIVE, "quit")
