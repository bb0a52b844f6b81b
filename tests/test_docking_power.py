"""The docking check has power (docs/reference.md, "Power"): the same comparison as
tests/test_docking.py against a reference whose separation rate is 1.5 times the main
model's must fail. A file of its own so that its reference runs and test_docking.py's go
to different pytest workers (./test.sh: --dist loadfile)."""

from __future__ import annotations

import pytest

from skillsim.model.reference.docking import SCALE_20K, compare, run_reference, run_seeds

pytestmark = pytest.mark.slow  # reference runs

PERTURBED_SEEDS = range(6)  # a 50% change is many standard errors even with 6 runs


def test_docking_detects_a_changed_separation_rate(docking_baseline, main_runs):
    """The same check on a reference whose separation rate is 1.5 times the main
    model's: it must fail (on the flows out of employment at least)."""
    perturbed = run_seeds(run_reference, docking_baseline, PERTURBED_SEEDS, SCALE_20K, separation_rate_factor=1.5)
    table = compare(main_runs, perturbed)
    print(f"\nseparation rate x1.5 in the reference only:\n{table.to_string()}")
    assert not table.loc["flow_e_to_u", "docks"]
    assert not table["docks"].all()
