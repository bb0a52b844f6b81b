"""The scenario loader: valid files load, malformed ones give one clear ScenarioError
naming the file and the key; the CLI turns that into exit code 2 and writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillsim.model import parameters as P
from skillsim.model.errors import ScenarioError
from skillsim.scenario_files import load_scenario
from helpers import BASELINE


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_baseline_loads_with_every_parameter(baseline):
    for p in P.PARAMETERS:
        assert p.name in baseline.params[p.section]
    assert baseline.name == "baseline"


def test_every_parameter_declares_unit_range_and_source():
    for p in P.PARAMETERS:
        assert p.unit and p.source and p.doc, p.key
        if p.kind == "bool":
            assert isinstance(p.default, bool), p.key
            continue
        assert p.low is not None and p.high is not None, p.key
        values = p.default.values() if isinstance(p.default, dict) else (p.default if isinstance(p.default, list) else [p.default])
        for v in values:
            if not isinstance(v, bool):
                assert p.low <= v <= p.high, f"{p.key} default {v} outside [{p.low}, {p.high}]"


def test_base_chain_and_by_year_tables(tmp_path):
    path = write(tmp_path, f'base = "{BASELINE}"\n[demand]\ntechnical_demand_growth_per_year = {{2018 = 0.01, 2025 = 0.03}}\n')
    sc = load_scenario(path)
    assert sc.at("demand.technical_demand_growth_per_year", 2024) == 0.01
    assert sc.at("demand.technical_demand_growth_per_year", 2026) == 0.03
    assert sc.get("run.end_year") == 2030  # from the base
    assert load_scenario(write(tmp_path, sc.to_toml(), "roundtrip.toml")).params == sc.params


@pytest.mark.parametrize("text, fragment", [
    ("[demand\n", "not valid TOML"),
    ("[demand]\nno_such_key = 1\n", "unknown key 'demand.no_such_key'"),
    ("[nosection]\nx = 1\n", "unknown key 'nosection'"),
    ("[separations]\nseparation_rate_per_month = \"high\"\n", "separations.separation_rate_per_month"),
    ("[separations]\nseparation_rate_per_month = 0.9\n", "allowed: a number in [0.0, 0.05]"),
    ("[run]\nend_year = 2017.5\n", "run.end_year"),
    ("[run]\nstart_year = 2020\nend_year = 2019\n", "before run.start_year"),
    ("[demand]\ntechnical_demand_growth_per_year = {abc = 0.01}\n", "technical_demand_growth_per_year"),
    ("base = \"missing.toml\"\n", "scenario file not found"),
    ("name = 3\n", "'name' must be a string"),
])
def test_malformed_files_name_file_and_key(tmp_path, text, fragment):
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    message = str(err.value)
    assert fragment in message
    assert "\n" not in message
    assert str(tmp_path) in message


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="not found"):
        load_scenario(tmp_path / "nope.toml")


# --- property-based: hundreds of mutated scenario files ------------------------------
_KEYS = [p.key for p in P.PARAMETERS]
_junk = st.one_of(st.integers(-10**9, 10**9), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
                  st.booleans(), st.lists(st.integers(-5, 5), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(), max_size=2))


@st.composite
def mutated_scenario(draw):
    doc = {"base": str(BASELINE)}
    n = draw(st.integers(1, 4))
    for _ in range(n):
        kind = draw(st.sampled_from(["value", "unknown_key", "unknown_section", "raw"]))
        key = draw(st.sampled_from(_KEYS))
        section, name = key.split(".")
        if kind == "value":
            doc.setdefault(section, {})[name] = draw(_junk)
        elif kind == "unknown_key":
            doc.setdefault(section, {})[name + draw(st.text("abc_", min_size=1, max_size=4))] = 1
        elif kind == "unknown_section":
            doc[draw(st.text("xyz", min_size=1, max_size=5))] = {"a": 1}
        else:
            return draw(st.text(max_size=60))
    try:
        return tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return "[run]\nend_year = 'x'\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_scenario())
def test_mutated_files_load_or_fail_cleanly(tmp_path, text):
    path = write(tmp_path, text)
    try:
        sc = load_scenario(path)
    except ScenarioError as exc:
        msg = str(exc)
        assert msg.startswith(str(path)) and "\n" not in msg
        return
    # If it loaded, every value is within its declared range.
    for p in P.PARAMETERS:
        v = sc.get(p.key)
        values = v.values() if isinstance(v, dict) else (v if isinstance(v, list) else [v])
        for x in values:
            assert isinstance(x, (int, float))
            if not isinstance(x, bool):
                assert p.low <= x <= p.high


# --- the command line -------------------------------------------------------------
def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "skillsim.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("text", ["[demand\n", "[demand]\nbogus = 1\n", "[separations]\nseparation_rate_per_month = -1\n"])
def test_cli_bad_scenario_exit_2_one_line_nothing_written(tmp_path, text):
    path = write(tmp_path, text)
    out = tmp_path / "results" / "x"
    r = run_cli("run", str(path), "--out", str(out), "--scale", "0.001", cwd=tmp_path)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert str(path) in r.stderr
    assert not out.exists() and not (tmp_path / "results").exists()


@pytest.mark.parametrize("args", [["--seed", "-1"], ["--scale", "2"], ["--scale", "abc"], ["--bogus"]])
def test_cli_bad_options_exit_2(tmp_path, args):
    r = run_cli("run", str(BASELINE), "--out", str(tmp_path / "o"), *args, cwd=tmp_path)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "o").exists()


def test_cli_missing_file_exit_2(tmp_path):
    r = run_cli("run", str(tmp_path / "none.toml"), cwd=tmp_path)
    assert r.returncode == 2 and "not found" in r.stderr
