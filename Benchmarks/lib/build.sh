# Release builds for the benchmark scripts (sourced, not run). The benchmark executables belong to
# the package in Benchmarks/ (Benchmarks/Package.swift), sonarflow itself to the root package.
benchmarks_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# benchmark_binary PRODUCT: builds a benchmark executable in release mode and prints its path.
benchmark_binary() {
  swift build -c release --package-path "$benchmarks_dir" --product "$1" >/dev/null
  echo "$(swift build -c release --package-path "$benchmarks_dir" --show-bin-path)/$1"
}

# sonarflow_binary: builds the sonarflow product in release mode as README does (no debug
# information, so the two builds share .build/release) and prints its path, or prints
# $SONARFLOW_BINARY when set (a binary built elsewhere, as for the CLI tests).
sonarflow_binary() {
  if [ -n "${SONARFLOW_BINARY:-}" ]; then echo "$SONARFLOW_BINARY"; return; fi
  swift build -c release --package-path "$benchmarks_dir/.." --product sonarflow -Xswiftc -gnone -Xcc -g0 >/dev/null
  echo "$(swift build -c release --package-path "$benchmarks_dir/.." --show-bin-path)/sonarflow"
}
