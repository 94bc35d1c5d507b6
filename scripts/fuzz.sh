#!/usr/bin/env bash
# Fuzzes the input readers and the engine for SECONDS (default 60):
#
#   scripts/fuzz.sh [SECONDS]            e.g. scripts/fuzz.sh 600
#   FUZZ_SEED=123 scripts/fuzz.sh 30     repeat a run (the seed is printed in the report)
#
# Runs the Swift Testing test `ReliabilityFuzzTests.fuzz`
# (Tests/DimensioneringKitTests/Reliability/FuzzTests.swift) with FUZZ_SECONDS set. Targets:
# CSVTable + ApportionInputs, DecimalText/ExactDecimal, the TOML parser (token soup and mutated
# scenarios, plus structured documents with deep nesting, dotted keys and headers of up to ~90
# parts and keys of ~1,100 characters, checked against the parser's limits), mutated shipped scenarios
# (ScenarioLibrary.load + Planner.run), the StatBank FOLK1A reader, and the engine (random problems
# checked against an exact highest-averages / largest-remainder reference).
#
# Every input must be accepted or rejected with a DimensioneringError. A failed check is reported
# as a test issue; a trap kills the process and prints the input (and writes it to
# $TMPDIR/dimensionering-fuzz-crash.bin); the script then exits non-zero. Without FUZZ_SECONDS
# (a plain `swift test`) the fuzz test does a fixed number of rounds with a fixed seed.
set -euo pipefail
SECONDS_TO_RUN="${1:-60}"
# A long run by hand explores: a fresh seed unless FUZZ_SEED is given (the test alone uses a fixed one).
export FUZZ_SEED="${FUZZ_SEED:-random}"
cd "$(dirname "$0")/.."
SCRATCH="${SCRATCH:-.build-rel}"
REPORT="$(mktemp)"
trap 'rm -f "$REPORT"' EXIT
swift build --scratch-path "$SCRATCH" --build-tests
status=0
FUZZ_SECONDS="$SECONDS_TO_RUN" FUZZ_REPORT="$REPORT" \
  swift test --scratch-path "$SCRATCH" --skip-build --filter Fuzz || status=$?
# The report line ("fuzz: FUZZ_SEED=…: N inputs in S s: …") is printed by the test itself.
if [ ! -s "$REPORT" ]; then echo "fuzz: no report: the run crashed (see the FUZZ CRASH block above)"; status=1; fi
exit "$status"
