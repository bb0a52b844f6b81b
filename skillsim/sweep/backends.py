"""Where tasks run: a local pool, an existing dask.distributed cluster, or a Dask cluster
whose workers are SLURM jobs (dask-jobqueue's SLURMCluster; the SLURM backend is the Dask
backend plus the cluster it starts).

All expose the same small interface, so the sweep driver has one code path:
  submit(fn, task) -> a future with add_done_callback / result()
  is_lost_worker(exc) -> True if the exception means infrastructure failed (retry)
  close(cancel)
The task function (`worker.execute_task`) is the same in both: it runs the model in a run
process of its own, so a hanging run can be killed wherever it runs.
"""

from __future__ import annotations

import getpass
import logging
import os
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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

    def __init__(self, address: str, wait_workers: int | None = None, connect_timeout_s: float = 30.0,
                 wait_timeout_s: float = 3600.0) -> None:
        from distributed import Client

        try:
            self.client = Client(address, timeout=f"{connect_timeout_s}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise UserError(f"--scheduler {address}: cannot connect to a Dask scheduler there ({exc}); "
                            f"allowed: the address of a running scheduler, e.g. tcp://127.0.0.1:8786") from None
        if wait_workers:
            try:
                self.client.wait_for_workers(wait_workers, timeout=wait_timeout_s)
            except TimeoutError:
                self.client.close()
                raise UserError(f"--workers {wait_workers}: fewer workers joined {address} "
                                f"within {wait_timeout_s:g} s") from None
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


class SlurmBackend(DaskBackend):
    """A dask-jobqueue SLURMCluster started here: the Dask scheduler runs in this process, the
    workers are SLURM jobs (`config.jobs` jobs of `config.cores_per_job` one-thread workers).
    Tasks go through DaskBackend (same Client, same lost-worker handling). A job that ends
    early (scancel, walltime, node failure) is noticed through squeue and replaced by a new
    job, so the number of jobs asked for stays `config.jobs`; Dask moves the lost worker's
    tasks to the other workers meanwhile."""

    JOB_CHECK_INTERVAL_S = 5.0

    def __init__(self, config, log_directory: str | Path, wait_workers: int | None = None) -> None:
        from skillsim.sweep.slurm_config import cluster_kwargs

        for command in ("sbatch", "squeue", "scancel"):
            if shutil.which(command) is None:
                raise UserError(f"--scheduler slurm: '{command}' not found on PATH; allowed: a machine with the "
                                f"SLURM client commands (a login node, or this one after scripts/slurm_local.sh start "
                                f"and export SLURM_CONF=...)")
        from dask_jobqueue import SLURMCluster

        self.config = config
        self.jobs = config.jobs
        # The Dask scheduler runs in this process: its INFO lines (worker joined, ...) would
        # reach stderr through the root logger; keep warnings (a lost worker) and errors.
        self._logger = logging.getLogger("distributed")
        self._old_level = self._logger.level
        self._logger.setLevel(logging.WARNING)
        self.cluster = SLURMCluster(**cluster_kwargs(config, log_directory))
        try:
            self._test_job_script()
            self.cluster.scale(jobs=self.jobs)
            DaskBackend.__init__(self, self.cluster.scheduler_address, wait_workers=wait_workers or 1,
                                 wait_timeout_s=config.start_timeout_s)
        except BaseException:
            self.cluster.close()
            self._logger.setLevel(self._old_level)
            raise
        self.workers = self.jobs * config.cores_per_job
        self.description = f"SLURM cluster via dask-jobqueue, {config.describe()}"
        self.replaced_jobs: list[str] = []  # SLURM job ids that ended early and were replaced
        self._stop = threading.Event()
        self._keeper = threading.Thread(target=self._keep_jobs, name="skillsim-slurm-jobs", daemon=True)
        self._keeper.start()

    def _test_job_script(self) -> None:
        """sbatch --test-only on the worker job script: a partition, account, memory or
        walltime the cluster refuses is one line now, not a sweep that waits forever."""
        proc = subprocess.run(["sbatch", "--test-only"], input=self.cluster.job_script(), text=True,
                              capture_output=True, timeout=60)
        if proc.returncode != 0:
            message = " ".join((proc.stderr or proc.stdout).split()) or f"exit code {proc.returncode}"
            raise UserError(f"--slurm-config {self.config.source}: sbatch refuses the worker job ({message}); "
                            f"allowed: a partition, account, memory_per_job, cores_per_job and walltime this "
                            f"SLURM accepts (see sinfo)")

    def job_ids(self) -> dict[str, str]:
        """Dask cluster worker name -> SLURM job id, for the jobs submitted and not yet replaced."""
        return {name: job.job_id for name, job in list(self.cluster.workers.items()) if getattr(job, "job_id", None)}

    def _queued_job_ids(self) -> set[str] | None:
        try:
            proc = subprocess.run(["squeue", "-h", "-o", "%i", "-u", getpass.getuser()], text=True,
                                  capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return set(proc.stdout.split()) if proc.returncode == 0 else None  # None: squeue failed, try later

    def _keep_jobs(self) -> None:
        while not self._stop.wait(self.JOB_CHECK_INTERVAL_S):
            submitted = self.job_ids()  # before squeue: a job submitted after it is not judged
            queued = self._queued_job_ids()
            if queued is None:
                continue
            ended = {name: job_id for name, job_id in submitted.items() if job_id not in queued}
            if ended and not self._stop.is_set():
                self.replaced_jobs += list(ended.values())
                self.cluster.sync(self._forget_jobs, list(ended))
                self.cluster.scale(jobs=self.jobs)  # submits new jobs under new names

    async def _forget_jobs(self, names: list[str]) -> None:  # runs on the cluster's event loop
        for name in names:
            job = self.cluster.workers.pop(name, None)
            self.cluster.worker_spec.pop(name, None)
            if job is not None:
                await job.close()  # scancel; harmless for a job that has ended, and no job is left behind

    def close(self, cancel: bool = False) -> None:
        self._stop.set()
        self._keeper.join(timeout=2 * self.JOB_CHECK_INTERVAL_S)
        DaskBackend.close(self, cancel)
        self.cluster.close()  # scancel of every worker job
        self._logger.setLevel(self._old_level)


def make_backend(workers: int | None = None, scheduler: str | None = None, slurm_config=None,
                 log_directory: str | Path | None = None):
    """scheduler: None (a local pool), "slurm" (a SLURMCluster with `slurm_config`, a
    SlurmConfig; its job logs under `log_directory`) or a Dask scheduler's address."""
    if workers is not None and workers < 1:
        raise UserError(f"--workers {workers} is not allowed; allowed: an integer >= 1")
    if scheduler == "slurm":
        from skillsim.sweep.slurm_config import SlurmConfig

        return SlurmBackend(slurm_config or SlurmConfig(), log_directory or "slurm-logs", wait_workers=workers)
    if scheduler:
        return DaskBackend(scheduler, wait_workers=workers)
    return LocalBackend(workers)
