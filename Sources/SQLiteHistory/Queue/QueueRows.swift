import Foundation
import GRDB
import History

/// Rows of `webhook_queue` and `poll_state`.
enum QueueRows {
  static func insert(_ delivery: QueuedDelivery, outcome: EnqueueOutcome, db: Database) throws {
    // A cached statement: intake runs this once per request, so SQL is compiled once per connection.
    let statement = try db.cachedStatement(
      sql: """
        INSERT OR IGNORE INTO webhook_queue (id, hook, dedupe_key, body, received_at, done)
        VALUES (?, ?, ?, ?, ?, 0)
        """)
    try statement.execute(arguments: [
      delivery.id, delivery.hook, delivery.dedupeKey, delivery.body, delivery.receivedAt.timeIntervalSince1970,
    ])
    outcome.set(db.changesCount == 1)
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
