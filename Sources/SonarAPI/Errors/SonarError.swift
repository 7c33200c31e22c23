/// Everything that can go wrong talking to Sonar: what Sonar answered (bad token, no subscription,
/// bad request, …) and what went wrong on the way (connection refused, timeout).
///
/// A struct over a private enum so cases can be added without breaking callers. Messages never
/// contain the token. `shortDescription` is a stable label without values, for metrics.
package struct SonarError: Error, Sendable, Hashable {
  private enum Code: Sendable, Hashable {
    case unauthorized(String)
    case noActiveSubscription(String)
    case apiDisabled(String)
    case companyInactive(String)
    case companyCancelled(String)
    case trialCustomerLimit(String)
    case trialMessageLimit(String)
    case forbidden(String)
    case invalidPhoneNumber(String)
    case badRequest(String)
    case notFound(String)
    case duplicateMessage(String)
    case rateLimited(retryAfterSeconds: Int?)
    case serverTimedOut
    case serverError(status: Int, message: String)
    case unexpectedStatus(status: Int, message: String)
    case connectionRefused(host: String)
    case timeout(host: String)
    case outcomeUnknown(host: String, reason: String)
    case transport(host: String, reason: String)
    case invalidPath(String)
    case invalidBaseURL(String)
    case invalidResponse(String)
  }

  private let code: Code
  /// The HTTP status Sonar answered with, when it answered.
  package let status: Int?

  private init(_ code: Code, status: Int? = nil) {
    self.code = code
    self.status = status
  }

  // MARK: Sonar's answers

  /// 401: `Bad Token` or `Token or publishable_key not found`.
  package static func unauthorized(_ message: String) -> SonarError {
    .init(.unauthorized(message), status: 401)
  }
  package static func noActiveSubscription(
    _ message: String = "No Active Subscription"
  )
    -> SonarError
  {
    .init(.noActiveSubscription(message), status: 403)
  }
  package static func apiDisabled(_ message: String = "Api Disabled For Company") -> SonarError {
    .init(.apiDisabled(message), status: 403)
  }
  package static func companyInactive(_ message: String = "Company inactive") -> SonarError {
    .init(.companyInactive(message), status: 403)
  }
  package static func companyCancelled(_ message: String = "Company cancelled") -> SonarError {
    .init(.companyCancelled(message), status: 403)
  }
  package static func trialCustomerLimit(
    _ message: String = "Trial Customer Limit Reached"
  )
    -> SonarError
  {
    .init(.trialCustomerLimit(message), status: 403)
  }
  package static func trialMessageLimit(
    _ message: String = "Trial Message Limit Reached"
  )
    -> SonarError
  {
    .init(.trialMessageLimit(message), status: 403)
  }
  package static func forbidden(_ message: String) -> SonarError {
    .init(.forbidden(message), status: 403)
  }
  /// Sonar's `Invalid Phone Number` (400), or a number the client could not read as E.164
  /// (no status).
  package static func invalidPhoneNumber(_ message: String, status: Int? = 400) -> SonarError {
    .init(.invalidPhoneNumber(message), status: status)
  }
  /// 400 with Sonar's message, e.g. `text is missing, to is missing`.
  package static func badRequest(_ message: String, status: Int = 400) -> SonarError {
    .init(.badRequest(message), status: status)
  }
  package static func notFound(_ message: String) -> SonarError {
    .init(.notFound(message), status: 404)
  }
  /// The same text was sent to the same customer less than 7 seconds ago.
  package static func duplicateMessage(_ message: String, status: Int = 400) -> SonarError {
    .init(.duplicateMessage(message), status: status)
  }
  package static func rateLimited(retryAfterSeconds: Int?) -> SonarError {
    .init(.rateLimited(retryAfterSeconds: retryAfterSeconds), status: 429)
  }
  /// Sonar's own `Request Timed Out` answer.
  package static func serverTimedOut(status: Int) -> SonarError {
    .init(.serverTimedOut, status: status)
  }
  package static func serverError(status: Int, message: String) -> SonarError {
    .init(.serverError(status: status, message: message), status: status)
  }
  package static func unexpectedStatus(_ status: Int, message: String) -> SonarError {
    .init(.unexpectedStatus(status: status, message: message), status: status)
  }

  // MARK: Transport

  package static func connectionRefused(host: String) -> SonarError {
    .init(.connectionRefused(host: host))
  }
  package static func timeout(host: String) -> SonarError { .init(.timeout(host: host)) }
  /// A send that is not safe to repeat failed after the request was written: it may or may not have
  /// happened, so it was not retried.
  package static func outcomeUnknown(host: String, reason: String) -> SonarError {
    .init(.outcomeUnknown(host: host, reason: reason))
  }
  package static func transport(host: String, reason: String) -> SonarError {
    .init(.transport(host: host, reason: reason))
  }

  // MARK: Usage

  package static func invalidPath(_ reason: String) -> SonarError { .init(.invalidPath(reason)) }
  package static func invalidBaseURL(_ reason: String) -> SonarError {
    .init(.invalidBaseURL(reason))
  }
  package static func invalidResponse(_ reason: String, status: Int? = nil) -> SonarError {
    .init(.invalidResponse(reason), status: status)
  }
}

extension SonarError {
  /// A stable label without values, for metrics and logs: `unauthorized`, `rate_limited`, …
  package var shortDescription: String {
    switch code {
    case .unauthorized: "unauthorized"
    case .noActiveSubscription: "no_active_subscription"
    case .apiDisabled: "api_disabled"
    case .companyInactive: "company_inactive"
    case .companyCancelled: "company_cancelled"
    case .trialCustomerLimit: "trial_customer_limit"
    case .trialMessageLimit: "trial_message_limit"
    case .forbidden: "forbidden"
    case .invalidPhoneNumber: "invalid_phone_number"
    case .badRequest: "bad_request"
    case .notFound: "not_found"
    case .duplicateMessage: "duplicate_message"
    case .rateLimited: "rate_limited"
    case .serverTimedOut: "server_timed_out"
    case .serverError: "server_error"
    case .unexpectedStatus: "unexpected_status"
    case .connectionRefused: "connection_refused"
    case .timeout: "timeout"
    case .outcomeUnknown: "outcome_unknown"
    case .transport: "transport"
    case .invalidPath: "invalid_path"
    case .invalidBaseURL: "invalid_base_url"
    case .invalidResponse: "invalid_response"
    }
  }

  /// Sonar's `error` text, when Sonar answered with one.
  package var serverMessage: String? {
    switch code {
    case .unauthorized(let message), .noActiveSubscription(let message), .apiDisabled(let message),
      .companyInactive(let message), .companyCancelled(let message),
      .trialCustomerLimit(let message),
      .trialMessageLimit(let message), .forbidden(let message), .badRequest(let message),
      .notFound(let message), .duplicateMessage(let message):
      message
    case .invalidPhoneNumber(let message): status == nil ? nil : message
    case .serverError(_, let message), .unexpectedStatus(_, let message):
      message.isEmpty ? nil : message
    case .serverTimedOut: "Request Timed Out"
    default: nil
    }
  }

  /// Seconds Sonar asked to wait (`Retry-After`) on a 429.
  package var retryAfterSeconds: Int? {
    if case .rateLimited(let seconds) = code { return seconds }
    return nil
  }
}

extension SonarError: CustomStringConvertible {
  /// What happened and what to do about it. Never contains the token.
  package var description: String {
    switch code {
    case .unauthorized(let message):
      "Sonar rejected the private token (401 \"\(message)\"): copy the Private Token again from Sonar > "
        + "Settings > Company Settings, and check that the Sandbox option matches the account it belongs to"
    case .noActiveSubscription(let message):
      "Sonar refused the call (403 \"\(message)\"): the company has no active subscription or its trial "
        + "expired; renew it in Sonar's billing settings"
    case .apiDisabled(let message):
      "Sonar refused the call (403 \"\(message)\"): API access is disabled for this company; ask Sonar "
        + "support to enable it"
    case .companyInactive(let message):
      "Sonar refused the call (403 \"\(message)\"): the company account is inactive; reactivate it in Sonar"
    case .companyCancelled(let message):
      "Sonar refused the call (403 \"\(message)\"): the company account is cancelled"
    case .trialCustomerLimit(let message):
      "Sonar refused the call (403 \"\(message)\"): the trial's customer limit is reached; upgrade the plan "
        + "to add more customers"
    case .trialMessageLimit(let message):
      "Sonar refused the call (403 \"\(message)\"): the trial's message limit is reached; upgrade the plan "
        + "to send more messages"
    case .forbidden(let message):
      "Sonar refused the call (403 \"\(message)\")"
    case .invalidPhoneNumber(let message):
      if status == nil {
        "'\(message)' is not a phone number: use the international form with a country code, e.g. +13105551234"
      } else {
        "Sonar says the phone number is invalid (\(status ?? 400) \"\(message)\"): use the international form "
          + "with a country code, e.g. +13105551234"
      }
    case .badRequest(let message):
      "Sonar rejected the request (\(status ?? 400) \"\(message)\"): fix the fields it names and try again"
    case .notFound(let message):
      "Sonar found nothing (404 \"\(message)\"): check the phone number, email or id"
    case .duplicateMessage(let message):
      "Sonar refused a duplicate (\(status ?? 400) \"\(message)\"): the same text went to this customer less "
        + "than 7 seconds ago; change the text or wait"
    case .rateLimited(let seconds):
      "Sonar is rate limiting the calls (429)"
        + (seconds.map { ", retry after \($0) s" } ?? "")
        + ": lower the client's rate or concurrency limit"
    case .serverTimedOut:
      "Sonar gave up on the request (\(status ?? 0) \"Request Timed Out\"); the call may or may not have "
        + "taken effect, check before repeating a send"
    case .serverError(let status, let message):
      "Sonar failed with a server error (\(status)\(message.isEmpty ? "" : " \"\(message)\"")); try again "
        + "later, and check Sonar before repeating a send"
    case .unexpectedStatus(let status, let message):
      "Sonar answered with an unexpected status \(status)\(message.isEmpty ? "" : " \"\(message)\"")"
    case .connectionRefused(let host):
      "could not connect to \(host) (connection refused): check the base URL (SONAR_API_URL / --sonar-url) "
        + "and that the server is running"
    case .timeout(let host):
      "\(host) did not answer in time: check the network, or raise the client's timeout"
    case .outcomeUnknown(let host, let reason):
      "the connection to \(host) failed after the send was written (\(reason)), so it may or may not have "
        + "been sent; it was not retried to avoid a duplicate: check the customer's thread in Sonar before "
        + "sending again"
    case .transport(let host, let reason):
      "the request to \(host) failed: \(reason)"
    case .invalidPath(let reason):
      "invalid API call path: \(reason)"
    case .invalidBaseURL(let reason):
      "invalid Sonar base URL: \(reason); use the form https://www.sendsonar.com/api/v1 or "
        + "http://127.0.0.1:8080/api/v1"
    case .invalidResponse(let reason):
      "Sonar sent a response the client could not read\(status.map { " (\($0))" } ?? ""): \(reason)"
    }
  }
}

extension SonarError {
  /// Maps a non-2xx answer to an error using the status and Sonar's `error` text, as the official
  /// gem does: 400 is a bad request, other statuses are looked up by text.
  package static func from(status: Int, errorText: String?, retryAfterSeconds: Int?) -> SonarError {
    let message = errorText ?? ""
    switch message {
    case "Request Timed Out": return .serverTimedOut(status: status)
    case "Invalid Phone Number": return .invalidPhoneNumber(message, status: status)
    case "No Active Subscription": return .noActiveSubscription(message)
    case "Api Disabled For Company": return .apiDisabled(message)
    case "Company inactive": return .companyInactive(message)
    case "Company cancelled": return .companyCancelled(message)
    case "Trial Customer Limit Reached": return .trialCustomerLimit(message)
    case "Trial Message Limit Reached": return .trialMessageLimit(message)
    default: break
    }
    if message.lowercased().hasPrefix("duplicate") {
      return .duplicateMessage(message, status: status)
    }
    switch status {
    case 401: return .unauthorized(message.isEmpty ? "Unauthorized" : message)
    case 403: return .forbidden(message.isEmpty ? "Forbidden" : message)
    case 404: return .notFound(message.isEmpty ? "Not Found" : message)
    case 429: return .rateLimited(retryAfterSeconds: retryAfterSeconds)
    case 400..<500: return .badRequest(message, status: status)
    case 500..<600: return .serverError(status: status, message: message)
    default: return .unexpectedStatus(status, message: message)
    }
  }
}
