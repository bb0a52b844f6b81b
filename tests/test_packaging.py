"""The wheel holds the package as it is installed (non-editable `pip install .`): the core
as skillsim.model, the shipped scenarios and calibration data, the licences; no
top-level `model` package that a user's own model.py could shadow or be shadowed by."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from helpers import ROOT

NOT_SOURCE = (".venv", ".git", "build", "dist", "results", "artifacts", "__pycache__", "*.egg-info", ".pytest_cache")


@pytest.mark.slow  # 25 s on the loaded 2-core machine
def test_wheel_contents(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))  # the checkout stays untouched
    out = tmp_path / "wheel"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                           "-w", str(out), str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = out.glob("skillsim-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("skillsim/model/model.py", "skillsim/model/levers/__init__.py", "skillsim/cli.py",
                     "skillsim/_data/scenarios/baseline.toml", "skillsim/_data/calibration/calibrated.toml",
                     "skillsim/_data/calibration/data/NOTICE.md"):
        assert expected in names, expected
    top_level = {name.split("/", 1)[0] for name in names}
    assert top_level == {"skillsim", next(n for n in top_level if n.endswith(".dist-info"))}, top_level
    dist_info = next(n for n in top_level if n.endswith(".dist-info"))
    assert any(n.startswith(f"{dist_info}/") and n.endswith("/LICENSE") for n in names), sorted(
        n for n in names if n.startswith(dist_info))
    assert not any(n.startswith("tests/") or "/tests/" in n for n in names)
