# Quick start:  make run   (the embedded default plan)   make test   (the everyday suite, with the headless-browser tests)
#               make test-exhaustive   (what CI runs: DIMENSIONERING_EXHAUSTIVE=1, the full generated and long runs)
.PHONY: deps run test test-exhaustive bench build fuzz release

deps:
	@bash scripts/install-deps.sh

build: deps
	swift build

run: deps
	@swift build -q --product dimensionering
	@"$$(swift build --show-bin-path)/dimensionering" $(ARGS)

# Every test uses Swift Testing: --disable-xctest skips the empty XCTest pass ("Executed 0 tests").
test: deps
	@bash scripts/install-browser.sh >/dev/null
	swift test --disable-xctest

test-exhaustive: deps
	@bash scripts/install-browser.sh >/dev/null
	DIMENSIONERING_EXHAUSTIVE=1 swift test --disable-xctest

# The table of whole-process (the release CLI as a child process) and in-process figures.
# ARGS="--quick" runs each whole-process figure once; ARGS="--max-units 100000" skips the largest sizes.
# The release binary links the Swift runtime and Foundation statically (RELEASE_FLAGS): a third
# less start-up time than fifteen shared libraries, and it runs without the toolchain installed.
RELEASE_FLAGS = -c release --static-swift-stdlib

release: deps
	swift build $(RELEASE_FLAGS) --product dimensionering
	@echo "$$(swift build $(RELEASE_FLAGS) --show-bin-path)/dimensionering"

bench: deps
	swift build $(RELEASE_FLAGS) --product dimensionering
	swift build $(RELEASE_FLAGS) --product dimensionering-bench
	"$$(swift build $(RELEASE_FLAGS) --show-bin-path)/dimensionering-bench" $(ARGS)

fuzz: deps
	bash scripts/fuzz.sh $(or $(FUZZ),60)
