import Foundation
import History
import Logging
import ServiceLifecycle

/// Forgets done deliveries past the de-duplication window, hourly (and once at start, in
/// ``SonarflowServer``), so the queue table does not grow without bound.
struct QueueMaintenance: Service {
  let history: any ServeStore
  let window: TimeInterval
  let logger: Logger

  func run() async {
    // Cancelled at graceful shutdown: a cancelled sleep ends the loop without an error (a
    // service that throws would make the group cancel the workers' in-flight executions).
    await cancelWhenGracefulShutdown {
      while true {
        do {
          try await Task.sleep(for: .seconds(3600))
        } catch {
          return
        }
        do {
          let pruned = try await history.pruneDeliveries(doneBefore: Date().addingTimeInterval(-window))
          if pruned > 0 {
            logger.info("forgot deliveries past the de-duplication window", metadata: ["count": "\(pruned)"])
          }
        } catch {
          logger.error("cannot prune the webhook queue", metadata: ["error": "\(error)"])
        }
      }
    }
  }
}
