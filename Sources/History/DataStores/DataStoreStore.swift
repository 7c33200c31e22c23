package import Basics

/// One record of a data store: its key and its fields, in the order they were first written.
package struct DataStoreRecord: Sendable, Hashable {
  package var key: String
  package var fields: JSONObject

  package init(key: String, fields: JSONObject) {
    self.key = key
    self.fields = fields
  }
}

/// A data store's name and size, for `sonarflow datastore list`.
package struct DataStoreSummary: Sendable, Hashable {
  package var name: String
  package var records: Int
  /// Keys and fields as stored (UTF-8 bytes), what a size limit counts.
  package var bytes: Int

  package init(name: String, records: Int, bytes: Int) {
    self.name = name
    self.records = records
    self.bytes = bytes
  }
}

/// A change to a data store. A list of them is applied in one database transaction
/// (``DataStoreStore/apply(_:limits:)``), so an execution's writes become visible together.
package enum DataStoreWrite: Sendable, Hashable {
  /// Make's Add/replace a record: the record becomes `fields`; with `overwrite` false an existing
  /// key fails with ``DataStoreError/duplicateKey(store:key:)``.
  case put(store: String, key: String, fields: JSONObject, overwrite: Bool)
  /// Make's Update a record: the given fields replace those of the stored record, the others stay;
  /// a missing record is created from them.
  case merge(store: String, key: String, fields: JSONObject)
  case delete(store: String, key: String)
  case deleteAll(store: String)

  package var store: String {
    switch self {
    case .put(let store, _, _, _), .merge(let store, _, _), .delete(let store, _), .deleteAll(let store): store
    }
  }

  /// The record `key` of `store` after this write, given the record before it (nil: none).
  /// Throws ``DataStoreError`` as the database does. Every store applies writes through this one
  /// definition, and so does the overlay an execution reads its own uncommitted writes through.
  package func applied(to record: JSONObject?, key: String, store: String) throws(DataStoreError) -> JSONObject? {
    guard store == self.store else { return record }
    switch self {
    case .put(_, let written, let fields, let overwrite):
      guard written == key else { return record }
      if record != nil && !overwrite { throw .duplicateKey(store: store, key: key) }
      return fields
    case .merge(_, let written, let fields):
      guard written == key else { return record }
      var merged = record ?? JSONObject()
      for entry in fields.entries { merged[entry.key] = entry.value }
      return merged
    case .delete(_, let written):
      return written == key ? nil : record
    case .deleteAll:
      return nil
    }
  }
}

/// The largest size of each data store, in bytes of keys and fields; stores not named have no limit.
package struct DataStoreLimits: Sendable, Hashable {
  package var maxBytes: [String: Int]

  package init(maxBytes: [String: Int] = [:]) {
    self.maxBytes = maxBytes
  }

  package static let none = DataStoreLimits()
}

/// Why a data store write was refused.
package enum DataStoreError: Error, Sendable, Hashable {
  /// Add/replace a record with overwrite off, on a key that exists.
  case duplicateKey(store: String, key: String)
  /// The store would grow past its size limit.
  case full(store: String, maxBytes: Int)
}

extension DataStoreError: CustomStringConvertible {
  package var description: String {
    switch self {
    case .duplicateKey(let store, let key):
      "the record '\(key)' already exists in data store '\(store)' and overwriting is off"
    case .full(let store, let maxBytes):
      "data store '\(store)' is full: its records would take more than \(maxBytes) bytes"
    }
  }
}

/// Make's data stores, in the history database: a store exists once a record is written to it, is
/// shared by every runner on the database and survives restarts.
package protocol DataStoreStore: Sendable {
  /// The record `key` of `store`, nil when there is none.
  func record(_ key: String, in store: String) async throws -> DataStoreRecord?

  /// Every record of `store`, by key.
  func records(in store: String) async throws -> [DataStoreRecord]

  /// How many records `store` holds.
  func count(in store: String) async throws -> Int

  /// Every store with at least one record, by name.
  func dataStores() async throws -> [DataStoreSummary]

  /// Applies `writes` in order in one transaction: all of them or, when one throws (a
  /// ``DataStoreError`` among others), none. A merge reads and writes its record under the
  /// database's write lock, so two runners updating the same record lose neither update.
  func apply(_ writes: [DataStoreWrite], limits: DataStoreLimits) async throws
}
