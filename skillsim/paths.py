"""Where skillsim finds its shipped data: scenarios and the calibration (CBS/DUO snapshot,
targets, fitted parameters).

One data root, found in this order:
1. the environment variable SKILLSIM_DATA (a folder holding `scenarios/` and
   `calibration/`), for a data set of your own;
2. the package data of an installed (non-editable) skillsim: `skillsim/_data/`, which
   pyproject.toml maps from the checkout's `scenarios/` and `calibration/` folders;
3. the source checkout this package was imported from (editable install).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from skillsim.errors import UserError

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_ROOT = PACKAGE_DIR.parent  # a source checkout, if this is one (see is_checkout)


def _has_data(root: Path) -> bool:
    return (root / "scenarios").is_dir() and (root / "calibration").is_dir()


@cache
def data_root() -> Path:
    env = os.environ.get("SKILLSIM_DATA")
    if env:
        root = Path(env).expanduser()
        if not _has_data(root):
            raise UserError(f"SKILLSIM_DATA={env}: no scenarios/ and calibration/ folders there; "
                            f"allowed: a folder holding both, or unset it to use the shipped data")
        return root
    for root in (PACKAGE_DIR / "_data", CHECKOUT_ROOT):
        if _has_data(root):
            return root
    raise UserError("skillsim's data (scenarios/, calibration/) is missing from this installation; "
                    "reinstall the package or set SKILLSIM_DATA")


def scenario_dir() -> Path:
    return data_root() / "scenarios"


def calibration_dir() -> Path:
    return data_root() / "calibration"


def snapshot_dir() -> Path:
    """The CBS/DUO data snapshot (calibration/data/)."""
    return calibration_dir() / "data"


def is_checkout() -> bool:
    """True when running from a source checkout (git repository with model/ beside skillsim/)."""
    return (CHECKOUT_ROOT / "model").is_dir() and (CHECKOUT_ROOT / "pyproject.toml").is_file()


def resolve_scenario(text: str) -> Path:
    """A scenario argument: a path to a TOML file, or the name of a shipped scenario
    (`baseline`, `package`, ...; `skillsim run baseline` from any folder)."""
    path = Path(text)
    if not text or "\0" in text:
        raise UserError(f"{text!r}: not allowed as a scenario; allowed: a path to a .toml file or a shipped scenario's name")
    try:
        exists = path.exists()
    except OSError:  # e.g. a name longer than the system allows: the reader reports it
        exists = True
    if exists or path.suffix == ".toml" or os.sep in text:
        return path
    shipped = scenario_dir() / f"{text}.toml"
    if shipped.is_file():
        return shipped
    names = ", ".join(sorted(p.stem for p in scenario_dir().glob("*.toml")))
    raise UserError(f"{text}: no such scenario file, and no shipped scenario of that name; "
                    f"allowed: a path to a .toml file or one of {names}")
