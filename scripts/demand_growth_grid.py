"""How the calibration's moments depend on technical demand growth 2018-2020, the other
parameters at the committed calibration: the baseline run to 2020 with the growth set to each
value of --growth (one value for every year), over --seeds seeds at --scale; prints the
objective of calibration/targets.toml, the 2018-2020 shortfall (mean and standard error over
the seeds), the technical share of employment and the vacancy growth 2019 for each value.
docs/calibration.md ("The current table") quotes its output.

    .venv/bin/python scripts/demand_growth_grid.py [--growth 0.009,0.011,0.013,0.015,0.0218257]
                                                   [--seeds 6] [--scale 0.1] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from skillsim.paths import calibration_dir, resolve_scenario

KEY = "demand.technical_demand_growth_per_year"


def task(base, path: str, growth: float, seed: int, scale: float) -> dict:
    """A calibration run (search.run_one) to 2020 at the committed values, `growth` for KEY
    (search.to_overrides writes it for 2018-2020 and carries it forward)."""
    from skillsim.calibration import search as SE

    return {"scenario": path, "end_year": 2020, "values": {**SE.start_values(base), KEY: growth},
            "seed": seed, "scale": scale, "key": f"{growth}-{seed}", "vhash": "", "stage": "grid"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--growth", default="0.009,0.011,0.013,0.015,0.0218257")
    ap.add_argument("--seeds", type=int, default=6)
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    try:
        values = [float(x) for x in a.growth.split(",")]
    except ValueError:
        sys.exit(f"demand_growth_grid.py: --growth must be comma-separated numbers, got {a.growth!r}")
    if not values or any(not -0.15 <= v <= 0.15 for v in values) or a.seeds < 2 or not 0 < a.scale <= 1:
        sys.exit("demand_growth_grid.py: --growth values in [-0.15, 0.15], --seeds >= 2, --scale in (0, 1]")
    from skillsim.calibration.targets import load_targets, mean_moments, objective

    from skillsim.calibration.search import run_one
    from skillsim.runs import load

    targets, _ = load_targets(calibration_dir() / "targets.toml")
    path = str(resolve_scenario("baseline"))
    base = load(path)
    tasks = [task(base, path, g, s, a.scale) for g in values for s in range(a.seeds)]
    with ProcessPoolExecutor(a.workers) as pool:
        records = list(pool.map(run_one, tasks))
    results = [(t["values"][KEY], t["seed"], r["moments"]) for t, r in zip(tasks, records)]
    print(f"baseline to 2020 at the committed calibration, {KEY} set for 2018-2020; "
          f"seeds 0-{a.seeds - 1}, scale {a.scale:g}")
    for g in values:
        moments = [m for v, _, m in results if v == g]
        short = np.array([m["technical_shortfall_2018_2020"] for m in moments])
        mean = mean_moments(moments)
        print(f"growth {g:.4f}: objective {objective(targets, mean):.4f}; shortfall 2018-2020 {short.mean():,.0f} "
              f"(se {short.std(ddof=1) / np.sqrt(len(short)):,.0f}); technical share {mean['technical_share_employed']:.2f}%; "
              f"vacancy growth 2019 {mean['open_vacancies_growth_2019']:.3f}")


if __name__ == "__main__":
    main()
