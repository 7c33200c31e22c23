import Basics
import GRDB
import History

/// Get a record's read, on the calling thread. One key's row is one indexed SELECT of a few
/// microseconds, so it reads through a reader connection synchronously (a dispatch `sync`, run on
/// the caller's thread) rather than hopping to the reader's queue and back as an `async` read does:
/// the two thread switches cost more than the read (docs/benchmarks.md, "Data stores"). A single
/// statement sees one snapshot of the file, so it needs no transaction around it.
extension SQLiteHistory {
  func recordNow(_ key: String, in store: String) throws -> DataStoreRecord? {
    try pool.unsafeRead { db in
      let statement = try db.cachedStatement(
        sql: "SELECT fields FROM data_store_records WHERE store = ? AND key = ?")
      let fields = try String.fetchOne(statement, arguments: [store, key])
      return try fields.map { DataStoreRecord(key: key, fields: try Self.fields(from: $0, store: store)) }
    }
  }
}
