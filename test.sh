#!/usr/bin/env bash
# Runs the whole test suite: sets up .venv if needed, installs Debian's Chromium for the
# dashboard's browser test if missing, then pytest. Extra arguments go to pytest.
# pytest's exit code 5 (no tests collected) counts as a failure.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
if [ -f scripts/install_browser.sh ]; then bash scripts/install_browser.sh; fi
# The optional extra 'bayes' (pyabc, for calibrate --method abc-smc), so its test runs too
# (about a minute the first time; tests/test_uncertainty.py skips it where it is missing).
if ! .venv/bin/python -c "import pyabc" 2>/dev/null; then
    .venv/bin/python -m pip install -q -e '.[bayes]' > .venv/install-bayes.log 2>&1 \
        || echo "test.sh: could not install the optional extra 'bayes' (see .venv/install-bayes.log); its test is skipped" >&2
fi
set +e
.venv/bin/pytest "$@"  # not `python -m pytest`: that would put the checkout on sys.path
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "test.sh: pytest collected no tests; that is a failure here" >&2
    exit 1
fi
exit "$rc"
