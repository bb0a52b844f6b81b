"""skillsim compare: common random numbers, paired differences, the report and bad input."""

from __future__ import annotations

import base64
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skillsim.cli import main
from skillsim.compare import COLUMNS
from skillsim.compare.labels import number
from skillsim.compare.summary import paired_ci, summarise

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml"
TINY = ["--seeds", "3", "--scale", "0.005", "--no-progress"]
REQUIRED = ["scenario", "shortfall_2030_mean", "shortfall_2030_p10", "shortfall_2030_p90",
            "shortfall_cumulative_2030_mean", "shortfall_cumulative_2030_p10", "shortfall_cumulative_2030_p90",
            "diff_cumulative_vs_first_mean", "diff_ci_low", "diff_ci_high", "retrained_completed",
            "retrained_placed", "inclusion_placements", "cost_eur", "cost_per_shortfall_avoided_eur"]


def scenario_file(folder: Path, stem: str, body: str = "", end_year: int = 2020) -> Path:
    path = folder / f"{stem}.toml"
    path.write_text(f'base = "{BASELINE.as_posix()}"\nname = "{stem}"\ndescription = "test {stem}"\n'
                    f"[run]\nend_year = {end_year}\n{body}")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("scenarios")
    return {
        "ref": scenario_file(d, "ref"),
        "high": scenario_file(d, "high", "[demand]\ntechnical_demand_growth_per_year = 0.08\n"),
        "same": scenario_file(d, "same"),  # identical parameters to ref, other name
    }


@pytest.fixture(scope="module")
def report_nl(files, tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp") / "nl"
    rc = main(["compare", str(files["ref"]), str(files["high"]), str(files["same"]), *TINY, "--workers", "2",
               "--out", str(out)])
    assert rc == 0
    return out


def test_writes_report_csv_and_runs_with_the_agreed_columns(report_nl):
    for name in ("report.html", "comparison.csv", "runs.parquet", "fan_shortfall.png", "fan_cumulative.png",
                 "fan_unemployment.png", "net_effects.csv", "net_effects.png"):
        assert (report_nl / name).is_file(), name
    table = pd.read_csv(report_nl / "comparison.csv")
    assert list(table.columns) == list(COLUMNS)
    assert set(REQUIRED) <= set(table.columns)
    assert list(table["scenario"]) == ["ref", "high", "same"]
    assert (table["n_seeds"] == 3).all() and (table["end_year"] == 2020).all()
    runs = pd.read_parquet(report_nl / "runs.parquet")
    assert sorted(runs["seed"].unique()) == [0, 1, 2]
    assert set(runs["scenario"].unique()) == {"ref", "high", "same"}


def test_first_scenario_difference_is_zero_with_zero_ci(report_nl):
    first = pd.read_csv(report_nl / "comparison.csv").iloc[0]
    assert first["diff_cumulative_vs_first_mean"] == 0.0
    assert (first["diff_ci_low"], first["diff_ci_high"]) == (0.0, 0.0)
    assert math.isnan(first["cost_per_shortfall_avoided_eur"])  # nothing avoided against itself


def test_identical_scenarios_give_exactly_zero_differences(report_nl):
    """Common random numbers: same parameters + same seed = the same run, even in other processes."""
    table = pd.read_csv(report_nl / "comparison.csv").set_index("scenario")
    for col in ("diff_cumulative_vs_first_mean", "diff_ci_low", "diff_ci_high", "diff_2030_vs_first_mean"):
        assert table.loc["same", col] == 0.0, col
    runs = pd.read_parquet(report_nl / "runs.parquet")
    key = ["seed", "date", "region", "indicator"]
    a = runs[runs.scenario == "ref"].sort_values(key)["value"].to_numpy()
    b = runs[runs.scenario == "same"].sort_values(key)["value"].to_numpy()
    assert len(a) > 0 and np.array_equal(a, b)
    # ... while the seeds themselves differ (the zero is not from a constant model)
    assert table.loc["ref", "shortfall_cumulative_2030_p10"] < table.loc["ref", "shortfall_cumulative_2030_p90"]


def test_higher_technical_demand_growth_gives_larger_shortfall(report_nl):
    table = pd.read_csv(report_nl / "comparison.csv").set_index("scenario")
    assert table.loc["high", "shortfall_cumulative_2030_mean"] > table.loc["ref", "shortfall_cumulative_2030_mean"]
    assert table.loc["high", "diff_cumulative_vs_first_mean"] > 0
    assert table.loc["high", "diff_ci_low"] > 0  # paired CI excludes zero
    assert table.loc["high", "diff_ci_low"] < table.loc["high", "diff_cumulative_vs_first_mean"] < table.loc["high", "diff_ci_high"]


def test_html_is_dutch_self_contained_with_embedded_images(report_nl):
    html = (report_nl / "report.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    assert "Tekort aan technici" in html and "Wat het model wel en niet kan zeggen" in html
    assert "Technical shortfall" not in html
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 4  # per year, cumulative, net effects, unemployment
    assert all(base64.b64decode(img)[:8] == b"\x89PNG\r\n\x1a\n" for img in images)
    assert not re.search(r"https?://", html)
    assert "<script" not in html and "<link" not in html and "@import" not in html
    # what the scenario changes against the first one, and its description
    assert "demand.technical_demand_growth_per_year" in html and "test high" in html
    assert "1.400" in html  # TechniekRaad reference, Dutch number format
    assert "&rarr; <strong>0,08</strong>" in html  # the changed value, Dutch decimal comma


def test_english_labels_with_lang_en(files, tmp_path):
    out = tmp_path / "en"
    rc = main(["compare", str(files["ref"]), str(files["high"]), "--seeds", "2", "--scale", "0.005",
               "--no-progress", "--workers", "1", "--lang", "en", "--out", str(out)])
    assert rc == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "Technical shortfall" in html and "What the model can and cannot say" in html
    assert "Tekort aan technici" not in html


@pytest.mark.parametrize("case", ["missing", "bad_toml", "one_seed", "lang", "scale_zero", "scale_big", "end_years"])
def test_bad_input_exits_2_and_writes_nothing(case, files, tmp_path, capsys):
    out = tmp_path / "out"
    bad = tmp_path / "bad.toml"
    bad.write_text("name = [unclosed\n")
    other_end = scenario_file(tmp_path, "longer", end_year=2021)
    args = {
        "missing": [str(tmp_path / "nope.toml"), str(files["ref"])] + TINY,
        "bad_toml": [str(files["ref"]), str(bad)] + TINY,
        "one_seed": [str(files["ref"]), "--seeds", "1", "--scale", "0.005"],
        "lang": [str(files["ref"]), "--seeds", "2", "--scale", "0.005", "--lang", "fr"],
        "scale_zero": [str(files["ref"]), "--seeds", "2", "--scale", "0"],
        "scale_big": [str(files["ref"]), "--seeds", "2", "--scale", "1.5"],
        "end_years": [str(files["ref"]), str(other_end)] + TINY,
    }[case]
    rc = main(["compare", *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("skillsim compare:")
    assert {"missing": "nope.toml", "bad_toml": "not valid TOML", "one_seed": "--seeds", "lang": "--lang",
            "scale_zero": "--scale", "scale_big": "--scale", "end_years": "end_year"}[case] in err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


def test_a_failing_run_leaves_no_output(files, tmp_path, monkeypatch):
    import skillsim.compare.execute as execute

    def boom(task):
        raise ValueError("model broke")

    monkeypatch.setattr(execute, "run_one", boom)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match="scenario 'ref' with seed 0"):
        main(["compare", str(files["ref"]), *TINY, "--workers", "1", "--out", str(out)])
    assert not out.exists()


def test_paired_ci_matches_hand_computation():
    mean, low, high = paired_ci(np.array([1.0, 2.0, 3.0]))
    half = 4.302652729911275 * 1.0 / math.sqrt(3)  # t(0.975, 2) * sd / sqrt(n)
    assert mean == 2.0 and low == pytest.approx(2.0 - half) and high == pytest.approx(2.0 + half)
    assert paired_ci(np.array([5.0, 5.0])) == (5.0, 5.0, 5.0)


def _tidy(scenario: str, seed: int, shortfall: float, cost: float, placed: float) -> pd.DataFrame:
    rows = []
    for year in (2018, 2019):
        date = pd.Timestamp(year=year, month=12, day=31)
        for ind, value in (("technical_shortfall", shortfall), ("technical_shortfall_cumulative", shortfall * (year - 2017)),
                           ("unemployment_rate", 4.0), ("cost_eur", cost), ("retrained_placed", placed)):
            rows.append((scenario, seed, date, "Noord-Holland", "all", ind, value, ""))
        rows.append((scenario, seed, date, "Zaanstreek", "all", "cost_eur", 999.0, ""))  # region rows: not double counted
    return pd.DataFrame(rows, columns=["scenario", "seed", "date", "region", "occupation_group", "indicator", "value", "unit"])


def test_lever_totals_and_cost_per_shortfall_avoided():
    from skillsim.scenario_files import load_scenario

    sc = load_scenario(BASELINE)
    table = pd.concat([_tidy("a", s, 1000.0 + s, 0.0, 0.0) for s in (0, 1)]
                      + [_tidy("b", s, 900.0 + s, 50_000.0, 10.0) for s in (0, 1)]
                      + [_tidy("c", s, 1100.0 + s, 70_000.0, 0.0) for s in (0, 1)], ignore_index=True)
    more_retraining = sc.with_overrides({"house_of_skills": {"budget_eur": 22_000_000}})  # a lever changes
    out = summarise(table, [sc, more_retraining, more_retraining], ["a", "b", "c"], 0.01, 2018, 2019).set_index("scenario")
    # b: 100 a year less for 2 years = 200 avoided for 2 x 50,000 extra cost
    assert out.loc["b", "diff_cumulative_vs_first_mean"] == pytest.approx(-200.0)
    assert out.loc["b", "cost_eur"] == pytest.approx(100_000.0)
    assert out.loc["b", "retrained_placed"] == pytest.approx(20.0)
    assert out.loc["b", "cost_per_shortfall_avoided_eur"] == pytest.approx(500.0)
    assert math.isnan(out.loc["c", "cost_per_shortfall_avoided_eur"])  # more shortfall: nothing avoided
    assert math.isnan(out.loc["a", "inclusion_placements"])  # not reported by this table
    # the same numbers for a scenario that changes only the economy: no cost per avoided
    economy = sc.with_overrides({"demand": {"technical_demand_growth_per_year": 0.0}})
    out = summarise(table, [sc, economy, economy], ["a", "b", "c"], 0.01, 2018, 2019).set_index("scenario")
    assert math.isnan(out.loc["b", "cost_per_shortfall_avoided_eur"])


def test_numbers_in_dutch_and_english():
    assert number(12345.6, "nl") == "12.346" and number(12345.6, "en") == "12,346"
    assert number(4.25, "nl", 1) == "4,2" or number(4.25, "nl", 1) == "4,3"
    assert number(-0.2, "nl", signed=True) == "0" and number(3.0, "en", signed=True) == "+3"


def test_per_lever_indicators_are_summed_when_there_is_no_total():
    from skillsim.scenario_files import load_scenario

    sc = load_scenario(BASELINE)
    table = pd.concat([_tidy("a", s, 1000.0, 0.0, 0.0) for s in (0, 1)], ignore_index=True)
    table = table[~table["indicator"].isin(["cost_eur", "retrained_placed"])]
    extra = []
    for s in (0, 1):
        for lever, value in (("house_of_skills", 3.0), ("sector_plan", 4.0)):
            extra.append(("a", s, pd.Timestamp("2019-12-31"), "Noord-Holland", "all",
                          f"inclusion_placements.{lever}", value, "persons/month"))
    table = pd.concat([table, pd.DataFrame(extra, columns=table.columns)], ignore_index=True)
    out = summarise(table, [sc], ["a"], 0.01, 2018, 2019).set_index("scenario")
    assert out.loc["a", "inclusion_placements"] == pytest.approx(7.0)
    assert out.loc["a", "cost_eur"] == 0.0 and math.isnan(out.loc["a", "retrained_placed"])


# ---------------------------------------------------------------- net effects (issue 15 item 4)
def test_net_effects_of_real_runs_add_up_and_an_identical_scenario_has_none(report_nl):
    """On the runs of the report fixture: total = technical + non-technical employment
    (per run, so also the mean difference), the long table holds every year and effect,
    and 'same' (identical parameters to ref) has no distinguishable effect and no cost."""
    from skillsim.compare.net_effects import EFFECTS, NET_COLUMNS

    table = pd.read_csv(report_nl / "comparison.csv").set_index("scenario")
    for name in ("high", "same"):
        row = table.loc[name]
        assert row["net_total_employment_2030_diff_mean"] == pytest.approx(
            row["net_technical_employment_2030_diff_mean"] + row["net_nontechnical_employment_2030_diff_mean"], abs=1e-6)
    same = table.loc["same"]
    assert same["effect_distinguishable"] == False  # noqa: E712 - read back from CSV as numpy bool
    for col in ("net_total_employment_2030_diff_mean", "unfilled_nontechnical_2030_diff_mean",
                "unfilled_technical_job_years_diff_mean", "in_retraining_2030_diff_mean"):
        assert same[col] == 0.0, col
    for key in ("cost_per_net_technical_job", "cost_per_net_job"):
        assert math.isnan(same[f"{key}_eur"]) and same[f"{key}_reason"] == "no_levers"
        assert table.loc["ref", f"{key}_reason"] == "reference"
    # high technical demand growth (8% a year): more unfilled technical jobs, told apart from chance
    assert table.loc["high", "unfilled_technical_job_years_diff_mean"] > 0
    assert table.loc["high", "effect_distinguishable"] == True  # noqa: E712
    net = pd.read_csv(report_nl / "net_effects.csv")
    assert list(net.columns) == list(NET_COLUMNS)
    assert set(net["scenario"]) == {"high", "same"} and set(net["reference"]) == {"ref"}
    assert len(net) == 2 * 3 * len(EFFECTS)  # 2 scenarios x 2018-2020 x effects
    end = net[(net.year == 2020) & (net.scenario == "high")].set_index("effect")
    assert end.loc["total_employment", "diff_mean"] == pytest.approx(table.loc["high", "net_total_employment_2030_diff_mean"])
    assert end.loc["total_employment", "ci_low"] == pytest.approx(table.loc["high", "net_total_employment_2030_diff_ci_low"])
    assert (net["distinguishable"] == ((net["ci_low"] > 0) | (net["ci_high"] < 0))).all()
    assert (net.loc[net.scenario == "same", "diff_mean"] == 0.0).all()
    html = (report_nl / "report.html").read_text(encoding="utf-8")
    assert "Netto-effecten tegenover ref" in html and "Kosten per netto baan" in html
    assert "te onderscheiden van toeval (95%-BI ligt niet om nul)" in html


MONTHS = pd.date_range("2018-01-31", "2019-12-31", freq="ME")


def _net_tidy(scenario: str, seed: int, tech: float, other: float, unfilled_tech: float, retraining: float = 0.0,
              cost: float = 0.0) -> pd.DataFrame:
    """A tidy table with the net-effect indicators: constant monthly levels, 2018-2019."""
    rows = []
    for date in MONTHS:
        for region, group, ind, value in (
                ("Noord-Holland", "ICT", "employed", tech), ("Noord-Holland", "care and welfare", "employed", other),
                ("Noord-Holland", "all", "employed", tech + other + 5.0),  # 'all' (with working students) is not read
                ("Noord-Holland", "all", "unfilled_technical_jobs", unfilled_tech),
                ("Noord-Holland", "all", "unfilled_nontechnical_jobs", 50.0),
                ("Noord-Holland", "all", "in_retraining", retraining)):
            rows.append((scenario, seed, date, region, group, ind, value, "persons"))
        if date.month == 12:
            for ind, value in (("technical_shortfall", 1000.0), ("technical_shortfall_cumulative", 1000.0),
                               ("unemployment_rate", 4.0), ("cost_eur", cost)):
                rows.append((scenario, seed, date, "Noord-Holland", "all", ind, value, ""))
    return pd.DataFrame(rows, columns=["scenario", "seed", "date", "region", "occupation_group", "indicator", "value", "unit"])


@pytest.fixture(scope="module")
def lever_scenarios():
    from skillsim.scenario_files import load_scenario

    sc = load_scenario(BASELINE)
    return sc, sc.with_overrides({"house_of_skills": {"budget_eur": 22_000_000}})


def test_cost_per_net_job_divides_by_the_total_employment_gain(lever_scenarios):
    """b: technical employment +100 (+seed), non-technical -30, so +70 (+seed) in all;
    cost per net technical job = extra cost / 101 on average, per net job = / 71."""
    sc, lever = lever_scenarios
    table = pd.concat([_net_tidy("a", s, 1000.0, 5000.0, 400.0) for s in (0, 1, 2)]
                      + [_net_tidy("b", s, 1100.0 + s, 4970.0, 300.0 - s, retraining=20.0, cost=60_000.0)
                         for s in (0, 1, 2)], ignore_index=True)
    out = summarise(table, [sc, lever], ["a", "b"], 0.01, 2018, 2019).set_index("scenario").loc["b"]
    assert out["net_technical_employment_2030_diff_mean"] == pytest.approx(101.0)
    assert out["net_nontechnical_employment_2030_diff_mean"] == pytest.approx(-30.0)
    assert out["net_total_employment_2030_diff_mean"] == pytest.approx(71.0)
    assert out["unfilled_technical_2030_diff_mean"] == pytest.approx(-101.0)
    assert out["unfilled_technical_job_years_diff_mean"] == pytest.approx(-101.0 * 24 / 12)  # 24 months, in years
    assert out["unfilled_nontechnical_2030_diff_mean"] == 0.0 and out["in_retraining_2030_diff_mean"] == 20.0
    assert out["effect_distinguishable"]
    extra = 2 * 60_000.0  # cost_eur in December of 2018 and 2019
    assert out["cost_per_net_technical_job_eur"] == pytest.approx(extra / 101.0)
    assert out["cost_per_net_job_eur"] == pytest.approx(extra / 71.0)
    assert out["cost_per_net_job_reason"] == "" and out["cost_per_net_technical_job_reason"] == ""


def test_displacement_larger_than_the_gain_gets_no_cost_per_net_job(lever_scenarios):
    sc, lever = lever_scenarios
    table = pd.concat([_net_tidy("a", s, 1000.0, 5000.0, 400.0) for s in (0, 1, 2)]
                      + [_net_tidy("b", s, 1100.0 + s, 4850.0 - s, 300.0, cost=60_000.0) for s in (0, 1, 2)],
                      ignore_index=True)
    summary = summarise(table, [sc, lever], ["a", "b"], 0.01, 2018, 2019)
    out = summary.set_index("scenario").loc["b"]
    assert out["net_total_employment_2030_diff_mean"] == pytest.approx(-50.0)
    assert out["net_total_employment_2030_diff_ci_high"] < 0
    assert out["cost_per_net_technical_job_eur"] == pytest.approx(120_000.0 / 101.0)
    assert math.isnan(out["cost_per_net_job_eur"]) and out["cost_per_net_job_reason"] == "no_net_gain"
    from skillsim.compare.report import headline
    lines = dict(headline(summary, "nl"))["b"]
    assert any(line.startswith("Kosten per netto baan: niet berekend, want er werken per saldo minder mensen")
               for line in lines), lines
    en = dict(headline(summary, "en"))["b"]
    assert any(line.startswith("Cost per net technical job: EUR 1,188") for line in en), en


def test_noisy_net_effects_are_called_indistinguishable_and_get_no_cost(lever_scenarios):
    sc, lever = lever_scenarios
    table = pd.concat([_net_tidy("a", s, 1000.0, 5000.0, 400.0) for s in (0, 1, 2)]
                      + [_net_tidy("b", s, 1000.0 + d, 5000.0, 400.0 - d, cost=60_000.0)
                         for s, d in zip((0, 1, 2), (-30.0, 40.0, 5.0))], ignore_index=True)
    summary = summarise(table, [sc, lever], ["a", "b"], 0.01, 2018, 2019)
    out = summary.set_index("scenario").loc["b"]
    assert out["net_technical_employment_2030_diff_ci_low"] < 0 < out["net_technical_employment_2030_diff_ci_high"]
    assert not out["effect_distinguishable"]
    assert math.isnan(out["cost_per_net_technical_job_eur"])
    assert out["cost_per_net_technical_job_reason"] == "not_distinguishable"
    from skillsim.compare.report import headline
    lines = dict(headline(summary, "nl"))["b"]
    verdict = next(line for line in lines if line.startswith("Netto-effect: niet te onderscheiden"))
    assert "Werkenden in technische beroepen" in verdict and "Onvervulde technische banen" in verdict


def test_net_effects_per_year_are_paired_by_member():
    from skillsim.compare.net_effects import net_effects

    table = pd.concat([_net_tidy("a", s, 1000.0 + 100 * s, 5000.0, 400.0) for s in (0, 1)]
                      + [_net_tidy("b", s, 1010.0 + 100 * s, 5000.0, 390.0) for s in (0, 1)], ignore_index=True)
    net = net_effects(table, ["a", "b"], 2018, 2019).set_index(["year", "effect"])
    # the seeds differ by 100 but the paired difference is +10 in both: interval [10; 10]
    row = net.loc[(2018, "technical_employment")]
    assert (row["diff_mean"], row["ci_low"], row["ci_high"], row["n_members"]) == (10.0, 10.0, 10.0, 2)
    assert row["distinguishable"]
    assert net.loc[(2019, "unfilled_technical_job_years"), "diff_mean"] == pytest.approx(-10.0 * 24 / 12)
    assert net.loc[(2018, "unfilled_technical_job_years"), "diff_mean"] == pytest.approx(-10.0)
