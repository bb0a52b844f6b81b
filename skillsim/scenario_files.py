"""Reading scenario files (the edges' side of model/scenario.py): a TOML file, its chain
of `base` files, then validation by the core (`scenario_from_documents`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from skillsim.model.errors import ScenarioError
from skillsim.model.scenario import Scenario, check_top_level, scenario_from_documents


def read_toml_file(path: Path, what: str, error: type[Exception] = ScenarioError) -> dict:
    """Parse a TOML input file (`what`: "scenario", "sweep", ...); a missing, non-UTF-8
    or malformed file raises `error` with one line naming the file."""
    return read_toml_document(path, what, error)[0]


def read_toml_document(path: Path, what: str, error: type[Exception] = ScenarioError) -> tuple[dict, bytes]:
    """The parsed document and the file's bytes (for hashing)."""
    if not path.is_file():
        raise error(f"{path}: {what} file not found")
    raw = path.read_bytes()
    try:
        return tomllib.loads(raw.decode("utf-8")), raw
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not a UTF-8 text file; allowed: a TOML {what} file") from None


def load_scenario(path: str | Path) -> Scenario:
    """Load a scenario file with its chain of bases, merged and validated."""
    path = Path(path)
    chain = _read_chain(path, [])
    return scenario_from_documents([(str(p), doc, raw) for p, doc, raw in chain], path.stem)


def _read_chain(path: Path, seen: list[Path]) -> list[tuple[Path, dict, bytes]]:
    if path.is_file() and path.resolve() in seen:
        raise ScenarioError(f"{path}: 'base' chain loops back to this file; allowed: a chain without cycles")
    doc, raw = read_toml_document(path, "scenario", ScenarioError)
    check_top_level(doc, str(path))
    chain: list[tuple[Path, dict, bytes]] = []
    if "base" in doc:
        chain = _read_chain(path.parent / doc["base"], seen + [path.resolve()])
    return chain + [(path, doc, raw)]
