import ArgumentParser

/// The `sonarflow` command line. (Placeholder root for the expressions branch: the lead replaces
/// this file at merge; every subcommand lives in `Commands/`.)
@main
struct Sonarflow: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sonarflow",
    abstract: "Run Make-style scenarios for the Sonar SMS platform.",
    subcommands: [EvalCommand.self]
  )

  /// Usage errors exit 2 (ArgumentParser's default is 64).
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
      if code.rawValue == 64 {
        FileHandleOutput.standardError(fullMessage(for: error))
        exit(withError: ExitCode(2))
      }
      exit(withError: error)
    }
  }
}
