import ServiceLifecycle

#if canImport(Glibc)
  import Glibc
#endif

/// Hands memory back to the system once a burst is over. glibc's allocator keeps what a burst
/// freed in its per-thread arenas for reuse, so without this a server that took 100,000 webhooks
/// stays at its peak size while idle (docs/benchmarks.md, "Memory"); `malloc_trim(0)` returns the
/// free pages. It runs when a check finds no delivery accepted since the previous one and nothing
/// pending, after one that found activity: once per burst, never during one.
struct MemoryTrim: Service {
  let activity: IntakeActivity
  let metrics: ServerMetrics
  let interval: Duration

  func run() async {
    await cancelWhenGracefulShutdown {
      var seen = activity.lastAcceptedMark
      var hadActivity = false
      await repeatEvery(interval) {
        let mark = activity.lastAcceptedMark
        let isActive = mark != seen || metrics.queueDepth > 0
        seen = mark
        if isActive {
          hadActivity = true
        } else if hadActivity {
          hadActivity = false
          Self.trim()
        }
      }
    }
  }

  /// glibc's `malloc_trim`, looked up at run time: Swift's Glibc module leaves out `malloc.h`.
  /// nil on another C library.
  private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
    #if canImport(Glibc)
      guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
      return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    #else
      return nil
    #endif
  }()

  private static func trim() {
    _ = mallocTrim?(0)
  }
}
