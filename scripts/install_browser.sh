#!/usr/bin/env bash
# Installs what the dashboard's end-to-end test (tests/test_dashboard_e2e.py) needs beyond
# ./setup.sh: Debian's Chromium (/usr/bin/chromium), since Playwright's own browser
# download does not work on the project machines. apt; minutes the first time, skipped
# when /usr/bin/chromium is there. Run by ./test.sh (not by --fast).
#
# The page's front-end files (Solara's Vue bundle etc.) come with ./setup.sh
# (python -m skillsim.frontend: npm tarballs, pinned and sha512-checked); this script
# fetches them here too if ./setup.sh could not.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"

# ---------------------------------------------------------------------- Chromium
if [ -x /usr/bin/chromium ]; then
    echo "install_browser: /usr/bin/chromium already installed ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
else
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            SUDO="sudo"
        else
            echo "install_browser: /usr/bin/chromium is missing and this is not root (no sudo); as root run: apt-get update && apt-get install -y chromium" >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
    if [ ! -x /usr/bin/chromium ]; then
        echo "install_browser: apt-get finished but /usr/bin/chromium is still missing" >&2
        exit 1
    fi
    echo "install_browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
fi

# ------------------------------------------------ front-end files (from ./setup.sh)
"$PYTHON" -m skillsim.frontend
