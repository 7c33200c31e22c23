import Basics
package import Foundation
package import History
import Logging
import PostgresNIO

/// sonarflow serve's webhook queue and polling state, shared by every runner on the database.
/// Deliveries are claimed with a lease (``heartbeatInterval`` × 3) that the holder renews; a
/// delivery whose lease expired is claimed by another runner with `FOR UPDATE SKIP LOCKED`, so
/// two runners never claim the same one at once (see ``claim(limit:hooks:includingOwn:)``).
extension PostgresHistory: ServeStore {
  /// How long a claim lasts without renewal.
  var leaseDuration: Duration { heartbeatInterval * 3 }

  package func enqueue(_ delivery: QueuedDelivery) async throws -> Bool {
    let outcome = EnqueueOutcome()
    try await lane(for: delivery.id).submit(
      .enqueue(delivery, outcome, runnerID: runnerID, lease: leaseDuration))
    return outcome.isNew
  }

  /// The body is emptied in the same transaction, whether or not `erasingBody`: PostgreSQL keeps
  /// the old row version in the table's file until VACUUM reclaims it and a later write reuses
  /// the space, and in its WAL until the segment is recycled (docs/security.md).
  package func finish(
    _ execution: ExecutionRecord, incomplete: [ExecutionRecord], completingDelivery deliveryID: String,
    erasingBody: Bool
  ) async throws {
    // The execution id is the delivery id, so both take the same lane as the enqueue did.
    try await lane(for: deliveryID).submit(
      .finishDelivery(([execution] + incomplete).map(finishing), deliveryID: deliveryID))
  }

  package func claimPendingDeliveries(
    limit: Int, hooks: Set<String>, holding held: Set<String>
  ) async throws
    -> [QueuedDelivery]
  {
    try await claim(limit: limit, hooks: hooks, holding: held, includingOwn: true)
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

  package func finish(
    _ execution: ExecutionRecord?, incomplete: [ExecutionRecord], savingPoll state: PollState
  ) async throws {
    let fence = term.withLock { $0.fence }
    try await lane(for: execution?.id ?? state.key).submit(
      .finishPoll(((execution.map { [$0] } ?? []) + incomplete).map(finishing), state, fence: fence))
  }

  /// None: with several runners a `running` execution may be another runner's, still running.
  package var interruptedAtOpen: Int { 0 }

  package var coordination: (any RunnerCoordination)? { self }

  /// Up to `limit` pending deliveries, oldest first: those for `hooks` that no live runner holds,
  /// which it claims (renewing their lease), and with `includingOwn` those this runner already
  /// holds, whatever their hook — except, in both, deliveries for `held` hooks (their scenario is
  /// not active), which stay pending and keep their holder.
  ///
  /// Free deliveries are claimed `FOR UPDATE SKIP LOCKED`, so two runners never claim the same one;
  /// one skipped now is taken by a later refill or heartbeat. This runner's own are read without a
  /// lock instead: the heartbeat's lease renewal and the group commit's `done` updates lock them
  /// for a moment, and skipping them would make a refill come back short — read by the stage as
  /// "nothing more in the database", leaving them pending with no worker ever asking again.
  func claim(
    limit: Int, hooks: Set<String>, holding held: Set<String> = [], includingOwn: Bool
  ) async throws -> [QueuedDelivery] {
    guard limit > 0 else { return [] }
    let hooks = hooks.subtracting(held).sorted()
    let lease = leaseDuration.wholeMilliseconds
    let taken = """
      UPDATE \(schema.webhookQueue) SET claimed_by = $1,
        lease_until = now() + $2 * interval '1 millisecond'
      WHERE id IN (
        SELECT id FROM \(schema.webhookQueue)
        WHERE done = 0 AND (lease_until IS NULL OR lease_until < now()) AND hook = ANY($3)
          AND claimed_by IS DISTINCT FROM $1
        ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED)
      RETURNING \(QueueRows.deliveryColumns)
      """
    // The outer SELECT reads the snapshot from before the UPDATE: a row just claimed is not also
    // read as already held.
    let sql =
      includingOwn
      ? """
      WITH taken AS (\(taken))
      SELECT \(QueueRows.deliveryColumns) FROM taken
      UNION ALL
      (SELECT \(QueueRows.deliveryColumns) FROM \(schema.webhookQueue)
        WHERE done = 0 AND claimed_by = $1 AND hook <> ALL($5) ORDER BY seq LIMIT $4)
      """ : taken
    var bindings = PostgresBindings()
    bindings.append(runnerID)
    bindings.append(lease)
    bindings.append(hooks)
    bindings.append(limit)
    if includingOwn { bindings.append(held.sorted()) }
    let found = try await access {
      try await QueueRows.deliveries(
        try await client.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger))
    }
    // Claimed ones beyond `limit` stay this runner's: the next refill reads them as its own.
    return Array(found.prefix(limit))
  }
}

extension PostgresHistory {
  /// Claimed with `FOR UPDATE SKIP LOCKED` in one statement that moves the next attempt to the end
  /// of the lease, so exactly one runner takes each due attempt.
  package func claimDueRetries(
    scenarios: Set<String>, now: Date, lease: Duration, limit: Int
  ) async throws -> [ExecutionRecord] {
    guard !scenarios.isEmpty, limit > 0 else { return [] }
    let sql = """
      UPDATE \(schema.executions)
      SET next_attempt_at = $1 + $2 * interval '1 millisecond', held_until = $1 + $2 * interval '1 millisecond'
      WHERE id IN (
        SELECT id FROM \(schema.executions)
        WHERE status = 'incomplete' AND next_attempt_at IS NOT NULL AND next_attempt_at <= $1
          AND scenario_name = ANY($3)
        ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED)
      RETURNING \(RecordRows.executionColumns)
      """
    var bindings = PostgresBindings()
    bindings.append(now)
    bindings.append(lease.wholeMilliseconds)
    bindings.append(scenarios.sorted())
    bindings.append(limit)
    return try await access {
      var records: [ExecutionRecord] = []
      let rows = try await client.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
      for try await row in rows { records.append(try RecordRows.execution(from: row)) }
      return records
    }
  }

  package func finish(all records: [ExecutionRecord]) async throws {
    guard let first = records.first else { return }
    try await lane(for: first.id).submit(.finishAll(records.map(finishing)))
  }
}

extension PostgresHistory {
  /// Nothing to release: PostgreSQL's caches are the server's, not this process's.
  package func releaseCaches() async {}
}
