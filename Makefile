# Every target runs through scripts/env.sh so the bootstrapped Node and pnpm are used.
SHELL := /usr/bin/env bash
ENV := source scripts/env.sh &&

.PHONY: bootstrap build collector demo pack test check lint typecheck unit unit-fast generate generate-check bench clean

bootstrap:
	@$(ENV) scripts/bootstrap.sh

build: bootstrap
	@$(ENV) pnpm run build

# The real OpenTelemetry Collector distribution (otelcol-seclog) the e2e tests run; cached outside the repo.
collector:
	@scripts/collector/build.sh >/dev/null

demo: build
	@$(ENV) pnpm run demo

# One installable tarball per public package in dist-packages/ (workspace ranges resolved, LICENSE/README/CHANGELOG
# in each, no maps or build metadata): `npm install dist-packages/*.tgz` in any app. See scripts/pack.mjs.
pack: build
	@$(ENV) node scripts/pack.mjs

lint: bootstrap
	@$(ENV) pnpm run lint

typecheck: build
	@$(ENV) pnpm run typecheck:tests

unit: build collector
	@$(ENV) pnpm run test

# Everything but the tests that need the collector binary or Go (test/e2e, test/conformance), or that install the
# packed tarballs from the npm registry into apps outside the workspace (test/adoption): the quick loop.
unit-fast: build
	@$(ENV) pnpm exec vitest run --exclude 'test/e2e/**' --exclude 'test/conformance/**' --exclude 'test/adoption/**' --exclude '**/node_modules/**'

# One command for every generated file; generate-check fails when a committed one is stale.
generate: build
	@$(ENV) node scripts/generate.mjs

generate-check: build
	@$(ENV) node scripts/generate.mjs --check

# Fast path while working: lint, types, generated files, unit tests without the collector.
check: lint typecheck generate-check unit-fast

# What CI runs: everything, end to end through the real collector.
test: lint typecheck generate-check unit

bench: build
	@$(ENV) pnpm run bench

clean:
	rm -rf packages/*/dist examples/*/dist dist-packages
