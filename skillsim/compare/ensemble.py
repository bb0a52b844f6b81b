"""The ensemble of a comparison: posterior draws x demand paths x seeds, the same members
for every scenario (paired), and the split of a paired difference's spread into
parameters, demand and chance.

    --ensemble posterior:N,demand:all,seeds:K     (any part may be left out)

- posterior:N  N parameter draws from the posterior sample (default calibration/posterior.csv,
  written by `skillsim calibrate --method history-matching`), taken evenly spaced through the
  file; each draw overrides the parameters it has columns for. posterior:0 (or no part):
  the scenario's own (calibrated point) values only.
- demand:all | demand:low+high | ...  the demand paths of calibration/demand_paths.toml
  (all = every path); default: the central path only (no change).
- seeds:K  seeds first_seed .. first_seed+K-1 for every (draw, path) pair.

A member is one (parameter_draw, demand_path, seed); every scenario runs every member,
so a difference between scenarios is paired member by member. `decompose` splits the
variance of a paired difference across members into main effects (crossed design,
balanced): parameters = variance of the means per draw, demand = variance of the means
per path, chance = the rest (seed noise and interactions). Each share is its part of the
sum of the three.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from skillsim.errors import UserError
from skillsim.model import parameters as P
from skillsim.model.scenario import Scenario, value_in_year
from skillsim.scenario_files import read_toml_document

MEMBER_COLUMNS = ("member", "parameter_draw", "demand_path", "seed")
DEMAND_KEY = "demand.technical_demand_growth_per_year"
NO_DRAW = -1  # parameter_draw of a member that keeps the scenario's own values


@dataclass(frozen=True)
class DemandPath:
    name: str
    growth_per_year: float
    label_nl: str
    label_en: str
    source: str


@dataclass(frozen=True)
class DemandPaths:
    from_year: int
    central: str
    paths: dict[str, DemandPath]


@dataclass(frozen=True)
class Spec:
    posterior: int = 0
    demand: tuple[str, ...] = ()     # () = central only
    seeds: int | None = None          # None = the --seeds option


@dataclass(frozen=True)
class Member:
    member: int
    parameter_draw: int
    demand_path: str
    seed: int


def parse_spec(text: str) -> Spec:
    """'posterior:20,demand:all,seeds:2' -> Spec. Bad text raises UserError."""
    allowed = "allowed: comma-separated parts posterior:N, demand:all or demand:NAME+NAME, seeds:K"
    out = {"posterior": 0, "demand": (), "seeds": None}
    for part in [p.strip() for p in text.split(",") if p.strip()]:
        key, sep, value = part.partition(":")
        if not sep or key not in out:
            raise UserError(f"--ensemble '{text}': '{part}' is not allowed; {allowed}")
        if key == "demand":
            names = tuple(v for v in value.split("+") if v)
            if not names:
                raise UserError(f"--ensemble '{text}': demand needs 'all' or path names; {allowed}")
            out["demand"] = names
        else:
            try:
                n = int(value)
            except ValueError:
                raise UserError(f"--ensemble '{text}': {key}:{value} needs an integer; {allowed}") from None
            lo = 0 if key == "posterior" else 1
            if not (lo <= n <= 10_000):
                raise UserError(f"--ensemble '{text}': {key}:{n} is not allowed; allowed: an integer in [{lo}, 10000]")
            out[key] = n
    return Spec(**out)


def load_demand_paths(path: str | Path) -> DemandPaths:
    path = Path(path)
    doc, _ = read_toml_document(path, "demand paths", UserError)
    try:
        from_year = int(doc["from_year"])
        central = str(doc["central"])
        tables = doc["paths"]
        paths = {name: DemandPath(name, float(t["technical_demand_growth_per_year"]), str(t["label_nl"]),
                                  str(t["label_en"]), str(t["source"])) for name, t in tables.items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UserError(f"{path}: needs from_year, central and [paths.NAME] tables with "
                        f"technical_demand_growth_per_year, label_nl, label_en, source ({exc!r})") from None
    if central not in paths:
        raise UserError(f"{path}: central = '{central}' is not a path; allowed: {', '.join(paths)}")
    p = P.BY_KEY[DEMAND_KEY]
    for dp in paths.values():
        if not (p.low <= dp.growth_per_year <= p.high):
            raise UserError(f"{path}: paths.{dp.name}.technical_demand_growth_per_year = {dp.growth_per_year} "
                            f"is not allowed; allowed: [{p.low}, {p.high}]")
    return DemandPaths(from_year, central, paths)


def load_posterior(path: str | Path) -> pd.DataFrame:
    """The posterior sample (posterior.csv: draw, then one column per parameter key)."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: posterior sample not found; allowed: a posterior.csv written by "
                        "`skillsim calibrate --method history-matching` (give it with --posterior)")
    try:
        df = pd.read_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise UserError(f"{path}: not a readable CSV ({exc})") from None
    cols = [c for c in df.columns if c != "draw"]
    bad = [c for c in cols if c not in P.BY_KEY]
    if bad or not cols or len(df) == 0:
        raise UserError(f"{path}: columns {', '.join(bad) or '(none)'} are not parameters; allowed: draw and "
                        "parameter keys such as separations.separation_rate_per_month, at least one row")
    for c in cols:
        p = P.BY_KEY[c]
        v = pd.to_numeric(df[c], errors="coerce")
        if v.isna().any() or (v < p.low).any() or (v > p.high).any():
            raise UserError(f"{path}: column {c} has values outside [{p.low}, {p.high}] or not numbers")
    return df


def pick_draws(posterior: pd.DataFrame, n: int) -> list[int]:
    """Row positions of n draws evenly spaced through the sample (deterministic)."""
    if n > len(posterior):
        raise UserError(f"--ensemble posterior:{n} is not allowed; allowed: at most {len(posterior)} "
                        "(the draws in the posterior sample)")
    return [int(i) for i in np.linspace(0, len(posterior) - 1, n).round().astype(int)]


def members(spec: Spec, paths: DemandPaths, n_seeds: int, first_seed: int) -> list[Member]:
    draws = list(range(spec.posterior)) if spec.posterior else [NO_DRAW]
    names = list(paths.paths) if spec.demand == ("all",) else (list(spec.demand) or [paths.central])
    bad = [n for n in names if n not in paths.paths]
    if bad:
        raise UserError(f"--ensemble demand:{'+'.join(bad)} is not allowed; allowed: all or "
                        f"{'+'.join(paths.paths)} (calibration/demand_paths.toml)")
    seeds = range(first_seed, first_seed + (spec.seeds or n_seeds))
    out = []
    for d in draws:
        for name in names:
            for s in seeds:
                out.append(Member(len(out), d, name, s))
    return out


def _by_year_override(scenario: Scenario, key: str, value: float, up_to: int | None = None) -> dict:
    """A by-year parameter set to `value` for the years before up_to+1 (calibration window)."""
    from skillsim.calibration.search import fit_last_year

    after = fit_last_year(key) + 1
    table = scenario.get(key)
    later = {y: x for y, x in table.items() if y > after} if isinstance(table, dict) else {}
    return {scenario.get("run.start_year"): value, after: scenario.at(key, after), **later}


def apply(scenario: Scenario, member: Member, posterior: pd.DataFrame | None, draw_rows: list[int],
          paths: DemandPaths) -> Scenario:
    """The scenario as member `member` runs it: the posterior draw's parameter values
    (a by-year parameter: as the calibration fits it, for the years of its fitted window), then
    the demand path's shift from paths.from_year on."""
    sc = scenario
    for over in member_overrides(scenario, member, posterior, draw_rows, paths):
        sc = sc.with_overrides(over)
    return sc


def member_overrides(scenario: Scenario, member: Member, posterior: pd.DataFrame | None, draw_rows: list[int],
                     paths: DemandPaths) -> tuple[dict, ...]:
    """The overrides that make `scenario` member `member`'s, in the order `apply` applies
    them (the draw's values, then the demand path's shift, computed on the scenario with
    the draw applied); small and picklable, so a sweep task carries them."""
    stages: list[dict] = []
    sc = scenario
    if member.parameter_draw != NO_DRAW and posterior is not None:
        over: dict[str, dict] = {}
        row = posterior.iloc[draw_rows[member.parameter_draw]]
        for key in [c for c in posterior.columns if c != "draw"]:
            section, name = key.split(".", 1)
            value = float(row[key])
            over.setdefault(section, {})[name] = _by_year_override(sc, key, value) if P.BY_KEY[key].by_year \
                else (int(round(value)) if P.BY_KEY[key].kind == "int" else value)
        sc = sc.with_overrides(over)
        stages.append(over)
    shift = paths.paths[member.demand_path].growth_per_year - paths.paths[paths.central].growth_per_year
    if shift != 0.0:
        table = sc.get(DEMAND_KEY)
        table = dict(table) if isinstance(table, dict) else {sc.get("run.start_year"): table}
        years = sorted(set(y for y in table if y >= paths.from_year) | {paths.from_year})
        new = {y: v for y, v in table.items() if y < paths.from_year}
        for y in years:
            new[y] = sc.at(DEMAND_KEY, y) + shift
        stages.append({"demand": {"technical_demand_growth_per_year": new}})
    return tuple(stages)


def first_difference_year(a: Scenario, b: Scenario) -> int | None:
    """The first year in which some parameter of `b` differs from `a`, from the year the
    burn-in starts to the end year; None if none does. A parameter that is not a by-year
    table and differs counts from the first year. Two members that differ only from this
    year on run the same months before it (the model reads a by-year parameter only in
    its own year), so a comparison simulates those months once for both
    (skillsim.model.simulate.simulate_branches)."""
    start = a.get("run.start_year") * 12 - a.get("run.burn_in_months")
    first, last = start // 12, a.get("run.end_year")
    if b.get("run.start_year") * 12 - b.get("run.burn_in_months") != start or b.get("run.end_year") != last:
        return first
    found = None
    for section in sorted(set(a.params) | set(b.params)):
        pa, pb = a.params.get(section, {}), b.params.get(section, {})
        for name in sorted(set(pa) | set(pb)):
            va, vb = pa.get(name), pb.get(name)
            if va == vb:
                continue
            if not (isinstance(va, dict) or isinstance(vb, dict)):
                return first
            at = lambda v, y: value_in_year(v, y) if isinstance(v, dict) else v
            year = next((y for y in range(first, last + 1) if at(va, y) != at(vb, y)), None)
            if year is not None and (found is None or year < found):
                found = year
    return found


def decompose(diff: pd.DataFrame, value: str = "value") -> dict[str, float]:
    """Variance of a paired difference across members, split into main effects.
    `diff` has one row per member with parameter_draw, demand_path, seed and `value`.
    Returns variances (parameters, demand, chance, total) and shares (share_*) of their sum."""
    v = diff[value].astype(float)
    total = float(v.var(ddof=0)) if len(v) > 1 else 0.0
    grand = float(v.mean())
    var_of = lambda col: float(((diff.groupby(col)[value].mean() - grand) ** 2).mean()) \
        if diff[col].nunique() > 1 else 0.0
    params = var_of("parameter_draw")
    demand = var_of("demand_path")
    chance = max(total - params - demand, 0.0)
    s = params + demand + chance
    out = {"var_parameters": params, "var_demand": demand, "var_chance": chance, "var_total": total}
    out.update({f"share_{k}": (x / s if s > 0 else float("nan"))
                for k, x in (("parameters", params), ("demand", demand), ("chance", chance))})
    return out
