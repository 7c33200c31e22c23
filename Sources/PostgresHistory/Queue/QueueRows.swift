import Foundation
import History
import Logging
import PostgresNIO

/// Rows of `webhook_queue` and `poll_state`. Lease times use the server's clock (`now()`), so
/// runners with skewed clocks agree on when a lease expired.
enum QueueRows {
  static let deliveryColumns = "id, hook, dedupe_key, body, received_at, seq"

  /// Inserts `delivery` claimed by `runnerID`; returns false (nothing written) when the id or the
  /// (hook, dedupe key) is already stored.
  static func insert(
    _ delivery: QueuedDelivery, runnerID: String, lease: Duration, schema: PostgresSchema,
    connection: PostgresConnection, logger: Logger
  ) async throws -> Bool {
    let query: PostgresQuery = """
      INSERT INTO \(unescaped: schema.webhookQueue)
        (id, hook, dedupe_key, body, received_at, done, claimed_by, lease_until)
      VALUES (\(delivery.id), \(delivery.hook), \(delivery.dedupeKey), \(delivery.body),
        \(delivery.receivedAt), 0, \(runnerID), now() + \(milliseconds(lease)) * interval '1 millisecond')
      ON CONFLICT DO NOTHING RETURNING 1
      """
    return try await PostgresHistory.count(query, connection: connection, logger: logger) == 1
  }

  static func markDone(
    _ id: String, schema: PostgresSchema, connection: PostgresConnection, logger: Logger
  ) async throws {
    try await connection.query(
      """
      UPDATE \(unescaped: schema.webhookQueue) SET done = 1, claimed_by = NULL, lease_until = NULL
      WHERE id = \(id)
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
