package import ScenarioModel

/// One scenario as the console's scenarios page lists it: what a process that has the scenario
/// files knows of it (`sonarflow serve` from what it serves, `sonarflow console --scenarios`
/// from the files it validated).
package struct ConsoleScenario: Sendable, Hashable {
  package var name: String
  /// The scenario file's path.
  package var file: String
  /// The `webhookName`s of its instant trigger (none for a polling or scheduled scenario).
  package var hooks: [String]
  /// What `sonarflow validate` says of the file: errors (the scenario is not run), warnings, notes.
  package var diagnostics: [Diagnostic]

  package init(name: String, file: String, hooks: [String] = [], diagnostics: [Diagnostic] = []) {
    self.name = name
    self.file = file
    self.hooks = hooks
    self.diagnostics = diagnostics
  }
}

/// Where the console's scenarios page gets its scenarios, and the public URL of the hooks' URLs.
///
/// The console does not depend on `Server`: `sonarflow serve` hands its served scenarios in as
/// ``current`` (read at each view, so a SIGHUP reload shows at once); `sonarflow console` the
/// files given with `--scenarios`, or nothing, in which case the page lists the scenarios the
/// database knows (state rows and recent executions), without files, hooks or diagnostics.
package struct ConsoleScenarios: Sendable {
  /// Prefixed to each hook's path (`https://hooks.example.com`); nil shows the path alone.
  package var publicURL: String?
  /// The scenarios, or nil when only the database is known.
  package var current: (@Sendable () async -> [ConsoleScenario])?

  package init(publicURL: String? = nil, current: (@Sendable () async -> [ConsoleScenario])? = nil) {
    self.publicURL = publicURL
    self.current = current
  }
}
