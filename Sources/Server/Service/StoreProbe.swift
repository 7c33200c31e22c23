import Basics
import History
import Logging
import ServiceLifecycle

/// Writes the store's probe row every `interval` and keeps `/readyz` in line: not ready while the
/// write fails or takes longer than `timeout` (disk full, a read-only file, a lock held by another
/// process, PostgreSQL down), ready again after the first write that succeeds. A delivery whose
/// write fails makes serve not ready at once (``WebhookIntake``); the next probe decides again.
struct StoreProbe: Service {
  let history: any ServeStore
  let readiness: Readiness
  let interval: Duration
  let timeout: Duration
  let logger: Logger

  func run() async {
    await repeatEvery(interval) {
      do {
        try await Deadline.run(within: timeout) { [history] in try await history.probeWrite() }
        if !readiness.setStoreWritable(true) {
          logger.notice("the history database takes writes again: ready")
        }
      } catch is CancellationError {
        return
      } catch {
        let reason = error is Deadline.Expired ? "no answer within \(timeout)" : "\(error)"
        if readiness.setStoreWritable(false) {
          logger.error("the history database does not take writes: not ready", metadata: ["error": "\(reason)"])
        }
      }
    }
  }
}
