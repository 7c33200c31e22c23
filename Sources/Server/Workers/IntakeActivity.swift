import Synchronization

/// Whether webhooks are arriving right now, so the workers can give intake the CPU during a burst
/// (the durable queue absorbs it) and drain the backlog at full speed once it is over.
package final class IntakeActivity: Sendable {
  /// Milliseconds on `clock` of the last accepted delivery (0: none yet).
  private let lastAccepted = Atomic<Int64>(0)
  private let quietPeriod: Duration
  private let clock: ContinuousClock
  private let origin: ContinuousClock.Instant

  /// - Parameter quietPeriod: how long after the last accepted delivery intake counts as idle.
  package init(quietPeriod: Duration = .milliseconds(200), clock: ContinuousClock = ContinuousClock()) {
    self.quietPeriod = quietPeriod
    self.clock = clock
    self.origin = clock.now
  }

  /// Intake accepted a delivery.
  package func noteAccepted() {
    lastAccepted.store(milliseconds(origin.duration(to: clock.now)) + 1, ordering: .relaxed)
  }

  /// A delivery was accepted within the quiet period.
  package var isBusy: Bool {
    let last = lastAccepted.load(ordering: .relaxed)
    guard last > 0 else { return false }
    return milliseconds(origin.duration(to: clock.now)) + 1 - last < milliseconds(quietPeriod)
  }

  private func milliseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * 1000 + attoseconds / 1_000_000_000_000_000
  }
}
