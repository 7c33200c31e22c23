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
    // Ends at graceful shutdown without an error (a service that throws would make the group
    // cancel the workers' in-flight executions).
    await repeatEvery(.seconds(3600)) {
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
