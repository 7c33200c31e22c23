package import Foundation

/// Make's deactivation after consecutive errors: a scenario is deactivated once `limit` scheduled
/// executions in a row ended in `error`. Warnings, handled errors (which end as success or
/// warning), incomplete and interrupted executions do not count; a success or a warning resets the
/// count. A scenario with an instant trigger (a webhook) is deactivated after its first error,
/// whatever `settings.maxConsecutiveErrors` says, as in Make.
///
/// Pure: the stores apply it to the stored state under a lock, and `serve` to its own copy first,
/// to skip the write when nothing would change.
package struct DeactivationRule: Sendable, Hashable {
  /// `settings.maxConsecutiveErrors` (default 3, at least 1).
  package var maxConsecutiveErrors: Int
  package var hasInstantTrigger: Bool

  package init(maxConsecutiveErrors: Int, hasInstantTrigger: Bool) {
    self.maxConsecutiveErrors = maxConsecutiveErrors
    self.hasInstantTrigger = hasInstantTrigger
  }

  /// Errors in a row that deactivate the scenario.
  package var limit: Int { hasInstantTrigger ? 1 : max(1, maxConsecutiveErrors) }

  /// What applying an outcome did to the state.
  package enum Action: Sendable, Hashable {
    /// Nothing changed: no write is needed.
    case unchanged
    /// The count changed.
    case counted
    /// The scenario was active and is deactivated now.
    case deactivated
  }

  /// Applies the outcome of one scheduled execution (`executionID` ended with `status` at `date`).
  package func apply(
    _ status: ExecutionStatus, executionID: String, at date: Date, to state: inout ScenarioState
  ) -> Action {
    switch status {
    case .success, .warning:
      guard state.consecutiveErrors != 0 else { return .unchanged }
      state.consecutiveErrors = 0
      return .counted
    case .error:
      state.consecutiveErrors += 1
      guard state.isActive, state.consecutiveErrors >= limit else { return .counted }
      state.isActive = false
      state.deactivatedAt = date
      state.deactivationReason =
        hasInstantTrigger
        ? "an error in a scenario with an instant trigger (execution \(executionID))"
        : "\(state.consecutiveErrors) consecutive errors (the last: execution \(executionID))"
      return .deactivated
    case .running, .incomplete, .interrupted:
      return .unchanged
    }
  }
}
