"""Plots read the tidy table only. Words in Dutch (default) or English (`lang`)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from skillsim.compare.labels import number  # noqa: E402

PROVINCE = "Noord-Holland"

WORDS = {
    "nl": {
        "shortfall_title": "Tekort aan technici per jaar",
        "shortfall_axis": "technici tekort in het jaar (personen)",
        "shortage": "tekort: meer vraag dan instroom",
        "surplus": "overschot: meer instroom dan vraag",
        "review_1400": "TechniekRaad NH (evaluatie 2018): ca. 1.400 per jaar",
        "cum_title": "Opgeteld tekort sinds {year}",
        "persons": "personen",
        "unemp_title": "Werkloosheid",
        "unemp_axis": "werkloosheid (%)",
        "review_48": "eind 2017: 4,8% (CBS, genoemd in de evaluatie 2018)",
        "all": "iedere persoon gesimuleerd",
        "sample": "steekproef van 1 op {inv} personen (schaal {scale}); aantallen teruggeschaald",
        "one_run": "één run (seed {seed})",
        "source": "Bron: skillsim-modelberekening. Tekort = gevraagde technici (groei en vervanging) min instroom "
                  "in technische banen in het kalenderjaar; negatief = overschot.",
    },
    "en": {
        "shortfall_title": "Technical shortfall per year",
        "shortfall_axis": "technicians short in the year (persons)",
        "shortage": "shortfall: more demand than inflow",
        "surplus": "surplus: more inflow than demand",
        "review_1400": "TechniekRaad NH (2018 review): about 1,400 a year",
        "cum_title": "Cumulative technical shortfall since {year}",
        "persons": "persons",
        "unemp_title": "Unemployment rate",
        "unemp_axis": "unemployment rate (%)",
        "review_48": "end 2017: 4.8% (CBS, quoted in the 2018 review)",
        "all": "every person simulated",
        "sample": "sample of 1 in {inv} persons (scale {scale}); counts scaled up",
        "one_run": "one run (seed {seed})",
        "source": "Source: skillsim model run. Shortfall = technicians wanted (growth and replacement) minus inflow "
                  "into technical jobs in the calendar year; negative = surplus.",
    },
}


def series(table: pd.DataFrame, indicator: str, region: str = PROVINCE, occupation_group: str = "all") -> pd.Series:
    rows = table[(table.indicator == indicator) & (table.region == region) & (table.occupation_group == occupation_group)]
    return rows.groupby("date", observed=True)["value"].mean()


def _decimal(x: float, lang: str) -> str:
    text = f"{x:g}"
    return text.replace(".", ",") if lang == "nl" else text


def overview_plot(table: pd.DataFrame, path: Path, scale: float = 1.0, lang: str = "nl") -> None:
    """Technical shortfall (annual and cumulative) and unemployment to the end year, one run."""
    w = WORDS[lang]
    scenario = str(table["scenario"].iloc[0])
    seeds = sorted(table["seed"].unique()) if "seed" in table else []
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.9), constrained_layout=True)
    fmt = FuncFormatter(lambda v, _: number(v, lang))
    short = series(table, "technical_shortfall")
    cum = series(table, "technical_shortfall_cumulative")
    ax = axes[0]
    colors = ["#c0392b" if v >= 0 else "#27ae60" for v in short.values]
    ax.bar(short.index.year, short.values, color=colors, alpha=0.85)
    line = ax.axhline(1400, color="k", ls="--", lw=1)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel(w["shortfall_axis"])
    ax.set_title(w["shortfall_title"])
    ax.yaxis.set_major_formatter(fmt)
    ax.legend([Patch(color="#c0392b", alpha=0.85), Patch(color="#27ae60", alpha=0.85), line],
              [w["shortage"], w["surplus"], w["review_1400"]], loc="upper right", fontsize=8)
    ax = axes[1]
    ax.plot(cum.index.year, cum.values, color="#2c3e50", marker="o", ms=4)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel(w["persons"])
    ax.yaxis.set_major_formatter(fmt)
    ax.set_title(w["cum_title"].format(year=cum.index[0].year))
    ax = axes[2]
    ur = series(table, "unemployment_rate")
    ax.plot(ur.index, ur.values, color="#2980b9", label="Noord-Holland")
    ax.set_ylabel(w["unemp_axis"])
    ax.set_ylim(0, max(8.0, float(ur.max()) * 1.2))
    ax.set_xlim(pd.Timestamp(year=ur.index.min().year, month=1, day=1), ur.index.max())  # no tick for a year without data
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, 1)))
    ax.set_title(w["unemp_title"])
    ax.axhline(4.8, color="grey", ls=":", lw=1, label=w["review_48"])
    ax.legend(fontsize=8)
    for a in axes:
        a.grid(alpha=0.3)
    note = w["all"] if scale == 1 else w["sample"].format(inv=number(1 / scale, lang), scale=_decimal(scale, lang))
    if len(seeds) == 1:
        note += "; " + w["one_run"].format(seed=seeds[0])
    fig.suptitle(f"skillsim: {scenario} ({note})", fontsize=11)
    fig.text(0.005, 0.005, w["source"], fontsize=7.5, color="#555", ha="left", va="bottom")
    fig.get_layout_engine().set(rect=(0, 0.04, 1, 0.96))
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)
