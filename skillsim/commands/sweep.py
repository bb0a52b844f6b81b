"""`skillsim sweep SWEEP.toml [--workers N] [--scheduler tcp://HOST:PORT | --scheduler slurm
[--slurm-config FILE]] [--out DIR]`."""

from __future__ import annotations

from pathlib import Path

from skillsim.errors import UserError
from skillsim.limits import MAX_WORKERS


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
    p.add_argument("--overwrite", action="store_true",
                   help="start afresh in a folder holding other results (its contents are removed); a folder of "
                        "the same sweep (same name) is resumed without it")
    p.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    p.set_defaults(func=handle)


def handle(args) -> int:
    from skillsim import outputs
    from skillsim.sweep import load_sweep, run_sweep
    from skillsim.sweep.backends import make_backend

    if args.workers is not None and not (1 <= args.workers <= MAX_WORKERS):
        raise UserError(f"--workers {args.workers} is not allowed; allowed: an integer in [1, {MAX_WORKERS}]")
    if args.scheduler is not None and args.scheduler != "slurm" and (
            "://" not in args.scheduler or len(args.scheduler) > 1000 or not args.scheduler.isprintable()):
        raise UserError(f"--scheduler {args.scheduler[:80]!r} is not allowed; allowed: an address like "
                        f"tcp://HOST:PORT, or slurm")
    if args.slurm_config is not None and args.scheduler != "slurm":
        raise UserError("--slurm-config is only allowed with --scheduler slurm")
    if args.out is not None:
        outputs.check_out(args.out)
    spec = load_sweep(args.sweep)
    slurm_config = None
    if args.scheduler == "slurm":
        from skillsim.sweep.slurm_config import load_slurm_config

        slurm_config = load_slurm_config(args.slurm_config)
    out = outputs.check_out(args.out, Path("results") / "sweeps" / spec.name)
    identity = {"command": "sweep", "sweep": spec.name}
    if out.is_dir():  # refused before anything is touched; checked again under the lock
        outputs.check_owner_of(out, identity, args.overwrite, _legacy_owner(out))
    with outputs.claim(out, identity, check_owner=False) as claim:
        claim.check_owner(args.overwrite, previous=_legacy_owner(out))
        # an unreachable scheduler is refused here: the claim then removes the folder it made
        backend = make_backend(args.workers, args.scheduler, slurm_config=slurm_config,
                               log_directory=out / "slurm-logs")
        cancel = True  # on an interrupt or error: stop the run processes, do not wait for them
        try:
            if args.overwrite and claim.previous != identity:
                claim.clear()
            summary = run_sweep(spec, out, progress=not args.no_progress, backend=backend)
            claim.mark()
            cancel = False
        finally:
            backend.close(cancel=cancel)
    print(summary.line(spec.name))
    for f in summary.failures[:10]:
        print(f"  failed {f['run_key']} ({f['status']}): {f['scenario']} {f['parameters']} replicate {f['replicate']}: {f['error']}")
    if len(summary.failures) > 10:
        print(f"  ... and {len(summary.failures) - 10} more in {out}/failures/")
    print(f"wrote {out}/results.parquet and {out}/runs.parquet")
    return 1 if summary.failed else 0


def _legacy_owner(out: Path) -> dict | None:
    """What wrote a sweep folder from before output marks: its sweep.json's name."""
    import json

    try:
        name = json.loads((out / "sweep.json").read_text()).get("name")
    except (OSError, ValueError, AttributeError):
        return None
    return {"command": "sweep", "sweep": name} if isinstance(name, str) else None
