import ServiceLifecycle
import Synchronization

/// Hands memory back to the system once a burst is over: first the store's caches (SQLite's page
/// caches, filled by the burst's commits), then glibc's allocator (``GlibcAllocator/trim()``),
/// which keeps what a burst freed in its arenas for reuse until `malloc_trim(0)` returns the free
/// pages (measured in docs/benchmarks.md, "Serve memory"). It runs when a check finds no delivery
/// accepted since the previous one and nothing pending, after one that found activity: once per
/// burst, never during one.
struct MemoryTrim: Service {
  let activity: IntakeActivity
  let metrics: ServerMetrics
  let interval: Duration
  /// Empties the store's caches first, so that what they free is trimmed too.
  let releaseCaches: @Sendable () async -> Void

  func run() async {
    // The last mark seen and whether a check since the last trim found activity.
    let state = Mutex((seen: activity.lastAcceptedMark, hadActivity: false))
    await repeatEvery(interval) { [activity, metrics, releaseCaches] in
      let mark = activity.lastAcceptedMark
      let isPending = metrics.queueDepth > 0
      let shouldTrim = state.withLock { state -> Bool in
        let isActive = mark != state.seen || isPending
        state.seen = mark
        if isActive {
          state.hadActivity = true
          return false
        }
        defer { state.hadActivity = false }
        return state.hadActivity
      }
      if shouldTrim {
        await releaseCaches()
        GlibcAllocator.trim()
      }
    }
  }
}
