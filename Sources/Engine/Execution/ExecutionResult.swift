package import Expressions
package import Foundation
package import History
package import ScenarioModel

/// A bundle stopped by an error and kept so the execution can be resumed from the failed module
/// (Make's incomplete execution).
package struct IncompleteBundle: Sendable {
  package var moduleID: Int
  package var error: ModuleError
  /// `break`'s automatic retry, when set.
  package var retry: Retry?
  package var resumeState: ResumeState
}

/// How an execution ended.
package struct ExecutionResult: Sendable {
  package var executionID: String
  package var status: ExecutionStatus
  package var operations: Int
  package var startedAt: Date
  package var finishedAt: Date
  /// The recorded operations, up to the engine's `maxRecordedOperations`.
  package var events: [OperationEvent]
  /// True when more operations ran than were recorded.
  package var isTruncated: Bool
  /// The error that stopped the execution, for status `error`.
  package var error: ModuleError?
  package var errorModuleID: Int?
  package var errorLocation: SourceLocation?
  package var incomplete: [IncompleteBundle]
  package var triggerBundles: [Value]

  package var duration: Duration {
    .milliseconds(Int64(finishedAt.timeIntervalSince(startedAt) * 1000))
  }
}
