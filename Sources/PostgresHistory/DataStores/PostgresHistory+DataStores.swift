import Basics
package import History
import Logging
import PostgresNIO

/// Make's data stores (`data_store_records`), shared by every runner. Writes run in one
/// transaction; a write that depends on the stored record reads it `FOR UPDATE`, so concurrent
/// merges of the same record from several runners are applied one after the other.
extension PostgresHistory: DataStoreStore {
  package func record(_ key: String, in store: String) async throws -> DataStoreRecord? {
    try await access {
      try await client.withConnection { connection in
        try await Self.records(
          "SELECT key, fields FROM \(unescaped: schema.dataStoreRecords) WHERE store = \(store) AND key = \(key)",
          store: store, connection: connection, logger: logger
        ).first
      }
    }
  }

  package func records(in store: String) async throws -> [DataStoreRecord] {
    try await access {
      try await client.withConnection { connection in
        try await Self.records(
          """
          SELECT key, fields FROM \(unescaped: schema.dataStoreRecords) WHERE store = \(store)
          ORDER BY key COLLATE "C"
          """, store: store, connection: connection, logger: logger)
      }
    }
  }

  package func count(in store: String) async throws -> Int {
    try await access {
      let rows = try await client.query(
        "SELECT count(*) FROM \(unescaped: schema.dataStoreRecords) WHERE store = \(store)", logger: logger)
      for try await count in rows.decode(Int.self) { return count }
      return 0
    }
  }

  package func dataStores() async throws -> [DataStoreSummary] {
    try await access {
      let rows = try await client.query(
        """
        SELECT store, count(*), sum(size)::bigint FROM \(unescaped: schema.dataStoreRecords)
        GROUP BY store ORDER BY store COLLATE "C"
        """, logger: logger)
      var summaries: [DataStoreSummary] = []
      for try await (name, records, bytes) in rows.decode((String, Int, Int).self) {
        summaries.append(DataStoreSummary(name: name, records: records, bytes: bytes))
      }
      return summaries
    }
  }

  package func apply(_ writes: [DataStoreWrite], limits: DataStoreLimits) async throws {
    guard !writes.isEmpty else { return }
    try await access {
      // One write that is one statement, into a store without a size limit, is atomic on its own:
      // no BEGIN and COMMIT around it (two round trips fewer; docs/benchmarks.md, "Data stores").
      if writes.count == 1, let write = writes.first, write.isOneStatement, limits.maxBytes[write.store] == nil {
        try await client.withConnection { connection in try await self.apply(write, connection: connection) }
        return
      }
      try await client.withTransaction(logger: logger) { connection in
        for write in writes { try await self.apply(write, connection: connection) }
        for store in Set(writes.map(\.store)) {
          guard let maxBytes = limits.maxBytes[store] else { continue }
          let rows = try await connection.query(
            "SELECT coalesce(sum(size), 0)::bigint FROM \(unescaped: self.schema.dataStoreRecords) WHERE store = \(store)",
            logger: self.logger)
          for try await bytes in rows.decode(Int.self) where bytes > maxBytes {
            throw DataStoreError.full(store: store, maxBytes: maxBytes)
          }
        }
      }
    }
  }

  private func apply(_ write: DataStoreWrite, connection: PostgresConnection) async throws {
    let table = schema.dataStoreRecords
    switch write {
    case .put(let store, let key, let fields, overwrite: true):
      // A replacing put does not depend on the stored record: one upsert.
      let text = JSONValue.object(fields).serialized
      let size = key.utf8.count + text.utf8.count
      try await connection.query(
        """
        INSERT INTO \(unescaped: table) (store, key, fields, size) VALUES (\(store), \(key), \(text), \(size))
        ON CONFLICT (store, key) DO UPDATE SET fields = excluded.fields, size = excluded.size, updated_at = now()
        """, logger: logger)
    case .put(let store, let key, _, _), .merge(let store, let key, _):
      // Insert the record as it is when none exists; when one does (or another runner's insert
      // commits first, which ON CONFLICT waits for), read it under a row lock and rewrite it. A
      // record deleted between the two statements sends the loop round again.
      while true {
        if let fresh = try write.applied(to: nil, key: key, store: store) {
          let text = JSONValue.object(fresh).serialized
          let size = key.utf8.count + text.utf8.count
          let inserted = try await connection.query(
            """
            INSERT INTO \(unescaped: table) (store, key, fields, size) VALUES (\(store), \(key), \(text), \(size))
            ON CONFLICT (store, key) DO NOTHING RETURNING key
            """, logger: logger)
          var didInsert = false
          for try await _ in inserted.decode(String.self) { didInsert = true }
          if didInsert { return }
        }
        let found = try await Self.records(
          "SELECT key, fields FROM \(unescaped: table) WHERE store = \(store) AND key = \(key) FOR UPDATE",
          store: store, connection: connection, logger: logger)
        guard let before = found.first else { continue }
        guard let after = try write.applied(to: before.fields, key: key, store: store) else { return }
        let text = JSONValue.object(after).serialized
        let size = key.utf8.count + text.utf8.count
        try await connection.query(
          """
          UPDATE \(unescaped: table) SET fields = \(text), size = \(size), updated_at = now()
          WHERE store = \(store) AND key = \(key)
          """, logger: logger)
        return
      }
    case .delete(let store, let key):
      try await connection.query(
        "DELETE FROM \(unescaped: table) WHERE store = \(store) AND key = \(key)", logger: logger)
    case .deleteAll(let store):
      try await connection.query("DELETE FROM \(unescaped: table) WHERE store = \(store)", logger: logger)
    }
  }

  private static func records(
    _ query: PostgresQuery, store: String, connection: PostgresConnection, logger: Logger
  ) async throws -> [DataStoreRecord] {
    var records: [DataStoreRecord] = []
    let rows = try await connection.query(query, logger: logger)
    for try await (key, text) in rows.decode((String, String).self) {
      guard let fields = try? JSONParser.parse(text).objectValue else {
        throw PostgresHistoryError.internalInconsistency("a record of data store '\(store)' is not a JSON object")
      }
      records.append(DataStoreRecord(key: key, fields: fields))
    }
    return records
  }
}

extension DataStoreWrite {
  /// Whether PostgresHistory applies this write as one statement: a replacing put (an upsert) and
  /// the deletes. A put that must not overwrite, and a merge, read the record under a lock first.
  fileprivate var isOneStatement: Bool {
    switch self {
    case .put(_, _, _, let overwrite): overwrite
    case .merge: false
    case .delete, .deleteAll: true
    }
  }
}
