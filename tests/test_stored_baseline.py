"""The stored baseline run (small scale, fixed seed) is reproduced exactly. It changes
only through scripts/update_baseline.py, with the reason in the commit message."""

from __future__ import annotations

import sys

import pandas as pd

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import update_baseline  # noqa: E402


def test_stored_baseline_is_reproduced():
    assert update_baseline.STORED.is_file(), "no stored baseline: run scripts/update_baseline.py"
    stored = pd.read_parquet(update_baseline.STORED)
    fresh = update_baseline.stored_run()
    pd.testing.assert_frame_equal(fresh.reset_index(drop=True), stored.reset_index(drop=True), check_categorical=False)
