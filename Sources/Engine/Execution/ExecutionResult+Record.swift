import Basics
import Expressions
package import Foundation
package import History
package import ScenarioModel

extension ExecutionResult {
  /// The execution as history stores it, and one `incomplete` record per bundle stopped by an
  /// error that can be resumed.
  package func records(
    for scenario: CompiledScenario, parentID: String? = nil
  ) -> (execution: ExecutionRecord, incomplete: [ExecutionRecord]) {
    var dataSize = 0
    let operations = events.map { event -> OperationRecord in
      let input = event.input.map { Data($0.jsonText().utf8) }
      let output = event.outputs.map { Data(Value.array($0).jsonText().utf8) }
      dataSize += (input?.count ?? 0) + (output?.count ?? 0)
      return OperationRecord(
        sequence: event.sequence, moduleID: event.moduleID, moduleName: event.moduleName, input: input, output: output,
        error: event.error.map {
          ErrorRecord($0, moduleID: event.moduleID, location: event.errorLocation ?? event.location)
        },
        isFiltered: event.isFiltered, duration: event.duration,
        exchanges: event.exchanges.isEmpty ? nil : Data(HTTPExchange.jsonBytes(event.exchanges)))
    }
    let triggerData =
      triggerBundles.count == 1
      ? Data(triggerBundles[0].jsonText().utf8) : Data(Value.array(triggerBundles).jsonText().utf8)
    let execution = ExecutionRecord(
      id: executionID, scenarioName: scenario.scenario.name.value, scenarioFile: scenario.scenario.source.path,
      contentHash: scenario.contentHash, trigger: scenario.triggerSpec.name, status: status, startedAt: startedAt,
      finishedAt: finishedAt, operations: self.operations, dataSize: dataSize,
      error: error.map { ErrorRecord($0, moduleID: errorModuleID, location: errorLocation) },
      triggerBundle: triggerData,
      parentID: parentID, operationLog: operations)
    let incompleteRecords = incomplete.map { bundle -> ExecutionRecord in
      let trigger = bundle.resumeState.outputs[1].map { Data($0.jsonText().utf8) }
      return ExecutionRecord(
        id: UUID().uuidString.lowercased(), scenarioName: scenario.scenario.name.value,
        scenarioFile: scenario.scenario.source.path, contentHash: scenario.contentHash,
        trigger: scenario.triggerSpec.name,
        status: .incomplete, startedAt: startedAt, finishedAt: finishedAt, operations: 0, dataSize: 0,
        error: ErrorRecord(bundle.error, moduleID: bundle.moduleID, location: nil), triggerBundle: trigger,
        parentID: executionID, resumeState: bundle.resumeState.jsonData,
        retry: bundle.retrySchedule(stoppedAt: finishedAt))
    }
    return (execution, incompleteRecords)
  }
}

extension IncompleteBundle {
  /// How the bundle is completed automatically, as Make does: `break`'s own attempts and interval;
  /// for a bundle stopped without a handler by a connection, rate-limit or timeout error, Make's
  /// backoff schedule; otherwise not (it waits for `sonarflow history resume`).
  package func retrySchedule(stoppedAt: Date) -> RetrySchedule? {
    if let retry { return .fixed(limit: retry.attempts, interval: retry.interval, stoppedAt: stoppedAt) }
    if error.type.isRetriedAutomatically { return .makeBackoff(stoppedAt: stoppedAt) }
    return nil
  }
}

extension ErrorRecord {
  package init(_ error: ModuleError, moduleID: Int?, location: SourceLocation?) {
    self.init(type: error.type.rawValue, message: error.message, moduleID: moduleID, location: location.map { "\($0)" })
  }
}

extension CompiledScenario {
  /// The `running` record history shows while an execution of this scenario runs, written before
  /// it starts by `run`, `history replay`/`resume` and serve's workers; its finished record
  /// (``ExecutionResult/records(for:parentID:)``) replaces it.
  package func runningRecord(id: String, parentID: String? = nil, startedAt: Date = Date()) -> ExecutionRecord {
    ExecutionRecord(
      id: id, scenarioName: scenario.name.value, scenarioFile: scenario.source.path, contentHash: contentHash,
      trigger: triggerSpec.name, status: .running, startedAt: startedAt, parentID: parentID)
  }
}
