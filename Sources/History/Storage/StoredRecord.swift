package import Foundation

/// An execution as a store writes it: every bundle in its stored form (``StoredBundle``) and the
/// search terms it is found by. Made by the caller of `begin`/`finish`, before the write joins a
/// group commit, so compressing and indexing run on the recorders' threads in parallel and not
/// on the one writer.
package struct StoredRecord: Sendable {
  /// The record with `triggerBundle`, `resumeState` and each operation's `input`, `output` and
  /// `exchanges` in their stored form.
  package var record: ExecutionRecord
  /// ``SearchTerms/hashes(of:)``; nil for a running execution, which is indexed when it finishes.
  package var searchTerms: [Int64]?

  /// - Parameter storedTrigger: the stored form of `execution`'s trigger bundle when it was
  ///   made already (``BegunTriggers``); nil to make it here.
  package init(_ execution: ExecutionRecord, storedTrigger: Data? = nil) {
    searchTerms = execution.status == .running ? nil : SearchTerms.hashes(of: execution)
    var values: [Data?] = [storedTrigger == nil ? execution.triggerBundle : nil, execution.resumeState]
    for operation in execution.operationLog {
      values += [operation.input, operation.output, operation.exchanges]
    }
    let stored = StoredBundle.encode(values)
    var record = execution
    record.triggerBundle = storedTrigger ?? stored[0]
    record.resumeState = stored[1]
    for position in record.operationLog.indices {
      record.operationLog[position].input = stored[2 + 3 * position]
      record.operationLog[position].output = stored[3 + 3 * position]
      record.operationLog[position].exchanges = stored[4 + 3 * position]
    }
    self.record = record
  }
}

extension StoredBundle {
  /// The bytes a stored value holds, or nil for nil (not stored).
  package static func decode(_ stored: Data?) throws(DecodingError) -> Data? {
    guard let stored else { return nil }
    return try decode(stored)
  }
}
