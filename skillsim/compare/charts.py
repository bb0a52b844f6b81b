"""Fan charts: one panel per scenario, side by side: the mean over runs and the band
(skillsim.bands: 10th-90th percentile over runs). Each panel also shows the first
scenario's mean (grey, dotted) for reference. Kinds: 'shortfall' (per year),
'cumulative' (summed from the first year) and 'unemployment' (monthly)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import matplotlib.dates as mdates  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from skillsim import bands as B  # noqa: E402
from skillsim.compare.labels import number, text  # noqa: E402

COLOURS = ("#2c3e50", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#2980b9", "#7f8c8d")
PER_ROW = 4
TITLES = {"shortfall": "fan_shortfall", "cumulative": "fan_cumulative", "unemployment": "fan_unemployment"}
YLABELS = {"shortfall": "persons_per_year", "cumulative": "persons", "unemployment": "percent"}


def fan_chart(band: pd.DataFrame, labels: list[str], path: Path, lang: str, kind: str,
              composition: tuple[int, int, int] | None = None, split: str = "") -> None:
    """`band`: skillsim.bands.band() output per scenario and 'year' (shortfall, cumulative)
    or 'date' (unemployment). composition: (parameter draws, demand paths, seeds) of an
    ensemble (skillsim.bands.band_label); split: a skillsim.bands.split_sentence to add."""
    n = len(labels)
    cols = min(n, PER_ROW)
    nrows = -(-n // PER_ROW)
    fig, axes = plt.subplots(nrows, cols, figsize=(3.6 * cols + 0.6, 3.3 * nrows + 1.2),
                             sharey=True, squeeze=False, constrained_layout=True)
    annual = kind != "unemployment"
    xcol = "year" if annual else "date"
    ref = band[band["scenario"] == labels[0]]
    runs = int(band["n"].max()) if len(band) else 0
    x = (lambda d: pd.DatetimeIndex(d)) if not annual else (lambda d: d)
    for i, label in enumerate(labels):
        ax = axes[i // PER_ROW][i % PER_ROW]
        mine = band[band["scenario"] == label]
        colour = COLOURS[i % len(COLOURS)]
        ax.fill_between(x(mine[xcol]), mine["low"], mine["high"], color=colour, alpha=0.25, lw=0,
                        label=B.band_label(lang, runs))  # the note below names the ensemble's make-up
        ax.plot(x(mine[xcol]), mine["mean"], color=colour, lw=2, marker="o" if annual else None, ms=3,
                label=text(lang, "mean"))
        if i > 0:
            ax.plot(x(ref[xcol]), ref["mean"], color="grey", ls=":", lw=1.5, label=labels[0])
        if annual:
            ax.axhline(0, color="k", lw=0.6)
            if kind == "shortfall":
                ax.axhline(1400, color="k", ls="--", lw=0.8, label=text(lang, "techniekraad"))
            ax.set_xlabel(text(lang, "year"))
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, round(len(mine) / 12 / 5))))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
            ax.set_ylim(bottom=0)  # rates from zero, so small differences do not look large
            dates = pd.DatetimeIndex(mine[xcol])
            ax.set_xlim(pd.Timestamp(year=dates.min().year, month=1, day=1), dates.max())  # no tick for a year without data
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, 0 if annual else 1)))
        ax.set_title(label, fontsize=10)
        ax.grid(alpha=0.3)
        if i % PER_ROW == 0:
            ax.set_ylabel(text(lang, YLABELS[kind]))
        ax.legend(fontsize=7, loc="best")
    for j in range(n, nrows * cols):
        axes[j // PER_ROW][j % PER_ROW].set_visible(False)
    fig.suptitle(text(lang, TITLES[kind]), fontsize=12)
    note = B.band_sentence(lang, runs, composition=composition) + (" " + split if split else "")
    if kind == "shortfall":
        note += " " + text(lang, "negative_note")
    fig.supxlabel(note + " " + text(lang, "chart_source"), fontsize=7, color="#555", wrap=True)
    fig.savefig(path, dpi=100, metadata={"Software": None})  # no URL in the file
    plt.close(fig)


NET_PER_ROW = 4


def net_effects_chart(net: pd.DataFrame, labels: list[str], path: Path, lang: str, n_runs: int,
                      members: str = "", start: int | None = None) -> None:
    """Per-year net effects against the first scenario (skillsim/compare/net_effects.py):
    one panel per effect, one line per other scenario (its colour as in the fan charts),
    the band the 95% interval of the mean paired difference, dashed lines the 10th
    to 90th percentile of the per-run differences (skillsim.bands)."""
    fig = net_effects_figure(net, labels, lang, n_runs, members, start)
    fig.savefig(path, dpi=100, metadata={"Software": None})  # no URL in the file


def net_effects_figure(net: pd.DataFrame, labels: list[str], lang: str, n_runs: int, members: str = "",
                       start: int | None = None, colours=None):
    """The figure of net_effects_chart (also drawn by the dashboard). colours: one per
    label (default COLOURS, as the fan charts)."""
    from skillsim.compare.net_effects import EFFECTS

    colours = colours or [COLOURS[i % len(COLOURS)] for i in range(len(labels))]

    effects = [e for e in EFFECTS if e in set(net["effect"]) and net.loc[net.effect == e, "diff_mean"].notna().any()]
    effects = effects or list(EFFECTS)
    n = len(effects)
    cols = min(n, NET_PER_ROW)
    nrows = -(-n // NET_PER_ROW)
    # a plain Figure, not pyplot: the dashboard draws it in a server thread and nothing has to close it
    fig = Figure(figsize=(3.6 * cols + 0.6, 3.0 * nrows + 1.4), layout="constrained")
    axes = fig.subplots(nrows, cols, squeeze=False)
    start = start if start is not None else (int(net["year"].min()) if len(net) else 0)
    for k, effect in enumerate(effects):
        ax = axes[k // NET_PER_ROW][k % NET_PER_ROW]
        for i, label in enumerate(labels[1:], start=1):
            mine = net[(net.effect == effect) & (net.scenario.astype(str) == label)].sort_values("year")
            if mine.empty:
                continue
            colour = colours[i]
            ax.fill_between(mine["year"], mine["ci_low"], mine["ci_high"], color=colour, alpha=0.3, lw=0)
            for edge in ("band_low", "band_high"):
                ax.plot(mine["year"], mine[edge], color=colour, lw=0.9, ls="--")
            ax.plot(mine["year"], mine["diff_mean"], color=colour, lw=2, marker="o", ms=3, label=label)
        ax.axhline(0, color="k", lw=0.6)
        ax.set_title(textwrap.fill(text(lang, effect, start=start), 38), fontsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, 0, signed=True)))
        ax.grid(alpha=0.3)
        ax.set_ylabel(text(lang, f"unit_{EFFECTS[effect]}"), fontsize=8)
        if k == 0 and len(labels) > 1:
            ax.legend(fontsize=7, loc="best")
    for j in range(n, nrows * cols):
        axes[j // NET_PER_ROW][j % NET_PER_ROW].set_visible(False)
    fig.suptitle(text(lang, "net_chart", first=labels[0]), fontsize=12)
    note = text(lang, "net_chart_note", n=n_runs, members=members) + " " + text(lang, "chart_source")
    fig.supxlabel(note, fontsize=7, color="#555", wrap=True)
    return fig
