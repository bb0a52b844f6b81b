"""The `skillsim` command line.

One sub-command per module in `skillsim.commands`. Every sub-command module exposes `add_parser(subparsers)`, which registers its
arguments and sets `func` to a handler `handler(args) -> int` (the exit code).
Bad input of any kind exits with code 2 and one line on stderr; no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings

from skillsim.model.errors import ScenarioError
from skillsim.errors import UserError

# Sub-command modules, in the order `skillsim --help` lists them. A module that is
# missing is skipped, so the command line works while parts are being built.
COMMAND_MODULES = ("run", "compare", "sweep", "sweep_report", "calibrate", "dashboard", "cbs_refresh")


DESCRIPTION = ("skillsim: simulation of the supply of and demand for technicians in Noord-Holland to 2030. "
               "Run one scenario, compare scenarios, sweep parameters, calibrate against CBS data, or open "
               "the dashboard.")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors: exit 2, one line
        sys.stderr.write(f"skillsim: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="skillsim", description=DESCRIPTION,
                     epilog="Run 'skillsim <command> --help' for the options of one command. "
                            "Documentation: README.md and docs/.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, title="commands",
                                metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"skillsim.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"skillsim.commands.{name}":
                continue
            raise
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # A name with characters the plot font lacks (an emoji) is drawn as a box; that is
    # not worth a warning on stderr, which is kept for errors.
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (UserError, ScenarioError) as exc:
        sys.stderr.write(f"skillsim {args.command}: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write(f"skillsim {args.command}: interrupted\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
