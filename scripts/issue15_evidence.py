"""Re-measure every figure issue 15's "Done means" asks for (and issue 16's comparison
evidence), on the code of this checkout, and print each beside its target or its
earlier value. Outputs go under --out (default results/issue15-evidence, never
committed); every part prints its wall time.

    .venv/bin/python scripts/issue15_evidence.py --workers 2                   # every part, the issue's settings
    .venv/bin/python scripts/issue15_evidence.py net crn --workers 2           # some parts
    .venv/bin/python scripts/issue15_evidence.py --quick --workers 2           # a dry run at small settings

Parts (in this order when all are asked for):
  ensemble   issue 16: benchmarks/ensemble_compare.py (baseline and package, 17 posterior
             draws x 3 demand paths x 2 seeds = 102 members, scale 0.1), its printed lines,
             then the band split of its uncertainty.csv and, from tension_categories.csv,
             the chance of krap or zeer krap in 2025 and 2030 for the technical groups
  net        (a) the learning account's and the package's net effects against no-policy in
             December of the end year: `skillsim compare scenarios/no-policy.toml
             scenarios/individual-learning-account.toml scenarios/package.toml --seeds 4
             --scale 0.1` (comparison.csv)
  crn        (b) work-to-work-plus against the baseline, 8 seeds, scale 0.1: the paired 95%
             interval of the cumulative shortfall difference to the end year and its
             half-width (733 with the old streams of de665ba, docs/compare.md)
  backcasts  (c) the review's programme figures (docs/levers.md "Source checks", the runs of
             tests/test_source_checks.py): sector plan finished by 1 May 2018 (154), in
             total (205), candidates per finisher (more than 5); 200-jobs plan by February
             2018 (273); House of Skills starters by the end of 2021 (5,000)
  library    the scenario library: every scenarios/*.toml with the baseline's run period,
             against the baseline (`skillsim compare` with --seeds/--scale of the library),
             printed as the Markdown table of docs/compare.md

--quick runs each part at small settings (scale 0.01, fewer seeds, a 6-member ensemble)
to learn the wall times; its figures are not the issue's.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

PARTS = ("ensemble", "net", "crn", "backcasts", "library")
ROOT = Path(__file__).resolve().parent.parent


def _fmt(x: float, digits: int = 0) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:+,.{digits}f}"


def _interval(row, stem: str, digits: int = 0) -> str:
    return (f"{_fmt(row[f'{stem}_mean'], digits)} [{_fmt(row[f'{stem}_ci_low'], digits)}; "
            f"{_fmt(row[f'{stem}_ci_high'], digits)}]")


def _commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + (" (uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _compare(names: list[str], out: Path, seeds: int, scale: float, workers: int) -> pd.DataFrame:
    from skillsim.compare import compare
    from skillsim.paths import scenario_dir

    paths = [scenario_dir() / f"{n}.toml" for n in names]
    summary, _ = compare(paths, out, seeds=seeds, scale=scale, workers=workers, lang="en", progress=False,
                         overwrite=True)
    return summary.set_index("scenario")


# ---------------------------------------------------------------- (a) net effects
NET_EFFECTS = (("net_technical_employment_2030_diff", "workers in technical occupations"),
               ("net_nontechnical_employment_2030_diff", "workers in non-technical occupations"),
               ("net_total_employment_2030_diff", "workers in all occupations"),
               ("unfilled_technical_2030_diff", "unfilled technical jobs"),
               ("unfilled_technical_job_years_diff", "unfilled technical job-years from the start year"),
               ("unfilled_nontechnical_2030_diff", "unfilled non-technical jobs"),
               ("in_retraining_2030_diff", "persons in retraining"))


def part_net(out: Path, seeds: int, scale: float, workers: int) -> None:
    names = ["no-policy", "individual-learning-account", "package"]
    summary = _compare(names, out / "net", seeds, scale, workers)
    end = int(summary["end_year"].iloc[0])
    print(f"(a) net effects against no-policy, December {end}, {seeds} seeds, scale {scale:g} "
          f"(persons, full scale; mean [95% interval]); folder {out / 'net'}")
    for name in names[1:]:
        row = summary.loc[name]
        print(f"  {name}:")
        for stem, label in NET_EFFECTS:
            print(f"    {label:52s} {_interval(row, stem)}")
        for key, label in (("cost_per_net_technical_job", "cost per net technical job"),
                           ("cost_per_net_job", "cost per net job")):
            value = row[f"{key}_eur"]
            shown = f"EUR {value:,.0f}" if not pd.isna(value) else f"none: {row[f'{key}_reason']}"
            print(f"    {label:52s} {shown}")
        print(f"    {'effect_distinguishable':52s} {bool(row['effect_distinguishable'])}")
        print(f"    {'old diff_cumulative_vs_first_mean':52s} {_fmt(row['diff_cumulative_vs_first_mean'])}")


# ---------------------------------------------------------------- (b) common random numbers
OLD_HALF_WIDTH = 733  # de665ba (old streams), docs/compare.md


def part_crn(out: Path, seeds: int, scale: float, workers: int) -> None:
    summary = _compare(["baseline", "work-to-work-plus"], out / "crn", seeds, scale, workers)
    row = summary.loc["work-to-work-plus"]
    end = int(summary["end_year"].iloc[0])
    lo, hi = row["diff_ci_low"], row["diff_ci_high"]
    half = (hi - lo) / 2
    print(f"(b) work-to-work-plus against the baseline, {seeds} seeds, scale {scale:g}: cumulative shortfall "
          f"difference to {end} {_fmt(row['diff_cumulative_vs_first_mean'])} [95% interval {_fmt(lo)}; {_fmt(hi)}], "
          f"half-width {half:,.0f} (old streams, de665ba: {OLD_HALF_WIDTH}; ratio {OLD_HALF_WIDTH / half:.1f})")
    print(f"    difference in {end} alone {_fmt(row['diff_2030_vs_first_mean'])} [{_fmt(row['diff_2030_ci_low'])}; "
          f"{_fmt(row['diff_2030_ci_high'])}], half-width {(row['diff_2030_ci_high'] - row['diff_2030_ci_low']) / 2:,.0f}")
    print(f"    unfilled technical job-years {_interval(row, 'unfilled_technical_job_years_diff')}, half-width "
          f"{(row['unfilled_technical_job_years_diff_ci_high'] - row['unfilled_technical_job_years_diff_ci_low']) / 2:,.0f}")


# ---------------------------------------------------------------- (c) backcasts
def _only(section: str, start: int, end: int):
    """The baseline with only `section`'s lever on, run from `start` to `end` (as
    tests/test_source_checks.py)."""
    from skillsim.model.levers import LEVER_TYPES
    from skillsim.paths import scenario_dir
    from skillsim.scenario_files import load_scenario

    base = load_scenario(scenario_dir() / "baseline.toml")
    off = {t.name: {"enabled": False} for t in LEVER_TYPES if t.name != section}
    return base.with_overrides({**off, "run": {"start_year": start, "end_year": end}})


BACKCASTS = {  # lever: (start, end, indicators summed per run, with the last date counted)
    "sector_plan": (2016, 2019, (("retrained_completed.sector_plan", "2018-04-30"),
                                 ("retrained_completed.sector_plan", None),
                                 ("retraining_candidates.sector_plan", None),
                                 ("retrained_started.sector_plan", None),
                                 ("retraining_deadweight.sector_plan", None),
                                 ("retrained_placed.sector_plan", None),
                                 ("cost_eur.sector_plan", None))),
    "jobs_200": (2014, 2018, (("inclusion_placements.jobs_200", "2018-02-28"),)),
    "house_of_skills": (2018, 2021, (("retrained_started.house_of_skills", None),
                                     ("retrained_completed.house_of_skills", None),
                                     ("retraining_deadweight.house_of_skills", None),
                                     ("cost_eur.house_of_skills", None))),
}


def _backcast_run(task):
    from skillsim.model.simulate import simulate

    section, seed, scale = task
    start, end, wanted = BACKCASTS[section]
    df = simulate(_only(section, start, end), seed=seed, scale=scale)
    out = []
    for indicator, until in wanted:
        rows = df[df.indicator == indicator].set_index("date")["value"]
        out.append(float((rows[:until] if until else rows).sum()))
    return section, seed, out


def part_backcasts(out: Path, seeds: dict, scales: dict, workers: int) -> None:
    tasks = [(section, seed, scales[section]) for section in BACKCASTS for seed in range(seeds[section])]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_backcast_run, tasks))
    by = {s: np.array([r for sec, _, r in results if sec == s]) for s in BACKCASTS}
    sp, jb, hs = by["sector_plan"], by["jobs_200"], by["house_of_skills"]
    print(f"(c) backcasts (only the lever concerned on, from the programme's start; persons at full scale; "
          f"mean over seeds [lowest; highest seed])")
    rng = lambda a: f"{a.mean():,.0f} [{a.min():,.0f}; {a.max():,.0f}]"
    print(f"  sector plan NHN ({seeds['sector_plan']} seeds, scale {scales['sector_plan']:g}, 2016-2019):")
    print(f"    finished by 1 May 2018        {rng(sp[:, 0]):28s} target 154 (test: within 30%)")
    print(f"    finished in total             {rng(sp[:, 1]):28s} target 205 (test: within 20%)")
    print(f"    candidates per finisher       {sp[:, 2].sum() / sp[:, 1].sum():.2f} (pooled){'':17s} target more than 5 "
          f"(test: 4.0-7.0)")
    print(f"    starters / of whom deadweight {sp[:, 3].mean():,.0f} / {sp[:, 4].mean():,.0f}")
    print(f"    placed within support months  {sp[:, 5].sum() / sp[:, 1].sum():.0%} of finishers (review: about 160 of "
          f"154 found other work)")
    print(f"    spent                         EUR {sp[:, 6].mean() / 1e6:.2f} million, EUR {sp[:, 6].sum() / sp[:, 1].sum():,.0f} "
          f"per finisher (review: EUR 1.745 million for 205, about EUR 8,500)")
    print(f"  200-jobs plan ({seeds['jobs_200']} seeds, scale {scales['jobs_200']:g}, 2014-2018):")
    print(f"    helped by February 2018       {rng(jb[:, 0]):28s} target 273 (test: within 5%)")
    print(f"  House of Skills ({seeds['house_of_skills']} seeds, scale {scales['house_of_skills']:g}, 2018-2021):")
    print(f"    started by end 2021           {rng(hs[:, 0]):28s} target at least 5,000 (test: within 15%, at most 5,000)")
    print(f"    finished by end 2021          {rng(hs[:, 1]):28s} (the review's '5,000 made fit': not reached)")
    print(f"    deadweight / cost             {hs[:, 2].mean():,.0f} / EUR {hs[:, 3].mean() / 1e6:.1f} million "
          f"(review: about EUR 11 million)")


# ---------------------------------------------------------------- library
def library_names() -> list[str]:
    """Every scenario file with the baseline's run period, the baseline first (a
    comparison needs one period: history.toml ends in 2023)."""
    from skillsim import runs
    from skillsim.paths import scenario_dir

    base = runs.load(scenario_dir() / "baseline.toml")
    period = (base.get("run.start_year"), base.get("run.end_year"))
    names = []
    for path in sorted(scenario_dir().glob("*.toml")):
        s = runs.load(path)
        if (s.get("run.start_year"), s.get("run.end_year")) == period and path.stem != "baseline":
            names.append(path.stem)
    return ["baseline", *names]


def part_library(out: Path, seeds: int, scale: float, workers: int) -> None:
    names = library_names()
    summary = _compare(names, out / "library", seeds, scale, workers)
    start, end = int(summary["start_year"].iloc[0]), int(summary["end_year"].iloc[0])
    print(f"library: {len(names)} scenarios against the baseline, {seeds} seeds, scale {scale:g}, folder "
          f"{out / 'library'} (Markdown, persons at full scale; mean [95% interval] of the paired difference)")
    print(f"| scenario | cumulative shortfall {start}-{end} (p10-p90) | difference vs baseline | shortfall years only "
          f"| unfilled technical job-years | total employment Dec {end} | cost EUR million | cost per net technical job |")
    print("|---|---|---|---|---|---|---|---|")
    for name in names:
        r = summary.loc[name]
        level = f"{r['shortfall_cumulative_2030_mean']:,.0f} ({r['shortfall_cumulative_2030_p10']:,.0f} to " \
                f"{r['shortfall_cumulative_2030_p90']:,.0f})"
        if name == "baseline":
            print(f"| {name} | {level} | | | | | {r['cost_eur'] / 1e6:,.1f} | |")
            continue
        mark = lambda lo, hi: "" if (lo > 0 or hi < 0) else " (n.d.)"
        diff = f"{_fmt(r['diff_cumulative_vs_first_mean'])} [{_fmt(r['diff_ci_low'])}; {_fmt(r['diff_ci_high'])}]" \
               + mark(r["diff_ci_low"], r["diff_ci_high"])
        years = f"{_fmt(r['diff_shortfall_years_vs_first_mean'])} [{_fmt(r['diff_shortfall_years_ci_low'])}; " \
                f"{_fmt(r['diff_shortfall_years_ci_high'])}]" + mark(r["diff_shortfall_years_ci_low"],
                                                                   r["diff_shortfall_years_ci_high"])
        unfilled = _interval(r, "unfilled_technical_job_years_diff") + mark(
            r["unfilled_technical_job_years_diff_ci_low"], r["unfilled_technical_job_years_diff_ci_high"])
        total = _interval(r, "net_total_employment_2030_diff") + mark(
            r["net_total_employment_2030_diff_ci_low"], r["net_total_employment_2030_diff_ci_high"])
        cpn = r["cost_per_net_technical_job_eur"]
        cpn = f"EUR {cpn:,.0f}" if not pd.isna(cpn) else f"none: `{r['cost_per_net_technical_job_reason']}`"
        print(f"| {name} | {level} | {diff} | {years} | {unfilled} | {total} | {r['cost_eur'] / 1e6:,.1f} | {cpn} |")
    print("(n.d.: the 95% interval includes zero, not distinguishable from chance)")
    # the baseline's shortfall figures that README "How far to trust it" quotes (as scripts/done_means.py)
    from skillsim.model import structure as S

    rows = pd.read_parquet(out / "library" / "runs.parquet",
                           filters=[("indicator", "==", "technical_shortfall"), ("scenario", "==", "baseline")])
    rows = rows[(rows["region"] == S.PROVINCE) & (rows["occupation_group"] == "all")]
    per_seed = rows.assign(year=pd.to_datetime(rows["date"]).dt.year).pivot_table(
        index="year", columns="seed", values="value")
    mean = per_seed.mean(axis=1)
    later = mean.loc[2019:end]
    sd = float(np.std(np.diff(later.values), ddof=1))
    sd_seeds = [float(np.std(np.diff(per_seed[c].loc[2019:end].values), ddof=1)) for c in per_seed.columns]
    print(f"baseline technical shortfall (mean of seeds {', '.join(map(str, per_seed.columns))}): {start}-2020 average "
          f"{mean.loc[start:2020].mean():,.0f} a year; 2019-{end}: {', '.join(f'{v:,.0f}' for v in later)}; "
          f"sd of year-to-year changes {sd:,.0f} (single seeds {min(sd_seeds):,.0f}-{max(sd_seeds):,.0f}); "
          f"negative years: {', '.join(str(y) for y, v in later.items() if v < 0) or 'none'}")


# ---------------------------------------------------------------- issue 16: ensemble
TECHNICAL_LABEL = "technical"


def part_ensemble(out: Path, draws: int, seeds: int, scale: float, workers: int) -> None:
    folder = out / "ensemble"
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    cmd = [sys.executable, str(ROOT / "benchmarks" / "ensemble_compare.py"), "--draws", str(draws), "--seeds",
           str(seeds), "--scale", str(scale), "--workers", str(workers), "--out", str(folder)]
    print("ensemble: " + " ".join(cmd[1:]))
    done = subprocess.run(cmd, capture_output=True, text=True)
    for line in done.stdout.splitlines():
        print(f"  {line}")
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"benchmarks/ensemble_compare.py failed with code {done.returncode}")
    split = pd.read_csv(folder / "uncertainty.csv")
    print(f"  uncertainty.csv ({folder / 'uncertainty.csv'}): variance of the cumulative shortfall at the end year "
          f"(level) and of the paired difference with the first scenario, split")
    for _, r in split.iterrows():
        print(f"    {r['scenario']:10s} {r['quantity']:10s} sd {math.sqrt(r['var_total']):8,.0f}  chance "
              f"{r['share_chance']:4.0%}  parameters {r['share_parameters']:4.0%}  demand {r['share_demand']:4.0%}")
    summary = pd.read_csv(folder / "comparison.csv").set_index("scenario")
    for name, r in summary.iterrows():
        line = (f"    {name:10s} cumulative shortfall {r['shortfall_cumulative_2030_mean']:,.0f} "
                f"(band {r['shortfall_cumulative_2030_p10']:,.0f} to {r['shortfall_cumulative_2030_p90']:,.0f})")
        if not pd.isna(r.get("diff_ci_low")) and name != summary.index[0]:
            line += (f"; difference {_fmt(r['diff_cumulative_vs_first_mean'])} [{_fmt(r['diff_ci_low'])}; "
                     f"{_fmt(r['diff_ci_high'])}]")
        print(line)
    from skillsim.model import structure as S

    cats = pd.read_csv(folder / "tension_categories.csv")
    print(f"  tension_categories.csv ({len(cats)} rows), head:")
    print("    " + cats.head(4).to_string(index=False).replace("\n", "\n    "))
    tech = {S.OCCUPATION_GROUPS[g] for g in S.TECHNICAL_GROUPS}
    nh = cats[(cats["region"] == S.PROVINCE) & cats["occupation_group"].isin(tech) & cats["year"].isin([2025, 2030])]
    nh = nh.assign(p_tight=nh["p_krap"] + nh["p_zeer_krap"])
    table = nh.pivot_table(index="occupation_group", columns=["scenario", "year"], values="p_tight")
    print(f"  chance of krap or zeer krap, {S.PROVINCE}, technical groups (share of {int(nh['n_members'].max())} runs):")
    print("    " + table.map(lambda v: f"{v:.0%}").to_string().replace("\n", "\n    "))


# ---------------------------------------------------------------- main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("parts", nargs="*", help=f"parts to run (default: all): {', '.join(PARTS)}")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "results" / "issue15-evidence")
    ap.add_argument("--quick", action="store_true", help="small settings, to learn the wall times")
    ap.add_argument("--library-seeds", type=int, default=4)
    ap.add_argument("--library-scale", type=float, default=0.1)
    args = ap.parse_args(argv)
    parts = args.parts or list(PARTS)
    unknown = [p for p in parts if p not in PARTS]
    if unknown or args.workers < 1 or args.library_seeds < 2 or not 0 < args.library_scale <= 1:
        print(f"issue15_evidence: parts {' '.join(unknown) or '(ok)'}, --workers {args.workers}, --library-seeds "
              f"{args.library_seeds}, --library-scale {args.library_scale}: allowed parts {', '.join(PARTS)}, "
              "workers >= 1, library seeds >= 2, library scale in (0, 1]", file=sys.stderr)
        return 2
    q = args.quick
    print(f"issue15_evidence: code {_commit()}, parts {' '.join(parts)}, workers {args.workers}"
          f"{', QUICK (small settings: not the issue figures)' if q else ''}; load average {os.getloadavg()[0]:.1f}")
    args.out.mkdir(parents=True, exist_ok=True)
    t_all = time.perf_counter()
    for part in PARTS:
        if part not in parts:
            continue
        t0 = time.perf_counter()
        if part == "ensemble":
            part_ensemble(args.out, 2 if q else 17, 1 if q else 2, 0.01 if q else 0.1, args.workers)
        elif part == "net":
            part_net(args.out, 2 if q else 4, 0.01 if q else 0.1, args.workers)
        elif part == "crn":
            part_crn(args.out, 2 if q else 8, 0.01 if q else 0.1, args.workers)
        elif part == "backcasts":
            seeds = {"sector_plan": 2, "jobs_200": 1, "house_of_skills": 1} if q else \
                {"sector_plan": 8, "jobs_200": 2, "house_of_skills": 3}
            scales = {"sector_plan": 0.02, "jobs_200": 0.02, "house_of_skills": 0.01} if q else \
                {"sector_plan": 0.1, "jobs_200": 0.1, "house_of_skills": 0.02}
            part_backcasts(args.out, seeds, scales, args.workers)
        elif part == "library":
            part_library(args.out, 2 if q else args.library_seeds, 0.01 if q else args.library_scale, args.workers)
        print(f"[{part}: {time.perf_counter() - t0:.0f} s wall; load average {os.getloadavg()[0]:.1f}]", flush=True)
    print(f"[all parts: {time.perf_counter() - t_all:.0f} s wall]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
