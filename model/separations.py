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
Layoffs where employment exceeds the jobs firms want are in model.demand.

One draw per employed person a month (purpose "month") decides, by where it falls in
[0, 1): separation (below p_u), quit (p_u to low = p_u + p_n), on-the-job search in
matching (low to low + f x (1 - low), f the person's search share) and the start of
background training in retraining (1 - r x (1 - low) to 1, r the monthly rate). This
step hands over only the rows that can search (below low + the highest age band's f)
and those in the top slice (model.employed_draw, model.employed_training_draw), so no
later mechanism scans or hashes all the employed."""

from __future__ import annotations

import numpy as np

from skillsim.model.matching import on_the_job_search_factors
from skillsim.model.retraining import background_start_probability_per_month
from skillsim.model.persons import EMPLOYED, INACTIVE, UNEMPLOYED
from skillsim.model.randomness import bits_below, bits_outside

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
    employed = model.rows_with_status(EMPLOYED)
    model.tension_ratio = tension_ratio(model, int(model.last_status_stock[:, UNEMPLOYED].sum()))
    rng = model.draws("separations")
    p_u = (par.get("separations.separation_rate_per_month")
           * model.tension_ratio ** -par.get("separations.separation_tension_elasticity"))
    p_n = par.get("separations.quit_to_inactivity_rate_per_month")
    # One draw per employed person a month: below p_u to unemployment, p_u to p_u + p_n to
    # inactivity; for those who stay, the rest of the interval decides their on-the-job
    # search in matching (model.employed_draw), so the employed are drawn for once a month.
    # Matching gets only the stayers whose draw lies below the highest age band's search
    # threshold (matching.on_the_job_search_factors; the others cannot search this month).
    bits = rng.bits(employed, "month")
    low = p_u + p_n
    search_below = low + float(on_the_job_search_factors(model).max()) * (1.0 - low)
    # the top slice of the stayers' interval, [1 - rate x (1 - low), 1), starts background
    # training (model/retraining.py employed_starters: probability `rate` given that they stayed)
    training_from = 1.0 - background_start_probability_per_month(model) * (1.0 - low)
    # the rows any decision of the month needs (about a sixth of the employed); the rest
    # stay, do not search and do not start training, and are not looked at again
    drawn = np.flatnonzero(bits_outside(bits, search_below, training_from))
    rows, bits = employed[drawn], bits[drawn]
    # (np.compress(mask, a) is a[mask], in a quarter of the time with numpy 2.x)
    leaving_mask = bits_below(bits, low)
    leaving = np.compress(leaving_mask, rows)
    to_unemployment = bits_below(np.compress(leaving_mask, bits), p_u)
    stay = ~leaving_mask
    may_search = np.flatnonzero(bits_below(bits, search_below) & stay)
    model.employed_draw = (t, rows[may_search], bits[may_search], low)  # (month, rows, draws, draws below this left)
    model.employed_training_draw = (t, np.compress(~bits_below(bits, training_from) & stay, rows))
    model.move(np.compress(to_unemployment, leaving), UNEMPLOYED, "separated")
    model.move(np.compress(~to_unemployment, leaving), INACTIVE, "quit")
