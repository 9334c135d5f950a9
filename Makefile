# Tenderfoot: the two commands of the README, and the benchmark.
#   make run    installs what is missing, builds, and runs the demo on the virtual glove
#   make test   installs what is missing, builds, and runs every test (what CI runs)
#   make bench  release-build benchmarks, side by side with boost::lockfree and AsyncStream

SWIFT ?= swift
TSAN_BUILD := .build-tsan

.PHONY: run test firmware test-only test-tsan bench build clean

run:
	@Support/install-deps.sh run
	$(SWIFT) build --product tenderfoot
	$(SWIFT) run tenderfoot demo

build:
	$(SWIFT) build --build-tests

test:
	@Support/install-deps.sh test
	$(MAKE) --no-print-directory firmware test-only test-tsan

# The glove's ARM images (their sizes printed) and its portable core's host tests.
firmware:
	$(MAKE) --no-print-directory -C Firmware
	$(MAKE) --no-print-directory -C Firmware test

# Tests run one at a time under umockdev-wrapper: umockdev fakes /sys and /dev for the
# whole process while a test's emulated glove exists. The firmware image must be built
# first: a test boots it in qemu-system-arm. The report tests open the pages in headless Chromium.
REQUIRE := TENDERFOOT_REQUIRE_UMOCKDEV=1 TENDERFOOT_REQUIRE_QEMU=1 TENDERFOOT_REQUIRE_CHROMIUM=1
test-only: build
	$(REQUIRE) umockdev-wrapper $(SWIFT) test --skip-build --no-parallel

# The accuracy suite is left out under ThreadSanitizer: it runs the analysis on one thread
# for tens of minutes of generated practice, where TSan has nothing to find and costs minutes.
test-tsan:
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path $(TSAN_BUILD)
	$(REQUIRE) umockdev-wrapper $(SWIFT) test --skip-build --sanitize=thread --scratch-path $(TSAN_BUILD) --no-parallel \
		--skip AccuracyTests

bench:
	@Support/install-deps.sh bench
	$(MAKE) --no-print-directory -C Benchmarks

clean:
	rm -rf .build $(TSAN_BUILD)
	$(MAKE) -C Firmware clean
