"""Compare scenarios over the same seeds: a table, fan charts and an HTML report.

    from skillsim.compare import compare
    summary = compare(["scenarios/baseline.toml", "my.toml"], out="results/cmp", seeds=10, scale=0.1)

Steps: `execute.run_all` (every scenario x seed, common random numbers, in parallel),
`summary.summarise` (one row per scenario; paired differences against the first),
`net_effects.net_effects` (net effects per year, net_effects.csv), `charts.fan_chart`,
`charts.net_effects_chart`, `report.render`. The CLI is `skillsim compare` (skillsim/commands/compare.py).
"""

from __future__ import annotations

import json
import math
import time
from importlib import metadata
from pathlib import Path

import pandas as pd

from skillsim.model.scenario import Scenario
from skillsim import bands as B, runs
from skillsim.compare import ensemble as EN, net_effects as NE, uncertainty as U
from skillsim.compare.charts import fan_chart, net_effects_chart
from skillsim.compare.execute import LEVER_INDICATORS, run_all, summary_rows
from skillsim.compare.labels import LANGS, text
from skillsim.compare.report import render, table_rows
from skillsim.compare.summary import COLUMNS, bands, has_indicator, summarise, yearly_bands
from skillsim.errors import UserError
from skillsim.paths import calibration_dir
from skillsim.limits import MAX_COMPARE_RUNS, MAX_COMPARE_SCENARIOS, MAX_COMPARE_SEEDS, MAX_WORKERS

__all__ = ["compare", "check_options", "check_size", "load_all", "unique_labels", "format_table", "COLUMNS"]


def check_options(seeds: int, scale: float, lang: str, workers: int | None, first_seed: int = 0) -> None:
    if not (2 <= seeds <= MAX_COMPARE_SEEDS):
        raise UserError(f"--seeds {seeds} is not allowed; allowed: an integer in [2, {MAX_COMPARE_SEEDS}] "
                        f"(differences need a spread over seeds)")
    if not (isinstance(scale, (int, float)) and 0 < scale <= 1) or math.isnan(scale):
        raise UserError(f"--scale {scale} is not allowed; allowed: a number in (0, 1] (1 = every person)")
    runs.check_run_options(0, scale)
    last_seed = 2**32 - 1
    if not (0 <= first_seed <= last_seed - seeds + 1):
        raise UserError(f"--first-seed {first_seed} is not allowed; allowed: an integer in [0, {last_seed - seeds + 1}] "
                        f"(seeds first .. first+{seeds - 1} must lie in [0, {last_seed}])")
    if lang not in LANGS:
        raise UserError(f"--lang {lang} is not allowed; allowed: {', '.join(LANGS)}")
    if workers is not None and not (1 <= workers <= MAX_WORKERS):
        raise UserError(f"--workers {workers} is not allowed; allowed: an integer in [1, {MAX_WORKERS}]")


def check_size(n_scenarios: int, seeds: int) -> None:
    """Bounds on the comparison's size, before any scenario is loaded or run."""
    if n_scenarios > MAX_COMPARE_SCENARIOS:
        raise UserError(f"{n_scenarios} scenarios are too many for one comparison; allowed: 1 to {MAX_COMPARE_SCENARIOS}")
    if n_scenarios * seeds > MAX_COMPARE_RUNS:
        raise UserError(f"{n_scenarios} scenarios x --seeds {seeds} = {n_scenarios * seeds:,} runs; allowed: at most "
                        f"{MAX_COMPARE_RUNS:,} runs in one comparison (use skillsim sweep for more)")


def load_all(paths: list[str | Path]) -> tuple[list[Scenario], int, int]:
    """Load every scenario; they must share the run period. Returns (scenarios, start, end)."""
    if not paths:
        raise UserError("no scenario files given; allowed: one or more scenario TOML files")
    check_size(len(paths), 2)
    scenarios = [runs.load(p) for p in paths]
    periods = {(s.get("run.start_year"), s.get("run.end_year")) for s in scenarios}
    if len(periods) > 1:
        listing = ", ".join(f"{p}: {s.get('run.start_year')}-{s.get('run.end_year')}" for p, s in zip(paths, scenarios))
        raise UserError(f"scenarios cover different periods ({listing}); allowed: the same run.start_year and run.end_year in every scenario")
    start, end = periods.pop()
    return scenarios, int(start), int(end)


def unique_labels(scenarios: list[Scenario]) -> list[str]:
    """Scenario names, made unique ('name', 'name-2', ...) when two files share a name."""
    seen: dict[str, int] = {}
    out = []
    for sc in scenarios:
        seen[sc.name] = seen.get(sc.name, 0) + 1
        out.append(sc.name if seen[sc.name] == 1 else f"{sc.name}-{seen[sc.name]}")
    return out


def format_table(summary: pd.DataFrame, lang: str, missing: list[str]) -> str:
    """The comparison table as plain text for the terminal."""
    rows = table_rows(summary, lang, missing)
    header = [text(lang, "metric")] + [str(s) for s in summary["scenario"]]
    lines = [[metric] + [main + (f"  {band}" if band else "") for main, band in cells] for metric, cells in rows]
    widths = [max(len(r[i]) for r in [header] + lines) for i in range(len(header))]
    fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([fmt(header), "  ".join("-" * w for w in widths)] + [fmt(r) for r in lines])


def _ensemble(spec_text: str | None, posterior_path, demand_paths_path, seeds: int, first_seed: int):
    """(members, make, description) for --ensemble, or (None, None, None) without it."""
    if not spec_text:
        return None, None, None
    spec = EN.parse_spec(spec_text)
    paths = EN.load_demand_paths(demand_paths_path or calibration_dir() / "demand_paths.toml")
    posterior = draw_rows = None
    if spec.posterior:
        posterior = EN.load_posterior(posterior_path or calibration_dir() / "posterior.csv")
        draw_rows = EN.pick_draws(posterior, spec.posterior)
    members = EN.members(spec, paths, seeds, first_seed)
    if spec.seeds:
        runs.check_run_options(first_seed + spec.seeds - 1, 1.0)

    def make(scenario, member):
        return EN.apply(scenario, member, posterior, draw_rows, paths)

    info = {"spec": spec_text, "members": len(members),
            "parameter_draws": spec.posterior, "posterior": str(posterior_path or calibration_dir() / "posterior.csv")
            if spec.posterior else None,
            "demand_paths": {n: p.growth_per_year for n, p in paths.paths.items()
                             if n in {m.demand_path for m in members}},
            "demand_from_year": paths.from_year,
            "seeds": sorted({m.seed for m in members})}
    return members, make, info


def compare(paths: list[str | Path], out: str | Path, seeds: int = 10, scale: float = 1.0,
            workers: int | None = None, lang: str = "nl", first_seed: int = 0, progress: bool = True,
            command: list[str] | None = None, overwrite: bool = False, ensemble: str | None = None,
            posterior: str | Path | None = None,
            demand_paths: str | Path | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Run, summarise and write DIR/report.html, comparison.csv, runs.parquet, fan charts,
    net_effects.csv and its chart, uncertainty.csv, tension_categories.csv and
    manifest.json (all or nothing). `ensemble`:
    'posterior:N,demand:all,seeds:K' (skillsim/compare/ensemble.py) instead of seeds only.
    Returns (summary table, indicators not reported).
    The folder is checked, locked and its ownership checked (skillsim.outputs) before
    any run starts."""
    from skillsim import outputs

    check_options(seeds, scale, lang, workers, first_seed)
    check_size(len(paths), seeds)
    scenarios, start, end = load_all(paths)
    out = outputs.check_out(str(out))
    labels = unique_labels(scenarios)
    ens = _ensemble(ensemble, posterior, demand_paths, seeds, first_seed)
    if ens[0] is not None and len(paths) * len(ens[0]) > MAX_COMPARE_RUNS:
        raise UserError(f"{len(paths)} scenarios x {len(ens[0])} ensemble members = {len(paths) * len(ens[0]):,} runs; "
                        f"allowed: at most {MAX_COMPARE_RUNS:,} runs in one comparison (use skillsim sweep for more)")
    identity = {"command": "compare", "scenarios": labels}
    with outputs.claim(out, identity, overwrite=overwrite) as claim:
        return _compare(paths, out, claim, scenarios, labels, start, end, seeds, scale, workers, lang,
                        first_seed, progress, command, ens)


def _compare(paths, out, claim, scenarios, labels, start, end, seeds, scale, workers, lang, first_seed,
             progress, command, ens=(None, None, None)) -> tuple[pd.DataFrame, list[str]]:
    members, make, ens_info = ens
    seed_list = list(range(first_seed, first_seed + seeds)) if members is None else ens_info["seeds"]
    t0 = time.perf_counter()
    table = run_all(scenarios, labels, seed_list, scale, workers=workers, progress=progress,
                    ensemble=None if members is None else (members, make))
    wall = time.perf_counter() - t0
    read = summary_rows(table)  # the rows the summary reads (with the net effects'): the same numbers, faster
    missing = [ind for ind in LEVER_INDICATORS if not has_indicator(read, ind)]
    summary = summarise(read, scenarios, labels, scale, start, end)
    net = NE.net_effects(table, labels, start, end)
    split = U.decomposition(table, labels, start, end)
    categories = U.tension_categories(table, labels)
    composition = U.ensemble_composition(table)
    n_members = int(table["member"].nunique())
    command = command or ["skillsim", "compare", *map(str, paths), "--seeds", str(seeds), "--scale", f"{scale:g}",
                          "--lang", lang, "--out", str(out)]
    provenance = {"created": time.strftime("%Y-%m-%d %H:%M"), "version": _version(), "commit": runs.git_commit(),
                  "command": " ".join(command)}

    def writer(tmp: Path) -> None:
        table.to_parquet(tmp / "runs.parquet", index=False)
        summary.to_csv(tmp / "comparison.csv", index=False)
        net.to_csv(tmp / "net_effects.csv", index=False)
        split.to_csv(tmp / "uncertainty.csv", index=False, float_format="%.6g")
        categories.to_csv(tmp / "tension_categories.csv", index=False, float_format="%.4g")
        images = {}
        level = split[split.quantity == "level"].set_index("scenario")
        first_split = (B.split_sentence(lang, *(float(level.loc[labels[0], f"share_{k}"])
                                                for k in ("chance", "parameters", "demand")))
                       if composition and labels[0] in level.index else "")
        for kind, key, band in (("shortfall", "fan_shortfall", yearly_bands(read, start, end)),
                                ("cumulative", "fan_cumulative", yearly_bands(read, start, end, cumulative=True)),
                                ("unemployment", "fan_unemployment", bands(read, "unemployment_rate"))):
            path = tmp / f"{key}.png"
            fan_chart(band, labels, path, lang, kind, composition=composition,
                      split=first_split if kind == "cumulative" else "")
            images[text(lang, key)] = path
        net_image = tmp / "net_effects.png"
        members = "" if composition is None else (" (" + B.band_label(lang, n_members, composition).split("(", 1)[1])
        net_effects_chart(net, labels, net_image, lang, n_members, members, start)
        (tmp / "report.html").write_text(
            render(summary, scenarios, labels, lang, images, seed_list, scale, missing, provenance,
                   uncertainty=(split, categories, composition, n_members), net=net, net_image=net_image),
            encoding="utf-8")
        (tmp / "manifest.json").write_text(json.dumps({
            "scenarios": [{"label": lab, "name": sc.name, "files": sc.source_files, "sha256": sc.sha256}
                          for lab, sc in zip(labels, scenarios)],
            "seeds": seed_list, "members": n_members, "ensemble": ens_info, "scale": scale, "period": f"{start}-{end}", "lang": lang,
            "not_reported": missing, "git_commit": provenance["commit"], "data_snapshot": runs.data_snapshot(),
            "packages": runs.package_versions(), "wall_time_s": round(wall, 3), "command": command,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }, indent=2) + "\n")

    claim.write(writer)
    return summary, missing


def _version() -> str:
    try:
        return metadata.version("skillsim")
    except metadata.PackageNotFoundError:
        return "unknown"
