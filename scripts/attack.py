"""Attack every command with bad input, as a new user would (the installed `skillsim` in
subprocesses), and tally the outcome per command:

    tried / refused cleanly / failed badly / accepted

refused cleanly = exit code 2, exactly one line on stderr, no traceback, nothing written;
failed badly    = anything else for an input that should be refused (a traceback, another
                  exit code, several lines, files written, a hang past the time limit);
accepted        = exit code 0; each case says whether accepting it is legitimate (e.g. a
                  damaged stored sweep run that is recomputed with a one-line warning).

Slow (a few minutes: one process per case); not part of the test suite:
    .venv/bin/python scripts/attack.py [--only run,compare] [--verbose]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SKILLSIM = str(Path(sys.executable).parent / "skillsim")
BASELINE = ROOT / "scenarios" / "baseline.toml"
TIMEOUT_S = 120


@dataclass
class Case:
    command: str
    name: str
    argv: list[str] | Callable[[Path], list[str]]
    setup: Callable[[Path], None] | None = None
    legit_accept: str = ""  # why exit 0 is correct for this input ("" = it must be refused)
    check: Callable[[Path, subprocess.CompletedProcess], str] | None = None  # extra check; returns a problem


@dataclass
class Tally:
    tried: int = 0
    refused: int = 0
    failed: int = 0
    accepted: int = 0
    notes: list[str] = field(default_factory=list)


def snapshot(root: Path) -> dict:
    out = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            p = Path(folder) / name
            s = p.lstat()
            out[str(p.relative_to(root))] = (s.st_mode, s.st_size, s.st_mtime_ns)
    return out


def w(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


GOOD = f'base = "{BASELINE}"\nname = "good"\n[run]\nend_year = 2019\n'


def good(work: Path) -> str:
    w(work / "good.toml", GOOD)
    return str(work / "good.toml")


def scen(text: str, file: str = "s.toml") -> Callable[[Path], None]:
    return lambda work: w(work / file, text)


def sweep_text(extra: str = "", name: str = "sw", params: str = '"matching.commute_cost" = { values = [1.2, 2.0] }',
               overrides: str = '"run.end_year" = 2019', scenario: str = "good.toml", top: str = "") -> str:
    return (f'name = "{name}"\nscenarios = ["{scenario}"]\nseeds = 1\nscale = 0.001\n{top}\n'
            f'[design]\nmethod = "grid"\n{extra}\n[parameters]\n{params}\n[overrides]\n{overrides}\n')


def sweep_setup(text: str) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        good(work)
        w(work / "sw.toml", text)
    return setup


def fake_sweep_dir(work: Path) -> Path:
    import pandas as pd

    d = work / "swd"
    d.mkdir()
    dates = pd.to_datetime(["2018-12-31", "2019-12-31"])
    pd.DataFrame({"run_key": ["k"] * 2, "scenario": ["s"] * 2, "replicate": [0, 0], "seed": [1, 1], "date": dates,
                  "region": ["Noord-Holland"] * 2, "occupation_group": ["all"] * 2,
                  "indicator": ["technical_shortfall"] * 2, "value": [1.0, 2.0], "unit": ["persons/year"] * 2,
                  }).to_parquet(d / "results.parquet", index=False)
    pd.DataFrame({"run_key": ["k"], "scenario": ["s"], "replicate": [0], "seed": [1], "status": ["done"],
                  "error": [""]}).to_parquet(d / "runs.parquet", index=False)
    (d / "sweep.json").write_text('{"name": "s"}')
    return d


def damaged(kind: str) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        d = fake_sweep_dir(work)
        r = d / "results.parquet"
        if kind == "garbage_json":
            (d / "sweep.json").write_bytes(b"\x00garbage{")
        elif kind == "json_list":
            (d / "sweep.json").write_text("[1]")
        elif kind == "empty":
            r.write_bytes(b"")
        elif kind == "random":
            r.write_bytes(os.urandom(5000))
        elif kind == "truncated":
            r.write_bytes(r.read_bytes()[:-200])
        elif kind == "wrong_schema":
            import pandas as pd
            pd.DataFrame({"a": [1]}).to_parquet(r)
        elif kind == "runs_wrong_schema":
            import pandas as pd
            pd.DataFrame({"a": [1]}).to_parquet(d / "runs.parquet")
        elif kind == "fifo":
            r.unlink()
            os.mkfifo(r)
        elif kind == "dir":
            r.unlink()
            r.mkdir()
        elif kind == "no_runs":
            (d / "runs.parquet").unlink()
        elif kind == "truncated_runs":
            p = d / "runs.parquet"
            p.write_bytes(p.read_bytes()[:100])
    return setup


def bad_files(command_argv: Callable[[str], list[str]], command: str, prefix: str) -> list[Case]:
    """The same file-system attacks on an input file of any command."""
    cases = [
        Case(command, f"{prefix}: missing", lambda work: command_argv(str(work / "missing.toml"))),
        Case(command, f"{prefix}: a directory", lambda work: command_argv(str(work / "d.toml")),
             setup=lambda work: (work / "d.toml").mkdir()),
        Case(command, f"{prefix}: a FIFO", lambda work: command_argv(str(work / "f.toml")),
             setup=lambda work: os.mkfifo(work / "f.toml")),
        Case(command, f"{prefix}: unreadable (/proc/self/mem)", lambda work: command_argv("/proc/self/mem")),
        Case(command, f"{prefix}: /dev/zero", lambda work: command_argv("/dev/zero")),
        Case(command, f"{prefix}: 5 MB", lambda work: command_argv(str(work / "big.toml")),
             setup=scen("# x\n" * 1_300_000, "big.toml")),
        Case(command, f"{prefix}: binary", lambda work: command_argv(str(work / "b.toml")),
             setup=lambda work: (work / "b.toml").write_bytes(os.urandom(3000))),
        Case(command, f"{prefix}: not UTF-8", lambda work: command_argv(str(work / "u.toml")),
             setup=lambda work: (work / "u.toml").write_bytes(b'name = "\xff"\n')),
        Case(command, f"{prefix}: 5000 nested [", lambda work: command_argv(str(work / "n.toml")),
             setup=scen("x = " + "[" * 5000 + "]" * 5000 + "\n", "n.toml")),
        Case(command, f"{prefix}: 5000 nested inline tables", lambda work: command_argv(str(work / "n.toml")),
             setup=scen("x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n", "n.toml")),
        Case(command, f"{prefix}: malformed TOML", lambda work: command_argv(str(work / "m.toml")),
             setup=scen("[run\nend_year = = 1\n", "m.toml")),
        Case(command, f"{prefix}: 300-character file name", lambda work: command_argv(str(work / ("n" * 300 + ".toml")))),
        Case(command, f"{prefix}: 5000-character path", lambda work: command_argv(str(work / "/".join(["d" * 200] * 25)))),
        Case(command, f"{prefix}: an empty path", lambda work: command_argv("")),
    ]
    return cases


def scenario_attacks(command: str, argv_for: Callable[[str], list[str]]) -> list[Case]:
    """Bad scenario contents, given through `argv_for(path)`."""
    bodies = {
        "unknown section": "[nope]\nx = 1\n",
        "unknown key": "[run]\nnope = 1\n",
        "out of range": "[demand]\nlayoff_rate_when_over_demand_per_month = 7.0\n",
        "negative seed-like int": "[run]\nend_year = -5\n",
        "wrong type": '[run]\nend_year = "2020"\n',
        "NaN": "[matching]\ncommute_cost = nan\n",
        "inf": "[matching]\ncommute_cost = inf\n",
        "bool for number": "[matching]\ncommute_cost = true\n",
        "empty by-year table": "[demand]\ntechnical_demand_growth_per_year = {}\n",
        "bad year key": '[demand]\ntechnical_demand_growth_per_year = { "20x8" = 0.01 }\n',
        "list of wrong length": "[education]\nfinal_level_shares = [0.5, 0.5]\n",
        "shares not summing to 1": "[education]\nfinal_level_shares = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]\n",
        "end before start": "[run]\nstart_year = 2020\nend_year = 2018\n",
        "population 1M, 300k unemployed, 1.2M outside":
            "[population]\npopulation_15_74 = 1000000\nunemployed_start = 300000\nnot_in_labour_force_start = 1200000\n",
        "pension age 60": "[demography]\npension_age_years = 60.0\n",
        "section not a table": "run = 5\n",
        "name not a string": "name = 5\n[run]\nend_year = 2020\n",
        "name absolute path": 'name = "/tmp/skillsim-attack-ABS"\n[run]\nend_year = 2019\n',
        "name ..": 'name = "../../../tmp/skillsim-attack-escaped"\n[run]\nend_year = 2019\n',
        "name with separator": 'name = "a/b"\n[run]\nend_year = 2019\n',
        "name 300 characters": f'name = "{"x" * 300}"\n[run]\nend_year = 2019\n',
        "NUL in name": 'name = "a\\u0000b"\n[run]\nend_year = 2019\n',
        "newline in name": 'name = "a\\nb"\n[run]\nend_year = 2019\n',
        "empty name": 'name = ""\n[run]\nend_year = 2019\n',
        "empty file": "",
        "only a comment": "# nothing\n",
        "base missing": 'base = "nowhere.toml"\n',
        "base not a string": "base = 5\n",
        "base is a directory": 'base = "."\n',
        "base cycle to itself": 'base = "s.toml"\n',
        "base path longer than the system allows": f'base = "{"b" * 5000}.toml"\n',
    }
    cases = [Case(command, f"scenario: {k}", lambda work, a=argv_for: a(str(work / "s.toml")), setup=scen(v))
             for k, v in bodies.items()]

    def chain(n: int) -> Callable[[Path], None]:
        def setup(work: Path) -> None:
            for i in range(n):
                w(work / f"c{i}.toml", f'base = "c{i + 1}.toml"\n' if i < n - 1 else "[run]\nend_year = 2019\n")
        return setup
    cases.append(Case(command, "scenario: 1,200-file base chain", lambda work: argv_for(str(work / "c0.toml")),
                      setup=chain(1200)))
    cases += bad_files(argv_for, command, "scenario file")
    return cases


def out_attacks(command: str, argv_for: Callable[[Path, str], list[str]], others: bool = True) -> list[Case]:
    """Bad --out values for a command; argv_for(work, out)."""
    def under_file(work):
        (work / "afile").write_text("x")
    cases = [
        Case(command, "--out /proc/x", lambda work: argv_for(work, "/proc/x")),
        Case(command, "--out under an existing file", lambda work: argv_for(work, str(work / "afile" / "o")),
             setup=under_file),
        Case(command, "--out an existing file", lambda work: argv_for(work, str(work / "afile")), setup=under_file),
        Case(command, "--out 300-character name", lambda work: argv_for(work, str(work / ("o" * 300)))),
        Case(command, "--out 5000-character path", lambda work: argv_for(work, str(work / "/".join(["o" * 200] * 25)))),
        Case(command, '--out ""', lambda work: argv_for(work, "")),
        Case(command, "--out in a read-only place (/sys)", lambda work: argv_for(work, "/sys/skillsim-out")),
    ]
    if others:
        def full(work):
            w(work / "full" / "notes.txt", "someone's notes")
        cases.append(Case(command, "--out a folder holding other files (no --overwrite)",
                          lambda work: argv_for(work, str(work / "full")), setup=full))
    return cases


def cases() -> list[Case]:
    out: list[Case] = []
    # ------------------------------------------------------------------------ run
    run = lambda path: ["run", path, "--scale", "0.001", "--no-progress", "--out", "o"]
    out += scenario_attacks("run", run)
    for opt in (["--seed", "-1"], ["--seed", "4294967296"], ["--seed", "x"], ["--scale", "0"], ["--scale", "2"],
                ["--scale", "nan"], ["--scale", "inf"], ["--scale", "-0.1"], ["--bogus"]):
        out.append(Case("run", f"option {' '.join(opt)}", lambda work, o=opt: ["run", good(work), "--no-progress", *o]))
    out += out_attacks("run", lambda work, o: ["run", good(work), "--scale", "0.001", "--no-progress", "--out", o])
    for k, name in (("absolute", "/tmp/skillsim-attack-ABS"), ("..", "../../../tmp/skillsim-attack-escaped")):
        out.append(Case("run", f"name {k} with the default --out",
                        lambda work: ["run", str(work / "s.toml"), "--scale", "0.001", "--no-progress"],
                        setup=scen(f'base = "{BASELINE}"\nname = "{name}"\n[run]\nend_year = 2018\n')))
    out.append(Case("run", "shipped scenario by a name that does not exist", lambda work: ["run", "no-such-scenario"]))
    out.append(Case("run", "emoji in the name (stderr must stay empty)",
                    lambda work: ["run", str(work / "e.toml"), "--scale", "0.001", "--no-progress", "--out", "o"],
                    setup=scen(f'base = "{BASELINE}"\nname = "baseline 🚀"\n[run]\nend_year = 2018\n', "e.toml"),
                    legit_accept="a name may hold any printable character", check=lambda work, r: r.stderr.strip()))
    out.append(Case("run", "rerun of the same run into its own folder",
                    lambda work: ["run", good(work), "--scale", "0.001", "--no-progress", "--out", "o"],
                    setup=lambda work: _prior_run(work, "o"),
                    legit_accept="a rerun of the same scenario, seed and scale replaces its own results",
                    check=lambda work, r: "" if not (work / "o" / "stale.txt").exists() else "old file survived"))
    out.append(Case("run", "another seed into a folder holding seed 0's results",
                    lambda work: ["run", good(work), "--scale", "0.001", "--seed", "1", "--no-progress", "--out", "o"],
                    setup=lambda work: _prior_run(work, "o")))
    out.append(Case("run", "stale .tmp folder of a killed write is cleaned",
                    lambda work: ["run", good(work), "--scale", "0.001", "--no-progress", "--out", "o"],
                    setup=lambda work: w(work / ".o.tmp-killed" / "results.parquet", "complete-looking"),
                    legit_accept="a valid run; the temporary folder of the killed write is removed",
                    check=lambda work, r: "" if not (work / ".o.tmp-killed").exists() else ".tmp folder left"))
    out.append(Case("run", "two simultaneous runs to the same --out", None, legit_accept=""))
    # -------------------------------------------------------------------- compare
    cmp_ = lambda path: ["compare", good_path_placeholder(), path, "--seeds", "2", "--scale", "0.001", "--workers", "1",
                         "--no-progress", "--out", "o"]
    for c in scenario_attacks("compare", lambda path: ["compare", "GOOD", path, "--seeds", "2", "--scale", "0.001",
                                                       "--workers", "1", "--no-progress", "--out", "o"]):
        out.append(c)
    for opt in (["--seeds", "1000000000"], ["--seeds", "1"], ["--seeds", "-3"], ["--first-seed", "-1"],
                ["--first-seed", "4294967295"], ["--workers", "0"], ["--workers", "100000"], ["--lang", "fr"],
                ["--scale", "0"], ["--scale", "nan"]):
        out.append(Case("compare", f"option {' '.join(opt)}",
                        lambda work, o=opt: ["compare", "GOOD", "GOOD", "--scale", "0.001", "--workers", "1",
                                             "--no-progress", "--out", "o", *o],
                        check=(lambda work, r: "" if "--first-seed" in r.stderr else "error does not name --first-seed")
                        if opt[0] == "--first-seed" else None))
    out.append(Case("compare", "21 scenarios", lambda work: ["compare", *["GOOD"] * 21, "--seeds", "2", "--out", "o"]))
    out.append(Case("compare", "different periods",
                    lambda work: ["compare", "GOOD", str(work / "s.toml"), "--seeds", "2", "--out", "o"],
                    setup=scen(f'base = "{BASELINE}"\n[run]\nend_year = 2020\n')))
    out += out_attacks("compare", lambda work, o: ["compare", "GOOD", "GOOD", "--seeds", "2", "--scale", "0.001",
                                                   "--workers", "1", "--no-progress", "--out", o])
    # ---------------------------------------------------------------------- sweep
    sw = lambda path: ["sweep", path, "--no-progress", "--workers", "1", "--out", "o"]
    out += bad_files(sw, "sweep", "sweep file")
    sweeps = {
        "name absolute path": sweep_text(name="/tmp/skillsim-attack-ABS"),
        "name ..": sweep_text(name="../../../tmp/skillsim-attack-escaped"),
        "name 300 characters": sweep_text(name="x" * 300),
        "grid 3 x levels 1000": sweep_text(params="\n".join(f'"matching.{k}" = {{ low = 0.1, high = 0.9, levels = 1000 }}'
                                                            for k in ("commute_cost", "cross_group_penalty",
                                                                      "age45_hire_factor"))),
        "overrides run.end_year = 2016": sweep_text(overrides='"run.end_year" = 2016'),
        "overrides shares not summing to 1": sweep_text(
            overrides='"education.final_level_shares" = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]'),
        "a middle grid point inconsistent": sweep_text(
            params='"population.not_in_labour_force_start" = { values = [620000, 200000, 640000] }'),
        "pension age 60 in the grid": sweep_text(params='"demography.pension_age_years" = { values = [67.0, 60.0, 66.0] }'),
        "unknown top key": sweep_text(top="nope = 1"),
        "seeds 0": sweep_text(top="").replace("seeds = 1", "seeds = 0"),
        "seeds 1e9": sweep_text().replace("seeds = 1", "seeds = 1000000000"),
        "scale 0": sweep_text().replace("scale = 0.001", "scale = 0.0"),
        "lhs samples 2,000,000": sweep_text(extra="").replace('method = "grid"', 'method = "lhs"\nsamples = 2000000')
        .replace('{ values = [1.2, 2.0] }', '{ low = 1.0, high = 2.0 }'),
        "unknown parameter": sweep_text(params='"nope.x" = { values = [1] }'),
        "low above high": sweep_text(params='"matching.commute_cost" = { low = 2.0, high = 1.0, levels = 3 }'),
        "scenario file missing": sweep_text(scenario="missing.toml"),
        "scenario file a directory": sweep_text(scenario="."),
        "scenarios empty": sweep_text().replace('scenarios = ["good.toml"]', "scenarios = []"),
        "scenario with bad name": sweep_text(scenario="badname.toml"),
        "unknown keep indicator": sweep_text() + '[keep]\nindicators = ["nope"]\n',
    }
    for k, text in sweeps.items():
        def setup(work, t=text):
            good(work)
            w(work / "badname.toml", 'name = "../x"\n[run]\nend_year = 2019\n')
            w(work / "sw.toml", t)
        out.append(Case("sweep", k, lambda work: ["sweep", str(work / "sw.toml"), "--no-progress", "--workers", "1"],
                        setup=setup))
    for opt in (["--workers", "0"], ["--workers", "100000"], ["--scheduler", "nowhere"],
                ["--scheduler", "tcp://127.0.0.1:9"]):
        out.append(Case("sweep", f"option {' '.join(opt)}",
                        lambda work, o=opt: ["sweep", str(work / "sw.toml"), "--no-progress", "--out", "o", *o],
                        setup=sweep_setup(sweep_text())))
    out += out_attacks("sweep", lambda work, o: ["sweep", str(work / "sw.toml"), "--no-progress", "--workers", "1",
                                                 "--out", o])
    for c in out[-8:]:
        c.setup = _chain_setup(c.setup, sweep_setup(sweep_text()))
    out.append(Case("sweep", "a truncated per-run file is recomputed", None,
                    legit_accept="the damaged stored run is recomputed with a one-line warning"))
    # --------------------------------------------------------------- sweep-report
    for kind in ("garbage_json", "json_list", "empty", "random", "truncated", "wrong_schema", "runs_wrong_schema",
                 "fifo", "dir", "no_runs", "truncated_runs"):
        out.append(Case("sweep-report", f"damaged folder: {kind}", lambda work: ["sweep-report", str(work / "swd")],
                        setup=damaged(kind),
                        check=lambda work, r: "" if not (work / "swd" / "report").exists() else "DIR/report created"))
    out.append(Case("sweep-report", "not a directory", lambda work: ["sweep-report", str(work / "nope")]))
    out.append(Case("sweep-report", "a FIFO", lambda work: ["sweep-report", str(work / "f")],
                    setup=lambda work: os.mkfifo(work / "f")))
    out.append(Case("sweep-report", "--out the sweep folder itself",
                    lambda work: ["sweep-report", str(work / "swd"), "--out", str(work / "swd")],
                    setup=lambda work: fake_sweep_dir(work)))
    out += out_attacks("sweep-report", lambda work, o: ["sweep-report", str(work / "swd"), "--out", o])
    for c in out[-8:]:
        c.setup = _chain_setup(c.setup, lambda work: fake_sweep_dir(work))
    out.append(Case("sweep-report", "a finished (made-up) sweep folder", lambda work: ["sweep-report", str(work / "swd")],
                    setup=lambda work: fake_sweep_dir(work), legit_accept="a valid sweep folder"))
    # ------------------------------------------------------------------ calibrate
    cal = lambda *extra: ["calibrate", "--out", "cal", "--no-progress", "--budget", "2", "--seeds", "1",
                          "--workers", "1", *extra]
    for opt in (["--budget", "1"], ["--budget", "1000000000"], ["--seeds", "0"], ["--seeds", "1000"],
                ["--workers", "0"], ["--end-year", "2040"], ["--scale", "0"], ["--morris-trajectories", "-1"],
                ["--report-seeds", "0"], ["--budget", "x"]):
        out.append(Case("calibrate", f"option {' '.join(opt)}", lambda work, o=opt: cal(*o)))
    out += bad_files(lambda p: cal("--targets", p), "calibrate", "targets file")
    out += [Case("calibrate", c.name, lambda work, c=c: cal("--scenario", str(work / "s.toml")), setup=c.setup)
            for c in scenario_attacks("calibrate", lambda p: [])[:12]]
    out += [c for c in out_attacks("calibrate", lambda work, o: ["calibrate", "--out", o, "--no-progress", "--budget",
                                                                 "2", "--seeds", "1", "--workers", "1"], others=False)]
    # ------------------------------------------------------------------ dashboard
    for opt in (["--port", "0"], ["--port", "70000"], ["--port", "-1"], ["--port", "x"],
                ["--scenarios", "/nonexistent"], ["--results", "/nonexistent"], ["--host", "999.1.1.1"]):
        out.append(Case("dashboard", f"option {' '.join(opt)}", lambda work, o=opt: ["dashboard", *o]))
    # --------------------------------------------------------------- cbs-refresh
    for opt in (["--tables", "nope"], ["--timeout", "-1"], ["--timeout", "nan"], ["--timeout", "x"]):
        out.append(Case("cbs-refresh", f"option {' '.join(opt)}", lambda work, o=opt: ["cbs-refresh", *o]))
    out += [c for c in out_attacks("cbs-refresh", lambda work, o: ["cbs-refresh", "--out", o], others=False)]
    return out


def good_path_placeholder() -> str:
    return "GOOD"


def _chain_setup(a, b):
    def setup(work):
        if b:
            b(work)
        if a:
            a(work)
    return setup


def _prior_run(work: Path, out: str) -> None:
    subprocess.run([SKILLSIM, "run", good(work), "--scale", "0.001", "--no-progress", "--out", out],
                   cwd=work, capture_output=True, timeout=TIMEOUT_S, check=True)
    (work / out / "stale.txt").write_text("an old file of the same run")


def run_case(case: Case, verbose: bool) -> tuple[str, str]:
    """('refused'|'failed'|'accepted', detail)."""
    work = Path(tempfile.mkdtemp(prefix="skillsim-attack-"))
    try:
        if case.argv is None:
            return SPECIAL[case.name](work)
        if case.setup:
            case.setup(work)
        argv = case.argv(work) if callable(case.argv) else case.argv
        argv = [good(work) if a == "GOOD" else a for a in argv]
        before = snapshot(work)
        t0 = time.perf_counter()
        try:
            r = subprocess.run([SKILLSIM, *argv], cwd=work, capture_output=True, text=True, timeout=TIMEOUT_S,
                               stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return "failed", f"hung for more than {TIMEOUT_S} s"
        except ValueError as exc:  # an argv the OS cannot pass (NUL): nothing a user can type
            return "refused", f"not passable by the shell ({exc})"
        wall = time.perf_counter() - t0
        lines = r.stderr.splitlines()
        extra = case.check(work, r) if case.check else ""
        escaped = [p for p in ("/tmp/skillsim-attack-ABS", "/tmp/skillsim-attack-escaped")
                   if any(Path("/tmp").glob(Path(p).name + "*"))]
        if r.returncode == 0:
            if not case.legit_accept:
                return "failed", f"accepted (exit 0) an input that should be refused; {wall:.1f} s"
            return ("failed" if extra else "accepted"), extra or case.legit_accept
        if escaped:
            return "failed", f"wrote outside the output folder: {escaped}"
        changed = snapshot(work) != before
        if r.returncode == 2 and len(lines) == 1 and "Traceback" not in r.stderr and not changed and not extra:
            return "refused", lines[0][:160] + f" ({wall:.1f} s)"
        why = []
        if r.returncode != 2:
            why.append(f"exit {r.returncode}")
        if len(lines) != 1:
            why.append(f"{len(lines)} stderr lines")
        if "Traceback" in r.stderr:
            why.append("traceback")
        if changed:
            why.append("files written")
        if extra:
            why.append(extra)
        return "failed", ", ".join(why) + ": " + (lines[-1][:160] if lines else "")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _simultaneous(work: Path) -> tuple[str, str]:
    path = good(work)
    cmd = [SKILLSIM, "run", path, "--scale", "0.003", "--no-progress", "--out", "same"]
    a = subprocess.Popen(cmd, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.1)
    b = subprocess.Popen(cmd, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ra, rb = (a.wait(TIMEOUT_S), a.stderr.read()), (b.wait(TIMEOUT_S), b.stderr.read())
    codes = sorted([ra[0], rb[0]])
    refused = [r for r in (ra, rb) if r[0] == 2]
    if codes == [0, 2] and len(refused[0][1].splitlines()) == 1:
        return "refused", refused[0][1].strip()[:160]
    if codes == [0, 0]:  # the second started after the first had finished: no overlap to test
        return "failed", "both exit 0 (did they overlap?)"
    return "failed", f"exit codes {codes}: {ra[1][-200:]} {rb[1][-200:]}"


def _corrupt_sweep_run(work: Path) -> tuple[str, str]:
    sweep_setup(sweep_text())(work)
    cmd = [SKILLSIM, "sweep", str(work / "sw.toml"), "--no-progress", "--workers", "1", "--out", "o"]
    subprocess.run(cmd, cwd=work, capture_output=True, timeout=TIMEOUT_S, check=True)
    first = sorted((work / "o" / "runs").glob("*.parquet"))[0]
    first.write_bytes(first.read_bytes()[:100])
    r = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=TIMEOUT_S)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    if r.returncode == 0 and len(lines) == 1 and "warning" in lines[0] and "1 done" in r.stdout:
        return "accepted", "recomputed with one warning: " + lines[0][:120]
    return "failed", f"exit {r.returncode}; stderr {r.stderr[-300:]!r}; stdout {r.stdout[-200:]!r}"


SPECIAL = {"two simultaneous runs to the same --out": _simultaneous,
           "a truncated per-run file is recomputed": _corrupt_sweep_run}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated commands to attack (default: all)")
    ap.add_argument("--verbose", action="store_true", help="print every case")
    ap.add_argument("--parallel", type=int, default=3, help="cases run at a time (default 3)")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    tallies: dict[str, Tally] = {}
    todo = [c for c in cases() if not only or c.command in only]
    # cases are independent (each in its own folder); a few at a time, in order of the list
    with ThreadPoolExecutor(max_workers=args.parallel) as pool:
        outcomes = list(pool.map(lambda c: run_case(c, args.verbose), todo))
    for case, (outcome, detail) in zip(todo, outcomes):
        t = tallies.setdefault(case.command, Tally())
        t.tried += 1
        if outcome == "refused":
            t.refused += 1
        elif outcome == "accepted":
            t.accepted += 1
            t.notes.append(f"  accepted (legitimate): {case.name}: {detail}")
        else:
            t.failed += 1
            t.notes.append(f"  FAILED: {case.name}: {detail}")
        if args.verbose:
            print(f"[{case.command}] {outcome:8s} {case.name}: {detail}", flush=True)
    print("command        tried  refused cleanly  failed badly  accepted")
    for name, t in tallies.items():
        print(f"{name:14s} {t.tried:5d}  {t.refused:15d}  {t.failed:12d}  {t.accepted:8d}")
    total = Tally(*(sum(getattr(t, f) for t in tallies.values()) for f in ("tried", "refused", "failed", "accepted")))
    print(f"{'all':14s} {total.tried:5d}  {total.refused:15d}  {total.failed:12d}  {total.accepted:8d}")
    for name, t in tallies.items():
        for note in t.notes:
            print(f"[{name}]{note}")
    return 1 if total.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
