"""Shared test helpers: paths of the checkout and small sweep files. Test modules import
them as `from helpers import ...` (pytest puts tests/ on the import path)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "baseline.toml"


def write_sweep(tmp_path: Path, name: str = "t", values=(1.2, 2.0), seeds: int = 2, extra: str = "",
                end_year: int = 2019, scale: float = 0.003, timeout_s: float = 120, retries: int = 2) -> Path:
    scen = tmp_path / "baseline.toml"  # the repository's baseline, under the test's own file name
    if not scen.exists():
        scen.write_text(f'name = "baseline"\nbase = "{BASELINE}"\n')
    text = f"""
name = "{name}"
scenarios = ["{scen}"]
seed = 11
seeds = {seeds}
scale = {scale}
timeout_s = {timeout_s}
retries = {retries}
[design]
method = "grid"
[parameters]
"matching.commute_cost" = {{ values = [{", ".join(repr(v) for v in values)}] }}
[overrides]
"run.end_year" = {end_year}
{extra}
"""
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    return path


def results(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "results.parquet")


def small_model(scenario, seed: int = 1, scale: float = 0.003, **overrides):
    """A real model at a small scale with no burn-in, ready for one mechanism to be
    stepped by hand: `overrides` are {"section.name": value} applied to the scenario
    (e.g. a rate set to 0 so that nobody moves), and the month's record is fresh."""
    from skillsim.model.model import SkillsimModel

    nested: dict = {"run": {"burn_in_months": 0}}
    for key, value in overrides.items():
        section, name = key.split(".", 1)
        nested.setdefault(section, {})[name] = value
    model = SkillsimModel(scenario.with_overrides(nested), seed=seed, scale=scale)
    begin_month(model)
    return model


def begin_month(model) -> None:
    """A fresh month record, as SkillsimModel.step makes before the mechanisms run."""
    from skillsim.model.accounting import MonthRecord

    model.record = MonthRecord(model.month_index)


# Docking (tests/test_docking.py, tests/test_docking_power.py; docs/reference.md): the
# period and the seeds of both implementations' runs.
DOCKING_SEEDS = range(20)
DOCKING_START_YEAR, DOCKING_END_YEAR = 2018, 2019
