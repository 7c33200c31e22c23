import DequeModule
package import History

/// The bounded in-memory stage between intake and the workers.
///
/// Every delivery is in the database before it gets here, so the stage may drop what does not fit:
/// it then remembers that the database holds more (`hasBacklog`) and refills from it when it runs
/// dry. Ids are tracked from reservation (before the database write) to completion (after the
/// write that marks them done), so a refill never hands out a delivery that is already in memory,
/// being executed, or was finished while the refill read the database.
package actor DeliveryStage {
  private let capacity: Int
  private var buffer = Deque<QueuedDelivery>()
  private var known: Set<String> = []
  private var reserved: Set<String> = []
  private var inFlight: Set<String> = []
  private var hasBacklog = true
  private var isRefilling = false
  private var finishedDuringRefill: Set<String> = []
  private var waiters: [CheckedContinuation<QueuedDelivery?, Never>] = []
  private var isClosed = false
  private let refill: @Sendable (Int) async throws -> [QueuedDelivery]

  /// - Parameter refill: reads up to N pending deliveries from the database, oldest first.
  package init(capacity: Int, refill: @escaping @Sendable (Int) async throws -> [QueuedDelivery]) {
    self.capacity = capacity
    self.refill = refill
  }

  /// Called before the delivery is written, so a refill does not take it meanwhile.
  package func reserve(_ id: String) {
    reserved.insert(id)
  }

  /// The delivery is durable: hand it to a worker, or leave it to a later refill.
  package func offer(_ delivery: QueuedDelivery) {
    reserved.remove(delivery.id)
    guard !isClosed, !known.contains(delivery.id), !inFlight.contains(delivery.id) else { return }
    if let waiter = waiters.first {
      waiters.removeFirst()
      inFlight.insert(delivery.id)
      waiter.resume(returning: delivery)
    } else if buffer.count < capacity {
      buffer.append(delivery)
      known.insert(delivery.id)
    } else {
      hasBacklog = true
    }
  }

  /// The write did not store it (duplicate) or failed.
  package func release(_ id: String) {
    reserved.remove(id)
  }

  /// The next delivery to execute, or nil once the stage is closed.
  package func next() async -> QueuedDelivery? {
    while true {
      if isClosed { return nil }
      if let delivery = buffer.popFirst() {
        known.remove(delivery.id)
        inFlight.insert(delivery.id)
        return delivery
      }
      if hasBacklog && !isRefilling {
        await refillFromDatabase()
        continue
      }
      return await withCheckedContinuation { waiters.append($0) }
    }
  }

  /// The worker's execution of `id` is recorded and the delivery marked done.
  package func finished(_ id: String) {
    inFlight.remove(id)
    if isRefilling { finishedDuringRefill.insert(id) }
  }

  /// The worker gave up on `id` without marking it done (shutdown, database failure): it stays
  /// pending in the database for the next start or refill.
  package func abandoned(_ id: String) {
    inFlight.remove(id)
    hasBacklog = true
  }

  /// Stops handing out deliveries; waiting workers get nil. What is buffered stays in the database.
  package func close() {
    isClosed = true
    let woken = waiters
    waiters.removeAll()
    for waiter in woken { waiter.resume(returning: nil) }
  }

  package var bufferedCount: Int { buffer.count }

  private func refillFromDatabase() async {
    isRefilling = true
    hasBacklog = false
    finishedDuringRefill = []
    // Read past the ids already in memory so each refill makes progress.
    let room = max(1, capacity - buffer.count)
    let page = room + inFlight.count + reserved.count
    let pending: [QueuedDelivery]
    do {
      pending = try await refill(page)
    } catch {
      // Try again on the next call; the deliveries stay in the database.
      isRefilling = false
      hasBacklog = true
      return
    }
    for delivery in pending where buffer.count < capacity {
      let id = delivery.id
      if known.contains(id) || inFlight.contains(id) || reserved.contains(id) || finishedDuringRefill.contains(id) {
        continue
      }
      buffer.append(delivery)
      known.insert(id)
    }
    // A full page means more may be waiting.
    if pending.count >= page || buffer.count >= capacity { hasBacklog = true }
    isRefilling = false
    finishedDuringRefill = []
    // Waiters that arrived during the refill.
    while !waiters.isEmpty, let delivery = buffer.popFirst() {
      known.remove(delivery.id)
      inFlight.insert(delivery.id)
      waiters.removeFirst().resume(returning: delivery)
    }
  }
}
