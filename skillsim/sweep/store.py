"""The sweep's directory on disk.

    DIR/sweep.json              what was swept (the validated sweep file, code version, data snapshot)
    DIR/runs/<run_key>.parquet  one finished run's kept rows, written atomically when it finishes
    DIR/runs/<run_key>.sha256   its SHA-256, recorded when it was written (checked on resume)
    DIR/failures/<run_key>.json a run that raised, hung or crashed: key, parameters, error text
    DIR/results.parquet         all finished runs, tidy, plus run_key and the varied parameters
    DIR/runs.parquet            one row per run: key, scenario, replicate, seed, parameters, status, error
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
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


def remove_stale_temporaries(out: Path) -> int:
    """Remove temporary files of writes that were killed (SIGKILL leaves `.<name>.*.tmp`
    behind). Called when a sweep starts in `out`, with the folder locked
    (skillsim.outputs.claim) so no live write owns them."""
    n = 0
    for folder in (out, out / "runs", out / "failures"):
        for p in folder.glob(".*.tmp"):
            if p.is_file():
                p.unlink(missing_ok=True)
                n += 1
    return n


def atomic_write_json(path: Path, obj) -> None:
    atomic_write_bytes(path, (json.dumps(obj, indent=2, default=str) + "\n").encode())


def checksum_path(out: Path, key: str) -> Path:
    return out / "runs" / f"{key}.sha256"


def write_run(out: Path, key: str, data: bytes) -> None:
    """A finished run's Parquet bytes, then their checksum (both atomically)."""
    checksum_path(out, key).unlink(missing_ok=True)
    atomic_write_bytes(run_path(out, key), data)
    atomic_write_bytes(checksum_path(out, key), (hashlib.sha256(data).hexdigest() + "\n").encode())


def run_file_problem(out: Path, key: str) -> str | None:
    """Why the stored run `key` cannot be used (None: it can): missing, unreadable, a
    checksum that does not match the one recorded when it was written, or (for files
    written before checksums were kept) not a readable Parquet file."""
    path = run_path(out, key)
    if not path.is_file():
        return "missing"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    try:
        recorded = checksum_path(out, key).read_text().strip()
    except OSError:
        recorded = None
    if recorded is not None:
        return None if hashlib.sha256(data).hexdigest() == recorded else "checksum does not match the one recorded when it was written"
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pq.read_table(pa.BufferReader(data))
    except Exception as exc:  # noqa: BLE001 - any failure to read it back means: recompute
        return f"not a readable Parquet file ({type(exc).__name__})"
    return None


def discard_run(out: Path, key: str, problem: str) -> None:
    """Remove a damaged stored run, with a one-line warning, so it is recomputed."""
    sys.stderr.write(f"skillsim sweep: warning: stored run {run_path(out, key)} {problem}; it is run again\n")
    run_path(out, key).unlink(missing_ok=True)
    checksum_path(out, key).unlink(missing_ok=True)


def is_done(out: Path, key: str, warn: bool = False) -> bool:
    """True if the run's stored file exists; with warn=True also that it is intact (a
    damaged one is removed with a one-line warning and counts as not done)."""
    if not warn:
        return run_path(out, key).is_file()
    problem = run_file_problem(out, key)
    if problem is None:
        return True
    if problem != "missing":
        discard_run(out, key, problem)
    return False


def read_failure(out: Path, key: str) -> dict | None:
    p = failure_path(out, key)
    if not p.is_file():
        return None
    try:
        return json.loads(p.read_text())
    except (OSError, ValueError):
        return None
