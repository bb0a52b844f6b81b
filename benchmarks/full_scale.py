"""Benchmark: the full-scale baseline, 2018-2030, on one core.

Prints wall time, person-months per second, peak memory (ru_maxrss of this process),
the profile of the run (wall time per mechanism and per lever, skillsim.profile), and as
its last line `full_scale_seconds: S peak_mb: M`.
Goal (issue 2): at most 30 s and under 1.5 GB.

    .venv/bin/python benchmarks/full_scale.py [--scale 1.0] [--seed 0]
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402

from skillsim.model.model import SkillsimModel  # noqa: E402
from skillsim.model.results import tidy  # noqa: E402
from skillsim.paths import scenario_dir  # noqa: E402
from skillsim.profile import format_profile  # noqa: E402
from skillsim.scenario_files import load_scenario  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    scenario = load_scenario(scenario_dir() / "baseline.toml")
    start = time.perf_counter()
    model = SkillsimModel(scenario, seed=args.seed, scale=args.scale, profile=True)
    built = time.perf_counter()
    model.run()
    tidy_start = time.perf_counter()
    table = tidy(model)
    wall = time.perf_counter() - start
    model.profile["results table"] = [1, time.perf_counter() - tidy_start]
    months = model.n_months + model.burn_in_months
    person_months = float(sum(r.status_stock[:, :5].sum() for r in model.records)) + model.initial_stock[:, :5].sum() * model.burn_in_months
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    short = table[(table.indicator == "technical_shortfall") & (table.region == "Noord-Holland") & (table.occupation_group == "all")]
    print(f"scale {args.scale:g}: {model.persons.n:,} person rows, {model.firms.n:,} firms, {months} months simulated "
          f"({model.burn_in_months} burn-in)")
    print(f"initialisation {built - start:.1f} s; total wall time {wall:.1f} s")
    print(f"person-months per second: {person_months / wall:,.0f}")
    print(f"technical shortfall 2018-2020 average: {short['value'].iloc[:3].mean():,.0f} a year")
    print(f"peak memory (ru_maxrss): {peak_mb:,.0f} MB")
    print(format_profile(model.profile, wall))
    print(f"full_scale_seconds: {wall:.1f} peak_mb: {peak_mb:.0f}")


if __name__ == "__main__":
    main()
