package import Foundation

/// Whether `sonarflow serve` runs a scenario, keyed by the scenario's `name`: Make's scenario
/// deactivation after consecutive errors, and `sonarflow scenarios enable|disable`.
package struct ScenarioState: Sendable, Hashable {
  package var name: String
  /// False: serve keeps accepting the scenario's webhooks but runs none of them, and runs no polls.
  package var isActive: Bool
  /// Scheduled executions in a row that ended in `error` (a success or warning resets it).
  package var consecutiveErrors: Int
  /// When the scenario was deactivated; nil while active.
  package var deactivatedAt: Date?
  /// Why, as `sonarflow scenarios list` shows it; nil while active.
  package var deactivationReason: String?

  package init(
    name: String, isActive: Bool = true, consecutiveErrors: Int = 0, deactivatedAt: Date? = nil,
    deactivationReason: String? = nil
  ) {
    self.name = name
    self.isActive = isActive
    self.consecutiveErrors = consecutiveErrors
    self.deactivatedAt = deactivatedAt
    self.deactivationReason = deactivationReason
  }

  /// Active again, its count reset (`sonarflow scenarios enable`).
  package mutating func enable() {
    isActive = true
    consecutiveErrors = 0
    deactivatedAt = nil
    deactivationReason = nil
  }

  /// Deactivated by hand (`sonarflow scenarios disable`), or by `serve` for `reason`; an inactive
  /// one keeps its first reason.
  package mutating func disable(at date: Date, reason: String? = nil) {
    guard isActive else { return }
    isActive = false
    deactivatedAt = date
    deactivationReason = reason ?? "disabled with sonarflow scenarios disable"
  }
}
