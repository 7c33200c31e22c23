import Basics
import Foundation
import GRDB
package import History

/// Make's data stores in the history file (`data_store_records`). Writes run in one
/// `BEGIN IMMEDIATE` transaction: it takes the file's write lock before the first read, so a merge's
/// read and write are not separated by another process's write.
extension SQLiteHistory: DataStoreStore {
  package func record(_ key: String, in store: String) async throws -> DataStoreRecord? {
    try await access { try recordNow(key, in: store) }
  }

  package func records(in store: String) async throws -> [DataStoreRecord] {
    try await access {
      try await pool.read { db in
        try Row.fetchAll(
          db, sql: "SELECT key, fields FROM data_store_records WHERE store = ? ORDER BY key", arguments: [store]
        ).map { row in
          DataStoreRecord(key: row["key"], fields: try Self.fields(from: row["fields"], store: store))
        }
      }
    }
  }

  package func count(in store: String) async throws -> Int {
    try await access {
      try await pool.read { db in
        try Int.fetchOne(db, sql: "SELECT count(*) FROM data_store_records WHERE store = ?", arguments: [store]) ?? 0
      }
    }
  }

  package func dataStores() async throws -> [DataStoreSummary] {
    try await access {
      try await pool.read { db in
        try Row.fetchAll(
          db,
          sql:
            "SELECT store, count(*) AS records, sum(size) AS bytes FROM data_store_records GROUP BY store ORDER BY store"
        ).map { DataStoreSummary(name: $0["store"], records: $0["records"], bytes: $0["bytes"]) }
      }
    }
  }

  /// One transaction for the writes; on the caller's thread while the writer is idle
  /// (``WriterQueueCommits/writeNow(_:)``), through the writer queue otherwise.
  package func apply(_ writes: [DataStoreWrite], limits: DataStoreLimits) async throws {
    guard !writes.isEmpty else { return }
    let transaction: @Sendable (Database) throws -> Void = { db in
      try db.inTransaction(.immediate) {
        let now = Date().timeIntervalSince1970
        for write in writes { try Self.apply(write, db: db, now: now) }
        for store in Set(writes.map(\.store)) {
          guard let maxBytes = limits.maxBytes[store] else { continue }
          let bytes =
            try Int.fetchOne(
              db, sql: "SELECT coalesce(sum(size), 0) FROM data_store_records WHERE store = ?", arguments: [store])
            ?? 0
          if bytes > maxBytes { throw DataStoreError.full(store: store, maxBytes: maxBytes) }
        }
        return .commit
      }
    }
    try await access {
      if try commits.writeNow(transaction) { return }
      try await writeWithoutTransaction(transaction)
    }
  }

  private static func apply(_ write: DataStoreWrite, db: Database, now: Double) throws {
    switch write {
    case .put(let store, let key, _, _), .merge(let store, let key, _):
      // A replacing put does not depend on the stored record: no read.
      var before: JSONObject?
      if case .put(_, _, _, overwrite: true) = write {
        before = nil
      } else {
        let stored = try String.fetchOne(
          db.cachedStatement(sql: "SELECT fields FROM data_store_records WHERE store = ? AND key = ?"),
          arguments: [store, key])
        before = try stored.map { try fields(from: $0, store: store) }
      }
      guard let after = try write.applied(to: before, key: key, store: store) else { return }
      let text = JSONValue.object(after).serialized
      let upsert = try db.cachedStatement(
        sql: """
          INSERT INTO data_store_records (store, key, fields, size, updated_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (store, key) DO UPDATE SET fields = excluded.fields, size = excluded.size,
            updated_at = excluded.updated_at
          """)
      try upsert.execute(arguments: [store, key, text, key.utf8.count + text.utf8.count, now])
    case .delete(let store, let key):
      try db.cachedStatement(sql: "DELETE FROM data_store_records WHERE store = ? AND key = ?")
        .execute(arguments: [store, key])
    case .deleteAll(let store):
      try db.cachedStatement(sql: "DELETE FROM data_store_records WHERE store = ?").execute(arguments: [store])
    }
  }

  static func fields(from text: String, store: String) throws -> JSONObject {
    guard let object = try? JSONParser.parse(text).objectValue else {
      throw SQLiteHistoryError.internalInconsistency("a record of data store '\(store)' is not a JSON object")
    }
    return object
  }
}
