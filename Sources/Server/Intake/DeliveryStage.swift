import DequeModule
package import History
import Synchronization

/// The bounded in-memory stage between intake and the workers.
///
/// Every delivery is in the database before it gets here, so the stage may drop what does not fit:
/// it then remembers that the database holds more (`hasBacklog`) and refills from it when it runs
/// dry. With runners sharing a database, the heartbeat checks that memory against the database
/// (``reconcile(held:)``). Ids are tracked from reservation (before the database write) to completion (after the
/// write that marks them done), so a refill never hands out a delivery that is already in memory,
/// being executed, or was finished while the refill read the database.
///
/// A class over a `Mutex`, not an actor: intake calls `reserve` and `offer` on every request, and
/// as actor calls each was a hop to the stage's executor and back. Every method but `next` is
/// synchronous; continuations are resumed outside the lock.
package final class DeliveryStage: Sendable {
  private struct State: Sendable {
    var buffer = Deque<QueuedDelivery>()
    var known: Set<String> = []
    var reserved: Set<String> = []
    var inFlight: Set<String> = []
    var hasBacklog = true
    var isRefilling = false
    var finishedDuringRefill: Set<String> = []
    var waiters: Deque<CheckedContinuation<Wake, Never>> = []
    var isClosed = false
    /// ``resume()`` came while a refill was reading, which may have left out what it resumed.
    var isResumedDuringRefill = false

    /// Marks a backlog; returns a waiting worker to wake with what it should do.
    mutating func wakeToRefill(
      capacity: Int, isHeld: (String) -> Bool
    ) -> (CheckedContinuation<Wake, Never>, Wake)? {
      hasBacklog = true
      guard !waiters.isEmpty, let wake = take(capacity: capacity, isHeld: isHeld) else { return nil }
      return (waiters.removeFirst(), wake)
    }

    /// What `next` does now: hand out a buffered delivery, start a refill, or nothing (wait).
    /// A buffered delivery whose scenario is not active (`isHeld`) is left to the database.
    mutating func take(capacity: Int, isHeld: (String) -> Bool) -> Wake? {
      if isClosed { return .closed }
      while let delivery = buffer.popFirst() {
        known.remove(delivery.id)
        if isHeld(delivery.hook) { continue }
        inFlight.insert(delivery.id)
        return .delivery(delivery)
      }
      if hasBacklog && !isRefilling {
        isRefilling = true
        hasBacklog = false
        finishedDuringRefill = []
        // Read past the ids already in memory so each refill makes progress.
        let room = max(1, capacity - buffer.count)
        return .refill(page: room + inFlight.count + reserved.count)
      }
      return nil
    }
  }

  /// What a call of `next` (or a waiting worker) is told.
  private enum Wake: Sendable {
    case delivery(QueuedDelivery)
    case refill(page: Int)
    case closed
  }

  private let capacity: Int
  private let state = Mutex(State())
  private let refill: @Sendable (Int) async throws -> [QueuedDelivery]
  private let isHeld: @Sendable (String) -> Bool

  /// - Parameters:
  ///   - refill: reads up to N pending deliveries from the database, oldest first, except those
  ///     `isHeld` holds.
  ///   - isHeld: whether deliveries for a hook wait in the database (their scenario is not
  ///     active); they are neither buffered nor handed out, and ``resume()`` reads them back.
  package init(
    capacity: Int, refill: @escaping @Sendable (Int) async throws -> [QueuedDelivery],
    isHeld: @escaping @Sendable (String) -> Bool = { _ in false }
  ) {
    self.capacity = capacity
    self.refill = refill
    self.isHeld = isHeld
  }

  /// Called before the delivery is written, so a refill does not take it meanwhile.
  package func reserve(_ id: String) {
    _ = state.withLock { $0.reserved.insert(id) }
  }

  /// The delivery is durable: hand it to a worker, or leave it to a later refill.
  package func offer(_ delivery: QueuedDelivery) {
    let waiter = state.withLock { state -> CheckedContinuation<Wake, Never>? in
      state.reserved.remove(delivery.id)
      guard !state.isClosed, !state.known.contains(delivery.id), !state.inFlight.contains(delivery.id),
        !isHeld(delivery.hook)
      else {
        return nil
      }
      if let waiter = state.waiters.popFirst() {
        state.inFlight.insert(delivery.id)
        return waiter
      }
      if state.buffer.count < capacity {
        state.buffer.append(delivery)
        state.known.insert(delivery.id)
      } else {
        state.hasBacklog = true
      }
      return nil
    }
    waiter?.resume(returning: .delivery(delivery))
  }

  /// The write did not store it (duplicate) or failed.
  package func release(_ id: String) {
    _ = state.withLock { $0.reserved.remove(id) }
  }

  /// The next delivery to execute, or nil once the stage is closed.
  package func next() async -> QueuedDelivery? {
    while true {
      var wake = state.withLock { $0.take(capacity: capacity, isHeld: isHeld) }
      if wake == nil {
        wake = await withCheckedContinuation { (continuation: CheckedContinuation<Wake, Never>) in
          // Decide again under the lock: an offer or close may have come since.
          let now = state.withLock { state -> Wake? in
            if let now = state.take(capacity: capacity, isHeld: isHeld) { return now }
            state.waiters.append(continuation)
            return nil
          }
          if let now { continuation.resume(returning: now) }
        }
      }
      switch wake {
      case .delivery(let delivery): return delivery
      case .closed, nil: return nil
      case .refill(let page): await refillFromDatabase(page: page)
      }
    }
  }

  /// The worker's execution of `id` is recorded and the delivery marked done.
  package func finished(_ id: String) {
    state.withLock { state in
      state.inFlight.remove(id)
      if state.isRefilling { state.finishedDuringRefill.insert(id) }
    }
  }

  /// The worker gave up on `id` without marking it done (shutdown, database failure): it stays
  /// pending in the database for the next start or refill.
  package func abandoned(_ id: String) {
    state.withLock { state in
      state.inFlight.remove(id)
      state.hasBacklog = true
    }
  }

  /// Stops handing out deliveries; waiting workers get nil. What is buffered stays in the database.
  package func close() {
    let woken = state.withLock { state -> Deque<CheckedContinuation<Wake, Never>> in
      state.isClosed = true
      defer { state.waiters.removeAll() }
      return state.waiters
    }
    for waiter in woken { waiter.resume(returning: .closed) }
  }

  /// The database says this runner holds `held` pending deliveries. More than the stage tracks
  /// (buffered, in flight, reserved) means some are only in the database and no refill is due to
  /// read them — a refill came back short while they were locked by another runner's claim, say.
  /// Marks a backlog, and wakes a waiting worker to refill at once. A heartbeat calls this, so a
  /// forgotten delivery waits at most one interval.
  package func reconcile(held: Int) {
    let woken = state.withLock { state -> (CheckedContinuation<Wake, Never>, Wake)? in
      guard !state.isClosed, held > state.buffer.count + state.inFlight.count + state.reserved.count else {
        return nil
      }
      return state.wakeToRefill(capacity: capacity, isHeld: isHeld)
    }
    if let (waiter, wake) = woken { waiter.resume(returning: wake) }
  }

  /// A scenario is active again: its deliveries, left in the database, are read back (oldest
  /// first) by a waiting worker at once, or by the next `next`.
  package func resume() {
    let woken = state.withLock { state -> (CheckedContinuation<Wake, Never>, Wake)? in
      guard !state.isClosed else { return nil }
      if state.isRefilling { state.isResumedDuringRefill = true }
      return state.wakeToRefill(capacity: capacity, isHeld: isHeld)
    }
    if let (waiter, wake) = woken { waiter.resume(returning: wake) }
  }

  package var bufferedCount: Int { state.withLock { $0.buffer.count } }

  /// Closed by ``close()``: no more deliveries are handed out.
  package var isClosed: Bool { state.withLock { $0.isClosed } }

  private func refillFromDatabase(page: Int) async {
    let pending: [QueuedDelivery]
    do {
      pending = try await refill(page)
    } catch {
      // Try again on the next call; the deliveries stay in the database.
      state.withLock { state in
        state.isRefilling = false
        state.hasBacklog = true
      }
      return
    }
    let handed = state.withLock { state -> [(CheckedContinuation<Wake, Never>, Wake)] in
      for delivery in pending where state.buffer.count < capacity {
        let id = delivery.id
        if state.known.contains(id) || state.inFlight.contains(id) || state.reserved.contains(id)
          || state.finishedDuringRefill.contains(id) || isHeld(delivery.hook)
        {
          continue
        }
        state.buffer.append(delivery)
        state.known.insert(id)
      }
      // A full page means more may be waiting.
      if pending.count >= page || state.buffer.count >= capacity { state.hasBacklog = true }
      state.isRefilling = false
      state.finishedDuringRefill = []
      // Workers that started waiting during the refill.
      var handed: [(CheckedContinuation<Wake, Never>, Wake)] = []
      // (What `take` answers goes to a waiter: a refill it starts must be performed.)
      while !state.waiters.isEmpty, !state.buffer.isEmpty, let wake = state.take(capacity: capacity, isHeld: isHeld) {
        handed.append((state.waiters.removeFirst(), wake))
      }
      // A scenario enabled while this refill read the database: its deliveries may not be in it.
      if state.isResumedDuringRefill, !state.waiters.isEmpty,
        let wake = state.take(capacity: capacity, isHeld: isHeld)
      {
        handed.append((state.waiters.removeFirst(), wake))
      }
      state.isResumedDuringRefill = false
      return handed
    }
    for (waiter, wake) in handed { waiter.resume(returning: wake) }
  }
}
