package import Foundation
import GRDB
package import History

/// Each scenario's active state (`scenario_state`). Every change is a read and a write in one
/// `BEGIN IMMEDIATE` transaction, so outcomes recorded at once are counted one after the other.
extension SQLiteHistory: ScenarioStateStore {
  package func scenarioStates() async throws -> [ScenarioState] {
    try await access {
      try await pool.read { db in
        try Row.fetchAll(db, sql: "SELECT \(Self.stateColumns) FROM scenario_state ORDER BY name")
          .map(Self.state(from:))
      }
    }
  }

  package func registerScenarios(_ names: [String]) async throws {
    try await access {
      try await write { db in
        for name in names {
          try db.execute(sql: "INSERT OR IGNORE INTO scenario_state (name) VALUES (?)", arguments: [name])
        }
      }
    }
  }

  package func recordOutcome(
    _ status: ExecutionStatus, executionID: String, scenario: String, rule: DeactivationRule, at date: Date
  ) async throws -> (state: ScenarioState, action: DeactivationRule.Action) {
    try await access {
      try await immediateWrite { db in
        var state = try Self.state(named: scenario, db: db) ?? ScenarioState(name: scenario)
        let action = rule.apply(status, executionID: executionID, at: date, to: &state)
        if action != .unchanged { try Self.save(state, db: db) }
        return (state, action)
      }
    }
  }

  package func setScenario(
    _ name: String, active: Bool, reason: String?, at date: Date
  ) async throws -> ScenarioState? {
    try await access {
      try await immediateWrite { db in
        guard var state = try Self.state(named: name, db: db) else { return nil }
        if active { state.enable() } else { state.disable(at: date, reason: reason) }
        try Self.save(state, db: db)
        return state
      }
    }
  }

  /// A read and a write in one `BEGIN IMMEDIATE` transaction: another process (`sonarflow
  /// scenarios enable` next to `serve`) cannot write between them.
  private func immediateWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
    try await writeWithoutTransaction { db in
      var result: T?
      try db.inTransaction(.immediate) {
        result = try body(db)
        return .commit
      }
      guard let result else {
        throw SQLiteHistoryError.internalInconsistency("a scenario state transaction returned nothing")
      }
      return result
    }
  }

  private static let stateColumns = "name, active, consecutive_errors, deactivated_at, deactivation_reason"

  private static func state(named name: String, db: Database) throws -> ScenarioState? {
    try Row.fetchOne(db, sql: "SELECT \(stateColumns) FROM scenario_state WHERE name = ?", arguments: [name])
      .map(state(from:))
  }

  private static func state(from row: Row) -> ScenarioState {
    let deactivatedAt: Double? = row["deactivated_at"]
    return ScenarioState(
      name: row["name"], isActive: row["active"], consecutiveErrors: row["consecutive_errors"],
      deactivatedAt: deactivatedAt.map(Date.init(timeIntervalSince1970:)),
      deactivationReason: row["deactivation_reason"])
  }

  private static func save(_ state: ScenarioState, db: Database) throws {
    try db.execute(
      sql: """
        INSERT OR REPLACE INTO scenario_state (\(stateColumns)) VALUES (?, ?, ?, ?, ?)
        """,
      arguments: [
        state.name, state.isActive, state.consecutiveErrors, state.deactivatedAt?.timeIntervalSince1970,
        state.deactivationReason,
      ])
  }
}
