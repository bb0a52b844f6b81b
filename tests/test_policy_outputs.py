"""Policy-facing outputs that never mislead (issue 12): one band definition, the
comparison report's headline (per-year and cumulative charts, "indistinguishable"
wording, cost-effectiveness not bought with surplus years), the sweep plot's years,
the dashboard's lever ranges, languages, progress lines and file modes."""

from __future__ import annotations

import io
import math
import re
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import BASELINE

from skillsim import bands as B
from skillsim.compare.report import headline, render, table_rows
from skillsim.compare.summary import summarise

COLUMNS = ["scenario", "seed", "date", "region", "occupation_group", "indicator", "value", "unit"]


def tidy(scenario: str, seed: int, shortfall_by_year: dict[int, float], cost: float = 0.0) -> pd.DataFrame:
    rows, cum = [], 0.0
    for year, value in shortfall_by_year.items():
        cum += value
        date = pd.Timestamp(year=year, month=12, day=31)
        for ind, v in (("technical_shortfall", value), ("technical_shortfall_cumulative", cum),
                       ("unemployment_rate", 4.0), ("cost_eur", cost)):
            rows.append((scenario, seed, date, "Noord-Holland", "all", ind, v, ""))
    return pd.DataFrame(rows, columns=COLUMNS)


# ---------------------------------------------------------------- the one band definition
def test_band_is_the_10_90_percentile_across_ensemble_members():
    table = pd.DataFrame({"scenario": ["a"] * 11, "date": [1] * 11, "seed": range(11),
                          "value": np.arange(11, dtype=float) * 10})
    b = B.band(table, ["scenario", "date"]).iloc[0]
    assert (b["low"], b["median"], b["high"], b["mean"], b["n"]) == (10.0, 50.0, 90.0, 50.0, 11)
    # another ensemble dimension (parameter draws) adds members to the same band
    more = pd.concat([table, table.assign(parameter_draw=1, value=table["value"] + 1000)]).fillna({"parameter_draw": 0})
    members = B.members(more, ["scenario", "date"])
    assert len(members) == 22
    assert B.band(members, ["scenario", "date"]).iloc[0]["high"] > 1000


def test_distinguishable_only_when_the_interval_excludes_zero():
    assert B.distinguishable(-5.0, -1.0) and B.distinguishable(1.0, 2.0)
    assert not B.distinguishable(-1.0, 1.0)
    assert not B.distinguishable(0.0, 0.0)
    assert not B.distinguishable(math.nan, math.nan)
    assert B.indistinguishable_words("nl") == "niet te onderscheiden van toeval bij dit aantal runs"


# ---------------------------------------------------------------- comparison report
@pytest.fixture(scope="module")
def scenarios():
    from skillsim.scenario_files import load_scenario

    base = load_scenario(BASELINE)
    lever = base.with_overrides({"house_of_skills": {"budget_eur": 22_000_000}}, name="more")
    return base, lever


def test_surplus_years_do_not_buy_cost_effectiveness(scenarios):
    """b's cumulative shortfall is 3,100 lower than a's, but most of that is b's surplus year
    2018 (more inflow than demand), which counts as 0: avoided = a's 1,000+seed in 2018
    plus 100 in 2019, 1,101 on average."""
    base, lever = scenarios
    table = pd.concat([tidy("a", s, {2018: 1000.0 + s, 2019: 1000.0}) for s in (0, 1, 2)]
                      + [tidy("b", s, {2018: -2000.0 + s, 2019: 900.0}, cost=50_000.0) for s in (0, 1, 2)],
                      ignore_index=True)
    out = summarise(table, [base, lever], ["a", "b"], 0.01, 2018, 2019).set_index("scenario")
    assert out.loc["b", "diff_cumulative_vs_first_mean"] == pytest.approx(-3100.0)
    assert out.loc["b", "diff_shortfall_years_vs_first_mean"] == pytest.approx(-1101.0)
    assert out.loc["b", "shortfall_years_cumulative_mean"] == pytest.approx(900.0)
    assert out.loc["b", "surplus_years_mean"] == 1.0
    # 2 years x 50,000 extra cost over the 1,101 avoided in shortfall years, not over 3,100
    assert out.loc["b", "cost_per_shortfall_avoided_eur"] == pytest.approx(100_000.0 / 1101.0)
    lines = dict(headline(out.reset_index(), "nl"))["b"]
    assert any("meer technici in dan er gevraagd worden" in line for line in lines), lines


def test_an_interval_that_includes_zero_is_called_indistinguishable_and_gets_no_cost_effectiveness(scenarios):
    base, lever = scenarios
    table = pd.concat([tidy("a", s, {2018: 1000.0, 2019: 1000.0}) for s in (0, 1, 2)]
                      + [tidy("b", s, {2018: 1000.0 + d, 2019: 1000.0 + d}, cost=50_000.0)
                         for s, d in zip((0, 1, 2), (-300.0, 250.0, -20.0))], ignore_index=True)
    summary = summarise(table, [base, lever], ["a", "b"], 0.01, 2018, 2019)
    row = summary.set_index("scenario").loc["b"]
    assert row["diff_2030_ci_low"] < 0 < row["diff_2030_ci_high"]
    assert not row["diff_2030_distinguishable"]
    assert math.isnan(row["cost_per_shortfall_avoided_eur"]) and row["cost_per_avoided_reason"] == "not_distinguishable"
    words = "niet te onderscheiden van toeval bij dit aantal runs"
    lines = dict(headline(summary, "nl"))["b"]
    diffs = [line for line in lines if line.startswith("Verschil met a")]
    assert len(diffs) == 2 and all(line.endswith(f": {words}.") for line in diffs), lines
    assert any(line.startswith("Kosten per vermeden tekort: niet berekend") for line in lines)
    cells = dict(table_rows(summary, "nl", []))
    diff_row = next(v for k, v in cells.items() if k.startswith("Verschil tekort in 2019"))
    assert words in diff_row[1][1] and diff_row[0][1] == ""  # the reference itself gets no interval
    en = dict(headline(summary, "en"))["b"]
    assert any("cannot be told apart from chance at this number of runs" in line for line in en)


def test_report_leads_with_per_year_and_cumulative_charts(tmp_path):
    from skillsim.cli import main

    out = tmp_path / "cmp"
    assert main(["compare", str(BASELINE), str(BASELINE.parent / "package.toml"), "--seeds", "2",
                 "--scale", "0.004", "--workers", "2", "--no-progress", "--out", str(out)]) == 0
    for name in ("fan_shortfall.png", "fan_cumulative.png", "fan_unemployment.png"):
        assert (out / name).is_file()
    html = (out / "report.html").read_text(encoding="utf-8")
    head = html.index('id="headline"')
    images = [m.start() for m in re.finditer(r'<img alt="', html)]
    alts = re.findall(r'<img alt="([^"]+)"', html)
    assert alts[:2] == ["Tekort aan technici per jaar", "Opgeteld tekort aan technici sinds het startjaar"], alts
    # then the net effects (issue 15 item 4) with their chart, before the scenarios and the rest
    assert alts[2] == "Netto-effecten per jaar tegenover baseline", alts
    assert head < images[0] < images[1] < html.index('id="net-effects"') < images[2] < html.index("De scenario&#x27;s") < images[3]
    assert (out / "net_effects.png").is_file() and (out / "net_effects.csv").is_file()
    assert "10e tot 90e percentiel over 2 runs" in html  # the band stated where it is shown
    assert "Kern: het tekort aan technici tot 2030" in html
    assert "Verschil met baseline in 2030" in html and "Verschil met baseline, opgeteld 2018-2030" in html


# ---------------------------------------------------------------- sweep report
def test_sweep_plot_puts_the_2030_value_on_2030(tmp_path):
    from skillsim.sweep.report import over_time_band

    rows = []
    for seed in (0, 1, 2):
        for year in range(2018, 2031):
            rows.append(("s", seed, pd.Timestamp(year=year, month=12, day=31), "Noord-Holland", "all",
                         "technical_shortfall", float(year) + seed, "persons/year"))
    table = pd.DataFrame(rows, columns=COLUMNS)
    band = over_time_band(table, "s")
    assert list(band.index) == list(range(2018, 2031))
    assert band.loc[2030, "mean"] == pytest.approx(2031.0)  # mean of 2030, 2031, 2032: the 2030 values
    assert band.loc[2030, "low"] == pytest.approx(np.quantile([2030, 2031, 2032], 0.1))


@pytest.mark.slow
def test_sweep_report_speaks_dutch_with_readable_parameter_names(tmp_path):
    from helpers import write_sweep

    from skillsim.cli import main
    from skillsim.sweep import load_sweep, run_sweep

    out = tmp_path / "s"
    run_sweep(load_sweep(write_sweep(tmp_path, values=(1.2, 2.0), seeds=1)), out, workers=1, progress=False)
    assert main(["sweep-report", str(out), "--out", str(tmp_path / "nl")]) == 0
    index = (tmp_path / "nl" / "index.md").read_text()
    assert "# Sweepverslag" in index and "Tekort aan technici 2019" in index
    assert "10e tot 90e percentiel" in index
    assert "(matching.commute_cost)" in index and "### Eindwaarden tegen " in index
    for name in ("results.parquet", "runs.parquet", "sweep.json"):
        assert stat.S_IMODE((out / name).stat().st_mode) & 0o044 == 0o044, name  # readable by others, like every output
    assert main(["sweep-report", str(out), "--out", str(tmp_path / "en"), "--lang", "en"]) == 0
    assert "Technical shortfall 2019" in (tmp_path / "en" / "index.md").read_text()


# ---------------------------------------------------------------- dashboard levers
def test_a_scenario_value_beyond_the_slider_widens_it_and_is_not_an_override():
    from skillsim.scenario_files import load_scenario
    from skillsim.dashboard import levers

    package = load_scenario(BASELINE.parent / "package.toml")
    ctrls = levers.controls()
    by_key = {c.key: c for c in ctrls}
    assert levers.overrides_from(package, {}, ctrls) == {}
    widened = 0
    for c in ctrls:
        own = levers.scenario_value(package, c)
        shown = levers.for_value(c, own)
        if c.kind != "bool":
            assert shown.low <= own <= shown.high, f"{c.key}: {own} outside {shown.low}-{shown.high}"
            widened += shown is not c
    assert widened >= 1  # package.toml sets values beyond five times the default
    # moving a control back to the scenario's own value is no change either
    key = next(c.key for c in ctrls if c.kind == "float" and levers.scenario_value(package, c) > by_key[c.key].high)
    assert levers.overrides_from(package, {key: levers.scenario_value(package, by_key[key])}, ctrls) == {}


def test_changed_levers_are_described_in_dutch_words_and_numbers():
    from skillsim.dashboard import levers

    ctrls = levers.controls()
    text = levers.describe_overrides({"demand": {"technical_demand_growth_per_year": 0.05}}, ctrls, "nl")
    assert text == ["Groei technische banen per jaar: 0,050 per jaar"] or text[0].startswith("Groei technische banen per jaar: 0,05"), text
    assert "demand." not in text[0]


# ---------------------------------------------------------------- plots, progress, modes
def test_overview_plot_in_both_languages(tmp_path):
    from skillsim import runs
    from skillsim.plots import WORDS, overview_plot

    table = runs.run_scenario(runs.load(BASELINE).with_overrides({"run": {"end_year": 2019}}), seed=0, scale=0.003)
    for lang in ("nl", "en"):
        overview_plot(table, tmp_path / f"{lang}.png", scale=0.003, lang=lang)
        assert (tmp_path / f"{lang}.png").read_bytes()[:4] == b"\x89PNG"
    assert WORDS["nl"]["surplus"].startswith("overschot") and "review §" not in WORDS["nl"]["review_1400"]


def test_progress_in_a_log_is_a_few_whole_lines():
    from skillsim import progress

    log = io.StringIO()
    with progress.bar(156, "run", "month", True, log) as bar:
        for _ in range(156):
            bar.update(1)
    text = log.getvalue()
    assert "\r" not in text
    assert len(text.splitlines()) == 1 + progress.LOG_STEPS
    assert text.splitlines()[-1].startswith("run: 156/156 months")


def test_sweep_files_have_the_mode_of_other_outputs(tmp_path):
    from skillsim.sweep import store

    path = tmp_path / "sweep.json"
    store.atomic_write_json(path, {"a": 1})
    umask = __import__("os").umask(0)
    __import__("os").umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_top_level_help_has_no_developer_text(capsys):
    from skillsim.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "skillsim.commands" not in out and "sweep-report" in out and "technicians" in out


def test_calibrate_leaves_the_committed_calibration_alone_by_default(capsys):
    from skillsim.cli import build_parser, main
    from skillsim.paths import calibration_dir

    committed = calibration_dir() / "calibrated.toml"
    before = committed.read_bytes()
    args = build_parser().parse_args(["calibrate"])
    assert Path(args.out) == Path("results") / "calibration" and not args.write_calibration
    assert main(["calibrate", "--out", str(calibration_dir()), "--budget", "2", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "--write-calibration" in err and len(err.strip().splitlines()) == 1
    assert committed.read_bytes() == before
