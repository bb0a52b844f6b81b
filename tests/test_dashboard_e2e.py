"""End to end: `skillsim dashboard` served on a free port, driven in headless Chromium.

The test raises technical demand growth on the page, runs, and checks that the 2030
shortfall went up against the baseline in the table and in the chart; downloads the
scenario TOML and loads it with load_scenario; checks the net effects (table, words,
costs, chart); switches to English; opens stored results without rerunning; opens a
stored comparison's uncertainty ensemble (band split, tension chances, net effects) in
English and Dutch; shows a broken scenario file as a message. It saves a screenshot to
tests/artifacts/dashboard.png and always stops the server.

Needs /usr/bin/chromium (Debian) and Solara's front-end files offline: run
scripts/install_browser.sh once. A missing browser FAILS the test (it does not skip).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = REPO / "tests" / "artifacts" / "dashboard.png"
LEVER = "demand.technical_demand_growth_per_year"
LEVER_MAX = 0.15  # declared high of the lever in model/parameters.py
RUN_TIMEOUT_MS = 60_000
CHART_SWAP_TIMEOUT_MS = 30_000  # the chart's image after the table (the result stays mounted)


_T0 = [time.monotonic()]


def phase(label: str) -> None:
    """Print the time since the test started (shown by pytest on failure, or with -s)."""
    print(f"[{time.monotonic() - _T0[0]:5.1f} s] {label}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url: str, proc: subprocess.Popen, log: Path, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"`skillsim dashboard` exited with code {proc.returncode} before serving:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"`skillsim dashboard` did not serve {url} within {timeout_s:.0f} s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    """Stop the dashboard and the Solara server it started (its own process group)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # anything left in the group
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def table_value(page, testid: str) -> float:
    cell = page.locator(f"[data-testid='table-2030'] [data-testid='{testid}']")
    value = cell.get_attribute("data-value")
    assert value is not None, f"table cell {testid} has no number (text: {cell.inner_text()!r})"
    return float(value)


@pytest.fixture()
def stored_results(tmp_path):
    """A tiny comparison-like results.parquet (baseline and one scenario, 1 seed, scale 0.002)."""
    import pandas as pd

    from skillsim import runs

    base = runs.load(REPO / "scenarios" / "baseline.toml")
    fast = base.with_overrides({"demand": {"technical_demand_growth_per_year": 0.05}}, name="fast-growth")
    table = pd.concat([runs.run_scenario(s, seed=0, scale=0.002) for s in (base, fast)], ignore_index=True)
    table["scenario"] = table["scenario"].astype(str)
    out = tmp_path / "results" / "compare-demo"
    out.mkdir(parents=True)
    table.to_parquet(out / "results.parquet", index=False)
    # and a small uncertainty ensemble written by skillsim compare (issue 16 item 2)
    from skillsim.cli import main

    files = []
    for stem, body in (("ref", ""), ("account", "[learning_account]\nenabled = true\n")):
        path = tmp_path / f"{stem}.toml"
        path.write_text(f'base = "{(REPO / "scenarios" / "baseline.toml").as_posix()}"\nname = "{stem}"\n'
                        f'description = "e2e {stem}"\n[run]\nend_year = 2020\n{body}')
        files.append(str(path))
    assert main(["compare", *files, "--ensemble", "posterior:1,demand:all,seeds:2", "--scale", "0.002",
                 "--workers", "2", "--no-progress", "--out", str(tmp_path / "results" / "compare-ensemble")]) == 0
    return tmp_path / "results"


@pytest.fixture()
def scenarios_dir(tmp_path):
    """The repository's scenarios plus one broken file, to see a failure as a message."""
    d = tmp_path / "scenarios"
    shutil.copytree(REPO / "scenarios", d)
    (tmp_path / "calibration").mkdir()  # the baseline's base, at the same relative path
    shutil.copy(REPO / "calibration" / "calibrated.toml", tmp_path / "calibration" / "calibrated.toml")
    (d / "zz-broken.toml").write_text('name = "broken"\n[demand]\nno_such_key = 1\n', encoding="utf-8")
    return d


@pytest.mark.slow  # a browser and a Solara server, about a minute
def test_dashboard_end_to_end(tmp_path, stored_results, scenarios_dir):
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: the dashboard test needs Debian's Chromium. "
                    "Run scripts/install_browser.sh (as root) and rerun.")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect, sync_playwright

    from skillsim.scenario_files import load_scenario
    from skillsim.commands.dashboard import assets_dir

    if assets_dir() is None:
        pytest.fail("Solara's front-end files are not installed locally (the page would need cdn.jsdelivr.net). "
                    "Run scripts/install_browser.sh and rerun.")

    _T0[0] = time.monotonic()
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "dashboard.log"
    skillsim = Path(sys.executable).parent / "skillsim"
    cmd = ([str(skillsim)] if skillsim.is_file() else [sys.executable, "-m", "skillsim.cli"])
    cmd += ["dashboard", "--port", str(port), "--scenarios", str(scenarios_dir), "--results", str(stored_results)]
    with open(log, "w") as log_file:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_serving(url, proc, log)
        phase("server up")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
                page.set_default_timeout(30_000)
                expect.set_options(timeout=30_000)  # expect()'s own default is 5 s: too short on a loaded machine
                page.goto(url)
                run_button = page.locator(".skillsim-run")
                run_button.wait_for()
                phase("page loaded")
                # Dutch by default (Markdown renders a moment after the widgets)
                page.wait_for_function("() => document.body.innerText.includes('Technisch tekort Noord-Holland')")
                assert "bereken" in run_button.inner_text().lower()

                # 1. baseline as chosen scenario: scenario and baseline columns agree
                run_button.click()
                page.locator("[data-testid='table-2030'] [data-testid='scen-cumulative']").wait_for(timeout=RUN_TIMEOUT_MS)
                base_cum = table_value(page, "scen-cumulative")
                phase("baseline run shown")
                base_short = table_value(page, "scen-shortfall")
                ref_cum = table_value(page, "ref-cumulative")
                assert base_cum == pytest.approx(ref_cum, rel=1e-9), "baseline run against itself should match the baseline column"
                assert "0,01" in page.locator("[data-testid='scale-note']").inner_text(), "the page must state the scale"
                chart = page.locator("[data-testid='chart-shortfall']")
                chart_src_before = chart.locator("img").get_attribute("src")
                summary_before = chart.get_attribute("data-summary")

                # 2. move the lever to its maximum with the keyboard (slider bounds are the declared range)
                slider = page.locator(f"[data-testid='lever-{LEVER}'] [role='slider']")
                slider.focus()
                slider.press("End")
                value = page.locator(f"[data-testid='lever-value-{LEVER}']")
                page.wait_for_function(
                    "([sel, v]) => { const e = document.querySelector(sel); return e && Math.abs(parseFloat(e.dataset.value) - v) < 1e-9; }",
                    arg=[f"[data-testid='lever-value-{LEVER}']", LEVER_MAX])
                assert "lever-moved" in (value.get_attribute("class") or "")

                # 3. run again: the shortfall must rise against the baseline
                run_button.click()
                page.wait_for_function(
                    "([v]) => { const e = document.querySelector(\"[data-testid='table-2030'] [data-testid='scen-cumulative']\");"
                    " return e && Math.abs(parseFloat(e.dataset.value) - v) > 1; }",
                    arg=[base_cum], timeout=RUN_TIMEOUT_MS)
                new_cum = table_value(page, "scen-cumulative")
                phase("lever run shown")
                new_short = table_value(page, "scen-shortfall")
                assert new_cum > 1.5 * max(base_cum, 1.0), f"cumulative shortfall should rise a lot: {base_cum:.0f} -> {new_cum:.0f}"
                assert new_short > base_short, f"2030 shortfall should rise: {base_short:.0f} -> {new_short:.0f}"
                assert table_value(page, "ref-cumulative") == pytest.approx(ref_cum, rel=1e-9), "baseline column must not change"
                assert table_value(page, "diff-cumulative") == pytest.approx(new_cum - ref_cum, rel=1e-6)
                overrides_text = page.locator("[data-testid='scale-note']").inner_text()
                assert "Groei technische banen per jaar: 0,15" in overrides_text, \
                    f"the note should list the changed lever in Dutch words and numbers: {overrides_text!r}"
                assert LEVER not in overrides_text, "no raw parameter keys for policy staff"
                # the result stays mounted while a run is pending (skillsim/dashboard/app.py), so the
                # table can show the new run a moment before the chart's image and summary are swapped
                try:
                    page.wait_for_function(
                        "([src, summary]) => { const c = document.querySelector(\"[data-testid='chart-shortfall']\");"
                        " const i = c && c.querySelector('img');"
                        " return i && i.getAttribute('src') !== src && c.getAttribute('data-summary') !== summary; }",
                        arg=[chart_src_before, summary_before], timeout=CHART_SWAP_TIMEOUT_MS)
                except PlaywrightTimeout:
                    pass  # the assertion below names the failure
                assert chart.locator("img").get_attribute("src") != chart_src_before, "shortfall chart did not change"
                summary_after = json.loads(chart.get_attribute("data-summary"))
                assert summary_after["cumulative"] > json.loads(summary_before)["cumulative"]
                assert page.locator("[data-testid='chart-regions'] img").count() == 1
                assert page.locator("[data-testid='cost-per-avoided']").inner_text().strip() != ""
                # net effects with displacement (issue 15 item 4): table, verdicts in words, costs, chart
                net = page.locator("[data-testid='net-effects']")
                expect(net).to_contain_text("Netto-effecten")
                expect(net).to_contain_text("Werkenden in technische beroepen")
                expect(net).to_contain_text("Kosten per netto technische baan")
                assert "te onderscheiden van toeval" in net.inner_text()
                net_summary = json.loads(net.get_attribute("data-summary"))
                assert net_summary["net_total_employment_2030_diff_mean"] == pytest.approx(
                    net_summary["net_technical_employment_2030_diff_mean"]
                    + net_summary["net_nontechnical_employment_2030_diff_mean"])
                assert page.locator("[data-testid='chart-net-effects'] img").count() == 1

                # 4. download the scenario TOML; it must load and carry the lever value
                with page.expect_download() as download_info:
                    page.locator("[data-testid='download'] button").click()
                toml_path = tmp_path / "downloaded.toml"
                download_info.value.save_as(toml_path)
                scenario = load_scenario(toml_path)
                phase("downloaded")
                assert scenario.get(LEVER) == pytest.approx(LEVER_MAX)
                assert scenario.name.endswith("-dashboard")

                # 5. English labels
                page.locator("[data-testid='language-toggle'] button", has_text="EN").click()
                page.wait_for_function("() => document.body.innerText.includes('Technical shortfall Noord-Holland')")
                expect(run_button).to_contain_text("run", ignore_case=True)
                expect(page.locator("body")).to_contain_text("Results in")
                SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                page.set_viewport_size({"width": 1500, "height": 2300})  # the page scrolls inside: show it all
                page.screenshot(path=str(SCREENSHOT), full_page=True)
                page.set_viewport_size({"width": 1500, "height": 1100})

                # 6. stored results, without rerunning
                page.locator("[data-testid='mode-toggle'] button").nth(1).click()
                expect(page.locator("[data-testid='scale-note']")).to_contain_text("compare-demo", timeout=30_000)
                expect(page.locator("[data-testid='scale-note']")).to_contain_text("fast-growth")
                assert table_value(page, "scen-cumulative") > table_value(page, "ref-cumulative"), \
                    "stored fast-growth scenario should show more shortfall than its baseline"

                # 6b. a stored comparison's uncertainty ensemble (issue 16 item 2), in English now
                page.locator("[data-testid='mode-toggle'] button").nth(2).click()
                note = page.locator("[data-testid='ensemble-note']")
                expect(note).to_contain_text("compare-ensemble", timeout=30_000)
                expect(note).to_contain_text("1 parameter draws x 3 demand paths x 2 seeds")
                report = page.locator("[data-testid='ensemble-report']")
                expect(report).to_contain_text("Where the uncertainty comes from")
                expect(report).to_contain_text("Chance of a tight market per region and technical occupation group")
                expect(report).to_contain_text("Net effects against ref")
                assert page.locator("[data-testid='chart-ensemble'] img").count() == 1
                page.locator("[data-testid='language-toggle'] button", has_text="NL").click()
                expect(report).to_contain_text("Kans op krapte per regio en technische beroepsgroep")
                expect(report).to_contain_text("UWV noemt een markt krap bij 1,5 tot 4")
                phase("ensemble shown")

                # 7. a broken scenario file shows a message, not a blank page
                page.locator("[data-testid='mode-toggle'] button").nth(0).click()
                phase("stored results shown")
                page.locator("[data-testid='scenario-select'] .v-select").click()
                page.locator(".v-overlay--active .v-list-item", has_text="zz-broken.toml").click()
                error = page.locator("[data-testid='error']")
                error.wait_for()
                assert "no_such_key" in error.inner_text(), error.inner_text()
                phase("error message shown")
            finally:
                browser.close()
    finally:
        stop(proc)
        phase("server stopped")
    assert proc.poll() is not None, "the dashboard server is still running"


# ---------------------------------------------------------------- fast checks without a browser
def test_controls_come_from_the_declarations():
    from skillsim.model import parameters as P
    from skillsim.dashboard import levers

    ctrls = levers.controls()
    keys = {c.key for c in ctrls}
    assert set(levers.ALWAYS_OFFERED) <= keys
    declared = {p.key for p in P.PARAMETERS if p.lever and p.kind in levers.CONTROL_KINDS}
    assert declared <= keys, f"levers without a control: {sorted(declared - keys)}"
    for c in ctrls:
        if c.kind == "bool":
            continue
        p = c.param
        assert p.low is None or c.low >= p.low, c.key
        assert p.high is None or c.high <= p.high, f"{c.key}: slider goes beyond the declared high"
        assert c.low <= levers.first_value(p.default) <= c.high, f"{c.key}: default outside the slider"
        assert c.step > 0


def test_only_moved_controls_become_overrides_and_by_year_is_written_as_scalar():
    from skillsim import runs
    from skillsim.dashboard import levers

    base = runs.load(REPO / "scenarios" / "baseline.toml")
    ctrls = levers.controls()
    values = {c.key: levers.scenario_value(base, c) for c in ctrls}
    assert levers.overrides_from(base, values, ctrls) == {}
    values[LEVER] = 0.05
    values["demand.other_demand_growth_per_year"] = 99.0  # beyond the declared high: clamped
    over = levers.overrides_from(base, values, ctrls)
    assert over == {"demand": {"technical_demand_growth_per_year": 0.05, "other_demand_growth_per_year": 0.15}}
    moved = base.with_overrides(over)
    assert moved.at(LEVER, 2025) == 0.05


def test_stored_results_must_be_the_tidy_table(tmp_path):
    import pandas as pd

    from skillsim.dashboard import data

    bad = tmp_path / "results.parquet"
    pd.DataFrame({"scenario": ["x"], "value": [1.0]}).to_parquet(bad)
    with pytest.raises(ValueError, match="missing columns: seed, date, region"):
        data.load_results(bad)
    assert data.find_results(tmp_path) == [bad]


def test_cost_per_shortfall_avoided():
    from skillsim.dashboard import data

    assert data.cost_per_avoided({"cumulative": 900.0, "cost": 3e6}, {"cumulative": 1000.0, "cost": 1e6}) == (2e4, "")
    assert data.cost_per_avoided({"cumulative": 1100.0, "cost": 3e6}, {"cumulative": 1000.0, "cost": 1e6}) == (None, "none_avoided")
    assert data.cost_per_avoided({"cumulative": 900.0, "cost": None}, {"cumulative": 1000.0, "cost": None}) == (None, "no_cost")


# ---------------------------------------------------------------- every library scenario, untouched
ARTIFACTS = REPO / "tests" / "artifacts"
# The library test serves the page with `skillsim dashboard --scale LIBRARY_SCALE` and runs
# `skillsim compare` at the same scale: what it checks (no lever marked as moved, the file
# runs untouched, the page's 2030 figures equal compare's at the same seeds and scale) holds
# at any scale, and at 0.002 (about 4,300 persons) its 2 x 11 scenarios x 3 seeds of model
# runs cost a fraction of the page's default 0.01 (data.SCALE; test_dashboard_end_to_end
# checks the page states that default).
LIBRARY_SCALE = 0.002


def _compare_figures(files: list[Path], out: Path, scale: float) -> dict[str, dict[str, float]]:
    """`skillsim compare` at the dashboard's seeds and `scale`: its 2030 figures per scenario name.
    Scenarios are compared in groups of the same run period (compare requires one period)."""
    import pandas as pd

    from skillsim import runs
    from skillsim.cli import main
    from skillsim.dashboard import data

    groups: dict[tuple, list[Path]] = {}
    for f in files:
        sc = runs.load(f)
        groups.setdefault((sc.get("run.start_year"), sc.get("run.end_year")), []).append(f)
    figures = {}
    for i, group in enumerate(groups.values()):
        folder = out / f"cmp{i}"
        assert main(["compare", *map(str, group), "--seeds", str(len(data.SEEDS)), "--first-seed", str(data.SEEDS[0]),
                     "--scale", str(scale), "--workers", "2", "--no-progress", "--out", str(folder)]) == 0
        for row in pd.read_csv(folder / "comparison.csv").to_dict("records"):
            figures[row["scenario"]] = {"shortfall": row["shortfall_2030_mean"],
                                        "cumulative": row["shortfall_cumulative_2030_mean"],
                                        "unemployment": row["unemployment_rate_2030_mean"]}
    return figures


@pytest.mark.slow
def test_every_library_scenario_runs_untouched_as_skillsim_compare(tmp_path):
    """Open every scenario of the library, run it without touching a lever: no lever is
    reported as changed, no slider shows a value other than the file's, and the 2030
    figures equal `skillsim compare` at the same seeds and scale."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install_browser.sh (as root) and rerun.")
    from playwright.sync_api import sync_playwright

    from skillsim import runs
    from skillsim.commands.dashboard import assets_dir
    from skillsim.dashboard import data
    from skillsim.dashboard.texts import decimal

    if assets_dir() is None:
        pytest.fail("Solara's front-end files are not installed locally. Run scripts/install_browser.sh and rerun.")
    scenario_dir = REPO / "scenarios"
    files = sorted(scenario_dir.glob("*.toml"), key=lambda p: (p.name != "baseline.toml", p.name))
    names = {f.name: runs.load(f).name for f in files}
    assert len(files) >= 10, "the scenario library"

    _T0[0] = time.monotonic()
    expected = _compare_figures(files, tmp_path, LIBRARY_SCALE)
    phase("skillsim compare done")
    (tmp_path / "none").mkdir()  # no stored results
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "dashboard.log"
    skillsim = Path(sys.executable).parent / "skillsim"
    cmd = ([str(skillsim)] if skillsim.is_file() else [sys.executable, "-m", "skillsim.cli"])
    cmd += ["dashboard", "--port", str(port), "--scenarios", str(scenario_dir), "--results", str(tmp_path / "none"),
            "--scale", str(LIBRARY_SCALE)]
    with open(log, "w") as log_file:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    shown: dict[str, dict[str, float]] = {}
    try:
        wait_until_serving(url, proc, log)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1500, "height": 1100})
                page.set_default_timeout(30_000)
                page.goto(url)
                run_button = page.locator(".skillsim-run")
                run_button.wait_for()
                page.wait_for_function("() => document.body.innerText.includes('Technisch tekort Noord-Holland')")
                for f in files:
                    name = names[f.name]
                    if f.name != files[0].name:
                        page.locator("[data-testid='scenario-select'] .v-select").click()
                        page.locator(".v-overlay--active .v-list-item", has_text=f.name).first.click()
                    # the page now shows this file's own values: nothing marked as moved
                    page.wait_for_function("([t]) => document.body.innerText.includes(t)",
                                           arg=[f.name])
                    assert page.locator(".lever-moved").count() == 0, f"{f.name}: a lever is marked as moved"
                    run_button.click()
                    page.wait_for_function(
                        "([n]) => { const th = document.querySelectorAll(\"[data-testid='table-2030'] th\");"
                        " return th.length > 1 && th[1].innerText.trim() === n"
                        " && !document.querySelector('.skillsim-run').disabled; }",
                        arg=[name], timeout=RUN_TIMEOUT_MS * 3)
                    note = page.locator("[data-testid='overrides']").inner_text()
                    assert "geen: het scenario draait zoals het bestand zegt" in note, f"{f.name}: {note!r}"
                    assert page.locator(".lever-moved").count() == 0
                    assert decimal(LIBRARY_SCALE, "nl") in page.locator("[data-testid='scale-note']").inner_text(), \
                        f"{f.name}: the page must run at --scale {LIBRARY_SCALE}"
                    shown[name] = {k: table_value(page, f"scen-{k}") for k in ("shortfall", "cumulative", "unemployment")}
                    phase(f"{f.name} shown")
                    if f.name in ("package.toml", "baseline.toml"):
                        ARTIFACTS.mkdir(parents=True, exist_ok=True)
                        page.set_viewport_size({"width": 1500, "height": 2600})
                        page.screenshot(path=str(ARTIFACTS / f"dashboard_{f.stem}_nl.png"), full_page=True)
                        page.locator("[data-testid='language-toggle'] button", has_text="EN").click()
                        page.wait_for_function("() => document.body.innerText.includes('Levers you changed')")
                        page.screenshot(path=str(ARTIFACTS / f"dashboard_{f.stem}_en.png"), full_page=True)
                        page.locator("[data-testid='language-toggle'] button", has_text="NL").click()
                        page.wait_for_function("() => document.body.innerText.includes('Door u aangepaste knoppen')")
                        page.set_viewport_size({"width": 1500, "height": 1100})
            finally:
                browser.close()
    finally:
        stop(proc)
    assert set(shown) == set(expected)
    for name, figures in shown.items():
        for key, value in figures.items():
            assert value == pytest.approx(expected[name][key], rel=1e-9, abs=1e-9), \
                f"{name}: dashboard {key} {value} != skillsim compare {expected[name][key]} (seeds {data.SEEDS}, scale {LIBRARY_SCALE})"
