import Basics
import Testing

@testable import Server

@Suite struct WorkerPacingTests {
  typealias Row = (
    worker: Int, busy: Bool, surging: Bool, depth: Int, pending: Int, stopping: Bool, step: WorkerPacing.Step
  )

  /// pacedBacklog 750, maxPendingRecords 64.
  static let rows: [Row] = [
    // Quiet intake: take deliveries until 64 writes are pending.
    (0, false, false, 0, 0, false, .takeNext),
    (3, false, false, 0, 63, false, .takeNext),
    (3, false, false, 0, 64, false, .awaitRecord),
    // Busy intake below the paced backlog: one pending write at a time.
    (0, true, false, 10, 0, false, .takeNext),
    (0, true, false, 10, 1, false, .awaitRecord),
    (2, true, false, 749, 1, false, .awaitRecord),
    // Busy intake at the paced backlog: drain with many writes pending.
    (2, true, false, 750, 1, false, .takeNext),
    (2, true, false, 750, 64, false, .awaitRecord),
    // A surge holds every worker but the first, below the paced backlog.
    (0, true, true, 10, 0, false, .takeNext),
    (1, true, true, 10, 0, false, .holdForSurge),
    (1, true, true, 750, 0, false, .takeNext),
    // A held worker with a write pending waits for that write first.
    (1, true, true, 10, 1, false, .awaitRecord),
    // Stopping: nothing holds a worker, it takes what the stage still hands out.
    (1, true, true, 10, 0, true, .takeNext),
    (1, false, false, 0, 64, true, .awaitRecord),
  ]

  @Test(arguments: rows.indices)
  func everyRuleIsARow(index: Int) {
    let row = Self.rows[index]
    let pacing = WorkerPacing(workerIndex: row.worker, pacedBacklog: 750, maxPendingRecords: 64)
    let conditions = WorkerPacing.Conditions(
      isBusy: row.busy, isSurging: row.surging, queueDepth: row.depth, pendingRecords: row.pending,
      isStopping: row.stopping)
    #expect(pacing.next(conditions) == row.step, "row \(index): \(row)")
  }

  @Test func recordWritesBackOffWithJitterUpToTheCap() {
    var random = SplitMix64(seed: 9)
    let delays = (1...WorkerPacing.recordWriteAttempts).map {
      WorkerPacing.recordWriteBackoff.delay(beforeRetry: $0, using: &random)
    }
    // Half of 200 ms, 400 ms, 800 ms, 1.6 s, then the 2 s cap fixed; the other half random.
    let fixedHalves: [Duration] = [
      .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1),
    ]
    for (delay, half) in zip(delays, fixedHalves) {
      #expect(delay >= half && delay <= half * 2, "\(delay) outside \(half)...\(half * 2)")
    }
  }
}
