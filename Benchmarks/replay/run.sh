#!/usr/bin/env bash
# Replay throughput (issue #19 (b)): records EXECUTIONS executions into a fresh SQLite history, then
# replays them all in recorded mode, beside REFERENCE of them answered by the emulator over loopback.
# Usage: Benchmarks/replay/run.sh [EXECUTIONS] [REFERENCE]
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/lib/build.sh
binary="$(benchmark_binary ReplayBenchmark)"
"$binary" "${1:-10000}" "${2:-1000}"
