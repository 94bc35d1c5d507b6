# Quick start:  make run   (the embedded default plan)   make test   (the whole test suite, with the headless-browser tests)
.PHONY: deps run test bench build fuzz

deps:
	@bash scripts/install-deps.sh

build: deps
	swift build

run: deps
	@swift build -q --product dimensionering
	@"$$(swift build --show-bin-path)/dimensionering" $(ARGS)

test: deps
	@bash scripts/install-browser.sh >/dev/null
	swift test

# The table of whole-process (the release CLI as a child process) and in-process figures.
# ARGS="--quick" runs each whole-process figure once; ARGS="--max-units 100000" skips the largest sizes.
bench: deps
	swift build -c release --product dimensionering
	swift build -c release --product dimensionering-bench
	"$$(swift build -c release --show-bin-path)/dimensionering-bench" $(ARGS)

fuzz: deps
	bash scripts/fuzz.sh $(or $(FUZZ),60)
