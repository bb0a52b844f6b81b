"""Does the sweep driver's memory stay bounded? Runs the same tiny sweep design with 100
and with 1,000 runs, each in a fresh driver process, and prints the driver's peak
resident memory (ru_maxrss of the driver process alone; run processes are not counted).
Goal (issue 6): the 1,000-run driver holds no more than the 100-run one, give or take 10%.

    .venv/bin/python benchmarks/sweep_memory.py [--runs 100 1000] [--workers 2]

Runs are tiny (scale 0.0002, January-December 2018, three indicators kept) so that the
driver's own work, not the model, is what is measured. Last line:
`sweep_driver_peak_mb: <runs>=<MB> ... ratio: X`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import importlib.util

# The sweep file of benchmarks/sweep_benchmark.py, loaded from its path (benchmarks/ is
# not a package).
_spec = importlib.util.spec_from_file_location("sweep_benchmark", Path(__file__).with_name("sweep_benchmark.py"))
_sweep_benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_sweep_benchmark)
benchmark_sweep_file = _sweep_benchmark.sweep_file

DRIVER = r"""
import json, resource
from pathlib import Path
from skillsim.sweep import load_sweep, run_sweep
spec = load_sweep(Path({sweep!r}))
summary = run_sweep(spec, {out!r}, workers={workers}, progress=False)
print(json.dumps({{"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "done": summary.done, "failed": summary.failed}}))
"""


def sweep_file(folder: Path, runs: int) -> Path:
    return benchmark_sweep_file(folder, runs, scale=0.0002, end_year=2018, name=f"memory-{runs}", extra="""\
"run.burn_in_months" = 0
[keep]
indicators = ["technical_shortfall", "unemployment_rate", "open_vacancies"]
""")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    peaks = {}
    with tempfile.TemporaryDirectory(prefix="skillsim-sweep-memory-") as tmp:
        tmp = Path(tmp)
        for runs in args.runs:
            code = DRIVER.format(sweep=str(sweep_file(tmp, runs)), out=str(tmp / f"out-{runs}"),
                                 workers=args.workers)
            proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
            if proc.returncode != 0:
                sys.stderr.write(proc.stderr[-2000:])
                return 1
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            peaks[runs] = result["peak_mb"]
            print(f"{runs:5d} runs: done {result['done']}, failed {result['failed']}; driver peak memory {result['peak_mb']:.0f} MB")
    lo, hi = min(args.runs), max(args.runs)
    ratio = peaks[hi] / peaks[lo]
    print(f"driver memory, {hi} runs vs {lo}: {100 * (ratio - 1):+.1f}% (goal: within +-10%)")
    print("sweep_driver_peak_mb: " + " ".join(f"{r}={peaks[r]:.0f}" for r in args.runs) + f" ratio: {ratio:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
