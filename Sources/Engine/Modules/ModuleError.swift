/// Make's error types: what went wrong in a module, which decides the default handling (§7 of the
/// Make semantics: connection and rate-limit errors are retried, data errors are stored, …).
package enum ErrorType: String, Sendable, Hashable, Codable, CaseIterable {
  case connectionError = "ConnectionError"
  case rateLimitError = "RateLimitError"
  case moduleTimeoutError = "ModuleTimeoutError"
  case dataError = "DataError"
  case duplicateDataError = "DuplicateDataError"
  case invalidAccessTokenError = "InvalidAccessTokenError"
  case invalidConfigurationError = "InvalidConfigurationError"
  case incompleteDataError = "IncompleteDataError"
  case runtimeError = "RuntimeError"
  case inconsistencyError = "InconsistencyError"

  /// Stored as an incomplete execution and retried automatically when incomplete executions are on.
  package var isRetriedAutomatically: Bool {
    self == .connectionError || self == .rateLimitError || self == .moduleTimeoutError
  }

  /// Stored as an incomplete execution (with or without automatic retry) when incomplete executions
  /// are on; any other type fails the execution.
  package var isStoredAsIncomplete: Bool {
    switch self {
    case .connectionError, .rateLimitError, .moduleTimeoutError, .dataError, .duplicateDataError,
      .invalidConfigurationError, .invalidAccessTokenError:
      true
    default:
      false
    }
  }
}

/// A module's failure: Make's error type and a message a user can act on (never a secret).
package struct ModuleError: Error, Sendable, Hashable {
  package var type: ErrorType
  package var message: String
  /// The HTTP status behind the error, when there was one.
  package var statusCode: Int?

  package init(_ type: ErrorType, _ message: String, statusCode: Int? = nil) {
    self.type = type
    self.message = message
    self.statusCode = statusCode
  }
}

extension ModuleError: CustomStringConvertible {
  package var description: String { "\(type.rawValue): \(message)" }
}
