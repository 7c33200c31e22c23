#!/usr/bin/env bash
# Interpreter benchmarks in one go: overhead against hand-written Swift, then end to end against
# the emulator. Usage: Benchmarks/engine/run.sh [TRIGGER_BUNDLES] [EXECUTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/lib/build.sh
binary="$(benchmark_binary EngineBenchmark)"
"$binary" overhead "${1:-100000}"
"$binary" end-to-end "${2:-20000}"
