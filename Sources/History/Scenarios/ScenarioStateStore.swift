package import Foundation

/// Where each scenario's active state lives (table `scenario_state`), shared by every runner on the
/// database: serve reads it every second and writes the outcomes that change it; `sonarflow
/// scenarios` lists, enables and disables.
package protocol ScenarioStateStore: Sendable {
  /// Every scenario the database knows, by name.
  func scenarioStates() async throws -> [ScenarioState]

  /// Adds the scenarios not known yet, active with no errors; known ones keep their state.
  func registerScenarios(_ names: [String]) async throws

  /// Applies `rule` to the stored state of `scenario` (a new one if unknown) for one scheduled
  /// execution, atomically (concurrent outcomes of several runners are counted one after the
  /// other). Returns the new state and what the rule did.
  func recordOutcome(
    _ status: ExecutionStatus, executionID: String, scenario: String, rule: DeactivationRule, at date: Date
  ) async throws -> (state: ScenarioState, action: DeactivationRule.Action)

  /// Enables (resetting the count) or disables a known scenario; nil for an unknown name.
  func setScenario(_ name: String, active: Bool, reason: String?, at date: Date) async throws -> ScenarioState?
}
