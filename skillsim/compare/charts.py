"""Fan charts: one panel per scenario, side by side, median line + 10-90% band over seeds.
Each panel also shows the first scenario's median (grey, dotted) for reference."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import matplotlib.dates as mdates  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from skillsim.compare.labels import number, text  # noqa: E402

COLOURS = ("#2c3e50", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#2980b9", "#7f8c8d")
PER_ROW = 4


def fan_chart(band: pd.DataFrame, labels: list[str], path: Path, lang: str, kind: str) -> None:
    """kind 'shortfall' (annual, with the TechniekRaad reference) or 'unemployment' (monthly)."""
    n = len(labels)
    cols = min(n, PER_ROW)
    nrows = -(-n // PER_ROW)
    fig, axes = plt.subplots(nrows, cols, figsize=(3.6 * cols + 0.6, 3.3 * nrows + 0.8),
                             sharey=True, squeeze=False, constrained_layout=True)
    annual = kind == "shortfall"
    ref = band[band["scenario"] == labels[0]]
    x = (lambda d: pd.DatetimeIndex(d).year) if annual else (lambda d: pd.DatetimeIndex(d))
    for i, label in enumerate(labels):
        ax = axes[i // PER_ROW][i % PER_ROW]
        mine = band[band["scenario"] == label]
        colour = COLOURS[i % len(COLOURS)]
        ax.fill_between(x(mine["date"]), mine["p10"], mine["p90"], color=colour, alpha=0.25, lw=0,
                        label=text(lang, "band"))
        ax.plot(x(mine["date"]), mine["p50"], color=colour, lw=2, label=text(lang, "median"))
        if i > 0:
            ax.plot(x(ref["date"]), ref["p50"], color="grey", ls=":", lw=1.5, label=labels[0])
        if annual:
            ax.axhline(1400, color="k", ls="--", lw=0.8, label=text(lang, "techniekraad"))
            ax.set_xlabel(text(lang, "year"))
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, round(len(mine) / 12 / 5))))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
            ax.set_ylim(bottom=0)  # rates from zero, so small differences do not look large
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, 0 if annual else 1)))
        ax.set_title(label, fontsize=10)
        ax.grid(alpha=0.3)
        if i % PER_ROW == 0:
            ax.set_ylabel(text(lang, "persons_per_year" if annual else "percent"))
        ax.legend(fontsize=7, loc="best")
    for j in range(n, nrows * cols):
        axes[j // PER_ROW][j % PER_ROW].set_visible(False)
    fig.suptitle(text(lang, "fan_shortfall" if annual else "fan_unemployment"), fontsize=12)
    fig.savefig(path, dpi=100, metadata={"Software": None})  # no URL in the file
    plt.close(fig)
