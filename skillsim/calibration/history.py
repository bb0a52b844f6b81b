"""scenarios/history.toml: demand driven through 2023 by the national open-vacancy series.

Index: for each year y, growth_other(y) = ELASTICITY x ln(V(y) / V(y-1)), with V the
national annual average of open vacancies (CBS 80472ned,
calibration/data/cbs_vacancies_nl_annual_1997_2023.csv); growth_technical(y) =
growth_other(y) + TECHNICAL_PREMIUM.

ELASTICITY = 0.1: the least-squares slope, through the origin, of the baseline's
non-technical demand growth for 2018 and 2019 (0.020 a year, model/parameters.py, from
CBS labour-year growth) on the vacancy log changes of those years (0.213, 0.124) is
0.11; rounded to 0.1. Jobs wanted move by about a tenth of the swing in vacancies.
TECHNICAL_PREMIUM = 0.004: the baseline's technical minus non-technical growth in 2018
(0.024 - 0.020).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from skillsim.paths import snapshot_dir

VACANCY_CSV_NAME = "cbs_vacancies_nl_annual_1997_2023.csv"
ELASTICITY = 0.1
TECHNICAL_PREMIUM = 0.004
YEARS = range(2018, 2024)


def national_open_vacancies(path: Path | None = None) -> dict[int, float]:
    path = path or snapshot_dir() / VACANCY_CSV_NAME
    with Path(path).open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["variable"] == "open_vacancies_annual_avg"]
    return {int(r["period"]): float(r["value"]) for r in rows}


def demand_index(path: Path | None = None, elasticity: float = ELASTICITY, premium: float = TECHNICAL_PREMIUM,
                 years=YEARS) -> tuple[dict[int, float], dict[int, float]]:
    """(technical, other) demand growth per year, rounded to 4 decimals."""
    v = national_open_vacancies(path)
    other = {y: round(elasticity * math.log(v[y] / v[y - 1]), 4) for y in years}
    technical = {y: round(g + premium, 4) for y, g in other.items()}
    return technical, other


def history_toml(path: Path | None = None) -> str:
    technical, other = demand_index(path)
    v = national_open_vacancies(path)
    table = lambda d: "{ " + ", ".join(f"{y} = {x:.4f}" for y, x in d.items()) + " }"
    comment = "\n".join(f"#   {y}: V = {v[y]:.1f}k (prev {v[y - 1]:.1f}k), ln ratio {math.log(v[y] / v[y - 1]):+.3f}, "
                        f"other {other[y]:+.4f}, technical {technical[y]:+.4f}" for y in technical)
    return f'''# History 2018-2023: technical and general demand driven by an exogenous index built from
# the national open-vacancy series, so the model's regional projections 2020-2023 can be
# laid beside CBS regional figures (which are deliberately not in the calibration snapshot).
#
# How the index was built (regenerate with skillsim.calibration.history.history_toml()):
#   V(y) = national open vacancies, annual average of end-of-quarter stocks, CBS 80472ned
#          (calibration/data/cbs_vacancies_nl_annual_1997_2023.csv)
#   other_demand_growth(y)     = {ELASTICITY} x ln(V(y) / V(y-1))
#   technical_demand_growth(y) = other_demand_growth(y) + {TECHNICAL_PREMIUM}
#   elasticity {ELASTICITY}: least-squares slope through the origin of the baseline's 2018-2019
#   non-technical growth (0.020/year, CBS labour years) on the vacancy log changes of those
#   years (0.213, 0.124) = 0.11, rounded. Premium {TECHNICAL_PREMIUM}: baseline technical minus
#   non-technical growth in 2018 (0.024 - 0.020). Both are assumptions; see docs/calibration.md.
{comment}
name = "history"
description = "Vraag gestuurd door de landelijke vacaturereeks 2018-2023 (CBS 80472ned) / Demand driven by the national vacancy series 2018-2023"
base = "baseline.toml"

[run]
end_year = 2023

[demand]
technical_demand_growth_per_year = {table(technical)}
other_demand_growth_per_year = {table(other)}
'''
