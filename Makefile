# The two commands a new machine needs: `make demo` and `make test`. Both install what they use.
.PHONY: setup pkg demo test test-native test-wasm test-e2e test-smoke bench

setup:
	@bash scripts/setup.sh build browser

pkg: setup
	@bash scripts/build-pkg.sh

demo: pkg
	@node scripts/serve.mjs

test: pkg
	@bash scripts/test.sh

bench: pkg
	@bash scripts/setup.sh bench
	@node bench/run.mjs
