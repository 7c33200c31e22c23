import Basics
import Synchronization
import Testing

@Suite struct DeadlineTests {
  @Test func aResultInTimeIsReturned() async throws {
    let value = try await Deadline.run(within: .seconds(30)) { 42 }
    #expect(value == 42)
  }

  @Test func anErrorInTimeIsThrown() async throws {
    struct Failure: Error {}
    await #expect(throws: Failure.self) {
      try await Deadline.run(within: .seconds(30)) { () async throws -> Int in throw Failure() }
    }
  }

  /// The body waits for a continuation that only the test resumes, after the deadline has
  /// answered: a deadline that waited for its body would never return.
  @Test(.timeLimit(.minutes(1))) func theDeadlineAnswersWithoutWaitingForABodyThatIgnoresCancellation() async throws {
    let held = Mutex<CheckedContinuation<Void, Never>?>(nil)
    let started = AsyncStream<Void>.makeStream()
    await #expect(throws: Deadline.Expired.self) {
      try await Deadline.run(within: .milliseconds(50)) { () async throws -> Int in
        await withCheckedContinuation { continuation in
          held.withLock { $0 = continuation }
          started.continuation.yield()
        }
        return 1
      }
    }
    for await _ in started.stream { break }
    held.withLock { $0?.resume() }
  }

  @Test(.timeLimit(.minutes(1))) func cancellingTheCallerEndsTheWait() async throws {
    let task = Task {
      try await Deadline.run(within: .seconds(600)) { () async throws -> Int in
        try await Task.sleep(for: .seconds(600))
        return 1
      }
    }
    task.cancel()
    await #expect(throws: CancellationError.self) { try await task.value }
  }
}
