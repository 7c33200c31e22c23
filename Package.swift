// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "sonarflow",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "sonarflow", targets: ["sonarflow"])
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
  ],
  targets: [
    // Scenario files: YAML to a typed model with file:line:column on every node, and diagnostics.
    .target(
      name: "ScenarioModel",
      dependencies: [.product(name: "Yams", package: "Yams")],
      swiftSettings: swiftSettings
    ),
    // Every module's spec: kind, input fields, output shape.
    .target(
      name: "ModuleCatalogue",
      dependencies: ["ScenarioModel"],
      swiftSettings: swiftSettings
    ),
    // Static checks of scenario files, their renderers (human, JSON, GitHub, SARIF) and the JSON Schema.
    .target(
      name: "Validation",
      dependencies: ["ScenarioModel", "ModuleCatalogue"],
      swiftSettings: swiftSettings
    ),
    // The `sonarflow` command line.
    .executableTarget(
      name: "sonarflow",
      dependencies: [
        "ScenarioModel", "ModuleCatalogue", "Validation",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings
    ),
    // Execution history: the records and the store protocol (SQLite and PostgreSQL implement it).
    .target(
      name: "History",
      dependencies: [],
      swiftSettings: swiftSettings
    ),
    // Execution history in a local SQLite database (GRDB), with group commit.
    .target(
      name: "SQLiteHistory",
      dependencies: ["History", .product(name: "GRDB", package: "GRDB.swift")],
      swiftSettings: swiftSettings
    ),
    // Helpers shared by the test targets: fixtures, running the built binary, store conformance.
    .target(
      name: "SonarflowTesting",
      dependencies: ["History"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ScenarioModelTests",
      dependencies: ["ScenarioModel", "SonarflowTesting"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ModuleCatalogueTests",
      dependencies: ["ModuleCatalogue", "SonarflowTesting"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ValidationTests",
      dependencies: ["Validation", "ScenarioModel", "ModuleCatalogue", "SonarflowTesting"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "HistoryTests",
      dependencies: ["History", "SQLiteHistory", "SonarflowTesting"],
      swiftSettings: swiftSettings
    ),
    // Test helper, not shipped: a child process that records executions until it is killed, for
    // HistoryTests' kill -9 durability test.
    .executableTarget(
      name: "HistoryCrashHelper",
      dependencies: ["History", "SQLiteHistory"],
      path: "Tests/HistoryCrashHelper",
      swiftSettings: swiftSettings
    ),
    // `swift run -c release HistoryBenchmark`: group-commit throughput (see Benchmarks/history/).
    .executableTarget(
      name: "HistoryBenchmark",
      dependencies: ["History", "SQLiteHistory"],
      path: "Benchmarks/HistoryBenchmark",
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "CLITests",
      dependencies: ["SonarflowTesting"],
      swiftSettings: swiftSettings
    ),
  ]
)
