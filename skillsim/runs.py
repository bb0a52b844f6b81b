"""Running scenarios from the edges: load, simulate, write results atomically.

`run_scenario` is the one function the CLI, comparisons, sweeps, calibration and the
dashboard call to run the model; `write_run` writes results.parquet, manifest.json and
overview.png into a directory, all or nothing.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from importlib import metadata
from pathlib import Path

import pandas as pd

from skillsim.model.errors import ScenarioError
from skillsim.model.scenario import Scenario
from skillsim.scenario_files import load_scenario
from skillsim.model.simulate import simulate
from skillsim import paths
from skillsim.errors import UserError

PACKAGES = ("numpy", "pandas", "pyarrow", "mesa", "matplotlib", "scipy")


def load(path: str | Path) -> Scenario:
    """Load a scenario file, or a shipped scenario by name (`baseline`); bad input becomes
    a UserError (exit code 2)."""
    try:
        return load_scenario(paths.resolve_scenario(str(path)))
    except ScenarioError as exc:
        raise UserError(str(exc)) from None


def check_run_options(seed: int, scale: float) -> None:
    if seed < 0 or seed > 2**32 - 1:
        raise UserError(f"--seed {seed} is not allowed; allowed: an integer in [0, 4294967295]")
    if not (0.0001 <= scale <= 1.0):
        raise UserError(f"--scale {scale} is not allowed; allowed: a number in [0.0001, 1] (1 = every person)")


def run_scenario(scenario: Scenario, seed: int = 0, scale: float = 1.0, progress=None,
                 profile: dict | None = None) -> pd.DataFrame:
    """The tidy table of one run; `profile` (a dict) receives the wall time per
    mechanism and lever (skillsim.model.simulate; format it with skillsim.profile)."""
    check_run_options(seed, scale)
    return simulate(scenario, seed=seed, scale=scale, progress=progress, profile=profile)


def git_commit() -> str:
    """The checkout's commit (with +dirty), or "installed package" outside a checkout."""
    if not paths.is_checkout():
        return "installed package"
    root = str(paths.CHECKOUT_ROOT)
    try:
        out = subprocess.run(["git", "-C", root, "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10)
        if out.returncode != 0:
            return "unknown"
        return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def data_snapshot() -> dict:
    path = paths.snapshot_dir() / "SNAPSHOT.json"
    if path.is_file():
        snap = json.loads(path.read_text())
        return {"id": snap.get("id") or snap.get("snapshot_id"), "file": "calibration/data/SNAPSHOT.json"}
    return {"id": "none"}


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "skillsim": metadata.version("skillsim")}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def manifest(scenario: Scenario, seed: int, scale: float, wall_time_s: float, command: list[str]) -> dict:
    return {
        "scenario": scenario.name,
        "scenario_files": scenario.source_files,
        "scenario_sha256": scenario.sha256,
        "seed": seed,
        "scale": scale,
        "scale_note": ("every person simulated" if scale == 1 else
                       f"a sample of 1 in {1 / scale:.4g} persons; counts are scaled back to the full population"),
        "period": f"{scenario.get('run.start_year')}-01 to {scenario.get('run.end_year')}-12",
        "git_commit": git_commit(),
        "data_snapshot": data_snapshot(),
        "packages": package_versions(),
        "wall_time_s": round(wall_time_s, 3),
        "command": command,
        "reproduce": " ".join(["skillsim", "run"] + [str(c) for c in command[2:]]) if command[:2] == ["skillsim", "run"] else " ".join(command),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def write_atomically(out_dir: Path, writer) -> None:
    """Call writer(tmp_dir) and move its files into out_dir only if it succeeds (no lock,
    no ownership check: the commands use skillsim.outputs.claim)."""
    from skillsim.outputs import temporary_prefix

    out_dir = Path(out_dir)
    parent = out_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=temporary_prefix(out_dir), dir=parent))
    try:
        writer(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        for f in tmp.iterdir():
            os.replace(f, out_dir / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
