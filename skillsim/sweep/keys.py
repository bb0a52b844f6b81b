"""Run identity: the key a run's result is stored under, and the seed it runs with.

A run key is a hash of everything that determines the run's result table:
  - the scenario content (Scenario.sha256: the scenario files' bytes plus every override,
    the sweep's fixed overrides and this run's design point included),
  - the design point (parameter values), the model seed, the scale,
  - the code version (skillsim package version + a hash of the model/ sources),
  - the calibration data snapshot id,
  - what is kept (indicators, regions, occupation groups).
Change any of these and the key changes, so the run is recomputed; change nothing and a
stored result is reused.

The model seed of a run is derived from the sweep seed and the run's identity, never from
the order in which runs are submitted or finish: results do not depend on the number of
workers, the backend or completion order.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib import metadata
from typing import Any

from pathlib import Path

import skillsim.model
from skillsim import runs

MODEL_DIR = Path(skillsim.model.__file__).resolve().parent


@lru_cache(maxsize=1)
def model_sources_sha256() -> str:
    """Hash of every model/**/*.py file (path and content), in sorted order."""
    h = hashlib.sha256()
    for f in sorted(MODEL_DIR.rglob("*.py")):
        if "__pycache__" in f.parts:
            continue
        h.update(str(f.relative_to(MODEL_DIR)).encode() + b"\0")
        h.update(f.read_bytes() + b"\0")
    return h.hexdigest()


CODE_VERSION_ENV = "SKILLSIM_SWEEP_CODE_VERSION"


def code_version() -> str:
    """skillsim-<package version>+model-<hash of model sources>, or the value of the
    environment variable SKILLSIM_SWEEP_CODE_VERSION when set: pin it only when you know a
    code change leaves results unchanged (the tests pin it because other people edit
    model/ while they run)."""
    return os.environ.get(CODE_VERSION_ENV) or _code_version()


@lru_cache(maxsize=1)
def _code_version() -> str:
    try:
        version = metadata.version("skillsim")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return f"skillsim-{version}+model-{model_sources_sha256()[:16]}"


@lru_cache(maxsize=1)
def data_snapshot_id() -> str:
    return str(runs.data_snapshot().get("id") or "none")


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), default=repr)


def run_seed(sweep_seed: int, replicate: int, scenario_sha256: str, point: dict, common: bool) -> int:
    """Model seed of one run, in [0, 2**32 - 1].

    common=True (common random numbers): the seed depends on the sweep seed and the
    replicate number only, so every scenario and design point sees the same random
    streams and differences between them are not sampling noise.
    common=False: the seed also depends on the scenario and the design point."""
    identity = {"sweep_seed": sweep_seed, "replicate": replicate}
    if not common:
        identity.update(scenario=scenario_sha256, point=point)
    digest = hashlib.sha256(("skillsim-sweep-seed|" + _canonical(identity)).encode()).digest()
    return int.from_bytes(digest[:4], "big")


def run_key(scenario_sha256: str, point: dict, seed: int, scale: float, keep: dict,
            code: str | None = None, data: str | None = None) -> str:
    identity = {
        "scenario": scenario_sha256, "point": point, "seed": seed, "scale": repr(float(scale)),
        "code": code or code_version(), "data": data or data_snapshot_id(), "keep": keep,
    }
    return hashlib.sha256(("skillsim-run|" + _canonical(identity)).encode()).hexdigest()[:24]
