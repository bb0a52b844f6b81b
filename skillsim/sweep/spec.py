"""Sweep files: which scenarios, which parameters over which ranges, which design, how many
seeds, which indicators to keep, at what scale. Validated on load like scenario files: a
bad file raises UserError with one line naming the file, the key and what is allowed.

    name = "example"                      # optional; defaults to the file name
    scenarios = ["../baseline.toml"]      # paths relative to this file
    seed = 2026                           # sweep seed: every run's seed is derived from it
    seeds = 2                             # replicates (seeds) per scenario x design point
    scale = 0.01                          # share of persons simulated
    timeout_s = 600                       # a run still going after this is stopped, recorded
    retries = 2                           # re-tries after a lost worker / crashed run process
    common_random_numbers = true          # same seeds at every design point (see docs/sweeps.md)

    [design]
    method = "lhs"                        # "grid", "lhs" (Latin hypercube) or "sobol"
    samples = 8                           # design points for lhs / sobol

    [parameters]
    "demand.technical_demand_growth_per_year" = { low = 0.0, high = 0.04 }
    "matching.commute_cost" = { values = [1.2, 1.6, 2.0] }       # grid only

    [overrides]                           # fixed for every run
    "run.end_year" = 2025

    [keep]
    indicators = ["technical_shortfall", "technical_shortfall_cumulative", "unemployment_rate"]
    regions = ["Noord-Holland"]
    occupation_groups = ["all"]

    [ensemble]                            # optional: compare's members (skillsim/compare/ensemble.py)
    posterior = 4                         # draws from the posterior sample, evenly spaced (0 = none)
    posterior_file = "../../calibration/posterior.csv"   # default: calibration/posterior.csv
    demand = "all"                        # or ["low", "high"]; default: the central path only
    demand_paths_file = "../../calibration/demand_paths.toml"  # default: calibration/demand_paths.toml
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skillsim.model import parameters as P
from skillsim.model import structure as S
from skillsim.model.errors import ScenarioError
from skillsim.model.results import INDICATORS
from skillsim.model.scenario import Scenario, check_name
from skillsim.scenario_files import read_toml_file, shown
from skillsim.limits import MAX_SWEEP_SCENARIOS
from skillsim import runs
from skillsim.errors import UserError

METHODS = ("grid", "lhs", "sobol")
TOP_KEYS = ("name", "description", "scenarios", "seed", "seeds", "scale", "timeout_s", "retries",
            "common_random_numbers", "design", "parameters", "overrides", "keep", "ensemble")
ENSEMBLE_KEYS = ("posterior", "posterior_file", "demand", "demand_paths_file")
DEFAULT_KEEP = ("technical_shortfall", "technical_shortfall_cumulative", "unemployment_rate")
MAX_RUNS = 1_000_000


@dataclass(frozen=True)
class Varied:
    """One varied parameter: a range (low, high) for lhs/sobol, or a list of values (grid)."""
    key: str
    kind: str  # "float" or "int"
    low: float | None = None
    high: float | None = None
    values: tuple | None = None


@dataclass(frozen=True)
class SweepEnsemble:
    """A sweep's [ensemble]: every scenario x design point x replicate runs every
    (parameter draw, demand path), as the members of `skillsim compare --ensemble`
    (skillsim/compare/ensemble.py), the seed being the replicate's."""
    draws: int                           # parameter draws (0: the scenario's own values)
    paths: tuple[str, ...]               # demand path names
    posterior_file: str | None
    demand_paths_file: str
    posterior: Any = None                # the posterior sample (DataFrame) when draws > 0
    draw_rows: tuple[int, ...] = ()
    demand_paths: Any = None             # ensemble.DemandPaths

    @property
    def members(self) -> tuple[tuple[int, str], ...]:
        """(parameter_draw, demand_path) pairs, draws outer; parameter_draw -1 = no draw."""
        draws = range(self.draws) if self.draws else [-1]
        return tuple((d, name) for d in draws for name in self.paths)

    def as_dict(self) -> dict:
        return {"posterior": self.draws, "posterior_file": self.posterior_file, "demand": list(self.paths),
                "demand_paths_file": self.demand_paths_file,
                "demand_growth_per_year": {n: self.demand_paths.paths[n].growth_per_year for n in self.paths}}


@dataclass(frozen=True)
class SweepSpec:
    path: str
    name: str
    description: str
    scenario_files: tuple[str, ...]
    scenarios: tuple[Scenario, ...]      # with the fixed overrides applied
    seed: int
    seeds: int
    scale: float
    timeout_s: float
    retries: int
    common_random_numbers: bool
    method: str
    samples: int
    varied: tuple[Varied, ...]
    overrides: dict[str, Any]
    keep_indicators: tuple[str, ...]
    keep_regions: tuple[str, ...]
    keep_groups: tuple[str, ...]
    points: tuple[dict[str, Any], ...] = field(default=())  # the design: key -> value
    ensemble: SweepEnsemble | None = None

    @property
    def n_members(self) -> int:
        """(parameter draw, demand path) pairs per scenario x design point x replicate."""
        return len(self.ensemble.members) if self.ensemble else 1

    @property
    def n_runs(self) -> int:
        return len(self.scenarios) * len(self.points) * self.seeds * self.n_members

    def as_dict(self) -> dict:
        return {
            "name": self.name, "file": self.path, "scenarios": list(self.scenario_files),
            "seed": self.seed, "seeds": self.seeds, "scale": self.scale, "timeout_s": self.timeout_s,
            "retries": self.retries, "common_random_numbers": self.common_random_numbers,
            "design": {"method": self.method, "samples": self.samples, "points": len(self.points)},
            "parameters": {v.key: ({"values": list(v.values)} if v.values is not None else {"low": v.low, "high": v.high})
                           for v in self.varied},
            "overrides": self.overrides,
            "keep": {"indicators": list(self.keep_indicators), "regions": list(self.keep_regions),
                     "occupation_groups": list(self.keep_groups)},
            **({"ensemble": self.ensemble.as_dict()} if self.ensemble else {}),
        }


def _fail(path, key: str, got: Any, allowed: str) -> UserError:
    return UserError(f"{path}: key '{key}' = {got!r} is not allowed; allowed: {allowed}")


def _int(path, doc: dict, key: str, default: int, low: int, high: int) -> int:
    value = doc.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not (low <= value <= high):
        raise _fail(path, key, value, f"an integer in [{low}, {high}]")
    return value


def _number(path, doc: dict, key: str, default: float, low: float, high: float, what: str = "") -> float:
    value = doc.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (low <= value <= high):
        raise _fail(path, key, value, f"a number in [{low:g}, {high:g}]{what}")
    return float(value)


def _str_list(path, doc: dict, key: str, default, allowed: tuple[str, ...]) -> tuple[str, ...]:
    value = doc.get(key, list(default))
    key = f"keep.{key}"
    text = ", ".join(allowed)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise _fail(path, key, value, f"a non-empty list of names from: {text}")
    for v in value:
        if v not in allowed:
            raise _fail(path, key, v, f"names from: {text}")
    if len(set(value)) != len(value):
        raise _fail(path, key, value, "each name once")
    return tuple(value)


def load_sweep(path: str | Path) -> SweepSpec:
    """Read and validate a sweep file; raise UserError (exit code 2) on bad input."""
    path = Path(path)
    doc = read_toml_file(path, "sweep", UserError)
    for key in doc:
        if key not in TOP_KEYS:
            raise UserError(f"{path}: unknown key '{key}'; allowed top-level keys: {', '.join(TOP_KEYS)}")
    for key in ("name", "description"):
        if key in doc and not isinstance(doc[key], str):
            raise _fail(path, key, doc[key], "a string")
    try:
        check_name(doc.get("name", path.stem), str(path))
    except ScenarioError as exc:
        raise UserError(str(exc) + ("" if "name" in doc else " (the sweep's name is its file name; set 'name')")) from None
    for key in ("design", "parameters", "overrides", "keep", "ensemble"):
        if key in doc and not isinstance(doc[key], dict):
            raise _fail(path, key, doc[key], f"a table ([{key}])")

    seed = _int(path, doc, "seed", 0, 0, 2**32 - 1)
    seeds = _int(path, doc, "seeds", 1, 1, 10_000)
    scale = _number(path, doc, "scale", 0.01, 0.0001, 1.0, " (1 = every person)")
    timeout_s = _number(path, doc, "timeout_s", 3600.0, 1.0, 7 * 24 * 3600.0, " seconds")
    retries = _int(path, doc, "retries", 2, 0, 20)
    crn = doc.get("common_random_numbers", True)
    if not isinstance(crn, bool):
        raise _fail(path, "common_random_numbers", crn, "true or false")

    # -- scenarios, with the fixed overrides applied
    files = doc.get("scenarios")
    if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files):
        raise _fail(path, "scenarios", files, "a non-empty list of scenario file paths (relative to the sweep file)")
    if len(files) > MAX_SWEEP_SCENARIOS:
        raise _fail(path, "scenarios", f"{len(files)} files", f"at most {MAX_SWEEP_SCENARIOS} scenario files")
    overrides = _overrides(path, doc.get("overrides", {}))
    scenarios = []
    for f in files:
        scen_path = path.parent / f
        try:
            found = scen_path.is_file()
        except (OSError, ValueError):
            found = True  # a path the system cannot look up: the reader names the problem
        if not found:
            raise UserError(f"{path}: key 'scenarios': scenario file {shown(scen_path)} not found")
        scen = runs.load(scen_path)
        if overrides:
            try:
                scen = scen.with_overrides(nest(overrides))
            except ScenarioError as exc:
                raise UserError(f"{path}: [overrides]: {exc}") from None
        scenarios.append(scen)
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise _fail(path, "scenarios", names, "scenarios with different names (the 'name' key of each file)")

    # -- design
    design = doc.get("design", {})
    for key in design:
        if key not in ("method", "samples"):
            raise UserError(f"{path}: unknown key 'design.{key}'; allowed: method, samples")
    method = design.get("method", "grid")
    if method not in METHODS:
        raise _fail(path, "design.method", method, ", ".join(f'"{m}"' for m in METHODS))
    samples = _int(path, design, "samples", 0 if method == "grid" else 8, 0, MAX_RUNS)
    if method != "grid" and samples < 1:
        raise _fail(path, "design.samples", samples, f"an integer >= 1 for method \"{method}\"")
    varied = tuple(_varied(path, key, value, method) for key, value in doc.get("parameters", {}).items())
    for v in varied:
        if v.key in overrides:
            raise UserError(f"{path}: key 'parameters.{v.key}' is also in [overrides]; allowed: each parameter in one of the two")
    ensemble = _ensemble(path, doc.get("ensemble"))
    n_members = len(ensemble.members) if ensemble else 1
    # the design's size, computed before the design is built
    n_points = math.prod(len(v.values) for v in varied) if method == "grid" else (samples if varied else 1)
    n_runs = len(scenarios) * n_points * seeds * n_members
    if n_runs > MAX_RUNS:
        raise UserError(f"{path}: the sweep has {n_runs:,} runs ({len(scenarios)} scenarios x {n_points:,} design "
                        f"points x {seeds} seeds x {n_members} ensemble members); allowed: at most {MAX_RUNS:,}")
    points = design_points(varied, method, samples, seed)

    keep = doc.get("keep", {})
    for key in keep:
        if key not in ("indicators", "regions", "occupation_groups"):
            raise UserError(f"{path}: unknown key 'keep.{key}'; allowed: indicators, regions, occupation_groups")
    keep_ind = _str_list(path, keep, "indicators", DEFAULT_KEEP, tuple(INDICATORS))
    keep_reg = _str_list(path, keep, "regions", (S.PROVINCE,), tuple(S.REGIONS) + (S.PROVINCE,))
    keep_grp = _str_list(path, keep, "occupation_groups", ("all",), ("all",) + tuple(S.OCCUPATION_GROUPS))

    spec = SweepSpec(
        path=str(path), name=doc.get("name", path.stem), description=doc.get("description", ""),
        scenario_files=tuple(str(path.parent / f) for f in files), scenarios=tuple(scenarios),
        seed=seed, seeds=seeds, scale=scale, timeout_s=timeout_s, retries=retries,
        common_random_numbers=crn, method=method, samples=samples, varied=varied, overrides=overrides,
        keep_indicators=keep_ind, keep_regions=keep_reg, keep_groups=keep_grp, points=points, ensemble=ensemble)
    if spec.n_runs > MAX_RUNS:
        raise UserError(f"{path}: the sweep has {spec.n_runs:,} runs; allowed: at most {MAX_RUNS:,}")
    # every design point must give a valid scenario (the checks of a scenario file,
    # cross-field ones included: model.scenario.check_consistency)
    for point in points:
        if not point:
            continue
        for scen in scenarios:
            try:
                scen.check_overrides(nest(point))
            except ScenarioError as exc:
                raise UserError(f"{path}: [parameters]: design point {_short(point)}: {exc}") from None
    return spec


def _ensemble(path: Path, table: Any) -> SweepEnsemble | None:
    """The [ensemble] table, checked: one line naming the file and key when it is wrong."""
    if table is None:
        return None
    from skillsim.compare import ensemble as EN
    from skillsim.paths import calibration_dir

    for key in table:
        if key not in ENSEMBLE_KEYS:
            raise UserError(f"{path}: unknown key 'ensemble.{key}'; allowed: {', '.join(ENSEMBLE_KEYS)}")
    for key in ("posterior_file", "demand_paths_file"):
        if key in table and (not isinstance(table[key], str) or not table[key]):
            raise _fail(path, f"ensemble.{key}", table[key], "a file path (relative to the sweep file)")
    paths_file = path.parent / table["demand_paths_file"] if "demand_paths_file" in table \
        else calibration_dir() / "demand_paths.toml"
    paths = EN.load_demand_paths(paths_file)
    demand = table.get("demand", [paths.central])
    if demand == "all":
        names = tuple(paths.paths)
    elif isinstance(demand, list) and demand and all(isinstance(n, str) for n in demand) \
            and all(n in paths.paths for n in demand) and len(set(demand)) == len(demand):
        names = tuple(demand)
    else:
        raise _fail(path, "ensemble.demand", demand, f'"all" or a list of path names, each once, from: '
                    f"{', '.join(paths.paths)} ({shown(paths_file)})")
    draws = _int(path, {"ensemble.posterior": table.get("posterior", 0)}, "ensemble.posterior", 0, 0, 10_000)
    posterior = rows = None
    post_file = None
    if draws:
        post_file = path.parent / table["posterior_file"] if "posterior_file" in table \
            else calibration_dir() / "posterior.csv"
        posterior = EN.load_posterior(post_file)
        if draws > len(posterior):
            raise _fail(path, "ensemble.posterior", draws, f"an integer in [0, {len(posterior)}] (the draws in "
                        f"{shown(post_file)})")
        rows = tuple(EN.pick_draws(posterior, draws))
    elif "posterior_file" in table:
        raise UserError(f"{path}: key 'ensemble.posterior_file' needs ensemble.posterior >= 1; allowed: "
                        "posterior = N (draws) with it, or neither")
    return SweepEnsemble(draws, names, str(post_file) if post_file else None, str(paths_file), posterior,
                         rows or (), paths)


def _short(point: dict) -> str:
    text = ", ".join(f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}" for k, v in point.items())
    return text if len(text) <= 200 else text[:197] + "..."


def _overrides(path, table: dict) -> dict[str, Any]:
    out = {}
    for key, value in table.items():
        if isinstance(value, dict) and key in P.SECTIONS:  # [overrides.run] end_year = 2020
            for name, v in value.items():
                out[f"{key}.{name}"] = v
        else:
            out[key] = value
    for key in out:
        if key not in P.BY_KEY:
            raise UserError(f"{path}: unknown key 'overrides.{key}'; allowed: a parameter key from model/parameters.py "
                            f"such as run.end_year or demand.technical_demand_growth_per_year")
    return out


def _varied(path, key: str, value: Any, method: str) -> Varied:
    name = f"parameters.{key}"
    param = P.BY_KEY.get(key)
    if param is None:
        raise UserError(f"{path}: unknown key '{name}'; allowed: a parameter key from model/parameters.py "
                        f"(section.name, e.g. demand.technical_demand_growth_per_year)")
    if param.kind not in ("float", "int"):
        raise UserError(f"{path}: key '{name}' is a {param.kind} parameter; allowed: number parameters only")
    rng = f"[{param.low:g}, {param.high:g}] {param.unit}"
    if not isinstance(value, dict) or not value:
        raise _fail(path, name, value, f"{{ low = .., high = .. }} within {rng}, or {{ values = [..] }} (grid)")
    unknown = set(value) - {"low", "high", "values", "levels"}
    if unknown:
        raise UserError(f"{path}: unknown key '{name}.{sorted(unknown)[0]}'; allowed: low, high, values, levels")

    def check(v, what):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or math.isnan(v) or not (param.low <= v <= param.high):
            raise _fail(path, f"{name}.{what}", v, f"a number in {rng}")
        if param.kind == "int" and float(v) != int(v):
            raise _fail(path, f"{name}.{what}", v, f"an integer in {rng}")
        return int(v) if param.kind == "int" else float(v)

    if "values" in value:
        if set(value) != {"values"}:
            raise UserError(f"{path}: key '{name}' has 'values' and {sorted(set(value) - {'values'})}; allowed: values alone, or low and high")
        if method != "grid":
            raise UserError(f"{path}: key '{name}.values' needs design.method = \"grid\"; allowed with \"{method}\": low and high")
        vals = value["values"]
        if not isinstance(vals, list) or not vals:
            raise _fail(path, f"{name}.values", vals, f"a non-empty list of numbers in {rng}")
        vals = tuple(check(v, "values") for v in vals)
        if len(set(vals)) != len(vals):
            raise _fail(path, f"{name}.values", list(vals), "each value once")
        return Varied(key, param.kind, values=vals)
    if "low" not in value or "high" not in value:
        raise UserError(f"{path}: key '{name}' needs both 'low' and 'high' (or 'values' for a grid)")
    low, high = check(value["low"], "low"), check(value["high"], "high")
    if not low < high:
        raise _fail(path, f"{name}.high", high, f"a number above low ({low:g})")
    if method == "grid":
        levels = value.get("levels")
        if isinstance(levels, bool) or not isinstance(levels, int) or not (2 <= levels <= 1000):
            raise _fail(path, f"{name}.levels", levels, "an integer in [2, 1000] (grid points from low to high)")
        vals = [low + (high - low) * i / (levels - 1) for i in range(levels)]
        if param.kind == "int":
            vals = sorted(set(int(round(v)) for v in vals))
        return Varied(key, param.kind, values=tuple(vals))
    if "levels" in value:
        raise UserError(f"{path}: key '{name}.levels' needs design.method = \"grid\"")
    return Varied(key, param.kind, low=low, high=high)


def design_points(varied: tuple[Varied, ...], method: str, samples: int, seed: int) -> tuple[dict, ...]:
    """The design: a tuple of {parameter key: value}. Deterministic for a given seed.
    With no varied parameters the design is one point (no overrides)."""
    if not varied:
        return ({},)
    if method == "grid":
        combos = itertools.product(*[v.values for v in varied])
        return tuple({v.key: x for v, x in zip(varied, combo)} for combo in combos)
    from scipy.stats import qmc

    d = len(varied)
    if method == "lhs":
        unit = qmc.LatinHypercube(d=d, seed=seed).random(samples)
    else:  # sobol: scrambled Sobol' sequence; balanced when samples is a power of 2
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            unit = qmc.Sobol(d=d, scramble=True, seed=seed).random(samples)
    points = []
    for row in unit:
        point = {}
        for v, u in zip(varied, row):
            x = v.low + float(u) * (v.high - v.low)
            point[v.key] = int(round(x)) if v.kind == "int" else round(x, 12)
        points.append(point)
    return tuple(points)


def nest(flat: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{"demand.x": 1} -> {"demand": {"x": 1}}, the form Scenario.with_overrides takes."""
    out: dict[str, dict[str, Any]] = {}
    for key, value in flat.items():
        section, name = key.split(".", 1)
        out.setdefault(section, {})[name] = value
    return out
