/// Waits `interval`, runs `body`, and again, until the task is cancelled (graceful shutdown
/// cancels it through `cancelWhenGracefulShutdown`).
func repeatEvery(_ interval: Duration, _ body: () async -> Void) async {
  while true {
    do {
      try await Task.sleep(for: interval)
    } catch {
      return
    }
    await body()
  }
}
