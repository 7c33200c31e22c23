import Basics
package import Foundation

/// When an incomplete execution is completed automatically, as Make does: by `break` with
/// automatic completion (a fixed interval, a number of attempts), or, for a bundle stopped by a
/// `ConnectionError`, `RateLimitError` or `ModuleTimeoutError`, on Make's backoff schedule.
///
/// A pure state machine: ``afterFailedAttempt(at:)`` gives the next state; the stores keep it with
/// the incomplete execution, and `serve` runs what is due.
package struct RetrySchedule: Sendable, Hashable, Codable {
  /// Attempts made so far.
  package var attempts: Int
  /// The most attempts made; after the last one fails the execution stays incomplete for
  /// `sonarflow history resume`.
  package var limit: Int
  /// The time between attempts, in milliseconds; nil for Make's backoff schedule (``backoff``).
  package var intervalMilliseconds: Int64?
  /// When the next attempt is due; nil once the attempts are used up.
  package var nextAttemptAt: Date?

  package init(attempts: Int = 0, limit: Int, intervalMilliseconds: Int64?, nextAttemptAt: Date?) {
    self.attempts = attempts
    self.limit = limit
    self.intervalMilliseconds = intervalMilliseconds
    self.nextAttemptAt = nextAttemptAt
  }

  /// Make's delays between automatic reruns of incomplete executions stopped by a connection,
  /// rate-limit or timeout error: 1 min, 10 min, 10 min, 30 min, 30 min, 30 min, 3 h, 3 h.
  package static let backoff: [Duration] = [
    .seconds(60), .seconds(600), .seconds(600), .seconds(1_800), .seconds(1_800), .seconds(1_800),
    .seconds(10_800), .seconds(10_800),
  ]

  /// `break` with automatic completion: `limit` attempts, `interval` apart, the first one
  /// `interval` after `stoppedAt`.
  package static func fixed(limit: Int, interval: Duration, stoppedAt: Date) -> RetrySchedule {
    let milliseconds = interval.wholeMilliseconds
    return RetrySchedule(
      limit: limit, intervalMilliseconds: milliseconds,
      nextAttemptAt: stoppedAt.addingTimeInterval(Double(milliseconds) / 1_000))
  }

  /// Make's backoff schedule for connection, rate-limit and timeout errors, starting at `stoppedAt`.
  package static func makeBackoff(stoppedAt: Date) -> RetrySchedule {
    RetrySchedule(
      limit: backoff.count, intervalMilliseconds: nil,
      nextAttemptAt: stoppedAt.addingTimeInterval(backoff[0].seconds))
  }

  /// The delay before attempt number `attempt` (1-based).
  package func delay(beforeAttempt attempt: Int) -> Duration {
    if let intervalMilliseconds { return .milliseconds(intervalMilliseconds) }
    return Self.backoff[min(max(attempt, 1), Self.backoff.count) - 1]
  }

  /// The state after an attempt that did not complete the execution, made at `now`: one more
  /// attempt counted, and the next one scheduled unless the attempts are used up.
  package func afterFailedAttempt(at now: Date) -> RetrySchedule {
    var next = self
    next.attempts += 1
    next.nextAttemptAt =
      next.attempts >= limit ? nil : now.addingTimeInterval(delay(beforeAttempt: next.attempts + 1).seconds)
    return next
  }

  /// The state after a resume by hand (asked for in the console) that did not complete the
  /// execution, made at `now`: not counted, as Make does not count a manual retry; the automatic
  /// attempts left go on from now, the next one after its usual delay.
  package func afterResumeByHand(at now: Date) -> RetrySchedule {
    var next = self
    next.nextAttemptAt =
      attempts >= limit ? nil : now.addingTimeInterval(delay(beforeAttempt: attempts + 1).seconds)
    return next
  }

  /// Whether attempts remain.
  package var isExhausted: Bool { nextAttemptAt == nil }
}
