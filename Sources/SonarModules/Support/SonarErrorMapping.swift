import Engine
import SonarAPI

/// Sonar's failures as Make's error types, which decide retries and incomplete executions.
extension ModuleError {
  init(_ error: SonarError) {
    let type: ErrorType
    switch error.shortDescription {
    case "unauthorized": type = .invalidAccessTokenError
    case "rate_limited": type = .rateLimitError
    case "server_timed_out", "server_error", "connection_refused", "timeout", "outcome_unknown", "transport":
      type = .connectionError
    case "duplicate_message": type = .duplicateDataError
    case "invalid_phone_number", "bad_request", "not_found", "invalid_path": type = .dataError
    case "invalid_base_url": type = .invalidConfigurationError
    default: type = .runtimeError
    }
    self.init(type, "Sonar: \(error)", statusCode: error.status)
  }
}
