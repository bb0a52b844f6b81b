"""`skillsim calibrate [--method smm|history-matching|abc-smc] [--budget N] [--seeds S] [--scale F]
[--workers W] [--out DIR] [--write-calibration]`: fit the parameters of search.FITTED to
calibration/targets.toml (docs/calibration.md). --method smm (default): simulated method of
moments, one point. --method history-matching / abc-smc: a posterior sample
(skillsim/calibration/bayes.py) written to DIR/posterior.csv, with posterior predictive
checks of held-out targets (DIR/report/bayes.md, posterior_predictive.csv,
posterior_marginals.png) and DIR/calibrated.toml at the posterior median (--point median,
the default) or the draw of highest posterior density (--point map).

Writes DIR/calibrated.toml (a scenario overlay) and DIR/report/ (report.md, errors.csv,
PNG plots, evaluations.jsonl); DIR defaults to results/calibration/. The committed
calibration/calibrated.toml, which the baseline and so every scenario builds on, is
replaced only with --write-calibration. Runs already in DIR/report/evaluations.jsonl with
the same settings are not run again, so an interrupted calibration resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path


from skillsim import outputs, progress as PG, runs
from skillsim.errors import UserError

from skillsim.paths import calibration_dir, data_root, scenario_dir
from skillsim.sweep.keys import MODEL_DIR
REPORT_SEED_0 = 1000  # the report's seeds: held out from the search's seeds 0..S-1
BAYES_METHODS = ("history-matching", "abc-smc")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("calibrate", help="fit uncertain parameters to CBS/DUO targets and write a report")
    p.add_argument("--method", default="smm", help="smm (default: simulated method of moments, a point), "
                   "history-matching (posterior by Gaussian-process emulation) or abc-smc (posterior by pyabc; "
                   "optional extra 'bayes')")
    p.add_argument("--budget", type=int, default=40, help="smm: parameter vectors evaluated in the search; "
                   "history-matching: design points over all waves; abc-smc: most model runs (default 40, at least 2)")
    p.add_argument("--parameters", default="", help="bayesian methods: comma-separated keys of the fitted parameters "
                   "to sample (default: every fitted parameter); the others stay at the base scenario's values")
    p.add_argument("--hold-out", default="employed_2019,population_2019,open_vacancies_growth_2019",
                   help="bayesian methods: targets left out of the fit and checked by the posterior predictive "
                        "(default: the 2019 targets)")
    p.add_argument("--fit", default="", help="bayesian methods: comma-separated targets to fit (default: every "
                   "target with weight > 0 that is not held out)")
    p.add_argument("--waves", type=int, default=2, help="history-matching: number of waves (default 2)")
    p.add_argument("--population", type=int, default=30, help="abc-smc: population size (default 30)")
    p.add_argument("--draws", type=int, default=500, help="bayesian methods: posterior draws written (default 500)")
    p.add_argument("--point", default="median", help="bayesian methods: the posterior's point written to "
                   "calibrated.toml, the baseline's point: median (default: each sampled parameter's posterior "
                   "median) or map (the draw of highest posterior density, i.e. likelihood under the uniform prior)")
    p.add_argument("--predictive-draws", type=int, default=20,
                   help="bayesian methods: posterior draws run for the predictive check (default 20)")
    p.add_argument("--seeds", type=int, default=2, help="seeds per evaluation, common to all evaluations (default 2)")
    p.add_argument("--scale", type=float, default=0.01, help="share of persons simulated (default 0.01)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    p.add_argument("--out", default=str(Path("results") / "calibration"),
                   help="output directory for calibrated.toml and report/ (default results/calibration)")
    p.add_argument("--write-calibration", action="store_true",
                   help="also replace the committed calibration/calibrated.toml, which the baseline and every "
                        "scenario build on (default: leave it alone)")
    p.add_argument("--scenario", default=str(scenario_dir() / "baseline.toml"), help="base scenario (default scenarios/baseline.toml)")
    p.add_argument("--targets", default=str(calibration_dir() / "targets.toml"), help="targets file (default calibration/targets.toml)")
    p.add_argument("--end-year", type=int, default=2020, help="last simulated year of calibration runs (default 2020; 2019-2030)")
    p.add_argument("--morris-trajectories", type=int, default=6, help="Morris screening trajectories for the report (default 6; 0 = off)")
    p.add_argument("--report-seeds", type=int, default=6, help="seeds for the report's bands at the fitted values (default 6)")
    p.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    p.set_defaults(func=handle)


def _check(args) -> None:
    if args.method not in ("smm",) + BAYES_METHODS:
        raise UserError(f"--method {args.method} is not allowed; allowed: smm, {', '.join(BAYES_METHODS)}")
    if getattr(args, "point", "median") not in ("median", "map"):
        raise UserError(f"--point {args.point} is not allowed; allowed: median, map")
    for name, lo, hi in (("waves", 1, 10), ("population", 5, 10_000), ("draws", 10, 100_000),
                         ("predictive_draws", 2, 1000)):
        v = getattr(args, name)
        if not (lo <= v <= hi):
            raise UserError(f"--{name.replace('_', '-')} {v} is not allowed; allowed: an integer in [{lo}, {hi}]")
    if args.budget < 2 or args.budget > 100_000:
        raise UserError(f"--budget {args.budget} is not allowed; allowed: an integer in [2, 100000]")
    if not (1 <= args.seeds <= 64):
        raise UserError(f"--seeds {args.seeds} is not allowed; allowed: an integer in [1, 64]")
    if not (1 <= args.workers <= 256):
        raise UserError(f"--workers {args.workers} is not allowed; allowed: an integer in [1, 256]")
    if not (2019 <= args.end_year <= 2030):
        raise UserError(f"--end-year {args.end_year} is not allowed; allowed: an integer in [2019, 2030]")
    if not (0 <= args.morris_trajectories <= 100):
        raise UserError(f"--morris-trajectories {args.morris_trajectories} is not allowed; allowed: an integer in [0, 100]")
    if not (1 <= args.report_seeds <= 64):
        raise UserError(f"--report-seeds {args.report_seeds} is not allowed; allowed: an integer in [1, 64]")
    runs.check_run_options(0, args.scale)
    outputs.check_out(args.out)
    if Path(args.out).resolve() == calibration_dir().resolve() and not args.write_calibration:
        raise UserError(f"--out {args.out} is the committed calibration folder; allowed: another folder (default "
                        "results/calibration), or add --write-calibration to replace calibration/calibrated.toml")


def _command(args) -> str:
    rel = lambda p: os.path.relpath(p, data_root()) if Path(p).is_absolute() and str(p).startswith(str(data_root())) else str(p)
    return (f"skillsim calibrate --budget {args.budget} --seeds {args.seeds} --scale {args.scale:g} "
            f"--end-year {args.end_year} --morris-trajectories {args.morris_trajectories} "
            f"--report-seeds {args.report_seeds} --workers {args.workers} --out {rel(args.out)}")


def model_fingerprint(scenario) -> str:
    """Changes whenever the model code or the base scenario's merged parameters change,
    so that logged runs are reused only for the same model. The base values of the fitted
    parameters that are not by-year tables are left out: every calibration run overrides
    them with its own vector (whose hash keys the run), so they never reach a run. A
    calibration written with --write-calibration thus keeps its runs reusable from the new
    base (e.g. `--point map` after `--point median` runs only the predictive check again)."""
    from skillsim.calibration.search import FITTED
    from skillsim.model import parameters as P

    skip = {tuple(f.key.split(".", 1)) for f in FITTED if not P.BY_KEY[f.key].by_year}
    params = {s: {n: v for n, v in (t.items() if isinstance(t, dict) else ()) if (s, n) not in skip}
              if isinstance(t, dict) else t for s, t in scenario.params.items()}
    h = hashlib.sha256(repr(sorted((s, repr(v)) for s, v in params.items())).encode())
    for f in sorted(MODEL_DIR.rglob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def handle(args) -> int:
    from skillsim.calibration import overlay, report, search as SE
    from skillsim.calibration.targets import load_targets

    _check(args)
    if args.method in BAYES_METHODS:
        from skillsim.calibration.bayes_command import handle_bayes

        # locked while written, as for smm below (no ownership check: calibration/ is a data folder)
        with outputs.claim(Path(args.out), {"command": "calibrate"}, check_owner=False) as claim:
            code = handle_bayes(args)
            claim.written = True
            return code
    targets, targets_sha = load_targets(args.targets)
    base = runs.load(args.scenario).with_overrides({"run": {"end_year": args.end_year}})
    SE.check_bounds()
    out = Path(args.out)
    # locked while written (a second calibration into the same folder is refused); the
    # folder is shared with the data (calibration/), so no ownership check: the files it
    # writes are named in the module docstring
    with outputs.claim(out, {"command": "calibrate"}, check_owner=False) as claim:
        code = _calibrate(args, SE, overlay, report, targets, targets_sha, base, out)
        claim.written = True
        return code


def _calibrate(args, SE, overlay, report, targets, targets_sha, base, out: Path) -> int:
    report_dir = out / "report"
    setting = {"scale": args.scale, "end_year": args.end_year, "model": model_fingerprint(base)}
    log = SE.EvaluationLog(report_dir / "evaluations.jsonl", setting)
    seeds = list(range(args.seeds))
    started = time.time()
    total = args.budget * len(seeds)
    with PG.bar(total, f"calibrate (budget {args.budget} x {len(seeds)} seeds)", "run",
                not args.no_progress, sys.stderr) as bar:
        ev = SE.Evaluator(targets, str(Path(args.scenario).resolve()), seeds, args.scale, args.end_year,
                          args.workers, log, progress=bar.update)
        try:
            start = SE.start_values(base)
            best = SE.search(ev, args.budget, start)
            bar.set_description("calibrate: report (Morris screening)" if args.morris_trajectories
                                else "calibrate: report (no Morris screening)")
            bar.total = bar.n + args.morris_trajectories * (len(SE.FITTED) + 1) * len(seeds)
            bar.refresh()
            run_meta = {
                "command": _command(args),
                "budget": args.budget, "seeds": f"{len(seeds)} (0-{len(seeds) - 1})", "scale": args.scale,
                "end_year": args.end_year, "base scenario": os.path.relpath(args.scenario, data_root()),
                "targets": f"{os.path.relpath(args.targets, data_root())} (sha256 {targets_sha[:12]})",
                "git commit": runs.git_commit(), "data snapshot": runs.data_snapshot().get("id"),
                "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                "objective": f"{best['objective']:.4g} (start values: {ev.history[0]['objective']:.4g})",
                "evaluations": f"{len(ev.history)} in the search; runs new {log.new} (computed now), reused {log.reused} "
                               f"(already in {report_dir / 'evaluations.jsonl'} from this or an earlier calibration with the "
                               f"same settings and model code: not run again)",
            }
            overrides = SE.to_overrides(best["values"], base)
            out.mkdir(parents=True, exist_ok=True)
            overlay.write_overlay(out / "calibrated.toml", best["values"], overrides, run_meta)
            rep = report.write_report(report_dir, ev, targets, os.path.relpath(args.targets, data_root()), best, start,
                                      run_meta, list(range(REPORT_SEED_0, REPORT_SEED_0 + args.report_seeds)),
                                      args.morris_trajectories)
        finally:
            ev.close()
    wall = time.time() - started
    (report_dir / "run.json").write_text(json.dumps({**run_meta, "wall_time_s": round(wall, 1),
                                                      "runs_new": log.new, "runs_reused": log.reused,
                                                      "median_rel_error": rep["median_rel_error"],
                                                      "median_rel_error_start": rep["median_rel_error_start"],
                                                      "objective_report_seeds": rep["objective_report"],
                                                      "objective_report_seeds_start": rep["objective_report_start"]}, indent=2) + "\n")
    print(f"calibrate: objective {best['objective']:.4g} (start {ev.history[0]['objective']:.4g}); "
          f"median relative error on fitted targets {100 * rep['median_rel_error']:.1f}%; "
          f"runs new {log.new} (computed now), reused {log.reused} (already in {report_dir / 'evaluations.jsonl'} "
          f"with the same settings and model code, from this or an earlier calibration); {wall:.0f} s")
    print(f"wrote {out / 'calibrated.toml'} and {report_dir}/report.md")
    committed = calibration_dir() / "calibrated.toml"
    if args.write_calibration and (out / "calibrated.toml").resolve() != committed.resolve():
        import shutil

        shutil.copyfile(out / "calibrated.toml", committed)
    if args.write_calibration:
        print(f"replaced {committed}: the baseline and every scenario now build on this calibration "
              "(check `git diff` and update the stored baseline with scripts/update_baseline.py)")
    else:
        print(f"{committed} is unchanged; to use this calibration, rerun with --write-calibration "
              f"or copy {out / 'calibrated.toml'} there")
    return 0
