import Foundation
import GRDB
import History

/// Rows of `webhook_queue` and `poll_state`.
enum QueueRows {
  /// Its de-duplication key was checked in memory (``RecentDeliveryKeys``) before.
  static func insert(_ delivery: QueuedDelivery, db: Database) throws {
    // A cached statement: intake runs this once per request, so SQL is compiled once per connection.
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO webhook_queue (id, hook, dedupe_key, body, received_at, done)
        VALUES (?, ?, ?, ?, ?, 0)
        """)
    try statement.execute(arguments: [
      delivery.id, delivery.hook, delivery.dedupeKey, delivery.body, delivery.receivedAt.timeIntervalSince1970,
    ])
  }

  /// The de-duplication keys of `rows` (hook, dedupe_key).
  static func keys(_ rows: RowCursor) throws -> [RecentDeliveryKeys.Digest] {
    var digests: [RecentDeliveryKeys.Digest] = []
    while let row = try rows.next() {
      digests.append(RecentDeliveryKeys.Digest(hook: row[0], key: row[1]))
    }
    return digests
  }

  static func save(_ state: PollState, db: Database) throws {
    let data = try JSONEncoder().encode(state.seenIDs)
    try db.execute(
      sql: "INSERT OR REPLACE INTO poll_state (key, seen_ids, updated_at) VALUES (?, ?, ?)",
      arguments: [state.key, String(decoding: data, as: UTF8.self), state.updatedAt.timeIntervalSince1970])
  }

  static func delivery(from row: Row) -> QueuedDelivery {
    QueuedDelivery(
      id: row["id"], hook: row["hook"], dedupeKey: row["dedupe_key"], body: row["body"],
      receivedAt: Date(timeIntervalSince1970: row["received_at"]))
  }
}
