#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm (release, wasm-bindgen, wasm-opt), the JS layer, package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --lib --target wasm32-unknown-unknown --release
rm -rf pkg
wasm-bindgen target/wasm32-unknown-unknown/release/yunying.wasm --target web --out-dir pkg --out-name yunying

# The features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept them all.
tests/node_modules/.bin/wasm-opt -O3 \
  --enable-bulk-memory --enable-mutable-globals --enable-sign-ext \
  --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
  --strip-debug --strip-producers \
  pkg/yunying_bg.wasm -o pkg/yunying_bg.wasm

# The JS layer: everything in www/ except the demo console.
(cd www && find . -path ./demo -prune -o -type f \( -name '*.js' -o -name '*.d.ts' \) -print) | while read -r f; do
  mkdir -p "pkg/$(dirname "$f")"
  cp "www/$f" "pkg/$f"
done
# The generated classes declare [Symbol.dispose] (for `using`); make their types load under any "lib" setting.
sed -i '1i /// <reference lib="esnext.disposable" />' pkg/yunying.d.ts
cp README.md pkg/
node scripts/write-package-json.mjs
rm -f pkg/.gitignore
echo "pkg/ built: $(du -b pkg/yunying_bg.wasm | cut -f1) bytes of wasm, $(gzip -9c pkg/yunying_bg.wasm | wc -c) gzipped"
