# Watchword: `make run` builds and opens the app; `make test` installs what is
# missing and runs every test. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# CI keeps its target folder outside the clone (CARGO_TARGET_DIR) to reuse builds.
export CARGO_TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),target))
export PATH := $(HOME)/.cargo/bin:$(PATH)
DESKTOP_SESSION := scripts/desktop-session.sh

.PHONY: run build deps ui bindings test lint test-rust test-ui test-e2e test-schemathesis package lint-package test-package bench bench-qr bench-desktop bench-sandbox schemathesis screenshots fuzz clean

## run: build the UI and the desktop shell, then open the window
run: deps ui
	cargo run -p watchword-desktop

## build: release binaries (watchword-desktop with the UI embedded, watchword)
build: deps ui
	cargo build --release -p watchword-desktop -p watchword-cli

## deps: install missing Debian packages, npm packages and tauri-driver
deps:
	@scripts/install-deps.sh

## ui: build the web UI into ui/dist (embedded by the shell at compile time)
ui:
	cd ui && npm run build --silent

## test: everything: lint, Rust tests, UI tests, the real window, the packages on a clean Debian
test: deps ui lint test-rust test-ui test-e2e test-schemathesis test-package

lint:
	python3 scripts/check-architecture.py
	cargo deny --log-level error check licenses bans sources
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cd ui && npm run check --silent

test-rust:
	@[ -d ../shared/peer-data ] || echo "make: ../shared/peer-data is absent: the tests that read other apps' real export files skip (they say so with --nocapture)"
	$(DESKTOP_SESSION) cargo test --workspace --exclude watchword-e2e --locked

## test-schemathesis: the sandbox fuzzed against its OpenAPI document, no 5xx (30 examples per operation)
test-schemathesis:
	src-tauri/crates/watchword-sandbox/scripts/schemathesis.sh --max-examples 30

test-ui:
	cd ui && npm test --silent

test-e2e: ui
	cargo build -p watchword-desktop -p watchword-cli --locked
	WATCHWORD_DESKTOP_BIN=$(CARGO_TARGET_DIR)/debug/watchword-desktop \
	WATCHWORD_CLI_BIN=$(CARGO_TARGET_DIR)/debug/watchword \
	  $(DESKTOP_SESSION) cargo test -p watchword-e2e --locked -- --test-threads=1

## package: .deb and .rpm into $(CARGO_TARGET_DIR)/packages (target/packages), then lint-package
package: deps ui
	scripts/package.sh

## lint-package: lintian, desktop-file-validate, appstreamcli and the contents of the built packages
lint-package:
	scripts/lint-package.sh

## test-package: the .deb installed with apt-get into a minimal Debian (debootstrap, cached in
## WATCHWORD_PACKAGE_CACHE, default /var/tmp/watchword-package-cache) and used there; needs root
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
test-package: package
	$(SUDO) env CARGO_TARGET_DIR=$(CARGO_TARGET_DIR) $(if $(WATCHWORD_PACKAGE_CACHE),WATCHWORD_PACKAGE_CACHE=$(WATCHWORD_PACKAGE_CACHE)) scripts/test-package.sh

## bindings: regenerate ui/src/lib/bindings.ts from the Rust commands and types (a test fails while it is stale)
bindings:
	WATCHWORD_WRITE_BINDINGS=1 cargo test -p watchword-desktop --lib ipc::tests::the_committed_bindings_are_current

## screenshots: refresh docs/screenshots from the real window
screenshots: ui
	cargo build -p watchword-desktop -p watchword-cli --locked
	WATCHWORD_DESKTOP_BIN=$(CARGO_TARGET_DIR)/debug/watchword-desktop \
	WATCHWORD_CLI_BIN=$(CARGO_TARGET_DIR)/debug/watchword \
	WATCHWORD_SCREENSHOTS=$(CURDIR)/docs/screenshots \
	  $(DESKTOP_SESSION) cargo test -p watchword-e2e --locked -- --test-threads=1

## bench: criterion benchmarks and the QR comparison (figures in README.md)
bench: bench-qr
	cargo bench -p watchword-core --bench codes -- --noplot
	$(DESKTOP_SESSION) cargo bench -p watchword-core --bench vault -- --noplot

## bench-qr: Watchword's QR reader against zbarimg and each candidate decoder on the same corpus, in one run (4K Xvfb for the screen scan)
bench-qr:
	@scripts/install-deps.sh --bench
	xvfb-run -a -s "-screen 0 3840x2160x24" cargo bench -p watchword-cli --bench qr_vs_zbar

## bench-desktop: launch time, memory and idle CPU of the real window against a minimal Tauri window
bench-desktop:
	@scripts/install-deps.sh --bench
	$(DESKTOP_SESSION) scripts/bench-desktop.sh

## bench-sandbox: load on the PIN sandbox over loopback (req/s, p50/p99 per endpoint; SANDBOX_BENCH_SECS, SANDBOX_BENCH_CLIENTS)
bench-sandbox:
	cargo bench -p watchword-sandbox --bench load

## schemathesis: fuzz the PIN sandbox against its OpenAPI document (venv under the target folder; ARGS="--max-examples 50")
schemathesis:
	src-tauri/crates/watchword-sandbox/scripts/schemathesis.sh $(ARGS)

## fuzz: each cargo-fuzz target (fuzz/) for FUZZ_SECONDS (default 180); installs cargo-fuzz if missing
# cargo fuzz needs nightly (-Zsanitizer). With a nightly toolchain installed it
# is used; without one, the stable compiler is told to accept nightly flags
# (RUSTC_BOOTSTRAP=1), which is enough for cargo-fuzz's sanitizer builds.
# fuzz/seeds/ and the peer test files seed the corpora (read, never copied).
FUZZ_SECONDS ?= 180
FUZZ_TARGETS := import_any migration otpauth_uri
FUZZ_NIGHTLY := $(shell rustup toolchain list 2>/dev/null | grep -q '^nightly' && echo yes)
FUZZ_CARGO := $(if $(FUZZ_NIGHTLY),cargo +nightly,RUSTC_BOOTSTRAP=1 cargo)
PEER_DATA := $(abspath ../shared/peer-data)
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && for target in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$target; \
	  seeds=""; if [ -d seeds/$$target ]; then seeds=seeds/$$target; fi; \
	  if [ $$target = import_any ] && [ -d $(PEER_DATA) ]; then seeds="$$seeds $(PEER_DATA)/aegis $(PEER_DATA)/gnome-authenticator"; fi; \
	  $(FUZZ_CARGO) fuzz run $$target --target-dir $(CARGO_TARGET_DIR)/fuzz corpus/$$target $$seeds \
	    -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -timeout=30 || exit 1; \
	done

clean:
	cargo clean
	rm -rf ui/dist
