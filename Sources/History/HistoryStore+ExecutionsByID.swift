extension HistoryStore {
  /// One ``execution(id:)`` after the other: the form of a store with no batched read.
  package func executions(ids: [String]) async throws -> [ExecutionRecord?] {
    var records: [ExecutionRecord?] = []
    records.reserveCapacity(ids.count)
    for id in ids { records.append(try await execution(id: id)) }
    return records
  }
}
