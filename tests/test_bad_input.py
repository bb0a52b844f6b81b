"""Bad input of any kind, for every command: exit code 2, exactly one line on stderr, no
traceback, nothing written, and no simulation started.

Property-based (Hypothesis): each test generates malformed files (garbage, deep nesting,
too large, unknown keys, out-of-range and inconsistent values, bad names, broken `base`
chains), bad options and file-system situations (missing, a directory, a FIFO, an
unreadable file, a path under a file, too long, an output folder holding other results)
and runs the command in-process (skillsim.cli.main) with every entry point that would
start a simulation replaced by one that fails the test.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BASELINE
from skillsim import cli
from skillsim.limits import MAX_BASE_DEPTH, MAX_INPUT_FILE_BYTES
from skillsim.model import parameters as P

FAST = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


class SimulationStarted(AssertionError):
    pass


@pytest.fixture
def no_simulation(monkeypatch):
    """Every way into a simulation, a worker pool, a plot or a server fails the test."""
    import subprocess

    import skillsim.calibration.search as search
    import skillsim.compare as compare
    import skillsim.compare.execute as execute
    import skillsim.model.simulate as simulate
    import skillsim.runs as runs
    import skillsim.sweep as sweep
    import skillsim.sweep.backends as backends
    import skillsim.sweep.report as report

    def fail(*args, **kwargs):
        raise SimulationStarted("work started on bad input")

    for module, name in ((runs, "run_scenario"), (runs, "simulate"), (simulate, "simulate"),
                         (simulate, "SkillsimModel"), (compare, "run_all"), (execute, "run_all"),
                         (sweep, "run_sweep"), (backends, "make_backend"), (search, "Evaluator"),
                         (report, "_write_files"), (subprocess, "Popen")):
        monkeypatch.setattr(module, name, fail)


def snapshot(root: Path) -> dict:
    out = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            p = Path(folder) / name
            st_ = p.lstat()
            out[str(p.relative_to(root))] = (st_.st_mode, st_.st_size, st_.st_mtime_ns)
    return out


def assert_refused(argv: list[str], work: Path) -> str:
    """Run `skillsim argv` in `work` and check the invariant; returns the stderr line."""
    before = snapshot(work)
    err, out = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(work)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                code = cli.main(argv)
            except SystemExit as exc:
                code = exc.code
    finally:
        os.chdir(cwd)
    text = err.getvalue()
    assert code == 2, f"{argv}: exit code {code}; stderr {text!r}"
    assert text.endswith("\n") and text.count("\n") == 1, f"{argv}: stderr is not one line: {text!r}"
    assert "Traceback" not in text
    assert snapshot(work) == before, f"{argv}: files changed: {set(snapshot(work)) ^ set(before)}"
    return text


@contextlib.contextmanager
def workdir():
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)


# ------------------------------------------------------------------- bad files
FS_SITUATIONS = ("missing", "directory", "fifo", "unreadable", "too_large", "binary", "not_utf8",
                 "deep_nesting", "bad_toml", "nul_in_path", "long_name")


def bad_file(work: Path, situation: str, stem: str = "bad") -> str:
    """A path (as given on the command line) that is not a usable TOML input file."""
    path = work / f"{stem}.toml"
    if situation == "missing":
        return str(path)
    if situation == "directory":
        path.mkdir()
    elif situation == "fifo":
        os.mkfifo(path)
    elif situation == "unreadable":
        if os.geteuid() == 0:  # root reads any file: a regular file that fails on read
            return "/proc/self/mem"
        path.write_text("[run]\n")
        path.chmod(0)
    elif situation == "too_large":
        path.write_text("# padding\n" * (MAX_INPUT_FILE_BYTES // 10 + 1))
    elif situation == "binary":
        path.write_bytes(bytes(range(256)) * 4)
    elif situation == "not_utf8":
        path.write_bytes(b'name = "\xff\xfe"\n')
    elif situation == "deep_nesting":
        path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    elif situation == "bad_toml":
        path.write_text("[run\nend_year = = 2020\n")
    elif situation == "nul_in_path":
        return str(path) + "\0.toml"
    elif situation == "long_name":
        return str(work / ("n" * 300 + ".toml"))
    return str(path)


NUMERIC = [p for p in P.PARAMETERS if p.kind in ("float", "int") and p.low is not None]


@st.composite
def bad_scenario_doc(draw) -> dict | str:
    """A scenario document (or raw text) the loader must refuse."""
    kind = draw(st.sampled_from(["unknown_key", "unknown_section", "out_of_range", "wrong_type", "end_before_start",
                                 "shares", "population", "pension", "bad_name", "empty", "not_a_table"]))
    if kind == "unknown_key":
        section = draw(st.sampled_from(P.SECTIONS))
        return {section: {"zz_" + draw(st.text("abcdefgh_", min_size=1, max_size=12)): 1}}
    if kind == "unknown_section":
        return {"zz" + draw(st.text("abcdefgh", min_size=1, max_size=8)): {"x": 1}}
    if kind == "out_of_range":
        p = draw(st.sampled_from(NUMERIC))
        delta = draw(st.floats(min_value=1, max_value=1e9)) if p.kind == "float" else draw(st.integers(1, 10**9))
        value = p.high + delta if draw(st.booleans()) else p.low - delta
        return {p.section: {p.name: value}}
    if kind == "wrong_type":
        p = draw(st.sampled_from(NUMERIC))
        return {p.section: {p.name: draw(st.sampled_from(["text", True, [1, 2], {"a": "b"}]))}}
    if kind == "end_before_start":
        start = draw(st.integers(2017, 2025))
        return {"run": {"start_year": start, "end_year": draw(st.integers(2016, start - 1))}}
    if kind == "shares":
        shares = draw(st.lists(st.floats(0, 1), min_size=6, max_size=6).filter(lambda s: abs(sum(s) - 1) > 1e-3))
        return {"education": {"final_level_shares": shares}}
    if kind == "population":  # each value in range, the combination impossible
        population = draw(st.integers(1_000_000, 1_400_000))
        outside = draw(st.integers(max(200_000, population - 400_000), 1_200_000))
        lf = population - outside
        unemployed = draw(st.integers(max(10_000, int(0.5 * max(lf, 0)) + 1), 300_000))
        return {"population": {"population_15_74": population, "unemployed_start": unemployed,
                               "not_in_labour_force_start": outside}}
    if kind == "pension":
        return {"demography": {"pension_age_years": draw(st.floats(60.0, 61.0))},
                "population": {"not_in_labour_force_start": draw(st.integers(200_000, 600_000))}}
    if kind == "bad_name":
        name = draw(st.one_of(st.just(""), st.just(".."), st.just("/abs/path"), st.just("../../escape"),
                              st.text(min_size=101, max_size=300), st.just("a\0b"), st.just("a/b"), st.just("a\\b"),
                              st.just(".hidden")))
        return {"name": name, "run": {"end_year": 2020}}
    if kind == "empty":
        return ""
    return {"run": 5}


def write_doc(path: Path, doc: dict | str) -> None:
    path.write_text(doc if isinstance(doc, str) else tomli_w.dumps(doc), encoding="utf-8")


def bad_chain(work: Path, kind: str) -> str:
    """A scenario whose `base` chain is broken."""
    if kind == "missing_base":
        (work / "a.toml").write_text('base = "nowhere.toml"\n')
    elif kind == "cycle":
        (work / "a.toml").write_text('base = "b.toml"\n')
        (work / "b.toml").write_text('base = "a.toml"\n')
    elif kind == "too_deep":
        for i in range(MAX_BASE_DEPTH + 5):
            (work / f"c{i}.toml").write_text(f'base = "c{i + 1}.toml"\n' if i < MAX_BASE_DEPTH + 4 else "[run]\nend_year = 2020\n")
        return str(work / "c0.toml")
    elif kind == "base_too_long":
        (work / "a.toml").write_text(f'base = "{"x" * 5000}.toml"\n')
    elif kind == "base_is_directory":
        (work / "d").mkdir()
        (work / "a.toml").write_text('base = "d"\n')
    return str(work / "a.toml")


@st.composite
def bad_scenario(draw, work_holder: list) -> str:
    """Prepare a bad scenario file in work_holder[0]; return its path."""
    work = work_holder[0]
    how = draw(st.sampled_from(["fs", "doc", "chain"]))
    if how == "fs":
        return bad_file(work, draw(st.sampled_from(FS_SITUATIONS)))
    if how == "chain":
        return bad_chain(work, draw(st.sampled_from(["missing_base", "cycle", "too_deep", "base_too_long",
                                                     "base_is_directory"])))
    path = work / "bad.toml"
    write_doc(path, draw(bad_scenario_doc()))
    return str(path)


def good_scenario(work: Path) -> str:
    path = work / "good.toml"
    path.write_text(f'base = "{BASELINE}"\nname = "good"\n[run]\nend_year = 2019\n')
    return str(path)


def bad_out(work: Path, kind: str) -> str:
    """An --out that must be refused before anything runs."""
    if kind == "empty":
        return ""
    if kind == "under_file":
        (work / "afile").write_text("x")
        return str(work / "afile" / "out")
    if kind == "is_file":
        (work / "afile").write_text("x")
        return str(work / "afile")
    if kind == "too_long":
        return str(work / ("o" * 300))
    if kind == "path_too_long":
        return str(work / "/".join(["p" * 200] * 25))
    if kind == "nul":
        return str(work / "o\0ut")
    if kind == "proc":
        return "/proc/skillsim-out"
    if kind == "others_results":  # a folder holding files skillsim did not write: needs --overwrite
        (work / "full").mkdir()
        (work / "full" / "notes.txt").write_text("keep me")
        return str(work / "full")
    raise ValueError(kind)


OUT_KINDS = ("empty", "under_file", "is_file", "too_long", "path_too_long", "nul", "proc", "others_results")


# --------------------------------------------------------------------- commands
@FAST
@given(data=st.data())
def test_run_refuses_bad_input(no_simulation, data):
    with workdir() as work:
        choice = data.draw(st.sampled_from(["scenario", "option", "out"]))
        scen = data.draw(bad_scenario([work])) if choice == "scenario" else good_scenario(work)
        argv = ["run", scen, "--scale", "0.01", "--no-progress"]
        if choice == "option":
            argv += data.draw(st.sampled_from([
                ["--seed", str(data.draw(st.integers(max_value=-1)))],
                ["--seed", str(data.draw(st.integers(min_value=2**32)))],
                ["--scale", str(data.draw(st.one_of(st.floats(max_value=0.00009), st.floats(min_value=1.0001),
                                                    st.just(float("nan")))))],
                ["--seed", "abc"], ["--bogus"]]))
        if choice == "out":
            argv += ["--out", bad_out(work, data.draw(st.sampled_from(OUT_KINDS)))]
        assert_refused(argv, work)


@FAST
@given(data=st.data())
def test_compare_refuses_bad_input(no_simulation, data):
    with workdir() as work:
        choice = data.draw(st.sampled_from(["scenario", "option", "out", "too_many"]))
        good = good_scenario(work)
        scens = [good, data.draw(bad_scenario([work]))] if choice == "scenario" else [good, good]
        if choice == "too_many":
            scens = [good] * 21
        argv = ["compare", *scens, "--seeds", "2", "--scale", "0.01", "--workers", "1", "--no-progress"]
        if choice == "option":
            argv += data.draw(st.sampled_from([
                ["--seeds", str(data.draw(st.integers(max_value=1)))],
                ["--seeds", str(data.draw(st.integers(min_value=1001)))],
                ["--first-seed", str(data.draw(st.integers(max_value=-1)))],
                ["--first-seed", str(data.draw(st.integers(min_value=2**32 - 1)))],
                ["--workers", str(data.draw(st.one_of(st.integers(max_value=0), st.integers(min_value=257))))],
                ["--lang", data.draw(st.text("xyz", min_size=1, max_size=4))],
                ["--scale", str(data.draw(st.one_of(st.floats(max_value=0), st.floats(min_value=1.001))))]]))
        if choice == "out":
            argv += ["--out", bad_out(work, data.draw(st.sampled_from(OUT_KINDS)))]
        line = assert_refused(argv, work)
        if "--first-seed" in argv and choice == "option" and "--first-seed" == argv[-2]:
            assert "--first-seed" in line


def sweep_doc(scenario: str) -> dict:
    return {"name": "s", "scenarios": [scenario], "seeds": 1, "scale": 0.01,
            "design": {"method": "grid"},
            "parameters": {"matching.commute_cost": {"values": [1.2, 2.0]}},
            "overrides": {"run.end_year": 2019}}


@st.composite
def bad_sweep_mutation(draw) -> tuple[str, object]:
    return draw(st.sampled_from([
        ("seeds", draw(st.one_of(st.integers(max_value=0), st.integers(min_value=10_001)))),
        ("scale", draw(st.one_of(st.floats(max_value=0.00009), st.floats(min_value=1.001)))),
        ("timeout_s", 0.1), ("retries", -1), ("zz_unknown", 1),
        ("name", draw(st.sampled_from(["/abs/escaped", "../../escaped", "a/b", "", "x" * 101, ".hidden"]))),
        ("scenarios", []), ("scenarios", ["missing.toml"]), ("scenarios", ["x.toml"] * 101),
        ("design", {"method": "nope"}), ("design", {"method": "lhs", "samples": 2_000_000}),
        ("parameters", {f"matching.{k}": {"low": 0.1, "high": 0.9, "levels": 1000}
                        for k in ("commute_cost", "cross_group_penalty", "age45_hire_factor")}),
        ("parameters", {"matching.commute_cost": {"low": 2.0, "high": 1.0, "levels": 3}}),
        ("parameters", {"zz.unknown": {"values": [1]}}),
        ("overrides", {"run.end_year": 2016}),
        ("overrides", {"population.not_in_labour_force_start": 1_200_000, "population.population_15_74": 1_000_000}),
        ("parameters", {"population.not_in_labour_force_start": {"values": [620_000, 640_000, 200_000]}}),
        ("parameters", {"demography.pension_age_years": {"values": [67.0, 66.0, 60.0]}}),
    ]))


@FAST
@given(data=st.data())
def test_sweep_refuses_bad_input(no_simulation, data):
    with workdir() as work:
        choice = data.draw(st.sampled_from(["file", "doc", "bad_scenario", "option", "out"]))
        good = good_scenario(work)
        path = work / "sweep.toml"
        doc = sweep_doc(good)
        if choice == "file":
            sweep = bad_file(work, data.draw(st.sampled_from(FS_SITUATIONS)), stem="sweepfile")
        else:
            if choice == "doc":
                key, value = data.draw(bad_sweep_mutation())
                doc[key] = value
            elif choice == "bad_scenario":
                doc["scenarios"] = [data.draw(bad_scenario([work]))]
            write_doc(path, doc)
            sweep = str(path)
        argv = ["sweep", sweep, "--no-progress"]
        if choice == "option":
            argv += data.draw(st.sampled_from([["--workers", "0"], ["--workers", "100000"], ["--scheduler", "nowhere"]]))
        if choice == "out":
            argv += ["--out", bad_out(work, data.draw(st.sampled_from(OUT_KINDS)))]
        assert_refused(argv, work)


def fake_sweep_dir(folder: Path) -> None:
    """A sweep folder as 'skillsim sweep' writes it, with made-up numbers (no simulation)."""
    folder.mkdir()
    dates = pd.to_datetime(["2018-12-31", "2019-12-31"])
    pd.DataFrame({"run_key": ["k1"] * 2, "scenario": ["s"] * 2, "replicate": [0, 0], "seed": [1, 1], "date": dates,
                  "region": ["Noord-Holland"] * 2, "occupation_group": ["all"] * 2,
                  "indicator": ["technical_shortfall"] * 2, "value": [1.0, 2.0], "unit": ["persons/year"] * 2,
                  }).to_parquet(folder / "results.parquet", index=False)
    pd.DataFrame({"run_key": ["k1"], "scenario": ["s"], "replicate": [0], "seed": [1], "status": ["done"],
                  "error": [""]}).to_parquet(folder / "runs.parquet", index=False)
    (folder / "sweep.json").write_text(json.dumps({"name": "s"}))


def damage(folder: Path, kind: str) -> None:
    results = folder / "results.parquet"
    if kind == "garbage_json":
        (folder / "sweep.json").write_bytes(b"\x00{not json")
    elif kind == "json_not_object":
        (folder / "sweep.json").write_text("[1, 2]")
    elif kind == "empty_parquet":
        results.write_bytes(b"")
    elif kind == "random_parquet":
        (folder / "runs.parquet").write_bytes(os.urandom(2000))
    elif kind == "truncated_parquet":
        results.write_bytes(results.read_bytes()[: results.stat().st_size // 2])
    elif kind == "wrong_schema":
        pd.DataFrame({"a": [1]}).to_parquet(results, index=False)
    elif kind == "fifo_parquet":
        results.unlink()
        os.mkfifo(results)
    elif kind == "directory_parquet":
        results.unlink()
        results.mkdir()
    elif kind == "missing_runs":
        (folder / "runs.parquet").unlink()
    elif kind == "no_finished_runs":
        pd.DataFrame({"run_key": ["k1"], "scenario": ["s"], "status": ["error"], "error": ["x"]}).to_parquet(
            folder / "runs.parquet", index=False)


@FAST
@given(data=st.data())
def test_sweep_report_refuses_bad_input(no_simulation, data):
    with workdir() as work:
        folder = work / "sw"
        choice = data.draw(st.sampled_from(["damaged", "out", "not_a_dir"]))
        argv = ["sweep-report", str(folder)]
        if choice == "not_a_dir":
            argv = ["sweep-report", bad_file(work, data.draw(st.sampled_from(["missing", "fifo", "nul_in_path",
                                                                               "long_name", "too_large"])))]
        else:
            fake_sweep_dir(folder)
            if choice == "damaged":
                damage(folder, data.draw(st.sampled_from(["garbage_json", "json_not_object", "empty_parquet",
                                                          "random_parquet", "truncated_parquet", "wrong_schema",
                                                          "fifo_parquet", "directory_parquet", "missing_runs",
                                                          "no_finished_runs"])))
            else:
                argv += ["--out", data.draw(st.sampled_from([bad_out(work, k) for k in ("empty", "under_file", "is_file",
                                                                                        "too_long", "nul", "proc")]
                                                            + [str(folder)]))]
        assert_refused(argv, work)


@FAST
@given(data=st.data())
def test_calibrate_refuses_bad_input(no_simulation, data):
    with workdir() as work:
        out = str(work / "cal")
        choice = data.draw(st.sampled_from(["option", "targets", "scenario", "out"]))
        argv = ["calibrate", "--out", out, "--no-progress", "--budget", "2", "--seeds", "1", "--workers", "1"]
        if choice == "option":
            argv += data.draw(st.sampled_from([
                ["--budget", str(data.draw(st.one_of(st.integers(max_value=1), st.integers(min_value=100_001))))],
                ["--seeds", str(data.draw(st.one_of(st.integers(max_value=0), st.integers(min_value=65))))],
                ["--workers", str(data.draw(st.one_of(st.integers(max_value=0), st.integers(min_value=257))))],
                ["--end-year", str(data.draw(st.one_of(st.integers(max_value=2018), st.integers(min_value=2031))))],
                ["--scale", str(data.draw(st.one_of(st.floats(max_value=0.00009), st.floats(min_value=1.01))))],
                ["--morris-trajectories", "-1"], ["--report-seeds", "0"]]))
        elif choice == "targets":
            argv += ["--targets", bad_file(work, data.draw(st.sampled_from(FS_SITUATIONS)), stem="targets")]
        elif choice == "scenario":
            argv += ["--scenario", data.draw(bad_scenario([work]))]
        else:
            argv[2] = bad_out(work, data.draw(st.sampled_from([k for k in OUT_KINDS if k != "others_results"])))
        assert_refused(argv, work)


@FAST
@given(data=st.data())
def test_dashboard_and_cbs_refresh_refuse_bad_input(no_simulation, data):
    with workdir() as work:
        argv = data.draw(st.sampled_from([
            ["dashboard", "--port", str(data.draw(st.one_of(st.integers(max_value=0), st.integers(min_value=65536))))],
            ["dashboard", "--port", "0x"], ["dashboard", "--scenarios", str(work / "none")],
            ["dashboard", "--scale", str(data.draw(st.sampled_from([0.0, -1.0, 2.0, float("nan")])))],
            ["dashboard", "--results", bad_file(work, "fifo")],
            ["cbs-refresh", "--tables", "nope"], ["cbs-refresh", "--timeout", "-1"],
            ["cbs-refresh", "--timeout", "nan"], ["cbs-refresh", "--out", bad_out(work, "under_file")],
        ]))
        assert_refused(argv, work)


# --------------------------------------------------- output folders, not fuzzed
def test_output_folder_lock_refuses_a_second_writer(tmp_path):
    from skillsim import outputs
    from skillsim.errors import UserError

    out = tmp_path / "o"
    with outputs.claim(out, {"command": "run"}):
        with pytest.raises(UserError, match="being written by another"):
            outputs.claim(out, {"command": "run"})
    assert not out.exists()  # nothing written: the folder the claim created is gone again
    with outputs.claim(out, {"command": "run"}) as c:
        c.write(lambda tmp: (tmp / "a.txt").write_text("1"))
    assert sorted(p.name for p in out.iterdir()) == [".skillsim-output.json", "a.txt"]


def test_rerun_replaces_its_own_files_and_another_run_needs_overwrite(tmp_path):
    from skillsim import outputs
    from skillsim.errors import UserError

    out = tmp_path / "o"
    me = {"command": "run", "scenario": "x", "seed": 0, "scale": 0.1}
    with outputs.claim(out, me) as c:
        c.write(lambda tmp: [(tmp / n).write_text(n) for n in ("a", "old")])
    with outputs.claim(out, me) as c:  # the same run again: replaces, the old extra file goes
        c.write(lambda tmp: (tmp / "a").write_text("new"))
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a"]
    other = dict(me, seed=1)
    with pytest.raises(UserError, match="already holds results of another run"):
        outputs.claim(out, other)
    with outputs.claim(out, other, overwrite=True) as c:
        c.write(lambda tmp: (tmp / "b").write_text("b"))
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["b"]


def test_temporary_folder_of_a_killed_write_is_removed_on_the_next_write(tmp_path):
    from skillsim import outputs

    out = tmp_path / "o"
    stale = tmp_path / (outputs.temporary_prefix(out) + "abc123")
    stale.mkdir()
    (stale / "results.parquet").write_text("complete-looking")
    with outputs.claim(out, {"command": "run"}) as c:
        c.write(lambda tmp: (tmp / "a").write_text("1"))
    assert not stale.exists()


# ------------------------------------------------ the one validation path, direct
@pytest.mark.parametrize("overrides, keys", [
    ({"run": {"end_year": 2016}}, ["run.end_year"]),
    ({"education": {"final_level_shares": [0.1] * 6}}, ["education.final_level_shares"]),
    ({"population": {"population_15_74": 1_000_000, "unemployed_start": 300_000,
                     "not_in_labour_force_start": 1_200_000}},
     ["population.unemployed_start", "population.not_in_labour_force_start", "population.population_15_74"]),
    ({"demography": {"pension_age_years": 60.0}},
     ["population.not_in_labour_force_start", "demography.pension_age_years"]),
])
def test_overrides_go_through_the_cross_field_rules(short_baseline, overrides, keys):
    """with_overrides (dashboard, calibration, sweeps) and check_overrides (every sweep
    design point) refuse what a scenario file would, naming the keys."""
    from skillsim.model.errors import ScenarioError

    for apply in (short_baseline.with_overrides, short_baseline.check_overrides):
        with pytest.raises(ScenarioError) as info:
            apply(overrides)
        assert all(k in str(info.value) for k in keys), str(info.value)
        assert "\n" not in str(info.value)


def test_a_large_grid_is_refused_from_its_size_before_it_is_built(tmp_path, monkeypatch):
    import skillsim.sweep.spec as spec
    from skillsim.errors import UserError

    monkeypatch.setattr(spec, "design_points", lambda *a, **k: pytest.fail("the design was built"))
    path = tmp_path / "big.toml"
    write_doc(path, {"scenarios": [good_scenario(tmp_path)], "design": {"method": "grid"},
                     "parameters": {f"matching.{k}": {"low": 0.1, "high": 0.9, "levels": 1000}
                                    for k in ("commute_cost", "cross_group_penalty", "age45_hire_factor")}})
    with pytest.raises(UserError, match="1,000,000,000 runs"):
        spec.load_sweep(path)


def test_damaged_stored_sweep_run_is_removed_with_one_warning(tmp_path, capsys):
    import io as _io

    from skillsim.sweep import store

    buf = _io.BytesIO()
    pd.DataFrame({"value": [1.0, 2.0]}).to_parquet(buf, index=False)
    good_bytes = buf.getvalue()
    other = _io.BytesIO()
    pd.DataFrame({"value": [3.0]}).to_parquet(other, index=False)
    for damage_it in (lambda p: p.write_bytes(good_bytes[:40]),       # truncated
                      lambda p: p.write_bytes(b""),                    # empty
                      lambda p: p.write_bytes(other.getvalue())):      # readable, but not what was written
        store.write_run(tmp_path, "k", good_bytes)
        assert store.is_done(tmp_path, "k", warn=True)
        damage_it(store.run_path(tmp_path, "k"))
        capsys.readouterr()
        assert not store.is_done(tmp_path, "k", warn=True)
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "warning" in err and "run again" in err
        assert not store.run_path(tmp_path, "k").exists()
