import ServiceLifecycle

/// A service's loop: waits `interval`, runs `body`, and again, until graceful shutdown (or the
/// task's cancellation).
func repeatEvery(_ interval: Duration, _ body: @escaping @Sendable () async -> Void) async {
  await cancelWhenGracefulShutdown {
    while true {
      do {
        try await Task.sleep(for: interval)
      } catch {
        return
      }
      await body()
    }
  }
}
