"""The model calendar, shared by the main model and the plain-Mesa reference.

Months are absolute: month_index = year * 12 + (month - 1). A model using this mix-in
sets start_year, end_year, month_index and params (the scenario).
"""

from __future__ import annotations

PENSION_AGE_KEY = "demography.pension_age_years"


def pension_age_years_in(params: dict, year: int) -> float:
    """The state pension age in force in `year`, from a merged parameter dict (for checks
    made before a model exists, e.g. model/scenario.py check_consistency)."""
    section, name = PENSION_AGE_KEY.split(".")
    value = params[section][name]
    if isinstance(value, dict):
        chosen = min(value)
        for k in sorted(value):
            if k <= year:
                chosen = k
        return float(value[chosen])
    return float(value)


class MonthCalendar:
    start_year: int
    end_year: int
    month_index: int

    @property
    def year(self) -> int:
        return self.month_index // 12

    @property
    def month(self) -> int:
        """Calendar month, 1-12."""
        return self.month_index % 12 + 1

    def pension_age_months(self) -> int:
        """The state pension age in force this year, in whole months (the one rule every
        mechanism and lever uses)."""
        return int(round(self.params.at(PENSION_AGE_KEY, self.year) * 12))

    @property
    def n_months(self) -> int:
        """Months reported from the start of start_year to the end of end_year."""
        return (self.end_year - self.start_year + 1) * 12
