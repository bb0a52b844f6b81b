"""The core only computes: nothing under model/ reads or writes files, plots, or reaches
into skillsim's edges. Checked on the source (AST), so a new `open()` or `import pathlib`
in any core module fails here."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT

CORE = ROOT / "model"
FORBIDDEN_MODULES = ("pathlib", "tomllib", "matplotlib", "io", "shutil", "glob", "csv", "pickle")
FORBIDDEN_CALLS = ("open", "print", "input", "eval", "exec")
FORBIDDEN_ATTRIBUTE_CALLS = ("read_text", "write_text", "read_bytes", "write_bytes", "to_parquet", "read_parquet",
                             "read_csv", "to_csv", "savefig")


def violations(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        modules = []
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        for mod in modules:
            top = mod.split(".")[0]
            if top in FORBIDDEN_MODULES:
                found.append(f"{name}:{node.lineno}: imports {mod}")
            if top == "skillsim" and not (mod == "skillsim.model" or mod.startswith("skillsim.model.")):
                found.append(f"{name}:{node.lineno}: imports the edge module {mod}")
            if top == "model":
                found.append(f"{name}:{node.lineno}: imports top-level `model` (use skillsim.model)")
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                found.append(f"{name}:{node.lineno}: calls {node.func.id}()")
            if isinstance(node.func, ast.Attribute) and node.func.attr in FORBIDDEN_ATTRIBUTE_CALLS:
                found.append(f"{name}:{node.lineno}: calls .{node.func.attr}()")
    return found


def core_files() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if "__pycache__" not in p.parts)


def test_core_modules_only_compute():
    files = core_files()
    assert len(files) > 20  # the whole core is scanned
    found = [v for f in files for v in violations(f.read_text(encoding="utf-8"), str(f.relative_to(ROOT)))]
    assert not found, "the core must not do I/O:\n" + "\n".join(found)


@pytest.mark.parametrize("snippet", [
    "def f(p):\n    return open(p).read()\n",
    "import pathlib\n",
    "from pathlib import Path\n",
    "import tomllib\n",
    "import matplotlib.pyplot as plt\n",
    "from skillsim import runs\n",
    "from skillsim.scenario_files import load_scenario\n",
    "import model.persons\n",
    "def g(df, p):\n    df.to_parquet(p)\n",
])
def test_the_check_catches_each_kind_of_violation(snippet):
    assert violations(snippet, "x.py")


def test_the_check_accepts_core_imports():
    assert violations("from skillsim.model import parameters as P\nimport numpy as np\n", "x.py") == []


def test_no_top_level_model_module_is_importable():
    """`import model` must fail outside the checkout: the core is skillsim.model only."""
    out = subprocess.run([sys.executable, "-c", "import model"], cwd="/", capture_output=True, text=True)
    assert out.returncode != 0 and "No module named 'model'" in out.stderr


def test_no_sys_path_edits_anywhere():
    offenders = []
    for folder in ("model", "skillsim", "tests", "benchmarks", "scripts", "examples"):
        for f in (ROOT / folder).rglob("*.py"):
            if "__pycache__" in f.parts:
                continue
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Attribute) and node.attr in ("insert", "append")
                        and isinstance(node.value, ast.Attribute) and node.value.attr == "path"
                        and isinstance(node.value.value, ast.Name) and node.value.value.id == "sys"):
                    offenders.append(f"{f.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders
