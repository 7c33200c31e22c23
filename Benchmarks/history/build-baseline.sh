#!/usr/bin/env bash
# Builds the HistoryBenchmark of an earlier commit (default 88fb31f, history before compression and
# search) in release mode, SQLite only, in a folder of its own, and prints the binary's path: the
# baseline Benchmarks/history/baseline.sh runs side by side with today's HistoryBenchmark.
#
# Usage: Benchmarks/history/build-baseline.sh [COMMIT] [FOLDER]   (defaults: 88fb31f /tmp/sonarflow-history-COMMIT)
set -euo pipefail
cd "$(dirname "$0")/../.."

commit="${1:-88fb31f}"
folder="${2:-/tmp/sonarflow-history-$commit}"
mkdir -p "$folder"
git archive "$commit" Sources/Basics Sources/History Sources/SQLiteHistory Benchmarks/HistoryBenchmark | tar -x -C "$folder"
# The PostgreSQL store is left out (it would build NIO and postgres-nio for nothing).
python3 - "$folder/Benchmarks/HistoryBenchmark/main.swift" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read().replace("import PostgresHistory\n", "")
start = text.index('  if options.store == "postgres" {')
end = text.index("  } else {", start)
open(path, "w").write(text[:start] + "  do {" + text[end + len("  } else {"):])
PY
cat >"$folder/Package.swift" <<'SWIFT'
// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault"),
]
let package = Package(
  name: "sonarflow-history-baseline",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
  ],
  targets: [
    .target(name: "Basics", swiftSettings: swiftSettings),
    .target(name: "History", dependencies: ["Basics"], swiftSettings: swiftSettings),
    .target(
      name: "SQLiteHistory",
      dependencies: [
        "Basics", "History", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ], swiftSettings: swiftSettings),
    .executableTarget(
      name: "HistoryBenchmark", dependencies: ["History", "SQLiteHistory"], path: "Benchmarks/HistoryBenchmark",
      swiftSettings: swiftSettings),
  ]
)
SWIFT
cp Package.resolved "$folder/" 2>/dev/null || true
swift build -c release --package-path "$folder" --product HistoryBenchmark >/dev/null
echo "$(swift build -c release --package-path "$folder" --show-bin-path)/HistoryBenchmark"
