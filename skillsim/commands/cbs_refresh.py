"""`skillsim cbs-refresh`: download the calibration's CBS tables from CBS open data.

Writes `cbs_online_<table id>.csv` next to the snapshot (default calibration/data/)
in the snapshot's tidy layouts; the snapshot files themselves are never changed.
Without a connection to opendata.cbs.nl it exits with code 2 and one line on stderr,
and writes nothing.
"""

from __future__ import annotations

import argparse

from skillsim import cbs


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "cbs-refresh",
        help="download the calibration's CBS tables from opendata.cbs.nl",
        description="Download the calibration's CBS tables from CBS open data (opendata.cbs.nl).",
    )
    parser.add_argument(
        "--tables", nargs="+", metavar="TABLE_ID",
        help="CBS table ids, space- or comma-separated (default: "
        + ", ".join(cbs.DEFAULT_TABLES) + f"; known: {', '.join(cbs.TABLES)})",
    )
    parser.add_argument(
        "--out", default=str(cbs.DEFAULT_OUT_DIR), metavar="DIR",
        help="folder to write cbs_online_<table id>.csv into (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout", type=float, default=cbs.DEFAULT_TIMEOUT_S, metavar="SECONDS",
        help="time limit per HTTP request in seconds (default: %(default)s)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import math

    from skillsim import outputs
    from skillsim.errors import UserError

    tables = None
    if args.tables:
        tables = [t.strip() for item in args.tables for t in item.split(",") if t.strip()]
        for t in tables:
            cbs.table_spec(t)  # an unknown table id: refused before any download
    if not (isinstance(args.timeout, float) and math.isfinite(args.timeout) and 0 < args.timeout <= 600):
        raise UserError(f"--timeout {args.timeout} is not allowed; allowed: a number of seconds in (0, 600]")
    out = outputs.check_out(args.out)
    written = cbs.refresh(tables, out, timeout_s=args.timeout)
    for path in written:
        print(f"wrote {path}")
    return 0
