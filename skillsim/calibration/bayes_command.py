"""`skillsim calibrate --method history-matching|abc-smc`: the posterior, its predictive
check and report (skillsim/calibration/bayes.py does the work). Called from
skillsim/commands/calibrate.py after its option checks.

Writes, under --out (default results/calibration; never calibration/ without
--write-calibration):
  posterior.csv              one row per draw: draw, then one column per sampled parameter, then
                             one column per bayes.PRIOR_ONLY parameter (prior draws: no target informs them)
  calibrated.toml            overlay at the chosen point (--point median, the default, or map), the run
                             and the point in its comments; report/calibrated_median.toml and
                             report/calibrated_map.toml hold both
  report/bayes.md            method, runs, wall time, predictive intervals and coverage
  report/posterior_predictive.csv, report/posterior_marginals.png, report/run.json
With --write-calibration, posterior.csv and calibrated.toml also replace the committed
calibration/posterior.csv and calibration/calibrated.toml.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np

from skillsim import progress as PG, runs
from skillsim.calibration import bayes as B, overlay, search as SE
from skillsim.calibration.targets import load_targets
from skillsim.errors import UserError
from skillsim.model import parameters as P
from skillsim.paths import calibration_dir, data_root


def _names(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def resolve_problem(args, targets):
    """(free parameters, fitted targets, held-out targets) from the options; UserError on bad names."""
    by_key = {f.key: f for f in SE.FITTED}
    keys = _names(args.parameters) or list(by_key)
    bad = [k for k in keys if k not in by_key]
    if bad:
        raise UserError(f"--parameters {','.join(bad)} not allowed; allowed: {', '.join(by_key)}")
    names = {t.name for t in targets}
    hold = _names(args.hold_out)
    fit_names = _names(args.fit)
    bad = [n for n in hold + fit_names if n not in names]
    if bad:
        raise UserError(f"--hold-out/--fit: unknown target {', '.join(bad)}; allowed: {', '.join(sorted(names))}")
    fit, held = B.split_targets(targets, hold)
    if fit_names:
        fit = [t for t in targets if t.name in fit_names and t.name not in hold]
    if not fit:
        raise UserError("--fit/--hold-out leave no target to fit; allowed: at least one target with weight > 0 not held out")
    return [by_key[k] for k in keys], fit, held


def _rel(p) -> str:
    p = Path(p)
    return os.path.relpath(p, data_root()) if p.is_absolute() and str(p).startswith(str(data_root())) else str(p)


def handle_bayes(args) -> int:
    from skillsim.commands.calibrate import model_fingerprint

    targets, targets_sha = load_targets(args.targets)
    if args.method == "abc-smc" and not B.pyabc_available():
        raise UserError("--method abc-smc needs pyabc, which is not installed; allowed: install the optional "
                        "extra (.venv/bin/pip install -e '.[bayes]') or use --method history-matching")
    base = runs.load(args.scenario).with_overrides({"run": {"end_year": args.end_year}})
    SE.check_bounds()
    free, fit, held = resolve_problem(args, targets)
    start = SE.start_values(base)
    out = Path(args.out)
    report_dir = out / "report"
    setting = {"scale": args.scale, "end_year": args.end_year, "model": model_fingerprint(base)}
    log = SE.EvaluationLog(report_dir / "evaluations.jsonl", setting)
    seeds = list(range(args.seeds))
    started = time.time()
    scenario_path = str(Path(args.scenario).resolve())
    total = (args.budget * len(seeds) if args.method == "history-matching" else args.budget) + args.predictive_draws
    with PG.bar(total, f"calibrate --method {args.method}", "run", not args.no_progress, sys.stderr) as bar:
        ev = SE.Evaluator(fit, scenario_path, seeds, args.scale, args.end_year, args.workers, log,
                          progress=bar.update)
        try:
            if args.method == "history-matching":
                per_wave = max(2, args.budget // args.waves)
                result = B.history_matching(ev, fit, free, start, waves=args.waves, points_per_wave=per_wave,
                                            draws=args.draws)
            else:
                report_dir.mkdir(parents=True, exist_ok=True)
                db = report_dir / "abc.db"
                if db.exists():
                    db.unlink()
                result = B.abc_smc(scenario_path, args.end_year, args.scale, fit, free, start,
                                   population=args.population, max_runs=args.budget, workers=args.workers,
                                   db_path=db.resolve(), draws=args.draws)
                bar.update(args.budget)
            sims, table = B.predictive(ev, result, start, targets, held, n_draws=args.predictive_draws, fit=fit)
            bar.update(args.predictive_draws)
        finally:
            ev.close()
    wall = time.time() - started
    median = {f.key: SE.as_kind(f.key, float(result.posterior[f.key].median())) for f in free}
    map_point = result.info.get("map", median)
    chosen = getattr(args, "point", "median")
    points = {"median": {**start, **median}, "map": {**start, **map_point}}
    point = points[chosen]
    held_in, held_n = B.coverage(table, "held out")
    fit_in, fit_n = B.coverage(table, "fitted")
    run_meta = {
        "command": (f"skillsim calibrate --method {args.method} --budget {args.budget} --seeds {args.seeds} "
                    f"--scale {args.scale:g} --end-year {args.end_year} --out {_rel(out)}"
                    + (f" --parameters {args.parameters}" if args.parameters else "")
                    + (f" --fit {args.fit}" if args.fit else "") + f" --hold-out {args.hold_out}"),
        "method": args.method, "scale": args.scale, "end_year": args.end_year,
        "base scenario": _rel(args.scenario), "targets": f"{_rel(args.targets)} (sha256 {targets_sha[:12]})",
        "git commit": runs.git_commit(), "data snapshot": runs.data_snapshot().get("id"),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "model runs": f"{result.runs} in the fit + {len(sims)} predictive",
    }
    point_text = {
        "median": "posterior median of each sampled parameter (--point median); the others at the base scenario's values",
        "map": ("draw of highest posterior density (--point map: uniform prior, so the highest likelihood "
                + ("on the emulators" if result.method == "history-matching" else "stand-in: the accepted particle "
                   "closest to the data") + "); the others at the base scenario's values"),
    }
    prior_keys = [k for k in B.PRIOR_ONLY if k not in {f.key for f in free}]
    out.mkdir(parents=True, exist_ok=True)
    report_dir.mkdir(parents=True, exist_ok=True)
    post = result.posterior.copy()
    if prior_keys:   # carried as prior draws (prior = posterior): no target up to 2019 informs them
        post = post.join(B.prior_draws(len(post), prior_keys))
    post.insert(0, "draw", np.arange(len(post)))
    post.to_csv(out / "posterior.csv", index=False, float_format="%.8g")
    for name, values in points.items():
        meta = {**run_meta, "point": point_text[name],
                "command": run_meta["command"] + f" --point {name}"}
        overlay.write_overlay(report_dir / f"calibrated_{name}.toml", values, SE.to_overrides(values, base), meta)
    run_meta["point"] = point_text[chosen]
    run_meta["command"] += f" --point {chosen}"
    overlay.write_overlay(out / "calibrated.toml", point, SE.to_overrides(point, base), run_meta)
    table.to_csv(report_dir / "posterior_predictive.csv", index=False, float_format="%.6g")
    B.marginals_plot(result, report_dir / "posterior_marginals.png")
    (report_dir / "bayes.md").write_text(_report(args, result, table, fit, held, wall, run_meta, len(sims),
                                                    map_point, prior_keys, post))
    (report_dir / "run.json").write_text(json.dumps({
        **run_meta, "wall_time_s": round(wall, 1), "fit_wall_time_s": round(result.wall_s, 1),
        "runs_fit": result.runs, "runs_predictive": len(sims), "info": result.info,
        "coverage_held_out": [held_in, held_n], "coverage_fitted": [fit_in, fit_n],
        "posterior_median": median, "map": map_point, "point_written": chosen,
        "posterior_sd": {f.key: float(result.posterior[f.key].std()) for f in free},
        "prior_only": {k: list(P.BY_KEY[k].plausible) for k in prior_keys},
    }, indent=2) + "\n")
    print(f"calibrate --method {args.method}: {result.runs} model runs in the fit, {len(sims)} predictive; "
          f"held-out targets inside the 90% predictive interval: {held_in}/{held_n}; fitted: {fit_in}/{fit_n}; "
          f"{wall:.0f} s")
    for f in free:
        q = result.posterior[f.key].quantile([0.05, 0.5, 0.95])
        print(f"  {f.key}: median {q[0.5]:.4g} (90% interval {q[0.05]:.4g}-{q[0.95]:.4g}; prior {f.low:g}-{f.high:g})")
    for k in prior_keys:
        lo, hi = P.BY_KEY[k].plausible
        print(f"  {k}: prior draws {lo:g}-{hi:g} (no target informs it: prior = posterior)")
    print(f"point written to calibrated.toml: {chosen} ({point_text[chosen]})")
    print(f"wrote {out / 'posterior.csv'}, {out / 'calibrated.toml'} and {report_dir}/bayes.md")
    if args.write_calibration:
        for name in ("posterior.csv", "calibrated.toml"):
            if (out / name).resolve() != (calibration_dir() / name).resolve():
                shutil.copyfile(out / name, calibration_dir() / name)
        print(f"replaced {calibration_dir() / 'posterior.csv'} and calibrated.toml (update the stored baseline "
              "with scripts/update_baseline.py)")
    else:
        print(f"{calibration_dir()} is unchanged; rerun with --write-calibration to replace the committed calibration")
    return 0


def _report(args, result, table, fit, held, wall, run_meta, n_pred, map_point, prior_keys, post) -> str:
    held_in, held_n = B.coverage(table, "held out")
    fit_in, fit_n = B.coverage(table, "fitted")
    lines = [f"# Bayesian calibration ({result.method})", "",
             "Written by `skillsim calibrate` (skillsim/calibration/bayes.py; docs/calibration.md).", ""]
    lines += [f"- {k}: {v}" for k, v in run_meta.items()]
    lines += [f"- wall time: {wall:.0f} s (fit {result.wall_s:.0f} s)",
              f"- method details: {json.dumps(result.info)}", "",
              "## Posterior (uniform prior on the calibration bounds)", "",
              "| parameter | prior | median | 5% | 95% | sd | MAP |", "|---|---|---|---|---|---|---|"]
    for f in result.free:
        s = result.posterior[f.key]
        lines.append(f"| {f.key} | {f.low:g}-{f.high:g} | {s.median():.4g} | {s.quantile(0.05):.4g} | "
                     f"{s.quantile(0.95):.4g} | {s.std():.3g} | {map_point[f.key]:.4g} |")
    if prior_keys:
        lines += ["", "### Carried as prior draws (prior = posterior)", "",
                  "No target up to 2019 informs these parameters, so `posterior.csv` carries them as independent "
                  "uniform draws over their declared plausible range (bayes.PRIOR_ONLY; a Latin hypercube), and "
                  "`compare --ensemble posterior:N` propagates them with the sampled ones. They are not in "
                  "`calibrated.toml`: the baseline keeps their declared defaults (the centres of the ranges). "
                  "The levers' deadweight shares: a deadweight participant is taken from the month's background "
                  "trainees, so it changes only how many people train in all, and no target counts trainees; "
                  "the sector plan (2016-2018), House of Skills (2018-2021) and the lifelong-learning pilots "
                  "(2018-2019) run inside the calibration window, the learning account (2022-2030) after it.", "",
                  "| parameter | prior = posterior | median | 5% | 95% | default |", "|---|---|---|---|---|---|"]
        for k in prior_keys:
            s = post[k]
            p = P.BY_KEY[k]
            lines.append(f"| {k} | uniform {p.plausible[0]:g}-{p.plausible[1]:g} | {s.median():.4g} | "
                         f"{s.quantile(0.05):.4g} | {s.quantile(0.95):.4g} | {p.default:g} |")
    lines += ["", "![posterior marginals](posterior_marginals.png)", "",
              f"## Posterior predictive check ({n_pred} posterior draws, seeds not used in the fit)", "",
              f"**Coverage: {held_in} of {held_n} held-out targets lie inside their 90% predictive interval; "
              f"{fit_in} of {fit_n} fitted targets.** The predictive interval is the 5th-95th percentile of "
              "the simulated moment plus an observation error drawn from N(0, error); the model interval leaves "
              "the observation error out.", "",
              "| target | role | observed | error | simulated median | model 5-95% | predictive 5-95% | inside |",
              "|---|---|---|---|---|---|---|---|"]
    for _, r in table.iterrows():
        lines.append(f"| {r.target} | {r.role} | {r.observed:.4g} | {r.error:.3g} | {r.sim_median:.4g} | "
                     f"{r.model_low:.4g}-{r.model_high:.4g} | {r.predictive_low:.4g}-{r.predictive_high:.4g} | "
                     f"{'yes' if r.inside_90 else 'NO'} |")
    return "\n".join(lines) + "\n"
