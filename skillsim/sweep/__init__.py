"""Sweeps: many runs of skillsim (scenarios x parameters x seeds), locally or on a Dask
cluster, each result written to disk as soon as it finishes. See docs/sweeps.md.

    spec.py      sweep files: load and validate; the design (grid, LHS, Sobol)
    keys.py      run keys (what a stored result depends on) and derived seeds
    tasks.py     the sweep as a list of tasks
    child.py     the run process that runs the model (killable on timeout); serve.py starts it
    worker.py    execute_task: one task in a run process, with timeout and retries
    backends.py  local pool, Dask cluster or SLURM jobs (dask-jobqueue), one interface
    slurm_config.py  the --slurm-config file of --scheduler slurm
    store.py     the output directory layout, atomic writes
    runner.py    the driver: skip finished runs, submit, record, summarise
    combine.py   per-run files -> results.parquet, runs.parquet
    report.py    plots and an index from a sweep directory
"""

from skillsim.sweep.runner import Summary, run_sweep
from skillsim.sweep.spec import SweepSpec, load_sweep

__all__ = ["Summary", "SweepSpec", "load_sweep", "run_sweep"]
