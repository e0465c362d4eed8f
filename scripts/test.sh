#!/usr/bin/env bash
# Runs every test layer and fails if any layer fails or runs no test at all:
#   native (cargo test) · wasm in Node · wasm in Chromium · browser e2e · package smoke.
set -uo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}
logs=$(mktemp -d)
total_pass=0
total_fail=0
failed_layers=()

# cargo's "test result: ok. N passed; M failed" lines, summed.
cargo_counts() { awk '/^test result:/ { p += $4; f += $6 } END { print p+0, f+0 }' "$1"; }
# node:test's "# pass N" / "# fail N".
node_counts() { awk '/^# pass / { p = $3 } /^# fail / { f = $3 } END { print p+0, f+0 }' "$1"; }
# the smoke test's "smoke: N passed, M failed".
smoke_counts() { sed -n 's/^smoke: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$1" | tail -1; }

layer() { # name counter command...
  local name=$1 counter=$2
  shift 2
  echo "=== $name"
  "$@" 2>&1 | tee "$logs/$name.log"
  local status=${PIPESTATUS[0]}
  read -r pass fail < <($counter "$logs/$name.log")
  pass=${pass:-0}
  fail=${fail:-0}
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + fail))
  if [ "$status" -ne 0 ] || [ "$fail" -ne 0 ]; then
    failed_layers+=("$name: exit $status, $fail failed")
  elif [ "$pass" -eq 0 ]; then
    failed_layers+=("$name: ran no test")
  fi
  echo "--- $name: $pass passed, $fail failed"
}

layer native cargo_counts cargo test --quiet
layer wasm-node cargo_counts cargo test --target wasm32-unknown-unknown --test wasm_node
layer wasm-chromium cargo_counts cargo test --target wasm32-unknown-unknown --test wasm_browser
layer e2e node_counts node --test --test-concurrency=1 tests/e2e/
layer smoke smoke_counts node tests/smoke/smoke.mjs

echo
if [ ${#failed_layers[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed_layers[@]}"
  echo "$total_pass passed, $((total_fail > 0 ? total_fail : 1)) failed"
  exit 1
fi
echo "$total_pass passed, 0 failed"
