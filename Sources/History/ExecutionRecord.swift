import Basics
package import Foundation

/// One execution of a scenario as history keeps it: what came in, what each module received and
/// returned, how it ended.
///
/// Bundles are stored as JSON bytes so history stores never depend on the engine's value type.
package struct ExecutionRecord: Sendable, Hashable, Codable {
  /// A unique id (a UUID string), shown to users as the execution id.
  package var id: String
  package var scenarioName: String
  /// The scenario file's path as loaded.
  package var scenarioFile: String
  /// SHA-256 (hex) of the scenario file's bytes when the execution started.
  package var contentHash: String
  /// The trigger module's name, such as `sonar.watchNewCustomer`.
  package var trigger: String
  package var status: ExecutionStatus
  package var startedAt: Date
  package var finishedAt: Date?
  /// Operations consumed, counted as Make counts them.
  package var operations: Int
  /// Bytes of bundle data processed (inputs and outputs), as Make's "data transfer".
  package var dataSize: Int
  /// What stopped the execution, when it ended in error, warning or incomplete.
  package var error: ErrorRecord?
  /// The trigger bundle as JSON, for replay. Nil when the scenario is confidential.
  package var triggerBundle: Data?
  /// The execution this one replays or resumes, when it does.
  package var parentID: String?
  /// A replay made by `sonarflow replay` (of `parentID`): kept, but listed only when asked for.
  package var isReplay: Bool
  /// For incomplete executions: everything needed to continue from the failed module (JSON,
  /// written by the engine). Kept even for confidential scenarios, since resuming needs it, and
  /// removed once the execution is resolved.
  package var resumeState: Data?
  /// For incomplete executions completed automatically: attempts made and when the next is due.
  package var retry: RetrySchedule?
  /// For incomplete executions: when a resume by hand was asked for (the console's Resume), until
  /// a runner serving the scenario has made it. It is due at once and, as a resume by hand, does
  /// not count against ``retry``.
  package var resumeRequestedAt: Date?
  /// Every operation, in the order they ran.
  package var operationLog: [OperationRecord]

  package init(
    id: String, scenarioName: String, scenarioFile: String, contentHash: String, trigger: String,
    status: ExecutionStatus, startedAt: Date, finishedAt: Date? = nil, operations: Int = 0, dataSize: Int = 0,
    error: ErrorRecord? = nil, triggerBundle: Data? = nil, parentID: String? = nil, isReplay: Bool = false,
    resumeState: Data? = nil, retry: RetrySchedule? = nil, resumeRequestedAt: Date? = nil,
    operationLog: [OperationRecord] = []
  ) {
    self.id = id
    self.scenarioName = scenarioName
    self.scenarioFile = scenarioFile
    self.contentHash = contentHash
    self.trigger = trigger
    self.status = status
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.operations = operations
    self.dataSize = dataSize
    self.error = error
    self.triggerBundle = triggerBundle
    self.parentID = parentID
    self.isReplay = isReplay
    self.resumeState = resumeState
    self.retry = retry
    self.resumeRequestedAt = resumeRequestedAt
    self.operationLog = operationLog
  }
}

extension ExecutionRecord {
  /// When the stores make this incomplete execution due (their `next_attempt_at`): at once while
  /// a resume by hand is asked for, else its automatic attempt's time; nil when neither.
  package var nextAttemptDue: Date? { resumeRequestedAt ?? retry?.nextAttemptAt }
}

/// How an execution ended (or that it has not yet).
package enum ExecutionStatus: String, Sendable, Hashable, Codable, CaseIterable {
  /// Still running.
  case running
  case success
  /// Finished, but something was dropped or stored for later (Make's warning).
  case warning
  case error
  /// Stopped on an error and stored so it can be resumed (Make's incomplete execution).
  case incomplete
  /// The process died while it ran; found and marked at the next start.
  case interrupted

  package var isFinished: Bool { self != .running }
}

/// An error as history shows it: Make's error type, the message, and where in the scenario.
package struct ErrorRecord: Sendable, Hashable, Codable {
  /// Make's error type: `DataError`, `ConnectionError`, `RateLimitError`, `RuntimeError`, ….
  package var type: String
  package var message: String
  package var moduleID: Int?
  /// `file:line:column` of the module or field in the scenario.
  package var location: String?

  package init(type: String, message: String, moduleID: Int? = nil, location: String? = nil) {
    self.type = type
    self.message = message
    self.moduleID = moduleID
    self.location = location
  }
}

/// One run of one module on one bundle.
package struct OperationRecord: Sendable, Hashable, Codable {
  /// 1-based position among the execution's operations.
  package var sequence: Int
  package var moduleID: Int
  package var moduleName: String
  /// The module's input bundle (its mapped fields) as JSON; nil when confidential.
  package var input: Data?
  /// The output bundles as a JSON array; nil when confidential or when the module failed.
  package var output: Data?
  package var error: ErrorRecord?
  /// The filter in front of the module stopped the bundle: the module did not run.
  package var isFiltered: Bool
  package var duration: Duration
  /// The HTTP requests the module made and their answers (`HTTPExchange`, as a JSON array, secret
  /// headers already taken out); nil when it made none or the scenario is confidential.
  package var exchanges: Data?

  package init(
    sequence: Int, moduleID: Int, moduleName: String, input: Data? = nil, output: Data? = nil,
    error: ErrorRecord? = nil, isFiltered: Bool = false, duration: Duration = .zero, exchanges: Data? = nil
  ) {
    self.sequence = sequence
    self.moduleID = moduleID
    self.moduleName = moduleName
    self.input = input
    self.output = output
    self.error = error
    self.isFiltered = isFiltered
    self.duration = duration
    self.exchanges = exchanges
  }

  /// ``duration`` as both stores keep it: whole microseconds, rounded toward zero; saturates
  /// instead of overflowing.
  package var durationMicroseconds: Int64 { duration.wholeMicroseconds }
}
