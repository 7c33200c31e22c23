package import Foundation

/// How long history is kept: the CLI's `--keep-days` and `--keep-executions`.
package struct HistoryRetention: Sendable, Hashable {
  /// Executions that started more than this many days ago are deleted (incomplete ones too).
  package var keepDays: Int?
  /// All but the newest this many executions are deleted, except incomplete ones.
  package var keepExecutions: Int?

  package init(keepDays: Int? = nil, keepExecutions: Int? = nil) {
    self.keepDays = keepDays
    self.keepExecutions = keepExecutions
  }

  /// The age cutoff at `now`, or nil when age is not limited.
  package func cutoff(now: Date) -> Date? {
    keepDays.map { now.addingTimeInterval(-Double(max(0, $0)) * 86_400) }
  }

  /// Prunes `store`; returns how many executions were deleted. Does nothing without a limit.
  package func prune(_ store: any HistoryStore, now: Date = Date()) async throws -> Int {
    guard keepDays != nil || keepExecutions != nil else { return 0 }
    return try await store.prune(olderThan: cutoff(now: now), keepExecutions: keepExecutions)
  }
}
