"""How long does a comparison with a full uncertainty ensemble take? (issue 16: two
scenarios, a 100-member ensemble of posterior draws x demand paths x seeds, scale 0.1,
goal within 15 minutes on the 2-core machine.)

    .venv/bin/python benchmarks/ensemble_compare.py                        # 17 draws x 3 paths x 2 seeds = 102 members
    .venv/bin/python benchmarks/ensemble_compare.py --draws 2 --seeds 1    # 6 members: a smaller run
    .venv/bin/python benchmarks/ensemble_compare.py --posterior results/calibration/posterior.csv

Runs `skillsim.compare.compare` on scenarios/baseline.toml and scenarios/package.toml with
--ensemble posterior:D,demand:all,seeds:K and prints the wall time, the runs, the seconds
per run and the machine's load, then 'goal met' or 'goal NOT met'. With 100 members or more
(the default: 102) the figure is MEASURED; with fewer it is an EXTRAPOLATION (not a
measurement) to 100 members, wall time x 100 / members, which holds as long as the runs
dominate (they do: summarising a 200-run table takes seconds). The machine's load average
is printed beside it: the goal is for the idle 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from skillsim.compare import compare
from skillsim.paths import calibration_dir, scenario_dir

GOAL_S = 15 * 60
TARGET_MEMBERS = 100


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--draws", type=int, default=17, help="posterior draws (default 17)")
    ap.add_argument("--seeds", type=int, default=2, help="seeds per (draw, demand path) (default 2)")
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--posterior", default=str(calibration_dir() / "posterior.csv"))
    ap.add_argument("--out", default=None, help="keep the comparison here (default: a temporary folder)")
    args = ap.parse_args()
    spec = f"posterior:{args.draws},demand:all,seeds:{args.seeds}"
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp) / "cmp"
        t0 = time.perf_counter()
        compare([scenario_dir() / "baseline.toml", scenario_dir() / "package.toml"], out, seeds=2,
                scale=args.scale, workers=args.workers, progress=False, ensemble=spec, posterior=args.posterior)
        wall = time.perf_counter() - t0
    members = args.draws * 3 * args.seeds
    runs = 2 * members
    load1 = os.getloadavg()[0]
    print(f"ensemble compare: 2 scenarios x {members} members ({spec}) = {runs} runs at scale {args.scale:g}, "
          f"{args.workers} workers: {wall:.0f} s wall ({wall / runs:.2f} s wall per run); "
          f"load average {load0:.1f} at start, {load1:.1f} at end")
    if members < TARGET_MEMBERS:
        ext = wall * TARGET_MEMBERS / members
        verdict = "goal met" if ext <= GOAL_S else "goal NOT met"
        print(f"EXTRAPOLATION (not measured): {TARGET_MEMBERS} members would take about {ext:.0f} s "
              f"({ext / 60:.1f} min; goal {GOAL_S / 60:.0f} min): {verdict} (extrapolated)")
    else:
        verdict = "goal met" if wall <= GOAL_S else "goal NOT met"
        print(f"MEASURED: {members} members took {wall:.0f} s ({wall / 60:.1f} min; goal {GOAL_S / 60:.0f} min): "
              f"{verdict}" + (f" (on a loaded machine: load average {max(load0, load1):.1f})" if max(load0, load1) > 2.5 else ""))

if __name__ == "__main__":
    main()
