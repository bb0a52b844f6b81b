"""Sweeps on a real dask.distributed cluster started here: a scheduler and two worker
processes on 127.0.0.1. Same results as the local pool; a worker killed mid-sweep does not
change the outcome."""

from __future__ import annotations

import os
import signal
import time

import pandas as pd
import pytest

from skillsim.sweep import load_sweep, run_sweep

from helpers import results, write_sweep

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow  # a Dask scheduler and worker processes


@pytest.fixture(autouse=True)
def pinned_code_version(monkeypatch):
    monkeypatch.setenv("SKILLSIM_SWEEP_CODE_VERSION", "test-pinned")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as c:
        yield c


def test_dask_cluster_gives_the_same_results_as_the_local_pool(tmp_path, cluster):
    spec = load_sweep(write_sweep(tmp_path, values=(1.2, 2.0), seeds=2))
    local = run_sweep(spec, tmp_path / "local", workers=1, progress=False)
    dask = run_sweep(spec, tmp_path / "dask", scheduler=cluster.scheduler_address, progress=False)
    assert (local.done, dask.done, dask.failed) == (4, 4, 0)
    assert "Dask cluster" in dask.backend and "2 workers" in dask.backend
    pd.testing.assert_frame_equal(results(tmp_path / "local"), results(tmp_path / "dask"))


def test_sweep_survives_a_killed_dask_worker(tmp_path, cluster):
    spec = load_sweep(write_sweep(tmp_path, values=(1.0, 1.5, 2.0, 2.5), seeds=2, scale=0.004))
    reference = run_sweep(spec, tmp_path / "local", workers=2, progress=False)
    assert reference.done == 8

    killed = []
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=180)
        pids = client.run(os.getpid)  # worker address -> pid of the worker process

        def kill_a_busy_worker(task, reply):
            """After the first result, SIGKILL a worker that is running a task right now."""
            if killed:
                return
            for _ in range(200):
                busy = [addr for addr, keys in client.processing().items() if keys and addr in pids]
                if busy:
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    killed.append(pids[busy[0]])
                    return
                time.sleep(0.02)

        s = run_sweep(spec, tmp_path / "dask", scheduler=cluster.scheduler_address, progress=False,
                      on_result=kill_a_busy_worker)
        assert killed
        client.wait_for_workers(2, timeout=180)  # the nanny started a new worker process
        assert killed[0] not in client.run(os.getpid).values()
    assert (s.done, s.failed) == (8, 0)
    pd.testing.assert_frame_equal(results(tmp_path / "local"), results(tmp_path / "dask"))
