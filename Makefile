# Paperboy — targets a newcomer can guess. `make help` lists them.
#
#   make run      install what is missing, build, open the window
#   make test     everything CI runs: deps, go vet, go test -race, frontend tests, desktop smoke test, e2e
#   make release  the .deb, the tarball and the Windows installer, with SHA256SUMS, into dist/
#
# Variables you may override: VERSION, PREFIX, DESTDIR, RUN_ARGS, GO_TEST_FLAGS, BENCH, BENCH_PKGS, BENCHFLAGS.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

GO        ?= go
NPM       ?= npm
GOBIN     := $(shell $(GO) env GOPATH 2>/dev/null)/bin
GO_TAGS   := desktop,production,webkit2_41
BIN       := build/bin/paperboy
ARTIFACTS := build/test-artifacts

WAILS_VERSION       := v2.16.0
STATICCHECK_VERSION := v0.8.2
NFPM_VERSION        := v2.45.2

# Versions (scripts/version.sh): `git describe` without the v, the commit, and the commit's date, so
# building one commit twice gives the same bytes; SOURCE_DATE_EPOCH, when set, is the date instead.
VERSION           ?= $(shell scripts/version.sh)
COMMIT            ?= $(shell scripts/version.sh --commit)
SOURCE_DATE_EPOCH ?= $(shell scripts/version.sh --epoch)
# once each, not at every use ("?=" alone would run git again and again)
VERSION           := $(VERSION)
COMMIT            := $(COMMIT)
SOURCE_DATE_EPOCH := $(SOURCE_DATE_EPOCH)
export SOURCE_DATE_EPOCH
BUILD_DATE        := $(shell scripts/version.sh --date $(SOURCE_DATE_EPOCH))
# -X …/internal/buildinfo.Version=… .Commit=… .Date=…
VERSION_LDFLAGS   := $(shell VERSION=$(VERSION) COMMIT=$(COMMIT) BUILD_DATE=$(BUILD_DATE) scripts/version.sh --ldflags)

# Packages: what `make package`, `make package-windows` and `make release` write.
ARCH        := amd64
DIST        := dist
DEB_VERSION := $(shell scripts/version.sh --deb $(VERSION))
WIN_VERSION := $(shell scripts/version.sh --windows $(VERSION))
APP_ID      := io.github.paperboy_reader.paperboy

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

.PHONY: help run build frontend dev icon types test test-go test-frontend test-smoke test-e2e bench bench-quick lint lint-go \
        lint-cross lint-frontend fmt clean deps deps-build deps-frontend deps-package install uninstall package package-windows \
        release

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

deps-package:
	@scripts/install-deps.sh --build-only --packaging

# --- build and run ----------------------------------------------------------------------------

# Targets whose recipe depends on whether frontend/ or e2e/ exist yet; described here once.
frontend:      ## build the frontend into frontend/dist (skipped when up to date)
test-frontend: ## frontend unit tests (vitest)
test-e2e:      ## browser end-to-end tests (Playwright in e2e/), when e2e/package.json exists

ifneq ($(HAVE_FRONTEND),)
frontend: frontend/dist/index.html

# deps-frontend first: a fresh clone has no node_modules (vite: not found).
frontend/dist/index.html: $(FRONTEND_SRC) | deps-frontend
	cd frontend && $(NPM) run build
	@touch $@
else
frontend:
	@echo "note: frontend/package.json not present yet: skipping the frontend build (embedding frontend/dist as is)"
endif

build: frontend ## build build/bin/paperboy (frontend + Go, production tags)
	$(GO) build -tags $(GO_TAGS) -trimpath -ldflags "-s -w $(VERSION_LDFLAGS)" -o $(BIN) .
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

ICON_SIZES := 16 22 24 32 48 64 128 256 512
ICO_SIZES  := 16 24 32 48 64 128 256

icon: ## re-render the committed icons from build/appicon.svg (needs rsvg-convert from librsvg2-bin, ImageMagick)
	rsvg-convert -w 1024 -h 1024 build/appicon.svg -o build/appicon.png
	for s in $(ICON_SIZES); do mkdir -p build/linux/icons/hicolor/$${s}x$$s/apps; \
	  rsvg-convert -w $$s -h $$s build/appicon.svg -o build/linux/icons/hicolor/$${s}x$$s/apps/paperboy.png; done
	$(firstword $(wildcard /usr/bin/convert) convert) $(foreach s,$(ICO_SIZES),build/linux/icons/hicolor/$(s)x$(s)/apps/paperboy.png) build/windows/icon.ico

# --- install and packages ---------------------------------------------------------------------

# As root (sudo make install) it installs the binary you built, rather than building as root.
INSTALL_BUILD := $(if $(and $(filter 0,$(shell id -u)),$(wildcard $(BIN))),,build)

install: $(INSTALL_BUILD) ## install into PREFIX (default ~/.local, /usr/local as root): binary, menu entry, icons, metainfo, man page
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" BIN=$(BIN) scripts/install.sh install

uninstall: ## remove what make install put into PREFIX (your library stays)
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" scripts/install.sh uninstall

package: deps-package build ## the .deb (nfpm) and a tarball of the same files, into dist/
	VERSION=$(VERSION) DEB_VERSION=$(DEB_VERSION) ARCH=$(ARCH) DIST=$(DIST) BIN=$(BIN) \
	  NFPM="$(GO) run github.com/goreleaser/nfpm/v2/cmd/nfpm@$(NFPM_VERSION)" scripts/package-linux.sh

package-windows: deps-package frontend ## cross-build paperboy.exe and its NSIS installer (pinned Wails CLI) into dist/
	VERSION=$(VERSION) WIN_VERSION=$(WIN_VERSION) DIST=$(CURDIR)/$(DIST) LDFLAGS="$(VERSION_LDFLAGS)" \
	  scripts/package-windows.sh

release: ## every artifact and SHA256SUMS into dist/: .deb, tarball, Windows exe and installer
	scripts/check-release.sh $(VERSION)
	rm -rf $(DIST)
	$(MAKE) package package-windows VERSION=$(VERSION)
	cd $(DIST) && sha256sum -- * >SHA256SUMS
	@echo "release $(VERSION) in $(DIST)/:"; cd $(DIST) && ls -l

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
	scripts/smoke-cli-window.sh
	scripts/smoke-hotkey.sh

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

lint: lint-go lint-cross lint-frontend ## gofmt check, go vet, staticcheck, Windows and macOS type-checks, frontend lint

lint-go: deps-build
	@out=$$(gofmt -l $(GO_FILES)); if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet $(GO_PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) $(GO_PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) -tags $(GO_TAGS) .
	@$(GO) test ./app -run '^TestGeneratedTypes$$' >/dev/null || { echo "frontend/src/api/types.gen.ts is out of date with the Go types: run make types"; exit 1; }

types: ## write frontend/src/api/types.gen.ts (the UI API's TypeScript types) from the Go types
	$(GO) test ./app -run '^TestGeneratedTypes$$' -update

# Every platform keeps compiling. Windows: the real desktop build (Wails' Windows code is pure Go).
# macOS: Wails' Cocoa code needs cgo and Apple's SDK, so without the desktop tags, which still
# type-checks all of Paperboy's own code (and its tests) for darwin against Wails' API.
lint-cross: ## go vet for GOOS=windows (desktop build) and GOOS=darwin, without cgo
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) vet -tags desktop,production $(GO_PKGS)
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet $(GO_PKGS)

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
	rm -rf build/bin build/stage $(ARTIFACTS) $(DIST)
	find frontend/dist -mindepth 1 -not -name .gitkeep -delete 2>/dev/null || true
