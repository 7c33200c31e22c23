import Basics
import Engine
import Expressions
import Foundation
import History
import Logging
import ServiceLifecycle

/// Completes incomplete executions automatically, as Make does: a bundle stopped by `break` with
/// its `retry` attempts and interval, and one stopped without a handler by a connection,
/// rate-limit or timeout error on Make's backoff schedule (``RetrySchedule``).
///
/// Every `interval` it claims the attempts that are due for the scenarios this runner serves — on
/// PostgreSQL each is claimed by exactly one runner, held for `lease` — and resumes each bundle
/// from the module that failed with the scenario as it is now. The attempt is recorded as an
/// execution linked to the incomplete one, in the same transaction as the incomplete execution's
/// new state: resolved, or still incomplete with one attempt more and the next one scheduled
/// (none once the attempts are used up: it then waits for `sonarflow history resume`).
///
/// A resume asked for in the console (``ExecutionRecord/resumeRequestedAt``) is due at once and
/// claimed the same way, whether or not automatic attempts are left; as a resume by hand it does
/// not count against them.
struct IncompleteRetries: Service {
  let registry: ScenarioRegistry
  let history: any ServeStore
  let metrics: ServerMetrics
  let logger: Logger
  let alerts: FailureAlerts
  var interval: Duration = .seconds(1)
  /// Longer than any attempt takes (a module's timeout is at most a few minutes).
  var lease: Duration = .seconds(900)

  func run() async {
    // Cancelled at graceful shutdown; an attempt in progress is interrupted between modules and
    // is due again at once.
    await repeatEvery(interval) { await runDueAttempts() }
  }

  /// Claims the attempts that are due and makes them, one after the other.
  func runDueAttempts() async {
    var served: [String: ServedScenario] = [:]
    for scenario in registry.current.all { served[scenario.compiled.scenario.name.value] = scenario }
    let due: [ExecutionRecord]
    do {
      due = try await history.claimDueRetries(scenarios: Set(served.keys), now: Date(), lease: lease, limit: 16)
    } catch {
      logger.error("cannot read the incomplete executions that are due", metadata: ["error": "\(error)"])
      return
    }
    for incomplete in due {
      guard let scenario = served[incomplete.scenarioName] else { continue }
      await attempt(incomplete, with: scenario)
    }
  }

  private func attempt(_ incomplete: ExecutionRecord, with scenario: ServedScenario) async {
    let compiled = scenario.compiled
    let recorder = scenario.recorder(into: history)
    guard let data = incomplete.resumeState, let state = ResumeState(jsonData: data) else {
      var unusable = incomplete
      unusable.retry?.nextAttemptAt = nil
      unusable.resumeRequestedAt = nil
      logger.error(
        "an incomplete execution cannot be resumed: its resume state is missing or unreadable",
        metadata: ["execution": "\(incomplete.id)"])
      try? await history.finish(unusable)
      return
    }
    let trigger = state.outputs[1] ?? incomplete.triggerBundle.flatMap { try? Value(jsonData: $0) } ?? .null
    var result = await scenario.engine.resume(
      compiled, from: state, triggerBundle: trigger, executionID: UUID().uuidString.lowercased(), now: Date())
    let stoppedAgain = result.takeBundleStoppedAgain()
    let (execution, others) = result.records(for: compiled, parentID: incomplete.id)
    let isRequested = incomplete.resumeRequestedAt != nil
    let updated = incomplete.after(
      attempt: result, stoppedAgain: stoppedAgain, at: Date(), isAutomatic: !isRequested)
    let prepared = recorder.prepare(execution)
    do {
      try await history.finish(all: [prepared] + others.map(recorder.prepare) + [recorder.prepare(updated)])
    } catch {
      // The claim's lease runs out and the attempt is made again.
      logger.error(
        "cannot record an attempt to complete an incomplete execution",
        metadata: ["execution": "\(incomplete.id)", "error": "\(error)"])
      return
    }
    ExecutionMetrics.record(result, scenario: compiled.scenario.name.value, metrics: metrics)
    await alerts.notify(prepared, of: scenario)
    let attempts = updated.retry.map { "\($0.attempts) of \($0.limit)" } ?? "done"
    if updated.status == .success {
      logger.info(
        isRequested
          ? "completed an incomplete execution resumed in the console"
          : "completed an incomplete execution automatically",
        metadata: [
          "scenario": "\(compiled.scenario.name.value)", "execution": "\(incomplete.id)",
          "attempt": "\(execution.id)",
        ])
    } else {
      logger.warning(
        isRequested
          ? "a resume asked for in the console did not complete an incomplete execution"
          : "an automatic attempt did not complete an incomplete execution",
        metadata: [
          "scenario": "\(compiled.scenario.name.value)", "execution": "\(incomplete.id)",
          "attempt": "\(execution.id)", "attempts": "\(attempts)",
          "next": "\(updated.retry?.nextAttemptAt.map { "\($0)" } ?? "none: resume it by hand")",
          "error": "\(recorder.prepare(updated).error?.type ?? "")",
        ])
    }
  }
}
