import ArgumentParser
import DataStoreModules
import Engine
import Foundation
import History
import Logging
import Metrics
import PostgresHistory
import Prometheus
import SQLiteHistory
import ScenarioModel
import Server
import SonarAPI
import Validation

/// `sonarflow serve`: runs scenarios on webhooks and schedules until stopped.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Run scenarios on webhooks and schedules: durable intake, Sonar webhook registration, metrics.",
    discussion: """
      Loads every scenario under PATHS (invalid ones are reported and not started), listens at \
      POST /hooks/{webhookName}/{secret} for instant triggers (sonarflow webhooks list prints the \
      URLs), registers Sonar watch triggers' webhooks at those URLs under --public-url, and polls http.watch triggers on their schedule. SIGTERM or \
      SIGINT stop it gracefully; SIGHUP reloads the scenario files. See docs/serve.md.
      """
  )

  @Argument(help: "Scenario files or folders (searched recursively for .yaml and .yml files).")
  var paths: [String] = ["."]

  @Option(help: "The port to listen on, 1 to 65535 (0 picks a free one; the port is printed).")
  var port: Int = 8080

  @Option(help: "The address to listen on.")
  var host: String = "127.0.0.1"

  @Option(
    name: .customLong("public-url"),
    help:
      "The URL Sonar reaches this server at, e.g. https://flows.example.com; Sonar webhooks are registered at {public-url}/hooks/{webhookName}/{secret}."
  )
  var publicURL: String?

  @Option(
    name: .customLong("header-timeout"),
    help: "Seconds a new connection may take to send a complete request head before it is closed.")
  var headerTimeout: Double = 10

  @Option(
    name: .customLong("body-timeout"),
    help: "Seconds a request's body may take to arrive once its head is read before the connection is closed.")
  var bodyTimeout: Double = 30

  @Option(
    name: .customLong("idle-timeout"),
    help: "Seconds a kept-alive connection may stay idle between requests before it is closed.")
  var idleTimeout: Double = 30

  @Option(
    name: .customLong("max-connections"),
    help: "Open connections beyond which new ones wait in the listen backlog until one closes.")
  var maxConnections: Int = 1024

  @Option(help: "How many executions run at once.")
  var workers: Int = 4

  @Option(
    name: .customLong("max-queue"),
    help: "Pending deliveries (stored, not yet run) beyond which hooks answer 503 with Retry-After.")
  var maxQueue: Int = 1_000_000

  @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
  var logLevel: String = "info"

  @Option(
    help: """
      With a postgres:// database: seconds between renewals of this runner's delivery leases and \
      checks of its leadership; a runner that stops renewing loses its deliveries after 3 intervals.
      """)
  var heartbeat: Double = 10

  @OptionGroup var connection: ConnectionOptions

  @OptionGroup var history: HistoryOptions

  @OptionGroup var consoleToken: ConsoleTokenOptions

  func validate() throws {
    guard (0...65535).contains(port) else {
      throw ValidationError("--port must be between 1 and 65535, or 0 to pick a free port (got \(port))")
    }
    for (name, value) in [
      ("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout),
    ] {
      guard value > 0, value <= 3600, value.isFinite else {
        throw ValidationError("\(name) must be a number of seconds above 0 and at most 3600, such as 10 (got \(value))")
      }
    }
    guard maxConnections >= 1 else {
      throw ValidationError("--max-connections must be at least 1, such as 1024 (got \(maxConnections))")
    }
    guard heartbeat > 0, heartbeat.isFinite else {
      throw ValidationError("--heartbeat must be a number of seconds above 0, such as 10 (got \(heartbeat))")
    }
    guard Logger.Level(rawValue: logLevel) != nil else {
      throw ValidationError(
        "unknown --log-level '\(logLevel)'; use one of trace, debug, info, notice, warning, error, critical")
    }
  }

  func run() async throws {
    // Before the server's threads start allocating (docs/serve.md, "Memory").
    GlibcAllocator.limitArenas(to: GlibcAllocator.serveArenas)
    let secrets = LogSecrets()
    var logger = Logger(label: "sonarflow.serve") { ServerLogHandler(label: $0, secrets: secrets) }
    logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info  // checked by validate()
    if let descriptors = DescriptorLimit.raise(), descriptors < maxConnections + DescriptorLimit.reserve {
      logger.warning(
        "the open-file limit is below --max-connections plus what serve needs besides; raise it (systemd: LimitNOFILE)",
        metadata: ["limit": "\(descriptors)", "maxConnections": "\(maxConnections)"])
    }
    let consoleToken = try self.consoleToken.token()
    if let consoleToken { secrets.insert([consoleToken]) }
    let connector: SonarConnector
    do {
      connector = try await SonarConnector.start(connection)
    } catch {
      Output.error("error: cannot start the emulator: \(error)")
      throw ExitCode(ExitStatus.usage)
    }
    let scenarios: [ServedScenario]
    do {
      scenarios = try ServeLoading.load(paths, connector: connector, reportInvalid: true)
      secrets.insert(scenarios.compactMap(\.token))
    } catch {
      Output.error(error.message)
      await connector.emulator?.stop()
      throw ExitCode(ExitStatus.usage)
    }
    do {
      try await history.withServeStore(heartbeat: .seconds(heartbeat), asServer: true, logger: logger) { store in
        let prometheus = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: prometheus))
        if let emulator = connector.emulator {
          logger.info(
            "emulator started",
            metadata: [
              "url": "\(emulator.baseURL)", "tokenSource": "\(SonarConnector.emulatorTokenSource)",
              "state": "\(self.connection.emulatorState ?? "empty")",
            ])
        }
        let paths = self.paths
        let host = self.host
        let server = SonarflowServer(
          configuration: ServerConfiguration(
            host: host, port: port, publicURL: publicURL, workers: workers, maxQueueDepth: maxQueue,
            headerTimeout: .seconds(headerTimeout), bodyTimeout: .seconds(bodyTimeout),
            idleTimeout: .seconds(idleTimeout), maxConnections: maxConnections, consoleToken: consoleToken),
          history: store, scenarios: scenarios.map { $0.using(dataStore: store) }, prometheus: prometheus,
          httpClient: SonarClient.sharedHTTPClient,
          logger: logger,
          reload: {
            let scenarios = try ServeLoading.load(paths, connector: connector, reportInvalid: true)
            secrets.insert(scenarios.compactMap(\.token))
            return scenarios.map { $0.using(dataStore: store) }
          },
          logSecrets: secrets,
          onListening: { port in
            Output.write(
              "sonarflow serve: \(scenarios.count) scenario\(scenarios.count == 1 ? "" : "s"), listening on http://\(host):\(port)\n"
            )
            if consoleToken != nil { Output.write("sonarflow serve: console at http://\(host):\(port)/console/\n") }
          })
        do {
          try await server.run()
        } catch {
          Output.error("error: \(error)")
          throw ExitCode(ExitStatus.failure)
        }
      }
    } catch {
      await connector.emulator?.stop()
      throw error
    }
    await connector.emulator?.stop()
  }
}

/// Loading the scenarios `serve` runs, at start and on SIGHUP.
enum ServeLoading {
  struct Failure: Error, CustomStringConvertible {
    var message: String
    /// The message itself, as a SIGHUP reload that fails logs it.
    var description: String { message }
  }

  static func load(
    _ paths: [String], connector: SonarConnector, reportInvalid: Bool
  ) throws(Failure) -> [ServedScenario] {
    let files: [String]
    do {
      files = try ScenarioFiles.collect(paths)
    } catch {
      throw Failure(message: "error: no such file or folder: '\(error.path)'")
    }
    var served: [ServedScenario] = []
    var hooks: [String: String] = [:]
    var clashes: [String] = []
    for file in files {
      let compiled: CompiledScenario
      do {
        compiled = try ScenarioCompiler.load(path: file)
      } catch {
        if reportInvalid { ScenarioLoading.report(error) }
        Output.error("warning: \(file) is invalid and is not started")
        continue
      }
      let connected: ConnectedEngine
      do {
        connected = try connector.engine(for: compiled.scenario.connection)
      } catch {
        throw Failure(message: "error: \(file): cannot reach Sonar: \(error)")
      }
      let authentication: HookAuthentication
      do {
        authentication = try HookAuthentication(trigger: compiled, environment: ProcessInfo.processInfo.environment)
      } catch {
        throw Failure(message: Self.message(error, in: compiled))
      }
      let scenario = ServedScenario(
        compiled: compiled, engine: connected.engine, token: connected.token, client: connected.client,
        authentication: authentication)
      if let hook = scenario.webhookName {
        if let first = hooks[hook] {
          clashes.append(
            "error: \(file): webhookName '\(hook)' is already used by \(first); each webhook needs its own name")
        } else {
          hooks[hook] = file
        }
      }
      served.append(scenario)
    }
    if !clashes.isEmpty { throw Failure(message: clashes.joined(separator: "\n")) }
    return served
  }

  /// A trigger setting that cannot be used (a secret that is not there): where it is written and
  /// how to fix it.
  static func message(_ failure: HookAuthentication.Failure, in compiled: CompiledScenario) -> String {
    let trigger = compiled.scenario.trigger
    let top = String(failure.setting.prefix { $0 != "." })
    let node = trigger.params?[top].flatMap { node -> YAMLNode? in
      guard failure.setting.contains("."), case .mapping(let mapping) = node else { return node }
      return mapping[String(failure.setting.drop { $0 != "." }.dropFirst())] ?? node
    }
    let location = node?.location ?? trigger.location
    var text = "\(location): error: \(compiled.triggerSpec.name) \(failure)"
    if failure.setting.hasSuffix(".secret") {
      text +=
        "\n  help: set the variable in serve's environment (or point the setting at a file with file:/path), then start serve again"
    }
    return text
  }
}

extension ServedScenario {
  /// The scenario with its Data store modules on serve's history database.
  func using(dataStore store: any DataStoreStore) -> ServedScenario {
    var scenario = self
    scenario.engine = engine.using(dataStore: store, scenarioPath: compiled.scenario.source.path)
    return scenario
  }
}
