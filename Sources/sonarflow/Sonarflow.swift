import ArgumentParser
import Foundation

/// The `sonarflow` command line.
@main
struct Sonarflow: AsyncParsableCommand {
  /// The release; `--version` prints it with the commit the binary was built from.
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "sonarflow",
    abstract: "Run Make-style scenarios for the Sonar SMS platform.",
    version: "\(version) (\(gitCommit))",
    subcommands: [
      ValidateCommand.self, SchemaCommand.self, ModulesCommand.self, RunCommand.self, ServeCommand.self,
      HistoryCommand.self, ScenariosCommand.self, WebhooksCommand.self, EvalCommand.self, EmulatorCommand.self,
      TestCommand.self, ImportCommand.self, ExportCommand.self, ReplayCommand.self, DatastoreCommand.self,
      ConsoleCommand.self,
    ]
  )

  /// Runs the command, mapping ArgumentParser's usage-error exit code (64) to 2 so CI can tell a
  /// mistyped command line (2) from an invalid scenario (1).
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if code == .success {
        if !message.isEmpty { print(message) }
        Foundation.exit(0)
      }
      if !message.isEmpty { Output.error(message) }
      Foundation.exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
    }
  }
}

/// Exit codes shared by every subcommand.
enum ExitStatus {
  static let success: Int32 = 0
  /// The input was checked and found wrong (an invalid scenario, a failed execution).
  static let failure: Int32 = 1
  /// The command line itself was wrong: unknown flag, missing file.
  static let usage: Int32 = 2
}

/// Writing to standard output and standard error.
enum Output {
  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
  }

  static func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// Whether standard output is a terminal (colour only then, and never when NO_COLOR is set).
  static var isTerminal: Bool {
    isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
  }
}
