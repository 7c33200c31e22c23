/// How often and how long the client retries.
package struct RetryPolicy: Sendable, Hashable {
  /// Total attempts including the first; 1 disables retries.
  package var maxAttempts: Int
  /// The delay before the first retry; doubled for each further retry.
  package var baseDelay: Duration
  /// The cap on the computed backoff (not on `Retry-After`, which has its own cap).
  package var maxDelay: Duration
  /// The longest `Retry-After` the client honours; a longer one fails the call instead of waiting.
  package var maxRetryAfter: Duration

  package init(
    maxAttempts: Int = 4,
    baseDelay: Duration = .milliseconds(250),
    maxDelay: Duration = .seconds(8),
    maxRetryAfter: Duration = .seconds(60)
  ) {
    self.maxAttempts = max(1, maxAttempts)
    self.baseDelay = baseDelay
    self.maxDelay = maxDelay
    self.maxRetryAfter = maxRetryAfter
  }

  package static let `default` = RetryPolicy()
  package static let none = RetryPolicy(maxAttempts: 1)
}
