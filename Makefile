# Quire: `make run` starts the bookstore, `make test` proves it. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

NODE_VERSION := 24.21.0
NODE_HOME := $(HOME)/.cache/quire/node-v$(NODE_VERSION)
DAPR_BIN := $(HOME)/.dapr/bin
# Node 24 from the cache (when set-up had to install it) and the Dapr CLI/runtime come first.
export PATH := $(NODE_HOME)/bin:$(DAPR_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
export NODE_VERSION NODE_HOME
# Which backends: PROFILE=<name from components/profiles.yaml>, or STATE=, PUBSUB=, STATE_FOR=app=store.
export PROFILE STATE PUBSUB STATE_FOR
# How many instances of an app (SCALE=orders=3,catalog=2) and which implementation (IMPL=shipping=go).
export SCALE IMPL

.PHONY: help setup node deps dapr jaeger prometheus python shipping-go deploy-tools infra secrets browser run dev stop test typecheck test-unit test-python test-go test-deploy test-system test-matrix build images bench clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: node deps dapr jaeger prometheus python shipping-go infra secrets ## Everything run and test need (each step only when needed)

node: ## Node >= 22.12 (installs Node 24 into a cache folder when the system's is older)
	@scripts/node.sh

deps: node node_modules/.installed ## npm ci, when package-lock.json changed

node_modules/.installed: package-lock.json package.json packages/*/package.json services/*/package.json
	npm ci --no-audit --no-fund
	@touch $@

dapr: ## The pinned Dapr runtime and CLI in ~/.dapr/bin (built from source the first time)
	@scripts/dapr-runtime.sh

jaeger: ## The pinned Jaeger v2, which keeps every sidecar's traces (built from its Go module the first time)
	@scripts/jaeger.sh

prometheus: ## Debian's Prometheus, which scrapes every sidecar's metrics (installed when missing)
	@scripts/prometheus.sh

python: ## Debian's Python 3 with FastAPI, uvicorn, httpx, jsonschema, pytest for the recommendations service (installed when missing)
	@scripts/python.sh

infra: ## Redis on 127.0.0.1:6379 (starts a local redis-server if none answers)
	@scripts/infra.sh

browser: ## Debian's Chromium for the browser tests (installed when missing)
	@scripts/chromium.sh

shipping-go: ## The Go shipping (IMPL=shipping=go): built into services/shipping-go/bin when its sources changed
	@scripts/shipping-go.sh

secrets: ## Development secrets in .run/ (a JWT signing key, the card provider key), made once
	@scripts/secrets.sh

run: setup build ## Start Quire: every service (its bundle) with its sidecar; gateway on http://127.0.0.1:8080
	@scripts/run.sh

dev: setup ## Start Quire as `make run` does, each TypeScript service from its source through tsx (no build)
	@DEV=1 scripts/run.sh

stop: ## Stop everything `make run` started
	@scripts/stop.sh

test: setup typecheck test-unit test-python test-go test-deploy test-system test-matrix ## Typecheck, unit tests (TypeScript, Python, Go), the Helm chart offline, system tests on real sidecars, then the swap matrix

typecheck: deps ## Type-check every package and service
	tsc -p tsconfig.json

test-unit: deps ## Unit tests: in-process, in-memory adapters
	vitest run --project 'unit:*'

# Debian's interpreter, not whichever python3 is first on PATH (scripts/python.sh says why).
test-python: python ## The recommendations service's tests: pytest on Debian's Python, in-process
	cd services/recommendations && ../../scripts/python.sh exec -m pytest

test-go: ## The Go shipping's unit and contract tests (go test)
	cd services/shipping-go && go test ./...

# The suite's global set-up builds the bundles it runs (tests/harness/global-setup.ts).
test-system: setup browser ## System tests: the real topology on real daprd and Redis, and the storefront in Chromium
	vitest run --project system


# With a profile chosen (PROFILE, STATE, PUBSUB or STATE_FOR), `make test` runs that one only.
test-matrix: setup ## The e2e suite on every profile of components/profiles.yaml (time per profile)
	@if [ -n "$(PROFILE)$(STATE)$(PUBSUB)$(STATE_FOR)" ]; then echo "[matrix] skipped: a profile was chosen"; else scripts/matrix.sh; fi

build: deps ## Bundle each service into services/<id>/dist/main.js (what run, the system tests and the images run), when its sources changed
	@npm run --silent build

images: node ## Build every service's image with podman (quire/<app-id>; makes a Debian + Node base when there is no NODE_IMAGE)
	@scripts/images.sh

deploy-tools: node deps ## The pinned Helm and kubeconform, and the Kubernetes and Dapr schemas (built from Go modules the first time)
	@scripts/helm.sh
	@scripts/kubeconform.sh

test-deploy: deploy-tools ## The Helm chart, offline: helm lint and template for every profile, every manifest checked by kubeconform
	vitest run --project deploy

# Not a test and not in CI: figures depend on the machine (README "Performance"; options in bench/run.ts).
bench: deps ## Benchmark: starts Quire, measures reads per layer, checkouts, memory, cold start; writes bench/results/latest.md
	node --import tsx bench/run.ts

clean: stop ## Remove installed dependencies and run files (keeps ~/.dapr and the Node cache)
	rm -rf node_modules .run tests/.artifacts services/*/.dapr
