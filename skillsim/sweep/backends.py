"""Where tasks run: a local pool, or an existing dask.distributed cluster.

Both expose the same small interface, so the sweep driver has one code path:
  submit(fn, task) -> a future with add_done_callback / result()
  is_lost_worker(exc) -> True if the exception means infrastructure failed (retry)
  close(cancel)
The task function (`worker.execute_task`) is the same in both: it runs the model in a run
process of its own, so a hanging run can be killed wherever it runs.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

from skillsim.errors import UserError
from skillsim.sweep import worker


class LocalBackend:
    """N worker threads on this machine, each driving one run process (N cores busy)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="skillsim-sweep")
        self.description = f"local pool, {self.workers} worker{'s' if self.workers != 1 else ''}"

    def submit(self, fn, task):
        return self.pool.submit(fn, task)

    def is_lost_worker(self, exc: BaseException) -> bool:
        return False  # run-process deaths are retried inside execute_task

    def close(self, cancel: bool = False) -> None:
        if cancel:
            worker.stop_all()
        self.pool.shutdown(wait=True, cancel_futures=cancel)
        worker.close_all()


class DaskBackend:
    """An existing dask.distributed cluster, reached through its scheduler address."""

    def __init__(self, address: str, wait_workers: int | None = None, connect_timeout_s: float = 30.0) -> None:
        from distributed import Client

        try:
            self.client = Client(address, timeout=f"{connect_timeout_s}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise UserError(f"--scheduler {address}: cannot connect to a Dask scheduler there ({exc}); "
                            f"allowed: the address of a running scheduler, e.g. tcp://127.0.0.1:8786") from None
        if wait_workers:
            try:
                self.client.wait_for_workers(wait_workers, timeout=3600)
            except TimeoutError:
                self.client.close()
                raise UserError(f"--workers {wait_workers}: fewer workers joined {address} within an hour") from None
        nthreads = self.client.nthreads()
        self.workers = max(1, sum(nthreads.values()))
        self.description = f"Dask cluster {address}, {len(nthreads)} workers, {self.workers} threads"

    def submit(self, fn, task):
        return self.client.submit(fn, task, pure=False)

    def is_lost_worker(self, exc: BaseException) -> bool:
        from distributed.comm.core import CommClosedError
        from distributed.scheduler import KilledWorker

        return isinstance(exc, (KilledWorker, CommClosedError, OSError))

    def close(self, cancel: bool = False) -> None:
        try:
            if not cancel:
                self.client.run(worker.close_all)  # let the idle run processes on the workers exit
        except Exception:  # a worker going away while closing is not an error of the sweep
            pass
        self.client.close()


def make_backend(workers: int | None = None, scheduler: str | None = None):
    if workers is not None and workers < 1:
        raise UserError(f"--workers {workers} is not allowed; allowed: an integer >= 1")
    if scheduler:
        return DaskBackend(scheduler, wait_workers=workers)
    return LocalBackend(workers)
