"""The SLURM configuration file of `skillsim sweep --scheduler slurm --slurm-config FILE`.

A small TOML file naming what each worker job asks SLURM for; every key is optional and the
defaults fit the single-node SLURM of scripts/slurm_local.sh (two one-core jobs on
127.0.0.1). See docs/sweeps.md "On HPC under SLURM" and scenarios/sweeps/slurm.toml.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from skillsim.errors import UserError

WALLTIME = re.compile(r"^(\d+-)?\d+(:\d{2}){0,2}$")  # SLURM's MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM:SS


@dataclass(frozen=True)
class SlurmConfig:
    queue: str | None = None              # partition (#SBATCH -p); None: the cluster's default
    account: str | None = None            # #SBATCH -A
    jobs: int = 2                         # worker jobs kept in the queue (a job that ends is replaced)
    cores_per_job: int = 1                # cores per job; one Dask worker process (1 thread) per core
    memory_per_job: str = "2GB"           # #SBATCH --mem, split evenly over the job's workers
    walltime: str = "01:00:00"            # #SBATCH -t
    python: str = sys.executable          # the Python that starts the workers (on the compute nodes)
    host: str | None = "127.0.0.1"        # address the scheduler and workers listen on ...
    interface: str | None = None          # ... or a network interface (e.g. "ib0"); not both
    job_directives: tuple[str, ...] = ()  # extra "#SBATCH ..." lines, without "#SBATCH"
    job_script_prologue: tuple[str, ...] = ()  # shell lines run before the worker starts
    worker_extra_args: tuple[str, ...] = ()    # extra `dask worker` arguments, e.g. --lifetime 55m
    log_directory: str | None = None      # job stdout/stderr; None: <sweep out>/slurm-logs
    start_timeout_s: float = 600.0        # how long to wait for the first worker job to start
    source: str = field(default="defaults", compare=False)

    def describe(self) -> str:
        return (f"{self.jobs} job{'s' if self.jobs != 1 else ''} x {self.cores_per_job} "
                f"core{'s' if self.cores_per_job != 1 else ''}, partition {self.queue or '(default)'}, "
                f"{self.memory_per_job}, walltime {self.walltime}")


_STR = ("queue", "account", "memory_per_job", "walltime", "python", "host", "interface", "log_directory")
_INT = ("jobs", "cores_per_job")
_LIST = ("job_directives", "job_script_prologue", "worker_extra_args")
_NUM = ("start_timeout_s",)
KEYS = _STR + _INT + _LIST + _NUM


def load_slurm_config(path: str | Path | None) -> SlurmConfig:
    """Read and validate FILE (None: the defaults); bad input raises UserError (exit code 2)."""
    if path is None:
        return SlurmConfig()
    path = Path(path)
    if not path.is_file():
        raise UserError(f"--slurm-config {path}: file not found")
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not a UTF-8 text file; allowed: a TOML SLURM configuration") from None

    def bad(key: str, allowed: str) -> UserError:
        return UserError(f"{path}: key '{key}' = {doc[key]!r} is not allowed; allowed: {allowed}")

    values: dict = {}
    for key, value in doc.items():
        if key not in KEYS:
            raise UserError(f"{path}: unknown key '{key}'; allowed: {', '.join(KEYS)}")
        if key in _STR:
            if not isinstance(value, str) or not value.strip():
                raise bad(key, "a non-empty string")
        elif key in _INT:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise bad(key, "an integer >= 1")
        elif key in _LIST:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise bad(key, "a list of strings")
            value = tuple(value)
        elif key in _NUM:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise bad(key, "a number of seconds > 0")
            value = float(value)
        values[key] = value
    if "memory_per_job" in values:
        from dask.utils import parse_bytes

        try:
            if parse_bytes(values["memory_per_job"]) < 2**20:
                raise ValueError
        except ValueError:
            raise bad("memory_per_job", 'an amount with a unit, at least 1MiB, e.g. "4GB" or "3500MiB"') from None
    if "walltime" in values and not WALLTIME.match(values["walltime"]):
        raise bad("walltime", 'SLURM\'s time format, e.g. "30", "04:00:00" or "1-12:00:00"')
    if "interface" in values:
        if "host" in values:
            raise UserError(f"{path}: keys 'host' and 'interface' are both set; allowed: one of the two")
        values["host"] = None
    return SlurmConfig(**values, source=str(path))


def cluster_kwargs(config: SlurmConfig, log_directory: str | Path) -> dict:
    """Keyword arguments of dask_jobqueue.SLURMCluster for `config`."""
    worker_args = list(config.worker_extra_args)
    # No dashboard; the scheduler's small HTTP server on a free port, not 8787 (often taken).
    scheduler_options: dict = {"dashboard": False, "dashboard_address": f"{config.host or ''}:0"}
    if config.host is not None:
        scheduler_options["host"] = config.host
        worker_args += ["--host", config.host]
    return dict(
        queue=config.queue, account=config.account,
        cores=config.cores_per_job, processes=config.cores_per_job, memory=config.memory_per_job,
        walltime=config.walltime, python=config.python, interface=config.interface,
        job_extra_directives=list(config.job_directives), job_script_prologue=list(config.job_script_prologue),
        worker_extra_args=worker_args, log_directory=str(config.log_directory or log_directory),
        scheduler_options=scheduler_options, silence_logs="error",
    )
