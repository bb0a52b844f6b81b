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
other count. The indicators are the lever indicators of model/indicators.py.

Randomness: each lever draws only from its own draws `lever.<name>` (per month; per
person, keyed by the person's id, model/randomness.py), and a lever that is off is not
built, so it draws nothing.
"""

from __future__ import annotations

import math

import numpy as np

from skillsim.model import structure as S
from skillsim.model.matching import place_in_vacancies  # noqa: F401  (inclusion levers place people in a job directly)



class Lever:
    """A policy lever: eligibility x capacity x delivery (after Starsim's interventions).

    - life cycle: active (takes people in) from January of start_year to December of
      end_year; `prorate` counts the part of the window before the run as used, once.
    - eligibility: `eligible(model, idx)` -> a mask over person rows `idx` (None: every
      row) of who the lever may take in this month; one name in every family.
    - capacity: `places_left(model, cost)` -> how many more simulated persons the lever
      can take in: its places (capacity_persons, pro rata) less those taken in, capped
      by what the remaining budget pays for. Levers without places (capacity_key None)
      are capped by the budget only.
    - delivery: `deliver(model, idx, rng)` -> the product given to the chosen persons;
      returns how many received it.
    - a core parameter adjusted for the month: a lever lists the keys in `adjusts` and
      returns the adjusted value from `adjust(model, key, value)`; the model asks all
      levers through one hook (SkillsimModel.parameter_now), never a per-parameter method.
    - money: a lever spends its own budget unless it is funded by another (`funder`,
      e.g. the campus retraining seats paid from the campuses' budget).
    """

    name = "lever"      # parameter section and stream name
    family = ""         # campuses | work-to-work | inclusion
    capacity_key: str | None = None   # parameter with the lever's places (persons, full scale), or None
    adjusts: tuple[str, ...] = ()     # core parameters (section.name) this lever adjusts through adjust()

    def __init__(self, params, funder: "Lever | None" = None):
        self.params = params
        self.start_year = int(self.par("start_year"))
        self.end_year = int(self.par("end_year"))
        self.budget_eur = float(self.par("budget_eur"))
        self.spent_eur = 0.0      # full scale
        self.funder = self if funder is None else funder
        self.capacity_persons = float(self.par(self.capacity_key)) if self.capacity_key else None  # full scale
        self.capacity_left_sim = 0.0  # simulated persons, set by prorate
        self.taken_in_sim = 0     # simulated persons taken in so far
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
        """Once, at the lever's first month: count the part of the window before the run
        as used (budget and places). A lever funded by another leaves that to its funder."""
        if self._prorated or self.funder is not self:
            return
        self._prorated = True
        used = self.used_before_run(model)
        self.spent_eur = self.budget_eur * used
        if self.capacity_persons is not None:
            self.capacity_left_sim = self.capacity_persons * (1.0 - used) * model.scale

    # --- eligibility, capacity, delivery ---------------------------------------------------
    def eligible(self, model, idx: np.ndarray | None = None) -> np.ndarray:
        """Mask over person rows `idx` (None: every row): who the lever may take in now."""
        raise NotImplementedError(f"lever {self.name} does not take persons in")

    def places_left(self, model, cost_per_person_eur: float) -> int:
        """Simulated persons the lever can still take in: places left (pro-rated capacity
        less those taken in, rounded) capped by the budget; the budget alone if no places."""
        affordable = self.affordable(model, cost_per_person_eur)
        if self.capacity_persons is None:
            return affordable
        left = int(np.floor(self.capacity_left_sim - self.taken_in_sim + 0.5))
        return max(0, min(left, affordable))

    def deliver(self, model, idx: np.ndarray, rng) -> int:
        """Give the lever's product to persons `idx`; returns how many received it."""
        raise NotImplementedError(f"lever {self.name} does not deliver to persons")

    # --- money ----------------------------------------------------------------------------
    def affordable(self, model, cost_per_person_eur: float) -> int:
        """How many more simulated persons the remaining budget (the funder's) pays for."""
        if cost_per_person_eur <= 0:
            return 1 << 30
        f = self.funder
        remaining = max(0.0, f.budget_eur - f.spent_eur)
        return int(math.floor(remaining * model.scale / cost_per_person_eur + 1e-9))

    def charge_persons(self, model, n: int, cost_per_person_eur: float) -> None:
        """Charge n simulated persons (EUR per person, full-scale budget) to the funder."""
        if n:
            self.funder.spent_eur += n * cost_per_person_eur / model.scale
            self.count(model, "cost_eur", n * cost_per_person_eur)

    def charge_fixed(self, model, eur: float) -> bool:
        """Charge a fixed full-scale amount if the budget allows; False if not."""
        f = self.funder
        if eur > f.budget_eur - f.spent_eur + 1e-6:
            return False
        f.spent_eur += eur
        self.count(model, "cost_eur", eur * model.scale)
        return True

    # --- records ------------------------------------------------------------------------------
    def count(self, model, indicator: str, value: float) -> None:
        model.record.count(f"lever:{self.name}:{indicator}", value)

    def rng(self, model):
        """The lever's draws this month (model/randomness.py Draws: per person; `.generator`
        for counts)."""
        return model.draws(f"lever.{self.name}")

    # --- hooks called by SkillsimModel (through LeverSet) ---------------------------------------
    def before_month(self, model) -> None:
        pass

    def after_month(self, model) -> None:
        pass

    def adjust(self, model, key: str, value: float) -> float:
        """The value of core parameter `key` (one of self.adjusts) for this month, given
        the value so far; unchanged while the lever has no effect."""
        return value

    def placement_support(self) -> list:
        """[(person rows, suitability factor)] of the lever's finishers with placement
        support now (LeverSet.placement_advantage); none by default."""
        return []


class LeverSet:
    """The levers a run switches on, in the order they act, and what they share: one
    hook to adjust a core parameter for the month, and per-month computations several
    levers use (e.g. the retraining pools), owned here rather than attached to the model.
    Iterates, indexes and measures like a list of levers."""

    def __init__(self, levers: list):
        self.levers = list(levers)
        self.adjusters: dict[str, list] = {}
        for lever in self.levers:
            for key in lever.adjusts:
                self.adjusters.setdefault(key, []).append(lever)
        self._monthly: dict = {}

    def __iter__(self):
        return iter(self.levers)

    def __len__(self) -> int:
        return len(self.levers)

    def __getitem__(self, i):
        return self.levers[i]

    def adjusted(self, model, key: str, value: float) -> float:
        for lever in self.adjusters.get(key, ()):
            value = lever.adjust(model, key, value)
        return value

    def placement_advantage(self, model, seekers: np.ndarray, q: np.ndarray) -> np.ndarray:
        """Matching's hook (model/matching.py, placement_advantage): the suitability q of
        applicants `seekers` who finished a programme with placement support, multiplied
        by its placement_support_factor (capped at 1); q itself when nobody is supported."""
        top = int(seekers.max(initial=-1)) + 1
        for lever in self.levers:
            for supported, factor in lever.placement_support():
                # np.isin(seekers, supported) as a table look-up (rows are small non-negative integers)
                flag = np.zeros(max(top, int(supported.max(initial=-1)) + 1), dtype=bool)
                flag[supported] = True
                mask = flag[seekers]
                if mask.any():
                    q = q.copy()
                    q[mask] = np.minimum(1.0, q[mask] * factor)
        return q

    def monthly(self, model, factory):
        """factory(model), computed at most once a month and shared by the levers."""
        cached = self._monthly.get(factory)
        if cached is None or cached.month != model.month_index:
            cached = factory(model)
            self._monthly[factory] = cached
        return cached


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
def age_months(model, idx: np.ndarray) -> np.ndarray:
    return model.month_index - model.persons.birth_month[idx]


def new_mbo_entrants(model) -> np.ndarray:
    """This month's school cohort (entered at 15 in demography) bound for MBO, with a
    non-technical field and a diploma ahead (not drop-outs)."""
    from skillsim.model.persons import EDUCATION

    p, t = model.persons, model.month_index
    students = model.rows_with_status(EDUCATION)
    idx = np.compress(p.birth_month[students] == t - 15 * 12, students)  # (a[mask], faster)
    field = p.study_field[idx]
    ok = (p.study_level[idx] <= 3) & (field >= 0) & ~S.is_technical(field) & ~p.dropout[idx]
    return idx[ok]


def switch_to_technical(model, idx: np.ndarray, prob: np.ndarray | float, rng) -> int:
    """Each of `idx` switches to a technical MBO field with probability `prob`; the
    field is drawn from DUO's 2017 technical mix. Returns how many switched."""
    if len(idx) == 0:
        return 0
    switch = rng.bernoulli(idx, prob, "switch")
    if switch.any():
        cdf = np.cumsum(S.technical_field_shares())
        fields = np.searchsorted(cdf, rng.uniform(idx[switch], "technical_field") * (1 - 1e-12), side="right")
        model.persons.study_field[idx[switch]] = fields
    return int(switch.sum())


def in_regions(region_column: np.ndarray, regions) -> np.ndarray:
    """Boolean mask: whose region is one of `regions` (a table look-up, much faster
    than np.isin on the 2-million-row column)."""
    lookup = np.zeros(S.N_REGIONS, dtype=bool)
    lookup[list(regions)] = True
    return lookup[region_column]
