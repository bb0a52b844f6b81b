"""Combine the per-run Parquet files into DIR/results.parquet and DIR/runs.parquet.

Files are read one at a time and streamed into one Parquet writer, so memory holds one
run's rows at a time however large the sweep. Rows are in sweep order (scenario, design
point, replicate), so the combined table does not depend on completion order.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from skillsim.sweep import store

TIDY_SCHEMA = pa.schema([
    ("run_key", pa.string()), ("scenario", pa.string()), ("replicate", pa.int64()), ("seed", pa.int64()),
    ("date", pa.timestamp("us")), ("region", pa.string()), ("occupation_group", pa.string()),
    ("indicator", pa.string()), ("value", pa.float64()), ("unit", pa.string()),
])


def _param_type(kind: str):
    return pa.int64() if kind == "int" else pa.float64()


ROW_GROUP_ROWS = 10_000


def combine(out: Path, tasks, varied) -> tuple[Path, Path]:
    out = Path(out)
    schema = TIDY_SCHEMA
    for v in varied:
        schema = schema.append(pa.field(v.key, _param_type(v.kind)))
    # a sweep with [ensemble]: the member's parameter draw and demand path on every row
    ensemble = any(t.parameter_draw != -1 or t.demand_path for t in tasks)
    if ensemble:
        schema = schema.append(pa.field("parameter_draw", pa.int64())).append(pa.field("demand_path", pa.string()))
    fd, tmp = tempfile.mkstemp(prefix=".results.", suffix=".parquet.tmp", dir=out)
    os.close(fd)
    unreadable: set[str] = set()
    try:
        with pq.ParquetWriter(tmp, schema) as writer:
            # Runs are gathered into row groups of about ROW_GROUP_ROWS rows: the file's
            # metadata (held in memory until it is closed) then grows with the table's
            # size, not with the number of runs.
            pending, pending_rows = [], 0
            for task in tasks:
                path = store.run_path(out, task.run_key)
                if not path.is_file():
                    continue
                try:
                    table = pq.read_table(path).select(TIDY_SCHEMA.names).cast(TIDY_SCHEMA)
                except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
                    # damaged after it was checked: left out, and recomputed by the next run of the sweep
                    store.discard_run(out, task.run_key, f"cannot be read back ({type(exc).__name__})")
                    unreadable.add(task.run_key)
                    continue
                n = table.num_rows
                for v in varied:
                    table = table.append_column(pa.field(v.key, _param_type(v.kind)),
                                                pa.array([task.point[v.key]] * n, type=_param_type(v.kind)))
                if ensemble:
                    table = table.append_column(pa.field("parameter_draw", pa.int64()),
                                                pa.array([task.parameter_draw] * n, type=pa.int64()))
                    table = table.append_column(pa.field("demand_path", pa.string()),
                                                pa.array([task.demand_path] * n, type=pa.string()))
                pending.append(table)
                pending_rows += n
                if pending_rows >= ROW_GROUP_ROWS:
                    writer.write_table(pa.concat_tables(pending))
                    pending, pending_rows = [], 0
                    pa.default_memory_pool().release_unused()  # hand freed buffers back to the system
            if pending:
                writer.write_table(pa.concat_tables(pending))
        store.public_mode(tmp)
        os.replace(tmp, out / "results.parquet")
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

    rows = []
    for task in tasks:
        done = store.is_done(out, task.run_key)
        failure = None if done else store.read_failure(out, task.run_key)
        rows.append({
            "run_key": task.run_key, "scenario": task.base_scenario.name, "scenario_file": task.scenario_file,
            "replicate": task.replicate, "seed": task.seed, "scale": task.scale,
            **{v.key: task.point[v.key] for v in varied},
            **({"parameter_draw": task.parameter_draw, "demand_path": task.demand_path} if ensemble else {}),
            "status": "done" if done else (failure["status"] if failure else "missing"),
            "error": ("" if done else failure.get("error", "") if failure else
                      "stored result damaged; run the sweep again to recompute it" if task.run_key in unreadable else ""),
        })
    runs = pd.DataFrame(rows)
    fd, tmp = tempfile.mkstemp(prefix=".runs.", suffix=".parquet.tmp", dir=out)
    os.close(fd)
    runs.to_parquet(tmp, index=False)
    store.public_mode(tmp)
    os.replace(tmp, out / "runs.parquet")
    return out / "results.parquet", out / "runs.parquet"
