"""Persons as a struct of arrays: one numpy column per attribute, one row per person.

Rows are never removed during a run: a person who leaves the population (ages out at
75, dies, emigrates) gets status GONE and a birth month that excludes them from every
age test. Arrays are allocated with room for the cohorts and migrants that enter.

Each person gets a stable id (`uid`) when created, never reused: the initial population
0..n-1 in creation order; an entrant 2**31 + kind * 2**30 + (months since the first
month) * 2**17 + rank among that month's entrants of that kind (kind 0: school cohort,
1: migrant). So a person's id does not depend on how many persons of another kind or
month entered, and `draw_key` (the uid scrambled with the run's seed,
model/randomness.py) keys every random decision about the person.
"""

from __future__ import annotations

import numpy as np

from skillsim.model.randomness import object_keys

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
    "side_job": np.bool_,          # paid work outside the markets: a student's side job, a retired person's work (CBS: employed)
    "uid": np.uint32,              # stable person id, given at creation (module docstring)
    "draw_key": np.uint32,         # the uid scrambled with the run's seed: keys the person's random draws
    "other_exit_month": np.int32,  # absolute month of an exit other than ageing out (death, emigration), drawn at creation
}

# rows_with_status: a status with at most 1 / SMALL_STATUS_DIVISOR of the rows is updated
# from its last row set (no scan); at most 1 / ENTERED_ROWS_LIMIT_DIVISOR of the rows
# (+ 1024) put in a status are kept for it before the next call scans instead
SMALL_STATUS_DIVISOR, ENTERED_ROWS_LIMIT_DIVISOR = 8, 8

INITIAL, COHORT, MIGRANT = "initial", "cohort", "migrant"  # how a person was created
ENTRANT_KIND = {COHORT: 0, MIGRANT: 1}
ENTRANT_BIT, KIND_BIT, MONTH_SHIFT = 1 << 31, 1 << 30, 17
MAX_ENTRANT_MONTHS, MAX_ENTRANTS_PER_MONTH = 1 << 13, 1 << MONTH_SHIFT


def sorted_unique(rows: np.ndarray) -> np.ndarray:
    """np.unique(rows) for an integer array, by a sort and a comparison of neighbours (numpy's
    np.unique hashes, which costs many times more for the few thousand rows a month puts
    in a status)."""
    rows = np.sort(rows)
    if len(rows) > 1:
        rows = rows[np.concatenate(([True], rows[1:] != rows[:-1]))]
    return rows


def merge_sorted(rows: np.ndarray, new: np.ndarray) -> np.ndarray:
    """The union of two ascending arrays of distinct rows, ascending (rows in both once)."""
    if len(new) == 0:
        return rows
    pos = np.searchsorted(rows, new)
    there = pos < len(rows)
    there[there] = rows[pos[there]] == new[there]
    absent = np.flatnonzero(~there)
    return np.insert(rows, pos[absent], new[absent])


class EnteredRows:
    """The rows put in one status (note_entry) since its reader last took them, for one
    reader that keeps its own row set from month to month (KeptRows). Unknown until the
    first take, after a write to the status column the persons were not told of
    (Persons.forget_status_rows), or once more rows were put in the status than the
    persons keep (as for rows_with_status's small statuses): the reader then scans."""

    __slots__ = ("_parts", "_size")

    def __init__(self):
        self._parts: list | None = None
        self._size = 0

    def add(self, idx: np.ndarray | None, limit: int) -> None:
        if self._parts is None:
            return
        if idx is None or self._size + len(idx) > limit:
            self.forget()
            return
        self._parts.append(np.array(idx, dtype=np.int64))
        self._size += len(idx)

    def forget(self) -> None:
        self._parts, self._size = None, 0

    def take(self) -> np.ndarray | None:
        """The rows put in the status since the last take (ascending, distinct), or None if
        not known; the reader is told of every later entry."""
        parts = self._parts
        self._parts, self._size = [], 0
        if parts is None:
            return None
        return sorted_unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


class KeptRows:
    """Rows in one status that pass a test of the live columns, ascending, kept from call to
    call: the last call's rows that are still in the status and pass, plus the rows put in
    the status since (EnteredRows) and the caller's `extra` rows that do, merged in order.
    The same rows as a scan, np.flatnonzero((status == s) & test(all rows)), without one,
    provided that a row in the status can come to pass the test only by entering the
    status or by being in `extra`; a caller whose test may have been widened otherwise
    (a lower age limit, say) passes rescan=True."""

    def __init__(self, persons: "Persons", status: int):
        self.persons, self.status = persons, int(status)
        self.entered = persons.entered_rows_reader(status)
        self.rows: np.ndarray | None = None
        self.cutoff: int | None = None  # the caller's birth-month limit at the last call (None: none yet)

    def get(self, test, extra: np.ndarray | None = None, rescan: bool = False) -> np.ndarray:
        """`test(rows)`: a mask over `rows` (an ascending index array, or a slice of all
        live rows) from the live columns."""
        p = self.persons
        new = self.entered.take()
        if self.rows is None or new is None or rescan:
            live = slice(0, p.n)
            mask = p.status[live] == self.status
            mask &= test(live)
            rows = np.flatnonzero(mask)
        else:
            rows = self.rows
            rows = np.compress((p.status[rows] == self.status) & test(rows), rows)
            if extra is not None and len(extra):
                new = sorted_unique(np.concatenate([new, extra])) if len(new) else extra
            if len(new):
                rows = merge_sorted(rows, np.compress((p.status[new] == self.status) & test(new), new))
        self.rows = rows
        return rows


class MonthIndex:
    """Rows by an int32 month column that is written when a row is created and afterwards
    only set to GONE_BIRTH_MONTH (a person leaving): birth_month, other_exit_month.
    rows_between(first, last) is np.flatnonzero((column >= first) & (column <= last))
    (ascending) for last < GONE_BIRTH_MONTH, without a scan of all rows: the rows are
    indexed in blocks, each sorted by the month it had when indexed (a row's month is then
    either that or GONE_BIRTH_MONTH, which no range reaches; the live column is checked for
    the rows found); the rows added since the last block (a few months' entrants) are
    scanned, and become a block once there are more than TAIL_ROWS of them. Rows must be
    given their month when they are added, before the next query (Persons.add's callers do)."""

    TAIL_ROWS = 1 << 16

    def __init__(self, persons: "Persons", column: str):
        self.persons, self.column = persons, column
        self.blocks: list[tuple[np.ndarray, np.ndarray]] = []  # (months ascending, their rows)
        self.indexed = 0  # rows below this are in a block

    def rows_between(self, first: int, last: int) -> np.ndarray:
        if last >= GONE_BIRTH_MONTH:
            raise ValueError(f"MonthIndex.rows_between: last ({last}) must be below GONE_BIRTH_MONTH")
        p = self.persons
        column = getattr(p, self.column)
        if p.n - self.indexed > self.TAIL_ROWS or (not self.blocks and p.n):
            months = column[self.indexed:p.n]
            order = np.argsort(months)
            self.blocks.append((months[order], order + self.indexed))
            self.indexed = p.n
        parts = []
        info = np.iinfo(column.dtype)
        bounds = np.array([max(first, info.min), last + 1], dtype=column.dtype)  # (the column's dtype: searchsorted would convert the months otherwise)
        for months, rows in self.blocks:
            start, stop = np.searchsorted(months, bounds)
            if stop > start:
                parts.append(rows[start:stop])
        tail = column[self.indexed:p.n]
        hits = np.flatnonzero((tail >= first) & (tail <= last))
        if len(hits):
            parts.append(hits + self.indexed)
        if not parts:
            return np.zeros(0, dtype=np.int64)
        rows = np.sort(np.concatenate(parts)) if len(parts) > 1 else np.sort(parts[0])
        months = column[rows]
        return np.compress((months >= first) & (months <= last), rows)


class Persons:
    def __init__(self, capacity: int, first_month: int = 0, key_word: int = 0):
        """`first_month`: the month the initial population is created (entrants' ids count
        months from it); `key_word`: the run's seed word for draw keys (Streams.person_key_word)."""
        self.capacity = int(capacity)
        self.n = 0
        self.first_month = int(first_month)
        self.key_word = int(key_word)
        self._entered: set[tuple[str, int]] = set()
        # how often persons entered each status (set_status, or note_entry by the model's
        # hires and entrants): a row set found by rows_with_status stays valid, after
        # dropping those who left, while its status has had no entry (cache below)
        self.status_entries = np.zeros(N_STATUS, dtype=np.int64)
        self._rows_cache: dict[int, tuple] = {}
        # readers of the rows put in each status (EnteredRows): the first of each status is
        # rows_with_status's (the rows put in it since its row set was last found: a small
        # status's rows are then updated from its last row set without a scan, in any later
        # month); KeptRows add their own (entered_rows_reader)
        self._readers: list[list[EnteredRows]] = [[EnteredRows()] for _ in range(N_STATUS)]
        for name, dtype in COLUMNS.items():
            setattr(self, name, np.zeros(self.capacity, dtype=dtype))
        # rows by birth month and by month of other exit (written at creation only)
        self.birth_index = MonthIndex(self, "birth_month")
        self.other_exit_index = MonthIndex(self, "other_exit_month")
        self.status[:] = GONE
        self.birth_month[:] = GONE_BIRTH_MONTH
        self.other_exit_month[:] = GONE_BIRTH_MONTH
        for name in ("occupation", "employer", "work_market", "study_field", "campus", "programme"):
            getattr(self, name)[:] = -1

    def add(self, count: int, kind: str = INITIAL, month: int | None = None) -> np.ndarray:
        """Reserve `count` new rows for persons created as `kind` (INITIAL once, or COHORT /
        MIGRANT once per month `month`), give them their ids and draw keys; returns their
        row indices. Caller fills the other columns."""
        if self.n + count > self.capacity:
            self._grow(self.n + count)
        idx = np.arange(self.n, self.n + count)
        if kind == INITIAL:
            if self.n or count >= ENTRANT_BIT:
                raise ValueError("the initial population is created once, first, with fewer than 2**31 persons")
            uid = np.arange(count, dtype=np.int64)
        else:
            offset = int(month) - self.first_month
            if (kind, offset) in self._entered or not 0 <= offset < MAX_ENTRANT_MONTHS or count > MAX_ENTRANTS_PER_MONTH:
                raise ValueError(f"entrants ({kind}) are added once a month, within {MAX_ENTRANT_MONTHS} months of "
                                 f"the start, at most {MAX_ENTRANTS_PER_MONTH} a month (month offset {offset}, {count} persons)")
            self._entered.add((kind, offset))
            uid = (ENTRANT_BIT + ENTRANT_KIND[kind] * KIND_BIT + (offset << MONTH_SHIFT)) + np.arange(count, dtype=np.int64)
        self.uid[idx] = uid
        self.draw_key[idx] = object_keys(uid, self.key_word)
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
            elif name in ("birth_month", "other_exit_month"):
                new[self.capacity:] = GONE_BIRTH_MONTH
            elif name in ("occupation", "employer", "work_market", "study_field", "campus", "programme"):
                new[self.capacity:] = -1
            setattr(self, name, new)
        self.capacity = new_capacity

    def view(self, name: str) -> np.ndarray:
        """The live part (rows in use) of a column."""
        return getattr(self, name)[: self.n]

    def note_entry(self, status: int, idx: np.ndarray | None = None) -> None:
        """Persons `idx` are put in `status` (None: rows not given) by a direct write to the
        status column (the model's hires and entrants) or by set_status: rows_with_status
        must take them in (or, rows not given, look again)."""
        self.status_entries[status] += 1
        limit = self.n // ENTERED_ROWS_LIMIT_DIVISOR + 1024  # more kept: unknown, the reader scans
        for reader in self._readers[status]:
            reader.add(idx, limit)

    def forget_status_rows(self) -> None:
        """Drop every kept row set (after writes to the status column that bypass
        note_entry, as in building the initial state)."""
        self._rows_cache.clear()
        for readers in self._readers:
            for reader in readers:
                reader.forget()

    def entered_rows_reader(self, status: int) -> EnteredRows:
        """A new reader of the rows put in `status` from now on (EnteredRows; unknown until
        its first take)."""
        reader = EnteredRows()
        self._readers[status].append(reader)
        return reader

    def rows_with_status(self, status: int, stamp) -> np.ndarray:
        """Rows in `status` now, ascending (np.flatnonzero(status == s)). Within one
        `stamp` (the model passes its month record, new each month), the rows found by an
        earlier call are reused while nobody has entered the status since: only those who
        left it are dropped, so a month's later mechanisms do not scan all rows again.
        A small status (at most 1 / SMALL_STATUS_DIVISOR of the rows), in any month: its
        last row set, less those who left, plus the rows put in it since (note_entry),
        merged in order; the same rows as a scan, without one."""
        entries = int(self.status_entries[status])
        cached = self._rows_cache.get(status)
        new = self._readers[status][0].take()  # the rows put in it since the last call (None: not known)
        if cached is not None and cached[0] is stamp and cached[1] == entries and cached[2] == self.n:
            rows = cached[3]
            rows = np.compress(self.status[rows] == status, rows)
        elif cached is not None and new is not None and len(cached[3]) <= self.n // SMALL_STATUS_DIVISOR:
            rows = cached[3]
            rows = np.compress(self.status[rows] == status, rows)
            if len(new):
                rows = merge_sorted(rows, np.compress(self.status[new] == status, new))
        else:
            rows = np.flatnonzero(self.view("status") == status)
        self._rows_cache[status] = (stamp, entries, self.n, rows)
        return rows

    def set_status(self, idx: np.ndarray, status: int, month: int) -> None:
        self.note_entry(status, idx)
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
