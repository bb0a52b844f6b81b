"""Progress bars that suit where they are written.

In a terminal: a tqdm bar on stderr. In a log file or pipe (stderr is not a terminal) a
bar redraws with carriage returns, which a log keeps as one long line of updates; there
we write a plain line at the start, at each quarter and at the end instead.
"""

from __future__ import annotations

import sys
import time

from tqdm import tqdm

LOG_STEPS = 4  # lines per bar in a log: 25%, 50%, 75%, 100%


class LogProgress:
    """The part of tqdm's interface the commands use (update, set_description, total, n,
    refresh, close, context manager), writing a few complete lines."""

    def __init__(self, total: int, desc: str, unit: str, file=None):
        self.total, self.desc, self.unit, self.n = total, desc, unit, 0
        self.file = file or sys.stderr
        self._t0 = time.monotonic()
        self._next = 1
        self._write()

    def _write(self) -> None:
        self.file.write(f"{self.desc}: {self.n}/{self.total} {self.unit}s ({time.monotonic() - self._t0:.0f} s)\n")
        self.file.flush()

    def update(self, k: int = 1) -> None:
        self.n += k
        crossed = False
        while self.total and self._next <= LOG_STEPS and self.n >= self._next * self.total / LOG_STEPS:
            self._next += 1
            crossed = True
        if crossed:  # one line however many quarters this update crossed
            self._write()

    def set_description(self, desc: str) -> None:
        if desc != self.desc:
            self.desc = desc
            self._write()

    def refresh(self) -> None:
        pass

    def set_postfix(self, refresh: bool = True, **values) -> None:
        """Shown on the next line written (tqdm's postfix)."""
        self.desc = self.desc.split(" [", 1)[0] + " [" + ", ".join(f"{k} {v}" for k, v in values.items()) + "]"

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Off(LogProgress):
    def __init__(self, total: int, desc: str, unit: str):
        self.total, self.desc, self.unit, self.n = total, desc, unit, 0

    def _write(self) -> None:
        pass

    def update(self, k: int = 1) -> None:
        self.n += k


def bar(total: int, desc: str, unit: str, enabled: bool = True, file=None):
    """A tqdm bar in a terminal, a few plain lines in a log, nothing when disabled."""
    file = file or sys.stderr
    if not enabled:
        return _Off(total, desc, unit)
    if getattr(file, "isatty", lambda: False)():
        return tqdm(total=total, desc=desc, unit=unit, file=file, dynamic_ncols=True)
    return LogProgress(total, desc, unit, file)
