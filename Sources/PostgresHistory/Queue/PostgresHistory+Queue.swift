package import Foundation
package import History
import Logging
import PostgresNIO

/// sonarflow serve's webhook queue and polling state, shared by every runner on the database.
/// Deliveries are claimed with a lease (``heartbeatInterval`` × 3) that the holder renews; a
/// delivery whose lease expired is claimed by another runner with `FOR UPDATE SKIP LOCKED`, so
/// two runners never claim the same one at once.
extension PostgresHistory: ServeStore {
  /// How long a claim lasts without renewal.
  var leaseDuration: Duration { heartbeatInterval * 3 }

  package func enqueue(_ delivery: QueuedDelivery) async throws -> Bool {
    let outcome = EnqueueOutcome()
    try await lane(for: delivery.id).submit(
      .enqueue(delivery, outcome, runnerID: runnerID, lease: leaseDuration))
    return outcome.isNew
  }

  package func finish(
    _ execution: ExecutionRecord, completingDelivery deliveryID: String
  )
    async throws
  {
    // The execution id is the delivery id, so both take the same lane as the enqueue did.
    try await lane(for: deliveryID).submit(.finishDelivery(execution, deliveryID: deliveryID))
  }

  package func claimPendingDeliveries(
    limit: Int, hooks: Set<String>
  ) async throws
    -> [QueuedDelivery]
  {
    try await claim(limit: limit, hooks: hooks, includingOwn: true)
  }

  package func pendingDeliveryCount() async throws -> Int {
    try await access {
      var count = 0
      let rows = try await client.query(
        "SELECT count(*) FROM \(unescaped: schema.webhookQueue) WHERE done = 0", logger: logger)
      for try await value in rows.decode(Int.self) { count = value }
      return count
    }
  }

  package func pruneDeliveries(doneBefore date: Date) async throws -> Int {
    try await access {
      try await client.withConnection { connection in
        try await Self.count(
          """
          DELETE FROM \(unescaped: schema.webhookQueue) WHERE done <> 0 AND received_at < \(date)
          RETURNING 1
          """, connection: connection, logger: logger)
      }
    }
  }

  package func discardDelivery(id: String) async throws {
    _ = try await access {
      try await client.query(
        """
        UPDATE \(unescaped: schema.webhookQueue) SET done = 2, claimed_by = NULL, lease_until = NULL
        WHERE id = \(id) AND done = 0
        """, logger: logger)
    }
  }

  package func pollState(key: String) async throws -> PollState? {
    try await access {
      var found: PollState?
      let rows = try await client.query(
        "SELECT seen_ids, updated_at FROM \(unescaped: schema.pollState) WHERE key = \(key)",
        logger: logger)
      for try await (text, updatedAt) in rows.decode((String, Date).self) {
        let ids = try JSONDecoder().decode([String].self, from: Data(text.utf8))
        found = PollState(key: key, seenIDs: ids, updatedAt: updatedAt)
      }
      return found
    }
  }

  package func finish(_ execution: ExecutionRecord?, savingPoll state: PollState) async throws {
    try await lane(for: execution?.id ?? state.key).submit(.finishPoll(execution, state))
  }

  /// None: with several runners a `running` execution may be another runner's, still running.
  package var interruptedAtOpen: Int { 0 }

  package var coordination: (any RunnerCoordination)? { self }

  /// Claims up to `limit` pending deliveries for `hooks` that no live runner holds (and, with
  /// `includingOwn`, those this runner already holds, whatever their hook), oldest first, renewing
  /// their lease.
  func claim(limit: Int, hooks: Set<String>, includingOwn: Bool) async throws -> [QueuedDelivery] {
    guard limit > 0 else { return [] }
    let hooks = hooks.sorted()
    let own = includingOwn ? runnerID : ""
    let lease = QueueRows.milliseconds(leaseDuration)
    let query: PostgresQuery = """
      UPDATE \(unescaped: schema.webhookQueue) SET claimed_by = \(runnerID),
        lease_until = now() + \(lease) * interval '1 millisecond'
      WHERE id IN (
        SELECT id FROM \(unescaped: schema.webhookQueue)
        WHERE done = 0 AND (
          ((lease_until IS NULL OR lease_until < now()) AND hook = ANY(\(hooks)))
          OR claimed_by = \(own))
        ORDER BY seq LIMIT \(limit) FOR UPDATE SKIP LOCKED)
      RETURNING \(unescaped: QueueRows.deliveryColumns)
      """
    return try await access {
      try await QueueRows.deliveries(try await client.query(query, logger: logger))
    }
  }
}
