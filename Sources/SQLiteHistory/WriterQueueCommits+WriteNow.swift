import GRDB

/// Writes on the caller's thread while the writer is idle.
///
/// An `async` GRDB write hops to the writer's queue and back: two thread switches, which cost a
/// data store's small upsert more than the upsert itself (docs/benchmarks.md, "Data stores"). A
/// synchronous write runs on the caller's thread when the queue is free, but would block a thread
/// of Swift's cooperative pool for as long as the writer is busy. So a write is run synchronously
/// only when no group commit is scheduled and no other write is in flight; otherwise it takes the
/// `async` path. Group commits that arrive during it are queued and scheduled when it ends.
extension WriterQueueCommits {
  /// Runs `body` on the writer connection on the calling thread and returns true, when the writer
  /// is idle; returns false without running it when the writer is busy.
  ///
  /// It can still wait for one write: a counted write that reaches the writer queue between the
  /// claim and the start (the claim and GRDB's dispatch are not one step), SQLite's automatic
  /// checkpoint when the commit crosses `wal_autocheckpoint`, or another process writing the same
  /// file, up to the busy timeout.
  func writeNow(_ body: (Database) throws -> Void) throws -> Bool {
    guard claimWriterNow() else { return false }
    defer { releaseWriterNow() }
    try pool.writeWithoutTransaction(body)
    return true
  }

  /// Takes the writer for a write on the caller's thread: true when no group commit is scheduled
  /// and no other write is in flight.
  func claimWriterNow() -> Bool {
    state.withLock { state -> Bool in
      guard !state.isScheduled, !state.isWritingNow, state.otherWrites == 0 else { return false }
      state.isWritingNow = true
      return true
    }
  }

  /// Gives the writer back and schedules the group commits queued meanwhile.
  func releaseWriterNow() {
    let schedules = state.withLock { state -> Bool in
      state.isWritingNow = false
      guard state.hasQueuedWrites, !state.isScheduled else { return false }
      state.isScheduled = true
      return true
    }
    if schedules { schedule() }
  }

  /// Runs `body`, a write sent to the writer queue outside the group commits, counted so that
  /// ``writeNow(_:)`` does not block behind it.
  func occupying<T>(_ body: () async throws -> T) async rethrows -> T {
    state.withLock { $0.otherWrites += 1 }
    defer { state.withLock { $0.otherWrites -= 1 } }
    return try await body()
  }
}
