# ProGANSR — make demo (the main job on the embedded data) and make test (the test suite).
# Both install the Debian packages they need first (setup), then build in release mode.

SHELL        := /bin/bash
.SHELLFLAGS  := -o pipefail -c
SWIFT       ?= swift
APT_PACKAGES = libopenblas-dev libpng-dev libjpeg-dev libvips-dev pkg-config time
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN          = .build/release/progan-sr

.PHONY: setup build test test-checked demo bench clean

setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "setup: Debian packages present ($(APT_PACKAGES))"; fi

build: setup
	$(SWIFT) build -c release --product progan-sr

# Numeric tests run in release mode: the kernels are what is tested, and debug builds are ~20x slower.
# The last line is the plain summary 'N passed, N failed' (XCTest's own count; the tests are XCTest).
test: setup
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build --disable-swift-testing 2>&1 | tee .build/test-output.txt
	@grep -E 'Executed [0-9]+ tests?, with [0-9]+ failures?' .build/test-output.txt | tail -1 | \
	  sed -E 's/.*Executed ([0-9]+) tests?, with ([0-9]+) failures?.*/\1 \2/' | awk '{ print $$1 - $$2 " passed, " $$2 " failed" }'

# The same suite with runtime checks on: PROGANSR_CHECKED=1 makes Package.swift build release with -O instead of
# -Ounchecked (preconditions, bounds and overflow checks kept), into its own scratch path so that it does not
# rebuild .build. CI runs it after `make test`.
CHECKED = PROGANSR_CHECKED=1
test-checked: setup
	$(CHECKED) $(SWIFT) build -c release --build-tests --scratch-path .build-checked
	$(CHECKED) $(SWIFT) test -c release --skip-build --disable-swift-testing --scratch-path .build-checked 2>&1 | tee .build-checked/test-output.txt
	@grep -E 'Executed [0-9]+ tests?, with [0-9]+ failures?' .build-checked/test-output.txt | tail -1 | \
	  sed -E 's/.*Executed ([0-9]+) tests?, with ([0-9]+) failures?.*/\1 \2/' | awk '{ print $$1 - $$2 " passed, " $$2 " failed (checked build)" }'

# The main job on the embedded emoji (samples/noto-emoji-people): stage one (a separable ProGAN to 32 px),
# stage two (SRGAN 4x, 32 -> 128 px), then the pipeline with its contact sheet and report. A fresh run each time.
DEMO = runs/demo
demo: build
	@echo "demo: stage one (separable ProGAN to 32 px) -> stage two (SRGAN 4x) -> pipeline, on the embedded emoji, into $(DEMO)"
	rm -rf $(DEMO)
	$(BIN) train-progan --preset stage1-demo --out $(DEMO)/stage1
	$(BIN) train-srgan --preset stage2-demo --out $(DEMO)/stage2
	$(BIN) pipeline --stage1 $(DEMO)/stage1 --stage2 $(DEMO)/stage2 --out $(DEMO)/pipeline
	@echo "demo done: contact sheet $(DEMO)/pipeline/contact-sheet.png, report $(DEMO)/pipeline/report.json, stage-one grids $(DEMO)/stage1/grid-*.png"

# Speed against the PyTorch peers: the op kernels, one ProGAN training step (standard and separable),
# the upscaler and SWD. compare.py (../shared/bench) prints the ratios when torch is installed.
bench: build
	$(BIN) bench ops
	$(BIN) bench train-step --res 32 --separable none
	$(BIN) bench train-step --res 32 --separable both
	$(BIN) bench upscale
	$(BIN) bench swd

clean:
	rm -rf .build
