"""The sweep's directory on disk.

    DIR/sweep.json              what was swept (the validated sweep file, code version, data snapshot)
    DIR/runs/<run_key>.parquet  one finished run's kept rows, written atomically when it finishes
    DIR/failures/<run_key>.json a run that raised, hung or crashed: key, parameters, error text
    DIR/results.parquet         all finished runs, tidy, plus run_key and the varied parameters
    DIR/runs.parquet            one row per run: key, scenario, replicate, seed, parameters, status, error
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def run_path(out: Path, key: str) -> Path:
    return out / "runs" / f"{key}.parquet"


def failure_path(out: Path, key: str) -> Path:
    return out / "failures" / f"{key}.json"


def public_mode(path) -> None:
    """Give a file made by tempfile.mkstemp (mode 0600) the mode of every other output:
    0666 minus the umask (0644 with the usual umask 022)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same directory, then os.replace: readers see the
    old file or the whole new one, never a partial file (also after SIGKILL)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        public_mode(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_json(path: Path, obj) -> None:
    atomic_write_bytes(path, (json.dumps(obj, indent=2, default=str) + "\n").encode())


def is_done(out: Path, key: str) -> bool:
    return run_path(out, key).is_file()


def read_failure(out: Path, key: str) -> dict | None:
    p = failure_path(out, key)
    if not p.is_file():
        return None
    try:
        return json.loads(p.read_text())
    except (OSError, ValueError):
        return None
