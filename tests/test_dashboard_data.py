"""The dashboard's net effects (issue 15 item 4) and its view of a stored comparison
ensemble (issue 16 item 2), without a browser: the functions the page calls."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import BASELINE

from skillsim.cli import main
from skillsim.dashboard import charts, data


def scenario_file(folder, stem: str, body: str = ""):
    path = folder / f"{stem}.toml"
    path.write_text(f'base = "{BASELINE.as_posix()}"\nname = "{stem}"\ndescription = "test {stem}"\n'
                    f"[run]\nend_year = 2020\n{body}")
    return path


@pytest.fixture(scope="module")
def ensemble_folder(tmp_path_factory):
    """A small ensemble comparison (2 posterior draws x 3 demand paths x 2 seeds), written
    under a results folder as `skillsim compare` writes it."""
    d = tmp_path_factory.mktemp("ens")
    ref = scenario_file(d, "ref")
    more = scenario_file(d, "more", "[learning_account]\nenabled = true\n")
    out = d / "results" / "compare-ens"
    assert main(["compare", str(ref), str(more), "--ensemble", "posterior:2,demand:all,seeds:2", "--scale", "0.003",
                 "--workers", "2", "--no-progress", "--out", str(out)]) == 0
    return out


def test_dashboard_net_effects_pair_the_seeds_and_add_up(ensemble_folder):
    runs = pd.read_parquet(ensemble_folder / "runs.parquet")
    runs["scenario"] = runs["scenario"].astype(str)
    one = runs[runs["parameter_draw"] == runs["parameter_draw"].min()]
    one = one[one["demand_path"].astype(str) == "central"]  # two seeds, as a dashboard run has
    outcome = data.Outcome(one[one.scenario == "more"], one[one.scenario == "ref"], "more", "ref", "run", 0.003, (0, 1))
    row, net = data.net_effects(outcome)
    assert row["net_total_employment_2030_diff_mean"] == pytest.approx(
        row["net_technical_employment_2030_diff_mean"] + row["net_nontechnical_employment_2030_diff_mean"])
    assert set(net["year"]) == {2018, 2019, 2020} and set(net["scenario"]) == {"more"}
    # a scenario against itself: no effect, no cost, reasons given
    same = data.Outcome(one[one.scenario == "ref"], one[one.scenario == "ref"], "ref", "ref", "run", 0.003, (0, 1))
    row, net = data.net_effects(same)
    assert (net["diff_mean"] == 0).all() and not net["distinguishable"].any()
    assert not row["effect_distinguishable"]
    assert math.isnan(row["cost_per_net_job_eur"]) and row["cost_per_net_job_reason"] == "no_extra_cost"
    assert data.net_labels(same) == ["ref", "ref (2)"]
    fig = charts.net_effects_figure(outcome, "nl")
    assert fig.get_suptitle() == "Netto-effecten per jaar tegenover ref"
    assert data.net_effects(data.Outcome(one, None, "x", None, "file", None, (0, 1)))[0] is None


def test_a_stored_ensemble_comparison_shows_its_split_tension_chances_and_net_effects(ensemble_folder):
    from skillsim.dashboard.app import _ensemble_html

    root = ensemble_folder.parent
    assert data.find_comparisons(root) == [ensemble_folder]
    comparison = data.load_comparison(ensemble_folder)
    assert comparison.labels == ["ref", "more"]
    assert comparison.composition == (2, 3, 2) and comparison.n_runs == 12
    assert set(comparison.cumulative["scenario"].astype(str)) == {"ref", "more"}
    assert (comparison.cumulative["n"] == 12).all()
    page = _ensemble_html(comparison, "nl")
    assert "Waar de onzekerheid vandaan komt" in page and "toeval" in page and "vraag" in page
    # the band's explanation names the declared demand paths' own values (calibration/demand_paths.toml)
    from skillsim.compare.ensemble import load_demand_paths
    from skillsim.paths import calibration_dir

    declared = load_demand_paths(calibration_dir() / "demand_paths.toml")
    for p in declared.paths.values():
        assert f"{100 * p.growth_per_year:.1f}%".replace(".", ",") in page
    assert f"per jaar vanaf {declared.from_year}" in page
    assert "Kans op krapte per regio en technische beroepsgroep" in page
    assert "kans (zeer) krap 2020" in page  # the run ends in 2020: the last year covered is shown
    assert "UWV noemt een markt <b>krap</b> bij 1,5 tot 4" in page
    assert "Netto-effecten tegenover ref" in page and "Kosten per netto baan" in page
    assert "2 parametertrekkingen x 3 vraagpaden x 2 seeds" in page  # every band states its make-up
    fig = charts.ensemble_figure(comparison, "en")
    note = fig.get_supxlabel()
    assert "12 runs: 2 draws from the posterior" in note and "comes from chance (seeds)" in note
    en = _ensemble_html(comparison, "en")
    assert "Where the uncertainty comes from" in en and "Waar de onzekerheid" not in en


def test_a_folder_without_a_comparison_table_is_refused_with_its_name(tmp_path):
    (tmp_path / "runs.parquet").write_bytes(b"not parquet")
    with pytest.raises(ValueError, match="comparison.csv: missing"):
        data.load_comparison(tmp_path)
    (tmp_path / "comparison.csv").write_text("scenario,start_year,end_year\nref,2018,2020\n")
    with pytest.raises(ValueError, match="runs.parquet: cannot be read"):
        data.load_comparison(tmp_path)


def test_dashboard_net_effects_are_computed_once_per_outcome(ensemble_folder, monkeypatch):
    """The page's net-effects table and chart (in each language) read one computation,
    and it equals a fresh one."""
    runs = pd.read_parquet(ensemble_folder / "runs.parquet")
    runs["scenario"] = runs["scenario"].astype(str)
    one = runs[(runs["parameter_draw"] == runs["parameter_draw"].min()) & (runs["demand_path"].astype(str) == "central")]
    make = lambda: data.Outcome(one[one.scenario == "more"], one[one.scenario == "ref"], "more", "ref", "run", 0.003, (0, 1))
    outcome, fresh = make(), make()
    calls = []
    real = data._net_effects
    monkeypatch.setattr(data, "_net_effects", lambda o: calls.append(o) or real(o))
    row, net = data.net_effects(outcome)
    row["scenario"] = "changed by the caller"  # a caller's change does not reach the kept row
    for lang in ("nl", "en"):
        charts.net_effects_figure(outcome, lang)
    again, net_again = data.net_effects(outcome)
    assert len(calls) == 1 and net_again is net and again["scenario"] == "more"
    expected_row, expected_net = real(fresh)
    pd.testing.assert_frame_equal(net, expected_net)
    assert again.keys() == expected_row.keys()
    for key, value in expected_row.items():
        assert again[key] == value or (value != value and again[key] != again[key]), key
