/// Spaces requests so no more than `requestsPerSecond` start per second. Pure bookkeeping: it says
/// how long to wait, the client sleeps with its injected sleep.
package actor RateLimiter {
  private let interval: Duration
  private var nextSlot: ContinuousClock.Instant?
  private let clock = ContinuousClock()

  package init(requestsPerSecond: Double) {
    let perSecond = max(requestsPerSecond, 0.001)
    interval = .nanoseconds(Int64(1_000_000_000 / perSecond))
  }

  /// Reserves the next slot and returns how long to wait for it (zero when it is free now).
  package func reserve() -> Duration {
    let now = clock.now
    let slot = max(now, nextSlot ?? now)
    nextSlot = slot + interval
    return slot - now
  }
}
