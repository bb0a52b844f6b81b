"""How much faster is the array model than the same rules written the ordinary Mesa way?

Runs the main model (model.model.SkillsimModel) and the plain-Mesa reference
(model.reference.ReferenceModel) side by side in this process, on the baseline with the
levers off, at about 20,000 and 100,000 persons, and prints for each:
  - person-months per second = persons at the start x months simulated / CPU seconds
    of this process (time.process_time, so other jobs on a shared machine distort it
    less than wall time; wall seconds are printed too). Only the monthly steps are
    timed: building the initial state is not (the reference's initial state is the
    main model's, converted into agents). Each model is built and run --repeats times
    (same seed) and the median CPU time is used, the same procedure for both models:
    12 months of the main model at 100,000 persons take about 40 ms, short enough for
    a stray cache miss or garbage collection to move a single timing by 10%.
  - peak memory: tracemalloc's peak of Python allocations (numpy buffers included)
    while building the model and running --memory-months months, in MiB, measured in a
    separate, untimed pass (tracing slows allocation-heavy code many times over).
    The reference's figure includes the throwaway main model it builds its state from.

    python benchmarks/reference_benchmark.py [--months 12] [--reference-months-100k 12] [--repeats 5] [--memory-months 2]

The last line is exactly `speedup_vs_reference: X`, the ratio of person-months per
second at 100,000 persons.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc


from skillsim.model.model import SkillsimModel  # noqa: E402
from skillsim.model.reference import ReferenceModel  # noqa: E402
from skillsim.model.reference.docking import docking_scenario  # noqa: E402
from skillsim.paths import scenario_dir  # noqa: E402
from skillsim.scenario_files import load_scenario  # noqa: E402

POPULATION = 2_149_000
SIZES = (20_000, 100_000)


def _persons(model) -> int:
    return model.persons.n if isinstance(model, SkillsimModel) else len(model.persons)


def measure(model_class, scenario, persons: int, months: int, memory_months: int, repeats: int,
            seed: int = 0) -> dict:
    scale = persons / POPULATION
    timings = []
    for _ in range(repeats):
        gc.collect()
        model = model_class(scenario, seed=seed, scale=scale)
        n = _persons(model)
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(months):
            model.step()
        timings.append((time.process_time() - cpu, time.perf_counter() - wall))
        del model
    cpu, wall = sorted(timings)[len(timings) // 2]  # the median run (by CPU time)
    gc.collect()
    tracemalloc.start()
    model = model_class(scenario, seed=seed, scale=scale)
    for _ in range(memory_months):
        model.step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del model
    gc.collect()
    return {"persons": n, "months": months, "cpu_s": cpu, "wall_s": wall,
            "person_months_per_s": n * months / cpu, "peak_mib": peak / 2**20}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--months", type=int, default=12, help="months per run (default 12)")
    parser.add_argument("--reference-months-100k", type=int, default=12,
                        help="months of the reference at 100,000 persons (default 12)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per model and size; the median counts (default 5)")
    parser.add_argument("--memory-months", type=int, default=2, help="months run in the memory pass (default 2)")
    args = parser.parse_args(argv)
    scenario = docking_scenario(load_scenario(scenario_dir() / "baseline.toml"), 2018, 2019)
    print(f"timing: CPU seconds of the monthly steps, median of {args.repeats} runs; memory: tracemalloc peak, "
          f"build + {args.memory_months} months, separate pass (MiB)")
    print(f"{'persons':>8} {'model':>10} {'months':>6} {'cpu s':>8} {'wall s':>8} {'person-months/s':>16} {'peak MiB':>9}")
    ratio = {}
    for size in SIZES:
        rows = {}
        for label, cls, months in (("main", SkillsimModel, args.months),
                                   ("reference", ReferenceModel,
                                    args.months if size < 100_000 else args.reference_months_100k)):
            r = measure(cls, scenario, size, months, args.memory_months, args.repeats)
            rows[label] = r
            print(f"{r['persons']:>8} {label:>10} {r['months']:>6} {r['cpu_s']:>8.2f} {r['wall_s']:>8.2f} "
                  f"{r['person_months_per_s']:>16,.0f} {r['peak_mib']:>9.1f}")
        ratio[size] = rows["main"]["person_months_per_s"] / rows["reference"]["person_months_per_s"]
        print(f"{size:>8} speed-up (main / reference, person-months per second): {ratio[size]:.0f}x")
    print(f"speedup_vs_reference: {ratio[100_000]:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
