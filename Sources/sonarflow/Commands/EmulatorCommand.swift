import ArgumentParser
import Emulator
import Foundation
import Logging
import ServiceLifecycle

/// `sonarflow emulator`: a local Sonar on `http://HOST:PORT/api/v1`, until Ctrl-C or SIGTERM.
struct EmulatorCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "emulator",
    abstract: "Run a local Sonar emulator (API, webhooks, control API under /_emulator).",
    discussion: """
      Point the client at it with SONAR_API_URL=http://HOST:PORT/api/v1. See docs/emulator.md for \
      the endpoints, the control API and the state file format.
      """
  )

  @Option(help: "The port to listen on (0 picks a free one).")
  var port: Int = 8080

  @Option(help: "The address to listen on.")
  var host: String = "127.0.0.1"

  @Option(help: "The private token the API accepts.")
  var token: String = "test-token"

  @Option(
    name: .customLong("publishable-key"),
    help: "The publishable key GET /phone_numbers/available accepts.")
  var publishableKey: String = "test-publishable-key"

  @Option(help: "A JSON file with the initial customers, tags, campaigns and account flags.")
  var state: String?

  @Option(
    name: .customLong("webhook-retry-scale"),
    help:
      "Multiplies Sonar's webhook retry delays (10 s, 30 s, 3 min, 30 min); 0.01 makes them 100 times shorter."
  )
  var webhookRetryScale: Double = 1

  @Option(
    name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
  var logLevel: String = "info"

  func validate() throws {
    guard (0...65535).contains(port) else {
      throw ValidationError("--port must be between 0 and 65535")
    }
    guard webhookRetryScale >= 0 else {
      throw ValidationError("--webhook-retry-scale must not be negative")
    }
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError("unknown --log-level '\(logLevel)'")
    }
    guard !token.isEmpty else { throw ValidationError("--token must not be empty") }
  }

  func run() async throws {
    var logger = Logger(label: "sonarflow.emulator")
    logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
    var initialState = EmulatorStateFile.empty
    if let state {
      do {
        initialState = try EmulatorStateFile(contentsOf: URL(fileURLWithPath: state))
      } catch {
        throw ValidationError("cannot load --state \(state): \(error)")
      }
    }
    let emulator = SonarEmulator(
      configuration: .init(
        token: token, publishableKey: publishableKey, initialState: initialState,
        webhookRetryScale: webhookRetryScale, logger: logger))
    let service = SonarEmulatorService(emulator: emulator, host: host, port: port) { endpoint in
      // Printed (not logged) so scripts can read the address; the token is not printed. Written
      // straight to the descriptor: `print` stays in stdio's buffer when stdout is a pipe.
      Output.write(
        "Sonar emulator listening on \(endpoint.baseURL) (control API: \(endpoint.rootURL)/_emulator/state)\n")
    }
    let group = ServiceGroup(
      configuration: .init(
        services: [.init(service: service)],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger))
    try await group.run()
  }
}
