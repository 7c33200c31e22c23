import History
import Synchronization
import Testing

@Suite struct GroupCommitTests {
  private struct Refused: Error {}

  /// Records every batch it is given; fails writes that are negative.
  private final class Recorder: Sendable {
    let batches = Mutex<[[Int]]>([])
    let committed = Mutex<Set<Int>>([])
    let inFlight = Mutex(0)
    let maxInFlight = Mutex(0)

    func commit(_ writes: [Int]) async -> [Result<Void, any Error>] {
      let now = inFlight.withLock {
        $0 += 1; return $0
      }
      maxInFlight.withLock { $0 = max($0, now) }
      try? await Task.sleep(for: .milliseconds(2))
      batches.withLock { $0.append(writes) }
      committed.withLock { $0.formUnion(writes.filter { $0 >= 0 }) }
      inFlight.withLock { $0 -= 1 }
      return writes.map { $0 < 0 ? .failure(Refused()) : .success(()) }
    }
  }

  @Test func concurrentWritesShareBatchesAndEachWaitsForItsCommit() async throws {
    let recorder = Recorder()
    let commits = GroupCommit<Int>(maxBatchSize: 64) { await recorder.commit($0) }
    try await withThrowingTaskGroup(of: Void.self) { group in
      for value in 0..<300 {
        group.addTask {
          try await commits.submit(value)
          // Returning means the batch holding `value` was committed.
          #expect(recorder.committed.withLock { $0.contains(value) })
        }
      }
      try await group.waitForAll()
    }
    let batches = recorder.batches.withLock { $0 }
    #expect(batches.flatMap { $0 }.sorted() == Array(0..<300))
    #expect(batches.count < 300, "writes were batched: \(batches.count) batches")
    #expect(batches.allSatisfy { $0.count <= 64 })
    // Only one batch commits at a time.
    #expect(recorder.maxInFlight.withLock { $0 } == 1)
  }

  @Test func aFailedWriteThrowsOnlyForItsCaller() async throws {
    let recorder = Recorder()
    let commits = GroupCommit<Int>(maxBatchSize: 16) { await recorder.commit($0) }
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
  }

  @Test func aSingleWriterCommitsAlone() async throws {
    let recorder = Recorder()
    let commits = GroupCommit<Int>(maxBatchSize: 16) { await recorder.commit($0) }
    for value in 0..<5 { try await commits.submit(value) }
    #expect(recorder.batches.withLock { $0 } == [[0], [1], [2], [3], [4]])
  }
}
