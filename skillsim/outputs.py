"""Output folders: checked before any simulation, locked while written, replaced cleanly.

Every command that writes results goes through here:

1. `check_out(text, default)` (before any work): `--out ""`, a NUL byte, a path or name
   longer than the system allows, a path under an existing file, or an existing file are
   refused (UserError: exit code 2, one line). A default folder is built from a validated
   name (model.scenario.check_name) and must stay under results/.
2. `claim(out, identity, overwrite)` (still before the simulation): creates the folder
   (an unwritable place is refused here, not after the run), takes an exclusive lock
   (`out/.skillsim.lock`, fcntl; a second writer to the same folder is refused), removes
   temporary folders left by a killed write (`.<name>.tmp-*` next to it), and refuses a
   folder that holds another run's results unless `--overwrite`.

   The rule: a folder remembers what wrote it (`.skillsim-output.json`, e.g. command
   `run`, scenario `baseline`, seed 0, scale 0.1). The same command for the same
   scenario(s), seed and scale may write there again and replaces its own files (files of
   the old run that the new one does not write are removed); anything else (another
   scenario, seed or command, or files skillsim did not write) needs `--overwrite`.
3. `Claim.write(writer)`: writer(tmp) fills a temporary folder; its files are moved in,
   old files not among them are removed, the folder is marked. If the work fails or is
   interrupted, a folder the claim created is removed again (nothing written).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import tempfile
from pathlib import Path

from skillsim.errors import UserError
from skillsim.limits import MAX_PATH_BYTES, MAX_PATH_COMPONENT_BYTES
from skillsim.scenario_files import shown

LOCK_NAME = ".skillsim.lock"
MARK_NAME = ".skillsim-output.json"
RESULTS = Path("results")


def check_out(text: str | None, default: Path | None = None, option: str = "--out") -> Path:
    """The output folder: `text` (the option's value) or `default`; refused if it cannot
    be an output folder. Writes nothing."""
    if text is None:
        if default is None:
            raise UserError(f"{option} is required")
        out = Path(default)
        if out.is_absolute() or ".." in out.parts or out.parts[:1] != RESULTS.parts:
            raise UserError(f"{option}: the default folder {shown(out)} would lie outside {RESULTS}/; "
                            f"allowed: give {option} explicitly")
        return check_path(out, option)
    if not text.strip():
        raise UserError(f"{option} '{text}' is empty; allowed: a folder path (leave {option} out for the default folder)")
    return check_path(Path(text), option)


def check_path(out: Path, option: str = "--out") -> Path:
    text = str(out)
    name = shown(out)
    if "\0" in text:
        raise UserError(f"{option} {name}: a path with a NUL character; allowed: a folder path")
    if len(os.fsencode(os.path.abspath(text))) > MAX_PATH_BYTES:
        raise UserError(f"{option} {name}: the path is longer than {MAX_PATH_BYTES} bytes; allowed: a shorter folder path")
    for part in out.parts:
        if len(os.fsencode(part)) > MAX_PATH_COMPONENT_BYTES:
            raise UserError(f"{option} {name}: a folder name longer than {MAX_PATH_COMPONENT_BYTES} bytes; "
                            f"allowed: names of at most {MAX_PATH_COMPONENT_BYTES} bytes")
    if out.exists() and not out.is_dir():
        raise UserError(f"{option} {name} exists and is not a directory; allowed: a folder path")
    for parent in out.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise UserError(f"{option} {name}: {shown(parent)} is a file, not a folder; allowed: a folder path")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise UserError(f"{option} {name}: {shown(parent)} is not writable; allowed: a folder you can write to")
            break
    return out


class Claim:
    """An output folder held for writing (see the module docstring). Use as a context
    manager: at its end the lock is released, and a folder the claim created is removed
    again if nothing was written into it (an error or interrupt before the write)."""

    def __init__(self, out: Path, identity: dict, overwrite: bool = False, option: str = "--out",
                 check_owner: bool = True) -> None:
        self.out, self.identity, self.option = Path(out), identity, option
        self.created: list[Path] = []
        self.fd: int | None = None
        self.written = False
        if check_owner and self.out.is_dir():  # refused before anything is touched, checked again under the lock
            check_owner_of(self.out, identity, overwrite)
        self._make_folder()
        try:
            self._lock()
            clean_stale_temporaries(self.out)
            self.previous = read_mark(self.out)
            if check_owner:
                self.check_owner(overwrite)
        except BaseException:
            self.release(failed=True)
            raise

    def _make_folder(self) -> None:
        missing = [p for p in [self.out, *self.out.absolute().parents] if not p.exists()]
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"{self.option} {shown(self.out)}: cannot create the folder ({exc.strerror}); "
                            f"allowed: a folder you can write to") from None
        self.created = missing  # deepest first

    def _lock(self) -> None:
        path = self.out / LOCK_NAME
        for _ in range(3):
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise UserError(f"{self.option} {shown(self.out)}: cannot write there ({exc.strerror}); "
                                f"allowed: a folder you can write to") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EAGAIN, errno.EACCES):
                    raise UserError(f"{self.option} {shown(self.out)} is being written by another skillsim command; "
                                    f"allowed: another folder, or wait until that command has finished") from None
                raise
            try:
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not a lock file its previous holder removed meanwhile
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                self.fd = fd
                return
            os.close(fd)
        raise UserError(f"{self.option} {shown(self.out)} is being written by another skillsim command; allowed: another folder")

    def check_owner(self, overwrite: bool, previous: dict | None = None) -> None:
        """Refuse a folder holding another run's results unless overwrite (the rule in the
        module docstring). `previous`: what wrote it, if known otherwise than by the mark."""
        check_owner_of(self.out, self.identity, overwrite, self.previous or previous, self.option)

    def clear(self) -> None:
        """Remove everything in the folder but the lock (sweep --overwrite: start afresh)."""
        for p in self.out.iterdir():
            if p.name == LOCK_NAME:
                continue
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()

    def write(self, writer) -> None:
        """writer(tmp) fills a temporary folder next to out; then its files replace the
        folder's contents (old files the writer did not write are removed)."""
        tmp = Path(tempfile.mkdtemp(prefix=temporary_prefix(self.out), dir=self.out.absolute().parent))
        try:
            writer(tmp)
            new = {f.name for f in tmp.iterdir()}
            for f in tmp.iterdir():
                os.replace(f, self.out / f.name)
            for old in self.out.iterdir():
                if old.name not in new and old.name not in (LOCK_NAME, MARK_NAME):
                    shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self.mark()

    def mark(self) -> None:
        """Record what wrote the folder (the ownership rule)."""
        (self.out / MARK_NAME).write_text(json.dumps(self.identity, indent=2) + "\n")
        self.written = True

    def release(self, failed: bool = False) -> None:
        if self.fd is not None:
            try:
                os.unlink(self.out / LOCK_NAME)
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None
        if not self.written:
            for folder in self.created:  # deepest first; only if still empty
                try:
                    folder.rmdir()
                except OSError:
                    break

    def __enter__(self) -> "Claim":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.release(failed=exc_type is not None)


def check_owner_of(out: Path, identity: dict, overwrite: bool, previous: dict | None = None,
                   option: str = "--out") -> None:
    """Refuse a folder holding another run's results unless overwrite (the rule in the
    module docstring); reads only."""
    previous = read_mark(out) or previous
    others = [p.name for p in Path(out).iterdir() if p.name not in (LOCK_NAME, MARK_NAME)]
    if not others or overwrite or previous == identity:
        return
    if previous:
        what = ", ".join(f"{k} {v}" for k, v in previous.items())
        held = f"results of another run ({what})"
    else:
        held = f"{len(others)} file(s) skillsim did not write there (e.g. {shown(sorted(others)[0])})"
    raise UserError(f"{option} {shown(out)} already holds {held}; allowed: a new folder, or --overwrite to replace them")


def claim(out: Path, identity: dict, overwrite: bool = False, option: str = "--out", check_owner: bool = True) -> Claim:
    return Claim(out, identity, overwrite, option, check_owner)


def temporary_prefix(out: Path) -> str:
    return f".{Path(out).absolute().name}.tmp-"


def clean_stale_temporaries(out: Path) -> list[Path]:
    """Remove temporary folders of earlier writes to `out` that were killed (called with
    the folder's lock held, so no live write owns them)."""
    parent = Path(out).absolute().parent
    removed = []
    for p in parent.glob(temporary_prefix(out) + "*"):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def read_mark(out: Path) -> dict | None:
    """What wrote the folder: its mark, or for a folder written before marks were kept,
    what its manifest.json says (a run's or a comparison's)."""
    try:
        mark = json.loads((Path(out) / MARK_NAME).read_text())
    except (OSError, ValueError):
        return _from_manifest(Path(out))
    return mark if isinstance(mark, dict) else None


def _from_manifest(out: Path) -> dict | None:
    try:
        m = json.loads((out / "manifest.json").read_text())
        if "seed" in m and "scenario" in m:
            return {"command": "run", "scenario": m["scenario"], "seed": m["seed"], "scale": m["scale"]}
        if isinstance(m.get("scenarios"), list):
            return {"command": "compare", "scenarios": [s["label"] for s in m["scenarios"]]}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    return None

