import Foundation
import History
import Testing

/// Make's deactivation after consecutive errors, as a pure function of the outcomes.
@Suite struct DeactivationRuleTests {
  private static let at = Date(timeIntervalSince1970: 1_000)

  /// Applies `statuses` in order to a fresh, active state.
  private static func run(
    _ statuses: [ExecutionStatus], maxErrors: Int, instant: Bool
  ) -> (ScenarioState, [DeactivationRule.Action]) {
    let rule = DeactivationRule(maxConsecutiveErrors: maxErrors, hasInstantTrigger: instant)
    var state = ScenarioState(name: "Orders")
    var actions: [DeactivationRule.Action] = []
    for (n, status) in statuses.enumerated() {
      actions.append(rule.apply(status, executionID: "e\(n)", at: at, to: &state))
    }
    return (state, actions)
  }

  @Test(arguments: [
    // (statuses, maxConsecutiveErrors, instant trigger, active after, errors counted after)
    ([ExecutionStatus.error, .error], 3, false, true, 2),
    ([.error, .error, .error], 3, false, false, 3),
    ([.error, .error, .success, .error, .error], 3, false, true, 2),
    ([.error, .error, .warning, .error, .error], 3, false, true, 2),
    ([.error, .incomplete, .interrupted, .running, .error, .error], 3, false, false, 3),
    ([.error], 1, false, false, 1),
    ([.error], 3, true, false, 1),
    ([.warning, .incomplete, .interrupted], 1, true, true, 0),
    ([.error, .error, .error, .error], 3, false, false, 4),
  ])
  func outcomes(
    statuses: [ExecutionStatus], maxErrors: Int, instant: Bool, isActive: Bool, errors: Int
  ) {
    let (state, _) = Self.run(statuses, maxErrors: maxErrors, instant: instant)
    #expect(state.isActive == isActive)
    #expect(state.consecutiveErrors == errors)
  }

  @Test func deactivatesOnceAndSaysWhy() {
    let (state, actions) = Self.run([.error, .error, .error, .error, .success], maxErrors: 3, instant: false)
    #expect(actions == [.counted, .counted, .deactivated, .counted, .counted])
    #expect(state.deactivatedAt == Self.at)
    #expect(state.deactivationReason == "3 consecutive errors (the last: execution e2)")
    // A success after deactivation resets the count but does not enable it.
    #expect(!state.isActive)
    #expect(state.consecutiveErrors == 0)
  }

  @Test func anInstantTriggerIgnoresTheSetting() {
    let (state, actions) = Self.run([.error], maxErrors: 10, instant: true)
    #expect(actions == [.deactivated])
    #expect(state.deactivationReason == "an error in a scenario with an instant trigger (execution e0)")
  }

  @Test func nothingToWriteWhenNothingChanges() {
    let (_, actions) = Self.run([.success, .warning, .incomplete, .interrupted], maxErrors: 3, instant: false)
    #expect(actions == [.unchanged, .unchanged, .unchanged, .unchanged])
  }

  @Test func enableResetsAndDisableKeepsTheFirstReason() {
    var (state, _) = Self.run([.error], maxErrors: 1, instant: false)
    let reason = state.deactivationReason
    state.disable(at: Self.at.addingTimeInterval(60))
    #expect(state.deactivationReason == reason)
    #expect(state.deactivatedAt == Self.at)
    state.enable()
    #expect(state == ScenarioState(name: "Orders"))
    state.disable(at: Self.at)
    #expect(!state.isActive)
    #expect(state.deactivationReason == "disabled with sonarflow scenarios disable")
  }
}
