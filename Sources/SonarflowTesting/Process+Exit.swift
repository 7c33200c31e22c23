public import Foundation

extension Process {
  /// Waits until the process has exited without holding a thread: `waitUntilExit()` holds one of
  /// the cooperative pool's few threads for as long as the child runs, which stops every other
  /// test meanwhile (see ``CommandRunner``). Returns early if the task is cancelled.
  public func waitForExit() async {
    while isRunning {
      do {
        try await Task.sleep(for: .milliseconds(10))
      } catch {
        return
      }
    }
  }
}
