#!/usr/bin/env bash
# Interpreter benchmarks in one go: overhead against hand-written Swift, then end to end against
# the emulator. Usage: Benchmarks/engine/run.sh [TRIGGER_BUNDLES] [EXECUTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product EngineBenchmark >/dev/null
.build/release/EngineBenchmark overhead "${1:-100000}"
.build/release/EngineBenchmark end-to-end "${2:-20000}"
