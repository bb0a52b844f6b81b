"""A sweep's [ensemble] (issue 16 item 2): compare's members (posterior draws x demand
paths x seeds) in every scenario x design point, paired across scenarios, and
sweep-report's band and its split into parameters, demand and chance, checked against
the same numbers computed by hand from the runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import BASELINE, ROOT
from skillsim import cli
from skillsim.sweep import load_sweep, run_sweep
from skillsim.sweep.tasks import build_tasks

POSTERIOR = "draw,separations.separation_rate_per_month\n0,0.003\n1,0.006\n2,0.0045\n"


@pytest.fixture(autouse=True)
def pinned_code_version(monkeypatch):
    monkeypatch.setenv("SKILLSIM_SWEEP_CODE_VERSION", "test-pinned")


def _sweep(tmp_path, ensemble: str, name: str = "ens") -> object:
    (tmp_path / "post.csv").write_text(POSTERIOR)
    package = tmp_path / "package.toml"
    package.write_text(f'name = "package"\nbase = "{ROOT / "scenarios" / "package.toml"}"\n')
    path = tmp_path / f"{name}.toml"
    path.write_text(f"""
name = "{name}"
scenarios = ["{BASELINE}", "{package}"]
seed = 5
seeds = 2
scale = 0.003
[overrides]
"run.end_year" = 2021
[ensemble]
{ensemble}
""")
    return path


def test_ensemble_members_are_crossed_and_paired(tmp_path):
    spec = load_sweep(_sweep(tmp_path, 'posterior = 2\nposterior_file = "post.csv"\ndemand = "all"'))
    assert spec.n_runs == 2 * 1 * 2 * (2 * 3)
    tasks = build_tasks(spec)
    assert len(tasks) == spec.n_runs and len({t.run_key for t in tasks}) == len(tasks)
    members = lambda s: [(t.parameter_draw, t.demand_path, t.replicate, t.seed) for t in tasks
                         if t.base_scenario.name == s]
    assert members("baseline") == members("package")  # the same members, the same seeds
    t = next(t for t in tasks if t.parameter_draw == 1 and t.demand_path == "high")
    sc = t.scenario
    assert sc.get("separations.separation_rate_per_month") == 0.0045  # rows 0 and 2 of 3: evenly spaced
    assert sc.at("demand.technical_demand_growth_per_year", 2025) == pytest.approx(
        t.base_scenario.at("demand.technical_demand_growth_per_year", 2025) + 0.029 - 0.0218257)  # high - central
    # without [ensemble] nothing changes: one member, no overrides
    plain = tmp_path / "plain.toml"
    plain.write_text(f'scenarios = ["{BASELINE}"]\nseeds = 2\n')
    assert [(t.parameter_draw, t.demand_path, t.member_overrides) for t in build_tasks(load_sweep(plain))] == \
        [(-1, "", ())] * 2


BAD = [
    ("posterior = -1", "ensemble.posterior"),
    ('posterior = 9\nposterior_file = "post.csv"', "ensemble.posterior"),
    ('posterior = 1\nposterior_file = "missing.csv"', "missing.csv"),
    ('demand = ["middle"]', "ensemble.demand"),
    ('demand = ["low", "low"]', "ensemble.demand"),
    ("draws = 3", "unknown key 'ensemble.draws'"),
    ('posterior_file = "post.csv"', "ensemble.posterior_file"),
    ("posterior = 1.5", "ensemble.posterior"),
]


@pytest.mark.parametrize("body,needle", BAD)
def test_bad_ensemble_table_is_one_line_exit_2(tmp_path, capsys, body, needle):
    path = _sweep(tmp_path, body)
    out = tmp_path / "out"
    assert cli.main(["sweep", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert needle in err and "Traceback" not in err, err
    assert not out.exists()


def _end(results: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = results[results.indicator == indicator]
    rows = rows[rows["date"] == rows["date"].max()]
    return rows[["run_key", "scenario", "parameter_draw", "demand_path", "replicate", "value"]]


def _split_by_hand(v: pd.DataFrame) -> dict[str, float]:
    x = v["value"].to_numpy(float)
    grand = x.mean()
    total = ((x - grand) ** 2).mean()
    draws = np.mean([(v.loc[v.parameter_draw == d, "value"].mean() - grand) ** 2 for d in sorted(set(v.parameter_draw))])
    paths = np.mean([(v.loc[v.demand_path == p, "value"].mean() - grand) ** 2 for p in sorted(set(v.demand_path))])
    return {"var_parameters": draws, "var_demand": paths, "var_chance": total - draws - paths, "var_total": total}


@pytest.mark.slow  # sweep runs in worker processes
def test_sweep_report_band_and_split_equal_those_by_hand(tmp_path):
    spec = load_sweep(_sweep(tmp_path, 'posterior = 2\nposterior_file = "post.csv"\ndemand = ["low", "high"]'))
    out = tmp_path / "s"
    summary = run_sweep(spec, out, workers=2, progress=False)
    assert (summary.done, summary.failed) == (16, 0)
    assert cli.main(["sweep-report", str(out), "--out", str(tmp_path / "rep"), "--lang", "en"]) == 0
    split = pd.read_csv(tmp_path / "rep" / "uncertainty.csv").set_index(["scenario", "indicator", "quantity"])
    results = pd.read_parquet(out / "results.parquet")
    end = _end(results, "technical_shortfall_cumulative")
    for scenario in ("baseline", "package"):
        v = end[end.scenario == scenario]
        row = split.loc[(scenario, "technical_shortfall_cumulative", "level")]
        assert row["n"] == 8
        assert row["mean"] == pytest.approx(v["value"].mean(), rel=1e-5)
        assert row["p10"] == pytest.approx(np.quantile(v["value"], 0.1), rel=1e-5)
        assert row["p90"] == pytest.approx(np.quantile(v["value"], 0.9), rel=1e-5)
        for k, x in _split_by_hand(v).items():
            assert row[k] == pytest.approx(x, rel=1e-5, abs=1e-3), k
    assert split.loc[("baseline", "technical_shortfall_cumulative", "level"), "var_demand"] > 0
    # the paired difference: same draw, demand path and replicate
    keys = ["parameter_draw", "demand_path", "replicate"]
    both = end[end.scenario == "package"].merge(end[end.scenario == "baseline"], on=keys, suffixes=("", "_b"))
    d = both.assign(value=both["value"] - both["value_b"])
    row = split.loc[("package", "technical_shortfall_cumulative", "difference")]
    assert row["n"] == 8 and row["mean"] == pytest.approx(d["value"].mean(), rel=1e-5)
    for k, x in _split_by_hand(d).items():
        assert row[k] == pytest.approx(x, rel=1e-5, abs=1e-3), k
    # the band is stated with its make-up on the page and under the plot's table
    index = (tmp_path / "rep" / "index.md").read_text()
    assert "over 8 runs: 2 draws from the posterior" in index and "2 paths of technical demand growth x 2 seeds" in index
    assert "Uncertainty by source (ensemble)" in index
