#!/usr/bin/env bash
# ./setup.sh: sets up skillsim in ./.venv, ready for `.venv/bin/skillsim run ...` and
# `.venv/bin/skillsim dashboard`:
# 1. finds Python >= 3.12 (PATH or pyenv) and creates the virtual environment;
# 2. installs the package (editable) with its test dependencies, skipped while
#    pyproject.toml is unchanged (a sha256 stamp in .venv); SKILLSIM_SETUP_EXTRAS=bayes (set
#    by ./test.sh) adds optional extras to the same call. With uv (pip-installed into .venv
#    first, from PyPI: seconds), which downloads and installs in parallel, told pip's own
#    index settings (`pip config list`: files and PIP_* variables) so both read the same
#    indexes; with pip when uv cannot be had or fails (SKILLSIM_SETUP_INSTALLER=pip forces
#    pip). README.md ("Quick start") gives both times;
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
# pip's settings (`pip config list`: config files, then PIP_* variables, the later winning,
# as pip reads them) as uv options and variables, one per line: the same indexes, local
# wheel folders, constraints, certificates and timeout. uv reads none of pip's files itself;
# --index-strategy unsafe-best-match picks the best version over all indexes, as pip does.
uv_settings() {
    .venv/bin/python - <<'PY'
import ast, subprocess, sys
listing = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, check=True)
pip = {}
for line in listing.stdout.splitlines():
    name, sep, value = line.partition("=")
    section, _, key = name.rpartition(".")
    if sep and section in ("global", "install", ":env:"):
        pip[key] = ast.literal_eval(value)
out = ["--index-strategy", "unsafe-best-match"]
options = {"index-url": "--index-url", "extra-index-url": "--extra-index-url", "find-links": "--find-links",
           "constraint": "--constraint", "trusted-host": "--allow-insecure-host"}
for key, option in options.items():
    for value in pip.get(key, "").split():
        out += [option, value]
if pip.get("no-index", "").lower() in ("1", "true", "yes", "on"):
    out.append("--no-index")
for key, var in (("cert", "SSL_CERT_FILE"), ("timeout", "UV_HTTP_TIMEOUT"), ("default-timeout", "UV_HTTP_TIMEOUT"),
                 ("proxy", "HTTPS_PROXY")):
    if pip.get(key):
        out.append(f"{var}={pip[key]}")
print("\n".join(out))
PY
}

# install_with_uv EXTRAS: 0 if uv installed the package with EXTRAS into .venv.
install_with_uv() {
    [ "${SKILLSIM_SETUP_INSTALLER:-uv}" = uv ] || return 1
    if [ ! -x .venv/bin/uv ]; then
        .venv/bin/python -m pip install "uv>=0.13.8,<0.14" >> .venv/install.log 2>&1 || return 1  # tested: 0.13.9
    fi
    local settings options=() vars=() word
    settings=$(uv_settings) || return 1
    while IFS= read -r word; do
        case "$word" in
            [A-Z]*=*) vars+=("$word") ;;
            *) options+=("$word") ;;
        esac
    done <<< "$settings"
    # --compile-bytecode: as pip does (without it every module is compiled on its first
    # import, and the dashboard's first start takes longer than the tests wait)
    env "${vars[@]}" .venv/bin/uv pip install --python .venv/bin/python --compile-bytecode \
        "${options[@]}" -e ".[$1]" >> .venv/install.log 2>&1
}

# install EXTRAS: uv, else pip.
install() {
    if install_with_uv "$1"; then
        echo "setup.sh: installed with uv" >> .venv/install.log
        return 0
    fi
    echo "setup.sh: installing with pip" >> .venv/install.log
    .venv/bin/python -m pip install -e ".[$1]" >> .venv/install.log 2>&1
}

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup.sh: installing dependencies (a minute or a few the first time; log in .venv/install.log)"
    extras=dev${SKILLSIM_SETUP_EXTRAS:+,$SKILLSIM_SETUP_EXTRAS}  # ./test.sh adds the optional 'bayes' here (one call)
    : > .venv/install.log
    if ! install "$extras" && { [ "$extras" = dev ] || ! install dev; }; then
        grep -v "is ignored" .venv/install.log | tail -20 >&2
        echo "setup.sh: install failed (full log: .venv/install.log)" >&2
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
