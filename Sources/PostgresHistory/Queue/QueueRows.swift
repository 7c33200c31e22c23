import Basics
import Foundation
import History
import Logging
import PostgresNIO

/// Rows of `webhook_queue` and `poll_state`. Lease times use the server's clock (`now()`), so
/// runners with skewed clocks agree on when a lease expired.
enum QueueRows {
  static let deliveryColumns = "id, hook, dedupe_key, body, received_at, seq"

  /// Inserts `deliveries` claimed by `runnerID` in one statement; returns the ids stored. One whose
  /// id or (hook, dedupe key) is already stored — or repeats an earlier one of the list — is not.
  static func insert(
    _ deliveries: [QueuedDelivery], runnerID: String, lease: Duration, schema: PostgresSchema,
    connection: PostgresConnection, logger: Logger
  ) async throws -> Set<String> {
    let query: PostgresQuery = """
      INSERT INTO \(unescaped: schema.webhookQueue)
        (id, hook, dedupe_key, body, received_at, done, claimed_by, lease_until)
      SELECT id, hook, dedupe_key, body, received_at, 0, \(runnerID),
        now() + \(lease.wholeMilliseconds) * interval '1 millisecond'
      FROM unnest(\(deliveries.map(\.id))::text[], \(deliveries.map(\.hook))::text[],
        \(deliveries.map(\.dedupeKey))::text[], \(deliveries.map(\.body))::text[],
        \(deliveries.map(\.receivedAt))::timestamptz[])
        WITH ORDINALITY AS t(id, hook, dedupe_key, body, received_at, position)
      ORDER BY position
      ON CONFLICT DO NOTHING RETURNING id
      """
    var inserted = Set<String>()
    for try await id in try await connection.query(query, logger: logger).decode(String.self) {
      inserted.insert(id)
    }
    return inserted
  }

  /// Marks deliveries done and drops their bodies, in the transaction that records their
  /// executions (which hold the trigger bundle from then on). The old row versions stay in the
  /// table's files until VACUUM (docs/security.md).
  static func markDone(
    _ ids: [String], schema: PostgresSchema, connection: PostgresConnection, logger: Logger
  ) async throws {
    try await connection.query(
      """
      UPDATE \(unescaped: schema.webhookQueue) SET done = 1, body = '', claimed_by = NULL, lease_until = NULL
      WHERE id = ANY(\(ids))
      """, logger: logger)
  }

  /// Saves a polling cursor; with a `fence`, only if the `leadership` row holds that epoch, read
  /// under a share lock that a new leader's increment waits for (see ``LeaderTerm``). Returns
  /// whether it was saved.
  static func save(
    _ state: PollState, fence: Int64?, schema: PostgresSchema, connection: PostgresConnection, logger: Logger
  ) async throws -> Bool {
    let data = try JSONEncoder().encode(state.seenIDs)
    let ids = String(decoding: data, as: UTF8.self)
    let rows = try await connection.query(
      """
      INSERT INTO \(unescaped: schema.pollState) (key, seen_ids, updated_at)
      SELECT \(state.key), \(ids), \(state.updatedAt)
      WHERE \(fence)::bigint IS NULL OR EXISTS (
        SELECT 1 FROM \(unescaped: schema.leadership) WHERE id = 1 AND epoch = \(fence) FOR SHARE)
      ON CONFLICT (key) DO UPDATE SET seen_ids = excluded.seen_ids, updated_at = excluded.updated_at
      RETURNING 1
      """, logger: logger)
    var saved = false
    for try await _ in rows { saved = true }
    return saved
  }

  /// Deliveries from a `RETURNING deliveryColumns` query, oldest first (RETURNING has no order).
  static func deliveries(_ rows: PostgresRowSequence) async throws -> [QueuedDelivery] {
    var found: [(seq: Int64, delivery: QueuedDelivery)] = []
    for try await (id, hook, key, body, receivedAt, seq) in rows.decode(
      (String, String, String, String, Date, Int64).self)
    {
      found.append(
        (seq, QueuedDelivery(id: id, hook: hook, dedupeKey: key, body: body, receivedAt: receivedAt)))
    }
    return found.sorted { $0.seq < $1.seq }.map(\.delivery)
  }
}
