import Basics
package import Foundation
import GRDB
package import History

/// sonarflow serve's durable webhook queue and polling state, in the history file so that marking
/// a delivery done (or a poll's items seen) commits in the same transaction as its execution.
extension SQLiteHistory {
  /// Stores `delivery` durably (group commit); returns false when a delivery with the same hook
  /// and dedupe key is already stored, in which case nothing was written.
  ///
  /// The key is checked in memory (``RecentDeliveryKeys``; this store is the file's one server):
  /// a delivery whose twin is being committed waits for that commit.
  package func enqueue(_ delivery: QueuedDelivery) async throws -> Bool {
    if !deliveryKeys.isLoaded {
      deliveryKeys.load(try await access { try await pool.read(Self.queuedKeys) })
    }
    let digest = RecentDeliveryKeys.Digest(hook: delivery.hook, key: delivery.dedupeKey)
    guard await deliveryKeys.claim(digest) == .new else { return false }
    do {
      try await commits.submit(.enqueue(delivery))
    } catch {
      deliveryKeys.settle(digest, stored: false)
      throw error
    }
    deliveryKeys.settle(digest, stored: true)
    return true
  }

  /// The de-duplication keys of every delivery in the queue.
  static func queuedKeys(_ db: Database) throws -> [RecentDeliveryKeys.Digest] {
    try QueueRows.keys(try Row.fetchCursor(db, sql: "SELECT hook, dedupe_key FROM webhook_queue"))
  }

  /// Records the execution of a delivery and its incomplete executions, and marks the delivery
  /// done, in one transaction.
  ///
  /// The body is emptied in that transaction (the execution holds the trigger bundle).
  /// `erasingBody`: `secure_delete` (set at open) zeroes the body's old bytes in the page, and a
  /// `TRUNCATE` checkpoint then copies the page to the database file and empties the WAL, which
  /// still held the body as written at intake.
  package func finish(
    _ execution: ExecutionRecord, incomplete: [ExecutionRecord], completingDelivery deliveryID: String,
    erasingBody: Bool
  ) async throws {
    try await commits.submit(
      .finishDelivery(([execution] + incomplete).map(finishing), deliveryID: deliveryID))
    if erasingBody { try await eraseWAL() }
  }

  /// Folds the WAL into the database file and truncates it to zero bytes. A reader in the middle
  /// of a transaction makes SQLite stop short: the checkpoint is tried again (the busy timeout
  /// waits for readers), and the next confidential delivery's checkpoint finishes the job if
  /// this one could not.
  private func eraseWAL() async throws {
    try await access {
      try await writeWithoutTransaction { db in
        for _ in 0..<3 {
          // SQLITE_BUSY (a reader held on past the busy timeout) is not the execution's failure:
          // it is recorded; only the WAL's copy waits for the next checkpoint.
          guard let (walFrames, _) = try? db.checkpoint(.truncate) else { continue }
          if walFrames <= 0 { return }
        }
      }
    }
  }

  /// Deliveries not yet done, oldest first, except those for `held` hooks.
  package func pendingDeliveries(limit: Int, holding held: Set<String> = []) async throws -> [QueuedDelivery] {
    let excluded =
      held.isEmpty ? "" : "AND hook NOT IN (\(Array(repeating: "?", count: held.count).joined(separator: ", ")))"
    let arguments = StatementArguments(held.sorted()) + [limit]
    return try await access {
      try await pool.read { db in
        try Row.fetchAll(
          db,
          sql: """
            SELECT id, hook, dedupe_key, body, received_at FROM webhook_queue
            WHERE done = 0 \(excluded) ORDER BY received_at, rowid LIMIT ?
            """,
          arguments: arguments
        ).map(QueueRows.delivery(from:))
      }
    }
  }

  /// How many deliveries are waiting.
  package func pendingDeliveryCount() async throws -> Int {
    try await access {
      try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_queue WHERE done = 0") ?? 0 }
    }
  }

  /// Forgets done deliveries received before `date`, which ends their de-duplication window.
  package func pruneDeliveries(doneBefore date: Date) async throws -> Int {
    let forgotten = try await access {
      try await write { db in
        try QueueRows.keys(
          try Row.fetchCursor(
            db, sql: "DELETE FROM webhook_queue WHERE done <> 0 AND received_at < ? RETURNING hook, dedupe_key",
            arguments: [date.timeIntervalSince1970]))
      }
    }
    deliveryKeys.forget(forgotten)
    return forgotten.count
  }

  /// A polling trigger's state, or nil before its first poll.
  package func pollState(key: String) async throws -> PollState? {
    try await access {
      try await pool.read { db in
        guard
          let row = try Row.fetchOne(
            db, sql: "SELECT key, seen_ids, updated_at FROM poll_state WHERE key = ?", arguments: [key])
        else { return nil }
        let text: String = row["seen_ids"]
        let ids = try JSONDecoder().decode([String].self, from: Data(text.utf8))
        return PollState(key: row["key"], seenIDs: ids, updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
      }
    }
  }

  /// Records a poll's execution (if it ran one) with its incomplete executions, and its new state,
  /// in one transaction.
  package func finish(
    _ execution: ExecutionRecord?, incomplete: [ExecutionRecord], savingPoll state: PollState
  ) async throws {
    try await commits.submit(.finishPoll(((execution.map { [$0] } ?? []) + incomplete).map(finishing), state))
  }
}

extension SQLiteHistory {
  package func claimDueRetries(
    scenarios: Set<String>, now: Date, lease: Duration, limit: Int
  ) async throws -> [ExecutionRecord] {
    guard !scenarios.isEmpty, limit > 0 else { return [] }
    let names = Array(scenarios)
    let placeholders = names.map { _ in "?" }.joined(separator: ", ")
    return try await access {
      try await write { db in
        let records = try Row.fetchAll(
          db,
          sql: """
            SELECT \(RecordRows.executionColumns) FROM executions
            WHERE status = 'incomplete' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
              AND scenario_name IN (\(placeholders))
            ORDER BY next_attempt_at LIMIT ?
            """,
          arguments: StatementArguments(
            [RecordRows.stored(now)] + names.map { $0 as any DatabaseValueConvertible } + [limit])
        ).map(RecordRows.execution(from:))
        let heldUntil = RecordRows.stored(now.addingTimeInterval(lease.seconds))
        for record in records {
          try db.execute(
            sql: "UPDATE executions SET next_attempt_at = ?, held_until = ? WHERE id = ?",
            arguments: [heldUntil, heldUntil, record.id])
        }
        return records
      }
    }
  }

  package func finish(all records: [ExecutionRecord]) async throws {
    try await commits.submit(.finishAll(records.map(finishing)))
  }
}

extension SQLiteHistory: ServeStore {
  /// One process serves a SQLite file: every pending delivery is its own, whatever its hook (one
  /// whose scenario is gone is dropped by the worker), except those for `held` hooks.
  package func claimPendingDeliveries(
    limit: Int, hooks: Set<String>, holding held: Set<String>
  ) async throws
    -> [QueuedDelivery]
  {
    try await pendingDeliveries(limit: limit, holding: held)
  }

  /// A single runner: it always leads and holds every delivery.
  package var coordination: (any RunnerCoordination)? { nil }

  /// Marks a delivery done without an execution (its scenario is gone, or its body unreadable).
  package func discardDelivery(id: String) async throws {
    try await access {
      try await write { db in
        try db.execute(sql: "UPDATE webhook_queue SET done = 2 WHERE id = ?", arguments: [id])
      }
    }
  }
}

extension SQLiteHistory {
  /// Empties the page caches: the writer's (up to `cache_size`, 16 MB, filled by a burst's commits)
  /// and each reader's. They fill again from the file as needed.
  package func releaseCaches() async {
    try? await writeWithoutTransaction { db in try db.execute(sql: "PRAGMA shrink_memory") }
    pool.releaseMemoryEventually()
  }
}
