"""How fast do sweeps go, and what does the sweep machinery cost?

    .venv/bin/python benchmarks/sweep_benchmark.py                       # 1000 runs at scale 0.1 (hours)
    .venv/bin/python benchmarks/sweep_benchmark.py --runs 20 --scale 0.01

N runs of the baseline 2018-2030 (a Latin hypercube over technical demand growth, one
seed each) are done three ways:
  1. a plain loop in this process: run_scenario(...) for each run, nothing else;
  2. `run_sweep` with 1 worker: the same runs through the sweep machinery (run process,
     pickling, Parquet per run, atomic writes, combined tables at the end);
  3. `run_sweep` with --workers workers (default: all cores).
Printed: wall time and runs per minute of each; overhead = (2 - 1) / 1, the extra time the
sweep machinery takes for the same work on one core (goal: below 5%), and the same
without the one-off start of the run process (about 1-2 s: importing the model), which
matters only for short sweeps. The machine's load average is printed too: other users'
processes slow every figure.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from skillsim.paths import scenario_dir  # noqa: E402
from skillsim.runs import run_scenario  # noqa: E402
from skillsim.sweep import load_sweep, run_sweep  # noqa: E402
from skillsim.sweep.tasks import build_tasks  # noqa: E402
from skillsim.sweep.worker import RunProcess  # noqa: E402


def sweep_file(folder: Path, runs: int, scale: float, end_year: int, name: str = "benchmark", extra: str = "") -> Path:
    """A sweep of `runs` baseline runs (an LHS over technical demand growth); `extra`
    is appended after the [overrides] table (more overrides, or further tables)."""
    path = folder / f"{name}.toml"
    path.write_text(f"""name = "{name}"
scenarios = ["{scenario_dir() / 'baseline.toml'}"]
seed = 1
seeds = 1
scale = {scale}
[design]
method = "lhs"
samples = {runs}
[parameters]
"demand.technical_demand_growth_per_year" = {{ low = 0.0, high = 0.03 }}
[overrides]
"run.end_year" = {end_year}
{extra}""")
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1000, help="number of runs (default 1000)")
    ap.add_argument("--scale", type=float, default=0.1, help="share of persons simulated (default 0.1)")
    ap.add_argument("--end-year", type=int, default=2030, help="last simulated year (default 2030)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="workers for the parallel sweep (default: all cores)")
    args = ap.parse_args(argv)
    if args.runs < 1 or args.workers < 1:
        ap.error("--runs and --workers must be >= 1")

    with tempfile.TemporaryDirectory(prefix="skillsim-bench-") as tmp:
        tmp = Path(tmp)
        spec = load_sweep(sweep_file(tmp, args.runs, args.scale, args.end_year))
        tasks = build_tasks(spec)
        print(f"{args.runs} runs of baseline 2018-{args.end_year} at scale {args.scale:g}; "
              f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.2f}")

        t0 = time.perf_counter()
        for task in tasks:
            run_scenario(task.scenario, seed=task.seed, scale=task.scale)
        loop = time.perf_counter() - t0
        print(f"plain loop, 1 core:        {loop:8.1f} s  {60 * args.runs / loop:8.1f} runs/min  "
              f"({loop / args.runs:.2f} s a run)")

        t0 = time.perf_counter()
        rp = RunProcess()
        startup = time.perf_counter() - t0
        rp.close()

        s1 = run_sweep(spec, tmp / "one", workers=1, progress=False)
        one = s1.wall_s
        assert s1.done == args.runs, s1.line(spec.name)
        print(f"sweep, 1 worker:           {one:8.1f} s  {60 * args.runs / one:8.1f} runs/min")
        sn = run_sweep(spec, tmp / "many", workers=args.workers, progress=False)
        assert sn.done == args.runs, sn.line(spec.name)
        print(f"sweep, {args.workers} workers:         {sn.wall_s:8.1f} s  {60 * args.runs / sn.wall_s:8.1f} runs/min  "
              f"(speed-up {one / sn.wall_s:.2f}x over 1 worker)")
        overhead = (one - loop) / loop
        steady = (one - startup - loop) / loop
        print(f"sweep machinery overhead vs plain loop (1 core): {100 * overhead:+.1f}% "
              f"({one - loop:+.1f} s); without the one-off run-process start ({startup:.1f} s): {100 * steady:+.1f}%"
              f"  [goal < 5%]")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
