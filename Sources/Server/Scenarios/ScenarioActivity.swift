import CoreMetrics
import Engine
import Foundation
import History
import Logging
import Synchronization

/// Which scenarios `serve` runs: this runner's copy of the database's `scenario_state`, refreshed
/// every ``refreshInterval`` (``ScenarioStateWatcher``) so a `sonarflow scenarios enable|disable`
/// or another runner's deactivation is seen within it, and updated at once when this runner
/// records an outcome that changes it. Exported as `sonarflow_scenario_active{scenario}`.
///
/// A class over a `Mutex`, as ``DeliveryStage``: the stage asks it about every delivery it hands out.
final class ScenarioActivity: Sendable {
  private struct State: Sendable {
    var byName: [String: ScenarioState] = [:] {
      didSet { inactive = Set(byName.values.lazy.filter { !$0.isActive }.map(\.name)) }
    }
    /// The names of the inactive ones: empty almost always, which makes ``isHeld(hook:)`` cheap.
    var inactive: Set<String> = []
    /// Sequential scenarios with incomplete executions: as in Make, they run nothing new until
    /// those are resolved (by an automatic attempt or `sonarflow history resume`).
    var waiting: Set<String> = []
    /// The scenarios whose deliveries wait: ``inactive`` and ``waiting``.
    var held: Set<String> { inactive.union(waiting) }
    var gauges: [String: Gauge] = [:]
    /// Counts local updates, so a refresh that read the database before one does not undo it.
    var version = 0
  }

  let store: any ScenarioStateStore
  let registry: ScenarioRegistry
  let logger: Logger
  /// How often the state is read again.
  let refreshInterval: Duration
  private let state = Mutex(State())

  init(
    store: any ScenarioStateStore, registry: ScenarioRegistry, logger: Logger, refreshInterval: Duration = .seconds(1)
  ) {
    self.store = store
    self.registry = registry
    self.logger = logger
    self.refreshInterval = refreshInterval
  }

  /// Whether `name` runs; a scenario the database does not know yet does.
  func isActive(_ name: String) -> Bool {
    !state.withLock { $0.inactive.contains(name) }
  }

  /// Whether deliveries for `hook` wait: its scenario is not active, or is sequential and has
  /// incomplete executions.
  func isHeld(hook: String) -> Bool {
    let held = state.withLock { $0.held }
    guard !held.isEmpty, let scenario = registry.current.byHook[hook] else { return false }
    return held.contains(scenario.compiled.scenario.name.value)
  }

  /// The hooks whose deliveries wait.
  var heldHooks: Set<String> {
    let held = state.withLock { $0.held }
    guard !held.isEmpty else { return [] }
    return Set(registry.current.byHook.filter { held.contains($0.value.compiled.scenario.name.value) }.keys)
  }

  /// This runner recorded an incomplete execution of sequential scenario `name`: it waits from now
  /// on, not from the next refresh.
  func noteWaitingForIncomplete(_ name: String) {
    state.withLock { _ = $0.waiting.insert(name) }
  }

  /// Whether `name` is a sequential scenario held by its incomplete executions.
  func isWaitingForIncomplete(_ name: String) -> Bool {
    state.withLock { $0.waiting.contains(name) }
  }

  /// Reads which served sequential scenarios have incomplete executions. Returns those that had
  /// and have no more, whose queued deliveries may run now.
  func refreshWaiting(history: any HistoryStore) async throws -> [String] {
    var waiting: Set<String> = []
    for scenario in registry.current.all where scenario.compiled.scenario.settings.isSequential {
      let name = scenario.compiled.scenario.name.value
      let incomplete = try await history.executions(
        matching: HistoryQuery(scenarioName: name, status: .incomplete, limit: 1))
      if !incomplete.isEmpty { waiting.insert(name) }
    }
    return state.withLock { state in
      defer { state.waiting = waiting }
      return state.waiting.subtracting(waiting).sorted()
    }
  }

  /// Registers the served scenarios (new ones are active) and reads every state.
  /// Returns the served scenarios that were inactive and are active now.
  @discardableResult
  func refresh(registering: Bool) async throws -> [String] {
    let served = registry.current.all.map(\.compiled.scenario.name.value)
    if registering { try await store.registerScenarios(served) }
    let version = state.withLock { $0.version }
    let states = try await store.scenarioStates()
    return state.withLock { state in
      // Read before this runner's own update: the next refresh reads it.
      guard state.version == version else { return [] }
      var enabled: [String] = []
      var byName: [String: ScenarioState] = [:]
      for scenario in states { byName[scenario.name] = scenario }
      for name in served {
        let isActive = byName[name]?.isActive ?? true
        if isActive && state.byName[name]?.isActive == false { enabled.append(name) }
        let gauge = state.gauges[name] ?? Gauge(label: "sonarflow_scenario_active", dimensions: [("scenario", name)])
        state.gauges[name] = gauge
        gauge.record(isActive ? 1 : 0)
      }
      state.byName = byName
      return enabled
    }
  }

  /// Deactivates `name` for `reason` (a trigger that kept failing on Make's backoff), logged.
  func deactivate(_ name: String, reason: String) async {
    do {
      guard let stored = try await store.setScenario(name, active: false, reason: reason, at: Date()) else { return }
      state.withLock { state in
        state.version += 1
        state.byName[name] = stored
        state.gauges[name]?.record(stored.isActive ? 1 : 0)
      }
      logger.warning(
        "deactivated a scenario; it runs nothing until sonarflow scenarios enable",
        metadata: ["scenario": "\(name)", "reason": "\(reason)"])
    } catch {
      logger.error("cannot deactivate a scenario", metadata: ["scenario": "\(name)", "error": "\(error)"])
    }
  }

  /// Counts the outcome of a scheduled execution (a webhook delivery's or a poll's) under Make's
  /// deactivation rule. Writes only when the rule changes something; logs a deactivation.
  func record(_ status: ExecutionStatus, executionID: String, scenario compiled: CompiledScenario) async {
    let name = compiled.scenario.name.value
    let rule = DeactivationRule(
      maxConsecutiveErrors: compiled.scenario.settings.maxConsecutiveErrors,
      hasInstantTrigger: compiled.triggerSpec.kind == .instantTrigger)
    var local = state.withLock { $0.byName[name] } ?? ScenarioState(name: name)
    guard rule.apply(status, executionID: executionID, at: Date(), to: &local) != .unchanged else { return }
    do {
      let (stored, action) = try await store.recordOutcome(
        status, executionID: executionID, scenario: name, rule: rule, at: Date())
      state.withLock { state in
        state.version += 1
        state.byName[name] = stored
        state.gauges[name]?.record(stored.isActive ? 1 : 0)
      }
      if action == .deactivated {
        logger.warning(
          "deactivated a scenario after consecutive errors; its webhooks are stored but not run until sonarflow scenarios enable",
          metadata: [
            "scenario": "\(name)", "errors": "\(stored.consecutiveErrors)", "execution": "\(executionID)",
          ])
      }
    } catch {
      logger.error(
        "cannot record a scenario's consecutive errors",
        metadata: ["scenario": "\(name)", "execution": "\(executionID)", "error": "\(error)"])
    }
  }
}
