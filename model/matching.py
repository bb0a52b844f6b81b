"""Job search and matching.

Who searches this month: the unemployed (less often the longer they have been
unemployed), some of the inactive below pension age, and a share of the employed (on
the job). Each searcher sends one application. Where it goes: a market (work region x
occupation group) drawn with probability proportional to

    open vacancies in the market x skill closeness (structure.MOBILITY) x commuting weight,

then a random open vacancy in that market (the applicant's own draw, by a jump consistent
hash over the market's vacancies, oldest first: one vacancy more at the end moves few
applicants; model/sampling.py). How firms choose: an application is
suitable with probability

    hire_probability_perfect_fit x closeness ** cross_group_penalty
      x age45_hire_factor (if aged 45+) x education_mismatch_factor ** (levels short),

and each vacancy with suitable applicants hires the most suitable one (ties at random).
A vacancy whose firm has lowered its requirements (model/firms.py) also accepts, with a
less strict test, an applicant the regular test refused (a below-requirement hire, whom
the firm trains; recorded as record.below_requirement_hires); one who passes the
regular test is preferred. Hires therefore never exceed open vacancies nor searchers. One application per searcher
per month is a simplification (docs/odd.md).
"""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S
from skillsim.model.persons import EMPLOYED, INACTIVE, UNEMPLOYED
from skillsim.model.randomness import bits_below, bits_thresholds
from skillsim.model.sampling import categorical, consistent_bucket

ORIGIN_UNEMPLOYED, ORIGIN_INACTIVE, ORIGIN_EMPLOYED = 0, 1, 2


def closeness_rows() -> np.ndarray:
    """Skill closeness from each group (last row: no occupation) to each group."""
    return np.vstack([S.MOBILITY, S.NO_OCCUPATION_MOBILITY[None, :]])


CLOSENESS = closeness_rows()


def scaled_closeness(scale: float) -> np.ndarray:
    """CLOSENESS with every cross-group closeness multiplied by `scale` (matching.mobility_scale),
    capped at 1; the own group stays 1."""
    out = np.minimum(CLOSENESS * scale, 1.0)
    out[np.arange(S.N_OCCUPATIONS), np.arange(S.N_OCCUPATIONS)] = 1.0
    return out


def model_closeness(model) -> np.ndarray:
    """The run's closeness table (computed once per run)."""
    table = getattr(model, "_closeness", None)
    if table is None:
        table = model._closeness = scaled_closeness(model.params.get("matching.mobility_scale"))
    return table


def on_the_job_age_band(age_months: np.ndarray) -> np.ndarray:
    """0 below 25, 1 at 25-44, 2 at 45 and over (CBS job-changer age groups)."""
    return (age_months >= 25 * 12).astype(np.int64) + (age_months >= 45 * 12)


def below_age_band_thresholds(bits: np.ndarray, thresholds: np.ndarray, birth_months: np.ndarray, t: int) -> np.ndarray:
    """bits < thresholds[on_the_job_age_band(t - birth_months)] (one integer threshold per
    age band, randomness.bits_thresholds), with the band from two comparisons of the birth
    months and the thresholds looked up by np.take as 32-bit words when they fit (about
    half the time of the int64 ages and the uint64 gather for the 350,000 employed who may
    search at full scale)."""
    band = (birth_months <= t - 25 * 12).view(np.int8)
    band += birth_months <= t - 45 * 12
    if thresholds.max() < 2**32:
        thresholds = thresholds.astype(np.uint32)
    return bits < np.take(thresholds, band)


def reentry_age_limit_months(model) -> int:
    """The inactive below this age (months) may search or start searching: the pension
    age, or retirement.start_age_years if lower (the retired do not come back)."""
    return min(model.pension_age_months(), model.params.get("retirement.start_age_years") * 12)


def on_the_job_search_factors(model) -> np.ndarray:
    """This month's on-the-job search share of the employed (given that they stayed) by
    age band (on_the_job_age_band): separations.on_the_job_search_share_per_month x
    tension ratio ** on_the_job_search_tension_elasticity x the band's age factor, at
    most 1."""
    par = model.params
    share = (par.get("separations.on_the_job_search_share_per_month")
             * getattr(model, "tension_ratio", 1.0) ** par.get("separations.on_the_job_search_tension_elasticity"))
    return np.minimum(share * np.asarray(par.get("separations.on_the_job_search_age_factors"), dtype=float), 1.0)


def searchers(model, rng) -> tuple[np.ndarray, np.ndarray]:
    p, par, t = model.persons, model.params, model.month_index
    status = p.view("status")
    unemployed = model.rows_with_status(UNEMPLOYED)
    years = (t - p.status_since[unemployed]) / 12.0
    prob = par.get("matching.unemployed_search_probability") * np.exp(
        -par.get("matching.search_decay_per_year_unemployed") * years)
    u_search = rng.subset(unemployed, prob, "search")
    birth = p.view("birth_month")
    inactive = model.inactive_below_reentry_age()  # (shared with inactivity.step)
    inactive = np.compress(birth[inactive] <= t - 18 * 12, inactive)  # (np.compress(mask, a): a[mask], faster)
    n_search = rng.subset(inactive, par.get("matching.inactive_search_probability"), "search")
    # by age: below 25, 25-44, 45 and over (separations.on_the_job_search_age_factors): each
    # person's draw is compared with the highest age group's share first, and only those
    # below it with their own age group's (the same Bernoulli probability per person; ages
    # are computed only for those below the highest share). The draw is the person's
    # separations draw of the month (model.employed_draw): those who stayed have a draw in
    # [low, 1), and search when it falls below low + factor x (1 - low), i.e. with
    # probability `factor` given that they stayed. Separations hands over only the stayers
    # whose draw is below low + the highest factor x (1 - low) (the others cannot search),
    # so matching never scans all the employed. The thresholds per age band are compared
    # as integers (randomness.bits_thresholds: the same outcomes as the float comparison),
    # and whether a searcher is still employed is checked only for those whose draw says search.
    factors = on_the_job_search_factors(model)
    month, employed, bits, low = getattr(model, "employed_draw", (None, None, None, 0.0))
    handed = month == t
    if not handed:  # no separations step this month (a mechanism stepped on its own): a draw of its own
        employed = np.flatnonzero(status == EMPLOYED)
        bits, low = rng.bits(employed, "search"), 0.0
        below_top = bits_below(bits, low + float(factors.max()) * (1.0 - low))
        employed, bits = np.compress(below_top, employed), np.compress(below_top, bits)
    thresholds = bits_thresholds(low + factors * (1.0 - low))
    e_search = np.compress(below_age_band_thresholds(bits, thresholds, birth[employed], t), employed)
    if handed:
        e_search = np.compress(status[e_search] == EMPLOYED, e_search)
    idx = np.concatenate([u_search, n_search, e_search])
    origin = np.concatenate([np.full(len(u_search), ORIGIN_UNEMPLOYED), np.full(len(n_search), ORIGIN_INACTIVE),
                             np.full(len(e_search), ORIGIN_EMPLOYED)])
    return idx, origin


def application_weights(model, vacancies: np.ndarray) -> np.ndarray:
    """Weight of each market for each (home region, occupation row) cell."""
    commute = np.exp(-model.params.get("matching.commute_cost") * S.COMMUTE_DISTANCE_CLASS)
    # cell (r, o_row) x market (r', o') = closeness[o_row, o'] * commute[r, r'] * vacancies[r', o']
    w = (commute[:, None, :, None] * model_closeness(model)[None, :, None, :]) * vacancies.reshape(S.N_REGIONS, S.N_OCCUPATIONS)[None, None]
    return w.reshape(S.N_REGIONS * (S.N_OCCUPATIONS + 1), S.N_MARKETS)


def step(model) -> None:
    p, t, firms = model.persons, model.month_index, model.firms
    rng = model.draws("matching")
    seekers, origin = searchers(model, rng)
    if len(seekers) == 0 or firms.n_vacancies == 0:
        return
    bounds = firms.sort_vacancies()
    vacancies = np.diff(bounds)
    model.record.count("matching_searchers", len(seekers))
    model.record.count("matching_vacancies", firms.n_vacancies)

    occ_row = p.occupation[seekers].astype(np.int64)
    occ_row[occ_row < 0] = S.N_OCCUPATIONS
    cell = p.region[seekers].astype(np.int64) * (S.N_OCCUPATIONS + 1) + occ_row
    weights = application_weights(model, vacancies)
    totals = weights.sum(axis=1)
    ok = np.flatnonzero(totals[cell] > 0)
    seekers, origin, occ_row, cell = seekers[ok], origin[ok], occ_row[ok], cell[ok]
    keys = rng.keys(seekers)  # the applicants' draw keys, read once for all their draws below
    cdf = np.cumsum(weights / np.where(totals > 0, totals, 1.0)[:, None], axis=1)
    market = categorical(cdf, cell, rng.key_uniform(keys, "market"))
    model.record.applications += len(seekers)

    # Firms' view of each application.
    target_occ = S.MARKET_OCCUPATION[market]
    age = t - p.birth_month[seekers]
    shortfall_levels = np.maximum(0, S.REQUIRED_EDUCATION[target_occ] - p.education[seekers])
    regular, lowered = suitability_now(model)  # by (occupation row, target group, levels short, aged 45+)
    kind = occ_row * S.N_OCCUPATIONS
    kind += target_occ
    kind *= S.N_EDUCATION + 1
    kind += shortfall_levels
    kind *= 2
    kind += age >= 45 * 12
    q = regular[kind]
    q = placement_advantage(model, seekers, q)
    u = rng.key_uniform(keys, "suitable")
    suitable = u < q
    # A vacancy whose firm lowered its requirements (model/firms.py) also takes an applicant
    # the regular test refused, with the requirement part of q (closeness and education)
    # raised to firms.lowered_requirements_fit_power (< 1: less strict); the same draw u
    # decides both, so every such hire is one the regular test would have refused. Neither
    # test depends on the vacancy, so the vacancy (the slot) is drawn only for the
    # applications that pass one of them: the others cannot be hired wherever they land.
    relaxed_ok = ~suitable
    c = np.flatnonzero(relaxed_ok)
    relaxed = np.maximum(lowered[kind[c]], q[c])  # never below the regular suitability
    relaxed_ok[c] = u[c] < relaxed
    score = q.copy()
    score[c] = relaxed - 2.0  # applicants who pass the regular test rank before every below-requirement applicant
    passing = np.flatnonzero(suitable | relaxed_ok)
    seekers, origin, market, score = seekers[passing], origin[passing], market[passing], score[passing]
    suitable, relaxed_ok, keys = suitable[passing], relaxed_ok[passing], keys[passing]
    if len(seekers) == 0:
        return
    slot = bounds[market] + consistent_bucket(rng.key_bits(keys, "vacancy"), rng.key_bits(keys, "vacancy_low"), vacancies[market])
    slot_safe = np.minimum(slot, firms.n_vacancies - 1)
    own_firm = (origin == ORIGIN_EMPLOYED) & (p.employer[seekers] == firms.vac_firm[slot_safe])
    below = relaxed_ok & firms.vac_lowered[slot_safe]
    keep = np.flatnonzero((suitable | below) & ~own_firm)
    score = score[keep]
    seekers, slot, market, below, keys = seekers[keep], slot[keep], market[keep], below[keep], keys[keep]
    if len(seekers) == 0:
        return
    winners = most_suitable(slot, score, rng.key_uniform(keys, "tie_break"), firms.n_vacancies)
    filled = slot[winners]
    model.record.count("matching_hires", len(winners))
    below_hired = below[winners]
    np.add.at(model.record.below_requirement_hires, market[winners][below_hired], 1)
    model.hire(seekers[winners], firms.vac_firm[filled], market[winners])
    firms.close_vacancies(filled)


def suitability_now(model) -> tuple[np.ndarray, np.ndarray]:
    """This month's suitability of an application by (occupation row, target group, levels
    short, aged 45 or over), flattened in that order (index ((row x N_OCCUPATIONS + target)
    x (N_EDUCATION + 1) + levels) x 2 + aged 45+):
    regular: hire_probability_perfect_fit x closeness ** cross_group_penalty
      x age45_hire_factor (if 45+) x education_mismatch_factor ** levels short;
    lowered (a vacancy with lowered requirements, before the maximum with the regular one,
      which matching takes per application, after placement support):
      hire_probability_perfect_fit x age45_hire_factor (if 45+) x (closeness ** cross_group_penalty
      x education_mismatch_factor ** levels short) ** firms.lowered_requirements_fit_power.
    Each entry is computed with the same operations, in the same order, as per application,
    so the numbers are the same; age45_hire_factor is the month's (levers adjust it)."""
    closeness_term, education_term, relaxed_fit = suitability_tables(model)
    perfect = model.params.get("matching.hire_probability_perfect_fit")
    age_factor = np.array([1.0, model.parameter_now("matching.age45_hire_factor")])  # below 45, 45+
    regular = ((perfect * closeness_term)[:, :, None, None] * age_factor) * education_term[:, None]
    lowered = (perfect * age_factor) * relaxed_fit[:, :, :, None]
    return regular.ravel(), lowered.ravel()


def suitability_tables(model) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The powers in an application's suitability, as lookup tables computed once per run
    (the parameters they use are not by year): closeness ** cross_group_penalty by
    (occupation row, target group); education_mismatch_factor ** levels short by levels;
    and (closeness term x education term) ** firms.lowered_requirements_fit_power by
    (occupation row, target group, levels short). The same numbers as computing the
    powers per application, without a power per application."""
    tables = getattr(model, "_suitability_tables", None)
    if tables is None:
        par = model.params
        closeness_term = model_closeness(model) ** par.get("matching.cross_group_penalty")
        education_term = par.get("matching.education_mismatch_factor") ** np.arange(S.N_EDUCATION + 1)
        relaxed_fit = ((closeness_term[:, :, None] * education_term[None, None, :])
                       ** par.get("firms.lowered_requirements_fit_power"))
        tables = model._suitability_tables = (closeness_term, education_term, relaxed_fit)
    return tables


def placement_advantage(model, seekers: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The one hook of the levers in matching: retraining programmes' placement support
    raises the suitability q of their finishers in the vacancies they apply to
    (LeverSet.placement_advantage; each programme's placement_support_factor, capped
    at 1). No direct placement: a supported finisher is hired only as the most suitable
    applicant of a vacancy, like anyone else."""
    levers = getattr(model, "levers", None)
    return q if levers is None or len(levers) == 0 else levers.placement_advantage(model, seekers, q)


def most_suitable(slot: np.ndarray, q: np.ndarray, tie_break: np.ndarray, n_slots: int) -> np.ndarray:
    """The application each vacancy takes: for each slot applied to, the application with
    the highest suitability q, ties broken by the lowest tie_break draw. Returns the
    winning applications' positions in slot order (the order of
    np.lexsort((tie_break, -q, slot)) restricted to each slot's first element), found
    with two scatter reductions instead of a three-key sort."""
    best_q = np.full(n_slots, -np.inf)
    np.maximum.at(best_q, slot, q)
    best = np.flatnonzero(q == best_q[slot])
    lowest = np.full(n_slots, np.inf)
    np.minimum.at(lowest, slot[best], tie_break[best])
    winners = np.compress(tie_break[best] == lowest[slot[best]], best)
    # in slot order, one per slot (an exact tie of two draws, probability ~0, keeps one)
    by_slot = np.full(n_slots, -1, dtype=np.int64)
    by_slot[slot[winners]] = winners
    return np.compress(by_slot >= 0, by_slot)


def place_in_vacancies(model, idx: np.ndarray, markets: np.ndarray) -> np.ndarray:
    """Persons `idx` take an open vacancy of `markets[i]` if one is left; returns who
    was hired. Hires never exceed open vacancies."""
    if len(idx) == 0:
        return np.zeros(0, dtype=bool)
    firms = model.firms
    bounds = firms.sort_vacancies()
    markets = np.asarray(markets, dtype=np.int64)
    # rank of each person among those before them (in idx order) seeking the same market
    order = np.argsort(markets, kind="stable")
    counts = np.bincount(markets, minlength=S.N_MARKETS)
    rank = np.empty(len(idx), dtype=np.int64)
    rank[order] = np.arange(len(idx)) - (np.cumsum(counts) - counts)[markets[order]]
    hired = rank < np.diff(bounds)[markets]  # first come, first served, while vacancies last
    if hired.any():
        slots = bounds[markets[hired]] + rank[hired]
        model.hire(idx[hired], firms.vac_firm[slots], markets[hired])
        firms.close_vacancies(slots)
    return hired
