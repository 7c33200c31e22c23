import Engine
import Expressions
import Foundation
import History
import Logging
import ServiceLifecycle

/// Runs queued deliveries: `workers` loops take from the stage and execute; each execution is
/// recorded as `running` when it starts and, when it ends, with its record together with marking
/// the delivery done. At graceful shutdown the stage closes, in-flight executions finish and are
/// recorded, and whatever is still queued stays in the database.
///
/// Pacing (when a worker waits for history writes, and which workers a surge of webhooks holds)
/// is decided by ``WorkerPacing``; a delivery is marked done only once its record is committed,
/// and shutdown waits for every pending write.
struct ExecutionWorkers: Service {
  let registry: ScenarioRegistry
  let history: any ServeStore
  let stage: DeliveryStage
  let metrics: ServerMetrics
  let activity: IntakeActivity
  /// Which scenarios run; each execution's outcome is counted there (Make's deactivation).
  let scenarios: ScenarioActivity
  let workers: Int
  /// Pending deliveries up to which workers are paced while intake is busy.
  let pacedBacklog: Int
  let logger: Logger
  /// Queues alerts for error scenarios.
  var alerts: FailureAlerts {
    FailureAlerts(registry: registry, history: history, stage: stage, metrics: metrics, logger: logger)
  }
  /// Serialises executions of scenarios with `settings.sequential`.
  let gate = SequentialGate()
  /// Executions per worker whose history writes may be pending at once while intake is quiet.
  let maxPendingRecords = 64

  func run() async throws {
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        // Returns at graceful shutdown (or throws when cancelled): either way, stop handing out.
        try? await gracefulShutdown()
        stage.close()
      }
      for index in 0..<workers {
        group.addTask { await work(index: index) }
      }
      await group.waitForAll()
    }
  }

  /// One worker: one execution at a time; the history writes of finished executions complete in
  /// child tasks. Each step is the one ``WorkerPacing`` picks.
  ///
  /// The children are in a discarding group, which frees each as it ends: a task keeps the memory
  /// its calls took (the execution's frames) until it is freed, and a plain group keeps ended
  /// children until the worker asks for their results, which an idle worker never does, so up to
  /// `maxPendingRecords` per worker stayed allocated after a burst (measured in docs/benchmarks.md,
  /// "Serve memory"). An ended child says so on `recorded` instead.
  private func work(index: Int) async {
    let pacing = WorkerPacing(workerIndex: index, pacedBacklog: pacedBacklog, maxPendingRecords: maxPendingRecords)
    let (recorded, recordedContinuation) = AsyncStream<Void>.makeStream()
    var records = recorded.makeAsyncIterator()
    await withDiscardingTaskGroup { children in
      var pending = 0
      while true {
        let conditions = WorkerPacing.Conditions(
          isBusy: activity.isBusy, isSurging: activity.isSurging, queueDepth: metrics.queueDepth,
          pendingRecords: pending, isStopping: stage.isClosed || Task.isCancelled)
        switch pacing.next(conditions) {
        case .awaitRecord:
          await records.next()
          pending -= 1
        case .holdForSurge:
          try? await Task.sleep(for: WorkerPacing.surgeCheckInterval)
        case .takeNext:
          // At the end the group waits for the children still recording.
          guard let delivery = await stage.next() else { return }
          // The child runs the execution and resumes the worker as soon as it has ended; the
          // worker then takes the next delivery while the child records this one.
          await withCheckedContinuation { (executed: CheckedContinuation<Void, Never>) in
            children.addTask {
              await process(delivery, executed: executed)
              recordedContinuation.yield()
            }
          }
          pending += 1
        }
      }
    }
    recordedContinuation.finish()
  }

  /// Executes `delivery` and records it. `executed` is resumed exactly once, when the execution
  /// has ended (or at once when there is nothing to execute).
  private func process(_ delivery: QueuedDelivery, executed: CheckedContinuation<Void, Never>) async {
    guard let scenario = registry.current.byHook[delivery.hook], scenario.compiled.scenario.settings.isSequential
    else {
      await run(delivery, executed: executed)
      return
    }
    // Make's sequential processing: one execution at a time, recorded before the next starts,
    // and none while the scenario has incomplete executions (the delivery waits in the database).
    let name = scenario.compiled.scenario.name.value
    await gate.run(delivery.hook) {
      if scenarios.isWaitingForIncomplete(name) {
        executed.resume()
        stage.abandoned(delivery.id)
        return
      }
      await run(delivery, executed: executed)
    }
  }

  /// Executes `delivery` and records it.
  private func run(_ delivery: QueuedDelivery, executed: CheckedContinuation<Void, Never>) async {
    guard let scenario = registry.current.byHook[delivery.hook] else {
      executed.resume()
      // The scenario was removed by a reload: nothing can run it any more.
      logger.warning("dropping a delivery for a hook no scenario listens at", metadata: ["hook": "\(delivery.hook)"])
      await settle(delivery) { try await history.discardDelivery(id: delivery.id) }
      return
    }
    let bundles: [Value]
    do {
      bundles = try WebhookBody.bundles(fromStored: delivery.body)
    } catch {
      executed.resume()
      logger.error("a stored delivery is not valid JSON", metadata: ["id": "\(delivery.id)"])
      await settle(delivery) { try await history.discardDelivery(id: delivery.id) }
      return
    }
    let compiled = scenario.compiled
    let engine = scenario.engine
    let recorder = scenario.recorder(into: history)
    // The `running` row (as `sonarflow run` writes it) goes through the group commit while the
    // execution runs (for a sequential scenario, while it waits for its turn too); the final
    // record is submitted only after it is committed, so it can never be undone by it. If the
    // process dies meanwhile, the next start marks the row interrupted and runs the delivery again
    // under the same id, whose record then replaces it.
    async let begun: Void = begin(compiled.runningRecord(id: delivery.id), recorder: recorder)
    let execute: @Sendable () async -> ExecutionResult = { [metrics] in
      await engine.run(compiled, triggerBundles: bundles, executionID: delivery.id, now: Date()) { event in
        metrics.module(event.moduleName, duration: event.duration)
      }
    }
    let result = await execute()
    executed.resume()
    await begun
    let (execution, incomplete) = result.records(for: compiled, parentID: nil)
    let prepared = recorder.prepare(execution)
    let preparedIncomplete = incomplete.map(recorder.prepare)
    // Logged before the record is written, so a record in history means its line is in the log.
    ExecutionOutcomeLog(prepared, firstIncomplete: preparedIncomplete.first, scenario: compiled)?.log(to: logger)
    // The execution, its incomplete executions and the delivery's completion in one transaction;
    // a confidential scenario's body goes with it.
    let isConfidential = compiled.scenario.settings.isConfidential
    let recorded = await settle(delivery) {
      try await history.finish(
        prepared, incomplete: preparedIncomplete, completingDelivery: delivery.id, erasingBody: isConfidential)
    }
    guard recorded else { return }
    if compiled.scenario.settings.isSequential, !incomplete.isEmpty {
      scenarios.noteWaitingForIncomplete(compiled.scenario.name.value)
    }
    await scenarios.record(result.status, executionID: delivery.id, scenario: compiled)
    await alerts.notify(prepared, of: scenario)
    ExecutionMetrics.record(result, scenario: compiled.scenario.name.value, metrics: metrics)
    logger.debug(
      "execution finished",
      metadata: [
        "scenario": "\(compiled.scenario.name.value)", "execution": "\(delivery.id)", "status": "\(result.status)",
      ])
  }

  /// Writes the execution's `running` row; a failure is logged, the execution runs anyway.
  private func begin(_ record: ExecutionRecord, recorder: HistoryRecorder) async {
    do {
      try await recorder.begin(record)
    } catch {
      logger.warning(
        "cannot record an execution's start", metadata: ["execution": "\(record.id)", "error": "\(error)"])
    }
  }

  /// Runs the write that completes `delivery`, retrying a few times; on failure the delivery stays
  /// pending for a later refill. Returns whether it was written.
  @discardableResult
  private func settle(_ delivery: QueuedDelivery, _ write: () async throws -> Void) async -> Bool {
    var random = SystemRandomNumberGenerator()
    for attempt in 1...WorkerPacing.recordWriteAttempts {
      do {
        try await write()
        metrics.adjustQueueDepth(by: -1)
        stage.finished(delivery.id)
        return true
      } catch {
        logger.error(
          "cannot record a delivery's execution",
          metadata: ["id": "\(delivery.id)", "attempt": "\(attempt)", "error": "\(error)"])
        guard attempt < WorkerPacing.recordWriteAttempts else { break }
        try? await Task.sleep(for: WorkerPacing.recordWriteBackoff.delay(beforeRetry: attempt, using: &random))
      }
    }
    stage.abandoned(delivery.id)
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
