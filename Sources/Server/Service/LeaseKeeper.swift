import History
import Logging
import ServiceLifecycle

/// With several runners on one database: every heartbeat, renews the leases of the deliveries this
/// runner holds (and has the stage read back any of them it does not know of), takes over deliveries whose lease expired (their runner died) or that a stopped
/// runner released, and refreshes the queue-depth gauge. Runs until the workers have drained
/// (it is shut down after them), so in-flight executions keep their leases.
struct LeaseKeeper: Service {
  let coordination: any RunnerCoordination
  let history: any ServeStore
  let registry: ScenarioRegistry
  let scenarios: ScenarioActivity
  let stage: DeliveryStage
  let metrics: ServerMetrics
  let takeoverLimit: Int
  let logger: Logger

  func run() async {
    await repeatEvery(coordination.heartbeatInterval) { await beat() }
  }

  private func beat() async {
    do {
      // Every pending delivery this runner holds: any the stage does not know of gets read back.
      stage.reconcile(held: try await coordination.renewLeases())
      let taken = try await coordination.claimExpiredDeliveries(
        limit: takeoverLimit, hooks: Set(registry.current.byHook.keys).subtracting(scenarios.heldHooks))
      if !taken.isEmpty {
        logger.info("took over deliveries no live runner holds", metadata: ["count": "\(taken.count)"])
        for delivery in taken { stage.offer(delivery) }
      }
      metrics.setQueueDepth(try await history.pendingDeliveryCount())
    } catch {
      logger.error("cannot renew delivery leases", metadata: ["error": "\(error)"])
    }
  }
}
