import Basics

/// Decides, after each attempt, whether to retry and after how long. Pure: no clock, no I/O; the
/// client performs the returned action.
///
/// The rule (docs/sonar.md, "Retries"):
/// - 429: retry after `Retry-After` (seconds) when given, else backoff. Sonar did not process it.
/// - 502, 503: retry; the gateway or server refused the request before handling it.
/// - 504: retry only idempotent calls; the upstream may have handled a send.
/// - connection refused (nothing was written): retry.
/// - timeout or connection lost after the request was written: retry only idempotent calls; a send
///   (`POST /messages`, `POST /campaigns`, `POST /webhooks`) fails as "outcome unknown".
/// - 500 and everything else: no retry.
/// Backoff is `baseDelay * 2^(retry-1)` capped at `maxDelay`, with "equal jitter": half fixed, half
/// random, so many clients do not retry in lock step.
package struct RetryStateMachine: Sendable {
  /// What happened on one attempt.
  package enum Event: Sendable, Hashable {
    /// Sonar answered with this status (`retryAfter` from the `Retry-After` header, seconds).
    case response(status: Int, retryAfterSeconds: Int?)
    /// The connection could not be made; the request was never written.
    case notConnected
    /// The request was (or may have been) written, then the connection failed or timed out.
    case failedAfterWrite

    /// The `reason` label of `sonarflow_sonar_retries_total`.
    package var metricReason: String {
      switch self {
      case .response(status: 429, _): "rate_limited"
      case .response: "server_error"
      case .notConnected, .failedAfterWrite: "connection"
      }
    }
  }

  package enum Action: Sendable, Hashable {
    case retry(after: Duration)
    /// Stop and report the last failure.
    case fail
    /// Stop: a non-idempotent request may have taken effect.
    case failOutcomeUnknown
  }

  package let policy: RetryPolicy
  package let isIdempotent: Bool
  /// Attempts made so far.
  package private(set) var attempts = 0
  private var random: SplitMix64

  package init(policy: RetryPolicy, isIdempotent: Bool, seed: UInt64) {
    self.policy = policy
    self.isIdempotent = isIdempotent
    self.random = SplitMix64(seed: seed)
  }

  /// Records an attempt's outcome (anything but a 2xx–4xx success) and says what to do next.
  package mutating func next(after event: Event) -> Action {
    attempts += 1
    let isRetryable: Bool
    var requestedDelay: Duration?
    switch event {
    case .response(let status, let retryAfter):
      switch status {
      case 429:
        isRetryable = true
        if let retryAfter {
          let wait = Duration.seconds(max(0, retryAfter))
          if wait > policy.maxRetryAfter { return .fail }
          requestedDelay = wait
        }
      case 502, 503: isRetryable = true
      case 504: isRetryable = isIdempotent
      default: isRetryable = false
      }
    case .notConnected:
      isRetryable = true
    case .failedAfterWrite:
      guard isIdempotent else { return .failOutcomeUnknown }
      isRetryable = true
    }
    guard isRetryable else {
      if case .response(504, _) = event { return .failOutcomeUnknown }
      return .fail
    }
    guard attempts < policy.maxAttempts else {
      if event == .failedAfterWrite { return .failOutcomeUnknown }
      return .fail
    }
    if let requestedDelay { return .retry(after: requestedDelay) }
    return .retry(after: backoff(retry: attempts))
  }

  private mutating func backoff(retry: Int) -> Duration {
    let exponent = min(retry - 1, 30)
    var delay = policy.baseDelay * (1 << exponent)
    if delay > policy.maxDelay { delay = policy.maxDelay }
    let half = delay / 2
    let fraction = Double(random.next() >> 11) / Double(1 << 53)
    return half + half * fraction
  }
}
