import AsyncHTTPClient
import Basics
import Crypto
import Engine
import Expressions
import Foundation
import History
import Logging
import OrderedCollections
import ScenarioModel
import ServiceLifecycle
import SonarAPI
import SonarModules

/// Runs every `http.watch` trigger on its schedule. Each schedule tick runs up to
/// `settings.maxCycles` cycles (Make's "Max number of cycles"); each cycle fetches, selects new
/// items with the trigger's ``PollCursor``, runs one execution with them, and commits the execution
/// and the new cursor in one transaction, so an item is emitted once even across restarts. Reloads
/// start and stop triggers; graceful shutdown stops sleeping triggers.
struct PollingService: Service {
  let registry: ScenarioRegistry
  let history: any ServeStore
  let metrics: ServerMetrics
  /// Which scenarios run: an inactive one is not polled; each poll's outcome is counted there.
  let scenarios: ScenarioActivity
  let httpClient: HTTPClient
  let logger: Logger
  let alerts: FailureAlerts

  func run() async throws {
    try await cancelWhenGracefulShutdown {
      try await supervise()
    }
  }

  /// Keeps one poll loop per polling scenario of the current generation.
  private func supervise() async throws {
    await withTaskGroup(of: Void.self) { group in
      var generation = -1
      while !Task.isCancelled {
        let snapshot = registry.current
        if snapshot.generation != generation {
          generation = snapshot.generation
          for scenario in snapshot.polling {
            let loopGeneration = generation
            group.addTask { await loop(scenario, generation: loopGeneration) }
          }
        }
        await withTaskCancellationHandler {
          await registry.waitForChange(after: generation)
        } onCancel: {
          registry.wakeAll()
        }
      }
      group.cancelAll()
    }
  }

  /// Polls `scenario` until a reload replaces it (a new generation) or the task is cancelled.
  private func loop(_ scenario: ServedScenario, generation: Int) async {
    let name = scenario.compiled.scenario.name.value
    var isFirst = true
    // Trigger failures in a row that Make reruns sooner (PollBackoff).
    var failures = 0
    while !Task.isCancelled && registry.current.generation == generation {
      guard let scheduled = delay(for: scenario, isFirst: isFirst) else {
        logger.error("the scenario's schedule never fires", metadata: ["scenario": "\(name)"])
        return
      }
      isFirst = false
      do {
        try await Task.sleep(for: PollBackoff.delay(afterFailures: failures, scheduled: scheduled))
      } catch {
        return
      }
      guard registry.current.generation == generation else { return }
      failures = await tick(scenario) == .triggerFailedRetriably ? failures + 1 : 0
      if PollBackoff.isExhausted(afterFailures: failures) {
        // The first failure and every rerun of Make's backoff failed: Make stops scheduling.
        await scenarios.deactivate(
          name, reason: "its trigger failed \(failures) times in a row (Make's backoff of reruns ran out)")
        failures = 0
      }
    }
  }

  /// One schedule tick: cycles until one finds nothing new, one fails, or `maxCycles` ran. As in
  /// Make, a cycle only follows one that emitted items and finished without an error.
  @discardableResult
  func tick(_ scenario: ServedScenario) async -> CycleOutcome {
    let maxCycles = scenario.compiled.scenario.settings.maxCycles
    var outcome = CycleOutcome.ended
    for _ in 0..<maxCycles {
      let name = scenario.compiled.scenario.name.value
      guard !Task.isCancelled, scenarios.isActive(name), !scenarios.isWaitingForIncomplete(name) else { break }
      outcome = await cycle(scenario)
      guard outcome == .mayContinue else { break }
    }
    return outcome
  }

  /// How a cycle ended.
  enum CycleOutcome {
    /// Items were emitted and their execution finished with success or warning.
    case mayContinue
    /// Nothing was new, the execution failed, or shutdown interrupted it.
    case ended
    /// The trigger failed with a connection, rate-limit or timeout error: polled again sooner.
    case triggerFailedRetriably
  }

  private func delay(for scenario: ServedScenario, isFirst: Bool) -> Duration? {
    switch scenario.compiled.scenario.trigger.schedule {
    case .every(let interval)?:
      return isFirst ? .zero : interval.value
    case .cron(let expression)?:
      let now = Date()
      guard let next = expression.value.nextFire(after: now, in: scenario.compiled.timeZone) else { return nil }
      return .milliseconds(Int64(max(0, next.timeIntervalSince(now)) * 1000))
    case nil:
      // Make's default: every 15 minutes.
      return isFirst ? .zero : .seconds(900)
    }
  }

  /// One cycle: fetch, select, execute, commit. A trigger that fails is recorded as an execution
  /// (Make §7.4: a warning for a connection, rate-limit or timeout error, else an error; no
  /// incomplete execution) and the cursor does not move.
  func cycle(_ scenario: ServedScenario) async -> CycleOutcome {
    let compiled = scenario.compiled
    let name = compiled.scenario.name.value
    let params = compiled.constantTriggerParams
    // The check's requests and answers, shown as the execution's first operation.
    let checkLog = scenario.engine.options.recordsExchanges ? ExchangeLog() : nil
    let checkStart = ContinuousClock.now
    do {
      let watch = try HTTPWatch(params: params)
      let stored = try await history.pollState(key: scenario.pollKey)
      var cursor = PollCursor(
        seenIDs: stored?.seenIDs, start: start(params, timeZone: compiled.timeZone), limit: watch.limit)
      let items = try await ExchangeLog.$current.withValue(checkLog) {
        try await watch.fetch(httpClient: httpClient)
      }
      let checkDuration = checkStart.duration(to: .now)
      let identified = items.map { item in
        (id: watch.id(of: item) ?? Self.hash(item), item: item)
      }
      let selected = cursor.select(identified)
      let state = PollState(key: scenario.pollKey, seenIDs: cursor.seenIDs ?? [], updatedAt: Date())
      guard !selected.isEmpty else {
        if stored == nil || stored?.seenIDs != state.seenIDs { try await history.finish(nil, savingPoll: state) }
        metrics.poll(scenario: name, outcome: "empty")
        return .ended
      }
      let executionID = UUID().uuidString.lowercased()
      let result = await scenario.engine.run(compiled, triggerBundles: selected, executionID: executionID, now: Date())
      {
        [metrics] event in metrics.module(event.moduleName, duration: event.duration)
      }
      let recorder = scenario.recorder(into: history)
      let (execution, incomplete) = result.records(for: compiled, parentID: nil)
      let prepared = recorder.prepare(
        execution.withTriggerCheck(
          moduleID: Trigger.id, moduleName: compiled.triggerSpec.name, duration: checkDuration,
          exchanges: checkLog?.all ?? []))
      let preparedIncomplete = incomplete.map(recorder.prepare)
      ExecutionOutcomeLog(prepared, firstIncomplete: preparedIncomplete.first, scenario: compiled)?.log(to: logger)
      if result.status == .interrupted {
        // Stopped by shutdown: record it, but leave the items to the next start.
        try await history.finish(prepared)
      } else {
        // The execution, its incomplete executions and the cursor in one transaction.
        try await history.finish(prepared, incomplete: preparedIncomplete, savingPoll: state)
      }
      if compiled.scenario.settings.isSequential, !incomplete.isEmpty {
        scenarios.noteWaitingForIncomplete(compiled.scenario.name.value)
      }
      await scenarios.record(result.status, executionID: executionID, scenario: compiled)
      await alerts.notify(prepared, of: scenario)
      ExecutionMetrics.record(result, scenario: name, metrics: metrics)
      metrics.poll(scenario: name, outcome: "items")
      logger.info(
        "poll emitted items",
        metadata: [
          "scenario": "\(name)", "items": "\(selected.count)", "execution": "\(executionID)",
          "status": "\(result.status)",
        ])
      return result.status == .success || result.status == .warning ? .mayContinue : .ended
    } catch let error as ModulePollError {
      metrics.poll(scenario: name, outcome: "failed")
      // A fetch cut short by shutdown is not the trigger's failure: the next start polls again.
      if Task.isCancelled { return .ended }
      await recordTriggerFailure(
        error, of: scenario, duration: checkStart.duration(to: .now), exchanges: checkLog?.all ?? [])
      return error.type.isRetriedAutomatically ? .triggerFailedRetriably : .ended
    } catch {
      metrics.poll(scenario: name, outcome: "failed")
      logger.error("poll failed", metadata: ["scenario": "\(name)", "error": "\(error)"])
      return .ended
    }
  }

  /// A trigger that failed, recorded as an execution of one operation (the trigger's check, with
  /// its requests and answers), as Make shows it: a warning for errors it reruns, an error
  /// otherwise (counted for deactivation).
  private func recordTriggerFailure(
    _ error: ModulePollError, of scenario: ServedScenario, duration: Duration, exchanges: [HTTPExchange]
  ) async {
    let compiled = scenario.compiled
    let now = Date()
    let failure = ErrorRecord(
      type: error.type.rawValue, message: error.description, moduleID: Trigger.id,
      location: "\(compiled.scenario.trigger.location)")
    let record = ExecutionRecord(
      id: UUID().uuidString.lowercased(), scenarioName: compiled.scenario.name.value,
      scenarioFile: compiled.scenario.source.path, contentHash: compiled.contentHash,
      trigger: compiled.triggerSpec.name,
      status: error.type.isRetriedAutomatically ? .warning : .error,
      startedAt: now.addingTimeInterval(-duration.seconds),
      finishedAt: now, operations: 0, error: failure
    ).withTriggerCheck(
      moduleID: Trigger.id, moduleName: compiled.triggerSpec.name, duration: duration, exchanges: exchanges,
      error: failure)
    let recorder = scenario.recorder(into: history)
    let prepared = recorder.prepare(record)
    ExecutionOutcomeLog(prepared, firstIncomplete: nil, scenario: compiled)?.log(to: logger)
    do {
      try await history.finish(prepared)
    } catch {
      logger.error(
        "cannot record a failed poll", metadata: ["scenario": "\(record.scenarioName)", "error": "\(error)"])
      return
    }
    metrics.execution(scenario: record.scenarioName, status: record.status.rawValue, operations: record.operations)
    await scenarios.record(record.status, executionID: record.id, scenario: compiled)
    await alerts.notify(prepared, of: scenario)
  }

  private func start(_ params: OrderedDictionary<String, Value>, timeZone: TimeZone) -> PollCursor.Start {
    guard case .text(let from)? = params["startFrom"] else { return .now }
    switch from {
    case "all":
      return .all
    case "since":
      let path: String
      if case .text(let text)? = params["datePath"] { path = text } else { path = "date" }
      let since = (try? Coercion.date(from: params["since"] ?? .null, timeZone: timeZone)) ?? nil
      return .since(since ?? Date.distantPast, datePath: path, timeZone: timeZone)
    default:
      return .now
    }
  }

  private static func hash(_ item: Value) -> String {
    "sha256:" + Hexadecimal.lowercase(SHA256.hash(data: Data(item.jsonText().utf8)))
  }
}
