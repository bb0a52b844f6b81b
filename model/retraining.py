"""Training and retraining without a lever (the background the levers' deadweight comes
from), and the trajectory book-keeping every retraining programme shares.

Background training (`step`, every month, also in the no-policy world): each employed
or unemployed person aged 25 to a year before pension age starts a course with
probability retraining.background_training_share_per_year / 12 (CPB 2016: 1.7-3.6% a
year used the fiscal deduction for study costs, the scheme before STAP); for the
employed the draw is the top slice of their monthly separations draw (employed_starters:
nobody starts a course and searches on the job in the same month, a simplification
named in docs/odd.md), the unemployed draw their own. Of them,
retraining.background_same_group_share (STAP 2022-2023: 58% of applicants wanted to
improve in their current job) train in their own occupation group: a course beside work
that changes no labour-market state (counted, no other effect: the model has no
productivity or wage). The others retrain for another group: status RETRAINING
(model.move; a worker leaves the job for the course, the job is offered again), target
group of their own choice, drawn in proportion to skill closeness x open vacancies in
their region; duration base + distance x (1 - closeness); they finish with
completion_share (the others drop out half way) and then look for work in the new
group through the normal matching (model/matching.py), with no advantage.

Levers (model/levers/work_to_work.py) take a share of their participants (their
deadweight_share) from this month's background starters: people who would have trained
anyway. The lever pays for them and supports them, but they add nothing to the number
trained; so a lever's effect against the no-policy world is net of its deadweight.

Trajectories: one book per programme (programme id 0 = background; the levers' ids in
model/levers), with each participant's end month and whether they will finish.
"""

from __future__ import annotations

import numpy as np

from skillsim.model import structure as S
from skillsim.model.matching import CLOSENESS, model_closeness
from skillsim.model.persons import EMPLOYED, RETRAINING, UNEMPLOYED
from skillsim.model.sampling import categorical

BACKGROUND_PROGRAMME = 0


class Trajectories:
    """The persons on one programme's retraining trajectories: row, end month, and
    whether they will finish (drawn at the start)."""

    def __init__(self, programme_id: int):
        self.programme_id = int(programme_id)
        self.idx = np.zeros(0, dtype=np.int64)
        self.end = np.zeros(0, dtype=np.int64)
        self.completes = np.zeros(0, dtype=bool)

    def __len__(self) -> int:
        return len(self.idx)

    def start(self, model, idx: np.ndarray, target: np.ndarray, duration_months: np.ndarray,
              completes: np.ndarray) -> None:
        """Persons `idx` start retraining for group `target` (status RETRAINING); those who
        will not finish leave half way."""
        if len(idx) == 0:
            return
        p, t = model.persons, model.month_index
        end = t + np.where(completes, duration_months, np.maximum(1, duration_months // 2))
        model.move(idx, RETRAINING, "retraining_started")
        p.programme[idx] = self.programme_id
        p.study_field[idx] = target
        p.study_end_month[idx] = end
        self._add(idx, end, completes)

    def _add(self, idx, end, completes) -> None:
        self.idx = np.concatenate([self.idx, idx])
        self.end = np.concatenate([self.end, end])
        self.completes = np.concatenate([self.completes, completes])

    def take_over(self, model, other: "Trajectories", idx: np.ndarray) -> None:
        """Persons `idx` (on `other`'s trajectories) move to this programme, keeping their
        target, end month and completion (a lever funds training they would have done anyway)."""
        if len(idx) == 0:
            return
        moving = np.isin(other.idx, idx)
        self._add(other.idx[moving], other.end[moving], other.completes[moving])
        other.idx, other.end, other.completes = other.idx[~moving], other.end[~moving], other.completes[~moving]
        model.persons.programme[idx] = self.programme_id

    def due(self, model) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Remove and return the trajectories ending this month of persons still on them
        (not retired or gone): (rows, will finish, target group)."""
        empty = np.zeros(0, dtype=np.int64)
        if len(self.idx) == 0:
            return empty, np.zeros(0, dtype=bool), empty
        p, t = model.persons, model.month_index
        due = self.end <= t
        if not due.any():
            return empty, np.zeros(0, dtype=bool), empty
        idx, completes = self.idx[due], self.completes[due]
        keep = ~due
        self.idx, self.end, self.completes = self.idx[keep], self.end[keep], self.completes[keep]
        still = (p.status[idx] == RETRAINING) & (p.programme[idx] == self.programme_id)
        idx, completes = idx[still], completes[still]
        return idx, completes, p.study_field[idx].astype(np.int64)


def finish(model, idx: np.ndarray, completes: np.ndarray, target: np.ndarray) -> np.ndarray:
    """End trajectories: drop-outs become job seekers in their old group; finishers take
    the target group as their occupation, their education is raised to the group's usual
    level (at most MBO-4), and they become job seekers in it. Returns the finishers."""
    p = model.persons
    p.programme[idx] = -1
    p.study_field[idx] = -1
    model.move(idx[~completes], UNEMPLOYED, "retraining_dropout")
    done, target = idx[completes], target[completes]
    if len(done):
        p.occupation[done] = target
        p.education[done] = np.maximum(p.education[done], np.minimum(S.REQUIRED_EDUCATION[target], 3))
        model.move(done, UNEMPLOYED, "retraining_completed")
    return done


def duration_months(model, idx: np.ndarray, target: np.ndarray, base_months: int, distance_months: int) -> np.ndarray:
    """base + distance_months x (1 - skill closeness from the person's group to the target)."""
    occ_row = model.persons.occupation[idx].astype(np.int64)
    occ_row[occ_row < 0] = S.N_OCCUPATIONS
    distance = 1.0 - CLOSENESS[occ_row, target]
    return int(base_months) + np.rint(distance_months * distance).astype(np.int64)


def own_choice_targets(model, idx: np.ndarray, rng, exclude_own: bool = True) -> np.ndarray:
    """A group of the person's own choice: in proportion to skill closeness from their
    group x open vacancies in their region (people retrain towards work they can reach),
    their own group excluded unless exclude_own is False."""
    p = model.persons
    vac = model.firms.vacancies_by_market().reshape(S.N_REGIONS, S.N_OCCUPATIONS).astype(float) + 1.0
    occ_row = p.occupation[idx].astype(np.int64)
    occ_row[occ_row < 0] = S.N_OCCUPATIONS
    # cell (region, occupation row) x target group
    w = vac[:, None, :] * model_closeness(model)[None, :, :]
    if exclude_own:
        own = np.arange(S.N_OCCUPATIONS)
        w[:, own, own] = 0.0
    w = w.reshape(S.N_REGIONS * (S.N_OCCUPATIONS + 1), S.N_OCCUPATIONS)
    cdf = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
    cell = p.region[idx].astype(np.int64) * (S.N_OCCUPATIONS + 1) + occ_row
    return categorical(cdf, cell, rng.uniform(idx, "own_choice"))


def adults_in_work_or_searching(model, status: int) -> np.ndarray:
    """Rows in `status` aged 25 to a year before pension age."""
    p, t = model.persons, model.month_index
    st, birth = p.view("status"), p.view("birth_month")
    return np.flatnonzero((st == status) & (birth <= t - 25 * 12) & (birth > t - model.pension_age_months() + 12))


def in_training_ages(model, idx: np.ndarray) -> np.ndarray:
    """The rows of `idx` aged 25 to a year before pension age."""
    birth, t = model.persons.birth_month[idx], model.month_index
    return np.compress((birth <= t - 25 * 12) & (birth > t - model.pension_age_months() + 12), idx)  # (a[mask], faster)


def background_start_probability_per_month(model) -> float:
    """retraining.background_training_share_per_year / 12."""
    return model.params.get("retraining.background_training_share_per_year") / 12.0


def employed_starters(model, rng) -> np.ndarray:
    """The employed who start a background course this month. Each employed person's
    monthly word from separations (model.employed_draw's source) lies in [low, 1) for
    those who stayed; the top slice, at or above 1 - rate x (1 - low), starts (probability
    `rate` given that they stayed). Separations hands these rows over
    (model.employed_training_draw), so this step hashes only the unemployed. The slice is
    disjoint from the on-the-job search slice at the bottom ([low, low + search share x
    (1 - low))) while the highest search share plus the rate stay below 1: nobody starts
    a background course and searches on the job in the same month (docs/odd.md)."""
    month, rows = getattr(model, "employed_training_draw", (None, None))
    if month == model.month_index:
        rows = rows[model.persons.status[rows] == EMPLOYED]
        return in_training_ages(model, rows)
    # no separations step this month (a mechanism stepped on its own): a draw of its own
    return rng.subset(adults_in_work_or_searching(model, EMPLOYED), background_start_probability_per_month(model), "start")


class BackgroundTraining:
    """Training without a lever (module docstring). Keeps this month's starters, so the
    levers can take their deadweight from them: `changers` (started retraining for
    another group this month) and `in_group` (started a course in their own group)."""

    def __init__(self):
        self.trajectories = Trajectories(BACKGROUND_PROGRAMME)
        self.month = None
        self.changers = np.zeros(0, dtype=np.int64)
        self.in_group = np.zeros(0, dtype=np.int64)

    def step(self, model) -> None:
        par, t = model.params, model.month_index
        rng = model.draws("retraining.background")
        idx, completes, target = self.trajectories.due(model)
        if len(idx):
            done = finish(model, idx, completes, target)
            model.record.count("background_retraining_completed", len(done))
        self.month = t
        rate = background_start_probability_per_month(model)
        starters = np.sort(np.concatenate([employed_starters(model, rng),
                                           rng.subset(in_training_ages(model, model.rows_with_status(UNEMPLOYED)), rate, "start")]))
        if len(starters) == 0:
            self.changers, self.in_group = starters, starters
            return
        same = rng.bernoulli(starters, par.get("retraining.background_same_group_share"), "same_group")
        self.in_group, changers = starters[same], starters[~same]
        model.record.count("background_training_in_group", len(self.in_group))
        target = own_choice_targets(model, changers, rng)
        months = duration_months(model, changers, target, par.get("retraining.background_base_duration_months"),
                                 par.get("retraining.background_distance_months"))
        will_finish = rng.bernoulli(changers, par.get("retraining.background_completion_share"), "completes")
        self.trajectories.start(model, changers, target, months, will_finish)
        model.record.count("background_retraining_started", len(changers))
        self.changers = changers

    def starters_now(self, model) -> tuple[np.ndarray, np.ndarray]:
        """This month's background starters still available to a lever: (changers still on
        the background programme, in-group trainees still employed or unemployed)."""
        if self.month != model.month_index:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        p = model.persons
        changers = self.changers[(p.programme[self.changers] == BACKGROUND_PROGRAMME)
                                 & (p.status[self.changers] == RETRAINING)]
        st = p.status[self.in_group]
        return changers, self.in_group[(st == EMPLOYED) | (st == UNEMPLOYED)]

    def release(self, idx: np.ndarray) -> None:
        """In-group trainees `idx` are now funded by a lever (no longer available to another)."""
        if len(idx):
            self.in_group = self.in_group[~np.isin(self.in_group, idx)]


def step(model) -> None:
    model.background_training.step(model)
