import Synchronization

/// Leader-based group commit, used by the PostgreSQL store (SQLite commits on GRDB's writer queue,
/// `WriterQueueCommits`): concurrent writes are queued, and the first caller to find no
/// writer becomes the leader. The leader commits every queued write (its own first) in one
/// transaction, wakes each waiter with its own result, and hands leadership to the next queued
/// caller if more writes arrived meanwhile.
///
/// No background task is needed: the callers themselves do the work, and every caller returns only
/// after the transaction holding its write is committed. The more callers arrive while a
/// transaction commits, the larger the next batch, so one fsync serves many executions.
package final class GroupCommit<Write: Sendable>: Sendable {
  /// What a queued caller is told when it wakes up.
  private enum Turn: Sendable {
    /// Its write was committed (or failed) by another caller's batch.
    case done(Result<Void, any Error>)
    /// It is now the leader: its write heads the queue, and it commits the next batch.
    case lead
  }

  private struct Waiter: Sendable {
    var write: Write
    var continuation: CheckedContinuation<Turn, Never>
  }

  private struct State: Sendable {
    /// Invariant: while `hasLeader` is true, `queue[0]` is the leader's own write (or the queue is
    /// empty while the leader commits); while false, the queue is empty.
    var queue: [Waiter] = []
    var hasLeader = false
  }

  private let state = Mutex(State())
  private let maxBatchSize: Int
  /// Commits a batch; returns one result per write, in order. Must not throw as a whole.
  private let commit: @Sendable ([Write]) async -> [Result<Void, any Error>]

  package init(maxBatchSize: Int, commit: @escaping @Sendable ([Write]) async -> [Result<Void, any Error>]) {
    self.maxBatchSize = max(1, maxBatchSize)
    self.commit = commit
  }

  /// Queues `write` and returns once the transaction holding it is committed; throws its error.
  ///
  /// Cancellation does not interrupt a submitted write: it is committed with its batch, so the
  /// caller learns the true outcome.
  package func submit(_ write: Write) async throws {
    let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
      let leads = state.withLock { state -> Bool in
        state.queue.append(Waiter(write: write, continuation: continuation))
        if state.hasLeader { return false }
        state.hasLeader = true
        return true
      }
      if leads { continuation.resume(returning: .lead) }
    }
    switch turn {
    case .done(let result):
      try result.get()
    case .lead:
      try await lead()
    }
  }

  private func lead() async throws {
    let batch = state.withLock { state -> [Waiter] in
      let count = min(maxBatchSize, state.queue.count)
      let batch = Array(state.queue.prefix(count))
      state.queue.removeFirst(count)
      return batch
    }
    var results = await commit(batch.map(\.write))
    if results.count != batch.count {
      let failure = GroupCommitError(
        description: "internal inconsistency: a batch of \(batch.count) writes returned \(results.count) results")
      results = Array(repeating: .failure(failure), count: batch.count)
    }
    // Hand leadership on first, so the next batch starts while the waiters wake up.
    let next = state.withLock { state -> Waiter? in
      if let first = state.queue.first { return first }
      state.hasLeader = false
      return nil
    }
    next?.continuation.resume(returning: .lead)
    for (waiter, result) in zip(batch.dropFirst(), results.dropFirst()) {
      waiter.continuation.resume(returning: .done(result))
    }
    // The leader's own write heads its batch (see `State`).
    if let own = results.first { try own.get() }
  }
}

/// A store's commit function broke the group-commit contract (one result per write).
package struct GroupCommitError: Error, CustomStringConvertible, Sendable {
  package var description: String

  package init(description: String) { self.description = description }
}
