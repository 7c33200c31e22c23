import ArgumentParser
import Basics
import Engine
import Expressions
import Foundation
import History
import ModuleCatalogue
import ScenarioModel
import Validation

/// `sonarflow run`: one execution of a scenario, printed operation by operation.
struct RunCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run one execution of a scenario.",
    discussion: """
      The trigger's output comes from --bundle (a JSON object, or an array of bundles) or, for a \
      polling trigger, from one poll. Exit status: 0 on success or warning, 1 when the execution \
      ends in error, 2 when the scenario is invalid or the command line is wrong.
      """
  )

  @Argument(help: "The scenario file.")
  var scenario: String

  @Option(help: "The trigger's output: a JSON file holding one bundle or an array of bundles, or - for standard input.")
  var bundle: String?

  @OptionGroup var connection: ConnectionOptions

  @OptionGroup var history: HistoryOptions

  @Flag(name: .customLong("no-history"), help: "Do not record the execution in history.")
  var noHistory = false

  @OptionGroup(title: "History retention, applied after recording") var retention: RetentionOptions

  @Option(help: "Output format: human or json.")
  var format: OutputFormat = .human

  func run() async throws {
    // Catch Ctrl-C before anything starts, so an early interrupt is not lost.
    let interrupts = Interrupts.install()
    defer { interrupts.remove() }
    let compiled = try PrintedExecution.load(scenario)
    let poll = try await pollIfPolling(compiled)
    let bundles = try poll?.items ?? triggerBundles(for: compiled)
    let execution = try await PrintedExecution.connect(compiled, options: connection, format: format)
    if format == .human {
      Output.write(
        "▶ \(TextEscaping.escape(compiled.scenario.name.value)) (\(TextEscaping.escape(scenario))) — \(bundles.count) bundle\(bundles.count == 1 ? "" : "s") from \(compiled.triggerSpec.name)\(connection.dryRun ? ", dry run" : ""), Sonar: \(execution.connected.description)\n"
      )
    }
    let body:
      @Sendable (Engine, CompiledScenario, String, @escaping @Sendable (OperationEvent) -> Void) async ->
        ExecutionResult = {
          engine, compiled, executionID, observer in
          await engine.run(compiled, triggerBundles: bundles, executionID: executionID, observer: observer)
        }
    if noHistory {
      try await execution.perform(store: nil, parentID: nil, interrupts: interrupts, triggerCheck: poll, body)
    } else {
      _ = try await history.withStore { store in
        try await execution.perform(
          store: store, parentID: nil, interrupts: interrupts, retention: retention, triggerCheck: poll, body)
      }
    }
  }

  /// Without `--bundle`, a polling trigger polls once for the bundles.
  private func pollIfPolling(_ compiled: CompiledScenario) async throws -> Poll.Check? {
    guard bundle == nil, compiled.triggerSpec.kind == .pollingTrigger else { return nil }
    do {
      return try await Poll.once(compiled)
    } catch {
      Output.error("error: the poll of '\(compiled.triggerSpec.name)' failed: \(TextEscaping.escape("\(error)"))")
      throw ExitCode(ExitStatus.failure)
    }
  }

  private func triggerBundles(for compiled: CompiledScenario) throws -> [Value] {
    guard let bundle else {
      Output.error(
        "error: '\(compiled.triggerSpec.name)' is an instant trigger: give its bundle with --bundle FILE (or - for standard input)\n"
          + "  help: for example: echo '{\"customer\": {\"phone_number\": \"+13105551234\"}}' | sonarflow run \(scenario) --bundle - --emulator"
      )
      throw ExitCode(ExitStatus.usage)
    }
    guard let data = InputFile.data(bundle) else {
      Output.error("error: no such bundle file: '\(TextEscaping.escape(bundle))'")
      throw ExitCode(ExitStatus.usage)
    }
    let value: Value
    do {
      value = try Value(jsonData: data)
    } catch {
      Output.error(
        "error: the bundle in '\(bundle == "-" ? "standard input" : bundle)' is not valid JSON: \(TextEscaping.escape("\(error)"))"
      )
      throw ExitCode(ExitStatus.usage)
    }
    switch value {
    case .array(let items):
      for (index, item) in items.enumerated() {
        guard case .collection = item else {
          Output.error("error: bundle \(index + 1) of the array is \(item.kind.rawValue), not a JSON object")
          throw ExitCode(ExitStatus.usage)
        }
      }
      return items
    case .collection:
      return [value]
    default:
      Output.error("error: the bundle must be a JSON object or an array of objects, not \(value.kind.rawValue)")
      throw ExitCode(ExitStatus.usage)
    }
  }
}

/// Reporting a scenario that cannot be loaded, with validate's diagnostics.
enum ScenarioLoading {
  /// The scenario files under `paths` (files, or folders searched recursively); a path that does
  /// not exist is reported and exits with status 2.
  static func files(under paths: [String]) throws -> [String] {
    do {
      return try ScenarioFiles.collect(paths)
    } catch {
      Output.error("error: no such file or folder: '\(error.path)'")
      throw ExitCode(ExitStatus.usage)
    }
  }

  static func report(_ error: ScenarioCompiler.LoadError) {
    switch error {
    case .invalid(let diagnostics, let source):
      let renderer = HumanRenderer(useColor: Output.isTerminal)
      var text = ""
      for diagnostic in diagnostics { text += renderer.render(diagnostic, source: source) }
      text += "error: the scenario is invalid; fix the errors above (sonarflow validate shows them too)\n"
      Output.error(text)
    }
  }
}
