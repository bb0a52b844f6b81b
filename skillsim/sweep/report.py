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

from skillsim import bands as B
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


WORDS = {
    "nl": {
        "mean_of_year": " (gemiddelde van het jaar)",
        "distributions": "{name}: eindwaarden per run, {region} ({n} runs)",
        "vs": "{name}: eindwaarden tegen {param}",
        "over_time": "Tekort aan technici per jaar over de runs, {region}",
        "band": "gemiddelde en band",
        "year": "jaar",
        "negative": "Onder de nul: meer instroom dan vraag in dat jaar (een overschot).",
        "source": "Bron: skillsim-modelberekening (sweep {name}).",
        "title": "Sweepverslag: {name}",
        "dir": "Sweepmap: `{dir}`; sweepbestand `{file}`",
        "runs": "Runs: {n} ({counts}); schaal {scale}, {seeds} seed(s) per ontwerppunt, ontwerp {design}",
        "version": "Codeversie `{code}`, datasnapshot `{snap}`",
        "region_note": ("Regio {region}, alle beroepsgroepen. Eindwaarde = waarde in {end} voor jaarcijfers "
                        "(tekort aan technici = gevraagde nieuwe technici min technici die in dat jaar een "
                        "technische baan kregen; het opgetelde tekort telt dat op vanaf het startjaar); gemiddelde "
                        "van de 12 maanden van {end} voor maandcijfers. Aantallen op schaal van de hele bevolking."),
        "table_head": "Eindwaarden per scenario (gemiddelde [10e - 90e percentiel] over de runs)",
        "scenario": "scenario", "n_runs": "runs",
        "figures": "Figuren",
        "failed": "Runs zonder resultaat",
        "fig_titles": {"distributions": "Eindwaarden per scenario", "over_time": "Tekort aan technici per jaar"},
        "vs_title": "Eindwaarden tegen {param}",
        "status": {"done": "klaar", "failed": "mislukt", "missing": "ontbreekt", "timeout": "te lang"},
        "points": " Daarbij {k} ontwerppunten van de sweep.",
        "split_head": "Onzekerheid per bron (ensemble)",
        "split_note": ("Per scenario{point}: de band van de eindwaarde over de runs en de verdeling van de "
                       "spreiding (variantie) over de parametertrekkingen, de vraagpaden en toeval (seeds en "
                       "wisselwerkingen), zoals in `skillsim compare --ensemble` (docs/compare.md). 'verschil' = "
                       "het verschil met {first} per run (zelfde trekking, vraagpad en seed: gepaard). Ook in "
                       "`uncertainty.csv`."),
        "split_point": " en ontwerppunt",
        "quantity": {"level": "niveau", "difference": "verschil"},
        "split_cols": ("scenario", "ontwerppunt", "indicator", "wat", "runs", "gemiddelde [band]", "parameters",
                       "vraag", "toeval"),
    },
    "en": {
        "mean_of_year": " (mean of the year)",
        "distributions": "{name}: end values per run, {region} ({n} runs)",
        "vs": "{name}: end values against {param}",
        "over_time": "Technical shortfall per year across runs, {region}",
        "band": "mean and band",
        "year": "year",
        "negative": "Below zero: more inflow than demand in that year (a surplus).",
        "source": "Source: skillsim model runs (sweep {name}).",
        "title": "Sweep report: {name}",
        "dir": "Sweep directory: `{dir}`; sweep file `{file}`",
        "runs": "Runs: {n} ({counts}); scale {scale}, {seeds} seed(s) per design point, design {design}",
        "version": "Code version `{code}`, data snapshot `{snap}`",
        "region_note": ("Region {region}, all occupation groups. End value = value in {end} for annual indicators "
                        "(technical shortfall = new technicians wanted minus technicians who entered a technical job "
                        "in that year; the cumulative one sums it from the start year); mean of the 12 months of "
                        "{end} for monthly ones. Counts are at full-population scale."),
        "table_head": "End values per scenario (mean [10th - 90th percentile] across runs)",
        "scenario": "scenario", "n_runs": "runs",
        "figures": "Figures",
        "failed": "Runs without results",
        "fig_titles": {"distributions": "End values per scenario", "over_time": "Technical shortfall per year"},
        "vs_title": "End values against {param}",
        "status": {},
        "points": " Over {k} design points of the sweep as well.",
        "split_head": "Uncertainty by source (ensemble)",
        "split_note": ("Per scenario{point}: the band of the end value across runs and the split of its spread "
                       "(variance) into parameter draws, demand paths and chance (seeds and interactions), as in "
                       "`skillsim compare --ensemble` (docs/compare.md). 'difference' = the difference with {first} "
                       "per run (same draw, demand path and seed: paired). Also in `uncertainty.csv`."),
        "split_point": " and design point",
        "quantity": {"level": "level", "difference": "difference"},
        "split_cols": ("scenario", "design point", "indicator", "quantity", "runs", "mean [band]", "parameters",
                       "demand", "chance"),
    },
}

# Indicator names as policy staff read them (other indicators keep their key).
INDICATOR_LABELS = {
    "nl": {"technical_shortfall": "Tekort aan technici", "technical_shortfall_cumulative": "Opgeteld tekort aan technici",
           "unemployment_rate": "Werkloosheid", "technical_demand": "Vraag naar technici",
           "technical_inflow": "Instroom in technische banen", "open_vacancies": "Openstaande vacatures",
           "tension": "Spanning (vacatures per werkloze)", "employed": "Werkenden", "unemployed": "Werklozen",
           "cost_eur": "Kosten"},
    "en": {"technical_shortfall": "Technical shortfall", "technical_shortfall_cumulative": "Cumulative technical shortfall",
           "unemployment_rate": "Unemployment rate", "technical_demand": "Demand for technicians",
           "technical_inflow": "Inflow into technical jobs", "open_vacancies": "Open vacancies",
           "tension": "Tension (vacancies per unemployed)", "employed": "Employed", "unemployed": "Unemployed",
           "cost_eur": "Cost"},
}


def indicator_label(ind: str, lang: str) -> str:
    return INDICATOR_LABELS[lang].get(ind, ind)


def unit_label(unit: str, lang: str) -> str:
    from skillsim.dashboard.texts import unit_label as dashboard_unit

    return dashboard_unit(unit, lang)


def param_label(key: str, lang: str, with_key: bool = True) -> str:
    """A varied parameter's readable name (its declared label), with the key for modellers."""
    from skillsim.model import parameters as P
    from skillsim.dashboard.texts import param_label as label_of

    param = P.BY_KEY.get(key)
    if param is None:
        return key
    label = label_of(param, lang)
    if label in ("", key):
        return key
    return f"{label} ({key})" if with_key else label


def _label(ind: str, end_year: int, units: dict, lang: str = "nl") -> str:
    how = "" if ind in ANNUAL else WORDS[lang]["mean_of_year"]
    return f"{indicator_label(ind, lang)} {end_year}{how}\n[{unit_label(units.get(ind, ''), lang)}]"


def _fmt(v: float, lang: str, decimals: int) -> str:
    from skillsim.compare.labels import number

    return number(float(v), lang, decimals)


def over_time_band(table: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """The yearly technical shortfall of one scenario across runs: one row per year (the
    year the value is dated in: values dated 31 December belong to that year), with the
    band of every output (skillsim.bands)."""
    ts = table[(table.indicator == "technical_shortfall") & (table.scenario == scenario)]
    ts = ts.assign(year=pd.DatetimeIndex(ts["date"]).year)
    return B.band(B.members(ts, ["year"]), ["year"]).set_index("year")


MEMBER_KEYS = ("parameter_draw", "demand_path", "replicate")


def composition(runs: pd.DataFrame) -> tuple[int, int, int] | None:
    """(parameter draws, demand paths, seeds per design point) of a sweep with [ensemble]
    (runs.parquet has parameter_draw and demand_path), else None."""
    if "parameter_draw" not in runs.columns or "demand_path" not in runs.columns:
        return None
    done = runs[runs.status == "done"]
    return (int(done["parameter_draw"].nunique()), int(done["demand_path"].astype(str).nunique()),
            int(done["replicate"].nunique()))


def _point_label(row, params: list[str]) -> str:
    return ", ".join(f"{p} = {row[p]:g}" if isinstance(row[p], float) else f"{p} = {row[p]}" for p in params)


def ensemble_split(wide: pd.DataFrame, params: list[str], inds: list[str], scenarios: list[str]) -> pd.DataFrame:
    """Per scenario, design point and indicator: the band (skillsim.bands.spread: mean,
    10th and 90th percentile across the runs) of the end value and the split of its
    variance into parameters, demand and chance (skillsim.compare.ensemble.decompose:
    main effects of the crossed design); quantity 'difference': the same for the paired
    difference with the first scenario (same design point, draw, path and replicate)."""
    from skillsim.compare import ensemble as EN

    wide = wide.reset_index()
    wide["demand_path"] = wide["demand_path"].astype(str)
    wide["point"] = wide.apply(lambda r: _point_label(r, params), axis=1) if params else ""
    match = ["point", *MEMBER_KEYS]
    rows = []
    first = wide[wide.scenario == scenarios[0]]
    for s in scenarios:
        mine = wide[wide.scenario == s]
        for point, at in mine.groupby("point", sort=False):
            for ind in inds:
                frames = [("level", at[[*match, ind]].rename(columns={ind: "value"}))]
                if s != scenarios[0]:
                    both = at[[*match, ind]].merge(first[[*match, ind]], on=match, suffixes=("", "_first"))
                    frames.append(("difference", both.assign(value=both[ind] - both[f"{ind}_first"])[[*match, "value"]]))
                for quantity, f in frames:
                    f = f.dropna(subset=["value"])
                    if not len(f):
                        continue
                    m, lo, hi = B.spread(f["value"])
                    rows.append({"scenario": s, "point": point, "indicator": ind, "quantity": quantity, "n": len(f),
                                 "mean": m, "p10": lo, "p90": hi, **EN.decompose(f)})
    return pd.DataFrame(rows)


def write_report(sweep_dir: Path, out: Path | None = None, lang: str = "nl", overwrite: bool = False) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if lang not in WORDS:
        raise UserError(f"--lang {lang} is not allowed; allowed: {', '.join(WORDS)}")
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
        claim.write(lambda tmp: names.extend(f.name for f in _write_files(tmp, sweep_dir, table, runs, meta, plt, lang)))
    return [out / n for n in names]


def _write_files(out: Path, sweep_dir: Path, table: pd.DataFrame, runs: pd.DataFrame, meta: dict, plt,
                 lang: str = "nl") -> list[Path]:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    w = WORDS[lang]
    done = runs[runs.status == "done"]
    units = table.drop_duplicates("indicator").set_index("indicator")["unit"].astype(str).to_dict()
    wide = end_values(table)
    info = runs.set_index("run_key")
    wide = wide.join(info, how="left")
    inds = _indicators(wide[[c for c in wide.columns if c in units or c == "end_year"]])
    end_year = int(wide["end_year"].max())
    base_cols = {"run_key", "scenario", "scenario_file", "replicate", "seed", "scale", "status", "error",
                 "parameter_draw", "demand_path"}
    params = [c for c in runs.columns if c not in base_cols]
    scenarios = list(dict.fromkeys(runs.scenario))
    colours = {s: plt.get_cmap("tab10")(i % 10) for i, s in enumerate(scenarios)}
    region = str(table.region.iloc[0])
    name = meta.get("name", sweep_dir.name)
    numbers = FuncFormatter(lambda v, _: _fmt(v, lang, 0 if abs(v) >= 10 or v == 0 else 2))
    source = w["source"].format(name=name)
    comp = composition(runs)
    n_points = len(wide[params].drop_duplicates()) if params else 1

    def band_words(n: int) -> str:  # the band's definition and make-up, under every plot and table
        text = B.band_sentence(lang, n, "sweep", differences=False, composition=comp)
        return text + (w["points"].format(k=n_points) if comp and n_points > 1 else "")

    files: list[Path] = []

    # 1. distributions of end values per scenario
    fig, axes = plt.subplots(1, len(inds), figsize=(4.2 * len(inds), 4.6), squeeze=False)
    rng = np.random.default_rng(0)  # jitter only
    for ax, ind in zip(axes[0], inds):
        data = [wide.loc[wide.scenario == s, ind].dropna().to_numpy() for s in scenarios]
        ax.boxplot(data, widths=0.5, showfliers=False, whis=(10, 90))
        for i, (s, d) in enumerate(zip(scenarios, data), start=1):
            ax.scatter(i + rng.uniform(-0.12, 0.12, len(d)), d, s=12, alpha=0.6, color=colours[s])
        ax.set_xticks(range(1, len(scenarios) + 1), scenarios, rotation=20)
        ax.set_title(_label(ind, end_year, units, lang), fontsize=9)
        ax.yaxis.set_major_formatter(numbers)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(w["distributions"].format(name=name, region=region, n=len(done)), fontsize=10)
    fig.supxlabel(("Doos: 25e-75e percentiel, streep: mediaan, snorren: 10e-90e percentiel over de runs. "
                   if lang == "nl" else "Box: 25th-75th percentile, bar: median, whiskers: 10th-90th percentile "
                   "across runs. ") + (band_words(int(wide.groupby("scenario").size().max())) + " " if comp else "")
                  + source, fontsize=7, color="#555", wrap=True)
    fig.tight_layout()
    files.append(out / "distributions.png")
    fig.savefig(files[-1], dpi=110, metadata={"Software": None})
    plt.close(fig)

    # 2. each end value against each varied parameter
    for p in params:
        fig, axes = plt.subplots(1, len(inds), figsize=(4.2 * len(inds), 4.2), squeeze=False)
        for ax, ind in zip(axes[0], inds):
            for s in scenarios:
                sub = wide[wide.scenario == s]
                ax.scatter(sub[p], sub[ind], s=14, alpha=0.7, color=colours[s], label=s)
            ax.set_xlabel(param_label(p, lang, with_key=False), fontsize=8)
            ax.xaxis.set_major_formatter(FuncFormatter(
                lambda v, _: (f"{v:.6g}".replace(".", ",") if lang == "nl" else f"{v:.6g}")))
            ax.set_title(_label(ind, end_year, units, lang), fontsize=9)
            ax.yaxis.set_major_formatter(numbers)
            ax.grid(alpha=0.3)
        if len(scenarios) > 1:
            axes[0][0].legend(fontsize=7)
        fig.suptitle(w["vs"].format(name=name, param=param_label(p, lang)), fontsize=10)
        fig.supxlabel(source, fontsize=7, color="#555")
        fig.tight_layout()
        files.append(out / f"vs_{p.replace('.', '_')}.png")
        fig.savefig(files[-1], dpi=110, metadata={"Software": None})
        plt.close(fig)

    # 3. technical shortfall over time: mean and band per scenario, each value on its own year
    ts = table[table.indicator == "technical_shortfall"]
    if not ts.empty:
        fig, ax = plt.subplots(figsize=(7.5, 4.4))
        n_runs = 0
        for s in scenarios:
            q = over_time_band(table, s)
            n_runs = max(n_runs, int(q["n"].max()) if len(q) else 0)
            ax.fill_between(q.index, q["low"], q["high"], color=colours[s], alpha=0.2)
            ax.plot(q.index, q["mean"], color=colours[s], marker="o", ms=3, label=f"{s} ({w['band']})")
        ax.axhline(0, color="black", lw=0.6)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(w["year"])
        ax.set_ylabel(f"{indicator_label('technical_shortfall', lang)} "
                      f"[{unit_label(units.get('technical_shortfall', ''), lang)}]")
        ax.yaxis.set_major_formatter(numbers)
        ax.set_title(w["over_time"].format(region=region), fontsize=10)
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
        fig.supxlabel(band_words(n_runs) + " " + w["negative"] + " " + source, fontsize=7,
                      color="#555", wrap=True)
        fig.tight_layout()
        files.append(out / "technical_shortfall_over_time.png")
        fig.savefig(files[-1], dpi=110, metadata={"Software": None})
        plt.close(fig)

    split = None
    if comp is not None:
        split = ensemble_split(wide, params, inds, scenarios)
        files.append(out / "uncertainty.csv")
        split.to_csv(files[-1], index=False, float_format="%.6g")
    files.append(out / "index.md")
    images = [f for f in files[:-1] if f.suffix == ".png"]
    files[-1].write_text(_index(meta, sweep_dir, runs, wide, inds, units, end_year, region, scenarios, images, lang,
                                band_words=band_words, split=split, params=params))
    return files


def _band_cell(mean: float, p10: float, p90: float, unit: str | None, magnitude: float, lang: str) -> str:
    """A band as the report's tables write it, "mean [p10 - p90]": two decimals for a
    percentage or for values of `magnitude` below 10, else whole numbers."""
    decimals = 2 if unit == "%" or magnitude < 10 else 0
    return f"{_fmt(mean, lang, decimals)} [{_fmt(p10, lang, decimals)} - {_fmt(p90, lang, decimals)}]"


def _index(meta, sweep_dir, runs, wide, inds, units, end_year, region, scenarios, images, lang="nl",
           band_words=None, split=None, params=()) -> str:
    w = WORDS[lang]
    counts = runs.status.value_counts().to_dict()
    status = lambda k: w["status"].get(k, k)
    name = meta.get("name", sweep_dir.name)
    scale = meta.get("scale", "?")
    scale = str(scale).replace(".", ",") if lang == "nl" else scale
    lines = [f"# {w['title'].format(name=name)}", ""]
    if meta.get("description"):
        lines += [meta["description"], ""]
    lines += [
        "- " + w["dir"].format(dir=sweep_dir, file=meta.get("file", "?")),
        "- " + w["runs"].format(n=len(runs), counts=", ".join(f"{v} {status(k)}" for k, v in sorted(counts.items())),
                                scale=scale, seeds=meta.get("seeds", "?"),
                                design=meta.get("design", {}).get("method", "?")),
        "- " + w["version"].format(code=meta.get("code_version", "?"), snap=meta.get("data_snapshot", "?")),
        "- " + w["region_note"].format(region=region, end=end_year),
        "- " + (band_words or (lambda n: B.band_sentence(lang, n, "sweep", differences=False)))(
            int(wide.groupby("scenario").size().max()) if len(wide) else 0),
        "",
        f"## {w['table_head']}",
        "",
        f"| {w['scenario']} | {w['n_runs']} | " + " | ".join(
            f"{indicator_label(i, lang)} {end_year} ({unit_label(units.get(i, ''), lang)})" for i in inds) + " |",
        "|---|---|" + "---|" * len(inds),
    ]
    for s in scenarios:
        sub = wide[wide.scenario == s]
        cells = []
        for i in inds:
            v = sub[i].dropna()
            cells.append(_band_cell(*B.spread(v), units.get(i), v.abs().max(), lang) if len(v) else "-")
        lines.append(f"| {s} | {len(sub)} | " + " | ".join(cells) + " |")
    if split is not None and len(split):
        lines += ["", f"## {w['split_head']}", "",
                  w["split_note"].format(point=w["split_point"] if params else "", first=scenarios[0]), "",
                  "- " + band_words(int(wide.groupby("scenario").size().max())), "",
                  "| " + " | ".join(w["split_cols"]) + " |", "|---" * len(w["split_cols"]) + "|"]
        for r in split.itertuples():
            band = _band_cell(r.mean, r.p10, r.p90, units.get(r.indicator), abs(r.mean), lang)
            shares = [f"{x:.0%}" if x == x else "-" for x in (r.share_parameters, r.share_demand, r.share_chance)]
            lines.append(f"| {r.scenario} | {r.point or '-'} | {indicator_label(r.indicator, lang)} {end_year} | "
                         f"{w['quantity'][r.quantity]} | {r.n} | {band} | " + " | ".join(shares) + " |")
    lines += ["", f"## {w['figures']}", ""]
    for img in images:
        title = w["fig_titles"].get(img.stem)
        if title is None and img.stem.startswith("vs_"):
            key = next((c for c in runs.columns if c.replace(".", "_") == img.stem[3:]), img.stem[3:])
            title = w["vs_title"].format(param=param_label(key, lang))
        lines += [f"### {title or img.stem.replace('_', ' ')}", "", f"![{img.stem}]({img.name})", ""]
    failed = runs[runs.status != "done"]
    if len(failed):
        lines += [f"## {w['failed']}", "", "| run_key | scenario | status | error |", "|---|---|---|---|"]
        for r in failed.head(50).itertuples():
            lines.append(f"| `{r.run_key}` | {r.scenario} | {status(r.status)} | {str(r.error)[:120]} |")
        lines.append("")
    return "\n".join(lines) + "\n"
