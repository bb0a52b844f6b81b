"""Sweeps through a real SLURM: scripts/slurm_local.sh installs Debian's SLURM packages (if
missing) and starts a single-node SLURM on 127.0.0.1; the sweeps' Dask workers are SLURM
jobs (dask-jobqueue). Same results as the local pool; a worker job cancelled with scancel
mid-sweep does not change the outcome and is replaced by a new job. The SLURM is the
module's own (own folder and ports) and is stopped at the end.

Skipped only where the SLURM packages cannot be installed (no root, no apt-get, apt-get
fails: scripts/slurm_local.sh exits 3)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

from skillsim import cli
from skillsim.sweep import load_sweep, run_sweep
from skillsim.sweep.backends import SlurmBackend
from skillsim.sweep.slurm_config import SlurmConfig, load_slurm_config

from helpers import results, write_sweep

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "slurm_local.sh"
EXAMPLE = REPO / "scenarios" / "sweeps" / "example.toml"
PACKAGES_UNAVAILABLE = 3  # slurm_local.sh's exit code when the packages cannot be installed


@pytest.fixture(autouse=True)
def pinned_code_version(monkeypatch):
    monkeypatch.setenv("SKILLSIM_SWEEP_CODE_VERSION", "test-pinned")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def slurm():
    """A single-node SLURM of this test module's own (own folder, own ports: a SLURM the
    user runs with scripts/slurm_local.sh is not disturbed), stopped at the end."""
    folder = Path(tempfile.mkdtemp(prefix="skillsim-slurm-test-"))
    env = {**os.environ, "SKILLSIM_SLURM_DIR": str(folder), "SKILLSIM_SLURM_CTLD_PORT": str(free_port()),
           "SKILLSIM_SLURM_SLURMD_PORT": str(free_port())}

    def script(command: str, timeout_s: float) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(SCRIPT), command], env=env, capture_output=True, text=True,
                              timeout=timeout_s)

    start = time.perf_counter()
    proc = script("start", 900)
    setup_s = time.perf_counter() - start
    try:
        if proc.returncode == PACKAGES_UNAVAILABLE:
            pytest.skip("SLURM packages cannot be installed here (scripts/slurm_local.sh start: "
                        f"{proc.stderr.strip().splitlines()[-1]})")
        assert proc.returncode == 0, f"scripts/slurm_local.sh start failed:\n{proc.stderr}"
        print(f"\nSLURM set-up (scripts/slurm_local.sh start) took {setup_s:.1f} s:\n{proc.stderr.strip()}")
        old = os.environ.get("SLURM_CONF")
        os.environ["SLURM_CONF"] = script("env", 60).stdout.strip().split("=", 1)[1]
        try:
            yield
        finally:
            if old is None:
                os.environ.pop("SLURM_CONF", None)
            else:
                os.environ["SLURM_CONF"] = old
    finally:
        script("stop", 120)
        shutil.rmtree(folder, ignore_errors=True)


def squeue_ids() -> set[str]:
    out = subprocess.run(["squeue", "-h", "-o", "%i"], capture_output=True, text=True, check=True).stdout
    return set(out.split())


# ------------------------------------------------------------------- configuration (fast)
BAD_CONFIG = [
    ("jobs = 0", "'jobs'"),
    ("jobs = true", "'jobs'"),
    ('cores_per_job = "4"', "'cores_per_job'"),
    ('memory_per_job = "lots"', "'memory_per_job'"),
    ('walltime = "4 hours"', "'walltime'"),
    ('job_directives = "--exclusive"', "'job_directives'"),
    ("nodes = 3", "unknown key 'nodes'"),
    ('host = "127.0.0.1"\ninterface = "ib0"', "'host' and 'interface'"),
    ("jobs = [", "not valid TOML"),
]


@pytest.mark.parametrize("body,needle", BAD_CONFIG)
def test_bad_slurm_config_is_one_line_exit_2(tmp_path, capsys, body, needle):
    cfg = tmp_path / "slurm.toml"
    cfg.write_text(body + "\n")
    code = cli.main(["sweep", str(write_sweep(tmp_path)), "--scheduler", "slurm", "--slurm-config", str(cfg),
                     "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and str(cfg) in err and needle in err, err
    assert not (tmp_path / "out").exists()


def test_slurm_config_without_slurm_scheduler_is_refused(tmp_path, capsys):
    cfg = tmp_path / "slurm.toml"
    cfg.write_text("jobs = 2\n")
    code = cli.main(["sweep", str(write_sweep(tmp_path)), "--slurm-config", str(cfg)])
    assert code == 2 and "--slurm-config is only allowed with --scheduler slurm" in capsys.readouterr().err


def test_no_slurm_commands_is_one_line_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no sbatch, squeue, scancel here
    code = cli.main(["sweep", str(write_sweep(tmp_path)), "--scheduler", "slurm", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "'sbatch' not found on PATH" in err, err


def test_example_slurm_config_is_the_defaults():
    """scenarios/sweeps/slurm.toml documents every key with its default value."""
    loaded = load_slurm_config(REPO / "scenarios" / "sweeps" / "slurm.toml")
    defaults = SlurmConfig()
    for key in ("queue", "account", "jobs", "cores_per_job", "memory_per_job", "walltime", "host", "interface",
                "job_directives", "job_script_prologue", "worker_extra_args", "log_directory", "start_timeout_s"):
        assert getattr(loaded, key) == getattr(defaults, key), key


# --------------------------------------------------------------------- a real SLURM (slow)
@pytest.mark.slow
def test_partition_slurm_refuses_is_one_line_exit_2(tmp_path, capsys, slurm):
    cfg = tmp_path / "slurm.toml"
    cfg.write_text('queue = "no_such_partition"\n')
    before = squeue_ids()
    code = cli.main(["sweep", str(write_sweep(tmp_path)), "--scheduler", "slurm", "--slurm-config", str(cfg),
                     "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "sbatch refuses the worker job" in err and str(cfg) in err, err
    assert squeue_ids() == before  # nothing was submitted


@pytest.mark.slow
def test_slurm_gives_the_same_results_as_the_local_pool(tmp_path, capsys, slurm):
    path = EXAMPLE
    spec = load_sweep(path)
    local = run_sweep(spec, tmp_path / "local", workers=2, progress=False)
    assert (local.done, local.failed) == (16, 0)
    code = cli.main(["sweep", str(path), "--scheduler", "slurm", "--out", str(tmp_path / "slurm"), "--no-progress"])
    out = capsys.readouterr().out
    print(out)
    assert code == 0
    assert "sweep example: 16 runs: 16 done, 0 failed" in out and "SLURM cluster via dask-jobqueue, 2 jobs" in out
    pd.testing.assert_frame_equal(results(tmp_path / "local"), results(tmp_path / "slurm"))
    logs = sorted((tmp_path / "slurm" / "slurm-logs").glob("dask-worker-*.err"))
    assert len(logs) == 2  # the two worker jobs ran under SLURM and wrote their logs there
    assert all("Registered to:" in log.read_text() for log in logs)
    job_ids = {log.name.split("-")[-1].split(".")[0] for log in logs}
    deadline = time.monotonic() + 60
    while squeue_ids() & job_ids and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not squeue_ids() & job_ids  # the worker jobs were cancelled when the sweep ended


@pytest.mark.slow
def test_sweep_survives_a_cancelled_worker_job(tmp_path, slurm):
    spec = load_sweep(write_sweep(tmp_path, values=(1.0, 1.5, 2.0, 2.5), seeds=2, scale=0.004))
    reference = run_sweep(spec, tmp_path / "local", workers=2, progress=False)
    assert reference.done == 8

    backend = SlurmBackend(SlurmConfig(jobs=2), tmp_path / "slurm-logs", wait_workers=2)
    try:
        client = backend.client
        job_of = client.run(lambda: os.environ["SLURM_JOB_ID"])  # worker address -> SLURM job id
        assert len(set(job_of.values())) == 2
        cancelled: list[str] = []
        cancel_time: list[float] = []
        recorded: list[str] = []

        def cancel_a_busy_job(task, reply):
            """After the first result, scancel the SLURM job of a worker that is running a task."""
            recorded.append(task.run_key)
            if cancelled:
                return
            for _ in range(200):
                busy = [addr for addr, keys in client.processing().items() if keys and addr in job_of]
                if busy:
                    subprocess.run(["scancel", job_of[busy[0]]], check=True)
                    cancelled.append(job_of[busy[0]])
                    cancel_time.append(time.monotonic())
                    return
                time.sleep(0.02)

        s = run_sweep(spec, tmp_path / "slurm", progress=False, on_result=cancel_a_busy_job, backend=backend)
        assert cancelled
        # every run done exactly once: recorded once each, one result file each, no failures
        assert (s.done, s.failed, s.cancelled) == (8, 0, 0)
        assert len(recorded) == len(set(recorded)) == 8
        assert len(list((tmp_path / "slurm" / "runs").glob("*.parquet"))) == 8
        assert not list((tmp_path / "slurm" / "failures").iterdir())
        pd.testing.assert_frame_equal(results(tmp_path / "local"), results(tmp_path / "slurm"))
        # the cancelled job left the queue and a new job took its place
        deadline = time.monotonic() + 90
        while cancelled[0] not in backend.replaced_jobs and time.monotonic() < deadline:
            time.sleep(0.5)
        assert cancelled[0] in backend.replaced_jobs
        client.wait_for_workers(2, timeout=90)
        now = set(client.run(lambda: os.environ["SLURM_JOB_ID"]).values())
        assert len(now) == 2 and cancelled[0] not in now
        print(f"\n{s.line(spec.name)}\nscancel {cancelled[0]} after the first of 8 runs; "
              f"{len(recorded)} runs recorded once each; jobs at the start {sorted(set(job_of.values()))}, "
              f"replaced {backend.replaced_jobs}, jobs now {sorted(now)} "
              f"(replacement working {time.monotonic() - cancel_time[0]:.1f} s after the scancel)")
    finally:
        backend.close()
