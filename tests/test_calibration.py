"""Calibration (issue 5): a tiny calibration runs end to end and resumes; the objective
identifies known parameters on synthetic targets; history.toml matches the vacancy CSV;
bad options exit with code 2."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace

import pytest

from skillsim.scenario_files import load_scenario
from skillsim import cli
from skillsim.calibration import history, search as SE
from skillsim.calibration.targets import compute_moments, load_targets, mean_moments, objective
from helpers import BASELINE, ROOT

TINY = ["--budget", "4", "--seeds", "2", "--scale", "0.003", "--end-year", "2019", "--workers", "2",
        "--morris-trajectories", "1", "--report-seeds", "2", "--no-progress"]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("calibration")
    code = cli.main(["calibrate", *TINY, "--out", str(out)])
    return code, out


@pytest.mark.slow  # a tiny calibration: many model runs
def test_tiny_calibration_writes_overlay_and_report(tiny_run, tmp_path):
    code, out = tiny_run
    assert code == 0
    for name in ("report.md", "errors.csv", "fit_targets.png", "fit_series.png", "morris.png", "beveridge.png",
                 "duration.png", "evaluations.jsonl", "run.json"):
        assert (out / "report" / name).is_file(), name
    text = (out / "report" / "report.md").read_text()
    assert "Median relative error" in text and "Beveridge" in text
    overlay = load_scenario(out / "calibrated.toml")  # loads as a scenario on its own
    # ... and as the base of another scenario, the way baseline.toml will use it
    (tmp_path / "s.toml").write_text(f'base = "{out / "calibrated.toml"}"\nname = "x"\n[run]\nend_year = 2019\n')
    s = load_scenario(tmp_path / "s.toml")
    for f in SE.FITTED:
        value = s.at(f.key, 2018)
        assert f.low <= value <= f.high
        assert value == overlay.at(f.key, 2018)
    assert "# " in (out / "calibrated.toml").read_text().splitlines()[0]  # metadata kept in comments


@pytest.mark.slow  # a restarted tiny calibration
def test_restarted_calibration_skips_done_evaluations(tiny_run):
    code, out = tiny_run
    log = out / "report" / "evaluations.jsonl"
    lines_before = log.read_text().count("\n")
    assert cli.main(["calibrate", *TINY, "--out", str(out)]) == 0
    run = json.loads((out / "report" / "run.json").read_text())
    assert run["runs_new"] == 0 and run["runs_reused"] >= 8
    assert log.read_text().count("\n") == lines_before


def test_objective_is_lowest_at_the_true_parameters():
    """Synthetic targets from the model itself (other seeds than the evaluation seeds)."""
    from skillsim.runs import run_scenario

    base = load_scenario(BASELINE).with_overrides({"run": {"end_year": 2019}})
    start = SE.start_values(base)
    truth = {**start, "matching.hire_probability_perfect_fit": 0.75, "separations.separation_rate_per_month": 0.006,
             "separations.on_the_job_search_share_per_month": 0.1}
    wrong = {**start, "matching.hire_probability_perfect_fit": 0.35, "separations.separation_rate_per_month": 0.003,
             "separations.on_the_job_search_share_per_month": 0.04}

    def moments(values, seeds):
        scenario = base.with_overrides(SE.to_overrides(values, base))
        return mean_moments([compute_moments(run_scenario(scenario, seed=s, scale=0.005)) for s in seeds])

    targets, _ = load_targets(ROOT / "calibration" / "targets.toml")
    data = moments(truth, [101, 102])
    synthetic = [replace(t, value=data[t.name]) for t in targets if t.weight > 0 and t.name in data
                 and data[t.name] == data[t.name]]
    at_truth = objective(synthetic, moments(truth, [0, 1]))
    assert at_truth < objective(synthetic, moments(start, [0, 1]))
    assert at_truth < objective(synthetic, moments(wrong, [0, 1]))


def test_history_scenario_matches_vacancy_csv():
    path = ROOT / "scenarios" / "history.toml"
    assert path.read_text() == history.history_toml(), "regenerate with skillsim.calibration.history.history_toml()"
    s = load_scenario(path)
    assert s.get("run.end_year") == 2023
    technical, other = history.demand_index()
    v = history.national_open_vacancies()
    assert other[2020] == pytest.approx(0.1 * __import__("math").log(v[2020] / v[2019]), abs=1e-4) and other[2020] < 0
    for y in range(2018, 2024):
        assert s.at("demand.other_demand_growth_per_year", y) == other[y]
        assert s.at("demand.technical_demand_growth_per_year", y) == technical[y]
    assert tomllib.loads(path.read_text())["base"] == "baseline.toml"


def test_history_runs_through_2023_for_every_region():
    from skillsim.model import structure as S
    from skillsim.runs import run_scenario

    table = run_scenario(load_scenario(ROOT / "scenarios" / "history.toml"), seed=0, scale=0.003)
    dec23 = table[(table.date == "2023-12-31") & (table.occupation_group == "all")]
    for region in (*S.REGIONS, S.PROVINCE):
        for indicator in ("unemployment_rate", "open_vacancies"):
            assert len(dec23[(dec23.region == region) & (dec23.indicator == indicator)]) == 1, (region, indicator)


@pytest.mark.parametrize("option", [["--budget", "0"], ["--budget", "1"], ["--budget", "-5"], ["--seeds", "0"],
                                    ["--scale", "2"], ["--end-year", "2017"]])
def test_bad_options_exit_2(option, tmp_path, capsys):
    assert cli.main(["calibrate", *option, "--out", str(tmp_path / "o"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and option[0] in err
    assert not (tmp_path / "o").exists()


def test_by_year_parameter_keeps_later_years():
    base = load_scenario(BASELINE)
    values = {**SE.start_values(base), "demand.technical_demand_growth_per_year": 0.03}
    over = SE.to_overrides(values, base)["demand"]["technical_demand_growth_per_year"]
    assert over[2018] == 0.03
    key = "demand.technical_demand_growth_per_year"
    last = SE.fit_last_year(key)  # 2020: the years of the council's shortfall target
    assert last == 2020
    fitted = base.with_overrides({"demand": {"technical_demand_growth_per_year": over}})
    for year in range(2018, last + 1):
        assert fitted.at(key, year) == 0.03
    # the central demand path: the fitted value carried forward (search.CONTINUES)
    assert key in SE.CONTINUES
    for year in range(last + 1, 2031):
        assert fitted.at(key, year) == 0.03
    # a base that changes demand later keeps its course after the fitted years
    later = base.with_overrides({"demand": {"technical_demand_growth_per_year": {2018: 0.01, 2024: -0.02}}})
    over = SE.to_overrides(values, later)["demand"]["technical_demand_growth_per_year"]
    run = later.with_overrides({"demand": {"technical_demand_growth_per_year": over}})
    assert [run.at(key, y) for y in (2018, 2020, 2021, 2023, 2024, 2030)] == [0.03, 0.03, 0.03, 0.03, -0.02, -0.02]
