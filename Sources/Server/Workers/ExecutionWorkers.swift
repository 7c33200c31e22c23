import Engine
import Expressions
import Foundation
import History
import Logging
import ServiceLifecycle

/// Runs queued deliveries: `workers` loops take from the stage, execute, and record the execution
/// together with marking the delivery done. At graceful shutdown the stage closes, in-flight
/// executions finish and are recorded, and whatever is still queued stays in the database.
struct ExecutionWorkers: Service {
  let registry: ScenarioRegistry
  let history: any ServeStore
  let stage: DeliveryStage
  let metrics: ServerMetrics
  let workers: Int
  let logger: Logger
  /// Serialises executions of scenarios with `settings.sequential`.
  let gate = SequentialGate()

  func run() async throws {
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        // Returns at graceful shutdown (or throws when cancelled): either way, stop handing out.
        try? await gracefulShutdown()
        await stage.close()
      }
      for _ in 0..<workers {
        group.addTask {
          while let delivery = await stage.next() {
            await process(delivery)
          }
        }
      }
      await group.waitForAll()
    }
  }

  private func process(_ delivery: QueuedDelivery) async {
    guard let scenario = registry.current.byHook[delivery.hook] else {
      // The scenario was removed by a reload: nothing can run it any more.
      logger.warning("dropping a delivery for a hook no scenario listens at", metadata: ["hook": "\(delivery.hook)"])
      await settle(delivery) { try await history.discardDelivery(id: delivery.id) }
      return
    }
    let bundles: [Value]
    do {
      bundles = try WebhookBody.bundles(fromStored: delivery.body)
    } catch {
      logger.error("a stored delivery is not valid JSON", metadata: ["id": "\(delivery.id)"])
      await settle(delivery) { try await history.discardDelivery(id: delivery.id) }
      return
    }
    let compiled = scenario.compiled
    let engine = scenario.engine
    let execute: @Sendable () async -> ExecutionResult = { [metrics] in
      await engine.run(compiled, triggerBundles: bundles, executionID: delivery.id, now: Date()) { event in
        metrics.module(event.moduleName, duration: event.duration)
      }
    }
    let result =
      compiled.scenario.settings.isSequential
      ? await gate.run(delivery.hook, execute) : await execute()
    let recorder = HistoryRecorder(
      store: history, isConfidential: compiled.scenario.settings.isConfidential,
      secrets: scenario.token.map { [$0] } ?? [])
    let (execution, incomplete) = result.records(for: compiled, parentID: nil)
    let recorded = await settle(delivery) {
      try await history.finish(recorder.prepare(execution), completingDelivery: delivery.id)
    }
    guard recorded else { return }
    for record in incomplete {
      do {
        try await recorder.finish(record)
      } catch {
        logger.error("cannot record an incomplete bundle", metadata: ["execution": "\(delivery.id)", "error": "\(error)"])
      }
    }
    ExecutionMetrics.record(result, scenario: compiled.scenario.name.value, metrics: metrics)
    logger.debug(
      "execution finished",
      metadata: ["scenario": "\(compiled.scenario.name.value)", "execution": "\(delivery.id)", "status": "\(result.status)"])
  }

  /// Runs the write that completes `delivery`, retrying a few times; on failure the delivery stays
  /// pending for a later refill. Returns whether it was written.
  @discardableResult
  private func settle(_ delivery: QueuedDelivery, _ write: () async throws -> Void) async -> Bool {
    for attempt in 1...5 {
      do {
        try await write()
        metrics.adjustQueueDepth(by: -1)
        await stage.finished(delivery.id)
        return true
      } catch {
        logger.error(
          "cannot record a delivery's execution",
          metadata: ["id": "\(delivery.id)", "attempt": "\(attempt)", "error": "\(error)"])
        try? await Task.sleep(for: .milliseconds(200 * attempt))
      }
    }
    await stage.abandoned(delivery.id)
    return false
  }
}

/// Metrics of a finished execution, shared by webhook workers and pollers.
enum ExecutionMetrics {
  static func record(_ result: ExecutionResult, scenario: String, metrics: ServerMetrics) {
    metrics.execution(scenario: scenario, status: result.status.rawValue, operations: result.operations)
    for operation in result.events where operation.moduleName.hasPrefix("sonar.") {
      if let error = operation.error { metrics.sonarError(kind: error.type.rawValue) }
    }
  }
}
