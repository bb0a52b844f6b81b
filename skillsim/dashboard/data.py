"""Runs and figures for the dashboard. Reads the tidy table only (see docs/interfaces.md).

A dashboard run is a few seeds at reduced scale for the chosen scenario with the user's
overrides, plus the baseline (cached: it does not change while the page is open). Bands
are those of every output (skillsim.bands: 10th to 90th percentile over the runs); the
line is the mean over the runs.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from skillsim.model import structure as S
from skillsim.model.scenario import Scenario
from skillsim import bands as B, runs

SEEDS = (0, 1, 2)
SCALE = 0.01
PROVINCE = S.PROVINCE
REGIONS = tuple(S.REGIONS)
TIDY_COLUMNS = ("scenario", "seed", "date", "region", "occupation_group", "indicator", "value", "unit")
COST_INDICATOR = "cost_eur"

_baseline_cache: dict[tuple, pd.DataFrame] = {}
_baseline_lock = threading.Lock()


@dataclass
class Outcome:
    """What the page shows: the scenario's and the reference's tables and where they came from."""
    scenario: pd.DataFrame
    reference: pd.DataFrame | None
    scenario_name: str
    reference_name: str | None
    source: str                      # "run" or the results file read
    scale: float | None = None       # None when unknown (stored results without a manifest)
    seeds: tuple[int, ...] = ()
    overrides: dict = field(default_factory=dict)
    wall_time_s: float = 0.0
    # net_effects(self), kept: the page's net-effects table and its chart both read it, in
    # each language, and the tables do not change
    net: tuple | None = field(default=None, init=False, repr=False, compare=False)


def run_seeds(scenario: Scenario, seeds=SEEDS, scale: float = SCALE) -> pd.DataFrame:
    """Run `scenario` once per seed and stack the tidy tables."""
    tables = [runs.run_scenario(scenario, seed=s, scale=scale) for s in seeds]
    table = pd.concat(tables, ignore_index=True)
    table["scenario"] = table["scenario"].astype(str)
    return table


def baseline_table(baseline: Scenario, seeds=SEEDS, scale: float = SCALE) -> pd.DataFrame:
    """The baseline's runs, computed once per (scenario file contents, seeds, scale)."""
    key = (baseline.sha256, tuple(seeds), scale)
    with _baseline_lock:
        if key not in _baseline_cache:
            _baseline_cache[key] = run_seeds(baseline, seeds, scale)
        return _baseline_cache[key]


def run_comparison(scenario: Scenario, overrides: dict, baseline: Scenario,
                   seeds=SEEDS, scale: float = SCALE) -> Outcome:
    """Run scenario-with-overrides and the (cached) baseline. Raises ScenarioError/UserError
    for bad overrides; the page shows the message."""
    start = time.perf_counter()
    chosen = scenario.with_overrides(overrides, name=f"{scenario.name}-dashboard") if overrides else scenario
    reference = baseline_table(baseline, seeds, scale)
    if chosen.sha256 == baseline.sha256:  # the baseline itself: reuse its runs
        table = reference
    else:
        table = run_seeds(chosen, seeds, scale)
    return Outcome(table, reference, chosen.name, baseline.name, "run", scale, tuple(seeds), overrides,
                   time.perf_counter() - start)


# ------------------------------------------------------------------ figures
def _rows(table: pd.DataFrame, indicator: str, region: str = PROVINCE, occupation_group: str = "all") -> pd.DataFrame:
    return table[(table.indicator == indicator) & (table.region == region) & (table.occupation_group == occupation_group)]


def band(table: pd.DataFrame, indicator: str, region: str = PROVINCE) -> pd.DataFrame:
    """Per date (index): mean, low and high over the runs (skillsim.bands), and n."""
    rows = _rows(table, indicator, region)
    if rows.empty:
        return pd.DataFrame(columns=["mean", "low", "high", "n"])
    b = B.band(B.members(rows, ["date"]), ["date"])
    return b.set_index("date")[["mean", "low", "high", "n"]].sort_index()


def end_year(table: pd.DataFrame) -> int:
    return int(pd.Timestamp(table["date"].max()).year)


def _last_value(table: pd.DataFrame, indicator: str, region: str = PROVINCE) -> float | None:
    rows = _rows(table, indicator, region)
    if rows.empty:
        return None
    last = rows[rows.date == rows.date.max()]
    return float(last["value"].mean())


def total_cost(table: pd.DataFrame) -> float | None:
    """Sum of `cost_eur` rows (province total if present, else the regions), mean over
    seeds; None if the table has no cost rows."""
    rows = table[table.indicator == COST_INDICATOR]
    if rows.empty:
        return None
    if "occupation_group" in rows and (rows.occupation_group == "all").any():
        rows = rows[rows.occupation_group == "all"]
    if (rows.region == PROVINCE).any():
        rows = rows[rows.region == PROVINCE]
    per_seed = rows.groupby("seed", observed=True)["value"].sum()
    return float(per_seed.mean())


def end_figures(table: pd.DataFrame) -> dict[str, float | None]:
    """The end year's shortfall (annual), cumulative shortfall, unemployment rate and cost."""
    return {
        "shortfall": _last_value(table, "technical_shortfall"),
        "cumulative": _last_value(table, "technical_shortfall_cumulative"),
        "unemployment": _last_value(table, "unemployment_rate"),
        "cost": total_cost(table),
        "shortage_years": float(shortage_years(table).mean()) if len(_rows(table, "technical_shortfall")) else None,
    }


def cost_per_avoided(scen: dict, ref: dict | None, interval: tuple[float, float] | None = None) -> tuple[float | None, str]:
    """Extra cost per person of shortfall avoided, with the reason if there is none.

    `scen`/`ref` carry "shortage_years" (the shortfall summed over shortfall years only: a
    surplus year, more inflow than demand, counts as 0, so a surplus cannot buy a lower
    price) or else "cumulative"; `interval` is the 95% interval of the paired difference
    (skillsim.bands): no figure when it does not lie below zero."""
    key = "shortage_years" if scen.get("shortage_years") is not None else "cumulative"
    if ref is None or ref.get(key) is None or scen.get(key) is None:
        return None, "no_reference"
    avoided = ref[key] - scen[key]
    cost = (scen.get("cost") or 0.0) - (ref.get("cost") or 0.0)
    if scen.get("cost") is None and ref.get("cost") is None:
        return None, "no_cost"
    if avoided <= 0:
        return None, "none_avoided"
    if interval is not None and not (B.distinguishable(*interval) and interval[1] < 0):
        return None, "not_distinguishable"
    if cost <= 0:
        return None, "no_extra_cost"
    return cost / avoided, ""


def shortage_years(table: pd.DataFrame) -> pd.Series:
    """Per seed: the province's technical shortfall summed over the years with a shortfall
    (a year with more inflow than demand counts as 0)."""
    rows = _rows(table, "technical_shortfall")
    return rows.groupby("seed", observed=True)["value"].apply(lambda v: float(v.clip(lower=0).sum()))


def paired_differences(scen: pd.DataFrame, ref: pd.DataFrame) -> dict[str, tuple[float, float, float]]:
    """Per figure (shortfall, cumulative, unemployment, shortage_years): mean of the
    per-seed differences scenario - reference with its 95% interval (skillsim.bands)."""
    def per_seed(table, indicator):
        rows = _rows(table, indicator)
        last = rows[rows.date == rows.date.max()]
        return last.groupby("seed", observed=True)["value"].sum()

    out = {}
    for key, indicator in (("shortfall", "technical_shortfall"), ("cumulative", "technical_shortfall_cumulative"),
                           ("unemployment", "unemployment_rate")):
        a, b = per_seed(scen, indicator), per_seed(ref, indicator)
        both = a.index.intersection(b.index)
        out[key] = B.paired_interval((a[both] - b[both]).to_numpy()) if len(both) else (math.nan,) * 3
    a, b = shortage_years(scen), shortage_years(ref)
    both = a.index.intersection(b.index)
    out["shortage_years"] = B.paired_interval((a[both] - b[both]).to_numpy()) if len(both) else (math.nan,) * 3
    return out


def region_cumulative(table: pd.DataFrame) -> pd.Series:
    """Cumulative technical shortfall at the end, by labour-market region (mean over seeds)."""
    out = {}
    for region in REGIONS:
        value = _last_value(table, "technical_shortfall_cumulative", region)
        if value is not None:
            out[region] = value
    return pd.Series(out, dtype=float)


# ------------------------------------------------------------------ PET's caveat
PET_LEVER = "pet"  # model/levers/campuses.py: technology promotion events


def pet_in(table: pd.DataFrame | None) -> bool:
    """True when PET is part of the run: the tidy table has PET's per-lever rows
    (`<indicator>.pet`, written for every lever that is switched on, zero or not:
    model/results.py)."""
    if table is None or table.empty:
        return False
    names = table["indicator"]
    cats = names.cat.categories if isinstance(names.dtype, pd.CategoricalDtype) else pd.Index(names.unique())
    return any(str(n).endswith(f".{PET_LEVER}") for n in cats)


def pet_switches(table: pd.DataFrame | None) -> float | None:
    """New MBO entrants who chose a technical programme because of PET, summed over the
    run (`technical_choice_switches.pet`), mean over the seeds (persons, full scale); None
    when the table has no such rows."""
    if table is None:
        return None
    rows = table[table["indicator"] == f"technical_choice_switches.{PET_LEVER}"]
    if rows.empty:
        return None
    return float(rows.groupby("seed", observed=True)["value"].sum().mean())


# ------------------------------------------------------------------ stored results
def find_results(root: Path) -> list[Path]:
    """results.parquet files under `root` (a sweep, comparison or run directory)."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("results.parquet") if not any(part.startswith(".tmp-") for part in p.parts))


def load_results(path: Path) -> pd.DataFrame:
    """Read a stored results table; ValueError naming the file if it is not the tidy table."""
    path = Path(path)
    try:
        table = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for unreadable files
        raise ValueError(f"{path}: cannot be read as parquet ({exc})") from None
    missing = [c for c in TIDY_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: not a skillsim results table; missing columns: {', '.join(missing)}")
    if table.empty:
        raise ValueError(f"{path}: the results table is empty")
    table = table.copy()
    table["scenario"] = table["scenario"].astype(str)
    table["date"] = pd.to_datetime(table["date"])
    return table


def stored_scale(path: Path) -> float | None:
    """The scale recorded in the manifest.json beside a results file, if any."""
    import json

    manifest = Path(path).parent / "manifest.json"
    try:
        return float(json.loads(manifest.read_text()).get("scale"))
    except (OSError, ValueError, TypeError):
        return None


def outcome_from_results(path: Path, scenario_name: str | None = None) -> Outcome:
    """An Outcome from a stored table: the chosen scenario against its 'baseline' rows if
    the file has them (a comparison), else with no reference."""
    table = load_results(path)
    names = sorted(table["scenario"].unique())
    if scenario_name is None or scenario_name not in names:
        scenario_name = next((n for n in names if n != "baseline"), names[0])
    scen = table[table.scenario == scenario_name]
    ref_name = "baseline" if "baseline" in names and scenario_name != "baseline" else None
    ref = table[table.scenario == ref_name] if ref_name else None
    seeds = tuple(int(s) for s in sorted(scen["seed"].unique()))
    return Outcome(scen, ref, scenario_name, ref_name, str(path), stored_scale(path), seeds)


# ------------------------------------------------------------------ net effects
def net_labels(outcome: Outcome) -> list[str]:
    """[reference label, scenario label], distinct even when both are the baseline."""
    ref = outcome.reference_name or "reference"
    scen = outcome.scenario_name if outcome.scenario_name != ref else f"{outcome.scenario_name} (2)"
    return [ref, scen]


def net_effects(outcome: Outcome) -> tuple[dict | None, pd.DataFrame]:
    """The net effects of the scenario against the reference, paired by seed
    (skillsim/compare/net_effects.py): (the comparison-table columns for the end year, as
    in comparison.csv, with cost_eur; the per-year long table). (None, empty) without a
    reference. Only levers cost money, so a scenario that costs more is taken to change
    levers (the dashboard has no separate test for an economic variant). Computed once
    per outcome (kept in outcome.net)."""
    from skillsim.compare import net_effects as NE

    if outcome.reference is None:
        return None, pd.DataFrame(columns=list(NE.NET_COLUMNS))
    if outcome.net is None:
        outcome.net = _net_effects(outcome)
    row, net = outcome.net
    return dict(row), net


def _net_effects(outcome: Outcome) -> tuple[dict, pd.DataFrame]:
    from skillsim.compare import net_effects as NE
    from skillsim.compare.summary import net_columns

    labels = net_labels(outcome)
    # only the rows the net effects read (a whole tidy table is ~10 times larger and slow to concatenate)
    ref = outcome.reference[outcome.reference["indicator"].isin(NE.INDICATORS)]
    scen = outcome.scenario[outcome.scenario["indicator"].isin(NE.INDICATORS)]
    table = pd.concat([ref.assign(scenario=labels[0]), scen.assign(scenario=labels[1])], ignore_index=True)
    table["date"] = pd.to_datetime(table["date"])
    start = int(pd.Timestamp(table["date"].min()).year)
    end = end_year(table)
    levels = NE.levels(table, start, end)
    net = NE.paired(levels, labels)
    cost, ref_cost = total_cost(outcome.scenario) or 0.0, total_cost(outcome.reference) or 0.0
    extra = cost - ref_cost
    row = net_columns(levels, labels[1], labels[0], end, extra, changes_levers=extra > 0)
    if not extra > 0:  # the reason is "no extra cost", not "no levers"
        for key in ("cost_per_net_technical_job", "cost_per_net_job"):
            row[f"{key}_reason"] = "no_extra_cost"
    row.update(scenario=labels[1], cost_eur=cost, start_year=start, end_year=end)
    return row, net


# ------------------------------------------------------------------ a comparison's ensemble
COMPARISON_FILES = ("comparison.csv", "uncertainty.csv", "tension_categories.csv", "net_effects.csv")


@dataclass
class Comparison:
    """A `skillsim compare` output folder as the dashboard shows it."""
    folder: Path
    summary: pd.DataFrame
    labels: list[str]
    split: pd.DataFrame | None
    categories: pd.DataFrame | None
    net: pd.DataFrame | None
    cumulative: pd.DataFrame       # yearly bands of the cumulative shortfall (skillsim.bands)
    composition: tuple[int, int, int] | None
    n_runs: int
    manifest: dict
    pet: bool = False              # PET is part of a compared scenario (its caveat is shown)


def find_comparisons(root: Path) -> list[Path]:
    """Folders under `root` written by `skillsim compare` (comparison.csv and runs.parquet)."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p.parent for p in root.rglob("comparison.csv")
                  if (p.parent / "runs.parquet").is_file() and not any(s.startswith(".tmp-") for s in p.parts))


def load_comparison(folder: Path) -> Comparison:
    """Read a compare folder; ValueError naming the file when one cannot be read."""
    import json

    from skillsim.compare import uncertainty as U
    from skillsim.compare.summary import yearly_bands

    folder = Path(folder)

    def csv(name: str, required: bool = False) -> pd.DataFrame | None:
        path = folder / name
        if not path.is_file():
            if required:
                raise ValueError(f"{path}: missing; a folder written by skillsim compare has it")
            return None
        try:
            return pd.read_csv(path)
        except Exception as exc:  # pandas raises several types for unreadable files
            raise ValueError(f"{path}: cannot be read as CSV ({exc})") from None

    summary = csv("comparison.csv", required=True)
    if "scenario" not in summary.columns or summary.empty:
        raise ValueError(f"{folder / 'comparison.csv'}: not a skillsim comparison table (no scenario rows)")
    summary["scenario"] = summary["scenario"].astype(str)
    labels = list(summary["scenario"])
    try:
        runs_table = pd.read_parquet(folder / "runs.parquet",
                                     filters=[("indicator", "in", ["technical_shortfall"])])
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types
        raise ValueError(f"{folder / 'runs.parquet'}: cannot be read ({exc})") from None
    runs_table["scenario"] = pd.Categorical(runs_table["scenario"].astype(str), categories=labels, ordered=True)
    start, end = int(summary["start_year"].iloc[0]), int(summary["end_year"].iloc[0])
    cumulative = yearly_bands(runs_table, start, end, cumulative=True)
    composition = U.ensemble_composition(runs_table)
    n_runs = int(runs_table["member"].nunique()) if "member" in runs_table else int(runs_table["seed"].nunique())
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        manifest = {}
    categories = csv("tension_categories.csv")
    net = csv("net_effects.csv")
    for frame in (csv_frame for csv_frame in (categories, net) if csv_frame is not None):
        frame["scenario"] = frame["scenario"].astype(str)
    try:  # PET's per-lever rows (cost_eur.pet is among the lever indicators compare keeps)
        pet_rows = pd.read_parquet(folder / "runs.parquet", columns=["indicator"],
                                   filters=[("indicator", "in", [f"cost_eur.{PET_LEVER}"])])
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types
        raise ValueError(f"{folder / 'runs.parquet'}: cannot be read ({exc})") from None
    return Comparison(folder, summary, labels, csv("uncertainty.csv"), categories, net, cumulative, composition,
                      n_runs, manifest, pet=len(pet_rows) > 0)
