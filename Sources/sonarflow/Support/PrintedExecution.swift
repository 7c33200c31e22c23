import ArgumentParser
import Basics
import DataStoreModules
import Engine
import Foundation
import History
import Synchronization

/// The output format of `run` and the `history` commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case human, json
}

/// One execution as `run`, `history replay` and `history resume` perform it: recorded as `running`
/// before it starts, each operation printed as it happens, stopped between modules by Ctrl-C or
/// SIGTERM (and then recorded as `interrupted`), the result recorded, the summary printed; exit
/// status 1 when it ends in error or is interrupted.
struct PrintedExecution {
  let compiled: CompiledScenario
  let connected: ConnectedEngine
  let format: OutputFormat

  /// Loads the scenario file; an invalid one is reported with validate's diagnostics (exit 2).
  static func load(_ path: String) throws -> CompiledScenario {
    do {
      return try ScenarioCompiler.load(path: path)
    } catch {
      ScenarioLoading.report(error)
      throw ExitCode(ExitStatus.usage)
    }
  }

  /// Connects `compiled` to Sonar (or the emulator) as the options say (exit 2 when it cannot).
  static func connect(
    _ compiled: CompiledScenario, options: ConnectionOptions, format: OutputFormat
  ) async throws
    -> PrintedExecution
  {
    do {
      let connected = try await ConnectedEngine.connect(options, connection: compiled.scenario.connection)
      return PrintedExecution(compiled: compiled, connected: connected, format: format)
    } catch {
      Output.error("error: cannot reach Sonar: \(TextEscaping.escape("\(error)"))")
      throw ExitCode(ExitStatus.usage)
    }
  }

  /// Runs `body` (the engine call) as described above, recording into `store` when there is one and
  /// pruning it with `retention` afterwards; a polling trigger's `triggerCheck` is recorded as the
  /// execution's first operation.
  @discardableResult
  func perform(
    store: (any HistoryStore)?, parentID: String?, interrupts: Interrupts, retention: RetentionOptions? = nil,
    triggerCheck: Poll.Check? = nil,
    _ body:
      @escaping @Sendable (Engine, CompiledScenario, String, @escaping @Sendable (OperationEvent) -> Void) async
      -> ExecutionResult
  ) async throws -> ExecutionResult {
    let printer = RunPrinter(useColor: Output.isTerminal, secrets: connected.token.map { [$0] } ?? [])
    let human = format == .human
    let compiled = self.compiled
    let recording = store.map { ExecutionRecording(store: $0, scenario: compiled, token: connected.token) }
    let executionID = UUID().uuidString.lowercased()
    await recording?.begin(id: executionID, parentID: parentID)
    let engine = connected.engine.using(
      dataStore: store as? any DataStoreStore, scenarioPath: compiled.scenario.source.path)
    let numbers = OperationNumbers()
    let execution = Task {
      await body(engine, compiled, executionID) { event in
        if human { Output.write(printer.line(for: event, number: numbers.number(of: event))) }
      }
    }
    interrupts.cancel(execution)
    let result = await execution.value
    await connected.close()
    try await recording?.finish(result, parentID: parentID, triggerCheck: triggerCheck)
    if let store, let retention, retention.isSet {
      do {
        _ = try await retention.prune(store)
      } catch {
        Output.error("warning: could not prune the history: \(TextEscaping.escape("\(error)"))")
      }
    }
    switch format {
    case .human: Output.write(printer.summary(result))
    case .json: Output.write(printer.json(result))
    }
    if result.status == .error || result.status == .interrupted { throw ExitCode(ExitStatus.failure) }
    return result
  }
}

/// Numbers the operations of live output as the summary counts them: a filter stopping a bundle
/// is not an operation (the engine's event sequence counts it, so its numbers would skip).
private final class OperationNumbers: Sendable {
  private let count = Mutex(0)

  /// The event's operation number; 0 for a filter's stop, which is shown without one.
  func number(of event: OperationEvent) -> Int {
    guard !event.isFiltered else { return 0 }
    return count.withLock { count in
      count += 1
      return count
    }
  }
}
