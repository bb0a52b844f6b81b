"""Bounds on every dimension a user sizes, checked before any work starts (one place).

A bound is far above any real use and low enough that refusing it costs nothing: a value
beyond it is bad input (exit code 2, one line), not a job to start and run out of memory.
"""

from __future__ import annotations

MAX_INPUT_FILE_BYTES = 1_000_000   # a TOML input file (scenario, sweep, targets); the shipped ones are < 10 kB
MAX_BASE_DEPTH = 32                # files in one scenario's chain of `base` files (shipped: at most 3)
MAX_COMPARE_SEEDS = 1_000          # compare --seeds (the report's bands need 10-50)
MAX_COMPARE_SCENARIOS = 20         # scenarios in one comparison (fan charts: 4 panels a row)
MAX_COMPARE_RUNS = 5_000           # scenarios x seeds in one comparison (kept in memory)
MAX_SWEEP_SCENARIOS = 100          # scenario files in one sweep file
MAX_WORKERS = 256                  # --workers
MAX_PATH_BYTES = 4_096             # an output path (Linux PATH_MAX)
MAX_PATH_COMPONENT_BYTES = 255     # one folder or file name (Linux NAME_MAX)
