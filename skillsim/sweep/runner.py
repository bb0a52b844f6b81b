"""The sweep driver: skip finished runs, submit the rest, write each result as it arrives.

The driver keeps no tables: each finished run's rows go straight to
DIR/runs/<run_key>.parquet (atomically) and are dropped; the combined tables are built at
the end by streaming those files (combine.py). At most `4 x workers` tasks are in flight.
"""

from __future__ import annotations

import queue
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


from skillsim import progress as PG, runs
from skillsim.sweep import keys, store, worker
from skillsim.sweep.backends import make_backend
from skillsim.sweep.combine import combine
from skillsim.sweep.spec import SweepSpec
from skillsim.sweep.tasks import Task, build_tasks

FAILED = ("error", "timeout", "crashed", "infrastructure")


@dataclass
class Summary:
    total: int
    done: int = 0          # computed in this invocation
    failed: int = 0
    skipped: int = 0       # already done before this invocation
    cancelled: int = 0
    wall_s: float = 0.0
    backend: str = ""
    failures: list[dict] = field(default_factory=list)

    def line(self, name: str) -> str:
        text = (f"sweep {name}: {self.total} runs: {self.done} done, {self.failed} failed, "
                f"{self.skipped} skipped as already done")
        if self.cancelled:
            text += f", {self.cancelled} not finished (interrupted)"
        return text + f" ({self.wall_s:.1f} s, {self.backend})"


def run_sweep(spec: SweepSpec, out: str | Path, workers: int | None = None, scheduler: str | None = None,
              run_fn: Callable | str | None = None, progress: bool = True,
              on_result: Callable[[Task, dict], None] | None = None, backend=None, slurm_config=None) -> Summary:
    """Run every unfinished run of `spec`, writing results under `out`.

    run_fn: the function a run process calls as run_fn(scenario, seed=, scale=) -> tidy
    table (default: skillsim.runs.run_scenario); tests inject failing or hanging ones.
    scheduler: None (a local pool of `workers`), "slurm" (worker jobs as `slurm_config`, a
    slurm_config.SlurmConfig, says; default its defaults) or a Dask scheduler's address.
    on_result(task, reply) is called in the driver after each run is recorded."""
    out = Path(out)
    start = time.perf_counter()
    tasks = build_tasks(spec, run_fn)
    own_backend = backend is None
    if own_backend:  # before anything is written: an unreachable scheduler leaves no folder behind
        backend = make_backend(workers, scheduler, slurm_config=slurm_config, log_directory=out / "slurm-logs")
    try:
        (out / "runs").mkdir(parents=True, exist_ok=True)
        (out / "failures").mkdir(parents=True, exist_ok=True)
    except BaseException:
        if own_backend:
            backend.close()
        raise
    store.remove_stale_temporaries(out)
    store.atomic_write_json(out / "sweep.json", {
        **spec.as_dict(), "n_runs": len(tasks), "code_version": keys.code_version(),
        "git_commit": runs.git_commit(), "data_snapshot": keys.data_snapshot_id(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    })
    pending = [t for t in tasks if not store.is_done(out, t.run_key, warn=True)]
    summary = Summary(total=len(tasks), skipped=len(tasks) - len(pending))

    worker.reset()
    summary.backend = backend.description
    interrupted = finished = False
    bar = PG.bar(len(tasks), f"sweep {spec.name}", "run", progress, sys.stderr)
    if summary.skipped:
        bar.update(summary.skipped)
    try:
        _drive(backend, pending, out, summary, bar, on_result, max_in_flight=max(2, 4 * backend.workers))
        finished = True
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        bar.close()
        if own_backend:
            backend.close(cancel=interrupted)
        summary.wall_s = time.perf_counter() - start
    if finished:
        combine(out, tasks, spec.varied)
        summary.wall_s = time.perf_counter() - start
    return summary


def _drive(backend, pending: list[Task], out: Path, summary: Summary, bar, on_result, max_in_flight: int) -> None:
    done_q: queue.Queue = queue.Queue()
    in_flight: dict = {}
    attempts: dict[str, int] = {}
    todo = list(reversed(pending))  # pop() from the end = sweep order

    def submit(task: Task) -> None:
        fut = backend.submit(worker.execute_task, task)
        in_flight[fut] = task
        fut.add_done_callback(done_q.put)

    while todo or in_flight:
        while todo and len(in_flight) < max_in_flight:
            submit(todo.pop())
        try:
            fut = done_q.get(timeout=0.5)
        except queue.Empty:
            continue
        task = in_flight.pop(fut, None)
        if task is None:
            continue
        try:
            reply = fut.result()
        except Exception as exc:  # the task itself never raises: this is the infrastructure
            attempts[task.run_key] = attempts.get(task.run_key, 0) + 1
            if backend.is_lost_worker(exc) and attempts[task.run_key] <= task.retries:
                submit(task)
                continue
            reply = {"run_key": task.run_key, "status": "infrastructure",
                     "error": f"{type(exc).__name__}: {exc}".strip() + f" (after {attempts[task.run_key]} attempts)"}
        _record(out, task, reply, summary)
        bar.update(1)
        if summary.failed:
            bar.set_postfix(failed=summary.failed, refresh=False)
        if on_result is not None:
            on_result(task, reply)


def _record(out: Path, task: Task, reply: dict, summary: Summary) -> None:
    status = reply.get("status")
    if status == "ok":
        store.write_run(out, task.run_key, reply["parquet"])
        store.failure_path(out, task.run_key).unlink(missing_ok=True)
        summary.done += 1
        return
    if status == "cancelled":
        summary.cancelled += 1
        return
    record = {
        "run_key": task.run_key, "status": status if status in FAILED else "error",
        "scenario": task.base_scenario.name, "scenario_file": task.scenario_file, "parameters": task.point,
        "replicate": task.replicate, "seed": task.seed, "scale": task.scale,
        "error": reply.get("error", f"unexpected reply {status!r}"), "traceback": reply.get("traceback", ""),
        "attempts": reply.get("attempts"), "host": reply.get("host"),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    store.atomic_write_json(store.failure_path(out, task.run_key), record)
    summary.failed += 1
    summary.failures.append(record)
