import Foundation

/// The continuous clock read in nanoseconds from a fixed origin: operation boundaries and
/// durations are kept as such integers. Neither a `ContinuousClock.Instant` (the standard
/// library's `Instant` is not frozen: one stored in the interpreter made the interpreter's layout
/// known only at run time) nor a `Duration` (whose arithmetic, on 128-bit attoseconds, is a call
/// into the standard library per operation); an event makes its `Duration` when it is read.
///
/// Never inlined: the walk is async, and the reading's `timespec` is kept on this synchronous
/// function's stack rather than in the async function's frame.
enum OperationClock {
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
