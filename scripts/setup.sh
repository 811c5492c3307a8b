#!/usr/bin/env bash
# Installs everything modelrec needs into .venv. Idempotent: when nothing changed it exits in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.installed"
# Everything that decides what gets installed; a change to any of them re-runs the install.
INPUTS=(pyproject.toml scripts/setup.sh)

if [ -f "$STAMP" ] && [ -x "$VENV/bin/python" ]; then
    fresh=1
    for f in "${INPUTS[@]}"; do [ "$f" -nt "$STAMP" ] && fresh=0; done
    if [ "$fresh" = 1 ]; then
        echo "setup: .venv is up to date"
        exit 0
    fi
fi

# System packages: Chromium (browser tests drive it with Playwright; `playwright install` cannot
# download browsers here), a font with Japanese glyphs (PDF reports) and poppler-utils (pdftoppm,
# the report tests look at PDF pages). Installed with apt-get when missing and we are root.
SYSTEM_PACKAGES=(chromium fonts-noto-cjk poppler-utils)
missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "setup: installing ${missing[*]} with apt-get"
        apt-get update -qq >/dev/null || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "setup: please install these system packages: ${missing[*]} (browser tests and Japanese PDF need them)" >&2
    fi
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "modelrec needs Python >= 3.11; set PYTHON=/path/to/python3.11")'
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check --quiet)
"${PIP[@]}" install --upgrade pip
# torch first and pinned: a CPU wheel of 2.13.0 is on these machines; an unpinned torch
# (also one pulled in by sentence-transformers) would download several GB of CUDA build.
"${PIP[@]}" install torch==2.13.0
# the ray extra too: the tests run the Ray executor on a local Ray
"${PIP[@]}" install -e '.[dev,ray]'
touch "$STAMP"
echo "setup: done"
