import Basics

/// What an execution worker does next, decided from what it can see: pure (no clock, no I/O), so
/// every rule is a row of a table in the tests, and ``ExecutionWorkers`` only performs the step.
///
/// The rules (docs/serve.md, "Durability guarantees", the point on bursts):
/// - **Paced while intake is busy**: while webhooks are arriving and fewer than `pacedBacklog`
///   deliveries are pending, a worker waits for the previous execution's history writes before it
///   starts the next one, so executions advance at the pace of the group commit and leave the CPU
///   to intake (the durable queue absorbs the burst). Otherwise up to `maxPendingRecords` writes
///   may be pending, so many executions share each transaction and a backlog drains fast.
/// - **Held by a surge**: while deliveries arrive faster than intake can take them with the CPU
///   executions would use, every worker but the first waits, unless the backlog has reached
///   `pacedBacklog` (beyond it every worker runs, so a long burst is not refused at `--max-queue`).
/// - Shutting down, nothing holds a worker: it takes what the stage still hands out (nothing, once
///   it is closed) and stops.
struct WorkerPacing: Sendable, Hashable {
  /// The worker's position: the first worker (0) is never held by a surge.
  var workerIndex: Int
  /// Pending deliveries up to which workers are paced while intake is busy.
  var pacedBacklog: Int
  /// History writes a worker may have pending at once when not paced.
  var maxPendingRecords: Int

  /// What the worker sees before it takes a delivery.
  struct Conditions: Sendable, Hashable {
    /// Webhooks arrived recently (``IntakeActivity/isBusy``).
    var isBusy: Bool
    /// Webhooks arrive faster than the surge rate (``IntakeActivity/isSurging``).
    var isSurging: Bool
    /// Deliveries pending in the queue.
    var queueDepth: Int
    /// This worker's executions whose history writes have not completed.
    var pendingRecords: Int
    /// The stage is closed or the worker's task cancelled.
    var isStopping: Bool
  }

  enum Step: Sendable, Hashable {
    /// Wait until one of the pending history writes completes.
    case awaitRecord
    /// Wait for the surge check interval, then look again.
    case holdForSurge
    /// Take the next delivery from the stage (nil there means stop).
    case takeNext
  }

  func next(_ conditions: Conditions) -> Step {
    if conditions.pendingRecords >= pendingRecordLimit(conditions) { return .awaitRecord }
    if workerIndex > 0, conditions.isSurging, conditions.queueDepth < pacedBacklog, !conditions.isStopping {
      return .holdForSurge
    }
    return .takeNext
  }

  /// 1 (wait for the previous execution's writes) while paced, else `maxPendingRecords`.
  func pendingRecordLimit(_ conditions: Conditions) -> Int {
    conditions.isBusy && conditions.queueDepth < pacedBacklog ? 1 : maxPendingRecords
  }

  /// How often a worker held by a surge looks again.
  static let surgeCheckInterval = Duration.milliseconds(20)

  /// Attempts at the write that records an execution and completes its delivery; after the last
  /// one fails the delivery stays pending and is run again after a restart or lease expiry.
  static let recordWriteAttempts = 5

  /// The wait between those attempts (with jitter, as Sonar calls are retried).
  static let recordWriteBackoff = Backoff(base: .milliseconds(200), cap: .seconds(2))
}
