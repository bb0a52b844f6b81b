"""Persons as a struct of arrays: one numpy column per attribute, one row per person.

Rows are never removed during a run: a person who leaves the population (ages out at
75, dies, emigrates) gets status GONE and a birth month that excludes them from every
age test. Arrays are allocated with room for the cohorts and migrants that enter.
"""

from __future__ import annotations

import numpy as np

# Labour status: every person is in exactly one.
EMPLOYED, UNEMPLOYED, INACTIVE, EDUCATION, RETRAINING, GONE = range(6)
STATUS_NAMES = ("employed", "unemployed", "inactive", "in_education", "in_retraining", "gone")
N_STATUS = 6

NO_OCCUPATION = -1
GONE_BIRTH_MONTH = np.iinfo(np.int32).max // 2  # far future: never "old enough" for any age test

COLUMNS = {
    "birth_month": np.int32,       # absolute month (year * 12 + month - 1) of birth
    "sex": np.int8,                # 0 male, 1 female
    "region": np.int8,             # labour-market region of residence
    "education": np.int8,          # highest level attained (index in structure.EDUCATION_LEVELS)
    "occupation": np.int8,         # current or last occupation group, or field trained for; -1 none
    "status": np.int8,             # labour status (constants above)
    "status_since": np.int32,      # absolute month the current status began
    "employer": np.int32,          # firm index, -1 if not employed
    "work_market": np.int16,       # (work region, occupation) market of the current job, -1 if none
    "youth_care": np.bool_,        # marker: young person from youth care
    "disability": np.bool_,        # marker: occupational disability
    "study_end_month": np.int32,   # absolute month initial education or retraining ends
    "study_field": np.int8,        # occupation group trained for, -1 none
    "study_level": np.int8,        # education level attained on finishing
    "campus": np.int16,            # MBO campus index (model.campuses order), -1 none
    "work_based": np.bool_,        # in the work-based route (BBL)
    "dropout": np.bool_,           # will leave initial education without a diploma
    "programme": np.int16,         # retraining programme index, -1 none
    "side_job": np.bool_,          # in initial education with a paid side job (CBS counts them as employed)
}


class Persons:
    def __init__(self, capacity: int):
        self.capacity = int(capacity)
        self.n = 0
        for name, dtype in COLUMNS.items():
            setattr(self, name, np.zeros(self.capacity, dtype=dtype))
        self.status[:] = GONE
        self.birth_month[:] = GONE_BIRTH_MONTH
        for name in ("occupation", "employer", "work_market", "study_field", "campus", "programme"):
            getattr(self, name)[:] = -1

    def add(self, count: int) -> np.ndarray:
        """Reserve `count` new rows; returns their indices. Caller fills the columns."""
        if self.n + count > self.capacity:
            self._grow(self.n + count)
        idx = np.arange(self.n, self.n + count)
        self.n += count
        return idx

    def _grow(self, needed: int) -> None:
        new_capacity = max(needed, int(self.capacity * 1.25) + 1024)
        for name, dtype in COLUMNS.items():
            old = getattr(self, name)
            new = np.zeros(new_capacity, dtype=dtype)
            new[: self.capacity] = old
            if name == "status":
                new[self.capacity:] = GONE
            elif name == "birth_month":
                new[self.capacity:] = GONE_BIRTH_MONTH
            elif name in ("occupation", "employer", "work_market", "study_field", "campus", "programme"):
                new[self.capacity:] = -1
            setattr(self, name, new)
        self.capacity = new_capacity

    def view(self, name: str) -> np.ndarray:
        """The live part (rows in use) of a column."""
        return getattr(self, name)[: self.n]

    def set_status(self, idx: np.ndarray, status: int, month: int) -> None:
        self.status[idx] = status
        self.status_since[idx] = month
        if status != EMPLOYED:
            self.employer[idx] = -1
            self.work_market[idx] = -1

    def remove(self, idx: np.ndarray, month: int) -> None:
        self.set_status(idx, GONE, month)
        self.birth_month[idx] = GONE_BIRTH_MONTH

    def nbytes(self) -> int:
        return sum(getattr(self, name).nbytes for name in COLUMNS)
