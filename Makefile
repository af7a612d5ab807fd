# Paperboy — targets a newcomer can guess. `make help` lists them.
#
#   make run    install what is missing, build, open the window
#   make test   everything CI runs: deps, go vet, go test -race, frontend tests, desktop smoke test, e2e
#
# Variables you may override: VERSION, RUN_ARGS, GO_TEST_FLAGS, BENCH, BENCH_PKGS, BENCHFLAGS.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

GO        ?= go
NPM       ?= npm
GOBIN     := $(shell $(GO) env GOPATH 2>/dev/null)/bin
GO_TAGS   := desktop,production,webkit2_41
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
BIN       := build/bin/paperboy
ARTIFACTS := build/test-artifacts

WAILS_VERSION       := v2.16.0
STATICCHECK_VERSION := v0.8.2

GO_TEST_FLAGS ?= -race -timeout 15m
BENCH         ?= .
BENCH_PKGS    ?= $(GO_PKGS)
BENCHFLAGS    ?=

HAVE_FRONTEND := $(wildcard frontend/package.json)
HAVE_E2E      := $(wildcard e2e/package.json)

# Every file the frontend build reads, so `make build` skips Vite when nothing changed.
FRONTEND_SRC := $(shell find frontend -path frontend/node_modules -prune -o -path frontend/dist -prune \
                  -o -type f -print 2>/dev/null)

# ./... also matches Go code that npm packages ship inside node_modules (e.g. flatted): leave it out.
GO_PKGS = $(shell $(GO) list -e ./... | grep -v /node_modules/)

GO_FILES = $(shell find . -name '*.go' -not -path './frontend/node_modules/*' -not -path './e2e/node_modules/*' \
             -not -path './.cache/*' -not -path './build/*')

.PHONY: help run build frontend dev icon types test test-go test-frontend test-smoke test-e2e bench bench-quick lint lint-go lint-frontend \
        fmt clean deps deps-build deps-frontend

help: ## show this list
	@echo "Paperboy make targets:"
	@grep -hE '^[a-z][a-zA-Z0-9_-]*:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | awk -F'\t' '{printf "  %-15s %s\n", $$1, $$2}'

# --- dependencies -----------------------------------------------------------------------------

deps: ## install everything build and tests need (apt packages, npm packages)
	@scripts/install-deps.sh

deps-build:
	@scripts/install-deps.sh --build-only

deps-frontend:
	@scripts/install-deps.sh --build-only --no-system

# --- build and run ----------------------------------------------------------------------------

# Targets whose recipe depends on whether frontend/ or e2e/ exist yet; described here once.
frontend:      ## build the frontend into frontend/dist (skipped when up to date)
test-frontend: ## frontend unit tests (vitest)
test-e2e:      ## browser end-to-end tests (Playwright in e2e/), when e2e/package.json exists

ifneq ($(HAVE_FRONTEND),)
frontend: frontend/dist/index.html

frontend/dist/index.html: $(FRONTEND_SRC)
	cd frontend && $(NPM) run build
	@touch $@
else
frontend:
	@echo "note: frontend/package.json not present yet: skipping the frontend build (embedding frontend/dist as is)"
endif

build: frontend ## build build/bin/paperboy (frontend + Go, production tags)
	$(GO) build -tags $(GO_TAGS) -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o $(BIN) .
	@echo "built $(BIN) ($(VERSION))"

run: deps-build build ## install what is missing, build, and open the window (RUN_ARGS=... passes arguments)
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "No display found (\$$DISPLAY and \$$WAYLAND_DISPLAY are empty). To run headless, start a virtual one:"; \
	  echo "  Xvfb :99 -screen 0 1280x900x24 -nolisten tcp &"; \
	  echo "  DISPLAY=:99 make run      # screenshot: DISPLAY=:99 import -window root shot.png"; \
	  exit 1; \
	fi
	./$(BIN) $(RUN_ARGS)

dev: ## live-reload development window (wails dev; installs the pinned Wails CLI)
	@scripts/install-deps.sh --build-only --with-wails
	$(GOBIN)/wails dev # wails.json adds the webkit2_41 tag

icon: ## re-render build/appicon.png from build/appicon.svg (needs rsvg-convert: apt-get install librsvg2-bin)
	rsvg-convert -w 1024 -h 1024 build/appicon.svg -o build/appicon.png

# --- tests ------------------------------------------------------------------------------------

TEST_PARTS := lint test-go test-frontend test-smoke test-e2e

test: deps ## everything CI runs: lint, test-go, test-frontend, test-smoke, test-e2e
	@summary=""; for t in $(TEST_PARTS); do \
	  start=$$SECONDS; echo "=== make $$t"; \
	  if ! $(MAKE) $$t; then echo "make test: $$t FAILED after $$((SECONDS - start))s"; exit 1; fi; \
	  summary="$$summary, $$t $$((SECONDS - start))s"; \
	done; echo "make test: all passed ($${summary#, })"

test-go: deps-build ## go vet + go test -race (no display needed)
	$(GO) vet $(GO_PKGS)
	$(GO) vet -tags $(GO_TAGS) .
	env -u DISPLAY -u WAYLAND_DISPLAY $(GO) test $(GO_TEST_FLAGS) $(GO_PKGS)

ifneq ($(HAVE_FRONTEND),)
test-frontend: deps-frontend
	cd frontend && CI=true $(NPM) test
else
test-frontend:
	@echo "note: frontend/package.json not present yet: skipping frontend tests"
endif

test-smoke: deps build ## open the real window under Xvfb: blank library, a synced library with cards, a second launch
	scripts/smoke-selftest.sh
	SMOKE_SKIP_BUILD=1 scripts/smoke-desktop.sh
	scripts/smoke-cards.sh
	scripts/smoke-single-instance.sh

ifneq ($(HAVE_E2E),)
test-e2e: deps build
	cd e2e && CI=true E2E_SKIP_BUILD=1 $(NPM) test
else
test-e2e:
	@echo "note: e2e/package.json not present yet: skipping end-to-end tests"
endif

# BENCH, BENCH_PKGS or BENCHFLAGS given: the Go micro-benchmarks, as before.
bench: ## scale table for 1k/10k/100k cached papers into BENCHMARKS.md (~10 min); BENCH=regex runs go test -bench
ifeq ($(filter command line environment,$(origin BENCH) $(origin BENCH_PKGS) $(origin BENCHFLAGS)),)
	scripts/bench.sh
else
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem $(BENCHFLAGS) $(BENCH_PKGS)
endif

bench-quick: ## the scale table for 1k/10k only, 3 repetitions, no window (~1 min)
	scripts/bench.sh --quick

# --- code quality -----------------------------------------------------------------------------

lint: lint-go lint-frontend ## gofmt check, go vet, staticcheck, frontend lint

lint-go: deps-build
	@out=$$(gofmt -l $(GO_FILES)); if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet $(GO_PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) $(GO_PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) -tags $(GO_TAGS) .
	@$(GO) test ./app -run '^TestGeneratedTypes$$' >/dev/null || { echo "frontend/src/api/types.gen.ts is out of date with the Go types: run make types"; exit 1; }

types: ## write frontend/src/api/types.gen.ts (the UI API's TypeScript types) from the Go types
	$(GO) test ./app -run '^TestGeneratedTypes$$' -update

ifneq ($(HAVE_FRONTEND),)
lint-frontend: deps-frontend
	cd frontend && $(NPM) run lint
else
lint-frontend:
	@echo "note: frontend/package.json not present yet: skipping frontend lint"
endif

fmt: ## gofmt the Go code (and the frontend's own formatter if it has one)
	gofmt -w $(GO_FILES)
	@if [ -n "$(HAVE_FRONTEND)" ] && grep -q '"format"' frontend/package.json; then cd frontend && $(NPM) run format; fi

clean: ## remove build outputs (keeps node_modules)
	rm -rf build/bin $(ARTIFACTS)
	find frontend/dist -mindepth 1 -not -name .gitkeep -delete 2>/dev/null || true
