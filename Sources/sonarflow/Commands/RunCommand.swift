import ArgumentParser
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
  var format: Format = .human

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case human, json
  }

  func run() async throws {
    // Catch Ctrl-C before anything starts, so an early interrupt is not lost.
    let interrupts = Interrupts.install()
    defer { interrupts.remove() }
    let compiled: CompiledScenario
    do {
      compiled = try ScenarioCompiler.load(path: scenario)
    } catch {
      ScenarioLoading.report(error)
      throw ExitCode(ExitStatus.usage)
    }
    let bundles = try await triggerBundles(for: compiled)
    let connected: ConnectedEngine
    do {
      connected = try await ConnectedEngine.connect(connection, connection: compiled.scenario.connection)
    } catch {
      Output.error("error: cannot reach Sonar: \(error)")
      throw ExitCode(ExitStatus.usage)
    }
    let printer = RunPrinter(useColor: Output.isTerminal)
    if format == .human {
      Output.write(
        "▶ \(compiled.scenario.name.value) (\(scenario)) — \(bundles.count) bundle\(bundles.count == 1 ? "" : "s") from \(compiled.triggerSpec.name)\(connection.dryRun ? ", dry run" : ""), Sonar: \(connected.description)\n")
    }
    if noHistory {
      try await execute(compiled, bundles: bundles, connected: connected, printer: printer, store: nil, interrupts: interrupts)
    } else {
      try await history.withStore { store in
        try await execute(compiled, bundles: bundles, connected: connected, printer: printer, store: store, interrupts: interrupts)
      }
    }
  }

  private func execute(
    _ compiled: CompiledScenario, bundles: [Value], connected: ConnectedEngine, printer: RunPrinter,
    store: (any HistoryStore)?, interrupts: Interrupts
  ) async throws {
    let human = format == .human
    let recording = store.map { ExecutionRecording(store: $0, scenario: compiled, token: connected.token) }
    let executionID = UUID().uuidString.lowercased()
    await recording?.begin(id: executionID, parentID: nil)
    let engine = connected.engine
    let execution = Task {
      await engine.run(compiled, triggerBundles: bundles, executionID: executionID) { event in
        if human { Output.write(printer.line(for: event)) }
      }
    }
    // Ctrl-C (or SIGTERM) stops the execution between modules; it is recorded as interrupted
    // instead of being left half-written.
    interrupts.cancel(execution)
    let result = await execution.value
    await connected.close()
    try await recording?.finish(result, parentID: nil)
    if let store, retention.isSet {
      do {
        _ = try await retention.prune(store)
      } catch {
        Output.error("warning: could not prune the history: \(error)")
      }
    }
    switch format {
    case .human: Output.write(printer.summary(result))
    case .json: Output.write(RunPrinter.json(result))
    }
    if result.status == .error || result.status == .interrupted { throw ExitCode(ExitStatus.failure) }
  }

  private func triggerBundles(for compiled: CompiledScenario) async throws -> [Value] {
    guard let bundle else {
      if compiled.triggerSpec.kind == .pollingTrigger {
        do {
          return try await Poll.once(compiled)
        } catch {
          Output.error("error: the poll of '\(compiled.triggerSpec.name)' failed: \(error)")
          throw ExitCode(ExitStatus.failure)
        }
      }
      Output.error(
        "error: '\(compiled.triggerSpec.name)' is an instant trigger: give its bundle with --bundle FILE (or - for standard input)\n"
          + "  help: for example: echo '{\"customer\": {\"phone_number\": \"+13105551234\"}}' | sonarflow run \(scenario) --bundle - --emulator")
      throw ExitCode(ExitStatus.usage)
    }
    let data: Data
    if bundle == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      guard let contents = FileManager.default.contents(atPath: bundle) else {
        Output.error("error: no such bundle file: '\(bundle)'")
        throw ExitCode(ExitStatus.usage)
      }
      data = contents
    }
    let value: Value
    do {
      value = try Value(jsonData: data)
    } catch {
      Output.error("error: the bundle in '\(bundle == "-" ? "standard input" : bundle)' is not valid JSON: \(error)")
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
