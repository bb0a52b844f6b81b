"""Plots read the tidy table only."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

PROVINCE = "Noord-Holland"


def series(table: pd.DataFrame, indicator: str, region: str = PROVINCE, occupation_group: str = "all") -> pd.Series:
    rows = table[(table.indicator == indicator) & (table.region == region) & (table.occupation_group == occupation_group)]
    return rows.groupby("date", observed=True)["value"].mean()


def overview_plot(table: pd.DataFrame, path: Path, scale: float = 1.0) -> None:
    """Technical shortfall (annual and cumulative) and unemployment to the end year."""
    scenario = str(table["scenario"].iloc[0])
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), constrained_layout=True)
    short = series(table, "technical_shortfall")
    cum = series(table, "technical_shortfall_cumulative")
    ax = axes[0]
    colors = ["#c0392b" if v >= 0 else "#27ae60" for v in short.values]
    ax.bar(short.index.year, short.values, color=colors, alpha=0.85)
    ax.axhline(1400, color="k", ls="--", lw=1, label="TechniekRaad NH: ~1,400 a year (review §1)")
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel("technicians short in the year (persons)")
    ax.set_title("Technical inflow shortfall per year")
    ax.legend(loc="upper right", fontsize=8)
    ax = axes[1]
    ax.plot(cum.index.year, cum.values, color="#2c3e50", marker="o", ms=4)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel("persons")
    ax.set_title(f"Cumulative technical shortfall since {cum.index[0].year}")
    ax = axes[2]
    ur = series(table, "unemployment_rate")
    ax.plot(ur.index, ur.values, color="#2980b9", label="Noord-Holland")
    ax.set_ylabel("unemployment rate (%)")
    ax.set_ylim(0, max(8.0, float(ur.max()) * 1.2))
    ax.set_title("Unemployment rate")
    ax.axhline(4.8, color="grey", ls=":", lw=1, label="end 2017: 4.8% (review §2)")
    ax.legend(fontsize=8)
    note = "every person simulated" if scale == 1 else f"sample of 1 in {1 / scale:.4g} persons (scale {scale:g}); counts scaled up"
    fig.suptitle(f"skillsim: {scenario} ({note})", fontsize=11)
    fig.savefig(path, dpi=110)
    plt.close(fig)
