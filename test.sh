#!/usr/bin/env bash
# ./test.sh [--fast] [pytest arguments]
#
# ./test.sh         The whole suite, as CI runs it (.ci/run: ./test.sh -q on a clean clone).
#                   Sets up .venv (./setup.sh, which also fetches the dashboard's front-end
#                   files), installs Debian's Chromium for the browser test if it is missing
#                   (scripts/install_browser.sh; apt, minutes, the first time only), then
#                   runs pytest on 2 workers (pytest-xdist, -n 2, one file per worker).
#                   Measured on a fresh clone of the 2-core project machine: see README.md
#                   ("Tests").
# ./test.sh --fast  Unit and invariant tests only (-m "not slow": no browser, no Dask, no
#                   docking, no SLURM, no long model runs), in one process; installs no
#                   browser. For answers while editing; README.md gives its time.
#
# Extra arguments go to pytest (e.g. ./test.sh --fast -q tests/test_demand.py).
# pytest's exit code 5 (no tests collected) counts as a failure.
set -euo pipefail
cd "$(dirname "$0")"
fast=0
if [ "${1:-}" = "--fast" ]; then fast=1; shift; fi
./setup.sh
if [ "$fast" -eq 1 ]; then
    pytest_args=(-m "not slow")
else
    bash scripts/install_browser.sh
    pytest_args=(-n 2 --dist loadfile)  # a test file stays on one worker: its module fixtures (a Dask cluster, a SLURM, the docking runs) are built once
fi
set +e
.venv/bin/pytest "${pytest_args[@]}" "$@"  # not `python -m pytest`: that would put the checkout on sys.path
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "test.sh: pytest collected no tests; that is a failure here" >&2
    exit 1
fi
exit "$rc"
