import ArgumentParser
import AsyncHTTPClient
import Emulator
import Engine
import Expressions
import Foundation
import Logging
import ScenarioModel
import SonarAPI
import SonarModules

/// How a command reaches Sonar: the live or sandbox API with the scenario's token, a base-URL
/// override, or an emulator started in this process.
struct ConnectionOptions: ParsableArguments {
  @Flag(help: "Start a local Sonar emulator in this process and send every Sonar call to it (no token needed).")
  var emulator = false

  @Option(
    name: .customLong("emulator-state"),
    help: "With --emulator: a JSON file with the emulator's initial customers, tags and campaigns (docs/emulator.md).")
  var emulatorState: String?

  @Option(
    name: .customLong("sonar-url"),
    help:
      "The Sonar API base URL, e.g. http://127.0.0.1:8080/api/v1 (default: SONAR_API_URL, else Sonar's live or sandbox API)."
  )
  var sonarURL: String?

  @Flag(
    name: .customLong("dry-run"), help: "Build and show every Sonar write request without sending it (reads still run)."
  )
  var dryRun = false

  func validate() throws {
    if emulator && sonarURL != nil {
      throw ValidationError("--emulator and --sonar-url cannot be combined: the emulator chooses its own URL")
    }
    if emulatorState != nil && !emulator {
      throw ValidationError("--emulator-state needs --emulator")
    }
  }
}

/// What the connection resolved to for one scenario: the engine with its runners, and the emulator
/// when one was started (stopped by `close()`).
struct ConnectedEngine {
  let engine: Engine
  /// The emulator this engine owns (stopped by `close()`), if any.
  let emulator: RunningEmulator?
  let description: String

  /// The token value, for redaction in history.
  let token: String?
  /// The Sonar client the Sonar modules use, when a token is available.
  let client: SonarClient?

  enum Failure: Error {
    case missingToken(variable: String)
    case invalidURL(String)
  }

  static func connect(
    _ options: ConnectionOptions, connection: Connection
  ) async throws -> ConnectedEngine {
    let connector = try await SonarConnector.start(options)
    return try connector.engine(for: connection, ownsEmulator: true)
  }

  func close() async {
    await emulator?.stop()
  }
}

/// Where Sonar calls go, resolved once per command: an emulator started in this process, or the
/// live/sandbox API (or an override URL). `run` builds one engine from it; `serve` one per scenario.
struct SonarConnector {
  let options: ConnectionOptions
  let emulator: RunningEmulator?
  private let emulatorToken: String?

  enum Failure: Error {
    case invalidURL(String)
  }

  /// Where the token of Sonar calls comes from with `--emulator`, for the log (never the token).
  static let emulatorTokenSource =
    "the emulator's built-in token (no token variable of the scenarios is read)"

  static func start(_ options: ConnectionOptions) async throws -> SonarConnector {
    guard options.emulator else { return SonarConnector(options: options, emulator: nil, emulatorToken: nil) }
    var logger = Logger(label: "sonarflow.emulator")
    logger.logLevel = .warning
    var initialState = EmulatorStateFile.empty
    if let path = options.emulatorState {
      do {
        initialState = try EmulatorStateFile(contentsOf: URL(fileURLWithPath: path))
      } catch {
        throw ValidationError("cannot load --emulator-state \(path): \(error)")
      }
    }
    let configuration = SonarEmulator.Configuration(initialState: initialState, logger: logger)
    let started = try await SonarEmulator(configuration: configuration).start()
    return SonarConnector(options: options, emulator: started, emulatorToken: configuration.token)
  }

  /// An engine with every runner, its Sonar modules on `connection`'s token and environment.
  func engine(
    for connection: Connection, ownsEmulator: Bool = false
  ) throws -> ConnectedEngine {
    var engineOptions = Engine.Options()
    engineOptions.isDryRun = options.dryRun
    let environment: SonarEnvironment
    let token: String?
    if let emulator {
      environment = try SonarEnvironment(baseURL: emulator.baseURL)
      token = emulatorToken
    } else {
      let override = options.sonarURL ?? ProcessInfo.processInfo.environment["SONAR_API_URL"]
      do {
        environment = try SonarEnvironment.resolve(sandbox: connection.isSandbox, overrideURL: override)
      } catch {
        throw ConnectedEngine.Failure.invalidURL("\(error)")
      }
      token = ProcessInfo.processInfo.environment[connection.tokenEnv].flatMap { $0.isEmpty ? nil : $0 }
    }
    let client = token.map {
      SonarClient(token: $0, configuration: SonarClient.Configuration(environment: environment))
    }
    let runners = StandardRunners.make(
      sonar: client, tokenVariable: connection.tokenEnv, httpClient: SonarClient.sharedHTTPClient)
    let description = emulator.map { "emulator at \($0.baseURL)" } ?? environment.baseURL
    return ConnectedEngine(
      engine: Engine(runners: runners, options: engineOptions), emulator: ownsEmulator ? emulator : nil,
      description: description, token: token, client: client)
  }
}
