"""Calibration of skillsim against CBS/DUO data (issue 5).

    targets.py   : calibration/targets.toml and the simulated moments read from the tidy table
    search.py    : the fitted parameters, the evaluation log (resumable), LHS + Nelder-Mead
    overlay.py   : calibration/calibrated.toml, a scenario overlay with the run in comments
    report.py    : calibration/report/: fit table, Morris screening, stylised facts, plots
    history.py   : scenarios/history.toml, demand driven by the national vacancy series

Everything here reads the model's tidy results table only (docs/interfaces.md).
"""
