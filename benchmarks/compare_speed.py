"""Benchmark: benchmarks/full_scale.py of several checkouts, run alternately on one machine.

Each checkout (`--ref NAME=PATH`, in the order given) must hold benchmarks/full_scale.py
and its own .venv (PATH/.venv/bin/python, e.g. made by its ./setup.sh). One round runs
every checkout once, in that order; `--rounds` rounds alternate them (old, new, old,
new, ...), so a machine that other work slows down slows all of them alike. Prints each
run as it ends (seconds, CPU seconds of the run's process: user + sys, peak memory, load
average when it started), then per round the seconds and the ratio of each checkout to
the first one of that round, and the ratios' mean, for wall time and for CPU time.
Compare ratios, not times: a loaded machine inflates the times (CPU time less than wall
time).

    .venv/bin/python benchmarks/compare_speed.py --ref de665ba=/tmp/crn_old --ref new=. [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

LAST_LINE = re.compile(r"full_scale_seconds: ([0-9.]+) peak_mb: ([0-9.]+)")


def parse_ref(text: str) -> tuple[str, Path]:
    name, sep, path = text.partition("=")
    if not sep or not name or not path:
        raise ValueError(f"--ref {text!r}: expected NAME=PATH")
    root = Path(path).expanduser().resolve()
    for need in (root / "benchmarks" / "full_scale.py", root / ".venv" / "bin" / "python"):
        if not need.exists():
            raise ValueError(f"--ref {text!r}: {need} does not exist (a checkout with benchmarks/full_scale.py and its .venv)")
    return name, root


def children_cpu_seconds() -> float:
    """User + sys CPU seconds of this process's children that have ended and been waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(root: Path, scale: float, seed: int) -> tuple[float, float, float]:
    """(seconds, peak MB) from the last line of one full_scale.py run in checkout `root`,
    and the run's CPU seconds (user + sys of its process, as /usr/bin/time reports them)."""
    cmd = [str(root / ".venv" / "bin" / "python"), "benchmarks/full_scale.py", "--scale", f"{scale:g}", "--seed", str(seed)]
    cpu_before = children_cpu_seconds()
    out = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    cpu = children_cpu_seconds() - cpu_before
    match = LAST_LINE.search(out.stdout)
    if out.returncode != 0 or match is None:
        tail = (out.stderr or out.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"{root}: full_scale.py failed (exit {out.returncode}): {tail[0]}")
    return float(match.group(1)), float(match.group(2)), cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", action="append", required=True, metavar="NAME=PATH",
                    help="a checkout with benchmarks/full_scale.py and .venv; the first is the reference of the ratios")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        refs = [parse_ref(r) for r in args.ref]
        if len(refs) < 2 or len({n for n, _ in refs}) != len(refs):
            raise ValueError("--ref: give at least two checkouts, with distinct names")
        if args.rounds < 1 or not 0 < args.scale <= 1:
            raise ValueError(f"--rounds must be at least 1 and --scale in (0, 1] (got {args.rounds}, {args.scale:g})")
    except ValueError as err:
        print(f"compare_speed: {err}", file=sys.stderr)
        return 2

    seconds: dict[str, list[float]] = {name: [] for name, _ in refs}
    cpu_seconds: dict[str, list[float]] = {name: [] for name, _ in refs}
    for r in range(args.rounds):
        for name, root in refs:
            load = os.getloadavg()[0]
            s, mb, cpu = run_once(root, args.scale, args.seed)
            seconds[name].append(s)
            cpu_seconds[name].append(cpu)
            print(f"round {r + 1} {name:>12}: {s:6.1f} s, CPU {cpu:6.1f} s, peak {mb:4.0f} MB "
                  f"(load average {load:.1f} at start)", flush=True)

    print(f"\nscale {args.scale:g}, seed {args.seed}:")
    print_ratios("full_scale_seconds (wall)", seconds)
    print_ratios("CPU seconds of the run's process (user + sys)", cpu_seconds)
    return 0


def print_ratios(what: str, seconds: dict[str, list[float]]) -> None:
    """Per checkout the seconds of each round and their ratio to the first checkout's of
    the same round, with the mean ratio; then each later checkout over each earlier one."""
    first = next(iter(seconds))
    print(f"{what} per round and ratio to {first} of the same round:")
    for name in seconds:
        ratios = [s / f for s, f in zip(seconds[name], seconds[first])]
        cells = " / ".join(f"{s:.1f}" for s in seconds[name])
        rcells = " / ".join(f"{x:.2f}" for x in ratios)
        print(f"  {name:>12}: {cells} s; x {rcells} (mean x {sum(ratios) / len(ratios):.2f})")
    names = list(seconds)
    for i, base in enumerate(names[1:], start=1):  # the other pairs, later over earlier
        for other in names[i + 1:]:
            ratios = [a / b for a, b in zip(seconds[other], seconds[base])]
            print(f"  {other} / {base}: x " + " / ".join(f"{x:.2f}" for x in ratios)
                  + f" (mean x {sum(ratios) / len(ratios):.2f})")


if __name__ == "__main__":
    sys.exit(main())
