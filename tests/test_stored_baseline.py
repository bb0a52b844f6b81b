"""The stored baseline run (small scale, fixed seed) is reproduced exactly. It changes
only through scripts/update_baseline.py, with the reason in the commit message; a
mismatch names the indicators and dates that moved."""

from __future__ import annotations

import pandas as pd
import pytest

from skillsim import stored_baseline as sb


@pytest.fixture(scope="module")
def fresh():
    return sb.stored_run()


def test_stored_baseline_is_reproduced(fresh):
    assert sb.STORED.is_file(), "no stored baseline: run scripts/update_baseline.py"
    stored = pd.read_parquet(sb.STORED)
    moved = sb.differences(fresh, stored)
    assert not moved, "stored baseline differs:\n" + "\n".join(moved)
    pd.testing.assert_frame_equal(fresh.reset_index(drop=True), stored.reset_index(drop=True), check_categorical=False)


def test_readable_summary_matches_the_stored_run(fresh):
    """summary.csv is the stored run's Noord-Holland totals as text (what a diff shows)."""
    on_disk = pd.read_csv(sb.SUMMARY)
    expected = sb.summary(pd.read_parquet(sb.STORED))
    assert list(on_disk.columns) == ["indicator", "date", "value", "unit"]
    assert len(on_disk) == len(expected)
    assert (on_disk.indicator == expected.indicator).all() and (on_disk.date == expected.date).all()
    assert on_disk.value.to_numpy() == pytest.approx(expected.value.to_numpy(), rel=1e-5, nan_ok=True)


def test_differences_name_the_indicator_and_date_that_moved(fresh):
    changed = fresh.copy()
    row = changed.index[(changed.indicator == "unemployment_rate") & (changed.region == "Noord-Holland")
                        & (changed.occupation_group == "all")][3]
    changed.loc[row, "value"] += 0.5
    lines = sb.differences(changed, fresh)
    assert lines and "unemployment_rate (1)" in lines[0]
    assert str(pd.Timestamp(changed.loc[row, "date"]).date()) in lines[1]
    assert sb.differences(fresh, fresh) == []
