#!/usr/bin/env bash
# Install what the dashboard's end-to-end test (tests/test_dashboard_e2e.py) needs on a
# machine without general internet access. Idempotent: each part is skipped if present.
#
# 1. Chromium from Debian (/usr/bin/chromium): Playwright's own browser download does
#    not work here.
# 2. Solara's front-end files (Vue/Vuetify bundle, require.js, font-awesome). Solara
#    normally fetches them from cdn.jsdelivr.net, which is unreachable; they come from
#    the PyPI package solara-assets instead, unpacked into SKILLSIM_SOLARA_ASSETS
#    (default ~/.cache/skillsim/solara-cdn), which `skillsim dashboard` uses
#    automatically. solara-assets 1.58.2 (the newest on PyPI) ships
#    solara-vuetify3-app 5.1.1 while solara 1.64 asks for 5.2.0: the 5.1.1 bundle is
#    served under the 5.2.0 path (checked to work with the dashboard; replace with the
#    real 5.2.0 files when a solara-assets release ships them).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
ASSETS="${SKILLSIM_SOLARA_ASSETS:-$HOME/.cache/skillsim/solara-cdn}"
ASSETS_PACKAGE="solara-assets==1.58.2"
VUETIFY_FROM="@widgetti/solara-vuetify3-app@5.1.1"
VUETIFY_TO="@widgetti/solara-vuetify3-app@5.2.0"

# ---------------------------------------------------------------- 1. Chromium
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

# ------------------------------------------------------- 2. Solara front-end files
if [ -f "$ASSETS/.complete" ]; then
    echo "install_browser: Solara front-end files already in $ASSETS"
    exit 0
fi
if [ ! -x "$PYTHON" ]; then
    echo "install_browser: $PYTHON not found; set PYTHON=/path/to/python with pip" >&2
    exit 1
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$PYTHON" -m pip download --no-deps --no-binary :all: --quiet -d "$TMP" "$ASSETS_PACKAGE"
tar -xzf "$TMP"/solara_assets-*.tar.gz -C "$TMP"
SRC="$(echo "$TMP"/solara_assets-*/cdn)"
STAGE="$ASSETS.partial"
rm -rf "$STAGE"
mkdir -p "$STAGE/@widgetti" "$STAGE/mermaid@10.8.0/dist"
cp -r "$SRC/requirejs@2.3.6" "$SRC/font-awesome@4.5.0" "$STAGE/"
cp -r "$SRC/$VUETIFY_FROM" "$STAGE/$VUETIFY_TO"
cp "$SRC/mermaid@10.8.0/dist/mermaid.min.js" "$STAGE/mermaid@10.8.0/dist/"
echo "$ASSETS_PACKAGE; $VUETIFY_FROM served as $VUETIFY_TO" > "$STAGE/.complete"
rm -rf "$ASSETS"
mkdir -p "$(dirname "$ASSETS")"
mv "$STAGE" "$ASSETS"
echo "install_browser: Solara front-end files installed in $ASSETS ($(du -sh "$ASSETS" | cut -f1))"
