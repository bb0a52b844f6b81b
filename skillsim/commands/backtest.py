"""`skillsim backtest --cutoff YEAR [--budget N] [--scale F] [--parameters KEYS] [--out DIR]`:
calibrate (history matching) on the targets whose data end by the cutoff, forecast the
later targets with the posterior predictive, score them against the data next to naive
forecasts (skillsim/calibration/backtest.py; docs/calibration.md, "Backtest").

Writes DIR/backtest.md and DIR/backtest.csv, and the calibration's own outputs under
DIR/calibration/ (posterior.csv, report/...). DIR defaults to results/backtest-<cutoff>.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from skillsim.errors import UserError
from skillsim.paths import calibration_dir, scenario_dir


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("backtest", help="calibrate up to a cutoff year, forecast later targets, score "
                                               "against the data and naive forecasts")
    p.add_argument("--cutoff", type=int, required=True, help="last year of data used in the fit (2018 is the "
                   "latest the data allow: the targets end in 2019)")
    p.add_argument("--budget", type=int, default=40, help="model runs of the history matching (default 40)")
    p.add_argument("--waves", type=int, default=2, help="history-matching waves (default 2)")
    p.add_argument("--seeds", type=int, default=1, help="seeds per design point (default 1)")
    p.add_argument("--scale", type=float, default=0.005, help="share of persons simulated (default 0.005)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    p.add_argument("--parameters", default="", help="comma-separated fitted parameters to sample (default: all of "
                   "skillsim/calibration/search.py FITTED)")
    p.add_argument("--predictive-draws", type=int, default=20, help="posterior draws run for the forecasts (default 20)")
    p.add_argument("--scenario", default=str(scenario_dir() / "baseline.toml"), help="base scenario")
    p.add_argument("--targets", default=str(calibration_dir() / "targets.toml"), help="targets file")
    p.add_argument("--out", default=None, help="output directory (default results/backtest-<cutoff>)")
    p.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    p.set_defaults(func=handle)


def handle(args) -> int:
    from skillsim.calibration import backtest as BT
    from skillsim.calibration.bayes_command import handle_bayes
    from skillsim.calibration.targets import load_targets
    from skillsim.commands.calibrate import _check

    targets, _ = load_targets(args.targets)
    years = sorted(set(BT.TARGET_LAST_YEAR.values()))
    if not (years[0] <= args.cutoff < years[-1]):
        raise UserError(f"--cutoff {args.cutoff} is not allowed; allowed: an integer in [{years[0]}, {years[-1] - 1}] "
                        "(some targets must lie after the cutoff)")
    fit, later = BT.split_by_cutoff(targets, args.cutoff)
    if not fit:
        raise UserError(f"--cutoff {args.cutoff}: no fitted target has data ending by then; allowed: a later cutoff")
    from skillsim import outputs

    out = outputs.check_out(args.out, Path("results") / f"backtest-{args.cutoff}")
    cal_args = argparse.Namespace(
        method="history-matching", budget=args.budget, waves=args.waves, seeds=args.seeds, scale=args.scale,
        workers=args.workers, out=str(out / "calibration"), write_calibration=False, scenario=args.scenario,
        targets=args.targets, end_year=max(2019, min(2020, max(BT.TARGET_LAST_YEAR[t.name] for t in later))),
        morris_trajectories=0, report_seeds=1, no_progress=args.no_progress, parameters=args.parameters,
        hold_out=",".join(t.name for t in later), fit=",".join(t.name for t in fit), population=30, draws=500,
        predictive_draws=args.predictive_draws, point="median")
    _check(cal_args)
    with outputs.claim(out, {"command": "backtest", "cutoff": args.cutoff}) as claim:
        code = _backtest(args, out, cal_args, fit, later, handle_bayes, BT)
        claim.written = True
        return code


def _backtest(args, out, cal_args, fit, later, handle_bayes, BT) -> int:
    import pandas as pd

    started = time.time()
    handle_bayes(cal_args)

    pred = pd.read_csv(out / "calibration" / "report" / "posterior_predictive.csv")
    scores = BT.score(pred, later, args.cutoff)
    meta = {"cutoff": args.cutoff, "fitted targets": ", ".join(t.name for t in fit),
            "forecast targets": ", ".join(t.name for t in later),
            "calibration": f"history matching, {args.budget} runs, {args.waves} waves, scale {args.scale:g}, "
                           f"{out / 'calibration'}", "wall time": f"{time.time() - started:.0f} s"}
    BT.write(out, scores, meta)
    print(BT.table_markdown(scores))
    print(f"backtest --cutoff {args.cutoff}: {int(scores.inside_90.sum())} of {len(scores)} forecast targets inside "
          f"the 90% predictive interval; where a naive forecast exists, the model is best on "
          f"{int((scores.best == 'model').sum())} of {int((scores.best != '- (no naive forecast)').sum())}")
    print(f"wrote {out / 'backtest.md'} and {out / 'backtest.csv'}")
    return 0
