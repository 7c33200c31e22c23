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
    .executable(name: "sonarflow", targets: ["sonarflow"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
  ],
  targets: [
    // Scenario files: YAML to a typed model with file:line:column on every node, and diagnostics.
    .target(
      name: "ScenarioModel",
      dependencies: [.product(name: "Yams", package: "Yams")],
      swiftSettings: swiftSettings
    ),
    // The Sonar HTTP client: typed requests and responses, errors, retries.
    .target(
      name: "SonarAPI",
      dependencies: [
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Logging", package: "swift-log"),
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
    .executableTarget(
      name: "sonarflow",
      dependencies: [
        "Emulator",
        "SonarAPI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: swiftSettings
    ),
    // Measures the client against the emulator; run with `swift run -c release SonarClientBenchmark`.
    .executableTarget(
      name: "SonarClientBenchmark",
      dependencies: [
        "SonarAPI",
        "Emulator",
        .product(name: "Logging", package: "swift-log"),
      ],
      path: "Benchmarks/SonarClientBenchmark",
      swiftSettings: swiftSettings
    ),
    // Helpers shared by the test targets: fixtures, running the built binary.
    .target(
      name: "SonarflowTesting",
      dependencies: [],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ScenarioModelTests",
      dependencies: ["ScenarioModel", "SonarflowTesting"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "SonarAPITests",
      dependencies: [
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
  ]
)
