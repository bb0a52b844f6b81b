"""Docs generated from code are up to date; docs/odd.md names every step in order."""

from __future__ import annotations

from skillsim.model.model import MONTHLY_STEPS
from skillsim.docs import OUT, render
from helpers import ROOT


def test_parameter_table_is_generated_from_declarations():
    assert OUT.read_text(encoding="utf-8") == render(), "docs/parameters.md is stale: run python -m skillsim.docs"


def test_odd_lists_the_monthly_steps_in_code_order():
    odd = (ROOT / "docs" / "odd.md").read_text(encoding="utf-8")
    block = odd.split("<!-- steps -->")[1]
    positions = [block.find(f"`{name}`") for name, _ in MONTHLY_STEPS]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
