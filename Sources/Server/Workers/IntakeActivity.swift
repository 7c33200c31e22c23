import Basics
import Synchronization

/// Whether webhooks are arriving right now, and how fast, so the workers can give intake the CPU
/// during a burst (the durable queue absorbs it) and drain the backlog at full speed once it is
/// over.
///
/// Two levels: *busy* — a delivery was accepted within the quiet period (200 ms) — paces every
/// worker; *surging* — deliveries arrive faster than `surgeRate` per second — also holds all
/// workers but one, since at that rate accepting them needs the CPU that executions would take.
package final class IntakeActivity: Sendable {
  /// Milliseconds on `clock` of the last accepted delivery (0: none yet).
  private let lastAccepted = Atomic<Int64>(0)
  /// Accepted deliveries counted in windows of `window` milliseconds.
  private let counts = Mutex(Counts())
  private let quietPeriod: Duration
  private let window: Int64
  /// Accepted deliveries in one window at which intake is surging.
  private let surgeCount: Int
  private let clock: ContinuousClock
  private let origin: ContinuousClock.Instant

  private struct Counts {
    /// Milliseconds since `origin` at which the current window started.
    var start: Int64 = -1
    var current = 0
    /// The count of the window before the current one, if it ended when the current one started.
    var previous = 0
  }

  /// - Parameters:
  ///   - quietPeriod: how long after the last accepted delivery intake counts as idle.
  ///   - surgeRate: accepted deliveries per second from which intake counts as surging.
  ///   - window: the span over which that rate is counted.
  package init(
    quietPeriod: Duration = .milliseconds(200), surgeRate: Int = 5_000, window: Duration = .milliseconds(100),
    clock: ContinuousClock = ContinuousClock()
  ) {
    self.quietPeriod = quietPeriod
    self.clock = clock
    self.origin = clock.now
    let windowMilliseconds = max(1, window.wholeMilliseconds)
    self.window = windowMilliseconds
    surgeCount = max(1, Int((Int64(surgeRate) * windowMilliseconds + 999) / 1000))
  }

  /// Intake accepted a delivery.
  package func noteAccepted() {
    noteAccepted(atMillisecond: origin.duration(to: clock.now).wholeMilliseconds)
  }

  /// Changes whenever a delivery is accepted (the time of the last one), for ``MemoryTrim``.
  package var lastAcceptedMark: Int64 { lastAccepted.load(ordering: .relaxed) }

  /// A delivery was accepted within the quiet period.
  package var isBusy: Bool {
    let last = lastAccepted.load(ordering: .relaxed)
    guard last > 0 else { return false }
    return origin.duration(to: clock.now).wholeMilliseconds + 1 - last < quietPeriod.wholeMilliseconds
  }

  /// Deliveries are arriving at `surgeRate` per second or faster: in the current window so far, or
  /// in the window just before it.
  package var isSurging: Bool {
    isSurging(atMillisecond: origin.duration(to: clock.now).wholeMilliseconds)
  }

  /// ``noteAccepted()`` at a given time (milliseconds since this activity was made), for tests.
  func noteAccepted(atMillisecond now: Int64) {
    lastAccepted.store(now + 1, ordering: .relaxed)
    counts.withLock { counts in
      if counts.start < 0 || now - counts.start >= window {
        counts.previous = counts.start >= 0 && now - counts.start < 2 * window ? counts.current : 0
        counts.start = now
        counts.current = 0
      }
      counts.current += 1
    }
  }

  /// ``isSurging`` at a given time (milliseconds since this activity was made), for tests.
  func isSurging(atMillisecond now: Int64) -> Bool {
    counts.withLock { counts in
      guard counts.start >= 0 else { return false }
      let age = now - counts.start
      if age >= 2 * window { return false }
      // The current window is over: it is the one just before the next.
      if age >= window { return counts.current >= surgeCount }
      return max(counts.current, counts.previous) >= surgeCount
    }
  }

}
