"""The lever base class and helpers shared by the lever families.

Life cycle: a lever is active in the months from January of `start_year` to December
of `end_year` (its intake window); participants it took in finish after the window.
It has a budget (EUR, full scale) and a capacity (persons, full scale); it stops taking
people in when either runs out. When the run starts after `start_year`, the share of
the window before the run counts as used (pro rata), since the run cannot know who took
part before it.

Accounting: a lever records its flows in the month's counters as
`lever:<name>:<indicator>` in simulated persons (and simulated EUR: cost per person x
simulated persons, or a fixed cost x scale), so model.results rescales them like every
other count. Indicators: retrained_started, retrained_completed, retrained_placed,
retraining_candidates, inclusion_placements, cost_eur.

Randomness: each lever draws only from its own stream `lever.<name>` (per month), and a
lever that is off is not built, so it draws nothing.
"""

from __future__ import annotations

import math

import numpy as np

from skillsim.model import structure as S
from skillsim.model.matching import place_in_vacancies  # noqa: F401  (levers place finishers directly)

LEVER_INDICATORS = ("retrained_started", "retrained_completed", "retrained_placed", "retraining_candidates",
                    "inclusion_placements", "cost_eur")


class Lever:
    name = "lever"      # parameter section and stream name
    family = ""         # campuses | work-to-work | inclusion

    def __init__(self, params):
        self.params = params
        self.start_year = int(self.par("start_year"))
        self.end_year = int(self.par("end_year"))
        self.budget_eur = float(self.par("budget_eur"))
        self.spent_eur = 0.0      # full scale
        self._prorated = False

    # --- construction -------------------------------------------------------------
    @classmethod
    def is_on(cls, params) -> bool:
        sec = params.params[cls.name]
        return bool(sec["enabled"]) and float(sec["budget_eur"]) > 0

    @classmethod
    def from_params(cls, params):
        return cls(params) if cls.is_on(params) else None

    def par(self, name: str):
        return self.params.get(f"{self.name}.{name}")

    def par_at(self, name: str, year: int):
        return self.params.at(f"{self.name}.{name}", year)

    # --- calendar ---------------------------------------------------------------------
    def window_months(self) -> int:
        return max(0, (self.end_year - self.start_year + 1) * 12)

    def in_window(self, model) -> bool:
        return self.start_year <= model.year <= self.end_year

    def used_before_run(self, model) -> float:
        """Share of the intake window that lies before the run's start."""
        total = self.window_months()
        if total == 0:
            return 0.0
        before = min(max(0, model.start_month_index - self.start_year * 12), total)
        return before / total

    def prorate(self, model) -> None:
        """Once, at the lever's first month: count the part before the run as used."""
        if not self._prorated:
            self._prorated = True
            self.spent_eur = self.budget_eur * self.used_before_run(model)
            self.on_prorate(model, self.used_before_run(model))

    def on_prorate(self, model, used: float) -> None:
        pass

    # --- money ----------------------------------------------------------------------------
    def affordable(self, model, cost_per_person_eur: float) -> int:
        """How many more simulated persons the remaining budget pays for."""
        if cost_per_person_eur <= 0:
            return 1 << 30
        remaining = max(0.0, self.budget_eur - self.spent_eur)
        return int(math.floor(remaining * model.scale / cost_per_person_eur + 1e-9))

    def charge_persons(self, model, n: int, cost_per_person_eur: float) -> None:
        """Charge n simulated persons (EUR per person, full-scale budget)."""
        if n:
            self.spent_eur += n * cost_per_person_eur / model.scale
            self.count(model, "cost_eur", n * cost_per_person_eur)

    def charge_fixed(self, model, eur: float) -> bool:
        """Charge a fixed full-scale amount if the budget allows; False if not."""
        if eur > self.budget_eur - self.spent_eur + 1e-6:
            return False
        self.spent_eur += eur
        self.count(model, "cost_eur", eur * model.scale)
        return True

    # --- records ------------------------------------------------------------------------------
    def count(self, model, indicator: str, value: float) -> None:
        model.record.count(f"lever:{self.name}:{indicator}", value)

    def rng(self, model) -> np.random.Generator:
        return model.streams.get(f"lever.{self.name}", model.month_index)

    # --- hooks called by SkillsimModel -----------------------------------------------------------
    def before_month(self, model) -> None:
        pass

    def after_month(self, model) -> None:
        pass

    def adjust_age45_hire_factor(self, model, factor: float) -> float:
        return factor


class Quota:
    """A deterministic running quota: each month adds a (fractional) amount; the whole
    part is taken, the rest carried. Keeps small programmes' counts free of rounding
    noise at small scales."""

    def __init__(self):
        self.carry = 0.0

    def take(self, amount: float) -> int:
        self.carry += max(0.0, amount)
        n = int(math.floor(self.carry + 1e-9))
        self.carry -= n
        return n


# --- shared helpers -----------------------------------------------------------------------------
def pension_months(model) -> int:
    return int(round(model.params.at("demography.pension_age_years", model.year) * 12))


def age_months(model, idx: np.ndarray) -> np.ndarray:
    return model.month_index - model.persons.birth_month[idx]


def new_mbo_entrants(model) -> np.ndarray:
    """This month's school cohort (entered at 15 in demography) bound for MBO, with a
    non-technical field and a diploma ahead (not drop-outs)."""
    from skillsim.model.persons import EDUCATION

    p, t = model.persons, model.month_index
    status, birth = p.view("status"), p.view("birth_month")
    idx = np.flatnonzero((status == EDUCATION) & (birth == t - 15 * 12))
    field = p.study_field[idx]
    ok = (p.study_level[idx] <= 3) & (field >= 0) & ~S.TECHNICAL[np.maximum(field, 0)] & ~p.dropout[idx]
    return idx[ok]


def switch_to_technical(model, idx: np.ndarray, prob: np.ndarray | float, rng: np.random.Generator) -> int:
    """Each of `idx` switches to a technical MBO field with probability `prob`; the
    field is drawn from DUO's 2017 technical mix. Returns how many switched."""
    if len(idx) == 0:
        return 0
    u = rng.random((len(idx), 2))
    switch = u[:, 0] < prob
    if switch.any():
        cdf = np.cumsum(S.technical_field_shares())
        fields = np.searchsorted(cdf, u[switch, 1] * (1 - 1e-12), side="right")
        model.persons.study_field[idx[switch]] = fields
    return int(switch.sum())


def in_regions(region_column: np.ndarray, regions) -> np.ndarray:
    """Boolean mask: whose region is one of `regions` (a table look-up, much faster
    than np.isin on the 2-million-row column)."""
    lookup = np.zeros(S.N_REGIONS, dtype=bool)
    lookup[list(regions)] = True
    return lookup[region_column]
