"""Sweeps: validation, identical results with 1 or 2 workers, resume after SIGKILL, only
changed runs recomputed, a failing and a hanging run isolated and recorded.

Runs are tiny (scale 0.003, 2018-2019) so the whole file takes well under a minute."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from skillsim import cli
from skillsim.sweep import load_sweep, run_sweep
from skillsim.sweep.tasks import build_tasks

from helpers import BASELINE, ROOT as REPO, results, write_sweep


@pytest.fixture(autouse=True)
def pinned_code_version(monkeypatch):
    """Other engineers edit model/ while tests run; a changed source hash would (rightly)
    invalidate stored runs between the two halves of a test."""
    monkeypatch.setenv("SKILLSIM_SWEEP_CODE_VERSION", "test-pinned")


# ------------------------------------------------------------------- injected run functions
def faulty_run(scenario, seed, scale):
    """Raises for commute cost 2.0, hangs for 3.0, runs the model otherwise."""
    cost = scenario.get("matching.commute_cost")
    if cost == 2.0:
        raise RuntimeError("injected failure for commute_cost 2.0")
    if cost == 3.0:
        Path(os.environ["SKILLSIM_TEST_HANG_PIDFILE"]).write_text(str(os.getpid()))
        time.sleep(3600)
    from skillsim.runs import run_scenario

    return run_scenario(scenario, seed=seed, scale=scale)


def crashing_run(scenario, seed, scale):
    """The run process dies (SIGKILL, as by the OOM killer): once for commute cost 1.5,
    every time for 2.5."""
    cost = scenario.get("matching.commute_cost")
    marker = Path(os.environ["SKILLSIM_TEST_CRASH_DIR"]) / f"crashed-{cost}"
    if cost == 2.5 or (cost == 1.5 and not marker.exists()):
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    from skillsim.runs import run_scenario

    return run_scenario(scenario, seed=seed, scale=scale)


# ----------------------------------------------------------------------------- validation
BAD = [
    ('scenarios = ["nope.toml"]', "scenario file"),
    ('scenarios = []', "'scenarios'"),
    ('scenarios = ["{b}"]\nscale = 5', "'scale'"),
    ('scenarios = ["{b}"]\n[parameters]\n"demand.no_such_key" = {{ low = 0, high = 1 }}', "parameters.demand.no_such_key"),
    ('scenarios = ["{b}"]\n[design]\nmethod = "lhs"\n[parameters]\n"matching.commute_cost" = {{ low = 0, high = 99 }}',
     "parameters.matching.commute_cost.high"),
    ('scenarios = ["{b}"]\n[design]\nmethod = "magic"', "design.method"),
    ('scenarios = ["{b}"]\n[keep]\nindicators = ["happiness"]', "keep.indicators"),
    ('scenarios = ["{b}"]\nsurprise = 1', "unknown key 'surprise'"),
    ('scenarios = ["{b}"]\n[overrides]\n"run.end_year" = 1900', "run.end_year"),
    ('scenarios = ["{b}"]\n[parameters]\n"matching.commute_cost" = {{ low = 1, high = 2 }}', "levels"),
    ('scenarios = [', "not valid TOML"),
]


@pytest.mark.parametrize("body,needle", BAD)
def test_bad_sweep_file_is_one_line_exit_2(tmp_path, capsys, body, needle):
    path = tmp_path / "bad.toml"
    path.write_text(body.format(b=BASELINE))
    assert cli.main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert str(path) in err and needle in err, err
    assert "Traceback" not in err


def test_design_sizes_and_seeds(tmp_path):
    spec = load_sweep(write_sweep(tmp_path, values=(1.2, 1.6, 2.0), seeds=3))
    tasks = build_tasks(spec)
    assert spec.n_runs == len(tasks) == 9
    assert len({t.run_key for t in tasks}) == 9
    # common random numbers: the seed depends on the replicate only
    assert {t.seed for t in tasks if t.replicate == 0} == {tasks[0].seed}
    assert len({t.seed for t in tasks}) == 3

    lhs = tmp_path / "lhs.toml"
    lhs.write_text(f'scenarios = ["{BASELINE}"]\nseed = 3\n[design]\nmethod = "lhs"\nsamples = 5\n'
                   '[parameters]\n"demand.technical_demand_growth_per_year" = { low = 0.0, high = 0.04 }\n'
                   '"matching.hard_to_fill_months" = { low = 1, high = 12 }\n')
    spec = load_sweep(lhs)
    xs = sorted(p["demand.technical_demand_growth_per_year"] for p in spec.points)
    assert len(xs) == 5 and all(0.0 <= x <= 0.04 for x in xs)
    # Latin hypercube: one point in each fifth of the range
    assert [int(x / 0.008) for x in xs] == [0, 1, 2, 3, 4]
    assert all(isinstance(p["matching.hard_to_fill_months"], int) for p in spec.points)
    assert load_sweep(lhs).points == spec.points  # deterministic
    sob = tmp_path / "sobol.toml"
    sob.write_text(lhs.read_text().replace('"lhs"', '"sobol"').replace("samples = 5", "samples = 8"))
    assert len(load_sweep(sob).points) == 8


# ------------------------------------------------------------------ determinism and resume
@pytest.mark.slow  # sweep runs in worker processes
def test_same_results_with_1_and_2_workers(tmp_path):
    spec = load_sweep(write_sweep(tmp_path))
    s1 = run_sweep(spec, tmp_path / "w1", workers=1, progress=False)
    s2 = run_sweep(spec, tmp_path / "w2", workers=2, progress=False)
    assert (s1.done, s1.failed, s2.done, s2.failed) == (4, 0, 4, 0)
    r1, r2 = results(tmp_path / "w1"), results(tmp_path / "w2")
    pd.testing.assert_frame_equal(r1, r2)
    assert set(r1.indicator) == {"technical_shortfall", "technical_shortfall_cumulative", "unemployment_rate"}
    assert set(r1.region) == {"Noord-Holland"} and set(r1.occupation_group) == {"all"}
    assert r1.run_key.nunique() == 4 and set(r1["matching.commute_cost"]) == {1.2, 2.0}
    # the runs differ (different seeds, different parameters): not a trivially equal table
    u = r1[r1.indicator == "unemployment_rate"].groupby("run_key")["value"].mean()
    assert u.nunique() == 4
    runs = pd.read_parquet(tmp_path / "w1" / "runs.parquet")
    assert list(runs.status) == ["done"] * 4
    # a second start computes nothing
    again = run_sweep(spec, tmp_path / "w1", workers=2, progress=False)
    assert (again.done, again.skipped) == (0, 4)
    pd.testing.assert_frame_equal(results(tmp_path / "w1"), r1)


@pytest.mark.slow  # sweep runs in worker processes
def test_sweep_report_writes_plots_and_index(tmp_path, capsys):
    out = tmp_path / "s"
    run_sweep(load_sweep(write_sweep(tmp_path, values=(1.2, 2.0), seeds=1)), out, workers=2, progress=False)
    assert cli.main(["sweep-report", str(out), "--out", str(tmp_path / "rep")]) == 0
    rep = tmp_path / "rep"
    for name in ("distributions.png", "vs_matching_commute_cost.png", "technical_shortfall_over_time.png"):
        assert (rep / name).stat().st_size > 5000, name
    index = (rep / "index.md").read_text()
    assert "| baseline | 2 |" in index and "Tekort aan technici 2019" in index  # Dutch by default
    assert "![distributions](distributions.png)" in index
    assert cli.main(["sweep-report", str(tmp_path / "nothing")]) == 2
    assert "not a directory" in capsys.readouterr().err


@pytest.mark.slow  # sweep runs in worker processes
def test_changing_one_value_recomputes_only_its_runs(tmp_path):
    out = tmp_path / "out"
    run_sweep(load_sweep(write_sweep(tmp_path, values=(1.2, 1.6))), out, workers=2, progress=False)
    computed = []
    spec = load_sweep(write_sweep(tmp_path, values=(1.2, 2.0)))
    s = run_sweep(spec, out, workers=2, progress=False, on_result=lambda task, reply: computed.append(task.point))
    assert (s.done, s.skipped, s.failed) == (2, 2, 0)
    assert computed and all(p == {"matching.commute_cost": 2.0} for p in computed)
    assert set(results(out)["matching.commute_cost"]) == {1.2, 2.0}


@pytest.mark.slow  # sweep runs in worker processes
def test_resume_after_sigkill_recomputes_only_unfinished(tmp_path):
    sweep = write_sweep(tmp_path, values=(1.0, 1.4, 1.8, 2.2, 2.6, 3.0), seeds=2, scale=0.004)
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "skillsim.cli", "sweep", str(sweep), "--out", str(out), "--workers", "1", "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    runs_dir = out / "runs"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if runs_dir.is_dir() and len(list(runs_dir.glob("*.parquet"))) >= 3:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in runs_dir.glob("*.parquet")}
    assert 3 <= len(finished) < 12, f"kill came too late or too early: {len(finished)} runs finished"
    assert not (out / "results.parquet").exists()

    again = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{12 - len(finished)} done, 0 failed, {len(finished)} skipped as already done" in again.stdout, again.stdout
    for name, stat in finished.items():  # not recomputed, not rewritten
        p = runs_dir / name
        assert (p.stat().st_ino, p.stat().st_mtime_ns) == stat
    assert not list(runs_dir.glob(".*.tmp"))

    whole = tmp_path / "whole"
    run_sweep(load_sweep(sweep), whole, workers=2, progress=False)
    pd.testing.assert_frame_equal(results(out), results(whole))


# -------------------------------------------------------------------------- fault isolation
@pytest.mark.slow  # sweep runs in worker processes
def test_failing_and_hanging_runs_are_recorded_and_the_rest_finish(tmp_path, monkeypatch):
    pidfile = tmp_path / "hang.pid"
    monkeypatch.setenv("SKILLSIM_TEST_HANG_PIDFILE", str(pidfile))
    spec = load_sweep(write_sweep(tmp_path, values=(1.0, 1.5, 2.0, 2.5, 3.0, 3.5), seeds=1, timeout_s=6))
    out = tmp_path / "out"
    start = time.monotonic()
    s = run_sweep(spec, out, workers=2, run_fn=faulty_run, progress=False)
    assert time.monotonic() - start < 90
    assert (s.done, s.failed) == (4, 2)
    by_status = {f["status"]: f for f in (json.loads(p.read_text()) for p in (out / "failures").glob("*.json"))}
    assert set(by_status) == {"error", "timeout"}
    assert "injected failure for commute_cost 2.0" in by_status["error"]["error"]
    assert by_status["error"]["parameters"] == {"matching.commute_cost": 2.0}
    assert by_status["timeout"]["parameters"] == {"matching.commute_cost": 3.0}
    assert "6 s" in by_status["timeout"]["error"]
    # the hanging run really stopped: its process is gone
    pid = int(pidfile.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    runs = pd.read_parquet(out / "runs.parquet").set_index("matching.commute_cost")
    assert runs.loc[2.0, "status"] == "error" and runs.loc[3.0, "status"] == "timeout"
    assert (runs.drop([2.0, 3.0]).status == "done").all()
    assert set(results(out)["matching.commute_cost"]) == {1.0, 1.5, 2.5, 3.5}


@pytest.mark.slow  # sweep runs in worker processes
def test_dying_run_process_is_retried_a_bounded_number_of_times(tmp_path, monkeypatch):
    monkeypatch.setenv("SKILLSIM_TEST_CRASH_DIR", str(tmp_path))
    spec = load_sweep(write_sweep(tmp_path, values=(1.0, 1.5, 2.5), seeds=1, retries=1))
    out = tmp_path / "out"
    replies = {}
    s = run_sweep(spec, out, workers=1, run_fn=crashing_run, progress=False,
                  on_result=lambda task, reply: replies.update({task.point["matching.commute_cost"]: reply}))
    assert (s.done, s.failed) == (2, 1)
    assert replies[1.0]["attempts"] == 1 and replies[1.5]["attempts"] == 2  # died once, retried, done
    assert replies[2.5]["status"] == "crashed" and replies[2.5]["attempts"] == 2  # 1 + retries, then given up
    runs = pd.read_parquet(out / "runs.parquet").set_index("matching.commute_cost")
    assert list(runs.status) == ["done", "done", "crashed"]
    assert "gave up after 2 attempts" in runs.loc[2.5, "error"]


@pytest.mark.slow  # sweep runs in worker processes
def test_cli_summary_line_and_exit_code_for_failures(tmp_path, capsys):
    sweep = write_sweep(tmp_path, values=(1.2,), seeds=1)
    assert cli.main(["sweep", str(sweep), "--out", str(tmp_path / "o"), "--workers", "1", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "1 runs: 1 done, 0 failed, 0 skipped as already done" in out
    assert cli.main(["sweep", str(sweep), "--out", str(tmp_path / "o"), "--workers", "0"]) == 2
