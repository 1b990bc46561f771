# Every target runs through scripts/env.sh so the bootstrapped Node and pnpm are used.
SHELL := /usr/bin/env bash
ENV := source scripts/env.sh &&

.PHONY: bootstrap build collector demo test lint typecheck unit bench clean

bootstrap:
	@$(ENV) scripts/bootstrap.sh

build: bootstrap
	@$(ENV) pnpm run build

# The real OpenTelemetry Collector distribution (otelcol-seclog) the e2e tests run; cached outside the repo.
collector:
	@scripts/collector/build.sh >/dev/null

demo: build
	@$(ENV) pnpm run demo

lint: bootstrap
	@$(ENV) pnpm run lint

typecheck: build
	@$(ENV) pnpm run typecheck:tests

unit: build collector
	@$(ENV) pnpm run test

test: lint typecheck unit

bench: build
	@$(ENV) pnpm run bench

clean:
	rm -rf packages/*/dist examples/*/dist
