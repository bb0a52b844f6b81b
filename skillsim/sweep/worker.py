"""Worker side: `execute_task(task)` runs one task in a run process it can kill.

Each worker thread (a thread of the local pool, or a Dask worker thread) owns one run
process (`skillsim.sweep.child`), started on first use and reused for the next runs so the
model is imported once per worker. A run past its timeout is stopped by killing that
process (SIGKILL: it really stops) and recorded as "timeout"; a run process that dies
(out of memory, killed) is restarted and the run retried up to `task.retries` times, then
recorded as "crashed". A run that raises is recorded as "error". execute_task itself does
not raise for any of these: the sweep goes on.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import threading
import time

from skillsim.sweep.child import read_message, write_message

STARTUP_TIMEOUT_S = 300.0
_local = threading.local()
_helpers: set["RunProcess"] = set()
_lock = threading.Lock()
_stopping = threading.Event()


class RunProcessDied(Exception):
    pass


class RunTimeout(Exception):
    pass


def _child_env() -> dict:
    env = dict(os.environ)
    paths = [p for p in sys.path if p and os.path.isdir(p)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


class RunProcess:
    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "skillsim.sweep.serve"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, bufsize=0, env=_child_env())
        with _lock:
            _helpers.add(self)
        reply = self._wait_reply(STARTUP_TIMEOUT_S)
        if reply.get("status") != "ready":
            self.kill()
            raise RunProcessDied(f"run process did not start: {reply!r}")

    def _wait_reply(self, timeout_s: float) -> dict:
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RunTimeout()
            ready, _, _ = select.select([fd], [], [], min(left, 1.0))
            if ready:
                msg = read_message(fd)
                if msg is None:
                    raise RunProcessDied(f"run process {self.proc.pid} died (exit code {self.proc.poll()})")
                return msg
            if _stopping.is_set():
                raise RunProcessDied("sweep stopping")

    busy = False

    def call(self, task) -> dict:
        self.busy = True
        try:
            try:
                write_message(self.proc.stdin.fileno(), task)
            except OSError as exc:
                raise RunProcessDied(f"run process {self.proc.pid} is gone ({exc})") from None
            return self._wait_reply(task.timeout_s)
        finally:
            self.busy = False

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        with _lock:
            _helpers.discard(self)

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


def _run_process() -> RunProcess:
    rp = getattr(_local, "rp", None)
    if rp is None or rp.proc.poll() is not None:
        rp = _local.rp = RunProcess()
    return rp


def execute_task(task) -> dict:
    """Run one task; return {"run_key", "status": ok|error|timeout|crashed|cancelled, ...}.
    "ok" carries the kept rows as Parquet bytes ("parquet"); the others carry "error"."""
    attempts = 0
    start = time.perf_counter()
    while True:
        attempts += 1
        if _stopping.is_set():
            return {"run_key": task.run_key, "status": "cancelled", "error": "sweep stopped"}
        try:
            reply = _run_process().call(task)
            reply.update(run_key=task.run_key, attempts=attempts, host=os.uname().nodename)
            return reply
        except RunTimeout:
            rp = getattr(_local, "rp", None)
            if rp is not None:
                rp.kill()
                _local.rp = None
            return {"run_key": task.run_key, "status": "timeout", "attempts": attempts,
                    "error": f"stopped after {task.timeout_s:g} s (timeout_s); run process killed",
                    "wall_s": time.perf_counter() - start}
        except RunProcessDied as exc:
            rp = getattr(_local, "rp", None)
            if rp is not None:
                rp.kill()
                _local.rp = None
            if _stopping.is_set():
                return {"run_key": task.run_key, "status": "cancelled", "error": "sweep stopped"}
            if attempts > task.retries:
                return {"run_key": task.run_key, "status": "crashed", "attempts": attempts,
                        "error": f"{exc}; gave up after {attempts} attempts"}


def stop_all() -> None:
    """Kill every run process of this process (Ctrl-C): running tasks end as 'cancelled'."""
    _stopping.set()
    with _lock:
        helpers = list(_helpers)
    for rp in helpers:
        rp.kill()


def close_all() -> int:
    """Let every idle run process of this process exit (busy ones, e.g. serving another
    sweep on a shared Dask worker, are left alone). Returns how many were closed."""
    with _lock:
        helpers = [rp for rp in _helpers if not rp.busy]
    for rp in helpers:
        rp.close()
    return len(helpers)


def reset() -> None:
    _stopping.clear()
