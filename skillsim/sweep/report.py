"""Plots and an index page from a sweep directory (reads results.parquet and runs.parquet only).

End values, one per run and indicator (what the plots and the table show):
  - annual indicators (technical_shortfall, technical_demand, technical_inflow; unit
    persons/year) and technical_shortfall_cumulative: the value of the last simulated year;
  - monthly indicators (unemployment_rate, open_vacancies, stocks, flows): the mean of the
    twelve months of the last simulated year.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from skillsim.model import structure as S
from skillsim.errors import UserError
from skillsim.scenario_files import read_input_bytes

ANNUAL = ("technical_shortfall", "technical_demand", "technical_inflow", "technical_shortfall_cumulative")
ORDER = ("technical_shortfall", "technical_shortfall_cumulative", "unemployment_rate")


RESULTS_COLUMNS = ("run_key", "scenario", "date", "region", "occupation_group", "indicator", "value", "unit")
RUNS_COLUMNS = ("run_key", "scenario", "status")


def load_sweep_dir(sweep_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The sweep folder's tables and sweep.json, checked: a missing, damaged or foreign
    file is refused with one line (UserError) before anything is written."""
    sweep_dir = Path(sweep_dir)
    allowed = "allowed: a directory written by 'skillsim sweep' that finished"
    meta = {}
    if (sweep_dir / "sweep.json").exists():
        try:
            meta = json.loads(read_input_bytes(sweep_dir / "sweep.json", "sweep.json", UserError).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            meta = None
        if not isinstance(meta, dict):
            raise UserError(f"{sweep_dir / 'sweep.json'}: not the JSON object 'skillsim sweep' writes; {allowed}")
    for name, columns in (("results.parquet", RESULTS_COLUMNS), ("runs.parquet", RUNS_COLUMNS)):
        _check_parquet(sweep_dir / name, columns, allowed)
    try:
        return _read_sweep_tables(sweep_dir, meta)
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - damaged data found while reading: one line, no traceback
        raise UserError(f"{sweep_dir}: results.parquet or runs.parquet cannot be read ({type(exc).__name__}); {allowed}") from None


def _check_parquet(path: Path, columns: tuple[str, ...], allowed: str) -> None:
    try:
        info = path.stat()
    except OSError:
        raise UserError(f"{path.parent}: no {path.name}; {allowed}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"{path}: not a regular file; {allowed}")
    try:
        schema = pq.read_schema(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a damaged file
        raise UserError(f"{path}: not a readable Parquet file ({type(exc).__name__}); {allowed}") from None
    missing = [c for c in columns if c not in schema.names]
    if missing:
        raise UserError(f"{path}: no column {', '.join(missing)} (not a sweep's table); {allowed}")


def _read_sweep_tables(sweep_dir: Path, meta: dict) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    regions = pq.read_table(sweep_dir / "results.parquet", columns=["region"]).column("region").unique().to_pylist()
    region = S.PROVINCE if S.PROVINCE in regions else (sorted(regions)[0] if regions else S.PROVINCE)
    table = pq.read_table(sweep_dir / "results.parquet",
                          filters=[("region", "=", region), ("occupation_group", "=", "all")]).to_pandas()
    if table.empty and regions:  # no "all" rows kept: take the first group
        table = pq.read_table(sweep_dir / "results.parquet", filters=[("region", "=", region)]).to_pandas()
        table = table[table.occupation_group == sorted(table.occupation_group.unique())[0]]
    runs = pd.read_parquet(sweep_dir / "runs.parquet")
    return table, runs, meta


def end_values(table: pd.DataFrame) -> pd.DataFrame:
    """One row per run, one column per indicator: the end value (see module docstring)."""
    if table.empty:
        return pd.DataFrame()
    t = table.assign(year=table["date"].dt.year)
    last_year = t.groupby("run_key")["year"].transform("max")
    t = t[t.year == last_year]
    annual = t[t.indicator.isin(ANNUAL)].sort_values("date").groupby(["run_key", "indicator"])["value"].last()
    monthly = t[~t.indicator.isin(ANNUAL)].groupby(["run_key", "indicator"])["value"].mean()
    wide = pd.concat([annual, monthly]).unstack("indicator")
    wide["end_year"] = t.groupby("run_key")["year"].max()
    return wide


def _indicators(wide: pd.DataFrame) -> list[str]:
    cols = [c for c in wide.columns if c != "end_year"]
    return [c for c in ORDER if c in cols] + sorted(c for c in cols if c not in ORDER)


def _label(ind: str, end_year: int, units: dict) -> str:
    how = "" if ind in ANNUAL else " (mean of the year)"
    return f"{ind} {end_year}{how}\n[{units.get(ind, '')}]"


def write_report(sweep_dir: Path, out: Path | None = None, overwrite: bool = False) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from skillsim import outputs

    sweep_dir = Path(sweep_dir)
    out = outputs.check_path(Path(out) if out else sweep_dir / "report")
    if out.absolute() == sweep_dir.absolute():
        raise UserError(f"--out {out} is the sweep directory itself; allowed: another folder (default {sweep_dir / 'report'})")
    table, runs, meta = load_sweep_dir(sweep_dir)
    done = runs[runs.status == "done"]
    if table.empty or done.empty:
        raise UserError(f"{sweep_dir}: no finished runs in results.parquet; nothing to plot")
    identity = {"command": "sweep-report", "sweep": str(sweep_dir.resolve())}
    names: list[str] = []
    with outputs.claim(out, identity, overwrite=overwrite) as claim:
        claim.write(lambda tmp: names.extend(f.name for f in _write_files(tmp, sweep_dir, table, runs, meta, plt)))
    return [out / n for n in names]


def _write_files(out: Path, sweep_dir: Path, table: pd.DataFrame, runs: pd.DataFrame, meta: dict, plt) -> list[Path]:
    done = runs[runs.status == "done"]
    units = table.drop_duplicates("indicator").set_index("indicator")["unit"].astype(str).to_dict()
    wide = end_values(table)
    info = runs.set_index("run_key")
    wide = wide.join(info, how="left")
    inds = _indicators(wide[[c for c in wide.columns if c in units or c == "end_year"]])
    end_year = int(wide["end_year"].max())
    base_cols = {"run_key", "scenario", "scenario_file", "replicate", "seed", "scale", "status", "error"}
    params = [c for c in runs.columns if c not in base_cols]
    scenarios = list(dict.fromkeys(runs.scenario))
    colours = {s: plt.get_cmap("tab10")(i % 10) for i, s in enumerate(scenarios)}
    region = str(table.region.iloc[0])
    files: list[Path] = []

    # 1. distributions of end values per scenario
    fig, axes = plt.subplots(1, len(inds), figsize=(4.2 * len(inds), 4.2), squeeze=False)
    rng = np.random.default_rng(0)  # jitter only
    for ax, ind in zip(axes[0], inds):
        data = [wide.loc[wide.scenario == s, ind].dropna().to_numpy() for s in scenarios]
        ax.boxplot(data, widths=0.5, showfliers=False)
        for i, (s, d) in enumerate(zip(scenarios, data), start=1):
            ax.scatter(i + rng.uniform(-0.12, 0.12, len(d)), d, s=12, alpha=0.6, color=colours[s])
        ax.set_xticks(range(1, len(scenarios) + 1), scenarios, rotation=20)
        ax.set_title(_label(ind, end_year, units), fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(f"{meta.get('name', sweep_dir.name)}: end values per run, {region} ({len(done)} runs)", fontsize=10)
    fig.tight_layout()
    files.append(out / "distributions.png")
    fig.savefig(files[-1], dpi=110)
    plt.close(fig)

    # 2. each end value against each varied parameter
    for p in params:
        fig, axes = plt.subplots(1, len(inds), figsize=(4.2 * len(inds), 3.8), squeeze=False)
        for ax, ind in zip(axes[0], inds):
            for s in scenarios:
                sub = wide[wide.scenario == s]
                ax.scatter(sub[p], sub[ind], s=14, alpha=0.7, color=colours[s], label=s)
            ax.set_xlabel(p, fontsize=8)
            ax.set_title(_label(ind, end_year, units), fontsize=9)
            ax.grid(alpha=0.3)
        if len(scenarios) > 1:
            axes[0][0].legend(fontsize=7)
        fig.tight_layout()
        files.append(out / f"vs_{p.replace('.', '_')}.png")
        fig.savefig(files[-1], dpi=110)
        plt.close(fig)

    # 3. technical shortfall over time: median and 5-95% band per scenario
    ts = table[table.indicator == "technical_shortfall"]
    if not ts.empty:
        fig, ax = plt.subplots(figsize=(7, 4))
        for s in scenarios:
            q = ts[ts.scenario == s].groupby("date")["value"].quantile([0.05, 0.5, 0.95]).unstack()
            ax.fill_between(q.index, q[0.05], q[0.95], color=colours[s], alpha=0.2)
            ax.plot(q.index, q[0.5], color=colours[s], label=f"{s} (median, 5-95%)")
        ax.axhline(0, color="black", lw=0.6)
        ax.set_ylabel(f"technical_shortfall [{units.get('technical_shortfall', '')}]")
        ax.set_title(f"Technical shortfall per year across runs, {region}", fontsize=10)
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
        fig.tight_layout()
        files.append(out / "technical_shortfall_over_time.png")
        fig.savefig(files[-1], dpi=110)
        plt.close(fig)

    files.append(out / "index.md")
    files[-1].write_text(_index(meta, sweep_dir, runs, wide, inds, units, end_year, region, scenarios, files[:-1]))
    return files


def _index(meta, sweep_dir, runs, wide, inds, units, end_year, region, scenarios, images) -> str:
    counts = runs.status.value_counts().to_dict()
    lines = [f"# Sweep report: {meta.get('name', sweep_dir.name)}", ""]
    if meta.get("description"):
        lines += [meta["description"], ""]
    lines += [
        f"- Sweep directory: `{sweep_dir}`; sweep file `{meta.get('file', '?')}`",
        f"- Runs: {len(runs)} ({', '.join(f'{v} {k}' for k, v in sorted(counts.items()))}); "
        f"scale {meta.get('scale', '?')}, {meta.get('seeds', '?')} seed(s) per design point, "
        f"design {meta.get('design', {}).get('method', '?')}",
        f"- Code version `{meta.get('code_version', '?')}`, data snapshot `{meta.get('data_snapshot', '?')}`",
        f"- Region {region}, all occupation groups. End value = value in {end_year} for annual indicators "
        "(technical_shortfall is new technicians wanted minus technicians who entered a technical job in that "
        "year; the cumulative one sums it from the start year); mean of the 12 months of "
        f"{end_year} for monthly ones. Counts are at full-population scale.",
        "",
        "## End values per scenario (median [5th - 95th percentile] across runs)",
        "",
        "| scenario | runs | " + " | ".join(f"{i} {end_year} ({units.get(i, '')})" for i in inds) + " |",
        "|---|---|" + "---|" * len(inds),
    ]
    for s in scenarios:
        sub = wide[wide.scenario == s]
        cells = []
        for i in inds:
            v = sub[i].dropna()
            fmt = "{:,.2f}" if units.get(i) == "%" or v.abs().max() < 10 else "{:,.0f}"
            cells.append(f"{fmt.format(v.median())} [{fmt.format(v.quantile(0.05))} - {fmt.format(v.quantile(0.95))}]"
                         if len(v) else "-")
        lines.append(f"| {s} | {len(sub)} | " + " | ".join(cells) + " |")
    lines += ["", "## Figures", ""]
    for img in images:
        lines += [f"### {img.stem.replace('_', ' ')}", "", f"![{img.stem}]({img.name})", ""]
    failed = runs[runs.status != "done"]
    if len(failed):
        lines += ["## Runs without results", "", "| run_key | scenario | status | error |", "|---|---|---|---|"]
        for r in failed.head(50).itertuples():
            lines.append(f"| `{r.run_key}` | {r.scenario} | {r.status} | {str(r.error)[:120]} |")
        lines.append("")
    return "\n".join(lines) + "\n"
