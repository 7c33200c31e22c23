package import Basics
import Foundation

extension ExecutionRecord {
  /// The record with its polling trigger's check as it went: the requests the check made with
  /// their answers, and its time, on the trigger's operation (module `moduleID`, the trigger's
  /// id: the execution's first, as Make counts and shows it), which the execution of the items
  /// the check emitted already holds. A check that failed has no execution of items: its
  /// operation is added, with `error`.
  package func withTriggerCheck(
    moduleID: Int, moduleName: String, duration: Duration, exchanges: [HTTPExchange], error: ErrorRecord? = nil
  ) -> ExecutionRecord {
    var record = self
    let stored = exchanges.isEmpty ? nil : Data(HTTPExchange.jsonBytes(exchanges))
    if let first = operationLog.first, first.moduleID == moduleID {
      record.operationLog[0].exchanges = stored
      record.operationLog[0].duration += duration
      if let error { record.operationLog[0].error = error }
      return record
    }
    let check = OperationRecord(
      sequence: 1, moduleID: moduleID, moduleName: moduleName, error: error, duration: duration, exchanges: stored)
    record.operationLog =
      [check]
      + operationLog.map { operation in
        var operation = operation
        operation.sequence += 1
        return operation
      }
    record.operations += 1
    return record
  }
}
