import Basics
import Engine
import History
import Synchronization

/// How a data store module reads and writes within one execution. With `autoCommit` on each write
/// is applied at once; otherwise (and always in a dry run) writes wait in the execution's
/// transaction, reads see them on top of the database, and the engine commits them when the
/// execution succeeds or drops them when it fails.
struct DataStoreAccess {
  let store: any DataStoreStore
  let limits: DataStoreLimits
  let context: ModuleContext

  /// The pending writes of this execution, nil when writes go straight to the database.
  private var pending: PendingDataStoreWrites? {
    guard let transaction = context.transaction else { return nil }
    guard context.isDryRun || !transaction.isAutoCommit else { return nil }
    return transaction.participant("datastore") { PendingDataStoreWrites(store: store, limits: limits) }
  }

  func record(_ key: String, in name: String) async throws -> JSONObject? {
    let stored = try await store.record(key, in: name)?.fields
    guard let pending else { return stored }
    return try pending.overlay(stored, key: key, store: name)
  }

  /// Every record of `name`, by key, with this execution's pending writes applied.
  func records(in name: String) async throws -> [DataStoreRecord] {
    let stored = try await store.records(in: name)
    guard let pending else { return stored }
    let keys = Set(stored.map(\.key)).union(pending.keys(in: name))
    var records: [DataStoreRecord] = []
    for key in keys.sorted() {
      let before = stored.first { $0.key == key }?.fields
      if let fields = try pending.overlay(before, key: key, store: name) {
        records.append(DataStoreRecord(key: key, fields: fields))
      }
    }
    return records
  }

  /// Applies `write` now, or adds it to the execution's transaction after checking it against
  /// what this execution sees (so a duplicate key fails at the module, as in Make).
  func write(_ write: DataStoreWrite, key: String?) async throws {
    guard let pending else {
      if context.isDryRun { return }
      try await store.apply([write], limits: limits)
      return
    }
    // Only an add without overwrite can be refused; checking it reads the record.
    if let key, case .put(_, _, _, overwrite: false) = write {
      let current = try await record(key, in: write.store)
      _ = try write.applied(to: current, key: key, store: write.store)
    }
    pending.append(write)
  }
}

/// An execution's data store writes, committed in one database transaction.
final class PendingDataStoreWrites: TransactionParticipant {
  let store: any DataStoreStore
  let limits: DataStoreLimits
  /// Runners of one execution run one at a time; the Mutex makes that safe to rely on.
  private let writes = Mutex<[DataStoreWrite]>([])

  init(store: any DataStoreStore, limits: DataStoreLimits) {
    self.store = store
    self.limits = limits
  }

  func append(_ write: DataStoreWrite) {
    writes.withLock { $0.append(write) }
  }

  /// The keys this execution wrote in `name` (put or merge).
  func keys(in name: String) -> [String] {
    writes.withLock { writes in
      writes.compactMap { write in
        switch write {
        case .put(let store, let key, _, _) where store == name, .merge(let store, let key, _) where store == name: key
        default: nil
        }
      }
    }
  }

  /// The record after the pending writes, given the stored one.
  func overlay(_ stored: JSONObject?, key: String, store name: String) throws -> JSONObject? {
    let writes = writes.withLock { $0 }
    var record = stored
    for write in writes { record = try write.applied(to: record, key: key, store: name) }
    return record
  }

  func commit() async throws {
    let writes = writes.withLock { writes in
      defer { writes = [] }
      return writes
    }
    try await store.apply(writes, limits: limits)
  }

  func rollback() async {
    writes.withLock { $0 = [] }
  }
}
