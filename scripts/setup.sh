#!/usr/bin/env bash
# Installs what building and testing need; fast when everything is already there.
# Usage: scripts/setup.sh [build|browser|bench]...   (build is always implied)
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ]; then
  echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes a few minutes, once)"
  # --locked fails on these machines: a locked dependency version is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
npm_install() { # dir
  if [ ! -d "$1/node_modules" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    # `npm ci` rejects this registry's lock files (optional platform packages show no version), so
    # install from the lock file with `npm install`, which keeps the locked versions.
    (cd "$1" && npm install --no-audit --no-fund --loglevel=error)
  fi
}
npm_install tests

for need in "$@"; do
  case "$need" in
    build) ;;
    browser)
      if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
      fi
      if ! fc-list 2>/dev/null | grep -qi 'cjk\|wqy\|noto sans sc'; then
        # Chinese labels need a CJK font, or screenshots show boxes.
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
      fi
      ;;
    bench) npm_install bench ;;
    *) echo "setup.sh: unknown need '$need'" >&2; exit 2 ;;
  esac
done
