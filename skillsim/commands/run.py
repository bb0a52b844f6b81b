"""`skillsim run SCENARIO.toml [--seed N] [--out DIR] [--scale F] [--lang nl|en]`: run one scenario."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from skillsim import outputs, progress as PG, runs
from skillsim.compare.labels import number


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("run", help="run one scenario and write results, manifest and overview plot")
    p.add_argument("scenario", help="scenario TOML file (e.g. scenarios/baseline.toml) or the name of a shipped scenario (e.g. baseline)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--out", help="output directory (default results/<scenario name>-seed<N>[-scale<F>])")
    p.add_argument("--scale", type=float, default=1.0,
                   help="share of persons simulated: 1 = everyone (default), 0.1 = one in ten")
    p.add_argument("--lang", default="nl", choices=("nl", "en"),
                   help="language of the overview plot and the summary line: nl (default) or en")
    p.add_argument("--overwrite", action="store_true",
                   help="replace a folder holding another run's results (a rerun of the same scenario, seed and "
                        "scale replaces its own results without it)")
    p.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    p.add_argument("--profile", action="store_true",
                   help="after the run, print the wall time per mechanism and per lever")
    p.set_defaults(func=handle)


def default_out(name: str, seed: int, scale: float) -> Path:
    suffix = "" if scale == 1 else f"-scale{scale:g}"
    return Path("results") / f"{name}-seed{seed}{suffix}"


def handle(args) -> int:
    scenario = runs.load(args.scenario)
    runs.check_run_options(args.seed, args.scale)
    out = outputs.check_out(args.out, default_out(scenario.name, args.seed, args.scale))
    identity = {"command": "run", "scenario": scenario.name, "seed": args.seed, "scale": args.scale}
    with outputs.claim(out, identity, overwrite=args.overwrite) as claim:
        return _run(args, scenario, out, claim)


def _run(args, scenario, out: Path, claim) -> int:
    n_months = (scenario.get("run.end_year") - scenario.get("run.start_year") + 1) * 12
    profile: dict | None = {} if args.profile else None
    start = time.perf_counter()
    with PG.bar(n_months, f"{scenario.name} (scale {args.scale:g})", "month", not args.no_progress, sys.stderr) as bar:
        table = runs.run_scenario(scenario, seed=args.seed, scale=args.scale, progress=bar.update, profile=profile)
    wall = time.perf_counter() - start
    command = ["skillsim", "run", args.scenario, "--seed", str(args.seed), "--scale", f"{args.scale:g}", "--lang", args.lang,
               "--out", str(out)]
    meta = runs.manifest(scenario, args.seed, args.scale, wall, command)

    def writer(tmp: Path) -> None:
        from skillsim.plots import overview_plot

        table.to_parquet(tmp / "results.parquet", index=False)
        (tmp / "manifest.json").write_text(json.dumps(meta, indent=2) + "\n")
        overview_plot(table, tmp / "overview.png", scale=args.scale, lang=args.lang)

    claim.write(writer)
    short = table[(table.indicator == "technical_shortfall") & (table.region == "Noord-Holland")
                  & (table.occupation_group == "all")].set_index("date")["value"]
    first3 = short.iloc[:3].mean()
    y0, y2, y_end = short.index[0].year, short.index[min(2, len(short) - 1)].year, short.index[-1].year
    if args.lang == "nl":
        print(f"{scenario.name}: tekort aan technici {y0}-{y2} gemiddeld {number(first3, 'nl')} per jaar; "
              f"opgeteld tot en met {y_end}: {number(short.sum(), 'nl')} (één run, seed {args.seed})")
    else:
        print(f"{scenario.name}: technical shortfall {y0}-{y2} averages {number(first3, 'en')} a year; "
              f"cumulative to {y_end}: {number(short.sum(), 'en')} (one run, seed {args.seed})")
    print(f"wrote {out}/results.parquet, manifest.json, overview.png ({wall:.1f} s)")
    if profile is not None:
        from skillsim.profile import format_profile

        print(format_profile(profile, wall))
    return 0
