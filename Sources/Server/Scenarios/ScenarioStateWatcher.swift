import History
import Logging
import ServiceLifecycle

/// Reads the scenarios' states every ``ScenarioActivity/refreshInterval``, registering the served
/// scenarios after a reload, and has the stage read back the deliveries of a scenario enabled again.
struct ScenarioStateWatcher: Service {
  let activity: ScenarioActivity
  let registry: ScenarioRegistry
  let stage: DeliveryStage
  let history: any HistoryStore
  let logger: Logger

  func run() async {
    await cancelWhenGracefulShutdown {
      var generation = registry.current.generation
      while true {
        do {
          try await Task.sleep(for: activity.refreshInterval)
        } catch {
          return
        }
        let current = registry.current.generation
        do {
          let enabled = try await activity.refresh(registering: current != generation)
          generation = current
          let released = try await activity.refreshWaiting(history: history)
          if !enabled.isEmpty {
            logger.info(
              "scenarios enabled again: running their queued deliveries", metadata: ["scenarios": "\(enabled)"])
          }
          if !released.isEmpty {
            logger.info(
              "sequential scenarios without incomplete executions any more: running their queued deliveries",
              metadata: ["scenarios": "\(released)"])
          }
          if !enabled.isEmpty || !released.isEmpty { stage.resume() }
        } catch {
          logger.error("cannot read the scenarios' states", metadata: ["error": "\(error)"])
        }
      }
    }
  }
}
