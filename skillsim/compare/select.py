"""Rows of a tidy table picked by the text of a column, tested once per category.

The comparison's tables keep `scenario`, `region`, `occupation_group` and `indicator`
as categoricals (skillsim/compare/execute.py `run_all`): a few dozen names for hundreds
of thousands of rows. `column.astype(str) == name` first turns every row into a string
(most of the time of a comparison's summary and net effects, and of the dashboard's net
effects); `text_mask` applies the same test to the category names and looks the rows
up by their codes: the same rows, whatever the test, as long as it tests each value on
its own (==, isin, str.startswith, ...; tests/test_ensemble_speed.py checks).
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd


def text_mask(column: pd.Series, test: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """test(column.astype(str)) as a boolean Series on column's index, computed on the
    categories of a categorical column (and on a missing value, as astype(str) writes it)."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return pd.Series(np.asarray(test(column.astype(str)), dtype=bool), index=column.index)
    names = pd.Series([*column.cat.categories, np.nan], dtype=object).astype(str)
    hit = np.asarray(test(names), dtype=bool)
    return pd.Series(hit[column.cat.codes.to_numpy()], index=column.index)  # code -1 (missing) -> the last


def text_is(column: pd.Series, *values: str) -> pd.Series:
    """column.astype(str).isin(values), once per category."""
    return text_mask(column, lambda names: names.isin(values))
