"""`skillsim sweep-report DIR [--out DIR2] [--lang nl|en]`: plots and an index page for a finished sweep."""

from __future__ import annotations

from pathlib import Path

from skillsim.errors import UserError


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("sweep-report", help="plot a sweep's results: distributions per scenario, "
                                                   "indicators against each varied parameter, an index page")
    p.add_argument("sweep_dir", help="directory written by 'skillsim sweep' (holds results.parquet, runs.parquet)")
    p.add_argument("--out", default=None, help="where to write the PNGs and index.md (default DIR/report)")
    p.add_argument("--lang", default="nl", choices=("nl", "en"),
                   help="language of the plots and the index page: nl (default) or en")
    p.add_argument("--overwrite", action="store_true",
                   help="replace a folder holding other files (a report of the same sweep is replaced without it)")
    p.set_defaults(func=handle)


def handle(args) -> int:
    from skillsim.sweep.report import write_report

    from skillsim import outputs
    from skillsim.scenario_files import shown

    sweep_dir = Path(args.sweep_dir)
    try:
        is_dir = sweep_dir.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if not is_dir:
        raise UserError(f"{shown(sweep_dir)}: not a directory; allowed: a directory written by 'skillsim sweep'")
    out = outputs.check_out(args.out) if args.out is not None else None
    files = write_report(sweep_dir, out, lang=args.lang, overwrite=args.overwrite)
    print(f"wrote {len(files)} files to {files[-1].parent}: " + ", ".join(f.name for f in files))
    return 0
