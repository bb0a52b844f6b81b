"""`skillsim sweep SWEEP.toml [--workers N] [--scheduler tcp://HOST:PORT | --scheduler slurm
[--slurm-config FILE]] [--out DIR]`."""

from __future__ import annotations

from pathlib import Path

from skillsim.errors import UserError


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "sweep", help="run many runs (scenarios x parameters x seeds) locally or on a Dask cluster",
        description="Run a sweep file. Finished runs are kept under --out and not recomputed when the "
                    "sweep is started again; see docs/sweeps.md.")
    p.add_argument("sweep", help="sweep TOML file, e.g. scenarios/sweeps/example.toml")
    p.add_argument("--workers", type=int, default=None,
                   help="local: number of runs at a time (default: all cores); with --scheduler: wait until "
                        "this many Dask workers have joined before starting")
    p.add_argument("--scheduler", default=None,
                   help="address of a running dask.distributed scheduler, e.g. tcp://127.0.0.1:8786, or 'slurm': "
                        "start Dask workers as SLURM jobs (dask-jobqueue) from here (default: a local pool on "
                        "this machine)")
    p.add_argument("--slurm-config", default=None, metavar="FILE",
                   help="with --scheduler slurm: TOML file with queue, jobs, cores_per_job, memory_per_job, "
                        "walltime, ... (default: two one-core jobs, see scenarios/sweeps/slurm.toml)")
    p.add_argument("--out", default=None, help="output directory (default results/sweeps/<sweep name>)")
    p.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    p.set_defaults(func=handle)


def handle(args) -> int:
    from skillsim.sweep import load_sweep, run_sweep

    spec = load_sweep(args.sweep)
    if args.workers is not None and args.workers < 1:
        raise UserError(f"--workers {args.workers} is not allowed; allowed: an integer >= 1")
    if args.scheduler and args.scheduler != "slurm" and "://" not in args.scheduler:
        raise UserError(f"--scheduler {args.scheduler} is not allowed; allowed: an address like tcp://HOST:PORT, or slurm")
    if args.slurm_config is not None and args.scheduler != "slurm":
        raise UserError("--slurm-config is only allowed with --scheduler slurm")
    slurm_config = None
    if args.scheduler == "slurm":
        from skillsim.sweep.slurm_config import load_slurm_config

        slurm_config = load_slurm_config(args.slurm_config)
    out = Path(args.out) if args.out else Path("results") / "sweeps" / spec.name
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} exists and is not a directory")
    summary = run_sweep(spec, out, workers=args.workers, scheduler=args.scheduler, progress=not args.no_progress,
                        slurm_config=slurm_config)
    print(summary.line(spec.name))
    for f in summary.failures[:10]:
        print(f"  failed {f['run_key']} ({f['status']}): {f['scenario']} {f['parameters']} replicate {f['replicate']}: {f['error']}")
    if len(summary.failures) > 10:
        print(f"  ... and {len(summary.failures) - 10} more in {out}/failures/")
    print(f"wrote {out}/results.parquet and {out}/runs.parquet")
    return 1 if summary.failed else 0
