package import Foundation

/// What `sonarflow serve` needs from its database besides the history: the durable webhook queue
/// and the polling state, each committed in the same transaction as the execution it concerns.
///
/// SQLite implements it for one runner; PostgreSQL for several runners sharing the database, which
/// also offers ``coordination`` (delivery leases and leader election).
package protocol ServeStore: HistoryStore, ScenarioStateStore, WebhookSecretStore, DataStoreStore {
  /// Hands back the memory the store's caches grew to during a burst (serve calls it once a burst
  /// is over, before it trims the allocator). A store without such caches does nothing.
  func releaseCaches() async

  /// Stores `delivery` durably (claimed by this runner on a shared store); returns false when a
  /// delivery with the same hook and dedupe key is already stored, in which case nothing was written.
  func enqueue(_ delivery: QueuedDelivery) async throws -> Bool

  /// Records the execution of a delivery with the incomplete executions it left (one per stopped
  /// bundle) and marks the delivery done, all in one transaction: a crash leaves either everything
  /// or the delivery still pending, to be run again under the same id.
  ///
  /// `erasingBody` (a confidential scenario's delivery): the stored body is emptied in the same
  /// transaction, and the store removes what it can of its old copies (docs/security.md
  /// says what each store guarantees). The de-duplication key stays until the window ends.
  func finish(
    _ execution: ExecutionRecord, incomplete: [ExecutionRecord], completingDelivery deliveryID: String,
    erasingBody: Bool
  ) async throws

  /// Deliveries this runner may run, oldest first, up to `limit`: every pending one for a single
  /// runner; on a shared store those it holds plus unclaimed or expired ones for `hooks` (the
  /// hooks it serves, so a runner whose scenario files lag behind never takes a delivery it would
  /// have to drop), which it claims. Deliveries for `held` hooks (of scenarios that are not active)
  /// are left pending, whoever holds them.
  func claimPendingDeliveries(
    limit: Int, hooks: Set<String>, holding held: Set<String>
  ) async throws
    -> [QueuedDelivery]

  /// How many deliveries are waiting (all runners').
  func pendingDeliveryCount() async throws -> Int

  /// Forgets done deliveries received before `date`, which ends their de-duplication window.
  func pruneDeliveries(doneBefore date: Date) async throws -> Int

  /// Marks a delivery done without an execution (its scenario is gone, or its body unreadable).
  func discardDelivery(id: String) async throws

  /// A polling trigger's state, or nil before its first poll.
  func pollState(key: String) async throws -> PollState?

  /// Records a poll's execution (if it ran one) with its incomplete executions, and its new state,
  /// in one transaction. A shared store that campaigns for leadership saves the state only while
  /// this runner still leads the term it polled in (a fencing token); the executions are recorded
  /// either way.
  func finish(_ execution: ExecutionRecord?, incomplete: [ExecutionRecord], savingPoll state: PollState) async throws

  /// Incomplete executions of `scenarios` whose next automatic attempt is due at `now`, the
  /// longest due first, up to `limit`. Each is held for `lease`: its next attempt is moved to
  /// then, so no other runner takes it meanwhile, and one whose runner dies is due again after it.
  func claimDueRetries(
    scenarios: Set<String>, now: Date, lease: Duration, limit: Int
  ) async throws
    -> [ExecutionRecord]

  /// Asks for the incomplete executions `ids` to be resumed at once, by hand (the console's
  /// Resume): each is due at `now` for ``claimDueRetries(scenarios:now:lease:limit:)`` whether or
  /// not automatic attempts are left (``ExecutionRecord/resumeRequestedAt``). Executions that are
  /// not incomplete, and those whose attempt a runner holds at `now`, are left as they are.
  /// Returns how many were asked for.
  func requestResume(ids: [String], at now: Date) async throws -> Int

  /// Deletes the incomplete executions `ids` with their operations and search entries. Executions
  /// that are not incomplete (a success is never deleted here), and those whose attempt a runner
  /// holds at `now`, are left. Returns how many were deleted.
  func deleteIncomplete(ids: [String], at now: Date) async throws -> Int

  /// How many executions of `scenario` (its name whatever the case of its letters, replays
  /// included) started at or after `since`, by status; statuses with none are left out. Read from
  /// an index, so it stays fast on large histories (docs/benchmarks.md).
  func executionCounts(scenario: String, since: Date) async throws -> [ExecutionStatus: Int]

  /// Records several executions in one transaction: an attempt to complete an incomplete
  /// execution, with that execution as the attempt left it.
  func finish(all records: [ExecutionRecord]) async throws

  /// Executions that dead processes had left `running`, marked `interrupted` when the store was
  /// opened (SQLite, only when this process opened the file alone). Always 0 on a shared store: a
  /// running execution may belong to a live runner (webhook executions of a dead one are re-run
  /// under the same id and so replaced).
  var interruptedAtOpen: Int { get }

  /// Writes one small row and commits it: whether the store can take writes now (`/readyz`).
  /// Throws what a delivery's write would throw: disk full, a read-only file, a lock held too
  /// long, a database that cannot be reached.
  func probeWrite() async throws

  /// How runners share the queue and elect a leader; nil for a single-runner store, whose one
  /// process always leads and holds every delivery.
  var coordination: (any RunnerCoordination)? { get }
}

extension ServeStore {
  /// Records the execution of a delivery that left no incomplete execution and marks it done.
  package func finish(_ execution: ExecutionRecord, completingDelivery deliveryID: String) async throws {
    try await finish(execution, incomplete: [], completingDelivery: deliveryID, erasingBody: false)
  }

  /// Records the execution of a delivery with its incomplete executions and marks it done,
  /// keeping its body until the de-duplication window ends.
  package func finish(
    _ execution: ExecutionRecord, incomplete: [ExecutionRecord], completingDelivery deliveryID: String
  ) async throws {
    try await finish(execution, incomplete: incomplete, completingDelivery: deliveryID, erasingBody: false)
  }

  /// Records a poll's execution (if it ran one), which left no incomplete execution, with its new state.
  package func finish(_ execution: ExecutionRecord?, savingPoll state: PollState) async throws {
    try await finish(execution, incomplete: [], savingPoll: state)
  }
}
