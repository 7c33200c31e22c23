package import Foundation
import GRDB
import History

/// The search index of the SQLite store: the contentless FTS5 table `execution_search`, whose
/// rows are a finished execution's term hashes (``SearchTerms``) written as base-36 tokens, under
/// the execution's `seq`. Contentless keeps only the inverted index (a few bytes per term), and
/// FTS5 gathers a transaction's entries in memory and writes them once at commit, which suits
/// group commits.
///
/// Such a table forgets what it indexed, and must be told exactly the tokens it was given to
/// delete an entry: other tokens corrupt it (SQLite 3.40 has no `contentless_delete`). An
/// execution keeps only whether it is indexed (`is_indexed`); deleting or replacing it recomputes
/// its terms from the bundles it stored (``storedTerms(executionID:db:)``), which are the bytes
/// the terms were computed from when it was indexed. That makes ``SearchTerms/hashes(of:)`` a
/// stored format (see there). Every deletion of executions goes through
/// ``deleteExecutions(where:arguments:db:)`` and every replacement through ``Pending/remove(executionID:db:)``.
package enum SearchIndex {
  /// Six little-endian bytes per hash (hashes have 47 bits): how migration `v11-compact-search`
  /// kept each execution's hashes, read back by migration `v13-recomputed-search-terms`.
  package static func packed(_ terms: [Int64]) -> Data {
    var data = Data(capacity: terms.count * 6)
    for term in terms {
      for shift in stride(from: 0, to: 48, by: 8) { data.append(UInt8(truncatingIfNeeded: term >> shift)) }
    }
    return data
  }

  static func unpacked(_ data: Data) -> [Int64] {
    let bytes = [UInt8](data)
    return stride(from: 0, to: bytes.count - bytes.count % 6, by: 6).map { start in
      (0..<6).reduce(Int64(0)) { value, offset in value | Int64(bytes[start + offset]) << (8 * offset) }
    }
  }

  /// FTS5's text for `terms`: one base-36 token each (letters and digits, which FTS5's default
  /// tokenizer keeps whole).
  package static func text(_ terms: [Int64]) -> String {
    terms.map { String($0, radix: 36) }.joined(separator: " ")
  }

  /// A MATCH expression requiring every one of `terms`.
  static func match(_ terms: [Int64]) -> String {
    terms.map { "\"\(String($0, radix: 36))\"" }.joined(separator: " ")
  }

  /// A transaction's new index entries, written at its end in ascending `seq`: FTS5 keeps the
  /// entries of a transaction in memory and writes them as one segment at commit, but only while
  /// rowids arrive in ascending order; an out-of-order rowid (executions finish in another order
  /// than they began) makes it write a segment each time, which measured at a third of the
  /// throughput.
  struct Pending {
    private var entries: [(seq: Int64, terms: [Int64])] = []

    mutating func add(_ terms: [Int64], seq: Int64) {
      guard !terms.isEmpty else { return }
      entries.append((seq, terms))
    }

    /// Removes the index entries of the execution with this id, if it has any; call it before the
    /// execution's row and operations are overwritten (its terms are recomputed from them). When
    /// it was already written earlier in this transaction, its entries are that write's, still
    /// pending and never inserted (the ones the index held before the transaction were removed by
    /// that write): they are dropped here, for a contentless FTS5 table must never be asked to
    /// delete entries it does not hold.
    mutating func remove(executionID: String, db: Database) throws {
      guard
        let row = try Row.fetchOne(
          try db.cachedStatement(sql: "SELECT seq, is_indexed FROM executions WHERE id = ?"),
          arguments: [executionID])
      else { return }
      let seq: Int64 = row["seq"]
      if entries.contains(where: { $0.seq == seq }) {
        entries.removeAll { $0.seq == seq }
        return
      }
      if row["is_indexed"] { try SearchIndex.remove(seq: seq, executionID: executionID, db: db) }
    }

    /// Writes the entries and forgets them. An execution written twice in the transaction is
    /// indexed by its last write.
    mutating func write(db: Database) throws {
      defer { entries.removeAll() }
      var last: [Int64: [Int64]] = [:]
      for entry in entries { last[entry.seq] = entry.terms }
      let insert = try db.cachedStatement(sql: "INSERT INTO execution_search (rowid, terms) VALUES (?, ?)")
      for (seq, terms) in last.sorted(by: { $0.key < $1.key }) {
        try insert.execute(arguments: [seq, SearchIndex.text(terms)])
      }
    }
  }

  /// The terms an indexed execution was indexed by, recomputed from the bundles it stored: its
  /// trigger bundle and its operations' inputs and outputs (``SearchTerms/hashes(ofBundles:)``).
  ///
  /// - Throws: ``SQLiteHistoryError`` `invalidRow` when a stored bundle cannot be read.
  static func storedTerms(executionID: String, db: Database) throws -> [Int64] {
    let trigger = try Row.fetchOne(
      db.cachedStatement(sql: "SELECT trigger_bundle FROM executions WHERE id = ?"), arguments: [executionID])
    var bundles: [Data?] = [
      try trigger.flatMap { try RecordRows.bundle($0, "trigger_bundle", executionID: executionID) }
    ]
    let operations = try Row.fetchCursor(
      db.cachedStatement(sql: "SELECT input, output FROM operations WHERE execution_id = ? ORDER BY position"),
      arguments: [executionID])
    while let row = try operations.next() {
      bundles.append(try RecordRows.bundle(row, "input", executionID: executionID))
      bundles.append(try RecordRows.bundle(row, "output", executionID: executionID))
    }
    return SearchTerms.hashes(ofBundles: bundles)
  }

  /// Removes the index entries of indexed execution `seq`, recomputing its terms from what it
  /// stored.
  static func remove(seq: Int64, executionID: String, db: Database) throws {
    try remove(seq: seq, terms: storedTerms(executionID: executionID, db: db), db: db)
  }

  /// Tells the index to delete the entries of `seq`, which were indexed by exactly `terms`.
  static func remove(seq: Int64, terms: [Int64], db: Database) throws {
    guard !terms.isEmpty else { return }
    try db.cachedStatement(
      sql: "INSERT INTO execution_search (execution_search, rowid, terms) VALUES ('delete', ?, ?)"
    ).execute(arguments: [seq, text(terms)])
  }

  /// Deletes the executions `condition` selects (SQL over `executions`) with their operations and
  /// index entries; returns how many. The entries go first: their terms are recomputed from the
  /// operations, which deleting the execution deletes.
  static func deleteExecutions(where condition: String, arguments: StatementArguments, db: Database) throws -> Int {
    // Collected first (a prune may select many: kept as plain values, not rows), since deleting
    // while the selection's cursor is open is not defined.
    var selected: [(seq: Int64, id: String, isIndexed: Bool)] = []
    let rows = try Row.fetchCursor(
      db, sql: "SELECT seq, id, is_indexed FROM executions WHERE \(condition)", arguments: arguments)
    while let row = try rows.next() { selected.append((row["seq"], row["id"], row["is_indexed"])) }
    let delete = try db.cachedStatement(sql: "DELETE FROM executions WHERE seq = ?")
    for execution in selected {
      if execution.isIndexed { try remove(seq: execution.seq, executionID: execution.id, db: db) }
      try delete.execute(arguments: [execution.seq])
    }
    return selected.count
  }
}
