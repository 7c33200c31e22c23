import ArgumentParser
import Console
import Foundation
import History
import Hummingbird
import Logging

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
    try await history.withStore { store in
      let router = Router()
      try ConsoleRoutes(history: store, token: token).add(to: router)
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
