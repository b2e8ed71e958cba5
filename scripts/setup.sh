#!/usr/bin/env bash
# Install everything briefbook needs, idempotently:
#   1. Debian/Ubuntu packages listed in scripts/system-packages.txt (apt-get, as root or with sudo);
#   2. a virtual environment in .venv with briefbook and its Python dependencies.
# Without root, it prints the apt-get command to run and carries on: the HTML book still builds.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*" >&2; }

packages=()
while read -r pkg; do
  case "$pkg" in ''|'#'*) continue ;; esac
  packages+=("$pkg")
done < scripts/system-packages.txt
python=${PYTHON:-python3}
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then packages+=(python3-venv); fi

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
    say "continuing: the HTML book builds without them; the PDF and the browser tests need them."
  fi
fi

if [ ! -x .venv/bin/python ]; then
  say "creating the virtual environment in .venv"
  "$python" -m venv .venv
fi
stamp=.venv/.briefbook-setup
want=$(cat pyproject.toml scripts/system-packages.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing briefbook and its Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,serve]'
  echo "$want" > "$stamp"
fi
