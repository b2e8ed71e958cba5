#!/usr/bin/env bash
# Install what briefbook needs, idempotently and quickly when nothing is missing.
#   scripts/setup.sh          what building a book needs: the Debian packages of
#                             src/briefbook/data/system-packages.txt (TeX Live, fonts, xindy) and a
#                             virtual environment in .venv with briefbook and its Python packages;
#   scripts/setup.sh --test   that, plus what only the tests need: scripts/test-packages.txt
#                             (poppler, chromium), Node.js/npm, the test Python packages, axe-core.
# Without root it prints the apt-get command to run and carries on: the HTML book still builds.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=book
if [ "${1:-}" = "--test" ]; then mode=test; fi
say() { echo "setup: $*" >&2; }
lists=(src/briefbook/data/system-packages.txt)
if [ "$mode" = test ]; then lists+=(scripts/test-packages.txt); fi

packages=()
for list in "${lists[@]}"; do
  while read -r pkg; do
    case "$pkg" in ''|'#'*) continue ;; esac
    packages+=("$pkg")
  done < "$list"
done
python=${PYTHON:-python3}
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then packages+=(python3-venv); fi
# Node.js and npm fetch axe-core for the accessibility tests; a Node.js that brings its own npm is kept.
if [ "$mode" = test ] && ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; fi
  if [ "$(id -u)" = 0 ] || [ -n "$sudo" ]; then
    say "installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "these system packages are missing: ${missing[*]}"
    say "install them with:  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    say "continuing: the HTML book builds without them; the PDF (and the tests) need them."
  fi
fi

if [ ! -x .venv/bin/python ]; then
  say "creating the virtual environment in .venv"
  "$python" -m venv .venv
fi
extras=""
if [ "$mode" = test ]; then extras="[test,serve]"; fi
stamp=.venv/.briefbook-setup-$mode
want=$(cat pyproject.toml scripts/constraints.txt "${lists[@]}" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing briefbook${extras} and its Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  # The versions of scripts/constraints.txt: every set-up builds with the same tools (editions verify).
  .venv/bin/python -m pip install -q --disable-pip-version-check -c scripts/constraints.txt -e ".${extras}"
  echo "$want" > "$stamp"
fi

if [ "$mode" = test ]; then
  # axe-core (accessibility checks run in the browser tests), from the npm registry; pinned to the
  # newest release when this line was last changed (bump it when a new one comes out).
  AXE_VERSION=4.14.1
  if ! grep -q "\"version\": \"$AXE_VERSION\"" .venv/node/node_modules/axe-core/package.json 2>/dev/null; then
    if command -v npm >/dev/null 2>&1; then
      say "installing axe-core $AXE_VERSION into .venv/node"
      npm install --silent --no-audit --no-fund --prefix .venv/node "axe-core@$AXE_VERSION" >/dev/null
    else
      say "npm is missing: the accessibility tests need it (sudo apt-get install -y nodejs npm)"
    fi
  fi
fi
