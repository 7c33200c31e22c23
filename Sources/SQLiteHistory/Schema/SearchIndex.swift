package import Foundation
import GRDB
import History

/// The search index of the SQLite store: the contentless FTS5 table `execution_search`, whose
/// rows are a finished execution's term hashes (``SearchTerms``) written as base-36 tokens, under
/// the execution's `seq`. Contentless keeps only the inverted index (a few bytes per term), and
/// FTS5 gathers a transaction's entries in memory and writes them once at commit, which suits
/// group commits; such a table forgets what it indexed, so each execution keeps its hashes packed
/// in `search_terms` for deleting them.
package enum SearchIndex {
  /// Six little-endian bytes per hash (hashes have 47 bits).
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

    /// Removes the index entries of the execution with this id, if it has any. When it was
    /// already written earlier in this transaction, its stored terms are that write's, still
    /// pending and never inserted (the index held before the transaction were removed by that
    /// write): they are dropped here, for a contentless FTS5 table must never be asked to delete
    /// entries it does not hold.
    mutating func remove(executionID: String, db: Database) throws {
      guard
        let row = try Row.fetchOne(
          try db.cachedStatement(sql: "SELECT seq, search_terms FROM executions WHERE id = ?"),
          arguments: [executionID])
      else { return }
      let seq: Int64 = row["seq"]
      if entries.contains(where: { $0.seq == seq }) {
        entries.removeAll { $0.seq == seq }
        return
      }
      try SearchIndex.remove(seq: seq, packedTerms: row["search_terms"], db: db)
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

  /// Removes the index entries of execution `seq`, whose packed hashes are `packedTerms`.
  static func remove(seq: Int64, packedTerms: Data?, db: Database) throws {
    guard let packedTerms, !packedTerms.isEmpty else { return }
    try db.cachedStatement(
      sql: "INSERT INTO execution_search (execution_search, rowid, terms) VALUES ('delete', ?, ?)"
    ).execute(arguments: [seq, text(unpacked(packedTerms))])
  }

  /// Deletes the executions `condition` selects (SQL over `executions`) with their index
  /// entries; returns how many.
  static func deleteExecutions(where condition: String, arguments: StatementArguments, db: Database) throws -> Int {
    let rows = try Row.fetchCursor(
      db, sql: "DELETE FROM executions WHERE \(condition) RETURNING seq, search_terms", arguments: arguments)
    var deleted = 0
    while let row = try rows.next() {
      deleted += 1
      try remove(seq: row["seq"], packedTerms: row["search_terms"], db: db)
    }
    return deleted
  }
}
