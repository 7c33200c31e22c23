import Basics
import DataStoreModules
package import Engine
import Expressions
import Foundation
package import History
import Synchronization

/// Module operations a replay answers with what the recorded execution's operation of the same
/// module returned (its output bundles, or its error) instead of running the module; the recorded
/// operation's requests are listed as the replayed operation's own, so the comparison sees the
/// same requests. Operations are matched per module in recorded order: the module's first
/// operation with its first recorded one, and so on; an operation beyond the recorded ones runs.
///
/// - `--from MODULE_ID`: every operation of the modules declared before MODULE_ID.
/// - Data store reads (`datastore.getRecord`, `recordExists`, `searchRecords`, `countRecords`),
///   with recorded answers: an operation whose input is the recorded one byte for byte, so the
///   replay sees the store as the execution saw it; with another input it reads the store as it
///   is now.
package final class RecordedOperations: Sendable {
  private struct Recorded: Sendable {
    var outputs: [Value]
    var error: ErrorRecord?
    var exchanges: [HTTPExchange]
    /// The recorded input the operation must have to be answered; nil: any.
    var requiredInput: Data?
  }

  /// The Data store modules that only read.
  static let dataStoreReads: Set<String> = Set(
    [DataStoreRunner.Operation.getRecord, .recordExists, .searchRecords, .countRecords].map(\.moduleName))

  private let unused: Mutex<[Int: ArraySlice<Recorded>]>

  /// The operations of `original` a replay through `scenario` answers: those of the modules declared
  /// before `startModule` (``modules(before:in:)``), and, when `dataStoreReads`, its data store
  /// reads. Throws when `scenario` declares no module `startModule`.
  package init(
    _ original: ExecutionRecord, in scenario: CompiledScenario, from startModule: Int?, dataStoreReads: Bool
  ) throws(ReplayError) {
    // Most replays answer no operation (no `--from`, no data store read): nothing to look up.
    guard
      startModule != nil
        || (dataStoreReads && original.operationLog.contains { Self.dataStoreReads.contains($0.moduleName) })
    else {
      unused = Mutex([:])
      return
    }
    var earlier: Set<Int> = []
    if let startModule {
      guard let modules = Self.modules(before: startModule, in: scenario) else {
        throw ReplayError.unknownModule(startModule, scenario: scenario.scenario.source.path)
      }
      earlier = Set(modules)
    }
    var names: [Int: String] = [:]
    Self.visit(scenario.flow) { names[$0.id] = $0.name }
    var table: [Int: ArraySlice<Recorded>] = [:]
    for operation in original.operationLog.sorted(by: { $0.sequence < $1.sequence }) where !operation.isFiltered {
      let requiredInput: Data?
      if earlier.contains(operation.moduleID) {
        requiredInput = nil
      } else if dataStoreReads, Self.dataStoreReads.contains(operation.moduleName),
        names[operation.moduleID] == operation.moduleName, let input = operation.input
      {
        requiredInput = input
      } else {
        continue
      }
      var outputs: [Value] = []
      if let output = operation.output, case .array(let bundles)? = try? Value(jsonData: output) { outputs = bundles }
      table[operation.moduleID, default: []].append(
        Recorded(
          outputs: outputs, error: operation.error,
          exchanges: HTTPExchange.list(fromJSON: Array(operation.exchanges ?? Data())), requiredInput: requiredInput))
    }
    unused = Mutex(table)
  }

  /// Whether any operation is answered from the recording.
  package var isEmpty: Bool { unused.withLock { $0.isEmpty } }

  /// The ids of the modules `scenario` declares before module `moduleID`, depth first (routes in
  /// order, an error handler after its module); nil when it declares no module `moduleID`.
  package static func modules(before moduleID: Int, in scenario: CompiledScenario) -> [Int]? {
    var earlier: [Int] = []
    var found = false
    visit(scenario.flow) { module in
      if module.id == moduleID { found = true }
      if !found { earlier.append(module.id) }
    }
    return found ? earlier : nil
  }

  private static func visit(_ modules: [CompiledModule], _ body: (CompiledModule) -> Void) {
    for module in modules {
      body(module)
      for route in module.routes { visit(route.flow, body) }
      if let handler = module.onError { visit(handler.flow, body) }
    }
  }

  /// `runners`, each answering from the recording where it has an operation to answer with.
  package func answering(_ runners: ModuleRunners) -> ModuleRunners {
    runners.mapping { RecordedOperationRunner(base: $0, recording: self) }
  }

  /// The recorded outcome of module `input.moduleID`'s next operation, taken out: its output
  /// bundles or its error; nil when the module runs (none is left, or the input differs).
  func next(_ input: ModuleInput) -> Result<[Value], ModuleError>? {
    guard
      let recorded = unused.withLock({ table -> Recorded? in
        guard let first = table[input.moduleID]?.first else { return nil }
        table[input.moduleID]?.removeFirst()
        return first
      })
    else { return nil }
    if let required = recorded.requiredInput, Data(Value.collection(input.fields).jsonText().utf8) != required {
      return nil
    }
    if let log = ExchangeLog.current { for exchange in recorded.exchanges { log.append(exchange) } }
    if let error = recorded.error {
      return .failure(ModuleError(ErrorType(rawValue: error.type) ?? .runtimeError, error.message))
    }
    return .success(recorded.outputs)
  }
}

/// A runner that answers from ``RecordedOperations`` first.
private struct RecordedOperationRunner: ModuleRunner {
  let base: any ModuleRunner
  let recording: RecordedOperations

  func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
    switch recording.next(input) {
    case .success(let outputs)?: return outputs
    case .failure(let error)?: throw error
    case nil: return try await base.run(input, context: context)
    }
  }
}
