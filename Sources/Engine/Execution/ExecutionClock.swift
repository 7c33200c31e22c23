import Basics
package import Foundation
import Synchronization

/// Where an execution reads the time: its start and end (`Date`, the mapping's `now` by default)
/// and the boundaries between operations, whose differences are the operations' durations.
///
/// The engine's option (`Engine.Options.clock`): `system` everywhere sonarflow runs scenarios,
/// `manual` where a run must be the same every time (tests: every reading is the manual clock's
/// time, which moves only by its step), so recorded starts, ends and durations are exact.
/// Module timeouts are real time whatever the clock: they bound the work, not its record.
package enum ExecutionClock: Sendable {
  /// The system's clocks: the wall clock for dates, the continuous clock for durations.
  case system
  /// A clock that reads `ManualClock`'s time.
  case manual(ManualClock)

  /// The current date.
  package func date() -> Date {
    switch self {
    case .system: Date()
    case .manual(let clock): clock.date()
    }
  }

  /// A reading in nanoseconds from a fixed origin, for durations: an operation lasts from one
  /// reading to the next.
  package func nanoseconds() -> Int64 {
    switch self {
    case .system: ContinuousReading.now()
    case .manual(let clock): clock.nanoseconds()
    }
  }
}

/// A clock that moves only as told: from `start`, by `step` after every reading (zero: it stands
/// still), and by `advance(by:)`.
package final class ManualClock: Sendable {
  private let start: Date
  private let step: Int64
  private let elapsed = Mutex<Int64>(0)

  package init(start: Date, step: Duration = .zero) {
    self.start = start
    self.step = step.wholeNanoseconds
  }

  /// Moves the clock on by `duration`.
  package func advance(by duration: Duration) {
    elapsed.withLock { $0 &+= duration.wholeNanoseconds }
  }

  func nanoseconds() -> Int64 {
    elapsed.withLock { elapsed in
      defer { elapsed &+= step }
      return elapsed
    }
  }

  func date() -> Date {
    start.addingTimeInterval(Double(nanoseconds()) / 1e9)
  }
}

/// The continuous clock read in nanoseconds from a fixed origin: operation boundaries and
/// durations are kept as such integers. Neither a `ContinuousClock.Instant` (the standard
/// library's `Instant` is not frozen: one stored in the interpreter made the interpreter's layout
/// known only at run time) nor a `Duration` (whose arithmetic, on 128-bit attoseconds, is a call
/// into the standard library per operation); an event makes its `Duration` when it is read.
///
/// Never inlined: the walk is async, and the reading's `timespec` is kept on this synchronous
/// function's stack rather than in the async function's frame.
enum ContinuousReading {
  #if os(Linux)
    /// The clock `ContinuousClock` reads on Linux (it goes on while the system sleeps), read
    /// directly: one reading per operation, and going through `ContinuousClock.now` and an
    /// `Instant` difference cost about a third as much again as the reading itself.
    @inline(never)
    static func now() -> Int64 {
      var time = timespec()
      clock_gettime(CLOCK_BOOTTIME, &time)
      return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }
  #else
    private static let origin = ContinuousClock.now

    @inline(never)
    static func now() -> Int64 {
      origin.duration(to: .now).wholeNanoseconds
    }
  #endif
}
