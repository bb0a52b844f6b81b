"""The run process: `python -m skillsim.sweep.serve`, started and owned by a worker.

It imports the model once, says "ready", then serves runs one at a time over its stdin /
stdout: each request is a pickled Task, each reply a pickled dict with either the kept
rows as Parquet bytes or the error text. A run that hangs is stopped by the worker
killing this process. The process exits when its stdin closes or its parent dies.

Messages are framed as an 8-byte big-endian length followed by a pickle.
"""

from __future__ import annotations

import importlib
import io
import os
import pickle
import signal
import struct
import sys
import threading
import time
import traceback

HEADER = struct.Struct(">Q")


def read_message(fd: int):
    head = _read_exactly(fd, HEADER.size)
    if head is None:
        return None
    (n,) = HEADER.unpack(head)
    body = _read_exactly(fd, n)
    if body is None:
        return None
    return pickle.loads(body)


def _read_exactly(fd: int, n: int) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def write_message(fd: int, obj) -> None:
    body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    data = HEADER.pack(len(body)) + body
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def default_run(scenario, seed: int, scale: float):
    from skillsim.runs import run_scenario

    return run_scenario(scenario, seed=seed, scale=scale)


def resolve(path: str):
    module, _, name = path.partition(":")
    obj = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def kept_rows(table, task):
    """Only the kept indicators / regions / groups, as plain columns (no categories)."""
    import pandas as pd

    mask = (table["indicator"].isin(task.keep_indicators) & table["region"].isin(task.keep_regions)
            & table["occupation_group"].isin(task.keep_groups))
    t = table.loc[mask]
    out = pd.DataFrame({
        "run_key": task.run_key,
        "scenario": t["scenario"].astype(str).to_numpy(),
        "replicate": task.replicate,
        "seed": t["seed"].astype("int64").to_numpy(),
        "date": t["date"].to_numpy(),
        "region": t["region"].astype(str).to_numpy(),
        "occupation_group": t["occupation_group"].astype(str).to_numpy(),
        "indicator": t["indicator"].astype(str).to_numpy(),
        "value": t["value"].astype("float64").to_numpy(),
        "unit": t["unit"].astype(str).to_numpy(),
    })
    out["replicate"] = out["replicate"].astype("int64")
    out["date"] = out["date"].astype("datetime64[us]")
    return out


def run_one(task) -> dict:
    start = time.perf_counter()
    try:
        fn = resolve(task.run_fn)
        table = fn(task.scenario, seed=task.seed, scale=task.scale)
        rows = kept_rows(table, task)
        buf = io.BytesIO()
        rows.to_parquet(buf, index=False)
        return {"status": "ok", "parquet": buf.getvalue(), "rows": len(rows),
                "wall_s": time.perf_counter() - start}
    except Exception as exc:  # recorded by the driver; the sweep goes on
        tb = traceback.format_exc(limit=-3)
        return {"status": "error", "error": f"{type(exc).__name__}: {exc}".strip(), "traceback": tb,
                "wall_s": time.perf_counter() - start}


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(3)
        time.sleep(0.5)


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the worker decides; Ctrl-C reaches it
    in_fd = sys.stdin.fileno()
    out_fd = os.dup(sys.stdout.fileno())
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt replies
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    import skillsim.runs  # noqa: F401  (import the model once, before saying ready)

    write_message(out_fd, {"status": "ready", "pid": os.getpid()})
    while True:
        task = read_message(in_fd)
        if task is None:
            return 0
        write_message(out_fd, run_one(task))


if __name__ == "__main__":
    raise SystemExit(main())
