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
