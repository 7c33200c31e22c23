package import Foundation
package import History
import Logging
import PostgresNIO

/// Each scenario's active state (`scenario_state`), shared by every runner. A change reads the row
/// `FOR UPDATE` and writes it in one transaction, so outcomes that several runners record at once
/// are counted one after the other.
extension PostgresHistory: ScenarioStateStore {
  package func scenarioStates() async throws -> [ScenarioState] {
    try await access {
      try await client.withConnection { connection in
        try await Self.states(
          "SELECT \(unescaped: Self.stateColumns) FROM \(unescaped: schema.scenarioState) ORDER BY name",
          connection: connection, logger: logger)
      }
    }
  }

  package func registerScenarios(_ names: [String]) async throws {
    guard !names.isEmpty else { return }
    _ = try await access {
      try await client.query(
        """
        INSERT INTO \(unescaped: schema.scenarioState) (name) SELECT unnest(\(names)::text[])
        ON CONFLICT DO NOTHING
        """, logger: logger)
    }
  }

  package func recordOutcome(
    _ status: ExecutionStatus, executionID: String, scenario: String, rule: DeactivationRule, at date: Date
  ) async throws -> (state: ScenarioState, action: DeactivationRule.Action) {
    let changed = try await changeState(of: scenario, creating: true) { state in
      rule.apply(status, executionID: executionID, at: date, to: &state)
    }
    guard let changed else { throw PostgresHistoryError.internalInconsistency("a scenario state row was not created") }
    return changed
  }

  package func setScenario(
    _ name: String, active: Bool, reason: String?, at date: Date
  ) async throws -> ScenarioState? {
    let changed = try await changeState(of: name, creating: false) { state in
      if active { state.enable() } else { state.disable(at: date, reason: reason) }
      return .counted
    }
    return changed?.state
  }

  /// Reads the state of `name` under a row lock, changes it and writes it back unless `change`
  /// returns `.unchanged`; nil when the scenario is unknown and `creating` is false.
  private func changeState(
    of name: String, creating: Bool, _ change: @escaping @Sendable (inout ScenarioState) -> DeactivationRule.Action
  ) async throws -> (state: ScenarioState, action: DeactivationRule.Action)? {
    try await access {
      try await self.client.withTransaction(logger: self.logger) { connection in
        if creating {
          try await connection.query(
            "INSERT INTO \(unescaped: self.schema.scenarioState) (name) VALUES (\(name)) ON CONFLICT DO NOTHING",
            logger: self.logger)
        }
        let found = try await Self.states(
          """
          SELECT \(unescaped: Self.stateColumns) FROM \(unescaped: self.schema.scenarioState)
          WHERE name = \(name) FOR UPDATE
          """, connection: connection, logger: self.logger)
        guard var state = found.first else { return nil }
        let action = change(&state)
        if action != .unchanged {
          try await connection.query(
            """
            UPDATE \(unescaped: self.schema.scenarioState) SET active = \(state.isActive),
              consecutive_errors = \(state.consecutiveErrors), deactivated_at = \(state.deactivatedAt),
              deactivation_reason = \(state.deactivationReason)
            WHERE name = \(name)
            """, logger: self.logger)
        }
        return (state, action)
      }
    }
  }

  private static let stateColumns = "name, active, consecutive_errors, deactivated_at, deactivation_reason"

  private static func states(
    _ query: PostgresQuery, connection: PostgresConnection, logger: Logger
  ) async throws -> [ScenarioState] {
    var states: [ScenarioState] = []
    let rows = try await connection.query(query, logger: logger)
    for try await (name, active, errors, deactivatedAt, reason) in rows.decode((String, Bool, Int, Date?, String?).self)
    {
      states.append(
        ScenarioState(
          name: name, isActive: active, consecutiveErrors: errors, deactivatedAt: deactivatedAt,
          deactivationReason: reason))
    }
    return states
  }
}
