"""Scenario discovery with EMA Workbench: under which conditions does the 2030 technical
shortfall stay below a threshold?

    .venv/bin/python examples/ema_prim.py                      # 12 scenarios x 3 policies at scale 0.01
    .venv/bin/python examples/ema_prim.py --scenarios 40 --policies 4 --processes 2 --threshold 3000

1. Sample the uncertainties (Latin hypercube, `--scenarios` points) and the levers
   (`--policies` points) of skillsim.ema.build_model and run every combination.
2. Mark the runs whose technical_shortfall_2030 (persons/year, Noord-Holland) is below
   the threshold (default: the 33rd percentile of the runs, printed) as cases of interest.
3. PRIM (Friedman & Fisher 1999) peels the input space to a box in which most runs are of
   interest: coverage = share of all cases of interest that fall in the box, density =
   share of runs in the box that are of interest. The box limits printed are the
   conditions. Files go to --out: experiments.csv, outcomes.csv, prim_box.csv,
   prim_tradeoff.png.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from skillsim import ema  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", type=int, default=12, help="uncertainty samples (default 12)")
    ap.add_argument("--policies", type=int, default=3, help="lever samples (default 3)")
    ap.add_argument("--scale", type=float, default=0.01, help="share of persons simulated (default 0.01)")
    ap.add_argument("--seed", type=int, default=0, help="model seed for every run (common random numbers)")
    ap.add_argument("--sample-seed", type=int, default=42, help="seed of the Latin hypercube samples")
    ap.add_argument("--threshold", type=float, default=None,
                    help="technical_shortfall_2030 below this (persons/year) is a case of interest "
                         "(default: the 33rd percentile of the runs)")
    ap.add_argument("--processes", type=int, default=1, help="parallel processes (default 1)")
    ap.add_argument("--out", default="results/ema_prim", help="output directory (default results/ema_prim)")
    args = ap.parse_args(argv)
    if args.scenarios < 2 or args.policies < 1:
        ap.error("--scenarios must be >= 2 and --policies >= 1")

    import matplotlib
    import warnings

    warnings.filterwarnings("ignore", message="ipyparallel not installed")  # optional EMA back-end, unused
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from ema_workbench import MultiprocessingEvaluator, SequentialEvaluator, perform_experiments
    from ema_workbench.analysis import prim

    model = ema.build_model(scale=args.scale, seed=args.seed)
    _, stand_in = ema.lever_ranges()
    print(f"uncertainties: {', '.join(u.name for u in model.uncertainties)}")
    print(f"levers{' (demand growth standing in: no budget levers declared yet)' if stand_in else ''}: "
          f"{', '.join(lv.name for lv in model.levers)}")
    n = args.scenarios * args.policies
    print(f"running {args.scenarios} scenarios x {args.policies} policies = {n} runs at scale {args.scale:g}")
    evaluator = (MultiprocessingEvaluator(model, n_processes=args.processes) if args.processes > 1
                 else SequentialEvaluator(model))
    with evaluator:
        experiments, outcomes = perform_experiments(
            model, scenarios=args.scenarios, policies=args.policies, evaluator=evaluator,
            uncertainty_sampling_kwargs={"rng": args.sample_seed},
            lever_sampling_kwargs={"rng": args.sample_seed + 1})

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shortfall = np.asarray(outcomes["technical_shortfall_2030"], dtype=float)
    threshold = args.threshold if args.threshold is not None else float(np.nanpercentile(shortfall, 33))
    y = shortfall < threshold
    x = experiments.drop(columns=[c for c in ("model", "policy", "scenario") if c in experiments.columns])
    experiments.to_csv(out / "experiments.csv", index=False)
    pd.DataFrame(outcomes).to_csv(out / "outcomes.csv", index=False)
    print(f"technical_shortfall_2030: median {np.nanmedian(shortfall):,.0f}, range {np.nanmin(shortfall):,.0f} "
          f"to {np.nanmax(shortfall):,.0f} persons/year")
    print(f"threshold {threshold:,.0f} persons/year: {int(y.sum())} of {len(y)} runs below it (cases of interest)")
    if y.sum() == 0 or y.sum() == len(y):
        print("PRIM needs runs both below and above the threshold; choose another --threshold")
        return 1

    p = prim.Prim(x, y, peel_alpha=0.1, mass_min=0.1)
    box = p.find_box()
    if box is None:
        print("PRIM found no box")
        return 1
    # choose the densest box that still covers at least half the cases of interest
    traj = box.peeling_trajectory
    ok = traj[traj.coverage >= 0.5]
    i = int(ok.density.idxmax()) if len(ok) else int(traj.index[-1])
    box.select(i)
    stats = traj.loc[i]
    lims = box.box_lims[i]
    restricted = [c for c in lims.columns if not lims[c].equals(box.box_lims[0][c])]
    print(f"\nPRIM box {i}: coverage {stats.coverage:.2f}, density {stats.density:.2f}, mass {stats.mass:.2f} "
          f"(share of all runs in the box)")
    print("conditions under which the 2030 technical shortfall stays below the threshold:")
    for c in restricted or list(lims.columns):
        lo, hi = lims[c].iloc[0], lims[c].iloc[1]
        print(f"  {ema.key_of(c)}: {lo:.4g} to {hi:.4g}")
    if not restricted:
        print("  (no restriction: the box is the whole input space)")
    lims.T.rename(columns={0: "low", 1: "high"}).to_csv(out / "prim_box.csv")
    box.show_tradeoff()
    plt.savefig(out / "prim_tradeoff.png", dpi=110, bbox_inches="tight")
    print(f"\nwrote {out}/experiments.csv, outcomes.csv, prim_box.csv, prim_tradeoff.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
