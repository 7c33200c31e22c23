import Foundation
import GRDB
import SonarflowTesting
import Testing

@testable import SQLiteHistory

/// Writes on the caller's thread while the writer is idle (`WriterQueueCommits.writeNow`): taken
/// only when nothing else writes, and group commits queued meanwhile still run.
@Suite(.timeLimit(.minutes(1))) struct WriterNowTests {
  let folder: URL
  let pool: DatabasePool
  let commits: WriterQueueCommits<Int>

  init() throws {
    folder = try Fixture.temporaryDirectory("writer-now")
    pool = try DatabasePool(path: folder.appendingPathComponent("t.sqlite").path)
    try pool.write { db in try db.execute(sql: "CREATE TABLE t (v INTEGER NOT NULL)") }
    commits = WriterQueueCommits(pool: pool, maxBatchSize: 16) { writes, db in
      writes.map { value in
        Result { try db.execute(sql: "INSERT INTO t (v) VALUES (?)", arguments: [value]) }
      }
    }
  }

  private func values() throws -> [Int] {
    try pool.read { db in try Int.fetchAll(db, sql: "SELECT v FROM t ORDER BY v") }
  }

  @Test func anIdleWriterRunsTheWriteOnTheCallersThread() throws {
    let caller = Thread.current
    var ranOn: Thread?
    let ran = try commits.writeNow { db in
      ranOn = Thread.current
      try db.execute(sql: "INSERT INTO t (v) VALUES (1)")
    }
    #expect(ran)
    #expect(ranOn === caller)
    #expect(try values() == [1])
    #expect(commits.state.withLock { !$0.isWritingNow })
  }

  @Test func aWriteInFlightMakesItDecline() async throws {
    let (held, hold) = AsyncStream.makeStream(of: Void.self)
    let (entered, enter) = AsyncStream.makeStream(of: Void.self)
    let other = Task {
      await commits.occupying {
        enter.yield()
        for await _ in held { break }
      }
    }
    for await _ in entered { break }
    #expect(try !commits.writeNow { db in try db.execute(sql: "INSERT INTO t (v) VALUES (2)") })
    hold.yield()
    await other.value
    #expect(try values() == [])
    #expect(try commits.writeNow { db in try db.execute(sql: "INSERT INTO t (v) VALUES (3)") })
    #expect(try values() == [3])
  }

  @Test func aScheduledGroupCommitMakesItDecline() throws {
    commits.state.withLock { $0.isScheduled = true }
    defer { commits.state.withLock { $0.isScheduled = false } }
    #expect(try !commits.writeNow { db in try db.execute(sql: "INSERT INTO t (v) VALUES (4)") })
  }

  @Test func groupCommitsQueuedDuringTheWriteRunWhenItEnds() async throws {
    #expect(commits.claimWriterNow())
    let submitted = Task { try await commits.submit(7) }
    while !commits.state.withLock({ $0.hasQueuedWrites }) { await Task.yield() }
    #expect(commits.state.withLock { !$0.isScheduled })
    #expect(try values() == [])
    commits.releaseWriterNow()
    try await submitted.value
    #expect(try values() == [7])
  }
}
