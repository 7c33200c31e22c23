import ArgumentParser

/// The `sonarflow` command. (The lead replaces this root file at merge; subcommands live in
/// `Commands/`.)
@main
struct Sonarflow: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sonarflow",
    abstract: "Run Make.com-style scenarios for the Sonar SMS platform.",
    subcommands: [EmulatorCommand.self]
  )
}
