"""The Solara page behind `skillsim dashboard`.

State lives in `solara.reactive` variables at module level, which Solara keeps per
browser session. Runs go through `solara.lab.task` (a thread), so the page stays
responsive and shows a progress bar; a failing run comes back as a message, never a
traceback. Test hooks: elements carry `data-testid` attributes (see
tests/test_dashboard_e2e.py); the 2030 table cells carry their number in `data-value`.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
import os
import threading
import traceback
from pathlib import Path

import solara
from solara.lab import task

from skillsim.model.errors import ScenarioError
from skillsim import bands as B, runs
from skillsim.compare.labels import description
from skillsim.dashboard import charts, data, levers
from skillsim.dashboard.texts import decimal, family_label, number, param_label, reference_label, source_label, t
from skillsim.errors import UserError
from skillsim.paths import scenario_dir

SCENARIO_DIR = Path(os.environ.get("SKILLSIM_SCENARIOS_DIR") or scenario_dir())
RESULTS_DIR = Path(os.environ.get("SKILLSIM_RESULTS_DIR") or Path.cwd() / "results")
SCALE = float(os.environ.get("SKILLSIM_DASHBOARD_SCALE") or data.SCALE)  # `skillsim dashboard --scale`
BASELINE_NAME = "baseline.toml"
CONTROLS = levers.controls()

CSS = """
.skillsim-lever { margin-bottom: 10px; }
.skillsim-programme { border-left: 3px solid #e0e0e0; padding-left: 8px; margin-bottom: 12px; }
.skillsim-programme .programme-title { font-weight: 600; margin-bottom: 4px; }
.skillsim-lever .lever-head { display: flex; justify-content: space-between; font-size: 0.9rem; gap: 8px; }
.skillsim-lever .lever-value { font-weight: 600; white-space: nowrap; }
.skillsim-lever .lever-moved { color: #c0392b; }
.skillsim-lever .v-input__slot { margin-bottom: 0 !important; }
.skillsim-lever .v-messages, .skillsim-lever .v-input__details { display: none; }
.skillsim-refbar { position: relative; height: 16px; margin: -10px 8px 0 8px; font-size: 0.72rem; color: #555; }
.skillsim-refbar span { position: absolute; white-space: nowrap; }
.skillsim-lever .lever-source { font-size: 0.72rem; color: #666; line-height: 1.2; }
table.skillsim-table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
table.skillsim-table th, table.skillsim-table td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: right; }
table.skillsim-table th:first-child, table.skillsim-table td:first-child { text-align: left; }
.skillsim-note { font-size: 0.85rem; color: #444; }
.skillsim-ci { font-size: 0.75rem; color: #666; }
.skillsim-report table { border-collapse: collapse; font-size: 0.88rem; margin: 6px 0; }
.skillsim-report th, .skillsim-report td { border-bottom: 1px solid #ddd; padding: 3px 8px; vertical-align: top; text-align: left; }
.skillsim-report td.num { text-align: right; white-space: nowrap; }
.skillsim-report .band { font-size: 0.75rem; color: #666; }
.skillsim-report h2 { font-size: 1.15rem; margin-top: 14px; }
.skillsim-report .note { background: #fff8e1; border-left: 4px solid #f1c40f; padding: 4px 8px; }
"""

def _prewarm_baseline() -> None:
    """Compute the baseline's runs in the background as soon as the server starts, so the
    first click on Run only has to compute the chosen scenario."""
    try:
        path = SCENARIO_DIR / BASELINE_NAME
        if path.is_file():
            data.baseline_table(runs.load(path), scale=SCALE)
    except Exception:  # noqa: BLE001 - a broken baseline is reported when the user runs
        traceback.print_exc()


threading.Thread(target=_prewarm_baseline, name="skillsim-baseline-prewarm", daemon=True).start()

# ---------------------------------------------------------------- session state
lang = solara.reactive("nl")
mode = solara.reactive("run")
scenario_file = solara.reactive("")
lever_values = solara.reactive({})       # key -> value the user set; absent = scenario's own value
results_file = solara.reactive("")
results_scenario = solara.reactive("")
comparison_folder = solara.reactive("")


@dataclasses.dataclass
class Failure:
    message: str


def describe(exc: BaseException) -> str:
    """One line for the page: our own errors as they are, anything else with its type."""
    if isinstance(exc, (ScenarioError, UserError, ValueError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def scenario_files() -> list[str]:
    if not SCENARIO_DIR.is_dir():
        return []
    names = sorted(p.name for p in SCENARIO_DIR.glob("*.toml"))
    if BASELINE_NAME in names:  # baseline first
        names.remove(BASELINE_NAME)
        names.insert(0, BASELINE_NAME)
    return names


@task
def run_task(scenario_name: str, overrides: dict):
    """Run the chosen scenario with overrides and the baseline; a Failure on any error."""
    try:
        scenario = runs.load(SCENARIO_DIR / scenario_name)
        baseline_path = SCENARIO_DIR / BASELINE_NAME
        baseline = runs.load(baseline_path) if baseline_path.is_file() else scenario
        return data.run_comparison(scenario, overrides, baseline, scale=SCALE)
    except Exception as exc:  # noqa: BLE001 - the page must show every failure as a message
        traceback.print_exc()
        return Failure(describe(exc))


def current_values(scenario) -> dict:
    values = {}
    for c in CONTROLS:
        values[c.key] = lever_values.value.get(c.key, levers.scenario_value(scenario, c))
    return values


def set_lever(key: str, value) -> None:
    lever_values.set({**lever_values.value, key: value})


# ---------------------------------------------------------------- components
@solara.component
def LeverControl(control: levers.Control, value, scenario_value, language: str):
    p = control.param
    widened = levers.for_value(control, scenario_value)  # the slider holds the scenario's own value
    was_widened = widened is not control
    control = widened
    moved = control.key in lever_values.value and value != scenario_value
    label = param_label(p, language)
    with solara.v.Html(tag="div", class_="skillsim-lever", attributes={"data-testid": f"lever-{control.key}"}):
        solara.HTML(tag="div", classes=["lever-head"], unsafe_innerHTML=(
            f"<span>{label}</span><span class='lever-value{' lever-moved' if moved else ''}' "
            f"data-testid='lever-value-{control.key}' data-value='{value}'>"
            f"{levers.format_value(control, value, language)}</span>"))
        if control.kind == "bool":
            solara.Switch(value=bool(value), color="primary",
                          on_value=lambda v: set_lever(control.key, bool(v)))
        else:
            slider = solara.SliderInt if control.kind == "int" else solara.SliderFloat
            slider("", value=value, min=control.low, max=control.high, step=control.step,
                   on_value=lambda v: set_lever(control.key, levers.clamp(control, v)), thumb_label=False)
            ref = control.default_value()
            span = (control.high - control.low) or 1
            pos = min(100.0, max(0.0, 100.0 * (ref - control.low) / span))
            shift = -100.0 * min(1.0, max(0.0, (pos - 10.0) / 80.0))  # keep the mark's text inside the panel
            solara.HTML(tag="div", classes=["skillsim-refbar"], unsafe_innerHTML=(
                f"<span style='left:{pos:.1f}%; transform: translateX({shift:.0f}%)' title='{html.escape(p.source, quote=True)}'>"
                f"&#9650; {t('reference_mark', language)} {levers.format_value(control, ref, language)}</span>"))
        notes = [f"<span title='{t('source_detail', language)}: {html.escape(p.source, quote=True)}'>"
                 f"{t('source', language)}: {html.escape(source_label(p.source, language))}</span>"]
        if control.kind != "bool":
            notes.insert(0, f"{t('range', language)} {levers.format_value(control, control.low, language)} – "
                            f"{levers.format_value(control, control.high, language)}"
                            + (f" ({t('widened', language)})" if was_widened else ""))
        if p.by_year:
            notes.append(t("by_year_note", language))
        solara.HTML(tag="div", classes=["lever-source"], unsafe_innerHTML="<br>".join(notes))


@solara.component
def MoreSettings(rest: list, values: dict, scenario, language: str):
    """A programme's other parameters, built only when opened (the page has over a hundred)."""
    open_, set_open = solara.use_state(False)
    moved = sum(c.key in lever_values.value and values[c.key] != levers.scenario_value(scenario, c) for c in rest)
    label = t("more_settings", language, n=len(rest)) + (f" · {moved} {t('moved', language)}" if moved else "")
    solara.Button(label, text=True, small=True, classes=["skillsim-more"],
                  icon_name="mdi-chevron-up" if open_ else "mdi-chevron-down", on_click=lambda: set_open(not open_))
    if open_:
        for c in rest:
            LeverControl(c, values[c.key], levers.scenario_value(scenario, c), language)


@solara.component
def LeverPanel(scenario, language: str):
    """Per family, per programme: its main levers, the rest folded under "more settings"."""
    values = current_values(scenario)

    def control(c):
        LeverControl(c, values[c.key], levers.scenario_value(scenario, c), language)

    for family in levers.families(CONTROLS):
        solara.Markdown(f"#### {family_label(family, language)}")
        for programme in levers.programmes(CONTROLS, family):
            group = [c for c in CONTROLS if c.family == family and c.programme == programme]
            with solara.v.Html(tag="div", class_="skillsim-programme", attributes={"data-testid": f"programme-{programme}"}):
                if any(c.param.lever for c in group):
                    solara.HTML(tag="div", classes=["programme-title"],
                                unsafe_innerHTML=levers.programme_title(CONTROLS, programme, language))
                if programme == data.PET_LEVER:  # PET's caveat (issue 15) wherever its lever appears
                    solara.v.Html(tag="div", class_="skillsim-note", attributes={"data-testid": "pet-caveat-lever"},
                                  children=[t("pet_caveat", language)])
                for c in group:
                    if c.main:
                        control(c)
                rest = [c for c in group if not c.main]
                if rest:
                    MoreSettings(rest, values, scenario, language)


def overrides_toml(scenario, overrides: dict, language: str) -> tuple[str, str]:
    """(file name, TOML text) of the scenario with the user's overrides."""
    if overrides:
        name = f"{scenario.name}-dashboard"
        moved = ", ".join(f"{s}.{k} = {v}" for s, vals in overrides.items() for k, v in vals.items())
        out = scenario.with_overrides(overrides, name=name)
        out = dataclasses.replace(out, description=f"{scenario.description} | dashboard: {moved}".strip(" |"))
    else:
        out = scenario
    return f"{out.name}.toml", out.to_toml()


@solara.component
def ResultsTable(outcome: data.Outcome, language: str):
    scen = data.end_figures(outcome.scenario)
    ref = data.end_figures(outcome.reference) if outcome.reference is not None else None
    year = data.end_year(outcome.scenario)
    no_cost = scen["cost"] is None and (ref is None or ref["cost"] is None)
    diffs = data.paired_differences(outcome.scenario, outcome.reference) if ref else {}
    cpa, reason = data.cost_per_avoided(scen, ref, diffs.get("shortage_years", (0, 0, 0))[1:] if ref else None)

    def cell(testid, value, digits, interval=None):
        shown = number(value, language, digits)
        attr = "" if value is None else f" data-value='{value:.12g}'"
        extra = ""
        if interval is not None and not any(math.isnan(v) for v in interval) and interval != (0.0, 0.0):
            lo, hi = interval
            extra = (f"<br><span class='skillsim-ci' data-testid='{testid}-ci'>{t('ci', language)} [{number(lo, language, digits)}; "
                     f"{number(hi, language, digits)}]")
            if not B.distinguishable(lo, hi):
                extra += f" {B.indistinguishable_words(language)}"
            extra += "</span>"
        return f"<td data-testid='{testid}'{attr}>{shown}{extra}</td>"

    rows = [("shortfall", t("row_shortfall", language, year=year), 0),
            ("cumulative", t("row_cumulative", language, year=year), 0),
            ("shortage_years", t("row_shortage_years", language, year=year), 0),
            ("unemployment", t("row_unemployment", language, year=year), 2),
            ("cost", t("row_cost", language), 0)]
    ref_head = f"<th>{reference_label(outcome.reference_name, language)}</th><th>{t('difference', language)}</th>" if ref else ""
    html_rows = [f"<table class='skillsim-table' data-testid='table-2030'><tr><th>{t('figure', language)}</th>"
                 f"<th>{outcome.scenario_name}</th>{ref_head}</tr>"]
    for key, label, digits in rows:
        s = scen[key] if scen[key] is not None or key != "cost" else 0.0
        line = f"<tr><td>{label}</td>{cell(f'scen-{key}', s, digits)}"
        if ref:
            r = ref[key] if ref[key] is not None or key != "cost" else 0.0
            diff = None if s is None or r is None else s - r
            interval = tuple(diffs[key][1:]) if key in diffs else None
            line += cell(f"ref-{key}", r, digits) + cell(f"diff-{key}", diff, digits, interval)
        html_rows.append(line + "</tr>")
    cpa_text = number(cpa, language) if cpa is not None else t(f"cpa_{reason}", language)
    html_rows.append(f"<tr><td>{t('row_cost_per', language)}</td><td data-testid='cost-per-avoided' "
                     f"colspan='{3 if ref else 1}'>{cpa_text}</td></tr></table>")
    solara.Markdown(f"### {t('table_title', language, year=year)}")
    solara.HTML(tag="div", unsafe_innerHTML="".join(html_rows))
    notes = [t("table_note", language, n=len(outcome.seeds) or int(outcome.scenario["seed"].nunique()))]
    if no_cost:
        notes.append(t("cost_note_absent", language))
    solara.HTML(tag="div", classes=["skillsim-note"], unsafe_innerHTML="<br>".join(notes))


def _net_html(outcome: data.Outcome, language: str) -> tuple[str, dict | None]:
    """The comparison report's net-effects section (skillsim/compare/report.py) for a
    dashboard outcome, without its chart; and the end year's row (None without a reference)."""
    import pandas as pd

    from skillsim.compare.report import net_html

    row, net = data.net_effects(outcome)
    if row is None:
        return "", None
    labels = data.net_labels(outcome)
    ref = {"scenario": labels[0], "cost_eur": data.total_cost(outcome.reference) or 0.0,
           "start_year": row["start_year"], "end_year": row["end_year"]}
    summary = pd.DataFrame([ref, row])
    n_runs = len(outcome.seeds) or int(outcome.scenario["seed"].nunique())
    return net_html(summary, net, labels, language, n_runs, "", None), row


def pet_caveat_html(outcome: data.Outcome, language: str) -> str:
    """PET's caveat (issue 15) for an outcome in which PET is part of the scenario's or the
    reference's run, with the extra technical study choices PET made there; '' otherwise."""
    tables = [(outcome.scenario_name, outcome.scenario), (outcome.reference_name, outcome.reference)]
    with_pet = [(name, table) for name, table in tables if data.pet_in(table)]
    if not with_pet:
        return ""
    text = f"<b>{html.escape(t('pet_caveat_title', language))}</b>: {html.escape(t('pet_caveat', language))}"
    items = [f"{html.escape(str(name))} {number(n, language)}" for name, table in with_pet
             if (n := data.pet_switches(table)) is not None]
    if items:
        text += " " + t("pet_switches", language, end=data.end_year(outcome.scenario), items="; ".join(items))
    return f"<div class='skillsim-note' data-testid='pet-caveat'>{text}</div>"


@solara.component
def NetEffectsView(outcome: data.Outcome, language: str):
    """Net effects against the reference with displacement (issue 15 item 4): the table with
    the verdict in words, the costs per net (technical) job, the per-year chart."""
    section, row = solara.use_memo(lambda: _net_html(outcome, language), [id(outcome), language])
    if row is None:
        return
    with solara.v.Html(tag="div", class_="skillsim-report", attributes={"data-testid": "net-effects",
                                                                         "data-summary": json.dumps({
                                                                             k: (None if isinstance(v, float) and math.isnan(v) else v)
                                                                             for k, v in row.items()
                                                                             if k.startswith(("net_", "unfilled_", "in_retraining", "cost_per_net", "effect_"))},
                                                                             default=str)}):
        solara.HTML(tag="div", unsafe_innerHTML=section)
    Chart("chart-net-effects", charts.net_effects_figure, outcome, language, {})


@solara.component
def Chart(testid: str, make, outcome: data.Outcome, language: str, summary: dict):
    figure = solara.use_memo(lambda: make(outcome, language), [id(outcome), language])
    with solara.v.Html(tag="div", attributes={"data-testid": testid, "data-summary": json.dumps(summary)}):
        solara.FigureMatplotlib(figure, dependencies=[id(outcome), language], format="png", dpi=90)


@solara.component
def OutcomeView(outcome: data.Outcome, language: str):
    if outcome.source == "run":
        inv = 1 / outcome.scale
        note = t("scale_note", language, n=len(outcome.seeds), seeds=", ".join(map(str, outcome.seeds)),
                 scale=decimal(outcome.scale, language), inv=number(inv, language), band=t("band_def", language))
        moved = "; ".join(levers.describe_overrides(outcome.overrides, CONTROLS, language))
        note += (f"<br><span data-testid='overrides'>{t('overrides', language)}: "
                 f"{html.escape(moved) or t('overrides_none', language)}</span>")
    else:
        scale = decimal(outcome.scale, language) if outcome.scale else t("unknown", language)
        note = t("stored_note", language, path=outcome.source, name=outcome.scenario_name,
                 n=len(outcome.seeds), scale=scale)
        if outcome.reference is None:
            note += "<br>" + t("no_reference", language)
    solara.HTML(tag="div", classes=["skillsim-note"], attributes={"data-testid": "scale-note"}, unsafe_innerHTML=note)
    pet = solara.use_memo(lambda: pet_caveat_html(outcome, language), [id(outcome), language])
    if pet:
        solara.HTML(tag="div", unsafe_innerHTML=pet)
    ResultsTable(outcome, language)
    if outcome.reference is not None:
        NetEffectsView(outcome, language)
    scen_end = data.end_figures(outcome.scenario)
    Chart("chart-shortfall", charts.shortfall_figure, outcome, language,
          {"cumulative": scen_end["cumulative"], "shortfall": scen_end["shortfall"]})
    Chart("chart-labour-market", charts.labour_market_figure, outcome, language,
          {"unemployment": scen_end["unemployment"]})
    Chart("chart-regions", charts.regions_figure, outcome, language,
          {k: float(v) for k, v in data.region_cumulative(outcome.scenario).items()})


@solara.component
def ErrorMessage(message: str):
    with solara.v.Html(tag="div", attributes={"data-testid": "error"}):
        solara.Error(message)


@solara.component
def RunMode(language: str):
    files = scenario_files()
    if not files:
        ErrorMessage(t("no_scenarios", language, dir=SCENARIO_DIR))
        return
    current = scenario_file.value if scenario_file.value in files else files[0]

    def choose(name):
        scenario_file.set(name)
        lever_values.set({})

    scenario, load_error = None, None
    try:
        scenario = runs.load(SCENARIO_DIR / current)
    except Exception as exc:  # noqa: BLE001
        load_error = describe(exc)

    with solara.Columns([1, 2.6]):
        with solara.Column():
            with solara.v.Html(tag="div", attributes={"data-testid": "scenario-select"}):
                solara.Select(t("scenario", language), values=files, value=current, on_value=choose)
            if scenario is not None:
                if scenario.description:
                    solara.HTML(tag="div", classes=["skillsim-note"], attributes={"data-testid": "scenario-description"},
                                unsafe_innerHTML=html.escape(description(scenario.description, language)))
                overrides = levers.overrides_from(scenario, lever_values.value, CONTROLS)
                with solara.Row():
                    solara.Button(t("run", language), color="primary", classes=["skillsim-run"],
                                  disabled=run_task.pending, icon_name="mdi-play",
                                  on_click=lambda: run_task(current, overrides))
                    solara.Button(t("reset", language), outlined=True, classes=["skillsim-reset"],
                                  on_click=lambda: lever_values.set({}))
                try:
                    filename, toml_text = overrides_toml(scenario, overrides, language)
                except Exception as exc:  # noqa: BLE001 - invalid combination: explain instead of a button
                    ErrorMessage(t("error", language, msg=describe(exc)))
                else:
                    with solara.v.Html(tag="div", attributes={"data-testid": "download"}):
                        solara.FileDownload(toml_text, filename=filename, label=t("download", language),
                                            mime_type="application/toml")
                    solara.HTML(tag="div", classes=["skillsim-note"], unsafe_innerHTML=t("download_note", language))
                LeverPanel(scenario, language)
        with solara.Column():
            # The messages above the result sit in one element that is always there, so the
            # result keeps its place among the column's children: a result shown while the
            # next run is pending keeps its state and its charts are not drawn again
            # (reacton matches children by position; a progress bar inserted before the
            # result remounted it and redrew its four charts for every run).
            with solara.v.Html(tag="div", attributes={"data-testid": "run-status"}):
                if load_error:
                    ErrorMessage(t("error", language, msg=load_error))
                if run_task.pending:
                    solara.ProgressLinear(True)
                    solara.Text(t("running", language))
            result = run_task.value if run_task.finished else run_task.latest
            if isinstance(result, Failure):
                ErrorMessage(t("error", language, msg=result.message))
            elif isinstance(result, data.Outcome):
                OutcomeView(result, language)
            elif not run_task.pending:
                solara.Info(t("nothing_yet", language))


@solara.component
def ResultsMode(language: str):
    files = [str(p.relative_to(RESULTS_DIR)) for p in data.find_results(RESULTS_DIR)]
    current = results_file.value if results_file.value in files else (files[0] if files else "")

    def read():
        if not current:
            return [], None
        try:
            table = data.load_results(RESULTS_DIR / current)
            return sorted(table["scenario"].unique()), None
        except Exception as exc:  # noqa: BLE001 - shown on the page
            return [], describe(exc)

    names, read_error = solara.use_memo(read, [current])
    chosen = results_scenario.value if results_scenario.value in names else None

    def make_outcome():
        if not names:
            return None, None
        try:
            return data.outcome_from_results(RESULTS_DIR / current, chosen), None
        except Exception as exc:  # noqa: BLE001
            return None, describe(exc)

    outcome, outcome_error = solara.use_memo(make_outcome, [current, chosen, tuple(names)])
    error = read_error or outcome_error
    if not files:
        solara.Info(t("no_results", language, dir=RESULTS_DIR))
        return
    with solara.Columns([1, 2.6]):
        with solara.Column():
            with solara.v.Html(tag="div", attributes={"data-testid": "results-select"}):
                solara.Select(t("results_file", language), values=files, value=current, on_value=results_file.set)
            if names:
                solara.Select(t("scenario", language), values=names,
                              value=outcome.scenario_name if outcome else names[0], on_value=results_scenario.set)
        with solara.Column():
            if error:
                ErrorMessage(t("error_results", language, msg=error))
            elif outcome is not None:
                OutcomeView(outcome, language)


def _demand_path_words(language: str) -> dict[str, str]:
    """The declared demand paths (calibration/demand_paths.toml) as words for the band's
    explanation: "laag 0,8%, midden 2,2%, hoog 2,9%" and the year they start."""
    from skillsim.compare.ensemble import load_demand_paths
    from skillsim.paths import calibration_dir

    paths = load_demand_paths(calibration_dir() / "demand_paths.toml")
    names = {"nl": {"low": "laag", "central": "midden", "high": "hoog"},
             "en": {"low": "low", "central": "central", "high": "high"}}[language if language == "nl" else "en"]
    def pct(x: float) -> str:
        text = f"{100 * x:.1f}%"
        return text.replace(".", ",") if language == "nl" else text
    words = ", ".join(f"{names.get(n, n)} {pct(p.growth_per_year)}" for n, p in paths.paths.items())
    return {"paths": words, "from_year": str(paths.from_year)}


def _ensemble_html(comparison: data.Comparison, language: str) -> str:
    """The comparison report's uncertainty section (band split into chance, parameters and
    demand; chance of krap / zeer krap) and its net-effects section, for a stored comparison."""
    import pandas as pd

    from skillsim.compare.report import net_html, uncertainty_html
    from skillsim.compare.uncertainty import CATEGORY_COLUMNS

    end = int(comparison.summary["end_year"].iloc[0])
    parts = []
    if comparison.pet:
        parts.append(f"<p class='note' data-testid='pet-caveat'><b>{html.escape(t('pet_caveat_title', language))}</b>: "
                     f"{html.escape(t('pet_caveat', language))}</p>")
    if comparison.composition is None:
        parts.append(f"<p class='note'>{t('split_seeds_only', language)}</p>")
    parts.append(f"<p>{t('split_explain', language, end=end, first=comparison.labels[0], **_demand_path_words(language))}</p>")
    split = comparison.split if comparison.split is not None else pd.DataFrame(
        columns=["scenario", "quantity", "var_total", "share_chance", "share_parameters", "share_demand"])
    categories = comparison.categories if comparison.categories is not None else pd.DataFrame(
        columns=["scenario", "region", "occupation_group", "year", *CATEGORY_COLUMNS, "n_members"])
    parts.append(f"<div data-testid='ensemble-split'>"
                 f"{uncertainty_html((split, categories, comparison.composition, comparison.n_runs), comparison.labels, language, end)}"
                 f"</div>")
    if len(categories):
        parts.append(f"<p data-testid='tension-explain'>{t('tension_explain', language, n=comparison.n_runs)}</p>")
    else:
        parts.append(f"<p>{t('no_tension', language)}</p>")
    if comparison.net is not None and len(comparison.summary) > 1:
        members = ("" if comparison.composition is None else
                   " (" + B.band_label(language, comparison.n_runs, comparison.composition).split("(", 1)[1])
        parts.append("<div data-testid='ensemble-net'>" + net_html(comparison.summary, comparison.net, comparison.labels,
                                                                 language, comparison.n_runs, members, None) + "</div>")
    elif comparison.net is None:
        parts.append(f"<p>{t('no_net', language)}</p>")
    return "\n".join(parts)


@solara.component
def EnsembleMode(language: str):
    """A stored `skillsim compare` folder (best one made with --ensemble): the band over
    posterior draws x demand paths x seeds, its split, chances of UWV tension classes, and
    the net effects. The dashboard does not run an ensemble itself (100 members take
    minutes to hours); it reads what `skillsim compare` wrote."""
    folders = [str(p.relative_to(RESULTS_DIR)) for p in data.find_comparisons(RESULTS_DIR)]
    current = comparison_folder.value if comparison_folder.value in folders else (folders[0] if folders else "")

    def read():
        if not current:
            return None, None
        try:
            return data.load_comparison(RESULTS_DIR / current), None
        except Exception as exc:  # noqa: BLE001 - shown on the page
            return None, describe(exc)

    comparison, error = solara.use_memo(read, [current])
    if not folders:
        solara.Info(t("no_comparisons", language, dir=RESULTS_DIR))
        return
    with solara.Columns([1, 2.6]):
        with solara.Column():
            with solara.v.Html(tag="div", attributes={"data-testid": "comparison-select"}):
                solara.Select(t("comparison_folder", language), values=folders, value=current,
                              on_value=comparison_folder.set)
        with solara.Column():
            if error:
                ErrorMessage(t("error_results", language, msg=error))
            elif comparison is not None:
                EnsembleView(comparison, current, language)


@solara.component
def EnsembleView(comparison: data.Comparison, current: str, language: str):
    """One stored comparison: its band chart, the uncertainty split, tension chances, net effects."""
    d, p, s = comparison.composition or (1, 1, comparison.n_runs)
    what = (t("ensemble_what", language, d=d, p=p, s=s) if comparison.composition
            else t("seeds_only_what", language))
    solara.HTML(tag="div", classes=["skillsim-note"], attributes={"data-testid": "ensemble-note"},
                unsafe_innerHTML=t("ensemble_note", language, path=html.escape(current), n=comparison.n_runs,
                                   what=what, first=html.escape(comparison.labels[0])))
    figure = solara.use_memo(lambda: charts.ensemble_figure(comparison, language), [current, language])
    with solara.v.Html(tag="div", attributes={"data-testid": "chart-ensemble",
                                              "data-summary": json.dumps({"composition": comparison.composition,
                                                                          "runs": comparison.n_runs})}):
        solara.FigureMatplotlib(figure, dependencies=[current, language], format="png", dpi=90)
    section = solara.use_memo(lambda: _ensemble_html(comparison, language), [current, language])
    solara.HTML(tag="div", classes=["skillsim-report"], attributes={"data-testid": "ensemble-report"},
                unsafe_innerHTML=section)


@solara.component
def Page():
    language = lang.value
    solara.Title(t("title", language))
    solara.Style(CSS)
    with solara.Column(style={"padding": "12px 20px", "max-width": "1500px"}):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Markdown(f"## {t('title', language)}")
            solara.v.Spacer()
            with solara.v.Html(tag="div", attributes={"data-testid": "mode-toggle"}):
                solara.ToggleButtonsSingle(value=mode, children=[
                    solara.Button(t("mode_run", language), value="run", text=True),
                    solara.Button(t("mode_results", language), value="results", text=True),
                    solara.Button(t("mode_ensemble", language), value="ensemble", text=True)])
            with solara.v.Html(tag="div", attributes={"data-testid": "language-toggle"}):
                solara.ToggleButtonsSingle(value=lang, children=[
                    solara.Button("NL", value="nl", text=True), solara.Button("EN", value="en", text=True)])
        solara.Markdown(t("intro", language))
        if mode.value == "run":
            RunMode(language)
        elif mode.value == "ensemble":
            EnsembleMode(language)
        else:
            ResultsMode(language)
