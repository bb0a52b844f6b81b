"""Reading scenario files (the edges' side of model/scenario.py): a TOML file, its chain
of `base` files, then validation by the core (`scenario_from_documents`).

Every input file is checked before it is read: it must be a regular file (not a folder,
FIFO or device), readable, at most skillsim.limits.MAX_INPUT_FILE_BYTES long, UTF-8 and
valid TOML (also when nested too deeply for the parser); a `base` chain holds at most
MAX_BASE_DEPTH files and no cycle.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

from skillsim.limits import MAX_BASE_DEPTH, MAX_INPUT_FILE_BYTES
from skillsim.model.errors import ScenarioError
from skillsim.model.scenario import Scenario, check_top_level, scenario_from_documents


def read_toml_file(path: Path, what: str, error: type[Exception] = ScenarioError) -> dict:
    """Parse a TOML input file (`what`: "scenario", "sweep", ...); a missing, non-UTF-8
    or malformed file raises `error` with one line naming the file."""
    return read_toml_document(path, what, error)[0]


def shown(path) -> str:
    """A path for an error message: at most 120 characters, no control characters."""
    text = str(path)
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return text if len(text) <= 120 else text[:60] + "..." + text[-57:]


def read_input_bytes(path: Path, what: str, error: type[Exception] = ScenarioError) -> bytes:
    """The bytes of an input file, after checking it is a readable regular file of
    at most MAX_INPUT_FILE_BYTES."""
    name = shown(path)
    allowed = f"allowed: a readable TOML {what} file of at most {MAX_INPUT_FILE_BYTES:,} bytes"
    try:
        info = os.stat(path)
    except ValueError:  # embedded NUL byte
        raise error(f"{name}: a path with a NUL character; {allowed}") from None
    except FileNotFoundError:
        raise error(f"{name}: {what} file not found") from None
    except OSError as exc:
        raise error(f"{name}: {what} file cannot be opened ({exc.strerror}); {allowed}") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{name}: is a directory; {allowed}")
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{name}: not a regular file (a FIFO, socket or device); {allowed}")
    if info.st_size > MAX_INPUT_FILE_BYTES:
        raise error(f"{name}: {info.st_size:,} bytes is too large; {allowed}")
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_INPUT_FILE_BYTES + 1)
    except OSError as exc:
        raise error(f"{name}: {what} file cannot be read ({exc.strerror}); {allowed}") from None
    if len(raw) > MAX_INPUT_FILE_BYTES:
        raise error(f"{name}: more than {MAX_INPUT_FILE_BYTES:,} bytes is too large; {allowed}")
    return raw


def read_toml_document(path: Path, what: str, error: type[Exception] = ScenarioError) -> tuple[dict, bytes]:
    """The parsed document and the file's bytes (for hashing)."""
    raw = read_input_bytes(path, what, error)
    name = shown(path)
    try:
        return tomllib.loads(raw.decode("utf-8")), raw
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{name}: not valid TOML ({str(exc).splitlines()[0]})") from None
    except UnicodeDecodeError:
        raise error(f"{name}: not a UTF-8 text file; allowed: a TOML {what} file") from None
    except RecursionError:
        raise error(f"{name}: not valid TOML (nested too deeply to parse); allowed: a TOML {what} file") from None


def load_scenario(path: str | Path) -> Scenario:
    """Load a scenario file with its chain of bases, merged and validated."""
    path = Path(path)
    chain = _read_chain(path)
    return scenario_from_documents([(str(p), doc, raw) for p, doc, raw in chain], path.stem)


def _read_chain(path: Path) -> list[tuple[Path, dict, bytes]]:
    """The file and its bases, the base first (iterative: no recursion limit to hit)."""
    chain: list[tuple[Path, dict, bytes]] = []
    seen: list[Path] = []
    while True:
        if len(chain) >= MAX_BASE_DEPTH:
            raise ScenarioError(f"{shown(chain[0][0])}: 'base' chain longer than {MAX_BASE_DEPTH} files; "
                                f"allowed: at most {MAX_BASE_DEPTH} files in a chain")
        doc, raw = read_toml_document(path, "scenario", ScenarioError)
        if not doc and not chain:
            raise ScenarioError(
                f"{shown(path)}: empty scenario file; allowed: a scenario with at least one key (a file without 'base' "
                f"starts from the declared defaults of docs/parameters.md, not the calibrated baseline: write "
                f"base = \"<path to scenarios/baseline.toml>\" to start from that)")
        real = path.resolve()
        if real in seen:
            raise ScenarioError(f"{shown(path)}: 'base' chain loops back to this file; allowed: a chain without cycles")
        seen.append(real)
        check_top_level(doc, str(path))
        chain.append((path, doc, raw))
        if "base" not in doc:
            return chain[::-1]
        path = path.parent / doc["base"]
