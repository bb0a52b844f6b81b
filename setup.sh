#!/usr/bin/env bash
# ./setup.sh: sets up skillsim in ./.venv, ready for `.venv/bin/skillsim run ...` and
# `.venv/bin/skillsim dashboard`:
# 1. finds Python >= 3.12 (PATH or pyenv) and creates the virtual environment;
# 2. installs the package (editable) with its test dependencies (pip; minutes the first
#    time, skipped while pyproject.toml is unchanged); SKILLSIM_SETUP_EXTRAS=bayes (set by
#    ./test.sh) adds optional extras to the same pip call;
# 3. fetches the dashboard's front-end files (Solara's Vue bundle, require.js, Font
#    Awesome, mermaid) from the npm registry, pinned and sha512-checked
#    (python -m skillsim.frontend; seconds; skipped when present). Without access to the
#    registry it says so and goes on: only the dashboard's page needs them.
# Safe to run again; it only installs what is missing. README.md gives measured times.
set -euo pipefail
cd "$(dirname "$0")"

find_python() {
    local c
    for c in python3.12 python3.13 python3; do
        if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
            command -v "$c"; return 0
        fi
    done
    for c in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3 /root/.pyenv/versions/3.12*/bin/python3 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3; do
        if [ -x "$c" ]; then echo "$c"; return 0; fi
    done
    return 1
}

if [ ! -x .venv/bin/python ]; then
    PY=$(find_python) || { echo "setup.sh: no Python >= 3.12 found on PATH or under ~/.pyenv/versions" >&2; exit 1; }
    echo "setup.sh: creating .venv with $PY"
    "$PY" -m venv .venv
fi
stamp=.venv/.skillsim-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup.sh: installing dependencies (a few minutes the first time; log in .venv/install.log)"
    extras=dev${SKILLSIM_SETUP_EXTRAS:+,$SKILLSIM_SETUP_EXTRAS}  # ./test.sh adds the optional 'bayes' here (one pip call)
    if ! .venv/bin/python -m pip install -e ".[$extras]" > .venv/install.log 2>&1 \
        && { [ "$extras" = dev ] || ! .venv/bin/python -m pip install -e '.[dev]' >> .venv/install.log 2>&1; }; then
        grep -v "is ignored" .venv/install.log | tail -20 >&2
        echo "setup.sh: pip install failed (full log: .venv/install.log)" >&2
        exit 1
    fi
    .venv/bin/python -c "import skillsim.model, skillsim.paths; skillsim.paths.data_root()"
    echo "$want" > "$stamp"
fi
if ! .venv/bin/python -m skillsim.frontend; then
    echo "setup.sh: the dashboard's front-end files are missing (see the line above); everything else works." \
         "Rerun ./setup.sh with access to registry.npmjs.org, or copy the folder from a machine that has it" >&2
fi
echo "setup.sh: ready (.venv/bin/skillsim)"
