"""calibration/calibrated.toml: the fitted values as a scenario overlay.

The values sit in [section] tables that model.scenario.load_scenario accepts; everything
about the run that produced them (budget, seeds, scale, commit, date, objective, bounds)
is in TOML comments, because the scenario loader rejects unknown keys. A scenario uses
it with `base = "../calibration/calibrated.toml"` (path relative to the scenario file).
"""

from __future__ import annotations

from pathlib import Path

from skillsim.model import parameters as P
from skillsim.calibration.search import FITTED


def _fmt(v) -> str:
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{y} = {_fmt(x)}" for y, x in sorted(v.items())) + " }"
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)  # an integer parameter (search.to_overrides gives it as int)
    return f"{float(v):.6g}" if "." in f"{float(v):.6g}" or "e" in f"{float(v):.6g}" else f"{float(v):.1f}"


def overlay_text(best_values: dict[str, float], overrides: dict[str, dict], run: dict) -> str:
    lines = [
        "# Calibrated parameters: written by `skillsim calibrate` (skillsim/calibration/overlay.py).",
        "# Do not edit by hand: re-run the calibration. docs/calibration.md explains the method.",
        "#",
        "# Use as the base of a scenario (path relative to that scenario file), e.g. in",
        "# scenarios/baseline.toml, before its first [table]:",
        '#     base = "../calibration/calibrated.toml"',
        "#",
        "# The run that produced these values:",
    ]
    lines += [f"#   {k}: {v}" for k, v in run.items()]
    lines += [
        "#",
        "# demand.technical_demand_growth_per_year is fitted as one value for 2018-2020 (the years of the",
        "# council's shortfall target); the entries from 2021 on are copied from the base scenario.",
        "",
        'description = "Calibrated parameter values (skillsim calibrate); an overlay, not a policy scenario"',
    ]
    by_section: dict[str, list] = {}
    for f in FITTED:
        by_section.setdefault(f.section, []).append(f)
    for section, fitted in by_section.items():
        lines += ["", f"[{section}]"]
        for f in fitted:
            p = P.BY_KEY[f.key]
            lines.append(f"# {p.unit}; fitted {best_values[f.key]:.6g} in calibration bounds [{f.low:g}, {f.high:g}] "
                         f"(declared [{p.low:g}, {p.high:g}]); default {p.default}")
            lines.append(f"{f.name} = {_fmt(overrides[section][f.name])}")
    return "\n".join(lines) + "\n"


def write_overlay(path: Path, best_values, overrides, run: dict) -> None:
    tmp = Path(path).with_suffix(".toml.tmp")
    tmp.write_text(overlay_text(best_values, overrides, run))
    tmp.replace(path)
