"""A plain-Mesa reference implementation of skillsim's core labour-market rules
(Person and Firm agents), used to check the fast array model by docking
(tests/test_docking.py) and to measure its speed-up (benchmarks/reference_benchmark.py).
See docs/reference.md."""

from skillsim.model.reference.model import MONTHLY_STEPS, ReferenceModel

__all__ = ["MONTHLY_STEPS", "ReferenceModel"]
