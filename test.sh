#!/usr/bin/env bash
# ./test.sh [--fast] [pytest arguments]
#
# ./test.sh         The whole suite, as CI runs it (.ci/run: ./test.sh -q on a clean clone).
#                   Sets up .venv (./setup.sh, which also fetches the dashboard's front-end
#                   files), installs Debian's Chromium for the browser test if it is missing
#                   (scripts/install_browser.sh; apt, minutes, the first time only), then
#                   runs pytest on 2 workers (pytest-xdist, -n 2, one file per worker
#                   except the tests tests/conftest.py gives a unit of their own,
#                   heaviest first: tests/conftest.py).
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
if [ "$fast" -eq 1 ]; then
    ./setup.sh
    pytest_args=(-m "not slow")
else
    # The optional extra 'bayes' (pyabc, for calibrate --method abc-smc), so its slow test runs
    # too (tests/test_uncertainty.py skips it where it is missing). In a new .venv setup.sh
    # installs it in the same call (uv, or pip) as the package (one resolve and one editable
    # build instead of two); in an existing .venv without it, it is installed below (pip).
    SKILLSIM_SETUP_EXTRAS=bayes ./setup.sh
    bash scripts/install_browser.sh
    # A test file stays on one worker (--dist loadfile: its module fixtures, a Dask cluster, a
    # SLURM, the docking runs, are built once; tests/conftest.py gives the library browser
    # test a unit of its own); units are handed out in collection order
    # (--no-loadscope-reorder), which tests/conftest.py sorts heaviest first.
    pytest_args=(-n 2 --dist loadfile --no-loadscope-reorder)
    if ! .venv/bin/python -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('pyabc') is None)" 2>/dev/null; then
        .venv/bin/python -m pip install -q -e '.[bayes]' > .venv/install-bayes.log 2>&1 \
            || echo "test.sh: could not install the optional extra 'bayes' (see .venv/install-bayes.log); its test is skipped" >&2
    fi
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
