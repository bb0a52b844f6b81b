"""benchmarks/compare_speed.py: the CPU seconds of a finished child process, and the ratio
table printed for wall and CPU seconds."""

import importlib.util
import subprocess
import sys

from helpers import ROOT


def load():
    spec = importlib.util.spec_from_file_location("compare_speed", ROOT / "benchmarks" / "compare_speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_children_cpu_seconds_counts_a_finished_child():
    cs = load()
    before = cs.children_cpu_seconds()
    subprocess.run([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], check=True)
    spent = cs.children_cpu_seconds() - before
    assert 0.05 < spent < 30


def test_print_ratios_against_the_first_checkout(capsys):
    cs = load()
    cs.print_ratios("CPU", {"old": [10.0, 20.0], "new": [12.0, 30.0], "newer": [6.0, 15.0]})
    out = capsys.readouterr().out
    assert "old: 10.0 / 20.0 s; x 1.00 / 1.00 (mean x 1.00)" in out
    assert "new: 12.0 / 30.0 s; x 1.20 / 1.50 (mean x 1.35)" in out
    assert "newer / new: x 0.50 / 0.50 (mean x 0.50)" in out
