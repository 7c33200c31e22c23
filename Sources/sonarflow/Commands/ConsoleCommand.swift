import ArgumentParser
import Console
import Engine
import Foundation
import History
import Hummingbird
import Logging
import Server
import Validation

/// `sonarflow console`: the web console on a history database, without serving scenarios.
struct ConsoleCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "console",
    abstract: "Serve the web console for a history database: executions, scenario drawings, compare, live updates.",
    discussion: """
      Needs a console token (SONARFLOW_CONSOLE_TOKEN or --console-token-file): the login form asks \
      for it. Open http://{host}:{port}/console/. SIGTERM or SIGINT stop it. See docs/console.md.
      """
  )

  @Option(help: "The port to listen on, 1 to 65535 (0 picks a free one; the port is printed).")
  var port: Int = 8080

  @Option(help: "The address to listen on.")
  var host: String = "127.0.0.1"

  @Option(
    name: .customLong("scenarios"), parsing: .upToNextOption,
    help: ArgumentHelp(
      "Scenario files or folders for the scenarios page: their hooks and validation diagnostics.",
      valueName: "path"))
  var scenarioPaths: [String] = []

  @OptionGroup var publicURL: PublicURLOption

  @OptionGroup var consoleToken: ConsoleTokenOptions

  @OptionGroup var history: HistoryOptions

  func validate() throws {
    guard (0...65535).contains(port) else {
      throw ValidationError("--port must be between 1 and 65535, or 0 to pick a free port (got \(port))")
    }
  }

  func run() async throws {
    guard let token = try consoleToken.token() else {
      Output.error(
        "error: the console needs a token\n  help: set \(ConsoleTokenOptions.environmentVariable) or give --console-token-file FILE"
      )
      throw ExitCode(ExitStatus.usage)
    }
    let host = self.host
    let paths = scenarioPaths
    if !paths.isEmpty {
      do {
        _ = try ScenarioFiles.collect(paths)
      } catch {
        Output.error("error: no such file or folder: '\(error.path)'")
        throw ExitCode(ExitStatus.usage)
      }
    }
    let listing: (@Sendable () async -> [ConsoleScenario])? =
      paths.isEmpty ? nil : { @Sendable in Self.scenarios(under: paths) }
    let scenarios = ConsoleScenarios(publicURL: publicURL.base, current: listing)
    // A SQLite file must exist already: a mistyped --db would otherwise create an empty history
    // and show nothing. A read-only file opens read-only (its pages show; its actions fail).
    try await history.withServeStore(readOnly: true) { store in
      let router = Router()
      try ConsoleRoutes(history: store, token: token, scenarios: scenarios).add(to: router)
      var logger = Logger(label: "sonarflow.console")
      logger.logLevel = .warning
      let application = Application(
        router: router,
        configuration: .init(address: .hostname(host, port: port), serverName: nil),
        onServerRunning: { channel in
          let port = channel.localAddress?.port ?? 0
          Output.write("sonarflow console: listening on http://\(host):\(port)/console/\n")
        },
        logger: logger)
      try await application.runService()
    }
  }
}

extension ConsoleCommand {
  /// The scenarios under `paths` as the scenarios page shows them, validated now (so an edited file
  /// shows its new diagnostics at the next view); a file that does not parse is listed by its path.
  static func scenarios(under paths: [String]) -> [ConsoleScenario] {
    let files = (try? ScenarioFiles.collect(paths)) ?? []
    return zip(files, Validator().validate(files: files)).map { file, report in
      guard let scenario = report.scenario else {
        return ConsoleScenario(name: file, file: file, diagnostics: report.diagnostics)
      }
      let hook = report.hasErrors ? nil : ScenarioCompiler.compile(scenario).webhookName
      return ConsoleScenario(
        name: scenario.name.value, file: file, hooks: hook.map { [$0] } ?? [], diagnostics: report.diagnostics)
    }
  }
}
