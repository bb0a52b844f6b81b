"""Entry point of a run process: `python -m skillsim.sweep.serve` (see child.py)."""

from skillsim.sweep.child import main

if __name__ == "__main__":
    raise SystemExit(main())
