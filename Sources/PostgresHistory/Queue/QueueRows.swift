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
        now() + \(milliseconds(lease)) * interval '1 millisecond'
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

  static func markDone(
    _ ids: [String], schema: PostgresSchema, connection: PostgresConnection, logger: Logger
  ) async throws {
    try await connection.query(
      """
      UPDATE \(unescaped: schema.webhookQueue) SET done = 1, claimed_by = NULL, lease_until = NULL
      WHERE id = ANY(\(ids))
      """, logger: logger)
  }

  static func save(
    _ state: PollState, schema: PostgresSchema, connection: PostgresConnection, logger: Logger
  ) async throws {
    let data = try JSONEncoder().encode(state.seenIDs)
    let ids = String(decoding: data, as: UTF8.self)
    try await connection.query(
      """
      INSERT INTO \(unescaped: schema.pollState) (key, seen_ids, updated_at)
      VALUES (\(state.key), \(ids), \(state.updatedAt))
      ON CONFLICT (key) DO UPDATE SET seen_ids = excluded.seen_ids, updated_at = excluded.updated_at
      """, logger: logger)
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

  static func milliseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * 1000 + attoseconds / 1_000_000_000_000_000
  }
}
