# Tenderfoot: the two commands of the README, and the benchmark.
#   make run    installs what is missing, builds, and runs the demo on the virtual glove
#   make test   installs what is missing, builds, and runs every test (what CI runs)
#   make bench  release-build benchmarks, side by side with boost::lockfree and AsyncStream, then
#               the web face's latency and a classroom of 8 gloves in headless Chromium
#   make fuzz   libFuzzer on the wire decoder and the recording, calibration and rules loaders

SWIFT ?= swift
SHELL := /bin/bash
TSAN_BUILD := .build-tsan
FUZZ_BUILD := .build-fuzz
FUZZ_TARGETS := FuzzWireDecoder FuzzRecordingReader FuzzCalibrationLoader FuzzRulesLoader
# Seconds each fuzz target runs (CI: 60).
FUZZ_SECONDS ?= 60

.PHONY: run test firmware test-only test-tsan bench build clean fuzz fuzz-build

run:
	@Support/install-deps.sh run
	$(SWIFT) build --product tenderfoot
	$(SWIFT) run tenderfoot demo

build:
	$(SWIFT) build --build-tests

test:
	@Support/install-deps.sh test
	@Support/python-env.sh
	$(MAKE) --no-print-directory firmware test-only test-tsan fuzz

# The glove's ARM images (their sizes printed) and its portable core's host tests.
firmware:
	$(MAKE) --no-print-directory -C Firmware
	$(MAKE) --no-print-directory -C Firmware test

# Every test runs once: the tests that have threads under ThreadSanitizer (test-tsan), the
# others in the plain debug build (test-only). Those others: the analysis, the simulator's
# sensors and the wire decoder run on one thread; the recording format and an export's rows are
# read and built on one; the command line's other suites (calibrate, replay's player, reports,
# reference, the screen in tmux) run the same session code TSan sees in SessionTests, and the
# browser's classroom, replay and option tests the same web code its demo test runs under TSan.
# Instrumented, they would take minutes more (CI is kept under 30). Four write-failure tests
# cannot run instrumented (TSan's runtime dies of a file-size limit first, and its shadow memory
# is what a memory bound would measure) and skip themselves there.
UNINSTRUMENTED := '^(AnalysisTests|SimulatorTests|WireTests)\.|^SessionTests\.(RecordingFormatTests|SettledRowsTests)\b|^CLITests\.(CLITests|CalibrateTests|CalibrateFromRecordingTests|FieldTests|ChildProcessTests|OneVerdictTests|ReferenceTests|ReplayTests|ReportTests|ScreenTests|ResearchExportTests)\b|^CLITests\.WebTests/(aClassroom|aReplay|aPort|badWeb|beyondLoopback|aRoster|aBadRoster|badClassroom)|^CLITests\.WriteFailureTests/(anExportCutShort|aRecordingThatHitsTheFileSizeLimit|noCalibrationIsTakenFromTheCurrentFolder|aLargeRecordingIsReadInBoundedMemory)'

# Tests run one at a time under umockdev-wrapper: umockdev fakes /sys and /dev for the
# whole process while a test's emulated glove exists. The firmware image must be built
# first: a test boots it in qemu-system-arm. The report tests open the pages in headless Chromium;
# the research tests read exports with pyxdf in .build/python (Support/python-env.sh).
# The accuracy suite (AnalysisTests: minutes of generated practice on one core) runs beside the
# rest, which mostly waits on virtual gloves in real time; each half fails the target on its own.
REQUIRE := TENDERFOOT_REQUIRE_UMOCKDEV=1 TENDERFOOT_REQUIRE_QEMU=1 TENDERFOOT_REQUIRE_CHROMIUM=1 TENDERFOOT_REQUIRE_PYTHON=1
ANALYSIS_TESTS := '^AnalysisTests\.'
test-only: build
	.build/debug/TenderfootPackageTests.xctest --testing-library swift-testing --no-parallel --filter $(ANALYSIS_TESTS) \
		> .build/analysis-tests.log 2>&1 & analysis=$$!; \
	$(REQUIRE) umockdev-wrapper $(SWIFT) test --skip-build --no-parallel --filter $(UNINSTRUMENTED) --skip $(ANALYSIS_TESTS); rest=$$?; \
	wait $$analysis; accuracy=$$?; \
	cat .build/analysis-tests.log; \
	test $$rest -eq 0 && test $$accuracy -eq 0

# ThreadSanitizer runs the tests that have threads: the ring, the link, the session, the
# command line's live sessions (reader, analysis and output threads, signals, a reconnecting
# glove) and the browser's face in its demo test (the channel's thread, Hummingbird's event
# loops, the page's answers), in their instrumented binary.
test-tsan:
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path $(TSAN_BUILD)
	TENDERFOOT_TSAN=1 $(REQUIRE) umockdev-wrapper $(SWIFT) test --skip-build --sanitize=thread --scratch-path $(TSAN_BUILD) --no-parallel \
		--skip $(UNINSTRUMENTED)

# Each target starts from its seeds in Fuzz/Corpus/NAME (kept in the repository) and grows its
# own corpus in $(FUZZ_BUILD)/corpus/NAME; a crash stops it with the input saved in
# $(FUZZ_BUILD)/crashes/ (commit it as a regression test). The summary line of each run gives
# its executions per second and corpus size.
fuzz-build:
	for target in $(FUZZ_TARGETS); do \
		TENDERFOOT_FUZZ=1 $(SWIFT) build --scratch-path $(FUZZ_BUILD) --product $$target \
			-Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld || exit 1; \
	done

# Two targets at a time, one a core; each one's summary is printed when it ends.
fuzz: fuzz-build
	mkdir -p $(FUZZ_BUILD)/crashes
	printf '%s\n' $(FUZZ_TARGETS) | xargs -P 2 -I '{}' Support/fuzz-one.sh $(FUZZ_BUILD) '{}' $(FUZZ_SECONDS)

bench:
	@Support/install-deps.sh bench
	@Support/python-env.sh
	$(MAKE) --no-print-directory -C Benchmarks

clean:
	rm -rf .build $(TSAN_BUILD) $(FUZZ_BUILD)
	$(MAKE) -C Firmware clean
