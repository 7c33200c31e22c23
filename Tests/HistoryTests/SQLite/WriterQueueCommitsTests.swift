import Foundation
import GRDB
import SonarflowTesting
import Synchronization
import Testing

@testable import SQLiteHistory

/// Group commit on GRDB's writer queue: batches, one caller's failure, other writers' turns.
@Suite struct WriterQueueCommitsTests {
  private struct Refused: Error {}

  private final class Flag: Sendable {
    let isSet = Atomic<Bool>(false)
  }

  /// The batches a commit function was given.
  private final class Batches: Sendable {
    let list = Mutex<[[Int]]>([])
  }

  let folder: URL
  let pool: DatabasePool

  init() throws {
    folder = try Fixture.temporaryDirectory("writer-queue-commits")
    pool = try DatabasePool(path: folder.appendingPathComponent("t.sqlite").path)
    try pool.write { db in try db.execute(sql: "CREATE TABLE t (v INTEGER NOT NULL)") }
  }

  /// Inserts each write in one transaction per batch; a negative write fails alone (the batch is
  /// then retried write by write, as the store does).
  private func commits(maxBatchSize: Int, batches: Batches = Batches()) -> WriterQueueCommits<Int> {
    WriterQueueCommits(pool: pool, maxBatchSize: maxBatchSize) { writes, db in
      batches.list.withLock { $0.append(writes) }
      func insert(_ value: Int) throws {
        if value < 0 { throw Refused() }
        try db.execute(sql: "INSERT INTO t (v) VALUES (?)", arguments: [value])
      }
      do {
        try db.inTransaction {
          for value in writes { try insert(value) }
          return .commit
        }
        return writes.map { _ in .success(()) }
      } catch {
        return writes.map { value in
          Result {
            try db.inTransaction {
              try insert(value); return .commit
            }
          }
        }
      }
    }
  }

  @Test func concurrentWritesShareBatchesAndEachReturnsOnceCommitted() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let batches = Batches()
    let commits = commits(maxBatchSize: 64, batches: batches)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for value in 0..<500 {
        group.addTask { [pool] in
          try await commits.submit(value)
          // Returning means the row is committed: another connection reads it.
          let stored = try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t WHERE v = ?", arguments: [value])
          }
          #expect(stored == 1)
        }
      }
      try await group.waitForAll()
    }
    let all = batches.list.withLock { $0 }
    #expect(all.flatMap { $0 }.sorted() == Array(0..<500))
    #expect(all.count < 500, "writes were batched: \(all.count) batches")
    #expect(all.allSatisfy { $0.count <= 64 })
  }

  @Test func aFailedWriteThrowsOnlyForItsCaller() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let commits = commits(maxBatchSize: 16)
    let failures = await withTaskGroup(of: Int?.self) { group in
      for value in -20..<20 {
        group.addTask {
          do {
            try await commits.submit(value)
            return nil
          } catch {
            return value
          }
        }
      }
      var failures: [Int] = []
      for await failure in group { if let failure { failures.append(failure) } }
      return failures.sorted()
    }
    #expect(failures == Array(-20..<0))
    #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") } == 20)
  }

  /// A steady stream of writes does not keep the writer queue: another write gets its turn.
  @Test(.timeLimit(.minutes(1))) func anotherWriterGetsItsTurnDuringAStream() async throws {
    defer { try? FileManager.default.removeItem(at: folder) }
    let commits = commits(maxBatchSize: 1)
    let stop = Flag()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<8 {
        group.addTask {
          var value = worker
          while !stop.isSet.load(ordering: .relaxed) {
            try await commits.submit(value)
            value += 8
          }
        }
      }
      try await Task.sleep(for: .milliseconds(50))
      try await pool.write { db in try db.execute(sql: "INSERT INTO t (v) VALUES (-1)") }
      stop.isSet.store(true, ordering: .relaxed)
      try await group.waitForAll()
    }
    #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t WHERE v = -1") } == 1)
  }
}
