"""Matplotlib figures for the dashboard. They read an Outcome's tidy tables only.

Each series is drawn as the mean over the runs with the band of every output
(skillsim.bands: 10th to 90th percentile over the runs); the scenario in red, the
reference (baseline) in grey.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from skillsim import bands as B
from skillsim.dashboard import data
from skillsim.dashboard.texts import number, reference_label, t

SCEN_COLOUR, REF_COLOUR = "#c0392b", "#7f8c8d"


def _thousands(lang: str) -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: number(v, lang) if abs(v) >= 1000 else f"{v:g}".replace(".", "," if lang == "nl" else "."))


def _draw(ax, table: pd.DataFrame, indicator: str, colour: str, label: str, annual: bool, band_label: str | None = None) -> None:
    b = data.band(table, indicator)
    if b.empty:
        return
    x = b.index.year if annual else b.index
    ax.fill_between(x, b["low"], b["high"], color=colour, alpha=0.22, lw=0, label=band_label)
    ax.plot(x, b["mean"], color=colour, lw=2, marker="o" if annual else None, ms=3, label=label)


def _pair(outcome: data.Outcome, lang: str, panels) -> Figure:
    fig = Figure(figsize=(11, 3.8), layout="constrained")
    axes = fig.subplots(1, len(panels))
    ref_label = outcome.reference_name and reference_label(outcome.reference_name, lang)
    for ax, (indicator, title, ylabel, annual, extra) in zip(axes, panels):
        if outcome.reference is not None:
            _draw(ax, outcome.reference, indicator, REF_COLOUR, ref_label, annual)
        n_runs = len(outcome.seeds) or int(outcome.scenario["seed"].nunique())
        _draw(ax, outcome.scenario, indicator, SCEN_COLOUR, outcome.scenario_name, annual, B.band_label(lang, n_runs))
        if extra:
            extra(ax)
        ax.set_title(title, fontsize=11)
        ax.set_ylabel(ylabel)
        ax.yaxis.set_major_formatter(_thousands(lang))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="best")
    notes = [B.band_sentence(lang, len(outcome.seeds) or int(outcome.scenario["seed"].nunique()))]
    if any(p[0] == "technical_shortfall" for p in panels):
        notes.append(t("surplus_note", lang))
    notes.append(t("chart_source", lang))
    fig.supxlabel(" ".join(notes), fontsize=7, color="#555", wrap=True)
    return fig


def shortfall_figure(outcome: data.Outcome, lang: str = "nl") -> Figure:
    """Technical shortfall: annual (with the review's ~1,400 a year) and cumulative."""
    def mark_1400(ax):
        ax.axhline(1400, color="k", ls="--", lw=1, label=t("review_1400", lang))
        ax.axhline(0, color="k", lw=0.5)

    return _pair(outcome, lang, [
        ("technical_shortfall", t("chart_annual", lang), t("persons_per_year", lang), True, mark_1400),
        ("technical_shortfall_cumulative", t("chart_cumulative", lang), t("persons", lang), True, None),
    ])


def labour_market_figure(outcome: data.Outcome, lang: str = "nl") -> Figure:
    """Unemployment rate (with the review's 4.8% at end 2017) and tension, monthly."""
    def mark_48(ax):
        ax.axhline(4.8, color="k", ls=":", lw=1, label=t("review_48", lang))
        ax.set_ylim(bottom=0)  # rates from zero, so a gap of a few hundredths does not look large
        dates = data.band(outcome.scenario, "unemployment_rate").index
        if len(dates):
            ax.set_xlim(pd.Timestamp(year=dates.min().year, month=1, day=1), dates.max())  # no tick for a year without data

    return _pair(outcome, lang, [
        ("unemployment_rate", t("chart_unemployment", lang), "%", False, mark_48),
        ("tension", t("chart_tension", lang), t("chart_tension", lang).split("(")[-1].rstrip(")"), False,
         lambda ax: ax.set_ylim(bottom=0)),
    ])


def regions_figure(outcome: data.Outcome, lang: str = "nl") -> Figure:
    """Cumulative technical shortfall at the end by region: scenario next to reference."""
    fig = Figure(figsize=(11, 3.4), layout="constrained")
    ax = fig.subplots()
    scen = data.region_cumulative(outcome.scenario)
    regions = list(scen.index)
    width = 0.38
    xs = range(len(regions))
    if outcome.reference is not None:
        ref = data.region_cumulative(outcome.reference).reindex(regions)
        ax.bar([x - width / 2 for x in xs], ref.values, width, color=REF_COLOUR,
               label=reference_label(outcome.reference_name, lang))
        ax.bar([x + width / 2 for x in xs], scen.values, width, color=SCEN_COLOUR, label=outcome.scenario_name)
    else:
        ax.bar(list(xs), scen.values, 0.6, color=SCEN_COLOUR, label=outcome.scenario_name)
    ax.set_xticks(list(xs), [r.replace(" en ", "\nen ") for r in regions], fontsize=9)
    ax.set_ylabel(t("persons", lang))
    ax.yaxis.set_major_formatter(_thousands(lang))
    ax.axhline(0, color="k", lw=0.5)
    ax.set_title(t("chart_regions", lang, year=data.end_year(outcome.scenario)), fontsize=11)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def net_effects_figure(outcome: data.Outcome, lang: str = "nl") -> Figure:
    """The per-year net effects of the scenario against the reference (the comparison
    report's chart, skillsim/compare/charts.py), scenario in red."""
    from skillsim.compare.charts import net_effects_figure as draw

    _, net = data.net_effects(outcome)
    n_runs = len(outcome.seeds) or int(outcome.scenario["seed"].nunique())
    return draw(net, data.net_labels(outcome), lang, n_runs, colours=[REF_COLOUR, SCEN_COLOUR])


def ensemble_figure(comparison: data.Comparison, lang: str = "nl") -> Figure:
    """A stored comparison's cumulative shortfall per scenario: mean and the band over the
    ensemble (skillsim.bands), stated with its make-up and how its variance splits."""
    from skillsim.compare.charts import COLOURS

    fig = Figure(figsize=(11, 4.2), layout="constrained")
    ax = fig.subplots()
    band = comparison.cumulative
    for i, label in enumerate(comparison.labels):
        mine = band[band["scenario"].astype(str) == label]
        colour = COLOURS[i % len(COLOURS)]
        ax.fill_between(mine["year"], mine["low"], mine["high"], color=colour, alpha=0.18, lw=0)
        ax.plot(mine["year"], mine["mean"], color=colour, lw=2, marker="o", ms=3, label=label)
    ax.axhline(0, color="k", lw=0.5)
    start = int(comparison.summary["start_year"].iloc[0])
    ax.set_title(t("chart_ensemble", lang, start=start), fontsize=11)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(t("persons", lang))
    ax.yaxis.set_major_formatter(_thousands(lang))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    notes = [B.band_sentence(lang, comparison.n_runs, composition=comparison.composition)]
    level = comparison.split
    if comparison.composition is not None and level is not None and len(level):
        first = level[(level["quantity"] == "level") & (level["scenario"].astype(str) == comparison.labels[0])]
        if len(first):
            r = first.iloc[0]
            notes.append(f"{comparison.labels[0]}: " + B.split_sentence(lang, float(r["share_chance"]),
                                                                       float(r["share_parameters"]),
                                                                       float(r["share_demand"])))
    notes.append(t("chart_source", lang))
    fig.supxlabel(" ".join(notes), fontsize=7, color="#555", wrap=True)
    return fig
