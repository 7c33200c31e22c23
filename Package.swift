// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

// Built from Benchmarks/ (Benchmarks/Package.swift is a link to this file), the package is the
// benchmarks: the same library targets, compiled from Benchmarks/Sources (a link to Sources), and
// the benchmark executables instead of the command line and the tests. So `swift build -c release`
// here builds the product only, and the benchmarks keep `package` access to the libraries with one
// definition of each target (docs/benchmarks.md says why not a public API).
let isBenchmarks = Context.packageDirectory.hasSuffix("/Benchmarks")

/// How the `sonarflow` binary is linked on Linux: with lld, its relative relocations packed
/// (`DT_RELR`, loaded by glibc 2.36 and later) and without exporting its own symbols. The static
/// binary of README's install command then maps 3–7 MB less of itself at start (serve idles at
/// 37–41 MB instead of 43–45 MB) and is 10 MB smaller; docs/benchmarks.md ("Serve memory") has the figures.
let sonarflowLinkerSettings: [LinkerSetting] = [
  .unsafeFlags(
    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
    .when(platforms: [.linux])
  )
]

/// sonarflow's libraries, shared by the product and the benchmarks.
let libraries: [Target] = [
  // Small shared values with no dependencies: the one JSON value with its parser and writer,
  // numbers as JavaScript writes them, a deadline that does not wait for a body that ignores
  // cancellation, Duration in whole units.
  .target(name: "Basics", swiftSettings: swiftSettings),
  // Scenario files: YAML to a typed model with file:line:column on every node, and diagnostics.
  .target(
    name: "ScenarioModel",
    dependencies: ["Basics", .product(name: "Yams", package: "Yams")],
    swiftSettings: swiftSettings
  ),
  // Make's mapping language: lexer, parser, compiler, function library, coercion.
  .target(
    name: "Expressions",
    dependencies: [
      "Basics", "ScenarioModel",
      .product(name: "OrderedCollections", package: "swift-collections"),
      .product(name: "Crypto", package: "swift-crypto"),
    ],
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
    dependencies: ["Basics", "ScenarioModel", "ModuleCatalogue", "Expressions"],
    swiftSettings: swiftSettings
  ),
  // Make blueprints: import as scenario files, export back, and the report of what carried over.
  .target(
    name: "MakeBlueprint",
    dependencies: ["Basics", "ScenarioModel", "ModuleCatalogue"],
    swiftSettings: swiftSettings
  ),
  // The system zlib: history stores bundles deflated (docs/history.md says why zlib).
  .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
  // Execution history: the records and the store protocol (SQLite and PostgreSQL implement it),
  // the stored form of bundles (compressed) and the search terms both stores index.
  .target(
    name: "History",
    dependencies: [
      "Basics", "CZlib",
    ],
    swiftSettings: swiftSettings
  ),
  // Replaying executions (answered from their recorded exchanges) and comparing two of them step
  // by step.
  .target(
    name: "Replay",
    dependencies: [
      "Basics", "History", "Engine", "Expressions", "ScenarioModel", "SonarAPI", "SonarModules", "Emulator",
      "DataStoreModules",
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "Logging", package: "swift-log"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "NIOHTTP1", package: "swift-nio"),
    ],
    swiftSettings: swiftSettings
  ),
  // Execution history in a local SQLite database (GRDB), with group commit.
  .target(
    name: "SQLiteHistory",
    dependencies: [
      "Basics",
      "History", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
    ],
    swiftSettings: swiftSettings
  ),
  // Execution history in PostgreSQL (postgres-nio's connection pool), shared by several runners.
  .target(
    name: "PostgresHistory",
    dependencies: [
      "Basics",
      "History",
      .product(name: "PostgresNIO", package: "postgres-nio"),
      .product(name: "Logging", package: "swift-log"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "NIOPosix", package: "swift-nio"),
      .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ],
    swiftSettings: swiftSettings
  ),
  // The interpreter: runs compiled scenarios bundle by bundle with Make's flow control and error handling.
  .target(
    name: "Engine",
    dependencies: [
      "Basics",
      "ScenarioModel", "Expressions", "ModuleCatalogue", "Validation", "History",
      .product(name: "OrderedCollections", package: "swift-collections"),
      .product(name: "Crypto", package: "swift-crypto"),
    ],
    swiftSettings: swiftSettings
  ),
  // The Sonar HTTP client: typed requests and responses, errors, retries.
  .target(
    name: "SonarAPI",
    dependencies: [
      "Basics",
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "Logging", package: "swift-log"),
      .product(name: "Metrics", package: "swift-metrics"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "NIOHTTP1", package: "swift-nio"),
      .product(name: "NIOPosix", package: "swift-nio"),
    ],
    swiftSettings: swiftSettings
  ),
  // A local, stateful Sonar: same endpoints, rules and webhooks, plus a control API for tests.
  .target(
    name: "Emulator",
    dependencies: [
      "Basics",
      "SonarAPI",
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "Logging", package: "swift-log"),
      .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      .product(name: "HTTPTypes", package: "swift-http-types"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "NIOPosix", package: "swift-nio"),
    ],
    swiftSettings: swiftSettings
  ),
  // Make's Data store app: the runners of the datastore.* modules on the history database, with
  // their writes in the execution's transaction.
  .target(
    name: "DataStoreModules",
    dependencies: [
      "Basics", "Engine", "Expressions", "History", "ScenarioModel",
      .product(name: "OrderedCollections", package: "swift-collections"),
    ],
    swiftSettings: swiftSettings
  ),
  // The modules that talk to the outside world: Make's Sonar app on the Sonar client, and HTTP.
  .target(
    name: "SonarModules",
    dependencies: [
      "Basics", "Engine", "Expressions", "ModuleCatalogue", "SonarAPI", "History", "DataStoreModules", "ScenarioModel",
      .product(name: "OrderedCollections", package: "swift-collections"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "NIOHTTP1", package: "swift-nio"),
    ],
    swiftSettings: swiftSettings
  ),
  // `sonarflow test`: scenario test files, run in process against the emulator, and their reports.
  .target(
    name: "ScenarioTesting",
    dependencies: [
      "Basics", "ScenarioModel", "Expressions", "ModuleCatalogue", "Validation", "Engine", "History", "SonarAPI",
      "SonarModules", "DataStoreModules", "Emulator", "SQLiteHistory",
      .product(name: "OrderedCollections", package: "swift-collections"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "Logging", package: "swift-log"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "NIOHTTP1", package: "swift-nio"),
    ],
    swiftSettings: swiftSettings
  ),
  // The web console: executions, incomplete executions, scenarios, compare and live updates, as
  // server-rendered HTML (Mustache templates embedded in the binary) behind a token login.
  .target(
    name: "Console",
    dependencies: [
      "Basics", "Engine", "History", "Replay", "ScenarioModel", "Expressions",
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "Mustache", package: "swift-mustache"),
      .product(name: "Crypto", package: "swift-crypto"),
      .product(name: "HTTPTypes", package: "swift-http-types"),
      .product(name: "NIOCore", package: "swift-nio"),
    ],
    swiftSettings: swiftSettings
  ),
  // `sonarflow serve`: durable webhook intake, Sonar webhook registration, polling, metrics.
  .target(
    name: "Server",
    dependencies: [
      "Basics",
      "Engine", "Expressions", "History", "SQLiteHistory", "ModuleCatalogue", "ScenarioModel", "SonarAPI",
      "SonarModules", "Console",
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      .product(name: "Logging", package: "swift-log"),
      .product(name: "Metrics", package: "swift-metrics"),
      .product(name: "Prometheus", package: "swift-prometheus"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "Crypto", package: "swift-crypto"),
      .product(name: "HTTPTypes", package: "swift-http-types"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "OrderedCollections", package: "swift-collections"),
    ],
    swiftSettings: swiftSettings
  ),
]

/// The command line, its build plugin, test helpers and tests.
let product: [Target] = [
  // The `sonarflow` command line.
  .executableTarget(
    name: "sonarflow",
    dependencies: [
      "Basics",
      "ScenarioModel", "Expressions", "ModuleCatalogue", "Validation", "History", "SQLiteHistory", "PostgresHistory",
      "Engine", "MakeBlueprint", "SonarModules", "SonarAPI", "Emulator", "Server", "ScenarioTesting", "Replay",
      "DataStoreModules", "Console",
      .product(name: "ArgumentParser", package: "swift-argument-parser"),
      .product(name: "Metrics", package: "swift-metrics"),
      .product(name: "Prometheus", package: "swift-prometheus"),
      .product(name: "Logging", package: "swift-log"),
      .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "OrderedCollections", package: "swift-collections"),
    ],
    swiftSettings: swiftSettings,
    linkerSettings: sonarflowLinkerSettings,
    plugins: ["GitCommitPlugin"]
  ),
  // Writes the git commit `sonarflow --version` prints, at build time (`unknown` outside git).
  .plugin(name: "GitCommitPlugin", capability: .buildTool()),
  // Helpers shared by the test targets: fixtures, running the built binary, store conformance.
  .target(
    name: "SonarflowTesting",
    dependencies: [
      "Basics", "History", "PostgresHistory", "SQLiteHistory",
      .product(name: "GRDB", package: "GRDB.swift"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "NIOHTTP1", package: "swift-nio"),
      .product(name: "PostgresNIO", package: "postgres-nio"),
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "Logging", package: "swift-log"),
      .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      .product(name: "Subprocess", package: "swift-subprocess"),
    ],
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

  .testTarget(
    name: "BasicsTests",
    dependencies: ["Basics"],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "ScenarioModelTests",
    dependencies: ["ScenarioModel", "SonarflowTesting", .product(name: "Yams", package: "Yams")],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "ExpressionsTests",
    dependencies: ["Basics", "Expressions", "SonarflowTesting"],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "ModuleCatalogueTests",
    dependencies: ["ModuleCatalogue", "SonarflowTesting"],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "ValidationTests",
    dependencies: ["Basics", "Validation", "ScenarioModel", "ModuleCatalogue", "SonarflowTesting"],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "MakeBlueprintTests",
    dependencies: ["Basics", "MakeBlueprint", "ScenarioModel", "Validation", "SonarflowTesting"],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "ReplayTests",
    dependencies: [
      "Basics", "History", "Replay", "Engine", "Expressions", "ScenarioModel", "SonarAPI", "SonarModules", "Emulator",
      "SQLiteHistory", "SonarflowTesting",
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "NIOHTTP1", package: "swift-nio"),
    ],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "HistoryTests",
    dependencies: [
      "Basics", "History", "SQLiteHistory", "SonarflowTesting", .product(name: "GRDB", package: "GRDB.swift"),
      .product(name: "GRDBSQLite", package: "GRDB.swift"),
    ],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "PostgresHistoryTests",
    dependencies: [
      "History", "PostgresHistory", "SonarflowTesting",
      .product(name: "PostgresNIO", package: "postgres-nio"),
    ],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "SonarAPITests",
    dependencies: [
      "Basics",
      "SonarAPI", "Emulator", "SonarflowTesting",
      .product(name: "Yams", package: "Yams"),
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "HTTPTypes", package: "swift-http-types"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "NIOHTTP1", package: "swift-nio"),
      .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "EmulatorTests",
    dependencies: [
      "Basics",
      "Emulator", "SonarAPI", "SonarflowTesting",
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "HTTPTypes", package: "swift-http-types"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "NIOHTTP1", package: "swift-nio"),
      .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "EngineTests",
    dependencies: ["Engine", "Expressions", "ScenarioModel", "History", "SonarflowTesting"],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "SonarModulesTests",
    dependencies: [
      "Basics",
      "SonarModules", "Engine", "Emulator", "SonarAPI", "Expressions", "History", "SonarflowTesting",
      .product(name: "OrderedCollections", package: "swift-collections"),
    ],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "DataStoreModulesTests",
    dependencies: [
      "Basics", "DataStoreModules", "Engine", "Expressions", "ScenarioModel", "History", "SQLiteHistory",
      "PostgresHistory", "SonarflowTesting",
      .product(name: "OrderedCollections", package: "swift-collections"),
    ],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "ServerTests",
    dependencies: [
      "Basics",
      "Server", "Expressions", "History", "SQLiteHistory", "SonarflowTesting", "Emulator", "SonarAPI",
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "Crypto", package: "swift-crypto"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "NIOHTTP1", package: "swift-nio"),
      .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      .product(name: "Logging", package: "swift-log"),
      .product(name: "HTTPTypes", package: "swift-http-types"),
    ],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "ScaleOutTests",
    dependencies: [
      "History", "PostgresHistory", "SonarflowTesting", "Emulator", "SonarAPI",
      .product(name: "PostgresNIO", package: "postgres-nio"),
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "HTTPTypes", package: "swift-http-types"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "NIOCore", package: "swift-nio"),
      .product(name: "Logging", package: "swift-log"),
    ],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "ScenarioTestingTests",
    dependencies: ["ScenarioTesting", "Engine", "Expressions", "ScenarioModel", "History", "SonarflowTesting"],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "ConsoleTests",
    dependencies: [
      "Basics", "Console", "Engine", "History", "SQLiteHistory", "Replay", "SonarflowTesting",
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "HummingbirdTesting", package: "hummingbird"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "HTTPTypes", package: "swift-http-types"),
      .product(name: "NIOCore", package: "swift-nio"),
    ],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "CLITests",
    dependencies: [
      "SQLiteHistory", "SonarflowTesting",
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "HTTPTypes", package: "swift-http-types"),
      .product(name: "NIOCore", package: "swift-nio"),
    ],
    swiftSettings: swiftSettings
  ),
]

/// Benchmarks (not tests): built with `-c release` by the scripts under Benchmarks/, which see
/// docs/benchmarks.md.
let benchmarks: [Target] = [
  // What the benchmark programs share: reading their `--name value` options.
  .target(name: "BenchmarkSupport", path: "BenchmarkSupport", swiftSettings: swiftSettings),
  .executableTarget(
    name: "ExpressionsBenchmark",
    dependencies: ["Expressions"],
    path: "ExpressionsBenchmark",
    swiftSettings: swiftSettings
  ),
  .executableTarget(
    name: "SonarClientBenchmark",
    dependencies: ["SonarAPI", "Emulator", .product(name: "Logging", package: "swift-log")],
    path: "SonarClientBenchmark",
    swiftSettings: swiftSettings
  ),
  .executableTarget(
    name: "EngineBenchmark",
    dependencies: [
      "Engine", "Expressions", "ModuleCatalogue", "ScenarioModel", "SonarAPI", "SonarModules", "Emulator",
      .product(name: "OrderedCollections", package: "swift-collections"),
      .product(name: "Logging", package: "swift-log"),
    ],
    path: "EngineBenchmark",
    swiftSettings: swiftSettings
  ),
  .executableTarget(
    name: "ReplayBenchmark",
    dependencies: [
      "Engine", "Expressions", "History", "Replay", "SQLiteHistory", "ScenarioModel", "SonarAPI", "SonarModules",
      "Emulator", .product(name: "Logging", package: "swift-log"),
    ],
    path: "ReplayBenchmark",
    swiftSettings: swiftSettings
  ),
  .executableTarget(
    name: "HistoryBenchmark",
    dependencies: [
      "BenchmarkSupport", "History", "SQLiteHistory", "PostgresHistory", .product(name: "GRDB", package: "GRDB.swift"),
    ],
    path: "HistoryBenchmark",
    swiftSettings: swiftSettings
  ),
  .executableTarget(
    name: "HistorySizeBenchmark",
    dependencies: [
      "BenchmarkSupport",
      "History", "SQLiteHistory", "PostgresHistory",
      .product(name: "GRDB", package: "GRDB.swift"),
      .product(name: "PostgresNIO", package: "postgres-nio"),
    ],
    path: "HistorySizeBenchmark",
    swiftSettings: swiftSettings
  ),
  .executableTarget(
    name: "HistorySearchBenchmark",
    dependencies: [
      "BenchmarkSupport",
      "History", "SQLiteHistory", "PostgresHistory",
      .product(name: "GRDB", package: "GRDB.swift"),
      .product(name: "PostgresNIO", package: "postgres-nio"),
    ],
    path: "HistorySearchBenchmark",
    swiftSettings: swiftSettings
  ),
  .executableTarget(
    name: "DataStoreBenchmark",
    dependencies: [
      "BenchmarkSupport",
      "Basics", "DataStoreModules", "Engine", "Expressions", "History", "SQLiteHistory", "PostgresHistory",
      .product(name: "GRDB", package: "GRDB.swift"),
      .product(name: "PostgresNIO", package: "postgres-nio"),
      .product(name: "Logging", package: "swift-log"),
      .product(name: "OrderedCollections", package: "swift-collections"),
    ],
    path: "DataStoreBenchmark",
    swiftSettings: swiftSettings
  ),
  // Benchmarks/console: the console's execution page for an execution of 1,000 operations.
  .executableTarget(
    name: "ConsoleBenchmark",
    dependencies: [
      "BenchmarkSupport",
      "Console", "Engine", "History", "SQLiteHistory",
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "AsyncHTTPClient", package: "async-http-client"),
      .product(name: "Logging", package: "swift-log"),
      .product(name: "NIOCore", package: "swift-nio"),
    ],
    path: "ConsoleBenchmark",
    swiftSettings: swiftSettings
  ),
  // The baseline of Benchmarks/serve: serve's HTTP stack and hook body reading, without the queue.
  .executableTarget(
    name: "ServeBaseline",
    dependencies: [
      "Server",
      .product(name: "Hummingbird", package: "hummingbird"),
      .product(name: "Logging", package: "swift-log"),
    ],
    path: "ServeBaseline",
    swiftSettings: swiftSettings
  ),
]

let package = Package(
  name: isBenchmarks ? "sonarflow-benchmarks" : "sonarflow",
  platforms: [.macOS(.v15)],
  products: isBenchmarks ? [] : [.executable(name: "sonarflow", targets: ["sonarflow"])],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
    .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-metrics.git", from: "2.7.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
    .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
  ],
  targets: libraries + (isBenchmarks ? benchmarks : product)
)
