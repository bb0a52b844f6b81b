"""`skillsim compare A.toml B.toml ... [--seeds N] [--scale F] [--workers W] [--lang nl|en] [--out DIR]
[--ensemble posterior:N,demand:all,seeds:K]`: run scenarios over the same seeds (or the same
ensemble members) and write a comparison table, fan charts, the uncertainty split, the
UWV tension categories and an HTML report."""

from __future__ import annotations

import re
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("compare", help="compare scenarios over the same seeds: table, fan charts, HTML report")
    p.add_argument("scenarios", nargs="+", help="scenario TOML files; the first is the reference for differences")
    p.add_argument("--seeds", type=int, default=10, help="number of seeds per scenario, >= 2 (default 10)")
    p.add_argument("--first-seed", type=int, default=0, help="first seed; seeds are first, first+1, ... (default 0)")
    p.add_argument("--scale", type=float, default=1.0,
                   help="share of persons simulated, in (0, 1]: 1 = everyone (default), 0.1 = one in ten")
    p.add_argument("--workers", type=int, default=None, help="parallel runs (default: number of cores)")
    p.add_argument("--lang", default="nl", help="report language: nl (default) or en")
    p.add_argument("--out", help="output directory (default results/compare-<scenario names>)")
    p.add_argument("--ensemble", default=None,
                   help="uncertainty ensemble instead of seeds only: posterior:N,demand:all,seeds:K (N posterior "
                        "draws x the demand paths of calibration/demand_paths.toml x K seeds, the same for every "
                        "scenario); e.g. posterior:10,demand:all,seeds:2")
    p.add_argument("--posterior", default=None, help="posterior sample for --ensemble posterior:N "
                   "(default calibration/posterior.csv)")
    p.add_argument("--demand-paths", default=None, help="demand paths for --ensemble demand:... "
                   "(default calibration/demand_paths.toml)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace a folder holding other results (a rerun of the same scenarios replaces its own "
                        "results without it)")
    p.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    p.set_defaults(func=handle)


def default_out(names: list[str]) -> Path:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", "-vs-".join(names))[:80]
    return Path("results") / f"compare-{slug}"


def handle(args) -> int:
    from skillsim import outputs
    from skillsim.compare import check_options, check_size, compare, format_table, load_all, unique_labels

    check_options(args.seeds, args.scale, args.lang, args.workers, args.first_seed)
    check_size(len(args.scenarios), args.seeds)
    if args.out is not None:
        outputs.check_out(args.out)
    scenarios, _, _ = load_all(args.scenarios)
    out = outputs.check_out(args.out, default_out(unique_labels(scenarios)))
    command = ["skillsim", "compare", *args.scenarios, "--seeds", str(args.seeds), "--first-seed", str(args.first_seed),
               "--scale", f"{args.scale:g}", "--lang", args.lang, "--out", str(out)]
    for opt, value in (("--ensemble", args.ensemble), ("--posterior", args.posterior),
                       ("--demand-paths", args.demand_paths)):
        if value:
            command += [opt, str(value)]
    summary, missing = compare(args.scenarios, out, seeds=args.seeds, scale=args.scale, workers=args.workers,
                               lang=args.lang, first_seed=args.first_seed, progress=not args.no_progress,
                               command=command, overwrite=args.overwrite, ensemble=args.ensemble,
                               posterior=args.posterior, demand_paths=args.demand_paths)
    print(format_table(summary, args.lang, missing))
    sys.stdout.flush()
    print(f"wrote {out}/report.html, comparison.csv, runs.parquet, fan_shortfall.png, fan_cumulative.png, fan_unemployment.png, net_effects.csv, net_effects.png, uncertainty.csv, tension_categories.csv, manifest.json")
    return 0
