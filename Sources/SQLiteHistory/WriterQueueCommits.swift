import GRDB
import History
import Synchronization

/// Group commit on GRDB's writer queue: concurrent writes are queued, and one job on the writer
/// queue commits them batch after batch — each batch one transaction — until none are left,
/// waking each caller with its own result as soon as its batch is committed.
///
/// PostgreSQL's leader-based `GroupCommit` makes a waiting caller the next leader, a task that must be
/// scheduled on Swift's cooperative pool before the next batch can start. On a busy two-core
/// machine that hand-off left SQLite's writer idle between batches while serve's intake waited on
/// it; here the writer goes straight on to the next batch (measured in docs/benchmarks.md). After
/// `roundsPerJob` batches the job yields the queue, so other writers (pruning, discarding a
/// delivery) are never starved by a steady stream.
final class WriterQueueCommits<Write: Sendable>: Sendable {
  fileprivate struct Waiter: Sendable {
    var write: Write
    var continuation: CheckedContinuation<Result<Void, any Error>, Never>
  }

  struct State: Sendable {
    fileprivate var queue: [Waiter] = []
    /// A job on the writer queue will take the queued writes.
    var isScheduled = false
    /// Writes other than the group commits sent to the writer queue and not ended (``occupying(_:)``).
    var otherWrites = 0
    /// A write runs on a caller's thread (``writeNow(_:)``); queued writes wait for it to end.
    var isWritingNow = false
    var hasQueuedWrites: Bool { !queue.isEmpty }
  }

  let state = Mutex(State())
  let pool: DatabasePool
  private let maxBatchSize: Int
  private let roundsPerJob = 16
  /// Commits a batch in one transaction on the writer connection; one result per write, in order.
  private let commit: @Sendable ([Write], Database) -> [Result<Void, any Error>]

  init(
    pool: DatabasePool, maxBatchSize: Int, commit: @escaping @Sendable ([Write], Database) -> [Result<Void, any Error>]
  ) {
    self.pool = pool
    self.maxBatchSize = max(1, maxBatchSize)
    self.commit = commit
  }

  /// Queues `write` and returns once the transaction holding it is committed; throws its error.
  /// Cancellation does not withdraw a submitted write: the caller learns its true outcome.
  func submit(_ write: Write) async throws {
    let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, any Error>, Never>) in
      let schedules = state.withLock { state -> Bool in
        state.queue.append(Waiter(write: write, continuation: continuation))
        if state.isScheduled || state.isWritingNow { return false }
        state.isScheduled = true
        return true
      }
      if schedules { schedule() }
    }
    try result.get()
  }

  func schedule() {
    pool.asyncWriteWithoutTransaction { [self] db in drain(db) }
  }

  private func drain(_ db: Database) {
    for _ in 0..<roundsPerJob {
      let batch = state.withLock { state -> [Waiter] in
        guard !state.queue.isEmpty else {
          state.isScheduled = false
          return []
        }
        let count = min(maxBatchSize, state.queue.count)
        let batch = Array(state.queue.prefix(count))
        state.queue.removeFirst(count)
        return batch
      }
      if batch.isEmpty { return }
      var results = commit(batch.map(\.write), db)
      if results.count != batch.count {
        let failure = GroupCommitError(
          description: "internal inconsistency: a batch of \(batch.count) writes returned \(results.count) results")
        results = Array(repeating: .failure(failure), count: batch.count)
      }
      for (waiter, result) in zip(batch, results) { waiter.continuation.resume(returning: result) }
    }
    // Still scheduled: other writers take their turn, then this goes on.
    schedule()
  }
}
